from odoo import api, fields, models, tools

# the request fields the daily figures are made of: a change of any of them makes its days to be counted again
DAILY_FIELDS = {
    "state",
    "date_registered",
    "date_resolved",
    "date_first_response",
    "team_id",
    "user_id",
    "channel",
    "category_id",
    "company_id",
    "sla_id",
    "sla_state",
    "interrupted",
}
RESOLVED_STATES = ("resolved", "closed")


class TelmicoRequest(models.Model):
    """Stored measures of a request: how long the first answer and the resolution took, in calendar hours and in
    working hours, and whether its SLA was met, so that averages and the SLA % are plain aggregates.

    Working hours are counted on the calendar of the request's SLA policy (round the clock when the policy has
    none, as its deadlines are), or on Telmico's working calendar when no policy applies; public holidays skipped.
    The durations are gross: from the registration to the answer or the resolution, pauses included.
    """

    _inherit = "telmico.request"

    response_hours = fields.Float(
        string="First response (hours)",
        compute="_compute_reporting_durations",
        store=True,
        aggregator="avg",
        help="Calendar hours from the registration to the first public answer.",
    )
    response_work_hours = fields.Float(
        string="First response (working hours)",
        compute="_compute_reporting_durations",
        store=True,
        aggregator="avg",
        help="Working hours from the registration to the first public answer.",
    )
    resolution_hours = fields.Float(
        string="Resolution (hours)",
        compute="_compute_reporting_durations",
        store=True,
        aggregator="avg",
        help="Calendar hours from the registration to the resolution.",
    )
    resolution_work_hours = fields.Float(
        string="Resolution (working hours)",
        compute="_compute_reporting_durations",
        store=True,
        aggregator="avg",
        help="Working hours from the registration to the resolution.",
    )
    sla_compliance = fields.Float(
        string="SLA %",
        compute="_compute_sla_compliance",
        store=True,
        aggregator="avg",
        help="100 when the SLA was met, 0 when it was breached, empty while it is undecided or without SLA: "
        "its average is the SLA compliance.",
    )

    def init(self):
        result = super().init()
        # the daily figures count the requests resolved on a day
        tools.create_index(
            self.env.cr,
            "telmico_request_date_resolved_index",
            self._table,
            ["date_resolved"],
            where="date_resolved IS NOT NULL",
        )
        # the complaints register: the requests of one category registered in a period
        tools.create_index(
            self.env.cr,
            "telmico_request_category_registered_index",
            self._table,
            ["category_id", "date_registered"],
            where="category_id IS NOT NULL",
        )
        return result

    @api.depends("date_registered", "date_first_response", "date_resolved", "state", "sla_id")
    def _compute_reporting_durations(self):
        for request in self:
            start = request.date_registered
            answered = request.date_first_response
            resolved = request.date_resolved if request.state in RESOLVED_STATES else False
            calendar = request._reporting_calendar()
            request.response_hours = _hours(start, answered)
            request.response_work_hours = calendar._telmico_work_hours(start, answered) if start and answered else 0
            request.resolution_hours = _hours(start, resolved)
            request.resolution_work_hours = calendar._telmico_work_hours(start, resolved) if start and resolved else 0

    @api.depends("sla_state")
    def _compute_sla_compliance(self):
        for request in self:
            request.sla_compliance = {"met": 100.0, "breached": 0.0}.get(request.sla_state, False)

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        requests._reporting_mark_days()
        return requests

    def write(self, vals):
        if not DAILY_FIELDS & set(vals):
            return super().write(vals)
        self._reporting_mark_days()  # the days the requests are counted on before the change ...
        result = super().write(vals)
        self._reporting_mark_days()  # ... and after it
        return result

    def unlink(self):
        self._reporting_mark_days()
        return super().unlink()

    # ------------------------------------------------------------ business

    def _reporting_calendar(self):
        """The working calendar the request's durations are counted on (empty: round the clock)."""
        self.ensure_one()
        if self.sla_id:
            return self.sla_id.calendar_id
        return self.env.ref("telmico_service_mgmt.resource_calendar_telmico", raise_if_not_found=False) or (
            self.company_id.resource_calendar_id
        )

    def _reporting_mark_days(self):
        """Tell the daily figures that the days these requests are counted on must be counted again."""
        if self.ids:
            self.env["telmico.reporting.request.daily"]._mark_requests(self.ids)


def _hours(start, end):
    """Calendar hours between two moments (0 when either is missing or the end comes first)."""
    if not start or not end or end <= start:
        return 0.0
    return (end - start).total_seconds() / 3600
