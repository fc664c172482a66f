from odoo import fields, models


class TelmicoService(models.Model):
    _inherit = "telmico.service"

    request_id = fields.Many2one("telmico.request", index="btree_not_null", tracking=True)
