"""Throughput of both baselines, each as a ratio to the bare spaCy pipeline it builds on.

Measured in one run on the same texts (the Press TV article repeated ``--docs`` times), each
side at ``n_process=1`` and at ``n_process=N`` (``--n-process``, default 2):

1. bare blank pipeline: ``spacy.blank("en")`` + ``sentencizer`` through
   ``nlp.pipe(texts, n_process=...)``; its product is ``Doc`` objects (with ``N`` workers,
   spaCy serializes every ``Doc`` back to the parent);
2. the rules baseline through its own ``pipe`` (the same tokenizer; the same sentences,
   computed from its lexeme masks instead of by the sentencizer; name finder, matchers and
   all post-processing); with ``N`` workers each worker runs the whole extraction on chunks
   of documents and sends back only the prediction dicts (``baselines/workers.py``);
3. the model's own ``nlp.pipe`` (all its components), at ``n_process`` 1 and ``N``;
4. the spacy baseline on the same model, at ``n_process`` 1 and ``N``.

spaCy hands whole batches to its workers, so at ``n_process=N`` the bare pipelines get the
baseline's chunk size as ``batch_size`` (the same unit of work per worker; a 30-article input
in one 32-article batch would leave a worker idle); at ``n_process=1`` they keep the
baselines' batch sizes.

Two ratios per side: (a) both single-process; (b) each side at its own best setting (the
better of ``n_process`` 1 and ``N`` for the bare pipeline, the same for the baseline). (b) is
the figure to hold against the targets from the issue: rules >= 0.7x of (1), spacy >= 0.8x
of (3). Every figure is the best of ``--repeat`` runs, the runs of all settings interleaved.

Worker processes only pay off when the machine really runs them side by side, so each side
also reports a CPU check, interleaved with its runs: how many times the work of one process
``N`` processes get through a pure-Python loop in the same time (``N`` would be ``N`` free
cores; a shared virtual machine may give less, and less at some times than at others). Usage::

    python benchmarks/bench_baselines.py                      # 2000 / 200 documents
    python benchmarks/bench_baselines.py --docs 300 --model-docs 30
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import spacy

from mil2mil.baselines.api import Document, gold_documents
from mil2mil.baselines.workers import default_start_method, resolve_n_process

SPIN = 2_000_000
Key = tuple[str, int]  # (which pipeline, n_process)


def seconds(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def spin(n: int) -> int:
    """Pure-Python work for the CPU check."""
    s = 0
    for i in range(n):
        s += i
    return s


def best_times(runs: dict[Key, Callable[[], object]], repeat: int, n_process: int) -> tuple[dict[Key, float], float]:
    """Seconds of each run, best of ``repeat``, and the CPU check: how many times the
    pure-Python work of one process ``n_process`` processes do in the same time. The repeats
    of every run and of the check are interleaved, so that a slow spell of the machine does
    not fall on one setting only."""
    times: dict[Key, float] = {}
    one = many = float("inf")
    pool = None
    if n_process > 1:
        pool = ProcessPoolExecutor(n_process, mp_context=multiprocessing.get_context(default_start_method()))
        list(pool.map(spin, [1] * n_process))  # start the workers
    try:
        for _ in range(repeat):
            for key, fn in runs.items():
                times[key] = min(times.get(key, float("inf")), seconds(fn))
            if pool is not None:
                one = min(one, seconds(lambda: spin(SPIN)))
                many = min(many, seconds(lambda: list(pool.map(spin, [SPIN] * n_process))))
    finally:
        if pool is not None:
            pool.shutdown()
    return times, (n_process * one / many if pool is not None else 1.0)


WIDTH = 38  # label column


def report(bare_name: str, name: str, bare: dict[int, float], system: dict[int, float], target: float,
           check: float) -> list[str]:
    """Both rows and both ratios of one side, after the CPU check measured alongside them."""
    settings = sorted(bare)
    lines = []
    if len(settings) > 1:
        n = settings[-1]
        lines.append(f"CPU check during these runs: {n} processes did {check:.2f}x the pure-Python work of one "
                     f"in the same time ({n:.2f} = {n} free cores)")
    lines += [" " * WIDTH + "".join(f"{'n_process=' + str(n):>19}" for n in settings),
              f"{bare_name:<{WIDTH}}" + "".join(f"{bare[n]:12.1f} docs/s" for n in settings),
              f"{name:<{WIDTH}}" + "".join(f"{system[n]:12.1f} docs/s" for n in settings)]
    b_best = max(settings, key=lambda n: bare[n])
    s_best = max(settings, key=lambda n: system[n])
    lines.append(f"  ratio (a), both with n_process=1 : {system[1] / bare[1]:.2f}  (target >= {target:.2f})")
    lines.append(f"  ratio (b), each at its best      : {system[s_best] / bare[b_best]:.2f}  (target >= {target:.2f}; "
                 f"baseline at n_process={s_best}, bare pipeline at n_process={b_best})")
    return lines


def drain(make: Callable[[], Iterable[Any]]) -> Callable[[], None]:
    """A timed run: consume everything ``make()`` yields (a pipe is lazy)."""
    def run() -> None:
        for _ in make():
            pass
    return run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=2000, help="documents for the rules comparison")
    ap.add_argument("--model-docs", type=int, default=200, help="documents for the spacy comparison")
    ap.add_argument("--n-process", type=int, default=2, metavar="N", help="worker processes of the parallel setting (default: 2)")
    ap.add_argument("--model", default=None)
    ap.add_argument("--repeat", type=int, default=3, help="best of this many runs for each measurement")
    args = ap.parse_args(argv)
    nproc = resolve_n_process(args.n_process)
    settings = sorted({1, nproc})

    base = next(d for d in gold_documents() if d.doc_id.startswith("presstv"))
    docs = [Document(f"doc-{i}", base.text, base.dct) for i in range(args.docs)]
    texts = [d.text for d in docs]

    from mil2mil.baselines.rules import RulesExtractor
    from mil2mil.baselines.statistical import SpacyExtractor

    lines = [f"input: the Press TV article ({len(base.text)} characters) x {len(docs)} (rules side), "
             f"x {args.model_docs} (model side); every figure the best of {args.repeat} run(s)"]

    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    rules = {n: RulesExtractor(n_process=n) for n in settings}

    def bare_run(n: int) -> Callable[[], None]:
        batch = 256 if n == 1 else rules[n].chunk_size
        return drain(lambda: blank.pipe(texts, batch_size=batch, n_process=n))

    def rules_run(n: int) -> Callable[[], None]:
        return drain(lambda: rules[n].pipe(docs))

    runs = {("bare", n): bare_run(n) for n in settings} | {("rules", n): rules_run(n) for n in settings}
    for fn in runs.values():  # warm up
        fn()
    secs, check = best_times(runs, args.repeat, nproc)
    lines += report("blank tokenizer + sentencizer", "rules baseline", {n: len(docs) / secs[("bare", n)] for n in settings},
                    {n: len(docs) / secs[("rules", n)] for n in settings}, 0.7, check)

    sx = {1: SpacyExtractor(model=args.model)}
    for n in settings[1:]:
        sx[n] = SpacyExtractor(model=args.model, n_process=n, nlp=sx[1].nlp)
    model = spacy.load(sx[1].package) if sx[1].package else sx[1].nlp
    mdocs = docs[: args.model_docs]
    mtexts = texts[: args.model_docs]

    def model_run(n: int) -> Callable[[], None]:
        batch = sx[1].batch_size if n == 1 else sx[n].chunk_size
        return drain(lambda: model.pipe(mtexts, batch_size=batch, n_process=n))

    def spacy_run(n: int) -> Callable[[], None]:
        return drain(lambda: sx[n].pipe(mdocs))

    model_runs = {("bare", n): model_run(n) for n in settings} | {("spacy", n): spacy_run(n) for n in settings}
    model_runs[("bare", 1)]()  # warm up (one process is enough to load and touch every weight)
    model_runs[("spacy", 1)]()
    msecs, mcheck = best_times(model_runs, args.repeat, nproc)
    lines += report(f"{sx[1].model} nlp.pipe", "spacy baseline", {n: len(mdocs) / msecs[("bare", n)] for n in settings},
                    {n: len(mdocs) / msecs[("spacy", n)] for n in settings}, 0.8, mcheck)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
