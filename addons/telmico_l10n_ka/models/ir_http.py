from odoo import SUPERUSER_ID, api, models
from odoo.http import request
from odoo.tools.misc import ReadonlyDict

from .. import catalogue

VISITOR_LANG_PARAM = "telmico_l10n_ka.visitor_lang"
DEFAULT_VISITOR_LANG = "ka_GE"

# {(module, lang): (core's translations of the module, merged translations)}
_merged = {}


def _merge_web(module, lang, core):
    """Core's ``{"messages": (...)}`` of a module with this addon's terms laid over it."""
    cached = _merged.get((module, lang))
    if cached and cached[0] is core:
        return cached[1]
    strings = {message["id"]: message["string"] for message in core["messages"]}
    strings.update(catalogue.web_terms(module, lang))
    merged = ReadonlyDict(
        {"messages": tuple(ReadonlyDict({"id": src, "string": value}) for src, value in strings.items())}
    )
    _merged[(module, lang)] = (core, merged)
    return merged


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @api.model
    def get_translations_for_webclient(self, modules, lang):
        """Lay this addon's catalogues over core's web client terms.

        The one source of the web client's terms: ``/web/webclient/translations`` (backend,
        portal, live chat) and the hash that busts its browser cache both come through here.
        """
        translations_per_module, lang_params = super().get_translations_for_webclient(modules, lang)
        lang = lang or self._context.get("lang")
        if not lang or lang == "en_US":
            return translations_per_module, lang_params
        for module in catalogue.catalogued_modules() & set(translations_per_module):
            if catalogue.web_terms(module, lang):
                translations_per_module[module] = _merge_web(module, lang, translations_per_module[module])
        return translations_per_module, lang_params

    @classmethod
    def _pre_dispatch(cls, rule, args):
        """Visitors who are not logged in (login page, live chat, rating pages, a request opened from an
        e-mail link) read the language of the service — Georgian — rather than their browser's, most often
        English. ``?lang=<code>`` of an installed language switches it for the rest of the visit; the system
        parameter ``telmico_l10n_ka.visitor_lang`` (``ka_GE``) says which language that is, ``browser`` to leave
        Odoo's choice by the browser. Logged-in users keep their own language."""
        super()._pre_dispatch(rule, args)
        env = request.env
        if env.uid and not env.user._is_public():
            return
        # sudo: the public user (or no user yet, on auth="none" routes) may not read the parameters
        sudo_env = env(user=SUPERUSER_ID, su=True)
        installed = {code for code, _name in sudo_env["res.lang"].get_installed()}
        asked = request.httprequest.args.get("lang")
        if asked in installed:
            request.session["telmico_visitor_lang"] = asked
        lang = request.session.get("telmico_visitor_lang") or sudo_env["ir.config_parameter"].get_param(
            VISITOR_LANG_PARAM, DEFAULT_VISITOR_LANG
        )
        if lang in installed and lang != env.lang:
            request.update_context(lang=lang)
