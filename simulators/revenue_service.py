"""Simulator of the Revenue Service's tax-invoice service (contract: telmico_tax_invoice/README.md).

Used by tests (``with RevenueServiceSimulator(username="u", password="p") as sim: ... sim.url ...``) and by hand::

    TELMICO_RS_PASSWORD=<password> python -m simulators.revenue_service --port 8123 --username telmico

Endpoints (HTTP Basic with the service user):

* ``POST /api/v1/tax-invoices`` - issue (``save_invoice``): ``{"externalId", "number", "date", "sellerTin",
  "buyerTin", "buyerName", "currency", "lines": [{"description", "quantity", "unitPrice", "amount", "vat"}],
  "total", "vatTotal"}``; answers 201 ``{"id", "number", "status": "sent"}``, or 200 with the invoice already
  issued under the same ``externalId`` (idempotent); 400 ``{"error", "message"}`` when invalid;
* ``POST /api/v1/tax-invoices/<id>/corrections`` - correct (``correct_invoice``, a partial credit note): the
  issue's fields plus ``reason``; answers 201 ``{"id", "number", "status": "sent", "corrects": <id>}`` (200 again
  under the same ``externalId``); 404 unknown original; 409 ``original_cancelled``; 400 ``exceeds_original`` when
  the corrections would take off more than the original's total (or the issue's refusals);
* ``GET /api/v1/tax-invoices/<id>`` - status (``get_invoice``): ``{"id", "number", "status"}`` (``sent``,
  ``confirmed`` by the buyer, ``cancelled``);
* ``POST /api/v1/tax-invoices/<id>/cancel`` - cancel (``cancel_invoice``): ``{"reason"}``; answers the invoice,
  ``cancelled`` (again: the same answer);
* ``GET /`` - the tax invoices received; ``GET /invoices`` - the same as JSON.

Fault injection besides the base's (``fail_next``, ``drop_next``, ``delay``): ``slow_next`` (count, seconds):
the next issues are stored, then answered only after ``seconds`` (the caller times out: its retry must not issue
a second one); ``confirm(id)`` plays the buyer confirming; ``reject_next``: the next issues are refused with
400 ``rejected`` and this message.
"""

import base64
import hmac
import itertools
import os
import re
import sys
import time
from http import HTTPStatus

if __package__ in (None, ""):  # run as a script: python simulators/revenue_service.py
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
from simulators.base import Simulator, list_page

TIN_RE = re.compile(r"[0-9]{9}|[0-9]{11}")


