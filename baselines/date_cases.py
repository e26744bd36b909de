"""A table of temporal expressions in sentences, with the TIMEX3 value the guidelines give.

Used by ``tests/baselines/test_dates.py`` and by ``benchmarks/compare_dates.py`` (which also
runs Microsoft Recognizers-Text on the same rows). Rows marked ``article`` come from the two
bundled articles; all others were written for this table.
"""

from __future__ import annotations

#: (sentence, expression, DCT, expected value, source)
DATE_CASES: tuple[tuple[str, str, str, str, str], ...] = (
    # weekdays, past tense, DCT itself included
    ("The defense ministers met on Tuesday in Hanoi.", "Tuesday", "2025-03-05", "2025-03-04", "new"),
    ("The ministry said the drills ended on Wednesday.", "Wednesday", "2025-03-05", "2025-03-05", "new"),
    ("Officials spoke by phone on Monday.", "Monday", "2024-09-15", "2024-09-09", "new"),
    ("The envoy arrived in Seoul on Saturday.", "Saturday", "2023-12-22", "2023-12-16", "new"),
    ("The talks ended on Sunday in Beijing.", "Sunday", "2024-09-15", "2024-09-15", "article"),
    ("They held a video meeting on Thursday.", "Thursday", "2023-12-22", "2023-12-21", "article"),
    # weekdays, future tense
    ("The two admirals will meet on Friday.", "Friday", "2025-03-05", "2025-03-07", "new"),
    ("The delegation will travel to Manila on Monday.", "Monday", "2024-09-15", "2024-09-16", "new"),
    ("Talks are scheduled to resume next Tuesday.", "next Tuesday", "2025-03-05", "2025-03-11", "new"),
    ("The minister visited the base last Friday.", "last Friday", "2025-03-05", "2025-02-28", "new"),
    # months
    ("The two navies held a joint exercise in March.", "March", "2024-09-15", "2024-03", "new"),
    ("The commanders met in October.", "October", "2024-09-15", "2023-10", "new"),
    ("The summit will take place in October.", "October", "2024-09-15", "2024-10", "new"),
    ("The forum will be held in February.", "February", "2024-09-15", "2025-02", "new"),
    ("The two sides last met in August.", "August", "2023-12-22", "2023-08", "new"),
    ("Hotline talks resumed last February.", "last February", "2025-03-05", "2025-02", "new"),
    ("The ministers met last December.", "last December", "2023-12-22", "2022-12", "new"),
    ("They agreed to meet again next June.", "next June", "2024-09-15", "2025-06", "new"),
    ("The leaders met in San Francisco last November.", "last November", "2024-09-15", "2023-11", "article"),
    ("The militaries resumed their meeting in January.", "January", "2024-09-15", "2024-01", "article"),
    # absolute dates
    ("The last round took place in May 2019.", "May 2019", "2024-09-15", "2019-05", "new"),
    ("The accord was signed on March 3, 2021.", "March 3, 2021", "2024-09-15", "2021-03-03", "new"),
    ("The accord was signed on 14 June 2018.", "14 June 2018", "2024-09-15", "2018-06-14", "new"),
    ("Officials first met in 2015.", "2015", "2024-09-15", "2015", "new"),
    ("The last talks occurred in July 2022.", "July 2022", "2023-12-22", "2022-07", "article"),
    ("MANILA, Feb 3 (Reuters) -- Talks began.", "Feb 3", "2025-02-03", "2025-02-03", "new"),
    ("SEOUL, Dec 30 -- The ministers spoke.", "Dec 30", "2024-01-02", "2023-12-30", "new"),
    # relative units
    ("Last week, the envoy attended the forum.", "Last week", "2024-09-15", "2024-W37", "article"),
    ("Last week, the admiral toured the port.", "Last week", "2025-03-05", "2025-W09", "new"),
    ("The two chiefs will speak again next week.", "next week", "2025-03-05", "2025-W11", "new"),
    ("The exercise was held this week.", "this week", "2025-03-05", "2025-W10", "new"),
    ("The ministers met last month.", "last month", "2025-03-05", "2025-02", "new"),
    ("Relations improved last year.", "last year", "2025-03-05", "2024", "new"),
    ("The envoy flew to Tokyo yesterday.", "yesterday", "2025-03-05", "2025-03-04", "new"),
    ("The delegation arrived three days ago.", "three days ago", "2025-03-05", "2025-03-02", "new"),
    # durations
    ("It was the first call in over a year.", "over a year", "2023-12-22", "P1Y", "article"),
    ("A two-year moratorium ended.", "two-year", "2024-09-15", "P2Y", "article"),
    ("The drills lasted three weeks.", "three weeks", "2025-03-05", "P3W", "new"),
    ("The pause lasted 18 months.", "18 months", "2025-03-05", "P18M", "new"),
    ("The five-day visit ended.", "five-day", "2025-03-05", "P5D", "new"),
)
