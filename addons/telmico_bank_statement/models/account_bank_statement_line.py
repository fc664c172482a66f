import re

from odoo import api, fields, models, tools

# what a client writes in the remittance text: an invoice number or payment reference (any word), a personal
# number (11 digits), a company number (9 digits) or a subscriber number (10 digits)
TOKEN_RE = re.compile(r"[^\s,;:()\[\]\"'«»]+")
NUMBER_RE = re.compile(r"(?<!\d)(\d{9}|\d{10}|\d{11})(?!\d)")


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    telmico_bank_reference = fields.Char(
        string="Bank's reference",
        readonly=True,
        index="btree_not_null",
        copy=False,
        help="The bank's own reference of the entry (CAMT AcctSvcrRef, the CSV's transaction id): a file imported "
        "again never creates the entry twice, and an entry the bank already posted through the payment endpoint "
        "is matched with that payment.",
    )

    # ------------------------------------------------------------------ what the line says

    def _telmico_text(self):
        """The remittance text of the line: label, reference and notes."""
        self.ensure_one()
        parts = [self.payment_ref or "", self.ref or "", tools.html2plaintext(self.narration or "")]
        return "\n".join(part for part in parts if part)

    def _telmico_tokens(self):
        return {token.rstrip(".") for token in TOKEN_RE.findall(self._telmico_text())} - {""}

    def _telmico_partners(self):
        self.ensure_one()
        return self._telmico_partners_in(self._telmico_text())

    @api.model
    def _telmico_partners_in(self, text):
        """The clients ``text`` names by personal, company or subscriber number."""
        numbers = set(NUMBER_RE.findall(text or ""))
        if not numbers:
            return self.env["res.partner"]
        Partner = self.env["res.partner"]
        partners = Partner.search(
            ["|", ("personal_number", "in", list(numbers)), ("company_registry", "in", list(numbers))]
        )
        # sudo: accountants do not read the client-subscriber links; only the linked client is taken from them
        links = (
            self.env["telmico.subscriber.link"]
            .sudo()
            .search([("subscriber_id.number", "in", [n for n in numbers if len(n) == 10])])
        )
        return (partners | Partner.browse(links.partner_id.ids)).commercial_partner_id

    def _telmico_bank_transaction(self):
        """The payment the bank of this line's journal posted through the endpoint with the line's reference."""
        self.ensure_one()
        if not self.telmico_bank_reference:
            return self.env["telmico.bank.transaction"]
        return self.env["telmico.bank.transaction"].search(
            [
                ("transaction_id", "=", self.telmico_bank_reference),
                ("bank_id.journal_id", "=", self.journal_id.id),
            ],
            limit=1,
        )

    # ------------------------------------------------------------------ matching

    def _telmico_open_invoices(self, domain):
        currency = self.foreign_currency_id or self.currency_id
        return self.env["account.move"].search(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("company_id", "=", self.company_id.id),
                ("currency_id", "=", currency.id),
                *domain,
            ],
            order="invoice_date_due, id",
        )

    def _telmico_matching_amls(self):
        """The journal items this incoming line pays, by our rules (README, "Matching"), or nothing:

        1. the bank's reference is a payment the bank already posted through the endpoint: that payment's
           outstanding item (never the invoice again), when the amounts agree;
        2. open invoices named in the text (number or payment reference): the one named (a smaller amount is a
           partial payment), or those whose residuals make the amount;
        3. open invoices of the clients the text names by number: the oldest whose residual is the amount,
           else all of them when together they are the amount.
        An amount above what is found is left for the accountant.
        """
        self.ensure_one()
        AccountMoveLine = self.env["account.move.line"]
        currency = self.foreign_currency_id or self.currency_id
        amount = self.amount_currency if self.foreign_currency_id else self.amount
        if currency.compare_amounts(amount, 0) <= 0:
            return AccountMoveLine
        transaction = self._telmico_bank_transaction()
        if transaction:
            liquidity = transaction.payment_id._seek_for_lines()[0].filtered(lambda line: not line.reconciled)
            if liquidity and not currency.compare_amounts(sum(liquidity.mapped("amount_residual_currency")), amount):
                return liquidity
            return AccountMoveLine
        tokens = list(self._telmico_tokens())
        invoices = tokens and self._telmico_open_invoices(
            ["|", ("name", "in", tokens), ("payment_reference", "in", tokens)]
        )
        if len(invoices) == 1 and currency.compare_amounts(amount, invoices.amount_residual) <= 0:
            return self._telmico_receivable(invoices)
        if invoices:
            return self._telmico_receivable(self._telmico_pick(invoices, amount, currency))
        partners = self._telmico_partners()
        if partners:
            invoices = self._telmico_open_invoices([("commercial_partner_id", "in", partners.ids)])
            return self._telmico_receivable(self._telmico_pick(invoices, amount, currency))
        return AccountMoveLine

    def _telmico_pick(self, invoices, amount, currency):
        """The oldest of ``invoices`` whose residual is ``amount``, else all of them if they make it, else none."""
        exact = invoices.filtered(lambda inv: not currency.compare_amounts(inv.amount_residual, amount))
        if exact:
            return exact[0]
        if invoices and not currency.compare_amounts(sum(invoices.mapped("amount_residual")), amount):
            return invoices
        return invoices.browse()

    def _telmico_receivable(self, invoices):
        return invoices.line_ids.filtered(lambda line: line.account_type == "asset_receivable" and not line.reconciled)

    def _telmico_reconcile(self):
        """Reconcile these lines by the automatic reconciliation models (ours first); returns those reconciled."""
        lines = self.filtered(lambda line: not line.is_reconciled)
        for company in lines.company_id:
            self.env["account.reconcile.model"]._telmico_matching_model(company)
        lines._auto_reconcile()
        return lines.filtered("is_reconciled")
