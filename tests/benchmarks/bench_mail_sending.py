# Benchmark: e-mails sent per second through Telmico's mailing path against Odoo's stock mail queue, by one process
# and by parallel senders, to the project's mail catcher (simulators/mail.py, the SMTP sink `make run` sends to).
#
#   BENCH_MAILS=2000 BENCH_RUNS=stock,telmico,telmico:1,telmico:2,telmico:3 \
#       tools/odoo shell -d <throw-away db with telmico_mailing> --no-http < tests/benchmarks/bench_mail_sending.py
#
# Adds BENCH_MAILS clients by SQL (address, e-mail consent; committed, reused by the next runs) and starts the mail
# catcher in its own process (SMTP port BENCH_SMTP_PORT, default 8436; its page on BENCH_SMTP_PORT + 1), pointed
# at as `make run` does (Odoo's --smtp / --smtp-port). BENCH_RUNS: the runs, in this order, in the same process:
# - telmico: a transactional e-mail mailing to those clients (Telmico's recipients and consents, Odoo's rendering
#   of the body per client, link tracking, unsubscribe link, a trace per mail) queued by `action_send_mail`, then
#   sent by the mail queue (`mail.mail.process_email_queue`, batches of 1 000 each claimed and committed, as its
#   cron does) in this process; the traces follow the mails;
# - stock: the same mails (same recipients, subject and rendered bodies) created as plain `mail.mail` without a
#   mailing, sent by Odoo's own `process_email_queue` (mail's, without the claim) in this process;
# - telmico:N: the telmico mailing sent by N parallel senders, each its own process
#   (tests/benchmarks/bench_mail_sender.py, the sender crons' `process_email_queue`), started before the clock.
# Prints for each run the time, mails per second, CPU ms per mail in Odoo and in the PostgreSQL backends, and the
# load average; at the end, the number of parallel senders needed for 500 000 e-mails in 2 hours (69.4 mails/s).
# BENCH_PROFILE=<file>: cProfile of the in-process sending (of every such run; dumped there, top printed).
# Deletes what it created except the clients. Never run by `make test`.
# ruff: noqa: F821  (`env` is provided by odoo shell)
import contextlib
import cProfile
import io
import math
import os
import pstats
import socket
import subprocess
import sys
import time
import urllib.request
from json import loads

from odoo.addons.mail.models.mail_mail import MailMail as StockMailMail
from odoo.tools import SQL, config

n = int(os.environ.get("BENCH_MAILS", "2000"))
runs = os.environ.get("BENCH_RUNS", "stock,telmico").split(",")
smtp_port = int(os.environ.get("BENCH_SMTP_PORT", "8436"))
# mails claimed per run of the queue (Odoo's mail.mail.queue.batch.size, 1 000 by default): smaller than the
# mails of a run, so that every parallel sender gets its share
batch = int(os.environ.get("BENCH_BATCH", "250"))
root = os.environ["TELMICO_ROOT"]
cr = env.cr
SUBJECT = "თქვენი ანგარიში, ნოემბერი"
TARGET = 500000 / 7200  # mails/s: 500 000 e-mails in 2 hours
BODY = (
    '<p>გამარჯობა, <t t-out="object.name"/>!</p><p>თქვენი დავალიანებაა <t t-out="object.total_debt"/> ₾. '
    'გთხოვთ, გადაიხადოთ ვადაში: <a href="https://telmico.ge/pay">გადახდა</a>.</p>'
    "<p>პატივისცემით,<br/>თელმიკო</p>"
)


def load():
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())


