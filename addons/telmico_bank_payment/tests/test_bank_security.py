from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import BankPaymentCommon


@tagged("post_install", "-at_install")
class TestBankSecurity(BankPaymentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        common = {"company_id": company.id, "company_ids": [company.id]}
        cls.accountant = new_test_user(cls.env, "bank_accountant", groups="account.group_account_invoice", **common)
        cls.admin = new_test_user(
            cls.env, "bank_admin", groups="base.group_system,account.group_account_manager", **common
        )
        cls.employee = new_test_user(cls.env, "bank_employee", groups="base.group_user", **common)

    def test_accountants_read_banks_but_not_their_secrets(self):
        bank = self.bank.with_user(self.accountant)
        self.assertEqual(bank.name, "საქართველოს ბანკი")
        self.assertTrue(bank.secret_hint.startswith("…"))
        with self.assertRaises(AccessError):
            bank.read(["secret"])
        with self.assertRaises(AccessError):
            bank.write({"journal_id": self.company_data["default_journal_cash"].id})
        with self.assertRaises(AccessError):
            self.env["telmico.bank"].with_user(self.accountant).create(
                {"name": "TBC", "code": "tbc", "journal_id": self.bank.journal_id.id}
            )

    def test_administrators_configure_banks(self):
        bank = (
            self.env["telmico.bank"]
            .with_user(self.admin)
            .create({"name": "TBC", "code": "tbc", "journal_id": self.bank.journal_id.id})
        )
        self.assertGreaterEqual(len(bank.secret), 32, "a secret is generated")
        old = bank.secret
        bank.action_new_secret()
        self.assertNotEqual(bank.secret, old)

    def test_other_employees_see_nothing(self):
        for model in ("telmico.bank", "telmico.bank.transaction", "telmico.bank.reconciliation"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.employee).search([])

    def test_transactions_are_read_only_for_accountants(self):
        Transaction = self.env["telmico.bank.transaction"].with_user(self.accountant)
        self.assertFalse(Transaction.search([]))
        with self.assertRaises(AccessError):
            Transaction.create({"bank_id": self.bank.id, "transaction_id": "x", "amount_tetri": 1})

    def test_configuration_is_validated(self):
        with self.assertRaises(ValidationError):
            self.bank.secret = "short"
        with self.assertRaises(ValidationError):
            self.bank.code = "Bank Of Georgia"
        with self.assertRaises(ValidationError):
            self.bank.write({"auth_method": "basic", "username": "bog", "password": "p"})
        with self.assertRaises(ValidationError):
            self.bank.write({"auth_method": "basic", "username": "bog", "password": "p", "allowed_ips": "10.0.0.300"})

    def test_a_transaction_is_unique_per_bank(self):
        invoice = self._invoice(10)
        code, _answer = self.bank.sudo()._pay(
            {"transactionId": "T-1", "invoice": invoice.name, "amount": 500, "currency": self.currency_name}
        )
        self.assertEqual(code, 0)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env["telmico.bank.transaction"].sudo().create(
                {
                    "bank_id": self.bank.id,
                    "transaction_id": "T-1",
                    "move_id": invoice.id,
                    "amount_tetri": 500,
                    "amount": 5,
                    "currency_id": invoice.currency_id.id,
                }
            )
