# Benchmark: the service deadline crons (reminders, escalations) with many open services.
#
#   BENCH_SERVICES=20000 BENCH_DUE=1500 tools/odoo shell -d <db with telmico_service_mgmt> --no-http \
#       < tests/benchmarks/bench_service_crons.py
#
# Creates BENCH_SERVICES open services on the Telmico calendar, their deadlines spread over
# the next 30 days, of which BENCH_DUE are overdue and BENCH_DUE have their reminder due
# (their next checks are planned as they are created: the cost per service is printed),
# then times the two crons: runs until nothing is left (each run reads at most 1000 due
# services and commits every 100), and a run with nothing due. Prints figures; never run by
# `make test`. The database gets the data and the commits: use a throw-away one.
# ruff: noqa: F821  (`env` is provided by odoo shell)
import os
import time
from datetime import timedelta

from odoo import fields
from odoo.fields import Command

n_services = int(os.environ.get("BENCH_SERVICES", "20000"))
n_due = int(os.environ.get("BENCH_DUE", "1500"))
batch = 500

env = env(context=dict(env.context, tracking_disable=True, mail_notrack=True, mail_create_nolog=True))
Service = env["telmico.service"]
calendar = env.ref("telmico_service_mgmt.resource_calendar_telmico")
head = env["res.users"].create({"name": "Bench head", "login": f"bench_head_{time.time_ns()}"})
department = env["telmico.service.department"].create(
    {"name": "Bench department", "manager_id": head.id, "calendar_id": calendar.id}
)
template = env["telmico.service.template"].create(
    {
        "name": "Bench service",
        "kind": "complex",
        "reminder_hours": 4,
        "calendar_id": calendar.id,
        "stage_ids": [Command.create({"name": "Stage", "department_id": department.id, "deadline_hours": 16})],
    }
)
partner = env["res.partner"].create({"name": "Bench client"})
now = fields.Datetime.now()


def deadline(i):
    if i < n_due:
        return now - timedelta(hours=1 + i % 48)  # overdue: escalation due
    if i < 2 * n_due:
        return calendar._telmico_plan(now, 1 + i % 3)  # within the 4 working hours of the reminder
    return now + timedelta(days=2 + i % 28, hours=i % 9)  # later


t0 = time.time()
for start in range(0, n_services, batch):
    Service.create(
        [
            {
                "template_id": template.id,
                "partner_id": partner.id,
                "state": "in_progress",
                "department_id": department.id,
                "date_deadline": deadline(i),
            }
            for i in range(start, min(start + batch, n_services))
        ]
    )
    env.cr.commit()
elapsed = time.time() - t0
print(
    f"{n_services} open services created with their next checks: {elapsed:.1f}s ({elapsed / n_services * 1000:.2f} ms each)"
)

domain = [("template_id", "=", template.id)]
for label, method, field in (
    ("reminders", "_cron_deadline_reminders", "date_reminder"),
    ("escalations", "_cron_escalate", "date_escalation"),
):
    due = Service.search_count([*domain, (field, "<=", fields.Datetime.now())])
    t = time.time()
    runs = done = 0
    while True:
        count = getattr(Service, method)()
        runs += 1
        done += count
        if not count:
            break
    elapsed = time.time() - t
    print(
        f"{label:12s} due {due:>6}  handled {done:>6} in {runs} runs  {elapsed:7.1f}s"
        f"  ({elapsed / max(done, 1) * 1000:.1f} ms per service)"
    )
    t = time.time()
    queries = env.cr.sql_log_count
    getattr(Service, method)()
    print(
        f"{label:12s} a run with nothing due: {(time.time() - t) * 1000:.1f} ms, {env.cr.sql_log_count - queries} queries"
    )
env.cr.commit()
