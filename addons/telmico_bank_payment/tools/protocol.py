"""The bank payment protocol's result codes and small pure helpers (contract in the addon README)."""

import re

# code -> (value sent in ``status.value``, HTTP status of the answer)
CODES = {
    0: ("OK", 200),
    1: ("ACCESS_DENIED", 403),
    2: ("BAD_REQUEST", 400),
    3: ("INVALID_HASH", 401),
    4: ("INVALID_CURRENCY", 422),
    6: ("CUSTOMER_NOT_FOUND", 404),
    7: ("INVALID_AMOUNT", 422),
    8: ("TRANSACTION_ID_NOT_UNIQUE", 409),
    10: ("INVOICE_NOT_PAYABLE", 409),
    11: ("NOTHING_TO_PAY", 409),
    12: ("ALREADY_SUCCESSFUL", 200),
    99: ("SYSTEM_ERROR", 500),
}
OK, ACCESS_DENIED, BAD_REQUEST, INVALID_HASH, INVALID_CURRENCY = 0, 1, 2, 3, 4
CUSTOMER_NOT_FOUND, INVALID_AMOUNT, NOT_UNIQUE, NOT_PAYABLE, NOTHING_TO_PAY, ALREADY_SUCCESSFUL = 6, 7, 8, 10, 11, 12
SYSTEM_ERROR = 99

TRANSACTION_ID_RE = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
CUSTOMER_RE = re.compile(r"[0-9]{9}|[0-9]{11}")  # company (9 digits) or personal (11 digits) number
REFERENCE_MAX = 64
MAX_TETRI = 10**12  # ten billion lari: anything larger is a malformed amount


class ProtocolError(Exception):
    """A refused call: ``code`` of ``CODES`` and a short English ``detail`` for the bank's logs."""

    def __init__(self, code, detail=""):
        super().__init__(detail)
        self.code = code
        self.detail = detail


def status(code):
    """The ``status`` object of an answer."""
    return {"code": code, "value": CODES[code][0]}


def mask_name(name):
    """The customer's name as the bank may show it: each word's first letter, then one star per letter."""
    words = (name or "").split()
    return " ".join(word[0] + "*" * (len(word) - 1) for word in words)


def to_tetri(amount, decimal_places=2):
    """An amount of money (lari) as integer tetri, to the nearest tetri."""
    return round(amount * 10**decimal_places)


def parse_tetri(value):
    """The ``amount`` of a pay call: a positive JSON integer of tetri, else ``ProtocolError`` (7)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProtocolError(INVALID_AMOUNT, "amount must be an integer number of tetri")
    if value <= 0 or value > MAX_TETRI:
        raise ProtocolError(INVALID_AMOUNT, "amount must be positive")
    return value


def parse_text(payload, key, pattern=None, required=True):
    """A string field of the request (``ProtocolError`` 2 when missing or malformed)."""
    value = payload.get(key)
    if value is None or value == "":
        if required:
            raise ProtocolError(BAD_REQUEST, f"{key} is required")
        return None
    if not isinstance(value, str) or len(value) > REFERENCE_MAX:
        raise ProtocolError(BAD_REQUEST, f"{key} must be a string of at most {REFERENCE_MAX} characters")
    value = value.strip()
    if pattern and not pattern.fullmatch(value):
        raise ProtocolError(BAD_REQUEST, f"{key} is malformed")
    return value
