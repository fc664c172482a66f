#!/usr/bin/env python3
"""Run every Telmico test and print one closing line: ``N passed, M failed, K skipped``.

Steps (each database is a throw-away copy made with ``createdb -T``):

1. ``<prefix>_base``: a template with only ``base`` (and its auto-installed modules).
2. Install matrix: every Telmico addon installed alone on a copy of ``_base`` with only
   its declared dependencies. Each addon is one check; a failed install or an
   ERROR/CRITICAL log line fails it.
3. ``<prefix>_deps``: ``_base`` plus every Odoo module our addons depend on.
4. The main run on a copy of ``_deps``: every Telmico addon plus the scenario addons
   of the top-level ``tests/`` installed with ``--test-enable`` (TransactionCase at
   install, HttpCase tours post install, headless Chromium).

The exit status is non-zero on any failed or erroring test, failed install, import
error, missing test summary, or ERROR/CRITICAL line in an Odoo log. Logs are kept in
``.local/test-logs/``. Usage: ``tools/run_tests.py [--keep] [--only MODULE,...]``.
"""

import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import time

from devlib import ODOO, ROOT, create_db, drop_db, free_port, installable_addons, manifests

LOG_DIR = ROOT / ".local" / "test-logs"

# "2026-01-01 10:00:00,123 4242 ERROR dbname logger: message"
LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>[^:\s]+): (?P<msg>.*)"
)
SUMMARY = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<total>\d+) tests when loading database"
)
SKIPPED = re.compile(r"^skipped ")
# A browser test skipped because the machine lacks Chromium or a Python module is a
# failure of the set-up, not a skip: the tours must run.
SKIPPED_FOR_ENVIRONMENT = re.compile(r"^skipped .*(not installed|Chrome|chromium|browser)", re.IGNORECASE)
FAILED_TEST = re.compile(r"^(FAIL|ERROR): (?P<test>\S+)")
# Odoo's own recaps of failures already counted test by test
# the last lines of a failed test's traceback printed in the summary (the whole one is in the log)
TRACEBACK_LINES = 30
FAILURE_RECAP = re.compile(r"^(Module \S+: \d+ failures, \d+ errors of \d+ tests|At least one test failed)")


class OdooRun:
    """One odoo-bin run whose log is written to a file and read afterwards."""

    def __init__(self, name, db, args, echo=False):
        self.name, self.db, self.args, self.echo = name, db, args, echo
        self.log_path = LOG_DIR / f"{name}.log"
        self.returncode = None

    def __call__(self):
        cmd = [
            ODOO,
            "-d",
            self.db,
            f"--db-filter=^{self.db}$",
            "--stop-after-init",
            "--no-http" if "--test-enable" not in self.args else f"--http-port={free_port()}",
            f"--gevent-port={free_port()}",
            *self.args,
        ]
        with open(self.log_path, "w") as log:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
            for line in proc.stdout:
                log.write(line)
                if self.echo and self._worth_echoing(line):
                    sys.stdout.write(line)
                    sys.stdout.flush()
            self.returncode = proc.wait()
        return self

    @staticmethod
    def _worth_echoing(line):
        m = LOG_LINE.match(line)
        if not m:
            return False  # traceback lines follow their ERROR line in the log file
        return (
            m["level"] in ("WARNING", "ERROR", "CRITICAL")
            or "odoo.tests" in m["logger"]
            or m["msg"].startswith(("Starting ", "Loading module", "loading "))
        )

    def parse(self):
        """(failures, errors, total, skipped, failed test names, bad log lines)."""
        failures = errors = total = skipped = 0
        failed_tests, bad_lines, env_skipped, summary_seen = [], [], [], False
        trace = None  # the traceback lines under the last FAIL/ERROR line of a test
        for line in self.log_path.read_text(errors="replace").splitlines():
            m = LOG_LINE.match(line)
            if not m:
                if trace is not None:
                    trace.append(line)
                continue
            trace = None
            msg = m["msg"]
            s = SUMMARY.search(msg)
            if s:
                summary_seen = True
                failures, errors, total = int(s["failed"]), int(s["errors"]), int(s["total"])
            elif SKIPPED_FOR_ENVIRONMENT.match(msg) and m["level"] == "INFO":
                env_skipped.append(f"{m['logger']}: {msg}")
            elif SKIPPED.match(msg) and m["level"] == "INFO":
                skipped += 1
            if m["level"] in ("ERROR", "CRITICAL"):
                f = FAILED_TEST.match(msg)
                if f:
                    trace = []
                    failed_tests.append((f"{m['logger']}: {f['test']}", trace))
                elif not s and not FAILURE_RECAP.match(msg):
                    bad_lines.append(line)
        return {
            "failures": failures,
            "errors": errors,
            "total": total,
            "skipped": skipped,
            "failed_tests": failed_tests,
            "bad_lines": bad_lines,
            "summary_seen": summary_seen,
            "env_skipped": env_skipped,
        }


