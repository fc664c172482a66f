# Benchmark: the dashboards' widgets and the ready reports of telmico_reporting at Telmico's scale, each read from
# the pre-aggregated daily table and, beside it, by a live read_group over the requests.
#
#   BENCH_CLIENTS=1000000 BENCH_REQUESTS=5000000 BENCH_SERVICES=2000000 \
#       tools/odoo shell -d trp_bench --no-http < tests/benchmarks/bench_reporting.py
#
# On a database where telmico_reporting is installed (without demo), adds by SQL (generate_series, committed in
# batches) clients, requests spread over three years (3 % open, 2 % abandoned registrations, 2 % cancelled, the
# rest resolved or closed, 10 % of the SLAs breached; each agent in one team, phone and walk-in the main channels,
# three categories most of the requests) and services with deadlines (some overdue), over 10 teams,
# 150 agents, 8 categories and 6 departments; then counts the daily table (timed), refreshes one changed day and a
# changed week (timed), and times as a reporting manager every widget and report over the last 30 days (and a year
# for the volume by month): best of three runs, server side (ORM call, SQL and Python). The working hours of the
# generated requests are random figures, not counted on the calendar; the SQL-and-batches backfill of the
# installation is timed on BENCH_BACKFILL requests. Never run by `make test`; use a throw-away database.
#
# Every figure is printed with the load average of the machine at that moment (other developers' jobs run beside):
# compare a figure with the reference measured in the same run, not with another run's.
# ruff: noqa: F821  (`env` is provided by odoo shell)
import os
import time
from datetime import date, datetime, timedelta

from odoo.addons.telmico_reporting.hooks import _backfill_work_hours
from odoo.tools import SQL

n_clients = int(os.environ.get("BENCH_CLIENTS", "1000000"))
n_requests = int(os.environ.get("BENCH_REQUESTS", "5000000"))
n_services = int(os.environ.get("BENCH_SERVICES", "2000000"))
n_backfill = int(os.environ.get("BENCH_BACKFILL", "100000"))
BATCH = 250000
YEARS_MINUTES = 3 * 365 * 24 * 60
cr = env.cr


def count(table):
    cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
    return cr.fetchone()[0]


def ids(query):
    cr.execute(query)
    return [row[0] for row in cr.fetchall()]


def pick(array, salt=1):
    """SQL choosing an element of ``array`` (ids) for the series' g."""
    return SQL("(%s::int[])[1 + mod(g::bigint * %s, %s)]", array, 7919 * salt, len(array))


def generate(table, target, insert):
    """Rows added by ``insert`` (SQL with %(a)s / %(b)s bounds of the series) until ``table`` has ``target`` rows."""
    have = count(table)
    t = time.time()
    for start in range(have, target, BATCH):
        cr.execute(insert(start + 1, min(start + BATCH, target)))
        cr.commit()
    if target > have:
        print(f"{table}: {target - have} rows added in {time.time() - t:.0f}s")


def ensure_setup():
    """Staff (150 agents in 10 teams), 8 categories, 6 departments, 5 templates and a reporting manager."""
    group = env.ref("telmico_desk.group_desk_user")
    Users = env["res.users"].with_context(no_reset_password=True, mail_create_nolog=True, tracking_disable=True)
    missing = 150 - len(group.users)
    if missing > 0:
        Users.create(
            [
                {"name": f"Bench agent {i}", "login": f"bench_agent_{i}", "groups_id": [(4, group.id)]}
                for i in range(missing)
            ]
        )
    Team = env["telmico.desk.team"].with_context(mail_create_nolog=True, tracking_disable=True)
    agents = group.users.sorted("id")
    for i in range(Team.search_count([]), 10):
        Team.create({"name": f"Bench team {i}", "member_ids": [(6, 0, agents[i::10].ids)]})
    for model, total, values in (
        ("telmico.request.category", 8, lambda i: {"name": f"Bench category {i}"}),
        ("telmico.service.department", 6, lambda i: {"name": f"Bench department {i}"}),
        ("telmico.service.template", 5, lambda i: {"name": f"Bench template {i}", "kind": "simple"}),
    ):
        Model = env[model].with_context(mail_create_nolog=True, tracking_disable=True)
        for i in range(Model.search_count([]), total):
            Model.create(values(i))
    if not env["res.users"].search([("login", "=", "bench_manager")]):
        Users.create(
            {
                "name": "Bench manager",
                "login": "bench_manager",
                "groups_id": [(4, env.ref("telmico_reporting.group_reporting_manager").id)],
            }
        )
    cr.commit()


