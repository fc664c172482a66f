"""Where this addon's Georgian catalogues of Odoo core modules live, and how they are read.

``i18n_core/<core module>/<lang>.po`` is a catalogue for one core module in core's own
format (the entries of the module's ``.pot`` with their ``#. odoo-python`` /
``#. odoo-javascript`` comments and ``model:`` / ``model_terms:`` references, msgstr filled).
It is read exactly like a core module's ``i18n/<lang>.po`` / ``i18n_extra/<lang>.po``:
model terms by ``TranslationImporter``, code terms by ``CodeTranslations``' own reader.
Adding a core module is adding its ``.po`` file; nothing else names the modules.
"""

import functools
import os

from odoo.tools.misc import ReadonlyDict
from odoo.tools.translate import (
    JAVASCRIPT_TRANSLATION_COMMENT,
    PYTHON_TRANSLATION_COMMENT,
    CodeTranslations,
)

MODULE = "telmico_l10n_ka"
CATALOGUE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "i18n_core")


@functools.cache
def catalogued_modules():
    """Names of the core modules this addon has at least one catalogue for."""
    return frozenset(
        name
        for name in os.listdir(CATALOGUE_DIR)
        if os.path.isdir(os.path.join(CATALOGUE_DIR, name)) and not name.startswith(".")
    )


def po_paths(module_name, lang):
    """Catalogue files of ``module_name`` for ``lang``: the base language first (``ka.po``),
    then the regional one (``ka_GE.po``), as core's ``get_po_paths`` orders them."""
    names = dict.fromkeys([lang.split("_", 1)[0], lang])
    paths = (os.path.join(CATALOGUE_DIR, module_name, f"{name}.po") for name in names)
    return [path for path in paths if os.path.isfile(path)]


def catalogue_langs(langs):
    """The languages of ``langs`` for which at least one catalogue exists."""
    modules = catalogued_modules()
    return [lang for lang in langs if any(po_paths(module, lang) for module in modules)]


def _read_code_terms(module_name, lang, comment):
    translations = {}
    for path in po_paths(module_name, lang):
        with open(path, "rb") as fileobj:
            translations.update(
                CodeTranslations._read_code_translations_file(
                    fileobj, lambda row: row.get("value") and comment in row["comments"]
                )
            )
    return translations


@functools.cache
def python_terms(module_name, lang):
    """``{source: translation}`` of the Python (``_()`` / ``_lt()``) terms of a catalogue."""
    return ReadonlyDict(_read_code_terms(module_name, lang, PYTHON_TRANSLATION_COMMENT))


@functools.cache
def web_terms(module_name, lang):
    """``{source: translation}`` of the web client terms (JS ``_t()``, OWL templates)."""
    return ReadonlyDict(_read_code_terms(module_name, lang, JAVASCRIPT_TRANSLATION_COMMENT))
