"""Throughput benchmark of the Mil2Mil scorer against nervaluate and against bare parsing.

Builds a deterministic workload (gold and predictions, JSONL) from a seed, then times, in one
run:

1. bare parsing: ``json.loads`` of every gold and prediction line (the scorer parses with
   the same library, the standard ``json`` module); then, for reference, what a pass does
   before scoring any layer (reading, parsing and checking the predictions, reading and
   preparing the gold: :func:`time_floor`);
2. the scorer: reading, parsing, validating and scoring every layer, streaming document by
   document (gold parsed lazily too, with the same ``json.loads``), with the options of
   ``mil2mil score``'s default text output (no per-document rows);
3. the scorer restricted to the mention layer (still parsing and validating whole lines);
4. the mention layer like for like with nervaluate: nervaluate's ``Evaluator(...).evaluate()``
   and the scorer's own batch alignment and counting (:func:`mention_outcomes_records`,
   batches of :data:`~mil2mil.scoring.api.BATCH` documents, as in ``mil2mil score``), both on the same
   parsed records, so neither is charged for reading, parsing or validating (their work is not
   identical: nervaluate matches greedily, span by span, and re-runs its four schemes per
   type; the scorer finds the optimal alignment once for all four schemes; the printed counts
   differ where greedy and optimal matching disagree);
5. for reference, nervaluate's evaluation alone against the scorer's whole mention-layer run
   (3), which also reads, parses and validates the files;

and prints the ratios. Memory is measured separately: the peak resident set size of a fresh
process scoring the first tenth of the documents and all of them, with per-document rows
kept (what JSON and CSV output, ``--per-doc`` and ``--bootstrap`` need) and without (what
``mil2mil score`` keeps by default: text output, no bootstrap), each with and without the
cross-document layer (which keeps one record per meeting with a cross id, corpus-wide by
definition), so growth with the number of documents is visible.

The workload's gold is constructed documents from :mod:`mil2mil.generator` (train split,
``--seed``; real texts, every layer filled: roles, TIMEX3 values, meetings with topics and
cross-document ids), and the predictions are those of a mediocre system made from the gold by
seeded perturbation (missed, shifted, retyped and spurious mentions, wrong dates, dropped
roles and slots). ``--workload filler`` restores the earlier synthetic workload (random spans
over filler text, mentions only richly). Usage::

    python benchmarks/bench_scorer.py                 # 100k documents (~2M mentions)
    python benchmarks/bench_scorer.py --docs 2000     # quick smoke run
    python benchmarks/bench_scorer.py --workload filler
    python benchmarks/bench_scorer.py --skip-memory   # timings only
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from mil2mil.scoring import GoldSource, Options, score
from mil2mil.scoring.gold_source import GoldDoc, prepare_gold
from mil2mil.scoring.api import BATCH
from mil2mil.scoring.mentions import SCHEME_NAMES, SCHEME_SLOTS, mention_outcomes_records
from mil2mil.scoring.predictions import check_document, read_lines

TYPES = ("PER", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP")
FILLER = "abcdefghijklmnopqrstuvwxyz "


def filler(n: int) -> str:
    return (FILLER * (n // len(FILLER) + 1))[:n]


def make_pair(i: int, rng: random.Random, mentions_per_doc: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """One gold document and the predictions of a mediocre system for it."""
    doc_id = f"doc-{i:07d}"
    n = max(2, int(rng.gauss(mentions_per_doc, 4)))
    pos = 0
    gm, pm = [], []
    n_ent = max(1, n // 3)
    spans = []
    for k in range(n):
        pos += rng.randint(3, 40)
        length = rng.randint(3, 25)
        spans.append((pos, pos + length))
        pos += length
    length_text = pos + 50
    text = filler(length_text)
    for k, (s, e) in enumerate(spans):
        t = TYPES[rng.randrange(3) if rng.random() < 0.8 else rng.randrange(len(TYPES))]
        ent = f"E{rng.randrange(n_ent) + 1}"
        gm.append({"id": f"M{k + 1}", "start": s, "end": e, "text": text[s:e], "type": t,
                   "form": "NAM", "entity": ent})
        r = rng.random()
        if r < 0.05:
            continue  # missed
        ps, pe, pt = s, e, t
        if r < 0.15:
            ps = max(0, s + rng.randint(-2, 2))
            pe = max(ps + 1, e + rng.randint(-2, 2))
        elif r < 0.20:
            pt = TYPES[rng.randrange(len(TYPES))]
        pm.append({"start": ps, "end": pe, "type": pt, "entity": ent if rng.random() < 0.9 else f"X{k}"})
        if rng.random() < 0.05:  # spurious
            q = min(length_text - 5, e + 1)
            pm.append({"start": q, "end": q + 3, "type": "ORG", "entity": f"S{k}"})
    ents = sorted({m["entity"] for m in gm}, key=lambda x: int(x[1:]))
    entities = [{"id": e, "type": "PER", "canonical_name": f"entity {e}"} for e in ents]
    timexes = [{"id": "T1", "start": spans[0][0], "end": spans[0][1], "text": text[spans[0][0]:spans[0][1]],
                "type": "DATE", "value": f"2023-12-{rng.randint(1, 28):02d}", "mod": None, "anchor": "DCT"}]
    meetings = []
    pmeet = []
    for j in range(2):
        parts = rng.sample(ents, min(2, len(ents)))
        date = f"2023-12-{rng.randint(1, 28):02d}"
        meetings.append({"id": f"MT{j + 1}", "triggers": [{"start": 0, "end": 3, "text": text[0:3]}], "event": None,
                         "participants": [{"entity": p, "role": None} for p in parts],
                         "date": {"timex": "T1", "value": date, "relation": "during"}, "location": None,
                         "modality": "video", "status": "occurred", "topics": [],
                         "cross_doc_id": f"meeting-{rng.randrange(50000)}"})
        pmeet.append({"participants": parts, "date": date if rng.random() < 0.8 else None, "location": None,
                      "modality": "video", "status": "occurred", "topics": [],
                      "cross_doc_id": meetings[-1]["cross_doc_id"] if rng.random() < 0.8 else None})
    gold = {
        "doc_id": doc_id, "text_file": f"raw/{doc_id}.txt", "text_sha256": "0" * 64,
        "metadata": {"source_file": "x", "publisher": "x", "agency": None, "headline": None, "language": "en",
                     "dct": {"value": "2023-12-22", "provenance": "external_source", "timex": None, "source": "x"},
                     "copyright_holder": "x"},
        "zones": [{"id": "Z1", "type": "body", "start": 0, "end": length_text}],
        "entities": entities, "mentions": gm, "roles": [], "timexes": timexes, "meetings": meetings,
        "source_notes": [],
    }
    pred = {"doc_id": doc_id, "mentions": pm, "roles": [],
            "timexes": [{"start": spans[0][0], "end": spans[0][1], "type": "DATE", "value": timexes[0]["value"]}],
            "meetings": pmeet}
    return gold, pred


TEXT_KEY = "__text__"
"""Key under which a generated gold line carries its text (removed when the gold is read)."""


def predict_from_gold(gold: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Predictions of a mediocre system for one gold document, made by seeded perturbation."""
    length = len(gold[TEXT_KEY])
    pm: list[dict[str, Any]] = []
    for k, m in enumerate(gold["mentions"]):
        r = rng.random()
        if r < 0.05:
            continue  # missed
        ps, pe, pt = m["start"], m["end"], m["type"]
        if r < 0.15:
            ps = max(0, ps + rng.randint(-2, 2))
            pe = min(length, max(ps + 1, pe + rng.randint(-2, 2)))
        elif r < 0.20:
            pt = TYPES[rng.randrange(len(TYPES))]
        pm.append({"start": ps, "end": pe, "type": pt, "entity": m["entity"] if rng.random() < 0.9 else f"X{k}"})
        if rng.random() < 0.05 and m["end"] + 4 <= length:  # spurious
            pm.append({"start": m["end"] + 1, "end": m["end"] + 4, "type": "ORG", "entity": f"S{k}"})
    roles = [{"person": r["person"], "normalized_title": r["normalized_title"] if rng.random() < 0.9 else "official",
              "organization": r["organization"], "status": r["status"]}
             for r in gold["roles"] if rng.random() < 0.85]
    timexes = []
    for t in gold["timexes"]:
        if rng.random() < 0.9:
            wrong = "P99Y" if t["type"] in ("DURATION", "SET") else "PAST_REF"  # a wrong value of the right form
            value = t["value"] if rng.random() < 0.85 else wrong
            timexes.append({"start": t["start"], "end": t["end"], "type": t["type"], "value": value})
    meetings = []
    for mt in gold["meetings"]:
        if rng.random() < 0.1:
            continue
        meetings.append({
            "participants": [p["entity"] for p in mt["participants"] if rng.random() < 0.9],
            "date": mt["date"]["value"] if mt["date"] and rng.random() < 0.8 else None,
            "location": mt["location"] if rng.random() < 0.8 else None,
            "modality": mt["modality"] if rng.random() < 0.85 else "unspecified",
            "status": mt["status"] if rng.random() < 0.8 else "occurred",
            "topics": [t["topic"] for t in mt["topics"] if rng.random() < 0.8],
            "cross_doc_id": mt["cross_doc_id"] if rng.random() < 0.8 else None,
        })
    return {"doc_id": gold["doc_id"], "mentions": pm, "roles": roles, "timexes": timexes, "meetings": meetings}


