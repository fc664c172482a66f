"""The call events of the telephony contract (README "Call events"): parsed and checked, pure functions."""

from datetime import UTC, datetime

EVENTS = ("ringing", "answered", "held", "transferred", "ended", "missed")
DIRECTIONS = {"inbound": "incoming", "outbound": "outgoing"}
REQUIRED = ("call_id", "event", "timestamp")
TEXT_LIMITS = {
    "call_id": 128,
    "caller": 64,
    "called": 64,
    "extension": 32,
    "queue": 128,
    "ivr_choice": 128,
    "recording_url": 2048,
}
# numbers a platform sends for a withheld caller: no client to match, no callback to make
WITHHELD = {"", "anonymous", "withheld", "private", "unknown", "restricted"}


class EventError(ValueError):
    """An event the contract refuses: ``code`` for the JSON answer, ``fields`` the offending fields."""

    def __init__(self, code, fields):
        super().__init__(code)
        self.code = code
        self.fields = fields


def parse_timestamp(value):
    """A naive UTC datetime from ISO 8601 (with ``Z`` or an offset) or unix seconds; ``ValueError`` otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC).replace(tzinfo=None)
    if not isinstance(value, str) or not value:
        raise ValueError(value)
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError(value)  # a time without its zone is ambiguous
    return parsed.astimezone(UTC).replace(tzinfo=None)


def parse_event(payload):
    """The values of a call event from its JSON ``payload`` (a dict); ``EventError`` when it is refused."""
    if not isinstance(payload, dict):
        raise EventError("malformed_payload", {})
    missing = [name for name in REQUIRED if payload.get(name) in (None, "")]
    if missing:
        raise EventError("missing_fields", dict.fromkeys(missing, "required"))
    errors = {}
    values = {}
    for name, limit in TEXT_LIMITS.items():
        value = payload.get(name)
        if value is None:
            continue
        if isinstance(value, int) and not isinstance(value, bool) and name != "recording_url":
            value = str(value)  # an extension or an IVR digit sent as a number
        if not isinstance(value, str):
            errors[name] = "not_a_string"
        elif len(value) > limit:
            errors[name] = f"longer_than_{limit}"
        else:
            values[name] = value.strip()
    if payload["event"] not in EVENTS:
        errors["event"] = "unknown_event"
    direction = payload.get("direction")  # absent: the call's other events tell, else inbound
    if direction is not None and direction not in DIRECTIONS:
        errors["direction"] = "unknown_direction"
    try:
        values["timestamp"] = parse_timestamp(payload["timestamp"])
    except (ValueError, TypeError, OverflowError, OSError):
        errors["timestamp"] = "invalid_timestamp"
    url = values.get("recording_url")
    if url and not url.lower().startswith(("https://", "http://")):
        errors["recording_url"] = "not_an_http_url"
    if errors:
        raise EventError("invalid_fields", errors)
    values["event"] = payload["event"]
    values["direction"] = DIRECTIONS.get(direction)
    return values


def is_withheld(number):
    return (number or "").strip().lower() in WITHHELD
