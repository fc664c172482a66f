"""The text of an SMS: Georgian → Latin for sending, and the encoding and segments it will cost.

Pure Python (no Odoo import), usable from models, scripts and simulators::

    from odoo.addons.telmico_sms.tools.sms_text import sms_latin, segments

- ``sms_latin(text, apostrophe="")``: Georgian (Mkhedruli and Mtavruli) → Latin by the national
  system of 2002 (``telmico_base.tools.georgian.to_latin``), then the usual typographic signs that
  GSM-7 lacks (Georgian „quotes“, dashes, the lari sign, …) → their ASCII form, so that the
  result is GSM-7 whenever the rest of the text is.
- ``segments(text)``: ``Segments(encoding, units, count)``. GSM-7 when every character is in the
  GSM 03.38 alphabet (its extension characters ``^{}\\[~]|€`` and the form feed count 2 units), else
  UCS-2 (UTF-16 code units: a character beyond the BMP counts 2). One segment holds 160 GSM-7
  units or 70 UCS-2 units; a longer text is split into segments of 153 / 67 (the rest is the
  concatenation header), and an extension character is never split across two segments.
"""

from typing import NamedTuple

from odoo.addons.telmico_base.tools.georgian import to_latin

# GSM 03.38 basic character set (the escape 0x1B excluded)
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# GSM 03.38 extension table: each costs the escape plus the character (2 units)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")
SINGLE = {"gsm7": 160, "ucs2": 70}
MULTI = {"gsm7": 153, "ucs2": 67}

# typographic signs → ASCII (what Georgian texts use and GSM-7 has not)
ASCII_SIGNS = str.maketrans(
    {
        "„": '"',
        "“": '"',
        "”": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "ʼ": "'",
        "–": "-",
        "—": "-",
        "‑": "-",
        "…": "...",
        "₾": "GEL",
        "№": "N",
        "\u00a0": " ",
        "\t": " ",
    }
)


class Segments(NamedTuple):
    encoding: str  # "gsm7" or "ucs2"
    units: int  # GSM-7 septets or UTF-16 code units
    count: int  # segments billed (0 for an empty text)


def sms_latin(text, apostrophe=""):
    """``text`` as sent when transliteration is on: Georgian in Latin letters, typographic signs in ASCII."""
    return to_latin(text or "", apostrophe=apostrophe).translate(ASCII_SIGNS)


def is_gsm7(text):
    return all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text)


def segments(text):
    """Encoding, length in units and number of segments of ``text`` as one SMS."""
    text = text or ""
    if is_gsm7(text):
        sizes = [2 if char in GSM7_EXTENSION else 1 for char in text]
        encoding = "gsm7"
    else:
        sizes = [2 if ord(char) > 0xFFFF else 1 for char in text]
        encoding = "ucs2"
    units = sum(sizes)
    if units <= SINGLE[encoding]:
        return Segments(encoding, units, 1 if units else 0)
    # fill segments of MULTI units; a 2-unit character (escape + char, surrogate pair) never straddles two
    count, used = 1, 0
    for size in sizes:
        if used + size > MULTI[encoding]:
            count, used = count + 1, 0
        used += size
    return Segments(encoding, units, count)
