from lxml import etree
from psycopg2 import IntegrityError

from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import ClientCardCase


class TestViews(ClientCardCase):
    def test_menus_follow_the_roles(self):
        """Operators see clients, subscribers and debt cases; duplicates are for supervisors; configuration for managers."""
        Menu = self.env["ir.ui.menu"]

        def visible(user):
            """Menus the user reaches: visible with every menu above them."""
            ids = Menu.with_user(user)._visible_menu_ids()
            reached = [
                menu.id for menu in Menu.browse(ids) if all(int(i) in ids for i in menu.parent_path.split("/")[:-1])
            ]
            data = self.env["ir.model.data"].search(
                [("module", "=", "telmico_client_card"), ("model", "=", "ir.ui.menu"), ("res_id", "in", reached)]
            )
            return set(data.mapped("name"))

        daily = {"telmico_client_menu", "telmico_subscriber_menu", "telmico_debt_case_menu"}
        config = {"telmico_client_segment_menu", "telmico_billing_backend_menu", "telmico_billing_outbox_menu"}
        operator = visible(self.user)
        self.assertTrue(daily <= operator)
        self.assertNotIn("telmico_client_duplicate_menu", operator)
        self.assertFalse(config & operator)
        self.assertIn("telmico_client_duplicate_menu", visible(self.supervisor))
        self.assertFalse(config & visible(self.supervisor))
        self.assertTrue(config <= visible(self.manager))
        self.assertNotIn("telmico_client_card_settings_menu", visible(self.manager), "settings are the system admin's")

    def test_debt_case_form(self):
        client = self._client(name="ლაშა ბოლქვაძე")
        with Form(self.env["telmico.debt.case"].with_user(self.supervisor)) as form:
            form.name = "წს-12/2026"
            form.partner_id = client
            form.kind = "court"
            form.court = "თბილისის საქალაქო სასამართლო"
            form.amount = 180
        case = form.record
        self.assertEqual((case.state, case.user_id), ("open", self.supervisor))
        with Form(case) as form:
            form.state = "closed"
            self.assertTrue(form.closed_on, "closing fills the date")

    def test_settings_threshold_moves_the_debt_warning(self):
        """The debt threshold set in the settings decides which client cards warn about a debt (250 GEL here)."""
        client = self._client(name="ნანა ღლონტი", identity_confirmed=True)
        self.env["telmico.subscriber.link"].create(
            {"partner_id": client.id, "subscriber_id": self.sub1.id, "role_id": self.role_tenant.id}
        )
        for threshold, warned in ((300, False), (75, True)):
            form = Form(self.env["res.config.settings"].with_user(self.env.ref("base.user_admin")))
            form.telmico_debt_alert_threshold = threshold
            form.save().execute()
            client.invalidate_recordset(["attention_message"])
            self.assertEqual("Debt of 250.00" in (client.attention_message or ""), warned, threshold)

    def test_segment_code_is_unique(self):
        """Segments are matched by code (imports, the demo): a second segment with a taken code is refused."""
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["telmico.client.segment"].with_user(self.manager).create({"name": "ვიპ", "code": "vip"})

    def test_statement_report(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("telmico_client_card.report_subscriber_statement", self.sub1.ids)[0]
            .decode()
        )
        self.assertIn("1000000001", html)
        self.assertIn("ჭავჭავაძის გამზირი 12", html)
        self.assertIn("250.00", html)
        self.env.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        action = self.sub1.action_print_statement()
        self.assertEqual(
            (action["type"], action["report_name"]),
            ("ir.actions.report", "telmico_client_card.report_subscriber_statement"),
        )


@tagged("post_install", "-at_install")
class TestCardLayout(ClientCardCase):
    """The client card as the addons installed together render it (sms wraps the phones in rows of its own)."""

    def test_card_opens_on_the_client_tab(self):
        arch = etree.fromstring(self.env["res.partner"].get_views([(False, "form")])["views"]["form"]["arch"])
        self.assertEqual([page.get("name") for page in arch.xpath("//notebook/page[@autofocus]")], ["telmico_client"])

    def test_national_phones_have_rows_of_their_own(self):
        """A landline is not shown inside the mobile's row."""
        arch = etree.fromstring(self.env["res.partner"].get_views([(False, "form")])["views"]["form"]["arch"])
        for name in ("phone_national", "mobile_national"):
            field = arch.xpath(f"//sheet/group//field[@name='{name}']")[0]
            self.assertEqual(field.getparent().tag, "group", f"{name} is not inside the mobile's row")
