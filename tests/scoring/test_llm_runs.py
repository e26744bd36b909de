"""Predictions lines carrying an ``llm`` run record: rates in the report, prompt and decoding in
the signature, one run per file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mil2mil.cli import main
from mil2mil.errors import InputError
from mil2mil.scoring import GoldSource, gold_to_predictions, score

RUN = {"prompt": "extract-v1@0123456789ab", "model": "m", "decoding": "constrained", "dropped": 0,
       "prompt_tokens": 1000, "completion_tokens": 200, "latency_ms": 1500.0}


def lines(outcomes: list[str]) -> list[dict[str, Any]]:
    out = []
    for g, outcome in zip(GoldSource.from_path(None).iter_docs(), outcomes):
        line = gold_to_predictions(g.raw, grounded=False)
        if outcome not in ("valid", "extracted"):
            line = {"doc_id": line["doc_id"], "matching": "ungrounded", **{k: [] for k in ("entities", "roles", "timexes", "meetings")}}
        out.append({**line, "llm": {**RUN, "outcome": outcome}})
    return out


def write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_rates_and_signature(tmp_path: Path, capsys) -> None:
    p = write(tmp_path / "p.jsonl", lines(["valid", "truncated"]))
    rep = score(p)
    assert rep.llm is not None
    assert rep.llm["outcomes"] == {"valid": 1, "extracted": 0, "failed": 0, "refused": 0, "truncated": 1}
    assert rep.llm["rates"]["truncated"] == 0.5 and rep.llm["prompt_tokens"] == 2000
    for lr in rep.layers.values():
        assert "|prompt:extract-v1@0123456789ab|dec:constrained|version:" in lr.signature
    assert main(["score", str(p)]) == 0
    out = capsys.readouterr().out
    assert "llm run: model m, prompt extract-v1@0123456789ab, decoding constrained; 2 documents: valid 1 (50.0%)" in out
    assert "truncated 1 (50.0%)" in out
    assert main(["score", str(p), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["llm"]["rates"]["valid"] == 0.5


def test_without_records_the_signature_has_no_llm_fields(tmp_path: Path) -> None:
    rows = [{k: v for k, v in r.items() if k != "llm"} for r in lines(["valid", "valid"])]
    rep = score(write(tmp_path / "p.jsonl", rows))
    assert rep.llm is None
    assert all("prompt:" not in lr.signature and "dec:" not in lr.signature for lr in rep.layers.values())


def test_a_document_without_a_line_counts_as_failed(tmp_path: Path) -> None:
    rep = score(write(tmp_path / "p.jsonl", lines(["valid"])), allow_missing=True)
    assert rep.llm is not None and rep.llm["outcomes"]["failed"] == 1 and rep.llm["documents"] == 2


@pytest.mark.parametrize("change, message", [
    (lambda rows: rows[1].pop("llm"), "give it on every line or on none"),
    (lambda rows: rows[0].pop("llm"), "give it on every line or on none"),
    (lambda rows: rows[1]["llm"].update(prompt="extract-v2@0123456789ab"), "one file holds one run"),
    (lambda rows: rows[1]["llm"].update(decoding="free"), "one file holds one run"),
])
def test_one_run_per_file(tmp_path: Path, change, message: str) -> None:
    rows = lines(["valid", "valid"])
    change(rows)
    with pytest.raises(InputError, match=message):
        score(write(tmp_path / "p.jsonl", rows))


@pytest.mark.parametrize("bad", [{"decoding": "greedy"}, {"outcome": "ok"}, {"prompt": "no-hash"}, {"extra": 1}])
def test_invalid_records_are_schema_errors(tmp_path: Path, bad: dict[str, Any], capsys) -> None:
    rows = lines(["valid", "valid"])
    rows[0]["llm"].update(bad)
    assert main(["score", str(write(tmp_path / "p.jsonl", rows))]) == 2
    err = capsys.readouterr().err
    assert "/llm" in err and "Traceback" not in err
