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
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import datetime as dt

import numpy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from mil2mil.titles import normalize_title as table_title

from . import lexicon as L
from .interface import Document, Prediction
from .fastmatch import LexemeTable, TokenMatcher, regions
from .workers import pipe_in_workers, resolve_n_process
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


class SentenceSplitter:
    """``mil2mil_paragraphs`` followed by spaCy's ``sentencizer`` (default punctuation), in one
    vectorized step: the same ``SENT_START`` values (1 for a sentence start, -1 otherwise),
    without a Python loop over ``Token`` objects.

    The sentencizer starts a sentence at the first token after a sentence-final character
    that is neither punctuation nor such a character; a whitespace token holding a line break
    starts a sentence at the next token. Equivalence is tested in ``test_fastmatch.py``."""

    def __init__(self, nlp: Language):
        from spacy.pipeline.sentencizer import Sentencizer

        strings = nlp.vocab.strings
        self.punct = numpy.array(sorted(strings.add(c) for c in Sentencizer.default_punct_chars), dtype=numpy.uint64)
        self.strings = strings
        self.newline: dict[int, bool] = {}

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        arr = doc.to_array([ORTH, IS_PUNCT, IS_SPACE])
        pc = numpy.isin(arr[:, 0], self.punct)
        starts = numpy.zeros(n, dtype=bool)
        starts[0] = True
        pcpos = numpy.flatnonzero(pc)
        if len(pcpos):
            npos = numpy.flatnonzero(~(pc | arr[:, 1].astype(bool)))
            k = numpy.searchsorted(npos, pcpos, side="right")
            starts[npos[k[k < len(npos)]]] = True
        spaces = numpy.flatnonzero(arr[:-1, 2])
        if len(spaces):
            nl, strings = self.newline, self.strings
            for i, o in zip(spaces.tolist(), arr[spaces, 0].tolist()):
                has = nl.get(o)
                if has is None:
                    has = nl[o] = "\n" in strings[o]
                if has:
                    starts[i + 1] = True
        doc.from_array([SENT_START], numpy.where(starts, 1, -1).astype(numpy.uint64))  # type: ignore[arg-type]
        return doc


@Language.factory("mil2mil_sentences")
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter(nlp)


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


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _norm_key(text: str) -> str:
    # " ".join(split()) == re.sub(r"\s+", " ", ...).strip(): both use str.isspace's whitespace
    key = " ".join(text.lower().replace("\u2019", "'").split())
    if key.startswith("the "):
        key = key[4:]
    return L.ALIASES.get(key, key)


