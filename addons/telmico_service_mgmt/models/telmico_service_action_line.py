from odoo import fields, models


class TelmicoServiceActionLine(models.Model):
    _name = "telmico.service.action.line"
    _description = "Service hint or action to do"
    _order = "sequence, id"

    service_id = fields.Many2one("telmico.service", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer()
    kind = fields.Selection([("hint", "Hint"), ("mandatory", "Mandatory action")], required=True)
    name = fields.Char(string="Text", required=True)
    suggested_template_id = fields.Many2one("telmico.service.template", string="Offer service")
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
