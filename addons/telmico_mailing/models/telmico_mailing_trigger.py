import calendar
from datetime import timedelta

import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL, plaintext2html

from ..tools.compliance import QUIET_HOURS_TZ

CHANNELS = [("sms", "SMS"), ("mail", "E-mail"), ("cabinet", "Personal cabinet")]
KINDS = [("transactional", "Transactional"), ("advertising", "Advertising")]


class TelmicoMailingTrigger(models.Model):
    """An individual, event-driven mailing: birthday greetings, reminders before a bill's due date.

    A daily job (``_cron_run``) finds today's events of every active trigger and sends one
    message per client and event date. Each message is first claimed in the log (unique
    trigger, client, date): a rerun of the job, even a concurrent one, never sends it twice.
    """

    _name = "telmico.mailing.trigger"
    _description = "Event-driven mailing"
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    trigger_type = fields.Selection(
        [("birthday", "Birthday"), ("due_date", "Before a bill's due date")],
        string="Event",
        required=True,
        default="birthday",
        tracking=True,
    )
    channel = fields.Selection(CHANNELS, required=True, default="sms", tracking=True)
    mailing_kind = fields.Selection(
        KINDS,
        string="Kind",
        required=True,
        compute="_compute_mailing_kind",
        store=True,
        precompute=True,
        readonly=False,
        tracking=True,
        help="Greetings are advertising (marketing consent, quiet hours, frequency cap); bill reminders are "
        "transactional.",
    )
    segment_ids = fields.Many2many(
        "telmico.client.segment", string="Segments", help="Only clients of these segments (empty: every client)."
    )
    days_before = fields.Integer(
        default=3, help="Bill reminders: the number of days before the due date the reminder is sent."
    )
    subject = fields.Char(help="Subject of the e-mail or cabinet message.")
    body = fields.Text(
        required=True,
        help="The message; placeholders such as {{ object.name }} (the client), {{ receipt.due_date }} and "
        "{{ receipt.amount_due }} (bill reminders) are filled in for each client.",
    )
    log_ids = fields.One2many("telmico.mailing.trigger.log", "trigger_id", string="Sent messages")
    log_count = fields.Integer(compute="_compute_log_count")

    @api.depends("trigger_type")
    def _compute_mailing_kind(self):
        for trigger in self:
            trigger.mailing_kind = "advertising" if trigger.trigger_type == "birthday" else "transactional"

    def _compute_log_count(self):
        counts = dict(
            self.env["telmico.mailing.trigger.log"]._read_group(
                [("trigger_id", "in", self.ids), ("state", "=", "sent")], ["trigger_id"], ["__count"]
            )
        )
        for trigger in self:
            trigger.log_count = counts.get(trigger, 0)

    # --------------------------------------------------------------- actions

    def action_view_logs(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Messages of %s", self.name),
            "res_model": "telmico.mailing.trigger.log",
            "view_mode": "list",
            "domain": [("trigger_id", "=", self.id)],
        }

    def action_run_now(self):
        self._run()
        return True

    # ------------------------------------------------------------------- job

    @api.model
    def _cron_run(self):
        self.search([])._run()

    @api.model
    def _today(self, now=None):
        """Today in Tbilisi: birthdays and due dates are local dates."""
        now = now or fields.Datetime.now()
        return pytz.utc.localize(now).astimezone(pytz.timezone(QUIET_HOURS_TZ)).date()

    def _run(self, now=None):
        now = now or fields.Datetime.now()
        today = self._today(now)
        for trigger in self:
            events = trigger._find_events(today)
            if events:
                trigger._deliver(events, now)

    def _find_events(self, today):
        """``{partner id: (event date, receipt or empty)}`` of the clients this trigger concerns today."""
        self.ensure_one()
        segments = self.segment_ids.ids
        self.env["res.partner"].flush_model(["birthday", "is_client", "active", "segment_id"])
        if self.trigger_type == "birthday":
            days = [today.day]
            if today.month == 2 and today.day == 28 and not calendar.isleap(today.year):
                days.append(29)  # born on 29 February: greeted on the 28th in common years
            self.env.cr.execute(
                SQL(
                    """SELECT id FROM res_partner
                        WHERE is_client AND active AND birthday IS NOT NULL
                          AND EXTRACT(MONTH FROM birthday) = %s AND EXTRACT(DAY FROM birthday) = ANY(%s)
                          AND (%s OR segment_id = ANY(%s))""",
                    today.month,
                    days,
                    not segments,
                    segments,
                )
            )
            return {
                partner_id: (today, self.env["telmico.subscriber.receipt"]) for (partner_id,) in self.env.cr.fetchall()
            }
        due = today + timedelta(days=self.days_before)
        for model in ("telmico.subscriber.receipt", "telmico.subscriber", "telmico.subscriber.link"):
            self.env[model].flush_model()
        # the newest unpaid bill due that day of each client's subscribers (still in debt)
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT ON (p.id) p.id, r.id
                     FROM telmico_subscriber_receipt r
                     JOIN telmico_subscriber s ON s.id = r.subscriber_id AND s.debt > 0
                     JOIN telmico_subscriber_link l ON l.subscriber_id = s.id
                     JOIN res_partner p ON p.id = l.partner_id AND p.is_client AND p.active
                    WHERE r.due_date = %s AND r.amount_due > 0 AND (%s OR p.segment_id = ANY(%s))
                    ORDER BY p.id, r.amount_due DESC, r.id""",
                due,
                not segments,
                segments,
            )
        )
        Receipt = self.env["telmico.subscriber.receipt"]
        return {partner_id: (due, Receipt.browse(receipt_id)) for partner_id, receipt_id in self.env.cr.fetchall()}

    def _deliver(self, events, now):
        """Claim then send one message per client of ``events``; clients the rules exclude are logged as skipped."""
        self.ensure_one()
        if (
            self.channel == "sms"
            and self.mailing_kind == "advertising"
            and self.env["mailing.mailing"]._quiet_hours_end(now)
        ):
            return  # nothing claimed: the next run in the day sends them
        Partner = self.env["res.partner"]
        partners = Partner.browse(list(events))
        consent = Partner._mailing_consent_domain(self.channel, self.mailing_kind)
        allowed = partners.filtered_domain(consent) if consent else partners
        capped = Partner._mailing_capped_ids(allowed.ids, now) if self.mailing_kind == "advertising" else set()
        reasons = {}
        for partner in partners - allowed:
            reasons[partner.id] = self.env._("no consent, no address or opted out")
        for partner_id in capped:
            reasons[partner_id] = self.env._("frequency cap reached")
        claimed = self._claim(events, reasons)
        to_send = Partner.browse([pid for pid in claimed if pid not in reasons])
        for partner in to_send:
            self._send_one(partner, events[partner.id][1])

    def _claim(self, events, reasons):
        """Log ``events``; the ids of the clients logged now (those logged before are left alone)."""
        self.env["telmico.mailing.trigger.log"].flush_model()
        now, uid = fields.Datetime.now(), self.env.uid
        rows = [
            SQL(
                "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                self.id,
                partner_id,
                event_date,
                self.channel,
                self.mailing_kind,
                "skipped" if partner_id in reasons else "sent",
                reasons.get(partner_id),
                uid,
                now,
                uid,
                now,
            )
            for partner_id, (event_date, _receipt) in events.items()
        ]
        self.env.cr.execute(
            SQL(
                """INSERT INTO telmico_mailing_trigger_log
                       (trigger_id, partner_id, event_date, channel, mailing_kind, state, note,
                        create_uid, create_date, write_uid, write_date)
                   VALUES %s
                   ON CONFLICT (trigger_id, partner_id, event_date) DO NOTHING
                   RETURNING partner_id""",
                SQL(", ").join(rows),
            )
        )
        claimed = [partner_id for (partner_id,) in self.env.cr.fetchall()]
        # written in SQL: the cached logs of this trigger are stale
        self.invalidate_recordset(["log_ids"])
        return claimed

    def _render(self, field, partner, receipt):
        text = self[field] or ""
        rendered = self.env["mail.render.mixin"]._render_template(
            text, "res.partner", partner.ids, engine="inline_template", add_context={"receipt": receipt}
        )
        return rendered[partner.id]

    def _send_one(self, partner, receipt):
        body = self._render("body", partner, receipt)
        subject = self._render("subject", partner, receipt) if self.subject else self.name
        if self.channel == "sms":
            # posted on the client: shown in the card's history; the SMS queue sends it (through the gateway)
            partner._message_sms(body, number_field="mobile", put_in_queue=True)
        elif self.channel == "mail":
            # sudo: the job sends in the name of the company; a mailing user may not create mail.mail.
            # The trace follows the mail (sent, bounced, failed) into the client card's communications.
            self.env["mail.mail"].sudo().create(
                {
                    "subject": subject,
                    "body_html": plaintext2html(body),
                    "email_to": partner.email_formatted,
                    "auto_delete": True,
                    "mailing_trace_ids": [(0, 0, self._trace_values(partner, "outgoing", subject))],
                }
            )
            partner.message_post(
                body=Markup("<p>%s</p>") % self.env._("E-mail “%s” sent.", subject), subtype_xmlid="mail.mt_note"
            )
        else:
            message = self.env["telmico.mailing.message"].create(
                {"partner_id": partner.id, "trigger_id": self.id, "name": subject, "body": plaintext2html(body)}
            )
            self.env["mailing.trace"].create(
                dict(
                    self._trace_values(partner, "sent", subject),
                    cabinet_message_id=message.id,
                    sent_datetime=fields.Datetime.now(),
                )
            )

    def _trace_values(self, partner, status, subject):
        return {
            "trace_type": "mail",
            "model": "res.partner",
            "res_id": partner.id,
            "trigger_id": self.id,
            "trigger_subject": subject,
            "trace_status": status,
        }
