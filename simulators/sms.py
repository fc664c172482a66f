"""Simulator of an SMS gateway: smsoffice.ge API v2 and the generic JSON gateway (contracts: telmico_sms/README.md).

Used by tests (``with SmsSimulator(key="k" * 32) as sim: ... sim.url ...``) and by ``make run``::

    TELMICO_SMS_KEY=<key> TELMICO_SMS_REPORT_SECRET=<secret> python -m simulators.sms --port 8030 \
        --callback-url http://127.0.0.1:8069/telmico_sms/report/1

Endpoints:

* ``POST /api/v2/send/`` (smsoffice.ge; form-encoded or query string): ``key``, ``destination``
  (``995…`` numbers, comma-separated), ``sender``, ``content``, ``urgent``, ``reference``; answers
  ``{"Success", "Message", "Output", "ErrorCode"}`` for the whole request; a ``reference`` is kept to its
  first 20 characters (a longer one would never be found by a status question);
* ``POST /json/send`` (generic JSON, ``Authorization: Bearer <key>``): ``{"reference", "sender",
  "content", "destinations", "urgent"}``; answers ``{"reference", "results": [{"destination",
  "status", "error", "id"}]}``, or a request-level error ``{"error", "message"}`` with HTTP 401 /
  402 / 403 / 413 / 503;
* ``GET /`` - the SMS received, newest first; ``GET /messages`` - the same as JSON.

Without a key (``key=None``) any key is accepted; without ``senders`` any sender name.

Fault injection besides the base's (``fail_next``, ``drop_next``, ``delay``):

* ``errors_by_number``: number -> smsoffice ErrorCode answered whenever that number is in a request;
* ``next_codes``: ErrorCodes answered to the next requests, one each (``-100`` is a temporary error);
* ``stop_list`` (75), ``balance`` (messages left, ``None``: unlimited; 20 when exceeded), content
  above ``MAX_CONTENT`` characters (40);
* ``report_status``: number -> delivery status reported (default ``delivered``).

Delivery status polled (smsoffice): ``GET /api/v2/getMessageStatus/`` (or POST) with ``key``,
``destination`` and ``reference`` answers ``{"Success": true, "Message": "OK", "ErrorCode": 0, "Output":
{"Status": "Delivered"}}`` for the message sent to that number in that request: its ``report_status``
(ours, default ``delivered``) in smsoffice's words (``SMSOFFICE_STATUSES``; any other value is answered as
it is: a status Odoo does not know), ``Pending`` for a number in
``reports_unknown_yet``; ``{"Success": false, "ErrorCode": 1, "Message": "Message not found"}`` for a message
it did not send; ErrorCode 80 for a wrong key. Each question ``(reference, destination)`` is logged in
``report_polls``. The base's faults apply (``fail_next(path="/api/v2/getMessageStatus")``).

Delivery reports pushed: each accepted message waits in ``pending_reports``; ``send_reports()`` posts them,
signed with ``callback_secret`` (``X-Telmico-Signature: sha256=<hex HMAC-SHA256 of the body>``), to
``callback_url``; with ``auto_reports`` they are posted ``report_delay`` seconds after each request.

Incoming SMS (a customer answering, e.g. ``STOP``): ``receive(number, text)`` — or ``POST /inbound`` with
``{"from": "995…", "text": "STOP"}`` — posts ``{"messages": [{"id", "from", "text", "received_at"}]}``
to ``inbound_url`` (default: ``callback_url`` with ``/report/`` replaced by ``/inbound/``), signed
the same way; ``STOP`` also puts the number on the simulator's own stop list, as smsoffice does.
"""

import hashlib
import hmac
import itertools
import json
import os
import sys
import threading
import urllib.error
import urllib.request
from datetime import UTC, datetime
from http import HTTPStatus
from urllib.parse import parse_qs

if __package__ in (None, ""):  # run as a script: python simulators/sms.py
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
from simulators.base import Simulator, list_page

MAX_CONTENT = 1000
SMSOFFICE_MESSAGES = {
    0: "Sent",
    10: "Invalid destination",
    20: "Insufficient balance",
    40: "Message too long",
    75: "Destination is in the stop list",
    80: "Invalid key",
    110: "Invalid sender",
    150: "Sender is not registered",
    -100: "Temporary error, try again later",
}
# smsoffice ErrorCode -> (HTTP status, error) of the JSON gateway
JSON_ERRORS = {
    10: (200, "invalid_destination"),
    20: (402, "insufficient_credit"),
    40: (413, "too_long"),
    75: (200, "stop_listed"),
    80: (401, "unauthorized"),
    110: (403, "invalid_sender"),
    150: (403, "invalid_sender"),
    -100: (503, "temporary"),
}
PER_DESTINATION = {10, 75}
REFERENCE_LENGTH = 20
# our delivery status -> smsoffice's word for it in a status answer
SMSOFFICE_STATUSES = {
    "delivered": "Delivered",
    "pending": "Pending",
    "expired": "Expired",
    "rejected": "Rejected",
    "not_delivered": "Undelivered",
    "invalid_destination": "Invalid",
}


