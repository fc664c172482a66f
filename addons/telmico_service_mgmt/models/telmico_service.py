from markupsafe import Markup

from odoo import api, fields, models
from odoo.addons.telmico_client_card.tools.batch import commit_chunk
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.osv import expression
from odoo.tools import html_escape, split_every

STATES = [
    ("draft", "Draft"),
    ("to_approve", "Waiting for approval"),
    ("in_progress", "In progress"),
    ("closed", "Completed"),
    ("cancelled", "Cancelled"),
]


# what a service copies from its template's fields, hints and actions, and route stages
SNAPSHOT_FIELDS = {
    "value_ids": ["sequence", "key", "name", "field_type", "required", "help", "selection_values", "public"],
    "action_line_ids": ["sequence", "kind", "name", "suggested_template_id"],
    "route_line_ids": ["sequence", "name", "department_id", "deadline_hours"],
}
ESCALATE_AFTER_HOURS = 8  # working hours overdue before the department's escalation contact is told
OPEN_STATES = ("in_progress", "to_approve")  # the states whose deadline is watched by the crons
# what the moments of the reminder and of the next escalation are derived from
DEADLINE_CHECK_FIELDS = {"state", "date_deadline", "reminder_sent", "escalation_level", "department_id", "template_id"}
CRON_CHUNK = 100  # services the deadline crons commit at a time


