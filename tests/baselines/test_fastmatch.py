"""The mask-based token matcher finds what spaCy's ``Matcher`` (and ``EntityRuler``) find."""

from __future__ import annotations

import pytest
import spacy
from spacy.matcher import Matcher

from mil2mil.baselines import rules
from mil2mil.baselines.fastmatch import LexemeTable, TokenMatcher, regions
from mil2mil.baselines.pipeline import timex_patterns, trigger_patterns

TEXTS = [
    "The 21st Shangri-La Dialogue opened at the Marina Bay Sands Convention Center on Friday, June 2, 2023.",
    "Officials of the Ministry of Foreign Affairs and the Department of Defense's Joint Staff Department met.",
    "General Liu of the Central Military Commission's Joint Staff Department held a rare video call last week.",
    "The Russia-Ukraine war and the COVID pandemic, World War II, over a year, more than three months ago.",
    "They will hold two days of talks in Beijing on Dec. 22, three weeks ago, 2023-12-22, next summer.",
    "Leaders get back together at the White House; the US Congress and the People's Liberation Army Navy.",
]


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


@pytest.mark.parametrize("text", TEXTS)
def test_timex_and_trigger_matches_equal_spacy_matcher(nlp, text: str) -> None:
    doc = nlp(text)
    table = LexemeTable(nlp.vocab)
    for groups in (timex_patterns(), {"TRIGGER": trigger_patterns(nlp)}):
        ours, theirs = TokenMatcher(table), Matcher(nlp.vocab)
        for key, pats in groups.items():
            ours.add(key, pats, greedy="LONGEST")
            theirs.add(key, pats, greedy="LONGEST")
        masks = [r[0] for r in table.records(doc)]
        got = {(k, s, e) for k, s, e in ours.find(masks, [(0, len(doc))])}
        want = {(nlp.vocab.strings[k], s, e) for k, s, e in theirs(doc)}
        assert got == want


@pytest.mark.parametrize("text", TEXTS)
def test_name_finder_equals_entity_ruler(nlp, text: str) -> None:
    ref = spacy.blank("en")
    ruler = ref.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    pats = [{"label": lab, "pattern": n} for lab, names in rules.L.GAZETTEER.items() for n in names]
    pats += [{"label": "GPE", "pattern": n.upper()} for n in rules.L.CITIES if n.upper() != n]
    ruler.add_patterns(pats + rules.name_patterns())
    want = [(e.start, e.end, e.label_) for e in ref(text).ents]
    x = rules.RulesExtractor()
    doc = x.nlp(text)
    got = [(m.start, m.end, m.type) for m in x.names(doc)]
    assert got == want


def test_regions_cover_each_anchor_run() -> None:
    masks = [0, 1, 2, 0, 2, 2, 0, 1]
    assert regions(masks, anchor=1, eligible=3) == [(1, 3), (7, 8)]
