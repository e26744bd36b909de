"""Meeting slot counts: correct, incorrect (a substitution), missing, spurious, and the metrics
that charge a substitution as one error split between precision and recall."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from mil2mil.scoring import GoldSource, render, score
from mil2mil.scoring.counts import SlotCounts
from mil2mil.scoring.layers import slot_counts

from scoring_fixtures import write_jsonl


@pytest.mark.parametrize("gv, pv, want", [
    ("2023-12-21", "2023-12-21", (1, 0, 0, 0)),
    ("2023-12-21", "2023-12-22", (0, 1, 0, 0)),
    ("2023-12-21", None, (0, 0, 1, 0)),
    (None, "2023-12-22", (0, 0, 0, 1)),
    (None, None, (0, 0, 0, 0)),
])
def test_single_valued_slot(gv: Any, pv: Any, want: tuple[int, ...]) -> None:
    assert slot_counts(False, gv, pv) == want


@pytest.mark.parametrize("gv, pv, want", [
    ({"A", "B", "C"}, {"A", "D"}, (1, 1, 1, 0)),  # B, C missed, D wrong: one pair is a substitution
    ({"A"}, {"A", "D", "E"}, (1, 0, 0, 2)),
    ({"A", "B"}, {"C", "D"}, (0, 2, 0, 0)),
    ({"A", "B"}, set(), (0, 0, 2, 0)),
    (set(), {"A"}, (0, 0, 0, 1)),
    ({"A", "B"}, {"B", "A"}, (2, 0, 0, 0)),
])
def test_set_slot(gv: set[str], pv: set[str], want: tuple[int, ...]) -> None:
    assert slot_counts(True, frozenset(gv), frozenset(pv)) == want


def test_metrics_of_a_hand_computed_record() -> None:
    # gold: participants {A, B, C}, date d1, location L, video, occurred, topics {taiwan};
    # predicted: participants {A, D}, date d2, no location, video, occurred, topics {taiwan, other}
    parts = [slot_counts(True, frozenset("ABC"), frozenset("AD")), slot_counts(False, "d1", "d2"),
             slot_counts(False, "L", None), slot_counts(False, "video", "video"),
             slot_counts(False, "occurred", "occurred"),
             slot_counts(True, frozenset({"taiwan"}), frozenset({"taiwan", "other"}))]
    c = sum((SlotCounts(*p) for p in parts), SlotCounts())
    assert c.as_tuple() == (4, 2, 2, 1)
    assert (c.possible, c.actual) == (8, 7)
    # P = 4 / (4 + 1 + 2/2), R = 4 / (4 + 2 + 2/2), F1 = 2·4 / (2·4 + 2 + 2 + 1)
    assert c.precision() == pytest.approx(2 / 3)
    assert c.recall() == pytest.approx(4 / 7)
    assert c.f1() == pytest.approx(8 / 13)
    m = c.metrics()
    assert m["f1"] == pytest.approx(2 * m["precision"] * m["recall"] / (m["precision"] + m["recall"]))
    # the MUC/SemEval figure, from the raw counts: COR / ACT and COR / POS
    assert 2 * c.cor / (c.possible + c.actual) == pytest.approx(8 / 15)


def test_a_substitution_costs_what_a_missing_value_costs() -> None:
    right = SlotCounts(5, 0, 0, 0)
    assert (right + SlotCounts(inc=1)).f1() == (right + SlotCounts(mis=1)).f1() == (right + SlotCounts(spu=1)).f1()
    assert (right + SlotCounts(inc=1)).f1() == pytest.approx(10 / 11)


def test_zero_denominators() -> None:
    assert SlotCounts().metrics() == {"precision": None, "recall": None, "f1": None}
    assert SlotCounts(mis=2).metrics() == {"precision": None, "recall": 0.0, "f1": 0.0}
    assert SlotCounts(spu=1).metrics() == {"precision": 0.0, "recall": None, "f1": 0.0}
    assert SlotCounts(inc=1).metrics() == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert SlotCounts.from_tuple([1, 2, 3, 4]) == SlotCounts(1, 2, 3, 4)


def test_score_reports_the_four_counts(tmp_path: Path, gold: GoldSource) -> None:
    """doc-a: its one meeting predicted with a wrong second participant, date and modality and
    an extra topic; doc-b's two meetings left out (5 + 4 gold values missing)."""
    meeting = {"participants": ["Liu Zhenli", "Nadia Quill"], "date": "2023-12-22", "location": None,
               "modality": "phone", "status": "occurred", "topics": ["taiwan", "other"]}
    rows = [{"doc_id": "doc-a", "matching": "ungrounded", "meetings": [meeting]},
            {"doc_id": "doc-b", "matching": "ungrounded", "meetings": []}]
    rep = score(write_jsonl(tmp_path / "p.jsonl", rows), gold, layers=("meetings",))
    lr = rep.layers["meetings"]
    slots = lr.metrics["slots"]
    assert slots.kind == "slots"
    assert slots.total.as_tuple() == (3, 3, 9, 1)
    per = {t: c.as_tuple() for t, c in slots.per_type.items()}
    assert per["participants"] == (1, 1, 2, 0)  # Liu right, Nadia Quill for Brown; doc-b: one per meeting missed
    assert per["date"] == (0, 1, 1, 0)
    assert per["topics"] == (1, 0, 0, 1)
    # F1 = 2·3 / (2·3 + 3 + 9 + 1); P = 3 / (3 + 1 + 3/2); R = 3 / (3 + 9 + 3/2)
    assert lr.headline == pytest.approx(6 / 19)
    assert slots.total.precision() == pytest.approx(6 / 11)
    assert slots.total.recall() == pytest.approx(2 / 9)
    overall = json.loads(render(rep, "json"))["layers"]["meetings"]["metrics"]["slots"]["overall"]
    assert {k: overall[k] for k in ("cor", "inc", "mis", "spu", "possible", "actual")} == \
        {"cor": 3, "inc": 3, "mis": 9, "spu": 1, "possible": 15, "actual": 7}
    row = next(r for r in csv.DictReader(io.StringIO(render(rep, "csv")))
               if r["metric"] == "slots" and r["type"] == "(all)" and not r["doc_id"])
    assert (row["cor"], row["inc"], row["mis"], row["spu"], row["tp"]) == ("3", "3", "9", "1", "")
    assert "cor=3 inc=3 mis=9 spu=1" in render(rep, "text")
