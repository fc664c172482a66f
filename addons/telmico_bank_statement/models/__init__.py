from . import account_bank_statement_line
from . import account_journal
from . import account_reconcile_model
from . import account_statement_import_camt_parser
from . import account_statement_import_sheet_parser
