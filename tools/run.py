#!/usr/bin/env python3
"""`make run`: build the demo database if it is missing or incomplete, then serve Odoo.

The database ($DB, default telmico) gets every Telmico addon and the generated demo
data ($DEMO_SIZE clients, default 2000). Completion is marked by the system parameter
``telmico.demo_ready``; a database without it (an interrupted build) is rebuilt, so a
second `make run` goes straight to serving.
"""

import os
import subprocess
import sys

from devlib import ODOO, ROOT, create_db, db_exists, psql, telmico_addons

DB = os.environ.get("DB", "telmico")
SIZE = int(os.environ.get("DEMO_SIZE", "2000"))
PORT = os.environ.get("HTTP_PORT", "8069")


def demo_ready():
    if not db_exists(DB):
        return False
    return (
        psql("SELECT 1 FROM pg_tables WHERE tablename = 'ir_config_parameter'", DB) == "1"
        and psql("SELECT value FROM ir_config_parameter WHERE key = 'telmico.demo_ready'", DB) == "1"
    )


def build():
    addons = telmico_addons()
    print(f"[run] creating database {DB} with {', '.join(addons)}", flush=True)
    create_db(DB)
    odoo = [ODOO, "-d", DB, f"--db-filter=^{DB}$", "--no-http", "--stop-after-init"]
    subprocess.run([*odoo, "-i", ",".join(addons), "--without-demo=all", "--log-level=warn"], check=True)
    print(f"[run] generating demo data ({SIZE} clients)", flush=True)
    script = (ROOT / "tools" / "generate_demo.py").read_text()
    subprocess.run(
        [ODOO, "shell", "-d", DB, "--no-http", "--log-level=warn"],
        input=script,
        text=True,
        check=True,
        env={**os.environ, "DEMO_SIZE": str(SIZE)},
    )


def main():
    if not demo_ready():
        build()
    print(f"\n[run] Telmico CRM is serving database {DB} at http://127.0.0.1:{PORT}/odoo")
    print("[run] login: admin / password: admin (this demo database only)\n", flush=True)
    os.execv(ODOO, [ODOO, "-d", DB, f"--db-filter=^{DB}$", f"--http-port={PORT}"])


if __name__ == "__main__":
    sys.exit(main())
