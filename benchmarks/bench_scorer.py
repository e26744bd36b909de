"""Throughput benchmark of the Mil2Mil scorer against nervaluate and against bare parsing.

Generates a deterministic synthetic workload (gold and predictions, JSONL) from a seed,
then times, in one run:

1. bare parsing: ``json.loads`` of every gold and prediction line (the floor);
2. the scorer: reading, validating and scoring every layer, streaming document by document;
3. the scorer restricted to the mention layer;
4. nervaluate on the same mention layer (its input built from already-parsed data, so it is
   timed on evaluation alone);

and prints the ratios, plus the peak resident memory of the scorer pass. Usage::

    python benchmarks/bench_scorer.py                 # 100k documents (~2M mentions)
    python benchmarks/bench_scorer.py --docs 2000     # quick smoke run
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mil2mil.scoring import GoldSource, Options, score

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


def generate(folder: Path, n_docs: int, seed: int, mentions_per_doc: int) -> tuple[Path, Path, dict[str, int]]:
    rng = random.Random(seed)
    gpath, ppath = folder / "gold.jsonl", folder / "pred.jsonl"
    stats = {"documents": n_docs, "gold_mentions": 0, "pred_mentions": 0, "meetings": 0}
    with gpath.open("w", encoding="utf-8") as g, ppath.open("w", encoding="utf-8") as p:
        for i in range(n_docs):
            gd, pd = make_pair(i, rng, mentions_per_doc)
            stats["gold_mentions"] += len(gd["mentions"])
            stats["pred_mentions"] += len(pd["mentions"])
            stats["meetings"] += len(gd["meetings"])
            g.write(json.dumps(gd) + "\n")
            p.write(json.dumps(pd) + "\n")
    return gpath, ppath, stats


def streaming_gold(gpath: Path, doc_ids: list[str]) -> GoldSource:
    """Gold read lazily from a JSONL file in prediction order (one document in memory)."""
    handle = gpath.open(encoding="utf-8")
    state: dict[str, Any] = {}

    def load(doc_id: str) -> tuple[dict[str, Any], str]:
        if state.get("id") != doc_id:
            doc = json.loads(handle.readline())
            assert doc["doc_id"] == doc_id, "benchmark gold and predictions must be in the same order"
            state["id"], state["pair"] = doc_id, (doc, filler(doc["zones"][0]["end"]))
        return state["pair"]

    return GoldSource.from_loader(doc_ids, load, "0" * 64, str(gpath))


def doc_ids_of(n: int) -> list[str]:
    return [f"doc-{i:07d}" for i in range(n)]


def time_parse(paths: list[Path]) -> float:
    t0 = time.perf_counter()
    for path in paths:
        with path.open("rb") as fh:
            for line in fh:
                json.loads(line.decode("utf-8"))
    return time.perf_counter() - t0


def time_scorer(gpath: Path, ppath: Path, n: int, layers: tuple[str, ...] | None) -> float:
    t0 = time.perf_counter()
    score(ppath, streaming_gold(gpath, doc_ids_of(n)), Options(layers=layers))
    return time.perf_counter() - t0


def nervaluate_inputs(gpath: Path, ppath: Path) -> tuple[list[list[dict[str, Any]]], list[list[dict[str, Any]]]]:
    true, pred = [], []
    with gpath.open(encoding="utf-8") as g, ppath.open(encoding="utf-8") as p:
        for gl, pl in zip(g, p):
            true.append([{"label": m["type"], "start": m["start"], "end": m["end"] - 1} for m in json.loads(gl)["mentions"]])
            pred.append([{"label": m["type"], "start": m["start"], "end": m["end"] - 1} for m in json.loads(pl)["mentions"]])
    return true, pred


def time_nervaluate(true: list[list[dict[str, Any]]], pred: list[list[dict[str, Any]]]) -> float:
    from nervaluate import Evaluator

    t0 = time.perf_counter()
    Evaluator(true, pred, tags=list(TYPES)).evaluate()
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--mentions-per-doc", type=int, default=20)
    ap.add_argument("--seed", type=int, default=20240915)
    ap.add_argument("--skip-nervaluate", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mil2mil-bench-") as tmp:
        t0 = time.perf_counter()
        gpath, ppath, stats = generate(Path(tmp), args.docs, args.seed, args.mentions_per_doc)
        gen = time.perf_counter() - t0
        size = (gpath.stat().st_size + ppath.stat().st_size) / 1e6
        print(f"workload: {stats['documents']} documents, {stats['gold_mentions']} gold / {stats['pred_mentions']} "
              f"predicted mentions, {stats['meetings']} gold meetings, {size:.0f} MB JSONL (generated in {gen:.1f} s)")
        parse = time_parse([gpath, ppath])
        print(f"bare parsing (json.loads, gold + predictions):  {parse:8.2f} s")
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        ours_all = time_scorer(gpath, ppath, args.docs, None)
        rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"mil2mil score, all layers (parse+validate+score): {ours_all:8.2f} s  = {ours_all / parse:.2f}x bare parsing")
        ours_m = time_scorer(gpath, ppath, args.docs, ("mentions",))
        print(f"mil2mil score, mentions layer only:            {ours_m:8.2f} s  = {ours_m / parse:.2f}x bare parsing")
        print(f"peak RSS during scoring: {max(rss0, rss1) / 1024:.0f} MB (before: {rss0 / 1024:.0f} MB)")
        if not args.skip_nervaluate:
            true, pred = nervaluate_inputs(gpath, ppath)
            nerv = time_nervaluate(true, pred)
            print(f"nervaluate 1.2.1, mentions only (evaluate only): {nerv:8.2f} s")
            print(f"speed-up of mil2mil (mentions, incl. parsing) over nervaluate: {nerv / ours_m:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
