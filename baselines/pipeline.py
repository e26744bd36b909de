"""What both baselines share: from a spaCy ``Doc`` with top-level names to a predictions line.

A baseline differs only in where its names come from (:meth:`BaseExtractor.names`): the
rules baseline uses a gazetteer and name patterns (:class:`~.rules.NameFinder`), the spacy baseline a
statistical NER. Everything after that is shared and rule-based, driven by the tables in
:mod:`.lexicon`:

1. **mentions**: names trimmed to the guidelines' extent (no determiner, no possessive, no
   leading country abbreviation or nationality, which become mentions of their own), nested
   place and nationality names inside organization/facility/event names, person names
   anchored by titles, surname and pronoun mentions of known persons;
2. **entities**: in-document coreference by normalized name, alias table and surnames;
3. **roles**: a title (Matcher over the title table) before a person's name or in a comma
   apposition after it, with the organization of an "of (the) ..." complement;
4. **timexes**: Matcher patterns for the extent, :mod:`.dates` for the value, the governing
   verb's tense for past/future;
5. **meetings**: trigger Matcher, records grouped per clause and across sentences, slots from
   the trigger's clause (participants, date, place, modality, status) and topics from the
   sentences that report the meeting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import datetime as dt

import numpy
from spacy.attrs import IDX, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from mil2mil.titles import normalize_title as table_title

from . import lexicon as L
from .api import Document, Prediction
from .fastmatch import LexemeTable, TokenMatcher, regions
from .dates import MONTHS, NUMBERS, SEASONS, UNITS, WEEKDAYS, resolve

ENTITY_TYPES = frozenset({"PER", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP"})
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
APOSTROPHE_S = frozenset({"'s", "\u2019s", "'", "\u2019"})
MEETING_EVENT_HEADS = frozenset({"forum", "dialogue", "summit", "talks", "conference", "consultations",
                                 "meeting", "symposium"})


@Language.component("mil2mil_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break starts a new sentence: headlines, captions and datelines have no final stop."""
    if len(doc) < 2:
        return doc
    for i in numpy.flatnonzero(doc.to_array(IS_SPACE)[:-1]).tolist():
        if "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc


# --- matcher patterns built from the tables ---------------------------------------------

def _title_token_sequences(nlp: Language) -> list[list[str]]:
    """Lower-case token sequences of every title head and written variant."""
    from mil2mil.titles import TITLES

    surfaces = set(L.TITLE_HEADS)
    for variants in TITLES.values():
        surfaces.update(variants)
    surfaces.update(k for k in L.REORDER)
    seqs = []
    for s in sorted(surfaces):
        for written in (s, s.title()):  # tokenizer exceptions are case-sensitive ("Lt." vs "lt.")
            toks = [t.lower_ for t in nlp.make_doc(written)]
            seqs.append(toks)
            if "defense" in toks:
                seqs.append(["defence" if t == "defense" else t for t in toks])
    return seqs


def title_phrases(nlp: Language) -> list[Doc]:
    """Every title with up to two prefixes ("deputy assistant ..."), for a LOWER PhraseMatcher
    (a token Matcher with an optional first token would try every pattern at every token)."""
    prefixes = [[]] + [[p] for p in L.TITLE_PREFIXES] + [[p, q] for p in L.TITLE_PREFIXES for q in L.TITLE_PREFIXES if p != q]
    seqs = {tuple(pre + seq) for seq in _title_token_sequences(nlp) for pre in prefixes}
    return [Doc(nlp.vocab, words=list(seq)) for seq in sorted(seqs)]


def _timex_elements() -> dict[str, Any]:
    full_months = [m for m in MONTHS if len(m) > 3 and m != "sept" or m == "may"]
    abbr_months = [m for m in MONTHS if m not in full_months]
    day = {"TEXT": {"REGEX": r"^(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?$"}}
    year = {"TEXT": {"REGEX": r"^(?:19|20)\d\d$"}}
    direction = {"LOWER": {"IN": list(L_DIRS)}}
    month = {"LOWER": {"IN": [m for m in full_months if m != "may"]}, "IS_TITLE": True}
    any_month = {"LOWER": {"IN": full_months}, "IS_TITLE": True}
    abbr = {"LOWER": {"IN": abbr_months}, "IS_TITLE": True}
    dot = {"ORTH": ".", "OP": "?"}
    comma = {"ORTH": ",", "OP": "?"}
    weekday = {"LOWER": {"IN": [w for w in WEEKDAYS if len(w) > 4]}, "IS_TITLE": True}
    number = {"LOWER": {"IN": [n for n in NUMBERS if " " not in n and n not in ("a", "an")]}}
    digits = {"LIKE_NUM": True}
    unit = {"LOWER": {"IN": [u for u in UNITS] + [u + "s" for u in UNITS]}}
    mod = {"LOWER": {"IN": ["over", "nearly", "almost", "about", "around", "roughly", "under", "some"]}}
    wmy = {"LOWER": {"IN": ["week", "month", "year"]}}
    deictic = {"LOWER": {"IN": ["today", "yesterday", "tomorrow"]}}
    season = {"LOWER": {"IN": list(SEASONS)}}
    dddd = {"SHAPE": "dddd"}
    return dict(locals())


