from odoo import api, fields, models

from .telmico_webhook import iso_utc


class ResPartner(models.Model):
    _inherit = "res.partner"

    request_ids = fields.One2many("telmico.request", "partner_id", string="Requests")
    request_count = fields.Integer(compute="_compute_request_count")

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        self.env["telmico.webhook"]._event("client.created", partners.filtered("is_client"))
        return partners

    def _webhook_data(self):
        """The client as the ``data`` of a JSON webhook (the REST API's names)."""
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.display_name or "",
            "is_company": self.is_company,
            "personal_number": self.personal_number or None,
            "company_registry": self.company_registry or None,
            "phone": self.phone or None,
            "mobile": self.mobile or None,
            "email": self.email or None,
            "created_at": iso_utc(self.create_date),
        }

    def _compute_request_count(self):
        counts = dict(
            self.env["telmico.request"]._read_group(
                [("partner_id", "in", self.ids), ("state", "!=", "draft")], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.request_count = counts.get(partner, 0)

    def action_open_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("telmico_desk.telmico_request_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_new_request(self):
        """The "New request" flow started from the client card: the client is already chosen."""
        self.ensure_one()
        return self.env["telmico.request"].action_new_request_form(partner=self)
