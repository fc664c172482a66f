from . import test_bank_endpoint, test_bank_security
