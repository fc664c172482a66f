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

    def _pivot_figures(self, dashboard_xmlid, pivot_name):
        """The figures a pivot of a shipped dashboard shows the manager: {row value: (measures...)}."""
        pivot = self._pivot(dashboard_xmlid, pivot_name)
        rows = [row["fieldName"] for row in pivot["rows"]]
        measures = [
            m["fieldName"] if m["fieldName"] == "__count" else f"{m['fieldName']}:sum" for m in pivot["measures"]
        ]
        groups = self.env[pivot["model"]].with_user(self.manager)._read_group(pivot["domain"], rows, measures)
        return {group[: len(rows)]: group[len(rows) :] for group in groups}

    def test_clients_duplicates_and_court_cases(self):
        """The services and clients dashboard counts the probable duplicates still to review (by reason) and the
        open court cases with their amount."""
        Partner = self.env["res.partner"]
        clients = Partner.create([{"name": name, "is_client": True} for name in ("ანა", "ანნა", "ბექა", "ბესო")])
        Duplicate = self.env["telmico.client.duplicate"]
        Duplicate.create(
            [
                {"partner_id": clients[0].id, "duplicate_partner_id": clients[1].id, "reason": "phone"},
                {"partner_id": clients[2].id, "duplicate_partner_id": clients[3].id, "reason": "phone"},
                {"partner_id": clients[0].id, "duplicate_partner_id": clients[2].id, "reason": "name_address"},
                {
                    "partner_id": clients[1].id,
                    "duplicate_partner_id": clients[3].id,
                    "reason": "identifier",
                    "state": "dismissed",
                },
            ]
        )
        Case = self.env["telmico.debt.case"]
        Case.create(
            [
                {"name": "2-1", "partner_id": clients[0].id, "kind": "court", "amount": 1200},
                {"name": "2-2", "partner_id": clients[1].id, "kind": "court", "amount": 300},
                {"name": "2-3", "partner_id": clients[2].id, "kind": "court", "amount": 50, "state": "closed"},
                {"name": "P-4", "partner_id": clients[3].id, "kind": "pre_court", "amount": 80},
            ]
        )
        dashboard = "telmico_reporting.spreadsheet_dashboard_services_clients"
        self.assertEqual(
            self._pivot_figures(dashboard, "Probable duplicate clients"), {("phone",): (2,), ("name_address",): (1,)}
        )
        self.assertEqual(self._pivot_figures(dashboard, "Open court cases"), {(): (2, 1500.0)})

    def test_csat_by_agent_and_team(self):
        tokens = {request: request._rating_get_access_token() for request in self.email_request | self.urgent_call}
        self.email_request.rating_apply(5, token=tokens[self.email_request])
        self.urgent_call.rating_apply(1, token=tokens[self.urgent_call])
        self.Daily._refresh()
        dashboard = "telmico_reporting.spreadsheet_dashboard_requests"
        by_agent = self._pivot_figures(dashboard, "Requests by agent")
        names = [m["fieldName"] for m in self._pivot(dashboard, "Requests by agent")["measures"]]
        rated, rating, satisfied = (names.index(n) for n in ("rated_count", "rating_sum", "satisfied_count"))
        self.assertEqual(
            {agent: (row[rated], row[rating], row[satisfied]) for (agent,), row in by_agent.items()},
            {self.agent: (1, 5.0, 1), self.agent2: (1, 1.0, 0), self.outsider: (0, 0.0, 0)},
        )
        (totals,) = self._pivot_figures(dashboard, "Requests: totals").values()
        names = [m["fieldName"] for m in self._pivot(dashboard, "Requests: totals")["measures"]]
        self.assertEqual((totals[names.index("rated_count")], totals[names.index("satisfied_count")]), (2, 1))

    def _pivot(self, dashboard_xmlid, pivot_name):
        data = json.loads(base64.b64decode(self.env.ref(dashboard_xmlid).spreadsheet_binary_data))
        return next(pivot for pivot in data["pivots"].values() if pivot["name"] == pivot_name)

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
            top = visible.filtered(lambda m: m.parent_id == root)
            self.assertEqual(len(top.filtered(lambda m: m.name == reporting.name)), 1, user.login)
            items = visible.filtered(lambda m: m.parent_id == reporting)
            self.assertIn(self.env.ref("telmico_reporting.telmico_reporting_menu_wizard"), items)
        # the desk's own reports stay for desk leaders
        visible = Menu.browse(Menu.with_user(reporting_leader)._visible_menu_ids())
        self.assertNotIn(self.env.ref("telmico_desk.telmico_request_work_session_menu"), visible)
        visible = Menu.browse(Menu.with_user(self.manager)._visible_menu_ids())
        self.assertIn(self.env.ref("telmico_desk.telmico_request_work_session_menu"), visible)
