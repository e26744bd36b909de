"""The date layer's tie rule: the TempEval-3 toolkit pairs a gold expression with the first
overlapping system expression in the text, whatever its type (``--timex-ties te3``, the
default); ``optimal`` prefers an expression of the same type."""

from __future__ import annotations

import pytest

from mil2mil.scoring.gold_source import GoldDoc
from mil2mil.scoring.layers import score_timexes, te3_pairs
from mil2mil.scoring.predictions import PredDoc

TEXT = "met friday morning in paris"
GOLD = [(4, 18, "TIME", "2023-12-22TMO")]  # "friday morning"
SYSTEM = [(4, 10, "DATE", "2023-12-22"), (11, 18, "TIME", "2023-12-22TMO")]  # "friday", "morning"


def _docs() -> tuple[GoldDoc, PredDoc]:
    assert [TEXT[s:e] for s, e, _, _ in GOLD + SYSTEM] == ["friday morning", "friday", "morning"]
    gold = GoldDoc(doc_id="d", text=TEXT, raw={}, mentions=[], entity_type={}, roles=set(), timexes=GOLD, meetings=[])
    pred = PredDoc("d", None, {"timexes": [{"start": s, "end": e, "type": t, "value": v} for s, e, t, v in SYSTEM]})
    return gold, pred


def _counts(res: dict, metric: str) -> tuple[int, int, int]:
    tp = sum(c.tp for c in res[metric].values())
    fp = sum(c.fp for c in res[metric].values())
    fn = sum(c.fn for c in res[metric].values())
    return tp, fp, fn


def test_te3_pairs_the_first_overlapping_expression_whatever_its_type() -> None:
    gold, pred = _docs()
    res = score_timexes(gold, pred, True, "te3")
    assert _counts(res, "relaxed") == (1, 1, 0)
    assert _counts(res, "strict") == (0, 2, 1)
    # paired with "friday": a DATE with a day value, so type and value are both wrong
    assert _counts(res, "type") == (0, 2, 1)
    assert _counts(res, "value") == (0, 2, 1)


def test_optimal_prefers_the_expression_of_the_same_type() -> None:
    gold, pred = _docs()
    res = score_timexes(gold, pred, True, "optimal")
    assert _counts(res, "relaxed") == (1, 1, 0)
    assert _counts(res, "type") == (1, 1, 0)
    assert _counts(res, "value") == (1, 1, 0)


@pytest.mark.parametrize("gold, pred, want", [
    ([(0, 5, "D")], [(3, 8, "D"), (0, 5, "D")], [(0, 1)]),  # an identical extent first
    ([(0, 5, "D"), (4, 9, "D")], [(3, 6, "D")], [(0, 0)]),  # the first gold in text order takes it
    ([(4, 9, "D"), (0, 5, "D")], [(3, 6, "D")], [(1, 0)]),  # in text order, not list order
    ([(0, 9, "D")], [(6, 8, "T"), (2, 4, "D")], [(0, 1)]),  # the first in the text, not in the list
    ([(0, 3, "D"), (5, 8, "D")], [(0, 8, "D"), (1, 2, "D")], [(0, 0)]),  # greedy: the second gold is left unpaired
])
def test_te3_pairs_table(gold: list, pred: list, want: list) -> None:
    assert te3_pairs(gold, pred) == want
