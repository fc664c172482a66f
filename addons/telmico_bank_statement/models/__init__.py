from . import (
    account_bank_statement_line,
    account_journal,
    account_reconcile_model,
    account_statement_import_camt_parser,
    account_statement_import_sheet_parser,
)
