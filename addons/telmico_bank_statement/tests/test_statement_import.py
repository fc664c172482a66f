from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import StatementCase

WIZARD = "odoo.addons.telmico_bank_statement.wizards.account_statement_import"
OCA = (
    "odoo.addons.account_statement_import_file.wizard.account_statement_import",
    "odoo.addons.account_statement_import_sheet_file.models.account_statement_import",
    "odoo.addons.account_statement_import_camt.models.account_statement_import",
)


@tagged("post_install", "-at_install")
class TestStatementImport(StatementCase):
    def _endpoint_pay(self, invoice, transaction_id, tetri):
        # as the endpoint's controller does: the bank is not a user
        code, _answer = self.bank.sudo()._pay(
            {"transactionId": transaction_id, "invoice": invoice.name, "amount": tetri, "currency": "GEL"}
        )
        self.assertEqual(code, 0)

    def _payments(self, invoice):
        return invoice.matched_payment_ids.filtered(lambda payment: payment.state != "canceled")

    def test_camt_matched_and_reconciled(self):
        by_number = self._invoice("INV/2026/00101", 118.0, self.nino)
        by_personal_number = self._invoice("INV/2026/00102", 50.0, self.nino)
        partial = self._invoice("INV/2026/00103", 60.0, self.giorgi)
        paid_by_endpoint = self._invoice("INV/2026/00105", 40.0, self.nino)
        half_paid_by_endpoint = self._invoice("INV/2026/00106", 80.0, self.nino)
        overpaid = self._invoice("INV/2026/00108", 20.0, self.nino)
        self._endpoint_pay(paid_by_endpoint, "BOG-20261130-000105", 4000)
        self._endpoint_pay(half_paid_by_endpoint, "BOG-20261130-000106", 3000)

        answer = self._import("bog_camt053.xml")

        lines = self._lines()
        self.assertEqual(len(lines), 8)
        self.assertEqual(lines.statement_id.balance_end_real, 1000 + 118 + 50 + 30 + 40 + 30 + 999 + 70 - 2.5)
        self.assertEqual((by_number.payment_state, by_number.amount_residual), ("paid", 0))
        self.assertEqual((by_personal_number.payment_state, by_personal_number.amount_residual), ("paid", 0))
        self.assertEqual(self._line("BOG-20261130-000102").partner_id, self.nino, "the client named by number")
        self.assertEqual((partial.payment_state, partial.amount_residual), ("partial", 30))
        # the bank's own transactions: matched with the payments it posted, the invoices are not paid again
        for invoice, residual in ((paid_by_endpoint, 0), (half_paid_by_endpoint, 50)):
            self.assertEqual(invoice.amount_residual, residual)
            payment = self._payments(invoice)
            self.assertEqual(len(payment), 1)
            self.assertTrue(payment.is_matched, "the payment is matched with the bank's statement line")
        self.assertTrue(self._line("BOG-20261130-000106").is_reconciled)
        # left for the accountant: unknown, more than the debt, the bank's fee
        left = lines.filtered(lambda line: not line.is_reconciled)
        self.assertEqual(
            sorted(left.mapped("telmico_bank_reference")),
            ["BOG-20261130-000107", "BOG-20261130-000108", "BOG-20261130-000109"],
        )
        self.assertEqual(overpaid.amount_residual, 20)
        self.assertIn("8 transactions imported: 5 reconciled automatically, 3 left", answer["params"]["message"])
        action = self.env.ref("telmico_bank_statement.account_bank_statement_line_action_to_reconcile")
        listed = self.env["account.bank.statement.line"].with_user(self.accountant).search(safe_eval(action.domain))
        self.assertEqual(listed, left)

    def test_endpoint_payment_never_matched_with_the_invoice(self):
        """The bank's transaction whose amount differs from the payment it posted: left, never paid again."""
        invoice = self._invoice("INV/2026/00106", 80.0, self.nino)
        self._endpoint_pay(invoice, "BOG-20261130-000106", 2000)  # 20 through the endpoint, 30 on the statement
        self._import("bog_camt053.xml")
        self.assertFalse(self._line("BOG-20261130-000106").is_reconciled)
        self.assertEqual(invoice.amount_residual, 60)

    def test_reimport_creates_nothing(self):
        self._invoice("INV/2026/00101", 118.0, self.nino)
        self._import("bog_camt053.xml")
        moves = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(UserError, "already imported"):
            self._import("bog_camt053.xml")
        self.assertEqual(len(self._lines()), 8)
        self.assertEqual(self.env["account.move"].search_count([]), moves)

    def test_csv_matched_and_overlapping_file(self):
        by_company_number = self._invoice("INV/2026/00109", 236.0, self.company_client)
        by_subscriber = self._invoice("INV/2026/00104", 25.0, self.giorgi)
        by_number = self._invoice("INV/2026/00110", 12.5, self.nino)
        self._import("bog_statement.csv")
        self.assertEqual(len(self._lines()), 3)
        self.assertEqual(by_company_number.payment_state, "paid")
        self.assertEqual(self._line("BOG-20261201-000201").partner_id, self.company_client)
        self.assertEqual(by_subscriber.payment_state, "paid")
        self.assertFalse(self._line("BOG-20261201-000203").is_reconciled)
        # the next export repeats the last transaction: only the new ones are created
        answer = self._import("bog_statement_next.csv")
        self.assertEqual(len(self._lines()), 5)
        self.assertEqual(len(self._line("BOG-20261201-000203")), 1)
        self.assertEqual(by_number.payment_state, "paid")
        self.assertEqual(self._line("BOG-20261202-000302").amount, -1.2)
        self.assertIn("1 transaction had already been imported", answer["params"]["message"])

    def test_camt_after_csv_of_the_same_entries(self):
        """Both formats of one bank account share the bank's reference: a CAMT of entries imported by CSV adds
        only the others."""
        self._import("bog_statement.csv")
        self._import("bog_camt053.xml")
        self.assertEqual(len(self._lines()), 11)
        self.assertEqual(len(self._lines().mapped("telmico_bank_reference")), 11)

    @mute_logger(WIZARD, *OCA)
    def test_malformed_files_import_nothing(self):
        for filename, detail in (
            ("bog_camt053_truncated.xml", "could not be read as a bank statement"),
            ("bog_statement_bad_date.csv", "could not be read as a bank statement"),
            ("bog_statement_no_reference.csv", "has no bank reference"),
        ):
            with self.subTest(filename), self.assertRaisesRegex(UserError, detail):
                self._import(filename)
            self.assertFalse(self._lines())

    def test_unmatched_without_invoices(self):
        self._import("bog_camt053.xml")
        self.assertEqual(len(self._lines().filtered("is_reconciled")), 0, "no open invoice: nothing is guessed")

    def test_invoicing_administrator_imports_and_reconciles(self):
        """The accountant of a Community database (Invoicing administrator, without the hidden full-accounting
        group) imports a statement and reconciles its lines."""
        administrator = new_test_user(
            self.env,
            "statement_invoicing_admin",
            groups="account.group_account_manager",
            company_id=self.env.company.id,
            company_ids=[self.env.company.id],
        )
        invoice = self._invoice("INV/2026/00101", 118.0, self.nino)
        self._import("bog_camt053.xml", user=administrator)
        self.assertEqual(invoice.payment_state, "paid")
        visible = self.env["ir.ui.menu"].with_user(administrator)._visible_menu_ids()
        for xmlid in ("menu_bank_lines_to_reconcile", "menu_statement_import"):
            self.assertIn(self.env.ref(f"telmico_bank_statement.{xmlid}").id, visible)
