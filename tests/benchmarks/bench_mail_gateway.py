"""Benchmark: new e-mails and replies through the mail gateway, Telmico's desk against OCA helpdesk_mgmt.

    .venv/bin/python tests/benchmarks/bench_mail_gateway.py [--mails 300] [--replies 150] [--runs 1]
        [--db-prefix bench_mail_] [--known-senders] [--chunk 25] [--sequential] [--profile] [--keep]

For each product: a database without demo data with the product installed (``<prefix>ours_tpl``,
``<prefix>oca_tpl``), copied with its filestore (``odoo-bin db duplicate``) into a fresh database for each run
(``<prefix>ours``, ``<prefix>oca``), then tests/benchmarks/mail_gateway_feed.py run in ``odoo shell``: 300 Georgian
e-mails from 120 addresses to the product's alias, one transaction each as the gateway runs them
(``message_process``), then 150 replies threaded to the first ones by In-Reply-To. Outgoing mail is built but not
handed to an SMTP server, in both products alike; what is left in Odoo's mail queue is then sent as its cron sends
it, timed apart. Our desk makes an unknown sender's contact and acknowledges each new mail's request (OCA does
neither) in a cron right after the gateway's transaction; it runs after the new mails, timed apart
("acknowledged" columns). Both products are fed at once, in turns of 25 mails (``--chunk``): each feed waits
before every chunk (and before the acknowledgements and the queue) until the other's chunk is done, and only the
chunks are timed, so both meet the machine in the same minutes (this machine's speed drifts by a third between runs
a few minutes apart); the first turn alternates between runs. ``--sequential`` feeds one product after the other
instead (ours, OCA, OCA, ours, ...). With ``--runs N`` each run is printed with the ratio ours / OCA, then the best
run of each. Figures per phase: mails/s (wall clock, one process: one core), CPU milliseconds per mail of the Odoo
process and of its PostgreSQL backend, queries per mail. ``--profile`` (sequential) dumps a cProfile of each
product's new mails, replies and acknowledgements (first run) to
.local/bench/mail_gateway_{ours,oca}_{new,replies,ack}.prof.
``--known-senders`` gives every sender a contact first (not timed): our desk creates a client contact for an unknown
sender, OCA creates none; with it both only match the sender's contact.

The OCA side runs when a throw-away venv with OCA helpdesk_mgmt exists (``--oca-venv``, default
/tmp/oca-helpdesk-venv; never committed, never used by the product). Create it with:

    python3 -m venv /tmp/oca-helpdesk-venv
    /tmp/oca-helpdesk-venv/bin/pip install -r requirements.txt wheel
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
OURS, OCA = "Telmico desk", "OCA helpdesk_mgmt"


def run(cmd, check=True, **kwargs):
    return subprocess.run(cmd, check=check, **kwargs)


def drop_db(name):
    run(["psql", "-X", "-q", "-d", "postgres", "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'])


def fresh_db(name):
    drop_db(name)
    run(["createdb", "-T", "template0", "-E", "UTF8", "--lc-ctype=C.UTF-8", "--lc-collate=C", name])
    run(["psql", "-X", "-q", "-d", name, "-c", "CREATE EXTENSION IF NOT EXISTS pg_trgm"])


class Product:
    """One product to feed: how to start its Odoo, the module to install, its databases."""

    def __init__(self, label, odoo_cmd, options, module, db):
        self.label, self.odoo_cmd, self.options, self.module, self.db = label, odoo_cmd, options, module, db
        self.template = db + "_tpl"

    def odoo(self, *args, sub=None, **kwargs):
        return run([*self.odoo_cmd, *([sub] if sub else []), *self.options, *args], **kwargs)

    def install(self):
        print(f"--- {self.label}: installing {self.module} on {self.template}", flush=True)
        fresh_db(self.template)
        self.odoo(*self._db_options(self.template), "-i", self.module, "--stop-after-init", stdout=subprocess.DEVNULL)

    def copy(self):
        """A fresh copy of the installed database (and its filestore) to feed."""
        self.odoo(
            "duplicate", "-f", self.template, self.db, sub="db", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def feed(self, env):
        """The mails fed in ``odoo shell`` on a fresh copy of the installed database: the figures of the feed."""
        print(f"--- {self.label}: feeding the mails", flush=True)
        self.copy()
        with open(FEED, "rb") as feed:
            out = self.odoo(
                *self._db_options(self.db), sub="shell", stdin=feed, stdout=subprocess.PIPE, env=env
            ).stdout.decode()
        line = next(line for line in out.splitlines() if line.startswith("BENCH "))
        return json.loads(line[len("BENCH ") :])

    def start(self, env):
        """The feed started in lockstep (see ``lockstep``) on a fresh copy of the installed database."""
        self.copy()
        return Lockstep(self, env)

    def drop(self):
        for name in (self.db, self.template):
            self.odoo("drop", name, sub="db", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    def _db_options(self, db):
        return ["-d", db, f"--db-filter=^{db}$", "--without-demo=all", "--no-http", "--log-level=warn"]


class Lockstep:
    """One product's feed run in turns with the other's: the feed stops before each chunk of mails (and before the
    acknowledgements and the queue), prints ``TURN``, and goes on when a line comes on its control pipe; only the
    chunks are timed. Both products then meet the machine in the same minutes: this machine's speed drifts by a
    third between runs a few minutes apart, more than the difference measured."""

    def __init__(self, product, env):
        read, self.control = os.pipe()
        cmd = [*product.odoo_cmd, "shell", *product.options, *product._db_options(product.db)]
        with open(FEED, "rb") as feed:
            self.process = subprocess.Popen(
                cmd,
                stdin=feed,
                stdout=subprocess.PIPE,
                text=True,
                env=dict(env, BENCH_CONTROL_FD=str(read)),
                pass_fds=(read,),
            )
        os.close(read)
        self.label, self.figures = product.label, None

    def wait_turn(self):
        """Read the feed's output up to its next turn (True) or its end (False, its figures read)."""
        for output in self.process.stdout:
            if output.startswith("TURN "):
                return True
            if output.startswith("BENCH "):
                self.figures = json.loads(output[len("BENCH ") :])
        if self.process.wait() or self.figures is None:
            raise RuntimeError(f"{self.label}: the feed failed (exit {self.process.returncode})")
        os.close(self.control)
        return False

    def go(self):
        os.write(self.control, b"go\n")


