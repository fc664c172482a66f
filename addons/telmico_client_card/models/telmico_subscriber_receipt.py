from odoo import api, fields, models
from odoo.tools import format_amount, format_date


class TelmicoSubscriberReceipt(models.Model):
    """A bill of a period (ქვითარი) as billing issued it: a copy can be printed for the client."""

    _name = "telmico.subscriber.receipt"
    _inherit = ["telmico.billing.mirror.mixin"]
    _description = "Subscriber receipt"
    _order = "period desc, id desc"
    _rec_names_search = ["number", "period"]

    subscriber_id = fields.Many2one("telmico.subscriber", required=True, ondelete="cascade", index=True, readonly=True)
    billing_id = fields.Char(required=True, readonly=True)
    number = fields.Char(string="Receipt number", readonly=True, index="btree_not_null")
    period = fields.Char(readonly=True, help="Billing month, YYYY-MM.")
    date = fields.Date(string="Issued on", readonly=True)
    due_date = fields.Date(string="Pay by", readonly=True)
    kwh = fields.Float(string="kWh", readonly=True)
    currency_id = fields.Many2one(related="subscriber_id.currency_id")
    amount = fields.Monetary(string="Charged", readonly=True, help="The charge of the period.")
    previous_balance = fields.Monetary(
        readonly=True, help="Debt (positive) or credit (negative) carried over from the previous periods."
    )
    amount_due = fields.Monetary(string="To pay", readonly=True, help="Charged plus the previous balance.")

    _sql_constraints = [("billing_id_uniq", "unique(billing_id)", "A billing receipt is mirrored once.")]

    @api.depends("number", "period", "amount_due", "due_date")
    @api.depends_context("lang")
    def _compute_display_name(self):
        # the summary the operator picks a receipt by: number, period, amount to pay, due date
        for receipt in self:
            parts = [receipt.number, receipt.period]
            if receipt.currency_id:
                parts.append(format_amount(self.env, receipt.amount_due, receipt.currency_id))
            if receipt.due_date:
                parts.append(self.env._("pay by %s", format_date(self.env, receipt.due_date)))
            receipt.display_name = " · ".join(filter(None, parts))

    def _receipt_lang(self):
        """The language a copy is printed in: Georgian, the language of the billing's receipts, when installed."""
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        return "ka_GE" if "ka_GE" in installed else self.env.lang or "en_US"

    def action_print(self):
        return self.env.ref("telmico_client_card.action_report_subscriber_receipt").report_action(self)
