from odoo import fields, models

CONDITIONS = [
    ("always", "Always"),
    ("debt", "The client has a debt"),
    ("unconfirmed", "The client's identity is not confirmed"),
    ("no_mobile", "The client has no mobile number"),
    ("no_email", "The client has no e-mail"),
    ("no_subscriber", "The client has no subscriber"),
]


class TelmicoServiceTemplateAction(models.Model):
    """A hint shown to the operator, or a mandatory action that blocks completing the service."""

    _name = "telmico.service.template.action"
    _description = "Service hint or mandatory action"
    _order = "sequence, id"

    template_id = fields.Many2one("telmico.service.template", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection([("hint", "Hint"), ("mandatory", "Mandatory action")], required=True, default="hint")
    name = fields.Char(string="Text", required=True, translate=True)
    condition = fields.Selection(CONDITIONS, required=True, default="always", string="When")
    suggested_template_id = fields.Many2one("telmico.service.template", string="Offer service")

    def _applies_to(self, partner):
        self.ensure_one()
        checks = {
            "always": lambda p: True,
            "debt": lambda p: p.total_debt > 0,
            "unconfirmed": lambda p: not p.identity_confirmed,
            "no_mobile": lambda p: not p.mobile,
            "no_email": lambda p: not p.email,
            "no_subscriber": lambda p: not p.subscriber_link_ids,
        }
        return bool(partner) and checks[self.condition](partner)
