from odoo import fields, models


class TelmicoLinkRole(models.Model):
    _name = "telmico.link.role"
    _description = "Client-subscriber link role"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    is_owner = fields.Boolean(help="Links with this role copy the subscriber's identifiers into the client card.")
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_uniq", "unique(code)", "A role code is unique.")]