def timex_anchors() -> list[dict[str, Any]]:
    """Pattern elements one of which every timex pattern requires (where matching starts)."""
    e = _timex_elements()
    return [e[k] for k in ("dddd", "any_month", "month", "abbr", "weekday", "year", "wmy", "deictic", "unit", "season")]


def timex_patterns() -> dict[str, list[list[dict[str, Any]]]]:
    e = _timex_elements()
    day, year, direction, month, any_month, abbr = e["day"], e["year"], e["direction"], e["month"], e["any_month"], e["abbr"]
    dot, comma, weekday, number, digits, unit, mod = e["dot"], e["comma"], e["weekday"], e["number"], e["digits"], e["unit"], e["mod"]
    wmy, deictic, season, dddd = e["wmy"], e["deictic"], e["season"], e["dddd"]
    return {
        "DATE": [
            [dddd, {"ORTH": "-"}, {"SHAPE": "dd"}, {"ORTH": "-"}, {"SHAPE": "dd"}],
            [{"ORTH": {"IN": [w.title() for w in WEEKDAYS if len(w) > 4]}, "OP": "?"}, comma, any_month, day, comma, year],
            [any_month, day], [abbr, dot, day], [abbr, dot, day, comma, year],
            [day, any_month, year], [day, any_month], [any_month, year], [abbr, dot, year],
            [direction, any_month], [month], [year],
            [direction, weekday], [weekday],
            [direction, wmy],
            [deictic],
            [{"LOWER": {"IN": [n for n in NUMBERS if " " not in n]}}, unit, {"LOWER": "ago"}],
            [digits, unit, {"LOWER": "ago"}],
            [direction, season],
        ],
        "DURATION": [
            [number, {"ORTH": "-", "OP": "?"}, unit],
            [digits, {"ORTH": "-", "OP": "?"}, unit],
            [mod, {"LOWER": {"IN": ["a", "an"]}}, unit],
            [{"LOWER": "more"}, {"LOWER": "than"}, {"LOWER": {"IN": ["a", "an"]}}, unit],
            [{"LOWER": "more"}, {"LOWER": "than"}, number, unit],
            [mod, number, unit],
            [{"LOWER": "the"}, {"LOWER": {"IN": ["past", "last"]}}, number, unit],
        ],
    }


L_DIRS = ("last", "this", "next", "past", "previous", "coming")


def trigger_anchors() -> list[dict[str, Any]]:
    """The first token of each gapped trigger pattern ("held ... talks", "get ... together")."""
    return [{"LOWER": {"IN": ["held", "hold", "holds", "holding"]}}, {"LOWER": {"IN": ["get", "getting", "got"]}}]


def _max_len(matcher: TokenMatcher) -> int:
    """The longest match any pattern of ``matcher`` can have (its patterns are bounded)."""
    return max(sum(mx for _, _, mx in elems) for _, elems, _, _ in matcher.patterns)


def trigger_patterns(nlp: Language) -> list[list[dict[str, Any]]]:
    """Token patterns for triggers with gaps; plain trigger phrases go to a PhraseMatcher."""
    pats = []
    hold, get = trigger_anchors()
    heads = {"LOWER": {"IN": ["talks", "meeting", "meetings", "consultations", "summit", "call", "conference",
                              "dialogue", "negotiations", "videoconference", "teleconference"]}}
    pats.append([hold, {"IS_PUNCT": False, "IS_SPACE": False, "OP": "{0,4}"}, heads])
    pats.append([get, {"IS_ALPHA": True, "OP": "{1,3}"}, {"LOWER": "together"}])
    return pats


# --- records ----------------------------------------------------------------------------

@dataclass
class Mention:
    start: int  # token offsets
    end: int
    type: str
    key: str = ""
    form: str = "NAM"
    entity: str = ""

    def span(self, doc: Doc) -> Span:
        return doc[self.start:self.end]


@dataclass
class Record:
    triggers: list[tuple[int, int]]
    sents: list[int]
    status: str
    modality: str | None
    event: str | None = None
    anaphoric: bool = False
    participants: list[str] = field(default_factory=list)
    date: tuple[int, str] | None = None  # (token index, value)
    location: tuple[int, str, str] | None = None  # (token index, entity, type)
    topics: set[str] = field(default_factory=set)


def _norm_key(text: str) -> str:
    key = re.sub(r"\s+", " ", text.lower().replace("\u2019", "'")).strip()
    key = re.sub(r"^the ", "", key)
    return L.ALIASES.get(key, key)


