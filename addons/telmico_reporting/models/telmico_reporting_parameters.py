import io
from datetime import datetime, time, timedelta

import pytz
import xlsxwriter

from odoo import api, fields, models
from odoo.addons.telmico_desk.models.telmico_request import CHANNELS
from odoo.tools import SQL

from .telmico_reporting_request_daily import REPORT_TZ

REPORT_TYPES = [
    ("daily_operations", "Daily operations"),
    ("sla", "SLA compliance"),
    ("complaints", "Complaints register"),
    ("services_overdue", "Services overdue by department"),
    ("agent_performance", "Agent performance"),
]
# the parameters each report takes into account (the others are hidden on the form)
REPORT_PARAMETERS = {
    "daily_operations": {"team_ids", "channel", "agent_id"},
    "sla": {"team_ids", "channel", "agent_id"},
    "complaints": {"team_ids", "channel", "agent_id"},
    "services_overdue": {"template_id", "department_id", "agent_id"},
    "agent_performance": {"team_ids", "channel", "agent_id"},
}
REGISTER_LIMIT = 100000  # rows of a register (complaints, overdue services) in one file
# a service not completed by its deadline (SQL on telmico_service: a domain cannot compare two columns)
SERVICE_LATE = (
    "(telmico_service.state != 'closed' OR telmico_service.date_closed IS NULL"
    " OR telmico_service.date_closed > telmico_service.date_deadline)"
)