ensure_setup()
agents = ids(
    SQL(
        "SELECT uid FROM res_groups_users_rel WHERE gid = %s ORDER BY uid",
        env.ref("telmico_desk.group_desk_user").id,
    )
)
teams = ids(SQL("SELECT id FROM telmico_desk_team ORDER BY id"))
categories = ids(SQL("SELECT id FROM telmico_request_category ORDER BY id"))
departments = ids(SQL("SELECT id FROM telmico_service_department ORDER BY id"))
templates = ids(SQL("SELECT id FROM telmico_service_template ORDER BY id"))
company = env.company.id

generate(
    "res_partner",
    n_clients,
    lambda a, b: SQL(
        """INSERT INTO res_partner (id, commercial_partner_id, name, complete_name, type, active, is_company,
                                    company_id, create_date, write_date, total_debt)
           SELECT i, i, 'Bench client ' || g, 'Bench client ' || g, 'contact', true, false, NULL,
                  now() AT TIME ZONE 'UTC' - (g::bigint * %(span)s / %(n)s) * interval '1 minute', now(),
                  CASE WHEN mod(g, 7) = 0 THEN mod(g, 500) + 1 END
             FROM (SELECT nextval('res_partner_id_seq') AS i, g FROM generate_series(%(a)s, %(b)s) g) s""",
        span=YEARS_MINUTES,
        n=n_clients,
        a=a,
        b=b,
    ),
)
cr.execute(SQL("SELECT min(id), max(id) FROM res_partner WHERE name LIKE 'Bench client %%'"))
first_client, last_client = cr.fetchone()


def client(salt):
    """SQL choosing one of the bench clients (their ids follow each other) for the series' g."""
    return SQL("%s + mod(g::bigint * %s, %s)", first_client, 7919 * salt, last_client - first_client + 1)


