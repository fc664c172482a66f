from datetime import datetime, timedelta

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.osv import expression

from .telmico_service_template import FIELD_TYPES

STATES = [
    ("draft", "Draft"),
    ("to_approve", "Waiting for approval"),
    ("in_progress", "In progress"),
    ("closed", "Completed"),
    ("cancelled", "Cancelled"),
]
ESCALATE_AFTER_HOURS = 8  # working hours overdue before the department's escalation contact is told


BOOLEAN_ANSWERS = {
    "yes": True,
    "y": True,
    "1": True,
    "true": True,
    "კი": True,
    "no": False,
    "n": False,
    "0": False,
    "false": False,
    "არა": False,
}
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")


def _parse_typed(kind, text):
    """Column values for ``text`` typed as a value of type ``kind`` (number, date, yes/no), or None."""
    compact = text.replace(" ", "")
    try:
        if kind == "integer":
            return {"value_integer": int(compact), "value_set": True}
        if kind in ("float", "monetary"):
            return {f"value_{kind}": float(compact.replace(",", ".")), "value_set": True}
    except ValueError:
        return None
    if kind == "date":
        for fmt in DATE_FORMATS:
            try:
                return {"value_date": datetime.strptime(text, fmt).date()}
            except ValueError:
                continue
        return None
    if kind == "boolean" and text.lower() in BOOLEAN_ANSWERS:
        return {"value_boolean": BOOLEAN_ANSWERS[text.lower()], "value_set": True}
    return None


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
    hint_html = fields.Html(compute="_compute_hint_html", sanitize=False)
    mandatory_open_count = fields.Integer(compute="_compute_hint_html")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)

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
            service.hint_html = (
                Markup("<ul class='mb-0'>%s</ul>") % Markup().join(Markup("<li>%s</li>") % hint.name for hint in hints)
                if hints
                else False
            )

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
        return super().create(vals_list)

    @api.model
    def _snapshot_template(self, template, partner, vals):
        """Copy what the service needs from its template: fields, applicable hints and actions, route.

        Later changes of the template do not reach services already made from it.
        """
        snapshot = {}
        if not vals.get("value_ids"):
            snapshot["value_ids"] = [
                Command.create(
                    {
                        "sequence": f.sequence,
                        "key": f.key,
                        "name": f.name,
                        "field_type": f.field_type,
                        "required": f.required,
                        "help": f.help,
                        "selection_values": f.selection_values,
                        "public": f.public,
                    }
                )
                for f in template.field_ids
            ]
        if not vals.get("action_line_ids"):
            snapshot["action_line_ids"] = [
                Command.create(
                    {
                        "sequence": a.sequence,
                        "kind": a.kind,
                        "name": a.name,
                        "suggested_template_id": a.suggested_template_id.id,
                    }
                )
                for a in template._active_actions(partner)
            ]
        if not vals.get("route_line_ids"):
            snapshot["route_line_ids"] = [
                Command.create(
                    {
                        "sequence": s.sequence,
                        "name": s.name,
                        "department_id": s.department_id.id,
                        "deadline_hours": s.deadline_hours,
                    }
                )
                for s in template.stage_ids
            ]
        return snapshot

    def write(self, vals):
        if "template_id" in vals and any(s.state != "draft" for s in self):
            raise UserError(
                self.env._("The template of a registered service cannot change: cancel it and register another.")
            )
        return super().write(vals)

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
        stage_deadline = self._plan(calendar, line.deadline_hours, now)
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
            vals["date_deadline"] = self._plan(self.template_id.calendar_id or calendar, hours, now)
        if executor:
            self._schedule(
                executor,
                self.env._("Execute %(service)s: %(stage)s", service=self.name, stage=line.name),
                stage_deadline,
            )
        elif department.manager_id:
            self._schedule(department.manager_id, self.env._("Distribute %s to an employee", self.name), stage_deadline)
        self.write(vals)

    @api.model
    def _plan(self, calendar, hours, start):
        """The moment ``hours`` working hours after ``start`` on ``calendar`` (public holidays skipped)."""
        if not hours:
            return start
        if not calendar:
            return start + timedelta(hours=hours)
        return calendar.plan_hours(hours, start, compute_leaves=True)

    def _work_hours(self, start, end):
        """Working hours between two moments on the service's calendar (public holidays excluded)."""
        self.ensure_one()
        calendar = self.department_id.calendar_id or self.template_id.calendar_id
        if not calendar:
            return (end - start).total_seconds() / 3600
        return calendar.get_work_duration_data(start, end, compute_leaves=True)["hours"]

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

    @api.model
    def _cron_deadline_reminders(self, limit=1000):
        """Remind the executor (or the head) when the deadline is within the template's reminder hours."""
        now = fields.Datetime.now()
        candidates = self.search(
            [
                ("state", "in", ("in_progress", "to_approve")),
                ("reminder_sent", "=", False),
                ("date_deadline", ">=", now),
                ("date_deadline", "<=", now + timedelta(days=14)),
            ],
            limit=limit,
        )
        for service in candidates:
            left = service._work_hours(now, service.date_deadline)
            if left <= service.template_id.reminder_hours:
                who = service.user_id or service.department_id.manager_id
                if who:
                    service._schedule(who, self.env._("Deadline of %s is near", service.name))
                service.message_post(
                    body=self.env._("Reminder: %.1f working hours left until the deadline.", left),
                    subtype_xmlid="mail.mt_note",
                )
                service.reminder_sent = True

    @api.model
    def _cron_escalate(self, limit=1000):
        """Overdue services: tell the department head, then (8 working hours later) the escalation contact."""
        now = fields.Datetime.now()
        for service in self.search(
            [("state", "in", ("in_progress", "to_approve")), ("date_deadline", "<", now), ("escalation_level", "<", 2)],
            limit=limit,
        ):
            department = service.department_id
            overdue = service._work_hours(service.date_deadline, now)
            if service.escalation_level == 0:
                target, level = department.manager_id, 1
            elif overdue >= ESCALATE_AFTER_HOURS:
                target, level = department.escalation_user_id or department.manager_id, 2
            else:
                continue
            service.escalation_level = level
            if target:
                service._schedule(target, self.env._("%s is overdue", service.name))
            service.message_post(
                body=self.env._("Overdue: escalated to %s.", escape(target.name or self.env._("nobody (no head set)"))),
                subtype_xmlid="mail.mt_note",
            )


