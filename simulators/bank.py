"""Simulator of a bank posting its customers' payments to Telmico (contract: telmico_bank_payment/README.md).

The bank is the caller: ``check`` asks what a customer owes, ``pay`` posts a payment with the bank's own
``transactionId``. Used by tests (``BankSimulator(odoo_url, "bog", secret=...)``) and by hand::

    TELMICO_BANK_SECRET=<secret> python -m simulators.bank --port 8122 --odoo-url http://127.0.0.1:8069 --bank bog

then ``curl -X POST localhost:8122/pay -d '{"invoice": "INV/2026/00001"}'`` pays the invoice's whole debt (check,
then pay); ``GET /`` lists the calls made, ``GET /calls`` the same as JSON.

Fault injection (besides the base's, which apply to the simulator's own HTTP page):

* ``wrong_hash_next``: the next calls are signed with a wrong secret (expected answer: code 3);
* ``replay(call, amount=None)``: send a pay call again, with the same ``transactionId`` (12), or another amount (8);
* ``pay_concurrently(invoice, amount, copies)``: the same pay call sent ``copies`` times at once, from threads;
* ``timeout_next``: the next calls give up waiting after ``fault_timeout`` seconds (Odoo still works on them);
* ``timeout`` / ``retries``: a pay call whose answer does not come within ``timeout`` seconds (or comes as a 5xx)
  is sent again with the same ``transactionId``, up to ``retries`` times: idempotency makes that safe.
"""

import base64
import hashlib
import hmac
import itertools
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
from http import HTTPStatus

if __package__ in (None, ""):  # run as a script: python simulators/bank.py
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
from simulators.base import Simulator, list_page


def sign(secret, timestamp, body):
    """``X-Telmico-Signature``: HMAC-SHA256 of "<timestamp>.<body>" (as telmico_base/tools/signature.py)."""
    return "sha256=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


