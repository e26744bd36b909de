"""Phenomenon tags: the one vocabulary that gold items and documents use to say what is hard in them.

Any gold item (mention, entity, role, timex, meeting) may carry ``"tags": [...]`` and a
constructed document lists the phenomena it was written to exercise in
``metadata.phenomena``; both draw from :data:`TAGS` (checked by ``mil2mil validate``).
Documented in docs/phenomena.md; a new tag is added here and there together.
"""

from __future__ import annotations

#: tag -> one-line description.
TAGS: dict[str, str] = {
    "long_coref_chain": "an entity referred to many times (five or more mentions) by names, nominals and pronouns",
    "pronoun_chain": "pronouns whose antecedent is several sentences back or competes with another entity",
    "group_entity": "a plural phrase referring to several annotated entities together (\"the two ministers\")",
    "split_antecedent": "a plural pronoun or phrase whose members were introduced separately",
    "metonymy": "a capital or building name standing for a government or institution",
    "alias_variation": "one entity named in several ways (full name, surname, abbreviation, nickname)",
    "nested_mention": "a name inside a longer mention that refers by itself",
    "nested_quote": "a quotation inside a quotation; speaker and reported speaker differ",
    "reported_speech": "facts given through attributed speech rather than by the narrator",
    "title_change": "a person whose title changes in the story (promotion, appointment, former role)",
    "former_role": "a role the text marks as no longer held",
    "multiple_roles": "a person with two or more roles (rank and position, or two posts)",
    "hedged_status": "a meeting whose occurrence is reported with hedging, denial or uncertainty",
    "planned_meeting": "a specific meeting announced or agreed for the future",
    "hypothetical_meeting": "a possible meeting with no specific instance",
    "generic_meeting": "a kind or series of meetings described in general",
    "cancelled_meeting": "a meeting announced and then called off or postponed",
    "passing_mention": "a meeting mentioned only in passing, in a subordinate clause or aside",
    "multiple_meetings": "several distinct meetings in one document",
    "overlapping_meetings": "meetings nested in or overlapping one another (a bilateral on the sidelines of a forum)",
    "mixed_modality": "meetings of different modalities, or one meeting with a remote participant",
    "event_name": "a named event (a forum, a round of talks) that is a meeting's event entity",
    "relative_date_event": "a date given relative to another event (\"the day before the summit\")",
    "relative_date_dct": "a date given relative to the document date (weekday, \"last month\")",
    "date_range": "a meeting that begins or ends on a stated date, or spans several days",
    "duration": "a duration expression (\"three hours\", \"more than a decade\")",
    "no_date": "a meeting the text does not date",
    "multiple_topics": "a meeting with several topics, each with its own evidence",
    "topic_other": "a topic outside the named topics",
    "delegation": "a delegation or a side (a country, a ministry) as a participant",
    "unnamed_participant": "a participant referred to only by a description",
    "source_error": "an error in the text recorded as a source note",
    "translated_style": "wording in the style of a translation from another language",
    "headline_dateline": "a headline and dateline with their own mentions and dates",
}
