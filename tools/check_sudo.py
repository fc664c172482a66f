"""Lint guard: every ``sudo()`` in the addons' code says why, in a comment that mentions sudo.

    .venv/bin/python tools/check_sudo.py [paths...]   (default: addons)

The comment (or the docstring) is on the call's line, in the 6 lines above it or the 2 below (a
statement spread over lines), e.g. ``# sudo: the portal user may not read the team's configuration``.
``sudo(False)`` drops rights and needs none. Tests and
migrations are left out (they run as the superuser anyway). Prints each call without one and
exits 1 if there is any.
"""

import re
import sys
from pathlib import Path

BEFORE, AFTER = 6, 2
CALL = re.compile(r"\.sudo\((?!False)")
SAYS_WHY = re.compile(r"\bsudo\b", re.IGNORECASE)


def missing(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        code = line.split("#", 1)[0]
        if not CALL.search(code):
            continue
        window = lines[max(0, number - 1 - BEFORE) : number + AFTER]
        if not any(SAYS_WHY.search(re.sub(r"\.sudo\([^)]*\)", "", near)) for near in window):
            yield number, line.strip()


def main(roots):
    found = 0
    for root in roots:
        for path in sorted(Path(root).rglob("*.py")):
            if {"tests", "migrations"} & set(path.parts):
                continue
            for number, line in missing(path):
                print(f"{path}:{number}: sudo() without a comment saying why: {line}")
                found += 1
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["addons"]))
