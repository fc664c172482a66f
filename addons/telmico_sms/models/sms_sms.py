import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.gateway_api import POLL_STOPS
from ..tools.numbers import gateway_number
from .telmico_sms_gateway import STALE_CLAIM

#: the per-SMS choice of transliteration (a template's or a mailing's), winning over the gateway's
TRANSLITERATIONS = [("latin", "Latin"), ("original", "As written")]

_logger = logging.getLogger(__name__)

KEEP_FOR_REPORTS = timedelta(days=2)  # a sent SMS waits that long for its delivery report before the clean-up
# delivery-report status (README) → sms failure type (Odoo's names of delivery errors)
REPORT_FAILURES = {
    "expired": "sms_expired",
    "rejected": "sms_rejected",
    "not_delivered": "sms_not_delivered",
    "invalid_destination": "sms_invalid_destination",
}
REPORT_STATUSES = ("delivered", *REPORT_FAILURES)
REPORT_POLL_LIMIT = 5000  # SMS asked for per gateway and run of the report-polling cron (one call each)


class SmsSms(models.Model):
    """SMS sent through the Telmico gateways (``telmico.sms.gateway``) instead of Odoo's IAP."""

    _inherit = "sms.sms"

    failure_type = fields.Selection(
        selection_add=[
            ("sms_too_long", "Message Too Long"),
            ("sms_sender", "Sender Not Allowed"),
            ("sms_not_allowed", "Not Allowed"),
            ("sms_expired", "Expired"),
            ("sms_invalid_destination", "Invalid Destination"),
            ("sms_not_delivered", "Not Delivered"),
            ("sms_rejected", "Rejected"),
        ]
    )
    failure_reason = fields.Char(readonly=True, copy=False)
    sender_id = fields.Many2one("telmico.sms.sender", index="btree_not_null")
    transliteration = fields.Selection(
        TRANSLITERATIONS,
        help="Chosen on the SMS template or the mailing; empty: as the gateway's setting says.",
    )
    gateway_id = fields.Many2one("telmico.sms.gateway", readonly=True, copy=False)
    try_count = fields.Integer(string="Tries", readonly=True, copy=False)
    next_try_at = fields.Datetime(string="Next try", readonly=True, copy=False)
    claimed_at = fields.Datetime(readonly=True, copy=False, help="When the last try handed it to the gateway.")
    gateway_reference = fields.Char(readonly=True, copy=False, index="btree_not_null")
    gateway_message_id = fields.Char(string="Gateway message ID", readonly=True, copy=False)
    report_checked_at = fields.Datetime(
        string="Report last fetched", readonly=True, copy=False, help="When the gateway was last asked for its report."
    )

    @api.model_create_multi
    def create(self, vals_list):
        if sender_id := self.env.context.get("telmico_sms_sender_id"):
            # the sender picked in the composer (checked there, as the user) for the SMS it creates
            for vals in vals_list:
                vals.setdefault("sender_id", sender_id)
        if transliteration := self.env.context.get("telmico_sms_transliteration"):
            # the choice of the composer (its template's or the mailing's) for the SMS it creates
            for vals in vals_list:
                vals.setdefault("transliteration", transliteration)
        records = super().create(vals_list)
        if not self.env.su:
            # rights per sender: the record rules of telmico.sms.sender say who may send under a name
            records.sender_id.check_access("read")
        return records

    def write(self, vals):
        if vals.get("sender_id") and not self.env.su:
            self.env["telmico.sms.sender"].browse(vals["sender_id"]).check_access("read")
        return super().write(vals)

    # ------------------------------------------------------------------ sending

    def send(self, unlink_failed=False, unlink_sent=True, auto_commit=False, raise_exception=False):
        """Odoo's sending, minus the messages waiting for a retry; commits per gateway request when asked."""
        now = fields.Datetime.now()
        due = self.filtered(lambda sms: not sms.next_try_at or sms.next_try_at <= now)
        return super(SmsSms, due.with_context(telmico_sms_commit=auto_commit)).send(
            unlink_failed=unlink_failed,
            unlink_sent=unlink_sent,
            auto_commit=auto_commit,
            raise_exception=raise_exception,
        )

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        """Through the sender's gateway, else the default one; never through IAP."""
        # sudo: the gateways and their keys are for administrators; the queue sends the SMS of every user
        sms_sudo = self.sudo().with_context(sms_skip_msg_notification=True)
        default = self.env["telmico.sms.gateway"].sudo()._default_gateway()
        for gateway, smss in sms_sudo.grouped(
            lambda sms: sms.sender_id.gateway_id.filtered("active") or default
        ).items():
            if not gateway:
                smss._set_failed(
                    "sms_acc",
                    self.env._("No SMS gateway is configured (Settings › Technical › Phone / SMS › SMS gateways)."),
                )
                continue
            gateway._send_sms(smss, unlink_sent=unlink_sent, unlink_failed=unlink_failed)
        sms_sudo.exists().mail_message_id._notify_message_notification_update()

    def _set_failed(self, failure_type, reason, unlink_failed=False):
        self.sms_tracker_id._action_update_from_sms_state("error", failure_type=failure_type, failure_reason=reason)
        self.write(
            {
                "state": "error",
                "failure_type": failure_type,
                "failure_reason": reason,
                **({"to_delete": True} if unlink_failed else {}),
            }
        )

    def resend_failed(self):
        self.filtered(lambda sms: sms.state == "error").write({"try_count": 0, "next_try_at": False})
        return super().resend_failed()

    @api.model
    def _process_queue(self, ids=None):
        self._expire_stale_claims()
        return super()._process_queue(ids=ids)

    @api.model
    def _expire_stale_claims(self):
        """SMS left *Processing* by a crash during a gateway call: failed, never sent again automatically."""
        # sudo: the sending cron fails any user's SMS left processing by a crash
        stale = self.sudo().search(
            [("state", "=", "process"), ("claimed_at", "<", fields.Datetime.now() - STALE_CLAIM)]
        )
        if stale:
            _logger.warning("SMS %s were interrupted while being sent: marked failed, not resent", stale.ids)
            stale._set_failed(
                "sms_server",
                self.env._(
                    "Sending was interrupted while the gateway was being called: the SMS is not sent again "
                    "automatically, so that nobody receives it twice. Check the gateway's log before resending it."
                ),
            )

    # --------------------------------------------------------- delivery reports

    @api.model
    def _find_reported(self, gateway, reference, destination):
        """The SMS that ``gateway`` sent to ``destination`` in its request ``reference``."""
        # sudo: a gateway's report names an SMS of any user
        candidates = self.sudo().search([("gateway_reference", "=", reference), ("gateway_id", "=", gateway.id)])
        return candidates.filtered(lambda sms: gateway_number(sms.number) == destination)

    def _apply_report(self, status):
        """Delivered, or one of Odoo's delivery errors; trackers (notifications, mailing traces) follow."""
        if status == "delivered":
            self.sms_tracker_id._action_update_from_sms_state("sent")
            self.write({"state": "sent", "failure_type": False})
        else:
            self.sms_tracker_id._action_update_from_provider_error(status)
            self.write({"state": "error", "failure_type": REPORT_FAILURES[status]})
        self.mail_message_id._notify_message_notification_update()

    @api.model
    def _cron_poll_reports(self):
        """Fetch from the gateways that offer it (smsoffice) the delivery reports of the SMS still waiting."""
        # sudo: the gateways and their keys are the administrators'; the cron updates every user's SMS
        gateways = self.env["telmico.sms.gateway"].sudo().search([("report_polling", "=", True)])
        for gateway in gateways:
            self.with_context(telmico_sms_commit=True)._poll_reports(gateway)

    @api.model
    def _poll_reports(self, gateway, limit=REPORT_POLL_LIMIT):
        """Ask ``gateway`` for the delivery status of each SMS it sent that is still without a final status
        (*pending*, sent less than ``KEEP_FOR_REPORTS`` ago), the least recently asked first, at most
        ``limit`` a run; the answers are applied and committed every ``batch_size`` SMS. A failure of the
        account or the gateway stops this run (the next one asks again); a message the gateway does not
        know (yet) is asked again later. Idempotent: only SMS still pending are asked for and changed.
        Returns the number of SMS given a final status."""
        api_ = gateway._api()
        if not api_.polls_reports:
            return 0
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT id, gateway_reference, number FROM sms_sms
                    WHERE gateway_id = %s AND state = 'pending' AND gateway_reference IS NOT NULL
                      AND claimed_at >= %s
                 ORDER BY report_checked_at NULLS FIRST, id
                    LIMIT %s""",
                gateway.id,
                fields.Datetime.now() - KEEP_FOR_REPORTS,
                limit,
            )
        )
        rows = self.env.cr.fetchall()
        updated = 0
        for start in range(0, len(rows), gateway.batch_size):
            statuses, stopped = {}, None
            for sms_id, reference, number in rows[start : start + gateway.batch_size]:
                status, failure = api_.status(reference, gateway_number(number))
                if failure and failure.code in POLL_STOPS:
                    stopped = failure
                    break
                statuses[sms_id] = status or "pending"
            updated += self._apply_polled_reports(statuses)
            gateway._commit()
            if stopped:
                _logger.warning("SMS gateway %s: delivery reports not fetched (%s)", gateway.id, stopped.detail)
                break
        return updated

    @api.model
    def _apply_polled_reports(self, statuses):
        """Apply ``statuses`` ``{sms id: status}`` to those SMS still pending; all are marked as asked."""
        # sudo: the polling cron applies the gateway's reports to any user's SMS
        smss = self.sudo().browse(list(statuses)).filtered(lambda sms: sms.state == "pending")
        final = {}
        for sms in smss:
            if statuses[sms.id] in REPORT_STATUSES:
                final.setdefault(statuses[sms.id], []).append(sms.id)
        smss.write({"report_checked_at": fields.Datetime.now()})
        for status, ids in final.items():
            # sudo: as above, the reports of any user's SMS
            self.sudo().browse(ids)._apply_report(status)
        return sum(len(ids) for ids in final.values())

    @api.autovacuum
    def _gc_device(self):
        # Odoo's clean-up, except that a sent SMS is kept a while for its delivery report
        self.env.cr.execute(
            SQL(
                "DELETE FROM sms_sms WHERE to_delete = TRUE AND (state != 'pending' OR write_date < %s)",
                fields.Datetime.now() - KEEP_FOR_REPORTS,
            )
        )
        _logger.info("GC'd %d sms marked for deletion", self.env.cr.rowcount)