class BankSimulator(Simulator):
    """A bank calling Odoo's bank payment endpoint; every call it made is in ``calls``."""

    name = "bank"
    routes = [
        ("GET", r"/", "page"),
        ("GET", r"/calls", "list_calls"),
        ("POST", r"/check", "drive_check"),
        ("POST", r"/pay", "drive_pay"),
    ]

    def __init__(
        self,
        odoo_url,
        bank_code,
        secret=None,
        username=None,
        password=None,
        timeout=10.0,
        retries=0,
        host="127.0.0.1",
        port=0,
    ):
        super().__init__(host=host, port=port)
        self.odoo_url = odoo_url.rstrip("/")
        self.bank_code = bank_code
        self.secret, self.username, self.password = secret, username, password
        self.timeout, self.retries = timeout, retries
        self.wrong_hash_next = 0
        self.timeout_next = 0  # the next calls give up after ``fault_timeout`` seconds
        self.fault_timeout = 0.01
        self.calls = []  # dicts: operation, payload, status (HTTP, None when no answer), answer, attempt, at
        self._ids = itertools.count(1)
        self._prefix = f"SIM{int(time.time())}"

    # ------------------------------------------------------------------ calls to Odoo

    def new_transaction_id(self):
        return f"{self._prefix}-{next(self._ids)}"

    def call(self, operation, payload, timeout=None):
        """POST one call; ``(HTTP status, answer)``; raises ``TimeoutError`` / ``OSError`` when no answer came."""
        body = json.dumps(payload, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json"}
        if self.secret is not None:
            secret = self.secret
            with self.lock:
                if self.wrong_hash_next:
                    self.wrong_hash_next -= 1
                    secret = "wrong-" + secret
            timestamp = str(int(time.time()))
            headers.update({"X-Telmico-Timestamp": timestamp, "X-Telmico-Signature": sign(secret, timestamp, body)})
        if self.username is not None:
            token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        url = f"{self.odoo_url}/telmico/bank/{self.bank_code}/{operation}"
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        with self.lock:
            if self.timeout_next:
                self.timeout_next -= 1
                timeout = self.fault_timeout
        record = {"operation": operation, "payload": payload, "status": None, "answer": None, "at": time.time()}
        with self.lock:
            self.calls.append(record)
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        except TimeoutError as error:
            record["answer"] = {"error": "timeout"}
            raise TimeoutError(str(error)) from error
        except urllib.error.URLError as error:
            record["answer"] = {"error": str(error.reason)}
            if isinstance(error.reason, TimeoutError):
                raise TimeoutError(str(error.reason)) from error
            raise OSError(str(error.reason)) from error
        try:
            answer = json.loads(raw)
        except ValueError:
            answer = {"raw": raw.decode(errors="replace")}
        record.update(status=status, answer=answer)
        return status, answer

    def check(self, invoice=None, customer=None):
        payload = {"invoice": invoice} if invoice else {"customer": customer}
        return self.call("check", payload)

    def pay(self, invoice, amount, currency="GEL", transaction_id=None, timeout=None, retries=None):
        """Pay ``amount`` tetri of ``invoice``; retried with the same ``transactionId`` on timeouts and 5xx."""
        payload = {
            "transactionId": transaction_id or self.new_transaction_id(),
            "invoice": invoice,
            "amount": amount,
            "currency": currency,
        }
        retries = self.retries if retries is None else retries
        for attempt in range(retries + 1):
            last = attempt == retries
            try:
                status, answer = self.call("pay", payload, timeout=timeout)
            except OSError:  # TimeoutError included
                if last:
                    raise
                continue
            if status < 500 or last:
                return status, answer
        raise AssertionError("unreachable")

    def replay(self, payload, amount=None):
        """Send a pay call again (same ``transactionId``), with another ``amount`` when given."""
        payload = dict(payload, amount=payload["amount"] if amount is None else amount)
        return self.call("pay", payload)

    def pay_concurrently(self, invoice, amount, copies=2, currency="GEL"):
        """The same pay call (one ``transactionId``) sent ``copies`` times at the same instant; the answers."""
        payload = {
            "transactionId": self.new_transaction_id(),
            "invoice": invoice,
            "amount": amount,
            "currency": currency,
        }
        barrier = threading.Barrier(copies)
        results = [None] * copies

        def send(index):
            barrier.wait()
            try:
                results[index] = self.call("pay", payload)
            except OSError as error:
                results[index] = (None, {"error": str(error)})

        threads = [threading.Thread(target=send, args=(index,)) for index in range(copies)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results

    def pay_debt(self, invoice=None, customer=None):
        """What a cashier does: check, then pay the first open invoice's whole debt."""
        status, answer = self.check(invoice=invoice, customer=customer)
        if status != HTTPStatus.OK or not answer.get("invoices"):
            return status, answer
        debt = answer["invoices"][0]
        return self.pay(debt["invoice"], debt["amount"], debt["currency"])

    # ------------------------------------------------------------------ the simulator's own pages

    def page(self, request):
        rows = [
            [
                time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(call["at"])),
                call["operation"],
                json.dumps(call["payload"], ensure_ascii=False),
                call["status"] or "",
                json.dumps(call["answer"], ensure_ascii=False),
            ]
            for call in reversed(self.calls)
        ]
        columns = ["time", "operation", "request", "HTTP", "answer"]
        return list_page("Bank simulator", f"Calls to {self.odoo_url}", columns, rows)

    def list_calls(self, request):
        return HTTPStatus.OK, list(reversed(self.calls))

    def _driver_payload(self, request):
        try:
            payload = request.json()
        except ValueError:
            payload = None
        return payload if isinstance(payload, dict) else None

    def drive_check(self, request):
        payload = self._driver_payload(request)
        if payload is None:
            return HTTPStatus.BAD_REQUEST, {"error": "expected a JSON object"}
        try:
            return self.check(invoice=payload.get("invoice"), customer=payload.get("customer"))
        except OSError as error:
            return HTTPStatus.BAD_GATEWAY, {"error": str(error)}

    def drive_pay(self, request):
        payload = self._driver_payload(request)
        if payload is None:
            return HTTPStatus.BAD_REQUEST, {"error": "expected a JSON object"}
        try:
            if payload.get("amount") is None:
                return self.pay_debt(invoice=payload.get("invoice"), customer=payload.get("customer"))
            return self.pay(payload.get("invoice"), payload["amount"], payload.get("currency", "GEL"))
        except OSError as error:
            return HTTPStatus.BAD_GATEWAY, {"error": str(error)}

    # ------------------------------------------------------------------ command line

    @classmethod
    def add_arguments(cls, parser):
        parser.add_argument("--odoo-url", default="http://127.0.0.1:8069")
        parser.add_argument("--bank", default="bog", help="the bank's code in Odoo")
        parser.add_argument("--username", help="Basic authentication instead of HMAC (password: TELMICO_BANK_PASSWORD)")

    @classmethod
    def from_arguments(cls, args):
        if args.username:
            return cls(
                args.odoo_url,
                args.bank,
                username=args.username,
                password=os.environ.get("TELMICO_BANK_PASSWORD", ""),
                host=args.host,
                port=args.port,
            )
        return cls(
            args.odoo_url, args.bank, secret=os.environ.get("TELMICO_BANK_SECRET"), host=args.host, port=args.port
        )


if __name__ == "__main__":
    sys.exit(BankSimulator.main(default_port=8122))
