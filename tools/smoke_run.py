#!/usr/bin/env python3
"""First-run smoke check (CI): `make run` from a clean checkout must serve at the first try.

Runs `make run` on a throw-away database with a small demo and free ports, waits until the
login page answers, logs in as admin over XML-RPC, checks that every Telmico addon of
addons/ is installed and that demo subscribers exist, that a mail and an SMS reach their
simulators, and that the bank paying an invoice twice at the same instant posts it once,
then stops it (SIGTERM, as a user's
Ctrl-C or a service manager would) and checks that nothing it started is left running.
Exit status 0 when all holds; the output of `make run` is printed on failure.

Environment: SMOKE_DEMO_SIZE (default 200), SMOKE_TIMEOUT (seconds, default 1200).
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import xmlrpc.client

from devlib import ROOT, db_exists, drop_db, free_port, installable_addons

DB = "telmico_smoke"
SIZE = os.environ.get("SMOKE_DEMO_SIZE", "200")
TIMEOUT = int(os.environ.get("SMOKE_TIMEOUT", "1200"))


def fail(message, log_path):
    print(f"[smoke] FAILED: {message}")
    print(f"[smoke] output of make run ({log_path}):")
    with open(log_path, errors="replace") as log:
        print(log.read()[-20000:])
    sys.exit(1)


def wait_for_login_page(url, proc, deadline):
    while time.time() < deadline:
        if proc.poll() is not None:
            return f"make run exited with status {proc.returncode} before serving"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return None
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(2)
    return f"the login page did not answer within {TIMEOUT}s"


def group_members(pgid):
    """Live (non-zombie) processes of the process group ``pgid``: [(pid, command)]."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                command = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        # "pid (comm) state ppid pgrp ...": comm may contain spaces, so split after its closing parenthesis
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append((int(entry), command))
    return members


def concurrent_bank_payment(base, models, uid):
    """The bank pays the demo's open invoice twice at the same instant, one transactionId, through the real
    server (threads, a cursor each: PostgreSQL sees two concurrent transactions, which a test server cannot show):
    one call posts (code 0), the other answers 12 with the same receipt, and one payment is posted."""
    sys.path.insert(0, str(ROOT))  # the repository's simulators package
    from simulators.bank import BankSimulator

    def read(model, domain, fields, limit=1):
        return models.execute_kw(DB, uid, "admin", model, "search_read", [domain], {"fields": fields, "limit": limit})

    (bank,) = read("telmico.bank", [("code", "=", "bog")], ["secret"])
    invoices = read(
        "account.move",
        [("move_type", "=", "out_invoice"), ("state", "=", "posted"), ("payment_state", "=", "not_paid")],
        ["name", "amount_residual"],
    )
    if not invoices:
        return "the demo has no open invoice for the bank to pay"
    invoice = invoices[0]
    amount = round(invoice["amount_residual"] * 100)
    answers = BankSimulator(base, "bog", secret=bank["secret"]).pay_concurrently(invoice["name"], amount, copies=2)
    codes = sorted(answer.get("status", {}).get("code") for _status, answer in answers)
    receipts = {answer.get("receiptId") for _status, answer in answers}
    posted = models.execute_kw(
        DB, uid, "admin", "telmico.bank.transaction", "search_count", [[("move_id.name", "=", invoice["name"])]]
    )
    (paid,) = read("account.move", [("name", "=", invoice["name"])], ["payment_state"])
    if codes != [0, 12] or len(receipts) != 1 or posted != 1 or paid["payment_state"] not in ("paid", "in_payment"):
        return f"two concurrent bank payments of {invoice['name']}: answers {answers}, {posted} transactions, {paid}"
    print(f"[smoke] two concurrent bank payments of {invoice['name']}: codes {codes}, one receipt, one payment")
    return None


