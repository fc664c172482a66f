# Benchmark: e-mails sent per second by one process, through Telmico's mailing path against Odoo's stock mail queue,
# to the project's mail catcher (simulators/mail.py, the SMTP sink `make run` sends to).
#
#   BENCH_MAILS=2000 BENCH_MODE=telmico tools/odoo shell -d <throw-away db with telmico_mailing> --no-http \
#       < tests/benchmarks/bench_mail_sending.py
#   BENCH_MAILS=2000 BENCH_MODE=stock tools/odoo shell -d <same db> --no-http < tests/benchmarks/bench_mail_sending.py
#
# Adds BENCH_MAILS clients by SQL (address, e-mail consent; committed, reused by the next runs) and starts the mail
# catcher in its own process (SMTP port BENCH_SMTP_PORT, default 8436; its page on BENCH_SMTP_PORT + 1), pointed
# at as `make run` does (Odoo's --smtp / --smtp-port). One mode per process:
# - telmico: a transactional e-mail mailing to those clients (Telmico's recipients and consents, Odoo's rendering
#   of the body per client, link tracking, unsubscribe link, a trace per mail) queued by `action_send_mail`, then
#   sent by the mail queue (`mail.mail.process_email_queue`, batches of 1 000 each committed, as its cron does);
#   Telmico's `_postprocess_sent_message` and Odoo's mailing one update each trace;
# - stock: the same mails (same recipients, subject and rendered bodies) created as plain `mail.mail` without a
#   mailing, sent by the same stock `process_email_queue`.
# Prints for each phase the time, mails per second and the load average; for sending, the number of parallel
# senders such a process would need for 500 000 e-mails in 2 hours. Deletes what it created except the clients.
# Never run by `make test`.
# ruff: noqa: F821  (`env` is provided by odoo shell)
import math
import os
import socket
import subprocess
import sys
import time
import urllib.request
from json import loads

from odoo.tools import SQL, config

n = int(os.environ.get("BENCH_MAILS", "2000"))
mode = os.environ.get("BENCH_MODE", "telmico")
smtp_port = int(os.environ.get("BENCH_SMTP_PORT", "8436"))
cr = env.cr
SUBJECT = "თქვენი ანგარიში, ნოემბერი"
BODY = (
    '<p>გამარჯობა, <t t-out="object.name"/>!</p><p>თქვენი დავალიანებაა <t t-out="object.total_debt"/> ₾. '
    'გთხოვთ, გადაიხადოთ ვადაში: <a href="https://telmico.ge/pay">გადახდა</a>.</p>'
    "<p>პატივისცემით,<br/>თელმიკო</p>"
)


def load():
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())


def wait_port(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the mail catcher did not open port {port}")


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
try:
    wait_port(smtp_port)
    # as `make run`: Odoo's outgoing mail to the catcher (no mail server record)
    config["smtp_server"], config["smtp_port"], config["smtp_ssl"] = "127.0.0.1", smtp_port, False
    env["ir.mail_server"].search([]).active = False
    cr.execute("DELETE FROM mail_mail WHERE state = 'outgoing'")  # nothing else in the queue
    cr.commit()

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
    print(f"mode {mode}: {n} e-mails ({load()})")
    t0 = time.time()
    if mode == "stock":
        # the same mails, rendered as the mailing renders them, as plain mails in Odoo's queue
        bodies = mailing._render_field("body_html", ids)
        partners = env["res.partner"].browse(ids)
        mails = env["mail.mail"].create(
            [
                {
                    "subject": SUBJECT,
                    "body_html": bodies[partner.id],
                    "email_from": "info@telmico.ge",
                    "recipient_ids": [(4, partner.id)],
                    "auto_delete": True,
                }
                for partner in partners
            ]
        )
        cr.commit()
    else:
        mailing.subject = SUBJECT
        mailing.action_send_mail()
        cr.commit()
    cr.execute("SELECT count(*) FROM mail_mail WHERE state = 'outgoing'")
    queued = cr.fetchone()[0]
    t1 = time.time()
    print(f"mode {mode}: {queued} mails queued in {t1 - t0:.1f} s ({queued / (t1 - t0):.0f} mails/s; {load()})")
    while env["mail.mail"].search_count([("state", "=", "outgoing")]):
        env["mail.mail"].process_email_queue()
        env.invalidate_all()
    t2 = time.time()
    with urllib.request.urlopen(f"http://127.0.0.1:{smtp_port + 1}/messages", timeout=60) as answer:
        received = len(loads(answer.read()))
    rate = received / (t2 - t1)
    print(
        f"mode {mode}: {received} mails received by the catcher in {t2 - t1:.1f} s: {rate:.1f} mails/s per process "
        f"({load()})"
    )
    print(
        f"mode {mode}: 500 000 e-mails in 2 hours = {500000 / 7200:.1f} mails/s: "
        f"{math.ceil(500000 / 7200 / rate)} such senders in parallel"
    )
    cr.execute("SELECT count(*) FROM mail_mail WHERE state = 'exception'")
    print(f"mode {mode}: failed {cr.fetchone()[0]}")
finally:
    catcher.terminate()
    catcher.wait(timeout=10)
    cr.rollback()
    cr.execute("SELECT id FROM mailing_mailing WHERE subject LIKE 'bench mail %%' OR subject = %s", [SUBJECT])
    bench = tuple(row[0] for row in cr.fetchall()) or (0,)
    cr.execute("DELETE FROM mailing_trace WHERE mass_mailing_id IN %s", [bench])
    cr.execute("DELETE FROM mailing_mailing WHERE id IN %s", [bench])
    cr.execute("DELETE FROM mail_message WHERE subject = %s", [SUBJECT])  # their mails go with them
    cr.commit()
