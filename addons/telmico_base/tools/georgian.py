"""Georgian script helpers shared by the Telmico addons (pure Python, no Odoo import).

- ``to_latin``: Georgian → Latin by the national system of 2002 (presidential decree 109 of
  2011, used on passports, road signs, by BGN/PCGN since 2009): ejectives take an apostrophe
  (კ k', პ p', ტ t', ყ q', წ ts', ჭ ch'), aspirates none (თ t, ფ p, ქ k, ჩ ch, ც ts). The
  apostrophe is left out by default, as on passports and road signs; ``apostrophe="'"`` (ASCII)
  or ``"’"`` puts it back.
- Mtavruli, the Georgian capitals (U+1C90–U+1CBF), are read as their Mkhedruli letters and
  give capital Latin letters. Never call ``str.upper()`` on Georgian text: since Unicode 11 it
  turns ა into Ა (Mtavruli), which nobody asked for; use ``upper_keep_georgian``.
- ``latin_to_georgian``: Latin-typed Georgian ("tarifebi", "ts'q'ali", "wyali") → the likely
  Georgian spellings, best first (the ambiguous letters and digraphs — t, p, k, q, ch, ts, sh,
  dz, kh, gh, zh — give several).
- ``keyboard_to_georgian`` / ``georgian_to_keyboard``: text typed on a Latin layout while
  meaning the standard Georgian keyboard (QWERTY based; Shift gives თ ჭ ღ შ ჟ ძ ჩ).
- ``search_key``: one folded, lower-case ASCII form of any of these spellings, so that
  "ტარიფები", "tarifebi", "taripebi", "t'arip'ebi" and "ᲢᲐᲠᲘᲤᲔᲑᲘ" compare equal. Letters an
  informal writer confuses share a key (თ/ტ → t, პ/ფ/f → p, კ/ქ/ყ/q/y → k, ც/წ/c/w → ts,
  ჩ/ჭ → ch, ხ/x → kh). Searching compares keys, never the raw spellings.
"""  # noqa: RUF002 (Georgian letters and typographic apostrophes are the subject)

import re
import unicodedata

# the 33 letters of the modern alphabet, in alphabetical order
MKHEDRULI = "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ"
# Mtavruli: U+1C90 (Ა) … U+1CBA (Ჺ) and U+1CBD … U+1CBF; each is its Mkhedruli letter + 0xBC0
MTAVRULI_FIRST, MTAVRULI_LAST = 0x1C90, 0x1CBF
MTAVRULI_OFFSET = 0x1C90 - 0x10D0
APOSTROPHES = "'’ʼ`ʻ"

# national system 2002: (Mkhedruli, Latin, ejective)
NATIONAL_SYSTEM = [
    ("ა", "a", False),
    ("ბ", "b", False),
    ("გ", "g", False),
    ("დ", "d", False),
    ("ე", "e", False),
    ("ვ", "v", False),
    ("ზ", "z", False),
    ("თ", "t", False),
    ("ი", "i", False),
    ("კ", "k", True),
    ("ლ", "l", False),
    ("მ", "m", False),
    ("ნ", "n", False),
    ("ო", "o", False),
    ("პ", "p", True),
    ("ჟ", "zh", False),
    ("რ", "r", False),
    ("ს", "s", False),
    ("ტ", "t", True),
    ("უ", "u", False),
    ("ფ", "p", False),
    ("ქ", "k", False),
    ("ღ", "gh", False),
    ("ყ", "q", True),
    ("შ", "sh", False),
    ("ჩ", "ch", False),
    ("ც", "ts", False),
    ("ძ", "dz", False),
    ("წ", "ts", True),
    ("ჭ", "ch", True),
    ("ხ", "kh", False),
    ("ჯ", "j", False),
    ("ჰ", "h", False),
]
# archaic letters that still appear in old texts and names (BGN/PCGN readings)
_NATIONAL = {letter: (latin, ejective) for letter, latin, ejective in NATIONAL_SYSTEM}
ARCHAIC = {"ჱ": "ey", "ჲ": "y", "ჳ": "w", "ჴ": "q", "ჵ": "o", "ჶ": "f"}

