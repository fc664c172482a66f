import hashlib
import hmac
import json
import logging
import re
import secrets
import time

import requests

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

MIN_SECRET_LENGTH = 32
TIMESTAMP_RE = re.compile(r"[0-9]{1,12}")
SIGNATURE_RE = re.compile(r"sha256=([0-9a-fA-F]{64})")


def generate_secret():
    """A new signing secret: 32 bytes from the system's CSPRNG, URL-safe Base64 (43 characters)."""
    return secrets.token_urlsafe(32)


def sign(secret, timestamp, body):
    """The ``X-Telmico-Signature`` header of ``body`` (bytes) sent at ``timestamp`` (unix seconds)."""
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class TelmicoCallcenterConnection(models.Model):
    """A telephony / contact-centre platform (CallApp or any PBX) sending call events and looking clients up.

    The contract (endpoints, headers, JSON, error codes) is in the addon README: a platform connects by
    configuration — a connection here, its id and secret on the platform's side.
    """

    _name = "telmico.callcenter.connection"
    _description = "Telephony connection"
    _order = "name, id"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    platform = fields.Selection(
        [("generic", "Generic (signed JSON events)"), ("ari", "Asterisk ARI")],
        required=True,
        default="generic",
        help="How the platform talks to us. Generic: it posts the signed JSON events of the README.",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    # readable by system administrators only: the server needs it in clear to check the HMAC
    secret = fields.Char(
        groups="base.group_system",
        copy=False,
        default=lambda self: generate_secret(),
        help="Shared secret of the HMAC-SHA256 signature of every request of the platform.",
    )
    secret_hint = fields.Char(compute="_compute_secret_hint", store=True, help="The secret's last characters.")
    signature_tolerance = fields.Integer(
        string="Replay window (seconds)",
        default=300,
        required=True,
        help="Requests whose signed timestamp is further than this from our clock are refused (replays).",
    )
    callback_hours = fields.Integer(
        string="Callback deadline (hours)",
        default=4,
        required=True,
        help="A missed or abandoned call becomes a callback task due within this many hours.",
    )
    originate_url = fields.Char(
        string="Click-to-call URL",
        help="The platform's URL that starts an outbound call (README, click-to-call); empty: no click-to-call.",
    )
    call_count = fields.Integer(compute="_compute_call_count")

    _sql_constraints = [
        ("signature_tolerance_positive", "CHECK(signature_tolerance > 0)", "The replay window must be positive."),
        ("callback_hours_positive", "CHECK(callback_hours > 0)", "The callback deadline must be positive."),
    ]

    @api.depends("secret")
    def _compute_secret_hint(self):
        # sudo: the secret is readable by system administrators only; its hint by everyone who sees the connection
        for connection in self:
            secret = connection.sudo().secret
            connection.secret_hint = secret and "…" + secret[-4:]

    def _compute_call_count(self):
        counts = dict(
            self.env["telmico.call"]._read_group([("connection_id", "in", self.ids)], ["connection_id"], ["__count"])
        )
        for connection in self:
            connection.call_count = counts.get(connection, 0)

    @api.constrains("secret")
    def _check_secret(self):
        # sudo: the secret is readable by system administrators only; its strength is checked whoever writes
        for connection in self.sudo():
            if connection.secret and len(connection.secret) < MIN_SECRET_LENGTH:
                raise ValidationError(self.env._("The secret must have at least %s characters.", MIN_SECRET_LENGTH))

    def action_generate_secret(self):
        """A new random secret (to be copied to the platform's configuration)."""
        self.sudo().write({"secret": generate_secret()})  # sudo: the button is for administrators of the addon
        return True

    def action_view_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("telmico_callcenter.telmico_call_action")
        action["domain"] = [("connection_id", "=", self.id)]
        return action

    def _originate(self, user, number, reference):
        """Ask the platform to ring ``user``'s extension and then ``number`` (E.164); the platform's call id.

        The request is signed like the platform's (README); its events then come in as an outbound call.
        """
        self.ensure_one()
        if not self.originate_url:
            raise UserError(self.env._("The telephony connection “%s” has no click-to-call URL.", self.name))
        if not user.telmico_extension:
            raise UserError(self.env._("You have no phone extension: ask an administrator to set it on your user."))
        body = json.dumps({"extension": user.telmico_extension, "number": number, "reference": reference}).encode()
        timestamp = str(int(time.time()))
        secret = self.sudo().secret  # sudo: the secret is for system administrators; any agent may place a call
        headers = {
            "Content-Type": "application/json",
            "X-Telmico-Timestamp": timestamp,
            "X-Telmico-Signature": sign(secret or "", timestamp, body),
        }
        try:
            response = requests.post(self.originate_url, data=body, headers=headers, timeout=10)
            answer = response.json() if response.content else {}
        except (requests.RequestException, ValueError) as exc:
            _logger.warning("Click-to-call through %s failed: %s", self.name, exc)
            raise UserError(self.env._("The telephony platform cannot be reached: try again or dial by hand.")) from exc
        if response.status_code >= 300:
            raise UserError(
                self.env._(
                    "The telephony platform refused the call (%(status)s: %(error)s).",
                    status=response.status_code,
                    error=answer.get("error", "") if isinstance(answer, dict) else "",
                )
            )
        return answer.get("call_id") if isinstance(answer, dict) else None

    def _check_signature(self, message, timestamp, signature):
        """Why a request is not authentic (a reason code for the 401 answer), or ``None`` when it is.

        ``signature`` must be ``sha256=`` and the HMAC-SHA256 (hex) of ``<timestamp>.<message>`` with the
        connection's secret, ``timestamp`` unix seconds within ``signature_tolerance`` of our clock (a replay
        of an old request is refused). The headers' shape is checked first, so no header makes the check fail.
        """
        self.ensure_one()
        if not timestamp or not signature:
            return "missing_signature"
        if not TIMESTAMP_RE.fullmatch(timestamp):
            return "malformed_timestamp"
        match = SIGNATURE_RE.fullmatch(signature)
        if not match:
            return "malformed_signature"
        if abs(time.time() - int(timestamp)) > self.signature_tolerance:
            return "stale_timestamp"
        secret = self.sudo().secret  # sudo: the endpoint runs unauthenticated; the secret is for administrators
        if not secret or len(secret) < MIN_SECRET_LENGTH:
            return "no_secret"
        expected = sign(secret, timestamp, message).removeprefix("sha256=")
        if not hmac.compare_digest(expected.encode(), match.group(1).lower().encode()):
            return "signature_mismatch"
        return None
