from odoo import api, models


class ResLang(models.Model):
    _inherit = "res.lang"

    @api.model
    def _get_lang_from_accept_language(self, accept_language):
        # OCA fastapi's parser raises on a malformed header (a quality that is not a number): no language, not a
        # server error (found by schemathesis)
        try:
            return super()._get_lang_from_accept_language(accept_language)
        except ValueError:
            return None
