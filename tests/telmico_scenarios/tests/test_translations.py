import polib
from lxml import etree

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

    def test_open_on_a_button_is_the_verb(self):
        """“Open …” on a button is the verb (გახსნა), never the state “ღია” (an open request, an open case)."""
        wrong = []
        modules = self.env["ir.module.module"].search(
            [("name", "=like", "telmico\\_%"), ("name", "!=", "telmico_scenarios"), ("state", "=", "installed")]
        )
        for module in modules.mapped("name"):
            po = polib.pofile(f"{get_module_path(module)}/i18n/ka.po")
            georgian = {entry.msgid: entry.msgstr for entry in po if entry.msgstr and not entry.obsolete}
            view_ids = (
                self.env["ir.model.data"]
                .search([("module", "=", module), ("model", "=", "ir.ui.view")])
                .mapped("res_id")
            )
            for view in self.env["ir.ui.view"].with_context(lang="en_US").browse(view_ids).exists():
                for button in etree.fromstring(view.arch_db).iter("button"):
                    label = button.get("string") or ""
                    if label.split()[:1] == ["Open"] and georgian.get(label, "").startswith("ღია"):
                        wrong.append(f"{module}: {view.name}: {label} → {georgian[label]}")
        self.assertFalse(wrong)
