from odoo import api, fields, models, tools

from .telmico_request import CHANNELS, PRIORITIES


class TelmicoDeskSla(models.Model):
    """A service level policy: how fast the requests it matches must be answered and resolved, in working hours.

    A request follows the first active policy (by sequence) whose conditions it meets; an empty condition
    matches anything. Deadlines are counted on the policy's working calendar, public holidays skipped.
    """

    _name = "telmico.desk.sla"
    _description = "SLA policy"
    _order = "sequence, id"

    def _default_calendar(self):
        return self.env.ref("telmico_service_mgmt.resource_calendar_telmico", raise_if_not_found=False)

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10, help="Policies are tried in this order; the first that matches applies.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True, help="Empty: applies to every company."
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working time",
        default=_default_calendar,
        help="Deadlines count the working hours of this calendar, its public holidays skipped. Empty: round-the-clock.",
    )
    # conditions: an empty one matches any request
    team_ids = fields.Many2many("telmico.desk.team", string="Teams")
    priority = fields.Selection(PRIORITIES, string="Minimum priority", help="This priority or a higher one.")
    category_ids = fields.Many2many("telmico.request.category", string="Categories")
    channel = fields.Selection(CHANNELS)
    segment_ids = fields.Many2many("telmico.client.segment", string="Client segments")
    # targets
    response_hours = fields.Float(
        string="First response (working hours)", help="Time to the first public answer to the client. 0: no target."
    )
    resolution_hours = fields.Float(string="Resolution (working hours)", help="Time to resolve the request. 0: none.")
    warning_hours = fields.Float(
        string="Warn (working hours before)",
        default=2,
        help="The assignee is warned once when this many working hours or fewer are left.",
    )
    # escalation after a breach
    escalate_to_leader = fields.Boolean(
        string="Escalate to the team leader", default=True, help="When a deadline is missed, tell the team leader."
    )
    escalation_user_id = fields.Many2one(
        "res.users", string="Then escalate to", domain=[("share", "=", False)], help="A manager told after the leader."
    )
    escalate_manager_after_hours = fields.Float(
        string="Manager after (working hours)",
        default=8,
        help="Working hours after the missed deadline when the manager is told.",
    )
    request_count = fields.Integer(compute="_compute_request_count")

    _sql_constraints = [
        (
            "hours_positive",
            "CHECK(response_hours >= 0 AND resolution_hours >= 0 AND warning_hours >= 0 "
            "AND escalate_manager_after_hours >= 0)",
            "Hours of a policy cannot be negative.",
        ),
    ]

    def _compute_request_count(self):
        counts = dict(
            self.env["telmico.request"]._read_group(
                [("sla_id", "in", self.ids), ("state", "in", ("new", "in_progress", "pending"))],
                ["sla_id"],
                ["__count"],
            )
        )
        for sla in self:
            sla.request_count = counts.get(sla, 0)

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        policies = super().create(vals_list)
        self.env.registry.clear_cache()  # the policies' conditions and targets (_conditions_of, _targets)
        return policies

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()  # the policies' conditions and targets (_conditions_of, _targets)
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()  # the policies' conditions and targets (_conditions_of, _targets)
        return result

    def action_open_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("telmico_desk.telmico_request_action")
        action["domain"] = [("sla_id", "=", self.id)]
        action["context"] = {"search_default_open": 1}
        return action

    # ------------------------------------------------------------ business

    @api.model
    def _find_for(self, request):
        """The policy ``request`` follows: the first active one, by sequence, whose conditions it meets.

        Every request that is registered or re-routed chooses its policy: the conditions of the policies are read
        once per company and kept (cleared when a policy changes), so that choosing reads nothing but the client's
        segment, and that only when a policy asks for one.
        """
        segments = None
        for policy_id, teams, priority, categories, channel, segment_ids in self._conditions_of(request.company_id.id):
            if (
                (teams and request.team_id.id not in teams)
                or (priority and int(request.priority or 0) < int(priority))
                or (categories and request.category_id.id not in categories)
                or (channel and request.channel != channel)
            ):
                continue
            if segment_ids:
                if segments is None:
                    partner = request.partner_id
                    segments = set((partner.segment_id | partner.commercial_partner_id.segment_id).ids)
                if not segments & segment_ids:
                    continue
            return self.browse(policy_id)
        return self.browse()

    @tools.ormcache("company_id")
    def _conditions_of(self, company_id):
        """The active policies of a company (and those of every company), in their order, with their conditions:
        (id, team ids, minimum priority, category ids, channel, segment ids), an empty condition matching any
        request. Read as the system: the policy of a request is chosen whoever registers it."""
        # sudo: the policy of a request is chosen whoever registers it
        policies = self.sudo().with_context(active_test=True).search([("company_id", "in", (False, company_id))])
        return tuple(
            (
                policy.id,
                frozenset(policy.team_ids.ids),
                policy.priority or False,
                frozenset(policy.category_ids.ids),
                policy.channel or False,
                frozenset(policy.segment_ids.ids),
            )
            for policy in policies
        )

    @tools.ormcache("self.id")
    def _targets(self):
        """The policy's calendar and hours, kept per policy (cleared when a policy changes, like its conditions):
        a request registered reads them several times (deadlines, warning), and the policy would be read again in
        each transaction. Read as the system, like the conditions."""
        # sudo: read as the system, like the conditions
        policy = self.sudo()
        return tools.frozendict(
            calendar_id=policy.calendar_id.id,
            response_hours=policy.response_hours,
            resolution_hours=policy.resolution_hours,
            warning_hours=policy.warning_hours,
            escalate_manager_after_hours=policy.escalate_manager_after_hours,
        )

    def _calendar(self):
        self.ensure_one()
        return self.env["resource.calendar"].browse(self._targets()["calendar_id"])

    def _plan(self, start, hours):
        """The moment ``hours`` working hours after ``start`` on the policy's calendar (before it when negative)."""
        return self._calendar()._telmico_plan(start, hours)

    def _work_hours(self, start, end):
        """Working hours between two moments on the policy's calendar (public holidays excluded)."""
        return self._calendar()._telmico_work_hours(start, end)
