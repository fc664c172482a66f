from odoo.addons.telmico_l10n_ka import catalogue
from odoo.addons.telmico_l10n_ka.tests.common import ALLOWED, GeorgianCase, arch_pairs, pot_terms
from odoo.tests import tagged
from odoo.tools.translate import JAVASCRIPT_TRANSLATION_COMMENT, TranslationModuleReader

# the screens of management tasks: (view type, view xmlid)
SCREENS = [
    ("form", "project.view_task_form2"),
    ("kanban", "project.view_task_kanban"),
    ("calendar", "project.view_task_calendar"),
    ("list", "telmico_tasks.project_task_view_list"),
    ("search", "telmico_tasks.project_task_view_search"),
    ("pivot", "telmico_tasks.project_task_view_pivot"),
    ("graph", "telmico_tasks.project_task_view_graph"),
]
# web client terms of project that never show on those screens: the example stages offered to an empty
# project, the project updates' side panel (milestones, profitability), project sharing with customers
NOT_OURS = (
    "project_task_kanban_examples",
    "project_right_side_panel",
    "project_sharing",
    "project_update",
    "project_project_",
    "burndown_chart",
    "analytic_account",
    "/tours/",
)


@tagged("post_install", "-at_install")
class TestTasksInGeorgian(GeorgianCase):
    """With telmico_l10n_ka, project's own terms on the management task screens read Georgian."""

    def test_screens(self):
        project_terms = pot_terms("project")
        left = {}
        for view_type, xmlid in SCREENS:
            view = self.env.ref(xmlid)
            pairs = []
            for part in view | view._get_inheriting_views():
                pairs += arch_pairs(part.with_env(self.env_en).arch_db, part.with_env(self.env_ka).arch_db)
            en = self.env_en["project.task"].get_views([(view.id, view_type)])["models"]["project.task"]["fields"]
            ka = self.env_ka["project.task"].get_views([(view.id, view_type)])["models"]["project.task"]["fields"]
            for fname, field in en.items():
                definition = self.env["project.task"]._fields[fname]
                # project's hidden technical fields are left untranslated by project itself (not exported)
                if definition._module != "project" or not definition.export_string_translation:
                    continue
                pairs.append((field["string"], ka[fname]["string"]))
                for (_key, label_en), (_key2, label_ka) in zip(
                    field.get("selection") or [], ka[fname].get("selection") or [], strict=True
                ):
                    pairs.append((label_en, label_ka))
            terms = sorted({en for en, ka in pairs if en == ka and en in project_terms and not ALLOWED.match(en)})
            if terms:
                left[view_type] = terms
        self.assertFalse(left, f"project's terms left in English: {left}")

    def test_web_client_terms(self):
        expected = {
            source
            for _module, ttype, name, _res_id, source, _value, comments in TranslationModuleReader(
                self.env.cr, modules=["project"]
            )
            if ttype == "code"
            and JAVASCRIPT_TRANSLATION_COMMENT in comments
            and not any(part in name for part in NOT_OURS)
            and not ALLOWED.match(source)
        }
        translations, _params = self.env["ir.http"].get_translations_for_webclient(["project"], "ka_GE")
        kept = catalogue.web_terms("project", "ka_GE")  # kept as they are where the catalogue says so
        georgian = {
            m["id"]
            for m in translations["project"]["messages"]
            if m["string"] and (m["string"] != m["id"] or m["id"] in kept)
        }
        # a fragment of JavaScript that Odoo's extractor takes for a term (never shown)
        expected = {term for term in expected if "export class" not in term}
        self.assertFalse(sorted(expected - georgian))
