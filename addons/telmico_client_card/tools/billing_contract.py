"""The billing system's record contract (see the addon README): validation of subscribers, charges, payments.

Pure functions, no Odoo model: each turns one record of the documented JSON / CSV shape
into column values, or raises ``RecordError`` with a reason that is logged on the sync run.
"""

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

from .phone import normalize_phone

SUBSCRIBER_STATES = [
    ("active", "Active"),
    ("suspended", "Suspended"),
    ("disconnected", "Disconnected"),
    ("closed", "Closed"),
]
NUMBER_RE = re.compile(r"^\d{5,20}$")
PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
STATES = {code for code, _label in SUBSCRIBER_STATES}


class RecordError(ValueError):
    """A billing record that cannot be applied: logged with its reason and skipped."""


def _decimal(value, field):
    try:
        return Decimal(str(value).strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise RecordError(f"{field}: not a number ({value!r})") from exc


def _date(value, field):
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise RecordError(f"{field}: not a date ({value!r})") from exc


def _datetime(value, field):
    if not value:
        raise RecordError(f"{field}: missing")
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise RecordError(f"{field}: not a date-time ({value!r})") from exc
    if parsed.tzinfo:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _text(value, limit=255):
    value = (str(value).strip() if value is not None else "") or None
    return value[:limit] if value else None


def parse_subscriber(record):
    """Validate one billing subscriber record (the documented contract) into column values."""
    if not isinstance(record, dict):
        raise RecordError("record is not an object")
    number = str(record.get("number") or "").strip()
    if not NUMBER_RE.match(number):
        raise RecordError(f"number: expected 5 to 20 digits ({record.get('number')!r})")
    status = record.get("status") or "active"
    if status not in STATES:
        raise RecordError(f"status: unknown value {status!r}")
    address = record.get("address") or {}
    if not isinstance(address, dict):
        raise RecordError("address: not an object")
    meters = record.get("meters") or []
    if isinstance(meters, str):
        meters = meters.replace(";", " ").split()
    balance = _decimal(record.get("balance") or 0, "balance")
    phone = normalize_phone(record.get("phone")) or None
    building, apartment = _text(address.get("building"), 20), _text(address.get("apartment"), 20)
    street_line = " ".join(filter(None, [_text(address.get("street")), building]))
    full_address = ", ".join(
        filter(
            None,
            [_text(address.get("city")), _text(address.get("district")), street_line, apartment and f"ბ. {apartment}"],
        )
    )
    holder_type = record.get("holder_type") or "person"
    if holder_type not in ("person", "company"):
        raise RecordError(f"holder_type: unknown value {holder_type!r}")
    return {
        "number": number,
        "name": _text(record.get("holder_name")),
        "holder_type": holder_type,
        "personal_number": _text(record.get("personal_number"), 11),
        "company_registry": _text(record.get("company_id"), 9),
        "phone": phone,
        "email": _text(record.get("email")),
        "city": _text(address.get("city")),
        "district": _text(address.get("district")),
        "street": _text(address.get("street")),
        "building": building,
        "apartment": apartment,
        "zip": _text(address.get("zip"), 10),
        "address": full_address or None,
        "meter_numbers": " ".join(str(m).strip() for m in meters if str(m).strip()) or None,
        "tariff": _text(record.get("tariff"), 20),
        "status": status,
        "balance": balance,
        "debt": max(balance, Decimal(0)),
        "contract_number": _text(record.get("contract_number"), 40),
        "contract_date": _date(record.get("contract_date"), "contract_date"),
        "billing_updated_at": _datetime(record.get("updated_at"), "updated_at"),
    }


def parse_charge(record):
    if not isinstance(record, dict) or not record.get("id"):
        raise RecordError("charge: missing id")
    period = str(record.get("period") or "")
    if period and not PERIOD_RE.match(period):
        raise RecordError(f"charge {record['id']}: period must be YYYY-MM ({period!r})")
    return {
        "billing_id": _text(record["id"], 64),
        "period": period or None,
        "date": _date(record.get("date"), "charge date"),
        "kwh": float(_decimal(record.get("kwh") or 0, "kwh")),
        "amount": _decimal(record.get("amount"), "charge amount"),
    }


def parse_payment(record):
    if not isinstance(record, dict) or not record.get("id"):
        raise RecordError("payment: missing id")
    return {
        "billing_id": _text(record["id"], 64),
        "date": _date(record.get("date"), "payment date"),
        "amount": _decimal(record.get("amount"), "payment amount"),
        "channel": _text(record.get("channel"), 64),
        "reference": _text(record.get("reference"), 64),
    }
