import logging
import threading
import time
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.telmico_base.tools.signature import generate_secret
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools.gateway_api import ADAPTERS, new_reference, retry_delay, throttle_wait
from ..tools.numbers import gateway_number
from ..tools.sms_text import sms_latin

_logger = logging.getLogger(__name__)

# our code of a refused message → sms failure type (the message shown is ``_failure_reason``)
FAILURE_TYPES = {
    "invalid_destination": "sms_number_format",
    "insufficient_credit": "sms_credit",
    "too_long": "sms_too_long",
    "stop_listed": "sms_not_allowed",
    "unauthorized": "sms_acc",
    "invalid_sender": "sms_sender",
    "temporary": "sms_server",
    "unknown": "unknown",
}
STALE_CLAIM = timedelta(hours=1)
#: incoming SMS that opt the sender out of SMS (compared case-folded, spaces trimmed) and back in
STOP_WORDS = frozenset({"stop", "stop all", "unsubscribe", "სტოპ", "stopi"})
START_WORDS = frozenset({"start", "სტარტ", "starti"})


class TelmicoSmsGateway(models.Model):
    """An SMS gateway every SMS of the suite goes through (instead of Odoo's IAP); contract in the README."""

    _name = "telmico.sms.gateway"
    _description = "SMS gateway"
    _order = "is_default desc, sequence, id"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    is_default = fields.Boolean(
        string="Default", help="SMS without a sender of another gateway go through the default gateway."
    )
    provider = fields.Selection(
        [("smsoffice", "smsoffice.ge (API v2)"), ("json", "Generic JSON gateway")],
        required=True,
        default="smsoffice",
    )
    base_url = fields.Char(string="Base URL", required=True, default="https://smsoffice.ge")
    # The secrets: readable by system administrators only (the server needs them in clear: the key
    # is sent to the gateway, the report secret keys an HMAC); others see their last characters.
    api_key = fields.Char(string="API key", groups="base.group_system", copy=False)
    api_key_hint = fields.Char(string="API key hint", compute="_compute_secret_hints", store=True)
    report_secret = fields.Char(
        string="Delivery-report secret",
        groups="base.group_system",
        copy=False,
        default=lambda self: generate_secret(),
        help="Shared secret of the HMAC-SHA256 signature of the delivery reports the gateway sends back.",
    )
    report_url = fields.Char(
        string="Delivery-report URL", compute="_compute_report_url", help="Give this address to the gateway."
    )
    sender_ids = fields.One2many("telmico.sms.sender", "gateway_id", string="Senders")
    rate_limit = fields.Float(
        string="Rate (SMS/s)", default=10, help="Contracted sending rate, in messages per second (0: no limit)."
    )
    batch_size = fields.Integer(string="Numbers per request", default=100)
    max_tries = fields.Integer(string="Tries", default=5, help="Attempts of a message before it is given up.")
    retry_delay = fields.Integer(
        string="First retry after (s)", default=60, help="Doubled after each failed attempt, at most one hour."
    )
    timeout = fields.Integer(string="Timeout (s)", default=15)
    transliterate = fields.Boolean(
        string="Transliterate outgoing SMS",
        default=True,
        help="Send Georgian in Latin letters (national system): a Latin SMS holds 160 characters, a Georgian one 70.",
    )
    apostrophe = fields.Boolean(
        string="Apostrophe for ejectives", help="Transliterate კ პ ტ ყ წ ჭ as k' p' t' q' ts' ch'."
    )
    report_polling = fields.Boolean(
        string="Fetch delivery reports",
        default=True,
        help="Every few minutes, ask the gateway for the delivery reports of the SMS still waiting for one "
        "(smsoffice.ge offers its reports to be fetched), besides the reports it posts to the delivery-report URL.",
    )
    urgent = fields.Boolean(help="Ask the gateway for its priority route (smsoffice: urgent=true).")
    segment_price = fields.Float(
        string="Price per segment",
        digits=(16, 4),
        help="What the provider charges for one SMS segment, in the company's currency: the estimated cost of "
        "an SMS mailing is its segments × recipients × this price.",
    )

    _sql_constraints = [
        ("batch_size_positive", "CHECK(batch_size > 0)", "A request carries at least one number."),
        ("max_tries_positive", "CHECK(max_tries > 0)", "A message is tried at least once."),
        ("rate_limit_positive", "CHECK(rate_limit >= 0)", "The rate cannot be negative."),
        ("segment_price_positive", "CHECK(segment_price >= 0)", "The price per segment cannot be negative."),
    ]

    @api.depends("api_key")
    def _compute_secret_hints(self):
        for gateway in self:
            # sudo: the key is readable by system administrators only; its hint by every reader of the gateway
            key = gateway.sudo().api_key
            gateway.api_key_hint = key and "…" + key[-4:]

    def _compute_report_url(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for gateway in self:
            gateway.report_url = gateway.id and f"{base}/telmico_sms/report/{gateway.id}"

    @api.constrains("is_default", "active")
    def _check_one_default(self):
        if self.search_count([("is_default", "=", True)]) > 1:
            raise ValidationError(self.env._("Only one SMS gateway can be the default one."))

    @api.constrains("report_secret")
    def _check_report_secret(self):
        # sudo: the secret is readable by system administrators only; its strength is checked whoever writes
        for gateway in self.sudo():
            if gateway.report_secret and len(gateway.report_secret) < 32:
                raise ValidationError(self.env._("The delivery-report secret must be at least 32 characters long."))

    # ------------------------------------------------------------------ actions

    def action_new_report_secret(self):
        """Generate a new delivery-report secret (give it to the gateway)."""
        self.report_secret = generate_secret()

    # ------------------------------------------------------------------ sending

    @api.model
    def _default_gateway(self):
        return self.search([("is_default", "=", True)], limit=1) or self.search([], limit=1)

    @api.model
    def _default_transliterate(self):
        """Whether new SMS templates and mailings transliterate: the default gateway's setting."""
        # sudo: the gateways are the administrators'; their switch is every SMS author's default
        gateway = self.sudo()._default_gateway()
        return gateway.transliterate if gateway else True

    def _api(self):
        self.ensure_one()
        # sudo: the key is readable by system administrators only; the queue runs for whoever sent the SMS
        gateway = self.sudo()
        return ADAPTERS[gateway.provider](gateway.base_url, gateway.api_key, timeout=gateway.timeout or 15)

    def _text(self, body, transliteration=False):
        """The text sent for ``body``: transliterated when the SMS says so (``latin`` / ``original``, its
        template's or mailing's choice), else when the gateway does."""
        if transliteration == "latin" or (not transliteration and self.transliterate):
            return sms_latin(body, apostrophe="'" if self.apostrophe else "")
        return body or ""

    def _send_sms(self, sms_records, unlink_sent=True, unlink_failed=False):
        """Send ``sms_records`` (sudo, state outgoing) through this gateway, one request per chunk.

        Each chunk is claimed (state *Processing*, committed) before the gateway is called and its
        results are committed at once: a crash between the two leaves it *Processing*, never sent
        again (``sms.sms._expire_stale_claims`` reports it); a crash anywhere else loses nothing and
        sends nobody twice. Temporary failures go back to the queue with a later ``next_try_at``.
        """
        self.ensure_one()
        invalid = sms_records.browse()
        chunks = {}
        for sms in sms_records:
            number = gateway_number(sms.number)
            if not number:
                invalid |= sms
                continue
            # a sender registered with another (archived) gateway is not ours to use: our default one is
            sender = sms.sender_id if sms.sender_id.gateway_id == self else self._default_sender()
            chunks.setdefault((sender.name or "", self._text(sms.body, sms.transliteration)), []).append((sms, number))
        if invalid:
            invalid._set_failed("sms_number_format", self.env._("The number is not a Georgian number."), unlink_failed)
            self._commit()
        api_ = self._api()
        started, sent = time.monotonic(), 0
        for (sender_name, text), items in chunks.items():
            for start in range(0, len(items), self.batch_size):
                chunk = items[start : start + self.batch_size]
                claimed = self._claim([sms.id for sms, _number in chunk])
                if not claimed:
                    continue
                chunk = [(sms, number) for sms, number in chunk if sms.id in claimed]
                time.sleep(throttle_wait(sent, time.monotonic() - started, self.rate_limit))
                reference = new_reference()
                results = api_.send(sender_name, text, [number for _sms, number in chunk], reference, self.urgent)
                sent += len(chunk)
                self._apply_results(chunk, results, reference, unlink_sent, unlink_failed)
                self._commit()

    def _default_sender(self):
        return self.sender_ids.filtered("is_default")[:1] or self.sender_ids[:1]

    def _claim(self, ids):
        """Mark ``ids`` still outgoing as being sent by this gateway (locked; others skip them); committed."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM sms_sms WHERE id IN %s AND state = 'outgoing' FOR UPDATE SKIP LOCKED",
                tuple(ids),
            )
        )
        claimed = [row[0] for row in self.env.cr.fetchall()]
        if claimed:
            # sudo: the SMS this sender claimed (any user's, queued for the gateway)
            smss = self.env["sms.sms"].sudo().browse(claimed)
            for sms in smss:
                sms.write(
                    {
                        "state": "process",
                        "gateway_id": self.id,
                        "claimed_at": fields.Datetime.now(),
                        "try_count": sms.try_count + 1,
                    }
                )
            self._commit()
        return set(claimed)

    def _apply_results(self, chunk, results, reference, unlink_sent, unlink_failed):
        now = fields.Datetime.now()
        for sms, number in chunk:
            result = results[number]
            if result.code == "ok":
                sms.sms_tracker_id._action_update_from_sms_state("pending")
                sms.write(
                    {
                        "state": "pending",
                        "failure_type": False,
                        "failure_reason": False,
                        "gateway_reference": result.reference or reference,
                        "gateway_message_id": result.gateway_id,
                        "to_delete": unlink_sent,
                    }
                )
            elif result.code == "temporary" and sms.try_count < self.max_tries:
                delay = retry_delay(sms.try_count, base=self.retry_delay or 60)
                sms.write({"state": "outgoing", "next_try_at": now + timedelta(seconds=delay)})
                _logger.info("SMS %s: temporary failure (%s), retry in %s s", sms.id, result.detail, delay)
            else:
                code = result.code if result.code in FAILURE_TYPES else "unknown"
                sms._set_failed(FAILURE_TYPES[code], self._failure_reason(code, sms, result), unlink_failed)
                if code == "stop_listed":
                    self._stop_list([number], self.env._("On the SMS gateway's stop list (the customer sent STOP)."))
        retry_at = min((sms.next_try_at for sms, _n in chunk if sms.state == "outgoing"), default=None)
        if retry_at:
            # sudo: whoever sends may wake the SMS queue's cron for the retry
            self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()._trigger(at=retry_at)

    # ------------------------------------------------------------- opt-outs

    def _stop_list(self, numbers, message):
        """Put ``numbers`` (``995…``) on Odoo's SMS blacklist: mailings and audiences leave them out from now on."""
        numbers = sorted({f"+{number}" for number in numbers if number})
        if numbers:
            # sudo: the gateway's answer or the customer's own SMS decides, not the user who happened to send
            self.env["phone.blacklist"].sudo()._add(numbers, message=message)
        return numbers

    def _receive_sms(self, messages):
        """Incoming SMS ``[(number 995…, text)]``: STOP puts the number on the blacklist, START takes it off; the
        clients with that number get a note. Returns ``{"stopped": n, "started": n, "ignored": n}``."""
        counts = {"stopped": 0, "started": 0, "ignored": 0}
        Blacklist = self.env["phone.blacklist"].sudo()  # sudo: the customer's own request, posted by the gateway
        for number, text in messages:
            word = " ".join(text.split()).casefold()
            e164 = f"+{number}"
            if word in STOP_WORDS:
                Blacklist._add([e164], message=self.env._("The customer answered “%s” by SMS.", text.strip()))
                note, key = (
                    self.env._("The client asked by SMS (“%s”) to receive no more SMS.", text.strip()),
                    "stopped",
                )
            elif word in START_WORDS:
                Blacklist._remove([e164], message=self.env._("The customer answered “%s” by SMS.", text.strip()))
                note, key = self.env._("The client asked by SMS (“%s”) to receive SMS again.", text.strip()), "started"
            else:
                _logger.info("SMS gateway %s: incoming SMS from %s ignored (not STOP / START)", self.id, number)
                counts["ignored"] += 1
                continue
            counts[key] += 1
            # sudo: the clients with that number, whoever they belong to, learn of their opt-out on their card
            for partner in self.env["res.partner"].sudo().search([("phone_sanitized", "=", e164)], limit=20):
                partner.message_post(body=note, subtype_xmlid="mail.mt_note")
        return counts

    def _failure_reason(self, code, sms, result):
        """What a refusal means, in the user's language."""
        _ = self.env._
        reasons = {
            "invalid_destination": _("The gateway refused the recipient's number."),
            "insufficient_credit": _("The SMS gateway account has no credit left."),
            "too_long": _("The message is longer than the gateway accepts."),
            "stop_listed": _("The recipient is on the gateway's stop list (they asked for no SMS)."),
            "unauthorized": _("The gateway refused the API key."),
            "invalid_sender": _("The gateway refused the sender name."),
            "temporary": _("The gateway could not be reached; tried %(tries)s times.", tries=sms.try_count),
        }
        reason = reasons.get(code) or _("The gateway refused the message.")
        return f"{reason} ({result.detail})" if result.detail else reason

    def _commit(self):
        """Commit the sending state (the queue's only commit point); never in tests."""
        if self.env.context.get("telmico_sms_commit") and not getattr(threading.current_thread(), "testing", False):
            self.env.cr.commit()  # pylint: disable=invalid-commit
