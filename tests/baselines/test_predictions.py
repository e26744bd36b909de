"""Every baseline writes valid, scoreable predictions and finds each article's central meeting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mil2mil.baselines.api import gold_documents, read_documents, run, schema_problems, write_predictions
from mil2mil.cli import main
from mil2mil.scoring import Options, score

KUNA = "kuna-2023-12-22-china-us-military-video-talks"
PRESSTV = "presstv-2024-09-15-us-china-defense-policy-talks"

SYSTEMS = ("rules", "spacy", "oracle", "empty")


@pytest.mark.parametrize("name", SYSTEMS)
def test_predictions_validate_and_score(name: str, predictions, tmp_path: Path) -> None:
    lines = [predictions[name][d] for d in sorted(predictions[name])]
    for line in lines:
        assert schema_problems(line) == []
    path = tmp_path / "pred.jsonl"
    write_predictions(lines, path)
    report = score(path, options=Options())
    assert report.layers["mentions"].scored
    if name == "oracle":
        assert all(lr.headline == 1.0 for lr in report.layers.values() if lr.scored)
        assert all(lr.scored for lr in report.layers.values())


def _names(pred) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in pred["mentions"]:
        out.setdefault(m["entity"], m["text"])
    return out


@pytest.mark.parametrize("name", ["rules", "spacy"])
def test_finds_the_video_meeting_of_liu_and_brown(name: str, predictions) -> None:
    pred = predictions[name][KUNA]
    names = _names(pred)
    hits = [m for m in pred["meetings"] if m["date"] == "2023-12-21"]
    assert len(hits) == 1
    who = {names[p] for p in hits[0]["participants"]}
    assert {"Liu Zhenli", "Charles Brown"} <= who
    assert hits[0]["modality"] == "video" and hits[0]["status"] == "occurred" and hits[0]["location"] is None


@pytest.mark.parametrize("name", ["rules", "spacy"])
def test_finds_the_beijing_talks_ending_on_the_dct(name: str, predictions) -> None:
    pred = predictions[name][PRESSTV]
    names = _names(pred)
    hits = [m for m in pred["meetings"] if m["date"] == "2024-09-15"]
    assert len(hits) == 1
    assert names[hits[0]["location"]] == "Beijing"
    assert hits[0]["status"] == "occurred" and hits[0]["modality"] == "in_person"


def test_output_is_deterministic(rules_extractor, gold_docs, tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    run(rules_extractor, a, gold_docs)
    run(rules_extractor, b, gold_docs)
    assert a.read_bytes() == b.read_bytes()


def test_cli_predict_and_score_in_one_go(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pred.jsonl"
    assert main(["predict", "--baseline", "rules", "-o", str(out), "--score"]) == 0
    assert "== meetings" in capsys.readouterr().out
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_cli_predict_on_plain_text_and_jsonl(tmp_path: Path) -> None:
    txt = tmp_path / "ministers-2025-03-05.txt"
    txt.write_text("Defense Minister Dong Jun met US Defense Secretary Pete Hegseth in Hanoi on Tuesday.\n", encoding="utf-8")
    jl = tmp_path / "docs.jsonl"
    jl.write_text(json.dumps({"doc_id": "call-1", "text": "The two generals held a phone call on Friday.", "dct": "2025-03-07"}) + "\n",
                  encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    assert main(["predict", "--baseline", "rules", str(txt), str(jl), "-o", str(out)]) == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["doc_id"] for x in lines] == ["ministers-2025-03-05", "call-1"]
    meeting = lines[0]["meetings"][0]
    assert meeting["date"] == "2025-03-04" and meeting["modality"] == "in_person"
    assert lines[1]["meetings"][0]["modality"] == "phone" and lines[1]["meetings"][0]["date"] == "2025-03-07"


def test_inputs_without_a_date_are_refused(tmp_path: Path) -> None:
    txt = tmp_path / "nodate.txt"
    txt.write_text("Talks were held.", encoding="utf-8")
    assert main(["predict", str(txt), "-o", str(tmp_path / "p.jsonl")]) == 2


def test_unknown_baseline_is_an_input_error(tmp_path: Path) -> None:
    assert main(["predict", "--baseline", "nope", "-o", str(tmp_path / "p.jsonl")]) == 2


def test_user_extractor_plugs_in_by_module_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "my_system.py").write_text(
        "def extract(doc):\n    return {'mentions': [], 'roles': [], 'timexes': [], 'meetings': []}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    out = tmp_path / "p.jsonl"
    assert main(["predict", "--baseline", "my_system:extract", "-o", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(gold_documents())


def test_plugin_example_in_docs_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ten-line example of docs/baselines.md (also proposed for the README) runs as written."""
    import re

    text = (Path(__file__).resolve().parents[2] / "docs" / "baselines.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- plugin-example -->\n```python\n(.*?)```", text, flags=re.S)
    assert block is not None
    assert len(block.group(1).strip().splitlines()) <= 12
    monkeypatch.chdir(tmp_path)
    exec(compile(block.group(1), "docs/baselines.md plug-in example", "exec"), {})
    assert (tmp_path / "my-predictions.jsonl").is_file()


def test_read_documents_jsonl_errors_name_the_line(tmp_path: Path) -> None:
    from mil2mil.errors import InputError

    jl = tmp_path / "d.jsonl"
    jl.write_text('{"text": "x", "dct": "2024-01-01"}\n{"text": "y"}\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_documents([jl])
    assert err.value.problems[0].line == 2
