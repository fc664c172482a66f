from odoo.addons.telmico_base.tools.signature import generate_secret
from odoo.fields import Command

from .paid_services import PaidServicesDemo

BANK_NAME = "საქართველოს ბანკი"
BANK_CODE = "bog"
# (what was sold, price, share paid through the bank: 1 in full, 0.5 half, 0 not yet)
INVOICES = [
    ("მრიცხველის შემოწმება", 45.0, 1),
    ("მრიცხველის გადატანა", 120.0, 1),
    ("ელექტროენერგიის აღდგენა", 30.0, 0.5),
    ("ცნობა დავალიანების შესახებ", 10.0, 0),
]


class BankDemo(PaidServicesDemo):
    """Bank payments: Bank of Georgia (a generated secret: print it from the bank's form to play the bank simulator),
    a few posted invoices of demo clients and payments the bank posted through the endpoint's own code."""

    def _generate(self, size=2000, seed=None, billing_url=None, commit=False):
        stats = super()._generate(size=size, seed=seed, billing_url=billing_url, commit=commit)
        stats["bank_payments"] = self._generate_bank_payments()
        return stats

    def _generate_bank_payments(self):
        Bank = self.env["telmico.bank"].with_context(active_test=False)
        if Bank.search_count([("code", "=", BANK_CODE)], limit=1):
            return 0
        company = self.env.company
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], order="id", limit=1
        )
        clients = self.env["res.partner"].search(
            [("is_client", "=", True), ("personal_number", "!=", False)], order="id", limit=len(INVOICES)
        )
        if not journal or not clients:
            return 0
        bank = Bank.create(
            {"name": BANK_NAME, "code": BANK_CODE, "journal_id": journal.id, "secret": generate_secret()}
        )
        paid = 0
        for (label, price, share), client in zip(INVOICES, clients, strict=False):
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": client.id,
                    "invoice_line_ids": [Command.create({"name": label, "quantity": 1, "price_unit": price})],
                }
            )
            invoice.action_post()
            if share:
                code, _answer = bank._pay(
                    {
                        "transactionId": f"BOG-DEMO-{invoice.id}",
                        "invoice": invoice.name,
                        "amount": round(invoice.amount_residual * 100 * share),
                        "currency": invoice.currency_id.name,
                    }
                )
                paid += code == 0
        return paid