def build_template(name, modules, template=None):
    t0 = time.time()
    create_db(name, template)
    r = OdooRun(f"template-{name}", name, ["-i", ",".join(modules), "--without-demo=all"])()
    bad = r.parse()["bad_lines"]
    if r.returncode or bad:
        print(f"[tests] building template {name} failed (see {r.log_path}):", *bad[:20], sep="\n")
        sys.exit(2)
    print(f"[tests] template {name} ready ({', '.join(modules)}) in {time.time() - t0:.0f}s", flush=True)


def install_alone(module, base, prefix):
    db = f"{prefix}_alone_{module}"
    create_db(db, base)
    r = OdooRun(f"alone-{module}", db, ["-i", module, "--without-demo=all"])()
    bad = r.parse()["bad_lines"]
    drop_db(db)
    return module, r.returncode == 0 and not bad, bad[:5], r.log_path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the test databases afterwards")
    parser.add_argument("--only", help="comma-separated modules whose tests run (default: all Telmico addons)")
    parser.add_argument("--skip-matrix", action="store_true", help="skip the install-alone matrix (quicker local runs)")
    parser.add_argument("--prefix", default=os.environ.get("TELMICO_TEST_DB", "telmico_test"))
    opts = parser.parse_args()
    t_start = time.time()
    LOG_DIR.mkdir(parents=True, exist_ok=True)

    found = manifests()
    ours, scenarios = installable_addons("addons"), installable_addons("tests")
    odoo_deps = sorted({d for m in ours + scenarios for d in found[m].get("depends", []) if d not in found})
    tested = opts.only.split(",") if opts.only else ours + scenarios

    passed = failed = skipped = 0
    failures = []
    base, deps, main_db = f"{opts.prefix}_base", f"{opts.prefix}_deps", opts.prefix
    build_template(base, ["base"])

    if not opts.skip_matrix:
        print(f"[tests] install matrix: {len(ours)} addons, each alone on a fresh database", flush=True)
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            for module, ok, bad, log in pool.map(lambda m: install_alone(m, base, opts.prefix), ours):
                print(f"[tests]   install {module} alone: {'ok' if ok else 'FAILED'}", flush=True)
                if ok:
                    passed += 1
                else:
                    failed += 1
                    failures.append(f"install {module} alone ({log})" + "".join(f"\n    {b}" for b in bad))

    build_template(deps, odoo_deps, template=base)
    create_db(main_db, deps)
    tags = ",".join(f"/{m}" for m in tested)
    print(f"[tests] installing {len(ours) + len(scenarios)} addons with their tests ({tags})", flush=True)
    r = OdooRun(
        "main",
        main_db,
        [
            "-i",
            ",".join(ours + scenarios),
            "--without-demo=all",
            "--test-enable",
            f"--test-tags={tags}",
            f"--screenshots={LOG_DIR}",
        ],
        echo=True,
    )()
    res = r.parse()
    failed_tests = res["failures"] + res["errors"]
    passed += res["total"] - failed_tests - res["skipped"] - len(res["env_skipped"])
    failed += len(res["env_skipped"])
    failures += [f"skipped for lack of the environment: {skip}" for skip in res["env_skipped"]]
    skipped += res["skipped"]
    failed += failed_tests
    failures += [name + "".join(f"\n    {t}" for t in trace[-TRACEBACK_LINES:]) for name, trace in res["failed_tests"]]
    if not res["summary_seen"]:
        failed += 1
        failures.append(
            f"no test summary in the Odoo log (crash or import error?), exit status {r.returncode}: {r.log_path}"
        )
    elif r.returncode and not failed_tests:
        failed += 1
        failures.append(f"odoo-bin exited with status {r.returncode}: {r.log_path}")
    if res["bad_lines"]:
        failed += 1
        failures.append(
            f"ERROR/CRITICAL lines in the Odoo log outside tests ({r.log_path}):"
            + "".join(f"\n    {b}" for b in res["bad_lines"][:20])
        )

    if not opts.keep:
        for db in (main_db, deps, base):
            drop_db(db)
    print(f"[tests] finished in {time.time() - t_start:.0f}s; logs in {LOG_DIR}")
    for f in failures:
        print(f"[tests] FAILED: {f}")
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
