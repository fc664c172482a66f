"""Receiver of Telmico's outgoing webhooks (contract: telmico_desk/README.md, "Outgoing webhooks").

Used by tests (``with WebhookReceiver(secret="s" * 43) as receiver: ... receiver.url + "/hooks/crm" ...``) and by
hand::

    python -m simulators.webhook_receiver --port 8152 --secret <the subscription's secret>

Endpoints:

* ``POST /hooks/<anything>`` - a delivery: recorded in ``deliveries`` with the result of the signature check
  (``X-Telmico-Timestamp`` and ``X-Telmico-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">``,
  checked as Telmico checks the calls it receives); answers 200 ``{"ok": true}``, or 401 when ``secret`` is set
  and the signature does not verify (``reject_bad_signatures``);
* ``GET /`` - the deliveries, newest first; ``GET /deliveries`` - the same as JSON.

Fault injection is the base's: ``fail_next(count, 500)`` answers errors, ``delay`` (seconds) makes every answer
slow (longer than the sender's timeout: a timeout), ``drop_next`` closes the connection without an answer.
"""

import importlib.util
import json
import sys
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python simulators/webhook_receiver.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from simulators.base import ROOT, Simulator, list_page

SIGNATURE_TOOL = ROOT / "addons" / "telmico_base" / "tools" / "signature.py"
TOLERANCE = 300  # seconds a delivery's timestamp may be off our clock


def signature_tool():
    """``telmico_base/tools/signature.py``, loaded by path (standard library only): one check of signed calls."""
    module = sys.modules.get("telmico_signature_tool")
    if module is None:
        spec = importlib.util.spec_from_file_location("telmico_signature_tool", SIGNATURE_TOOL)
        module = importlib.util.module_from_spec(spec)
        sys.modules["telmico_signature_tool"] = module
        spec.loader.exec_module(module)
    return module


@dataclass
class Delivery:
    """One webhook received."""

    path: str
    event: str
    delivery_id: str
    headers: dict
    body: bytes
    verified: bool
    problem: str  # why the signature does not verify ("" when it does)

    def json(self):
        return json.loads(self.body.decode("utf-8"))


class WebhookReceiver(Simulator):
    """An HTTP endpoint that keeps every webhook it gets (``deliveries``) and checks its signature."""

    name = "webhook-receiver"
    routes = [
        ("GET", r"/", "page"),
        ("GET", r"/deliveries", "list_deliveries"),
        ("POST", r"/hooks/.*", "receive"),
    ]

    def __init__(self, secret=None, reject_bad_signatures=False, host="127.0.0.1", port=0):
        super().__init__(host=host, port=port)
        self.secret = secret
        self.reject_bad_signatures = reject_bad_signatures
        self.deliveries = []

    def verify(self, headers, body):
        """``""`` when ``body`` is signed with ``secret`` at a current timestamp, else the reason."""
        tool = signature_tool()
        headers = {name.lower(): value for name, value in headers.items()}
        timestamp = headers.get("x-telmico-timestamp", "")
        problem, digest = tool.header_problem(timestamp, headers.get("x-telmico-signature", ""), TOLERANCE)
        if problem:
            return problem
        if not tool.signed_by([self.secret or ""], timestamp, body, digest):
            return "bad_signature"
        return ""

    def receive(self, request):
        problem = self.verify(request.headers, request.body) if self.secret else "no_secret"
        headers = {name.lower(): value for name, value in request.headers.items()}
        delivery = Delivery(
            path=request.path,
            event=headers.get("x-telmico-event", ""),
            delivery_id=headers.get("x-telmico-delivery", ""),
            headers=headers,
            body=request.body,
            verified=not problem,
            problem=problem,
        )
        with self.lock:
            self.deliveries.append(delivery)
        if problem and self.secret and self.reject_bad_signatures:
            return HTTPStatus.UNAUTHORIZED, {"error": problem}
        return HTTPStatus.OK, {"ok": True}

    def events(self):
        """The event of each delivery, in the order received."""
        with self.lock:
            return [delivery.event for delivery in self.deliveries]

    def list_deliveries(self, request):
        with self.lock:
            rows = [
                {"path": d.path, "event": d.event, "delivery": d.delivery_id, "verified": d.verified, "body": d.json()}
                for d in reversed(self.deliveries)
            ]
        return HTTPStatus.OK, rows

    def page(self, request):
        with self.lock:
            rows = [
                [d.path, d.event, d.delivery_id, "yes" if d.verified else d.problem, d.body.decode("utf-8", "replace")]
                for d in reversed(self.deliveries)
            ]
        return list_page("Webhook receiver", "Webhooks received", ["Path", "Event", "Delivery", "Signed", "Body"], rows)

    @classmethod
    def add_arguments(cls, parser):
        parser.add_argument("--secret", help="the subscription's secret: signatures are checked")
        parser.add_argument("--reject", action="store_true", help="answer 401 to a bad signature")

    @classmethod
    def from_arguments(cls, args):
        return cls(secret=args.secret, reject_bad_signatures=args.reject, host=args.host, port=args.port)


if __name__ == "__main__":
    sys.exit(WebhookReceiver.main(default_port=8152))
