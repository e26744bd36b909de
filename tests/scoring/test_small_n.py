"""Below ``MIN_DOCUMENTS`` documents, intervals and p-values are marked as not meaningful,
on stderr and in every output format; from that number on, they are not."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from mil2mil.gold import load_gold
from mil2mil.scoring import GoldSource, gold_to_predictions
from mil2mil.scoring.bootstrap import MIN_DOCUMENTS, small_sample_note

from scoring_fixtures import run_cli, write_jsonl

NOTE = "bootstrap intervals and p-values are not meaningful"


def _files(tmp_path: Path) -> tuple[str, str]:
    rows = [gold_to_predictions(d) for d in load_gold()]
    empty = [{"doc_id": r["doc_id"], "matching": "grounded", "mentions": [], "roles": [], "timexes": [], "meetings": []} for r in rows]
    return str(write_jsonl(tmp_path / "oracle.jsonl", rows)), str(write_jsonl(tmp_path / "empty.jsonl", empty))


def test_the_threshold() -> None:
    assert small_sample_note(2) is not None and NOTE in small_sample_note(2)
    assert small_sample_note(MIN_DOCUMENTS - 1) is not None and small_sample_note(MIN_DOCUMENTS) is None


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "csv"])
def test_score_marks_intervals_over_two_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    oracle, _ = _files(tmp_path)
    code, out, err = run_cli(["score", oracle, "--bootstrap", "50", "--layer", "mentions", "--format", fmt], capsys)
    assert code == 0 and NOTE in err
    if fmt == "json":
        head = json.loads(out)["layers"]["mentions"]["headline"]
        assert head["ci95"] is not None and head["ci95_meaningful"] is False
    elif fmt == "csv":
        row = next(r for r in csv.DictReader(io.StringIO(out)) if r["type"] == "(headline)")
        assert row["ci95_low"] and row["ci95_meaningful"] == "false"
    else:
        assert "95% CI [" in out and "(not meaningful: too few documents)" in out and NOTE in out


def test_no_mark_without_an_interval(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    oracle, _ = _files(tmp_path)
    code, out, err = run_cli(["score", oracle, "--format", "json"], capsys)
    assert code == 0 and NOTE not in err and NOTE not in out


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_compare_marks_p_values_over_two_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    oracle, empty = _files(tmp_path)
    code, out, err = run_cli(["compare", empty, oracle, "--layer", "mentions", "--bootstrap", "100", "--format", fmt], capsys)
    assert code == 0 and NOTE in err
    if fmt == "json":
        obj = json.loads(out)
        assert obj["layers"]["mentions"]["meaningful"] is False and NOTE in obj["warnings"][0]
    else:
        assert "(not meaningful)" in out and NOTE in out


def test_enough_documents_are_not_marked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same articles under MIN_DOCUMENTS ids (copies): intervals are then reported plainly."""
    docs = list(load_gold())
    copies = []
    for k in range(MIN_DOCUMENTS):
        d = dict(docs[k % 2], doc_id=f"copy-{k:03d}")
        copies.append(d)
    texts = {d["doc_id"]: GoldSource.from_path().get(docs[k % 2]["doc_id"]).text for k, d in enumerate(copies)}
    gold = GoldSource.from_documents([(d, texts[d["doc_id"]]) for d in copies])
    from mil2mil.scoring import score, render

    path = write_jsonl(tmp_path / "p.jsonl", [gold_to_predictions(d) for d in copies])
    rep = score(path, gold, bootstrap=20, layers=("mentions",))
    assert rep.layers["mentions"].ci_meaningful is True and not rep.warnings
    assert NOTE not in render(rep, "text")
