import threading

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import HttpCase
from simulators.bank import BankSimulator

SECRET = "bank-secret-for-tests-0123456789abcdef"  # 37 characters: long enough
QUIET = ("odoo.addons.telmico_bank_payment.controllers.main", "odoo.addons.telmico_bank_payment.models.telmico_bank")


class BankPaymentCommon(AccountTestInvoicingCommon):
    """A bank (HMAC) on the test company's bank journal, a client with a personal number, invoices to pay."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank = cls.env["telmico.bank"].create(
            {
                "name": "საქართველოს ბანკი",
                "code": "bog",
                "journal_id": cls.company_data["default_journal_bank"].id,
                "secret": SECRET,
            }
        )
        cls.client = cls.env["res.partner"].create(
            {"name": "ნინო ბერიძე", "personal_number": "01001012345", "is_client": True}
        )
        cls.currency_name = cls.env.company.currency_id.name

    @classmethod
    def _invoice(cls, amount, partner=None):
        return cls.init_invoice("out_invoice", partner=partner or cls.client, amounts=[amount], taxes=[], post=True)

    def _payments(self, invoice):
        return invoice.matched_payment_ids.filtered(lambda payment: payment.state != "canceled")


class BankEndpointCase(BankPaymentCommon, HttpCase):
    """The bank simulator calls this test's Odoo server."""

    def setUp(self):
        super().setUp()
        self.sim = BankSimulator(self.base_url(), "bog", secret=SECRET, timeout=30)
        call, test_thread = self.sim.call, threading.current_thread()

        def synced_call(*args, **kwargs):
            # the server shares this test's cursor: it must see what the test wrote, and the test what it did
            if threading.current_thread() is not test_thread:
                return call(*args, **kwargs)
            self.env.flush_all()
            try:
                return call(*args, **kwargs)
            finally:
                self.env.invalidate_all()

        self.sim.call = synced_call
