import logging

from odoo import fields, models

_logger = logging.getLogger(__name__)


class TelmicoRequestTag(models.Model):
    _name = "telmico.request.tag"
    _description = "Request tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()

    _sql_constraints = [("name_uniq", "unique (name)", "A tag with this name already exists.")]
