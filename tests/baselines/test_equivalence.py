"""The fast paths of the baselines give what the plain spaCy / string versions give."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import spacy
from spacy.attrs import SENT_START
from spacy.util import filter_spans

from mil2mil.baselines.api import Document
from mil2mil.baselines.pipeline import View, filter_pairs, paragraph_boundaries  # noqa: F401

TEXTS = [
    "",
    " ",
    "\n",
    "Hi.",
    "...",
    "a .",
    "Hi.\nthere",
    "Hi!!! ?? \"Yes.\" no\n\nx",
    "\n\nA.\n",
    "TOKYO, Dec 22 -- Japan's defense minister met his U.S. counterpart.\n\nThey will hold talks next week.",
    "General Liu Zhenli held a video call with Admiral Samuel Paparo on Thursday. "
    "Liu said the talks were candid; he added that both sides would meet again.\n"
    "Michael Chase, deputy assistant secretary of defense, told reporters the meeting was constructive!  "
    "The U.S. and China are expected to hold more consultations in Beijing (next month)?",
]


@pytest.fixture(scope="module")
def reference_nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("mil2mil_paragraphs")
    nlp.add_pipe("sentencizer")
    return nlp


@pytest.mark.parametrize("text", TEXTS)
def test_sentence_splitting_equals_paragraphs_and_sentencizer(rules_extractor, reference_nlp, text: str) -> None:
    ref = reference_nlp(text)
    fast = rules_extractor.nlp(text)  # the mil2mil_sentences component
    assert fast.to_array(SENT_START).tolist() == ref.to_array(SENT_START).tolist()
    bare = rules_extractor.nlp.make_doc(text)  # sentences computed from the masks
    sents = [(s.start, s.end) for s in ref.sents if not all(t.is_space for t in s)] if len(ref) else [(0, 0)]
    assert View(rules_extractor, bare, text).sents == sents


@pytest.mark.parametrize("text", TEXTS)
def test_pipe_equals_extract_on_a_sentenced_doc(rules_extractor, text: str) -> None:
    dct = dt.date(2025, 3, 5)
    piped = rules_extractor(Document("t", text, dct))
    assert rules_extractor.extract(rules_extractor.nlp(text), dct) == piped


def test_filter_pairs_equals_filter_spans() -> None:
    nlp = spacy.blank("en")
    doc = nlp(" ".join(["w"] * 30))
    rng = random.Random(7)
    for _ in range(200):
        pairs = [(s, s + rng.randint(1, 5)) for s in (rng.randint(0, 24) for _ in range(rng.randint(0, 12)))]
        assert filter_pairs(pairs) == [(sp.start, sp.end) for sp in filter_spans([doc[s:e] for s, e in pairs])]


@pytest.mark.parametrize("text", TEXTS)
def test_columns_equal_records(rules_extractor, text: str) -> None:
    doc = rules_extractor.nlp.make_doc(text)
    table = rules_extractor.table
    arr, masks, lower, words = table.columns(doc)
    recs = table.records(doc)
    assert masks == [r[0] for r in recs] == arr.tolist()
    assert lower == [r[1] for r in recs] and words == [r[2] for r in recs]


@pytest.mark.parametrize("text", TEXTS)
def test_status_from_cue_positions_equals_window_search(rules_extractor, text: str) -> None:
    ex = rules_extractor
    doc = ex.nlp.make_doc(text + " It will plan to hold talks; they could meet, as is to be held under way annually.")
    v = View(ex, doc)
    hits = ex._cue_hits(v)
    for s in range(len(doc)):
        for e in range(s + 1, min(len(doc), s + 4) + 1):
            for start in {0, max(0, s - 3), s}:
                assert ex._status(doc, s, e, start, v.lower, hits) == ex._status(doc, s, e, start, v.lower)