# requests: registered over three years; g = 1 is the newest
STATE = SQL(
    "CASE WHEN mod(g, 100) = 0 THEN 'new' WHEN mod(g, 100) = 1 THEN 'in_progress' WHEN mod(g, 100) = 2 THEN 'pending'"
    " WHEN mod(g, 100) IN (3, 4) THEN 'draft' WHEN mod(g, 100) IN (5, 6) THEN 'cancelled'"
    " WHEN mod(g, 100) < 20 THEN 'resolved' ELSE 'closed' END"
)
generate(
    "telmico_request",
    n_requests,
    lambda a, b: SQL(
        """INSERT INTO telmico_request (
               name, direction, channel, state, priority, company_id, team_id, user_id, partner_id,
               commercial_partner_id, category_id, interrupted, date_registered, date_first_response, date_resolved,
               sla_state, response_hours, response_work_hours, resolution_hours, resolution_work_hours, sla_compliance,
               handling_minutes, create_date, write_date, create_uid)
           SELECT 'REQ-B-' || g, 'incoming', channel, state, priority, %(company)s, team, agent, client, client,
                  category, state = 'draft', registered,
                  CASE WHEN state NOT IN ('new', 'draft') THEN registered + response * interval '1 minute' END,
                  CASE WHEN state IN ('resolved', 'closed') THEN registered + resolution * interval '1 minute' END,
                  CASE WHEN state IN ('resolved', 'closed') THEN CASE WHEN mod(g, 10) = 0 THEN 'breached' ELSE 'met' END
                       WHEN state IN ('new', 'in_progress', 'pending') THEN 'on_track' ELSE 'none' END,
                  CASE WHEN state NOT IN ('new', 'draft') THEN response / 60.0 ELSE 0 END,
                  CASE WHEN state NOT IN ('new', 'draft') THEN response / 90.0 ELSE 0 END,
                  CASE WHEN state IN ('resolved', 'closed') THEN resolution / 60.0 ELSE 0 END,
                  CASE WHEN state IN ('resolved', 'closed') THEN resolution / 150.0 ELSE 0 END,
                  CASE WHEN state IN ('resolved', 'closed') AND mod(g, 10) = 0 THEN 0
                       WHEN state IN ('resolved', 'closed') THEN 100 ELSE 0 END,
                  mod(g, 37) + 2, registered, registered, agent
             FROM (
               SELECT g, %(state)s AS state,
                      (ARRAY['phone', 'phone', 'phone', 'phone', 'walk_in', 'walk_in', 'email', 'email', 'chat',
                             'portal', 'phone', 'walk_in', 'email', 'chat', 'portal', 'letter', 'phone', 'walk_in',
                             'messenger', 'phone'])[mod(g, 20) + 1] AS channel,
                      (ARRAY['0', '1', '1', '1', '1', '2', '3'])[mod(g / 13, 7) + 1] AS priority,
                      %(teams)s[1 + mod(agent_index, %(n_teams)s)] AS team, %(agents)s[1 + agent_index] AS agent,
                      %(client)s AS client,
                      %(categories)s[1 + (ARRAY[0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 6, 7, 0, 1])[1 + mod(g / 7, 16)]]
                          AS category,
                      now() AT TIME ZONE 'UTC' - (g::bigint * %(span)s / %(n)s) * interval '1 minute' AS registered,
                      mod(g::bigint * 37, 480) AS response, 30 + mod(g::bigint * 101, 7200) AS resolution
                 FROM generate_series(%(a)s, %(b)s) g, LATERAL (SELECT mod(g::bigint * 31, %(n_agents)s) AS agent_index) x
             ) s""",
        company=company,
        state=STATE,
        teams=SQL("(%s::int[])", teams),
        n_teams=len(teams),
        agents=SQL("(%s::int[])", agents),
        n_agents=len(agents),
        client=client(5),
        categories=SQL("(%s::int[])", categories),
        span=YEARS_MINUTES,
        n=n_requests,
        a=a,
        b=b,
    ),
)
generate(
    "telmico_service",
    n_services,
    lambda a, b: SQL(
        """INSERT INTO telmico_service (name, template_id, kind, partner_id, state, company_id, department_id, user_id,
                                        date_registered, date_deadline, date_closed, create_date, write_date)
           SELECT 'SRV-B-' || g, template, 'simple', client, state, %(company)s, department, agent, registered,
                  registered + interval '5 days',
                  CASE WHEN state = 'closed' THEN registered + mod(g::bigint * 13, 8 * 24) * interval '1 hour' END,
                  registered, registered
             FROM (
               SELECT g, %(template)s AS template, %(client)s AS client, %(department)s AS department,
                      %(agent)s AS agent,
                      CASE WHEN mod(g, 50) = 0 THEN 'in_progress' WHEN mod(g, 50) = 1 THEN 'waiting'
                           WHEN mod(g, 50) = 2 THEN 'cancelled' ELSE 'closed' END AS state,
                      now() AT TIME ZONE 'UTC' - (g::bigint * %(span)s / %(n)s) * interval '1 minute' AS registered
                 FROM generate_series(%(a)s, %(b)s) g
             ) s""",
        company=company,
        template=pick(templates),
        client=client(7),
        department=pick(departments, 13),
        agent=pick(agents, 17),
        span=YEARS_MINUTES,
        n=n_services,
        a=a,
        b=b,
    ),
)
for table in ("res_partner", "telmico_request", "telmico_service"):
    cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
cr.commit()
print(f"clients {count('res_partner')}, requests {count('telmico_request')}, services {count('telmico_service')}")

