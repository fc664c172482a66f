"""Text of the client search: the words it matches, the size bound, LIKE patterns.

Every word the client search matches is kept in one column, ``res.partner.search_text``:
lower case, letters and digits only, one space between words. PostgreSQL indexes it as a
full-text vector (``to_tsvector('simple', search_text)``, GIN) and a search is the
full-text query "every typed word starts a word of the card" (``prefix_tsquery``). The
typed text is cut into words by the same rule as the stored one, so that punctuation never
reaches the query syntax, and the index's statistics tell PostgreSQL how common each word is.
"""

import re

from odoo.tools import escape_psql

#: A search text longer than this is refused (searches are an AND of words: a
#: longer text is never a real query, and the work of a search grows with its size).
MAX_SEARCH_LENGTH = 120
#: At most this many words are matched (each one is a condition on the index).
MAX_SEARCH_WORDS = 10

WORD_RE = re.compile(r"[^\W_]+")


def search_words(*parts):
    """The words of ``parts``: lower case, letters and digits, in order (``'შპს "მზიური"'`` → შპს, მზიური)."""
    return WORD_RE.findall(" ".join(part for part in parts if part).lower())


def normalize_search_text(*parts):
    """The search column's form of ``parts``: their words separated by one space; False if none."""
    return " ".join(search_words(*parts)) or False


def prefix_tsquery(words):
    """Full-text query (text form) matching cards where every one of ``words`` starts a word.

    The words hold letters and digits only (``search_words``): nothing in them is query
    syntax. One-letter words are left out when longer ones are given: they would make the
    index unite the entries of every word with that first letter, for little precision.
    """
    words = [word for word in words if len(word) > 1] or words
    return " & ".join(f"{word}:*" for word in words)


def search_text_too_big(text):
    """Whether ``text`` is over the size the client search accepts (characters or words)."""
    return len(text) > MAX_SEARCH_LENGTH or len(text.split()) > MAX_SEARCH_WORDS


def contains_pattern(text):
    """LIKE pattern matching values that contain ``text`` literally (metacharacters escaped)."""
    return f"%{escape_psql(text)}%"
