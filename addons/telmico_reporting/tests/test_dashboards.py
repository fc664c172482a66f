import base64
import json

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.tests import HttpCase, tagged

from .common import ReportingCase


@tagged("post_install", "-at_install")
class TestDashboards(HttpCase, ReportingCase):
    def _dashboards(self):
        return self.env.ref("telmico_reporting.spreadsheet_dashboard_requests") | self.env.ref(
            "telmico_reporting.spreadsheet_dashboard_services_clients"
        )

    def test_dashboard_data_reads_existing_fields(self):
        """Every pivot and chart of the shipped dashboards reads fields that exist, with a domain that runs."""
        for dashboard in self._dashboards():
            data = json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))
            sources = [
                (pivot["model"], pivot["domain"], [m["fieldName"] for m in pivot["measures"]], pivot["rows"])
                for pivot in data["pivots"].values()
            ]
            for sheet in data["sheets"]:
                for figure in sheet["figures"]:
                    meta = figure["data"].get("metaData")
                    if meta:
                        groupby = [{"fieldName": name} for name in meta["groupBy"]]
                        sources.append(
                            (meta["resModel"], figure["data"]["searchParams"]["domain"], [meta["measure"]], groupby)
                        )
            self.assertTrue(sources)
            for model, domain, measures, rows in sources:
                Model = self.env[model].with_user(self.manager)
                fields = [m for m in measures if m != "__count"] + [row["fieldName"].split(":")[0] for row in rows]
                self.assertFalse([f for f in fields if f not in Model._fields], f"{dashboard.name}: {model}")
                Model._read_group(domain, [row["fieldName"] for row in rows], ["__count"])

    def test_manager_opens_the_dashboards(self):
        self.Daily._refresh()
        self.start_tour(
            "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
            "telmico_reporting_dashboard_tour",
            login="rep_manager",
        )

    def test_team_leader_sees_the_requests_dashboard_only(self):
        dashboards = self.env["spreadsheet.dashboard"].with_user(self.leader).search([])
        self.assertIn(self.env.ref("telmico_reporting.spreadsheet_dashboard_requests"), dashboards)
        self.assertNotIn(self.env.ref("telmico_reporting.spreadsheet_dashboard_services_clients"), dashboards)

    def test_one_reporting_menu_on_the_desk(self):
        """The Desk's menu bar has one Reporting entry: the desk's own reports and these side by side."""
        root = self.env.ref("telmico_desk.telmico_desk_menu_root")
        reporting = self.env.ref("telmico_desk.telmico_desk_menu_reporting")
        Menu = self.env["ir.ui.menu"]
        reporting_leader = mail_new_test_user(
            self.env, login="rep_only_leader", groups="telmico_reporting.group_reporting_leader", name="ანალიტიკოსი"
        )
        for user in (self.manager, reporting_leader):
            visible = Menu.browse(Menu.with_user(user)._visible_menu_ids())
            top = visible.filtered(lambda m: m.parent_id == root)  # noqa: B023
            self.assertEqual(len(top.filtered(lambda m: m.name == reporting.name)), 1, user.login)
            items = visible.filtered(lambda m: m.parent_id == reporting)  # noqa: B023
            self.assertIn(self.env.ref("telmico_reporting.telmico_reporting_menu_wizard"), items)
        # the desk's own reports stay for desk leaders
        visible = Menu.browse(Menu.with_user(reporting_leader)._visible_menu_ids())
        self.assertNotIn(self.env.ref("telmico_desk.telmico_request_work_session_menu"), visible)
        visible = Menu.browse(Menu.with_user(self.manager)._visible_menu_ids())
        self.assertIn(self.env.ref("telmico_desk.telmico_request_work_session_menu"), visible)
