from . import telmico_bank, telmico_bank_reconciliation, telmico_bank_transaction