# the standard Georgian keyboard: Latin key → letter (Shift gives the seven upper-case ones)
KEYBOARD = {
    "a": "ა",
    "b": "ბ",
    "g": "გ",
    "d": "დ",
    "e": "ე",
    "v": "ვ",
    "z": "ზ",
    "T": "თ",
    "i": "ი",
    "k": "კ",
    "l": "ლ",
    "m": "მ",
    "n": "ნ",
    "o": "ო",
    "p": "პ",
    "J": "ჟ",
    "r": "რ",
    "s": "ს",
    "t": "ტ",
    "u": "უ",
    "f": "ფ",
    "q": "ქ",
    "R": "ღ",
    "y": "ყ",
    "S": "შ",
    "C": "ჩ",
    "c": "ც",
    "Z": "ძ",
    "w": "წ",
    "W": "ჭ",
    "x": "ხ",
    "j": "ჯ",
    "h": "ჰ",
}
KEYBOARD_SHIFTED = frozenset(key for key in KEYBOARD if key.isupper())
_KEYBOARD_REVERSE = {letter: key for key, letter in KEYBOARD.items()}

# Latin-typed Georgian: what a Latin spelling may stand for, likeliest first. An apostrophe marks
# the ejective (national system); without it both readings are offered.
_LATIN_READINGS = {
    "ts'": ["წ"],
    "ch'": ["ჭ"],
    "t'": ["ტ"],
    "p'": ["პ"],
    "k'": ["კ"],
    "q'": ["ყ"],
    "sh": ["შ"],
    "ch": ["ჩ", "ჭ"],
    "ts": ["ც", "წ"],
    "dz": ["ძ"],
    "kh": ["ხ"],
    "gh": ["ღ"],
    "zh": ["ჟ"],
    "a": ["ა"],
    "b": ["ბ"],
    "c": ["ც", "ჩ"],
    "d": ["დ"],
    "e": ["ე"],
    "f": ["ფ"],
    "g": ["გ"],
    "h": ["ჰ"],
    "i": ["ი"],
    "j": ["ჯ", "ჟ"],
    "k": ["კ", "ქ", "ყ"],
    "l": ["ლ"],
    "m": ["მ"],
    "n": ["ნ"],
    "o": ["ო"],
    "p": ["პ", "ფ"],
    "q": ["ქ", "ყ"],
    "r": ["რ"],
    "s": ["ს"],
    "t": ["თ", "ტ"],
    "u": ["უ"],
    "v": ["ვ"],
    "w": ["წ", "ვ"],
    "x": ["ხ"],
    "y": ["ყ", "ი"],
    "z": ["ზ"],
}
# a digraph read as two letters (ს + ჰ for "sh") is possible but unlikely: its second letter costs this
_SPLIT_DIGRAPH_COST = 2
_DIGRAPH_SECONDS = {"h": "sczkgt", "s": "t", "z": "d"}

# search keys: one spelling for the letters people confuse
_KEY_GEORGIAN = {
    "ა": "a",
    "ბ": "b",
    "გ": "g",
    "დ": "d",
    "ე": "e",
    "ვ": "v",
    "ზ": "z",
    "თ": "t",
    "ი": "i",
    "კ": "k",
    "ლ": "l",
    "მ": "m",
    "ნ": "n",
    "ო": "o",
    "პ": "p",
    "ჟ": "zh",
    "რ": "r",
    "ს": "s",
    "ტ": "t",
    "უ": "u",
    "ფ": "p",
    "ქ": "k",
    "ღ": "gh",
    "ყ": "k",
    "შ": "sh",
    "ჩ": "ch",
    "ც": "ts",
    "ძ": "dz",
    "წ": "ts",
    "ჭ": "ch",
    "ხ": "kh",
    "ჯ": "j",
    "ჰ": "h",
    "ჱ": "e",
    "ჲ": "i",
    "ჳ": "v",
    "ჴ": "kh",
    "ჵ": "o",
    "ჶ": "p",
}
_KEY_LATIN = {"f": "p", "q": "k", "y": "k", "x": "kh", "w": "ts", "c": "ts"}
_KEY_LATIN_EXTENDED = {"ž": "zh", "š": "sh", "č": "ch", "ǧ": "gh", "ġ": "gh", "ḡ": "gh", "ǰ": "j", "ʒ": "dz", "ß": "ss"}
# spellings of the same sound that survive the letter folding
_KEY_RESPELL = (("ph", "p"), ("th", "t"))


