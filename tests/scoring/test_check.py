"""``mil2mil check``: a predictions file validated without scoring; ``validate`` points there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mil2mil.gold import load_gold
from mil2mil.scoring import gold_to_predictions

from scoring_fixtures import run_cli, write_jsonl


def _rows() -> list[dict]:
    return [gold_to_predictions(d) for d in load_gold()]


def test_check_says_what_a_valid_file_holds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _rows()
    code, out, err = run_cli(["check", str(write_jsonl(tmp_path / "p.jsonl", rows))], capsys)
    assert (code, err) == (0, "")
    n_mentions = sum(len(r["mentions"]) for r in rows)
    assert out.startswith(f"ok: {tmp_path / 'p.jsonl'}: 2 of the 2 gold documents")
    assert "grounded; layers: mentions, entities, roles, timexes, meetings, crossdoc" in out
    assert f"({n_mentions} mentions, " in out and "note:" not in out


def test_check_lists_findings_that_still_score(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _rows()[:1]
    rows[0]["roles"][0]["person"] = "E999"
    for m in rows[0]["meetings"]:
        m.pop("cross_doc_id")
    code, out, _ = run_cli(["check", str(write_jsonl(tmp_path / "p.jsonl", rows))], capsys)
    assert code == 0
    assert "1 gold document(s) have no line" in out
    assert ":1: /roles/0/person: 'E999' is the entity id of no mention" in out
    assert "crossdoc layer will not be scored" in out


@pytest.mark.parametrize("change, needle", [
    (lambda rows: rows[0].update(doc_id="nope"), "/doc_id: unknown doc_id 'nope'"),
    (lambda rows: rows.append(dict(rows[0])), "duplicate doc_id"),
    (lambda rows: rows[1].pop("roles"), "differ from line 1"),
    (lambda rows: rows[0]["mentions"][0].update(end=10**6), "/mentions/0/end: offset 1000000 is beyond the end"),
    (lambda rows: rows[0]["mentions"][0].update(type="PERSON"), "/mentions/0/type"),
    (lambda rows: rows[0]["timexes"][0].update(value="2023-13"), "/timexes/0/value: '2023-13': month 13 does not exist"),
])
def test_check_reports_what_stops_scoring(tmp_path: Path, capsys: pytest.CaptureFixture[str], change, needle: str) -> None:
    rows = _rows()
    change(rows)
    code, out, err = run_cli(["check", str(write_jsonl(tmp_path / "p.jsonl", rows))], capsys)
    assert code == 2 and out == "" and needle in err, err
    assert all(line.startswith("error: ") for line in err.splitlines())


def test_check_agrees_with_score_on_what_is_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _rows()
    rows[0]["meetings"][0]["topics"] = ["weather"]
    path = str(write_jsonl(tmp_path / "p.jsonl", rows))
    code_check, _, err_check = run_cli(["check", path], capsys)
    code_score, _, err_score = run_cli(["score", path], capsys)
    assert code_check == code_score == 2 and err_check == err_score


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_validate_given_predictions_points_to_check(tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str) -> None:
    path = tmp_path / f"p{suffix}"
    path.write_text("".join(json.dumps(r) + "\n" for r in _rows()), encoding="utf-8")
    code, out, err = run_cli(["validate", str(path)], capsys)
    assert code == 2 and out == ""
    assert err == f"error: {path}: this is a predictions file (one JSON object per line), not a gold document; check it with `mil2mil check {path}`\n"


@pytest.mark.parametrize("kinds", [("ungrounded", "ungrounded"), ("grounded", "ungrounded")])
def test_check_refuses_what_score_refuses(tmp_path: Path, capsys: pytest.CaptureFixture[str], kinds) -> None:
    """check and score read a file the same way: a grounded file declared ungrounded, or a
    file mixing matching kinds, is refused by both (exit 2)."""
    rows = _rows()
    for row, kind in zip(rows, kinds):
        row["matching"] = kind
    path = str(write_jsonl(tmp_path / "p.jsonl", rows))
    code_check, _, _ = run_cli(["check", path], capsys)
    code_score, _, _ = run_cli(["score", path], capsys)
    assert code_check == code_score == 2
