"""Regression tests: names vs pronouns, macro headlines and intervals, option and gold
validation, signature uniqueness, CSV/JSON/text parity, normalizer, line limit."""

from __future__ import annotations

import csv
import re
import io
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mil2mil.errors import InputError
from mil2mil.scoring import GoldSource, compare, gold_to_predictions, render, score
from mil2mil.scoring.normalize import normalize_name
from mil2mil.scoring.report import to_json_obj
from mil2mil.scoring.signature import Signature

from scoring_fixtures import make_doc_a, make_doc_b, only_score_command, run_cli, write_jsonl  # noqa: F401 (autouse fixture)




def assert_one_error(code: int, err: str, needle: str) -> None:
    lines = err.strip().splitlines()
    assert code == 2 and "Traceback" not in err, err
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0], err


def oracle_rows(grounded: bool = True) -> list[dict[str, Any]]:
    return [gold_to_predictions(d, grounded) for d, _ in (make_doc_a(), make_doc_b())]


# --- 1. names are canonical names, curated aliases and NAM mention strings only ------

def test_pronouns_and_nominals_are_not_names(tmp_path: Path, gold: GoldSource) -> None:
    doc = gold.get("doc-a")
    index = doc.name_index
    assert index.resolve("the two officials")[0] is None  # NOM mention of E7, no text alias curated
    assert index.resolve("liu")[0] == "E2" and index.resolve("beijing")[0] == "E1"  # NAM mention, canonical
    assert index.names_of("E7") == {normalize_name("Liu Zhenli and Charles Q. Brown")}
    ents = [{"name": n, "type": "PER"} for n in ("The two officials", "two officials", "he")]
    rows = [{"doc_id": "doc-a", "entities": ents[:2]}, {"doc_id": "doc-b", "entities": ents[2:]}]
    rep = score(write_jsonl(tmp_path / "p.jsonl", rows), gold)
    assert rep.layers["entities"].metrics["entities"].total.tp == 0
    roles = [{"doc_id": "doc-a", "roles": [{"person": "The two officials", "normalized_title": "chairman",
                                            "organization": None, "status": "current"}]},
             {"doc_id": "doc-b", "roles": []}]
    rep = score(write_jsonl(tmp_path / "r.jsonl", roles), gold)
    assert rep.layers["roles"].metrics["tuple"].total.tp == 0
    for who, cor in (["The two officials"], 0), (["Liu Zhenli and Charles Q. Brown"], 2), (["Liu", "Charles Q. Brown"], 2):
        meetings = [{"doc_id": "doc-a", "meetings": [{"participants": who, "date": "2023-12-21", "location": None,
                                                      "modality": "video", "status": "occurred", "topics": ["taiwan"]}]},
                    {"doc_id": "doc-b", "meetings": []}]
        rep = score(write_jsonl(tmp_path / "m.jsonl", meetings), gold)
        assert rep.layers["meetings"].metrics["slots"].per_type["participants"].cor == cor, who


def test_ungrounded_oracle_still_perfect(tmp_path: Path, gold: GoldSource) -> None:
    rep = score(write_jsonl(tmp_path / "p.jsonl", oracle_rows(False)), gold)
    assert all(lr.headline == 1.0 for lr in rep.layers.values() if lr.scored)


# --- 2. macro headlines ---------------------------------------------------------------

def test_macro_headline_of_conll_is_micro(tmp_path: Path, gold: GoldSource) -> None:
    p = write_jsonl(tmp_path / "p.jsonl", oracle_rows())
    rep = score(p, gold, average="macro", bootstrap=20)
    assert all(lr.headline == 1.0 for lr in rep.layers.values() if lr.scored)
    assert rep.layers["entities"].ci == (1.0, 1.0) and rep.layers["mentions"].ci == (1.0, 1.0)
    rows = oracle_rows()
    rows[0]["mentions"] = rows[0]["mentions"][::2]
    p = write_jsonl(tmp_path / "q.jsonl", rows)
    micro, macro = score(p, gold), score(p, gold, average="macro")
    assert macro.layers["entities"].headline == micro.layers["entities"].headline is not None
    assert macro.layers["crossdoc"].headline == micro.layers["crossdoc"].headline is not None


