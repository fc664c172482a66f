from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from simulators.revenue_service import RevenueServiceSimulator

PASSWORD = "rs-service-password"


class TaxInvoiceCommon(AccountTestInvoicingCommon):
    """The Revenue Service simulator, the company's connection to it, a client with a personal number."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sim = RevenueServiceSimulator(username="telmico", password=PASSWORD).start()
        cls.addClassCleanup(cls.sim.stop)
        cls.env.company.company_registry = "204567890"
        cls.connection = cls.env["telmico.rs.connection"].create(
            {"url": cls.sim.url, "username": "telmico", "password": PASSWORD, "timeout": 5, "max_tries": 3}
        )
        cls.client = cls.env["res.partner"].create(
            {"name": "ნინო ბერიძე", "personal_number": "01001012345", "is_client": True}
        )

    def setUp(self):
        super().setUp()
        self.sim.invoices.clear()
        self.sim.clear_faults()

    def _invoice(self, amount=100.0, partner=None):
        return self.init_invoice("out_invoice", partner=partner or self.client, amounts=[amount], post=True)
