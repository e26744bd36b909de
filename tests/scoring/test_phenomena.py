"""The per-phenomenon breakdown (``--by-phenomenon``): hand-computed cases on tagged fixture
documents, and consistency with the scorer's own counts (a tag on every item reproduces the
overall figures; tags that split the items split the counts)."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from scoring_fixtures import make_doc_a, make_doc_b, only_score_command, run_cli, write_jsonl  # noqa: F401

import mil2mil.gold_sets as gold_sets
from mil2mil.scoring import GoldSource, Options, gold_to_predictions, render, score
from mil2mil.scoring.mentions import SCHEME_NAMES


def _tag(items: list[dict[str, Any]], wanted: dict[str, list[str]]) -> None:
    for item in items:
        if item["id"] in wanted:
            item["tags"] = wanted[item["id"]]


def tagged_docs() -> list[tuple[dict[str, Any], str]]:
    (a, ta), (b, tb) = make_doc_a(), make_doc_b()
    _tag(a["mentions"], {"M7": ["coref.nominal"], "M9": ["name.variant"]})
    _tag(a["timexes"], {"T1": ["date.abbrev-month"], "T2": ["date.weekday.past"]})
    _tag(a["roles"], {"R1": ["role.nested-org"]})
    _tag(a["meetings"], {"MT1": ["modality.video"]})
    _tag(b["mentions"], {"M4": ["name.variant"]})
    _tag(b["timexes"], {"T1": ["date.abbrev-month"]})
    _tag(b["meetings"], {"MT2": ["status.negated"]})
    return [(a, ta), (b, tb)]


def predictions(docs: list[tuple[dict[str, Any], str]]) -> list[dict[str, Any]]:
    """doc-a: every mention but M9 ("Liu", missed) and M7 ("The two officials", predicted as
    "two officials": overlapping, same type); roles: R1 only; T1 right, T2 with a wrong value;
    the meeting with a wrong modality (5 of 6 slots right). doc-b: nothing at all."""
    (a, ta), (b, _) = docs
    row = gold_to_predictions(a, grounded=True)
    row["mentions"] = [m for m in row["mentions"] if ta[m["start"]:m["end"]] != "Liu"]
    for m in row["mentions"]:
        if m["entity"] == "E7":
            m["start"] += len("The ")
            m["text"] = ta[m["start"]:m["end"]]
    row["roles"] = [r for r in row["roles"] if r["organization"] == "E4"]
    for t in row["timexes"]:
        if ta[t["start"]:t["end"]] == "Thursday":
            t["value"] = "2023-12-14"
    row["meetings"][0]["modality"] = "in_person"
    empty = {"doc_id": b["doc_id"], "matching": "grounded", "mentions": [], "roles": [], "timexes": [], "meetings": []}
    return [row, empty]


@pytest.fixture
def report(tmp_path: Path):  # type: ignore[no-untyped-def]
    docs = tagged_docs()
    preds = write_jsonl(tmp_path / "p.jsonl", predictions(docs))
    return score(preds, GoldSource.from_documents(docs), Options(by_phenomenon=True))


def test_hand_computed_items(report) -> None:  # type: ignore[no-untyped-def]
    b = report.phenomena
    assert sorted(b.tags) == ["coref.nominal", "date.abbrev-month", "date.weekday.past", "modality.video",
                              "name.variant", "role.nested-org", "status.negated"]
    item = {(t, layer): tl.items for t, tr in b.tags.items() for layer, tl in tr.layers.items() if tl.items}
    # name.variant: "Liu" (doc-a) and "Dong Jun" (doc-b), both missed
    assert item[("name.variant", "mentions")].items == 2
    assert item[("name.variant", "mentions")].value("strict") == 0.0
    # "The two officials" found as "two officials": partial credit under the partial scheme only
    nominal = item[("coref.nominal", "mentions")]
    assert nominal.items == 1 and nominal.value("strict") == 0.0 and nominal.value("partial") == 0.5
    # ... and not linked to its entity (no predicted cluster shares a mention with it)
    assert item[("coref.nominal", "entities")].value("strict") == 0.0
    assert item[("date.abbrev-month", "timexes")].items == 2
    assert item[("date.abbrev-month", "timexes")].value("strict") == 0.5
    assert item[("date.weekday.past", "timexes")].value("strict") == 0.0
    assert item[("role.nested-org", "roles")].value("strict") == 1.0
    video = item[("modality.video", "meetings")]
    assert (video.items, video.matched(), video.value("strict")) == (1, 1, pytest.approx(5 / 6))
    negated = item[("status.negated", "meetings")]
    assert (negated.items, negated.matched(), negated.value("strict")) == (1, 0, 0.0)
    # a tag has items only on the layers whose items carry it
    assert b.tags["role.nested-org"].layers["timexes"].items is None


def test_hand_computed_documents(report) -> None:  # type: ignore[no-untyped-def]
    b = report.phenomena
    assert b.tags["date.weekday.past"].doc_ids == ["doc-a"]
    assert b.tags["name.variant"].doc_ids == ["doc-a", "doc-b"]
    # dates of doc-a: T1 right, T2 wrong value -> tp 1, fp 1, fn 1
    tl = b.tags["date.weekday.past"].layers["timexes"]
    assert tl.documents.as_tuple() == (1, 1, 1) and (tl.precision, tl.recall, tl.f1) == (0.5, 0.5, 0.5)
    # roles of doc-a: R1 found, R2 not
    tl = b.tags["role.nested-org"].layers["roles"]
    assert tl.documents.as_tuple() == (1, 0, 1) and tl.precision == 1.0 and tl.recall == 0.5
    # status.negated: doc-b only, where nothing was predicted
    tl = b.tags["status.negated"].layers["meetings"]
    assert tl.precision is None and tl.recall == 0.0 and tl.f1 == 0.0
    assert b.tags["name.variant"].layers["entities"].metric == "conll_f1"


def _all_tagged(docs: list[tuple[dict[str, Any], str]], tag_of: Any) -> list[tuple[dict[str, Any], str]]:
    out = copy.deepcopy(docs)
    for doc, _ in out:
        for key in ("mentions", "entities", "roles", "timexes", "meetings"):
            for i, item in enumerate(doc[key]):
                item["tags"] = [tag_of(key, i)]
    return out


def test_tag_on_every_item_reproduces_overall_scores(tmp_path: Path) -> None:
    docs = _all_tagged(tagged_docs(), lambda key, i: "all")
    preds = write_jsonl(tmp_path / "p.jsonl", predictions(docs))
    for scheme in SCHEME_NAMES:
        rep = score(preds, GoldSource.from_documents(docs), Options(by_phenomenon=True, scheme=scheme))
        tr = rep.phenomena.tags["all"]
        assert tr.doc_ids == ["doc-a", "doc-b"]
        for layer, tl in tr.layers.items():
            lr = rep.layers[layer]
            assert tl.f1 == lr.headline, layer  # documents: every document carries the tag
            if tl.documents is not None:
                assert tl.documents.as_tuple() == lr.metrics[lr.headline_metric.removesuffix("_f1")
                                                             if layer == "mentions" else
                                                             {"roles": "tuple", "timexes": "value",
                                                              "meetings": "slots"}[layer]].total.as_tuple()
        items = {layer: tl.items for layer, tl in tr.layers.items()}
        mentions = rep.layers["mentions"].metrics[scheme].total
        assert items["mentions"].counts(scheme).as_tuple()[:4] == mentions.as_tuple()[:4]
        assert items["mentions"].value(scheme) == mentions.metrics()["recall"]
        assert items["timexes"].value(scheme) == rep.layers["timexes"].metrics["value"].total.metrics()["recall"]
        assert items["roles"].value(scheme) == rep.layers["roles"].metrics["tuple"].total.metrics()["recall"]
        gold_meetings = sum(len(d["meetings"]) for d, _ in docs)
        assert items["meetings"].items == gold_meetings


def test_tags_splitting_items_split_the_counts(tmp_path: Path) -> None:
    """Tags "even"/"odd" on alternate items: per-layer item counts of the two add up to those
    of a tag on every item."""
    base = tagged_docs()
    split = _all_tagged(base, lambda key, i: "even" if i % 2 == 0 else "odd")
    every = _all_tagged(base, lambda key, i: "all")
    preds_split = write_jsonl(tmp_path / "s.jsonl", predictions(split))
    preds_every = write_jsonl(tmp_path / "e.jsonl", predictions(every))
    rs = score(preds_split, GoldSource.from_documents(split), Options(by_phenomenon=True)).phenomena
    re_ = score(preds_every, GoldSource.from_documents(every), Options(by_phenomenon=True)).phenomena
    for layer, tl in re_.tags["all"].layers.items():
        if tl.items is None:
            continue
        parts = [rs.tags[t].layers[layer].items for t in ("even", "odd") if rs.tags[t].layers[layer].items]
        summed = [sum(v) for v in zip(*(p.values for p in parts))]
        assert summed == tl.items.values, layer


def test_off_by_default(report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    docs = tagged_docs()
    preds = write_jsonl(tmp_path / "p.jsonl", predictions(docs))
    plain = score(preds, GoldSource.from_documents(docs))
    assert plain.phenomena is None
    assert "by_phenomenon" not in json.loads(render(plain, "json"))
    # the breakdown adds to the report; it changes none of its numbers
    with_b = json.loads(render(report, "json"))
    without = json.loads(render(plain, "json"))
    with_b.pop("by_phenomenon")
    assert with_b == without


@pytest.fixture
def named(monkeypatch: pytest.MonkeyPatch) -> None:
    """``constructed:test`` served by the tagged fixtures (the generator is not needed here)."""
    docs = tagged_docs()
    monkeypatch.setattr(gold_sets, "constructed",
                        lambda split: GoldSource.from_documents(docs, label=f"constructed:{split}", name=f"constructed:{split}"))


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "csv"])
@pytest.mark.parametrize("per_doc", [False, True])
def test_every_format(named, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, per_doc: bool) -> None:  # type: ignore[no-untyped-def]
    preds = write_jsonl(tmp_path / "p.jsonl", predictions(tagged_docs()))
    args = ["score", str(preds), "--gold", "constructed:test", "--by-phenomenon", "--format", fmt]
    code, out, err = run_cli(args + (["--per-doc"] if per_doc else []), capsys)
    assert code == 0, err
    assert "gold:constructed:test|" in out
    if fmt == "json":
        b = json.loads(out)["by_phenomenon"]
        v = b["tags"]["modality.video"]["layers"]["meetings"]["items"]
        assert (v["n"], v["matched"], v["metric"]) == (1, 1, "slot_accuracy") and v["value"] == pytest.approx(5 / 6)
        assert b["tags"]["name.variant"]["doc_ids"] == ["doc-a", "doc-b"]
    elif fmt == "csv":
        rows = [r for r in csv.DictReader(io.StringIO(out)) if r["tag"]]
        items = {(r["tag"], r["layer"]): r for r in rows if r["type"] == "(items)"}
        assert float(items[("date.abbrev-month", "timexes")]["recall"]) == 0.5
        assert items[("date.abbrev-month", "timexes")]["tp"] == "1" and items[("date.abbrev-month", "timexes")]["fn"] == "1"
        docs_rows = {(r["tag"], r["layer"]): r for r in rows if r["type"] == "(documents)"}
        assert float(docs_rows[("date.weekday.past", "timexes")]["f1"]) == 0.5
    else:
        line = next(ln for ln in out.splitlines() if "date.weekday.past" in ln and "timexes" in ln)
        assert "0.0000" in line and "0.5000" in line
        assert "by phenomenon" in out
        if per_doc:
            assert "doc-b" in out


def test_named_sets_on_the_command_line(named, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    preds = write_jsonl(tmp_path / "p.jsonl", predictions(tagged_docs()))
    code, _, err = run_cli(["score", str(preds), "--gold", "constructed:tset"], capsys)
    assert code == 2
    assert err.count("\n") == 1 and "news, constructed:validation, constructed:test, authored:test" in err
    code, out, _ = run_cli(["score", str(preds), "--gold", "constructed:validation"], capsys)
    assert code == 0 and "gold:constructed:validation|" in out
