"""The scorer's fast paths give exactly what the plain definitions give.

- the hand-written shape checker accepts and rejects exactly what the JSON Schema does;
- the mention aligner's shortcut for private pairs equals the full matcher, and the
  vectorised batch of documents equals it document by document;
- the one-pass coreference metrics equal the metric functions one by one, and the array
  form used for cross-document clusters equals them, float for float and type for type;
- the batches of the entity, date and meeting layers equal their per-document references
  document by document, and the common cases really are batched;
- scoring without per-document rows, in another line order or with another batch size gives
  the same report.
"""

from __future__ import annotations

import copy
import gc
import math
import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mil2mil.scoring import GoldSource, Options, gold_to_predictions, score
import numpy as np

from mil2mil.scoring.api import _exact_parts
from mil2mil.scoring.entity_batch import entity_batch
from mil2mil.scoring.gold_source import GoldDoc
from mil2mil.scoring.layers import (
    ALL, MEETING_SLOTS, Resolver, align_entities, score_entities_grounded, score_meetings, score_timexes,
)
from mil2mil.scoring.meeting_batch import meeting_batch
from mil2mil.scoring.predictions import PredDoc
from mil2mil.scoring.coref import COREF_METRICS, METRIC_FUNCS, LabelledClusters, score_clusters, score_labelled
from mil2mil.scoring.match import optimal_pairs
from mil2mil.scoring.mentions import (
    _MAXIMA, SCHEME_NAMES, SCHEMES, align_spans, mention_outcomes, mention_outcomes_batch, mention_outcomes_records,
    score_mentions,
)
from mil2mil.scoring.predictions import fast_shape_ok, schema_problems
from mil2mil.scoring.report import to_json_obj
from mil2mil.scoring.timex_batch import timex_batch

from scoring_fixtures import make_doc_a, make_doc_b, write_jsonl

SETTINGS = settings(derandomize=True, max_examples=200, deadline=None)

# --- shape checker vs JSON Schema ------------------------------------------------------

MENTION = {"start": 0, "end": 4, "type": "PER", "entity": "E1", "text": "abcd"}
ENTITY = {"name": "Lloyd Austin", "type": "PER", "aliases": ["Austin"]}
ROLE = {"person": "E1", "normalized_title": "secretary of defense", "organization": None, "status": "current"}
TIMEX = {"start": 0, "end": 4, "text": "abcd", "type": "DATE", "value": "2023-12-21"}
MEETING = {"participants": ["E1", "E2"], "date": "2023-12-21", "location": None, "modality": "video",
           "status": "occurred", "topics": ["taiwan"], "cross_doc_id": "meeting-1"}
VALID = {"doc_id": "doc-1", "mentions": [MENTION], "roles": [ROLE], "timexes": [TIMEX], "meetings": [MEETING]}


def with_(path: list[Any], value: Any = None, delete: bool = False) -> dict[str, Any]:
    obj = copy.deepcopy(VALID)
    obj.setdefault("entities", [copy.deepcopy(ENTITY)])
    cur = obj
    for k in path[:-1]:
        cur = cur[k]
    if delete:
        del cur[path[-1]]
    else:
        cur[path[-1]] = value
    return obj


