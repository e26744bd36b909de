"""A compact, table-driven TIMEX3 resolver for English news: expression + DCT + tense -> value.

Why not a library: measured on this project's machine (docs/baselines.md), ``dateparser``
returns nothing for "last November", the previous week's Sunday for "Sunday" on a Sunday
DCT and a day (not a month) for "July 2022"; Microsoft Recognizers-Text gives TIMEX values
but leaves weekdays underspecified (``XXXX-WXX-7``) and costs ~0.3 s a document. The rules
below follow ``docs/guidelines.md`` section 4 and keep the granularity of the expression
(a month stays ``2022-07``).

The resolver takes the *extent* of an expression (found by the extractor's Matcher
patterns) and the tense of the verb that governs it (``past``, ``present`` or ``future``,
decided by the caller), and returns a :class:`Timex` or None. Every table is module data so
it can be read and tested row by row.

| expression | rule (DCT = document date) |
|---|---|
| ``2023-12-22``, ``December 22, 2023``, ``22 December 2023`` | absolute day |
| ``July 2022`` | absolute month |
| ``2022``, ``in 2022`` | absolute year |
| ``Dec 22`` (no year) | that day in the year that puts it nearest the DCT |
| weekday, past or present tense | latest such day on or before the DCT (the DCT itself included) |
| weekday, future tense | earliest such day on or after the DCT |
| ``last``/``next``/``this`` + weekday | strictly before / strictly after / in the DCT's ISO week |
| month, past or present tense | latest such month at or before the DCT month |
| month, future tense | earliest such month at or after the DCT month |
| ``last``/``next``/``this`` + month | latest before / earliest after the DCT month / DCT year |
| ``last``/``this``/``next week`` | Sunday-to-Saturday weeks counted from the DCT's, written as the ISO week of their Monday |
| ``last``/``this``/``next month``/``year`` | calendar month / year before, of, after the DCT |
| ``today``/``yesterday``/``tomorrow``, ``tonight`` | DCT, DCT -1, DCT +1; ``tonight`` is TIME ``<day>TNI`` |
| ``N days/weeks/months/years ago`` | DCT minus N units, at the unit's granularity |
| season (``last summer``) | ``YYYY-SU`` by the same rule as months |
| ``two-year``, ``a year``, ``three months``, ``over a year`` | DURATION ``P2Y``, ``P1Y``, ``P3M``, ``P1Y`` + mod ``MORE_THAN`` |
| ``years``, ``decades`` (unquantified) | DURATION ``PXY``, ``PXDE`` |
| ``recently`` / ``now``, ``currently`` | ``PAST_REF`` / ``PRESENT_REF`` |
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
#: Season name -> (TIMEX3 code, month it is anchored on for "last"/"this"/"next").
SEASONS: dict[str, tuple[str, int]] = {
    "spring": ("SP", 4), "summer": ("SU", 7), "autumn": ("FA", 10), "fall": ("FA", 10), "winter": ("WI", 1),
}
NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "several": -1, "few": -1, "a few": -1,
}
#: Unit word -> TIMEX3 duration letter.
UNITS: dict[str, str] = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE"}
#: Relative modifier -> direction (-1 before the DCT's unit, 0 the DCT's, +1 after).
DIRECTIONS: dict[str, int] = {
    "last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1,
}
#: Words before a quantity -> TIMEX3 ``mod``.
DURATION_MODS: dict[str, str] = {
    "over": "MORE_THAN", "more than": "MORE_THAN", "nearly": "LESS_THAN", "almost": "LESS_THAN",
    "less than": "LESS_THAN", "under": "LESS_THAN", "about": "APPROX", "around": "APPROX",
    "some": "APPROX", "roughly": "APPROX", "at least": "EQUAL_OR_MORE",
}
DEICTIC_DAYS: dict[str, int] = {"today": 0, "yesterday": -1, "tomorrow": 1}
REFERENCES: dict[str, str] = {
    "recently": "PAST_REF", "lately": "PAST_REF", "now": "PRESENT_REF", "currently": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "the future": "FUTURE_REF", "soon": "FUTURE_REF",
}


@dataclass(frozen=True)
class Timex:
    type: str
    value: str
    mod: str | None = None


def iso_week(d: dt.date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def sunday_week_monday(dct: dt.date, offset: int) -> dt.date:
    """Monday of the Sunday-to-Saturday week ``offset`` weeks from the DCT's own such week."""
    sunday = dct - dt.timedelta(days=(dct.weekday() + 1) % 7)
    return sunday + dt.timedelta(days=7 * offset + 1)


