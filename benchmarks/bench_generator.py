"""Throughput of the constructed-corpus generator (documents/s), against peers in the same run.

Times, in one process:

1. ``generate_split("train")``: scenario sampling and realization with every span recorded
   (the default 10,000 documents; the README states that this takes under a minute on a
   2-core machine);
2. the same documents serialized as ``mil2mil generate`` writes them (``json.dumps`` of the
   gold, UTF-8 text), without touching the disk;
3. peers measured on the same documents: ``json.loads`` of the serialized gold (the cheapest
   thing any reader of the data does) and the gold validator's schema and semantic checks (on
   a sample), so the ratio says how generation compares with reading and checking the data.

Usage::

    python benchmarks/bench_generator.py               # 10,000 train documents
    python benchmarks/bench_generator.py --docs 1000   # quick run
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time

from mil2mil.generator import generate_split
from mil2mil.validate import schema_problems, semantic_problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--split", default="train", choices=("train", "validation", "test"))
    ap.add_argument("--validate-sample", type=int, default=500, help="documents validated for the peer timing")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    docs = list(generate_split(args.split, docs=args.docs))
    gen = time.perf_counter() - t0
    words = sum(len(text.split()) for _, text in docs)
    print(f"generate_split({args.split!r}, docs={args.docs}): {gen:8.2f} s  = {args.docs / gen:8.0f} documents/s "
          f"({words / gen:,.0f} words/s; {words / len(docs):.0f} words per document)")

    t0 = time.perf_counter()
    serialized = [(json.dumps(g, indent=2, ensure_ascii=False) + "\n", t.encode("utf-8")) for g, t in docs]
    ser = time.perf_counter() - t0
    print(f"serializing as `mil2mil generate` writes (json.dumps + UTF-8): {ser:8.2f} s")
    total = gen + ser
    print(f"generation + serialization:                                  {total:8.2f} s  = {args.docs / total:8.0f} documents/s")

    t0 = time.perf_counter()
    for gold_json, _ in serialized:
        json.loads(gold_json)
    parse = time.perf_counter() - t0
    print(f"peer: json.loads of the same gold files:                      {parse:8.2f} s  -> generation is "
          f"{gen / parse:.1f}x the time of parsing what it produces")

    sample = docs[: args.validate_sample]
    t0 = time.perf_counter()
    for gold, text in sample:
        problems = list(schema_problems(gold)) or list(
            semantic_problems(gold, text, hashlib.sha256(text.encode("utf-8")).hexdigest()))
        assert not problems, problems[:3]
    check = (time.perf_counter() - t0) / max(1, len(sample))
    print(f"peer: mil2mil validate's checks, per document ({len(sample)} sampled):   {check * 1000:8.2f} ms  -> generating "
          f"a document takes {gen / args.docs / check:.2f}x the time of validating it")
    target = 60.0 * args.docs / 10_000
    print(f"target: 10,000 documents in under a minute ({target:.1f} s for {args.docs}): "
          f"{'met' if gen < target else 'NOT met'} ({gen:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
