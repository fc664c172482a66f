from . import telmico_paid_release_wizard, telmico_paid_sign_wizard
