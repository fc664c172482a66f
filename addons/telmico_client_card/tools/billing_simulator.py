"""HTTP simulator of the billing system's API, serving ``demo_data`` subscribers (standard library only).

Used by tests (``with BillingSimulator(size=500) as sim: ... sim.url ...``) and for demos from the
command line::

    python billing_simulator.py --port 8099 --size 2000

Endpoints (all need ``Authorization: Bearer <token>``, errors are JSON ``{"error": ...}``):

* ``GET /api/v1/subscribers?updated_since=&cursor=&limit=`` - page of subscribers with
  ``updated_at > updated_since``, in ascending ``(updated_at, number)`` order;
* ``GET /api/v1/subscribers/<number>`` - one subscriber;
* ``POST /api/v1/changes`` - records a change request coming from the CRM.

``size`` is a demo size in *clients*, as in ``demo_data.clients(size)``: the simulator serves
``demo_data.subscriber_count(size)`` subscribers, the billing side of the same demo world.
"""

import argparse
import base64
import bisect
import datetime as dt
import hmac
import json
import os
import re
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import demo_data
else:
    from . import demo_data

API_PREFIX = "/api/v1"
DEFAULT_LIMIT = 200
MAX_LIMIT = 1000
_SUBSCRIBER_PATH = re.compile(rf"^{API_PREFIX}/subscribers/([^/]+)$")
_NUMBER = re.compile(r"^1\d{9}$")
_OFFSET_SPACE = re.compile(r"(\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d:?\d\d)$")  # "+" of "+04:00" decoded as " "


class BadRequest(ValueError):
    """A request parameter the API refuses with HTTP 400."""


def _parse_datetime(value):
    """Parse an ISO 8601 date/datetime (``Z``, offsets or naive = UTC) into an aware UTC datetime."""
    value = _OFFSET_SPACE.sub(r"\1+\2", value.strip())
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as error:
        raise BadRequest(f"invalid datetime: {value!r}") from error
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def _format_datetime(value):
    """``2026-11-01T10:15:00Z`` (microseconds kept only when present)."""
    text = value.astimezone(dt.UTC).replace(tzinfo=None).isoformat()
    return f"{text}Z"


