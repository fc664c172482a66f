import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

SENDER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .-]{1,10}")


class TelmicoSmsSender(models.Model):
    """A sender name registered with a gateway; who may send under it is given by groups."""

    _name = "telmico.sms.sender"
    _description = "SMS sender name"
    _order = "is_default desc, name"

    name = fields.Char(required=True, help="As registered with the gateway: 2 to 11 Latin letters or digits.")
    active = fields.Boolean(default=True)
    gateway_id = fields.Many2one("telmico.sms.gateway", required=True, ondelete="cascade", index=True)
    group_ids = fields.Many2many(
        "res.groups",
        string="Allowed groups",
        help="Who may send under this name; empty: every internal user. System messages (codes, "
        "notifications) use the gateway's default sender.",
    )
    is_default = fields.Boolean(string="Default", help="Used for the SMS of this gateway that name no sender.")

    _sql_constraints = [
        ("name_gateway_unique", "UNIQUE(name, gateway_id)", "This sender name is already registered with the gateway.")
    ]

    @api.constrains("name")
    def _check_name(self):
        for sender in self:
            if not SENDER_NAME.fullmatch(sender.name or ""):
                raise ValidationError(
                    self.env._(
                        "The sender name “%(name)s” is not valid: 2 to 11 Latin letters, digits, spaces, dots "
                        "or dashes, starting with a letter or a digit.",
                        name=sender.name,
                    )
                )