def main():
    http_port, sim_port, mail_port, smtp_port, sms_port, rs_port = (free_port() for _i in range(6))
    env = {
        **os.environ,
        "DB": DB,
        "DEMO_SIZE": SIZE,
        "HTTP_PORT": str(http_port),
        "BILLING_SIM_PORT": str(sim_port),
        "MAIL_SIM_PORT": str(mail_port),
        "MAIL_SIM_SMTP_PORT": str(smtp_port),
        "SMS_SIM_PORT": str(sms_port),
        "RS_SIM_PORT": str(rs_port),
    }
    drop_db(DB)
    log_path = tempfile.mkstemp(prefix="smoke-run-", suffix=".log")[1]
    t0 = time.time()
    with open(log_path, "w") as log:
        # its own process group: make, run.py, Odoo and the simulators are stopped (and checked) together
        proc = subprocess.Popen(
            ["make", "run"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    pgid = proc.pid
    try:
        base = f"http://127.0.0.1:{http_port}"
        problem = wait_for_login_page(f"{base}/web/login", proc, t0 + TIMEOUT)
        if problem:
            fail(problem, log_path)
        print(f"[smoke] serving after {time.time() - t0:.0f}s on {base}")
        common = xmlrpc.client.ServerProxy(f"{base}/xmlrpc/2/common")
        uid = common.authenticate(DB, "admin", "admin", {})
        if not uid:
            fail("admin / admin cannot log in over XML-RPC", log_path)
        models = xmlrpc.client.ServerProxy(f"{base}/xmlrpc/2/object")
        expected = set(installable_addons())
        installed = {
            m["name"]
            for m in models.execute_kw(
                DB, uid, "admin", "ir.module.module", "search_read",
                [[("name", "in", sorted(expected)), ("state", "=", "installed")]], {"fields": ["name"]},
            )
        }  # fmt: skip
        if installed != expected:
            fail(f"addons not installed: {sorted(expected - installed)}", log_path)
        subscribers = models.execute_kw(DB, uid, "admin", "telmico.subscriber", "search_count", [[]])
        if not subscribers:
            fail("no demo subscriber in the database", log_path)
        print(f"[smoke] admin logged in; {len(installed)} Telmico addons installed; {subscribers} demo subscribers")
        # outgoing mail is delivered to the mail catcher
        models.execute_kw(
            DB, uid, "admin", "mail.mail", "create",
            [{"subject": "smoke", "email_to": "smoke@example.ge", "body_html": "<p>smoke</p>"}],
        )  # fmt: skip
        # sent as Odoo sends it: by the mail queue's cron (mail.mail.send answers None, which XML-RPC cannot carry)
        queue = models.execute_kw(
            DB, uid, "admin", "ir.model.data", "search_read",
            [[("module", "=", "mail"), ("name", "=", "ir_cron_mail_scheduler_action")]], {"fields": ["res_id"]},
        )  # fmt: skip
        models.execute_kw(DB, uid, "admin", "ir.cron", "method_direct_trigger", [[queue[0]["res_id"]]])
        with urllib.request.urlopen(f"http://127.0.0.1:{mail_port}/messages", timeout=10) as answer:
            caught = json.loads(answer.read())
        if not any(m["subject"] == "smoke" and m["rcpt_to"] == ["smoke@example.ge"] for m in caught):
            fail("a mail sent by Odoo did not reach the mail catcher", log_path)
        print("[smoke] a mail sent by Odoo reached the mail catcher")
        # SMS go to the SMS gateway simulator, sent as Odoo sends them: by the SMS queue's cron
        models.execute_kw(DB, uid, "admin", "sms.sms", "create", [{"number": "+995599000111", "body": "smoke"}])
        queue = models.execute_kw(
            DB, uid, "admin", "ir.model.data", "search_read",
            [[("module", "=", "sms"), ("name", "=", "ir_cron_sms_scheduler_action")]], {"fields": ["res_id"]},
        )  # fmt: skip
        models.execute_kw(DB, uid, "admin", "ir.cron", "method_direct_trigger", [[queue[0]["res_id"]]])
        with urllib.request.urlopen(f"http://127.0.0.1:{sms_port}/messages", timeout=10) as answer:
            received = json.loads(answer.read())
        if not any(m["content"] == "smoke" and m["destination"] == "995599000111" for m in received):
            fail("an SMS sent by Odoo did not reach the SMS gateway simulator", log_path)
        print("[smoke] an SMS sent by Odoo reached the SMS gateway simulator")
        problem = concurrent_bank_payment(base, models, uid)
        if problem:
            fail(problem, log_path)
    finally:
        if group_members(pgid):
            os.killpg(pgid, signal.SIGTERM)
        deadline = time.time() + 60
        while time.time() < deadline:
            proc.poll()  # reap make itself: a zombie is not "left running"
            if not group_members(pgid):
                break
            time.sleep(0.5)
        left = group_members(pgid)
        if left:
            os.killpg(pgid, signal.SIGKILL)
        proc.wait()
    if left:
        fail(f"still running 60s after SIGTERM: {left}", log_path)
    for port in (http_port, sim_port, sms_port, rs_port):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
        except urllib.error.HTTPError:
            fail(f"port {port} still answers after make run stopped", log_path)
        except (urllib.error.URLError, OSError):
            pass
        else:
            fail(f"port {port} still answers after make run stopped", log_path)
    if db_exists(DB):
        drop_db(DB)
    print(f"[smoke] make run stopped cleanly, nothing left running ({time.time() - t0:.0f}s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
