"""Realization templates, each with an id and a family (see :mod:`mil2mil.generator.pools`).

Shared templates are kept to sentences that carry names or dates (leads, headlines, earlier,
follow-up, cancelled and denied meetings, captions); sentences with few slots (topics, quotes,
context, distractors) come only from split-specific families, so that test sentences do not
recur verbatim in train.

Notation: ``{SLOT}`` is filled by the realizer (which records the spans it writes); ``[word]``
is a trigger of the sentence's meeting. Slots: ``A``/``B`` participants (``A`` in subject
position may take an apposition), ``AS``/``BS`` short references (name variant, nominal or
pronoun), ``LOC`` place phrase, ``DATE`` date phrase, ``DUR`` duration, ``T1``/``T2`` topic
evidence, ``CA``/``CB`` the sides' states, ``NA`` A's nationality adjective, ``C``/``CS`` a third
person, ``MTG`` the meeting's trigger noun, ``CITY`` a city, ``OUT`` another outlet, ``DEL`` a
delegation.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    id: str
    family: str
    text: str


def _group(name: str, rows: list[tuple[str, str]]) -> tuple[Template, ...]:
    return tuple(Template(f"{name}.{i}", family, text) for i, (family, text) in enumerate(rows, 1))


S, TR, VA, TE = "shared", "train", "validation", "test"

TEMPLATES: dict[str, tuple[Template, ...]] = {
    "headline.occurred": _group("headline.occurred", [
        (S, "{CA} and {CB} hold defense [talks]"),
        (TR, "{CA}, {CB} officials [meet] for first time in months"),
        (VA, "{CA} and {CB} officials hold [talks]"),
        (TE, "Defense officials of {CA} and {CB} [meet]"),
        (TE, "{CA} and {CB} resume high-level [talks]"),
    ]),
    "headline.planned": _group("headline.planned", [
        (S, "{CA} and {CB} to hold defense [talks]"),
        (TR, "{CA}, {CB} officials set to [meet]"),
        (VA, "{CA} and {CB} plan [talks]"),
        (TE, "{CA} and {CB} officials to [meet] soon"),
    ]),
    "lead.occurred.in_person": _group("lead.occurred.in_person", [
        (S, "{A} [met] {B} {LOC} {DATE}, officials said."),
        (S, "{A} held [talks] with {B} {LOC} {DATE}."),
        (TR, "{A} and {B} [met] {LOC} {DATE}, according to a statement."),
        (TR, "{A} sat down for [talks] with {B} {LOC} {DATE}."),
        (VA, "{A} held a [meeting] with {B} {LOC} {DATE}, the two governments said."),
        (VA, "{A} [met] with {B} {LOC} {DATE}."),
        (TE, "{A} and {B} held face-to-face [talks] {LOC} {DATE}, officials announced."),
        (TE, "{A} received {B} for [talks] {LOC} {DATE}."),
    ]),
    "lead.occurred.host": _group("lead.occurred.host", [
        (S, "{B} [hosted] {A} {LOC} {DATE}."),
        (TR, "{B} [welcomed] {A} for [talks] {LOC} {DATE}."),
        (VA, "{B} played host to {A} at [talks] {LOC} {DATE}."),
        (TE, "{B} [received] {A} on a visit {LOC} {DATE}, holding [talks] that officials called productive."),
    ]),
    "lead.occurred.video": _group("lead.occurred.video", [
        (S, "{A} held a video [call] with {B} {DATE}."),
        (TR, "{A} and {B} [met] by video link {DATE}, officials said."),
        (VA, "{A} held a virtual [meeting] with {B} {DATE}."),
        (TE, "{A} and {B} spoke in a video [conference] {DATE}, according to a readout."),
        (TE, "{A} joined {B} for [talks] held by videoconference {DATE}."),
    ]),
    "lead.occurred.phone": _group("lead.occurred.phone", [
        (S, "{A} held a phone [call] with {B} {DATE}."),
        (TR, "{A} and {B} had a telephone [conversation] {DATE}, officials said."),
        (VA, "{A} spoke with {B} in a phone [call] {DATE}."),
        (TE, "{A} held [talks] by telephone with {B} {DATE}, according to a readout."),
        (TE, "{A} and {B} discussed security in a telephone [call] {DATE}."),
    ]),
    "lead.occurred.unspecified": _group("lead.occurred.unspecified", [
        (S, "{A} [met] {B} {DATE}, officials said."),
        (TR, "{A} held [talks] with {B} {DATE}."),
        (VA, "{A} and {B} held [talks] {DATE}, according to a statement."),
        (TE, "{A} [met] with {B} {DATE}, the two governments confirmed."),
    ]),
    "lead.occurred.delegation": _group("lead.occurred.delegation", [
        (S, "{DEL} led by {A} held [talks] with {B} {LOC} {DATE}."),
        (TR, "{DEL} headed by {A} [met] {B} {LOC} {DATE}."),
        (VA, "{B} received {DEL} led by {A} for [talks] {LOC} {DATE}."),
        (TE, "{DEL} under {A} held a round of [talks] with {B} {LOC} {DATE}."),
    ]),
    "lead.occurred.multi": _group("lead.occurred.multi", [
        (S, "{A}, {B} and {C} [met] {LOC} {DATE}."),
        (TR, "{A}, {B} and {C} held trilateral [talks] {LOC} {DATE}."),
        (VA, "{A} hosted {B} and {C} for three-way [talks] {LOC} {DATE}."),
        (TE, "{A}, {B} and {C} gathered for a trilateral [meeting] {LOC} {DATE}."),
    ]),
    "lead.planned.in_person": _group("lead.planned.in_person", [
        (S, "{A} will [meet] {B} {LOC} {DATE}, officials said."),
        (TR, "{A} is scheduled to hold [talks] with {B} {LOC} {DATE}."),
        (VA, "{A} is due to [meet] {B} {LOC} {DATE}."),
        (TE, "{A} is expected to hold [talks] with {B} {LOC} {DATE}, officials said."),
        (TE, "{A} and {B} will [meet] {LOC} {DATE}, according to an announcement."),
    ]),
    "lead.planned.video": _group("lead.planned.video", [
        (S, "{A} will hold a video [call] with {B} {DATE}."),
        (TR, "{A} and {B} are scheduled to [meet] by video link {DATE}."),
        (VA, "{A} is due to hold a virtual [meeting] with {B} {DATE}."),
        (TE, "{A} and {B} plan a video [conference] {DATE}, officials said."),
    ]),
    "lead.planned.phone": _group("lead.planned.phone", [
        (S, "{A} will hold a phone [call] with {B} {DATE}."),
        (TR, "{A} is scheduled to speak with {B} in a telephone [call] {DATE}."),
        (VA, "{A} and {B} are due to hold a phone [call] {DATE}."),
        (TE, "{A} is expected to hold a telephone [conversation] with {B} {DATE}."),
    ]),
    "topic.occurred": _group("topic.occurred", [
        (TR, "The [MTG] covered {T1} and {T2}, according to a statement."),
        (TR, "{AS} raised {T1} during the [MTG]."),
        (TR, "{AS} stressed the importance of {T1}."),
        (TR, "Officials said the [MTG] focused on {T1}."),
        (VA, "During the [MTG], {AS} called for progress on {T1}."),
        (VA, "A readout of the [MTG] listed {T1} and {T2} among the issues discussed."),
        (TE, "{AS} told reporters after the [MTG] that {T1} had been a priority."),
        (TE, "According to officials, the [MTG] dealt mainly with {T1}."),
        (TE, "The agenda of the [MTG] included {T1} as well as {T2}."),
    ]),
    "topic.planned": _group("topic.planned", [
        (TR, "Officials expect the [MTG] to cover {T1}."),
        (TR, "Officials said {T1} would top the agenda of the [MTG]."),
        (VA, "The agenda of the [MTG] includes {T1}, officials said."),
        (TE, "{T1} and {T2} are expected to be discussed at the [MTG]."),
        (TE, "The [MTG] will focus on {T1}, according to officials."),
    ]),
    "quote": _group("quote", [
        (TR, "\"Progress on {T1} is essential,\" {AS} said after the [MTG]."),
        (TR, "\"There is a shared interest in {T1},\" {AS} said."),
        (VA, "\"Nothing matters more now than {T1},\" {AS} said at the [MTG]."),
        (TE, "\"The time has come to take {T1} seriously,\" {AS} said."),
        (TE, "\"Our position on {T1} is clear,\" {AS} told reporters after the [MTG]."),
    ]),
    "duration": _group("duration", [
        (TR, "The [MTG] lasted {DUR}."),
        (TR, "Officials said the [MTG] ran for {DUR}."),
        (VA, "The [MTG] went on for {DUR}, officials said."),
        (TE, "The [MTG], which lasted {DUR}, ended without a joint statement."),
    ]),
    "former": _group("former", [
        (TR, "{F} also [attended] the [MTG]."),
        (TR, "{F} was also present at the [MTG]."),
        (VA, "{F} also took part in the [MTG]."),
        (TE, "{F} joined the [MTG] as an adviser."),
    ]),
    "background": _group("background", [
        (S, "{AS} and {BS} last [met] in {MONTHYEAR}."),
        (TR, "{AS} previously held [talks] with {BS} in {MONTHYEAR}."),
        (VA, "The previous [meeting] between {AS} and {BS} took place in {MONTHYEAR}."),
        (TE, "{AS} had last [met] {BS} in {MONTHYEAR}, officials recalled."),
    ]),
    "followup": _group("followup", [
        (S, "{AS} and {BS} agreed to [meet] again {FDATE}."),
        (TR, "A further round of [talks] between {AS} and {BS} is planned for {FDATEBARE}."),
        (VA, "{AS} is expected to [visit] {CB} {FDATE} for more [talks] with {BS}."),
        (TE, "{AS} and {BS} will hold another [meeting] {FDATE}, officials said."),
    ]),
    "hypothetical": _group("hypothetical", [
        (TR, "{AS} said {CA} was open to [talks] with {CC} if conditions allowed."),
        (TR, "{AS} said {CA} could hold [talks] with {CC} in the future."),
        (VA, "{AS} did not rule out a [meeting] between officials of {CA} and {CC}."),
        (TE, "{AS} said {CA} would consider [talks] with {CC} under the right circumstances."),
    ]),
    "cancelled": _group("cancelled", [
        (S, "Separately, [talks] between {C} and {BS} that had been planned for {XDATEBARE} were called off."),
        (TR, "{C} called off a [meeting] with {BS} that had been scheduled for {XDATEBARE}."),
        (VA, "A planned [meeting] between {C} and {BS} on {XDATEBARE} was cancelled at short notice."),
        (TE, "[Talks] that {C} was to hold with {BS} on {XDATEBARE} were postponed indefinitely."),
    ]),
    "negated": _group("negated", [
        (S, "Officials denied a report that {C} had [met] {BS} {PDATE}."),
        (TR, "A spokesperson denied that {C} had held [talks] with {BS} {PDATE}."),
        (VA, "Officials rejected claims that {C} [met] {BS} {PDATE}."),
        (TE, "A spokesperson said {C} had not [met] {BS} {PDATE}, contrary to earlier reports."),
    ]),
    "distractor": _group("distractor", [
        (TR, "{C} signed a procurement agreement {PDATE}."),
        (TR, "Troops from {CA} and {CC} held a joint exercise {PDATE}."),
        (TR, "{C} gave an interview to {OUT} {PDATE}."),
        (TR, "{C} inspected a naval base {PDATE}."),
        (VA, "{C} issued a statement on border security {PDATE}."),
        (VA, "{C} toured a defense exhibition {PDATE}."),
        (TE, "{C} announced a new budget plan {PDATE}."),
        (TE, "{C} addressed parliament {PDATE}."),
        (TE, "Ships from {CA} and {CC} completed a search-and-rescue drill {PDATE}."),
        (TR, "{C} spoke at a military academy graduation {PDATE}."),
        (TR, "{C} reviewed a naval parade {PDATE}."),
        (TR, "{C} released a white paper on defense policy {PDATE}."),
        (VA, "{C} laid a wreath at a war memorial {PDATE}."),
        (VA, "{C} presented medals to naval cadets {PDATE}."),
        (VA, "{C} published an article on maritime security {PDATE}."),
        (TE, "{C} opened a new training center {PDATE}."),
        (TE, "{C} launched a new coastal patrol vessel {PDATE}."),
        (TE, "{C} observed a live-fire drill {PDATE}."),
    ]),
    "context": _group("context", [
        (TR, "Relations between {CA} and {CB} have been uneven since {YEAR}, when a dispute over fishing rights strained ties."),
        (TR, "{CA} and {CB} established diplomatic relations in {YEAR} and share a long maritime border."),
        (TR, "Ties between {CA} and {CB} have warmed since {YEAR}, after years of mutual suspicion."),
        (TR, "{CA} has been the largest trading partner of {CB} since {YEAR}, according to official figures."),
        (VA, "{CA} and {CB} signed a border treaty in {YEAR}, but several disputes remain unresolved."),
        (VA, "Trade between {CA} and {CB} has grown steadily since {YEAR}, official data show."),
        (TE, "{CA} and {CB} have disagreed over the status of a shared river since {YEAR}."),
        (TE, "Since {YEAR}, {CA} has kept a small naval presence near the coast of {CB}."),
    ]),
    "caption": _group("caption", [
        (S, "Photo: {ANAME} and {BNAME} at the [MTG] in {CITY}."),
        (TR, "{ANAME} (left) with {BNAME} in {CITY}."),
        (VA, "File photo: {ANAME} and {BNAME} in {CITY}."),
        (TE, "Picture: {ANAME} greets {BNAME} in {CITY}."),
    ]),
}


def template_families(split: str) -> tuple[str, ...]:
    return ("shared", split)