def is_mtavruli(char):
    return MTAVRULI_FIRST <= ord(char) <= MTAVRULI_LAST


def is_georgian(char):
    """A Georgian letter (Mkhedruli or Mtavruli)."""
    return "\u10d0" <= char <= "\u10ff" or is_mtavruli(char)


def to_mkhedruli(text):
    """The text with every Mtavruli capital written as its Mkhedruli letter."""
    return "".join(chr(ord(c) - MTAVRULI_OFFSET) if is_mtavruli(c) else c for c in text or "")


def to_mtavruli(text):
    """The text with every Mkhedruli letter written in Mtavruli (Georgian "all caps" for headings)."""
    return "".join(
        chr(ord(c) + MTAVRULI_OFFSET) if "\u10d0" <= c <= "\u10ff" and is_mtavruli(chr(ord(c) + MTAVRULI_OFFSET)) else c
        for c in text or ""
    )


def upper_keep_georgian(text):
    """``str.upper()`` for everything but Georgian letters, which have no case and stay as they are."""
    return "".join(c if is_georgian(c) else c.upper() for c in text or "")


def _latin_letter(letter, apostrophe):
    latin, ejective = _NATIONAL[letter]
    return latin + apostrophe if ejective else latin


def to_latin(text, apostrophe=""):
    """Georgian → Latin by the national system (2002); anything else is kept as it is.

    :param apostrophe: written after the ejectives (კ პ ტ ყ წ ჭ): "" (default, as on passports
        and road signs), "'" (ASCII) or "’"
    Mtavruli gives capitals: a digraph is all capitals inside a capitalised word ("ᲨᲘᲨᲘ" → "SHISHI")
    and title case before a small letter ("Შიში" → "Shishi").
    """  # noqa: RUF002
    text = text or ""
    out = []
    for index, char in enumerate(text):
        if is_mtavruli(char):
            letter = chr(ord(char) - MTAVRULI_OFFSET)
            latin = _latin_letter(letter, apostrophe) if letter in _NATIONAL else ARCHAIC.get(letter, letter)
            following = text[index + 1] if index + 1 < len(text) else ""
            if len(latin.rstrip(APOSTROPHES)) > 1 and not (
                following and (is_mtavruli(following) or following.isupper())
            ):
                latin = latin[0].upper() + latin[1:]
            else:
                latin = latin.upper()
            out.append(latin)
        elif char in _NATIONAL:
            out.append(_latin_letter(char, apostrophe))
        else:
            out.append(ARCHAIC.get(char, char))
    return "".join(out)


def keyboard_to_georgian(text):
    """Text typed on a Latin layout by someone meaning the Georgian keyboard ("wyali" → "წყალი").

    The seven shifted keys (T W R S J Z C) give their own letters; any other capital (Caps Lock)
    gives the letter of its small key. Digits, punctuation and other scripts are kept.
    """
    out = []
    for char in text or "":
        if char in KEYBOARD:
            out.append(KEYBOARD[char])
        elif char.lower() in KEYBOARD and "A" <= char <= "Z":
            out.append(KEYBOARD[char.lower()])
        else:
            out.append(char)
    return "".join(out)


def georgian_to_keyboard(text):
    """The keys to press on the Georgian keyboard for this text ("წყალი" → "wyali")."""
    return "".join(_KEYBOARD_REVERSE.get(char, char) for char in to_mkhedruli(text))


