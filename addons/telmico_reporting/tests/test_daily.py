from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ReportingCase

# the figures per agent: without the category (the figures per team have it)
DIMENSIONS = ["team_id", "channel", "user_id"]


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
            (day.date() if isinstance(day, datetime) else day, team.id, channel, user.id): (
                count,
                round(resolution, 6),
                round(response, 6),
            )
            for day, team, channel, user, count, resolution, response in groups
        }

    def _daily(self, measure, hours):
        groups = self.Daily._read_group(
            [(measure, ">", 0), ("day", ">=", "2026-03-01"), ("day", "<", "2026-04-01")],
            ["day:day", *DIMENSIONS],
            [f"{measure}:sum", f"{hours}:sum", "response_work_hours:sum"],
        )
        return {
            (day, team.id, channel, user.id): (
                count,
                round(hours_sum, 6) if hours == "resolution_work_hours" else 0.0,
                round(response, 6) if measure == "created_count" else 0.0,
            )
            for day, team, channel, user, count, hours_sum, response in groups
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
        """The figures without the agent are the daily figures summed over the agents, and per category they are
        the requests' own."""
        groupby = ["day:day", "team_id", "channel"]
        measures = [
            "created_count:sum",
            "resolved_count:sum",
            "resolution_work_hours:sum",
            "sla_met_count:sum",
            "rated_count:sum",
            "satisfied_count:sum",
        ]
        Teams = self.env["telmico.reporting.request.daily.team"]
        teams = Teams._read_group([], groupby, measures)
        self.assertTrue(teams)
        self.assertEqual(teams, self.Daily._read_group([], groupby, measures))
        ours = self.email_request | self.urgent_call | self.open_request | self.extra_requests()
        live = (
            self.env["telmico.request"]
            .with_context(tz="Asia/Tbilisi")
            ._read_group([("id", "in", ours.ids), ("state", "!=", "draft")], ["category_id"], ["__count"])
        )
        self.assertEqual(
            {category.id: count for category, count in live},
            {category.id: count for category, count in Teams._read_group([], ["category_id"], ["created_count:sum"])},
        )

    def test_one_row_per_agent_day_and_channel(self):
        """The figures per agent do not split an agent's day by category: with 150 agents, 7 channels and 8
        categories nearly every request had its own row (0.8 row per request on the benchmark), and the table
        was no faster than the requests."""
        question = self.env["telmico.request.category"].create({"name": "შეკითხვა"})
        with freeze_time("2026-03-02 09:00:00"):
            for category in (self.env.ref("telmico_desk.category_complaint"), question):
                self._request(subject="Extra", user_id=self.agent.id, category_id=category.id)
        self.Daily._refresh()
        monday = self.Daily.search([("day", "=", "2026-03-02"), ("user_id", "=", self.agent.id)])
        self.assertEqual(monday.mapped("channel"), ["email"])
        self.assertEqual(monday.created_count, 3)
        team_rows = self.env["telmico.reporting.request.daily.team"].search(
            [("day", "=", "2026-03-02"), ("team_id", "=", self.team.id), ("channel", "=", "email")]
        )
        self.assertEqual(len(team_rows), 3)  # the email request's category and the two extra ones
        self.assertDailyEqualsLive()
        self.assertTeamFiguresAreTheDailyOnes()

    def test_ratings_per_agent_on_the_day_of_resolution(self):
        """The clients' last ratings count on the resolution's day, for the agent; a rating given later marks
        that day to be counted again."""
        tokens = {request: request._rating_get_access_token() for request in self.email_request | self.urgent_call}
        self.Daily._refresh()
        self.Daily._cron_refresh()
        with freeze_time("2026-03-06 08:00:00"):
            self.email_request.rating_apply(5, token=tokens[self.email_request])
            self.urgent_call.rating_apply(1, token=tokens[self.urgent_call])
        self.assertEqual(self.Daily._cron_refresh(), [date(2026, 3, 2), date(2026, 3, 4)])
        groups = self.Daily._read_group(
            [("day", "=", "2026-03-04")], ["user_id"], ["rated_count:sum", "rating_sum:sum", "satisfied_count:sum"]
        )
        self.assertEqual(
            {user: (rated, rating, satisfied) for user, rated, rating, satisfied in groups},
            {self.agent: (1, 5.0, 1), self.agent2: (1, 1.0, 0)},
        )
        self.assertTeamFiguresAreTheDailyOnes()

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
