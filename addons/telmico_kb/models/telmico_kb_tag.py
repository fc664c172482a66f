from odoo import fields, models


class TelmicoKbTag(models.Model):
    _name = "telmico.kb.tag"
    _description = "Knowledge base tag"
    _order = "name"

    name = fields.Char(required=True)
    color = fields.Integer()

    _sql_constraints = [("name_uniq", "unique(name)", "This tag exists already.")]
