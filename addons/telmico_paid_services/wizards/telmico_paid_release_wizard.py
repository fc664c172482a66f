from odoo import fields, models


class TelmicoPaidReleaseWizard(models.TransientModel):
    """The allowed exception: execute the paid services of an order before it is paid, with the reason."""

    _name = "telmico.paid.release.wizard"
    _description = "Execute paid services before payment"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.order_id._telmico_release_unpaid(self.reason)
        return {"type": "ir.actions.act_window_close"}
