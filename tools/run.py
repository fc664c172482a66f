#!/usr/bin/env python3
"""`make run`: build the demo database if it is missing or incomplete, then serve Odoo.

The billing simulator (simulators/billing.py) runs beside
Odoo on 127.0.0.1:$BILLING_SIM_PORT (default 8099) and plays the billing system: the demo
subscribers are pulled from it through the real billing connector, and "Pull changes now"
keeps working while the demo is served. No secret is written in the source: a fresh API token
is generated when the database is built, given to the connector and to the simulator (through
its environment, not its command line, which other local users can read); a later `make run`
gives the simulator the token the connector holds. The connector's push secret is generated
when the addon is installed.

Outgoing mail goes to the mail catcher (simulators/mail.py) on 127.0.0.1:$MAIL_SIM_SMTP_PORT
(default 2525), given to Odoo as its SMTP server: what customers would receive is delivered
there and listed at http://127.0.0.1:$MAIL_SIM_PORT (default 8025), never sent out.

SMS go to the SMS gateway simulator (simulators/sms.py) on 127.0.0.1:$SMS_SIM_PORT (default
8030), which speaks smsoffice.ge's API: the database's default SMS gateway "SMS simulator"
(telmico_sms) points at it, made once with a generated API key and delivery-report secret that
the simulator gets through its environment; every SMS Odoo sends is listed on its page and its
delivery report is posted back to Odoo a couple of seconds later.

Tax invoices go to the Revenue Service simulator (simulators/revenue_service.py) on
127.0.0.1:$RS_SIM_PORT (default 8035): the demo's connection (telmico_tax_invoice, made by the
demo generator with a generated password) is pointed at it, the password given through the
simulator's environment.

The database ($DB, default telmico) gets every Telmico addon, Georgian, and the generated
demo data ($DEMO_SIZE clients, default 2000). Completion is marked by the system parameter
``telmico.demo_ready``; a database without it (an interrupted build) is rebuilt, so a
second `make run` goes straight to serving.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time

from devlib import ODOO, ROOT, create_db, db_exists, installable_addons, manifests, psql

DB = os.environ.get("DB", "telmico")
SIZE = int(os.environ.get("DEMO_SIZE", "2000"))
PORT = os.environ.get("HTTP_PORT", "8069")
SIM_PORT = int(os.environ.get("BILLING_SIM_PORT", "8099"))
MAIL_PORT = int(os.environ.get("MAIL_SIM_PORT", "8025"))
MAIL_SMTP_PORT = int(os.environ.get("MAIL_SIM_SMTP_PORT", "2525"))
SMS_PORT = int(os.environ.get("SMS_SIM_PORT", "8030"))
RS_PORT = int(os.environ.get("RS_SIM_PORT", "8035"))
SMS_GATEWAY = "SMS simulator"
# creates the demo's SMS gateway (stdin of `odoo shell`); the secrets come from the environment
SMS_GATEWAY_SCRIPT = """
import os
gateways = env["telmico.sms.gateway"]
gateways.search([]).is_default = False
gateway = gateways.create({
    "name": os.environ["TELMICO_SMS_GATEWAY"], "provider": "smsoffice", "base_url": os.environ["TELMICO_SMS_URL"],
    "api_key": os.environ["TELMICO_SMS_KEY"], "report_secret": os.environ["TELMICO_SMS_REPORT_SECRET"],
    "is_default": True, "rate_limit": 20, "segment_price": 0.03,
    "sender_ids": [(0, 0, {"name": "Telmico", "is_default": True})],
})
env.cr.commit()
"""
# Odoo's outgoing mail: the mail catcher
SMTP = ["--smtp=127.0.0.1", f"--smtp-port={MAIL_SMTP_PORT}"]


def demo_ready():
    if not db_exists(DB):
        return False
    if psql("SELECT 1 FROM pg_tables WHERE tablename = 'ir_config_parameter'", DB) != "1":
        return False
    return psql("SELECT value FROM ir_config_parameter WHERE key = 'telmico.demo_ready'", DB) == "1"


def connector_token():
    """The API token of the demo database's billing connector (empty when there is none)."""
    return psql(
        "SELECT b.api_token FROM telmico_billing_backend b JOIN ir_model_data d"
        " ON d.model = 'telmico.billing.backend' AND d.res_id = b.id"
        " WHERE d.module = 'telmico_client_card' AND d.name = 'billing_backend_main'",
        DB,
    )