class TelmicoServiceValue(models.Model):
    """A field of a service, copied from its template: label, type and required-ness, and the value."""

    _name = "telmico.service.value"
    _description = "Service field value"
    _order = "sequence, id"

    service_id = fields.Many2one("telmico.service", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer()
    key = fields.Char(required=True)
    name = fields.Char(string="Field", required=True)
    field_type = fields.Selection(FIELD_TYPES, string="Type", required=True)
    required = fields.Boolean()
    help = fields.Char()
    selection_values = fields.Text(string="Choices")
    public = fields.Boolean()
    value_char = fields.Char(string="Text")
    value_text = fields.Text(string="Long text")
    value_integer = fields.Integer(string="Whole number")
    value_float = fields.Float(string="Decimal number")
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id)
    value_monetary = fields.Monetary(string="Amount")
    value_date = fields.Date(string="Date")
    value_selection = fields.Char(string="Choice")
    value_boolean = fields.Boolean(string="Yes / no")
    value_subscriber_id = fields.Many2one("telmico.subscriber", string="Subscriber")
    value_attachment_ids = fields.Many2many("ir.attachment", string="Documents")
    value_set = fields.Boolean(string="Answered", help="For number fields: the operator gave an answer (0 is one).")
    value_display = fields.Char(string="Value as text", compute="_compute_value_display")
    value_input = fields.Char(
        string="Value",
        compute="_compute_value_display",
        inverse="_inverse_value_input",
        help="Typed as text and checked against the field's type: numbers, dates (2026-10-05 or 05.10.2026), yes / no, a choice.",
    )
    hint = fields.Char(compute="_compute_hint")

    @api.depends("help", "selection_values", "field_type")
    def _compute_hint(self):
        for line in self:
            choices = " / ".join(c.strip() for c in (line.selection_values or "").splitlines() if c.strip())
            line.hint = " — ".join(filter(None, [line.help, choices if line.field_type == "selection" else None]))

    def _typed_values(self):
        """The value columns of this line, to carry a value over when the form is rebuilt."""
        self.ensure_one()
        names = [
            "value_char",
            "value_text",
            "value_integer",
            "value_float",
            "value_monetary",
            "value_date",
            "value_selection",
            "value_boolean",
            "value_set",
        ]
        values = {name: self[name] for name in names}
        values["value_subscriber_id"] = self.value_subscriber_id.id
        values["value_attachment_ids"] = [Command.set(self.value_attachment_ids.ids)]
        return values

    def _inverse_value_input(self):
        for line in self:
            if line.field_type in ("subscriber", "attachment"):
                continue
            line.write(line._parse_input(line.value_input))

    def _parse_input(self, text):
        """Typed column values for ``text`` typed in the Value column; a clear error when it does not fit."""
        self.ensure_one()
        text = (text or "").strip()
        kind = self.field_type
        if kind in ("char", "text", "selection"):
            return {f"value_{kind}": text or False}
        if not text:
            return {f"value_{kind}": False, "value_set": False}
        parsed = _parse_typed(kind, text)
        if parsed is not None:
            return parsed
        expected = dict(self._fields["field_type"]._description_selection(self.env))[kind]
        raise ValidationError(
            self.env._(
                "“%(value)s” is not a valid %(type)s for %(field)s.", value=text, type=expected.lower(), field=self.name
            )
        )

    @api.depends(
        "field_type",
        "value_char",
        "value_text",
        "value_integer",
        "value_float",
        "value_monetary",
        "value_date",
        "value_selection",
        "value_boolean",
        "value_subscriber_id",
        "value_attachment_ids",
    )
    def _compute_value_display(self):
        for line in self:
            value = line._get_value()
            if line.field_type == "boolean":
                value = self.env._("Yes") if value else self.env._("No")
            elif line.field_type == "subscriber":
                value = value.display_name if value else ""
            elif line.field_type == "attachment":
                value = ", ".join(value.mapped("name"))
            elif line.field_type == "date":
                value = fields.Date.to_string(value) if value else ""
            line.value_display = "" if value is False or value is None else str(value)
            line.value_input = (
                line.value_display if line.field_type != "boolean" or line.value_set or line.value_boolean else ""
            )

    def _get_value(self):
        self.ensure_one()
        column = {"subscriber": "value_subscriber_id", "attachment": "value_attachment_ids"}.get(
            self.field_type, f"value_{self.field_type}"
        )
        return self[column]

    def _is_empty(self):
        self.ensure_one()
        if self.field_type == "boolean":
            return False  # "no" is an answer
        if self.field_type in ("integer", "float", "monetary"):
            return not self.value_set and not self._get_value()
        return not self._get_value()

    @api.constrains("value_selection", "selection_values", "field_type")
    def _check_selection(self):
        for line in self.filtered(lambda v: v.field_type == "selection" and v.value_selection):
            choices = [c.strip() for c in (line.selection_values or "").splitlines() if c.strip()]
            if line.value_selection.strip() not in choices:
                raise ValidationError(
                    self.env._(
                        "“%(value)s” is not a choice of %(field)s: %(choices)s.",
                        value=line.value_selection,
                        field=line.name,
                        choices=", ".join(choices),
                    )
                )

    def write(self, vals):
        # every change of a value is logged on the service (who, which field, old -> new)
        tracked = {k for k in vals if k.startswith("value_") and k != "value_set"}
        before = {line.id: line.value_display for line in self} if tracked else {}
        if tracked & {"value_integer", "value_float", "value_monetary"}:
            vals = {**vals, "value_set": True}
        result = super().write(vals)
        for line in self.filtered(lambda v: before.get(v.id) != v.value_display):
            line.service_id.message_post(
                body=self.env._(
                    "%(field)s: %(old)s → %(new)s",
                    field=line.name,
                    old=before[line.id] or "—",
                    new=line.value_display or "—",
                ),
                subtype_xmlid="mail.mt_note",
            )
        return result


