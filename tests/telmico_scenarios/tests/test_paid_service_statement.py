from odoo.addons.telmico_paid_services.tests.common import PaidServicesCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestPaidServiceStatement(PaidServicesCase):
    """A paid service's invoice paid by a bank statement line (telmico_bank_statement) releases its execution:
    the payment gate is Odoo's paid-invoice hook, whatever reconciled the invoice."""

    def test_statement_line_releases_the_service(self):
        order = self._sell()
        invoice = self._invoice(order)
        service = order.telmico_service_ids
        self.assertEqual(service.state, "draft")
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.env.company.id)], limit=1
        )
        line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": journal.id,
                "date": invoice.invoice_date,
                "amount": invoice.amount_total,
                "payment_ref": f"{invoice.name} მრიცხველის გადატანა",
                "telmico_bank_reference": "BOG-SCENARIO-0001",
            }
        )
        self.assertEqual(line._telmico_reconcile(), line)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(order.telmico_payment_state, "paid")
        self.assertEqual((service.state, service.department_id), ("in_progress", self.department))