CASES: list[tuple[str, dict[str, Any]]] = [
    ("valid", copy.deepcopy(VALID)),
    ("valid, only doc_id", {"doc_id": "a"}),
    ("valid, integral float offsets", with_(["mentions", 0, "start"], 0.0)),
    ("valid, no entity or text", with_(["mentions", 0], {"start": 1, "end": 2, "type": "ORG"})),
    ("valid, null date and location", with_(["meetings", 0, "date"], None)),
    ("valid, no cross_doc_id", with_(["meetings", 0, "cross_doc_id"], delete=True)),
    ("valid, null cross_doc_id", with_(["meetings", 0, "cross_doc_id"], None)),
    ("valid, entities layer", with_(["entities", 0, "aliases"], [])),
    ("valid, timex without offsets", with_(["timexes", 0], {"type": "SET", "value": "P1W"})),
    ("bad doc_id pattern", with_(["doc_id"], "Doc_1")),
    ("doc_id too long", with_(["doc_id"], "a" * 121)),
    ("doc_id not a string", with_(["doc_id"], 7)),
    ("unknown top-level key", with_(["extra"], [])),
    ("layer not a list", with_(["mentions"], {})),
    ("mention not an object", with_(["mentions", 0], "x")),
    ("mention missing type", with_(["mentions", 0, "type"], delete=True)),
    ("mention unknown key", with_(["mentions", 0, "label"], "PER")),
    ("negative offset", with_(["mentions", 0, "start"], -1)),
    ("fractional offset", with_(["mentions", 0, "end"], 3.5)),
    ("boolean offset", with_(["mentions", 0, "start"], True)),
    ("string offset", with_(["mentions", 0, "end"], "4")),
    ("unknown entity type", with_(["mentions", 0, "type"], "PERSON")),
    ("unhashable entity type", with_(["mentions", 0, "type"], ["PER"])),
    ("null entity id", with_(["mentions", 0, "entity"], None)),
    ("empty entity id", with_(["mentions", 0, "entity"], "")),
    ("entity id too long", with_(["mentions", 0, "entity"], "E" * 201)),
    ("mention text not a string", with_(["mentions", 0, "text"], 5)),
    ("entity alias not a string", with_(["entities", 0, "aliases"], [1])),
    ("entity empty name", with_(["entities", 0, "name"], "")),
    ("entity unhashable type", with_(["entities", 0, "type"], {})),
    ("role missing status", with_(["roles", 0, "status"], delete=True)),
    ("role bad status", with_(["roles", 0, "status"], "past")),
    ("role unhashable status", with_(["roles", 0, "status"], [])),
    ("role empty title", with_(["roles", 0, "normalized_title"], "")),
    ("role organization number", with_(["roles", 0, "organization"], 3)),
    ("timex bad type", with_(["timexes", 0, "type"], "DAY")),
    ("timex empty value", with_(["timexes", 0, "value"], "")),
    ("timex negative start", with_(["timexes", 0, "start"], -3)),
    ("meeting participants not a list", with_(["meetings", 0, "participants"], "E1")),
    ("meeting empty participant", with_(["meetings", 0, "participants"], [""])),
    ("meeting bad modality", with_(["meetings", 0, "modality"], "email")),
    ("meeting unhashable modality", with_(["meetings", 0, "modality"], {"a": 1})),
    ("meeting unhashable status", with_(["meetings", 0, "status"], ["occurred"])),
    ("meeting unknown topic", with_(["meetings", 0, "topics"], ["weather"])),
    ("meeting duplicate topic", with_(["meetings", 0, "topics"], ["taiwan", "taiwan"])),
    ("meeting unhashable topic", with_(["meetings", 0, "topics"], [["taiwan"]])),
    ("meeting missing topics", with_(["meetings", 0, "topics"], delete=True)),
    ("meeting empty cross_doc_id", with_(["meetings", 0, "cross_doc_id"], "")),
    ("meeting date number", with_(["meetings", 0, "date"], 2023)),
]


