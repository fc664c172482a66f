# Benchmark: the client search (res.partner.name_search, limit 8) beside the query stock Odoo would run.
#
#   BENCH_CLIENTS=200000 tools/odoo shell -d <throw-away db with telmico_demo> --no-http < tests/benchmarks/bench_client_search.py
#
# BENCH_CLIENTS (the size, default 200000): when the database has no client yet, the demo
# generator creates that many clients with their billing subscribers and links (one commit
# per 1000; 200 000 clients take about an hour on 2 cores; for a million, fill the database first with
# tests/benchmarks/client_search_data.py, which takes minutes). Then, for each kind of query, it
# draws BENCH_QUERIES (default 30) random texts from the data (seeded: the same texts on the
# same data) and times, one after the other, ours — ``res.partner.name_search(text, limit=8)``
# as the administrator, what every many2one look-up runs — and the stock-style query: ILIKE on
# core's five ``_rec_names_search`` fields ordered by ``complete_name``, the search stock
# Odoo's name_search would run (through the ORM as well, same user). A first pass over
# other texts warms the caches. Prints p50 / p95 / max in ms and how many contacts each found
# on average, the mean CPU time per query (this process and its PostgreSQL backend, read from /proc: load changes
# it little), and the load average (1 min) at the end of each kind: the machine is shared, compare the columns
# of one line rather than the absolute values. BENCH_KINDS (comma-separated start of the kinds' names) runs some
# kinds only. BENCH_EXPLAIN=1 prints the plan of the slowest query of each kind. Then the stock-style query
# again on the same texts with stock Odoo's indexes only (this addon's trigram indexes on core's five fields
# dropped inside the transaction) on the first BENCH_STOCK_QUERIES (default 5; 0 skips it) texts of each kind.
# Never run by `make test`; the database gets the data: use a throw-away one.
# ruff: noqa: F821  (`env` is provided by odoo shell)
import os
import random
import statistics
import time

from odoo import models
from odoo.addons.telmico_demo.generators.clients import ClientsDemo
from odoo.addons.telmico_demo.tools import demo_data
from odoo.exceptions import UserError
from odoo.tools import SQL

size = int(os.environ.get("BENCH_CLIENTS", "200000"))
n_queries = int(os.environ.get("BENCH_QUERIES", "30"))
explain = os.environ.get("BENCH_EXPLAIN") == "1"

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
env.cr.execute("SELECT count(*) FROM telmico_subscriber")
print(f"--- {n_clients} clients, {env.cr.fetchone()[0]} subscribers; {n_queries} queries of each kind")

rng = random.Random(20261122)


def sample(where, columns, count):
    """``count`` random clients' ``columns`` satisfying ``where`` (spread over the id range)."""
    env.cr.execute(SQL("SELECT min(id), max(id) FROM res_partner WHERE is_client"))
    low, high = env.cr.fetchone()
    rows = []
    while len(rows) < count:
        start = rng.randint(low, high)
        env.cr.execute(
            SQL(
                "SELECT %s FROM res_partner WHERE is_client AND id >= %s AND %s ORDER BY id LIMIT 1",
                SQL(", ").join(SQL.identifier(c) for c in columns),
                start,
                SQL(where),
            )
        )
        rows += env.cr.fetchall()
    return rows


def phone_text(number):
    national = number[4:]  # +995 599123456
    styles = (
        f"{national[:3]} {national[3:5]} {national[5:7]} {national[7:]}",
        f"+995 {national[:3]} {national[3:6]} {national[6:]}",
        f"({national[:3]}) {national[3:5]}-{national[5:7]}-{national[7:]}",
        national,
        "0" + national if not national.startswith("5") else number,
    )
    return rng.choice(styles)


def street_text(street):
    words = street.split()
    return f"{words[0]} {words[-1]}" if len(words) > 1 and words[-1][:1].isdigit() else street


def surname_slice():
    surname = rng.choice(demo_data.SURNAMES)
    start = rng.randint(0, max(0, len(surname) - 5))
    return surname[start : start + 5]


KINDS = {
    "phone (any format)": lambda n: [
        phone_text(r[0]) for r in sample("mobile IS NOT NULL OR phone IS NOT NULL", ["phone_sanitized"], n)
    ],
    "personal number": lambda n: [r[0] for r in sample("personal_number IS NOT NULL", ["personal_number"], n)],
    "subscriber number": lambda n: [
        demo_data.subscriber_number(rng.randrange(demo_data.subscriber_count(n_clients))) for _i in range(n)
    ],
    "e-mail": lambda n: [r[0] for r in sample("email IS NOT NULL", ["email"], n)],
    "surname": lambda n: [rng.choice(demo_data.SURNAMES) for _i in range(n)],
    "5 letters of a surname": lambda n: [surname_slice() for _i in range(n)],
    "first name + start of surname": lambda n: [
        f"{first} {last[: rng.randint(2, 4)]}"
        for first, last in sample("first_name IS NOT NULL AND last_name IS NOT NULL", ["first_name", "last_name"], n)
    ],
    "street + house number": lambda n: [street_text(r[0]) for r in sample("street IS NOT NULL", ["street"], n)],
}