def lockstep(products, env, first):
    """Feed every product at once, one chunk at a time in turns (``first`` goes first in even rounds): the figures
    of each."""
    print(f"--- {', '.join(product.label for product in products)}: feeding the mails in turns", flush=True)
    feeds = [product.start(env) for product in products]
    waiting = {feed.label: feed.wait_turn() for feed in feeds}
    rounds = 0
    while any(waiting.values()):
        order = feeds if (rounds + first) % 2 == 0 else feeds[::-1]
        for feed in order:
            if waiting[feed.label]:
                feed.go()
                waiting[feed.label] = feed.wait_turn()
        rounds += 1
    return {feed.label: feed.figures for feed in feeds}


def line(label, figures):
    return (
        f"{label:22s} {figures['new_per_s']:8.1f} {figures['replies_per_s'] or 0:8.1f}   "
        f"{figures['new_cpu_ms']:6.0f} +{figures['new_pg_cpu_ms']:4.0f} {figures['replies_cpu_ms'] or 0:6.0f} "
        f"+{figures['replies_pg_cpu_ms'] or 0:4.0f}   {figures['new_queries']:5.0f} {figures['replies_queries'] or 0:5.0f}"
        f"   {figures['queue_mails']:5d} {figures['queue_per_s'] or 0:6.1f}"
        + (
            f"   {figures['ack_requests']:5d} {figures['ack_per_s']:6.1f} {figures['ack_cpu_ms']:6.0f} +"
            f"{figures['ack_pg_cpu_ms']:4.0f}"
            if figures.get("ack_requests")
            else ""
        )
    )