@pytest.mark.parametrize("obj", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_shape_checker_agrees_with_schema(obj: dict[str, Any]) -> None:
    assert fast_shape_ok(obj) == (not schema_problems(obj))


@pytest.mark.parametrize("obj", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_shape_table_verdicts(obj: dict[str, Any]) -> None:
    name = next(n for n, o in CASES if o is obj)
    assert fast_shape_ok(obj) == name.startswith("valid"), name


_JUNK = [None, True, 0, -1, 1.5, 2.0, "", "x", "PER", "E" * 300, [], ["PER"], {}, {"a": 1}]


def test_shape_checker_agrees_with_schema_on_random_mutations() -> None:
    rng = random.Random(20240915)
    base = copy.deepcopy(VALID)
    base["entities"] = [copy.deepcopy(ENTITY)]
    for _ in range(1500):
        obj = copy.deepcopy(base)
        for _ in range(rng.randint(1, 2)):  # replace, delete or add one value somewhere
            layer = rng.choice(["mentions", "entities", "roles", "timexes", "meetings"])
            item = obj[layer][0] if isinstance(obj.get(layer), list) and obj[layer] and isinstance(obj[layer][0], dict) else None
            if item is None:
                continue
            op = rng.random()
            key = rng.choice(sorted(item)) if item else "x"
            if op < 0.7:
                item[key] = rng.choice(_JUNK)
            elif op < 0.85:
                item.pop(key, None)
            else:
                item[rng.choice(["x", "label", "id"])] = rng.choice(_JUNK)
        assert fast_shape_ok(obj) == (not schema_problems(obj)), json.dumps(obj)


# --- mention alignment: private-pair shortcut vs the full matcher ------------------------

TYPES = ("PER", "ORG", "GPE")
span = st.tuples(st.integers(0, 40), st.integers(1, 8), st.sampled_from(TYPES)).map(lambda t: (t[0], t[0] + t[1], t[2]))
spans = st.lists(span, max_size=14).map(sorted)


def reference_align(gold: list[tuple[int, int, str]], pred: list[tuple[int, int, str]], overlap: float) -> list[tuple[int, int]]:
    """Every admissible pair straight into the matcher (no shortcut)."""
    pairs = []
    for pi, (ps, pe, pt) in enumerate(pred):
        for gi, (gs, ge, gt) in enumerate(gold):
            if gs == ps and ge == pe:
                pairs.append((gi, pi, (1, 1, int(gt == pt), 1000)))
            elif min(ge, pe) > max(gs, ps):
                r = (min(ge, pe) - max(gs, ps)) / (max(ge, pe) - min(gs, ps))
                if r >= overlap:
                    pairs.append((gi, pi, (0, 1, int(gt == pt), int(r * 1000))))
    return optimal_pairs(len(gold), len(pred), pairs, _MAXIMA)


def reference_score(gold: list[tuple[int, int, str]], pred: list[tuple[int, int, str]], overlap: float) -> dict[str, dict[str, list[int]]]:
    idx = {"cor": 0, "inc": 1, "par": 2}
    out: dict[str, dict[str, list[int]]] = {s: {} for s in SCHEME_NAMES}
    pairs = reference_align(gold, pred, overlap)
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        for s in SCHEME_NAMES:
            out[s].setdefault(g[2], [0] * 5)[idx[SCHEMES[s][(g[:2] == p[:2], g[2] == p[2])]]] += 1
    for gi in set(range(len(gold))) - {g for g, _ in pairs}:
        for s in SCHEME_NAMES:
            out[s].setdefault(gold[gi][2], [0] * 5)[3] += 1
    for pi in set(range(len(pred))) - {p for _, p in pairs}:
        for s in SCHEME_NAMES:
            out[s].setdefault(pred[pi][2], [0] * 5)[4] += 1
    return out


@SETTINGS
@given(spans, spans, st.sampled_from([0.0, 0.3, 0.7, 1.0]))
def test_aligner_equals_full_matcher(g, p, ovl):
    assert align_spans(g, p, ovl) == reference_align(g, p, ovl)
    assert score_mentions(g, p, ovl) == reference_score(g, p, ovl)


@SETTINGS
@given(st.lists(st.tuples(spans, spans), max_size=6), st.sampled_from([0.0, 0.3, 0.7, 1.0]))
def test_batch_mention_outcomes_equal_per_document(docs, ovl):
    """The vectorised batch (what the scorer runs) gives every document exactly the counts
    of the per-document reference, which the test above checks against the full matcher."""
    gold = [sorted(g) for g, _ in docs]
    pred = [sorted(p) for _, p in docs]
    types, counts = mention_outcomes_batch(gold, pred, ovl)
    assert types == sorted({s[2] for d in gold + pred for s in d})
    assert counts.shape == (len(docs), len(types), 6)
    for d, (g, p) in enumerate(zip(gold, pred)):
        got = {types[k]: counts[d, k].tolist() for k in range(len(types)) if counts[d, k].any()}
        assert got == mention_outcomes(g, p, ovl)
    # the scorer's entry point: parsed objects in any order give the same counts
    def records(spans: list[tuple[int, int, str]]) -> list[dict[str, Any]]:
        return [{"type": t, "end": e, "start": s} for s, e, t in reversed(spans)]
    types2, counts2 = mention_outcomes_records([records(g) for g in gold], [records(p) for p in pred], ovl)
    assert types2 == types and counts2.tolist() == counts.tolist()


# --- one-pass coreference metrics ---------------------------------------------------------

clusters = st.lists(st.frozensets(st.integers(0, 25), max_size=6), max_size=8)


@SETTINGS
@given(clusters, clusters)
def test_one_pass_coref_equals_each_metric(key, resp):
    # metrics are defined on disjoint clusterings: keep the first occurrence of a mention
    def disjoint(cs):
        seen: set[int] = set()
        out = []
        for c in cs:
            out.append(frozenset(c - seen))
            seen |= c
        return out

    key, resp = disjoint(key), disjoint(resp)
    got = score_clusters(key, resp)
    k = [c for c in key if c]
    r = [c for c in resp if c]
    assert got == {name: fn(k, r) for name, fn in METRIC_FUNCS.items()}


memberships = st.lists(st.tuples(st.integers(0, 9), st.integers(0, 30)), max_size=40)


@SETTINGS
@given(memberships, memberships)
def test_labelled_clusters_equal_sets(key, resp):
    """Labels order the clusters; repeated memberships count once; an item in two clusters
    of one side is looked up in the last one, as with frozensets."""
    def sets(pairs: list[tuple[int, int]]) -> list[frozenset[int]]:
        by: dict[int, set[int]] = {}
        for label, item in pairs:
            by.setdefault(label, set()).add(item)
        return [frozenset(by[label]) for label in sorted(by)]

    def labelled(pairs: list[tuple[int, int]]) -> LabelledClusters:
        arr = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        return LabelledClusters(arr[:, 0], arr[:, 1])

    assert labelled(key).as_sets() == sets(key)  # the form of the fallback for huge clusters
    got = score_labelled(labelled(key), labelled(resp))
    want = score_clusters(sets(key), sets(resp))
    assert {k: (v.to_json(), list(map(type, v.as_tuple()))) for k, v in got.items()} == \
        {k: (v.to_json(), list(map(type, v.as_tuple()))) for k, v in want.items()}


# --- per-document rows off: same corpus numbers ------------------------------------------

@pytest.mark.parametrize("grounded", [True, False])
def test_no_per_document_rows_same_corpus_numbers(tmp_path: Path, dataset: Path, grounded: bool) -> None:
    rows = [gold_to_predictions(d, grounded) for d, _ in (make_doc_a(), make_doc_b())]
    if grounded:
        rows[0]["mentions"] = rows[0]["mentions"][1:]
    rows[1]["meetings"] = rows[1]["meetings"][:1]
    preds = write_jsonl(tmp_path / "p.jsonl", rows)
    full = to_json_obj(score(preds, GoldSource.from_path(dataset)))
    flat = to_json_obj(score(preds, GoldSource.from_path(dataset), Options(per_document=False)))
    for layer in full["layers"].values():
        for m in layer.get("metrics", {}).values():
            m.pop("per_document", None)
    assert flat == full


@SETTINGS
@given(st.lists(st.lists(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300)
                         | st.integers(-10**6, 10**6).map(lambda k: k / 7), max_size=30), max_size=8))
def test_folded_parts_keep_the_exact_sum(chunks):
    """Folding values into parts chunk by chunk loses nothing: the exactly rounded total is
    the one of all values at once (what fraction totals without per-document rows rely on)."""
    parts: list[float] = []
    for chunk in chunks:
        parts = _exact_parts(parts + chunk)
        assert len(parts) <= 40
    assert math.fsum(parts) == math.fsum(v for c in chunks for v in c)


def test_collector_setting_restored_after_overlapping_passes() -> None:
    """Passes may overlap (threads): the caller's setting comes back when the last one ends;
    a caller who turned automatic collection off is left with it off throughout."""
    from mil2mil.scoring.api import GC_YOUNG_THRESHOLD, _young_collections_spaced

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        a, b = _young_collections_spaced(), _young_collections_spaced()
        a.__enter__()
        b.__enter__()
        assert gc.get_threshold() == (GC_YOUNG_THRESHOLD, 10, 10)
        a.__exit__(None, None, None)
        assert gc.get_threshold() == (GC_YOUNG_THRESHOLD, 10, 10)
        b.__exit__(None, None, None)
        assert gc.get_threshold() == (700, 10, 10)
        gc.set_threshold(0, 10, 10)
        with _young_collections_spaced():
            assert gc.get_threshold() == (0, 10, 10)
        assert gc.get_threshold() == (0, 10, 10)
    finally:
        gc.set_threshold(*before)


@pytest.mark.parametrize("grounded", [True, False])
def test_a_pass_creates_no_reference_cycles(tmp_path: Path, dataset: Path, grounded: bool) -> None:
    """What allows the scorer to space out the garbage collector (api._young_collections_spaced):
    everything a pass allocates is freed by reference counting, so nothing waits for the
    collector; and the collector's setting is the caller's again afterwards."""
    rows = [gold_to_predictions(d, grounded) for d, _ in (make_doc_a(), make_doc_b())]
    rows[0]["meetings"] = rows[0]["meetings"][1:]  # some misses, so no layer is trivially perfect
    preds = write_jsonl(tmp_path / "p.jsonl", rows)
    source = GoldSource.from_path(dataset)
    before = gc.get_threshold()
    gc.collect()
    gc.disable()
    try:
        report = score(preds, source, Options(bootstrap=20))
        del report
        assert gc.collect() == 0
    finally:
        gc.enable()
    assert gc.get_threshold() == before


def test_predicted_type_matched_everywhere_gets_no_row(tmp_path: Path, dataset: Path) -> None:
    """A type that occurs in no gold mention, whose every prediction is aligned to gold of
    another type, books nothing (pairs count under the gold type): the batch returns it with
    zero counts, and the report must not show an empty row for it."""
    rows = [gold_to_predictions(d, True) for d, _ in (make_doc_a(), make_doc_b())]
    assert all(m["type"] != "FAC" for r in rows for m in r["mentions"])
    rows[0]["mentions"][0]["type"] = "FAC"
    rep = score(write_jsonl(tmp_path / "p.jsonl", rows), GoldSource.from_path(dataset))
    for name, metric in rep.layers["mentions"].metrics.items():
        assert "FAC" not in metric.per_type, name
    assert rep.layers["mentions"].metrics["strict"].total.inc == 1


def test_batch_offsets_beyond_the_key_space() -> None:
    """Offsets of 2**32 and more fall outside the batch's (document, offset) keys: the batch
    then scores document by document and still equals the reference."""
    gold = [[(0, 2**32 + 10, "PER")], [(3, 9, "ORG")], [(0, 2**70, "GPE")]]
    pred = [[], [(5, 10, "PER")], [(1, 4, "GPE")]]
    types, counts = mention_outcomes_batch(gold, pred, 0.0)
    for d, (g, p) in enumerate(zip(gold, pred)):
        got = {types[k]: counts[d, k].tolist() for k in range(len(types)) if counts[d, k].any()}
        assert got == mention_outcomes(g, p, 0.0)


# --- the entity layer's batch -------------------------------------------------------------

def _entity_doc(gold: list[tuple[int, int, str, int]], pred: list[tuple[int, int, str, int | None]], i: int
                ) -> tuple[GoldDoc, PredDoc]:
    """A grounded document pair from (start, length, type, entity) tuples; only what the
    entity layer reads is filled in."""
    gm = sorted((s, s + n, t, f"E{e}") for s, n, t, e in gold)
    pm = [{"start": s, "end": s + n, "type": t, **({} if e is None else {"entity": "abcde"[e]})} for s, n, t, e in pred]
    g = GoldDoc(doc_id=f"d{i}", text="x" * 40, raw={"mentions": []}, mentions=gm,
                entity_type={m[3]: "PER" for m in gm}, roles=set(), timexes=[], meetings=[])
    return g, PredDoc(f"d{i}", None, {"mentions": pm})


ent_mentions = st.lists(st.tuples(st.integers(0, 14), st.integers(1, 3), st.sampled_from(["PER", "ORG"]),
                                  st.integers(1, 4)), max_size=10)
pred_mentions = st.lists(st.tuples(st.integers(0, 14), st.integers(1, 3), st.sampled_from(["PER", "ORG"]),
                                   st.one_of(st.none(), st.integers(0, 4))), max_size=10)


def _reference_row(g: GoldDoc, p: PredDoc) -> list[list[float]]:
    """The per-document reference as one row of the batch's table (metrics in
    ``COREF_METRICS`` order, each as its ``PRFraction.as_tuple()``)."""
    ref = score_entities_grounded(g, p)
    return [list(ref[name][ALL].as_tuple()) for name in COREF_METRICS]


@settings(derandomize=True, max_examples=400, deadline=None)
@given(st.lists(st.tuples(ent_mentions, pred_mentions), max_size=6))
def test_entity_batch_equals_per_document(docs):
    """Coreference metrics float for float, and the entity alignment wherever the batch
    computes it (``None``: left to the reference), document by document."""
    pairs = [_entity_doc(g, p, i) for i, (g, p) in enumerate(docs)]
    metrics, maps = entity_batch([g for g, _ in pairs], [p for _, p in pairs])
    assert metrics.shape == (len(pairs), 4, 4) and len(maps) == len(pairs)
    for (g, p), got, amap in zip(pairs, metrics, maps):
        assert got.tolist() == _reference_row(g, p)
        if amap is not None:
            assert amap == align_entities(g, p)


def test_entity_batch_offsets_beyond_63_bits():
    """Offsets too large to pack (document, start, end) into one integer are ranked first."""
    shift = 2**40
    g, p = _entity_doc([(0, 2, "PER", 1), (3, 2, "PER", 1), (6, 2, "ORG", 2)],
                       [(0, 2, "PER", 0), (3, 2, "PER", 1), (6, 2, "ORG", 2), (9, 1, "PER", None)], 0)
    big_g = GoldDoc(doc_id="d", text="", raw={}, mentions=[(s + shift, e + shift, t, x) for s, e, t, x in g.mentions],
                    entity_type=g.entity_type, roles=set(), timexes=[], meetings=[])
    big_p = PredDoc("d", None, {"mentions": [{**m, "start": m["start"] + shift, "end": m["end"] + shift}
                                             for m in p.layers["mentions"]]})
    metrics, maps = entity_batch([g, big_g], [p, big_p])
    assert metrics[0].tolist() == metrics[1].tolist() == _reference_row(big_g, big_p)
    assert maps[0] == maps[1] == align_entities(big_g, big_p) == {"a": "E1", "c": "E2"}


def test_entity_batch_huge_cluster_and_offsets():
    """LEA of a cluster so large that |k| times its kept links passes 2**53 is rounded once, as
    in the reference; offsets beyond 64 bits (no text is that long) go to the reference."""
    n = 262_163
    g = GoldDoc(doc_id="d", text="", raw={}, mentions=[(i, i + 1, "PER", "E1") for i in range(n)],
                entity_type={"E1": "PER"}, roles=set(), timexes=[], meetings=[])
    p = PredDoc("d", None, {"mentions": [{"start": i, "end": i + 1, "type": "PER", "entity": "a" if i < 2 else "b"}
                                         for i in range(n)]})
    metrics, _ = entity_batch([g], [p], alignment=False)
    assert metrics[0].tolist() == _reference_row(g, p)
    far = 2**63
    g2 = GoldDoc(doc_id="d", text="", raw={}, mentions=[(far, far + 1, "PER", "E1")], entity_type={"E1": "PER"},
                 roles=set(), timexes=[], meetings=[])
    p2 = PredDoc("d", None, {"mentions": [{"start": far, "end": far + 1, "type": "PER", "entity": "a"}]})
    metrics, maps = entity_batch([g2], [p2])
    assert metrics[0].tolist() == _reference_row(g2, p2)
    assert maps == [None]


def test_entity_batch_vectorises_the_common_cases():
    """Single pairs and stars are aligned in the batch, not handed back (a batch that left
    everything to the reference would pass the test above)."""
    g, p = _entity_doc([(0, 2, "PER", 1), (3, 2, "PER", 1), (6, 2, "PER", 2), (9, 2, "ORG", 3)],
                       [(0, 2, "PER", 0), (3, 2, "PER", 1), (6, 2, "PER", 2), (9, 2, "ORG", None), (12, 1, "PER", 3)], 0)
    metrics, maps = entity_batch([g], [p])
    assert maps == [{"a": "E1", "c": "E2"}] == [align_entities(g, p)]


small_graphs = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 3), st.integers(0, 2)),
                        min_size=1, max_size=9)


