"""Explanations (``mil2mil score --explain``): the outcomes listed item by item add up to the
counts the scorer reports, for every layer, scheme and matching kind, on seeded random
corruptions of the gold as well as on the bundled rule-based baseline's output."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from typing import Any

import pytest

from mil2mil.gold import iter_gold, read_text
from mil2mil.scoring import GoldSource, Options, gold_to_predictions
from mil2mil.scoring.coref import score_clusters
from mil2mil.scoring.explain import explain
from mil2mil.scoring.mentions import SCHEME_NAMES
from mil2mil.scoring.predictions import TOPICS

from scoring_fixtures import only_score_command, run_cli, write_jsonl  # noqa: F401

ROLE_METRICS = ("tuple", "tuple+status", "status_on_matched")


def _mutate(doc: dict[str, Any], text: str, rng: random.Random, grounded: bool) -> dict[str, Any]:
    """A predictions line: the oracle with items dropped, shifted, retyped, relinked and added."""
    line = gold_to_predictions(doc, grounded)
    types = ["PER", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP"]
    ids = [e["id"] for e in doc["entities"]] + ["X1", "X2"]

    def shift(item: dict[str, Any]) -> None:
        s = max(0, min(len(text) - 1, item["start"] + rng.choice([-2, -1, 1, 2])))
        e = max(s + 1, min(len(text), item["end"] + rng.choice([-2, 0, 2])))
        item["start"], item["end"] = s, e
        item["text"] = text[s:e]

    if grounded:
        ms = []
        for m in line["mentions"]:
            r = rng.random()
            if r < 0.15:
                continue
            if r < 0.3:
                shift(m)
            elif r < 0.4:
                m["type"] = rng.choice(types)
            if rng.random() < 0.2:
                m["entity"] = rng.choice(ids)
            elif rng.random() < 0.05:
                del m["entity"]
            ms.append(m)
        for _ in range(rng.randint(0, 4)):
            s = rng.randrange(len(text) - 10)
            e = s + rng.randint(1, 9)
            ms.append({"start": s, "end": e, "type": rng.choice(types), "entity": rng.choice(ids)})
        line["mentions"] = ms
        for t in line["timexes"]:
            if rng.random() < 0.3:
                shift(t)
    else:
        line["entities"] = [e for e in line["entities"] if rng.random() > 0.2] + [
            {"name": rng.choice(["Nobody", "Liu", "China", "the Pentagon"]), "type": rng.choice(types)}
            for _ in range(rng.randint(0, 3))]
    ts = []
    for t in line["timexes"]:
        if rng.random() < 0.15:
            continue
        if rng.random() < 0.3:
            t["value"] = rng.choice(["2023", "2023-12", "2024-09-15", "PRESENT_REF", t["value"][:7] or "2024"])
        if rng.random() < 0.1:
            t["type"] = rng.choice(["DATE", "DURATION", "SET"])
        ts.append(t)
    line["timexes"] = ts
    refs = ids if grounded else [e["canonical_name"] for e in doc["entities"]] + ["Nobody"]
    roles = []
    for r in line["roles"]:
        if rng.random() < 0.15:
            continue
        if rng.random() < 0.2:
            r["status"] = "former" if r["status"] == "current" else "current"
        if rng.random() < 0.15:
            r["person"] = rng.choice(refs)
        roles.append(r)
    line["roles"] = roles
    meetings = []
    for m in line["meetings"]:
        if rng.random() < 0.15:
            continue
        if rng.random() < 0.3:
            m["participants"] = m["participants"][:1] + [rng.choice(refs)]
        if rng.random() < 0.2:
            m["date"] = rng.choice([None, "2023-12", "2024-09-15"])
        if rng.random() < 0.2:
            m["modality"] = rng.choice(["in_person", "video", "phone", "unspecified"])
        if rng.random() < 0.2:
            m["topics"] = sorted(rng.sample(sorted(TOPICS), rng.randint(0, 2)))
        if rng.random() < 0.3:
            m["cross_doc_id"] = rng.choice([None, "x1", "x2", m["cross_doc_id"]])
        meetings.append(m)
    if rng.random() < 0.5:
        meetings.append({"participants": [rng.choice(refs)], "date": "2023-12-21", "location": None,
                         "modality": "video", "status": "occurred", "topics": ["other"], "cross_doc_id": "x1"})
    line["meetings"] = meetings
    return line


def _tally(expl: dict[str, Any], scheme: str) -> dict[tuple[str, str], dict[str, list[float]]]:
    """The counts the explanation's items add up to: ``{(layer, metric): {type: counts}}``."""
    out: dict[tuple[str, str], dict[str, list[float]]] = {}

    def add(layer: str, metric: str, typ: str, k: int, v: float = 1, width: int = 3) -> None:
        row = out.setdefault((layer, metric), {}).setdefault(typ, [0] * width)
        row[k] += v

    slot = {"cor": 0, "inc": 1, "par": 2, "mis": 3, "spu": 4}
    grounded = expl["match"] == "grounded"
    for doc in expl["documents"]:
        lay = doc["layers"]
        for it in lay.get("mentions", {}).get("items", ()):
            typ = (it["gold"] or it["pred"])["type"]
            add("mentions", scheme, typ, slot[it["outcome"][scheme]], width=5)
        if "entities" in lay:
            if grounded:
                for name, c in lay["entities"]["coref"].items():
                    for k, key in enumerate(("recall_num", "recall_den", "precision_num", "precision_den")):
                        out.setdefault(("entities", name), {}).setdefault("all", [[] for _ in range(4)])[k].append(c[key])
            else:
                for it in lay["entities"]["items"]:
                    typ = (it["gold"] or it["pred"])["type"]
                    if it["outcome"] != "unscored":
                        add("entities", "entities", typ, {"cor": 0, "spu": 1, "mis": 2}[it["outcome"]])
        for it in lay.get("roles", {}).get("items", ()):
            g, p = it["gold"], it["pred"]
            gs, ps = set(g["status"]) if g else set(), set(p["status"]) if p else set()
            add("roles", "tuple", "all", 0 if g and p else (2 if g else 1))
            both = len(gs & ps)
            add("roles", "tuple+status", "all", 0, both)
            add("roles", "tuple+status", "all", 1, len(ps) - both)
            add("roles", "tuple+status", "all", 2, len(gs) - both)
            add("roles", "status_on_matched", "all", 0, 0)
            add("roles", "country_on_matched", "all", 0, 0)
            if g and p:
                right = p["country_right"]
                add("roles", "country_on_matched", "all", 0 if right else 1)
                add("roles", "country_on_matched", "all", 2, 0 if right else 1)
                add("roles", "status_on_matched", "all", 0 if gs == ps else 1)
                add("roles", "status_on_matched", "all", 2, 0 if gs == ps else 1)
        if "timexes" in lay:
            metrics = ("strict", "relaxed", "value", "type") if grounded else ("value", "type")
            for it in lay["timexes"]["items"]:
                g, p = it["gold"], it["pred"]
                for metric in metrics:
                    if g and p:
                        right = {"strict": it["strict"], "relaxed": True, "value": it["value"], "type": it["type"]}[metric]
                        if right:
                            add("timexes", metric, g["type"], 0)
                        else:
                            add("timexes", metric, g["type"], 2)
                            add("timexes", metric, p["type"], 1)
                    elif g:
                        add("timexes", metric, g["type"], 2)
                    else:
                        add("timexes", metric, p["type"], 1)
                if g:
                    add("timexes", "value_partial", g["type"], 1, 1, width=4)
                if p:
                    add("timexes", "value_partial", p["type"], 3, 1, width=4)
            gtype = {it["gold"]["id"]: it["gold"]["type"] for it in lay["timexes"]["items"] if it["gold"]}
            for c in lay["timexes"]["credit"]:
                add("timexes", "value_partial", gtype[c["gold"]], 0, c["credit"], width=4)
                add("timexes", "value_partial", gtype[c["gold"]], 2, c["credit"], width=4)
        for it in lay.get("meetings", {}).get("items", ()):
            for name, c in it["slots"].items():
                for k, key in enumerate(("cor", "inc", "mis", "spu")):
                    add("meetings", "slots", name, k, c[key], width=4)
            add("meetings", "record_exact", "all", 0 if it["outcome"] == "cor" else 0, 0)
            if it["outcome"] == "cor":
                add("meetings", "record_exact", "all", 0)
            else:
                if it["pred"]:
                    add("meetings", "record_exact", "all", 1)
                if it["gold"]:
                    add("meetings", "record_exact", "all", 2)
    return out


