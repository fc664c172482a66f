"""Values typed as text by the operator, read by the type of the service field they answer."""

from datetime import datetime

BOOLEAN_ANSWERS = {
    "yes": True,
    "y": True,
    "1": True,
    "true": True,
    "კი": True,
    "no": False,
    "n": False,
    "0": False,
    "false": False,
    "არა": False,
}


DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")


def parse_date(text, formats=()):
    """The date typed as ``text`` in one of ``formats`` (tried first: the user's) or of DATE_FORMATS, or None."""
    for fmt in (*formats, *DATE_FORMATS):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def parse_boolean(text, answers=None):
    """True or False for a yes / no typed as ``text`` (კი / არა, yes / no, true / false, 1 / 0, or ``answers``), or None."""
    key = text.strip().lower()
    return {**BOOLEAN_ANSWERS, **(answers or {})}.get(key)


def parse_typed(kind, text):
    """Column values for ``text`` typed as a value of type ``kind`` (number, date, yes/no), or None."""
    compact = text.replace(" ", "")
    try:
        if kind == "integer":
            return {"value_integer": int(compact), "value_set": True}
        if kind in ("float", "monetary"):
            return {f"value_{kind}": float(compact.replace(",", ".")), "value_set": True}
    except ValueError:
        return None
    if kind == "date":
        value = parse_date(text)
        return None if value is None else {"value_date": value}
    if kind == "boolean":
        value = parse_boolean(text)
        return None if value is None else {"value_boolean": value, "value_set": True}
    return None
