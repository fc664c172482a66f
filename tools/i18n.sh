#!/usr/bin/env bash
# `make i18n`: refresh every addon's .pot from a database where the addons are installed
# (default: the demo database of `make run`), merge it into ka.po, and list what is left
# to translate. Translate those entries, then `make test` checks that nothing is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${I18N_DB:-${DB:-telmico}}
addons=$(find addons -mindepth 2 -maxdepth 2 -name __manifest__.py -printf '%h\n' | xargs -n1 basename | sort | paste -sd,)
tools/odoo -d "$db" --db-filter="^$db\$" --no-http --stop-after-init -u "$addons" --log-level=warn
for m in ${addons//,/ }; do
  pot=addons/$m/i18n/$m.pot po=addons/$m/i18n/ka.po
  tools/odoo -d "$db" --db-filter="^$db\$" --no-http --stop-after-init --i18n-export="$pot" --modules="$m" --log-level=warn
  [ -f "$po" ] || cp "$pot" "$po"
  msgmerge --quiet --update --no-fuzzy-matching --backup=none "$po" "$pot"
  msgattrib --no-obsolete -o "$po" "$po"
  left=$(msgattrib --untranslated "$po" | grep -c '^msgid ' || true)
  [ "$left" -le 1 ] && echo "[i18n] $m: complete" || echo "[i18n] $m: $((left - 1)) entries to translate in $po"
done
