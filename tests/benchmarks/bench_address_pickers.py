# Benchmark: the registration's address pickers (district → street → building → apartment) on a large subscriber
# mirror.
#
#   BENCH_SUBSCRIBERS=700000 tools/odoo shell -d <throw-away db with telmico_desk> --no-http \
#       < tests/benchmarks/bench_address_pickers.py
#
# Adds subscribers by SQL until there are BENCH_SUBSCRIBERS (10 districts, 40 streets each, 150 buildings a street,
# up to 120 apartments a building, a quarter without an apartment, like Tbilisi's mirror), analyses the table, then
# as an agent times each picker's drop-down (telmico.subscriber.address_values) as the operator narrows the address,
# typed parts included, and the clients' look-up of a full address; prints for each the median time of 5 runs and the
# index the plan uses. Never run by `make test`; the database gets the rows (committed): use a throw-away one.
# ruff: noqa: F821  (`env` is provided by odoo shell)
import os
import re
import statistics
import time
from unittest.mock import patch

from odoo.sql_db import Cursor
from odoo.tools import SQL

n_subscribers = int(os.environ.get("BENCH_SUBSCRIBERS", "700000"))
cr = env.cr


def count():
    cr.execute("SELECT count(*) FROM telmico_subscriber")
    return cr.fetchone()[0]


missing = n_subscribers - count()
if missing > 0:
    t = time.time()
    cr.execute(
        SQL(
            """INSERT INTO telmico_subscriber (number, name, status, district, street, building, apartment, address,
                                               create_date, write_date)
               SELECT '9' || lpad(g::text, 9, '0'), 'Bench ' || g, 'active',
                      'district ' || mod(g, 10), 'street ' || mod(g, 10) || '-' || mod(g / 10, 40),
                      (mod(g / 400, 150) + 1)::text, CASE WHEN mod(g, 4) = 0 THEN NULL ELSE (mod(g / 60000, 120) + 1)::text END,
                      'bench address ' || g, now(), now()
                 FROM generate_series(%s, %s) g""",
            1,
            missing,
        )
    )
    cr.execute("ANALYZE telmico_subscriber")
    cr.commit()
    print(f"added {missing} subscribers in {time.time() - t:.1f} s")
print(f"subscribers: {count()}")

agent = env["res.users"].search([("groups_id", "in", env.ref("telmico_desk.group_desk_user").id)], limit=1)
Subscriber = env["telmico.subscriber"].with_user(agent)


def timed(label, call):
    runs = []
    for _ in range(5):
        env.invalidate_all()
        start = time.perf_counter()
        result = call()
        runs.append((time.perf_counter() - start) * 1000)
    print(f"{label:<58} {statistics.median(runs):8.1f} ms  {len(result) if hasattr(result, '__len__') else result}")
    return result


def explain(call):
    """The indexes (or sequential scans) of the last query on the subscribers that ``call`` runs."""
    queries = []
    execute = Cursor.execute

    def spy(self, query, params=None, log_exceptions=True):
        if "telmico_subscriber" in str(query):
            queries.append((query, params))
        return execute(self, query, params, log_exceptions)

    with patch.object(Cursor, "execute", spy):
        call()
    if not queries:
        return "no query (the level above is not picked)"
    query, params = queries[-1]
    if isinstance(query, SQL):
        query, params = query.code, query.params
    cr.execute(f"EXPLAIN {query}", params)
    plan = "\n".join(row[0] for row in cr.fetchall())
    found = sorted(
        set(re.findall(r"(?:Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\w+)", plan))
    )
    seq = "Seq Scan on telmico_subscriber" in plan
    return ", ".join(found) + (" + SEQUENTIAL SCAN" if seq else "")


district = "district 3"
street = "street 3-7"
building = "12"
cases = [
    ("district", {}, ""),
    ("district", {}, "3"),
    ("street", {"district": district}, ""),
    ("street", {"district": district}, "-7"),
    ("street", {}, "3-1"),
    ("building", {"district": district, "street": street}, ""),
    ("building", {"district": district}, ""),
    ("building", {"street": street}, ""),
    ("apartment", {"district": district, "street": street, "building": building}, ""),
    ("district", {"street": street}, ""),
]
for level, picked, term in cases:
    label = f"{level} | {', '.join(f'{k}={v}' for k, v in picked.items()) or '-'} | {term or '-'}"

    def call(level=level, picked=picked, term=term):
        return Subscriber.address_values(level, picked, term)

    timed(label, call)
    print(f"    {explain(call)}")

full = {"district": district, "street": street, "building": building, "apartment": "1"}


def at_address():
    return Subscriber.search(Subscriber._address_domain(full), limit=200)


timed("subscribers at a full address", at_address)
print(f"    {explain(at_address)}")
