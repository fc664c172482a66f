#!/usr/bin/env bash
# `make lint`: ruff (lint + format check), pylint-odoo mandatory checks, OCA module checks,
# a guard against pre-17 view syntax, and one that every sudo() says why in a comment. Everything runs from .venv (PyPI), nothing is
# downloaded at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
status=0
step() { echo "[lint] $*"; }

step "ruff check"; $bin/ruff check addons simulators tests tools || status=1
step "ruff format --check"; $bin/ruff format --check addons simulators tests tools || status=1
mods=$(find addons tests -mindepth 2 -maxdepth 2 -name __manifest__.py -printf '%h\n' | sort)
step "pylint-odoo"; $bin/pylint --rcfile=.pylintrc $mods || status=1
step "oca-checks-odoo-module"; $bin/oca-checks-odoo-module $(find addons tests -mindepth 2 -maxdepth 2 -name __manifest__.py) || status=1
step "sudo() says why"; $bin/python tools/check_sudo.py addons || status=1
step "XML guard (<tree>, attrs=, states=)"
if grep -rnE '<tree[ >]|[^_]attrs=|[^_a-z]states=' --include='*.xml' addons tests; then
  echo "[lint] use <list> and Python-expression invisible/readonly/required instead"; status=1
fi
step "Apps page description (static/description/index.html)"
for manifest in addons/*/__manifest__.py; do
  addon=$(dirname "$manifest")
  # without it, Odoo renders README.md as reStructuredText on the Apps page: garbled text and docutils errors
  [ -f "$addon/static/description/index.html" ] || { echo "$addon: no static/description/index.html"; status=1; }
done
[ $status = 0 ] && echo "[lint] all clean" || echo "[lint] FAILED"
exit $status