def _check(expl_obj: dict[str, Any], report: Any, scheme: str) -> int:
    """Compare every tallied metric with the report; return how many were compared."""
    tally = _tally(expl_obj, scheme)
    compared = 0
    for layer, lr in report.layers.items():
        if not lr.scored or layer == "crossdoc":
            continue
        for name, m in lr.metrics.items():
            if layer == "mentions" and name != scheme:
                continue
            got = tally.get((layer, name), {})
            want = {t: list(c.as_tuple()) for t, c in m.per_type.items()}
            if layer == "entities" and "all" in got and isinstance(got["all"][0], list):
                got = {"all": [math.fsum(col) for col in got["all"]]}
            got = {t: v for t, v in got.items() if any(v) or t in want}
            assert set(got) <= set(want) | {t for t, v in got.items() if not any(v)}, (layer, name)
            for t, w in want.items():
                g = got.get(t, [0] * len(w))
                if m.kind == "fraction" and layer == "timexes":
                    assert g == pytest.approx(w, abs=1e-9), (layer, name, t)
                else:
                    assert g == w, (layer, name, t)
            compared += 1
    return compared


def _crossdoc_check(expl_obj: dict[str, Any], report: Any) -> None:
    """The explained clusters, scored as clusters, give the reported cross-document numbers."""
    cd = expl_obj["crossdoc"]
    if cd is None:
        return
    key = [frozenset(("g", r["doc_id"], r["meeting"]) for r in c["records"]) for c in cd["gold_clusters"]]
    resp = [frozenset(("g", r["doc_id"], r["gold_meeting"]) if r["gold_meeting"] else ("p", r["doc_id"], r["index"])
                      for r in c["records"]) for c in cd["pred_clusters"]]
    got = score_clusters(key, resp)
    for name, m in report.layers["crossdoc"].metrics.items():
        assert got[name].as_tuple() == pytest.approx(m.total.as_tuple()), name


