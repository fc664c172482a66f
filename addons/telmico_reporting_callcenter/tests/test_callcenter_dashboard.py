import base64
import json
from datetime import datetime, timedelta

from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCallcentreDashboard(TransactionCase):
    """A known set of calls and the figures the call centre's dashboard shows a reporting manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="rep_cc_manager", groups="telmico_reporting.group_reporting_manager", name="მენეჯერი"
        )
        agent = "telmico_callcenter.group_callcenter_user"
        cls.agent = new_test_user(cls.env, login="rep_cc_agent", groups=agent, name="ნინო ოპერატორი")
        cls.agent2 = new_test_user(cls.env, login="rep_cc_agent2", groups=agent, name="ლაშა ოპერატორი")
        connection = cls.env["telmico.callcenter.connection"].create({"name": "CallApp", "secret": "s" * 32})
        start = datetime(2026, 3, 10, 6, 0)

        def call(name, wait, talk=None, user=None, direction="incoming", missed=False, ended=True):
            ringing = start + timedelta(minutes=len(name))
            answered = ringing + timedelta(seconds=wait) if talk is not None else False
            end = (answered or ringing) + timedelta(seconds=talk or (0 if talk is not None else wait))
            return {
                "name": name,
                "connection_id": connection.id,
                "direction": direction,
                "user_id": user and user.id,
                "date_ringing": ringing,
                "date_answered": answered,
                "date_ended": end if ended and not missed else False,
                "missed_reported": missed,
            }

        cls.env["telmico.call"].create(
            [
                call("c1", 10, 120, cls.agent),  # answered within the 20 s threshold
                call("c2", 30, 60, cls.agent2),  # answered late
                call("c3", 25, missed=True),  # missed
                call("c4", 8),  # abandoned: the caller hung up
                call("c5", 5, 300, cls.agent, direction="outgoing"),  # outbound: no service level, no outcome figure
                call("c6", 3, ended=False),  # still ringing: not counted yet
            ]
        )
        cls.env.flush_all()

    def _pivot_figures(self, pivot_name):
        dashboard = self.env.ref("telmico_reporting_callcenter.spreadsheet_dashboard_callcenter")
        data = json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))
        pivot = next(pivot for pivot in data["pivots"].values() if pivot["name"] == pivot_name)
        Model = self.env[pivot["model"]].with_user(self.manager)
        measures = [
            "__count" if m["fieldName"] == "__count" else f"{m['fieldName']}:{Model._fields[m['fieldName']].aggregator}"
            for m in pivot["measures"]
        ]
        rows = [row["fieldName"] for row in pivot["rows"]]
        groups = Model._read_group(pivot["domain"], rows, measures)
        return {group[: len(rows)]: group[len(rows) :] for group in groups}

    def test_figures_of_a_known_set_of_calls(self):
        (calls, ended_inbound, within) = self._pivot_figures("Calls: totals")[()]
        self.assertEqual((calls, ended_inbound, within), (6, 4, 1))
        (answered, wait, talk) = self._pivot_figures("Answered inbound calls")[()]
        self.assertEqual((answered, wait, talk), (2, 20.0, 90.0))
        self.assertEqual(100.0 * answered / ended_inbound, 50.0)  # the dashboard's answered %
        self.assertEqual(100.0 * within / ended_inbound, 25.0)  # its service level %
        self.assertEqual(
            self._pivot_figures("Inbound calls by outcome"),
            {("answered",): (2,), ("missed",): (1,), ("abandoned",): (1,)},
        )
        self.assertEqual(
            self._pivot_figures("Answered calls by agent"), {(self.agent,): (2, 210.0), (self.agent2,): (1, 60.0)}
        )

    def test_dashboard_for_reporting_managers_only(self):
        dashboard = self.env.ref("telmico_reporting_callcenter.spreadsheet_dashboard_callcenter")
        self.assertIn(dashboard, self.env["spreadsheet.dashboard"].with_user(self.manager).search([]))
        leader = new_test_user(self.env, login="rep_cc_leader", groups="telmico_reporting.group_reporting_leader")
        self.assertNotIn(dashboard, self.env["spreadsheet.dashboard"].with_user(leader).search([]))
