import logging
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.addons.telmico_desk.models.telmico_request import CHANNELS
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# the days of the figures are Tbilisi's days (the company works there; Georgia keeps UTC+4 all year)
REPORT_TZ = "Asia/Tbilisi"
DIRTY_TABLE = "telmico_reporting_dirty_day"


MEASURES = (
    "created_count",
    "answered_count",
    "response_hours",
    "response_work_hours",
    "resolved_count",
    "resolution_hours",
    "resolution_work_hours",
    "handling_minutes",
    "sla_met_count",
    "sla_breached_count",
    "rated_count",
    "rating_sum",
    "satisfied_count",
)
# a client's rating counted as satisfied (Odoo's rating: 5 satisfied, 3 okay, 1 dissatisfied)
SATISFIED_RATING = 4


class TelmicoReportingRequestFigures(models.AbstractModel):
    """The requests' figures of a day: the dimensions both tables of figures have, and the summed measures."""

    _name = "telmico.reporting.request.figures"
    _description = "Request figures"
    _order = "day desc, id"
    _log_access = False
    _rec_name = "day"

    day = fields.Date(required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    team_id = fields.Many2one("telmico.desk.team", readonly=True, index=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    created_count = fields.Integer(string="Created", readonly=True)
    answered_count = fields.Integer(string="Answered", readonly=True, help="Of the requests created, those answered.")
    response_hours = fields.Float(string="First response (hours, sum)", readonly=True)
    response_work_hours = fields.Float(string="First response (working hours, sum)", readonly=True)
    resolved_count = fields.Integer(string="Resolved", readonly=True)
    resolution_hours = fields.Float(string="Resolution (hours, sum)", readonly=True)
    resolution_work_hours = fields.Float(string="Resolution (working hours, sum)", readonly=True)
    handling_minutes = fields.Float(string="Handling time (minutes, sum)", readonly=True)
    sla_met_count = fields.Integer(string="SLA met", readonly=True)
    sla_breached_count = fields.Integer(string="SLA breached", readonly=True)
    rated_count = fields.Integer(
        string="Rated", readonly=True, help="Of the requests resolved, those the client rated (their last rating)."
    )
    rating_sum = fields.Float(string="Rating (sum)", readonly=True, help="1 dissatisfied, 3 okay, 5 satisfied.")
    satisfied_count = fields.Integer(
        string="Satisfied",
        readonly=True,
        help="Of the requests rated, those rated satisfied: CSAT % = satisfied / rated.",
    )


class TelmicoReportingRequestDailyTeam(models.Model):
    """The daily figures without the agent (day x company x team x channel x category): a few hundred rows a day
    whatever the number of agents, what the dashboards' widgets read. Counted in the same statement as the figures
    per agent, for the same days."""

    _name = "telmico.reporting.request.daily.team"
    _inherit = "telmico.reporting.request.figures"
    _description = "Requests per day and team"
    _log_access = False  # rows counted in SQL: no author, no dates

    category_id = fields.Many2one("telmico.request.category", readonly=True)


class TelmicoReportingRequestDaily(models.Model):
    """The requests' figures per day, company, team, channel and agent, counted in SQL (the figures per category
    are in the table per team: with the category as well, nearly every request of an agent's day had its own row,
    and the table was as long as the requests).

    Dashboards and reports read this table instead of millions of requests. A request counts as created on the
    day of its registration (with its first response) and as resolved on the day of its resolution (with its
    resolution time and SLA result); registrations started and abandoned are left out. A change of a request
    marks its days (before and after the change) in a small table; the cron counts those days again, and only
    those.
    """

    _name = "telmico.reporting.request.daily"
    _inherit = "telmico.reporting.request.figures"
    _description = "Requests per day"
    _log_access = False  # rows counted in SQL: no author, no dates

    user_id = fields.Many2one("res.users", string="Agent", readonly=True, index="btree_not_null")

    def init(self):
        self.env.cr.execute(SQL("CREATE TABLE IF NOT EXISTS %s (day date PRIMARY KEY)", SQL.identifier(DIRTY_TABLE)))

    # ------------------------------------------------------------ business

    @api.model
    def _mark_requests(self, request_ids):
        """The days these requests are counted on (registration and resolution) must be counted again."""
        requests = self.env["telmico.request"].browse(request_ids)
        tz = pytz.timezone(REPORT_TZ)
        days = set()
        for request in requests:
            for moment in (request.date_registered, request.date_resolved):
                if moment:
                    days.add(pytz.utc.localize(moment).astimezone(tz).date())
        if days:
            self.env.cr.execute(
                SQL(
                    "INSERT INTO %s (day) SELECT unnest(%s::date[]) ON CONFLICT DO NOTHING",
                    SQL.identifier(DIRTY_TABLE),
                    sorted(days),
                )
            )

    @api.model
    def _cron_refresh(self):
        """Count again the days marked since the last run (and only those)."""
        self.env["telmico.request"].flush_model()
        self.env.cr.execute(SQL("DELETE FROM %s RETURNING day", SQL.identifier(DIRTY_TABLE)))
        days = sorted(row[0] for row in self.env.cr.fetchall())
        if days:
            self._refresh(days)
            _logger.info("Daily request figures counted again for %s day(s)", len(days))
        return days

    @api.model
    def _refresh(self, days=None):
        """Count the figures of these days again (every day when ``days`` is None), in one statement each."""
        self.env["telmico.request"].flush_model()
        teams = self.env["telmico.reporting.request.daily.team"]
        if days is None:
            for table in (self._table, teams._table):
                self.env.cr.execute(SQL("DELETE FROM %s", SQL.identifier(table)))
            created_scope = resolved_scope = SQL("")
        else:
            for table in (self._table, teams._table):
                self.env.cr.execute(
                    SQL("DELETE FROM %s WHERE day = ANY(%s::date[])", SQL.identifier(table), list(days))
                )
            created_scope = self._day_scope("date_registered", days)
            resolved_scope = self._day_scope("date_resolved", days)
        measures = SQL(", ").join(SQL.identifier(measure) for measure in MEASURES)
        sums = SQL(", ").join(SQL("SUM(%s)", SQL.identifier(measure)) for measure in MEASURES)
        # one reading of the requests of those days, summed into both tables (a data-modifying CTE)
        self.env.cr.execute(
            SQL(
                """
                WITH figures AS MATERIALIZED (
                    SELECT %(created_day)s AS day, r.company_id, r.team_id, r.channel, r.category_id, r.user_id,
                           1 AS created_count,
                           (r.date_first_response IS NOT NULL)::int AS answered_count,
                           COALESCE(r.response_hours, 0) AS response_hours,
                           COALESCE(r.response_work_hours, 0) AS response_work_hours,
                           0 AS resolved_count, 0.0 AS resolution_hours, 0.0 AS resolution_work_hours,
                           0.0 AS handling_minutes, 0 AS sla_met_count, 0 AS sla_breached_count,
                           0 AS rated_count, 0.0 AS rating_sum, 0 AS satisfied_count
                      FROM telmico_request r
                     WHERE r.state != 'draft' AND r.date_registered IS NOT NULL AND r.interrupted IS NOT TRUE
                           %(created_scope)s
                    UNION ALL
                    SELECT %(resolved_day)s, r.company_id, r.team_id, r.channel, r.category_id, r.user_id,
                           0, 0, 0.0, 0.0,
                           1,
                           COALESCE(r.resolution_hours, 0),
                           COALESCE(r.resolution_work_hours, 0),
                           COALESCE(r.handling_minutes, 0),
                           (r.sla_state = 'met')::int,
                           (r.sla_state = 'breached')::int,
                           (COALESCE(r.rating_last_value, 0) > 0)::int,
                           GREATEST(COALESCE(r.rating_last_value, 0), 0),
                           (COALESCE(r.rating_last_value, 0) >= %(satisfied)s)::int
                      FROM telmico_request r
                     WHERE r.state IN ('resolved', 'closed') AND r.date_resolved IS NOT NULL
                       AND r.date_registered IS NOT NULL AND r.interrupted IS NOT TRUE
                           %(resolved_scope)s
                ), agents AS (
                    INSERT INTO %(table)s (day, company_id, team_id, channel, user_id, %(measures)s)
                    SELECT day, company_id, team_id, channel, user_id, %(sums)s
                      FROM figures
                     GROUP BY day, company_id, team_id, channel, user_id
                )
                INSERT INTO %(teams)s (day, company_id, team_id, channel, category_id, %(measures)s)
                SELECT day, company_id, team_id, channel, category_id, %(sums)s
                  FROM figures
                 GROUP BY day, company_id, team_id, channel, category_id
                """,
                table=SQL.identifier(self._table),
                teams=SQL.identifier(teams._table),
                measures=measures,
                sums=sums,
                satisfied=SATISFIED_RATING,
                created_day=self._local_day("date_registered"),
                resolved_day=self._local_day("date_resolved"),
                created_scope=created_scope,
                resolved_scope=resolved_scope,
            )
        )
        self.invalidate_model()
        teams.invalidate_model()

    @api.model
    def _local_day(self, column):
        """The Tbilisi day of a request's UTC moment."""
        return SQL("(r.%s AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", SQL.identifier(column), REPORT_TZ)

    @api.model
    def _day_scope(self, column, days):
        """A condition keeping the requests whose ``column`` falls on one of ``days`` (Tbilisi's days): one UTC range
        per day, constants that the planner estimates from the column's statistics (a join on the list of days was
        estimated at a tenth of the table, and PostgreSQL compiled the statement (JIT) for seconds)."""
        tz = pytz.timezone(REPORT_TZ)
        ranges = []
        for day in sorted(set(days)):
            start = tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
            end = tz.localize(datetime.combine(day + timedelta(days=1), time.min)).astimezone(pytz.utc)
            ranges.append(
                SQL(
                    "(r.%s >= %s AND r.%s < %s)",
                    SQL.identifier(column),
                    start,
                    SQL.identifier(column),
                    end.replace(tzinfo=None),
                )
            )
        return SQL("AND (%s)", SQL(" OR ").join(ranges)) if ranges else SQL("AND FALSE")
