from datetime import timedelta
from itertools import groupby

from odoo import api, fields, models
from odoo.addons.project.models.project_task import CLOSED_STATES
from odoo.addons.telmico_client_card.tools.batch import commit_chunk
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import split_every

CRON_CHUNK = 100  # tasks the reminder cron commits at a time
REMINDED = [("none", "Not yet"), ("before", "Before the deadline"), ("due", "At the deadline")]


class ProjectTask(models.Model):
    _inherit = "project.task"

    priority = fields.Selection(selection_add=[("2", "Urgent")], ondelete={"2": "set default"})
    telmico_management = fields.Boolean(
        related="project_id.telmico_management", string="Management task", store=True, index=True
    )
    request_id = fields.Many2one(
        "telmico.request", tracking=True, index="btree_not_null", ondelete="set null", copy=False
    )
    service_id = fields.Many2one(
        "telmico.service", tracking=True, index="btree_not_null", ondelete="set null", copy=False
    )
    telmico_reminded = fields.Selection(
        REMINDED, string="Reminded", default="none", required=True, copy=False, readonly=True
    )
    telmico_reminder_date = fields.Datetime(
        string="Next reminder",
        compute="_compute_telmico_reminder_date",
        store=True,
        index="btree_not_null",
        help="When the assignees are reminded next: the reminder lead before the deadline, then at the deadline.",
    )

    telmico_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_telmico_overdue",
        search="_search_telmico_overdue",
        help="The deadline has passed and the task is neither done nor cancelled.",
    )

    def _compute_telmico_overdue(self):
        now = fields.Datetime.now()
        for task in self:
            task.telmico_overdue = bool(
                task.date_deadline
                and task.date_deadline < now
                and task.state not in CLOSED_STATES
                and not task.stage_id.fold
            )

    def _search_telmico_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Overdue can only be searched as true or false."))
        domain = [
            ("date_deadline", "<", fields.Datetime.now()),
            ("state", "not in", list(CLOSED_STATES)),
            ("stage_id.fold", "=", False),
        ]
        return domain if (operator == "=") == value else ["!", *expression.normalize_domain(domain)]

    @api.depends(
        "date_deadline",
        "telmico_management",
        "telmico_reminded",
        "state",
        "stage_id.fold",
        "project_id.telmico_reminder_hours",
    )
    def _compute_telmico_reminder_date(self):
        for task in self:
            if (
                not task.telmico_management
                or not task.date_deadline
                or task.state in CLOSED_STATES
                or task.stage_id.fold
                or task.telmico_reminded == "due"
            ):
                task.telmico_reminder_date = False
            elif task.telmico_reminded == "before":
                task.telmico_reminder_date = task.date_deadline
            else:
                lead = timedelta(hours=task.project_id.telmico_reminder_hours)
                task.telmico_reminder_date = task.date_deadline - lead

    def write(self, vals):
        if "date_deadline" in vals and "telmico_reminded" not in vals:
            # a new deadline: both reminders are due again, for the new moment
            vals = dict(vals, telmico_reminded="none")
        return super().write(vals)

    @api.model
    def _cron_telmico_reminders(self, limit=1000):
        """Remind the assignees of management tasks before and at the deadline, ``limit`` tasks a run, committed
        per chunk; the cron framework runs again at once while some are left (``_notify_progress``).

        Only the due tasks are read, by an indexed search on the stored next reminder; a task leaves with its
        next reminder moved on (or none), so it is never reminded twice of the same moment.
        """
        now = fields.Datetime.now()
        domain = [("telmico_reminder_date", "<=", now)]
        tasks = self.search(domain, order="telmico_reminder_date, id", limit=limit)
        for chunk in split_every(CRON_CHUNK, tasks.ids, self.browse):
            for task in chunk:
                task._telmico_remind(now)
            commit_chunk(self.env)
        remaining = self.search_count(domain) if len(tasks) == limit else 0
        self.env["ir.cron"]._notify_progress(done=len(tasks), remaining=remaining)
        return len(tasks)

    def _telmico_remind(self, now):
        """Before the deadline: a "Deadline reminder" activity for each assignee who has none open on the task
        (Odoo mails it to them). At the deadline: a mail to the assignees, in each one's language."""
        self.ensure_one()
        if self.date_deadline > now:
            activity_type = self.env.ref("telmico_tasks.mail_activity_type_deadline")
            for user in self.user_ids:
                if self.activity_ids.filtered(lambda a, u=user: a.activity_type_id == activity_type and a.user_id == u):
                    continue
                task = self.with_context(lang=user.lang)
                task.activity_schedule(
                    "telmico_tasks.mail_activity_type_deadline",
                    date_deadline=fields.Date.context_today(task, self.date_deadline),
                    summary=task.env._("The deadline of %s is near", self.name),
                    user_id=user.id,
                )
            self.telmico_reminded = "before"
            return
        for lang, users in groupby(self.user_ids.sorted("lang"), key=lambda u: u.lang):
            task = self.with_context(lang=lang)
            partners = self.env["res.users"].concat(*users).partner_id
            task.message_notify(
                partner_ids=partners.ids,
                subject=task.env._("Deadline reached: %s", self.name),
                body=task.env._("The deadline of the task %s has come and it is not done yet.", self.name),
                email_layout_xmlid="mail.mail_notification_light",
            )
        self.telmico_reminded = "due"

    @api.model
    def _telmico_action_new(self, defaults):
        """The form of a new management task, filled with ``defaults`` (``{field: value}``)."""
        context = {f"default_{name}": value for name, value in defaults.items()}
        context["default_project_id"] = self.env.ref("telmico_tasks.project_management").id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New task"),
            "res_model": "project.task",
            "view_mode": "form",
            "views": [(self.env.ref("project.view_task_form2").id, "form")],
            "target": "current",
            "context": context,
        }

    @api.model
    def _telmico_action_linked(self, field, record):
        """The management tasks whose ``field`` is ``record`` (a request or a service)."""
        action = self.env["ir.actions.act_window"]._for_xml_id("telmico_tasks.project_task_action")
        action.update(
            {
                "name": self.env._("Tasks of %s", record.display_name),
                "domain": [(field, "=", record.id)],
                "context": {"default_project_id": self.env.ref("telmico_tasks.project_management").id},
            }
        )
        return action
