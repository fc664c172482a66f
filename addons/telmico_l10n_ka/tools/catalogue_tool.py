#!/usr/bin/env python3
"""Maintain the Georgian catalogues of core modules (i18n_core/<module>/ka.po).

    catalogue_tool.py todo MODULE [--match REGEX] [--skip REGEX] [--terms JSON] [--js] [--limit N]
        numbered msgids of the module's .pot not yet translated in our catalogue
        (core's own ka.po translation, if any, is shown after "core:")
    catalogue_tool.py fill MODULE FILE
        apply "N<TAB>msgstr" lines (N from `todo`; msgstr "=" takes core's translation, "~" the
        one another catalogue has for the same msgid ("tm:" in `todo`);
        "\\n" stands for a new line); placeholders must match the msgid
    catalogue_tool.py tm MODULE [--except "msgid|msgid"]
        fill what other catalogues already translate (one wording per term)
    catalogue_tool.py add MODULE js|py FILE
        add "msgid<TAB>msgstr" terms of the module's source that its .pot lacks yet
    catalogue_tool.py refresh [MODULE...]
        rewrite catalogues in the order and with the references of the current .pot
    catalogue_tool.py stats
    catalogue_tool.py check
        every entry keeps the placeholders and tags of its msgid

The .pot and ka.po are read from the Odoo source ($ODOO_SRC, default /opt/odoo18), or, for
OCA addons installed from PyPI, from the venv running the tool (site-packages/odoo/addons).
Our catalogue keeps only translated entries, each with the .pot's comments and
references, so that core's readers treat it exactly like a module's own ka.po.
"""

import collections
import json
import os
import re
import sys
import sysconfig

import polib

HERE = os.path.dirname(os.path.abspath(__file__))
CATALOGUES = os.path.join(os.path.dirname(HERE), "i18n_core")
ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo18")
LANG = "ka"
PLACEHOLDER = re.compile(r"%\([\w.]+\)[sdfir]|%[sdfir]|%%|\{\{.*?\}\}|\$\{.*?\}|#\{.*?\}|</?[a-zA-Z][^>]*>|\{[\w.]*\}")
# a few technical msgids stay as they are (codes, names, formats): see README
KEEP = re.compile(r"^[\W\d_]*$|^(%s|ID|URL|API|CSV|XLSX|JSON|SMS|SMTP|IAP|OK|Odoo|Gmail|Outlook|GEL|CAMT|\.\.\.)$")


def module_dir(module):
    # core's addons, then the OCA addons installed from PyPI into the venv (their .pot is in their i18n/ too)
    oca = os.path.join(sysconfig.get_paths()["purelib"], "odoo", "addons")
    for root in (os.path.join(ODOO_SRC, "addons"), os.path.join(ODOO_SRC, "odoo", "addons"), oca):
        if os.path.isdir(os.path.join(root, module)):
            return os.path.join(root, module)
    sys.exit(f"no module {module} in {ODOO_SRC} or the venv")


def pot(module):
    return polib.pofile(os.path.join(module_dir(module), "i18n", f"{module}.pot"), wrapwidth=78)


def core_po(module):
    path = os.path.join(module_dir(module), "i18n", f"{LANG}.po")
    return {e.msgid: e.msgstr for e in polib.pofile(path) if e.msgstr} if os.path.exists(path) else {}


def ours_path(module):
    return os.path.join(CATALOGUES, module, f"{LANG}.po")


def ours(module):
    path = ours_path(module)
    return {e.msgid: e.msgstr for e in polib.pofile(path) if e.msgstr} if os.path.exists(path) else {}


def memory():
    """msgid -> msgstr over every catalogue: one wording for one term across modules."""
    found = {}
    for module in sorted(os.listdir(CATALOGUES)):
        found.update(ours(module))
    return found


def write(module, translations):
    template = pot(module)
    out = polib.POFile(wrapwidth=78)
    out.metadata = {
        "Project-Id-Version": "Odoo Server 18.0 (Telmico catalogue)",
        "PO-Revision-Date": "",
        "Last-Translator": "Telmico",
        "Language-Team": "Georgian",
        "Language": LANG,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "",
        "Plural-Forms": "nplurals=2; plural=(n!=1);",
    }
    out.header = f"Georgian translation of {module} (Odoo 18.0 core) for Telmico CRM.\nOnly translated entries."
    in_template = set()
    for entry in template:
        in_template.add(entry.msgid)
        if translations.get(entry.msgid):
            entry.msgstr = translations[entry.msgid]
            out.append(entry)
    # terms of the module's source that its .pot (refreshed by Odoo now and then) lacks yet
    if os.path.exists(ours_path(module)):
        for entry in polib.pofile(ours_path(module)):
            if entry.msgid not in in_template and translations.get(entry.msgid):
                entry.msgstr = translations[entry.msgid]
                out.append(entry)
    os.makedirs(os.path.dirname(ours_path(module)), exist_ok=True)
    out.save(ours_path(module))
    return len(out)


def is_js(entry):
    return "odoo-javascript" in (entry.comment or "")


def todo_entries(module, match=None, js=False, skip=None, terms=None):
    done = ours(module)
    rows = []
    for index, entry in enumerate(pot(module)):
        if entry.msgid in done or KEEP.match(entry.msgid):
            continue
        if js and not is_js(entry):
            continue
        refs = " ".join(o[0] for o in entry.occurrences)
        if match and not re.search(match, refs + " " + entry.msgid):
            continue
        if skip and re.search(skip, refs):
            continue
        if terms is not None and entry.msgid not in terms:
            continue
        rows.append((index, entry))
    return rows


