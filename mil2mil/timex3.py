"""TIMEX3 values: which strings are valid for which type, and what a date expression names.

The grammar is kept as a table (one regular expression per value form, tagged with the
TIMEX3 types that may use it) so that it can be read, extended and tested row by row. On
top of the syntax, :func:`value_problem` checks the calendar (no 2023-02-30, no week 53 in a
year that has 52) because a syntactically fine but impossible date is still a wrong gold
value.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import NamedTuple

DIGIT = r"[0-9X]"


class ValueForm(NamedTuple):
    name: str
    pattern: re.Pattern[str]
    types: frozenset[str]
    example: str


def _form(name: str, regex: str, types: str, example: str) -> ValueForm:
    return ValueForm(name, re.compile(regex), frozenset(types.split()), example)


_DUR_UNIT = rf"(?:{DIGIT}+(?:\.[0-9]+)?|X)"
_DATE_PART = (
    rf"{DIGIT}{{4}}-{DIGIT}{{2}}-{DIGIT}{{2}}|{DIGIT}{{4}}-W{DIGIT}{{2}}-(?:[1-7X]|WE)|"
    rf"{DIGIT}{{4}}-{DIGIT}{{2}}|{DIGIT}{{4}}-W{DIGIT}{{2}}|{DIGIT}{{4}}"
)

#: Every value form Mil2Mil accepts, in the TimeML 1.2.1 / ISO-TimeML notation.
VALUE_FORMS: tuple[ValueForm, ...] = (
    _form("day", rf"{DIGIT}{{4}}-{DIGIT}{{2}}-{DIGIT}{{2}}", "DATE SET", "2023-12-21"),
    _form("month", rf"{DIGIT}{{4}}-{DIGIT}{{2}}", "DATE SET", "2022-07"),
    _form("year", rf"{DIGIT}{{4}}", "DATE SET", "2024"),
    _form("decade", rf"{DIGIT}{{3}}", "DATE", "199"),
    _form("century", rf"{DIGIT}{{2}}", "DATE", "20"),
    _form("week", rf"{DIGIT}{{4}}-W{DIGIT}{{2}}", "DATE SET", "2024-W37"),
    _form("weekend", rf"{DIGIT}{{4}}-W{DIGIT}{{2}}-WE", "DATE SET", "2024-W37-WE"),
    _form("week day", rf"{DIGIT}{{4}}-W{DIGIT}{{2}}-[1-7]", "DATE SET", "XXXX-WXX-7"),
    _form("quarter", rf"{DIGIT}{{4}}-Q[1-4X]", "DATE SET", "2024-Q3"),
    _form("half", rf"{DIGIT}{{4}}-H[12X]", "DATE SET", "2024-H2"),
    _form("season", rf"{DIGIT}{{4}}-(?:SP|SU|FA|WI)", "DATE SET", "2024-SU"),
    _form("reference", r"PRESENT_REF|PAST_REF|FUTURE_REF", "DATE TIME", "PAST_REF"),
    _form("time", rf"(?:{_DATE_PART})T(?:{DIGIT}{{2}}(?::{DIGIT}{{2}}(?::{DIGIT}{{2}})?)?|MO|AF|EV|NI|DT)",
          "TIME SET", "2024-09-15T14:30"),
    _form("duration", rf"P(?:{_DUR_UNIT}(?:Y|M|W|D|DE|CE|ML|Q|H))+(?:T(?:{_DUR_UNIT}(?:H|M|S))+)?|PT(?:{_DUR_UNIT}(?:H|M|S))+",
          "DURATION SET", "P1Y"),
)


def value_form(value: str, timex_type: str) -> ValueForm | None:
    """The first form that ``value`` matches and that ``timex_type`` may use, else None."""
    for form in VALUE_FORMS:
        if timex_type in form.types and form.pattern.fullmatch(value):
            return form
    return None


def _weeks_in_year(year: int) -> int:
    return dt.date(year, 12, 28).isocalendar()[1]


def value_problem(value: str, timex_type: str) -> str | None:
    """Why ``value`` is not a valid TIMEX3 value of ``timex_type``; None when it is valid."""
    form = value_form(value, timex_type)
    if form is None:
        allowed = ", ".join(f"{f.name} ({f.example})" for f in VALUE_FORMS if timex_type in f.types)
        return f"{value!r} is not a TIMEX3 value of type {timex_type}; expected one of: {allowed}"
    date_part = value.split("T", 1)[0]
    if "X" in date_part or not date_part[:4].isdigit():
        return None
    year = int(date_part[:4])
    if year == 0:
        return f"{value!r}: year 0000 is outside the calendar of TIMEX3 values (years 0001 to 9999)"
    if m := re.fullmatch(r"\d{4}-(\d{2})(?:-(\d{2}))?", date_part):
        month = int(m.group(1))
        if not 1 <= month <= 12:
            return f"{value!r}: month {month:02d} does not exist"
        if m.group(2) is not None:
            day = int(m.group(2))
            if not 1 <= day <= calendar.monthrange(year, month)[1]:
                return f"{value!r}: {year}-{month:02d} has no day {day:02d}"
    if m := re.match(r"^\d{4}-W(\d{2})", date_part):
        week = int(m.group(1))
        if not 1 <= week <= _weeks_in_year(year):
            return f"{value!r}: ISO year {year} has no week {week:02d}"
    if m := re.search(r"T(\d{2})(?::(\d{2}))?(?::(\d{2}))?\Z", value):
        hour, minute, second = (int(g) if g else 0 for g in m.groups())
        if hour > 24 or minute > 59 or second > 60:
            return f"{value!r}: no such time of day"
    return None


WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTH_ABBREVIATIONS: dict[str, int] = {
    name.lower(): i for i, name in enumerate(calendar.month_abbr) if name
} | {"sept": 9}


def named_calendar_units(text: str) -> tuple[int | None, int | None]:
    """(weekday 0=Monday, month 1-12) named in an expression, each None when absent.

    Used to cross-check a gold value against its own text: "Thursday" must normalize to a
    Thursday and "last November" to a November, whatever the anchoring did.
    """
    weekday = month = None
    for word in re.findall(r"[A-Za-z]+", text.lower()):
        if word in WEEKDAYS:
            weekday = WEEKDAYS[word]
        elif word in MONTHS:
            month = MONTHS[word]
        elif word in MONTH_ABBREVIATIONS and word not in {"may"}:
            month = MONTH_ABBREVIATIONS[word]
    return weekday, month


def calendar_mismatch(text: str, value: str) -> str | None:
    """Why a DATE value contradicts the weekday or month its text names; None if consistent."""
    weekday, month = named_calendar_units(text)
    if value.startswith("0000"):
        return None  # no calendar (see value_problem)
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
        day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if weekday is not None and day.weekday() != weekday:
            return f"{text!r} names a {calendar.day_name[weekday]} but {value!r} is a {calendar.day_name[day.weekday()]}"
        if month is not None and day.month != month:
            return f"{text!r} names {calendar.month_name[month]} but {value!r} is in {calendar.month_name[day.month]}"
    elif m := re.fullmatch(r"\d{4}-(\d{2})", value):
        if month is not None and int(m.group(1)) != month:
            return f"{text!r} names {calendar.month_name[month]} but {value!r} is month {m.group(1)}"
    return None