def filter_pairs(pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spacy.util.filter_spans`` on ``(start, end)`` pairs: longest first, then leftmost;
    no overlaps; sorted by start."""
    result = []
    seen: set[int] = set()
    for s, e in sorted(pairs, key=lambda p: (p[1] - p[0], -p[0]), reverse=True):
        if s not in seen and e - 1 not in seen:
            result.append((s, e))
            seen.update(range(s, e))
    result.sort(key=lambda p: p[0])
    return result


def sentence_starts(masks: list[int], stop_bit: int, punct_bits: int, newline_bit: int,
                    candidates: Iterable[int] | None = None) -> list[int]:
    """Sentence starts of ``mil2mil_paragraphs`` + ``sentencizer`` from lexeme masks: after a
    sentence-final character (``stop_bit``), the first token that is neither punctuation nor
    such a character (``punct_bits``); after a whitespace token with a line break
    (``newline_bit``), the next token; and the first token. ``candidates``: the indices of
    the tokens with ``stop_bit`` or ``newline_bit``, when the caller has them."""
    n = len(masks)
    if not n:
        return []
    starts = {0}
    if candidates is None:
        either = stop_bit | newline_bit
        candidates = [i for i, m in enumerate(masks) if m & either]
    for i in candidates:
        m = masks[i]
        if m & newline_bit and i + 1 < n:
            starts.add(i + 1)
        if m & stop_bit:
            j = i + 1
            while j < n and masks[j] & punct_bits:
                j += 1
            if j < n:
                starts.add(j)
    return sorted(starts)


class View:
    """Per-document token attributes as plain lists (no ``Token`` objects in the hot loops),
    and the masks as a ``uint64`` array to find the few tokens with a given bit."""

    __slots__ = ("masks", "lower", "text", "sents", "sent_of", "idx", "doc_text", "array")

    def __init__(self, ex: "BaseExtractor", doc: Doc, text: str | None = None):
        self.array, self.masks, self.lower, self.text = ex.table.columns(doc)
        m = self.masks
        n = len(m)
        self.idx = doc.to_array(IDX).tolist() if n else []
        self.doc_text = doc.text if text is None else text
        # sentences as (start, end), without the whitespace-only ones; like ``doc.sents``
        if ex.split_sentences and n:
            starts = sentence_starts(m, ex.stop_bit, ex.stop_bit | ex.punct_bit, ex.newline_bit,
                                     self.where(ex.stop_bit | ex.newline_bit))
        elif n and doc.has_annotation("SENT_START"):
            flags = doc.to_array(SENT_START)
            starts = [0] + (numpy.flatnonzero(flags[1:] == 1) + 1).tolist()
        else:
            starts = None
        if starts is not None:
            space = ex.space_bit
            sents = []
            for a, b in zip(starts, starts[1:] + [n]):
                for i in range(a, b):
                    if not m[i] & space:
                        sents.append((a, b))
                        break
            self.sents = sents
        else:
            self.sents = [(0, n)]
        sent_of = [0] * n
        for k, (a, b) in enumerate(self.sents):
            sent_of[a:b] = [k] * (b - a)
        self.sent_of = sent_of

    def where(self, bits: int) -> list[int]:
        """Indices of the tokens whose mask has any of ``bits``."""
        if self.array.dtype == object:  # pragma: no cover - more than 64 predicates
            return [i for i, m in enumerate(self.masks) if m & bits]
        return numpy.flatnonzero(self.array & numpy.uint64(bits)).tolist()

    def span_text(self, s: int, e: int) -> str:
        """``doc[s:e].text`` (the tokenizer is lossless)."""
        if e <= s:
            return ""
        idx = self.idx
        return self.doc_text[idx[s]:idx[e - 1] + len(self.text[e - 1])]


class BaseExtractor:
    """Shared extraction; subclasses provide ``nlp`` and :meth:`names`."""

    name = "base"
    batch_size = 64
    #: Documents per task handed to a worker process when ``n_process > 1``: small enough
    #: to spread a few hundred documents evenly over the workers, large enough that sending
    #: a task costs little next to extracting it.
    chunk_size = 16

    def __init__(self, nlp: Language, n_process: int = 1):
        self.nlp = nlp
        self.n_process = resolve_n_process(n_process)
        vocab = nlp.vocab
        # titles, plain trigger phrases and topic keywords: one LOWER phrase matcher
        self.lower_phrases = PhraseMatcher(vocab, attr="LOWER")
        self.lower_phrases.add("TITLE", title_phrases(nlp))
        self.lower_phrases.add("TRIGGER", [nlp.make_doc(t) for t in sorted(L.TRIGGERS)])
        self.topic_ids: dict[int, str] = {}
        for topic, words in L.TOPICS.items():
            if topic in ("TITLE", "TRIGGER"):  # pragma: no cover - a table edit
                raise ValueError(f"topic name {topic} clashes with a matcher key")
            self.lower_phrases.add(topic, [nlp.make_doc(w) for w in words])
            self.topic_ids[vocab.strings.add(topic)] = topic
        self.title_id = vocab.strings.add("TITLE")
        self.trigger_id = vocab.strings.add("TRIGGER")
        self.status_cues = [(" " + cue + " ", status) for cue, status in L.STATUS_CUES.items()]
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
        self.punct_bit = self.table.bit("is_punct", lambda lex: lex.is_punct)
        # sentence splitting from masks (rules baseline): see :func:`sentence_starts`
        from spacy.pipeline.sentencizer import Sentencizer

        stops = frozenset(Sentencizer.default_punct_chars)
        self.stop_bit = self.table.bit("sentence-final", lambda lex: lex.orth_ in stops)
        self.newline_bit = self.table.bit("line-break", lambda lex: lex.is_space and "\n" in lex.orth_)
        # rare words the post-processing looks for (found with View.where, not a loop)
        self.pronoun_bit = self.table.words_bit("person-pronouns", L.PERSON_PRONOUNS)
        self.modality_bit = self.table.words_bit("modality-cues", L.MODALITY_CUES)
        self.cue_first: dict[str, list[tuple[int, tuple[str, ...], str]]] = {}
        for order, (cue, status) in enumerate(L.STATUS_CUES.items()):
            words = tuple(cue.split(" "))
            self.cue_first.setdefault(words[0], []).append((order, words, status))
        self.cue_bit = self.table.words_bit("status-cue-first-words", self.cue_first)
        breaks = frozenset(L.REPORT_VERBS)
        self.clause_bit = self.table.bit("clause-break", lambda lex: lex.lower_ in breaks or lex.orth_ == ";")
        self.timex_span = _max_len(self.timexes)
        self.trigger_span = _max_len(self.triggers)
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

    def match_timexes(self, masks: list[int], v: View | None = None) -> list[tuple[str, int, int]]:
        span = self.timex_span
        regs = regions(masks, self.timex_anchor, self.timexes.any_bits | self.timex_anchor, before=span, after=span,
                       positions=v.where(self.timex_anchor) if v is not None else None)
        return self.timexes.find(masks, regs)

    def match_triggers(self, masks: list[int], v: View | None = None) -> list[tuple[str, int, int]]:
        span = self.trigger_span
        regs = regions(masks, self.trigger_anchor, self.triggers.any_bits | self.trigger_anchor, before=1, after=span,
                       positions=v.where(self.trigger_anchor) if v is not None else None)
        return self.triggers.find(masks, regs)

    # -- the extractor interface ----------------------------------------------------------

    def __call__(self, doc: Document) -> Prediction:
        return next(self.pipe_in_process([doc]))

    #: Compute sentences from the lexeme masks (:func:`sentence_starts`) instead of reading
    #: them from the ``Doc``; ``pipe`` then skips the components named in ``skip_in_pipe``.
    split_sentences = False
    skip_in_pipe: tuple[str, ...] = ()

    def pipe(self, docs: Iterable[Document]) -> Iterator[Prediction]:
        """Predictions for ``docs`` in input order. With ``n_process > 1`` the whole extraction
        runs in worker processes (:mod:`.workers`): handing only the tokenizer or model to
        spaCy's own ``n_process`` would leave all post-processing to this process."""
        if self.n_process > 1:
            return pipe_in_workers(self, docs, self.n_process, self.chunk_size)
        return self.pipe_in_process(docs)

    def pipe_in_process(self, docs: Iterable[Document]) -> Iterator[Prediction]:
        """Predictions for ``docs`` in input order, all in this process."""
        pairs = ((d.text, (d.dct, d.text)) for d in docs)
        skip = [n for n in self.skip_in_pipe if n in self.nlp.pipe_names]
        for sdoc, (dct, text) in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size, disable=skip):
            yield self.extract(sdoc, dct, text)

    def worker_recipe(self) -> Callable[[], BaseExtractor]:
        """A picklable callable that builds an equivalent single-process extractor; spawned
        worker processes (platforms without ``fork``) call it once each."""
        return type(self)

    def names(self, doc: Doc, masks: list[int] | None = None, v: View | None = None) -> list[Mention]:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- the shared steps -------------------------------------------------------------------

    def extract(self, doc: Doc, dct: dt.date, text: str | None = None) -> Prediction:
        """One predictions line; ``text`` is ``doc.text`` when the caller has it (the tokenizer
        is lossless; rebuilding it from the tokens is slow)."""
        v = View(self, doc, text)
        masks = v.masks
        lower_matches = self.lower_phrases(doc) if len(doc) else []
        title_spans = filter_pairs([(s, e) for mid, s, e in lower_matches if mid == self.title_id])
        mentions = self.trim(doc, self.names(doc, masks, v), v)
        mentions = self.add_persons(doc, mentions, title_spans, v)
        mentions += self.nested_names(doc, mentions)
        mentions = self.corefer(doc, mentions, v)
        roles = self.roles(doc, mentions, title_spans, v)
        timexes = self.find_timexes(doc, dct, masks, v)
        meetings = self.meetings(doc, mentions, timexes, v, lower_matches)
        idx, toks, text = v.idx, v.text, v.doc_text
        out = []
        for m in mentions:
            a, b = idx[m.start], idx[m.end - 1] + len(toks[m.end - 1])
            out.append({"start": a, "end": b, "type": m.type, "entity": m.entity, "text": text[a:b]})
        return {
            "mentions": out,
            "roles": roles,
            "timexes": [t["out"] for t in timexes],
            "meetings": meetings,
        }

    def trim(self, doc: Doc, mentions: list[Mention], v: View | None = None) -> list[Mention]:
        """Guideline extents: drop determiners and possessives; split a leading country
        abbreviation or nationality off an organization name (it is a mention of its own)."""
        v = v or View(self, doc)
        lower, text, masks = v.lower, v.text, v.masks
        punct, space = self.punct_bit, self.space_bit
        either = punct | space
        modifiers = self.modifiers
        out = []
        for m in mentions:
            s, e = m.start, m.end
            while s < e and (lower[s] in ("the", "a", "an") or masks[s] & either):
                s += 1
            while e > s and (lower[e - 1] in APOSTROPHE_S or masks[e - 1] & punct and text[e - 1] != "."
                             or masks[e - 1] & space):
                e -= 1
            if s >= e:
                continue
            if m.type in ("ORG", "FAC", "EVENT") and e - s > 1 and lower[s] in modifiers:
                mod_type = "NORP" if lower[s] not in L.COUNTRY_MODIFIERS else "GPE"
                out.append(Mention(s, s + 1, mod_type))
                s += 1
            if m.type in ("ORG", "FAC", "EVENT") and e - s > 2 and lower[s + 1] in APOSTROPHE_S \
                    and text[s] in _PLACE_WORDS:
                out.append(Mention(s, s + 1, "GPE"))
                s += 2
            out.append(Mention(s, e, self.retype(v, s, e, m.type, self.title_bit), form=m.form))
        return out

    @staticmethod
    def retype(v: View, s: int, e: int, label: str, title_bit: int) -> str:
        """Head-word typing of multi-word names: "... Forum/Dialogue/Talks" is an EVENT,
        "... Convention Center" a FAC, whatever the name finder said."""
        if e - s < 2 or label not in ("ORG", "FAC", "EVENT", "GPE", "LOC"):
            return label
        head = v.lower[e - 1]
        if head in MEETING_EVENT_HEADS and v.masks[e - 1] & title_bit:
            return "EVENT"
        if head in ("center", "centre") and v.lower[e - 2] in L.FAC_CENTER_WORDS:
            return "FAC"
        return label

    def add_persons(self, doc: Doc, mentions: list[Mention], titles: list[tuple[int, int]],
                    v: View | None = None) -> list[Mention]:
        """Person names anchored by a title ("General Liu Zhenli", "Michael Chase, deputy
        ..."), then every later occurrence of a known name or its family name."""
        v = v or View(self, doc)
        words, lower, masks = v.text, v.lower, v.masks
        nd = len(masks)
        taken = bytearray(nd)
        for m in mentions:
            taken[m.start:m.end] = b"\x01" * (m.end - m.start)
        found: list[Mention] = [m for m in mentions]
        tb = self.title_bit
        ta = tb | self.alpha_bit
        stop, pronouns = L.NAME_STOP, L.PERSON_PRONOUNS

        def name_after(i: int) -> tuple[int, int] | None:
            j = i
            while j < nd and j - i < 3 and masks[j] & ta == ta and not taken[j] \
                    and (lower[j] not in stop or lower[j] in pronouns):
                j += 1
            return (i, j) if j > i else None

        def name_before(i: int) -> tuple[int, int] | None:
            j = i
            while j > 0 and i - j < 3 and masks[j - 1] & ta == ta and not taken[j - 1] \
                    and lower[j - 1] not in stop:
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

        for ts, te in titles:
            head = self.title_head(lower, ts, te)
            if head in L.PRENOMINAL and masks[ts] & tb:
                add(name_after(te))
            k = ts
            while k > 0 and (lower[k - 1] in L.FORMER_CUES or lower[k - 1] in self.modifiers):
                k -= 1
            if k > 0 and words[k - 1] == ",":
                add(name_before(k - 1))
        # later occurrences of known names (full name, or the family name alone)
        known: dict[str, str] = {}
        for m in found:
            if m.type == "PER" and m.end - m.start >= 2:
                toks = words[m.start:m.end]
                full = " ".join(toks)
                known.setdefault(full, full)
                family = toks[0] if toks[0].lower() in L.FAMILY_NAME_FIRST else toks[-1]
                known.setdefault(family, full)
        if known:
            # a known name's words are all capitalized: look only at capitalized tokens
            firsts = {k.split(" ", 1)[0] for k in known}
            for i in v.where(tb):
                if taken[i] or words[i] not in firsts:
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
        ordered = sorted(outer, key=lambda m: m.start)
        if all(a.end <= b.start for a, b in zip(ordered, ordered[1:])):
            # disjoint: the matches inside each, in document order, are the document's
            # matches inside one of them, in the order the whole-document call gives them
            matches = [x for m in ordered for x in self.nested(doc[m.start:m.end])]
        else:
            matches = [(mid, s, e) for mid, s, e in self.nested(doc) if any(m.start <= s and e <= m.end for m in outer)]
        strings = self.nlp.vocab.strings
        for match_id, s, e in matches:
            if (s, e) in spans:
                continue
            out.append(Mention(s, e, strings[match_id]))
            spans.add((s, e))
        return out

    def corefer(self, doc: Doc, mentions: list[Mention], v: View | None = None) -> list[Mention]:
        """Cluster ids: same normalized name (with aliases and family names) = same entity;
        he/she/his/her = the nearest preceding person."""
        v = v or View(self, doc)
        words, span_text = v.text, v.span_text
        memo: dict[str, str] = {}  # this document's names, normalized once

        def norm(s: int, e: int) -> str:
            text = span_text(s, e)
            key = memo.get(text)
            if key is None:
                key = memo[text] = _norm_key(text)
            return key

        mentions = sorted({(m.start, m.end): m for m in mentions}.values(), key=lambda m: (m.start, -m.end))
        family: dict[str, str] = {}
        for m in mentions:
            if m.type == "PER" and m.end - m.start >= 2:
                first, last = words[m.start], words[m.end - 1]
                family.setdefault(first if first.lower() in L.FAMILY_NAME_FIRST else last,
                                  m.key or norm(m.start, m.end))
        if family:
            for m in mentions:  # "Liu", "Chase": the family name of a person named in full
                if m.end - m.start == 1 and words[m.start] in family and m.type in ("PER", "ORG", "GPE"):
                    m.type, m.key = "PER", family[words[m.start]]
        ids: dict[tuple[str, str], str] = {}
        for m in mentions:
            if not m.key:
                m.key = norm(m.start, m.end)
            k = (m.type, m.key)
            e = ids.get(k)
            if e is None:
                e = ids[k] = f"E{len(ids) + 1}"
            m.entity = e
        pers = [m for m in mentions if m.type == "PER"]
        if pers:
            out = list(mentions)
            pi = 0
            last = None
            for i in v.where(self.pronoun_bit):
                while pi < len(pers) and pers[pi].end <= i:
                    last = pers[pi]
                    pi += 1
                if last is not None and i - last.end < 60:
                    out.append(Mention(i, i + 1, "PER", key=last.key, form="PRO", entity=last.entity))
            mentions = sorted(out, key=lambda m: (m.start, -m.end))
        return mentions

    # -- roles ----------------------------------------------------------------------------------

    @staticmethod
    def title_head(lower: list[str], s: int, e: int) -> str:
        words = []
        abbr = L.ABBREVIATIONS
        for i in range(s, e):
            w = abbr.get(lower[i], lower[i])
            if w == "." or not w:
                continue
            words.append(w)
        return " ".join(words).replace(" .", "")

    @classmethod
    def normalize(cls, lower: list[str], s: int, e: int) -> str:
        words = cls.title_head(lower, s, e).split()
        while words and words[0] in ("acting", "senior", "executive", "principal"):
            words = words[1:]
        text = " ".join(words)
        text = L.REORDER.get(text, text)
        for k, v in L.REORDER.items():
            if text.endswith(" " + k):
                text = text[: -len(k)] + v
        return table_title(text) or text

    def roles(self, doc: Doc, mentions: list[Mention], titles: list[tuple[int, int]],
              v: View | None = None) -> list[dict[str, Any]]:
        v = v or View(self, doc)
        lower, words, masks, nd = v.lower, v.text, v.masks, len(v.masks)
        by_start = {m.start: m for m in mentions if m.type == "PER" and m.form == "NAM"}
        by_end = {m.end: m for m in mentions if m.type == "PER" and m.form == "NAM"}
        orgs = sorted((m for m in mentions if m.type == "ORG"), key=lambda m: (m.start, -m.end))
        out: dict[tuple[str, str, str | None], str] = {}
        for ts, te in titles:
            k = ts
            former = False
            while k > 0 and (lower[k - 1] in L.FORMER_CUES or lower[k - 1] in self.modifiers
                             or lower[k - 1] in APOSTROPHE_S or (k > 1 and lower[k] in APOSTROPHE_S)):
                former = former or lower[k - 1] in L.FORMER_CUES
                k -= 1
            person = None
            if te in by_start and masks[ts] & self.title_bit:
                person = by_start[te]
            elif k > 0 and words[k - 1] == "," and (k - 1) in by_end:
                person = by_end[k - 1]
            if person is None:
                continue
            norm = self.normalize(lower, ts, te)
            org = None
            j = te
            if j < nd and lower[j] == "of":
                j += 1
                if j < nd and lower[j] == "the":
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

    def tense(self, doc: Doc, s: int, e: int, v: View) -> str:
        """Tense of the verb governing a temporal expression: future cues in the clause before
        it (will, would, next, plan to ...) make it future; the default in news is past."""
        lower = v.lower
        sent_start = v.sents[v.sent_of[s]][0]
        for i in range(s - 1, max(sent_start, s - 8) - 1, -1):
            w = lower[i]
            if w in L.FUTURE_CUES and not (w == "to" and lower[i - 1] in ("according", "due")):
                return "future"
            if w in (",", ";") or w in L.REPORT_VERBS:
                break
        return "past"

    def find_timexes(self, doc: Doc, dct: dt.date, masks: list[int] | None = None,
                     v: View | None = None) -> list[dict[str, Any]]:
        v = v or View(self, doc)
        found = self.match_timexes(v.masks, v)
        if not found:
            return []
        spans = filter_pairs([(s, e) for _, s, e in found])
        label_of = {(s, e): lab for lab, s, e in found}
        idx, toks, text = v.idx, v.text, v.doc_text
        out = []
        for s, e in spans:
            a, b = idx[s], idx[e - 1] + len(toks[e - 1])
            sp_text = text[a:b]
            t = resolve(sp_text, dct, self.tense(doc, s, e, v))
            if t is None:
                continue
            out.append({
                "tok": (s, e),
                "label": label_of.get((s, e), t.type),
                "out": {"start": a, "end": b, "text": sp_text, "type": t.type, "value": t.value},
            })
        return out

    # -- meetings -------------------------------------------------------------------------------

    def _cue_hits(self, v: View) -> list[tuple[int, int, int, str]]:
        """Every status cue in the document: ``(first token, last token + 1, table order, status)``."""
        lower, n = v.lower, len(v.lower)
        hits = []
        for i in v.where(self.cue_bit):
            for order, words, status in self.cue_first[lower[i]]:
                k = len(words)
                if i + k <= n and (k == 1 or tuple(lower[i:i + k]) == words):
                    hits.append((i, i + k, order, status))
        return hits

    def _status(self, doc: Doc, s: int, e: int, sent_start: int, lower: list[str] | None = None,
                hits: list[tuple[int, int, int, str]] | None = None) -> str:
        """The status cue that starts last in the window (six tokens before the trigger, in its
        sentence, to its end); on a tie, the first in the table. On the words joined by
        spaces, this is the cue with the largest ``rfind``: tokens hold no spaces, so a cue
        can only match whole consecutive tokens, and a later first token is a later match."""
        lower = lower if lower is not None else View(self, doc).lower
        lo = max(sent_start, s - 6)
        best = None
        if hits is None:
            window = " " + " ".join(lower[lo:e]) + " "
            pos = -1
            for cue, status in self.status_cues:
                p = window.rfind(cue)
                if p > pos:
                    best, pos = status, p
        else:
            # hits are in token order: walk back from the last one starting before ``e``
            top, order = -1, 0
            for j in range(bisect_left(hits, (e,)) - 1, -1, -1):
                a, b, o, status = hits[j]
                if a < lo or a < top:
                    break
                if b <= e and (a > top or o < order):
                    best, top, order = status, a, o
        if best == "planned" and lower[e - 1].endswith("s") and lower[s] not in L.ANAPHORIC_DETERMINERS \
                and (s == 0 or lower[s - 1] not in L.ANAPHORIC_DETERMINERS | {"a", "an"}):
            return "hypothetical"  # "would engage in meetings": no specific meeting
        return best or "occurred"

    def _clause(self, doc: Doc, s: int, e: int, v: View | None = None,
                breaks: list[int] | None = None) -> tuple[int, int]:
        """The trigger's sentence cut at the nearest report verb or ";" on either side
        (``breaks``: the indices of those tokens)."""
        v = v or View(self, doc)
        start, end = v.sents[v.sent_of[s]]
        lo, hi = start, end
        if breaks is None:
            breaks = v.where(self.clause_bit)
        j = bisect_left(breaks, s) - 1
        if j >= 0 and breaks[j] >= start:
            lo = breaks[j] + 1
        j = bisect_left(breaks, e)
        if j < len(breaks) and breaks[j] < end:
            hi = breaks[j]
        return lo, hi

    def meetings(self, doc: Doc, mentions: list[Mention], timexes: list[dict[str, Any]],
                 v: View | None = None, lower_matches: list[tuple[int, int, int]] | None = None) -> list[dict[str, Any]]:
        v = v or View(self, doc)
        if lower_matches is None:
            lower_matches = self.lower_phrases(doc) if len(doc) else []
        masks, lower, sents, sent_of = v.masks, v.lower, v.sents, v.sent_of
        tid = self.trigger_id
        trig = [(s, e, None) for s, e in filter_pairs(
            [(s, e) for _, s, e in self.match_triggers(masks, v)] + [(s, e) for mid, s, e in lower_matches if mid == tid])]
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
        by_start = sorted(mentions, key=lambda m: m.start)  # stable: the order of ``mentions``
        pers: list[Mention] = []
        places: list[Mention] = []
        gpes: list[Mention] = []
        outer: list[Mention] = []
        for m in by_start:
            typ = m.type
            if typ == "PER":
                if m.form != "PRO":
                    pers.append(m)
            else:
                if typ in PLACE_TYPES:
                    places.append(m)
                if typ == "GPE":
                    gpes.append(m)
                if typ in ("ORG", "FAC", "EVENT", "LOC"):
                    outer.append(m)
        # spans of mentions inside another (outer) mention
        inner: set[tuple[int, int]] = set()
        if outer:
            starts = [m.start for m in by_start]
            nm = len(by_start)
            for o in outer:
                i = bisect_left(starts, o.start)
                while i < nm and by_start[i].start < o.end:
                    m = by_start[i]
                    if m is not o and m.end <= o.end:
                        inner.add((m.start, m.end))
                    i += 1
        dates = [t for t in timexes if t["out"]["type"] == "DATE"]
        records: list[Record] = []
        hits = self._cue_hits(v)
        breaks = v.where(self.clause_bit)
        cues = v.where(self.modality_bit)  # MODALITY_CUES values are all non-empty
        pers_starts = [m.start for m in pers]
        place_starts = [m.start for m in places]
        # countries as the subject of the meeting verb (see _participants)
        ends = {m.end: m for m in gpes if (m.start, m.end) not in inner}
        for s, e, event in kept:
            k = sent_of[s]
            lo, hi = self._clause(doc, s, e, v, breaks)
            status = self._status(doc, s, e, sents[k][0], lower, hits)
            if event and status == "occurred" and not self._past_in(lower, masks, self.alpha_bit, lo, hi):
                status = "generic"
            modality = None
            for i in range(s, e):
                hint = L.TRIGGERS.get(lower[i], (None, None))[1]
                modality = modality or hint
            if not modality:
                j = bisect_left(cues, lo)
                if j < len(cues) and cues[j] < hi:
                    modality = L.MODALITY_CUES[lower[cues[j]]]
            whole = L.TRIGGERS.get(v.span_text(s, e).lower())
            if whole and whole[1]:
                modality = whole[1]
            anaphoric = s > 0 and lower[s - 1] in L.ANAPHORIC_DETERMINERS or lower[s] in L.ANAPHORIC_DETERMINERS
            rec = Record([(s, e)], [k], status, modality, event, anaphoric)
            a, b = bisect_left(pers_starts, lo), bisect_left(pers_starts, hi)
            rec.participants = self._participants(lower, lo, hi, s, e, pers[a:b], ends)
            rec.date = self._date(v, lo, hi, s, dates)
            if modality not in ("video", "phone"):
                a, b = bisect_left(place_starts, lo), bisect_left(place_starts, hi)
                rec.location = self._place(lower, lo, hi, places[a:b], inner)
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
        self._topics(doc, merged, sents, sent_of, lower, lower_matches)
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
    def _participants(lower: list[str], lo: int, hi: int, s: int, e: int, pers: list[Mention],
                      ends: dict[int, Mention]) -> list[str]:
        """``pers``: the persons starting in the clause; ``ends``: the countries not inside
        another name, by end token."""
        out = [m.entity for m in pers if lo <= m.start and m.end <= hi]
        if not out:
            # countries as the subject of the meeting verb: "the US and China would talk"
            i = s
            while i > lo and lower[i - 1] in L.VERB_CHAIN:
                i -= 1
            while i in ends:
                m = ends[i]
                out.append(m.entity)
                i = m.start
                while i > lo and lower[i - 1] in ("and", ",", "the", "both"):
                    i -= 1
        return list(dict.fromkeys(out))  # first occurrences, in order

    def _date(self, v: View, lo: int, hi: int, trig: int, dates: list[dict[str, Any]]) -> tuple[int, str] | None:
        best = None
        lower = v.lower
        for t in dates:
            a, b = t["tok"]
            if not (lo <= a and b <= hi):
                continue
            before = lower[a - 1] if a > 0 else ""
            before2 = lower[a - 2] if a > 1 else ""
            if before in L.REPORT_VERBS or (before == "on" and before2 in L.REPORT_VERBS):
                continue  # "announced Friday": the date of the report
            between = v.span_text(min(b, trig), max(a, trig))
            if "--" in between or "\u2014" in between:
                continue  # a dateline date
            dist = abs(a - trig)
            if best is None or dist < best[0]:
                best = (dist, a, t["out"]["value"])
        return None if best is None else (best[1], best[2])

    @staticmethod
    def _place(lower: list[str], lo: int, hi: int, places: list[Mention], inner: set[tuple[int, int]]) -> tuple[int, str, str] | None:
        best = None
        for m in places:
            if not (lo <= m.start and m.end <= hi) or (m.start, m.end) in inner:
                continue
            j = m.start - 1
            if j >= 0 and lower[j] == "the":
                j -= 1
            if j < 0 or lower[j] not in L.PLACE_PREPOSITIONS:
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
                lower: list[str], lower_matches: list[tuple[int, int, int]]) -> None:
        if not records:
            return
        by_sent: dict[int, set[str]] = {}
        topic_ids = self.topic_ids
        for mid, s, _ in lower_matches:
            if mid in topic_ids:
                by_sent.setdefault(sent_of[s], set()).add(topic_ids[mid])
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
                cross = _NON_ALNUM.sub("-", "-".join(names + [where, when]).lower()).strip("-")
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
