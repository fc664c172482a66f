from odoo import fields, models


class TelmicoRequestCategory(models.Model):
    _name = "telmico.request.category"
    _description = "Request category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
