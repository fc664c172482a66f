"""Simulator of a telephony / contact-centre platform (CallApp or any PBX), contract: telmico_callcenter/README.md.

It plays the platform's side: calls made of events (ringing, answered, held, transferred, ended, missed), each
posted to Odoo's endpoint ``POST /telmico/callcenter/<connection>/events`` signed with the connection's secret, and
the client look-up ``GET /telmico/callcenter/<connection>/lookup?number=``. Its own HTTP server (``base.Simulator``)
keeps the request log; it also answers the platform's side of click-to-call (``POST /originate``, recorded only).

Fault injection on what it sends: duplicates (every event sent twice), out of order (the events of a call
shuffled, "ended" first), bad signatures and stale (replayed) timestamps.

In tests (an ``HttpCase``)::

    sim = TelephonySimulator(odoo_url=self.base_url(), connection_id=connection.id, secret=connection.secret)
    answers = sim.play(sim.call("c-1", caller="599123456", extension="101", outcome="answered"))

From the command line, against a running Odoo::

    TELMICO_TELEPHONY_SECRET=<secret> python -m simulators.telephony --odoo http://localhost:8069 \
        --connection 1 --calls 50 --duplicates --out-of-order --bad-signature 0.1

Standard library only.
"""

import argparse
import hashlib
import hmac
import json
import os
import random
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta

if __package__ in (None, ""):  # run as a script: python simulators/telephony.py
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
from simulators.base import Simulator

OUTCOMES = ("answered", "missed", "abandoned", "transferred")


def sign(secret, timestamp, message):
    """``X-Telmico-Signature``: ``sha256=`` + HMAC-SHA256 (hex) of ``<timestamp>.<message>`` with ``secret``."""
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + message, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