def test_macro_bootstrap_interval_matches_direct_resampling(tmp_path: Path, docs: list) -> None:
    rows = oracle_rows()
    rows[0]["mentions"] = rows[0]["mentions"][::2]
    rows[1]["mentions"] = rows[1]["mentions"][1:]
    gold = GoldSource.from_documents(docs)
    n, seed = 200, 11
    rep = score(write_jsonl(tmp_path / "p.jsonl", rows), gold, average="macro", bootstrap=n, seed=seed)
    assert rep.layers["mentions"].ci is not None and "boot:200" in rep.layers["mentions"].signature
    assert [n for n in rep.layers["mentions"].notes if "not meaningful" not in n] == []
    # per-document per-type counts, each document scored alone
    per_doc = []
    for (d, t), row in zip(docs, rows):
        one = score(write_jsonl(tmp_path / f"{d['doc_id']}.jsonl", [row]), GoldSource.from_documents([(d, t)]))
        per_doc.append(one.layers["mentions"].metrics["strict"].per_type)
    types = sorted({t for pt in per_doc for t in pt})
    rng = np.random.default_rng(seed)
    vals = []
    for _ in range(n):
        w = np.bincount(rng.integers(0, 2, size=2), minlength=2)
        f1s = []
        for t in types:
            c = sum((np.array(pt[t].as_tuple()) * k for pt, k in zip(per_doc, w) if t in pt), np.zeros(5))
            if c[[0, 1, 2, 3]].sum() + c[4] == 0:
                continue
            from mil2mil.scoring.counts import SchemeCounts
            f = SchemeCounts.from_tuple([int(x) for x in c]).metrics()["f1"]
            f1s.append(0.0 if f is None else f)
        if f1s:
            vals.append(sum(f1s) / len(f1s))
    lo, hi = np.quantile(vals, [0.025, 0.975])
    assert rep.layers["mentions"].ci == pytest.approx((lo, hi), abs=1e-12)


# --- 3, 4. options and gold validated at the boundary --------------------------------

@pytest.mark.parametrize("args, needle", [
    (["score", "P", "--bootstrap", "-5"], "--bootstrap"),
    (["compare", "P", "P", "--bootstrap", "-5"], "--bootstrap"),
    (["compare", "P", "P", "--bootstrap", "0"], "--bootstrap"),
    (["score", "P", "--bootstrap", "5", "--seed", "-1"], "--seed"),
    (["compare", "P", "P", "--seed", "-1"], "--seed"),
    (["score", "P", "--overlap", "1.5"], "--overlap"),
    (["score", "P", "--overlap", "nan"], "--overlap"),
])
def test_bad_options_one_error_line(tmp_path: Path, dataset: Path, capsys: pytest.CaptureFixture[str],
                                    args: list[str], needle: str) -> None:
    p = str(write_jsonl(tmp_path / "p.jsonl", oracle_rows()))
    code, _, err = run_cli([p if a == "P" else a for a in args] + ["--gold", str(dataset)], capsys)
    assert_one_error(code, err, needle)


def test_compare_api_rejects_zero_resamples(tmp_path: Path, gold: GoldSource) -> None:
    p = write_jsonl(tmp_path / "p.jsonl", oracle_rows())
    with pytest.raises(InputError, match="--bootstrap"):
        compare(p, p, gold, bootstrap=0)
    assert compare(p, p, gold).rows["mentions"]["signature"].count("boot:1000") == 1


