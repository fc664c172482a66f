"""What the public pages may show of a client's contact data: masked mobiles and logins."""

import re

PERSONAL_NUMBER_RE = re.compile(r"^\d{11}$")
COMPANY_ID_RE = re.compile(r"^\d{9}$")


def parse_identifier(value):
    """``("personal", digits)`` for an 11-digit personal number, ``("company", digits)`` for a 9-digit company ID,
    ``(False, digits)`` for anything else. Spaces and dashes typed between the digits are ignored."""
    digits = re.sub(r"[\s\-]", "", value or "")
    if PERSONAL_NUMBER_RE.match(digits):
        return "personal", digits
    if COMPANY_ID_RE.match(digits):
        return "company", digits
    return False, digits


def mask_mobile(national, last_digits=None):
    """``'5** ** ** 56'`` for ``'599 12 34 56'``: the first digit and the last two stay, the layout stays.

    ``last_digits`` replaces the two visible last digits (a decoy built for an identifier that matched nobody).
    """
    digits = [i for i, char in enumerate(national) if char.isdigit()]
    if len(digits) < 4:
        return "*" * len(national)
    keep = {digits[0], digits[-2], digits[-1]}
    chars = [char if i in keep or not char.isdigit() else "*" for i, char in enumerate(national)]
    if last_digits:
        chars[digits[-2]], chars[digits[-1]] = last_digits[0], last_digits[1]
    return "".join(chars)


def mask_login(login):
    """``'g***@example.ge'``: enough for the owner to recognise an account, little for anybody else."""
    name, at, domain = (login or "").partition("@")
    return f"{name[:1]}***{at}{domain}" if at else f"{name[:1]}***"
