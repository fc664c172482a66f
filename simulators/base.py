"""Shared base of the simulators: a threaded HTTP server with a request log and fault injection.

A simulator subclasses ``Simulator`` and declares its routes::

    class PingSimulator(Simulator):
        name = "ping"
        routes = [("GET", r"/ping", "ping")]

        def ping(self, request):
            return 200, {"pong": True}

A route handler receives a ``Request`` (method, path, query, headers, body, path groups) and
returns ``(status, payload)`` or ``(status, payload, headers)``; a ``dict`` / ``list`` payload is
sent as UTF-8 JSON, ``bytes`` / ``str`` as they are. Handlers run in the server's threads: the
simulator's ``lock`` guards shared state.

Fault injection, for every simulator: ``fail_next(count, status)`` answers the next ``count``
requests (optionally only those whose path starts with ``path``) with an error; ``delay`` (seconds)
slows every answer down; ``drop_next(count)`` closes the connection without an answer.
Everything received is in ``requests`` (a list of ``Request``).

Standard library only: simulators run in tests (inside Odoo) and as plain processes.
"""

import argparse
import html
import importlib.util
import json
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEMO_DATA = ROOT / "addons" / "telmico_demo" / "tools" / "demo_data.py"


def demo_world():
    """The demo-data generator (``telmico_demo/tools/demo_data.py``), loaded by path: standard library only."""
    module = sys.modules.get("telmico_demo_world")
    if module is None:
        spec = importlib.util.spec_from_file_location("telmico_demo_world", DEMO_DATA)
        module = importlib.util.module_from_spec(spec)
        sys.modules["telmico_demo_world"] = module
        spec.loader.exec_module(module)
    return module


def list_page(title, heading, columns, rows):
    """``(status, body, headers)`` of a plain HTML page listing what a simulator received.

    ``rows`` are lists of cells: a text (escaped here), or ``(href, text)`` for a link.
    """

    def cell(value):
        if isinstance(value, tuple):
            href, text = value
            return f"<td><a href='{html.escape(href)}'>{html.escape(str(text))}</a></td>"
        return f"<td>{html.escape(str(value))}</td>"

    header = "".join(f"<th>{html.escape(column)}</th>" for column in columns)
    lines = "".join("<tr>" + "".join(cell(value) for value in row) + "</tr>" for row in rows)
    body = (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head><body>"
        f"<h1>{html.escape(heading)}</h1>"
        f"<table border='1' cellpadding='4'><tr>{header}</tr>{lines}</table></body></html>"
    )
    return HTTPStatus.OK, body, {"Content-Type": "text/html; charset=utf-8"}


@dataclass
class Request:
    """One request received by a simulator."""

    method: str
    path: str
    query: dict
    headers: dict
    body: bytes
    groups: tuple = ()
    received_at: float = field(default_factory=time.time)

    def json(self):
        """The body parsed as JSON; ``ValueError`` when it is not JSON."""
        return json.loads(self.body.decode("utf-8"))

    def arg(self, name, default=""):
        """Last value of a query-string parameter."""
        return (self.query.get(name) or [default])[-1]


@dataclass
class _Fault:
    count: int
    status: int = 0  # 0: drop the connection
    path: str = ""
    payload: object = None


