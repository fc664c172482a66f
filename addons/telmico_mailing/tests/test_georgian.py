import re

from odoo.addons.telmico_l10n_ka.tests.common import (
    ALLOWED,
    GeorgianCase,
    action_views,
    arch_pairs,
    pot_terms,
    screen_terms_left,
    web_terms_left,
)
from odoo.tests import tagged

# core modules whose terms the mailing screens show
MODULES = ["mass_mailing", "mass_mailing_sms"]
# the bridges that add to those screens when their other dependency is installed (auto_install): the sale
# and CRM stat buttons of the mailing form
BRIDGES = ["mass_mailing_sale", "mass_mailing_sale_sms", "mass_mailing_crm", "mass_mailing_crm_sms"]
# the mailing screens of our menus (SMS, e-mail and cabinet mailings): (model, window action)
ACTIONS = [
    ("mailing.mailing", "mass_mailing_sms.mailing_mailing_action_sms"),
    ("mailing.mailing", "mass_mailing.mailing_mailing_action_mail"),
    ("mailing.mailing", "telmico_mailing.mailing_mailing_action_cabinet"),
]
# the statistics a mailing's buttons open (its traces, as in Mailing._action_view_traces_filtered), and the
# dialogs of the mailing form (test, schedule): (model, [(view xmlid or False, type)])
SCREENS = [
    (
        "mailing.trace",
        [
            ("mass_mailing.mailing_trace_view_tree_mail", "list"),
            ("mass_mailing.mailing_trace_view_form", "form"),
            (False, "search"),
        ],
    ),
    (
        "mailing.trace",
        [
            ("mass_mailing_sms.mailing_trace_view_tree_sms", "list"),
            ("mass_mailing_sms.mailing_trace_view_form_sms", "form"),
        ],
    ),
    ("mailing.mailing.test", [("mass_mailing.view_mail_mass_mailing_test_form", "form")]),
    ("mailing.sms.test", [("mass_mailing_sms.mailing_sms_test_view_form", "form")]),
    ("mailing.mailing.schedule.date", [("mass_mailing.mailing_mailing_schedule_date_view_form", "form")]),
]
# the settings screen, where the mailing section ("Email Marketing") is mass_mailing's
SETTINGS = [("res.config.settings", [("base.res_config_settings_view_form", "form")])]
# web client terms of mass_mailing that never show on our mailing screens: the mailing lists and contacts'
# screens, the e-mail designer's snippets and themes (website-like editor), the tours
NOT_OURS = ("/tours/", "/snippets/", "mailing_list", "mailing_contact", "/themes/")


def _plain(text):
    return " ".join(re.sub(r"<[^>]*>", " ", text).split())


def inline_terms_left(env_en, env_ka, model, views, modules):
    """The texts of ``views`` left in English whose term carries its inline tags (``<span name="sent">emails
    have been sent.</span>``): ``screen_terms_left`` compares a text with whole terms only."""
    terms = {_plain(term) for module in modules for term in pot_terms(module) if "<" in term}
    result_en = env_en[model].get_views(views)
    result_ka = env_ka[model].get_views(views)
    pairs = []
    for view_type, view in result_en["views"].items():
        if view["id"]:
            pairs += arch_pairs(view["arch"], result_ka["views"][view_type]["arch"])
    return sorted({en for en, ka in pairs if en == ka and _plain(en) in terms and not ALLOWED.match(en)})


@tagged("post_install", "-at_install")
class TestMailingInGeorgian(GeorgianCase):
    """With telmico_l10n_ka, mass_mailing's own terms on the mailing screens of our menus read Georgian."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        installed = cls.env["ir.module.module"].search([("state", "=", "installed"), ("name", "in", BRIDGES)])
        cls.modules = MODULES + installed.mapped("name")

    def test_screens(self):
        left = {}
        for model, xmlid in ACTIONS:
            views = action_views(self.env, xmlid)
            if terms := screen_terms_left(self.env_en, self.env_ka, model, views, self.modules):
                left[xmlid] = terms
            # the texts of a term with inline tags, e.g. the banner of a sent mailing
            if terms := inline_terms_left(self.env_en, self.env_ka, model, views, self.modules):
                left[f"{xmlid} (inline)"] = terms
        for model, screen in SCREENS + SETTINGS:
            views = [(view and self.env.ref(view).id, view_type) for view, view_type in screen]
            for terms_left in (screen_terms_left, inline_terms_left):
                if terms := terms_left(self.env_en, self.env_ka, model, views, self.modules):
                    left[f"{model} {screen} {terms_left.__name__}"] = terms
        self.assertFalse(left, f"mailing terms left in English: {left}")

    def test_menus(self):
        """The app (its home-menu tile) and every menu of the mailing modules."""
        data = self.env["ir.model.data"].search([("model", "=", "ir.ui.menu"), ("module", "in", self.modules)])
        terms = set().union(*(pot_terms(module) for module in self.modules))
        left = sorted(
            menu.name
            for menu in self.env_en["ir.ui.menu"].browse(data.mapped("res_id")).exists()
            if menu.name in terms and menu.with_env(self.env_ka).name == menu.name and not ALLOWED.match(menu.name)
        )
        self.assertFalse(left, f"mailing menus left in English: {left}")

    def test_web_client_terms(self):
        left = {module: terms for module in self.modules if (terms := web_terms_left(self.env, module, NOT_OURS))}
        self.assertFalse(left, f"web client terms left in English: {left}")