class TelmicoServiceActionLine(models.Model):
    _name = "telmico.service.action.line"
    _description = "Service hint or action to do"
    _order = "sequence, id"

    service_id = fields.Many2one("telmico.service", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer()
    kind = fields.Selection([("hint", "Hint"), ("mandatory", "Mandatory action")], required=True)
    name = fields.Char(string="Text", required=True)
    suggested_template_id = fields.Many2one("telmico.service.template", string="Offer service")
    done = fields.Boolean(copy=False)
    done_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    done_date = fields.Datetime(readonly=True, copy=False)

    def write(self, vals):
        if "done" in vals:
            vals = {
                **vals,
                "done_by_id": self.env.user.id if vals["done"] else False,
                "done_date": fields.Datetime.now() if vals["done"] else False,
            }
        result = super().write(vals)
        if "done" in vals:
            for line in self:
                line.service_id.message_post(
                    body=(self.env._("Done: %s") if line.done else self.env._("Undone: %s")) % line.name,
                    subtype_xmlid="mail.mt_note",
                )
        return result

    def action_mark_done(self):
        self.write({"done": True})


class TelmicoServiceRouteLine(models.Model):
    """A stage of a service's route, copied from the template, with its own stored deadline."""

    _name = "telmico.service.route.line"
    _description = "Service route stage"
    _order = "sequence, id"

    service_id = fields.Many2one("telmico.service", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer()
    name = fields.Char(required=True)
    department_id = fields.Many2one("telmico.service.department", required=True, ondelete="restrict")
    deadline_hours = fields.Float(string="Deadline (working hours)")
    state = fields.Selection(
        [("waiting", "Waiting"), ("current", "Current"), ("done", "Done")], default="waiting", required=True
    )
    user_id = fields.Many2one("res.users", string="Executor")
    date_start = fields.Datetime()
    date_deadline = fields.Datetime(string="Deadline")
    date_done = fields.Datetime(string="Done on")


class TelmicoServiceChange(models.Model):
    """A change of card data requested by a service; applied only once approved."""

    _name = "telmico.service.change"
    _description = "Requested data change"

    service_id = fields.Many2one("telmico.service", required=True, ondelete="cascade", index=True)
    target = fields.Selection(related="service_id.data_change")
    client_field = fields.Selection(selection="_selection_client_field", string="Client field")
    subscriber_field = fields.Selection(
        [
            ("holder_name", "Holder"),
            ("phone", "Phone"),
            ("email", "E-mail"),
            ("tariff", "Tariff"),
            ("address", "Address"),
        ],
        string="Subscriber field",
    )
    old_value = fields.Char(readonly=True)
    new_value = fields.Char(required=True)
    applied = fields.Boolean(readonly=True, copy=False)

    @api.model
    def _selection_client_field(self):
        """Client-card fields a data-change service can be allowed to change (tracked business fields)."""
        return sorted(
            (
                (name, field.string)
                for name, field in self.env["res.partner"]._fields.items()
                if field.store
                and field.type in ("char", "date", "selection", "boolean")
                and getattr(field, "tracking", False)
                and not field.compute
            ),
            key=lambda item: item[1],
        )

    @api.constrains("client_field", "subscriber_field")
    def _check_field(self):
        for change in self:
            if change.target == "client":
                # sudo: operators may not read ir.model.fields; the template's list is configuration
                allowed = change.service_id.template_id.sudo().change_field_ids.mapped("name")
                if change.client_field not in allowed:
                    labels = dict(self._selection_client_field())
                    raise ValidationError(
                        self.env._(
                            "This service may not change the field “%s”.",
                            labels.get(change.client_field, change.client_field or ""),
                        )
                    )
            if change.target == "subscriber" and not change.subscriber_field:
                raise ValidationError(self.env._("Choose the subscriber field to change."))

    @api.model_create_multi
    def create(self, vals_list):
        changes = super().create(vals_list)
        for change in changes:
            change.old_value = change._current_value()
        return changes

    def _current_value(self):
        self.ensure_one()
        if self.target == "client" and self.client_field:
            value = self.service_id.partner_id[self.client_field]
            return "" if value is False else str(value)
        if self.target == "subscriber" and self.subscriber_field:
            subscriber = self.service_id.subscriber_id
            column = {"holder_name": "name"}.get(self.subscriber_field, self.subscriber_field)
            return (subscriber[column] or "") if subscriber else ""
        return ""

    def _apply(self):
        """Client fields are written on the card; subscriber changes go to billing through the outbox."""
        for change in self.filtered(lambda c: not c.applied):
            service = change.service_id
            if change.target == "client":
                service.partner_id.write({change.client_field: change.new_value})
            else:
                if not service.subscriber_id:
                    raise ValidationError(self.env._("Choose the subscriber whose data %s changes.", service.name))
                backend = (
                    self.env["telmico.billing.backend"].sudo().search([], limit=1)
                )  # sudo: operators queue changes, admins configure
                if not backend:
                    raise UserError(self.env._("No billing connector is configured to send the change to."))
                self.env["telmico.billing.outbox"].sudo()._enqueue(  # sudo: the outbox is the billing integration's
                    backend,
                    {
                        "type": "subscriber_change",
                        "subscriber": service.subscriber_id.number,
                        "field": change.subscriber_field,
                        "old_value": change.old_value,
                        "new_value": change.new_value,
                        "service": service.name,
                        "approved_by": self.env.user.name,
                    },
                    subscriber=service.subscriber_id,
                    origin=service,
                    description=self.env._(
                        "%(service)s: %(field)s", service=service.name, field=change.subscriber_field
                    ),
                )
            change.applied = True
