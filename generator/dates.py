"""Date expressions for a date seen from a document creation time (DCT), with exact TIMEX3 values.

Each function returns the ways the date may be written from that DCT, following the
normalization rules of docs/guidelines.md section 4 (weekday: the latest/earliest such day;
"last week": the Sunday-to-Saturday week before the DCT's, written as the ISO week of its
Monday; month-day without a year: the nearest such date in the direction of the tense).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}
#: Associated Press month abbreviations (March to July are spelled out).
AP_ABBREVIATIONS = {1: "Jan.", 2: "Feb.", 8: "Aug.", 9: "Sept.", 10: "Oct.", 11: "Nov.", 12: "Dec."}


@dataclass(frozen=True)
class DateExpr:
    prep: str  # written before the timex ("on ", "" ...)
    text: str  # the timex text
    value: str
    anchor: str | None  # "DCT" or None (absolute)
    tags: tuple[str, ...]
    kind: str  # which form (for bare-use filtering)


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def sunday_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def month_day(day: dt.date, style: str) -> str:
    if style == "abbr" and day.month in AP_ABBREVIATIONS:
        return f"{AP_ABBREVIATIONS[day.month]} {day.day}"
    if style == "dm":
        return f"{day.day} {calendar.month_name[day.month]}"
    return f"{calendar.month_name[day.month]} {day.day}"


def _md_tags(day: dt.date, dct: dt.date, style: str) -> tuple[str, ...]:
    tags = ["date.month-day"]
    if style == "abbr" and day.month in AP_ABBREVIATIONS:
        tags.append("date.abbrev-month")
    if style == "dm":
        tags.append("date.day-first")
    if day.year != dct.year:
        tags.append("date.crosses-year")
    if day.month == 2 and day.day == 29:
        tags.append("date.leap-day")
    return tuple(tags)


def expressions(day: dt.date, dct: dt.date, style: str = "md") -> list[DateExpr]:
    """Every way this generator may write ``day`` in a document dated ``dct``."""
    diff = (dct - day).days
    out: list[DateExpr] = []
    value = day.isoformat()
    weekday = calendar.day_name[day.weekday()]
    leap = ("date.leap-day",) if (day.month, day.day) == (2, 29) else ()
    if diff == 0:
        out.append(DateExpr("", "today", value, "DCT", ("date.today",), "today"))
    if diff == 1:
        out.append(DateExpr("", "yesterday", value, "DCT", ("date.yesterday",), "yesterday"))
    if diff == -1:
        out.append(DateExpr("", "tomorrow", value, "DCT", ("date.tomorrow",), "tomorrow"))
    if 0 <= diff <= 6:
        out.append(DateExpr("on ", weekday, value, "DCT", ("date.weekday.past",), "weekday"))
    if -6 <= diff <= -1:
        out.append(DateExpr("on ", weekday, value, "DCT", ("date.weekday.future",), "weekday"))
    if 2 <= diff <= 10:
        out.append(DateExpr("", f"{NUMBER_WORDS[diff]} days ago", value, "DCT", ("date.ago",), "ago"))
    # Sunday-start weeks; the meeting must fall on Monday..Saturday of that week so that the
    # ISO week of its Monday contains it.
    this_week = sunday_start(dct)
    if 1 <= (day - (this_week - dt.timedelta(days=7))).days <= 6:
        out.append(DateExpr("", "last week", iso_week(this_week - dt.timedelta(days=6)), "DCT", ("date.last-week",), "week"))
    if 1 <= (day - (this_week + dt.timedelta(days=7))).days <= 6:
        out.append(DateExpr("", "next week", iso_week(this_week + dt.timedelta(days=8)), "DCT", ("date.next-week",), "week"))
    if -364 <= diff <= 364 and diff != 0:
        tense = ("date.past",) if diff > 0 else ("date.future",)
        for st in ("md", style):
            out.append(DateExpr("on ", month_day(day, st), value, "DCT", _md_tags(day, dct, st) + tense, "md"))
    months = (dct.year - day.year) * 12 + dct.month - day.month
    month_value = f"{day.year:04d}-{day.month:02d}"
    cross = ("date.crosses-year",) if day.year != dct.year else ()
    if 1 <= months <= 10 and diff > 0:
        out.append(DateExpr("in ", calendar.month_name[day.month], month_value, "DCT", ("date.month-only",) + cross, "month"))
    if months == 1 and diff > 0:
        out.append(DateExpr("", "last month", month_value, "DCT", ("date.last-month",) + cross, "relmonth"))
    if months == -1 and diff < 0:
        out.append(DateExpr("", "next month", month_value, "DCT", ("date.next-month",) + cross, "relmonth"))
    full = f"{month_day(day, style)}, {day.year}" if style != "dm" else f"{month_day(day, style)} {day.year}"
    abs_tags = ("date.absolute",) + (("date.abbrev-month",) if style == "abbr" and day.month in AP_ABBREVIATIONS else ()) + leap
    out.append(DateExpr("on ", full, value, None, abs_tags, "absolute"))
    return out


def month_year(day: dt.date) -> DateExpr:
    return DateExpr("in ", f"{calendar.month_name[day.month]} {day.year}", f"{day.year:04d}-{day.month:02d}",
                    None, ("date.month-year",), "monthyear")


def dateline_expr(dct: dt.date, style: str) -> DateExpr:
    if style == "full":
        return DateExpr("", f"{month_day(dct, 'md')}, {dct.year}", dct.isoformat(), None, ("date.dateline",), "dateline")
    tags = ("date.dateline",) + (("date.abbrev-month",) if style == "abbr" and dct.month in AP_ABBREVIATIONS else ())
    return DateExpr("", month_day(dct, style), dct.isoformat(), "DCT", tags, "dateline")