def encode_cursor(updated_at, number):
    """Opaque cursor for "after the item (updated_at, number)"."""
    raw = f"{_format_datetime(updated_at)}|{number}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor):
    """Inverse of ``encode_cursor``: ``(updated_at, number)``; raises ``BadRequest``."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        updated_at, number = raw.split("|")
        return _parse_datetime(updated_at), number
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequest("invalid cursor") from error


class BillingSimulator:
    """Threaded HTTP server simulating the billing API over ``demo_data`` subscribers.

    Attributes tests may set while it runs:

    * ``malformed``: set of subscriber indexes served malformed (number ``"ABC"``, balance ``"not-a-number"``);
    * ``fail_after_pages``: after that many list pages (counted from when it is set), the next
      ``/subscribers`` list request answers 503 once, then the simulator works again (and the
      attribute is reset to ``None``);
    * ``overrides``: index -> dict merged over the generated record (a new ``updated_at`` also
      moves the record in the paging order);
    * ``server_time``: ISO string answered as ``server_time``; by default the later of
      ``demo_data.DEMO_NOW`` and the latest ``updated_at`` served.

    Recorded: ``requests`` (paths with query strings), ``received_changes`` (POSTed bodies),
    ``pages_served`` (list pages answered with 200).
    """

    def __init__(self, size=2000, seed=demo_data.DEFAULT_SEED, token="sim-token", host="127.0.0.1", port=0):
        """Prepare the simulator and its sorted ``(updated_at, number, index)`` list; ``start()`` serves it."""
        self.size = size
        self.seed = seed
        self.token = token
        self.host = host
        self.port = port
        self.count = demo_data.subscriber_count(size)
        self.malformed = set()
        self.received_changes = []
        self.requests = []
        self.overrides = {}
        self.server_time = None
        self.pages_served = 0
        self.quiet = True
        self._fail_after_pages = None
        self._pages_since_armed = 0
        self._lock = threading.RLock()
        self._server = None
        self._thread = None
        self._base_order = sorted(
            (_parse_datetime(demo_data.subscriber_updated_at(i, seed)), demo_data.subscriber_number(i), i)
            for i in range(self.count)
        )

    # ----------------------------------------------------------------- lifecycle

    @property
    def fail_after_pages(self):
        """Pages to serve before one 503 answer (``None``: never fail)."""
        return self._fail_after_pages

    @fail_after_pages.setter
    def fail_after_pages(self, value):
        with self._lock:
            self._fail_after_pages = value
            self._pages_since_armed = 0

    @property
    def url(self):
        """Base URL, e.g. ``http://127.0.0.1:8099`` (API under ``/api/v1``)."""
        host = "127.0.0.1" if self.host in ("", "0.0.0.0") else self.host
        return f"http://{host}:{self.port}"

    def start(self):
        """Start serving in a daemon thread; returns ``self``."""
        if self._server is None:
            handler = type("BoundHandler", (_Handler,), {"simulator": self})
            self._server = _Server((self.host, self.port), handler)
            self.port = self._server.server_address[1]
            self._thread = threading.Thread(
                target=self._server.serve_forever, name=f"billing-simulator-{self.port}", daemon=True
            )
            self._thread.start()
        return self

    def stop(self):
        """Stop serving and close the listening socket (idempotent)."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
            self._server = self._thread = None

    def __enter__(self):
        """Start the simulator for a ``with`` block."""
        return self.start()

    def __exit__(self, *exc_info):
        """Stop the simulator at the end of a ``with`` block."""
        self.stop()

    # ----------------------------------------------------------------- data

    def record(self, index):
        """Subscriber ``index`` as served: generated, overridden, possibly malformed."""
        item = demo_data.subscriber(index, self.seed)
        override = self.overrides.get(index)
        if override:
            item.update(override)
        if index in self.malformed:
            item["number"] = "ABC"
            item["balance"] = "not-a-number"
        return item

    def index_of(self, number):
        """Index of the subscriber with billing ``number``, or ``None``."""
        if not _NUMBER.match(number):
            return None
        index = int(number[1:]) - 1
        return index if 0 <= index < self.count else None

    def _order(self):
        """Sorted ``(updated_at, number, index)`` list, taking overridden ``updated_at`` values into account."""
        moved = {}
        for index, override in list(self.overrides.items()):
            if 0 <= index < self.count and "updated_at" in override:
                try:
                    moved[index] = _parse_datetime(str(override["updated_at"]))
                except BadRequest:
                    continue
        if not moved:
            return self._base_order
        return sorted((moved.get(i, when), number, i) for when, number, i in self._base_order)

    def _server_time(self, order):
        """``server_time`` of an answer (see the class docstring)."""
        if self.server_time:
            return self.server_time
        now = _parse_datetime(demo_data.DEMO_NOW)
        if order:
            now = max(now, order[-1][0])
        return _format_datetime(now)

    def list_page(self, query):
        """The ``/subscribers`` answer for a parsed query string; raises ``BadRequest``."""
        updated_since = (query.get("updated_since") or [""])[-1].strip()
        cursor = (query.get("cursor") or [""])[-1].strip()
        limit_text = (query.get("limit") or [""])[-1].strip() or str(DEFAULT_LIMIT)
        if not limit_text.isdigit() or not 1 <= int(limit_text) <= MAX_LIMIT:
            raise BadRequest(f"limit must be an integer between 1 and {MAX_LIMIT}")
        limit = int(limit_text)
        order = self._order()
        start = 0
        if updated_since:
            # after every entry whose updated_at <= updated_since ("~" sorts after any number)
            start = bisect.bisect_right(order, (_parse_datetime(updated_since), "~"))
        if cursor:
            when, number = decode_cursor(cursor)
            start = max(start, bisect.bisect_right(order, (when, number, sys.maxsize)))
        page = order[start : start + limit]
        more = start + limit < len(order)
        return {
            "items": [self.record(index) for _when, _number, index in page],
            "next_cursor": encode_cursor(page[-1][0], page[-1][1]) if page and more else None,
            "server_time": self._server_time(order),
        }


class _Server(ThreadingHTTPServer):
    """Threading server that neither waits for idle keep-alive connections nor outlives the process."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True


