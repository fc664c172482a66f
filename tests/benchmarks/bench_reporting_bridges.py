# Benchmark: the dashboards of the reporting bridges (telmico_reporting_callcenter, telmico_reporting_mailing) on
# a large call log and many mailing traces.
#
#   BENCH_CALLS=1000000 BENCH_TRACES=1000000 \
#       tools/odoo shell -d <throw-away db with both bridges installed> --no-http \
#       < tests/benchmarks/bench_reporting_bridges.py
#
# Adds by SQL (generate_series, committed in batches) BENCH_CALLS calls over a year (70 % answered, 15 %
# abandoned, 10 % missed, 5 % outbound; 40 agents) and BENCH_TRACES mailing traces over a year (SMS, e-mail and
# personal cabinet; delivered, opened, bounced, refused), then times as a reporting manager each pivot of the two
# dashboards over the last 30 days (the dashboards' default period is the last month) and over the year: best of
# three runs, server side (ORM call and SQL), with the load average of the machine beside each figure. The
# reference is a plain read_group on the base table (telmico.call, mailing.trace) in the same run.
# Never run by `make test`; use a throw-away database.
# ruff: noqa: F821  (`env` is provided by odoo shell)
import base64
import json
import os
import time
from datetime import datetime, timedelta

from odoo.tools import SQL

n_calls = int(os.environ.get("BENCH_CALLS", "1000000"))
n_traces = int(os.environ.get("BENCH_TRACES", "1000000"))
BATCH = 250000
YEAR_SECONDS = 365 * 24 * 3600
cr = env.cr


def count(table):
    cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
    return cr.fetchone()[0]


def generate(table, target, insert):
    have = count(table)
    t = time.time()
    for start in range(have, target, BATCH):
        cr.execute(insert(start + 1, min(start + BATCH, target)))
        cr.commit()
    if target > have:
        print(f"{table}: {target - have} rows added in {time.time() - t:.0f}s")


Users = env["res.users"].with_context(no_reset_password=True, mail_create_nolog=True, tracking_disable=True)
group = env.ref("telmico_callcenter.group_callcenter_user")
missing = 40 - len(group.users)
if missing > 0:
    Users.create(
        [
            {"name": f"Bench agent {i}", "login": f"bench_cc_agent_{i}", "groups_id": [(4, group.id)]}
            for i in range(missing)
        ]
    )
manager = env["res.users"].search([("login", "=", "bench_rep_manager")]) or Users.create(
    {
        "name": "Bench manager",
        "login": "bench_rep_manager",
        "groups_id": [(4, env.ref("telmico_reporting.group_reporting_manager").id)],
    }
)
connection = env["telmico.callcenter.connection"].search([], limit=1) or env["telmico.callcenter.connection"].create(
    {"name": "Bench"}
)
client = env["res.partner"].search([("name", "=", "Bench client")], limit=1) or env["res.partner"].create(
    {"name": "Bench client"}
)
cr.commit()
agents = group.users.sorted("id").ids[:40]