class RevenueServiceSimulator(Simulator):
    """The tax-invoice service keeping every tax invoice it issued (``invoices``, by id)."""

    name = "revenue_service"
    routes = [
        ("GET", r"/", "page"),
        ("GET", r"/invoices", "list_invoices"),
        ("POST", r"/api/v1/tax-invoices", "save_invoice"),
        ("POST", r"/api/v1/tax-invoices/([0-9]+)/corrections", "correct_invoice"),
        ("GET", r"/api/v1/tax-invoices/([0-9]+)", "get_invoice"),
        ("POST", r"/api/v1/tax-invoices/([0-9]+)/cancel", "cancel_invoice"),
    ]

    def __init__(self, username="telmico", password=None, host="127.0.0.1", port=0):
        super().__init__(host=host, port=port)
        self.username, self.password = username, password
        self.invoices = {}  # id -> dict: the request's fields, id, number, status, reason
        self.slow_next = (0, 0.0)
        self.reject_next = []  # messages of the next refused issues
        self._ids = itertools.count(1001)

    # ------------------------------------------------------------------ helpers

    def _authorized(self, request):
        if self.password is None:
            return True
        scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
        try:
            user, _sep, password = base64.b64decode(token).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        return scheme == "Basic" and hmac.compare_digest(f"{user}:{password}", f"{self.username}:{self.password}")

    @staticmethod
    def _public(invoice):
        answer = {"id": invoice["id"], "number": invoice["number"], "status": invoice["status"]}
        if invoice.get("corrects"):
            answer["corrects"] = invoice["corrects"]
        return answer

    def corrections_of(self, rs_id):
        """The correcting tax invoices of the tax invoice ``rs_id``, oldest first."""
        return sorted(
            (inv for inv in self.invoices.values() if inv.get("corrects") == int(rs_id)), key=lambda inv: inv["id"]
        )

    def by_external_id(self, external_id):
        return next((inv for inv in self.invoices.values() if inv["externalId"] == external_id), None)

    def confirm(self, rs_id):
        """The buyer confirms the tax invoice."""
        with self.lock:
            self.invoices[int(rs_id)]["status"] = "confirmed"

    @staticmethod
    def _validate(payload):
        if not isinstance(payload, dict) or not isinstance(payload.get("externalId"), str):
            return "invalid_request", "externalId is required"
        if not TIN_RE.fullmatch(str(payload.get("buyerTin") or "")):
            return "invalid_buyer_tin", "the buyer's identification number must have 9 or 11 digits"
        lines = payload.get("lines")
        if not isinstance(lines, list) or not lines:
            return "invalid_lines", "a tax invoice has at least one line"
        try:
            total = round(sum(float(line["amount"]) + float(line["vat"]) for line in lines), 2)
            vat = round(sum(float(line["vat"]) for line in lines), 2)
        except (KeyError, TypeError, ValueError):
            return "invalid_lines", "each line needs an amount and its VAT"
        if (
            abs(total - float(payload.get("total") or 0)) > 0.005
            or abs(vat - float(payload.get("vatTotal") or 0)) > 0.005
        ):
            return "totals_mismatch", "the totals are not the sum of the lines"
        return None

    # ------------------------------------------------------------------ routes

    def save_invoice(self, request):
        if not self._authorized(request):
            return HTTPStatus.UNAUTHORIZED, {"error": "unauthorized", "message": "unknown service user"}
        try:
            payload = request.json()
        except ValueError:
            payload = None
        with self.lock:
            if self.reject_next:
                return HTTPStatus.BAD_REQUEST, {"error": "rejected", "message": self.reject_next.pop(0)}
            problem = self._validate(payload)
            if problem:
                return HTTPStatus.BAD_REQUEST, {"error": problem[0], "message": problem[1]}
            existing = self.by_external_id(payload["externalId"])
            if existing:
                return HTTPStatus.OK, self._public(existing)
            rs_id = next(self._ids)
            invoice = dict(payload, id=rs_id, number=f"ეა-{rs_id:07d}", status="sent", reason=None)
            self.invoices[rs_id] = invoice
            count, seconds = self.slow_next
            if count:
                self.slow_next = (count - 1, seconds)
        if count:
            time.sleep(seconds)
        return HTTPStatus.CREATED, self._public(invoice)

    def correct_invoice(self, request):
        if not self._authorized(request):
            return HTTPStatus.UNAUTHORIZED, {"error": "unauthorized", "message": "unknown service user"}
        try:
            payload = request.json()
        except ValueError:
            payload = None
        with self.lock:
            original = self.invoices.get(int(request.groups[0]))
            if not original or original.get("corrects"):
                return HTTPStatus.NOT_FOUND, {"error": "not_found", "message": "no such tax invoice to correct"}
            problem = self._validate(payload)
            if problem:
                return HTTPStatus.BAD_REQUEST, {"error": problem[0], "message": problem[1]}
            existing = self.by_external_id(payload["externalId"])
            if existing:
                return HTTPStatus.OK, self._public(existing)
            if original["status"] == "cancelled":
                return HTTPStatus.CONFLICT, {"error": "original_cancelled", "message": "the tax invoice is cancelled"}
            taken = sum(
                float(inv["total"]) for inv in self.corrections_of(original["id"]) if inv["status"] != "cancelled"
            )
            if taken + float(payload["total"]) > float(original["total"]) + 0.005:
                return HTTPStatus.BAD_REQUEST, {
                    "error": "exceeds_original",
                    "message": "the corrections take off more than the tax invoice's total",
                }
            rs_id = next(self._ids)
            invoice = dict(
                payload,
                id=rs_id,
                number=f"ეა-{rs_id:07d}",
                status="sent",
                reason=payload.get("reason"),
                corrects=original["id"],
            )
            self.invoices[rs_id] = invoice
        return HTTPStatus.CREATED, self._public(invoice)

    def get_invoice(self, request):
        if not self._authorized(request):
            return HTTPStatus.UNAUTHORIZED, {"error": "unauthorized", "message": "unknown service user"}
        invoice = self.invoices.get(int(request.groups[0]))
        if not invoice:
            return HTTPStatus.NOT_FOUND, {"error": "not_found", "message": "no such tax invoice"}
        return HTTPStatus.OK, self._public(invoice)

    def cancel_invoice(self, request):
        if not self._authorized(request):
            return HTTPStatus.UNAUTHORIZED, {"error": "unauthorized", "message": "unknown service user"}
        with self.lock:
            invoice = self.invoices.get(int(request.groups[0]))
            if not invoice:
                return HTTPStatus.NOT_FOUND, {"error": "not_found", "message": "no such tax invoice"}
            try:
                reason = request.json().get("reason")
            except (ValueError, AttributeError):
                reason = None
            invoice["status"], invoice["reason"] = "cancelled", invoice["reason"] or reason
        return HTTPStatus.OK, self._public(invoice)

    def page(self, request):
        rows = [
            [
                inv["number"],
                inv["externalId"],
                inv.get("date"),
                inv["buyerTin"],
                inv["total"],
                inv["status"],
                self.invoices[inv["corrects"]]["number"] if inv.get("corrects") in self.invoices else "",
            ]
            for inv in sorted(self.invoices.values(), key=lambda inv: -inv["id"])
        ]
        columns = ["number", "externalId", "date", "buyer", "total", "status", "corrects"]
        return list_page("Revenue Service simulator", "Tax invoices issued", columns, rows)

    def list_invoices(self, request):
        return HTTPStatus.OK, sorted(self.invoices.values(), key=lambda inv: -inv["id"])

    # ------------------------------------------------------------------ command line

    @classmethod
    def add_arguments(cls, parser):
        parser.add_argument("--username", default="telmico", help="service user (password: TELMICO_RS_PASSWORD)")

    @classmethod
    def from_arguments(cls, args):
        return cls(
            username=args.username, password=os.environ.get("TELMICO_RS_PASSWORD"), host=args.host, port=args.port
        )


if __name__ == "__main__":
    sys.exit(RevenueServiceSimulator.main(default_port=8123))