class TelmicoReportingParameters(models.AbstractModel):
    """The parameters of a ready report (period, team, channel, service template, department, agent) and the report
    itself: a title, columns and rows, exported to Excel or PDF.

    Figures per day come from the daily table, registers from the requests and services; all are read with the
    rights of the user who asks (a team leader gets the figures of the teams they lead)."""

    _name = "telmico.reporting.parameters"
    _description = "Report parameters"

    report_type = fields.Selection(REPORT_TYPES, string="Report", required=True, default="daily_operations")
    team_ids = fields.Many2many("telmico.desk.team", string="Teams", help="Empty: every team.")
    channel = fields.Selection(CHANNELS, help="Empty: every channel.")
    template_id = fields.Many2one("telmico.service.template", string="Service template")
    department_id = fields.Many2one("telmico.service.department")
    agent_id = fields.Many2one("res.users", domain=[("share", "=", False)])
    show_team = fields.Boolean(compute="_compute_shown_parameters")
    show_channel = fields.Boolean(compute="_compute_shown_parameters")
    show_template = fields.Boolean(compute="_compute_shown_parameters")
    show_department = fields.Boolean(compute="_compute_shown_parameters")

    @api.depends("report_type")
    def _compute_shown_parameters(self):
        for record in self:
            shown = REPORT_PARAMETERS.get(record.report_type, set())
            record.show_team = "team_ids" in shown
            record.show_channel = "channel" in shown
            record.show_template = "template_id" in shown
            record.show_department = "department_id" in shown

    # ------------------------------------------------------------ the report

    def _report_table(self, date_from, date_to):
        """The report of these parameters over a period of days: {title, period, columns, rows}.

        ``columns`` are (label, kind) with kind among text, int, float, percent, datetime; ``rows`` lists of values.
        """
        self.ensure_one()
        columns, rows = getattr(self, f"_report_{self.report_type}")(date_from, date_to)
        labels = dict(self._fields["report_type"]._description_selection(self.env))
        return {
            "title": labels[self.report_type],
            "period": f"{fields.Date.to_string(date_from)} — {fields.Date.to_string(date_to)}",
            "columns": columns,
            "rows": rows,
        }

    def _daily_domain(self, date_from, date_to):
        domain = [("day", ">=", date_from), ("day", "<=", date_to)]
        if self.team_ids:
            domain.append(("team_id", "in", self.team_ids.ids))
        if self.channel:
            domain.append(("channel", "=", self.channel))
        if self.agent_id:
            domain.append(("user_id", "=", self.agent_id.id))
        return domain

    def _daily_groups(self, date_from, date_to, groupby):
        aggregates = [
            "created_count:sum",
            "answered_count:sum",
            "response_work_hours:sum",
            "resolved_count:sum",
            "resolution_work_hours:sum",
            "handling_minutes:sum",
            "sla_met_count:sum",
            "sla_breached_count:sum",
            "rated_count:sum",
            "rating_sum:sum",
            "satisfied_count:sum",
        ]
        # the figures without the agent are a fraction of the rows: read them unless the agent matters
        by_agent = groupby == "user_id" or self.agent_id
        model = "telmico.reporting.request.daily" if by_agent else "telmico.reporting.request.daily.team"
        return self.env[model]._read_group(self._daily_domain(date_from, date_to), [groupby], aggregates, order=groupby)

    @api.model
    def _measures(self, created, answered, response, resolved, resolution, met, breached):
        """The averages and the SLA % of summed figures (None where nothing was counted)."""
        return [
            round(response / answered, 2) if answered else None,
            round(resolution / resolved, 2) if resolved else None,
            met,
            breached,
            round(100.0 * met / (met + breached), 1) if met + breached else None,
        ]

    def _measure_columns(self):
        _ = self.env._
        return [
            (_("Avg first response (working hours)"), "float"),
            (_("Avg resolution (working hours)"), "float"),
            (_("SLA met"), "int"),
            (_("SLA breached"), "int"),
            (_("SLA %"), "percent"),
        ]

    def _report_daily_operations(self, date_from, date_to):
        return self._report_figures_by(date_from, date_to, "day:day", self.env._("Day"), fields.Date.to_string)

    def _report_sla(self, date_from, date_to):
        return self._report_figures_by(
            date_from, date_to, "team_id", self.env._("Team"), lambda team: team.display_name or self.env._("No team")
        )

    def _report_figures_by(self, date_from, date_to, groupby, label, row_label):
        """Created, resolved, answered and the measures of the daily figures grouped by ``groupby``, one row per
        group, its first cell ``row_label(group)`` under the heading ``label``."""
        _ = self.env._
        columns = [(label, "text"), (_("Created"), "int"), (_("Resolved"), "int"), (_("Answered"), "int")]
        rows = []
        for (
            group,
            created,
            answered,
            response,
            resolved,
            resolution,
            _handling,
            met,
            breached,
            *_csat,
        ) in self._daily_groups(date_from, date_to, groupby):
            rows.append(
                [
                    row_label(group),
                    created,
                    resolved,
                    answered,
                    *self._measures(created, answered, response, resolved, resolution, met, breached),
                ]
            )
        return columns + self._measure_columns(), rows

    def _report_agent_performance(self, date_from, date_to):
        _ = self.env._
        columns = [
            (_("Agent"), "text"),
            (_("Created"), "int"),
            (_("Resolved"), "int"),
            (_("Handling time (hours)"), "float"),
            (_("Avg handling per resolved request (minutes)"), "float"),
            (_("Avg resolution (working hours)"), "float"),
            (_("SLA %"), "percent"),
            (_("Rated"), "int"),
            (_("Avg rating (1-5)"), "float"),
            (_("CSAT %"), "percent"),
        ]
        rows = []
        for (
            agent,
            created,
            answered,
            response,
            resolved,
            resolution,
            handling,
            met,
            breached,
            rated,
            rating,
            satisfied,
        ) in self._daily_groups(date_from, date_to, "user_id"):
            measures = self._measures(created, answered, response, resolved, resolution, met, breached)
            rows.append(
                [
                    agent.display_name or _("Unassigned"),
                    created,
                    resolved,
                    round(handling / 60, 2),
                    round(handling / resolved, 1) if resolved else None,
                    measures[1],
                    measures[4],
                    rated,
                    round(rating / rated, 2) if rated else None,
                    round(100.0 * satisfied / rated, 1) if rated else None,
                ]
            )
        return columns, rows

    def _report_complaints(self, date_from, date_to):
        """Every complaint registered in the period, with its statutory deadline and whether it was kept."""
        _ = self.env._
        start, end = _utc_bounds(date_from, date_to)
        domain = [
            ("category_id", "=", self.env.ref("telmico_desk.category_complaint").id),
            ("state", "!=", "draft"),
            ("date_registered", ">=", start),
            ("date_registered", "<", end),
        ]
        if self.team_ids:
            domain.append(("team_id", "in", self.team_ids.ids))
        if self.channel:
            domain.append(("channel", "=", self.channel))
        if self.agent_id:
            domain.append(("user_id", "=", self.agent_id.id))
        # read by the index on (category, registration) of the non-draft requests (telmico_request.init)
        rows = self._register_rows(
            "telmico.request",
            domain,
            [
                "name",
                "date_registered",
                "subject",
                "team_id",
                "user_id",
                "state",
                "sla_resolution_deadline",
                "date_resolved",
                "resolution_work_hours",
                "sla_state",
            ],
            "date_registered, id",
        )
        Request = self.env["telmico.request"]
        states = dict(Request._fields["state"]._description_selection(self.env))
        sla_states = dict(Request._fields["sla_state"]._description_selection(self.env))
        teams = self._display_names("telmico.desk.team", rows, 3)
        agents = self._display_names("res.users", rows, 4)
        columns = [
            (_("Number"), "text"),
            (_("Registered"), "datetime"),
            (_("Client"), "text"),
            (_("Subject"), "text"),
            (_("Team"), "text"),
            (_("Agent"), "text"),
            (_("Status"), "text"),
            (_("Statutory deadline"), "datetime"),
            (_("Resolved"), "datetime"),
            (_("Resolution (working hours)"), "float"),
            (_("SLA"), "text"),
        ]
        table = []
        for name, registered, subject, team, agent, state, deadline, resolved_on, hours, sla_state, client in rows:
            resolved = state in ("resolved", "closed")
            table.append(
                [
                    name,
                    registered,
                    client or "",
                    subject or "",
                    teams.get(team, ""),
                    agents.get(agent, ""),
                    states[state],
                    deadline,
                    resolved_on if resolved else None,
                    round(hours or 0.0, 2) if resolved else None,
                    sla_states[sla_state],
                ]
            )
        return columns, table

    def _report_services_overdue(self, date_from, date_to):
        """The services whose deadline fell in the period and that were not completed by it, by department."""
        _ = self.env._
        start, end = _utc_bounds(date_from, date_to)
        now = fields.Datetime.now()
        domain = [
            ("state", "not in", ("draft", "cancelled")),
            ("date_deadline", ">=", start),
            ("date_deadline", "<", min(end, now)),
        ]
        if self.template_id:
            domain.append(("template_id", "=", self.template_id.id))
        if self.department_id:
            domain.append(("department_id", "=", self.department_id.id))
        if self.agent_id:
            domain.append(("user_id", "=", self.agent_id.id))
        rows = self._register_rows(
            "telmico.service",
            domain,
            ["department_id", "name", "template_id", "user_id", "date_deadline", "date_closed", "state"],
            "department_id, date_deadline, id",
            # not completed in time (a domain cannot compare two columns); the same predicate as the partial index
            # telmico_service_late_deadline_index (telmico_service.init), which the planner then uses
            where=SQL(SERVICE_LATE),
        )
        Service = self.env["telmico.service"]
        states = dict(Service._fields["state"]._description_selection(self.env))
        departments = self._display_names("telmico.service.department", rows, 0)
        templates = self._display_names("telmico.service.template", rows, 2)
        agents = self._display_names("res.users", rows, 3)
        columns = [
            (_("Department"), "text"),
            (_("Service"), "text"),
            (_("Template"), "text"),
            (_("Client"), "text"),
            (_("Executor"), "text"),
            (_("Deadline"), "datetime"),
            (_("Completed on"), "datetime"),
            (_("Status"), "text"),
            (_("Days overdue"), "float"),
        ]
        table = []
        for department, name, template, agent, deadline, closed_on, state, client in rows:
            done = closed_on if state == "closed" else None
            table.append(
                [
                    departments.get(department) or _("No department"),
                    name,
                    templates.get(template, ""),
                    client or "",
                    agents.get(agent, ""),
                    deadline,
                    done,
                    states[state],
                    round(((done or now) - deadline).total_seconds() / 86400, 1),
                ]
            )
        return columns, table

    def _register_rows(self, model, domain, columns, order, where=None):
        """The rows of a register as tuples of ``columns`` (plain stored columns) and the client's name, in one SQL
        query: at tens of thousands of rows, reading them record by record through the ORM cache
        costs seconds.

        The query is the ORM's own (``_search``: access rights and record rules of the user applied), only its
        SELECT list is ours."""
        Model = self.env[model]
        Model.check_access("read")
        # the ORM's query flushes the fields of the domain only: the selected columns and the names are read in SQL
        Model.flush_model([*columns, "partner_id"])
        self.env["res.partner"].flush_model(["name"])
        query = Model._search(domain, order=order, limit=REGISTER_LIMIT)
        if where is not None:
            query.add_where(where)
        # the client's name only, as the register prints it: a client the user may not open is still named on a
        # request or service they may read (as the request's form shows it). A sub-select, one primary-key look-up
        # per row: joined, the planner hashes the whole client table (a million rows) for a few thousand names.
        client = SQL(
            "(SELECT client.name FROM res_partner client WHERE client.id = %s)",
            SQL.identifier(Model._table, "partner_id"),
        )
        self.env.cr.execute(query.select(*(SQL.identifier(Model._table, column) for column in columns), client))
        return self.env.cr.fetchall()

    def _display_names(self, model, rows, index):
        """{id: display name} of the records of ``model`` named in the rows' column ``index`` (a few teams, agents,
        departments: read once each through the ORM, translated)."""
        ids = {row[index] for row in rows if row[index]}
        return {record.id: record.display_name for record in self.env[model].browse(ids)}

    # ------------------------------------------------------------ files

    def _export(self, file_format, date_from, date_to):
        """The report as a file: (file name, content, mimetype)."""
        self.ensure_one()
        table = self._report_table(date_from, date_to)
        name = f"{table['title']} {fields.Date.to_string(date_from)} {fields.Date.to_string(date_to)}"
        if file_format == "xlsx":
            return (
                f"{name}.xlsx",
                self._xlsx(table),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        wizard = self.env["telmico.reporting.wizard"].create(self._wizard_values(date_from, date_to))
        content, _type = self.env["ir.actions.report"]._render_qweb_pdf(
            "telmico_reporting.action_report_telmico_reporting", wizard.ids
        )
        return f"{name}.pdf", content, "application/pdf"

    def _wizard_values(self, date_from, date_to):
        return {
            "report_type": self.report_type,
            "team_ids": [(6, 0, self.team_ids.ids)],
            "channel": self.channel,
            "template_id": self.template_id.id,
            "department_id": self.department_id.id,
            "agent_id": self.agent_id.id,
            "date_from": date_from,
            "date_to": date_to,
        }

    @api.model
    def _xlsx(self, table):
        """The report as an Excel workbook: title, period, a header row, then the rows with their number formats."""
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True, "remove_timezone": True})
        sheet = workbook.add_worksheet(table["title"][:31])
        bold = workbook.add_format({"bold": True})
        formats = {
            "int": workbook.add_format({"num_format": "0"}),
            "float": workbook.add_format({"num_format": "0.00"}),
            "percent": workbook.add_format({"num_format": "0.0"}),
            "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
            "text": None,
        }
        sheet.write(0, 0, table["title"], workbook.add_format({"bold": True, "font_size": 14}))
        sheet.write(1, 0, table["period"])
        for col, (label, _kind) in enumerate(table["columns"]):
            sheet.write(3, col, label, bold)
            sheet.set_column(col, col, max(12, min(len(label) + 2, 40)))
        tz = pytz.timezone(REPORT_TZ)
        for row_index, row in enumerate(table["rows"], start=4):
            for col, value in enumerate(row):
                kind = table["columns"][col][1]
                if value is None or value is False:
                    sheet.write_blank(row_index, col, None)
                elif kind == "datetime":
                    local = pytz.utc.localize(value).astimezone(tz).replace(tzinfo=None)
                    sheet.write_datetime(row_index, col, local, formats["datetime"])
                elif kind == "text":
                    sheet.write_string(row_index, col, str(value))
                else:
                    sheet.write_number(row_index, col, value, formats[kind])
        sheet.freeze_panes(4, 0)
        workbook.close()
        return output.getvalue()


def _utc_bounds(date_from, date_to):
    """The UTC moments (naive) where Tbilisi's ``date_from`` begins and the day after ``date_to`` begins."""
    tz = pytz.timezone(REPORT_TZ)
    start = tz.localize(datetime.combine(date_from, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
    end = tz.localize(datetime.combine(date_to + timedelta(days=1), time.min)).astimezone(pytz.utc)
    return start, end.replace(tzinfo=None)
