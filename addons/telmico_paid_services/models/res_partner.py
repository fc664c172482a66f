from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    telmico_contract_ids = fields.One2many("telmico.paid.contract", "partner_id", string="Contracts")
    telmico_paid_order_ids = fields.One2many(
        "sale.order", "partner_id", string="Paid services bought", domain=[("telmico_is_paid_service", "=", True)]
    )
