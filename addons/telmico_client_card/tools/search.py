"""Text of the client search: the words it matches, the size bound, LIKE patterns.

Every word the client search matches is kept in one column, ``res.partner.search_text``:
lower case, letters and digits only, one space between words. PostgreSQL indexes it as a
full-text vector (``to_tsvector('simple', search_text)``, GIN) and a search is the
full-text query "every typed word starts a word of the card" (``prefix_tsquery``). The
typed text is cut into words by the same rule as the stored one, so that punctuation never
reaches the query syntax, and the index's statistics tell PostgreSQL how common each word is.
"""

import re

from odoo.addons.telmico_base.tools.georgian import keyboard_to_georgian, latin_to_georgian
from odoo.tools import escape_psql

#: A search text longer than this is refused (searches are an AND of words: a
#: longer text is never a real query, and the work of a search grows with its size).
MAX_SEARCH_LENGTH = 120
#: At most this many words are matched (each one is a condition on the index).
MAX_SEARCH_WORDS = 10

WORD_RE = re.compile(r"[^\W_]+")
#: A word as typed in the search box: letters and digits, with the apostrophes of the national
#: transliteration inside (``mch'edlishvili`` — an apostrophe marks an ejective consonant).
TYPED_WORD_RE = re.compile(r"(?:[^\W_]+['’ʼ`])+[^\W_]+|[^\W_]+")


def search_words(*parts):
    """The words of ``parts``: lower case, letters and digits, in order (``'შპს "მზიური"'`` → შპს, მზიური)."""
    return WORD_RE.findall(" ".join(part for part in parts if part).lower())


def normalize_search_text(*parts):
    """The search column's form of ``parts``: their words separated by one space; False if none."""
    return " ".join(search_words(*parts)) or False


#: How many Georgian spellings of Latin-typed words a search looks for, in all.
MAX_READINGS = 40


def word_readings(words):
    """For each typed word (``TYPED_WORD_RE``, case kept), the forms it may take in the card's words, best first.

    A word of Latin letters may be Georgian typed in Latin: "mchedlishvili" (the national
    transliteration and informal spellings: მჭედლიშვილი, …) or typed on the Latin layout of a
    Georgian keyboard ("mWedliSvili"). Its Georgian readings are looked for beside the word
    itself, in the same index; at most MAX_READINGS in all.
    """
    per_word = max(2, MAX_READINGS // max(1, len(words)))
    groups = []
    for word in words:
        lower = word.lower()
        plain = "".join(WORD_RE.findall(lower))  # as the card's words are stored: no apostrophe
        readings = [plain]
        if plain.isascii() and any(char.isalpha() for char in plain):
            readings += latin_to_georgian(lower, limit=per_word)
            readings.append(keyboard_to_georgian("".join(WORD_RE.findall(word))))
        # only letters and digits reach the query: nothing in a reading is query syntax
        groups.append(list(dict.fromkeys(r for r in readings if WORD_RE.fullmatch(r))))
    return groups


def prefix_tsquery(groups):
    """Full-text query (text form) matching cards where one form of every word starts a word.

    ``groups`` holds, per typed word, the forms it may take (``word_readings``, or a list of
    one). They hold letters and digits only: nothing in them is query syntax. One-letter words
    are left out when longer ones are given: they would make the index unite the entries of
    every word with that first letter, for little precision.
    """
    groups = [group for group in groups if len(group[0]) > 1] or groups
    return " & ".join("(" + " | ".join(f"{form}:*" for form in group) + ")" for group in groups)


#: Word starts indexed by ``res.partner``'s prefix index: every start of 2 to this many letters of each word of the
#: search column (the SQL function ``telmico_search_prefixes``, created with the index in ``ResPartner.init``, cuts
#: at the same length).
PREFIX_LENGTH = 6


def prefix_groups(groups):
    """The words of a search of several words as the prefix index looks for them: per word, ``(entries, forms)``.

    ``groups`` are the ``word_readings`` groups, as given to ``prefix_tsquery`` (one-letter words left out the same
    way). ``entries`` are the index entries standing for the word's forms (each form cut to PREFIX_LENGTH letters;
    none when a form has one letter, which has no entry); ``forms`` the forms to check in the text itself when the
    entries do not say it exactly (a form longer than PREFIX_LENGTH, or without entry), else empty.
    """
    groups = [group for group in groups if len(group[0]) > 1] or groups
    result = []
    for group in groups:
        exact = all(1 < len(form) <= PREFIX_LENGTH for form in group)
        entries = [] if any(len(form) < 2 for form in group) else list(dict.fromkeys(f[:PREFIX_LENGTH] for f in group))
        result.append((entries, [] if exact else group))
    return result


def word_start_pattern(form):
    """LIKE pattern of ``' ' || search_text`` where ``form`` starts a word (a form holds letters and digits only)."""
    return f"% {escape_psql(form)}%"


def search_text_too_big(text):
    """Whether ``text`` is over the size the client search accepts (characters or words)."""
    return len(text) > MAX_SEARCH_LENGTH or len(text.split()) > MAX_SEARCH_WORDS


def contains_pattern(text):
    """LIKE pattern matching values that contain ``text`` literally (metacharacters escaped)."""
    return f"%{escape_psql(text)}%"