@settings(derandomize=True, max_examples=500, deadline=None)
@given(small_graphs, st.booleans())
def test_small_graphs_matched_as_the_solver_matches_them(edges, two_levels):
    """Small graphs are solved by enumeration unless two complete assignments tie; the result
    is the solver's, component by component, including which of two tied options wins."""
    from mil2mil.scoring import match

    seen: dict[tuple[int, int], tuple[int, ...]] = {}
    for g, p, a, b in edges:
        lv = (a + 1, b) if two_levels else (a + 1,)
        seen.setdefault((g, p), lv)
    pairs = [(g, p, lv) for (g, p), lv in sorted(seen.items())]
    maxima = (4, 2) if two_levels else (4,)
    got = optimal_pairs(3, 3, pairs, maxima)
    saved = match._SMALL
    match._SMALL = 0
    try:
        want = optimal_pairs(3, 3, pairs, maxima)
    finally:
        match._SMALL = saved
    assert got == want


def _bench_module() -> Any:
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_scorer.py"
    spec = importlib.util.spec_from_file_location("bench_scorer", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("per_document", [True, False])
def test_line_order_changes_no_byte(tmp_path: Path, per_document: bool) -> None:
    """Same predictions, lines shuffled: the same report, headlines included. (CoNLL F1 was
    once computed from sums taken in line order, before the exactly rounded totals, and its
    last digits moved with the order on a corpus this size.)"""
    bench = _bench_module()
    rng = random.Random(206)
    docs = [bench.make_pair(i, rng, 20) for i in range(1300)]
    gold = {g["doc_id"]: (g, bench.filler(g["zones"][0]["end"])) for g, _ in docs}
    source = GoldSource.from_loader(sorted(gold), gold.__getitem__, "0" * 64, "synthetic")
    lines = [p for _, p in docs]
    outputs = set()
    for seed in range(4):
        random.Random(seed).shuffle(lines)
        path = write_jsonl(tmp_path / f"p{seed}.jsonl", lines)
        report = to_json_obj(score(path, source, Options(per_document=per_document)))
        report.pop("predictions")
        outputs.add(json.dumps(report, sort_keys=True))
    assert len(outputs) == 1


# --- dates: the batch vs the per-document reference --------------------------------------

TIMEX_VALUES = ["2023", "2023-12", "2023-12-21", "2023-12-22", "2023-W51", "2023-12-21T10:00", "P3D", "PRESENT_REF"]
timex_items = st.lists(st.tuples(st.integers(0, 12), st.integers(1, 4), st.sampled_from(["DATE", "TIME", "DURATION"]),
                                 st.sampled_from(TIMEX_VALUES)), max_size=6)


def _timex_doc(gold: list[tuple[int, int, str, str]], pred: list[tuple[int, int, str, str]], i: int) -> tuple[GoldDoc, PredDoc]:
    g = GoldDoc(doc_id=f"d{i}", text="x" * 40, raw={}, mentions=[], entity_type={}, roles=set(),
                timexes=sorted((s, s + n, t, v) for s, n, t, v in gold), meetings=[])
    return g, PredDoc(f"d{i}", None, {"timexes": [{"start": s, "end": s + n, "type": t, "value": v} for s, n, t, v in pred]})


def _timex_rows(tables: dict[str, tuple[list[str], np.ndarray]], d: int) -> dict[str, dict[str, list[float]]]:
    return {name: {t: counts[d, k].tolist() for k, t in enumerate(types) if counts[d, k].any()}
            for name, (types, counts) in tables.items()}


@pytest.mark.parametrize("ties", ["te3", "optimal"])
@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.lists(st.tuples(timex_items, timex_items), max_size=6))
def test_timex_batch_equals_per_document(ties, docs):
    """Every document's date counts, type by type, as the reference counts them (and no
    type listed that the reference does not list), under either tie rule."""
    pairs = [_timex_doc(g, p, i) for i, (g, p) in enumerate(docs)]
    tables = timex_batch([g for g, _ in pairs], [p for _, p in pairs], ties)
    for d, (g, p) in enumerate(pairs):
        want = {name: {t: list(c.as_tuple()) for t, c in per_type.items()}
                for name, per_type in score_timexes(g, p, True, ties).items()}
        assert _timex_rows(tables, d) == want


