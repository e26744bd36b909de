"""The phenomenon tags of gold items: one vocabulary, tag -> one-line description.

Any gold item (mention, entity, role, timex, meeting) may carry ``"tags": [...]`` drawn from
:data:`TAGS`; ``mil2mil validate`` rejects an unknown tag. The constructed corpus tags every
item that exercises a phenomenon; docs/phenomena.md documents the vocabulary.
"""

from __future__ import annotations

TAGS: dict[str, str] = {
    # dates (timexes)
    "date.today": "\"today\": the DCT itself",
    "date.yesterday": "\"yesterday\": the day before the DCT",
    "date.tomorrow": "\"tomorrow\": the day after the DCT",
    "date.weekday.past": "a bare weekday in a past-tense context: the latest such day on or before the DCT",
    "date.weekday.future": "a bare weekday in a future context: the earliest such day after the DCT",
    "date.ago": "\"N days ago\": a day counted back from the DCT",
    "date.last-week": "\"last week\": the Sunday-to-Saturday week before the DCT's, as an ISO week",
    "date.next-week": "\"next week\": the Sunday-to-Saturday week after the DCT's, as an ISO week",
    "date.month-day": "month and day without a year, the year supplied by the DCT",
    "date.abbrev-month": "an abbreviated month name (\"Feb. 27\", \"Sept. 3\")",
    "date.day-first": "day before month (\"3 March\")",
    "date.crosses-year": "a DCT-relative date whose year differs from the DCT's year",
    "date.leap-day": "February 29",
    "date.past": "a month-day date before the DCT",
    "date.future": "a month-day date after the DCT",
    "date.month-only": "a month name alone (\"in March\"): the latest such month at or before the DCT's",
    "date.last-month": "\"last month\": the month before the DCT's month",
    "date.next-month": "\"next month\": the month after the DCT's month",
    "date.absolute": "a full date with its year; no anchor",
    "date.month-year": "a month with its year (\"July 2022\")",
    "date.dateline": "the date in the dateline",
    "date.header": "the ISO date of a filing line (page furniture)",
    "date.year": "a bare year (\"since 2015\")",
    "date.duration": "a duration (\"three hours\")",
    # meetings
    "status.occurred": "a meeting that took place before the DCT",
    "status.planned": "an announced future meeting",
    "status.hypothetical": "a possible meeting, no specific instance",
    "status.cancelled": "a specific planned meeting the text says was called off",
    "status.negated": "a meeting the text says did not take place (a denial)",
    "modality.in-person": "a meeting held in person",
    "modality.video": "a meeting held by video",
    "modality.phone": "a meeting held by telephone",
    "modality.unspecified": "a meeting whose modality the text does not give",
    "participant.delegation": "a delegation takes part (and the person leading it)",
    "participant.host-guest": "one side hosts or receives the other",
    "participant.multilateral": "three or more participants",
    "location.facility": "the meeting's place is a named building (FAC) in a city",
    "meeting.earlier": "an earlier meeting of the same people, dated by month and year",
    "meeting.follow-up": "a further meeting planned at the reported one",
    "crossdoc.cluster": "a meeting reported by several documents (its cross_doc_id recurs)",
    "crossdoc.later-report": "a report of a clustered meeting that is not the earliest one",
    # roles
    "role.premodifier": "title written before the name (\"Defense Minister X\")",
    "role.country": "nationality adjective before the title (\"Varanian Defense Minister X\")",
    "role.rank": "a military rank as a role (\"Gen. X\")",
    "role.apposition": "title in an apposition with the country (\"X, Varania's defense minister\")",
    "role.acting": "an acting office holder (\"Varania's acting defense minister\")",
    "role.nested-org": "the title's organization is nested in a parent organization",
    "role.former": "a former office (role status former)",
    # mentions
    "name.variant": "a person named by the family name alone after a full mention",
    "coref.nominal": "a nominal mention (\"the minister\") of a named person",
    "coref.pronoun": "a pronoun mention of a named person",
    "distractor.non-meeting": "an item in a sentence about an event that is not a meeting (signing, exercise, interview...)",
}
