# Benchmark: initial load of the billing mirror from CSV exports, and client search.
#
#   BENCH_SUBSCRIBERS=700000 tools/odoo shell -d <db with telmico_client_card> --no-http < tests/benchmarks/bench_billing_load.py
#
# Generates the CSV exports with the demo generator (streamed to .local/bench/), loads
# subscribers, charges, payments and receipts through the billing connector's file import (the
# path of the initial load: batched upserts, one commit per 1000 rows), loads them a
# second time (idempotency: nothing may change), then times client look-ups. Prints
# figures; never run by `make test`. The database gets the data: use a throw-away one.
# ruff: noqa: F821  (`env` is provided by odoo shell)
import os
import time
from pathlib import Path

from odoo.addons.telmico_demo.tools import demo_data

n_subscribers = int(os.environ.get("BENCH_SUBSCRIBERS", "700000"))
size = round(n_subscribers * demo_data.CLIENTS_PER_SUBSCRIBER)
out = Path(os.environ.get("TELMICO_ROOT", ".")) / ".local" / "bench"
out.mkdir(parents=True, exist_ok=True)
prefix = f"{out}/bench_{n_subscribers}_"

t0 = time.time()
if not Path(f"{prefix}receipts.csv").exists():
    counts = demo_data.write_csv(prefix, size)
    print(f"CSV export written: {counts} in {time.time() - t0:.0f}s")

backend = env.ref("telmico_client_card.billing_backend_main").with_context(telmico_billing_sync=True)


def load(kind):
    t = time.time()
    with open(f"{prefix}{kind}.csv", encoding="utf-8") as f:
        run = backend._import_csv(f, kind, commit=True)
    elapsed = time.time() - t
    rate = run.received_count / elapsed if elapsed else 0
    print(
        f"{kind:12s} received {run.received_count:>9} created {run.created_count:>9} updated {run.updated_count:>9} "
        f"unchanged {run.unchanged_count:>9} errors {run.error_count:>5}  {elapsed:7.1f}s  {rate:8.0f} rows/s"
    )
    return elapsed


print(f"--- first load of {n_subscribers} subscribers")
total = sum(load(kind) for kind in ("subscribers", "charges", "payments", "receipts"))
print(f"initial load total: {total:.0f}s")
print("--- second load of the same files (idempotency)")
load("subscribers")
env.cr.execute("SELECT count(*) FROM telmico_subscriber")
print("subscribers in the mirror:", env.cr.fetchone()[0])

print("--- client search (subscriber side), 200 look-ups each")
Partner = env["res.partner"]
for label, make_text in (
    ("subscriber number", lambda i: demo_data.subscriber_number(i * 3001 % n_subscribers)),
    ("meter number", lambda i: demo_data.subscriber(i * 3001 % n_subscribers)["meters"][0]),
    ("address words", lambda i: "ვაჟა-ფშაველას 1" + str(i % 9)),
):
    texts = [make_text(i) for i in range(200)]
    t = time.time()
    for text in texts:
        Partner.search([("client_search", "ilike", text)], limit=80)
    print(f"{label:18s} {(time.time() - t) / len(texts) * 1000:7.1f} ms per search")
