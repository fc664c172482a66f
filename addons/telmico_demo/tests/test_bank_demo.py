from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestBankDemo(TransactionCase):
    def test_demo_bank_payments(self):
        """The demo shows Bank of Georgia with a generated secret and invoices it paid (in full, partly) or not."""
        stats = self.env["telmico.demo"]._generate(size=600)
        self.assertEqual(stats["bank_payments"], 3)
        bank = self.env["telmico.bank"].search([("code", "=", "bog")])
        self.assertEqual(bank.name, "საქართველოს ბანკი")
        self.assertGreaterEqual(len(bank.sudo().secret), 32)
        states = sorted(bank.transaction_ids.move_id.mapped("payment_state"))
        self.assertEqual(len(bank.transaction_ids), 3)
        self.assertIn("partial", states)
        line = self.env["telmico.bank.reconciliation"].search([("bank_id", "=", bank.id)])
        self.assertEqual(line.transaction_count, 3)
        self.assertEqual(line.transaction_amount, sum(bank.transaction_ids.mapped("amount")))
        self.assertTrue(line.balanced)

    def test_demo_tax_invoice_connection(self):
        """The demo's company is connected to the Revenue Service simulator (make run starts it)."""
        stats = self.env["telmico.demo"]._generate(size=600)
        self.assertEqual(stats["rs_connections"], 1)
        connection = self.env["telmico.rs.connection"].search([("company_id", "=", self.env.company.id)])
        self.assertEqual(connection.name, "rs.ge (სიმულატორი)")
        self.assertGreaterEqual(len(connection.sudo().password), 32)
