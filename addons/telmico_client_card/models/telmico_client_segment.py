from odoo import fields, models


class TelmicoClientSegment(models.Model):
    _name = "telmico.client.segment"
    _description = "Client segment"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    highlight = fields.Boolean(help="Show the segment in the attention banner of the client card (e.g. VIP).")
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_uniq", "unique(code)", "A segment code is unique.")]