def _month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _shift_month(year: int, month: int, k: int) -> tuple[int, int]:
    m = year * 12 + (month - 1) + k
    return m // 12, m % 12 + 1


def _month(month: int, dct: dt.date, direction: int | None, tense: str) -> str:
    """Year of a month name: ``direction`` from last/this/next, else the tense decides."""
    y = dct.year
    if direction == -1:
        y = dct.year if month < dct.month else dct.year - 1
    elif direction == 1:
        y = dct.year if month > dct.month else dct.year + 1
    elif direction == 0:
        y = dct.year
    elif tense == "future":
        y = dct.year if month >= dct.month else dct.year + 1
    else:
        y = dct.year if month <= dct.month else dct.year - 1
    return _month_value(y, month)


def _weekday(wd: int, dct: dt.date, direction: int | None, tense: str) -> str:
    if direction == 0:
        day = dct + dt.timedelta(days=wd - dct.weekday())
    elif direction == -1:
        day = dct - dt.timedelta(days=(dct.weekday() - wd - 1) % 7 + 1)
    elif direction == 1:
        day = dct + dt.timedelta(days=(wd - dct.weekday() - 1) % 7 + 1)
    elif tense == "future":
        day = dct + dt.timedelta(days=(wd - dct.weekday()) % 7)
    else:
        day = dct - dt.timedelta(days=(dct.weekday() - wd) % 7)
    return day.isoformat()


def _day_no_year(month: int, day: int, dct: dt.date) -> str | None:
    best = None
    for y in (dct.year - 1, dct.year, dct.year + 1):
        try:
            cand = dt.date(y, month, day)
        except ValueError:
            continue
        if best is None or abs((cand - dct).days) < abs((best - dct).days):
            best = cand
    return None if best is None else best.isoformat()


def _date(value: str | None) -> Timex | None:
    return None if value is None else Timex("DATE", value)