def latin_to_georgian(text, limit=8):
    """The likely Georgian spellings of Latin-typed Georgian, best first (at most ``limit``).

    Ambiguous letters and digraphs give several candidates ("tarifebi" → "თარიფები",
    "ტარიფები", …); an apostrophe after t, p, k, q, ts, ch chooses the ejective. Case is
    ignored (use ``keyboard_to_georgian`` for text typed on the keyboard layout); characters
    that are not Latin letters are kept.
    """
    text = (text or "").lower()
    size = len(text)
    limit = max(1, limit)
    paths = [[] for _i in range(size + 1)]
    paths[0] = [(0, "")]
    for start in range(size):
        if not paths[start]:
            continue
        paths[start] = sorted(set(paths[start]), key=lambda path: path[0])[:limit]
        readings = []
        for length in (3, 2, 1):
            chunk = text[start : start + length]
            chunk_key = chunk[:-1] + "'" if chunk[-1:] in APOSTROPHES and len(chunk) > 1 else chunk
            if len(chunk) == length and chunk_key in _LATIN_READINGS:
                if text[start + length : start + length + 1] in APOSTROPHES and chunk + "'" in _LATIN_READINGS:
                    continue  # the apostrophe that follows makes it an ejective: read them together
                cost = 0
                if length == 1 and start and text[start - 1] in _DIGRAPH_SECONDS.get(chunk, ""):
                    cost = _SPLIT_DIGRAPH_COST
                readings.extend((length, rank + cost, letter) for rank, letter in enumerate(_LATIN_READINGS[chunk_key]))
        if not readings:
            # kept as it is; a stray apostrophe (not after an ejective) is unlikely and dropped
            readings = [(1, 3, "")] if text[start] in APOSTROPHES else [(1, 0, text[start])]
        for length, cost, letter in readings:
            paths[start + length].extend((path_cost + cost, spelled + letter) for path_cost, spelled in paths[start])
    ranked = sorted(set(paths[size]), key=lambda path: (path[0], path[1]))
    # keep the order stable and the first spelling the likeliest: cost first, then alphabet
    return [spelled for _cost, spelled in ranked[:limit]]


_CH = "\ue000"  # keeps the "c" of a Latin "ch" from folding to "ts"
_KEY_TABLE = str.maketrans(
    {
        **_KEY_GEORGIAN,
        **_KEY_LATIN,
        **_KEY_LATIN_EXTENDED,
        _CH: "ch",
        **dict.fromkeys(APOSTROPHES, ""),
    }
)
_KEY_WORD_RE = re.compile(r"[^\W_]+")


def _key_word(word):
    """The key of a word that is not plain ASCII after folding (accented Latin, other scripts)."""
    base = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return base.translate(_KEY_TABLE)


def search_key(text):
    """The folded search form of a text: lower-case ASCII words separated by one space.

    Georgian (Mkhedruli or Mtavruli), its national transliteration with or without apostrophes and
    informal Latin spellings fold to the same key; digits are kept, punctuation separates words.
    Letters of other scripts are kept in lower case.
    """
    if not text:
        return ""
    # lower() also turns Mtavruli into Mkhedruli; one translate() folds every letter
    folded = text.lower().replace("ch", _CH).translate(_KEY_TABLE)
    words = [word if word.isascii() else _key_word(word) for word in _KEY_WORD_RE.findall(folded)]
    key = " ".join(words)
    for spelling, respelled in _KEY_RESPELL:
        key = key.replace(spelling, respelled)
    return key


def search_keys(word):
    """The search keys a typed word may mean: its folded form, and, when it has capitals of the
    keyboard's shifted keys (S, C, Z, W, R, J), its reading on the Georgian keyboard ("Sesvla" →
    "შესვლა")."""
    keys = [search_key(word)]
    if any(char in KEYBOARD_SHIFTED for char in word or ""):
        keyboard = search_key(keyboard_to_georgian(word))
        if keyboard not in keys:
            keys.append(keyboard)
    return [key for key in keys if key]
