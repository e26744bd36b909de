"""The rules baseline: no trained model. A blank English spaCy pipeline (tokenizer, line-break
and punctuation sentence splitting) and a name finder (:class:`NameFinder`: what an
``EntityRuler`` with the gazetteer of :mod:`.lexicon` and token patterns for multi-word
organization, facility and event names would find, matched by :mod:`.fastmatch`);
person names come from title anchors (:class:`~.pipeline.BaseExtractor`), everything after
that is shared with the spacy baseline."""

from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from . import lexicon as L
from .fastmatch import LexemeTable, TokenMatcher, regions
from .interface import ExtractorOptions
from .pipeline import BaseExtractor, Mention, View, paragraph_boundaries  # noqa: F401  (registers the component)

_CAP = {"IS_TITLE": True}
_ANY_CAP = {"IS_TITLE": True, "OP": "*"}


def name_patterns() -> list[dict[str, Any]]:
    """Token patterns (``EntityRuler`` syntax) for multi-word names, built from the head tables."""
    places = sorted({n.lower() for n in L.COUNTRIES + L.CITIES if " " not in n})
    stop = sorted(L.NAME_STOP | {n.lower() for n in L.NATIONALITIES} | set(places)
                  | {h for h in L.TITLE_HEADS if " " not in h} | set(L.TITLE_PREFIXES))
    first = {"IS_TITLE": True, "LOWER": {"NOT_IN": stop}}
    place_first = {"IS_TITLE": True, "LOWER": {"IN": places}}
    org_head = {"IS_TITLE": True, "LOWER": {"IN": sorted(L.ORG_HEADS)}}
    fac_head = {"IS_TITLE": True, "LOWER": {"IN": sorted(L.FAC_HEADS)}}
    center = [{"IS_TITLE": True, "LOWER": {"IN": sorted(L.FAC_CENTER_WORDS)}}, {"LOWER": {"IN": ["center", "centre"]}}]
    event_head = {"IS_TITLE": True, "LOWER": {"IN": sorted(L.EVENT_HEADS)}}
    ordinal = {"LOWER": {"REGEX": r"^\d+(?:st|nd|rd|th)$"}, "OP": "?"}
    poss = {"LOWER": {"IN": ["'s", "\u2019s"]}}
    of = [{"LOWER": "of"}, {"LOWER": "the", "OP": "?"}]
    hyphen_part = [{"ORTH": "-", "OP": "?"}, {"IS_TITLE": True, "OP": "?"}]
    pats: list[tuple[str, list[dict[str, Any]]]] = []
    for start in (first, place_first):
        lead = [start] if start is first else [start, _CAP]
        pats += [
            ("ORG", lead + [_ANY_CAP, org_head]),
            ("ORG", lead + [_ANY_CAP, org_head, poss, _ANY_CAP, org_head]),
            ("ORG", lead + [_ANY_CAP, org_head, *of, _CAP, _ANY_CAP]),
            ("ORG", lead + [_ANY_CAP, org_head, *of, _CAP, _ANY_CAP, *of, _CAP, poss, _ANY_CAP, org_head]),
            ("ORG", lead + [_ANY_CAP, *of, _ANY_CAP, org_head]),
            ("FAC", lead + [_ANY_CAP, fac_head]),
            ("FAC", lead + [_ANY_CAP, *center]),
            ("EVENT", [ordinal] + lead + [_ANY_CAP, *hyphen_part, event_head]),
        ]
    org_first = {"IS_TITLE": True, "LOWER": {"IN": sorted(L.ORG_HEADS)}}
    pats += [
        ("ORG", [org_first, *of, _CAP, _ANY_CAP]),
        ("ORG", [org_first, *of, _CAP, _ANY_CAP, *of, _CAP, poss, _ANY_CAP, org_head]),
        ("ORG", [org_first, *of, _CAP, _ANY_CAP, *of, _ANY_CAP, _CAP]),
        ("ORG", [{"IS_TITLE": True, "LOWER": {"NOT_IN": stop}}, poss, _CAP, org_head]),
        ("EVENT", [_CAP, {"ORTH": "-"}, _CAP, {"LOWER": {"IN": ["war", "conflict"]}}]),
        ("EVENT", [{"IS_UPPER": True}, {"LOWER": {"IN": ["pandemic", "outbreak"]}}]),
        ("EVENT", [{"LOWER": "world"}, {"LOWER": "war"}, {"IS_UPPER": True}]),
    ]
    return [{"label": label, "pattern": p} for label, p in pats]


