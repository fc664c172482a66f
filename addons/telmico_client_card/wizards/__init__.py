from . import telmico_billing_import
