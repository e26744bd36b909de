"""End-to-end: the oracle, empty predictions, every bad input through the CLI, determinism."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mil2mil import __version__
from mil2mil.errors import InputError
from mil2mil.scoring import GoldSource, compare, gold_to_predictions, render, score
from mil2mil.scoring.report import to_json_obj

from scoring_fixtures import make_doc_a, make_doc_b, only_score_command, run_cli, write_jsonl  # noqa: F401 (autouse fixture)




def all_values(obj: Any, key: str) -> list[Any]:
    found = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == key:
                found.append(v)
            found.extend(all_values(v, key))
    elif isinstance(obj, list):
        for v in obj:
            found.extend(all_values(v, key))
    return found


@pytest.mark.parametrize("grounded", [True, False])
def test_oracle_scores_one_everywhere(tmp_path: Path, dataset: Path, grounded: bool) -> None:
    preds = write_jsonl(tmp_path / "p.jsonl", [gold_to_predictions(d, grounded) for d, _ in (make_doc_a(), make_doc_b())])
    rep = score(preds, GoldSource.from_path(dataset), bootstrap=50)
    obj = to_json_obj(rep)
    scored = [name for name, lr in obj["layers"].items() if lr["scored"]]
    expected = {"entities", "roles", "timexes", "meetings", "crossdoc"} | ({"mentions"} if grounded else set())
    assert set(scored) == expected
    for name in scored:
        layer = obj["layers"][name]
        assert layer["headline"]["value"] == 1.0, name
        values = all_values(layer["metrics"], "f1") + all_values(layer["metrics"], "precision") + all_values(layer["metrics"], "recall")
        # per-document values of a metric whose denominator is empty in that document are None
        assert values and all(v in (1.0, None) for v in values), name
        assert all(m["micro"]["f1"] == 1.0 for m in layer["metrics"].values()), name


def test_empty_predictions_give_recall_zero(tmp_path: Path, dataset: Path) -> None:
    rows = [{"doc_id": d["doc_id"], "matching": "grounded", "mentions": [], "roles": [], "timexes": [], "meetings": []}
            for d, _ in (make_doc_a(), make_doc_b())]
    rep = score(write_jsonl(tmp_path / "p.jsonl", rows), GoldSource.from_path(dataset))
    obj = to_json_obj(rep)
    assert not obj["layers"]["crossdoc"]["scored"]  # no record carries the cross_doc_id key
    for name, layer in obj["layers"].items():
        if not layer["scored"]:
            continue
        for mname, m in layer["metrics"].items():
            if mname in ("status_on_matched", "country_on_matched"):  # attribute of matched tuples: none matched
                continue
            assert m["overall"]["recall"] == 0.0, (name, mname)
            assert m["overall"]["precision"] is None, (name, mname)


def test_absent_layer_is_reported_not_scored(tmp_path: Path, dataset: Path) -> None:
    rows = [{"doc_id": d["doc_id"], "roles": []} for d, _ in (make_doc_a(), make_doc_b())]
    rep = score(write_jsonl(tmp_path / "p.jsonl", rows), GoldSource.from_path(dataset))
    assert rep.layers["roles"].scored and rep.layers["roles"].match == "ungrounded"
    assert not rep.layers["mentions"].scored
    assert "absent" in rep.layers["mentions"].reason
    assert "not scored (layer absent" in render(rep, "text")


def test_missing_document_needs_allow_missing(tmp_path: Path, dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write_jsonl(tmp_path / "p.jsonl", [gold_to_predictions(make_doc_a()[0])])
    code, _, err = run_cli(["score", str(p), "--gold", str(dataset)], capsys)
    assert code == 2 and "doc-b" in err and "--allow-missing" in err
    code, out, err = run_cli(["score", str(p), "--gold", str(dataset), "--allow-missing", "--format", "json"], capsys)
    assert code == 0 and "warning" in err
    obj = json.loads(out)
    assert obj["warnings"] and obj["layers"]["mentions"]["metrics"]["strict"]["overall"]["mis"] == 4


def test_same_bytes_out_and_input_order_irrelevant(tmp_path: Path, dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [gold_to_predictions(d) for d, _ in (make_doc_a(), make_doc_b())]
    rows[0]["mentions"] = rows[0]["mentions"][:6]  # imperfect
    rows[0]["mentions"][0]["end"] -= 1
    rows[0]["mentions"][0].pop("text")
    a = write_jsonl(tmp_path / "a.jsonl", rows)
    shuffled = [dict(r, mentions=list(reversed(r["mentions"])), meetings=list(reversed(r["meetings"]))) for r in reversed(rows)]
    b = write_jsonl(tmp_path / "b.jsonl", shuffled)
    outs = []
    for p in (a, a, b):
        for fmt in ("json", "csv", "markdown", "text"):
            code, out, _ = run_cli(["score", str(p), "--gold", str(dataset), "--format", fmt, "--bootstrap", "30"], capsys)
            assert code == 0
            outs.append(out.replace(str(p), "PRED"))
    assert outs[0:4] == outs[4:8] == outs[8:12]
    assert "n/a" in outs[1] or "n/a" in outs[3]


def test_signature_in_every_format(tmp_path: Path, dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write_jsonl(tmp_path / "p.jsonl", [gold_to_predictions(d) for d, _ in (make_doc_a(), make_doc_b())])
    gold = GoldSource.from_path(dataset)
    expected = (f"mil2mil|layer:mentions|scheme:exact|ovl:0.25|match:grounded|avg:micro|boot:10|seed:7|gold:custom|"
                f"data:{gold.data_version}|version:{__version__}")
    for fmt in ("text", "json", "markdown", "csv"):
        code, out, _ = run_cli(["score", str(p), "--gold", str(dataset), "--format", fmt, "--scheme", "exact",
                                "--overlap", "0.25", "--bootstrap", "10", "--seed", "7"], capsys)
        assert code == 0 and expected in out, fmt


def test_compare_is_seeded(tmp_path: Path, dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", [gold_to_predictions(d) for d, _ in (make_doc_a(), make_doc_b())])
    bad_rows = [gold_to_predictions(d) for d, _ in (make_doc_a(), make_doc_b())]
    for r in bad_rows:
        r["mentions"] = r["mentions"][::2]
    bad = write_jsonl(tmp_path / "bad.jsonl", bad_rows)
    code1, out1, _ = run_cli(["compare", str(bad), str(good), "--gold", str(dataset), "--bootstrap", "200", "--format", "json"], capsys)
    code2, out2, _ = run_cli(["compare", str(bad), str(good), "--gold", str(dataset), "--bootstrap", "200", "--format", "json"], capsys)
    assert code1 == code2 == 0 and out1 == out2
    row = json.loads(out1)["layers"]["mentions"]
    assert row["delta"] > 0 and 0 < row["p_value"] <= 1
    res = compare(bad, good, GoldSource.from_path(dataset), bootstrap=100, seed=3)
    assert res.rows["mentions"]["b"] == 1.0


GOOD = {"doc_id": "doc-a", "mentions": [{"start": 9, "end": 15, "type": "GPE"}]}


def _line(obj: Any) -> bytes:
    return (json.dumps(obj) + "\n").encode()


BAD_INPUTS: list[tuple[str, bytes, str]] = [
    ("malformed", b'{"doc_id": "doc-a",\n', "invalid JSON"),
    ("not-object", b"[1, 2]\n", "expected a JSON object"),
    ("wrong-type", _line({"doc_id": "doc-a", "mentions": [{"start": "9", "end": 15, "type": "GPE"}]}), "/mentions/0/start"),
    ("bad-enum", _line({"doc_id": "doc-a", "mentions": [{"start": 0, "end": 5, "type": "PERSON"}]}), "/mentions/0/type"),
    ("extra-key", _line({"doc_id": "doc-a", "mention": []}), "Additional properties"),
    ("unknown-doc", _line({"doc_id": "doc-zzz", "mentions": []}), "unknown doc_id"),
    ("duplicate-doc", _line({"doc_id": "doc-a", "mentions": []}) * 2, "duplicate doc_id"),
    ("out-of-range", _line({"doc_id": "doc-a", "mentions": [{"start": 0, "end": 100000, "type": "GPE"}]}), "beyond the end"),
    ("empty-span", _line({"doc_id": "doc-a", "mentions": [{"start": 5, "end": 5, "type": "GPE"}]}), "greater than start"),
    ("text-mismatch", _line({"doc_id": "doc-a", "mentions": [{"start": 0, "end": 7, "type": "GPE", "text": "Beijing"}]}), "does not match the raw text"),
    ("empty-file", b"", "empty predictions file"),
    ("only-blank", b"\n\n  \n", "empty predictions file"),
    ("non-utf8", b'{"doc_id": "doc-\xff"}\n', "not valid UTF-8"),
    ("nan", b'{"doc_id": "doc-a", "mentions": [{"start": NaN, "end": 3, "type": "GPE"}]}\n', "NaN"),
    ("infinity", b'{"doc_id": "doc-a", "mentions": [{"start": 1e999, "end": 3, "type": "GPE"}]}\n', "/mentions/0/start"),
    ("deep", b'{"doc_id": "doc-a", "x": ' + b"[" * 100000 + b"]" * 100000 + b"}\n", "nested"),
    ("deep-shallow", b'{"doc_id": "doc-a", "x": ' + b"[" * 200 + b"]" * 200 + b"}\n", "nested deeper"),
    ("huge-int", b'{"doc_id": "doc-a", "mentions": [{"start": ' + b"9" * 5000 + b', "end": 3, "type": "GPE"}]}\n', "invalid JSON"),
    ("layers-differ", _line({"doc_id": "doc-a", "mentions": []}) + _line({"doc_id": "doc-b", "roles": []}), "differ from line 1"),
    ("bad-doc-id", _line({"doc_id": "Doc A"}), "/doc_id"),
    ("ungrounded-offsets", _line({"doc_id": "doc-a", "timexes": [{"start": 0, "end": 3, "type": "DATE", "value": "2023"}]}), "ungrounded"),
    ("grounded-no-offsets", _line({"doc_id": "doc-a", "mentions": [], "timexes": [{"type": "DATE", "value": "2023"}]}), "needs `start` and `end`"),
    ("role-missing-key", _line({"doc_id": "doc-a", "roles": [{"person": "x", "normalized_title": "y", "status": "current"}]}), "'organization' is a required property"),
    ("meeting-null-location-type", _line({"doc_id": "doc-a", "meetings": [{"participants": [], "date": None, "location": 3, "modality": "video", "status": "occurred", "topics": []}]}), "/meetings/0/location"),
    ("duplicate-topic", _line({"doc_id": "doc-a", "meetings": [{"participants": [], "date": None, "location": None, "modality": "video", "status": "occurred", "topics": ["taiwan", "taiwan"]}]}), "/meetings/0/topics"),
]


@pytest.mark.parametrize("case, data, message", BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_one_clear_line_exit_2(tmp_path: Path, dataset: Path, capsys: pytest.CaptureFixture[str],
                                         case: str, data: bytes, message: str) -> None:
    p = tmp_path / "pred.jsonl"
    p.write_bytes(data)
    code, out, err = run_cli(["score", str(p), "--gold", str(dataset), "--allow-missing"], capsys)
    assert code == 2, (case, err)
    assert "Traceback" not in err and out == ""
    lines = err.strip().splitlines()
    assert lines and all(line.startswith("error: ") for line in lines)
    assert message in err, err
    assert str(p) in lines[0]
    if case not in ("empty-file", "only-blank"):
        assert f"{p}:" in lines[-1]  # file:line


def test_huge_line_is_rejected(tmp_path: Path, dataset: Path) -> None:
    p = tmp_path / "pred.jsonl"
    p.write_bytes(_line({"doc_id": "doc-a", "mentions": [GOOD["mentions"][0]] * 2000}))
    with pytest.raises(InputError) as exc:
        score(p, GoldSource.from_path(dataset), allow_missing=True, max_line_bytes=1000)
    assert "longer than 1000 bytes" in str(exc.value) and ":1:" in str(exc.value)


def test_bom_crlf_blank_lines_accepted(tmp_path: Path, dataset: Path) -> None:
    rows = [gold_to_predictions(d) for d, _ in (make_doc_a(), make_doc_b())]
    data = b"\xef\xbb\xbf" + b"\r\n\r\n".join(json.dumps(r).encode() for r in rows) + b"\r\n\n"
    p = tmp_path / "p.jsonl"
    p.write_bytes(data)
    rep = score(p, GoldSource.from_path(dataset))
    assert rep.layers["mentions"].headline == 1.0


def test_missing_file_is_input_error(tmp_path: Path, dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["score", str(tmp_path / "nope.jsonl"), "--gold", str(dataset)], capsys)
    assert code == 2 and "cannot read" in err


def test_ungrounded_name_matching(tmp_path: Path, dataset: Path) -> None:
    row = {"doc_id": "doc-a", "roles": [
        {"person": "liu zhenli", "normalized_title": "Chief of the Joint Staff Department", "organization": "Joint Staff Department", "status": "former"},
        {"person": "General Charles Q. Brown", "normalized_title": "chairman", "organization": "the U.S. Joint Chiefs of Staff", "status": "current"},
    ]}
    rep = score(write_jsonl(tmp_path / "p.jsonl", [row]), GoldSource.from_path(dataset), allow_missing=True)
    m = rep.layers["roles"].metrics
    # "Chief of the ..." keeps its inner article, so the title differs; Brown's org matches
    # after normalization and "General Charles Q. Brown" is Brown under the name policy
    # (rank stripped, middle initial absent from the gold name).
    assert m["tuple"].total.tp == 1
    row["roles"][0]["normalized_title"] = "chief of joint staff department"
    row["roles"][1]["person"] = "Charles Q Brown"
    rep = score(write_jsonl(tmp_path / "p.jsonl", [row]), GoldSource.from_path(dataset), allow_missing=True)
    m = rep.layers["roles"].metrics
    assert (m["tuple"].total.tp, m["tuple+status"].total.tp, m["status_on_matched"].total.tp) == (2, 1, 1)


@pytest.mark.parametrize("grounded", [True, False])
def test_bundled_gold_oracle(tmp_path: Path, grounded: bool) -> None:
    from mil2mil.gold import gold_paths, load_gold

    if not gold_paths():
        pytest.skip("no bundled gold yet")
    docs = load_gold()
    p = write_jsonl(tmp_path / "p.jsonl", [gold_to_predictions(d, grounded) for d in docs])
    rep = score(p, GoldSource.from_path())
    assert all(lr.headline == 1.0 for lr in rep.layers.values() if lr.scored)
    empty = write_jsonl(tmp_path / "e.jsonl", [{"doc_id": d["doc_id"], "matching": "grounded", "mentions": [], "roles": [], "timexes": [], "meetings": []} for d in docs])
    rep = score(empty, GoldSource.from_path())
    assert rep.layers["mentions"].metrics["strict"].total.recall() == 0.0