Partner = env["res.partner"].with_user(env.ref("base.user_admin"))


def ours(text):
    return len(Partner.name_search(text, limit=8))


def stock(text):
    """Stock Odoo's name_search, step by step: ILIKE on the _rec_names_search fields, in complete_name order,
    then the display names (as BaseModel.name_search; ours is overridden on res.partner, so it is replayed here)."""
    domain = models.BaseModel._search_display_name(Partner, "ilike", text)
    records = Partner.search_fetch(domain, ["display_name"], limit=8)
    return len([(record.id, record.display_name) for record in records.sudo()])


env.cr.execute("SELECT pg_backend_pid()")
backend_stat = f"/proc/{env.cr.fetchone()[0]}/stat"
clock_ticks = os.sysconf("SC_CLK_TCK")


def cpu_ms():
    """CPU time used so far by this process and its PostgreSQL backend, in ms: others' load changes it little."""
    try:
        with open(backend_stat) as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        backend = (int(fields[11]) + int(fields[12])) / clock_ticks  # utime, stime
    except OSError:  # PostgreSQL on another machine: this process only
        backend = 0.0
    return (time.process_time() + backend) * 1000


def timed(function, text, cpu=None):
    env.invalidate_all()
    start_cpu = cpu_ms()
    t = time.perf_counter()
    found = function(text)
    elapsed = (time.perf_counter() - t) * 1000
    if cpu is not None:
        cpu.append(cpu_ms() - start_cpu)
    return elapsed, found


def figures(times):
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return f"{statistics.median(times):6.1f} {p95:6.1f} {times[-1]:6.1f}"


only = [k.strip() for k in os.environ.get("BENCH_KINDS", "").split(",") if k.strip()]
print(
    f"{'kind':31s} | {'ours p50    p95    max':22s} found | {'stock-style p50  p95  max':24s} found | load"
    " | CPU ms/query ours, stock-style (process + PostgreSQL backend)"
)
drawn = {}
for kind, make in KINDS.items():
    if only and not any(kind.startswith(k) for k in only):
        continue
    for text in make(5):  # warm-up, other texts
        ours(text), stock(text)
    texts = drawn[kind] = make(n_queries)
    ours_t, ours_n, ours_cpu, stock_t, stock_n, stock_cpu = [], [], [], [], [], []
    for i, text in enumerate(texts):
        runs = [(ours, ours_t, ours_n, ours_cpu), (stock, stock_t, stock_n, stock_cpu)]
        for function, times, found, cpu in runs if i % 2 else reversed(runs):
            elapsed, count = timed(function, text, cpu)
            times.append(elapsed)
            found.append(count)
    print(
        f"{kind:31s} | {figures(ours_t)}  {statistics.mean(ours_n):4.1f} | "
        f"{figures(stock_t)}    {statistics.mean(stock_n):4.1f} | {os.getloadavg()[0]:4.1f} | "
        f"{statistics.mean(ours_cpu):5.1f} {statistics.mean(stock_cpu):6.1f}"
    )
    if explain:
        slowest = texts[max(range(len(texts)), key=ours_t.__getitem__)]
        query = Partner._search([("display_name", "ilike", slowest)], limit=8, order="id desc")
        env.cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", query.select()))
        print(f"    slowest: {slowest!r}\n" + "\n".join("    " + row[0] for row in env.cr.fetchall()))

# The stock-style column above runs with the trigram indexes this addon adds on core's look-up fields. A stock
# database has none (btree on complete_name, ref, vat only): the same query there, on the same texts. The indexes
# are dropped inside the transaction, which is rolled back at the end.
n_stock = int(os.environ.get("BENCH_STOCK_QUERIES", "5"))  # each one scans the table: seconds
if n_stock:
    env.cr.execute(
        SQL(
            "DROP INDEX %s",
            SQL(", ").join(
                SQL.identifier(f"res_partner_{column}_trgm_idx")
                for column in ("complete_name", "email", "ref", "vat", "company_registry")
            ),
        )
    )
    print(
        f"--- stock-style query with stock Odoo's indexes only (no trigram index on its five fields), {n_stock} texts"
    )
    print(f"{'kind':31s} | {'stock p50    p95    max':22s} found")
    for kind, texts in drawn.items():
        stock_t, stock_n = [], []
        for text in texts[:n_stock]:
            elapsed, count = timed(stock, text)
            stock_t.append(elapsed)
            stock_n.append(count)
        print(f"{kind:31s} | {figures(stock_t)}  {statistics.mean(stock_n):4.1f}")

print("--- oversized input (19.1): 1 000 words, then 100 000 characters")
for text in (" ".join(rng.choice(demo_data.SURNAMES) for _i in range(1000)), "ა" * 100000):
    t = time.perf_counter()
    try:
        Partner.name_search(text, limit=8)
        outcome = "answered"
    except UserError as exc:
        outcome = f"refused: {exc}"
    print(f"{len(text):7d} characters: {(time.perf_counter() - t) * 1000:7.1f} ms, {outcome}")
env.cr.rollback()