def test_timex_batch_vectorises_the_common_cases(monkeypatch):
    """Documents without two timexes on one span and type never reach the reference (a batch
    that sent everything there would pass the test above); twins do."""
    import mil2mil.scoring.timex_batch as tb

    calls: list[str] = []
    real = tb.score_timexes
    monkeypatch.setattr(tb, "score_timexes", lambda g, p, grounded, *a: calls.append(g.doc_id) or real(g, p, grounded, *a))
    pairs = [_timex_doc([(0, 4, "DATE", "2023-12")], [(0, 4, "DATE", "2023-12-21"), (1, 3, "DATE", "2023")], 0),
             _timex_doc([(2, 3, "DATE", "2023")], [(2, 3, "DATE", "2023"), (2, 3, "DATE", "P3D")], 1),
             _timex_doc([(0, 4, "DATE", "2023"), (6, 9, "TIME", "2023-12-21TMO")],
                        [(1, 4, "DATE", "2023"), (6, 8, "DATE", "2023-12-21")], 2)]
    tables = timex_batch([g for g, _ in pairs], [p for _, p in pairs], "optimal")
    assert calls == ["d1"]
    assert _timex_rows(tables, 0)["value_partial"] == {"DATE": [0.5, 1.0, 0.5, 2.0]}
    calls.clear()  # the TempEval-3 rule: also where one expression overlaps two (d0)
    timex_batch([g for g, _ in pairs], [p for _, p in pairs], "te3")
    assert calls == ["d0", "d1"]


