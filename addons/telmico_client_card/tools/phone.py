"""Phone numbers as the client card keeps them: E.164 to store, national format to show.

Both helpers are thin wrappers around core's ``phone_validation.phone_format`` (the function
behind ``_phone_format`` on every model): one parser and one set of rules for the whole
suite. They exist for the code that has no record to call ``_phone_format`` on, chiefly the
billing contract (``billing_contract.py``, pure functions), where billing's numbers are
Georgian unless they carry a country code. On records, use ``_phone_format`` (res.partner:
``_client_phone``), which takes the record's country into account.
"""

from odoo.addons.phone_validation.tools import phone_validation
from odoo.exceptions import UserError

DEFAULT_PHONE_REGION = "GE"
DEFAULT_PHONE_CODE = 995


def normalize_phone(value, region=DEFAULT_PHONE_REGION, phone_code=DEFAULT_PHONE_CODE):
    """E.164 form of a phone number typed in any usual format (region GE by default).

    Returns None for an empty value and False for a value that is not a valid number.
    """
    value = (value or "").strip()
    if not value:
        return None
    try:
        return phone_validation.phone_format(value, region, phone_code, force_format="E164", raise_exception=True)
    except UserError:
        return False


def national_phone(value, region=DEFAULT_PHONE_REGION, phone_code=DEFAULT_PHONE_CODE):
    """National format for numbers of ``region`` ('599 12 34 56'), international for others; else as is."""
    if not value:
        return False
    try:
        return phone_validation.phone_format(value, region, phone_code, force_format="NATIONAL", raise_exception=True)
    except UserError:
        return value
