from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    telmico_service_id = fields.Many2one(
        "telmico.service", string="Executing service", readonly=True, copy=False, index="btree_not_null"
    )
    telmico_is_paid_service = fields.Boolean(related="product_id.telmico_is_paid_service")
