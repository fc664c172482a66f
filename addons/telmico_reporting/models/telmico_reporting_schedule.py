import base64
import logging
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)

FREQUENCIES = [("daily", "Daily"), ("weekly", "Weekly"), ("monthly", "Monthly")]
STEPS = {"daily": relativedelta(days=1), "weekly": relativedelta(weeks=1), "monthly": relativedelta(months=1)}


class TelmicoReportingSchedule(models.Model):
    """A ready report sent by e-mail every day, week or month to chosen recipients.

    Each sending covers the period that just ended (yesterday, the last seven days, the last month) and is
    read with the rights of the schedule's owner: a team leader's schedule sends the figures of their teams.
    """

    _name = "telmico.reporting.schedule"
    _inherit = ["telmico.reporting.parameters", "mail.thread"]
    _description = "Scheduled report"
    _order = "next_date, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    frequency = fields.Selection(FREQUENCIES, required=True, default="weekly", tracking=True)
    file_format = fields.Selection([("xlsx", "Excel"), ("pdf", "PDF")], required=True, default="xlsx")
    recipient_ids = fields.Many2many("res.partner", string="Recipients", required=True)
    next_date = fields.Date(
        string="Next sending", required=True, default=fields.Date.context_today, tracking=True, index=True
    )
    owner_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        help="The report is read with this user's rights.",
    )
    last_sent = fields.Datetime(readonly=True, copy=False)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)

    @api.constrains("recipient_ids")
    def _check_recipient_ids(self):
        for schedule in self:
            missing = schedule.recipient_ids.filtered(lambda partner: not partner.email)
            if missing:
                raise ValidationError(
                    self.env._("These recipients have no e-mail address: %s", ", ".join(missing.mapped("name")))
                )

    def action_send_now(self):
        for schedule in self:
            schedule._send(fields.Date.context_today(schedule))
        return True

    # ------------------------------------------------------------ business

    def _period(self, today):
        """The period the sending of ``today`` covers: the day, week or month that just ended."""
        self.ensure_one()
        date_to = today - timedelta(days=1)
        return today - STEPS[self.frequency], date_to

    def _send(self, today):
        """Make the report of the period that just ended as its owner and queue the e-mail with the file."""
        self.ensure_one()
        date_from, date_to = self._period(today)
        as_owner = self.with_user(self.owner_id).with_company(self.company_id)
        name, content, mimetype = as_owner._export(self.file_format, date_from, date_to)
        attachment = self.env["ir.attachment"].create(
            {
                "name": name,
                "datas": base64.b64encode(content),
                "mimetype": mimetype,
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self.env["mail.mail"].create(
            {
                "subject": self.env._("%(report)s: %(name)s", report=self.name, name=name),
                "body_html": self.env._(
                    "<p>The report %(name)s is attached.</p><p>Sent by Telmico CRM every %(frequency)s.</p>",
                    name=name,
                    frequency=dict(self._fields["frequency"]._description_selection(self.env))[self.frequency],
                ),
                "email_from": self.company_id.email_formatted or self.env.user.email_formatted,
                "recipient_ids": [(6, 0, self.recipient_ids.ids)],
                "attachment_ids": [(6, 0, attachment.ids)],
                "model": self._name,
                "res_id": self.id,
                "auto_delete": False,
            }
        )
        self.write({"last_sent": fields.Datetime.now()})
        return attachment

    @api.model
    def _cron_send(self):
        """Send the reports due today (one per schedule, even if the cron missed days) and plan the next sending."""
        today = fields.Date.context_today(self)
        for schedule in self.search([("next_date", "<=", today)]):
            try:
                with self.env.cr.savepoint():
                    schedule._send(today)
            except Exception:
                _logger.exception("Scheduled report %s could not be made", schedule.id)
            next_date = schedule.next_date
            while next_date <= today:
                next_date += STEPS[schedule.frequency]
            schedule.next_date = next_date
