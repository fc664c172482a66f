"""Benchmark: the REST API (telmico_api) against Odoo's JSON-RPC, same server, same user, same operations.

    .venv/bin/python tests/benchmarks/bench_api.py --db <database with telmico_api and data> [--creates 200]
        [--reads 300] [--port 8179]

Starts Odoo on the database (threaded server, no cron), makes an API key and a password for the administrator
(``odoo shell``), then, one call after the other from this process over HTTP on 127.0.0.1:

- create: a request with a client, channel phone — ``POST /api/v1/requests`` (with an ``Idempotency-Key``) against
  ``execute_kw(telmico.request, create)`` with the same values: requests per second;
- list: the 50 oldest new requests — ``GET /api/v1/requests?state=new&limit=50`` against ``search_read`` of the same
  fields the API answers (client, team, assignee names, subscriber numbers, services through a second read);
- read: one request by id — ``GET /api/v1/requests/{id}`` against ``read`` of those fields (and its services);

p50 / p95 in milliseconds of each, wall clock on the client side (HTTP included). The database gets the created
requests: use a throw-away one (e.g. the one tests/benchmarks/bench_reporting.py filled). Never run by `make test`.
"""

import argparse
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIELDS = [
    "name",
    "subject",
    "description",
    "state",
    "priority",
    "channel",
    "partner_id",
    "team_id",
    "user_id",
    "subscriber_ids",
    "service_ids",
    "sla_state",
    "date_registered",
    "create_date",
    "write_date",
]
SETUP = """
key = env["telmico.api.key"]._generate({"name": "bench", "user_id": env.ref("base.user_admin").id, "rate_limit": 0})[1]
env.ref("base.user_admin").password = %r
env.cr.execute("SELECT DISTINCT partner_id FROM telmico_request WHERE partner_id IS NOT NULL LIMIT 2000")
clients = [row[0] for row in env.cr.fetchall()]
env.cr.execute("UPDATE res_partner SET is_client = true WHERE id = ANY(%%s) AND is_client IS NOT TRUE", [clients])
env.cr.execute("SELECT id FROM telmico_request WHERE state = 'new' ORDER BY id DESC LIMIT 2000")
reads = [row[0] for row in env.cr.fetchall()]
env.cr.commit()
print("BENCH", json.dumps({"key": key, "clients": clients, "reads": reads}))
"""


def http(method, url, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    if data is not None:
        request.add_header("Content-Type", "application/json")
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            payload = json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{method} {url}: HTTP {error.code} {error.read()[:300]!r}") from error
    return (time.perf_counter() - start) * 1000, payload


def percentiles(times):
    times = sorted(times)
    return f"p50 {statistics.median(times):7.1f} ms   p95 {times[int(len(times) * 0.95) - 1]:7.1f} ms"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", type=int, default=8179)
    parser.add_argument("--creates", type=int, default=200)
    parser.add_argument("--reads", type=int, default=300)
    opts = parser.parse_args()
    password = secrets.token_urlsafe(16)
    odoo_bin = str(ROOT / "tools" / "odoo")
    odoo = ["-d", opts.db, f"--db-filter=^{opts.db}$"]
    shell = subprocess.run(
        [odoo_bin, "shell", *odoo, "--no-http"],
        input="import json\n" + SETUP % password,
        capture_output=True,
        text=True,
        check=False,
    )
    line = next((x for x in shell.stdout.splitlines() if x.startswith("BENCH ")), None)
    if not line:
        raise SystemExit(f"set-up failed:\n{shell.stdout[-2000:]}\n{shell.stderr[-3000:]}")
    data = json.loads(line[6:])
    server = subprocess.Popen(
        [
            odoo_bin,
            *odoo,
            f"--http-port={opts.port}",
            f"--gevent-port={opts.port + 1}",
            "--workers=0",
            "--max-cron-threads=0",
            "--log-level=warn",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{opts.port}"
    try:
        for _attempt in range(120):
            try:
                urllib.request.urlopen(f"{base}/web/login", timeout=5)
                break
            except (urllib.error.URLError, OSError):
                time.sleep(1)
        api = {"Authorization": f"Bearer {data['key']}"}
        _ms, uid = http(
            "POST",
            f"{base}/jsonrpc",
            {
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"service": "common", "method": "login", "args": [opts.db, "admin", password]},
            },
        )
        uid = uid["result"]

        def rpc(model, method, args, kwargs=None):
            ms, answer = http(
                "POST",
                f"{base}/jsonrpc",
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "service": "object",
                        "method": "execute_kw",
                        "args": [opts.db, uid, password, model, method, args, kwargs or {}],
                    },
                },
            )
            if "error" in answer:
                raise SystemExit(f"JSON-RPC {model}.{method}: {answer['error']}")
            return ms, answer["result"]

        rng = random.Random(7)
        # warm both paths up (registry, caches, the FastAPI app)
        http("GET", f"{base}/api/v1/requests?limit=1", headers=api)
        rpc("telmico.request", "search_read", [[]], {"fields": FIELDS, "limit": 1})
        figures = {}
        for side in ("api", "jsonrpc"):
            times, start = [], time.perf_counter()
            for index in range(opts.creates):
                client = rng.choice(data["clients"])
                subject = f"სატესტო მომართვა {side} {index}"
                if side == "api":
                    headers = dict(api, **{"Idempotency-Key": secrets.token_hex(8)})
                    body = {"subject": subject, "client_id": client, "channel": "phone"}
                    ms, _answer = http("POST", f"{base}/api/v1/requests", body, headers)
                else:
                    ms, _answer = rpc(
                        "telmico.request", "create", [{"subject": subject, "partner_id": client, "channel": "phone"}]
                    )
                times.append(ms)
            figures[(side, "create")] = (opts.creates / (time.perf_counter() - start), times)
            times = []
            for _index in range(opts.reads // 3):
                if side == "api":
                    ms, _page = http("GET", f"{base}/api/v1/requests?state=new&limit=50", headers=api)
                else:
                    ms, rows = rpc(
                        "telmico.request",
                        "search_read",
                        [[("state", "=", "new")]],
                        {"fields": FIELDS, "limit": 50, "order": "id"},
                    )
                    services = [sid for row in rows for sid in row["service_ids"]]
                    ms += rpc("telmico.service", "read", [services], {"fields": ["template_id", "state"]})[0]
                times.append(ms)
            figures[(side, "list")] = (None, times)
            times = []
            for request_id in rng.sample(data["reads"], min(opts.reads, len(data["reads"]))):
                if side == "api":
                    ms, _one = http("GET", f"{base}/api/v1/requests/{request_id}", headers=api)
                else:
                    ms, (row,) = rpc("telmico.request", "read", [[request_id]], {"fields": FIELDS})
                    ms += rpc("telmico.service", "read", [row["service_ids"]], {"fields": ["template_id", "state"]})[0]
                times.append(ms)
            figures[(side, "read")] = (None, times)
    finally:
        server.terminate()
        server.wait(timeout=60)
    print(f"database {opts.db}, one client process, Odoo threaded on 127.0.0.1 (load average {os.getloadavg()[0]:.1f})")
    for operation in ("create", "list", "read"):
        for side, label in (("api", "REST API  "), ("jsonrpc", "JSON-RPC  ")):
            rate, times = figures[(side, operation)]
            extra = f"   {rate:6.1f} requests/s" if rate else ""
            print(f"{operation:6} {label} {percentiles(times)}{extra}   ({len(times)} calls)")


if __name__ == "__main__":
    sys.exit(main())