class _Handler(BaseHTTPRequestHandler):
    """Request handler; ``simulator`` is bound by ``BillingSimulator.start``."""

    simulator = None
    protocol_version = "HTTP/1.1"
    server_version = "TelmicoBillingSimulator/1.0"
    timeout = 60  # close idle keep-alive connections

    def log_message(self, format, *args):
        """Log to stderr unless the simulator is quiet."""
        if self.simulator.quiet:
            return None
        return super().log_message(format, *args)

    def _send_json(self, status, payload, headers=None):
        """Answer ``payload`` as UTF-8 JSON."""
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status, message, headers=None):
        """Answer a JSON error ``{"error": message}``."""
        self._send_json(status, {"error": message}, headers)

    def _authorized(self):
        """Whether the request carries ``Authorization: Bearer <token>``."""
        expected = f"Bearer {self.simulator.token}".encode()
        given = (self.headers.get("Authorization") or "").strip().encode()
        return hmac.compare_digest(given, expected)

    def _read_body(self):
        """The request body (``Content-Length`` bytes; empty without it)."""
        length = self.headers.get("Content-Length")
        if not length or not length.isdigit():
            return b""
        return self.rfile.read(int(length))

    def _begin(self):
        """Record the request; return its path, or ``None`` when it was already answered (404/401)."""
        sim = self.simulator
        with sim._lock:
            sim.requests.append(self.path)
        path = urlsplit(self.path).path.rstrip("/")
        known = path in (f"{API_PREFIX}/subscribers", f"{API_PREFIX}/changes") or _SUBSCRIBER_PATH.match(path)
        if not known:
            self._error(HTTPStatus.NOT_FOUND, "not found")
            return None
        if not self._authorized():
            self._error(HTTPStatus.UNAUTHORIZED, "unauthorized", {"WWW-Authenticate": "Bearer"})
            return None
        return path

    def do_GET(self):
        """``GET /api/v1/subscribers`` (a page) and ``GET /api/v1/subscribers/<number>``."""
        path = self._begin()
        if path is None:
            return
        sim = self.simulator
        if path == f"{API_PREFIX}/changes":
            self._error(HTTPStatus.METHOD_NOT_ALLOWED, "method not allowed", {"Allow": "POST"})
            return
        if path == f"{API_PREFIX}/subscribers":
            with sim._lock:
                failing = sim._fail_after_pages is not None and sim._pages_since_armed >= sim._fail_after_pages
                if failing:
                    sim._fail_after_pages = None
            if failing:
                self._error(HTTPStatus.SERVICE_UNAVAILABLE, "service unavailable", {"Retry-After": "1"})
                return
            try:
                page = sim.list_page(parse_qs(urlsplit(self.path).query, keep_blank_values=True))
            except BadRequest as error:
                self._error(HTTPStatus.BAD_REQUEST, str(error))
                return
            with sim._lock:
                sim.pages_served += 1
                sim._pages_since_armed += 1
            self._send_json(HTTPStatus.OK, page)
            return
        match = _SUBSCRIBER_PATH.match(path)
        index = sim.index_of(match.group(1)) if match else None
        if index is None:
            self._error(HTTPStatus.NOT_FOUND, "subscriber not found")
            return
        self._send_json(HTTPStatus.OK, sim.record(index))

    def do_POST(self):
        """``POST /api/v1/changes``: record the JSON body; ``"simulate_error": true`` answers 500."""
        body = self._read_body()
        path = self._begin()
        if path is None:
            return
        if path != f"{API_PREFIX}/changes":
            self._error(HTTPStatus.METHOD_NOT_ALLOWED, "method not allowed", {"Allow": "GET"})
            return
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            self._error(HTTPStatus.BAD_REQUEST, "invalid JSON body")
            return
        sim = self.simulator
        if isinstance(payload, dict) and payload.get("simulate_error") is True:
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, "simulated billing error")
            return
        with sim._lock:
            sim.received_changes.append(payload)
            change_id = str(len(sim.received_changes))
        self._send_json(HTTPStatus.OK, {"accepted": True, "id": change_id})


def main(argv=None):
    """Command line: serve a simulator until Ctrl-C."""
    parser = argparse.ArgumentParser(description="Telmico billing API simulator (demo data).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--size", type=int, default=2000, help="demo size in clients (default 2000)")
    parser.add_argument("--seed", type=int, default=demo_data.DEFAULT_SEED)
    parser.add_argument("--token", default="sim-token")
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    args = parser.parse_args(argv)
    simulator = BillingSimulator(size=args.size, seed=args.seed, token=args.token, host=args.host, port=args.port)
    simulator.quiet = args.quiet
    simulator.start()
    sys.stdout.write(
        f"Billing simulator: {simulator.url}{API_PREFIX}/subscribers "
        f"({simulator.count} subscribers, token {args.token!r}); Ctrl-C to stop\n"
    )
    sys.stdout.flush()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        sys.stdout.write("Stopping.\n")
    finally:
        simulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
