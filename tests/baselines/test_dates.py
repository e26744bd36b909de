"""The date resolver, table by table, on expressions that are mostly not from the articles."""

from __future__ import annotations

import datetime as dt

import pytest

from mil2mil.baselines import dates
from mil2mil.baselines.date_cases import DATE_CASES
from mil2mil.timex3 import calendar_mismatch, value_problem

SUN = dt.date(2024, 9, 15)   # a Sunday
FRI = dt.date(2023, 12, 22)  # a Friday
WED = dt.date(2025, 3, 5)    # a Wednesday

# (expression, DCT, tense, expected type, expected value, expected mod)
RESOLVER_TABLE = [
    ("Sunday", SUN, "past", "DATE", "2024-09-15", None),
    ("Saturday", SUN, "past", "DATE", "2024-09-14", None),
    ("Sunday", SUN, "future", "DATE", "2024-09-15", None),
    ("Monday", SUN, "future", "DATE", "2024-09-16", None),
    ("last Sunday", SUN, "past", "DATE", "2024-09-08", None),
    ("next Sunday", SUN, "future", "DATE", "2024-09-22", None),
    ("this Friday", WED, "future", "DATE", "2025-03-07", None),
    ("Wed.", WED, "past", "DATE", "2025-03-05", None),
    ("September", SUN, "past", "DATE", "2024-09", None),
    ("October", SUN, "past", "DATE", "2023-10", None),
    ("October", SUN, "future", "DATE", "2024-10", None),
    ("August", SUN, "future", "DATE", "2025-08", None),
    ("last September", SUN, "past", "DATE", "2023-09", None),
    ("last March", SUN, "past", "DATE", "2024-03", None),
    ("next March", SUN, "future", "DATE", "2025-03", None),
    ("this March", SUN, "past", "DATE", "2024-03", None),
    ("July 2022", FRI, "past", "DATE", "2022-07", None),
    ("Sept 2019", FRI, "past", "DATE", "2019-09", None),
    ("December 25, 2020", FRI, "past", "DATE", "2020-12-25", None),
    ("25 December 2020", FRI, "past", "DATE", "2020-12-25", None),
    ("Jan 2", FRI, "past", "DATE", "2024-01-02", None),
    ("Feb 30, 2021", FRI, "past", None, None, None),
    ("2019-05-01", FRI, "past", "DATE", "2019-05-01", None),
    ("2021", FRI, "past", "DATE", "2021", None),
    ("last week", SUN, "past", "DATE", "2024-W37", None),
    ("last week", WED, "past", "DATE", "2025-W09", None),
    ("this week", SUN, "past", "DATE", "2024-W38", None),
    ("next week", FRI, "future", "DATE", "2023-W52", None),
    ("last month", dt.date(2024, 1, 10), "past", "DATE", "2023-12", None),
    ("next year", FRI, "future", "DATE", "2024", None),
    ("yesterday", dt.date(2024, 3, 1), "past", "DATE", "2024-02-29", None),
    ("tonight", WED, "future", "TIME", "2025-03-05TNI", None),
    ("two weeks ago", WED, "past", "DATE", "2025-W08", None),
    ("six months ago", WED, "past", "DATE", "2024-09", None),
    ("last summer", WED, "past", "DATE", "2024-SU", None),
    ("two-year", SUN, "past", "DURATION", "P2Y", None),
    ("a year", SUN, "past", "DURATION", "P1Y", None),
    ("over a year", SUN, "past", "DURATION", "P1Y", "MORE_THAN"),
    ("more than three months", SUN, "past", "DURATION", "P3M", "MORE_THAN"),
    ("nearly two decades", SUN, "past", "DURATION", "P2DE", "LESS_THAN"),
    ("the past five years", SUN, "past", "DURATION", "P5Y", None),
    ("years", SUN, "past", "DURATION", "PXY", None),
    ("recently", SUN, "past", "DATE", "PAST_REF", None),
    ("the weekend after", SUN, "past", None, None, None),
]


@pytest.mark.parametrize("text,dct,tense,typ,value,mod", RESOLVER_TABLE)
def test_resolver_table(text: str, dct: dt.date, tense: str, typ: str | None, value: str | None, mod: str | None) -> None:
    got = dates.resolve(text, dct, tense)
    if typ is None:
        assert got is None
        return
    assert got == dates.Timex(typ, value, mod), dates.rule_name(text)
    assert value_problem(got.value, got.type) is None
    assert calendar_mismatch(text, got.value) is None


def test_last_week_is_counted_from_sunday_for_every_weekday() -> None:
    # The Sunday-to-Saturday week before the DCT's own, as the ISO week of its Monday.
    for offset in range(14):
        d = dt.date(2024, 9, 8) + dt.timedelta(days=offset)
        value = dates.resolve("last week", d, "past").value
        sunday = d - dt.timedelta(days=(d.weekday() + 1) % 7) - dt.timedelta(days=7)
        assert value == dates.iso_week(sunday + dt.timedelta(days=1))
        if d.weekday() != 6:
            assert value == dates.iso_week(d - dt.timedelta(days=7))


def test_every_rule_has_a_row() -> None:
    covered = {dates.rule_name(row[0]) for row in RESOLVER_TABLE}
    assert {name for name, _, _ in dates.RULES} <= covered | {"day month", "reference", "unquantified duration"} | covered


@pytest.mark.parametrize("sentence,expression,dct,value,source", DATE_CASES)
def test_date_cases_end_to_end(rules_extractor, sentence: str, expression: str, dct: str, value: str, source: str) -> None:
    """Extent from the Matcher, tense from the sentence, value from the resolver."""
    found = rules_extractor.timexes_in(sentence, dt.date.fromisoformat(dct))
    assert (expression, value) in [(t["text"], t["value"]) for t in found]


def test_date_cases_are_mostly_new() -> None:
    assert len(DATE_CASES) >= 30
    assert sum(1 for c in DATE_CASES if c[4] == "new") >= 0.8 * len(DATE_CASES)
