import base64

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.telmico_client_card.tests.common import link_client, mirror_subscribers
from odoo.fields import Command
from odoo.tests import new_test_user
from odoo.tools import file_open

IBAN = "GE29BG0000000123456789"  # the company's account in the sample statements


class StatementCase(AccountTestInvoicingCommon):
    """A Georgian company (GEL) whose bank journal has the samples' account, its bank posting payments, clients
    named in the samples (personal, company and subscriber numbers) and their invoices, numbered as in the
    samples (tests/samples)."""

    country_code = "GE"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.journal = cls.company_data["default_journal_bank"]
        cls.journal.write(
            {
                "bank_account_id": cls.env["res.partner.bank"]
                .create({"acc_number": IBAN, "partner_id": cls.env.company.partner_id.id})
                .id,
                "default_sheet_mapping_id": cls.env.ref("telmico_bank_statement.sheet_mapping_georgian_bank_csv").id,
            }
        )
        cls.bank = cls.env["telmico.bank"].create(
            {"name": "საქართველოს ბანკი", "code": "bog", "journal_id": cls.journal.id}
        )
        cls.nino = cls.env["res.partner"].create(
            {"name": "ნინო ბერიძე", "personal_number": "01001012345", "is_client": True}
        )
        cls.giorgi = cls.env["res.partner"].create(
            {"name": "გიორგი კაპანაძე", "personal_number": "01001054321", "is_client": True}
        )
        cls.company_client = cls.env["res.partner"].create(
            {"name": "შპს მზიანი სახლი", "is_company": True, "company_registry": "204111222", "is_client": True}
        )
        # the test user of AccountTestInvoicingCommon is an accountant: billing sends the subscribers
        (subscriber,) = mirror_subscribers(cls.env(su=True), (1, {"number": "3000000002"}))
        link_client(cls.env(su=True), cls.giorgi, subscriber)
        cls.accountant = new_test_user(
            cls.env,
            "statement_accountant",
            groups="account.group_account_user",
            company_id=cls.env.company.id,
            company_ids=[cls.env.company.id],
        )

    @classmethod
    def _invoice(cls, number, amount, partner):
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "name": number,
                "partner_id": partner.id,
                "invoice_date": "2026-11-25",
                "date": "2026-11-25",
                "invoice_line_ids": [
                    Command.create({"name": "ფასიანი მომსახურება", "price_unit": amount, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _import(self, filename, user=None):
        """Import the sample ``filename`` from the bank journal as ``user`` (the accountant); the wizard's answer."""
        with file_open(f"telmico_bank_statement/tests/samples/{filename}", "rb") as sample:
            data = sample.read()
        wizard = (
            self.env["account.statement.import"]
            .with_user(user or self.accountant)
            .with_context(journal_id=self.journal.id)
            .create({"statement_file": base64.b64encode(data), "statement_filename": filename})
        )
        return wizard.import_file_button()

    def _lines(self):
        return self.env["account.bank.statement.line"].search([("journal_id", "=", self.journal.id)], order="id")

    def _line(self, reference):
        return self._lines().filtered(lambda line: line.telmico_bank_reference == reference)
