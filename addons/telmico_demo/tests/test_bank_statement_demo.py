from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestBankStatementDemo(TransactionCase):
    def test_demo_bank_statement(self):
        """The demo imports a CAMT statement of Bank of Georgia: everything matched but a donation."""
        stats = self.env["telmico.demo"]._generate(size=600)
        self.assertEqual(stats["bank_statement_lines"], 6)
        # imported by the demo's accountant, an Invoicing administrator
        accountant = self.env["res.users"].search([("login", "=", stats["accountant"])])
        self.assertTrue(accountant.has_group("account.group_account_manager"))
        bank = self.env["telmico.bank"].search([("code", "=", "bog")])
        lines = self.env["account.bank.statement.line"].search([("journal_id", "=", bank.journal_id.id)])
        self.assertEqual(len(lines), 6)
        self.assertEqual(lines.create_uid, accountant)
        left = lines.filtered(lambda line: not line.is_reconciled)
        self.assertEqual(left.payment_ref, "შემოწირულობა, ხელშეკრულების გარეშე")
        # the bank's own payments are matched with the statement, their invoices not paid twice
        self.assertTrue(all(bank.transaction_ids.payment_id.mapped("is_matched")))
        self.assertIn("partial", bank.transaction_ids.move_id.mapped("payment_state"))
        self.assertEqual(self.env["telmico.demo"]._generator()._generate_bank_statement(), 0, "generated once")
