# Benchmark: the query plans of the Desk and of an agent's request list, with the record rules, at scale.
#
#   BENCH_REQUESTS=1000000 tools/odoo shell -d <throw-away db built by make run / telmico_demo> --no-http \
#       < tests/benchmarks/bench_desk_plans.py
#
# On a database with the generated demo world (telmico_demo, e.g. DEMO_SIZE=200000), adds requests and
# services by SQL until there are BENCH_REQUESTS requests and BENCH_SERVICES services (copies of the demo's,
# spread over 150 agents and 10 teams (bench users and teams are added to the demo's) and the demo's clients;
# 3 % open, 5 % abandoned registrations, as a desk that has worked for years), analyses
# the tables, then runs as demo users (BENCH_USERS, logins) every query of each Desk block, of the request
# list as it opens (open requests), of the unfiltered list, of the clients found while registering and of
# the services of a request, under EXPLAIN ANALYZE. Prints per query the scans on the big tables (index
# used, sequential scans not skipped) and the execution time. Never run by `make test`; the database gets
# the data (committed): use a throw-away one.
# ruff: noqa: F821  (`env` is provided by odoo shell)
import os
import re
import time
from unittest.mock import patch

from odoo.sql_db import Cursor
from odoo.tools import SQL

n_requests = int(os.environ.get("BENCH_REQUESTS", "1000000"))
n_services = int(os.environ.get("BENCH_SERVICES", str(n_requests // 2)))
logins = os.environ.get("BENCH_USERS", "operator,chat_1,supervisor").split(",")
BIG = ("telmico_request", "telmico_service", "discuss_channel", "mail_activity", "res_partner", "mail_message")
cr = env.cr


def count(table):
    cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
    return cr.fetchone()[0]


def ids(query):
    cr.execute(query)
    return [row[0] for row in cr.fetchall()]


def fill(table, target, values):
    """Copies of the table's rows until it has ``target`` rows, ``values`` (SQL of the series' g) per column."""
    missing = target - count(table)
    if missing <= 0:
        return
    cr.execute(
        SQL("SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name != 'id'", table)
    )
    columns = [row[0] for row in cr.fetchall()]
    template = ids(SQL("SELECT max(id) FROM %s", SQL.identifier(table)))[0]
    t = time.time()
    for start in range(0, missing, 100000):
        cr.execute(
            SQL(
                "INSERT INTO %(table)s (%(columns)s) SELECT %(values)s FROM %(table)s, generate_series(%(a)s, %(b)s) g"
                " WHERE %(table)s.id = %(id)s",
                table=SQL.identifier(table),
                columns=SQL(", ").join(SQL.identifier(column) for column in columns),
                values=SQL(", ").join(values.get(column, SQL.identifier(table, column)) for column in columns),
                a=start + 1,
                b=min(start + 100000, missing),
                id=template,
            )
        )
        cr.commit()
    print(f"{table}: {missing} rows added in {time.time() - t:.0f}s")


def pick(array):
    """SQL choosing an element of ``array`` (ids) for the series' g."""
    return SQL("(%s::int[])[1 + mod(g::bigint * 7919, %s)]", array, len(array))


def ensure_staff(n_agents, n_teams):
    """Agents and teams as at Telmico (150 agents at once, about ten teams): made up with bench users."""
    group = env.ref("telmico_desk.group_desk_user")
    Users = env["res.users"].with_context(no_reset_password=True, mail_create_nolog=True, tracking_disable=True)
    missing = n_agents - len(group.users)
    if missing > 0:
        Users.create(
            [
                {"name": f"Bench agent {i}", "login": f"bench_agent_{i}", "groups_id": [(4, group.id)]}
                for i in range(missing)
            ]
        )
    Team = env["telmico.desk.team"].with_context(mail_create_nolog=True, tracking_disable=True)
    agents = group.users.sorted("id")
    for i in range(Team.search_count([]), n_teams):
        Team.create({"name": f"Bench team {i}", "member_ids": [(6, 0, agents[i::n_teams].ids)]})
    cr.commit()


ensure_staff(int(os.environ.get("BENCH_AGENTS", "150")), int(os.environ.get("BENCH_TEAMS", "10")))
agents = ids(
    SQL(
        "SELECT uid FROM res_groups_users_rel WHERE gid = %s ORDER BY uid",
        env.ref("telmico_desk.group_desk_user").id,
    )
)
teams = ids(SQL("SELECT id FROM telmico_desk_team ORDER BY id"))
clients = ids(SQL("SELECT id FROM res_partner WHERE type = 'contact' AND active ORDER BY id LIMIT 100000"))
templates = ids(SQL("SELECT id FROM telmico_service_template ORDER BY id"))
departments = ids(SQL("SELECT id FROM telmico_service_department ORDER BY id"))
print(f"{len(agents)} agents, {len(teams)} teams, {len(clients)} clients sampled")
fill(
    "telmico_request",
    n_requests,
    {
        "name": SQL("'REQ-B-' || g"),
        # years of work: 3 % open, 2 % resolved, 5 % abandoned registrations (interrupted drafts), the rest closed
        "state": SQL(
            "CASE mod(g, 100) WHEN 0 THEN 'new' WHEN 1 THEN 'in_progress' WHEN 2 THEN 'pending' WHEN 3 THEN 'resolved'"
            " WHEN 4 THEN 'resolved' ELSE CASE WHEN mod(g, 100) BETWEEN 5 AND 9 THEN 'draft' ELSE 'closed' END END"
        ),
        "interrupted": SQL("mod(g, 100) BETWEEN 5 AND 9"),
        "date_resolved": SQL("CASE WHEN mod(g, 100) NOT BETWEEN 0 AND 9 THEN now() - g * interval '1 minute' END"),
        "date_closed": SQL("CASE WHEN mod(g, 100) >= 10 THEN now() - g * interval '1 minute' END"),
        "priority": SQL("(ARRAY['0', '1', '1', '1', '1', '2', '3'])[mod(g / 13, 7) + 1]"),
        "channel": SQL("(ARRAY['phone', 'email', 'chat', 'portal', 'walk_in', 'letter', 'messenger'])[mod(g, 7) + 1]"),
        "user_id": SQL("CASE WHEN mod(g, 100) IN (0, 5, 6, 7, 8, 9) THEN NULL ELSE %s END", pick(agents)),
        "create_uid": pick(agents),
        "team_id": pick(teams),
        "partner_id": pick(clients),
        "commercial_partner_id": pick(clients),
        "livechat_channel_id": SQL("NULL"),
        "discuss_channel_id": SQL("NULL"),
        "merged_into_id": SQL("NULL"),
        "date_registered": SQL("now() - g * interval '1 minute'"),
        "create_date": SQL("now() - g * interval '1 minute'"),
    },
)
fill(
    "telmico_service",
    n_services,
    {
        "name": SQL("'SRV-B-' || g"),
        "state": SQL("CASE WHEN mod(g, 20) = 0 THEN 'in_progress' ELSE 'closed' END"),
        "template_id": pick(templates),
        "user_id": pick(agents),
        "create_uid": pick(agents),
        "department_id": pick(departments),
        "partner_id": pick(clients),
        "request_id": SQL("(SELECT max(id) FROM telmico_request) - g"),
        "request_team_id": SQL(
            "(SELECT team_id FROM telmico_request r WHERE r.id = (SELECT max(id) FROM telmico_request) - g)"
        ),
        "date_deadline": SQL("now() + (mod(g, 200) - 100) * interval '1 hour'"),
    },
)
cr.execute("ANALYZE telmico_request; ANALYZE telmico_service")
cr.commit()
print(f"requests: {count('telmico_request')}, services: {count('telmico_service')}")

execute = Cursor.execute
SCAN = re.compile(
    r"(?P<kind>Seq Scan|Bitmap Heap Scan|Index Scan|Index Only Scan|Bitmap Index Scan)( Backward)?"
    r"( using (?P<index>\S+))? on (?P<on>\S+)"
)


def captured(function):
    queries = []

    def spy(cursor, query, params=None, log_exceptions=True):
        if (
            isinstance(query, SQL)
            and query.code.lstrip().startswith("SELECT")
            and any(f'FROM "{table}"' in query.code for table in BIG)
        ):
            queries.append(query)
        return execute(cursor, query, params, log_exceptions)

    with patch.object(Cursor, "execute", spy):
        function()
    return queries


def report(label, function):
    """Run ``function``, then EXPLAIN ANALYZE each query it ran on the big tables; print what each scans."""
    function()  # warm the caches
    env.invalidate_all()
    t = time.time()
    queries = captured(function)
    elapsed = (time.time() - t) * 1000
    print(f"\n{label}: {len(queries)} queries, {elapsed:.0f} ms")
    for query in queries:
        cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", query))
        lines = [row[0] for row in cr.fetchall()]
        scans = []
        for line in lines:
            match = SCAN.search(line)
            if not match or match["kind"] == "Bitmap Heap Scan":
                continue
            index = match["index"] or (match["on"] if match["kind"] == "Bitmap Index Scan" else "")
            table = match["on"] if match["kind"] != "Bitmap Index Scan" else index.split("__")[0].split("_pkey")[0]
            if table in BIG:
                kind = "never executed" if "never executed" in line else match["kind"]
                scans.append(f"{table}: {kind}{' ' + index if index else ''}")
        total = next((line.split(":")[1].strip() for line in lines if line.startswith("Execution Time")), "?")
        table = re.search(r'FROM "(\w+)"', query.code).group(1)
        print(f"  {table:18s} {total:>12s}  {'; '.join(dict.fromkeys(scans)) or '-'}")
        if any("Seq Scan" in scan for scan in scans):
            print("    " + "\n    ".join(lines))


Desk = env["telmico.desk"]
OPEN = [("state", "!=", "draft"), ("state", "in", ("new", "in_progress", "pending"))]
for login in logins:
    user = env["res.users"].search([("login", "=", login)], limit=1)
    if not user:
        print(f"no user {login}")
        continue
    desk = Desk.with_user(user)
    print(f"\n=== {login}")
    for block in desk._desk_visible_blocks():
        report(f"block {block['key']}", lambda block=block, desk=desk: desk._desk_block_data(block))
    Request = env["telmico.request"].with_user(user)
    report("request list (open)", lambda Request=Request: Request.search_fetch(OPEN, ["name", "subject"], limit=80))
    report("request list (open), count", lambda Request=Request: Request.search_count(OPEN))
    report(
        "request list (all)",
        lambda Request=Request: Request.search_fetch([("state", "!=", "draft")], ["name", "subject"], limit=80),
    )
    request = Request.search([("service_ids", "!=", False)], limit=1)
    env.invalidate_all()
    report("services of a request", lambda request=request: request.service_ids.mapped("name"))
    draft = Request.create({"client_query": "ბერიძე"})
    draft._onchange_client_query()
    env.invalidate_all()
    report("clients found while registering", lambda draft=draft: draft.client_match_ids.mapped("partner_id"))
env.cr.rollback()
