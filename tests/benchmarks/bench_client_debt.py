# Benchmark: the client's stored debt after a billing push, and audiences filtering on it, on a large mirror.
#
#   BENCH_CLIENTS=200000 tools/odoo shell -d <throw-away db with telmico_mailing> --no-http \
#       < tests/benchmarks/bench_client_debt.py
#
# Adds subscribers, clients and owner links by SQL until there are BENCH_CLIENTS clients with one subscriber each
# (10 districts, debts from 0 to 300 GEL), fills their stored debt in one statement and analyses the tables. Then:
# a billing push changing the balance of PUSH records (default 5 000, applied in the connector's batches) is timed
# with the flush that recomputes the clients' debts, with the number of queries; and an audience (debt above 50 in
# one district, and debt above 250) is counted as a mailing user: median of 5 runs and whether the plan uses the
# debt index. Never run by `make test`; the database keeps the rows (committed): use a throw-away one.
# ruff: noqa: F821  (`env` is provided by odoo shell)
import os
import statistics
import time
from datetime import UTC, datetime

from odoo.sql_db import Cursor
from odoo.tools import SQL

n_clients = int(os.environ.get("BENCH_CLIENTS", "200000"))
n_push = int(os.environ.get("BENCH_PUSH", "5000"))
cr = env.cr
owner = env.ref("telmico_client_card.link_role_owner").id


def count_bench_clients():
    cr.execute("SELECT count(*) FROM res_partner WHERE ref LIKE 'bench-%'")
    return cr.fetchone()[0]


existing = count_bench_clients()
if existing < n_clients:
    t = time.time()
    params = {"first": existing + 1, "last": n_clients, "owner": owner}
    cr.execute(
        SQL(
            """INSERT INTO telmico_subscriber (number, name, status, district, tariff, balance, debt,
                                               billing_updated_at, create_date, write_date)
               SELECT '8' || lpad(g::text, 9, '0'), 'Bench ' || g, 'active', 'district ' || mod(g, 10),
                      'RES-' || (mod(g, 3) + 1), mod(g * 7, 301), mod(g * 7, 301),
                      '2026-01-01', now(), now()
                 FROM generate_series(%(first)s, %(last)s) g""",
            **params,
        )
    )
    cr.execute(
        SQL(
            """INSERT INTO res_partner (name, ref, is_client, active, consent_sms, type, create_date, write_date)
               SELECT 'Bench client ' || g, 'bench-' || g, true, true, mod(g, 2) = 0, 'contact', now(), now()
                 FROM generate_series(%(first)s, %(last)s) g""",
            **params,
        )
    )
    cr.execute(
        SQL(
            """INSERT INTO telmico_subscriber_link (partner_id, subscriber_id, role_id, sequence, create_date, write_date)
               SELECT p.id, s.id, %(owner)s, 10, now(), now()
                 FROM res_partner p JOIN telmico_subscriber s ON s.number = '8' || lpad(substr(p.ref, 7), 9, '0')
                WHERE p.ref LIKE %(pattern)s AND substr(p.ref, 7)::int BETWEEN %(first)s AND %(last)s""",
            pattern="bench-%",
            **params,
        )
    )
    cr.execute(
        """UPDATE res_partner p SET total_debt = s.debt
             FROM telmico_subscriber_link l JOIN telmico_subscriber s ON s.id = l.subscriber_id
            WHERE l.partner_id = p.id AND p.ref LIKE 'bench-%'"""
    )
    cr.execute("ANALYZE telmico_subscriber; ANALYZE res_partner; ANALYZE telmico_subscriber_link")
    cr.commit()
    print(f"added {n_clients - existing} clients with a subscriber each in {time.time() - t:.1f} s")
print(f"bench clients: {count_bench_clients()}")

# --- a billing push changing n_push balances
# newer than the mirrored version (each run pushes the current time), balances differing from run to run
updated_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
rounds = int(time.time()) % 1000
records = [
    {
        "number": "8" + str(i).zfill(9),
        "holder_name": f"Bench {i}",
        "balance": f"{(i * 13 + rounds) % 301}.00",
        "tariff": f"RES-{i % 3 + 1}",
        "address": {"district": f"district {i % 10}"},
        "updated_at": updated_at,
    }
    for i in range(1, min(n_push, n_clients) + 1)
]
backend = env.ref("telmico_client_card.billing_backend_main").with_context(telmico_billing_sync=True)
run = env["telmico.billing.sync.run"].create({"backend_id": backend.id, "kind": "push"})
queries = {"n": 0}
original_execute = Cursor.execute


def counting_execute(self, *args, **kwargs):
    queries["n"] += 1
    return original_execute(self, *args, **kwargs)


Cursor.execute = counting_execute
recompute = {"calls": 0, "clients": 0, "seconds": 0.0}
Partner = type(env["res.partner"])
original_compute = Partner._compute_total_debt


def timed_compute(partners):
    t = time.perf_counter()
    original_compute(partners)
    recompute["calls"] += 1
    recompute["clients"] += len(partners)
    recompute["seconds"] += time.perf_counter() - t


Partner._compute_total_debt = timed_compute
start = time.perf_counter()
stats = backend._apply_subscriber_records(records, run)
env.flush_all()
elapsed = time.perf_counter() - start
Cursor.execute = original_execute
Partner._compute_total_debt = original_compute
cr.execute(
    """SELECT count(*) FROM res_partner p JOIN telmico_subscriber_link l ON l.partner_id = p.id
         JOIN telmico_subscriber s ON s.id = l.subscriber_id
        WHERE p.ref LIKE 'bench-%' AND p.total_debt IS DISTINCT FROM s.debt"""
)
stale = cr.fetchone()[0]
cr.commit()
print(
    f"push of {len(records)} records (updated {stats['updated']}): {elapsed:.2f} s, {queries['n']} queries; "
    f"the clients' debts recomputed in {recompute['calls']} call(s) for {recompute['clients']} clients, "
    f"{recompute['seconds']:.2f} s; clients with a stale debt: {stale}"
)

# --- audiences on the stored debt, as a mailing user
user = env["res.users"].search([("groups_id", "in", env.ref("telmico_mailing.group_mailing_user").id)], limit=1)
Audience = env["telmico.mailing.audience"].with_user(user) if user else env["telmico.mailing.audience"]
Partner = env["res.partner"].with_user(user) if user else env["res.partner"]
for label, values in (
    ("debt above 50 in district 3", {"min_debt": 50, "districts": "district 3"}),
    ("debt above 250", {"min_debt": 250}),
    ("debt above 250, SMS consent", {"min_debt": 250, "consent_sms": True}),
):
    audience = Audience.new({"name": label, **values})
    domain = audience._get_domain()
    runs = []
    for _ in range(5):
        env.invalidate_all()
        t = time.perf_counter()
        total = Partner.search_count(domain)
        runs.append(time.perf_counter() - t)
    query = Partner._search(domain)
    cr.execute(SQL("EXPLAIN %s", query.select(SQL("count(*)"))))
    plan = "\n".join(row[0] for row in cr.fetchall())
    print(
        f"{label}: {total} clients, median {statistics.median(runs) * 1000:.0f} ms, "
        f"debt index used: {'res_partner__total_debt_index' in plan}"
    )
