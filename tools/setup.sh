#!/usr/bin/env bash
# Telmico CRM: idempotent machine set-up shared by `make run` and `make test`.
#
#   1. Debian packages (PostgreSQL 15, Chromium, wkhtmltopdf, Georgian fonts, build headers)
#   2. .venv with requirements.txt
#   3. Odoo 18.0 source: $ODOO_SRC, else /opt/odoo18, else a shallow clone from GitHub
#      into .odoo-src; installed in the venv with `pip install -e` (no deps); then the OCA addons of
#      requirements-odoo-addons.txt (no deps: theirs are in requirements.txt)
#   4. PostgreSQL running, a login role for the current OS user (peer auth, no password)
#
# Every step checks first and does nothing when already done, so a second run takes
# seconds. Environment: ODOO_SRC, ODOO_GIT_URL, PYTHON (default python3).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}
ODOO_GIT_URL=${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}
log() { printf '[setup] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "[setup] needs root for: $*" >&2; exit 1; fi
}
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

# --- 1. system packages ---------------------------------------------------------------
PACKAGES="postgresql postgresql-contrib chromium wkhtmltopdf fonts-noto-core fonts-dejavu-core
  libpq-dev libldap2-dev libsasl2-dev libxml2-dev libxslt1-dev libjpeg-dev zlib1g-dev libffi-dev
  python3-dev python3-venv build-essential git gettext"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  log "installing Debian packages:$missing"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi

# --- 2. virtualenv and Python dependencies ---------------------------------------------
if [ ! -x .venv/bin/python ]; then
  log "creating .venv"
  "$PYTHON" -m venv .venv
fi
req_stamp=.venv/.requirements.sha
req_sum=$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$req_stamp" 2>/dev/null)" != "$req_sum" ]; then
  log "installing requirements.txt and requirements-dev.txt"
  .venv/bin/pip install -q --upgrade pip setuptools wheel
  .venv/bin/pip install -q -r requirements.txt -r requirements-dev.txt
  echo "$req_sum" > "$req_stamp"
fi

# --- 3. Odoo 18.0 source ------------------------------------------------------------------
is_odoo18() { [ -f "$1/odoo/release.py" ] && grep -q "^version_info = (18, 0" "$1/odoo/release.py"; }
if [ -n "${ODOO_SRC:-}" ]; then
  is_odoo18 "$ODOO_SRC" || { echo "[setup] ODOO_SRC=$ODOO_SRC is not an Odoo 18.0 tree" >&2; exit 1; }
  src=$ODOO_SRC
elif is_odoo18 /opt/odoo18; then
  src=/opt/odoo18
else
  src=$ROOT/.odoo-src
  if ! is_odoo18 "$src"; then
    log "cloning Odoo 18.0 into $src"
    rm -rf "$src"
    git clone -q --depth 1 --branch 18.0 "$ODOO_GIT_URL" "$src"
  fi
fi
src=$(cd "$src" && pwd)
# The compat editable mode puts the source on sys.path (a .pth): the OCA addons installed from PyPI below add a
# site-packages/odoo/addons folder, and with the default editable finder `import odoo` outside odoo-bin (pytest,
# python -c) would find that bare folder as a namespace package instead of Odoo. `odoo.__file__` tells them apart.
if [ "$(cat .venv/.odoo-src 2>/dev/null)" != "$src" ] || [ ! -f .venv/.odoo-compat ] \
  || ! .venv/bin/python -c "import odoo; assert odoo.__file__" 2>/dev/null; then
  log "installing Odoo from $src into .venv"
  .venv/bin/pip install -q --no-build-isolation --no-deps --config-settings editable_mode=compat -e "$src" \
    > .venv/odoo-install.log 2>&1 || { cat .venv/odoo-install.log; exit 1; }
  echo "$src" > .venv/.odoo-src
  touch .venv/.odoo-compat
fi

# --- 3b. OCA addons from PyPI (they require the `odoo` distribution installed just above) -------------------
addons_stamp=.venv/.odoo-addons.sha
addons_sum=$(sha256sum requirements-odoo-addons.txt | cut -d' ' -f1)
if [ "$(cat "$addons_stamp" 2>/dev/null)" != "$addons_sum" ]; then
  log "installing requirements-odoo-addons.txt"
  .venv/bin/pip install -q --no-deps -r requirements-odoo-addons.txt
  echo "$addons_sum" > "$addons_stamp"
fi

# --- 4. PostgreSQL ----------------------------------------------------------------------
if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
  log "creating PostgreSQL cluster 15/main (C.UTF-8)"
  as_root pg_createcluster --locale C.UTF-8 15 main
fi
read -r pg_ver pg_name _ pg_status _ < <(pg_lsclusters -h | head -n1)
if [ "$pg_status" != online ]; then
  log "starting PostgreSQL $pg_ver/$pg_name"
  as_root pg_ctlcluster "$pg_ver" "$pg_name" start
fi
user=$(id -un)
if ! as_postgres psql -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$user'" | grep -q 1; then
  log "creating PostgreSQL role $user"
  as_postgres createuser --createdb "$user"
fi
log "ready: Odoo $(.venv/bin/python -c 'import odoo.release as r; print(r.version)') from $src"
