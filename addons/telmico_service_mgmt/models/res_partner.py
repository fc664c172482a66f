from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    service_ids = fields.One2many("telmico.service", "partner_id", string="Services")
    service_count = fields.Integer(compute="_compute_service_count")

    def _compute_service_count(self):
        counts = dict(
            self.env["telmico.service"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.service_count = counts.get(partner, 0)

    def action_open_services(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("telmico_service_mgmt.telmico_service_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
