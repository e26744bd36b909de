"""Test answers in the guidelines: which gold strings of a test set appear in their examples.

The guidelines illustrate every rule with an example, and no example may come from a test
document: a guideline that quotes the answer key teaches the test. This module collects the
gold strings of every test set (the news articles, the authored test set and, where the
generator is installed, the constructed test split), collects the examples of
``docs/guidelines.md`` (every double-quoted string), and lists each gold string found inside an
example. ``mil2mil guidelines --leaks --check`` keeps that count at or below :data:`LIMIT`.

What counts as a gold string: the text of every name and nominal mention, every entity's
canonical name, every role title and role evidence, every timex, every meeting trigger and
every topic evidence span. Strings that carry no answer are skipped: pronouns; a title of the
closed title table every document draws from ("General", "Prime Minister"); a weekday or month
name ("Sunday"); and phrases of one or two words without a capital letter after the first
character ("talks", "the agency", "last week"), which every text on the subject uses. A
one-word string is matched case-sensitively (a name keeps its capital: "Talks" at the start
of a headline is not the name of anything); longer strings case-insensitively; all on whole
words. A string is counted once per test set.
"""

from __future__ import annotations

import calendar
import importlib.util
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The most test-set gold strings the guidelines' examples may contain (CI).
LIMIT = 5

_CALENDAR_WORDS = frozenset(w.lower() for w in [*calendar.day_name, *calendar.month_name, *calendar.month_abbr] if w)


@dataclass(frozen=True)
class Leak:
    """One gold string of a test set found inside an example of the guidelines."""

    test_set: str
    string: str
    example: str


def gold_strings(doc: dict[str, Any]) -> Iterator[str]:
    """Every answer-bearing string of one gold document (see the module docstring)."""
    for m in doc["mentions"]:
        if m["form"] != "PRO":
            yield m["text"]
    for e in doc["entities"]:
        yield e["canonical_name"]
    for r in doc["roles"]:
        yield r["title"]["text"]
        yield r["evidence"]["text"]
    for t in doc["timexes"]:
        yield t["text"]
    for mt in doc["meetings"]:
        for trigger in mt["triggers"]:
            yield trigger["text"]
        for topic in mt["topics"]:
            for span in topic["evidence"]:
                yield span["text"]


def _normal(s: str) -> str:
    return " ".join(s.split())


def carries_answer(s: str) -> bool:
    """False for strings that name nothing of a test document (see the module docstring)."""
    from mil2mil.titles import normalize_title

    words = s.split()
    if not words or normalize_title(s) is not None:
        return False
    if len(words) == 1 and words[0].strip(",;:'\"().").lower() in _CALENDAR_WORDS:
        return False
    if len(words) <= 2 and s[1:] == s[1:].lower():
        return False
    return True


def examples(guidelines: str) -> list[str]:
    """The double-quoted example strings of a Markdown text (code spans removed first)."""
    text = re.sub(r"`[^`]*`", " ", guidelines)
    found = re.findall(r'"([^"]+)"', text) + re.findall(r"“([^”]+)”", text)
    return [_normal(x) for x in found if x.strip()]


def test_sets() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """(name, gold documents) of every test set available in this installation."""
    from mil2mil.gold import dataset_dir
    from mil2mil.validate import validate_paths

    root = dataset_dir()
    yield "news", [v.doc for v in validate_paths([root])]
    authored = root / "authored" / "gold"
    if authored.is_dir() and any(authored.glob("*.json")):
        yield "authored:test", [v.doc for v in validate_paths([root / "authored"])]
    if importlib.util.find_spec("mil2mil.generator") is not None:
        from mil2mil import generator  # type: ignore[attr-defined]

        yield "constructed:test", [gold for gold, _text in generator.generate_split("test")]


def find_leaks(guidelines: str, sets: Iterable[tuple[str, list[dict[str, Any]]]]) -> list[Leak]:
    """Every (test set, gold string) found inside an example, sorted; one row per string and set."""
    shown = examples(guidelines)
    lowered = [x.lower() for x in shown]
    leaks: dict[tuple[str, str], Leak] = {}
    for name, docs in sets:
        by_key: dict[str, str] = {}
        for doc in docs:
            for s in gold_strings(doc):
                if carries_answer(s):
                    by_key.setdefault(_normal(s).lower(), _normal(s))
        strings = [by_key[k] for k in sorted(by_key)]
        for s in strings:
            single = len(s.split()) == 1
            pattern = re.compile(r"(?<!\w)" + re.escape(s if single else s.lower()) + r"(?!\w)")
            for example, low in zip(shown, lowered):
                if pattern.search(example if single else low):
                    leaks.setdefault((name, s), Leak(name, s, example))
                    break
    return sorted(leaks.values(), key=lambda x: (x.test_set, x.string.lower()))


def guidelines_path() -> Path:
    from mil2mil.gold import dataset_dir

    return dataset_dir().parent / "docs" / "guidelines.md"
