"""Python code terms of core modules from this addon's catalogues.

Odoo 18 translates ``_()`` / ``env._()`` / ``_lt()`` through
``odoo.tools.translate.code_translations.get_python_translations(module, lang)``, a
process-wide cache filled from the module's own ``i18n`` and ``i18n_extra`` folders only;
there is no model method or registry hook in between, so it is the one place where this
addon wraps a core function. The wrap:

* is installed once, when Odoo imports this addon (it only imports an addon for a
  database where the addon is installed or being installed);
* calls core's method first and only lays this addon's terms over its result; core's
  answer is returned untouched for modules or languages without a catalogue;
* applies the catalogue only for a database whose registry has this addon loaded: the
  database of the current thread (HTTP request, cron, shell) or, for a thread bound to no
  database (command-line module loading), any loaded database with the addon.

Web client terms do not need this: they go through the ``ir.http`` model
(``models/ir_http.py``). Model terms neither: ``models/ir_module_module.py``.
"""

import logging
import threading

from odoo.modules.registry import Registry
from odoo.tools.misc import ReadonlyDict
from odoo.tools.translate import CodeTranslations

from . import catalogue

_logger = logging.getLogger(__name__)

# {(module, lang): (core's dict, merged dict)}: rebuilt when core's dict is replaced
_merged = {}


def addon_loaded():
    """Whether the database of the current thread (else any loaded one) has this addon."""
    dbname = getattr(threading.current_thread(), "dbname", None)
    registries = Registry.registries
    loaded = [registries.get(dbname)] if dbname else [registries.get(name) for name in list(registries)]
    return any(registry is not None and catalogue.MODULE in registry._init_modules for registry in loaded)


def merge(core, ours, key):
    """``core`` with ``ours`` laid over it, cached as long as core's dict stays the same object."""
    cached = _merged.get(key)
    if cached and cached[0] is core:
        return cached[1]
    merged = ReadonlyDict({**core, **ours})
    _merged[key] = (core, merged)
    return merged


def _get_python_translations(self, module_name, lang):
    translations = _core_get_python_translations(self, module_name, lang)
    if lang == "en_US" or module_name not in catalogue.catalogued_modules() or not addon_loaded():
        return translations
    ours = catalogue.python_terms(module_name, lang)
    return merge(translations, ours, (module_name, lang)) if ours else translations


_core_get_python_translations = CodeTranslations.get_python_translations
if not getattr(_core_get_python_translations, "_telmico_l10n_ka", False):
    _get_python_translations._telmico_l10n_ka = True
    CodeTranslations.get_python_translations = _get_python_translations
    _logger.debug("Python code terms of core modules: telmico_l10n_ka catalogues laid over core's")
