import base64

from odoo.addons.telmico_l10n_ka.tests.common import (
    GeorgianCase,
    action_views,
    screen_terms_left,
    web_terms_left,
)
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import file_open

from .common import StatementCase

# the OCA modules whose terms the accountant's import and reconciliation screens show (their Georgian is in
# telmico_l10n_ka/i18n_core/); account_statement_import_sheet_file is administrator configuration, not here
MODULES = [
    "account_statement_import_file",
    "account_statement_import_base",
    "account_statement_import_camt",
    "account_statement_base",
    "account_reconcile_oca",
    "account_reconcile_model_oca",
]
# the import wizard, and the reconciliation screen of a bank line (the form the action opens by view_ref)
VIEWS = [
    ("account.statement.import", "account_statement_import_file.account_statement_import_form", "form"),
    ("account.bank.statement.line", "account_reconcile_oca.bank_statement_line_form_reconcile_view", "form"),
]
HIDDEN_CHOICES = ("reconcile_mode", "manual_move_type")
ACTION = "telmico_bank_statement.account_bank_statement_line_action_to_reconcile"


class GeorgianStatementCase(GeorgianCase, StatementCase):
    """Georgian loaded over the addon's test data."""


@tagged("post_install", "-at_install")
class TestBankStatementInGeorgian(GeorgianStatementCase):
    """With telmico_l10n_ka, the OCA terms of the statement import and of the reconciliation read Georgian."""

    def test_screens(self):
        left = {}
        views = action_views(self.env, ACTION)
        if terms := screen_terms_left(self.env_en, self.env_ka, "account.bank.statement.line", views, MODULES):
            left[ACTION] = terms
        for model, xmlid, view_type in VIEWS:
            views = [(self.env.ref(xmlid).id, view_type)]
            if terms := screen_terms_left(self.env_en, self.env_ka, model, views, MODULES):
                left[xmlid] = terms
        # two fields of account_reconcile_oca take their choices from a lambda (the journal's reconcile mode, the
        # move type of account.move): Odoo never translates such choices, and neither field is shown on these
        # screens (manual_move_type is invisible, reconcile_mode is only loaded for the reconciliation widget);
        # their choices are left aside
        line = self.env["account.bank.statement.line"]
        hidden = {
            label for name in HIDDEN_CHOICES for _key, label in line._fields[name]._description_selection(line.env)
        }
        left = {xmlid: rest for xmlid, terms in left.items() if (rest := sorted(set(terms) - hidden))}
        self.assertFalse(left, f"OCA terms left in English: {left}")

    def test_python_terms(self):
        """The import wizard's messages (Python code of the OCA module) read Georgian: a file of the company's
        account imported from another bank journal."""
        other = self.env["account.journal"].create({"name": "ბანკი 2", "type": "bank", "code": "BNK9"})
        with file_open("telmico_bank_statement/tests/samples/bog_camt053.xml", "rb") as sample:
            values = {"statement_file": base64.b64encode(sample.read()), "statement_filename": "bog_camt053.xml"}
        wizard = (
            self.env["account.statement.import"]
            .with_user(self.accountant)
            .with_context(journal_id=other.id, lang="ka_GE")
            .create(values)
        )
        with self.assertRaisesRegex(UserError, r"ფაილისთვის ნაპოვნი ჟურნალი \(.*\) განსხვავდება არჩეული ჟურნალისგან"):
            wizard.import_file_button()

    def test_web_client_terms(self):
        left = {module: terms for module in MODULES if (terms := web_terms_left(self.env, module))}
        self.assertFalse(left, f"web client terms left in English: {left}")
