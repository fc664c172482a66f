"""Pure helpers of the knowledge-base search: query terms, Georgian stems, tsquery text, snippets.

Everything works on *search keys* (``telmico_base.tools.georgian.search_key``): Georgian,
Mtavruli, national and informal Latin spellings of a word fold to one lower-case ASCII key, so
the database only ever compares keys. A query word becomes the prefix of its stem ("ტარიფებს"
→ ``tarip:*``), which finds the other case forms (ტარიფი, ტარიფების, ტარიფზე) and partial words.
"""

import re
from collections import namedtuple
from functools import lru_cache

from markupsafe import Markup, escape

from odoo.addons.telmico_base.tools import georgian

WORD_RE = re.compile(r"[^\W_]+(?:[" + re.escape(georgian.APOSTROPHES) + r"][^\W_]+)*")

# Georgian noun endings (case endings, postpositions, the plural -ებ-), as search keys, longest first
SUFFIXES = sorted(
    {
        georgian.search_key(suffix)
        for suffix in (
            "ებისათვის",
            "ებისთვის",
            "ისათვის",
            "ისთვის",
            "თვის",
            "ებიდან",
            "იდან",
            "ადან",
            "დან",
            "ებთან",
            "თან",
            "ებში",
            "ში",
            "ებზე",
            "ზე",
            "ებამდე",
            "ამდე",
            "მდე",
            "ებით",
            "ით",
            "ების",
            "ის",
            "ებმა",
            "მა",
            "ებად",
            "ად",
            "ებს",
            "ები",
            "ებო",
            "ებ",
        )
    },
    key=len,
    reverse=True,
)
VOWELS = "aeiou"
MIN_STEM = 3
# words that say nothing about the subject (dropped unless the query has nothing else)
STOPWORDS = frozenset(
    georgian.search_key(word)
    for word in [
        *("და", "ან", "თუ", "რომ", "არ", "ვერ", "ნუ", "ეს", "ის", "ეგ", "ამ", "იმ", "მის", "მას", "მათ", "აქ"),
        *("იქ", "კი", "ხომ", "რა", "რამ", "როგორ", "რატომ", "სად", "როდის", "რომელიც", "რომელი", "მე"),
        *("ჩემი", "ჩემს", "შენ", "თქვენ", "თქვენი", "მისი", "არის", "იყო", "ვარ", "უნდა", "მაგრამ", "ასევე"),
        *("უკვე", "ძალიან", "გამარჯობა", "გთხოვთ", "მადლობა", "დიახ", "არა", "აბა", "ხო", "მინდა", "შემიძლია"),
        "შეიძლება",
    ]
)
SNIPPET_WORDS = 30
Term = namedtuple("Term", "text keys stems")
SNIPPET_SCAN_CHARS = 4000


@lru_cache(maxsize=100_000)
def word_key(word):
    """The search key of one word (cached: texts repeat their words)."""
    return georgian.search_key(word).replace(" ", "")


def stem(key):
    """The stem of a word's search key: its Georgian ending and final vowel cut off, never shorter than 3."""
    if len(key) <= MIN_STEM or key.isdigit():
        return key
    for suffix in SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= MIN_STEM:
            key = key[: -len(suffix)]
            break
    if key.endswith("eb") and len(key) - 2 >= MIN_STEM:
        key = key[:-2]
    if key[-1] in VOWELS and len(key) - 1 >= MIN_STEM:
        key = key[:-1]
    return key


def text_key(text):
    """The search key of a whole text (words separated by single spaces)."""
    return georgian.search_key(text)


def query_terms(text, max_terms=12):
    """The terms of a typed query: the word as typed, its search keys and the stems they give.

    Every spelling reading of a word (the keyboard layout too) gives a key; stop words are
    dropped unless nothing else is left; one-letter words are ignored; repeated words count once.
    """
    terms, seen, stop_terms = [], set(), []
    for match in WORD_RE.finditer(text or ""):
        keys = [key.replace(" ", "") for key in georgian.search_keys(match.group())]
        keys = tuple(key for key in keys if len(key) >= 2 or key.isdigit())
        if not keys:
            continue
        stems = tuple(sorted({stem(key) for key in keys}))
        if stems in seen:
            continue
        seen.add(stems)
        term = Term(match.group(), keys, stems)
        (stop_terms if all(key in STOPWORDS for key in keys) else terms).append(term)
    return (terms or stop_terms)[:max_terms]


def _lexeme(word):
    return "'%s':*" % word.replace("\\", "\\\\").replace("'", "''")


def tsquery_text(groups, operator="&"):
    """The text of a ``to_tsquery('simple', …)`` matching the groups joined by ``operator``.

    :param groups: one entry per query term: the alternatives that satisfy it, each a tuple of
        words (a phrase of a synonym needs all of its words); every word matches as a prefix
    """
    parts = []
    for alternatives in groups:
        options = sorted({" & ".join(_lexeme(word) for word in phrase) for phrase in alternatives if phrase})
        if options:
            parts.append("(" + " | ".join(f"({option})" for option in options) + ")")
    return f" {operator} ".join(parts)


def _matches(token, prefixes):
    key = word_key(token)
    return bool(key) and key.startswith(prefixes)


def highlight(text, prefixes, words=SNIPPET_WORDS, whole=False):
    """HTML of an excerpt of ``text`` with the words starting with one of ``prefixes`` (search keys) in ``<mark>``.

    The excerpt is ``words`` words from just before the first match (the start of the text when
    nothing matches); ``whole`` highlights the entire text (a title). Text is HTML-escaped.
    """
    text = text or ""
    if not whole:
        text = text[:SNIPPET_SCAN_CHARS]
    prefixes = tuple(sorted({p for p in prefixes if p}))
    tokens = list(WORD_RE.finditer(text))
    if not tokens:
        return escape(text if whole else text[:200])
    first = 0
    if not whole and prefixes:
        # words are folded only up to the first match: the excerpt starts there
        first = next((i for i, token in enumerate(tokens) if _matches(token.group(), prefixes)), 0)
        first = max(0, first - 3)
    last = len(tokens) if whole else min(len(tokens), first + words)
    begin = 0 if whole or first == 0 else tokens[first].start()
    end = len(text) if whole or last == len(tokens) else tokens[last - 1].end()
    parts = [Markup("… ") if begin else Markup("")]
    position = begin
    for token in tokens[first:last]:
        if prefixes and _matches(token.group(), prefixes):
            parts.append(escape(text[position : token.start()]))
            parts.append(Markup("<mark>%s</mark>") % token.group())
            position = token.end()
    parts.append(escape(text[position:end]))
    if end < len(text) and not whole:
        parts.append(Markup(" …"))
    return Markup("").join(parts)
