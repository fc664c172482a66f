from . import telmico_bank_reconciliation