def _abs_day(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


_M = "|".join(sorted(MONTHS, key=len, reverse=True))
_W = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_N = "|".join(sorted([re.escape(k) for k in NUMBERS] + [r"\d+"], key=len, reverse=True))
_U = "|".join(UNITS)
_DIR = "|".join(DIRECTIONS)
_MOD = "|".join(sorted(DURATION_MODS, key=len, reverse=True))
_S = "|".join(SEASONS)
_ORD = r"(\d{1,2})(?:st|nd|rd|th)?"


def _units(n: str) -> int:
    return int(n) if n.isdigit() else NUMBERS[n]


def _duration(n: str | None, unit: str, mod: str | None) -> Timex:
    k = -1 if n is None else _units(n)
    amount = "X" if k < 0 else str(k)
    return Timex("DURATION", f"P{amount}{UNITS[unit]}", DURATION_MODS.get(mod) if mod else None)


def _ago(n: str, unit: str, dct: dt.date) -> Timex | None:
    k = _units(n)
    if k < 0:
        return Timex("DATE", "PAST_REF")
    if unit == "day":
        return Timex("DATE", (dct - dt.timedelta(days=k)).isoformat())
    if unit == "week":
        return Timex("DATE", iso_week(dct - dt.timedelta(weeks=k)))
    if unit == "month":
        return Timex("DATE", _month_value(*_shift_month(dct.year, dct.month, -k)))
    if unit == "year":
        return Timex("DATE", f"{dct.year - k:04d}")
    return None


def _relative_unit(direction: int, unit: str, dct: dt.date) -> Timex | None:
    if unit == "week":
        return Timex("DATE", iso_week(sunday_week_monday(dct, direction)))
    if unit == "month":
        return Timex("DATE", _month_value(*_shift_month(dct.year, dct.month, direction)))
    if unit == "year":
        return Timex("DATE", f"{dct.year + direction:04d}")
    if unit == "day":
        return Timex("DATE", (dct + dt.timedelta(days=direction)).isoformat())
    return None


def _season(name: str, dct: dt.date, direction: int | None, tense: str) -> Timex:
    code, month = SEASONS[name]
    year = int(_month(month, dct, direction, tense)[:4])
    return Timex("DATE", f"{year:04d}-{code}")


#: (name, pattern over the lower-cased, space-normalized expression, handler). First match wins.
RULES: tuple[tuple[str, re.Pattern[str], object], ...] = tuple(
    (name, re.compile(rf"^(?:{rx})$"), fn) for name, rx, fn in (
        ("iso day", r"(\d{4})-(\d{2})-(\d{2})",
         lambda m, d, t: _date(_abs_day(int(m[1]), int(m[2]), int(m[3])))),
        ("month day year", rf"(?:(?:{_W}),? )?({_M})\.? {_ORD},? (\d{{4}})",
         lambda m, d, t: _date(_abs_day(int(m[3]), MONTHS[m[1]], int(m[2])))),
        ("day month year", rf"(?:(?:{_W}),? )?{_ORD} (?:of )?({_M})\.?,? (\d{{4}})",
         lambda m, d, t: _date(_abs_day(int(m[3]), MONTHS[m[2]], int(m[1])))),
        ("month year", rf"({_M})\.?,? (?:of )?(\d{{4}})", lambda m, d, t: Timex("DATE", _month_value(int(m[2]), MONTHS[m[1]]))),
        ("month day", rf"(?:(?:{_W}),? )?({_M})\.? {_ORD}",
         lambda m, d, t: _date(_day_no_year(MONTHS[m[1]], int(m[2]), d))),
        ("day month", rf"(?:(?:{_W}),? )?{_ORD} (?:of )?({_M})",
         lambda m, d, t: _date(_day_no_year(MONTHS[m[2]], int(m[1]), d))),
        ("year", r"(?:the year )?((?:19|20)\d\d)", lambda m, d, t: Timex("DATE", m[1])),
        ("relative unit", rf"({_DIR}) ({_U})", lambda m, d, t: _relative_unit(DIRECTIONS[m[1]], m[2], d)),
        ("deictic day", r"(today|yesterday|tomorrow)",
         lambda m, d, t: Timex("DATE", (d + dt.timedelta(days=DEICTIC_DAYS[m[1]])).isoformat())),
        ("tonight", r"tonight|this evening", lambda m, d, t: Timex("TIME", d.isoformat() + "TNI")),
        ("weekday", rf"(?:({_DIR}) )?({_W})\.?",
         lambda m, d, t: Timex("DATE", _weekday(WEEKDAYS[m[2]], d, DIRECTIONS[m[1]] if m[1] else None, t))),
        ("month", rf"(?:({_DIR}) )?({_M})",
         lambda m, d, t: Timex("DATE", _month(MONTHS[m[2]], d, DIRECTIONS[m[1]] if m[1] else None, t))),
        ("season", rf"(?:({_DIR}) )?({_S})",
         lambda m, d, t: _season(m[2], d, DIRECTIONS[m[1]] if m[1] else None, t)),
        ("ago", rf"({_N}) ({_U})s? ago", lambda m, d, t: _ago(m[1], m[2], d)),
        ("the past n units", rf"(?:the )?(?:past|last) ({_N}) ({_U})s?", lambda m, d, t: _duration(m[1], m[2], None)),
        ("duration", rf"(?:({_MOD}) )?({_N})[- ]({_U})s?(?:[- ]long|[- ]old)?", lambda m, d, t: _duration(m[2], m[3], m[1])),
        ("unquantified duration", rf"({_U})s", lambda m, d, t: _duration(None, m[1], None)),
        ("reference", "|".join(re.escape(k) for k in REFERENCES), lambda m, d, t: Timex("DATE", REFERENCES[m[0]])),
    )
)


def normalize_expression(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().replace("\u2019", "'"))


@lru_cache(maxsize=4096)
def resolve(text: str, dct: dt.date, tense: str = "past") -> Timex | None:
    """TIMEX3 type, value and mod of a temporal expression, or None when no rule applies.

    ``tense`` is the tense of the governing verb: ``past``, ``present`` or ``future``.
    """
    key = normalize_expression(text)
    for _, pattern, handler in RULES:
        m = pattern.match(key)
        if m:
            return handler(m, dct, tense)  # type: ignore[operator]
    return None


def rule_name(text: str) -> str | None:
    """Name of the rule that resolves ``text`` (for tests and explanations)."""
    key = normalize_expression(text)
    return next((name for name, pattern, _ in RULES if pattern.match(key)), None)
