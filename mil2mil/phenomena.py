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
    # authored documents (docs/authoring.md): the hard cases the authored test set is written around
    "coref.long-chain": "an entity referred to many times (five or more mentions) by names, nominals and pronouns",
    "coref.pronoun-distance": "a pronoun whose antecedent is several sentences back or competes with another entity",
    "coref.group": "a plural phrase referring to several annotated entities together (\"the two ministers\")",
    "coref.split-antecedent": "a plural pronoun or phrase whose members were introduced separately",
    "name.metonymy": "a capital or building name standing for a government or institution",
    "name.alias": "one entity named in several ways (full name, abbreviation, nickname)",
    "name.nested": "a name inside a longer mention that refers by itself",
    "quote.nested": "a quotation inside a quotation; speaker and reported speaker differ",
    "quote.reported": "facts given through attributed speech rather than by the narrator",
    "role.change": "a person whose title changes in the story (promotion, appointment, a former role)",
    "role.multiple": "a person with two or more roles (rank and position, or two posts)",
    "status.hedged": "a meeting reported with hedging or uncertainty (\"reportedly\", \"may have\")",
    "status.generic": "a kind or series of meetings described in general",
    "meeting.passing": "a meeting mentioned only in passing, in a subordinate clause or aside",
    "meeting.multiple": "several distinct meetings in one document",
    "meeting.overlapping": "meetings nested in or overlapping one another (a bilateral on the sidelines of a forum)",
    "meeting.named-event": "a named event (a forum, a round of talks) that is a meeting's event entity",
    "modality.mixed": "meetings of different modalities, or one meeting with a remote participant",
    "date.relative-event": "a date given relative to another event (\"the day before the summit\")",
    "date.relative-dct": "a date given relative to the document date (\"last month\", \"two days ago\")",
    "date.range": "a meeting that begins or ends on a stated date, or spans several days",
    "date.none": "a meeting the text does not date",
    "date.time": "a clock time (\"09:40\", \"shortly after noon\")",
    "topic.multiple": "a meeting with several topics, each with its own evidence",
    "topic.other": "a topic outside the named topics",
    "participant.unnamed": "a participant referred to only by a description",
    "source.error": "an error in the text recorded as a source note",
    "genre.translated": "wording in the style of a translation from another language",
    "zone.headline-dateline": "a headline and dateline with their own mentions and dates",
}

_FIRST_AUTHORED = "coref.long-chain"
#: The tags the generator (``mil2mil.generator``) emits: each has at least 30 occurrences in the
#: constructed test split (a test checks it). The others were added for the authored test set.
GENERATED_TAGS: tuple[str, ...] = tuple(list(TAGS)[: list(TAGS).index(_FIRST_AUTHORED)])
#: Tags added for the authored documents (docs/authoring.md); the generator does not emit them.
AUTHORED_TAGS: tuple[str, ...] = tuple(t for t in TAGS if t not in GENERATED_TAGS)
