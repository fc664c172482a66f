import logging

from odoo import models
from odoo.tools.translate import TranslationImporter

from .. import catalogue

_logger = logging.getLogger(__name__)


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _register_hook(self):
        """Load the catalogues of the modules installed or updated by this registry load.

        Done once, after every module is loaded, so that the order of the modules in the
        dependency graph does not matter: a core module installed or updated before this
        addon in the same load gets its catalogue too, after core's own ``i18n`` files.
        """
        super()._register_hook()
        updated = set(self.pool.updated_modules)
        if not updated:
            return
        if catalogue.MODULE in updated:
            modules = self._telmico_l10n_ka_installed(catalogue.catalogued_modules())
        else:
            modules = self._telmico_l10n_ka_installed(updated & catalogue.catalogued_modules())
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        self._telmico_l10n_ka_load(modules, langs)

    def _load_module_terms(self, modules, langs, overwrite=False, imported_module=False):
        """After core's ``i18n`` files, load this addon's catalogues of the same modules.

        Loading this addon's own terms loads every catalogue of an installed module (that
        is how ``--load-language``, the language install wizard and the "Update terms"
        wizard, which go over all installed modules, reach them). While the registry is
        being loaded (module install or update), ``_register_hook`` does it once at the end.
        """
        res = super()._load_module_terms(modules, langs, overwrite=overwrite, imported_module=imported_module)
        if imported_module or not self.pool.ready:
            return res
        if catalogue.MODULE in modules:
            targets = self._telmico_l10n_ka_installed(catalogue.catalogued_modules())
        else:
            targets = [module for module in modules if module in catalogue.catalogued_modules()]
        self._telmico_l10n_ka_load(targets, langs)
        return res

    def _telmico_l10n_ka_installed(self, names):
        # sudo: which modules are installed decides the catalogues to load, whoever loads a language
        installed = self.sudo().search([("name", "in", list(names)), ("state", "in", ("installed", "to upgrade"))])
        return sorted(installed.mapped("name"))

    def _telmico_l10n_ka_load(self, modules, langs):
        """Import the catalogues of ``modules`` for ``langs``.

        They overwrite what core's files (or an earlier catalogue) put there: the catalogue
        is the reference for these terms. Records marked ``noupdate`` (mail templates and
        the like, which users edit) keep an existing translation, as with core's overwrite.
        """
        langs = catalogue.catalogue_langs([lang for lang in langs if lang != "en_US"])
        if not modules or not langs:
            return
        importer = TranslationImporter(self.env.cr, verbose=False)
        for module in modules:
            for lang in langs:
                for path in catalogue.po_paths(module, lang):
                    _logger.info("module %s: loading Telmico catalogue %s for language %s", module, path, lang)
                    importer.load_file(path, lang)
        importer.save(overwrite=True)
