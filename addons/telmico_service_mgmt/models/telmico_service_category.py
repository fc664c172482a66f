from odoo import fields, models


class TelmicoServiceCategory(models.Model):
    _name = "telmico.service.category"
    _description = "Service topic"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
