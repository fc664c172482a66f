import re

from lxml import etree

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
        for model, screen in SCREENS:
            views = [(view and self.env.ref(view).id, view_type) for view, view_type in screen]
            for terms_left in (screen_terms_left, inline_terms_left):
                if terms := terms_left(self.env_en, self.env_ka, model, views, self.modules):
                    left[f"{model} {screen} {terms_left.__name__}"] = terms
        self.assertFalse(left, f"mailing terms left in English: {left}")

    def test_settings(self):
        """The mailing section of the settings ("Email Marketing"): its titles, settings and their help (the rest
        of the settings screen is other modules')."""
        views = [(self.env.ref("base.res_config_settings_view_form").id, "form")]
        sections = [
            etree.tostring(etree.fromstring(arch).find(".//app[@name='mass_mailing']"))
            for arch in (
                env["res.config.settings"].get_views(views)["views"]["form"]["arch"]
                for env in (self.env_en, self.env_ka)
            )
        ]
        terms = set().union(*(pot_terms(module) for module in self.modules))
        inline = {_plain(term) for term in terms if "<" in term}
        pairs = arch_pairs(*sections)
        # the labels of the settings' fields that the mailing modules define
        fields_en = self.env_en["res.config.settings"].fields_get(attributes=["string"])
        fields_ka = self.env_ka["res.config.settings"].fields_get(attributes=["string"])
        definitions = self.env["res.config.settings"]._fields
        pairs += [
            (field["string"], fields_ka[name]["string"])
            for name, field in fields_en.items()
            if set(definitions[name]._modules or ()) & set(self.modules)
        ]
        left = sorted(
            {en for en, ka in pairs if en == ka and (en in terms or _plain(en) in inline) and not ALLOWED.match(en)}
        )
        self.assertFalse(left, f"mailing settings left in English: {left}")

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