def generated_pairs(n_docs: int, seed: int) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(gold line, prediction line) of ``n_docs`` constructed train documents, ids ``doc-0000000`` …"""
    from mil2mil.generator import generate_split

    rng = random.Random(seed)
    for i, (gold, text) in enumerate(generate_split("train", docs=n_docs, seed=seed)):
        doc_id = f"doc-{i:07d}"
        gold = {**gold, "doc_id": doc_id, "text_file": f"raw/{doc_id}.txt", TEXT_KEY: text}
        yield gold, predict_from_gold(gold, rng)


def generate(folder: Path, n_docs: int, seed: int, mentions_per_doc: int,
             workload: str = "generated") -> tuple[Path, Path, dict[str, int]]:
    rng = random.Random(seed)
    gpath, ppath = folder / "gold.jsonl", folder / "pred.jsonl"
    stats = {"documents": n_docs, "gold_mentions": 0, "pred_mentions": 0, "meetings": 0}
    pairs = (generated_pairs(n_docs, seed) if workload == "generated"
             else (make_pair(i, rng, mentions_per_doc) for i in range(n_docs)))
    with gpath.open("w", encoding="utf-8") as g, ppath.open("w", encoding="utf-8") as p:
        for gd, pd in pairs:
            stats["gold_mentions"] += len(gd["mentions"])
            stats["pred_mentions"] += len(pd["mentions"])
            stats["meetings"] += len(gd["meetings"])
            g.write(json.dumps(gd) + "\n")
            p.write(json.dumps(pd) + "\n")
    return gpath, ppath, stats


class SyntheticIds(Sequence[str]):
    """``doc-0000000`` … as a computed sequence (no list of ids in memory)."""

    def __init__(self, n: int):
        self._n = n

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [f"doc-{j:07d}" for j in range(self._n)[i]]
        return f"doc-{range(self._n)[i]:07d}"


class StreamingGold(GoldSource):
    """Gold read lazily from a JSONL file in prediction order (one document in memory), with
    an index computed from the synthetic ids instead of a table of them, so that memory
    measurements show the scorer's own growth, not the benchmark's."""

    def __init__(self, gpath: Path, n: int):
        self._n = n
        self._handle = gpath.open(encoding="utf-8")
        self._state: dict[str, Any] = {}
        self.content_hash = "0" * 64
        self.label = str(gpath)

    def _pair(self, doc_id: str) -> tuple[dict[str, Any], str]:
        state = self._state
        if state.get("id") != doc_id:
            doc = json.loads(self._handle.readline())
            assert doc["doc_id"] == doc_id, "benchmark gold and predictions must be in the same order"
            text = doc.pop(TEXT_KEY) if TEXT_KEY in doc else filler(doc["zones"][0]["end"])
            state["id"], state["pair"] = doc_id, (doc, text)
        return state["pair"]

    def get(self, doc_id: str) -> GoldDoc:
        return prepare_gold(*self._pair(doc_id))

    def index_of(self, doc_id: str) -> int | None:
        i = int(doc_id[4:]) if doc_id.startswith("doc-") and doc_id[4:].isdigit() else -1
        return i if 0 <= i < self._n and doc_id == self.doc_id_at(i) else None

    def doc_id_at(self, index: int) -> str:
        return f"doc-{index:07d}"

    @property
    def doc_ids(self) -> list[str]:
        return [self.doc_id_at(i) for i in range(self._n)]

    def ordered_ids(self) -> Sequence[str]:
        return SyntheticIds(self._n)

    def __contains__(self, doc_id: str) -> bool:
        return self.index_of(doc_id) is not None

    def __len__(self) -> int:
        return self._n


def time_parse(paths: list[Path]) -> float:
    t0 = time.perf_counter()
    for path in paths:
        with path.open("rb") as fh:
            for line in fh:
                json.loads(line.decode("utf-8"))
    return time.perf_counter() - t0


def time_scorer(gpath: Path, ppath: Path, n: int, layers: tuple[str, ...] | None) -> float:
    t0 = time.perf_counter()
    score(ppath, StreamingGold(gpath, n), Options(layers=layers, per_document=False))
    return time.perf_counter() - t0


def time_floor(gpath: Path, ppath: Path, n: int) -> float:
    """What a pass does before any layer is scored, with the scorer's own functions: read,
    parse and shape-check each prediction line (:func:`read_lines`), read, parse and prepare
    its gold document, check offsets and texts against the gold text (:func:`check_document`).
    The part of a pass no scoring change can remove."""
    t0 = time.perf_counter()
    gold = StreamingGold(gpath, n)
    problems: list[Any] = []
    for rl in read_lines(ppath, problems):
        gdoc = gold.get(rl.obj["doc_id"])
        check_document(str(ppath), rl, gdoc.text, True, problems)
    assert not problems, problems[:3]
    return time.perf_counter() - t0


def mention_records(gpath: Path, ppath: Path) -> tuple[list[list[dict[str, Any]]], list[list[dict[str, Any]]]]:
    """Per document, the gold and predicted mention objects as parsed from the files."""
    gold, pred = [], []
    with gpath.open(encoding="utf-8") as g, ppath.open(encoding="utf-8") as p:
        for gl, pl in zip(g, p):
            gold.append(json.loads(gl)["mentions"])
            pred.append(json.loads(pl)["mentions"])
    return gold, pred


def nervaluate_inputs(gold: list[list[dict[str, Any]]], pred: list[list[dict[str, Any]]]) -> tuple[list[list[dict[str, Any]]], list[list[dict[str, Any]]]]:
    """nervaluate's own input format (inclusive end), built outside its timing."""
    def conv(docs: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
        return [[{"label": m["type"], "start": m["start"], "end": m["end"] - 1} for m in ms] for ms in docs]
    return conv(gold), conv(pred)


def time_nervaluate(true: list[list[dict[str, Any]]], pred: list[list[dict[str, Any]]]) -> tuple[float, dict[str, Any]]:
    from nervaluate import Evaluator

    t0 = time.perf_counter()
    results = Evaluator(true, pred, tags=list(TYPES)).evaluate()
    return time.perf_counter() - t0, results


def time_matching(gold: list[list[dict[str, Any]]], pred: list[list[dict[str, Any]]], batch: int) -> tuple[float, dict[str, list[int]]]:
    """The scorer's mention evaluation on the same parsed records nervaluate gets: the
    vectorised batch alignment the scorer runs (:func:`mention_outcomes_records`, ``batch``
    documents a call, as in ``mil2mil score``), per-type sums and the four schemes' counts. What it leaves out is what nervaluate leaves out too: reading, parsing,
    validating."""
    t0 = time.perf_counter()
    acc: dict[str, np.ndarray] = {}
    for i in range(0, len(gold), batch):
        types, counts = mention_outcomes_records(gold[i:i + batch], pred[i:i + batch], 0.0)
        for t, v in zip(types, counts.sum(axis=0)):
            acc[t] = acc[t] + v if t in acc else v
    total = sum(acc.values(), np.zeros(6, dtype=np.int64))
    schemes = {}
    for s in SCHEME_NAMES:
        c = [0] * 5
        for k, slot in zip(total.tolist(), SCHEME_SLOTS[s]):
            c[slot] += k
        schemes[s] = c
    return time.perf_counter() - t0, schemes


NO_CROSSDOC = ("mentions", "entities", "roles", "timexes", "meetings")


def memory_child(gpath: Path, ppath: Path, n: int, per_document: bool, layers: tuple[str, ...] | None) -> None:
    """Run in a fresh process: score, print the baseline and peak RSS in kB."""
    import numpy  # noqa: F401  (imported by the scorer anyway: keep it out of the growth)
    import scipy.optimize  # noqa: F401

    base = _hwm_kb()
    score(ppath, StreamingGold(gpath, n), Options(per_document=per_document, layers=layers))
    print(base, _hwm_kb())


def _hwm_kb() -> int:
    """Peak RSS of this process in kB: VmHWM (reset by exec, unlike ``ru_maxrss``, which
    a child inherits from the process that forked it)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux; fallback elsewhere


def peak_rss(gpath: Path, ppath: Path, n: int, per_document: bool, crossdoc: bool) -> tuple[float, float]:
    """(baseline, peak) resident set size in MB of a fresh process scoring the first ``n`` documents."""
    sub = ppath.with_name(f"pred-{n}.jsonl")
    if not sub.exists():
        with ppath.open("rb") as src, sub.open("wb") as dst:
            for _, line in zip(range(n), src):
                dst.write(line)
    out = subprocess.run([sys.executable, __file__, "--memory-child", str(gpath), str(sub), str(n), str(int(per_document)), str(int(crossdoc))],
                         capture_output=True, text=True, check=True)
    base, peak = map(int, out.stdout.split())
    return base / 1024, peak / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--workload", choices=("generated", "filler"), default="generated",
                    help="gold from mil2mil.generator (default) or random spans over filler text")
    ap.add_argument("--mentions-per-doc", type=int, default=20, help="filler workload only")
    ap.add_argument("--seed", type=int, default=20240915)
    ap.add_argument("--skip-nervaluate", action="store_true")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--memory-child", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.memory_child:
        g, p, n, per_doc, cross = args.memory_child
        memory_child(Path(g), Path(p), int(n), per_doc == "1", None if cross == "1" else NO_CROSSDOC)
        return 0
    with tempfile.TemporaryDirectory(prefix="mil2mil-bench-") as tmp:
        t0 = time.perf_counter()
        gpath, ppath, stats = generate(Path(tmp), args.docs, args.seed, args.mentions_per_doc, args.workload)
        gen = time.perf_counter() - t0
        size = (gpath.stat().st_size + ppath.stat().st_size) / 1e6
        print(f"workload ({args.workload}): {stats['documents']} documents, {stats['gold_mentions']} gold / {stats['pred_mentions']} "
              f"predicted mentions, {stats['meetings']} gold meetings, {size:.0f} MB JSONL (generated in {gen:.1f} s)")
        parse = time_parse([gpath, ppath])
        print(f"bare parsing (json.loads, gold + predictions):                     {parse:8.2f} s")
        floor = time_floor(gpath, ppath, args.docs)
        print(f"reading and checking the input only, no layer scored:              {floor:8.2f} s  = {floor / parse:.2f}x bare parsing")
        ours_all = time_scorer(gpath, ppath, args.docs, None)
        print(f"mil2mil score, all layers (read, parse, validate, score):          {ours_all:8.2f} s  = {ours_all / parse:.2f}x bare parsing")
        ours_m = time_scorer(gpath, ppath, args.docs, ("mentions",))
        print(f"mil2mil score, mentions layer only (read, parse, validate, score): {ours_m:8.2f} s  = {ours_m / parse:.2f}x bare parsing")
        if not args.skip_nervaluate:
            gold_m, pred_m = mention_records(gpath, ppath)
            true, pred = nervaluate_inputs(gold_m, pred_m)
            nerv, nres = time_nervaluate(true, pred)
            del true, pred
            mine, counts = time_matching(gold_m, pred_m, BATCH)
            del gold_m, pred_m
            print("mention layer, like for like (both from the same parsed records, neither reads, parses or validates):")
            print(f"  nervaluate 1.2.1 Evaluator(...).evaluate():                     {nerv:8.2f} s")
            print(f"  mil2mil mention alignment and counts (all four schemes):        {mine:8.2f} s  -> mil2mil {nerv / mine:.1f}x faster")
            print("  counts differ where nervaluate's greedy matching and mil2mil's optimal alignment disagree:")
            for s in ("strict", "exact"):
                r = nres["overall"][s]
                theirs = [r.correct, r.incorrect, r.partial, r.missed, r.spurious]
                print(f"  {s:6s} cor/inc/par/mis/spu  mil2mil {counts[s]}  nervaluate {theirs}")
            print(f"nervaluate's evaluation alone vs mil2mil score, mentions layer (3), which also reads, parses and "
                  f"validates: mil2mil {nerv / ours_m:.1f}x faster")
        if not args.skip_memory:
            small = max(1, args.docs // 10)
            print("peak RSS of a fresh process scoring the first tenth / all of the documents "
                  "(growth = extra peak per extra document):")
            for per_doc, cross in ((True, True), (False, True), (True, False), (False, False)):
                b0, p0 = peak_rss(gpath, ppath, small, per_doc, cross)
                b1, p1 = peak_rss(gpath, ppath, args.docs, per_doc, cross)
                grow0, grow1 = p0 - b0, p1 - b1
                per = (grow1 - grow0) * 1e6 / max(1, args.docs - small)
                label = ("all layers" if cross else "all but crossdoc") + (
                    ", per-document rows (json/csv)" if per_doc else ", no rows (CLI default)")
                print(f"  {label:48s} {small:>7} docs {p0:5.0f} MB, {args.docs:>7} docs {p1:5.0f} MB "
                      f"(start {b1:.0f} MB): {per:6.0f} bytes/document")
    return 0


if __name__ == "__main__":
    sys.exit(main())
