"""Recipient numbers as the gateways take them: ``995XXXXXXXXX`` (Georgia's code, nine digits, no ``+``).

Parsed by core's ``phone_validation.phone_format`` (the parser behind ``_phone_format`` and the client
card's ``tools/phone.py``), region GE for numbers typed without a country code.
"""

import re

from odoo.addons.phone_validation.tools import phone_validation
from odoo.exceptions import UserError

GATEWAY_NUMBER = re.compile(r"995[0-9]{9}")


def gateway_number(value):
    """``"599 12 34 56"``, ``"+995 599-123-456"``, ``"995599123456"`` → ``"995599123456"``.

    ``None`` for an empty value, ``False`` for anything that is not a Georgian number.
    """
    value = (value or "").strip()
    if not value:
        return None
    if GATEWAY_NUMBER.fullmatch(value):
        value = f"+{value}"
    try:
        e164 = phone_validation.phone_format(value, "GE", 995, force_format="E164", raise_exception=True)
    except UserError:
        return False
    number = e164.lstrip("+")
    return number if GATEWAY_NUMBER.fullmatch(number) else False
