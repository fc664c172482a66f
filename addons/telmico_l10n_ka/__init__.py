from . import code_translations, models


def post_init_hook(env):
    """Activate Georgian: its terms (core's and this addon's catalogues) are loaded with it."""
    lang = env["res.lang"].with_context(active_test=False).search([("code", "=", "ka_GE")])
    if lang and not lang.active:
        env["base.language.install"].create({"lang_ids": [(6, 0, lang.ids)]}).lang_install()
