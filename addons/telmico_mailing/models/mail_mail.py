import logging
import smtplib
import threading
from datetime import timedelta

import psycopg2
from psycopg2 import errors

from odoo import api, fields, models, tools
from odoo.tools import SQL, create_index, split_every

_logger = logging.getLogger(__name__)

#: the most senders of the mail queue that may run side by side (Odoo's queue cron and these crons)
MAX_SENDERS = 6
#: the crons of the parallel senders beside Odoo's own mail queue cron (sender 1), in order
SENDER_CRONS = tuple(f"telmico_mailing.ir_cron_mail_sender_{number}" for number in range(2, MAX_SENDERS + 1))
#: a claim this old belongs to a sender that crashed: its mails still outgoing may be claimed again
STALE_CLAIM = timedelta(hours=1)
#: a sender sends no more of its claim once it is this old (the rest is released), so that a live sender's
#: mails are never claimed again by another
CLAIM_LIFETIME = timedelta(minutes=30)
#: mails sent per SMTP connection between two checks of the claim's age
SEND_CHUNK = 250


class MailMail(models.Model):
    _inherit = "mail.mail"

    sender_claimed_at = fields.Datetime(
        string="Claimed for sending",
        readonly=True,
        copy=False,
        help="When a sender of the mail queue took this mail to send it: other senders leave it alone.",
    )

    def init(self):
        result = super().init()
        # the queue's senders look for outgoing mails only, among every mail kept
        create_index(self.env.cr, "mail_mail_outgoing_id_idx", self._table, ["id"], where="state = 'outgoing'")
        return result

    # ------------------------------------------------------------------ queue

    @api.model
    def process_email_queue(self, ids=None, batch_size=1000):
        """Odoo's mail queue, safe to run in several processes at once (the parallel senders).

        Odoo's queue takes no lock: two runs at once would pick the same mails. Here each run first claims
        its batch of due outgoing mails (``sender_claimed_at``, committed before anything is sent; the
        rows are locked with SKIP LOCKED while being claimed, and other runs skip claimed mails), sends
        them with Odoo's ``send`` (each mail's result committed as soon as it is sent: a crash leaves at
        most the mail being sent in doubt, as Odoo's queue does), then releases what it did not send.
        Claims older than ``STALE_CLAIM`` (a sender that crashed) are taken over. Returns the number of mails
        claimed (0: nothing to send).
        """
        # sudo: the queue's batch size, a system setting
        batch_size = int(self.env["ir.config_parameter"].sudo().get_param("mail.mail.queue.batch.size", batch_size))
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        claimed_at = fields.Datetime.now()
        claimed = self._claim_queue_batch(claimed_at, batch_size, ids, auto_commit)
        if not claimed:
            return 0
        remaining = 0
        if self.env.context.get("ir_cron_progress_id"):
            remaining = self.search_count(self._queue_domain(fields.Datetime.now()))
            if remaining:
                self._trigger_senders()
        try:
            for chunk in split_every(SEND_CHUNK, claimed):
                if fields.Datetime.now() - claimed_at > CLAIM_LIFETIME:
                    break  # the rest is released below, for another sender
                # lean sending of the mailings' mails (see _send), their auto-deleted mails removed per chunk
                self.browse(chunk).with_context(telmico_mail_queue=True).send(auto_commit=auto_commit)
        except Exception:
            _logger.exception("Failed processing mail queue")
            if auto_commit:
                self.env.cr.rollback()
        # the claimed mails not sent (an error, or the claim's lifetime ran out) go back to the queue
        self.env.cr.execute(
            SQL(
                "UPDATE mail_mail SET sender_claimed_at = NULL WHERE id IN %s AND state = 'outgoing'",
                tuple(claimed),
            )
        )
        self.browse(claimed).invalidate_recordset(["sender_claimed_at"])
        if auto_commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit
        self.env["ir.cron"]._notify_progress(done=len(claimed), remaining=remaining)
        return len(claimed)

    @api.model
    def _queue_domain(self, now):
        """Mails due and claimed by no live sender."""
        return [
            ("state", "=", "outgoing"),
            "|",
            ("scheduled_date", "=", False),
            ("scheduled_date", "<=", now),
            "|",
            ("sender_claimed_at", "=", False),
            ("sender_claimed_at", "<", now - STALE_CLAIM),
        ]

    @api.model
    def _claim_queue_batch(self, claimed_at, batch_size, ids=None, auto_commit=True):
        """Claim up to ``batch_size`` due outgoing mails (among ``ids`` if given), oldest first; committed
        with ``auto_commit``. The ids claimed."""
        domain = self._queue_domain(claimed_at) + list(self.env.context.get("filters") or [])
        if ids:
            domain.append(("id", "in", list(ids)))
        query = self._search(domain, order="id", limit=batch_size * 10 if ids else batch_size)  # as Odoo
        claim = SQL(
            "UPDATE mail_mail SET sender_claimed_at = %s WHERE id IN (%s FOR NO KEY UPDATE SKIP LOCKED) RETURNING id",
            claimed_at,
            query.select(),
        )
        for _attempt in range(5):
            try:
                self.env.cr.execute(claim, log_exceptions=False)
            except (errors.SerializationFailure, errors.LockNotAvailable):
                # another sender claimed some of these mails since this transaction began: look again
                if not auto_commit:
                    raise
                self.env.cr.rollback()
                continue
            claimed = sorted(row[0] for row in self.env.cr.fetchall())
            self.browse(claimed).invalidate_recordset(["sender_claimed_at"])
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            return claimed
        return []

    @api.model
    def _sender_crons(self):
        """Odoo's mail queue cron and the crons of the parallel senders (sudo: crons are the system's)."""
        crons = self.env["ir.cron"].sudo()
        for xmlid in ("mail.ir_cron_mail_scheduler_action", *SENDER_CRONS):
            crons |= self.env.ref(xmlid, raise_if_not_found=False) or crons.browse()
        return crons

    @api.model
    def _trigger_senders(self):
        """Wake the active senders (but the one running) to send the queue's mails now."""
        running = self.env.context.get("cron_id")
        for cron in self._sender_crons().filtered(lambda cron: cron.active and cron.id != running):
            cron._trigger()

    @api.model
    def _set_sender_count(self, count):
        """Run ``count`` senders side by side: Odoo's queue cron and ``count - 1`` sender crons active."""
        for number, xmlid in enumerate(SENDER_CRONS, start=2):
            cron = self.env.ref(xmlid, raise_if_not_found=False)
            if cron and cron.active != (number <= count):
                cron.sudo().active = number <= count  # sudo: crons are the system's; the setting is the admin's

    # ------------------------------------------------------- lean sending

    def _send(
        self,
        auto_commit=False,
        raise_exception=False,
        smtp_session=None,
        alias_domain_id=False,
        mail_server=False,
        post_send_callback=None,
    ):
        """Mailings' mails sent by the queue (``process_email_queue``) go through ``_send_mailing_mails``;
        every other mail through Odoo's ``_send``."""
        lean = self.browse()
        if auto_commit is True and not raise_exception and self.env.context.get("telmico_mail_queue"):
            lean = self.filtered(lambda mail: mail.mailing_id and not mail.is_notification)
        if self - lean:
            super(MailMail, self - lean)._send(
                auto_commit=auto_commit,
                raise_exception=raise_exception,
                smtp_session=smtp_session,
                alias_domain_id=alias_domain_id,
                mail_server=mail_server,
                post_send_callback=post_send_callback,
            )
        if lean:
            lean._send_mailing_mails(smtp_session, alias_domain_id, mail_server)
            if post_send_callback:
                post_send_callback(lean.ids)
        return True

    def _send_mailing_mails(self, smtp_session, alias_domain_id, mail_server):
        """Odoo's ``_send`` for mailings' mails claimed by this sender, without its costs per mail.

        Odoo commits each mail's result on the cursor it reads with, which empties the ORM cache: every mail
        then reads again its mail, message, traces, company, alias domain… one by one. Here the mails are read
        once for the chunk (one prefetch, this cursor commits nothing meanwhile) and each mail's result (state,
        Message-Id, traces, failure) is written and committed at once on a second cursor, through the same
        ORM methods: a crash still leaves at most the mail being sent in doubt. The mails Odoo deletes once
        sent (``auto_delete``) are deleted together at the end of the chunk instead of one by one; a crash
        before that leaves them *Sent*, never sent again. The claim (``process_email_queue``) makes the
        write-first guard of Odoo's ``_send`` useless here: no other sender touches these mails.
        """
        IrMailServer = self.env["ir.mail_server"]
        if alias_domain_id:
            # sudo: the alias domain's addresses, as Odoo's _send reads them
            alias_domain = self.env["mail.alias.domain"].sudo().browse(alias_domain_id)
        to_delete = []
        with self.env.registry.cursor() as results_cr:
            # this registry, given rather than looked up by the database's name (which waits for the
            # registries' lock, held while a registry loads)
            results_cr.transaction = api.Transaction(self.env.registry)
            results = self.with_env(self.env(cr=results_cr)).with_context(telmico_unlink_later=to_delete)
            for mail in self:  # one prefetch set: each field is read once for the whole chunk
                if mail.state != "outgoing":
                    continue
                failure_type = failure_reason = message_id = None
                try:
                    emails_from = tools.mail.email_split_and_format_normalize(mail.email_from)
                    email_from = emails_from[0] if emails_from else mail.email_from
                    for email in mail._prepare_outgoing_list(mail_server=mail_server or mail.mail_server_id):
                        email_to_normalized = email.pop("email_to_normalized", [])
                        if alias_domain_id:
                            Sender = IrMailServer.with_context(
                                domain_notifications_email=alias_domain.default_from_email,
                                domain_bounce_address=email["headers"].get("Return-Path") or alias_domain.bounce_email,
                                send_validated_to=email_to_normalized,
                            )
                        else:
                            Sender = IrMailServer.with_context(send_validated_to=email_to_normalized)
                        message = Sender.build_email(
                            email_from=email_from,
                            email_to=email["email_to"],
                            subject=email["subject"],
                            body=email["body"],
                            body_alternative=email["body_alternative"],
                            email_cc=email["email_cc"],
                            reply_to=email["reply_to"],
                            attachments=email["attachments"],
                            message_id=email["message_id"],
                            references=email["references"],
                            object_id=email["object_id"],
                            subtype="html",
                            subtype_alternative="plain",
                            headers=email["headers"],
                        )
                        try:
                            message_id = Sender.send_email(
                                message, mail_server_id=mail.mail_server_id.id, smtp_session=smtp_session
                            )
                        except AssertionError as error:
                            if str(error) != IrMailServer.NO_VALID_RECIPIENT:
                                raise
                            # as Odoo: no valid recipient in this part; the mail fails if no part went out
                            if not email.get("email_to") and failure_type != "mail_email_invalid":
                                failure_type = "mail_email_missing"
                            else:
                                failure_type = "mail_email_invalid"
                except (MemoryError, psycopg2.Error, smtplib.SMTPServerDisconnected):
                    _logger.exception("Exception while processing mail with ID %r", mail.id)
                    raise  # as Odoo: the session or the cursor may be unusable; this mail stays claimed, outgoing
                except Exception as error:  # recorded on the mail, as Odoo's _send does
                    failure_type, failure_reason = self._send_failure(error, failure_type)
                    _logger.exception("failed sending mail (id: %s) due to %s", mail.id, failure_reason)
                    message_id = None
                result = results.browse(mail.id)
                if message_id:
                    result.write({"state": "sent", "message_id": message_id, "failure_reason": False})
                elif failure_reason:
                    result.write({"state": "exception", "failure_reason": failure_reason, "failure_type": failure_type})
                else:  # no part went out and no error: Odoo's reason for it
                    result.write(
                        {
                            "state": "exception",
                            "failure_reason": self.env._(
                                "Error without exception. Probably due to sending an email without computed recipients."
                            ),
                        }
                    )
                result._postprocess_sent_message(
                    success_pids=[], failure_reason=failure_reason or False, failure_type=failure_type
                )
                results_cr.commit()  # this mail's result is kept, whatever happens next; pylint: disable=invalid-commit
        self.env.cr.commit()  # a new transaction, which sees the results; pylint: disable=invalid-commit
        if to_delete:
            # sudo: as Odoo deletes the mails sent with auto_delete, whoever sends them
            self.browse(to_delete).exists().sudo().unlink()
            self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _send_failure(self, error, failure_type):
        """The failure type and reason Odoo's ``_send`` records for ``error``."""
        IrMailServer = self.env["ir.mail_server"]
        failure_reason = None
        if isinstance(error, AssertionError):
            error_code = error.args[0]
            if len(error.args) > 1 and error_code == IrMailServer.NO_VALID_FROM:
                failure_reason = str(error.args[1])
            else:
                failure_reason = error_code
            if error_code == IrMailServer.NO_VALID_FROM:
                failure_type = "mail_from_invalid"
            elif error_code in (IrMailServer.NO_FOUND_FROM, IrMailServer.NO_FOUND_SMTP_FROM):
                failure_type = "mail_from_missing"
        return failure_type or "unknown", failure_reason or tools.exception_to_unicode(error)

    # --------------------------------------------------------------- results

    def _postprocess_sent_message(self, success_pids, failure_reason=False, failure_type=None):
        # Odoo updates the traces of mailings' mails only; an event-driven e-mail (telmico.mailing.trigger) has a
        # trace without a mailing, which must follow the mail too (the client card's communications show it)
        triggered = self.filtered(lambda mail: not mail.mailing_id).mailing_trace_ids.filtered("trigger_id")
        if failure_type:
            triggered.set_failed(failure_type=failure_type)
        else:
            triggered.set_sent()
        later = self.env.context.get("telmico_unlink_later")
        if later is None:
            return super()._postprocess_sent_message(
                success_pids, failure_reason=failure_reason, failure_type=failure_type
            )
        # lean sending (_send_mailing_mails): what Odoo does for a mailing's mail that is no notification
        # (mass_mailing: its traces follow it; mail: deleted if auto_delete, unless a failure to keep), the
        # deletion left to the end of the chunk
        mailings = self.filtered(lambda mail: mail.mailing_id and not mail.is_notification)
        if failure_type:
            mailings.mailing_trace_ids.set_failed(failure_type=failure_type)
        else:
            mailings.mailing_trace_ids.set_sent()
        if not failure_type or failure_type in ("mail_email_invalid", "mail_email_missing"):
            later.extend(mailings.filtered("auto_delete").ids)
        if self - mailings:
            super(MailMail, self - mailings)._postprocess_sent_message(
                success_pids, failure_reason=failure_reason, failure_type=failure_type
            )
        return True
