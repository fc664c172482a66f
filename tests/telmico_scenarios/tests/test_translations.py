import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase
from odoo.tools.translate import TranslationModuleReader


class TestTranslations(TransactionCase):
    def test_every_term_has_a_georgian_translation(self):
        """Each addon's i18n/ka.po translates every term the addon shows (code, views, data, reports)."""
        addons = self.env["ir.module.module"].search(
            [("name", "=like", "telmico\\_%"), ("name", "!=", "telmico_scenarios")]
        )
        self.assertGreaterEqual(len(addons), 7)
        for module in addons.mapped("name"):
            with self.subTest(module=module):
                po = polib.pofile(f"{get_module_path(module)}/i18n/ka.po")
                translated = {entry.msgid for entry in po if entry.msgstr and not entry.obsolete}
                terms = {
                    source
                    for _mod, _type, _name, _res_id, source, _value, _comments in TranslationModuleReader(
                        self.env.cr, modules=[module]
                    )
                }
                missing = sorted(terms - translated)
                self.assertFalse(missing, f"{module}/i18n/ka.po lacks {len(missing)} term(s), e.g. {missing[:5]}")
