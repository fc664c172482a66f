"""Benchmark: new e-mails and replies through the mail gateway, Telmico's desk against OCA helpdesk_mgmt.

    .venv/bin/python tests/benchmarks/bench_mail_gateway.py [--mails 300] [--replies 150] [--db-prefix bench_mail_]

For each product: a fresh database without demo data (``<prefix>ours``, ``<prefix>oca``; dropped first), the
product installed, then tests/benchmarks/mail_gateway_feed.py run in ``odoo shell``: 300 Georgian e-mails from
120 addresses to the product's alias, one transaction each as the gateway runs them (``message_process``), then
150 replies threaded to the first ones by In-Reply-To. Outgoing mail is built and queued but not handed to an
SMTP server, in both products alike. Prints new mails/s and replies/s of each, single process (one core).
``--profile`` dumps a cProfile of our new mails to .local/bench/mail_gateway.prof.

The OCA side runs when a throw-away venv with OCA helpdesk_mgmt exists (``--oca-venv``, default
/tmp/oca-helpdesk-venv; never committed, never used by the product). Create it with:

    python3 -m venv /tmp/oca-helpdesk-venv
    /tmp/oca-helpdesk-venv/bin/pip install -r requirements.txt
    /tmp/oca-helpdesk-venv/bin/pip install --no-build-isolation --no-deps -e /opt/odoo18
    /tmp/oca-helpdesk-venv/bin/pip install --no-deps "odoo-addon-helpdesk_mgmt==18.0.*"

(helpdesk_mgmt 18.0 depends on mail and portal only: no other OCA addon is needed.)
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FEED = ROOT / "tests" / "benchmarks" / "mail_gateway_feed.py"


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, **kwargs)


def fresh_db(name):
    run(["psql", "-X", "-q", "-d", "postgres", "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'])
    run(["createdb", "-T", "template0", "-E", "UTF8", "--lc-ctype=C.UTF-8", "--lc-collate=C", name])
    run(["psql", "-X", "-q", "-d", name, "-c", "CREATE EXTENSION IF NOT EXISTS pg_trgm"])


def bench(label, odoo_cmd, db, module, env):
    """Install ``module`` on a fresh ``db`` and feed the mails; the JSON figures of the feed."""
    print(f"--- {label}: installing {module} on {db}", flush=True)
    fresh_db(db)
    common = ["-d", db, f"--db-filter=^{db}$", "--without-demo=all", "--no-http", "--log-level=warn"]
    run([*odoo_cmd, *common, "-i", module, "--stop-after-init"], stdout=subprocess.DEVNULL)
    print(f"--- {label}: feeding the mails", flush=True)
    with open(FEED, "rb") as feed:
        out = run(
            [*odoo_cmd, "shell", *common],
            stdin=feed,
            stdout=subprocess.PIPE,
            env=env,
        ).stdout.decode()
    line = next(line for line in out.splitlines() if line.startswith("BENCH "))
    return json.loads(line[len("BENCH ") :])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mails", type=int, default=300)
    parser.add_argument("--replies", type=int, default=150)
    parser.add_argument("--db-prefix", default="bench_mail_")
    parser.add_argument("--oca-venv", default=os.environ.get("OCA_VENV", "/tmp/oca-helpdesk-venv"))
    parser.add_argument("--odoo-src", default=os.environ.get("ODOO_SRC", "/opt/odoo18"))
    parser.add_argument("--profile", action="store_true", help="cProfile of our new mails")
    parser.add_argument("--only", choices=("ours", "oca"))
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    args = parser.parse_args()
    env = dict(os.environ, BENCH_MAILS=str(args.mails), BENCH_REPLIES=str(args.replies))
    results = {}
    if args.only != "oca":
        ours_env = dict(env)
        if args.profile:
            (ROOT / ".local" / "bench").mkdir(parents=True, exist_ok=True)
            ours_env["BENCH_PROFILE"] = str(ROOT / ".local" / "bench" / "mail_gateway.prof")
        results["Telmico desk"] = bench(
            "Telmico desk", [str(ROOT / "tools" / "odoo")], args.db_prefix + "ours", "telmico_desk", ours_env
        )
    oca_python = Path(args.oca_venv) / "bin" / "python"
    if args.only != "ours":
        if oca_python.exists():
            site = subprocess.check_output(
                [str(oca_python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
            ).strip()
            addons_path = f"{args.odoo_src}/addons,{site}/odoo/addons"
            odoo_cmd = [str(oca_python), str(Path(args.odoo_src) / "odoo-bin"), f"--addons-path={addons_path}"]
            results["OCA helpdesk_mgmt"] = bench(
                "OCA helpdesk_mgmt", odoo_cmd, args.db_prefix + "oca", "helpdesk_mgmt", env
            )
        else:
            print(f"(no OCA venv at {args.oca_venv}: our desk alone; see the docstring to create it)")
    if not args.keep:
        for suffix in ("ours", "oca"):
            run(["psql", "-X", "-q", "-d", "postgres", "-c", f'DROP DATABASE IF EXISTS "{args.db_prefix}{suffix}"'])
    print(f"\n{args.mails} new mails, then {args.replies} replies, one process:")
    print(f"{'product':22s} {'new mails/s':>12s} {'replies/s':>10s} {'created':>8s} {'queued mails':>13s}")
    for label, figures in results.items():
        print(
            f"{label:22s} {figures['new_per_s']:12.1f} {figures['replies_per_s'] or 0:10.1f} "
            f"{figures['created']:8d} {figures['outgoing_mails']:13d}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