Daily = env["telmico.reporting.request.daily"]
t = time.time()
Daily._refresh()
cr.commit()
cr.execute(SQL("ANALYZE telmico_reporting_request_daily"))
cr.execute(SQL("ANALYZE telmico_reporting_request_daily_team"))
team_rows = env["telmico.reporting.request.daily.team"].search_count([])
print(
    f"daily tables counted from scratch: {time.time() - t:.1f}s, {Daily.search_count([])} rows per agent, {team_rows} per team"
)

today = date.today()
for label, days in (
    ("one changed day", [today - timedelta(days=3)]),
    ("a changed week", [today - timedelta(days=d) for d in range(7)]),
):
    t = time.time()
    Daily._refresh(days)
    print(f"incremental refresh, {label}: {(time.time() - t) * 1000:.0f} ms")
cr.commit()

# the backfill of the installation, on the newest requests (working hours are counted in Python: rows per second)
if n_backfill:
    cr.execute(SQL("SELECT max(id) FROM telmico_request"))
    after = cr.fetchone()[0] - n_backfill
    t = time.time()
    _backfill_work_hours(env, after_id=after)
    cr.commit()
    print(f"installation backfill of working hours: {n_backfill} requests in {time.time() - t:.1f}s")

manager = env["res.users"].search([("login", "=", "bench_manager")])
menv = env(user=manager, context=dict(env.context, tz="Asia/Tbilisi"))
Request = menv["telmico.request"]
DailyM = menv["telmico.reporting.request.daily"]
DailyTeamM = menv["telmico.reporting.request.daily.team"]
start = today - timedelta(days=30)
year_start = today - timedelta(days=365)


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


SUMS = [
    "created_count:sum",
    "resolved_count:sum",
    "response_work_hours:sum",
    "resolution_work_hours:sum",
    "sla_met_count:sum",
    "sla_breached_count:sum",
    "handling_minutes:sum",
    "rated_count:sum",
    "satisfied_count:sum",
]
CREATED = [("state", "!=", "draft"), ("interrupted", "=", False)]
RESOLVED = [("state", "in", ("resolved", "closed"))]


def daily(groupby, since=start):
    """The widget read from the table it reads: per agent, or per team (without the agent) for the others."""
    table = DailyM if "user_id" in groupby else DailyTeamM
    return lambda: table._read_group([("day", ">=", since)], groupby, SUMS)


def live(groupby, since=start):
    """What the widget needs counted live: the created side and the resolved side, on the requests."""

    def run():
        Request._read_group(
            [*CREATED, ("date_registered", ">=", since)],
            [g.replace("day", "date_registered") for g in groupby],
            ["__count", "response_work_hours:sum"],
        )
        Request._read_group(
            [*RESOLVED, ("date_resolved", ">=", since)],
            [g.replace("day", "date_resolved") for g in groupby],
            ["__count", "resolution_work_hours:sum", "sla_compliance:avg", "handling_minutes:sum"],
        )
        # the clients' ratings (CSAT) of the requests resolved
        Request._read_group(
            [*RESOLVED, ("date_resolved", ">=", since), ("rating_last_value", ">", 0)],
            [g.replace("day", "date_resolved") for g in groupby],
            ["__count", "rating_last_value:sum"],
        )

    return run


print()
print(f"{'widget (last 30 days unless said)':55} {'pre-aggregated':>15} {'live read_group':>16}")
widgets = [
    ("totals: created, resolved, times, SLA %", []),
    ("volume by channel per week", ["day:week", "channel"]),
    ("volume by category", ["category_id"]),
    ("by team: SLA %, resolution time", ["team_id"]),
    ("agent productivity and CSAT", ["user_id"]),
    ("volume by month and channel, last 365 days", ["day:month", "channel"]),
]
for label, groupby in widgets:
    since = year_start if "365" in label else start
    print(f"{label:55} {best(daily(groupby, since)):>12.0f} ms {best(live(groupby, since)):>13.0f} ms  ({load()})")