def cmd_todo(module, *args):
    match = args[args.index("--match") + 1] if "--match" in args else None
    limit = int(args[args.index("--limit") + 1]) if "--limit" in args else 10**6
    core = core_po(module)
    known = memory()
    skip = args[args.index("--skip") + 1] if "--skip" in args else None
    terms = None
    if "--terms" in args:  # a JSON {module: [msgid, ...]}, e.g. what a test found left in English
        with open(args[args.index("--terms") + 1], encoding="utf-8") as fileobj:
            terms = set(json.load(fileobj).get(module, []))
    rows = todo_entries(module, match, "--js" in args, skip, terms)
    for index, entry in rows[:limit]:
        src = entry.msgid.replace("\n", "\\n")
        line = f"{index}\t{src}"
        if entry.msgid in known:
            line += "\t tm: " + known[entry.msgid].replace("\n", "\\n")
        elif entry.msgid in core:
            line += "\t core: " + core[entry.msgid].replace("\n", "\\n")
        print(line)
    print(f"# {min(len(rows), limit)} of {len(rows)} shown", file=sys.stderr)


TRANSLATED_ATTR = re.compile(r'\b(aria-label|title|alt|placeholder|data-tooltip)="[^"]*"')


def placeholders(text):
    """What a translation must keep: format specifiers, expressions and tags (the texts
    of their translatable attributes aside)."""
    return collections.Counter(TRANSLATED_ATTR.sub(r'\1=""', token) for token in PLACEHOLDER.findall(text))


def cmd_fill(module, path):
    entries = list(pot(module))
    core = core_po(module)
    known = memory()
    translations = ours(module)
    bad = 0
    with open(path, encoding="utf-8") as lines:
        for raw in lines:
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            index, _sep, value = line.partition("\t")
            entry = entries[int(index)]
            if value == "=":  # core's translation
                value = core.get(entry.msgid, "")
            elif value == "~":  # the one of another catalogue
                value = known.get(entry.msgid, "")
            else:
                value = value.replace("\\n", "\n")
            if not value:
                print(f"EMPTY {index}: {entry.msgid!r}")
                bad += 1
                continue
            if placeholders(value) != placeholders(entry.msgid):
                print(f"PLACEHOLDERS {index}: {entry.msgid!r} -> {value!r}")
                bad += 1
                continue
            translations[entry.msgid] = value
    print(f"{module}: {write(module, translations)} entries ({bad} rejected)")


def cmd_tm(module, *args):
    """Fill the untranslated entries of a module that another catalogue already translates."""
    known = memory()
    translations = ours(module)
    skip = set(args[args.index("--except") + 1].split("|")) if "--except" in args else set()
    added = 0
    for entry in pot(module):
        if entry.msgid not in translations and entry.msgid in known and entry.msgid not in skip:
            translations[entry.msgid] = known[entry.msgid]
            added += 1
    print(f"{module}: {added} from other catalogues, {write(module, translations)} entries")


def cmd_add(module, kind, path):
    """Add terms found in the module's source but not in its .pot ("msgid<TAB>msgstr" lines)."""
    comment = {"js": "odoo-javascript", "py": "odoo-python"}[kind]
    extra = polib.pofile(ours_path(module)) if os.path.exists(ours_path(module)) else polib.POFile()
    translations = ours(module)
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            msgid, _sep, msgstr = line.rstrip("\n").partition("\t")
            msgid, msgstr = msgid.replace("\\n", "\n"), msgstr.replace("\\n", "\n")
            if placeholders(msgid) != placeholders(msgstr):
                print(f"PLACEHOLDERS {msgid!r} -> {msgstr!r}")
                continue
            if msgid not in translations:
                extra.append(
                    polib.POEntry(
                        msgid=msgid,
                        msgstr=msgstr,
                        comment=f"module: {module}\n{comment}",
                        occurrences=[
                            (f"code:addons/{module}/static/src/:0" if kind == "js" else f"code:addons/{module}/:0", "")
                        ],
                    )
                )
            translations[msgid] = msgstr
    os.makedirs(os.path.dirname(ours_path(module)), exist_ok=True)
    extra.save(ours_path(module))
    print(f"{module}: {write(module, translations)} entries")


def cmd_refresh(*modules):
    for module in modules or sorted(os.listdir(CATALOGUES)):
        print(f"{module}: {write(module, ours(module))} entries")


def cmd_check():
    """Every catalogue entry keeps the placeholders and tags of its msgid."""
    bad = 0
    for module in sorted(os.listdir(CATALOGUES)):
        for entry in polib.pofile(ours_path(module)):
            if entry.msgstr and placeholders(entry.msgstr) != placeholders(entry.msgid):
                print(f"{module}: {entry.msgid!r} -> {entry.msgstr!r}")
                bad += 1
    print(f"{bad} entries with placeholders that differ from their msgid")
    sys.exit(1 if bad else 0)


def cmd_stats():
    for module in sorted(os.listdir(CATALOGUES)):
        entries = list(pot(module))
        done = ours(module)
        js = [e for e in entries if is_js(e)]
        print(
            f"{module:20} {len(done):5} of {len(entries):5} terms;"
            f" web client {sum(e.msgid in done for e in js)} of {len(js)}"
        )


if __name__ == "__main__":
    command, *rest = sys.argv[1:] or ["help"]
    {
        "todo": cmd_todo,
        "fill": cmd_fill,
        "tm": cmd_tm,
        "add": cmd_add,
        "refresh": cmd_refresh,
        "stats": cmd_stats,
        "check": cmd_check,
    }.get(command, lambda *_a: print(__doc__))(*rest)
