from odoo.tests import Form

from .common import ClientCardCase


class TestViews(ClientCardCase):
    def test_every_action_opens_for_its_role(self):
        """Each window action of the addon loads its views for the role its menu is meant for."""
        data = self.env["ir.model.data"].search(
            [("module", "=", "telmico_client_card"), ("model", "=", "ir.actions.act_window")]
        )
        actions = self.env["ir.actions.act_window"].browse(data.mapped("res_id"))
        self.assertGreaterEqual(len(actions), 9)
        for action in actions:
            if action.res_model == "res.config.settings":
                user = self.env.ref("base.user_admin")
            elif action.res_model.startswith("telmico.billing"):
                user = self.manager
            else:
                user = self.supervisor
            modes = [(False, mode) for mode in action.view_mode.split(",")]
            self.assertTrue(self.env[action.res_model].with_user(user).get_views(modes)["views"], action.name)

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

    def test_settings_threshold(self):
        form = Form(self.env["res.config.settings"].with_user(self.env.ref("base.user_admin")))
        form.telmico_debt_alert_threshold = 75
        form.save().execute()
        self.assertEqual(self.env["ir.config_parameter"].get_param("telmico_client_card.debt_alert_threshold"), "75.0")

    def test_segment_and_role_lists(self):
        with Form(self.env["telmico.client.segment"].with_user(self.manager)) as form:
            form.name = "პენსიონერი"
            form.code = "pensioner"
        self.assertEqual(form.record.code, "pensioner")

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
