from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ReportingCase

DIMENSIONS = ["team_id", "channel", "category_id", "user_id"]


@tagged("post_install", "-at_install")
class TestDaily(ReportingCase):
    def _live(self, date_field, domain):
        """The figures counted live on the requests of the data set, as read_group gives them (Tbilisi's days)."""
        Request = self.env["telmico.request"].with_context(tz="Asia/Tbilisi")
        ours = self.email_request | self.urgent_call | self.open_request | self.extra_requests()
        groups = Request._read_group(
            [("id", "in", ours.ids), ("state", "!=", "draft"), ("interrupted", "=", False), *domain],
            [f"{date_field}:day", *DIMENSIONS],
            ["__count", "resolution_work_hours:sum", "response_work_hours:sum"],
        )
        return {
            (day.date() if isinstance(day, datetime) else day, team.id, channel, category.id, user.id): (
                count,
                round(resolution, 6),
                round(response, 6),
            )
            for day, team, channel, category, user, count, resolution, response in groups
        }

    def _daily(self, measure, hours):
        groups = self.Daily._read_group(
            [(measure, ">", 0), ("day", ">=", "2026-03-01"), ("day", "<", "2026-04-01")],
            ["day:day", *DIMENSIONS],
            [f"{measure}:sum", f"{hours}:sum", "response_work_hours:sum"],
        )
        return {
            (day, team.id, channel, category.id, user.id): (
                count,
                round(hours_sum, 6) if hours == "resolution_work_hours" else 0.0,
                round(response, 6) if measure == "created_count" else 0.0,
            )
            for day, team, channel, category, user, count, hours_sum, response in groups
        }

    def extra_requests(self):
        return self.env["telmico.request"].search([("subject", "=", "Extra")])

    def assertDailyEqualsLive(self):
        live_created = {
            key: (count, 0.0, response) for key, (count, _res, response) in self._live("date_registered", []).items()
        }
        self.assertEqual(self._daily("created_count", "response_work_hours"), live_created)
        live_resolved = {
            key: (count, resolution, 0.0)
            for key, (count, resolution, _resp) in self._live(
                "date_resolved", [("state", "in", ("resolved", "closed"))]
            ).items()
        }
        self.assertEqual(self._daily("resolved_count", "resolution_work_hours"), live_resolved)

    def test_daily_figures_equal_live_read_group(self):
        self.Daily._refresh()
        self.assertDailyEqualsLive()
        self.assertTeamFiguresAreTheDailyOnes()
        monday = self.Daily.search([("day", "=", "2026-03-02")])
        self.assertEqual(sum(monday.mapped("created_count")), 3)
        wednesday = self.Daily.search([("day", "=", "2026-03-04")])
        self.assertEqual(sum(wednesday.mapped("resolved_count")), 2)
        self.assertEqual((sum(wednesday.mapped("sla_met_count")), sum(wednesday.mapped("sla_breached_count"))), (1, 1))
        self.assertAlmostEqual(sum(wednesday.mapped("resolution_work_hours")), 16.0)

    def assertTeamFiguresAreTheDailyOnes(self):
        """The figures without the agent are the daily figures summed over the agents."""
        groupby = ["day:day", "team_id", "channel", "category_id"]
        measures = ["created_count:sum", "resolved_count:sum", "resolution_work_hours:sum", "sla_met_count:sum"]
        teams = self.env["telmico.reporting.request.daily.team"]._read_group([], groupby, measures)
        self.assertTrue(teams)
        self.assertEqual(teams, self.Daily._read_group([], groupby, measures))

    def test_incremental_refresh_counts_changed_days_only(self):
        self.Daily._refresh()
        self.Daily._cron_refresh()  # the days the data set marked: counted already
        with freeze_time("2026-03-05 22:30:00"):  # Fri 6 March 02:30 in Tbilisi, still Thursday in UTC
            self._request(subject="Extra", channel="chat", user_id=self.agent.id)
        with freeze_time("2026-03-05 08:00:00"):
            self.email_request.write({"state": "in_progress"})  # reopened: Wednesday loses its resolution
        self.assertEqual(self.Daily._cron_refresh(), [date(2026, 3, 2), date(2026, 3, 4), date(2026, 3, 6)])
        self.assertDailyEqualsLive()
        wednesday = self.Daily.search([("day", "=", "2026-03-04")])
        self.assertEqual(sum(wednesday.mapped("resolved_count")), 1)
        self.assertEqual(self.Daily._cron_refresh(), [])

        # a request that changes without changing its days (another team) leaves the other days alone
        self.Daily._cron_refresh()
        friday_ids = self.Daily.search([("day", "=", "2026-03-06")]).ids
        self.assertTrue(friday_ids)
        self.urgent_call.team_id = self.other_team
        self.assertEqual([str(day) for day in self.Daily._cron_refresh()], ["2026-03-02", "2026-03-04"])
        self.assertEqual(self.Daily.search([("day", "=", "2026-03-06")]).ids, friday_ids)
        self.assertDailyEqualsLive()
        self.assertTeamFiguresAreTheDailyOnes()

    def test_team_leader_sees_the_teams_led(self):
        self.Daily._refresh()
        teams = self.Daily.with_user(self.leader).search([]).team_id
        self.assertEqual(teams, self.team)
        Teams = self.env["telmico.reporting.request.daily.team"]
        self.assertEqual(Teams.with_user(self.leader).search([]).team_id, self.team)
        with self.assertRaises(AccessError):
            Teams.with_user(self.agent).search([])
        self.assertEqual(self.Daily.with_user(self.manager).search([]).team_id, self.team | self.other_team)
        with self.assertRaises(AccessError):
            self.Daily.with_user(self.agent).search([])
