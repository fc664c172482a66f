from odoo.addons.telmico_l10n_ka.tests.common import GeorgianCase, action_views, screen_terms_left, web_terms_left
from odoo.tests import tagged

# core modules whose terms the mailing screens show
MODULES = ["mass_mailing", "mass_mailing_sms"]
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


@tagged("post_install", "-at_install")
class TestMailingInGeorgian(GeorgianCase):
    """With telmico_l10n_ka, mass_mailing's own terms on the mailing screens of our menus read Georgian."""

    def test_screens(self):
        left = {}
        for model, xmlid in ACTIONS:
            if terms := screen_terms_left(self.env_en, self.env_ka, model, action_views(self.env, xmlid), MODULES):
                left[xmlid] = terms
        for model, screen in SCREENS:
            views = [(view and self.env.ref(view).id, view_type) for view, view_type in screen]
            if terms := screen_terms_left(self.env_en, self.env_ka, model, views, MODULES):
                left[f"{model} {screen}"] = terms
        self.assertFalse(left, f"mailing terms left in English: {left}")

    def test_web_client_terms(self):
        left = {module: terms for module in MODULES if (terms := web_terms_left(self.env, module, NOT_OURS))}
        self.assertFalse(left, f"web client terms left in English: {left}")
