"""The billing system's record contract (see the addon README): validation of subscribers, charges, payments, receipts.

Pure functions, no Odoo model: each turns one record of the documented JSON / CSV shape
into column values, or raises ``RecordError`` with a reason that is logged on the sync run.
Every field is checked for its type and range here, before anything is written, so that a
value the database would refuse (or store as ``NaN``) is refused with a reason instead, and
the other records of the batch are applied.
"""

import json
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from .phone import normalize_phone

SUBSCRIBER_STATES = [
    ("active", "Active"),
    ("suspended", "Suspended"),
    ("disconnected", "Disconnected"),
    ("closed", "Closed"),
]
STATES = {code for code, _label in SUBSCRIBER_STATES}
HOLDER_TYPES = {"person", "company"}
NUMBER_RE = re.compile(r"[0-9]{5,20}")  # ASCII digits only (``\d`` would take any script's digits)
PERIOD_RE = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
ID_MAX = 64  # charge, payment and receipt ids: longer ones are refused (cutting them could merge two ids)
RECEIPT_NUMBER_MAX = 40  # the bill number printed on a receipt
MAX_AMOUNT = Decimal("1e12")  # lari: far above any bill, far below what a number column holds
MAX_KWH = Decimal("1e9")
CENT = Decimal("0.01")
DATE_MIN, DATE_MAX = date(1900, 1, 1), date(2100, 1, 1)  # dates outside are refused
FUTURE_TOLERANCE = timedelta(days=1)  # clock skew allowed on updated_at; later would freeze the record
MAX_NUMBER_TEXT = 40  # characters of a number given as text


class RecordError(ValueError):
    """A billing record that cannot be applied: logged with its reason and skipped."""


def _show(value):
    """A short, printable rendering of a refused value for the reason (never the whole value)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        text = repr(value)
        return text if len(text) <= 60 else text[:57] + "..."
    return f"a {_kind(value)}"


def _kind(value):
    return {dict: "object", list: "list", str: "text", bool: "boolean", int: "number", float: "number"}.get(
        type(value), type(value).__name__
    )


def _check_text(value, field):
    """``value`` if it is text PostgreSQL can store (no NUL, no lone surrogate), else ``RecordError``."""
    if not isinstance(value, str):
        raise RecordError(f"{field}: expected text, got {_show(value)}")
    if "\x00" in value:
        raise RecordError(f"{field}: contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise RecordError(f"{field}: not valid Unicode text") from exc
    return value


def _text(value, field, limit=255):
    """Optional text, stripped and cut to ``limit`` characters; ``None`` when empty."""
    if value is None:
        return None
    value = _check_text(value, field).strip()
    return value[:limit] or None


def _choice(value, field, allowed, default):
    if value is None or value == "":
        return default
    if not isinstance(value, str) or value not in allowed:
        raise RecordError(f"{field}: unknown value {_show(value)}")
    return value


def _decimal(value, field, limit=MAX_AMOUNT):
    """An amount given as a JSON number or as text: finite, below ``limit``, rounded to the cent."""
    if value is None or value == "":
        raise RecordError(f"{field}: missing")
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise RecordError(f"{field}: expected a number, got {_show(value)}")
    if isinstance(value, int) and abs(value) >= limit:
        raise RecordError(f"{field}: out of range ({_show(value)})")
    text = str(value).strip()
    if len(text) > MAX_NUMBER_TEXT:
        raise RecordError(f"{field}: not a number ({_show(value)})")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise RecordError(f"{field}: not a number ({_show(value)})") from exc
    if not number.is_finite():
        raise RecordError(f"{field}: not a finite number ({_show(value)})")
    if abs(number) >= limit:
        raise RecordError(f"{field}: out of range ({_show(value)})")
    return number.quantize(CENT)


def _optional_decimal(value, field, limit=MAX_AMOUNT):
    """Like ``_decimal``, zero when absent (``null`` or empty)."""
    return CENT * 0 if value is None or value == "" else _decimal(value, field, limit)


def _in_range(value, field, shown):
    if not DATE_MIN <= (value.date() if isinstance(value, datetime) else value) < DATE_MAX:
        raise RecordError(f"{field}: out of range ({_show(shown)})")
    return value


def _date(value, field):
    """Optional ISO date (``YYYY-MM-DD``; a date-time is cut to its date)."""
    if value is None or value == "":
        return None
    text = _check_text(value, field)
    try:
        parsed = date.fromisoformat(text[:10])
    except ValueError as exc:
        raise RecordError(f"{field}: not a date ({_show(value)})") from exc
    return _in_range(parsed, field, value)


def _datetime(value, field):
    """Required ISO date-time, in UTC (``Z`` or an offset; none means UTC), not in the future."""
    if value is None or value == "":
        raise RecordError(f"{field}: missing")
    text = _check_text(value, field)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if parsed.tzinfo:
            parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError) as exc:
        raise RecordError(f"{field}: not a date-time ({_show(value)})") from exc
    _in_range(parsed, field, value)
    if parsed > datetime.now(UTC).replace(tzinfo=None) + FUTURE_TOLERANCE:
        raise RecordError(f"{field}: in the future ({_show(value)})")
    return parsed


def _object(value, field):
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RecordError(f"{field}: expected an object, got {_show(value)}")
    return value


def _list(value, field):
    if value is None or value == "":
        return []
    if not isinstance(value, list):
        raise RecordError(f"{field}: expected a list, got {_show(value)}")
    return value


def _id(record, kind):
    value = record.get("id")
    if value is None or value == "":
        raise RecordError(f"{kind}: missing id")
    value = _check_text(value, f"{kind} id").strip()
    if not value or len(value) > ID_MAX:
        raise RecordError(f"{kind} id: expected 1 to {ID_MAX} characters ({_show(value)})")
    return value


def record_reference(record, position):
    """How a refused record is named on the sync run: its number, else its position in the batch (1-based)."""
    number = record.get("number") if isinstance(record, dict) else None
    if isinstance(number, str) and number.strip():
        return storable(number.strip()[:ID_MAX])
    if isinstance(number, int) and not isinstance(number, bool) and abs(number) < 10**ID_MAX:
        return str(number)
    return f"#{position}"


def storable(text):
    """``text`` with what PostgreSQL cannot store (NUL, lone surrogates) written as escapes."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def excerpt(payload, limit=4000):
    """The refused payload as JSON for the sync log: cut to ``limit`` characters, nesting and lists pruned."""

    def prune(value, depth):
        if isinstance(value, dict):
            if depth > 5:
                return "…"
            return {str(k)[:100]: prune(v, depth + 1) for k, v in list(value.items())[:50]}
        if isinstance(value, list):
            if depth > 5:
                return "…"
            return [prune(v, depth + 1) for v in value[:50]]
        if isinstance(value, str):
            return value[:500]
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**100:
            return "<huge number>"
        return value

    return storable(json.dumps(prune(payload, 0), ensure_ascii=False, default=str))[:limit]


