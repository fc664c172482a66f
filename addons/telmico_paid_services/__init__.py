from . import controllers, models, wizards


def _post_init_hook(env):
    """Georgian VAT 18 % and the lari in every company (no Georgian chart of accounts exists to ship them)."""
    env["res.company"].search([])._telmico_paid_setup()
