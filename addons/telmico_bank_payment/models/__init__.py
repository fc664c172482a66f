from . import telmico_bank, telmico_bank_transaction