def backend_cpu(pid):
    """CPU seconds (user + system) used so far by the PostgreSQL backend ``pid``."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def backends_cpu():
    """{pid: CPU seconds} of every PostgreSQL backend of this database (this process's cursors, the second
    cursor of the lean sending, the parallel senders'): nothing else uses the benchmark's database."""
    cr.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
    cpu = {}
    for (pid,) in cr.fetchall():
        with contextlib.suppress(OSError):  # gone meanwhile
            cpu[pid] = backend_cpu(pid)
    return cpu


def backends_cpu_since(before):
    """CPU seconds the backends of this database used since ``before`` (``backends_cpu()``)."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in backends_cpu().items())


def wait_port(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the mail catcher did not open port {port}")


def received_count():
    with urllib.request.urlopen(f"http://127.0.0.1:{smtp_port + 1}/messages", timeout=60) as answer:
        return len(loads(answer.read()))


def cleanup():
    cr.rollback()
    cr.execute("SELECT id FROM mailing_mailing WHERE subject LIKE 'bench mail %%' OR subject = %s", [SUBJECT])
    bench = tuple(row[0] for row in cr.fetchall()) or (0,)
    cr.execute("DELETE FROM mail_mail WHERE mailing_id IN %s", [bench])
    cr.execute("DELETE FROM mailing_trace WHERE mass_mailing_id IN %s", [bench])
    cr.execute("DELETE FROM mailing_mailing WHERE id IN %s", [bench])
    cr.execute("DELETE FROM mail_message WHERE subject = %s", [SUBJECT])  # their mails go with them
    cr.commit()


def queue(mode):
    """Queue the run's mails (committed): their number."""
    mailing = env["mailing.mailing"].create(
        {
            "subject": f"bench mail {mode}",
            "mailing_type": "mail",
            "mailing_kind": "transactional",
            "mailing_model_id": env["ir.model"]._get("res.partner").id,
            "mailing_domain": repr(domain),
            "body_arch": BODY,
            "body_html": BODY,
            "email_from": "info@telmico.ge",
        }
    )
    cr.commit()
    if mode == "stock":
        # the same mails, rendered as the mailing renders them, as plain mails in Odoo's queue
        bodies = mailing._render_field("body_html", ids)
        env["mail.mail"].create(
            [
                {
                    "subject": SUBJECT,
                    "body_html": bodies[partner.id],
                    "email_from": "info@telmico.ge",
                    "recipient_ids": [(4, partner.id)],
                    "auto_delete": True,
                }
                for partner in env["res.partner"].browse(ids)
            ]
        )
    else:
        mailing.subject = SUBJECT
        mailing.action_send_mail()
    cr.commit()
    cr.execute("SELECT count(*) FROM mail_mail WHERE state = 'outgoing'")
    return cr.fetchone()[0]


def send_here(mode, profile):
    """Send the queue in this process: seconds, CPU seconds of Odoo and of its PostgreSQL backend. Stock: Odoo's
    own queue (mail's ``process_email_queue``: no claim), else the queue as the sender crons run it."""
    process_queue = StockMailMail.process_email_queue if mode == "stock" else type(env["mail.mail"]).process_email_queue
    t1, cpu1, db1 = time.time(), time.process_time(), backends_cpu()
    if profile:
        profile.enable()
    while env["mail.mail"].search_count([("state", "=", "outgoing")]):
        process_queue(env["mail.mail"])
        env.invalidate_all()
    if profile:
        profile.disable()
    return time.time() - t1, time.process_time() - cpu1, backends_cpu_since(db1)


def send_parallel(senders):
    """Send the queue with ``senders`` processes, started before the clock runs: as ``send_here``."""
    go = f"/tmp/bench-mail-go-{os.getpid()}"
    command = [f"{root}/tools/odoo", "shell", "-d", cr.dbname, "--no-http", "--log-level=warn"]
    command += ["--smtp=127.0.0.1", f"--smtp-port={smtp_port}"]
    workers = []
    for _number in range(senders):
        with open(f"{root}/tests/benchmarks/bench_mail_sender.py") as script:
            workers.append(
                subprocess.Popen(
                    command, stdin=script, stdout=subprocess.PIPE, text=True, env=dict(os.environ, BENCH_GO=go)
                )
            )
    for worker in workers:
        while worker.stdout.readline().strip() != "ready":
            pass
    t1 = time.time()
    open(go, "w").close()
    results = []
    for worker in workers:
        lines = [line.split() for line in worker.stdout.read().splitlines() if line.startswith("sent ")]
        worker.wait()
        results.append([float(value) for value in lines[-1][1:]])
    elapsed = time.time() - t1
    os.unlink(go)
    print(f"  {senders} senders sent " + " + ".join(f"{result[0]:.0f}" for result in results) + " mails")
    # each sender measured its own backends before it exited (and closed them)
    return elapsed, sum(result[1] for result in results), sum(result[2] for result in results)


cr.execute("SELECT count(*) FROM res_partner WHERE ref LIKE 'bench-mail-%'")
existing = cr.fetchone()[0]
if existing < n:
    cr.execute(
        SQL(
            """INSERT INTO res_partner (name, ref, is_client, active, consent_email, email, email_normalized, type,
                                        total_debt, create_date, write_date)
               SELECT 'ბენჩ კლიენტი ' || g, 'bench-mail-' || g, true, true, true,
                      'client' || g || '@example.ge', 'client' || g || '@example.ge', 'contact',
                      mod(g * 7, 301), now(), now()
                 FROM generate_series(%s, %s) g""",
            existing + 1,
            n,
        )
    )
    cr.execute("ANALYZE res_partner")
    cr.commit()
cr.execute("SELECT id FROM res_partner WHERE ref LIKE 'bench-mail-%%' ORDER BY id LIMIT %s", [n])
ids = [row[0] for row in cr.fetchall()]
domain = [("id", ">=", ids[0]), ("id", "<=", ids[-1]), ("ref", "=like", "bench-mail-%")]

catcher = subprocess.Popen(
    [sys.executable, "-m", "simulators.mail", "--port", str(smtp_port + 1), "--smtp-port", str(smtp_port), "--quiet"],
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
rates = {}
batch_before = env["ir.config_parameter"].get_param("mail.mail.queue.batch.size")
try:
    wait_port(smtp_port)
    # as `make run`: Odoo's outgoing mail to the catcher (no mail server record)
    config["smtp_server"], config["smtp_port"], config["smtp_ssl"] = "127.0.0.1", smtp_port, False
    env["ir.mail_server"].search([]).active = False
    env["ir.config_parameter"].set_param("mail.mail.queue.batch.size", batch)
    cr.execute("DELETE FROM mail_mail WHERE state = 'outgoing'")  # nothing else in the queue
    cr.commit()
    profile = cProfile.Profile() if os.environ.get("BENCH_PROFILE") else None
    for run in runs:
        mode, _sep, senders = run.partition(":")
        senders = int(senders or 0)
        print(f"{run}: {n} e-mails, batches of {batch} ({load()})")
        t0 = time.time()
        queued = queue(mode)
        print(f"{run}: {queued} mails queued in {time.time() - t0:.1f} s ({load()})")
        before = received_count()
        elapsed, cpu, db = send_parallel(senders) if senders else send_here(mode, profile)
        received = received_count() - before
        rate = rates[run] = received / elapsed
        cr.execute("SELECT count(*) FROM mail_mail WHERE state = 'exception'")
        failed = cr.fetchone()[0]
        print(
            f"{run}: {received} mails received by the catcher in {elapsed:.1f} s: {rate:.1f} mails/s "
            f"({f'{senders} parallel senders' if senders else 'one process'}); CPU per mail "
            f"{1000 * cpu / received:.2f} ms in Odoo + {1000 * db / received:.2f} ms in PostgreSQL; "
            f"failed {failed} ({load()})"
        )
        cleanup()
    if profile:
        profile.dump_stats(os.environ["BENCH_PROFILE"])
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(45)
        print(out.getvalue())
    print(f"500 000 e-mails in 2 hours = {TARGET:.1f} mails/s:")
    for run, rate in rates.items():
        mode, _sep, senders = run.partition(":")
        if senders:
            verdict = "enough" if rate >= TARGET else "not enough"
            print(f"  {senders} parallel senders: {rate:.1f} mails/s, {verdict}")
        else:
            print(f"  {run}: {rate:.1f} mails/s per process: {math.ceil(TARGET / rate)} such processes")
    parallel = sorted((int(run.partition(":")[2]), rate) for run, rate in rates.items() if ":" in run)
    if parallel:
        enough = [senders for senders, rate in parallel if rate >= TARGET]
        if enough:
            print(f"  parallel senders needed on this machine: {enough[0]}")
        else:
            print(f"  parallel senders needed: more than {parallel[-1][0]} on this machine ({load()})")
finally:
    catcher.terminate()
    catcher.wait(timeout=10)
    cleanup()
    env["ir.config_parameter"].set_param("mail.mail.queue.batch.size", batch_before)
    cr.commit()
