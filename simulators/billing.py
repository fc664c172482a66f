"""Simulator of the billing system's API (contract: telmico_client_card/README.md), serving demo subscribers.

Used by tests (``with BillingSimulator(size=500, token=...) as sim: ... sim.url ...``) and by ``make run``::

    TELMICO_BILLING_TOKEN=<token> python -m simulators.billing --port 8099 --size 2000

The API token comes from ``token`` (``--token``, or better the ``TELMICO_BILLING_TOKEN``
environment variable, which other local users cannot read); without one a random token is
generated (and printed by the command line).

Endpoints (all need ``Authorization: Bearer <token>``, errors are JSON ``{"error": ...}``):

* ``GET /api/v1/subscribers?updated_since=&cursor=&limit=`` - page of subscribers (with their charges,
  payments and receipts) with ``updated_at > updated_since``, in ascending ``(updated_at, number)`` order;
* ``GET /api/v1/subscribers/<number>`` - one subscriber;
* ``POST /api/v1/changes`` - records a change request coming from the CRM.

``size`` is a demo size in *clients*, as in ``demo_data.clients(size)``: the simulator serves
``demo_data.subscriber_count(size)`` subscribers, the billing side of the same demo world.
"""

import base64
import bisect
import datetime as dt
import hmac
import os
import re
import secrets
import sys
from http import HTTPStatus

if __package__ in (None, ""):  # run as a script: python simulators/billing.py
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
from simulators.base import Simulator, demo_world

demo_data = demo_world()

API_PREFIX = "/api/v1"
DEFAULT_LIMIT = 200
MAX_LIMIT = 1000
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


class BillingSimulator(Simulator):
    """The billing API over the demo world's subscribers.

    Fault injection besides the base's (``fail_next``, ``drop_next``, ``delay``):

    * ``malformed``: set of subscriber indexes served malformed (number ``"ABC"``, balance ``"not-a-number"``);
    * ``fail_after_pages``: after that many list pages (counted from when it is set), the next
      ``/subscribers`` list request answers 503 once, then the simulator works again (and the
      attribute is reset to ``None``);
    * ``overrides``: index -> dict merged over the generated record (a new ``updated_at`` also
      moves the record in the paging order);
    * ``server_time``: ISO string answered as ``server_time``; by default the later of
      ``demo_data.DEMO_NOW`` and the latest ``updated_at`` served.

    Recorded: ``requests``, ``received_changes`` (POSTed bodies), ``pages_served`` (list pages answered with 200).
    """

    name = "billing"
    routes = [
        ("GET", rf"{API_PREFIX}/subscribers", "get_page"),
        ("GET", rf"{API_PREFIX}/subscribers/([^/]+)", "get_subscriber"),
        ("POST", rf"{API_PREFIX}/changes", "post_change"),
    ]
    world = demo_data

    def __init__(self, size=2000, seed=demo_data.DEFAULT_SEED, token=None, host="127.0.0.1", port=0):
        """Prepare the simulator and its sorted ``(updated_at, number, index)`` list; ``start()`` serves it."""
        super().__init__(host=host, port=port)
        self.size = size
        self.seed = seed
        self.token_generated = not token
        self.token = token or secrets.token_urlsafe(32)
        self.count = demo_data.subscriber_count(size)
        self.malformed = set()
        self.received_changes = []
        self.overrides = {}
        self.server_time = None
        self.pages_served = 0
        self._fail_after_pages = None
        self._pages_since_armed = 0
        self._base_order = sorted(
            (_parse_datetime(demo_data.subscriber_updated_at(i, seed)), demo_data.subscriber_number(i), i)
            for i in range(self.count)
        )

    @property
    def fail_after_pages(self):
        """Pages to serve before one 503 answer (``None``: never fail)."""
        return self._fail_after_pages

    @fail_after_pages.setter
    def fail_after_pages(self, value):
        with self.lock:
            self._fail_after_pages = value
            self._pages_since_armed = 0

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

    # ----------------------------------------------------------------- HTTP

    def _unauthorized(self, request):
        """A 401 answer unless the request carries ``Authorization: Bearer <token>``."""
        expected = f"Bearer {self.token}".encode()
        given = (request.headers.get("Authorization") or "").strip().encode()
        if hmac.compare_digest(given, expected):
            return None
        return HTTPStatus.UNAUTHORIZED, {"error": "unauthorized"}, {"WWW-Authenticate": "Bearer"}

    def get_page(self, request):
        """``GET /api/v1/subscribers``: a page of subscribers changed after ``updated_since``."""
        denied = self._unauthorized(request)
        if denied:
            return denied
        with self.lock:
            failing = self._fail_after_pages is not None and self._pages_since_armed >= self._fail_after_pages
            if failing:
                self._fail_after_pages = None
        if failing:
            return HTTPStatus.SERVICE_UNAVAILABLE, {"error": "service unavailable"}, {"Retry-After": "1"}
        try:
            page = self.list_page(request.query)
        except BadRequest as error:
            return HTTPStatus.BAD_REQUEST, {"error": str(error)}
        with self.lock:
            self.pages_served += 1
            self._pages_since_armed += 1
        return HTTPStatus.OK, page

    def get_subscriber(self, request):
        """``GET /api/v1/subscribers/<number>``."""
        denied = self._unauthorized(request)
        if denied:
            return denied
        index = self.index_of(request.groups[0])
        if index is None:
            return HTTPStatus.NOT_FOUND, {"error": "subscriber not found"}
        return HTTPStatus.OK, self.record(index)

    def post_change(self, request):
        """``POST /api/v1/changes``: record the JSON body; ``"simulate_error": true`` answers 500."""
        denied = self._unauthorized(request)
        if denied:
            return denied
        try:
            payload = request.json()
        except (UnicodeDecodeError, ValueError):
            return HTTPStatus.BAD_REQUEST, {"error": "invalid JSON body"}
        if isinstance(payload, dict) and payload.get("simulate_error") is True:
            return HTTPStatus.INTERNAL_SERVER_ERROR, {"error": "simulated billing error"}
        with self.lock:
            self.received_changes.append(payload)
            change_id = str(len(self.received_changes))
        return HTTPStatus.OK, {"accepted": True, "id": change_id}

    # ----------------------------------------------------------- command line

    @classmethod
    def add_arguments(cls, parser):
        parser.add_argument("--size", type=int, default=2000, help="demo size in clients (default 2000)")
        parser.add_argument("--seed", type=int, default=demo_data.DEFAULT_SEED)
        parser.add_argument(
            "--token",
            default=os.environ.get("TELMICO_BILLING_TOKEN"),
            help="API token (default: $TELMICO_BILLING_TOKEN, else a random one, printed)",
        )

    @classmethod
    def from_arguments(cls, args):
        return cls(size=args.size, seed=args.seed, token=args.token, host=args.host, port=args.port)

    def banner(self):
        banner = f"Billing simulator: {self.url}{API_PREFIX}/subscribers ({self.count} subscribers)"
        return f"{banner}, API token {self.token}" if self.token_generated else banner


if __name__ == "__main__":
    sys.exit(BillingSimulator.main(default_port=8099))
