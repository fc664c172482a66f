from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.addons.telmico_client_card.tools.batch import commit_chunk
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.osv import expression
from odoo.tools import format_datetime, html_escape, plaintext2html, split_every

STATES = [
    ("draft", "Draft"),
    ("to_approve", "Waiting for approval"),
    ("in_progress", "In progress"),
    ("waiting", "Waiting for the client"),
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
# the states of work not finished: someone's load, a request that cannot be resolved yet (waiting: deadlines paused)
WORK_STATES = ("to_approve", "in_progress", "waiting")
# what the moments of the reminder and of the next escalation are derived from
DEADLINE_CHECK_FIELDS = {
    "state",
    "date_deadline",
    "reminder_sent",
    "escalation_level",
    "department_id",
    "template_id",
    "user_id",
    "date_executor_deadline",
    "executor_reminder_sent",
    "executor_escalated",
}
# how a question reaches the client (the desk adds the personal cabinet)
CLIENT_CHANNELS = [("email", "E-mail"), ("sms", "SMS")]
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
    date_executor_deadline = fields.Datetime(
        string="Executor's deadline",
        tracking=True,
        copy=False,
        index="btree_not_null",
        help="The current executor's own deadline, inside the stage's (the department head sets it when giving the "
        "service out): the executor is reminded before it and the head is told when it passes.",
    )
    executor_reminder_sent = fields.Boolean(copy=False)
    executor_escalated = fields.Boolean(copy=False)
    deadline_state = fields.Selection(
        [
            ("on_track", "On track"),
            ("at_risk", "Deadline near"),
            ("overdue", "Overdue"),
            ("paused", "Paused: waiting for the client"),
            ("closed", "Completed"),
        ],
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
    waiting_since = fields.Datetime(string="Waiting for the client since", readonly=True, copy=False)
    waited_hours = fields.Float(
        string="Waited for the client (working hours)",
        readonly=True,
        copy=False,
        help="Working hours the service waited for the client's answers: its deadlines moved by as much.",
    )
    client_question = fields.Text(string="Question to the client", readonly=True, copy=False)
    client_question_channel = fields.Selection(CLIENT_CHANNELS, string="Asked by", readonly=True, copy=False)
    date_client_answer = fields.Datetime(string="Answered on", readonly=True, copy=False)
    client_answer = fields.Html(string="Client's answer", readonly=True, copy=False)
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

    @api.depends("state", "date_deadline", "reminder_sent", "date_executor_deadline", "executor_reminder_sent")
    def _compute_deadline_state(self):
        now = fields.Datetime.now()
        for service in self:
            deadlines = (service.date_deadline, service.date_executor_deadline)
            if service.state in ("closed", "cancelled"):
                service.deadline_state = "closed"
            elif service.state == "waiting":
                service.deadline_state = "paused"
            elif any(deadline and deadline < now for deadline in deadlines):
                service.deadline_state = "overdue"
            elif service.reminder_sent or service.executor_reminder_sent:
                service.deadline_state = "at_risk"
            else:
                service.deadline_state = "on_track"

    def _search_deadline_state(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on the deadline state."))
        now = fields.Datetime.now()
        open_ = [("state", "not in", ("closed", "cancelled", "waiting"))]
        late = ["|", ("date_deadline", "<", now), ("date_executor_deadline", "<", now)]
        in_time = [
            "|",
            ("date_deadline", "=", False),
            ("date_deadline", ">=", now),
            "|",
            ("date_executor_deadline", "=", False),
            ("date_executor_deadline", ">=", now),
        ]
        domains = {
            "closed": [("state", "in", ("closed", "cancelled"))],
            "paused": [("state", "=", "waiting")],
            "overdue": [*open_, *late],
            "at_risk": [*open_, "|", ("reminder_sent", "=", True), ("executor_reminder_sent", "=", True), *in_time],
            "on_track": [*open_, ("reminder_sent", "=", False), ("executor_reminder_sent", "=", False), *in_time],
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
        if vals.get("date_executor_deadline") and not self.env.su:
            self._check_distributor()
        later = self.browse()
        if vals.get("date_deadline") and not {"reminder_sent", "escalation_level"} & set(vals):
            deadline = fields.Datetime.to_datetime(vals["date_deadline"])
            later = self.filtered(lambda s: s.date_deadline and s.date_deadline < deadline)
        # the executor's deadline belongs to the executor: another one starts without it
        new_executor = (
            self.filtered(lambda s: s.user_id.id != (vals["user_id"] or False))
            if "user_id" in vals and "date_executor_deadline" not in vals
            else self.browse()
        )
        result = super().write(vals)
        if later:
            # a deadline moved later is a new one: remind before it, escalate again if it is still ahead
            reset = {"reminder_sent": False}
            if deadline > fields.Datetime.now():
                reset["escalation_level"] = 0
            super(TelmicoService, later).write(reset)
        # sudo: the executor's deadline bookkeeping; after the write the user who handed the service over may no
        # longer see it (as for the next checks below)
        if new_executor:
            with_deadline = new_executor.sudo().filtered("date_executor_deadline")
            super(TelmicoService, with_deadline).write({"date_executor_deadline": False})
            with_deadline.current_route_line_id.date_executor_deadline = False
            super(TelmicoService, new_executor.sudo()).write(
                {"executor_reminder_sent": False, "executor_escalated": False}
            )
        if "date_executor_deadline" in vals:
            # sudo: the route step mirrors the executor's deadline, whoever set it (see above)
            for service in self.sudo():
                service.current_route_line_id.date_executor_deadline = service.date_executor_deadline
            if not {"executor_reminder_sent", "executor_escalated"} & set(vals):
                # sudo: the same bookkeeping, by whoever set the deadline (see above)
                self.sudo()._executor_deadline_set()
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

    @api.constrains("date_executor_deadline")
    def _check_executor_deadline(self):
        for service in self.filtered("date_executor_deadline"):
            limit = service.current_route_line_id.date_deadline or service.date_deadline
            if limit and service.date_executor_deadline > limit:
                raise ValidationError(
                    self.env._(
                        "The executor's deadline of %(service)s must fall inside the stage's: no later than %(limit)s.",
                        service=service.name,
                        limit=format_datetime(self.env, limit, dt_format="short"),
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
            "date_executor_deadline": False,
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

    # --------------------------------------------------------- distribution

    def _check_distributor(self):
        """Only the head of a service's department (or a services manager) gives its services out."""
        if self.env.su or self.env.user.has_group("telmico_service_mgmt.group_service_mgmt_manager"):
            return
        for service in self:
            if not service.department_id or service.department_id.manager_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only the head of %s gives its services out.",
                        service.department_id.name or self.env._("the service's department"),
                    )
                )

    def action_distribute(self):
        """One click of the head: each service goes to a member by its department's rule (round robin, least
        loaded; the least loaded member when the head distributes by hand). Members on leave are skipped."""
        self._check_distributor()
        for service in self:
            if service.state != "in_progress":
                raise UserError(self.env._("Only a service in progress is given out: %s is not.", service.name))
            department = service.department_id
            method = department.assignment_method if department.assignment_method != "manual" else "least_loaded"
            user = department._pick_executor(method=method)
            if not user:
                raise UserError(
                    self.env._(
                        "Nobody in %(department)s can take %(service)s now: no member, or all are away.",
                        department=department.name,
                        service=service.name,
                    )
                )
            service._assign(user)
        return True

    def action_assign(self):
        """The head chooses the executor (and their own deadline) in a dialog."""
        self.ensure_one()
        self._check_distributor()
        if self.state not in ("in_progress", "waiting"):
            raise UserError(self.env._("Only a service in progress is given out: %s is not.", self.name))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Assign %s", self.name),
            "res_model": "telmico.service.assign",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_service_id": self.id, "default_user_id": self.user_id.id},
        }

    def _assign(self, user, deadline=None):
        """Give the service to ``user`` (a member of its department), with their own deadline when given: the stage
        knows its executor, the executor gets a to-do, the head's to-do "Distribute" is done."""
        self.ensure_one()
        manager = self.department_id.manager_id
        distribute = self.activity_ids.filtered(
            lambda a: a.user_id == manager and a.summary == self.env._("Distribute %s to an employee", self.name)
        )
        vals = {"user_id": user.id}
        if deadline is not None:
            vals["date_executor_deadline"] = deadline
        given = user != self.user_id
        # sudo: the stage records its executor, whoever gives the service out (checked by the callers)
        self.current_route_line_id.sudo().user_id = user
        self.write(vals)
        if given:
            stage = self.current_route_line_id
            self._schedule(
                user,
                self.env._(
                    "Execute %(service)s: %(stage)s", service=self.name, stage=stage.name or self.template_id.name
                ),
                self.date_executor_deadline or stage.date_deadline,
            )
        if distribute:
            distribute.action_feedback(feedback=self.env._("Given to %s.", user.name))

    # ------------------------------------------------- waiting for the client

    def action_ask_client(self):
        """Ask the client for more information: the question goes out by the client's preferred channel."""
        self.ensure_one()
        self._check_can_ask()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Ask the client"),
            "res_model": "telmico.service.ask.client",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_service_id": self.id, "default_channel": self._client_channel_default()},
        }

    def _check_can_ask(self):
        for service in self:
            if service.state != "in_progress":
                raise UserError(
                    self.env._("Only a service in progress can wait for the client: %s is not.", service.name)
                )

    def _client_channel_default(self):
        """The client's preferred channel when the question can go that way, else e-mail, else SMS."""
        self.ensure_one()
        client = self.partner_id
        usable = {channel for channel, __ in self._fields["client_question_channel"].selection}
        if client.preferred_channel in usable:
            return client.preferred_channel
        if client.email or not (client.mobile or client.phone):
            return "email"
        return "sms"

    def _ask_client(self, question, channel):
        """Send ``question`` to the client by ``channel``: the service waits for the answer, its deadlines paused.

        Each channel is a method ``_ask_client_by_<channel>(question)``; a reply that threads back to the service
        (or, from the desk, to its request) ends the wait (``_client_answered``).
        """
        self.ensure_one()
        self._check_can_ask()
        question = (question or "").strip()
        if not question:
            raise ValidationError(self.env._("Write the question to the client."))
        getattr(self, f"_ask_client_by_{channel}")(question)
        self.write(
            {
                "state": "waiting",
                "waiting_since": fields.Datetime.now(),
                "client_question": question,
                "client_question_channel": channel,
                "date_client_answer": False,
                "client_answer": False,
            }
        )
        return True

    def _client_texts(self):
        """Texts addressed to the client, in the client's language."""
        return self.with_context(lang=self.partner_id.lang or self.env.lang).env

    def _ask_client_by_email(self, question):
        """An e-mail to the client from the service's chatter: the client's reply threads back to the service."""
        client = self.partner_id
        if not client.email:
            raise UserError(self.env._("%s has no e-mail address: choose another channel.", client.display_name))
        env = self._client_texts()
        body = Markup("<p>%s</p>%s<p>%s</p>") % (
            env._("To go on with your request (%s) we need more information:", self.name),
            plaintext2html(question),
            env._("Please answer by replying to this e-mail."),
        )
        self.message_post(
            body=body,
            subject=env._("%(service)s: we need more information", service=self.template_id.name),
            partner_ids=client.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_light",
        )

    def _ask_client_by_sms(self, question):
        """An SMS to the client's mobile (queued for Odoo's SMS cron); the answer comes back by phone or e-mail."""
        client = self.partner_id
        if not (client.mobile or client.phone):
            raise UserError(self.env._("%s has no mobile number: choose another channel.", client.display_name))
        env = self._client_texts()
        body = env._("Telmico, %(service)s: %(question)s", service=self.name, question=question)
        self._message_sms(body, partner_ids=client.ids, put_in_queue=True)

    def action_client_answered(self):
        """The client answered another way (by phone, at the desk): back to work, the deadlines moved by the wait."""
        self._client_answered()
        return True

    def _client_answered(self, message=None):
        """The wait is over: the service is in progress again, its deadlines (the service's, the stage's, the
        executor's) later by the working hours it waited; the answer (``message``, when it came as one) is kept
        on the service and its executor gets a to-do."""
        now = fields.Datetime.now()
        for service in self.filtered(lambda s: s.state == "waiting"):
            calendar = service._calendar()
            waited = calendar._telmico_work_hours(service.waiting_since, now) if service.waiting_since else 0.0
            vals = {
                "state": "in_progress",
                "waiting_since": False,
                "waited_hours": service.waited_hours + waited,
                "date_client_answer": now,
                # the deadlines are as far away as when the wait began: what was sent or escalated still holds
                "reminder_sent": service.reminder_sent,
                "escalation_level": service.escalation_level,
                "executor_reminder_sent": service.executor_reminder_sent,
                "executor_escalated": service.executor_escalated,
            }
            if message:
                vals["client_answer"] = message.body
            if waited:
                line = service.current_route_line_id
                if line.date_deadline:
                    # sudo: the client's answer (posted by a portal user) moves the route step's deadline, which only staff may write
                    line.sudo().date_deadline = calendar._telmico_plan(line.date_deadline, waited)
                for name in ("date_deadline", "date_executor_deadline"):
                    if service[name]:
                        vals[name] = calendar._telmico_plan(service[name], waited)
            # sudo: the wait moves the deadlines, whoever ends it (the executor, the client's reply)
            service.sudo().write(vals)
            service._client_answer_note(message, waited)
            if service.user_id:
                service._schedule(service.user_id, self.env._("The client answered: %s", service.name), now)

    def _client_answer_note(self, message, waited):
        """Say on the service that the wait is over; an answer posted elsewhere (the request) is copied here."""
        self.ensure_one()
        text = self.env._("The client answered after %(hours).1f working hours of waiting.", hours=waited)
        if self.date_deadline:
            text = self.env._(
                "%(text)s The deadline is now %(deadline)s.",
                text=text,
                deadline=format_datetime(self.env, self.date_deadline, dt_format="short"),
            )
        body = Markup("<p>%s</p>") % text
        attachments = []
        if message and (message.model, message.res_id) != (self._name, self.id):
            body += Markup("<blockquote>%s</blockquote>") % message.body
            attachments = [(attachment.name, attachment.raw) for attachment in message.attachment_ids]
        self.message_post(body=body, attachments=attachments, subtype_xmlid="mail.mt_note")

    def _is_client_message(self, message):
        """A message written by the client (or a colleague of the client's company), not by an employee."""
        self.ensure_one()
        if message.message_type not in ("email", "comment") or message.is_internal or message.subtype_id.internal:
            return False
        author = message.author_id
        client = self.partner_id.commercial_partner_id
        if author:
            # sudo: whether the author is an employee; nothing else is read
            employee = any(not user.share for user in author.sudo().user_ids)
            return not employee and author.commercial_partner_id == client
        return bool(message.email_from) and tools.email_normalize(message.email_from) in (
            client | client.child_ids
        ).mapped("email_normalized")

    def _message_post_after_hook(self, message, msg_values):
        """The client's reply to the question (an e-mail threaded by the gateway) ends the wait."""
        result = super()._message_post_after_hook(message, msg_values)
        if len(self) == 1 and self.state == "waiting" and self._is_client_message(message):
            self._client_answered(message)
        return result

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

    # ------------------------------------------------------------- offers

    def _offer_service_values(self, template):
        """The values of the service a hint of this one offers (the desk adds the request)."""
        self.ensure_one()
        return {"template_id": template.id, "partner_id": self.partner_id.id, "subscriber_id": self.subscriber_id.id}

    def _offer_service_action(self):
        """Where a service offered by a hint opens: its form, to fill in and register."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------ documents

    def action_print_document(self):
        self.ensure_one()
        report = self.document_report_id or self.template_id.report_ids[:1]
        if not report:
            raise UserError(self.env._("The template “%s” has no printable document.", self.template_id.name))
        if report.report_name == "telmico_service_mgmt.report_service_receipt" and not self._document_receipts():
            raise UserError(self.env._("Pick the receipt to print in the fields of %s first.", self.name))
        self.message_post(body=self.env._("Document issued: %s", report.name))
        return report.report_action(self)

    def _document_receipts(self):
        """The receipts picked in the service's Receipt fields, for the receipt copy."""
        self.ensure_one()
        return self.value_ids.filtered(lambda v: v.field_type == "receipt").value_receipt_id

    def _value(self, key):
        """A field value by its technical name, for documents."""
        line = self.value_ids.filtered(lambda v: v.key == key)[:1]
        return line.value_display if line else ""

    # --------------------------------------------------------------- crons

    def _deadline_moments(self, now):
        """When each reminder and escalation of this service is due (False: none to come).

        The service's deadline: the reminder comes the template's reminder hours (working hours) before it, and only
        while it is ahead; the escalation to the head at the deadline, to the escalation contact
        ``ESCALATE_AFTER_HOURS`` working hours after it. The executor's own deadline (when earlier than the
        service's): a reminder to the executor as long before it, and the head is told when it passes. A service
        waiting for the client has none: its deadlines are paused.
        """
        self.ensure_one()
        moments = dict.fromkeys(("reminder", "escalation", "executor_reminder", "executor_escalation"), False)
        if self.state not in OPEN_STATES:
            return moments
        calendar = self._calendar()
        hours = self.template_id.reminder_hours
        deadline = self.date_deadline
        if deadline:
            if not self.reminder_sent and hours > 0 and deadline > now:
                moments["reminder"] = calendar._telmico_plan(deadline, -hours)
            if self.escalation_level == 0:
                moments["escalation"] = deadline
            elif self.escalation_level == 1:
                moments["escalation"] = calendar._telmico_plan(deadline, ESCALATE_AFTER_HOURS)
        own = self.date_executor_deadline
        if own and self.user_id and (not deadline or own < deadline):
            if not self.executor_reminder_sent and hours > 0 and own > now:
                moments["executor_reminder"] = calendar._telmico_plan(own, -hours)
            if not self.executor_escalated:
                moments["executor_escalation"] = own
        return moments

    def _deadline_checks(self, now):
        """When the next reminder and the next escalation of this service are due (False: none to come)."""
        moments = self._deadline_moments(now)
        return {
            "date_reminder": min(filter(None, (moments["reminder"], moments["executor_reminder"])), default=False),
            "date_escalation": min(
                filter(None, (moments["escalation"], moments["executor_escalation"])), default=False
            ),
        }

    def _executor_deadline_set(self):
        """The executor got a new deadline: the head is told again when it passes; the executor is reminded before
        it, unless the reminder would be due at once (they were just told their deadline)."""
        now = fields.Datetime.now()
        for service in self:
            own = service.date_executor_deadline
            hours = service.template_id.reminder_hours
            remind_at = own and hours > 0 and service._calendar()._telmico_plan(own, -hours)
            super(TelmicoService, service).write(
                {"executor_escalated": False, "executor_reminder_sent": bool(remind_at and remind_at <= now)}
            )
        return True

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
        services.filtered(
            lambda s: (
                (not s.reminder_sent and s.date_deadline > now)
                or (s.date_executor_deadline and not s.executor_reminder_sent and s.date_executor_deadline > now)
            )
        ).write({"date_reminder": now})
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
        moments = self._deadline_moments(now)
        due = {name for name in ("reminder", "executor_reminder") if moments[name] and moments[name] <= now}
        if not due:
            self.date_reminder = self._deadline_checks(now)["date_reminder"]  # not due after all: look again then
            return
        if "executor_reminder" in due:
            left = self._work_hours(now, self.date_executor_deadline)
            self._schedule(
                self.user_id, self.env._("Your deadline for %s is near", self.name), self.date_executor_deadline
            )
            self.message_post(
                body=self.env._(
                    "Reminder: %(hours).1f working hours left until the deadline of %(user)s.",
                    hours=left,
                    user=self.user_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
            self.executor_reminder_sent = True
        if "reminder" in due:
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
        while True:
            moments = self._deadline_moments(now)
            if moments["executor_escalation"] and moments["executor_escalation"] <= now:
                self._escalate_executor_deadline()
            elif moments["escalation"] and moments["escalation"] <= now:
                self._escalate_deadline()
            else:
                break
        due = self._deadline_checks(now)["date_escalation"]
        if self.date_escalation != due:
            self.date_escalation = due  # not due after all (the calendar changed): look again then

    def _escalate_deadline(self):
        """The service is overdue: the head is told, then the department's escalation contact."""
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

    def _escalate_executor_deadline(self):
        """The executor's own deadline passed: the head who set it is told (the escalation contact when the executor
        is the head)."""
        department = self.department_id
        target = department.manager_id if department.manager_id != self.user_id else department.escalation_user_id
        self.executor_escalated = True
        if target:
            self._schedule(
                target,
                self.env._("%(user)s missed the deadline of %(service)s", user=self.user_id.name, service=self.name),
            )
        self.message_post(
            body=self.env._(
                "The deadline of %(user)s passed: told %(target)s.",
                user=self.user_id.name,
                target=target.name or self.env._("nobody (no head set)"),
            ),
            subtype_xmlid="mail.mt_note",
        )
