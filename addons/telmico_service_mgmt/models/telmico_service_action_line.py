from odoo import fields, models
from odoo.exceptions import UserError


class TelmicoServiceActionLine(models.Model):
    _name = "telmico.service.action.line"
    _description = "Service hint or action to do"
    _order = "sequence, id"

    service_id = fields.Many2one("telmico.service", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer()
    kind = fields.Selection([("hint", "Hint"), ("mandatory", "Mandatory action")], required=True)
    name = fields.Char(string="Text", required=True)
    suggested_template_id = fields.Many2one("telmico.service.template", string="Offer service")
    offered_service_id = fields.Many2one(
        "telmico.service", string="Offered as", readonly=True, copy=False, ondelete="set null", index="btree_not_null"
    )
    done = fields.Boolean(copy=False)
    done_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    done_date = fields.Datetime(readonly=True, copy=False)

    def write(self, vals):
        if "done" in vals:
            vals = {
                **vals,
                "done_by_id": self.env.user.id if vals["done"] else False,
                "done_date": fields.Datetime.now() if vals["done"] else False,
            }
        result = super().write(vals)
        if "done" in vals:
            for line in self:
                line.service_id.message_post(
                    body=(self.env._("Done: %s") if line.done else self.env._("Undone: %s")) % line.name,
                    subtype_xmlid="mail.mt_note",
                )
        return result

    def action_mark_done(self):
        self.write({"done": True})

    def action_offer_service(self):
        """The hint's service in one click: a draft service of it for the same client (and subscriber), opened."""
        self.ensure_one()
        template = self.suggested_template_id
        if self.kind != "hint" or not template:
            raise UserError(self.env._("“%s” offers no service.", self.name))
        if self.offered_service_id:
            raise UserError(
                self.env._(
                    "%(service)s was already offered: %(offered)s.",
                    service=template.name,
                    offered=self.offered_service_id.display_name,
                )
            )
        service = self.service_id
        offered = self.env["telmico.service"].create(service._offer_service_values(template))
        self.offered_service_id = offered
        service.message_post(body=self.env._("Offered the client: %s", template.name), subtype_xmlid="mail.mt_note")
        return offered._offer_service_action()