class SmsSimulator(Simulator):
    """An SMS gateway keeping every SMS it accepts (``messages``)."""

    name = "sms"
    routes = [
        ("GET", r"/", "page"),
        ("GET", r"/messages", "list_messages"),
        ("POST", r"/api/v2/send", "smsoffice_send"),
        ("GET", r"/api/v2/send", "smsoffice_send"),
        ("GET", r"/api/v2/getMessageStatus", "smsoffice_status"),
        ("POST", r"/api/v2/getMessageStatus", "smsoffice_status"),
        ("POST", r"/json/send", "json_send"),
        ("POST", r"/inbound", "inbound"),
    ]

    def __init__(self, key=None, senders=None, callback_url=None, callback_secret=None, host="127.0.0.1", port=0):
        super().__init__(host=host, port=port)
        self.key = key
        self.senders = set(senders) if senders else None
        self.callback_url = callback_url
        self.callback_secret = callback_secret
        self.auto_reports = False
        self.report_delay = 1.0
        self.messages = []  # dicts: id, api, reference, destination, sender, content, urgent, received_at
        self.errors_by_number = {}
        self.next_codes = []
        self.stop_list = set()
        self.balance = None
        self.report_status = {}
        self.pending_reports = []
        self.reports_sent = []  # (HTTP status, body) of each report post
        self.reports_unknown_yet = set()  # numbers whose delivery is not known yet: "pending" when polled
        self.report_polls = []  # (reference, destination) of each status question
        self.inbound_url = None  # default: derived from callback_url
        self.inbound_sent = []  # (HTTP status, body) of each incoming-SMS post
        self._ids = itertools.count(1)

    # ------------------------------------------------------------------ gateway

    def _check(self, key, sender, content, destinations):
        """The ErrorCode of a request (0: accepted)."""
        with self.lock:
            if self.next_codes:
                return self.next_codes.pop(0)
            if self.key is not None and key != self.key:
                return 80
            if self.senders is not None and sender not in self.senders:
                return 110
            if not sender:
                return 150
            if not destinations or any(
                not (d.isdigit() and d.startswith("995") and len(d) == 12) for d in destinations
            ):
                return 10
            for destination in destinations:
                if destination in self.errors_by_number:
                    return self.errors_by_number[destination]
                if destination in self.stop_list:
                    return 75
            if len(content) > MAX_CONTENT:
                return 40
            if self.balance is not None and len(destinations) > self.balance:
                return 20
        return 0

    def _accept(self, api, reference, sender, content, destinations, urgent):
        """Keep the messages of an accepted request; the gateway's id of each destination."""
        ids = {}
        with self.lock:
            for destination in destinations:
                message_id = next(self._ids)
                ids[destination] = str(message_id)
                self.messages.append(
                    {
                        "id": message_id,
                        "api": api,
                        "reference": reference,
                        "destination": destination,
                        "sender": sender,
                        "content": content,
                        "urgent": urgent,
                        "received_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    }
                )
                status = self.report_status.get(destination, "delivered")
                self.pending_reports.append({"reference": reference, "destination": destination, "status": status})
            if self.balance is not None:
                self.balance -= len(destinations)
        if self.auto_reports and self.callback_url:
            timer = threading.Timer(self.report_delay, self.send_reports)
            timer.daemon = True
            timer.start()
        return ids

    def smsoffice_send(self, request):
        params = parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True)
        params.update({name: values for name, values in request.query.items() if name not in params})

        def arg(name):
            return (params.get(name) or [""])[-1]

        destinations = [d.strip() for d in arg("destination").split(",") if d.strip()]
        # smsoffice keeps a reference of at most REFERENCE_LENGTH characters: a longer one is cut
        content, sender, reference = arg("content"), arg("sender"), arg("reference")[:REFERENCE_LENGTH]
        code = self._check(arg("key"), sender, content, destinations)
        answer = {"Success": code == 0, "Message": SMSOFFICE_MESSAGES.get(code, "Error"), "Output": None}
        if code == 0:
            ids = self._accept("smsoffice", reference, sender, content, destinations, arg("urgent") == "true")
            answer["Output"] = ",".join(ids.values())
        answer["ErrorCode"] = code
        return HTTPStatus.OK, answer

    def smsoffice_status(self, request):
        params = parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True)
        params.update({name: values for name, values in request.query.items() if name not in params})

        def arg(name):
            return (params.get(name) or [""])[-1].strip()

        reference, destination = arg("reference"), arg("destination")
        with self.lock:
            self.report_polls.append((reference, destination))
            if self.key is not None and arg("key") != self.key:
                return HTTPStatus.OK, {
                    "Success": False,
                    "Message": SMSOFFICE_MESSAGES[80],
                    "Output": None,
                    "ErrorCode": 80,
                }
            sent = any(
                message["api"] == "smsoffice"
                and message["reference"] == reference
                and message["destination"] == destination
                for message in self.messages
            )
            if not sent:
                return HTTPStatus.OK, {"Success": False, "Message": "Message not found", "Output": None, "ErrorCode": 1}
            status = (
                "pending"
                if destination in self.reports_unknown_yet
                else self.report_status.get(destination, "delivered")
            )
        return HTTPStatus.OK, {
            "Success": True,
            "Message": "OK",
            "Output": {"Status": SMSOFFICE_STATUSES.get(status, status)},
            "ErrorCode": 0,
        }

    def json_send(self, request):
        authorization = request.headers.get("Authorization", "")
        try:
            body = request.json()
            sender, content, destinations = body["sender"], body["content"], list(body["destinations"])
            reference = str(body.get("reference") or "")
        except (ValueError, KeyError, TypeError):
            return HTTPStatus.BAD_REQUEST, {"error": "unknown", "message": "malformed request"}
        key = authorization[7:] if authorization.startswith("Bearer ") else ""
        # request-level checks first, then each destination on its own
        code = self._check(key, sender, content, ["995000000000"])
        if code and code not in PER_DESTINATION:
            status, error = JSON_ERRORS.get(code, (400, "unknown"))
            return status, {"error": error, "message": SMSOFFICE_MESSAGES.get(code, "")}
        results, accepted = [], []
        for destination in destinations:
            code = self._check(key, sender, content, [destination])
            if code:
                results.append({"destination": destination, "status": "failed", "error": JSON_ERRORS[code][1]})
            else:
                accepted.append(destination)
                results.append({"destination": destination, "status": "accepted", "error": None})
        ids = self._accept("json", reference, sender, content, accepted, bool(body.get("urgent"))) if accepted else {}
        for result in results:
            result["id"] = ids.get(result["destination"])
        return HTTPStatus.OK, {"reference": reference, "results": results}

    # ---------------------------------------------------------- delivery reports

    def send_reports(self):
        """Post the pending delivery reports to ``callback_url``; the HTTP status of the answer (None: none sent)."""
        with self.lock:
            reports, self.pending_reports = self.pending_reports, []
        if not reports or not self.callback_url:
            return None
        status, text = self._post_signed(self.callback_url, {"reports": reports})
        with self.lock:
            self.reports_sent.append((status, text))
        return status

    def _post_signed(self, url, payload):
        """POST ``payload`` as JSON to Odoo, signed with ``callback_secret``: ``(HTTP status, body)``."""
        body = json.dumps(payload, ensure_ascii=False).encode()
        signature = "sha256=" + hmac.new((self.callback_secret or "").encode(), body, hashlib.sha256).hexdigest()
        post = urllib.request.Request(
            url,
            data=body,
            headers={"Content-Type": "application/json", "X-Telmico-Signature": signature},
            method="POST",
        )
        try:
            with urllib.request.urlopen(post, timeout=30) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except OSError as error:
            return 0, str(error).encode()

    # -------------------------------------------------------------- incoming SMS

    def receive(self, number, text):
        """A customer's SMS to the gateway's number, forwarded to Odoo: the HTTP status of Odoo's answer."""
        url = self.inbound_url or (self.callback_url or "").replace("/report/", "/inbound/")
        if not url:
            return None
        if text.strip().casefold() in ("stop", "სტოპ"):
            with self.lock:
                self.stop_list.add(number)
        message = {
            "id": f"in-{next(self._ids)}",
            "from": number,
            "text": text,
            "received_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        status, answer = self._post_signed(url, {"messages": [message]})
        with self.lock:
            self.inbound_sent.append((status, answer))
        return status

    def inbound(self, request):
        try:
            body = request.json()
            number, text = str(body["from"]), str(body["text"])
        except (ValueError, KeyError, TypeError):
            return HTTPStatus.BAD_REQUEST, {"error": 'expected {"from": "995…", "text": "…"}'}
        return HTTPStatus.OK, {"odoo_status": self.receive(number, text)}

    # --------------------------------------------------------------------- pages

    def _summaries(self):
        with self.lock:
            return list(reversed(self.messages))

    def page(self, request):
        summaries = self._summaries()
        return list_page(
            "Telmico SMS gateway",
            f"SMS sent by Odoo ({len(summaries)})",
            ["#", "Received (UTC)", "API", "Sender", "To", "Text"],
            [[m["id"], m["received_at"], m["api"], m["sender"], m["destination"], m["content"]] for m in summaries],
        )

    def list_messages(self, request):
        return HTTPStatus.OK, self._summaries()

    # -------------------------------------------------------------- command line

    @classmethod
    def add_arguments(cls, parser):
        parser.add_argument("--callback-url", default=None, help="where delivery reports are posted")
        parser.add_argument("--report-delay", type=float, default=2.0)

    @classmethod
    def from_arguments(cls, args):
        simulator = cls(
            key=os.environ.get("TELMICO_SMS_KEY") or None,
            callback_url=args.callback_url,
            callback_secret=os.environ.get("TELMICO_SMS_REPORT_SECRET") or None,
            host=args.host,
            port=args.port,
        )
        simulator.auto_reports = bool(args.callback_url)
        simulator.report_delay = args.report_delay
        return simulator

    def banner(self):
        return f"SMS gateway simulator: smsoffice API at {self.url}/api/v2/send/, SMS listed at {self.url}"


if __name__ == "__main__":
    sys.exit(SmsSimulator.main(default_port=8030))
