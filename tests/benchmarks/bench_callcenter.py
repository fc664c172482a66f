# Benchmark: the telephony endpoints' work on a large client base — the client look-up and a busy hour of events.
#
#   BENCH_CLIENTS=20000 tools/odoo shell -d <throw-away db with telmico_demo and telmico_callcenter> --no-http \
#       < tests/benchmarks/bench_callcenter.py
#
# BENCH_CLIENTS (default 20000): when the database has no client yet, the demo generator creates that many (one
# commit per 1000). Then, inside one transaction rolled back at the end:
# 1. look-up: BENCH_LOOKUPS (default 200) numbers of random clients, typed in national format, go through what
#    GET /telmico/callcenter/<id>/lookup runs (normalisation, the indexed phone search, debt, subscribers, open
#    requests): p50 / p95 / max in ms, and the unknown-number case;
# 2. busy hour: BENCH_CALLS (default 600) calls of random clients (70 % answered, 15 % abandoned, 10 % missed,
#    5 % transferred) to BENCH_AGENTS (default 40) agents, every event parsed and applied as the endpoint does
#    (``parse_event`` + ``telmico.call._receive_event``): events per second, and the server-side screen-pop latency
#    (a ringing event received → its bus message queued) p50 / p95 / max. HTTP and the signature check are not in
#    these figures (the tests cover them; they add a few ms per request).
# Never run by `make test`; the database gets the clients: use a throw-away one.
# ruff: noqa: F821  (`env` is provided by odoo shell)
import os
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from odoo.addons.telmico_callcenter.tools.call_event import parse_event
from odoo.addons.telmico_client_card.tools.phone import normalize_phone
from odoo.addons.telmico_demo.generators.clients import ClientsDemo
from odoo.tools import SQL
from simulators.telephony import OUTCOMES, TelephonySimulator

size = int(os.environ.get("BENCH_CLIENTS", "20000"))
n_lookups = int(os.environ.get("BENCH_LOOKUPS", "200"))
n_calls = int(os.environ.get("BENCH_CALLS", "600"))
n_agents = int(os.environ.get("BENCH_AGENTS", "40"))

env.cr.execute("SELECT count(*) FROM res_partner WHERE is_client")
n_clients = env.cr.fetchone()[0]
if not n_clients:
    t0 = time.time()
    stats = ClientsDemo(env)._generate(size=size, commit=True)
    env.cr.commit()
    print(f"generated {stats} in {time.time() - t0:.0f}s")
    env.cr.execute("SELECT count(*) FROM res_partner WHERE is_client")
    n_clients = env.cr.fetchone()[0]
env.cr.execute("ANALYZE res_partner")
rng = random.Random(20261130)
env.cr.execute(
    SQL("SELECT mobile FROM res_partner WHERE is_client AND mobile IS NOT NULL ORDER BY random() LIMIT %s", n_calls)
)
numbers = [row[0] for row in env.cr.fetchall()]
print(f"--- {n_clients} clients; {n_lookups} look-ups; {n_calls} calls to {n_agents} agents")


def figures(times):
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return f"p50 {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  max {times[-1]:6.1f} ms"


Call = env["telmico.call"]
lookup_times, found = [], []
for number in (numbers * (n_lookups // max(len(numbers), 1) + 1))[:n_lookups]:
    text = f"{number[4:7]} {number[7:9]} {number[9:11]} {number[11:]}"  # 599 12 34 56
    t = time.perf_counter()
    clients = Call._clients_by_number(normalize_phone(text))
    Call._clients_info(clients, "")
    lookup_times.append((time.perf_counter() - t) * 1000)
    found.append(len(clients))
print(f"look-up, known numbers   : {figures(lookup_times)}  clients found {statistics.mean(found):.2f} on average")
unknown_times = []
for index in range(50):
    t = time.perf_counter()
    Call._clients_info(Call._clients_by_number(f"+99557{index:07d}"), "")
    unknown_times.append((time.perf_counter() - t) * 1000)
print(f"look-up, unknown numbers : {figures(unknown_times)}")

connection = env["telmico.callcenter.connection"].create({"name": "bench"})
agents = env["res.users"].create(
    [
        {
            "name": f"ოპერატორი {index}",
            "login": f"bench_callcenter_agent_{index}",
            "telmico_extension": f"9{index:03d}",
            "groups_id": [(4, env.ref("telmico_callcenter.group_callcenter_user").id)],
        }
        for index in range(n_agents)
    ]
)
start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
events = []
for index in range(n_calls):
    events += TelephonySimulator.call(
        f"bench-{index}",
        caller=rng.choice(numbers),
        extension=f"9{rng.randrange(n_agents):03d}",
        transfer_to=f"9{rng.randrange(n_agents):03d}",
        outcome=rng.choices(OUTCOMES, weights=(70, 10, 15, 5))[0],
        start=start + timedelta(seconds=index * 3600 // n_calls),
        ivr_choice=str(rng.randint(1, 4)),
    )
events.sort(key=lambda event: event["timestamp"])
pop_times = []
t0 = time.perf_counter()
for payload in events:
    t = time.perf_counter()
    Call._receive_event(connection, parse_event(payload), payload)
    if payload["event"] == "ringing":
        pop_times.append((time.perf_counter() - t) * 1000)
env.flush_all()
elapsed = time.perf_counter() - t0
print(f"busy hour: {len(events)} events in {elapsed:.1f} s = {len(events) / elapsed:.0f} events/s")
print(f"screen pop (ringing received → bus message queued): {figures(pop_times)}")
env.cr.execute(
    SQL("SELECT disposition, count(*) FROM telmico_call WHERE connection_id = %s GROUP BY 1 ORDER BY 1", connection.id)
)
print("calls:", dict(env.cr.fetchall()), "callbacks:", env["telmico.callback"].search_count([]))
env.cr.rollback()