def _bundled(tmp_path: Path, seed: int, grounded: bool) -> Path:
    rng = random.Random(seed)
    rows = [_mutate(doc, read_text(doc, path), rng, grounded) for path, doc in iter_gold()]
    return write_jsonl(tmp_path / f"pred-{seed}-{grounded}.jsonl", rows)


@pytest.mark.parametrize("grounded", [True, False])
@pytest.mark.parametrize("seed", range(6))
def test_explained_outcomes_add_up_to_the_report(tmp_path: Path, seed: int, grounded: bool) -> None:
    path = _bundled(tmp_path, seed, grounded)
    for scheme in SCHEME_NAMES:
        for overlap in (0.0, 0.5):
            expl = explain(path, options=Options(scheme=scheme, overlap=overlap, lenient=True))
            obj = expl.to_json_obj()
            assert _check(obj, expl.report, scheme) >= (9 if grounded else 7)
            _crossdoc_check(obj, expl.report)


def test_rules_baseline_explained(rules_predictions: Path) -> None:
    """The bundled rule-based baseline's predictions, every scheme."""
    for scheme in SCHEME_NAMES:
        expl = explain(rules_predictions, options=Options(scheme=scheme))
        obj = expl.to_json_obj()
        assert _check(obj, expl.report, scheme) >= 9
        _crossdoc_check(obj, expl.report)