def report(args, runs):
    print(
        f"\n{args.mails} new mails, then {args.replies} replies, one process (load average {os.getloadavg()[0]:.1f}):"
    )
    print(
        f"{'product':22s} {'new/s':>8s} {'reply/s':>8s}   {'CPU ms per new':>12s} {'per reply':>12s}   "
        f"{'queries':>11s}   {'queue: mails, /s':>12s}   {'acknowledged, /s, CPU ms':>24s}"
    )
    for index, results in enumerate(runs, 1):
        for label in (OURS, OCA):
            if label in results:
                print(line(f"{label} #{index}", results[label]))
        if len(results) == 2:
            ours, oca = results[OURS], results[OCA]
            print(
                f"{'  ours / OCA':22s} {ours['new_per_s'] / oca['new_per_s']:8.2f} "
                f"{(ours['replies_per_s'] or 0) / (oca['replies_per_s'] or 1):8.2f}"
            )
    if len(runs) > 1:
        print("best run of each:")
        for label in runs[0]:
            print(line(label, max((results[label] for results in runs), key=lambda f: f["new_per_s"])))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mails", type=int, default=300)
    parser.add_argument("--replies", type=int, default=150)
    parser.add_argument("--runs", type=int, default=1, help="feed each product this many times, in turns")
    parser.add_argument("--db-prefix", default="bench_mail_")
    parser.add_argument("--oca-venv", default=os.environ.get("OCA_VENV", "/tmp/oca-helpdesk-venv"))
    parser.add_argument("--odoo-src", default=os.environ.get("ODOO_SRC", "/opt/odoo18"))
    parser.add_argument(
        "--profile", action="store_true", help="cProfile of the new mails, replies and acknowledgements (sequential)"
    )
    parser.add_argument(
        "--known-senders",
        action="store_true",
        help="every sender has a contact before the mails: no product creates one (OCA never does)",
    )
    parser.add_argument("--only", choices=("ours", "oca"))
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument(
        "--sequential", action="store_true", help="feed one product after the other (default: in turns, by chunks)"
    )
    parser.add_argument("--chunk", type=int, default=25, help="mails per turn when fed in turns")
    args = parser.parse_args()
    env = dict(os.environ, BENCH_MAILS=str(args.mails), BENCH_REPLIES=str(args.replies))
    if args.known_senders:
        env["BENCH_KNOWN_SENDERS"] = "1"
    products = []
    if args.only != "oca":
        products.append(Product(OURS, [str(ROOT / "tools" / "odoo")], [], "telmico_desk", args.db_prefix + "ours"))
    oca_python = Path(args.oca_venv) / "bin" / "python"
    if args.only != "ours":
        if oca_python.exists():
            site = subprocess.check_output(
                [str(oca_python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
            ).strip()
            products.append(
                Product(
                    OCA,
                    [str(oca_python), str(Path(args.odoo_src) / "odoo-bin")],
                    [f"--addons-path={args.odoo_src}/addons,{site}/odoo/addons"],
                    "helpdesk_mgmt",
                    args.db_prefix + "oca",
                )
            )
        else:
            print(f"(no OCA venv at {args.oca_venv}: our desk alone; see the docstring to create it)")
    runs = []
    try:
        for product in products:
            product.install()
        for index in range(args.runs):
            results = {}
            if len(products) > 1 and not (args.sequential or args.profile):
                results = lockstep(products, dict(env, BENCH_CHUNK=str(args.chunk)), index % 2)
                runs.append(results)
                print(json.dumps(results), flush=True)
                continue
            # who goes first alternates too: a run right after the installation or another product's run may be
            # slower or faster for reasons that are the machine's
            for product in products if index % 2 == 0 else products[::-1]:
                product_env = dict(env)
                if args.profile and not index:
                    (ROOT / ".local" / "bench").mkdir(parents=True, exist_ok=True)
                    name = "ours" if product.label == OURS else "oca"
                    product_env["BENCH_PROFILE"] = str(ROOT / ".local" / "bench" / f"mail_gateway_{name}")
                results[product.label] = product.feed(product_env)
            runs.append(results)
            print(json.dumps(results), flush=True)
    finally:
        if not args.keep:
            for product in products:
                product.drop()
    report(args, runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