OPEN = [("state", "in", ("new", "in_progress", "pending"))]
live_only = [
    ("open requests by team (backlog)", lambda: Request._read_group(OPEN, ["team_id"], ["__count"])),
    (
        "backlog by month of registration and team",
        lambda: Request._read_group(OPEN, ["date_registered:month", "team_id"], ["__count"]),
    ),
    (
        "services due by department and status",
        lambda: menv["telmico.service"]._read_group(
            [("state", "!=", "draft"), ("date_deadline", ">=", start)], ["department_id", "state"], ["__count"]
        ),
    ),
    (
        "overdue services by department",
        lambda: menv["telmico.service"]._read_group(
            [("deadline_state", "=", "overdue"), ("date_deadline", ">=", start)], ["department_id"], ["__count"]
        ),
    ),
    (
        "new clients per month (last 365 days)",
        lambda: menv["res.partner"]._read_group(
            [("create_date", ">=", year_start), ("parent_id", "=", False)], ["create_date:month"], ["__count"]
        ),
    ),
    (
        "clients with debt",
        lambda: menv["res.partner"]._read_group([("total_debt", ">", 0)], [], ["__count", "total_debt:sum"]),
    ),
    (
        f"probable duplicates to review, by reason ({count('telmico_client_duplicate')} pairs)",
        lambda: menv["telmico.client.duplicate"]._read_group([("state", "=", "open")], ["reason"], ["__count"]),
    ),
    (
        f"open court cases ({count('telmico_debt_case')} debt cases)",
        lambda: menv["telmico.debt.case"]._read_group(
            [("kind", "=", "court"), ("state", "=", "open")], [], ["__count", "amount:sum"]
        ),
    ),
]
for label, fn in live_only:
    print(f"{label:55} {'(live only)':>15} {best(fn):>13.0f} ms  ({load()})")


def orm_register(model, domain, columns, order):
    """The reference for the registers: their rows read through the ORM record by record (as before 18.0.1.1.0)."""
    records = menv[model].search_fetch(domain, columns, order=order, limit=100000)
    return [[record[column] for column in columns] + [record.partner_id.name] for record in records]


start_utc = datetime.combine(start, datetime.min.time()) - timedelta(hours=4)
now = datetime.utcnow()
orm_registers = {
    "complaints": lambda: orm_register(
        "telmico.request",
        [
            ("category_id", "=", env.ref("telmico_desk.category_complaint").id),
            ("state", "!=", "draft"),
            ("date_registered", ">=", start_utc),
        ],
        [
            "name",
            "date_registered",
            "subject",
            "team_id",
            "user_id",
            "state",
            "sla_resolution_deadline",
            "date_resolved",
            "resolution_work_hours",
            "sla_state",
            "partner_id",
        ],
        "date_registered, id",
    ),
    "services_overdue": lambda: orm_register(
        "telmico.service",
        [("state", "not in", ("draft", "cancelled")), ("date_deadline", ">=", start_utc), ("date_deadline", "<", now)],
        ["department_id", "name", "template_id", "user_id", "date_deadline", "date_closed", "state", "partner_id"],
        "department_id, date_deadline, id",
    ),
}

print()
print(f"{'report (last 30 days)':55} {'server side':>15}")
for report_type in ("daily_operations", "sla", "agent_performance", "complaints", "services_overdue"):
    wizard = menv["telmico.reporting.wizard"].create({"report_type": report_type, "date_from": start, "date_to": today})
    rows = []

    def run(wizard=wizard, rows=rows):
        rows[:] = wizard._report_table(start, today)["rows"]

    elapsed = best(run)
    t = time.time()
    wizard._export("xlsx", start, today)
    xlsx = (time.time() - t) * 1000
    print(f"{report_type:55} {elapsed:>12.0f} ms  ({len(rows)} rows; with the Excel file {xlsx:.0f} ms; {load()})")
    if report_type in orm_registers:
        print(
            f"{'  reference: the same rows read through the ORM':55} {best(orm_registers[report_type]):>12.0f} ms  ({load()})"
        )
cr.rollback()