def test_gold_without_raw_folder(tmp_path: Path, dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    g = tmp_path / "lonely"
    shutil.copytree(dataset / "gold", g)
    (g / "doc-b.json").unlink()
    p = write_jsonl(tmp_path / "p.jsonl", oracle_rows()[:1])
    code, _, err = run_cli(["score", str(p), "--gold", str(g)], capsys)
    assert_one_error(code, err, "cannot be read")


def test_gold_missing_required_key(tmp_path: Path, dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = dataset / "gold" / "doc-a.json"
    doc = json.loads(f.read_text())
    del doc["mentions"]
    f.write_text(json.dumps(doc))
    p = write_jsonl(tmp_path / "p.jsonl", oracle_rows())
    code, _, err = run_cli(["score", str(p), "--gold", str(dataset)], capsys)
    assert_one_error(code, err, "'mentions' is a required property")
    with pytest.raises(InputError):
        GoldSource.from_path(dataset)


def test_gold_duplicate_doc_id(tmp_path: Path, dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(dataset / "gold" / "doc-a.json", dataset / "gold" / "doc-a-copy.json")
    p = write_jsonl(tmp_path / "p.jsonl", oracle_rows())
    code, _, err = run_cli(["score", str(p), "--gold", str(dataset)], capsys)
    assert_one_error(code, err, "appears in more than one file")


# --- 5. signature ---------------------------------------------------------------------

@pytest.mark.parametrize("x, shown", [(0, "0"), (0.0, "0"), (1.0, "1"), (0.3, "0.3"), (0.25, "0.25"),
                                      (0.3000000001, "0.3000000001"), (0.2999999999, "0.2999999999"), (1e-05, "1e-05")])
def test_signature_round_trips(x: float, shown: str) -> None:
    sig = Signature(layer="mentions", scheme="strict", overlap=x, match="grounded", average="micro",
                    bootstrap=0, seed=1, data="d", version="v")
    assert str(sig) == f"mil2mil|layer:mentions|scheme:strict|ovl:{shown}|match:grounded|avg:micro|boot:0|seed:1|gold:news|data:d|version:v"
    assert float(shown) == x


def test_different_overlaps_different_signatures(tmp_path: Path, gold: GoldSource) -> None:
    p = write_jsonl(tmp_path / "p.jsonl", oracle_rows())
    sigs = {score(p, gold, overlap=x).layers["mentions"].signature for x in (0.3, 0.3000000001, 0.2999999999)}
    assert len(sigs) == 3


# --- 6. every format carries the same numbers -----------------------------------------

def _noisy_report(tmp_path: Path, gold: GoldSource, **kw: Any) -> Any:
    rows = oracle_rows()
    rows[0]["mentions"] = rows[0]["mentions"][::2]
    rows[0]["mentions"][0]["type"] = "ORG"
    rows[1]["timexes"] = rows[1]["timexes"][:1]
    return score(write_jsonl(tmp_path / "p.jsonl", rows), gold, **kw)


@pytest.mark.parametrize("average", ["micro", "macro"])
def test_csv_carries_every_json_number(tmp_path: Path, gold: GoldSource, average: str) -> None:
    rep = _noisy_report(tmp_path, gold, bootstrap=30, average=average)
    obj = json.loads(render(rep, "json"))  # the JSON as written
    table = list(csv.DictReader(io.StringIO(render(rep, "csv"))))
    idx = {(r["layer"], r["metric"], r["type"], r["doc_id"]): r for r in table}

    def same(cell: str, v: Any) -> None:
        assert (cell == "n/a") if v is None else (float(cell) == v), (cell, v)

    def check(key: tuple[str, str, str, str], values: dict[str, Any]) -> None:
        row = idx[key]
        for k, v in values.items():
            same(row[k], v)

    checked = 0
    for lname, layer in obj["layers"].items():
        if not layer["scored"]:
            continue
        h = layer["headline"]
        hrow = idx[(lname, h["metric"], "(headline)", "")]
        same(hrow["f1"], h["value"])
        if h["ci95"] is not None:
            same(hrow["ci95_low"], h["ci95"][0]); same(hrow["ci95_high"], h["ci95"][1])  # noqa: E702
        else:
            assert hrow["ci95_low"] == hrow["ci95_high"] == ""
        assert hrow["signature"] == layer["signature"]
        for k, v in layer["derived"].items():
            same(idx[(lname, k, "(all)", "")]["f1"], v)
            checked += 1
        for mname, m in layer["metrics"].items():
            check((lname, mname, "(all)", ""), m["overall"])
            check((lname, mname, "(all)", ""), m["micro"])
            if "macro" in m:
                check((lname, mname, "(macro)", ""), m["macro"])
                checked += 1
            for t, c in m.get("per_type", {}).items():
                check((lname, mname, t, ""), c)
            for d, c in m.get("per_document", {}).items():
                check((lname, mname, "(all)", d), c)
    assert checked > 5
    # nothing in the CSV that the JSON lacks
    expected_rows = sum(1 for _ in table)
    assert expected_rows == len(idx)


def test_text_and_markdown_show_the_json_rows(tmp_path: Path, gold: GoldSource) -> None:
    rep = _noisy_report(tmp_path, gold)
    obj = to_json_obj(rep)
    text, md = render(rep, "text"), render(rep, "markdown")
    for lname, layer in obj["layers"].items():
        if not layer["scored"]:
            continue
        t_section = text.split(f"== {lname} ")[1].split("\n== ")[0]
        m_section = md.split(f"### {lname}\n")[1].split("\n### ")[0]
        for mname, m in layer["metrics"].items():
            scopes = ["(all)"] + (sorted(m["per_type"]) + ["(macro)"] if "macro" in m else [])
            t_rows = [ln.split()[1] for ln in t_section.splitlines() if ln.split()[:1] == [mname]]
            m_rows = [ln.split(" | ")[1] for ln in m_section.splitlines() if ln.startswith(f"| {mname} |")]
            assert t_rows == scopes and m_rows == scopes, (lname, mname, t_rows, m_rows, scopes)


def test_macro_row_for_a_single_real_type(tmp_path: Path, gold: GoldSource) -> None:
    rows = [{"doc_id": d["doc_id"], "timexes": [{"type": "DATE", "value": "2023-12-21"}]} for d, _ in (make_doc_a(), make_doc_b())]
    rows[1]["timexes"] = []
    rep = score(write_jsonl(tmp_path / "p.jsonl", rows), gold)
    m = to_json_obj(rep)["layers"]["timexes"]["metrics"]["value"]
    assert list(m["per_type"]) == ["DATE"] and "macro" in m
    assert re.search(r"^value +\(macro\)", render(rep, "text"), re.M)
    assert "| value | (macro) |" in render(rep, "markdown")
    assert ",value,(macro)," in render(rep, "csv")


# --- 8. minor ---------------------------------------------------------------------------

@pytest.mark.parametrize("raw, normalized", [
    ("Joint_Staff", "joint staff"),
    ("joint__staff_", "joint staff"),
    ("_the_Pentagon", "pentagon"),
    ("U.S.-China", "us china"),
    ("Ministry of National Defense", "ministry of national defense"),
])
def test_underscore_is_punctuation(raw: str, normalized: str) -> None:
    assert normalize_name(raw) == normalized


@pytest.mark.parametrize("ending", [b"\n", b"\r\n"])
def test_line_of_exactly_max_length(tmp_path: Path, gold: GoldSource, ending: bytes) -> None:
    lines = [json.dumps(r).encode() for r in oracle_rows()]
    limit = max(len(x) for x in lines)
    p = tmp_path / "p.jsonl"
    p.write_bytes(b"".join(x + ending for x in lines))
    assert score(p, gold, max_line_bytes=limit).layers["mentions"].headline == 1.0
    with pytest.raises(InputError, match="longer than"):
        score(p, gold, max_line_bytes=limit - 1)