# --- meetings: the batch vs the per-document reference -----------------------------------

MEETING_REFS = ["a", "b", "c", "g", "zz"]  # "g" aligns to a group entity; "zz" to nothing
_ALIGNED = {"a": "E1", "b": "E2", "c": "E3", "g": "G1"}
gold_meetings = st.lists(st.tuples(
    st.frozensets(st.sampled_from(["E1", "E2", "E3", "E4"]), max_size=3),
    st.sampled_from([None, "2023-12", "2023-12-21"]), st.sampled_from([None, "E3", "E4"]),
    st.sampled_from(["video", "in_person"]), st.sampled_from(["occurred", "planned"]),
    st.frozensets(st.sampled_from(["taiwan", "other", "south_china_sea"]), max_size=2),
    st.sampled_from([None, "m1", "m2"])), max_size=4)
pred_meetings = st.lists(st.tuples(
    st.lists(st.sampled_from(MEETING_REFS), max_size=3, unique=True),
    st.sampled_from([None, "2023-12", "2023-12-21"]), st.sampled_from([None, "c", "zz"]),
    st.sampled_from(["video", "in_person"]), st.sampled_from(["occurred", "planned"]),
    st.lists(st.sampled_from(["taiwan", "other", "south_china_sea"]), max_size=2, unique=True),
    st.sampled_from([None, "m1", "x"])), max_size=4)


