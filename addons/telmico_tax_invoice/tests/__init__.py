from . import test_tax_invoice
