from odoo import fields, models, tools
from odoo.tools import SQL


class TelmicoBankReconciliation(models.Model):
    """Daily reconciliation per bank: what the bank sent (transactions) against what accounting holds (payments
    that are still posted). A difference means a payment was cancelled or reset after the bank paid."""

    _name = "telmico.bank.reconciliation"
    _description = "Daily bank reconciliation"
    _auto = False
    _order = "date desc, bank_id"
    _rec_name = "date"
    _depends = {
        "telmico.bank.transaction": ["date", "bank_id", "company_id", "currency_id", "amount", "payment_id"],
        "account.payment": ["amount", "state"],
    }

    date = fields.Date(readonly=True)
    bank_id = fields.Many2one("telmico.bank", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    transaction_count = fields.Integer(string="Transactions received", readonly=True)
    transaction_amount = fields.Monetary(string="Amount received", readonly=True)
    payment_count = fields.Integer(string="Payments posted", readonly=True)
    payment_amount = fields.Monetary(string="Amount posted", readonly=True)
    difference = fields.Monetary(readonly=True)
    balanced = fields.Boolean(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS (
                    SELECT MIN(t.id) AS id,
                           t.date,
                           t.bank_id,
                           t.company_id,
                           t.currency_id,
                           COUNT(t.id) AS transaction_count,
                           SUM(t.amount) AS transaction_amount,
                           COUNT(p.id) AS payment_count,
                           COALESCE(SUM(p.amount), 0) AS payment_amount,
                           SUM(t.amount) - COALESCE(SUM(p.amount), 0) AS difference,
                           SUM(t.amount) = COALESCE(SUM(p.amount), 0) AS balanced
                      FROM telmico_bank_transaction t
                      LEFT JOIN account_payment p
                             ON p.id = t.payment_id AND p.state NOT IN ('draft', 'canceled', 'rejected')
                     GROUP BY t.date, t.bank_id, t.company_id, t.currency_id
                )
                """,
                view=SQL.identifier(self._table),
            )
        )