def _meeting_doc(gold: list[tuple[Any, ...]], pred: list[tuple[Any, ...]], i: int) -> tuple[GoldDoc, PredDoc, Resolver]:
    meetings = [{"id": f"MT{k}", "participants": frozenset().union(*({"E1", "E2"} if x == "G1" else {x} for x in parts)),
                 "date": date, "location": loc, "modality": mod, "status": status, "topics": topics, "cross_doc_id": cid}
                for k, (parts, date, loc, mod, status, topics, cid) in enumerate(gold)]
    g = GoldDoc(doc_id=f"d{i}", text="", raw={}, mentions=[], entity_type={}, roles=set(), timexes=[],
                meetings=meetings, members={"G1": ["E1", "E2"]})
    p = PredDoc(f"d{i}", None, {"meetings": [
        {"participants": parts, "date": date, "location": loc, "modality": mod, "status": status, "topics": topics,
         "cross_doc_id": cid} for parts, date, loc, mod, status, topics, cid in pred]})
    return g, p, Resolver(g, p, True, dict(_ALIGNED))


def _batch_alignment(mb: Any, d: int) -> dict[int, int]:
    """Predicted record index → position in ``gold.meetings`` of the record it was aligned to."""
    if d in mb.reference:
        return mb.reference[d]
    sel = (mb.pred_doc == d) & (mb.pred_match >= 0)
    return dict(zip(mb.pred_index[sel].tolist(), mb.pred_match[sel].tolist()))


