"""Helpers shared by tools/run.py and tools/run_tests.py (standard library only)."""

import ast
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ODOO = str(ROOT / "tools" / "odoo")
FILESTORE = ROOT / ".local" / "data" / "filestore"
ADDON_DIRS = [ROOT / "addons", ROOT / "tests"]


def manifests():
    """{module: manifest} of every addon in addons/ and tests/."""
    found = {}
    for base in ADDON_DIRS:
        for manifest in sorted(base.glob("*/__manifest__.py")):
            found[manifest.parent.name] = ast.literal_eval(manifest.read_text())
    return found


def installable_addons(folder="addons"):
    """Installable addons of addons/ (or of tests/), in name order."""
    found = manifests()
    return sorted(m for m in found if (ROOT / folder / m).is_dir() and found[m].get("installable", True))


def psql(sql, db="postgres", *params):
    """Run one SQL statement with psql; values go through psql variables, never formatting."""
    cmd = ["psql", "-X", "-qtA", "-v", "ON_ERROR_STOP=1", "-d", db]
    for i, value in enumerate(params):
        cmd += ["-v", f"p{i}={value}"]
    done = subprocess.run(cmd, check=False, input=sql, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"psql on {db} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout.strip()


def db_exists(name):
    return psql("SELECT 1 FROM pg_database WHERE datname = :'p0'", "postgres", name) == "1"


def drop_db(name, attempts=5):
    # A backend of the Odoo that just stopped may still be leaving: WITH (FORCE) then fails; wait and try again.
    for attempt in range(attempts):
        try:
            psql('DROP DATABASE IF EXISTS :"p0" WITH (FORCE)', "postgres", name)
            break
        except RuntimeError as error:
            if attempt == attempts - 1:
                raise
            print(f"[db] {error}; trying again", file=sys.stderr, flush=True)
            time.sleep(2)
    shutil.rmtree(FILESTORE / name, ignore_errors=True)


def create_db(name, template=None):
    """Create a database (dropping any old one), UTF-8 with a UTF-8 character type.

    Under LC_CTYPE=C, pg_trgm extracts no trigrams from Georgian text, so every
    database gets C.UTF-8 explicitly, plus the pg_trgm extension (unaccent is not used: its non-immutable
    function would keep trigram indexes from being used).
    With a template, the template's filestore is copied as well.
    """
    drop_db(name)
    if template:
        subprocess.run(["createdb", "-T", template, name], check=True)
        if (FILESTORE / template).exists():
            shutil.copytree(FILESTORE / template, FILESTORE / name)
    else:
        subprocess.run(
            ["createdb", "-T", "template0", "-E", "UTF8", "--lc-ctype=C.UTF-8", "--lc-collate=C", name], check=True
        )
        psql("CREATE EXTENSION IF NOT EXISTS pg_trgm;", name)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