def parse_subscriber(record):
    """Validate one billing subscriber record (the documented contract) into column values."""
    if not isinstance(record, dict):
        raise RecordError(f"record: expected an object, got {_show(record)}")
    number = record.get("number")
    if not isinstance(number, str) or not NUMBER_RE.fullmatch(number.strip()):
        raise RecordError(f"number: expected text of 5 to 20 digits ({_show(number)})")
    number = number.strip()
    status = _choice(record.get("status"), "status", STATES, "active")
    holder_type = _choice(record.get("holder_type"), "holder_type", HOLDER_TYPES, "person")
    address = _object(record.get("address"), "address")
    meters = record.get("meters")
    if isinstance(meters, str):
        meters = _check_text(meters, "meters").replace(";", " ").split()
    meters = [_text(m, "meters") for m in _list(meters, "meters")]
    balance = _optional_decimal(record.get("balance"), "balance")
    phone = _text(record.get("phone"), "phone")
    phone = (normalize_phone(phone) or None) if phone else None
    building = _text(address.get("building"), "address.building", 20)
    apartment = _text(address.get("apartment"), "address.apartment", 20)
    street = _text(address.get("street"), "address.street")
    city = _text(address.get("city"), "address.city")
    district = _text(address.get("district"), "address.district")
    street_line = " ".join(filter(None, [street, building]))
    full_address = ", ".join(filter(None, [city, district, street_line, apartment and f"ბ. {apartment}"]))
    return {
        "number": number,
        "name": _text(record.get("holder_name"), "holder_name"),
        "holder_type": holder_type,
        "personal_number": _text(record.get("personal_number"), "personal_number", 11),
        "company_registry": _text(record.get("company_id"), "company_id", 9),
        "phone": phone,
        "email": _text(record.get("email"), "email"),
        "city": city,
        "district": district,
        "street": street,
        "building": building,
        "apartment": apartment,
        "zip": _text(address.get("zip"), "address.zip", 10),
        "address": full_address or None,
        "meter_numbers": " ".join(filter(None, meters)) or None,
        "tariff": _text(record.get("tariff"), "tariff", 20),
        "status": status,
        "balance": balance,
        "debt": max(balance, Decimal(0)),
        "contract_number": _text(record.get("contract_number"), "contract_number", 40),
        "contract_date": _date(record.get("contract_date"), "contract_date"),
        "billing_updated_at": _datetime(record.get("updated_at"), "updated_at"),
    }


