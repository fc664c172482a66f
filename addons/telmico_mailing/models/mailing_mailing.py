import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.telmico_client_card.tools.batch import commit_chunk
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, split_every

from ..tools.compliance import QUIET_HOURS_TZ, in_quiet_hours, quiet_hours_end

#: how far apart the occurrences of a recurring mailing are
RECURRENCES = [("daily", "Daily"), ("weekly", "Weekly"), ("monthly", "Monthly")]
RECURRENCE_STEPS = {
    "daily": relativedelta(days=1),
    "weekly": relativedelta(weeks=1),
    "monthly": relativedelta(months=1),
}

#: recipients written per batch when a mailing goes to the personal cabinet (one commit per batch)
CABINET_BATCH_SIZE = 1000
#: recipients of an SMS mailing queued per batch (one composer and one commit per batch): Odoo's composer
#: takes the ids as text and cannot read more than about 11 000 of them (its 100 KiB literal_eval limit)
SMS_BATCH_SIZE = 5000


class MailingMailing(models.Model):
    """Telmico's rules on Odoo's mass mailings: audiences, consents, quiet hours, frequency cap, cabinet."""

    _name = "mailing.mailing"
    _inherit = ["mailing.mailing", "telmico.sms.counter.mixin"]
    _sms_counter_text_field = "body_plaintext"
    _sms_counter_depends = ("sms_transliterate", "sms_sender_id", "mailing_type", "mailing_domain", "mailing_model_id")

    mailing_kind = fields.Selection(
        [("transactional", "Transactional"), ("advertising", "Advertising")],
        string="Kind",
        default="advertising",
        required=True,
        tracking=True,
        help="Advertising messages need the client's marketing consent, wait for the end of the quiet hours "
        "(SMS) and count against the frequency cap; transactional ones (debt reminders, service notices) do not.",
    )
    audience_id = fields.Many2one(
        "telmico.mailing.audience",
        index="btree_not_null",
        help="A saved audience: its criteria become the recipients' filter.",
    )
    cabinet_delivery = fields.Boolean(
        string="To the personal cabinet",
        help="The message goes to the clients' personal-cabinet inbox instead of their e-mail.",
    )

    sms_transliterate = fields.Boolean(
        string="Transliterate to Latin",
        default=lambda self: self.env["telmico.sms.gateway"]._default_transliterate(),
        help="Send the SMS in Latin letters (a Latin SMS holds 160 characters, a Georgian one 70); the SMS "
        "template's choice when one is picked, else the gateway's setting; wins over the gateway's.",
    )
    sms_sender_id = fields.Many2one(
        "telmico.sms.sender",
        string="SMS sender",
        help="The sender name of the SMS, among those your groups may use; empty: the gateway's default sender.",
    )
    mailbox_id = fields.Many2one(
        "telmico.mailing.mailbox",
        index="btree_not_null",
        help="The mailbox the e-mails are sent from (its address and mail server), among those your groups may use.",
    )
    recurrence = fields.Selection(
        RECURRENCES,
        string="Repeat",
        help="Once sent, the mailing is copied and scheduled again after this interval.",
    )
    recurrence_until = fields.Date(string="Repeat until", help="No occurrence is scheduled after this date.")
    recurrence_next_id = fields.Many2one(
        "mailing.mailing", string="Next occurrence", readonly=True, copy=False, index="btree_not_null"
    )

    @api.depends("audience_id")
    def _compute_mailing_domain(self):
        result = super()._compute_mailing_domain()
        for mailing in self.filtered("audience_id"):
            mailing.mailing_domain = repr(mailing.audience_id._get_domain())
        return result

    @api.depends("mailbox_id")
    def _compute_email_from(self):
        with_mailbox = self.filtered("mailbox_id")
        for mailing in with_mailbox:
            mailing.email_from = mailing.mailbox_id.sudo().email_from  # sudo: the address of the chosen mailbox
        return super(MailingMailing, self - with_mailbox)._compute_email_from()

    @api.constrains("audience_id", "cabinet_delivery", "mailing_model_id")
    def _check_partner_recipients(self):
        for mailing in self:
            if (mailing.audience_id or mailing.cabinet_delivery) and mailing.mailing_model_real != "res.partner":
                raise ValidationError(
                    self.env._("Audiences and the personal cabinet apply to mailings whose recipients are contacts.")
                )

    @api.onchange("audience_id")
    def _onchange_audience_id(self):
        if self.audience_id:
            self.mailing_model_id = self.env["ir.model"]._get("res.partner")

    @api.onchange("sms_template_id")
    def _onchange_sms_template_id(self):
        if self.sms_template_id:
            self.sms_transliterate = self.sms_template_id.transliterate

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("sms_template_id") and "sms_transliterate" not in vals:
                # the template's choice wins over the gateway's default
                vals["sms_transliterate"] = self.env["sms.template"].browse(vals["sms_template_id"]).transliterate
            self._mailbox_server_values(vals)
        mailings = super().create(vals_list)
        mailings.filtered("sms_sender_id")._check_sms_sender()
        mailings.filtered("mailbox_id")._check_mailbox()
        return mailings

    def write(self, vals):
        self._mailbox_server_values(vals)
        result = super().write(vals)
        if vals.get("sms_sender_id"):
            self._check_sms_sender()
        if vals.get("mailbox_id"):
            self._check_mailbox()
        return result

    def _mailbox_server_values(self, vals):
        """A mailbox chosen in ``vals`` brings its mail server."""
        if vals.get("mailbox_id"):
            # sudo: the server of the chosen mailbox (its use is checked by _check_mailbox)
            mailbox = self.env["telmico.mailing.mailbox"].sudo().browse(vals["mailbox_id"])
            vals["mail_server_id"] = mailbox.mail_server_id.id

    # --------------------------------------------------------- SMS counter

    def _sms_counter_gateway(self):
        # sudo: the gateways are the administrators'; the sender's gateway prices this mailing's SMS
        gateway = self.sms_sender_id.sudo().gateway_id.filtered("active")
        return gateway or super()._sms_counter_gateway()

    def _sms_counter_transliterate(self):
        return self.sms_transliterate

    def _sms_counter_recipient_count(self):
        """Recipients the mailing would reach now (consents applied; cap and opt-outs not): an estimate."""
        if self.mailing_type != "sms" or not self.mailing_model_real:
            return 0
        return self.env[self.mailing_model_real].search_count(self._get_recipients_domain())

    # ---------------------------------------------------------- SMS sender

    def _check_sms_sender(self):
        """Refuse a sender name the current user's groups may not use (record rules of the senders)."""
        if self.env.su:
            return
        for mailing in self.filtered("sms_sender_id"):
            if not mailing.sms_sender_id._filtered_access("read"):
                raise UserError(
                    self.env._(
                        "You may not send SMS under the sender name “%(name)s”: ask an administrator to give "
                        "one of your groups that name.",
                        # sudo: the name of a sender the user may not read, for the message only
                        name=mailing.sms_sender_id.sudo().name,
                    )
                )

    def action_put_in_queue(self):
        self._check_sms_sender()
        self._check_mailbox()
        return super().action_put_in_queue()

    def action_test(self):
        self._check_sms_sender()
        self._check_mailbox()
        return super().action_test()

    # ------------------------------------------------------------ mailbox

    def _check_mailbox(self):
        """E-mail mailings go out from a mailbox the user's groups may use, with its address, once an
        administrator has registered mailboxes (before that, Odoo's from address applies)."""
        if self.env.su:
            return
        emails = self.filtered(lambda m: m._mailing_channel() == "mail")
        if not emails:
            return
        # sudo: whether mailboxes are registered at all, whoever may use them
        Mailbox = self.env["telmico.mailing.mailbox"].sudo()
        for mailing in emails:
            mailbox = mailing.mailbox_id.sudo()  # sudo: its name and address, for the checks and messages
            if not mailbox:
                if Mailbox.search_count([], limit=1):
                    raise UserError(
                        self.env._("Choose the mailbox the mailing “%(name)s” is sent from.", name=mailing.subject)
                    )
                continue
            if not mailing.mailbox_id._filtered_access("read"):
                raise UserError(
                    self.env._(
                        "You may not send from the mailbox “%(name)s”: ask an administrator to give one of your "
                        "groups that mailbox.",
                        name=mailbox.name,
                    )
                )
            if mailing.email_from != mailbox.email_from or mailing.mail_server_id != mailbox.mail_server_id:
                raise UserError(
                    self.env._(
                        "The mailing “%(name)s” must be sent as %(address)s, the address of its mailbox “%(mailbox)s”.",
                        name=mailing.subject,
                        address=mailbox.email_from,
                        mailbox=mailbox.name,
                    )
                )

    def action_send_sms(self, res_ids=None):
        """Odoo's, in batches of recipients each committed (outside tests): any number of recipients, and a
        crash in the middle resumes with the recipients without a trace (nobody queued twice). The recipients
        are read batch by batch (``_sms_recipient_batches``) and the cache emptied after each batch, so that the
        memory a mailing takes does not grow with its audience."""
        for mailing in self:
            batches = split_every(SMS_BATCH_SIZE, res_ids, list) if res_ids else mailing._sms_recipient_batches()
            for batch in batches:
                super(MailingMailing, mailing).action_send_sms(res_ids=batch)
                commit_chunk(self.env)
                # the batch is written: its recipients, SMS and traces leave the cache (flushed first)
                self.env.invalidate_all()
        return True

    def _sms_recipient_batches(self):
        """The recipients still to reach (Odoo's ``_get_remaining_recipients``), ``SMS_BATCH_SIZE`` at a time.

        Each batch is one query, in the order of the ids after the last batch's: the audience's domain, and no
        trace of this mailing for the recipient (``NOT EXISTS`` on the traces' index of ``res_id``), so neither
        the ids of every recipient nor the traces of the whole mailing are ever held; the frequency cap is
        applied per batch. A/B tests keep Odoo's way: their sample is drawn from the whole audience at once.
        """
        self.ensure_one()
        if self.ab_testing_enabled:
            yield from split_every(SMS_BATCH_SIZE, self._get_remaining_recipients(), list)
            return
        Model = self.env[self.mailing_model_real]
        domain = self._get_recipients_domain()
        last_id = 0
        while True:
            query = Model._search(expression.AND([domain, [("id", ">", last_id)]]), order="id", limit=SMS_BATCH_SIZE)
            query.add_where(
                SQL(
                    """NOT EXISTS (SELECT 1 FROM mailing_trace trace
                                    WHERE trace.model = %s AND trace.res_id = %s AND trace.mass_mailing_id = %s)""",
                    Model._name,
                    SQL.identifier(query.table, "id"),
                    self.id,
                )
            )
            self.env["mailing.trace"].flush_model(["model", "res_id", "mass_mailing_id"])
            batch = [res_id for (res_id,) in self.env.execute_query(query.select())]
            if not batch:
                return
            last_id = batch[-1]
            if batch := self._uncapped(batch):
                yield batch

    def _send_sms_get_composer_values(self, res_ids):
        values = super()._send_sms_get_composer_values(res_ids)
        values.update(sender_id=self.sms_sender_id.id, transliterate=self.sms_transliterate)
        return values

    # ------------------------------------------------------------ recipients

    def _mailing_channel(self):
        """``sms``, ``mail`` or ``cabinet``: where this mailing's messages go."""
        self.ensure_one()
        if self.mailing_type == "mail" and self.cabinet_delivery:
            return "cabinet"
        return self.mailing_type

    def _get_recipients_domain(self):
        domain = super()._get_recipients_domain()
        if self.mailing_model_real == "res.partner":
            consent = self.env["res.partner"]._mailing_consent_domain(self._mailing_channel(), self.mailing_kind)
            domain = expression.AND([domain, consent])
        return domain

    def _get_remaining_recipients(self):
        if self.mailing_type == "sms" and not self.ab_testing_enabled:
            # the mailing queue asks before each sending whether anyone is left: the SMS batches' own query,
            # rather than Odoo's read of the mailing's traces for every recipient
            return [res_id for batch in self._sms_recipient_batches() for res_id in batch]
        return self._uncapped(super()._get_remaining_recipients())

    def _uncapped(self, res_ids):
        """``res_ids`` without the clients the frequency cap holds back (advertising mailings to contacts)."""
        if self.mailing_kind == "advertising" and self.mailing_model_real == "res.partner" and res_ids:
            capped = self.env["res.partner"]._mailing_capped_ids(res_ids)
            res_ids = [res_id for res_id in res_ids if res_id not in capped]
        return res_ids

    # --------------------------------------------------------------- sending

    @api.model
    def _quiet_hours_end(self, now):
        """The end of the quiet hours ``now`` falls in (naive UTC), or ``False`` outside them."""
        params = self.env["ir.config_parameter"].sudo()  # sudo: quiet hours are a setting every sender applies
        start = float(params.get_param("telmico_mailing.quiet_hours_start", 21) or 0)
        end = float(params.get_param("telmico_mailing.quiet_hours_end", 9) or 0)
        return in_quiet_hours(now, start, end) and quiet_hours_end(now, start, end)

    def _action_send_mail(self, res_ids=None):
        now = fields.Datetime.now()
        deferred = self.browse()
        for mailing in self.filtered(lambda m: m.mailing_type == "sms" and m.mailing_kind == "advertising"):
            morning = self._quiet_hours_end(now)
            if morning:
                deferred |= mailing
                mailing.write({"schedule_type": "scheduled", "schedule_date": morning, "state": "in_queue"})
                local = pytz.utc.localize(morning).astimezone(pytz.timezone(QUIET_HOURS_TZ))
                mailing.message_post(
                    body=self.env._(
                        "Advertising SMS are not sent during quiet hours: the mailing waits until %s (Tbilisi time).",
                        local.strftime("%Y-%m-%d %H:%M"),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        cabinet = (self - deferred).filtered(lambda m: m._mailing_channel() == "cabinet")
        cabinet._send_to_cabinet(res_ids)
        result = super(MailingMailing, self - deferred - cabinet)._action_send_mail(res_ids=res_ids)
        if (self - deferred - cabinet).filtered(lambda m: m.mailing_type == "mail"):
            self.env["mail.mail"]._trigger_senders()  # its mails go out now, not at the queue's next hourly run
        (self - deferred)._schedule_next_occurrence()
        return result

    def _schedule_next_occurrence(self):
        """Recurring mailings just sent: a copy, in the queue for the next date (once per occurrence)."""
        now = fields.Datetime.now()
        for mailing in self.filtered(lambda m: m.recurrence and not m.recurrence_next_id):
            step = RECURRENCE_STEPS[mailing.recurrence]
            next_date = (mailing.schedule_date or now) + step
            while next_date <= now:  # sent late: the next date still to come
                next_date += step
            if mailing.recurrence_until and next_date.date() > mailing.recurrence_until:
                continue
            # sudo: whoever triggers the sending (the queue's cron) schedules the copy; it keeps the
            # mailing's responsible, sender and audience
            occurrence = mailing.sudo().copy({"subject": mailing.subject, "user_id": mailing.user_id.id})
            occurrence.write({"schedule_type": "scheduled", "schedule_date": next_date, "state": "in_queue"})
            mailing.sudo().recurrence_next_id = occurrence
            mailing.message_post(
                body=self.env._("The next occurrence is scheduled for %s (UTC).", next_date.strftime("%Y-%m-%d %H:%M")),
                subtype_xmlid="mail.mt_note",
            )
            # sudo: a mailing's author may wake the mailing queue's cron for the next occurrence
            self.env.ref("mass_mailing.ir_cron_mass_mailing_queue").sudo()._trigger(next_date)

    def _send_to_cabinet(self, res_ids=None):
        """One personal-cabinet message per recipient, in batches, each traced like an e-mail.

        A recipient who already has this mailing's message is skipped, so a mailing interrupted
        in the middle resumes without duplicates (the traces also keep them out of the
        remaining recipients). Outside tests each batch is committed, as core's mass mailing does.
        """
        Message = self.env["telmico.mailing.message"]
        for mailing in self:
            recipient_ids = res_ids or mailing._get_remaining_recipients()
            if not recipient_ids:
                raise UserError(self.env._("There are no recipients selected."))
            for batch in split_every(CABINET_BATCH_SIZE, recipient_ids, list):
                done = set(
                    Message.search([("mailing_id", "=", mailing.id), ("partner_id", "in", batch)]).partner_id.ids
                )
                todo = [res_id for res_id in batch if res_id not in done]
                if not todo:
                    continue
                subjects = mailing._render_field("subject", todo)
                bodies = mailing._render_field("body_html", todo)
                Message.create(
                    [
                        {
                            "partner_id": res_id,
                            "mailing_id": mailing.id,
                            "name": subjects[res_id] or mailing.subject,
                            "body": bodies[res_id],
                        }
                        for res_id in todo
                    ]
                )
                self.env["mailing.trace"].create(
                    [
                        {
                            "trace_type": "mail",
                            "model": "res.partner",
                            "res_id": res_id,
                            "mass_mailing_id": mailing.id,
                            "trace_status": "sent",
                            "sent_datetime": fields.Datetime.now(),
                        }
                        for res_id in todo
                    ]
                )
                commit_chunk(self.env)  # one batch is done: a crash later does not redo it
            mailing.write(
                {"state": "done", "sent_date": fields.Datetime.now(), "kpi_mail_required": not mailing.sent_date}
            )