class TelephonySimulator(Simulator):
    """The platform: sends signed call events and look-ups to Odoo; serves ``POST /originate`` (click-to-call)."""

    name = "telephony"
    routes = [("POST", r"/originate", "originate")]

    def __init__(self, odoo_url="http://127.0.0.1:8069", connection_id=1, secret="", host="127.0.0.1", port=0):
        super().__init__(host=host, port=port)
        self.odoo_url = odoo_url.rstrip("/")
        self.connection_id = connection_id
        self.secret = secret
        self.sent = []  # (event or None for a look-up, status, answer) of everything sent to Odoo
        self.originated = []

    # ------------------------------------------------------------ platform side

    def originate(self, request):
        """Click-to-call: the platform would ring the agent, then the number; here it is checked and recorded."""
        headers = {name.lower(): value for name, value in request.headers.items()}
        timestamp = headers.get("x-telmico-timestamp", "")
        expected = sign(self.secret, timestamp, request.body)
        if not timestamp.isdigit() or not hmac.compare_digest(expected, headers.get("x-telmico-signature", "")):
            return 401, {"error": "invalid_signature"}
        try:
            payload = request.json()
        except ValueError:
            return 400, {"error": "malformed_json"}
        if not isinstance(payload, dict) or not payload.get("extension") or not payload.get("number"):
            return 400, {"error": "missing_fields"}
        self.originated.append(payload)
        return 202, {"status": "originating", "call_id": f"out-{len(self.originated)}"}

    # ------------------------------------------------------------------ calls

    @staticmethod
    def call(call_id, caller="+995599123456", called="+995322100100", extension="101", outcome="answered",
             start=None, wait=12, talk=95, queue="billing", ivr_choice="2", direction="inbound",
             transfer_to="102", recording=True):  # fmt: skip
        """The events of one call, in the order they happen.

        ``outcome``: ``answered`` (ringing, answered, held, ended), ``transferred`` (answered by ``extension``,
        handed to ``transfer_to``), ``missed`` (nobody answered: ringing, missed), ``abandoned`` (the caller hung up
        while waiting: ringing, ended).
        """
        start = start or datetime.now(UTC).replace(microsecond=0)

        def event(kind, offset, **extra):
            values = {
                "call_id": call_id,
                "event": kind,
                "timestamp": (start + timedelta(seconds=offset)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "direction": direction,
                "caller": caller,
                "called": called,
                "queue": queue,
            }
            if ivr_choice:
                values["ivr_choice"] = ivr_choice
            values.update(extra)
            return values

        events = [event("ringing", 0, extension=extension)]
        if outcome in ("answered", "transferred"):
            events.append(event("answered", wait, extension=extension))
            if outcome == "transferred":
                events.append(event("transferred", wait + talk // 2, extension=transfer_to))
            else:
                events.append(event("held", wait + talk // 2, extension=extension))
            url = f"https://recordings.example.ge/{call_id}.mp3" if recording else None
            events.append(event("ended", wait + talk, **({"recording_url": url} if url else {})))
        elif outcome == "missed":
            events.append(event("missed", wait))
        elif outcome == "abandoned":
            events.append(event("ended", wait))
        else:
            raise ValueError(f"unknown outcome {outcome!r}")
        return events

    # ------------------------------------------------------------------ sending

    def post_event(self, event, timestamp=None, secret=None, body=None, headers=None):
        """Post one event (a dict, or a raw ``body``); returns ``(status, answer)``."""
        body = body if body is not None else json.dumps(event, ensure_ascii=False).encode()
        url = f"{self.odoo_url}/telmico/callcenter/{self.connection_id}/events"
        status, answer = self._send("POST", url, body, timestamp, secret, headers)
        self.sent.append((event, status, answer))
        return status, answer

    def lookup(self, number, method="GET", timestamp=None, secret=None):
        """Ask Odoo who calls from ``number``; returns ``(status, answer)``."""
        base = f"{self.odoo_url}/telmico/callcenter/{self.connection_id}/lookup"
        if method == "GET":
            query = urllib.parse.urlencode({"number": number}).encode()
            status, answer = self._send("GET", f"{base}?{query.decode()}", b"", timestamp, secret, None, query)
        else:
            body = json.dumps({"number": number}).encode()
            status, answer = self._send("POST", base, body, timestamp, secret, None)
        self.sent.append((None, status, answer))
        return status, answer

    def play(self, events, duplicates=False, out_of_order=False, bad_signature=0.0, seed=None):
        """Send ``events`` with the faults asked for; returns the ``(status, answer)`` of each request sent.

        ``duplicates``: every event is sent twice; ``out_of_order``: the events are shuffled (each call's "ended"
        or "missed" first); ``bad_signature``: the share of events first sent with a wrong signature (then again,
        signed right, as a platform retrying would).
        """
        rng = random.Random(seed)
        events = list(events)
        if out_of_order:
            rng.shuffle(events)
            events.sort(key=lambda e: e["event"] not in ("ended", "missed"))
        answers = []
        for event in events:
            if bad_signature and rng.random() < bad_signature:
                answers.append(self.post_event(event, secret=self.secret + "-wrong"))
            answers.append(self.post_event(event))
            if duplicates:
                answers.append(self.post_event(event))
        return answers

    def _send(self, method, url, body, timestamp, secret, headers, signed=None):
        timestamp = str(int(time.time()) if timestamp is None else timestamp)
        all_headers = {
            "Content-Type": "application/json",
            "X-Telmico-Timestamp": timestamp,
            "X-Telmico-Signature": sign(self.secret if secret is None else secret, timestamp, signed or body),
        }
        all_headers.update(headers or {})
        request = urllib.request.Request(url, data=body if method == "POST" else None, method=method)
        for name, value in all_headers.items():
            if value is not None:
                request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        try:
            return status, json.loads(raw.decode() or "null")
        except ValueError:
            return status, {"raw": raw.decode(errors="replace")}

    # ------------------------------------------------------------- command line

    @classmethod
    def add_arguments(cls, parser):
        parser.add_argument("--odoo", default="http://127.0.0.1:8069", help="Odoo's base URL")
        parser.add_argument("--connection", type=int, default=1, help="the telephony connection's id in Odoo")
        parser.add_argument(
            "--secret",
            default=os.environ.get("TELMICO_TELEPHONY_SECRET", ""),
            help="the connection's secret (default: $TELMICO_TELEPHONY_SECRET)",
        )

    @classmethod
    def from_arguments(cls, args):
        return cls(
            odoo_url=args.odoo, connection_id=args.connection, secret=args.secret, host=args.host, port=args.port
        )


def replay(argv=None):
    """Command line: replay N random calls against Odoo, with the faults asked for, and print a summary."""
    parser = argparse.ArgumentParser(description="Replay simulated calls against Telmico's telephony endpoint.")
    TelephonySimulator.add_arguments(parser)
    parser.add_argument("--calls", type=int, default=10)
    parser.add_argument("--extensions", default="101,102,103", help="agents' extensions, comma-separated")
    parser.add_argument("--numbers", default="", help="callers' numbers, comma-separated (default: random mobiles)")
    parser.add_argument("--duplicates", action="store_true")
    parser.add_argument("--out-of-order", action="store_true")
    parser.add_argument("--bad-signature", type=float, default=0.0, help="share of events first sent badly signed")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not args.secret:
        parser.error("the connection's secret is needed: --secret or $TELMICO_TELEPHONY_SECRET")
    sim = TelephonySimulator(odoo_url=args.odoo, connection_id=args.connection, secret=args.secret)
    rng = random.Random(args.seed)
    extensions = args.extensions.split(",")
    numbers = [n for n in args.numbers.split(",") if n] or [f"+99559{rng.randrange(10**7):07d}" for _ in range(50)]
    events = []
    for index in range(args.calls):
        events += sim.call(
            f"sim-{args.seed}-{index}",
            caller=rng.choice(numbers),
            extension=rng.choice(extensions),
            outcome=rng.choices(OUTCOMES, weights=(70, 10, 15, 5))[0],
            ivr_choice=str(rng.randint(1, 4)),
        )
    started = time.monotonic()
    answers = sim.play(events, args.duplicates, args.out_of_order, args.bad_signature, seed=args.seed)
    elapsed = time.monotonic() - started
    summary = {}
    for status, answer in answers:
        key = f"{status} {answer.get('status') or answer.get('error')}" if isinstance(answer, dict) else str(status)
        summary[key] = summary.get(key, 0) + 1
    print(f"{len(answers)} requests in {elapsed:.1f} s ({len(answers) / elapsed if elapsed else 0:.0f}/s)")
    for key, count in sorted(summary.items()):
        print(f"  {key}: {count}")
    return 0


if __name__ == "__main__":
    sys.exit(replay())
