"""Phone numbers as the client card keeps them: E.164 to store, national format to show."""

import phonenumbers

DEFAULT_PHONE_REGION = "GE"


def normalize_phone(value):
    """E.164 form of a phone number typed in any usual format (region GE by default).

    Returns None for an empty value and False for a value that is not a valid number.
    """
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = phonenumbers.parse(value, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return False
    if not phonenumbers.is_valid_number(number):
        return False
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def national_phone(value):
    """National format for Georgian numbers ('599 12 34 56'), international for others."""
    if not value:
        return False
    try:
        number = phonenumbers.parse(value, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return value
    if number.country_code == 995:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
