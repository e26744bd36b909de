"""Throughput of both baselines, each as a ratio to the bare spaCy pipeline it builds on.

Measured in one run on the same texts (the Press TV article repeated ``--docs`` times):

1. bare blank pipeline: ``spacy.blank("en")`` + ``sentencizer`` through ``nlp.pipe``;
2. the rules baseline (the same tokenizer; the same sentences, computed from its lexeme masks
   instead of by the sentencizer; name finder, matchers and all post-processing),
   predictions built as Python objects;
3. the model's own ``nlp.pipe`` (all its components);
4. the spacy baseline on the same model.

Targets from the issue: rules >= 0.7x of (1), spacy >= 0.8x of (3). Usage::

    python benchmarks/bench_baselines.py                      # 2000 / 200 documents
    python benchmarks/bench_baselines.py --docs 300 --model-docs 40 --n-process 2
"""

from __future__ import annotations

import argparse
import sys
import time

import spacy

from mil2mil.baselines.api import Document, gold_documents


def rate(fn, n: int) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn()
    return n / (time.perf_counter() - t0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=2000, help="documents for the rules comparison")
    ap.add_argument("--model-docs", type=int, default=200, help="documents for the spacy comparison")
    ap.add_argument("--n-process", type=int, default=1)
    ap.add_argument("--model", default=None)
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs for each measurement")
    args = ap.parse_args(argv)

    base = next(d for d in gold_documents() if d.doc_id.startswith("presstv"))
    docs = [Document(f"doc-{i}", base.text, base.dct) for i in range(args.docs)]
    texts = [d.text for d in docs]
    nproc = args.n_process

    from mil2mil.baselines.rules import RulesExtractor
    from mil2mil.baselines.statistical import SpacyExtractor

    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    rules = RulesExtractor(n_process=nproc)

    def bare() -> None:
        for _ in blank.pipe(texts, batch_size=256, n_process=nproc):
            pass

    def run_rules() -> None:
        for _ in rules.pipe(docs):
            pass

    best = lambda fn, n: max(rate(fn, n) for _ in range(args.repeat))  # noqa: E731
    bare(); run_rules()  # warm up
    r_bare = best(bare, len(docs))
    r_rules = best(run_rules, len(docs))

    sx = SpacyExtractor(model=args.model, n_process=nproc)
    model = spacy.load(sx.nlp.meta["lang"] + "_" + sx.nlp.meta["name"])
    mdocs = docs[: args.model_docs]
    mtexts = texts[: args.model_docs]

    def bare_model() -> None:
        for _ in model.pipe(mtexts, batch_size=sx.batch_size, n_process=nproc):
            pass

    def run_spacy() -> None:
        for _ in sx.pipe(mdocs):
            pass

    bare_model(); run_spacy()
    r_model = best(bare_model, len(mdocs))
    r_spacy = best(run_spacy, len(mdocs))

    print(f"input: the Press TV article ({len(base.text)} characters) x {len(docs)} / x {len(mdocs)}; n_process={nproc}")
    print(f"blank tokenizer + sentencizer : {r_bare:8.1f} docs/s")
    print(f"rules baseline                : {r_rules:8.1f} docs/s   ratio {r_rules / r_bare:.2f} (target >= 0.70)")
    print(f"{sx.model} nlp.pipe : {r_model:8.1f} docs/s")
    print(f"spacy baseline                : {r_spacy:8.1f} docs/s   ratio {r_spacy / r_model:.2f} (target >= 0.80)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