@settings(derandomize=True, max_examples=400, deadline=None)
@given(st.lists(st.tuples(gold_meetings, pred_meetings), max_size=6))
def test_meeting_batch_equals_per_document(docs):
    """Slot and record counts and the alignment (which the cross-document layer numbers
    records by), document by document, as the reference; each record's cross id listed."""
    triples = [_meeting_doc(g, p, i) for i, (g, p) in enumerate(docs)]
    numbers: dict[str, int] = {}
    mb = meeting_batch([g for g, _, _ in triples], [p for _, p, _ in triples], [r for _, _, r in triples],
                       lambda cid: numbers.setdefault(cid, len(numbers)))
    for d, (g, p, resolve) in enumerate(triples):
        res, pairs, gs, ps = score_meetings(g, p, resolve)
        assert mb.slots[d].tolist() == [list(res["slots"][s].as_tuple()) for s in MEETING_SLOTS]
        assert mb.record_exact[d, 0].tolist() == list(res["record_exact"][ALL].as_tuple())
        position = {id(r): k for k, r in enumerate(g.meetings)}
        assert _batch_alignment(mb, d) == {ps[b]["index"]: position[id(gs[a])] for a, b in pairs}
        if d not in mb.reference:
            listed = mb.gold_doc == d
            assert dict(zip(mb.gold_index[listed].tolist(), mb.gold_cross[listed].tolist())) == {
                k: numbers[r["cross_doc_id"]] for k, r in enumerate(g.meetings) if r["cross_doc_id"] is not None}
            listed = mb.pred_doc == d
            assert dict(zip(mb.pred_index[listed].tolist(), mb.pred_cross[listed].tolist())) == {
                k: -1 if r["cross_doc_id"] is None else numbers[r["cross_doc_id"]]
                for k, r in enumerate(p.layers["meetings"])}


def test_meeting_batch_vectorises_the_common_cases(monkeypatch):
    """Documents with up to three records a side and one best set of pairs never reach the
    reference (a batch that sent everything there would pass the test above); ties and
    larger documents do."""
    import mil2mil.scoring.meeting_batch as mbm

    calls: list[str] = []
    real = mbm.score_meetings
    monkeypatch.setattr(mbm, "score_meetings", lambda g, p, r: calls.append(g.doc_id) or real(g, p, r))
    rec = (frozenset({"E1"}), "2023-12", None, "video", "occurred", frozenset(), "m1")
    prec = (["a"], "2023-12", None, "video", "occurred", [], "m1")
    other = (frozenset({"E2", "E3"}), None, "E4", "video", "planned", frozenset({"taiwan"}), None)
    pother = (["b", "zz"], None, None, "video", "planned", ["taiwan"], None)
    triples = [_meeting_doc([rec, other], [pother, prec], 0),          # two pairs, crossed
               _meeting_doc([rec], [prec, prec], 1),                   # two equal records: a tie
               _meeting_doc([rec] * 4, [prec], 2),                     # four records: too many
               _meeting_doc([], [prec], 3)]
    mb = meeting_batch([g for g, _, _ in triples], [p for _, p, _ in triples], [r for _, _, r in triples])
    assert sorted(calls) == ["d1", "d2"]
    assert _batch_alignment(mb, 0) == {1: 0, 0: 1} and mb.record_exact[0, 0].tolist() == [1, 1, 1]


def test_batch_size_changes_no_byte(tmp_path: Path, monkeypatch) -> None:
    """The same report whatever the number of documents scored together (one document per
    batch is the per-document path of every layer's bookkeeping)."""
    import mil2mil.scoring.api as api

    bench = _bench_module()
    rng = random.Random(7)
    docs = [bench.make_pair(i, rng, 6) for i in range(300)]
    gold = {g["doc_id"]: (g, bench.filler(g["zones"][0]["end"])) for g, _ in docs}
    source = GoldSource.from_loader(sorted(gold), gold.__getitem__, "0" * 64, "synthetic")
    path = write_jsonl(tmp_path / "p.jsonl", [p for _, p in docs])
    outputs = set()
    for size in (1, 7, 128, 1000):
        monkeypatch.setattr(api, "BATCH", size)
        report = to_json_obj(score(path, source, Options(per_document=True, bootstrap=20, average="macro")))
        outputs.add(json.dumps(report, sort_keys=True))
    assert len(outputs) == 1


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 2**63 - 1), max_size=50))
def test_meeting_bit_count(values):
    """The bit-parallel count the meeting batch uses (numpy < 2 has no ``bitwise_count``)."""
    from mil2mil.scoring.meeting_batch import _popcount

    assert _popcount(np.array(values, dtype=np.int64)).tolist() == [v.bit_count() for v in values]