generate(
    "telmico_call",
    n_calls,
    lambda a, b: SQL(
        """INSERT INTO telmico_call (name, connection_id, company_id, direction, user_id, date_ringing, date_answered,
                                     date_ended, missed_reported, wait_seconds, talk_seconds, disposition, state,
                                     create_date, write_date)
           SELECT 'bench-' || g, %(connection)s, %(company)s,
                  CASE WHEN mod(g, 20) = 0 THEN 'outgoing' ELSE 'incoming' END,
                  CASE WHEN outcome = 'answered' THEN %(agents)s[1 + mod(g, %(n_agents)s)] END,
                  ringing,
                  CASE WHEN outcome = 'answered' THEN ringing + wait * interval '1 second' END,
                  CASE WHEN outcome != 'missed' THEN ringing + (wait + talk) * interval '1 second' END,
                  outcome = 'missed', wait, CASE WHEN outcome = 'answered' THEN talk ELSE 0 END, outcome, 'done',
                  ringing, ringing
             FROM (
               SELECT g, now() AT TIME ZONE 'UTC' - (g::bigint * %(span)s / %(n)s) * interval '1 second' AS ringing,
                      CASE WHEN mod(g, 20) < 14 THEN 'answered' WHEN mod(g, 20) < 17 THEN 'abandoned'
                           WHEN mod(g, 20) < 19 THEN 'missed' ELSE 'answered' END AS outcome,
                      mod(g * 7, 60) AS wait, 30 + mod(g * 13, 600) AS talk
                 FROM generate_series(%(a)s, %(b)s) g
             ) s""",
        connection=connection.id,
        company=env.company.id,
        agents=SQL("(%s::int[])", agents),
        n_agents=len(agents),
        span=YEAR_SECONDS,
        n=n_calls,
        a=a,
        b=b,
    ),
)
generate(
    "mailing_trace",
    n_traces,
    lambda a, b: SQL(
        """INSERT INTO mailing_trace (model, res_id, trace_type, trace_status, create_date, write_date)
           SELECT 'res.partner', %(client)s, CASE WHEN mod(g, 3) = 0 THEN 'mail' ELSE 'sms' END,
                  (ARRAY['sent', 'sent', 'sent', 'open', 'pending', 'bounce', 'error', 'sent'])[1 + mod(g, 8)],
                  now() AT TIME ZONE 'UTC' - (g::bigint * %(span)s / %(n)s) * interval '1 second',
                  now() AT TIME ZONE 'UTC'
             FROM generate_series(%(a)s, %(b)s) g""",
        client=client.id,
        span=YEAR_SECONDS,
        n=n_traces,
        a=a,
        b=b,
    ),
)
for table in ("telmico_call", "mailing_trace"):
    cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
cr.commit()
print(f"calls {count('telmico_call')}, mailing traces {count('mailing_trace')}")

menv = env(user=manager, context=dict(env.context, tz="Asia/Tbilisi"))


def best(fn, runs=3):
    times = []
    for _ in range(runs):
        menv.invalidate_all()
        t = time.time()
        fn()
        times.append((time.time() - t) * 1000)
    return min(times)


def load():
    return f"load {os.getloadavg()[0]:.1f}"


def pivots(xmlid, date_field):
    data = json.loads(base64.b64decode(env.ref(xmlid).spreadsheet_binary_data))
    for pivot in data["pivots"].values():
        Model = menv[pivot["model"]]
        measures = [
            "__count" if m["fieldName"] == "__count" else f"{m['fieldName']}:{Model._fields[m['fieldName']].aggregator}"
            for m in pivot["measures"]
        ]
        rows = [row["fieldName"] for row in pivot["rows"]]
        yield (
            pivot["name"],
            lambda since, Model=Model, pivot=pivot, rows=rows, measures=measures: Model._read_group(
                [*pivot["domain"], (date_field, ">=", since)], rows, measures
            ),
        )


now = datetime.utcnow()
periods = (("last 30 days", now - timedelta(days=30)), ("last 365 days", now - timedelta(days=365)))
print(f"\n{'pivot':45} {'period':14} {'dashboard':>10} {'reference':>10}")
for xmlid, date_field, base, base_date in (
    ("telmico_reporting_callcenter.spreadsheet_dashboard_callcenter", "date_ringing", "telmico.call", "date_ringing"),
    ("telmico_reporting_mailing.spreadsheet_dashboard_mailing", "date", "mailing.trace", "create_date"),
):
    for label, since in periods:

        def reference(since=since, base=base, base_date=base_date):
            return menv[base].sudo()._read_group([(base_date, ">=", since)], [], ["__count"])

        ref = best(reference)
        for name, fn in pivots(xmlid, date_field):
            print(
                f"{name:45} {label:14} {best(lambda fn=fn, since=since: fn(since)):>7.0f} ms {ref:>7.0f} ms  ({load()})"
            )
cr.rollback()