def test_explain_for_one_document_and_layer(tmp_path: Path) -> None:
    path = _bundled(tmp_path, 1, True)
    gold = GoldSource.from_path()
    doc = gold.doc_ids[0]
    expl = explain(path, gold, Options(layers=("timexes",)), doc_ids=[doc])
    obj = expl.to_json_obj()
    assert [d["doc_id"] for d in obj["documents"]] == [doc]
    assert list(obj["documents"][0]["layers"]) == ["timexes"]
    assert obj["crossdoc"] is None


def test_explain_is_independent_of_line_order(tmp_path: Path) -> None:
    path = _bundled(tmp_path, 2, True)
    lines = path.read_text().splitlines(keepends=True)
    rev = tmp_path / "rev.jsonl"
    rev.write_text("".join(reversed(lines)))
    a = explain(path).to_json_obj()
    b = explain(rev).to_json_obj()
    a["predictions"] = b["predictions"] = ""
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def test_crossdoc_verdicts(tmp_path: Path) -> None:
    """The oracle's clusters are all correct; one predicted id for every record merges every
    gold cluster; a new id on one record of a two-record gold cluster splits it."""
    docs = [(doc, read_text(doc, path)) for path, doc in iter_gold()]
    oracle = [gold_to_predictions(doc) for doc, _ in docs]
    expl = explain(write_jsonl(tmp_path / "oracle.jsonl", oracle), layers=("crossdoc",)).crossdoc
    assert expl is not None
    assert {c["outcome"] for c in expl["gold_clusters"]} == {c["outcome"] for c in expl["pred_clusters"]} == {"cor"}
    shared = [dict(line, meetings=[dict(m, cross_doc_id="one") for m in line["meetings"]]) for line in oracle]
    expl = explain(write_jsonl(tmp_path / "one.jsonl", shared), layers=("crossdoc",)).crossdoc
    assert [c["outcome"] for c in expl["pred_clusters"]] == ["merged"]
    assert {c["outcome"] for c in expl["gold_clusters"]} == {"inc"}
    pairs = {}
    for d, line in enumerate(oracle):
        for i, m in enumerate(line["meetings"]):
            pairs.setdefault(m["cross_doc_id"], []).append((d, i))
    twice = sorted(cid for cid, recs in pairs.items() if cid and len(recs) > 1)
    assert twice, "the bundled gold has a meeting reported by both articles"
    d, i = pairs[twice[0]][0]
    split = json.loads(json.dumps(oracle))
    split[d]["meetings"][i]["cross_doc_id"] = "other"
    expl = explain(write_jsonl(tmp_path / "split.jsonl", split), layers=("crossdoc",)).crossdoc
    verdict = {c["cross_doc_id"]: c for c in expl["gold_clusters"]}[twice[0]]
    assert verdict["outcome"] == "split" and verdict["pred_cross_doc_ids"] == sorted(["other", twice[0]])


def test_constructed_documents_explained(tmp_path: Path) -> None:
    """Generated (validation-family) documents scored with the rules baseline: the outcomes
    add up there too, in documents with tagged gold items."""
    import subprocess
    import sys

    ds = tmp_path / "constructed"
    pred = tmp_path / "rules.jsonl"
    run = [sys.executable, "-m", "mil2mil"]
    subprocess.run(run + ["generate", "--split", "validation", "--docs", "40", "--seed", "7", "-o", str(ds)],
                   check=True, capture_output=True)
    subprocess.run(run + ["predict", "--baseline", "rules", "--gold", str(ds), "-o", str(pred), "--no-progress"],
                   check=True, capture_output=True)
    gold = GoldSource.from_path(ds)
    for scheme in ("strict", "partial"):
        expl = explain(pred, gold, Options(scheme=scheme))
        obj = expl.to_json_obj()
        assert _check(obj, expl.report, scheme) >= 9
        _crossdoc_check(obj, expl.report)
    assert any(it["gold"] and it["gold"].get("tags") for d in obj["documents"]
               for layer in d["layers"].values() for it in layer["items"])
