"""The rules baseline: no trained model. A blank English spaCy pipeline (tokenizer, line-break
and punctuation sentence splitting) with an ``EntityRuler`` holding the gazetteer of
:mod:`.lexicon` and token patterns for multi-word organization, facility and event names;
person names come from title anchors (:class:`~.pipeline.BaseExtractor`), everything after
that is shared with the spacy baseline."""

from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import lexicon as L
from .pipeline import BaseExtractor, Mention, paragraph_boundaries  # noqa: F401  (registers the component)

_CAP = {"IS_TITLE": True}
_ANY_CAP = {"IS_TITLE": True, "OP": "*"}


def name_patterns() -> list[dict[str, Any]]:
    """EntityRuler token patterns for multi-word names, built from the head tables."""
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


def build_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("mil2mil_paragraphs")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    patterns = [{"label": label, "pattern": name} for label, names in L.GAZETTEER.items() for name in names]
    # datelines write the city in capitals ("TOKYO, Dec 22 --")
    patterns += [{"label": "GPE", "pattern": name.upper()} for name in L.CITIES if name.upper() != name]
    ruler.add_patterns(patterns + name_patterns())
    return nlp


class RulesExtractor(BaseExtractor):
    """``mil2mil predict --baseline rules``."""

    name = "rules"
    batch_size = 256

    def __init__(self, n_process: int = 1):
        super().__init__(build_nlp(), n_process=n_process)

    def names(self, doc: Doc) -> list[Mention]:
        return [Mention(e.start, e.end, e.label_) for e in doc.ents]
