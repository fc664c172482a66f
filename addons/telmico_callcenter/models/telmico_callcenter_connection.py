import json
import logging
import time
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlencode

import requests
import websocket

from odoo import api, fields, models
from odoo.addons.telmico_base.tools.signature import generate_secret, header_problem, sign, signed_by
from odoo.exceptions import UserError, ValidationError

from ..tools.ari_event import OUTBOUND_PREFIX, translate
from ..tools.call_event import EventError, parse_event

_logger = logging.getLogger(__name__)

MIN_SECRET_LENGTH = 32
# calls still open that a reconciliation may close: a call older than this is left alone
RECONCILE_WINDOW = timedelta(hours=12)


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
    # Asterisk ARI (README "Asterisk ARI adapter")
    ari_url = fields.Char(
        string="ARI URL", help="Asterisk's HTTP server, e.g. http://pbx.telmico.lan:8088 (ARI is under /ari)."
    )
    ari_user = fields.Char(string="ARI user", help="A user of Asterisk's ari.conf.")
    # readable by system administrators only, like the secret
    ari_password = fields.Char(string="ARI password", groups="base.group_system", copy=False)
    ari_app = fields.Char(
        string="Stasis application",
        default="telmico",
        help="The ARI application Odoo listens as; the dialplan sends inbound calls to it: Stasis(telmico,queue,ivr).",
    )
    ari_context = fields.Char(
        string="Dialplan context", default="from-internal", help="The context click-to-call dials the number in."
    )
    ari_endpoint = fields.Char(
        string="Agent endpoint",
        default="PJSIP/{extension}",
        help="The endpoint click-to-call rings first; {extension} is the agent's extension.",
    )
    ari_caller_id = fields.Char(
        string="Caller id shown to the agent", help="Empty: the number being called is shown on the agent's phone."
    )
    ari_listen_seconds = fields.Integer(
        string="Listening time (seconds)",
        default=50,
        help="How long each run of the scheduled action (every minute) stays connected to Asterisk's events.",
    )
    ari_state = fields.Selection(
        [("never", "Not connected yet"), ("ok", "Connected"), ("auth_failed", "Refused"), ("error", "Unreachable")],
        string="Event connection",
        default="never",
        readonly=True,
        copy=False,
    )
    ari_error = fields.Char(string="Last connection error", readonly=True, copy=False)
    ari_last_event_date = fields.Datetime(string="Last event received", readonly=True, copy=False)

    _sql_constraints = [
        ("signature_tolerance_positive", "CHECK(signature_tolerance > 0)", "The replay window must be positive."),
        ("callback_hours_positive", "CHECK(callback_hours > 0)", "The callback deadline must be positive."),
        (
            "ari_listen_seconds_range",
            "CHECK(ari_listen_seconds BETWEEN 1 AND 3600)",
            "The listening time must be 1 to 3600 s.",
        ),
    ]

    @api.constrains("platform", "ari_url", "ari_user", "ari_app", "ari_endpoint")
    def _check_ari(self):
        for connection in self.filtered(lambda c: c.platform == "ari"):
            if not (connection.ari_url or "").lower().startswith(("http://", "https://")):
                raise ValidationError(self.env._("The ARI URL must start with http:// or https://."))
            if not connection.ari_user or not connection.ari_app:
                raise ValidationError(self.env._("An Asterisk ARI connection needs an ARI user and an application."))
            if "{extension}" not in (connection.ari_endpoint or ""):
                raise ValidationError(
                    self.env._("The agent endpoint must contain {extension}, e.g. PJSIP/{extension}.")
                )

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

    @api.model
    def _click_to_call_connection(self, company):
        """The connection of ``company`` that places calls (click-to-call); a clear error when there is none."""
        connection = self.search(
            [
                ("company_id", "=", company.id),
                "|",
                ("originate_url", "!=", False),
                "&",
                ("platform", "=", "ari"),
                ("ari_url", "!=", False),
            ],
            limit=1,
        )
        if not connection:
            raise UserError(self.env._("No telephony connection offers click-to-call: dial the number by hand."))
        return connection

    def _originate(self, user, number, reference):
        """Ask the platform to ring ``user``'s extension and then ``number`` (E.164); the platform's call id.

        The request is signed like the platform's (README); its events then come in as an outbound call.
        """
        self.ensure_one()
        if self.platform == "ari":
            return self._ari_originate(user, number)
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
        problem, digest = header_problem(timestamp, signature, self.signature_tolerance)
        if problem:
            return problem
        secret = self.sudo().secret  # sudo: the endpoint runs unauthenticated; the secret is for administrators
        if not secret or len(secret) < MIN_SECRET_LENGTH:
            return "no_secret"
        return None if signed_by([secret], timestamp, message, digest) else "signature_mismatch"

    # ------------------------------------------------------------- Asterisk ARI

    def _ari_request(self, method, path, params=None):
        """A request to ARI's REST API (basic auth): the JSON answer, or a clear ``UserError``."""
        self.ensure_one()
        password = self.sudo().ari_password or ""  # sudo: the password is for system administrators
        try:
            response = requests.request(
                method, self.ari_url.rstrip("/") + path, params=params, auth=(self.ari_user or "", password), timeout=10
            )
        except requests.RequestException as exc:
            _logger.warning("ARI request %s %s of %s failed: %s", method, path, self.name, exc)
            raise UserError(
                self.env._("Asterisk cannot be reached at %s: try again or dial by hand.", self.ari_url)
            ) from exc
        if response.status_code in (401, 403):
            raise UserError(
                self.env._(
                    "Asterisk refused the ARI user and password of “%s”: check them on the connection.", self.name
                )
            )
        if response.status_code >= 300:
            try:
                message = response.json().get("message", "")
            except (ValueError, AttributeError):
                message = ""
            raise UserError(
                self.env._(
                    "Asterisk refused the request (%(status)s: %(error)s).", status=response.status_code, error=message
                )
            )
        try:
            return response.json() if response.content else {}
        except ValueError:
            return {}

    def action_ari_check(self):
        """Check the ARI URL, user and password (``GET /ari/asterisk/info``)."""
        self.ensure_one()
        info = self._ari_request("GET", "/ari/asterisk/info")
        version = (info.get("system") or {}).get("version", "") if isinstance(info, dict) else ""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": self.env._("Asterisk answers (version %s).", version or "?"), "type": "success"},
        }

    def _ari_originate(self, user, number):
        """Click-to-call through ARI: originate a channel ringing the agent, then ``number`` in the dialplan.

        The channel's id is ours (``telmico-out-…``): its events then tell an outbound call. The application is
        subscribed to the channel (an originated channel is in the dialplan, not in the application), and the call
        is in the log at once, as a ringing outbound call of the agent.
        """
        self.ensure_one()
        extension = user.telmico_extension
        if not extension:
            raise UserError(self.env._("You have no phone extension: ask an administrator to set it on your user."))
        channel_id = OUTBOUND_PREFIX + uuid.uuid4().hex
        self._ari_request(
            "POST",
            "/ari/channels",
            {
                "endpoint": self.ari_endpoint.replace("{extension}", extension),
                "extension": number,
                "context": self.ari_context or "default",
                "priority": 1,
                "callerId": self.ari_caller_id or number,
                "channelId": channel_id,
                "timeout": 30,
            },
        )
        self._ari_request(
            "POST",
            f"/ari/applications/{quote(self.ari_app, safe='')}/subscription",
            {"eventSource": f"channel:{channel_id}"},
        )
        payload = {
            "call_id": channel_id,
            "event": "ringing",
            "timestamp": int(time.time()),
            "direction": "outbound",
            "caller": extension,
            "called": number,
            "extension": extension,
        }
        # sudo: the call log is written by the platform's events only; this is the first event of the call placed
        connection = self.sudo().with_context(allowed_company_ids=self.company_id.ids)
        connection.env["telmico.call"]._receive_event(connection, parse_event(payload), payload)
        return channel_id

    def _ari_events_url(self):
        self.ensure_one()
        base = self.ari_url.rstrip("/")
        base = "wss://" + base[8:] if base.lower().startswith("https://") else "ws://" + base.split("://", 1)[1]
        password = self.sudo().ari_password or ""  # sudo: the password is for system administrators
        return f"{base}/ari/events?" + urlencode({"app": self.ari_app, "api_key": f"{self.ari_user}:{password}"})

    def _ari_set_state(self, state, error=False):
        if (self.ari_state, self.ari_error or False) != (state, error):
            self.write({"ari_state": state, "ari_error": error})

    def _ari_listen(self, seconds=None, commit=True):
        """Listen to Asterisk's events for ``seconds`` (default: the connection's listening time).

        A WebSocket client connects to ``/ari/events``, receives the events (each turned into a call event and
        recorded like the HTTP endpoint's: idempotent, in any order), reconnects when the connection drops, and
        stops at the end of the time. With ``commit``, each event is committed as soon as it is recorded.
        The connection's state and last error say how it went.

        :return: the number of events received
        """
        self.ensure_one()
        deadline = time.monotonic() + (seconds or self.ari_listen_seconds)
        received = 0
        while time.monotonic() < deadline:
            try:
                ws = websocket.create_connection(self._ari_events_url(), timeout=10)
            except websocket.WebSocketBadStatusException as exc:
                if exc.status_code in (401, 403):
                    error = self.env._("Asterisk refused the ARI user and password (%s).", exc.status_code)
                    self._ari_set_state("auth_failed", error)
                else:
                    self._ari_set_state(
                        "error", self.env._("Asterisk answered %s to the events connection.", exc.status_code)
                    )
                break
            except (OSError, websocket.WebSocketException) as exc:
                _logger.warning("ARI events of %s: cannot connect: %s", self.name, exc)
                self._ari_set_state("error", self.env._("Asterisk cannot be reached: %s", str(exc)[:200]))
                break
            self._ari_set_state("ok")
            received += self._ari_reconcile()
            self._ari_commit(commit)
            try:
                while True:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    ws.settimeout(remaining)
                    message = ws.recv()
                    if self._ari_handle(message):
                        received += 1
                    self._ari_commit(commit)
            except websocket.WebSocketTimeoutException:
                break
            except (OSError, websocket.WebSocketException) as exc:
                _logger.info("ARI events of %s: connection lost (%s), reconnecting", self.name, exc)
                time.sleep(0.2)
            finally:
                ws.close()
        self._ari_commit(commit)
        return received

    def _ari_commit(self, commit):
        if commit:
            # the listener runs for up to an hour in a scheduled action: each event is kept as soon as recorded
            # (the agents' screen pops and Desks see it at once), not lost with a later failure or timeout
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def _ari_reconcile(self):
        """After (re)connecting, what happened while nobody listened (README "Asterisk ARI"): the calls of the log
        still open whose channel is gone have ended (an ``ended`` event at the reconciliation, with a warning);
        the application's live channels the log does not know are recorded (ringing; answered when *Up*).

        :return: the number of events recorded
        """
        self.ensure_one()
        try:
            channels = self._ari_request("GET", "/ari/channels")
        except UserError as exc:
            _logger.warning("ARI reconciliation of %s skipped: %s", self.name, exc)
            return 0
        live = (
            {str(c["id"]): c for c in channels if isinstance(c, dict) and c.get("id")}
            if isinstance(channels, list)
            else {}
        )
        Call = self.env["telmico.call"]
        now = fields.Datetime.now()
        recorded = 0
        gone = Call.search(
            [
                ("connection_id", "=", self.id),
                ("date_ended", "=", False),
                ("date_ringing", ">=", now - RECONCILE_WINDOW),
                ("name", "not in", list(live)),
            ]
        )
        for call in gone:
            payload = {"call_id": call.name, "event": "ended", "timestamp": int(time.time())}
            recorded += bool(self._ari_record(payload, dict(payload, reconciled=True), reconciled=True))
        known = set(Call.search([("connection_id", "=", self.id), ("name", "in", list(live))]).mapped("name"))
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000+0000")
        for channel_id, chan in live.items():
            dialplan = chan.get("dialplan") if isinstance(chan.get("dialplan"), dict) else {}
            app, *args = str(dialplan.get("app_data") or "").split(",")
            if channel_id in known or dialplan.get("app_name") != "Stasis" or app != self.ari_app:
                continue
            events = [
                {"type": "StasisStart", "timestamp": chan.get("creationtime") or stamp, "channel": chan, "args": args}
            ]
            if chan.get("state") == "Up":
                events.append({"type": "ChannelStateChange", "timestamp": stamp, "channel": chan})
            for event in events:
                payload = translate(event)
                recorded += bool(payload and self._ari_record(payload, event, reconciled=True))
        if recorded:
            _logger.info("ARI reconciliation of %s: %s events recorded", self.name, recorded)
        return recorded

    def _ari_handle(self, message):
        """Record one ARI event (a WebSocket message); the recorded event, or ``None`` when it means nothing."""
        self.ensure_one()
        try:
            event = json.loads(message)
        except (ValueError, TypeError, RecursionError):
            _logger.warning("ARI events of %s: a message that is not JSON was ignored", self.name)
            return None
        payload = translate(event)
        if payload is None:
            return None
        return self._ari_record(payload, event, message)

    def _ari_record(self, payload, event, message="", reconciled=False):
        """Record the call event ``payload`` (of the ARI ``event``; ``reconciled``: inferred, not received); the
        recorded event or ``None``."""
        message = message or json.dumps(event)
        try:
            values = parse_event(payload)
        except EventError as exc:
            _logger.warning("ARI event of %s refused (%s %s): %s", self.name, exc.code, exc.fields, message[:500])
            return None
        if not reconciled:
            self.ari_last_event_date = values["timestamp"]
        connection = self.with_context(allowed_company_ids=self.company_id.ids)
        try:
            with self.env.cr.savepoint():
                status, recorded = connection.env["telmico.call"]._receive_event(
                    connection, values, event, reconciled=reconciled
                )
        except Exception:
            _logger.exception("ARI event of %s could not be recorded: %s", self.name, message[:500])
            return None
        return None if reconciled and status != "accepted" else recorded

    @api.model
    def _cron_ari_listen(self):
        """Scheduled action (every minute): each active ARI connection listens to its events in turn."""
        for connection in self.search([("platform", "=", "ari"), ("ari_url", "!=", False)]):
            connection._ari_listen()