def listening(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def start_process(name, module, ports, args, env=None):
    """Start ``python -m <module> <args>`` (log in .local/<name>.log) and wait until ``ports`` answer."""
    for port, variable in ports:
        if listening(port):
            sys.exit(f"[run] port {port} is taken: set {variable} to a free port")
    (ROOT / ".local").mkdir(exist_ok=True)  # a fresh clone has none until something makes it
    log = open(ROOT / ".local" / f"{name}.log", "a")  # noqa: SIM115 (lives as long as the process)
    proc = subprocess.Popen(
        [sys.executable, "-m", module, *args], stdout=log, stderr=log, cwd=ROOT, env={**os.environ, **(env or {})}
    )
    for _i in range(100):
        if all(listening(port) for port, _variable in ports):
            return proc
        time.sleep(0.1)
    proc.kill()
    sys.exit(f"[run] the {name} did not start")


def start_simulator(token):
    proc = start_process(
        "billing-simulator",
        "simulators.billing",
        [(SIM_PORT, "BILLING_SIM_PORT")],
        ["--port", str(SIM_PORT), "--size", str(SIZE)],
        env={"TELMICO_BILLING_TOKEN": token},
    )
    return proc, f"http://127.0.0.1:{SIM_PORT}"


def start_mail_catcher():
    ports = [(MAIL_PORT, "MAIL_SIM_PORT"), (MAIL_SMTP_PORT, "MAIL_SIM_SMTP_PORT")]
    args = ["--port", str(MAIL_PORT), "--smtp-port", str(MAIL_SMTP_PORT), "--dir", str(ROOT / ".local" / "mail")]
    return start_process("mail-catcher", "simulators.mail", ports, args), f"http://127.0.0.1:{MAIL_PORT}"


def sms_gateway():
    """``(id, API key, report secret)`` of the demo's SMS gateway, made first when missing."""
    query = (
        "SELECT id || ' ' || api_key || ' ' || report_secret FROM telmico_sms_gateway"
        " WHERE name = :'p0' AND active ORDER BY id LIMIT 1"
    )
    row = psql(query, DB, SMS_GATEWAY)
    if not row:
        env = {
            **os.environ,
            "TELMICO_SMS_GATEWAY": SMS_GATEWAY,
            "TELMICO_SMS_URL": f"http://127.0.0.1:{SMS_PORT}",
            "TELMICO_SMS_KEY": secrets.token_urlsafe(32),
            "TELMICO_SMS_REPORT_SECRET": secrets.token_urlsafe(32),
        }
        shell = [ODOO, "shell", "-d", DB, "--no-http", "--log-level=warn"]
        subprocess.run(shell, input=SMS_GATEWAY_SCRIPT, text=True, check=True, env=env)
        row = psql(query, DB, SMS_GATEWAY)
    # the port may differ from the last run's
    psql(
        "UPDATE telmico_sms_gateway SET base_url = :'p0' WHERE name = :'p1'",
        DB,
        f"http://127.0.0.1:{SMS_PORT}",
        SMS_GATEWAY,
    )
    gateway_id, key, secret = row.split(" ")
    return int(gateway_id), key, secret


def start_rs_simulator():
    """The Revenue Service simulator of the demo's tax-invoice connection (its generated password through the
    environment), the connection pointed at it; ``(None, None)`` when the database has no connection."""
    if psql("SELECT 1 FROM pg_tables WHERE tablename = 'telmico_rs_connection'", DB) != "1":
        return None, None
    row = psql("SELECT id || ' ' || username || ' ' || password FROM telmico_rs_connection WHERE active LIMIT 1", DB)
    if not row:
        return None, None
    connection_id, username, password = row.split(" ")
    url = f"http://127.0.0.1:{RS_PORT}"
    psql("UPDATE telmico_rs_connection SET url = :'p0' WHERE id = :'p1'", DB, url, connection_id)
    args = ["--port", str(RS_PORT), "--username", username]
    env = {"TELMICO_RS_PASSWORD": password}
    return start_process("rs-simulator", "simulators.revenue_service", [(RS_PORT, "RS_SIM_PORT")], args, env=env), url


def start_sms_simulator():
    gateway_id, key, secret = sms_gateway()
    args = ["--port", str(SMS_PORT), "--callback-url", f"http://127.0.0.1:{PORT}/telmico_sms/report/{gateway_id}"]
    env = {"TELMICO_SMS_KEY": key, "TELMICO_SMS_REPORT_SECRET": secret}
    proc = start_process("sms-simulator", "simulators.sms", [(SMS_PORT, "SMS_SIM_PORT")], args, env=env)
    return proc, f"http://127.0.0.1:{SMS_PORT}"


def build(billing_url, token):
    addons = installable_addons()
    print(f"[run] creating database {DB} with {', '.join(addons)}", flush=True)
    create_db(DB)
    odoo = [ODOO, "-d", DB, f"--db-filter=^{DB}$", "--no-http", "--stop-after-init", "--log-level=warn"]
    subprocess.run([*odoo, "-i", ",".join(addons), "--without-demo=all", "--load-language=ka_GE"], check=True)
    print(f"[run] generating demo data ({SIZE} clients, subscribers pulled from the billing simulator)", flush=True)
    script = (ROOT / "tools" / "generate_demo.py").read_text()
    env = {**os.environ, "DEMO_SIZE": str(SIZE), "TELMICO_BILLING_URL": billing_url, "TELMICO_BILLING_TOKEN": token}
    subprocess.run(
        [ODOO, "shell", "-d", DB, "--no-http", "--log-level=warn", *SMTP], input=script, text=True, check=True, env=env
    )


def update_if_changed():
    """Bring an existing demo database up to the code: install new addons, upgrade those whose version moved.

    Data stay as they are (demo data of a newly added feature comes with `make clean-db` + `make run`).
    """
    addons = installable_addons()
    rows = psql(
        "SELECT name || '=' || coalesce(latest_version, '') FROM ir_module_module"
        " WHERE state = 'installed' AND name = ANY(string_to_array(:'p0', ','))",
        DB,
        ",".join(addons),
    )
    installed = dict(row.split("=", 1) for row in rows.splitlines() if row)
    versions = {name: manifest.get("version", "") for name, manifest in manifests().items()}
    missing = [name for name in addons if name not in installed]
    changed = [name for name in addons if name in installed and installed[name] != versions[name]]
    if not (missing or changed):
        return
    print(f"[run] updating {DB}: install {missing or '-'}, upgrade {changed or '-'}", flush=True)
    # --i18n-overwrite: a corrected translation in an addon's ka.po reaches the database (Odoo's upgrade keeps the
    # translations a database has by default; the catalogues are the reference of a demo database)
    odoo = [ODOO, "-d", DB, f"--db-filter=^{DB}$", "--no-http", "--stop-after-init", "--log-level=warn"]
    odoo += ["--i18n-overwrite"]
    if missing:
        odoo += ["-i", ",".join(missing)]
    if changed:
        odoo += ["-u", ",".join(changed)]
    subprocess.run(odoo, check=True)


def main():
    # SIGTERM (kill, systemd, CI) must stop the simulator too: make it unwind like Ctrl-C
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(0))
    ready = demo_ready()
    # the token of the connector being built is new; a built one keeps its own
    token = (ready and connector_token()) or secrets.token_urlsafe(32)
    simulator, billing_url = start_simulator(token)
    mail_catcher, mail_url = start_mail_catcher()
    sms_simulator = rs_simulator = None
    try:
        if not ready:
            build(billing_url, token)
        else:
            update_if_changed()
        sms_simulator, sms_url = start_sms_simulator()
        rs_simulator, rs_url = start_rs_simulator()
        print(f"\n[run] Telmico CRM is serving database {DB} at http://127.0.0.1:{PORT}/odoo")
        print("[run] login: admin / password: admin (administrator; this demo database only)")
        print("[run]        operator / operator (front-office agent: lands on the Desk, Georgian interface)")
        print("[run]        supervisor / supervisor (team leader), chat_1 / chat_1 (live chat operator)")
        if psql("SELECT 1 FROM res_users WHERE login = 'accountant'", DB) == "1":
            print("[run]        accountant / accountant (Invoicing: paid services' invoices, bank statements)")
        else:  # a database built before the demo had an accountant: admin does that work
            print("[run]        (no accountant on this older database: `make clean-db` + `make run` adds one)")
        print("[run]        portal / portal (a customer's personal cabinet: /my/requests)")
        print(f"[run] billing simulator: {billing_url}", flush=True)
        print(f"[run] mail catcher: every mail Odoo sends is listed at {mail_url}", flush=True)
        print(f"[run] SMS gateway simulator: every SMS Odoo sends is listed at {sms_url}", flush=True)
        if rs_url:
            print(f"[run] Revenue Service simulator: the tax invoices issued are listed at {rs_url}\n", flush=True)
        else:  # a database built before tax invoices existed: their demo comes with a rebuilt one
            print(
                "[run] Revenue Service simulator: not started (no tax-invoice connection in this database;", flush=True
            )
            print("[run]        `make clean-db` then `make run` rebuilds the demo with one)\n", flush=True)
        serve = [ODOO, "-d", DB, f"--db-filter=^{DB}$", f"--http-port={PORT}", *SMTP]
        return subprocess.run(serve, check=False).returncode
    except KeyboardInterrupt:
        return 0
    finally:
        simulator.terminate()
        mail_catcher.terminate()
        if sms_simulator:
            sms_simulator.terminate()
        if rs_simulator:
            rs_simulator.terminate()


if __name__ == "__main__":
    sys.exit(main())
