from odoo import api, models
from odoo.tools.misc import ReadonlyDict

from .. import catalogue

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