#: Lower-case words one of which every name pattern contains (its head): names are only
#: looked for in the run of capitalized/connecting tokens around one of them.
NAME_ANCHORS = frozenset(L.ORG_HEADS | L.FAC_HEADS | L.EVENT_HEADS
                         | {"center", "centre", "war", "conflict", "pandemic", "outbreak"})


def build_nlp() -> Language:
    """Blank English tokenizer, line-break and punctuation sentence splitting (what
    ``mil2mil_paragraphs`` + ``sentencizer`` do, vectorized: :class:`~.pipeline.SentenceSplitter`)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("mil2mil_sentences")
    return nlp


def _longest_leftmost(m: tuple[int, int, int]) -> tuple[int, int]:
    return (m[2] - m[1], -m[1])


class NameFinder:
    """What an ``EntityRuler`` with the gazetteer (ORTH phrases) and :func:`name_patterns`
    would put in ``doc.ents``, found without walking every pattern over every token: the
    gazetteer is a ``PhraseMatcher``; the token patterns run (:class:`~.fastmatch.TokenMatcher`)
    only on runs of name-like tokens around a head word. Overlaps are resolved as the
    ``EntityRuler`` does: longest first, then leftmost."""

    def __init__(self, nlp: Language, table: LexemeTable):
        self.strings = nlp.vocab.strings
        self.phrases = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_label: dict[str, list[str]] = {}
        for label, names in L.GAZETTEER.items():
            by_label.setdefault(label, []).extend(names)
        # datelines write the city in capitals ("TOKYO, Dec 22 --")
        by_label["GPE"].extend(name.upper() for name in L.CITIES if name.upper() != name)
        for label, names in by_label.items():
            self.phrases.add(label, [nlp.make_doc(n) for n in names])
        self.tokens = TokenMatcher(table)
        for p in name_patterns():
            self.tokens.add(p["label"], [p["pattern"]])
        self.anchor = table.words_bit("name-anchors", NAME_ANCHORS)
        self.eligible = self.tokens.any_bits
        self.ids = {label: self.strings.add(label) for label in self.tokens.keys}
        self.labels = {self.strings.add(label): label for label in list(by_label) + self.tokens.keys}

    def __call__(self, doc: Doc, masks: list[int], anchors: list[int] | None = None) -> list[tuple[int, int, str]]:
        """``anchors``: the indices of the tokens with :attr:`anchor`, when the caller has them."""
        regs = regions(masks, self.anchor, self.eligible | self.anchor, min_len=2, positions=anchors)
        ids = self.ids
        matches = [(ids[k], s, e) for k, s, e in self.tokens.find(masks, regs) if s != e]
        matches += self.phrases(doc)
        final = sorted(set(matches), key=_longest_leftmost, reverse=True)
        seen = bytearray(len(doc))
        ents = []
        labels = self.labels
        for mid, s, e in final:
            if not seen[s] and not seen[e - 1] and s != e:
                label = labels.get(mid)
                ents.append((s, e, label if label is not None else self.strings[mid]))
                seen[s:e] = b"\x01" * (e - s)
        ents.sort()
        return ents


class RulesExtractor(BaseExtractor):
    """``mil2mil predict --baseline rules``."""

    name = "rules"
    batch_size = 256
    # the sentences of ``mil2mil_sentences``, computed from the masks the extractor needs anyway
    split_sentences = True
    skip_in_pipe = ("mil2mil_sentences",)

    def __init__(self, n_process: int = 1):
        super().__init__(build_nlp(), n_process=n_process)
        self.name_finder = NameFinder(self.nlp, self.table)

    def names(self, doc: Doc, masks: list[int] | None = None, v: View | None = None) -> list[Mention]:
        if masks is None:
            masks = [r[0] for r in self.table.records(doc)]
        anchors = v.where(self.name_finder.anchor) if v is not None else None
        return [Mention(s, e, label) for s, e, label in self.name_finder(doc, masks, anchors)]


def build(options: ExtractorOptions) -> RulesExtractor:
    """The registry's factory for ``rules``."""
    return RulesExtractor(n_process=options.n_process)
