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
        for fmt in DATE_FORMATS:
            try:
                return {"value_date": datetime.strptime(text, fmt).date()}
            except ValueError:
                continue
        return None
    if kind == "boolean" and text.lower() in BOOLEAN_ANSWERS:
        return {"value_boolean": BOOLEAN_ANSWERS[text.lower()], "value_set": True}
    return None
