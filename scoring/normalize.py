"""String normalization for ungrounded matching, as a table of steps.

An ungrounded system writes "the U.S. Joint Chiefs of Staff" where the gold has
"US Joint Chiefs of Staff"; a scorer that compares raw strings measures typography, not
extraction. The steps below are applied in order, each one small and documented; the
table itself is what the documentation prints and what the tests check row by row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

#: Leading words dropped after lower-casing (English articles only; determiners such as
#: "this" carry meaning and stay).
LEADING_ARTICLES: tuple[str, ...] = ("the", "a", "an")

#: Punctuation and symbols: anything but letters, digits and whitespace (``\w`` includes the
#: underscore, which is punctuation here).
_PUNCT_RE = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACE_RE = re.compile(r"\s+", re.UNICODE)
_ARTICLE_RE = re.compile(r"^(?:" + "|".join(LEADING_ARTICLES) + r")\s+")


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def _casefold(s: str) -> str:
    return s.casefold()


def _strip_marks(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _possessive(s: str) -> str:
    return re.sub(r"['’]s\b", "", s)


def _dots_in_abbrev(s: str) -> str:
    return s.replace(".", "")


def _punct_to_space(s: str) -> str:
    return _PUNCT_RE.sub(" ", s)


def _squeeze(s: str) -> str:
    return _SPACE_RE.sub(" ", s).strip()


def _articles(s: str) -> str:
    return _ARTICLE_RE.sub("", s)


#: (name, description, function) in the order applied.
NORMALIZATION_STEPS: tuple[tuple[str, str, Callable[[str], str]], ...] = (
    ("nfkc", "Unicode NFKC normalization (full-width forms, ligatures)", _nfkc),
    ("casefold", "Unicode case folding", _casefold),
    ("strip_marks", "remove combining diacritics (é → e)", _strip_marks),
    ("possessive", "drop a possessive 's / ’s", _possessive),
    ("dots", "delete full stops, so U.S. = US", _dots_in_abbrev),
    ("punctuation", "every other punctuation or symbol character becomes a space", _punct_to_space),
    ("whitespace", "collapse runs of whitespace to one space, trim both ends", _squeeze),
    ("articles", "drop one leading article: " + ", ".join(LEADING_ARTICLES), _articles),
)


@lru_cache(maxsize=65536)
def normalize_name(s: str) -> str:
    """Apply every step of :data:`NORMALIZATION_STEPS` in order."""
    for _, _, fn in NORMALIZATION_STEPS:
        s = fn(s)
    return s


def normalize_title(s: str) -> str:
    """Titles are compared under the same normalization as names."""
    return normalize_name(s)


# --- TIMEX3 values -------------------------------------------------------------------

#: Granularity of a TIMEX3 date/time value, most specific first: (name, regex).
TIMEX_GRANULARITY: tuple[tuple[str, str], ...] = (
    ("minute", r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"),
    ("hour", r"^\d{4}-\d{2}-\d{2}T\d{2}$"),
    ("day", r"^\d{4}-\d{2}-\d{2}$"),
    ("week", r"^\d{4}-W\d{2}$"),
    ("month", r"^\d{4}-\d{2}$"),
    ("season", r"^\d{4}-(SP|SU|FA|WI)$"),
    ("quarter", r"^\d{4}-Q[1-4]$"),
    ("half", r"^\d{4}-H[12]$"),
    ("year", r"^\d{4}$"),
    ("decade", r"^\d{3}$"),
    ("century", r"^\d{2}$"),
)

#: Partial credit for a predicted value that is a proper *prefix-coarsening* of the gold
#: value (or the reverse), keyed by how many calendar steps apart the two granularities
#: are on the chain minute > hour > day > month > year > decade > century.
GRANULARITY_CHAIN: tuple[str, ...] = ("minute", "hour", "day", "month", "year", "decade", "century")
PARTIAL_CREDIT_BY_STEPS: dict[int, float] = {0: 1.0, 1: 0.5, 2: 0.25}

_GRAN_RE = [(name, re.compile(rx)) for name, rx in TIMEX_GRANULARITY]


def timex_granularity(value: str) -> str | None:
    """Granularity name of a TIMEX3 value, or ``None`` (durations, sets, PRESENT_REF, …)."""
    for name, rx in _GRAN_RE:
        if rx.match(value):
            return name
    return None


def timex_partial_credit(gold: str, pred: str) -> float:
    """Granularity-aware credit for a predicted TIMEX3 value against a gold value.

    1.0 for the identical string. Otherwise, if both values sit on the calendar chain and the
    coarser one is a string prefix of the finer one (``2023-12`` vs ``2023-12-21``: right,
    but less specific — or over-specific), the credit is :data:`PARTIAL_CREDIT_BY_STEPS` for
    the number of chain steps between them (0 if further apart). Anything else is 0. The
    exact-string score is the headline; this credit is reported separately.
    """
    if gold == pred:
        return 1.0
    g, p = timex_granularity(gold), timex_granularity(pred)
    if g not in GRANULARITY_CHAIN or p not in GRANULARITY_CHAIN:
        return 0.0
    gi, pi = GRANULARITY_CHAIN.index(g), GRANULARITY_CHAIN.index(p)
    coarse, fine = (gold, pred) if gi > pi else (pred, gold)
    if gi == pi or not fine.startswith(coarse):
        return 0.0
    return PARTIAL_CREDIT_BY_STEPS.get(abs(gi - pi), 0.0)