class View:
    """Per-document token attributes as plain lists (no ``Token`` objects in the hot loops)."""

    __slots__ = ("masks", "lower", "text", "sents", "sent_of")

    def __init__(self, ex: "BaseExtractor", doc: Doc):
        recs = ex.table.records(doc)
        self.masks = [r[0] for r in recs]
        self.lower = [r[1] for r in recs]
        self.text = [r[2] for r in recs]
        # sentences as (start, end), without the whitespace-only ones; like ``doc.sents``
        if doc.has_annotation("SENT_START"):
            flags = doc.to_array(SENT_START).tolist()
            starts = [0] + [i for i in range(1, len(flags)) if flags[i] == 1]
            bounds = list(zip(starts, starts[1:] + [len(doc)])) if len(doc) else []
            space = ex.space_bit
            m = self.masks
            self.sents = [(a, b) for a, b in bounds if not all(m[i] & space for i in range(a, b))]
        else:
            self.sents = [(0, len(doc))]
        self.sent_of = [0] * len(doc)
        for k, (a, b) in enumerate(self.sents):
            self.sent_of[a:b] = [k] * (b - a)


class BaseExtractor:
    """Shared extraction; subclasses provide ``nlp`` and :meth:`names`."""

    name = "base"
    batch_size = 64

    def __init__(self, nlp: Language, n_process: int = 1):
        self.nlp = nlp
        self.n_process = n_process
        vocab = nlp.vocab
        self.titles = PhraseMatcher(vocab, attr="LOWER")
        self.titles.add("TITLE", title_phrases(nlp))
        # token patterns run on lexeme masks, only around the tokens every pattern needs
        self.table = LexemeTable(vocab)
        self.timexes = TokenMatcher(self.table)
        for label, pats in timex_patterns().items():
            self.timexes.add(label, pats, greedy="LONGEST")
        self.timex_anchor = self._anchor_bits(self.timexes, timex_anchors())
        self.triggers = TokenMatcher(self.table)
        self.triggers.add("TRIGGER", trigger_patterns(nlp), greedy="LONGEST")
        self.trigger_anchor = self._anchor_bits(self.triggers, trigger_anchors())
        self.space_bit = self.table.bit("is_space", lambda lex: lex.is_space)
        self.alpha_bit = self.table.bit("is_alpha", lambda lex: lex.is_alpha)
        self.title_bit = self.table.bit("is_title", lambda lex: lex.is_title)
        self.trigger_phrases = PhraseMatcher(vocab, attr="LOWER")
        self.trigger_phrases.add("TRIGGER", [nlp.make_doc(t) for t in sorted(L.TRIGGERS)])
        self.topics = PhraseMatcher(vocab, attr="LOWER")
        for topic, words in L.TOPICS.items():
            self.topics.add(topic, [nlp.make_doc(w) for w in words])
        self.nested = PhraseMatcher(vocab)
        for label in ("GPE", "NORP"):
            names = L.GAZETTEER[label]
            self.nested.add(label, [nlp.make_doc(n) for n in names])
        self.modifiers = frozenset(L.COUNTRY_MODIFIERS) | {n.lower() for n in L.NATIONALITIES}

    def _anchor_bits(self, matcher: TokenMatcher, specs: list[dict[str, Any]]) -> int:
        """The OR of the anchor elements' bits; every pattern must require one of them."""
        bits = 0
        for spec in specs:
            bits |= self.table.element_bit(spec)
        for key, elems, _, _ in matcher.patterns:
            if not any(mn and b & bits for b, mn, _ in elems):  # pragma: no cover - a table edit
                raise ValueError(f"a {key} pattern has no anchor token")
        return bits

    def masks(self, doc: Doc) -> list[int]:
        return [r[0] for r in self.table.records(doc)]

    def match_timexes(self, masks: list[int]) -> list[tuple[str, int, int]]:
        span = _max_len(self.timexes)
        regs = regions(masks, self.timex_anchor, self.timexes.any_bits | self.timex_anchor, before=span, after=span)
        return self.timexes.find(masks, regs)

    def match_triggers(self, masks: list[int]) -> list[tuple[str, int, int]]:
        span = _max_len(self.triggers)
        regs = regions(masks, self.trigger_anchor, self.triggers.any_bits | self.trigger_anchor, before=1, after=span)
        return self.triggers.find(masks, regs)

    # -- the extractor interface ----------------------------------------------------------

    def __call__(self, doc: Document) -> Prediction:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Document]) -> Iterator[Prediction]:
        pairs = ((d.text, (d.dct, d.text)) for d in docs)
        for sdoc, (dct, text) in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size, n_process=self.n_process):
            yield self.extract(sdoc, dct, text)

    def names(self, doc: Doc, masks: list[int] | None = None) -> list[Mention]:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- the shared steps -------------------------------------------------------------------

    def extract(self, doc: Doc, dct: dt.date, text: str | None = None) -> Prediction:
        """One predictions line; ``text`` is ``doc.text`` when the caller has it (the tokenizer
        is lossless; rebuilding it from the tokens is slow)."""
        v = View(self, doc)
        masks = v.masks
        title_spans = filter_spans([doc[s:e] for _, s, e in self.titles(doc)])
        mentions = self.trim(doc, self.names(doc, masks))
        mentions = self.add_persons(doc, mentions, title_spans, v)
        mentions += self.nested_names(doc, mentions)
        mentions = self.corefer(doc, mentions, v)
        roles = self.roles(doc, mentions, title_spans)
        timexes = self.find_timexes(doc, dct, masks)
        meetings = self.meetings(doc, mentions, timexes, v)
        idx = doc.to_array(IDX).tolist() if len(doc) else []
        toks = v.text
        text = doc.text if text is None else text
        return {
            "mentions": [
                {"start": idx[m.start], "end": idx[m.end - 1] + len(toks[m.end - 1]), "type": m.type,
                 "entity": m.entity, "text": text[idx[m.start]:idx[m.end - 1] + len(toks[m.end - 1])]}
                for m in mentions
            ],
            "roles": roles,
            "timexes": [t["out"] for t in timexes],
            "meetings": meetings,
        }

    def trim(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """Guideline extents: drop determiners and possessives; split a leading country
        abbreviation or nationality off an organization name (it is a mention of its own)."""
        out = []
        for m in mentions:
            s, e = m.start, m.end
            while s < e and (doc[s].lower_ in ("the", "a", "an") or doc[s].is_punct or doc[s].is_space):
                s += 1
            while e > s and (doc[e - 1].lower_ in APOSTROPHE_S or doc[e - 1].is_punct and doc[e - 1].text != "."
                             or doc[e - 1].is_space):
                e -= 1
            if s >= e:
                continue
            if m.type in ("ORG", "FAC", "EVENT") and e - s > 1 and doc[s].lower_ in self.modifiers:
                mod_type = "NORP" if doc[s].lower_ not in L.COUNTRY_MODIFIERS else "GPE"
                out.append(Mention(s, s + 1, mod_type))
                s += 1
            if m.type in ("ORG", "FAC", "EVENT") and e - s > 2 and doc[s + 1].lower_ in APOSTROPHE_S \
                    and doc[s].text in _PLACE_WORDS:
                out.append(Mention(s, s + 1, "GPE"))
                s += 2
            out.append(Mention(s, e, self.retype(doc, s, e, m.type), form=m.form))
        return out

    @staticmethod
    def retype(doc: Doc, s: int, e: int, label: str) -> str:
        """Head-word typing of multi-word names: "... Forum/Dialogue/Talks" is an EVENT,
        "... Convention Center" a FAC, whatever the name finder said."""
        if e - s < 2 or label not in ("ORG", "FAC", "EVENT", "GPE", "LOC"):
            return label
        head = doc[e - 1].lower_
        if head in MEETING_EVENT_HEADS and doc[e - 1].is_title:
            return "EVENT"
        if head in ("center", "centre") and doc[e - 2].lower_ in L.FAC_CENTER_WORDS:
            return "FAC"
        return label

    def add_persons(self, doc: Doc, mentions: list[Mention], titles: list[Span], v: View | None = None) -> list[Mention]:
        """Person names anchored by a title ("General Liu Zhenli", "Michael Chase, deputy
        ..."), then every later occurrence of a known name or its family name."""
        taken = bytearray(len(doc))
        for m in mentions:
            taken[m.start:m.end] = b"\x01" * (m.end - m.start)
        found: list[Mention] = [m for m in mentions]

        def name_after(i: int) -> tuple[int, int] | None:
            j = i
            while j < len(doc) and j - i < 3 and doc[j].is_title and doc[j].is_alpha and not taken[j] \
                    and (doc[j].lower_ not in L.NAME_STOP or doc[j].lower_ in L.PERSON_PRONOUNS):
                j += 1
            return (i, j) if j > i else None

        def name_before(i: int) -> tuple[int, int] | None:
            j = i
            while j > 0 and i - j < 3 and doc[j - 1].is_title and doc[j - 1].is_alpha and not taken[j - 1] \
                    and doc[j - 1].lower_ not in L.NAME_STOP:
                j -= 1
            return (j, i) if i - j >= 2 else None

        def add(span: tuple[int, int] | None) -> None:
            if span is None:
                return
            s, e = span
            if any(taken[s:e]):
                return
            taken[s:e] = b"\x01" * (e - s)
            found.append(Mention(s, e, "PER"))

        for t in titles:
            head = self.title_head(t)
            if head in L.PRENOMINAL and doc[t.start].is_title:
                add(name_after(t.end))
            k = t.start
            while k > 0 and (doc[k - 1].lower_ in L.FORMER_CUES or doc[k - 1].lower_ in self.modifiers):
                k -= 1
            if k > 0 and doc[k - 1].text == ",":
                add(name_before(k - 1))
        # later occurrences of known names (full name, or the family name alone)
        known: dict[str, str] = {}
        for m in found:
            if m.type == "PER" and m.end - m.start >= 2:
                toks = [doc[i].text for i in range(m.start, m.end)]
                full = " ".join(toks)
                known.setdefault(full, full)
                family = toks[0] if toks[0].lower() in L.FAMILY_NAME_FIRST else toks[-1]
                known.setdefault(family, full)
        if known:
            v = v or View(self, doc)
            words, masks, tb, nd = v.text, v.masks, self.title_bit, len(doc)
            for i in range(nd):
                if taken[i] or not masks[i] & tb:
                    continue
                for n in (3, 2, 1):
                    if i + n > nd or any(taken[i:i + n]):
                        continue
                    text = " ".join(words[i:i + n])
                    if text in known and not (i + n < nd and masks[i + n] & tb and n == 1
                                              and words[i + n] not in known):
                        taken[i:i + n] = b"\x01" * n
                        found.append(Mention(i, i + n, "PER", key=_norm_key(known[text])))
                        break
        return found

    def nested_names(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """Place and nationality names inside organization, facility and event names."""
        outer = [m for m in mentions if m.type in ("ORG", "FAC", "EVENT") and m.end - m.start > 1]
        if not outer:
            return []
        spans = {(m.start, m.end) for m in mentions}
        out = []
        for match_id, s, e in self.nested(doc):
            if (s, e) in spans:
                continue
            if any(m.start <= s and e <= m.end for m in outer):
                out.append(Mention(s, e, self.nlp.vocab.strings[match_id]))
                spans.add((s, e))
        return out

    def corefer(self, doc: Doc, mentions: list[Mention], v: View | None = None) -> list[Mention]:
        """Cluster ids: same normalized name (with aliases and family names) = same entity;
        he/she/his/her = the nearest preceding person."""
        mentions = sorted({(m.start, m.end): m for m in mentions}.values(), key=lambda m: (m.start, -m.end))
        family: dict[str, str] = {}
        for m in mentions:
            if m.type == "PER" and m.end - m.start >= 2:
                first, last = doc[m.start].text, doc[m.end - 1].text
                family.setdefault(first if first.lower() in L.FAMILY_NAME_FIRST else last,
                                  m.key or _norm_key(doc[m.start:m.end].text))
        for m in mentions:  # "Liu", "Chase": the family name of a person named in full
            if m.end - m.start == 1 and doc[m.start].text in family and m.type in ("PER", "ORG", "GPE"):
                m.type, m.key = "PER", family[doc[m.start].text]
        ids: dict[tuple[str, str], str] = {}
        for m in mentions:
            if not m.key:
                m.key = _norm_key(doc[m.start:m.end].text)
            k = (m.type if m.type != "NORP" else "NORP", m.key)
            if k not in ids:
                ids[k] = f"E{len(ids) + 1}"
            m.entity = ids[k]
        pers = [m for m in mentions if m.type == "PER"]
        if pers:
            out = list(mentions)
            pi = 0
            last = None
            lower = (v or View(self, doc)).lower
            for i in [i for i, w in enumerate(lower) if w in L.PERSON_PRONOUNS]:
                while pi < len(pers) and pers[pi].end <= i:
                    last = pers[pi]
                    pi += 1
                if last is not None and i - last.end < 60:
                    out.append(Mention(i, i + 1, "PER", key=last.key, form="PRO", entity=last.entity))
            mentions = sorted(out, key=lambda m: (m.start, -m.end))
        return mentions

    # -- roles ----------------------------------------------------------------------------------

    @staticmethod
    def title_head(span: Span) -> str:
        words = []
        for t in span:
            w = L.ABBREVIATIONS.get(t.lower_, t.lower_)
            if w == "." or not w:
                continue
            words.append(w)
        return " ".join(words).replace(" .", "")

    @classmethod
    def normalize(cls, span: Span) -> str:
        words = cls.title_head(span).split()
        while words and words[0] in ("acting", "senior", "executive", "principal"):
            words = words[1:]
        text = " ".join(words)
        text = L.REORDER.get(text, text)
        for k, v in L.REORDER.items():
            if text.endswith(" " + k):
                text = text[: -len(k)] + v
        return table_title(text) or text

    def roles(self, doc: Doc, mentions: list[Mention], titles: list[Span]) -> list[dict[str, Any]]:
        by_start = {m.start: m for m in mentions if m.type == "PER" and m.form == "NAM"}
        by_end = {m.end: m for m in mentions if m.type == "PER" and m.form == "NAM"}
        orgs = sorted((m for m in mentions if m.type == "ORG"), key=lambda m: (m.start, -m.end))
        out: dict[tuple[str, str, str | None], str] = {}
        for t in titles:
            norm = self.normalize(t)
            k = t.start
            former = False
            while k > 0 and (doc[k - 1].lower_ in L.FORMER_CUES or doc[k - 1].lower_ in self.modifiers
                             or doc[k - 1].lower_ in APOSTROPHE_S or (k > 1 and doc[k].lower_ in APOSTROPHE_S)):
                former = former or doc[k - 1].lower_ in L.FORMER_CUES
                k -= 1
            person = None
            if t.end in by_start and doc[t.start].is_title:
                person = by_start[t.end]
            elif k > 0 and doc[k - 1].text == "," and (k - 1) in by_end:
                person = by_end[k - 1]
            if person is None:
                continue
            org = None
            j = t.end
            if j < len(doc) and doc[j].lower_ == "of":
                j += 1
                if j < len(doc) and doc[j].lower_ == "the":
                    j += 1
                for o in orgs:
                    if j <= o.start <= j + 3:
                        org = o.entity
                        break
            key = (person.entity, norm, org)
            status = "former" if former else "current"
            if out.get(key) != "current":
                out[key] = status
        return [{"person": p, "normalized_title": n, "organization": o, "status": s}
                for (p, n, o), s in sorted(out.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or ""))]

    # -- timexes --------------------------------------------------------------------------------

    def tense(self, doc: Doc, span: Span) -> str:
        """Tense of the verb governing a temporal expression: future cues in the clause before
        it (will, would, next, plan to ...) make it future; the default in news is past."""
        sent_start = span.sent.start if doc.has_annotation("SENT_START") else 0
        for i in range(span.start - 1, max(sent_start, span.start - 8) - 1, -1):
            w = doc[i].lower_
            if w in L.FUTURE_CUES and not (w == "to" and doc[i - 1].lower_ in ("according", "due")):
                return "future"
            if w in (",", ";") or w in L.REPORT_VERBS:
                break
        return "past"

    def find_timexes(self, doc: Doc, dct: dt.date, masks: list[int] | None = None) -> list[dict[str, Any]]:
        if masks is None:
            masks = self.masks(doc)
        found = [(label, doc[s:e]) for label, s, e in self.match_timexes(masks)]
        spans = filter_spans([sp for _, sp in found])
        label_of = {(sp.start, sp.end): lab for lab, sp in found}
        out = []
        for sp in spans:
            t = resolve(sp.text, dct, self.tense(doc, sp))
            if t is None:
                continue
            out.append({
                "tok": (sp.start, sp.end),
                "label": label_of.get((sp.start, sp.end), t.type),
                "out": {"start": sp.start_char, "end": sp.end_char, "text": sp.text, "type": t.type, "value": t.value},
            })
        return out

    # -- meetings -------------------------------------------------------------------------------

    def _status(self, doc: Doc, s: int, e: int, sent_start: int, lower: list[str] | None = None) -> str:
        lower = lower if lower is not None else View(self, doc).lower
        lo = max(sent_start, s - 6)
        window = " " + " ".join(lower[lo:e]) + " "
        best, pos = None, -1
        for cue, status in L.STATUS_CUES.items():
            p = window.rfind(" " + cue + " ")
            if p > pos:
                best, pos = status, p
        if best == "planned" and lower[e - 1].endswith("s") and lower[s] not in L.ANAPHORIC_DETERMINERS \
                and (s == 0 or lower[s - 1] not in L.ANAPHORIC_DETERMINERS | {"a", "an"}):
            return "hypothetical"  # "would engage in meetings": no specific meeting
        return best or "occurred"

    def _clause(self, doc: Doc, s: int, e: int, v: View | None = None) -> tuple[int, int]:
        v = v or View(self, doc)
        lower, text = v.lower, v.text
        start, end = v.sents[v.sent_of[s]]
        lo, hi = start, end
        for i in range(s - 1, start - 1, -1):
            if lower[i] in L.REPORT_VERBS or text[i] == ";":
                lo = i + 1
                break
        for i in range(e, end):
            if lower[i] in L.REPORT_VERBS or text[i] == ";":
                hi = i
                break
        return lo, hi

    def meetings(self, doc: Doc, mentions: list[Mention], timexes: list[dict[str, Any]],
                 v: View | None = None) -> list[dict[str, Any]]:
        v = v or View(self, doc)
        masks, lower, sents, sent_of = v.masks, v.lower, v.sents, v.sent_of
        trig = [(sp.start, sp.end, None) for sp in filter_spans(
            [doc[s:e] for _, s, e in self.match_triggers(masks) + list(self.trigger_phrases(doc))])]
        for m in mentions:
            if m.type == "EVENT" and lower[m.end - 1] in MEETING_EVENT_HEADS:
                trig.append((m.start, m.end, m.entity))
        # a named event that is also a trigger phrase: the event link sorts last (None < name)
        trig = sorted(trig, key=lambda t: (t[0], t[1], t[2] or ""))
        kept: list[tuple[int, int, str | None]] = []
        for t in trig:  # drop triggers inside a longer one, keep event links
            if kept and t[0] < kept[-1][1]:
                if t[1] - t[0] > kept[-1][1] - kept[-1][0]:
                    kept[-1] = (t[0], t[1], t[2] or kept[-1][2])
                elif t[2] and not kept[-1][2]:
                    kept[-1] = (kept[-1][0], kept[-1][1], t[2])
                continue
            kept.append(t)
        if not kept:
            return []
        pers = [m for m in mentions if m.type == "PER" and m.form != "PRO"]
        places = [m for m in mentions if m.type in PLACE_TYPES]
        gpes = [m for m in mentions if m.type == "GPE"]
        outer = [o for o in mentions if o.type in ("ORG", "FAC", "EVENT", "LOC")]
        inner = {(m.start, m.end) for m in mentions for o in outer
                 if o is not m and o.start <= m.start and m.end <= o.end}
        dates = [t for t in timexes if t["out"]["type"] == "DATE"]
        records: list[Record] = []
        for s, e, event in kept:
            k = sent_of[s]
            lo, hi = self._clause(doc, s, e, v)
            status = self._status(doc, s, e, sents[k][0], lower)
            if event and status == "occurred" and not self._past_in(lower, masks, self.alpha_bit, lo, hi):
                status = "generic"
            modality = None
            for i in range(s, e):
                hint = L.TRIGGERS.get(lower[i], (None, None))[1]
                modality = modality or hint
            for i in range(lo, hi):
                modality = modality or L.MODALITY_CUES.get(lower[i])
            whole = L.TRIGGERS.get(doc[s:e].text.lower())
            if whole and whole[1]:
                modality = whole[1]
            anaphoric = s > 0 and lower[s - 1] in L.ANAPHORIC_DETERMINERS or lower[s] in L.ANAPHORIC_DETERMINERS
            rec = Record([(s, e)], [k], status, modality, event, anaphoric)
            rec.participants = self._participants(doc, lo, hi, s, e, pers, gpes, inner)
            rec.date = self._date(doc, lo, hi, s, dates)
            rec.location = None if modality in ("video", "phone") else self._place(doc, lo, hi, places, inner)
            # same clause, same status: one meeting ("held a virtual meeting, the first ... talks")
            prev = records[-1] if records else None
            if prev and prev.sents[-1] == k and prev.status == status and self._compatible(prev, rec) \
                    and (event is None or prev.event in (None, event)):
                self._merge(prev, rec)
                continue
            target = self._antecedent(records, rec, k)
            if target is not None:
                self._merge(target, rec)
                continue
            records.append(rec)
        merged: list[Record] = []
        for r in records:
            same = next((m for m in merged if r.event and m.event == r.event), None)
            if same is not None:
                self._merge(same, r)
            else:
                merged.append(r)
        self._topics(doc, merged, sents, sent_of, lower)
        keys = {m.entity: m.key for m in mentions}
        return [self._output(doc, r, keys) for r in merged]

    @staticmethod
    def _past_in(lower: list[str], masks: list[int], alpha_bit: int, lo: int, hi: int) -> bool:
        for i in range(lo, hi):
            w = lower[i]
            if w in L.PAST_FORMS or (len(w) > 4 and w.endswith("ed") and masks[i] & alpha_bit):
                return True
        return False

    @staticmethod
    def _participants(doc: Doc, lo: int, hi: int, s: int, e: int, pers: list[Mention], gpes: list[Mention],
                      inner: set[tuple[int, int]]) -> list[str]:
        out = [m.entity for m in pers if lo <= m.start and m.end <= hi]
        if not out:
            # countries as the subject of the meeting verb: "the US and China would talk"
            ends = {m.end: m for m in gpes if (m.start, m.end) not in inner}
            i = s
            while i > lo and doc[i - 1].lower_ in L.VERB_CHAIN:
                i -= 1
            while i in ends:
                m = ends[i]
                out.append(m.entity)
                i = m.start
                while i > lo and doc[i - 1].lower_ in ("and", ",", "the", "both"):
                    i -= 1
        return sorted(set(out), key=out.index)

    def _date(self, doc: Doc, lo: int, hi: int, trig: int, dates: list[dict[str, Any]]) -> tuple[int, str] | None:
        best = None
        for t in dates:
            a, b = t["tok"]
            if not (lo <= a and b <= hi):
                continue
            before = doc[a - 1].lower_ if a > 0 else ""
            before2 = doc[a - 2].lower_ if a > 1 else ""
            if before in L.REPORT_VERBS or (before == "on" and before2 in L.REPORT_VERBS):
                continue  # "announced Friday": the date of the report
            between = doc[min(b, trig):max(a, trig)].text
            if "--" in between or "\u2014" in between:
                continue  # a dateline date
            dist = abs(a - trig)
            if best is None or dist < best[0]:
                best = (dist, a, t["out"]["value"])
        return None if best is None else (best[1], best[2])

    @staticmethod
    def _place(doc: Doc, lo: int, hi: int, places: list[Mention], inner: set[tuple[int, int]]) -> tuple[int, str, str] | None:
        best = None
        for m in places:
            if not (lo <= m.start and m.end <= hi) or (m.start, m.end) in inner:
                continue
            j = m.start - 1
            if j >= 0 and doc[j].lower_ == "the":
                j -= 1
            if j < 0 or doc[j].lower_ not in L.PLACE_PREPOSITIONS:
                continue
            rank = 0 if m.type == "FAC" else 1
            if best is None or rank < best[0]:
                best = (rank, m.start, m.entity, m.type)
        return None if best is None else best[1:]  # type: ignore[return-value]

    @staticmethod
    def _compatible(a: Record, b: Record) -> bool:
        if a.modality and b.modality and a.modality != b.modality:
            return False
        if (a.modality in ("video", "phone") and b.location) or (b.modality in ("video", "phone") and a.location):
            return False
        if a.date and b.date and a.date[1] != b.date[1]:
            return False
        if a.location and b.location and a.location[1] != b.location[1]:
            return False
        return True

    def _antecedent(self, records: list[Record], rec: Record, k: int) -> Record | None:
        """The earlier record a new trigger continues: the same named event; an anaphoric
        "their meeting"/"the talks" sharing a participant or following closely; or the
        previous sentence's record when both state the same channel (video, phone)."""
        for r in reversed(records):
            if rec.event and r.event == rec.event:
                return r
        if rec.anaphoric and rec.status in ("occurred", "ongoing"):
            for r in reversed(records):
                if r.status == "occurred" and self._compatible(r, rec) and set(r.participants) & set(rec.participants):
                    return r
            r = records[-1] if records else None
            if r and k - r.sents[-1] <= 1 and self._compatible(r, rec) and not rec.participants:
                return r
        r = records[-1] if records else None
        if r and k - r.sents[-1] == 1 and r.modality in ("video", "phone") and r.modality == rec.modality \
                and self._compatible(r, rec):
            return r
        return None

    @staticmethod
    def _merge(a: Record, b: Record) -> None:
        a.triggers += b.triggers
        a.sents += [k for k in b.sents if k not in a.sents]
        a.participants += [p for p in b.participants if p not in a.participants]
        a.date = a.date or b.date
        a.location = a.location or b.location
        a.modality = a.modality or b.modality
        a.event = a.event or b.event
        if a.status in ("ongoing", "generic") and b.status == "occurred":
            a.status = "occurred"  # the body's account beats a caption's "ongoing"

    def _topics(self, doc: Doc, records: list[Record], sents: list[tuple[int, int]], sent_of: list[int],
                lower: list[str]) -> None:
        if not records:
            return
        by_sent: dict[int, set[str]] = {}
        for mid, s, _ in self.topics(doc):
            by_sent.setdefault(sent_of[s], set()).add(self.nlp.vocab.strings[mid])
        trig_sents = {k for r in records for k in r.sents}
        for r in records:
            ctx = set(r.sents)
            k = max(r.sents) + 1
            while k < len(sents) and k not in trig_sents and k - max(r.sents) <= 6:
                words = set(lower[sents[k][0]:sents[k][1]])
                if not (words & L.DISCUSSION_VERBS or '"' in words or "\u201c" in words):
                    break
                ctx.add(k)
                k += 1
            for k in ctx:
                r.topics |= by_sent.get(k, set())

    @staticmethod
    def _output(doc: Doc, r: Record, keys: dict[str, str]) -> dict[str, Any]:
        modality = r.modality or ("in_person" if r.location else "unspecified")
        status = r.status
        cross = None
        if status in ("occurred", "ongoing", "planned"):
            names = sorted(_family(keys.get(p, p)) for p in r.participants)
            where = keys.get(r.location[1], "") if r.location else ""
            when = r.date[1] if r.date else ""
            if names or when or where:
                cross = re.sub(r"[^a-z0-9]+", "-", "-".join(names + [where, when]).lower()).strip("-")
        return {
            "participants": list(r.participants),
            "date": r.date[1] if r.date else None,
            "location": r.location[1] if r.location else None,
            "modality": modality,
            "status": status,
            "topics": sorted(r.topics),
            "cross_doc_id": cross or None,
        }


_PLACE_WORDS = frozenset(L.COUNTRIES + L.CITIES)


def _family(name: str) -> str:
    words = name.split()
    if not words:
        return name
    return words[0] if len(words) > 1 and words[0] in L.FAMILY_NAME_FIRST else words[-1]


def _timexes_in(self: BaseExtractor, text: str, dct: dt.date) -> list[dict[str, Any]]:
    """The timexes this extractor finds in one piece of text (extent, type, value)."""
    return [t["out"] for t in self.find_timexes(self.nlp(text), dct)]


BaseExtractor.timexes_in = _timexes_in  # type: ignore[attr-defined]