def parse_charge(record):
    if not isinstance(record, dict):
        raise RecordError(f"charge: expected an object, got {_show(record)}")
    billing_id = _id(record, "charge")
    period = record.get("period")
    if period not in (None, "") and not (isinstance(period, str) and PERIOD_RE.fullmatch(period)):
        raise RecordError(f"charge {billing_id}: period must be YYYY-MM ({_show(period)})")
    return {
        "billing_id": billing_id,
        "period": period or None,
        "date": _date(record.get("date"), f"charge {billing_id} date"),
        "kwh": float(_optional_decimal(record.get("kwh"), f"charge {billing_id} kwh", MAX_KWH)),
        "amount": _decimal(record.get("amount"), f"charge {billing_id} amount"),
    }


def parse_payment(record):
    if not isinstance(record, dict):
        raise RecordError(f"payment: expected an object, got {_show(record)}")
    billing_id = _id(record, "payment")
    return {
        "billing_id": billing_id,
        "date": _date(record.get("date"), f"payment {billing_id} date"),
        "amount": _decimal(record.get("amount"), f"payment {billing_id} amount"),
        "channel": _text(record.get("channel"), f"payment {billing_id} channel", 64),
        "reference": _text(record.get("reference"), f"payment {billing_id} reference", 64),
    }


def parse_receipt(record):
    """A billing receipt (the bill of a period): number, period, issue and due dates, kWh, amounts."""
    if not isinstance(record, dict):
        raise RecordError(f"receipt: expected an object, got {_show(record)}")
    billing_id = _id(record, "receipt")
    label = f"receipt {billing_id}"
    number = _text(record.get("number"), f"{label} number", RECEIPT_NUMBER_MAX + 1)
    if not number:
        raise RecordError(f"{label}: missing number")
    if len(number) > RECEIPT_NUMBER_MAX:
        raise RecordError(f"{label} number: longer than {RECEIPT_NUMBER_MAX} characters ({_show(number)})")
    period = record.get("period")
    if not (isinstance(period, str) and PERIOD_RE.fullmatch(period)):
        raise RecordError(f"{label}: period must be YYYY-MM ({_show(period)})")
    issued = _date(record.get("date"), f"{label} date")
    due = _date(record.get("due_date"), f"{label} due_date")
    if issued and due and due < issued:
        raise RecordError(f"{label}: due_date {due.isoformat()} is before the date {issued.isoformat()}")
    amount = _decimal(record.get("amount"), f"{label} amount")
    previous = _optional_decimal(record.get("previous_balance"), f"{label} previous_balance")
    return {
        "billing_id": billing_id,
        "number": number,
        "period": period,
        "date": issued,
        "due_date": due,
        "kwh": float(_optional_decimal(record.get("kwh"), f"{label} kwh", MAX_KWH)),
        "amount": amount,
        "previous_balance": previous,
        "amount_due": amount + previous,
    }


def _children(record, key, parse, kind):
    rows, seen = [], set()
    for child in _list(record.get(key), key):
        values = parse(child)
        if values["billing_id"] in seen:
            raise RecordError(f"{kind} {values['billing_id']}: twice in the record")
        seen.add(values["billing_id"])
        rows.append(values)
    return rows


def parse_subscriber_record(record):
    """One whole subscriber record: ``(subscriber values, charges, payments, receipts)``, all valid or ``RecordError``."""
    values = parse_subscriber(record)
    charges = _children(record, "charges", parse_charge, "charge")
    payments = _children(record, "payments", parse_payment, "payment")
    receipts = _children(record, "receipts", parse_receipt, "receipt")
    return values, charges, payments, receipts
