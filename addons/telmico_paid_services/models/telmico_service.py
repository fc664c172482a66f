from odoo import fields, models
from odoo.exceptions import UserError


class TelmicoService(models.Model):
    _inherit = "telmico.service"

    telmico_sale_line_id = fields.Many2one(
        "sale.order.line", string="Paid-service order line", readonly=True, copy=False, index="btree_not_null"
    )
    telmico_order_id = fields.Many2one(
        related="telmico_sale_line_id.order_id", string="Paid-service order", store=True, index="btree_not_null"
    )

    def _telmico_waiting_payment(self):
        """Executing services of paid services whose order is neither paid nor released by the exception."""
        # sudo: whether the order is paid decides, whoever registers (an operator may not read invoices)
        return self.filtered(
            lambda s: (
                s.sudo().telmico_order_id
                and s.sudo().telmico_order_id.telmico_payment_state != "paid"
                and not s.sudo().telmico_order_id.telmico_released_by_id
            )
        )

    def action_register(self):
        """An executing service goes to its department only when its order is paid (or released by the
        exception); registering its request leaves it a draft until then."""
        waiting = self._telmico_waiting_payment()
        if waiting and not self.env.context.get("telmico_paid_skip_unpaid"):
            raise UserError(
                self.env._(
                    "%s waits for the payment of its order: it goes to its department once the invoice is paid.",
                    ", ".join(waiting.mapped("display_name")),
                )
            )
        return super(TelmicoService, self - waiting).action_register()

    def _close(self, result):
        closed = super()._close(result)
        # sudo: the department's executor finishing the work makes the act; they need not read orders
        self.sudo().telmico_order_id._telmico_services_completed()
        return closed