class Simulator:
    """A threaded HTTP server playing an external system; subclasses declare ``name`` and ``routes``."""

    name = "simulator"
    #: (method, path regex, handler method name); the regex must match the whole path
    routes = []
    #: the request handler class (a subclass of ``_Handler`` may take over a connection, e.g. a WebSocket)
    handler_class = None

    def __init__(self, host="127.0.0.1", port=0):
        self.host, self.port = host, port
        self.requests = []
        self.delay = 0.0
        self.quiet = True
        self.lock = threading.RLock()
        self._faults = []
        self._server = self._thread = None
        self._routes = [(method, re.compile(rf"^{pattern}$"), handler) for method, pattern, handler in self.routes]

    # ------------------------------------------------------------------ lifecycle

    @property
    def url(self):
        """Base URL, e.g. ``http://127.0.0.1:8099``."""
        host = "127.0.0.1" if self.host in ("", "0.0.0.0") else self.host
        return f"http://{host}:{self.port}"

    def start(self):
        """Start serving in a daemon thread; returns ``self``."""
        if self._server is None:
            handler = type("BoundHandler", (self.handler_class or _Handler,), {"simulator": self})
            self._server = _Server((self.host, self.port), handler)
            self.port = self._server.server_address[1]
            self._thread = threading.Thread(
                target=self._server.serve_forever, name=f"{self.name}-simulator-{self.port}", daemon=True
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
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    # ------------------------------------------------------------ fault injection

    def fail_next(self, count=1, status=HTTPStatus.SERVICE_UNAVAILABLE, path="", payload=None):
        """Answer the next ``count`` requests (whose path starts with ``path``) with ``status``."""
        with self.lock:
            self._faults.append(_Fault(count, int(status), path, payload))

    def drop_next(self, count=1, path=""):
        """Close the connection of the next ``count`` requests without answering."""
        with self.lock:
            self._faults.append(_Fault(count, 0, path))

    def clear_faults(self):
        with self.lock:
            self._faults.clear()
            self.delay = 0.0

    def _take_fault(self, path):
        with self.lock:
            for fault in self._faults:
                if path.startswith(fault.path) and fault.count > 0:
                    fault.count -= 1
                    if not fault.count:
                        self._faults.remove(fault)
                    return fault
        return None

    # ------------------------------------------------------------------ dispatch

    def dispatch(self, request):
        """``(status, payload, headers)`` of the route matching ``request``: 404 / 405 otherwise."""
        allowed = []
        for method, pattern, handler in self._routes:
            match = pattern.match(request.path)
            if not match:
                continue
            if method != request.method:
                allowed.append(method)
                continue
            request.groups = match.groups()
            answer = getattr(self, handler)(request)
            return answer if len(answer) == 3 else (*answer, {})
        if allowed:
            return HTTPStatus.METHOD_NOT_ALLOWED, {"error": "method not allowed"}, {"Allow": ", ".join(allowed)}
        return HTTPStatus.NOT_FOUND, {"error": "not found"}, {}

    # -------------------------------------------------------------- command line

    @classmethod
    def add_arguments(cls, parser):
        """Options of this simulator's command line (besides --host, --port, --quiet)."""

    @classmethod
    def from_arguments(cls, args):
        return cls(host=args.host, port=args.port)

    def banner(self):
        return f"{self.name} simulator: {self.url}"

    @classmethod
    def main(cls, argv=None, default_port=0):
        """Command line: serve until Ctrl-C or SIGTERM."""
        parser = argparse.ArgumentParser(description=f"Telmico {cls.name} simulator.")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=default_port)
        parser.add_argument("--quiet", action="store_true", help="do not log requests")
        cls.add_arguments(parser)
        args = parser.parse_args(argv)
        simulator = cls.from_arguments(args)
        simulator.quiet = args.quiet
        simulator.start()
        print(simulator.banner(), "; Ctrl-C to stop", sep="", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            simulator.stop()
        return 0


class _Server(ThreadingHTTPServer):
    """Threading server that neither waits for idle keep-alive connections nor outlives the process."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True


class _Handler(BaseHTTPRequestHandler):
    """Turns HTTP requests into ``Request`` objects for the bound ``simulator``."""

    simulator = None
    protocol_version = "HTTP/1.1"
    timeout = 60  # close idle keep-alive connections

    def log_message(self, format, *args):
        if not self.simulator.quiet:
            super().log_message(format, *args)

    def _handle(self):
        sim = self.simulator
        length = self.headers.get("Content-Length")
        body = self.rfile.read(int(length)) if length and length.isdigit() else b""
        parts = urlsplit(self.path)
        request = Request(
            method=self.command,
            path=parts.path.rstrip("/") or "/",
            query=parse_qs(parts.query, keep_blank_values=True),
            headers=dict(self.headers.items()),
            body=body,
        )
        with sim.lock:
            sim.requests.append(request)
        if sim.delay:
            time.sleep(sim.delay)
        fault = sim._take_fault(request.path)
        if fault and not fault.status:
            self.close_connection = True
            return
        if fault:
            status, payload, headers = fault.status, fault.payload or {"error": "simulated failure"}, {}
            if fault.status == HTTPStatus.SERVICE_UNAVAILABLE:
                headers["Retry-After"] = "1"
        else:
            status, payload, headers = sim.dispatch(request)
        self._send(status, payload, headers)

    def _send(self, status, payload, headers):
        if isinstance(payload, (dict, list)):
            body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            content_type = "application/json; charset=utf-8"
        else:
            body = payload.encode("utf-8") if isinstance(payload, str) else (payload or b"")
            content_type = headers.pop("Content-Type", "text/plain; charset=utf-8")
        self.send_response(int(status))
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle
