import re

from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools.translate import JAVASCRIPT_TRANSLATION_COMMENT, TranslationFileReader, TranslationModuleReader

from .. import catalogue
from .common import ALLOWED, GeorgianCase, arch_pairs, pot_terms

# (model, view type, view xmlid or None for the default view): the screens of our flows
VIEWS = [
    ("res.partner", "form", None),
    ("res.partner", "list", None),
    ("res.partner", "kanban", None),
    ("res.partner", "search", None),
    ("res.users", "form", "base.view_users_form_simple_modif"),
    ("res.company", "form", None),
    ("mail.activity", "form", None),
    ("mail.activity", "list", None),
    ("mail.activity", "search", None),
    ("mail.activity.schedule", "form", None),
    ("resource.calendar", "form", None),
    ("resource.calendar", "list", None),
    ("resource.calendar.leaves", "form", None),
    ("resource.calendar.leaves", "list", None),
    ("resource.calendar.leaves", "search", None),
    ("rating.rating", "form", None),
    ("rating.rating", "list", None),
    ("discuss.channel", "form", None),
]


@tagged("post_install", "-at_install")
class TestCoreTerms(GeorgianCase):
    def _untranslated(self, pairs, core_terms):
        return sorted(
            {
                en
                for en, ka in pairs
                if en == ka and en in core_terms and not ALLOWED.match(en) and any(c.isalpha() for c in en)
            }
        )

    def test_web_client_bundle(self):
        """Every web client term of the core modules has Georgian in /web/webclient/translations."""
        modules = sorted(self.installed - {"base"})
        reader = TranslationModuleReader(self.env.cr, modules=modules)
        expected = {module: set() for module in modules}
        for module, ttype, name, _res_id, source, _value, comments in reader:
            # the emoji picker's thousands of emoji names are left out on purpose (README)
            if (
                ttype == "code"
                and JAVASCRIPT_TRANSLATION_COMMENT in comments
                and "emoji" not in name
                and not ALLOWED.match(source)
            ):
                expected[module].add(source)
        translations, lang_params = self.env["ir.http"].get_translations_for_webclient(modules, "ka_GE")
        missing = {}
        for module in modules:
            # a term kept as it is (a code, a CSS fragment) counts only where a catalogue says so
            kept = catalogue.web_terms(module, "ka_GE")
            georgian = {
                m["id"]
                for m in translations[module]["messages"]
                if m["string"] and (m["string"] != m["id"] or m["id"] in kept)
            }
            left = sorted(expected[module] - georgian)
            if left:
                missing[module] = left
        self.assertFalse(
            missing,
            "web client terms left in English: "
            + "; ".join(f"{module} ({len(terms)}): {terms[:15]}" for module, terms in missing.items()),
        )
        self.assertEqual(lang_params["date_format"], "%d.%m.%Y")

    def test_views(self):
        """The views of our flows show no core field label, choice or view text in English.

        Only what the listed core modules put there is checked (their views, their fields):
        other modules installed beside them answer for their own terms.
        """
        core_terms = set()
        for module in self.installed:
            core_terms |= pot_terms(module)
        view_modules = self._view_modules()
        left = {}
        for model, view_type, xmlid in VIEWS:
            if model not in self.env:
                continue
            view_id = self.env.ref(xmlid).id if xmlid else False
            en = self.env_en[model].get_views([(view_id, view_type)])
            ka = self.env_ka[model].get_views([(view_id, view_type)])
            primary = self.env["ir.ui.view"].browse(en["views"][view_type]["id"])
            pairs = []
            for view in primary | primary._get_inheriting_views():
                if view_modules.get(view.id, set()) & self.installed:
                    pairs += arch_pairs(view.with_env(self.env_en).arch_db, view.with_env(self.env_ka).arch_db)
            for model_name, description in en["models"].items():
                ka_fields = ka["models"][model_name]["fields"]
                for fname, field in description["fields"].items():
                    if self.env[model_name]._fields[fname]._module not in self.installed:
                        continue
                    pairs.append((field["string"], ka_fields[fname]["string"]))
                    if field.get("help"):
                        pairs.append((field["help"], ka_fields[fname].get("help")))
                    if field["type"] == "reference":
                        continue  # its choices are the names of every installed model
                    for (key, label_en), (_key, label_ka) in zip(
                        field.get("selection") or [], ka_fields[fname].get("selection") or [], strict=True
                    ):
                        if label_en != key:  # a choice shown as its own code (time zones) is no term
                            pairs.append((label_en, label_ka))
            terms = self._untranslated(pairs, core_terms)
            if terms:
                left[f"{model} {view_type}"] = terms
        self.assertFalse(
            left,
            "core terms left in English: "
            + "; ".join(f"{view} ({len(terms)}): {terms[:20]}" for view, terms in left.items()),
        )

    def _view_modules(self):
        """{view id: modules whose XML defines it}"""
        modules = {}
        for data in self.env["ir.model.data"].search_read([("model", "=", "ir.ui.view")], ["res_id", "module"]):
            modules.setdefault(data["res_id"], set()).add(data["module"])
        return modules

    def test_login_and_signup_pages(self):
        """The login, sign-up and password reset templates render in Georgian."""
        core_terms = (
            pot_terms("web") | pot_terms("auth_signup") if "auth_signup" in self.installed else pot_terms("web")
        )
        for xmlid in ("web.login", "web.login_layout", "auth_signup.signup", "auth_signup.reset_password"):
            view = self.env.ref(xmlid, raise_if_not_found=False)
            if not view:
                continue
            pairs = arch_pairs(view.with_env(self.env_en).arch_db, view.with_env(self.env_ka).arch_db)
            self.assertFalse(self._untranslated(pairs, core_terms), xmlid)

    def test_python_terms(self):
        """Python `_()` terms of core modules come from the catalogues too."""
        partner = self.env["res.partner"].create({"name": "ნინო"})
        self.assertEqual(partner.with_env(self.env_ka).copy_data()[0]["name"], "ნინო (ასლი)")

    def test_reload_restores_catalogue(self):
        """A re-load of Georgian (language wizard, --load-language, -u) puts the catalogue back."""
        field = self.env["ir.model.fields"]._get("res.partner", "phone")

        def spoil():  # an English leftover, as after an update that loaded core's files only
            self.env.cr.execute(
                "UPDATE ir_model_fields SET field_description = field_description || %s::jsonb WHERE id = %s",
                ['{"ka_GE": "Phone"}', field.id],
            )
            self.env.invalidate_all()

        def label():
            self.env.invalidate_all()
            return field.with_context(lang="ka_GE").field_description

        spoil()
        self.assertEqual(label(), "Phone")
        # core's base/i18n/ka.po, then the catalogue of base (what `-u base` does)
        self.env["ir.module.module"].search([("name", "=", "base")])._update_translations("ka_GE")
        self.assertEqual(label(), "ტელეფონი")
        spoil()
        # every installed module (Languages wizard, --load-language)
        self.env["base.language.install"].create({"lang_ids": [(6, 0, self.lang.ids)]}).lang_install()
        self.assertEqual(label(), "ტელეფონი")
        self.env.registry.clear_cache()
        self.assertEqual(self.env_ka["res.partner"].fields_get(["phone"])["phone"]["string"], "ტელეფონი")


@tagged("post_install", "-at_install")
class TestWebClientRoute(HttpCase):
    def test_translations_route(self):
        """The browser gets the Georgian of core terms from the translations route."""
        self.env["res.lang"]._activate_lang("ka_GE")
        response = self.url_open("/web/webclient/translations/1?lang=ka_GE&mods=web,mail")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        web = {m["id"]: m["string"] for m in body["modules"]["web"]["messages"]}
        self.assertEqual(web["Save & Close"], "შენახვა და დახურვა")
        self.assertEqual(web["Search More..."], "მეტის ძიება...")
        self.assertEqual(body["lang_parameters"]["decimal_point"], ",")
        if "mail" in body["modules"]:
            mail = {m["id"]: m["string"] for m in body["modules"]["mail"]["messages"]}
            self.assertEqual(mail.get("Log note"), "შენიშვნის ჩაწერა")


@tagged("post_install", "-at_install")
class TestVisitorLanguage(HttpCase):
    def test_visitors_read_georgian(self):
        """Someone not logged in, with an English browser, reads the login page in Georgian; ``?lang=``
        switches the visit to English; a logged-in user keeps their own language."""
        self.env["res.lang"]._activate_lang("ka_GE")
        self.env["base.language.install"].create(
            {"lang_ids": [(6, 0, self.env.ref("base.lang_ka_GE").ids)]}
        ).lang_install()
        english = {"Accept-Language": "en-US,en;q=0.9"}
        log_in = re.compile(r'<button type="submit" class="btn btn-primary">\s*([^<]+?)\s*</button>')

        def button(url="/web/login"):
            return log_in.search(self.url_open(url, headers=english).text).group(1)

        self.assertEqual(button(), "შესვლა")
        self.assertEqual(button("/web/login?lang=en_US"), "Log in")
        self.assertEqual(button(), "Log in", "the choice is kept for the visit")
        self.env["ir.config_parameter"].set_param("telmico_l10n_ka.visitor_lang", "browser")
        self.opener.cookies.clear()
        self.assertEqual(button(), "Log in", "without the parameter the browser decides")
        self.env["ir.config_parameter"].set_param("telmico_l10n_ka.visitor_lang", "ka_GE")
        self.opener.cookies.clear()
        self.assertEqual(button(), "შესვლა")


@tagged("post_install", "-at_install")
class TestCatalogues(TransactionCase):
    def test_placeholders_kept(self):
        """A translation keeps every placeholder and tag of its source (else Odoo fails to
        format the message or breaks the view)."""
        placeholder = re.compile(
            r"%\([\w .]+\)[sdfir]|%[sdfir]|%%|\{\{.*?\}\}|\$\{.*?\}|#\{.*?\}|</?[a-zA-Z][^>]*>|\{[\w.]*\}"
        )
        translated_attr = re.compile(r'\b(aria-label|title|alt|placeholder|data-tooltip)="[^"]*"')

        def tokens(text):
            return sorted(translated_attr.sub(r'\1=""', token) for token in placeholder.findall(text))

        wrong = []
        for module in sorted(catalogue.catalogued_modules()):
            for path in catalogue.po_paths(module, "ka_GE"):
                with open(path, "rb") as fileobj:
                    for row in TranslationFileReader(fileobj, fileformat="po"):
                        if row["value"] and tokens(row["value"]) != tokens(row["src"]):
                            wrong.append(f"{module}: {row['src']!r}")
        self.assertFalse(wrong, "translations that lost or changed a placeholder: " + "; ".join(wrong[:20]))
