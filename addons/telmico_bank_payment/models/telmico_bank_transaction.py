from odoo import api, fields, models

TBILISI = "Asia/Tbilisi"


class TelmicoBankTransaction(models.Model):
    """A payment a bank posted through the endpoint: one per (bank, transactionId), whatever the retries."""

    _name = "telmico.bank.transaction"
    _description = "Bank payment transaction"
    _order = "id desc"
    _rec_name = "receipt"
    _check_company_auto = True

    receipt = fields.Char(required=True, readonly=True, copy=False, default="/", index=True)
    bank_id = fields.Many2one("telmico.bank", required=True, readonly=True, ondelete="restrict", index=True)
    company_id = fields.Many2one(related="bank_id.company_id", store=True, index=True)
    transaction_id = fields.Char(string="Bank's transaction", required=True, readonly=True)
    date = fields.Date(
        required=True,
        readonly=True,
        index=True,
        default=lambda self: fields.Date.context_today(self.with_context(tz=TBILISI)),
        help="Tbilisi day of the payment: the day of the reconciliation report.",
    )
    move_id = fields.Many2one("account.move", string="Invoice", required=True, readonly=True, ondelete="restrict")
    partner_id = fields.Many2one(related="move_id.commercial_partner_id", store=True, string="Customer")
    payment_id = fields.Many2one("account.payment", readonly=True, ondelete="restrict")
    payment_state = fields.Selection(related="payment_id.state", string="Payment status")
    amount_tetri = fields.Integer(required=True, readonly=True, help="The amount the bank sent, in tetri.")
    amount = fields.Monetary(required=True, readonly=True)
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    remote_addr = fields.Char(string="Caller's address", readonly=True)

    _sql_constraints = [
        (
            "transaction_uniq",
            "unique (bank_id, transaction_id)",
            "A bank's transaction is posted only once.",
        )
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("receipt", "/") == "/":
                vals["receipt"] = self.env["ir.sequence"].next_by_code("telmico.bank.transaction") or "/"
        return super().create(vals_list)

    def _answer(self):
        """The fields of a successful pay answer (the same for a replay)."""
        self.ensure_one()
        return {
            "receiptId": self.receipt,
            "timestamp": self.create_date.isoformat(timespec="seconds") + "Z",
        }