class TelmicoService(models.Model):
    """Work done for a client on the basis of a request, made from a service template."""

    _name = "telmico.service"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Service"
    _order = "id desc"
    _rec_names_search = ["name", "partner_id"]

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
        index="trigram",
    )
    template_id = fields.Many2one(
        "telmico.service.template", required=True, ondelete="restrict", tracking=True, index=True
    )
    kind = fields.Selection(
        [("simple", "Simple"), ("complex", "Complex")],
        compute="_compute_from_template",
        store=True,
        readonly=False,
        precompute=True,
    )
    category_id = fields.Many2one(
        "telmico.service.category", string="Topic", related="template_id.category_id", store=True
    )
    data_change = fields.Selection(
        [("none", "No"), ("client", "Client card"), ("subscriber", "Subscriber")],
        compute="_compute_from_template",
        store=True,
        readonly=False,
        precompute=True,
    )
    instructions = fields.Html(related="template_id.description")
    partner_id = fields.Many2one("res.partner", string="Client", required=True, tracking=True, index=True)
    subscriber_id = fields.Many2one(
        "telmico.subscriber",
        tracking=True,
        index="btree_not_null",
        domain="[('client_link_ids.partner_id', '=', partner_id)]",
    )
    state = fields.Selection(STATES, default="draft", required=True, tracking=True, index=True, copy=False)
    result = fields.Selection([("done", "Done"), ("not_done", "Not done")], tracking=True, copy=False)
    reason = fields.Text(string="Reason not done", tracking=True, copy=False)
    resolution = fields.Html(copy=False)
    value_ids = fields.One2many("telmico.service.value", "service_id", string="Fields", copy=True)
    action_line_ids = fields.One2many(
        "telmico.service.action.line", "service_id", string="Hints and actions", copy=True
    )
    route_line_ids = fields.One2many("telmico.service.route.line", "service_id", string="Route", copy=True)
    change_line_ids = fields.One2many("telmico.service.change", "service_id", string="Data changes", copy=True)
    current_route_line_id = fields.Many2one(
        "telmico.service.route.line", string="Current stage", readonly=True, copy=False
    )
    department_id = fields.Many2one("telmico.service.department", tracking=True, index="btree_not_null", copy=False)
    user_id = fields.Many2one("res.users", string="Executor", tracking=True, index="btree_not_null", copy=False)
    date_registered = fields.Datetime(readonly=True, copy=False)
    date_deadline = fields.Datetime(string="Deadline", tracking=True, copy=False, index="btree_not_null")
    date_closed = fields.Datetime(string="Completed on", readonly=True, copy=False)
    deadline_state = fields.Selection(
        [("on_track", "On track"), ("at_risk", "Deadline near"), ("overdue", "Overdue"), ("closed", "Completed")],
        compute="_compute_deadline_state",
        search="_search_deadline_state",
    )
    reminder_sent = fields.Boolean(copy=False)
    escalation_level = fields.Integer(copy=False, tracking=True)
    date_reminder = fields.Datetime(
        string="Reminder due",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the deadline reminder is due (the template's reminder, in working hours, before the deadline): "
        "what the reminder cron looks for.",
    )
    date_escalation = fields.Datetime(
        string="Next escalation due",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the next escalation is due (at the deadline, then 8 working hours after it): "
        "what the escalation cron looks for.",
    )
    notify_client = fields.Boolean(
        string="Notify the client when done",
        compute="_compute_from_template",
        store=True,
        readonly=False,
        precompute=True,
    )
    approved_by_id = fields.Many2one("res.users", string="Approved by", readonly=True, copy=False, tracking=True)
    document_report_id = fields.Many2one(
        "ir.actions.report", string="Document", domain="[('id', 'in', allowed_report_ids)]", copy=False
    )
    allowed_report_ids = fields.Many2many(related="template_id.report_ids")
    signed_scan_ids = fields.Many2many("ir.attachment", string="Signed documents", copy=False)
    hint_html = fields.Html(compute="_compute_hint_html")
    mandatory_open_count = fields.Integer(compute="_compute_hint_html")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    # indexed: the users' record rule looks services up by their author
    create_uid = fields.Many2one("res.users", string="Created by", readonly=True, index=True)

    # ---------------------------------------------------------------- compute

    @api.depends("template_id")
    def _compute_from_template(self):
        for service in self:
            template = service.template_id
            service.kind = template.kind or "simple"
            service.data_change = template.data_change or "none"
            service.notify_client = template.notify_client

    @api.depends("state", "date_deadline", "reminder_sent")
    def _compute_deadline_state(self):
        now = fields.Datetime.now()
        for service in self:
            if service.state in ("closed", "cancelled"):
                service.deadline_state = "closed"
            elif service.date_deadline and service.date_deadline < now:
                service.deadline_state = "overdue"
            elif service.reminder_sent:
                service.deadline_state = "at_risk"
            else:
                service.deadline_state = "on_track"

    def _search_deadline_state(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on the deadline state."))
        now = fields.Datetime.now()
        open_ = [("state", "not in", ("closed", "cancelled"))]
        domains = {
            "closed": [("state", "in", ("closed", "cancelled"))],
            "overdue": [*open_, ("date_deadline", "<", now)],
            "at_risk": [
                *open_,
                ("reminder_sent", "=", True),
                "|",
                ("date_deadline", "=", False),
                ("date_deadline", ">=", now),
            ],
            "on_track": [
                *open_,
                ("reminder_sent", "=", False),
                "|",
                ("date_deadline", "=", False),
                ("date_deadline", ">=", now),
            ],
        }
        domain = domains[value]
        return domain if operator == "=" else ["!", *expression.normalize_domain(domain)]

    @api.depends("action_line_ids.done", "action_line_ids.kind")
    def _compute_hint_html(self):
        for service in self:
            hints = service.action_line_ids.filtered(lambda a: a.kind == "hint")
            service.mandatory_open_count = len(
                service.action_line_ids.filtered(lambda a: a.kind == "mandatory" and not a.done)
            )
            # the hints are plain text typed by an administrator: escaped, never taken as HTML
            items = Markup().join(Markup("<li>%s</li>") % html_escape(hint.name) for hint in hints)
            service.hint_html = Markup("<ul class='mb-0'>%s</ul>") % items if hints else False

    @api.onchange("template_id", "partner_id")
    def _onchange_template_id(self):
        """Show the template's fields, hints and route on the form as soon as the service is chosen."""
        if self.state != "draft" or not self.template_id:
            return
        snapshot = self._snapshot_template(self.template_id, self.partner_id, {})
        values_by_key = {line.key: line for line in self.value_ids}
        self.value_ids = [Command.clear()] + [
            Command.create({**cmd[2], **values_by_key[cmd[2]["key"]]._typed_values()})
            if cmd[2]["key"] in values_by_key
            else cmd
            for cmd in snapshot["value_ids"]
        ]
        self.action_line_ids = [Command.clear(), *snapshot["action_line_ids"]]
        self.route_line_ids = [Command.clear(), *snapshot["route_line_ids"]]

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("template_id"):
                template = self.env["telmico.service.template"].browse(vals["template_id"])
                partner = self.env["res.partner"].browse(vals.get("partner_id"))
                vals.update(self._snapshot_template(template, partner, vals))
        services = super().create(vals_list)
        services.filtered(lambda s: s.state in OPEN_STATES and s.date_deadline)._plan_deadline_checks()
        return services

    @api.model
    def _snapshot_template(self, template, partner, vals):
        """Copy what the service needs from its template: fields, applicable hints and actions, route.

        Later changes of the template do not reach services already made from it.
        """
        parts = {
            "value_ids": (template.field_ids, SNAPSHOT_FIELDS["value_ids"]),
            "action_line_ids": (template._active_actions(partner), SNAPSHOT_FIELDS["action_line_ids"]),
            "route_line_ids": (template.stage_ids, SNAPSHOT_FIELDS["route_line_ids"]),
        }
        snapshot = {}
        for fname, (lines, copied) in parts.items():
            if not vals.get(fname):
                rows = lines.read(copied, load=None)
                snapshot[fname] = [Command.create({k: v for k, v in row.items() if k != "id"}) for row in rows]
        return snapshot

    def write(self, vals):
        if "template_id" in vals and any(s.state != "draft" for s in self):
            raise UserError(
                self.env._("The template of a registered service cannot change: cancel it and register another.")
            )
        later = self.browse()
        if vals.get("date_deadline") and not {"reminder_sent", "escalation_level"} & set(vals):
            deadline = fields.Datetime.to_datetime(vals["date_deadline"])
            later = self.filtered(lambda s: s.date_deadline and s.date_deadline < deadline)
        result = super().write(vals)
        if later:
            # a deadline moved later is a new one: remind before it, escalate again if it is still ahead
            reset = {"reminder_sent": False}
            if deadline > fields.Datetime.now():
                reset["escalation_level"] = 0
            super(TelmicoService, later).write(reset)
        if DEADLINE_CHECK_FIELDS & set(vals):
            self._plan_deadline_checks()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(service.state not in ("draft", "cancelled") for service in self):
            raise UserError(
                self.env._(
                    "Only draft or cancelled services can be deleted; the others are part of the client's history."
                )
            )

    # ------------------------------------------------------------- checks

    def _check_complete(self):
        """Refuse to go on while required fields are empty or mandatory actions are not done: name them."""
        for service in self:
            missing = service.value_ids.filtered(lambda v: v.required and v._is_empty())
            if missing:
                raise ValidationError(
                    self.env._(
                        "Fill in the required field(s) of %(service)s: %(fields)s.",
                        service=service.name,
                        fields=", ".join(missing.mapped("name")),
                    )
                )
            undone = service.action_line_ids.filtered(lambda a: a.kind == "mandatory" and not a.done)
            if undone:
                raise ValidationError(
                    self.env._(
                        "Complete the mandatory action(s) of %(service)s first: %(actions)s.",
                        service=service.name,
                        actions="; ".join(undone.mapped("name")),
                    )
                )

    # ------------------------------------------------------------ actions

    def action_register(self):
        """Register a draft: a simple service is done at once, a data change goes to approval, a complex one to its route."""
        for service in self:
            if service.state != "draft":
                raise UserError(self.env._("%s is already registered.", service.name))
            # only drafts get here, and a draft still has its placeholder name (name is copy=False)
            service.write(
                {
                    "date_registered": fields.Datetime.now(),
                    "name": self.env["ir.sequence"].next_by_code("telmico.service") or "/",
                }
            )
            service._check_complete()
            if service.data_change != "none":
                service._send_to_approval()
            elif service.kind == "simple":
                service._close("done")
            else:
                service._route_to(service.route_line_ids.sorted("sequence")[:1])
        return True

    def _send_to_approval(self):
        self.ensure_one()
        if not self.change_line_ids:
            raise ValidationError(self.env._("Enter the new values to approve (tab Data changes)."))
        department = self.template_id.approval_department_id
        self.write({"state": "to_approve", "department_id": department.id, "user_id": department.manager_id.id})
        if department.manager_id:
            self._schedule(
                department.manager_id, self.env._("Approve the data change of %s", self.partner_id.display_name)
            )

    def _route_to(self, line):
        """Start a route stage: its department, its deadline in working hours, its executor.

        The service's own write comes last: after it, the user who handed the service over
        may no longer see it (it left their department).
        """
        self.ensure_one()
        now = fields.Datetime.now()
        if self.current_route_line_id:
            self.current_route_line_id.write({"date_done": now, "state": "done"})
        department = line.department_id
        calendar = department.calendar_id or self.template_id.calendar_id
        stage_deadline = calendar._telmico_plan(now, line.deadline_hours)
        executor = department._pick_executor()
        line.write({"date_start": now, "date_deadline": stage_deadline, "state": "current", "user_id": executor.id})
        vals = {
            "state": "in_progress",
            "current_route_line_id": line.id,
            "department_id": department.id,
            "user_id": executor.id,
            "reminder_sent": False,
            "escalation_level": 0,
        }
        if not self.date_deadline:
            hours = self.template_id.deadline_hours or sum(self.route_line_ids.mapped("deadline_hours"))
            vals["date_deadline"] = (self.template_id.calendar_id or calendar)._telmico_plan(now, hours)
        if executor:
            self._schedule(
                executor,
                self.env._("Execute %(service)s: %(stage)s", service=self.name, stage=line.name),
                stage_deadline,
            )
        elif department.manager_id:
            self._schedule(department.manager_id, self.env._("Distribute %s to an employee", self.name), stage_deadline)
        self.write(vals)

    def _calendar(self):
        """The working time the service's deadlines count in: its department's, else its template's."""
        self.ensure_one()
        return self.department_id.calendar_id or self.template_id.calendar_id

    def _work_hours(self, start, end):
        """Working hours between two moments on the service's calendar (public holidays excluded)."""
        return self._calendar()._telmico_work_hours(start, end)

    def _schedule(self, user, summary, deadline=None):
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=fields.Date.to_date(deadline or self.date_deadline or fields.Datetime.now()),
            summary=summary,
            user_id=user.id,
        )

    def action_take(self):
        """An employee of the department takes the service."""
        for service in self:
            if (
                service.department_id
                and self.env.user not in service.department_id.member_ids | service.department_id.manager_id
            ):
                raise AccessError(
                    self.env._("Only the employees of %s can take this service.", service.department_id.name)
                )
            service.write({"user_id": self.env.user.id})
            service.current_route_line_id.user_id = self.env.user
        return True

    def action_done(self):
        """Finish the current stage: the next stage gets the service, or the service is completed."""
        for service in self:
            if service.state != "in_progress":
                raise UserError(self.env._("%s is not in progress.", service.name))
            service._check_complete()
            route = service.route_line_ids.sorted(lambda line: (line.sequence, line.id))
            position = (
                list(route).index(service.current_route_line_id)
                if service.current_route_line_id in route
                else len(route)
            )
            following = route[position + 1 :]
            if following:
                service._route_to(following[:1])
            else:
                service._close("done")
        return True

    def action_not_done(self):
        for service in self:
            if not (service.reason or "").strip():
                raise ValidationError(self.env._("Say why %s could not be done (field Reason not done).", service.name))
            service._close("not_done")
        return True

    def action_cancel(self):
        self.filtered(lambda s: s.state not in ("closed", "cancelled")).write({"state": "cancelled"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _close(self, result):
        self.ensure_one()
        now = fields.Datetime.now()
        if self.current_route_line_id:
            self.current_route_line_id.write({"date_done": now, "state": "done"})
        self.write(
            {"state": "closed", "result": result, "date_closed": now, "user_id": self.user_id.id or self.env.user.id}
        )
        self.activity_unlink(["mail.mail_activity_data_todo"])
        if self.notify_client and self.partner_id.email:
            template = self.env.ref("telmico_service_mgmt.mail_template_service_closed")
            self.message_post_with_source(template, subtype_xmlid="mail.mt_comment", partner_ids=self.partner_id.ids)

    # ------------------------------------------------------------ approval

    def _check_approver(self):
        self.ensure_one()
        department = self.template_id.approval_department_id
        if not (
            self.env.user == department.manager_id
            or self.env.user.has_group("telmico_service_mgmt.group_service_mgmt_manager")
        ):
            raise AccessError(self.env._("Only the head of %s approves this change.", department.name))

    def action_approve(self):
        for service in self:
            if service.state != "to_approve":
                raise UserError(self.env._("%s is not waiting for approval.", service.name))
            service._check_approver()
            service.change_line_ids._apply()
            service.approved_by_id = self.env.user
            service._close("done")
        return True

    def action_reject(self):
        for service in self:
            if service.state != "to_approve":
                raise UserError(self.env._("%s is not waiting for approval.", service.name))
            service._check_approver()
            if not (service.reason or "").strip():
                raise ValidationError(
                    self.env._("Say why the change of %s is rejected (field Reason not done).", service.name)
                )
            service._close("not_done")
        return True

    # ------------------------------------------------------------ documents

    def action_print_document(self):
        self.ensure_one()
        report = self.document_report_id or self.template_id.report_ids[:1]
        if not report:
            raise UserError(self.env._("The template “%s” has no printable document.", self.template_id.name))
        self.message_post(body=self.env._("Document issued: %s", report.name))
        return report.report_action(self)

    def _value(self, key):
        """A field value by its technical name, for documents."""
        line = self.value_ids.filtered(lambda v: v.key == key)[:1]
        return line.value_display if line else ""

    # --------------------------------------------------------------- crons

    def _deadline_checks(self, now):
        """When the reminder and the next escalation of this service are due (False: none to come).

        The reminder comes the template's reminder hours (working hours) before the deadline, and only while
        the deadline is ahead; the escalation to the head at the deadline, to the escalation contact
        ``ESCALATE_AFTER_HOURS`` working hours after it.
        """
        self.ensure_one()
        checks = {"date_reminder": False, "date_escalation": False}
        deadline = self.date_deadline
        if self.state not in OPEN_STATES or not deadline:
            return checks
        calendar = self._calendar()
        hours = self.template_id.reminder_hours
        if not self.reminder_sent and hours > 0 and deadline > now:
            checks["date_reminder"] = calendar._telmico_plan(deadline, -hours)
        if self.escalation_level == 0:
            checks["date_escalation"] = deadline
        elif self.escalation_level == 1:
            checks["date_escalation"] = calendar._telmico_plan(deadline, ESCALATE_AFTER_HOURS)
        return checks

    def _plan_deadline_checks(self, now=None):
        """Store when the reminder and the next escalation of these services are due: all the crons look at."""
        now = now or fields.Datetime.now()
        # sudo: the crons' bookkeeping; the user who handed a service over may no longer see it
        for service in self.sudo():
            checks = service._deadline_checks(now)
            if any(service[name] != value for name, value in checks.items()):
                service.write(checks)

    @api.model
    def _deadline_checks_outdated(self, calendars=None, domain=()):
        """Working time, holidays or reminder hours changed: the crons look at the open services concerned again.

        Their moments are marked due now rather than planned here, so that a change of a calendar used by
        thousands of services stays quick: the crons plan them anew, chunk by chunk. ``calendars`` limits
        the services to those counting in these calendars (their department's, else their template's).
        """
        now = fields.Datetime.now()
        domain = [("state", "in", OPEN_STATES), ("date_deadline", "!=", False), *domain]
        if calendars is not None:
            domain += [
                "|",
                ("department_id.calendar_id", "in", calendars.ids),
                "&",
                "|",
                ("department_id", "=", False),
                ("department_id.calendar_id", "=", False),
                ("template_id.calendar_id", "in", calendars.ids),
            ]
        # sudo: the crons' bookkeeping, whoever changed the calendar or the template
        services = self.sudo().search(domain)
        services.filtered(lambda s: not s.reminder_sent and s.date_deadline > now).write({"date_reminder": now})
        services.filtered(lambda s: s.escalation_level == 1).write({"date_escalation": now})

    @api.model
    def _cron_deadline_checks(self, field, limit):
        """Handle the services whose ``field`` (a next check) has come, ``limit`` at a time, committed per chunk.

        Only the due services are read, by an indexed search; each one leaves with its next check moved on,
        so the cron framework runs again at once while some are left (``_notify_progress``).
        """
        now = fields.Datetime.now()
        domain = [(field, "<=", now), ("state", "in", OPEN_STATES)]
        services = self.search(domain, order=f"{field}, id", limit=limit)
        handle = {"date_reminder": "_deadline_remind", "date_escalation": "_deadline_escalate"}[field]
        for chunk in split_every(CRON_CHUNK, services.ids, self.browse):
            for service in chunk:
                getattr(service, handle)(now)
            commit_chunk(self.env)
        remaining = self.search_count(domain) if len(services) == limit else 0
        self.env["ir.cron"]._notify_progress(done=len(services), remaining=remaining)
        return len(services)

    @api.model
    def _cron_deadline_reminders(self, limit=1000):
        """Remind the executor (or the head) when the deadline is within the template's reminder hours."""
        return self._cron_deadline_checks("date_reminder", limit)

    @api.model
    def _cron_escalate(self, limit=1000):
        """Overdue services: tell the department head, then (8 working hours later) the escalation contact."""
        return self._cron_deadline_checks("date_escalation", limit)

    def _deadline_remind(self, now):
        self.ensure_one()
        due = self._deadline_checks(now)["date_reminder"]
        if not due or due > now:
            self.date_reminder = due  # not due after all (the calendar changed): look again then
            return
        left = self._work_hours(now, self.date_deadline)
        who = self.user_id or self.department_id.manager_id
        if who:
            self._schedule(who, self.env._("Deadline of %s is near", self.name))
        self.message_post(
            body=self.env._("Reminder: %.1f working hours left until the deadline.", left),
            subtype_xmlid="mail.mt_note",
        )
        self.reminder_sent = True

    def _deadline_escalate(self, now):
        self.ensure_one()
        due = self._deadline_checks(now)["date_escalation"]
        while due and due <= now:
            department = self.department_id
            if self.escalation_level == 0:
                target, level = department.manager_id, 1
            else:
                target, level = department.escalation_user_id or department.manager_id, 2
            self.escalation_level = level  # plans the next escalation
            if target:
                self._schedule(target, self.env._("%s is overdue", self.name))
            self.message_post(
                body=self.env._("Overdue: escalated to %s.", target.name or self.env._("nobody (no head set)")),
                subtype_xmlid="mail.mt_note",
            )
            due = self.date_escalation
        if self.date_escalation != due:
            self.date_escalation = due  # not due after all (the calendar changed): look again then
