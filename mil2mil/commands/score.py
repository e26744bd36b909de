"""``mil2mil score`` and ``mil2mil compare``: thin wrappers around :mod:`mil2mil.scoring`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mil2mil.gold_sets import add_gold_argument, resolve
from mil2mil.scoring.choices import AVERAGES, FORMATS, LAYERS, SCHEME_NAMES, TIMEX_TIES


def print_text_report(predictions: Path, source: Any, bootstrap: int) -> None:
    """Score a predictions file just written (``predict --score``, ``llm --score``) and print the text report."""
    from mil2mil.scoring import Options, render, score

    sys.stdout.write(render(score(predictions, source, Options(bootstrap=bootstrap)), "text"))


def _common(p: argparse.ArgumentParser, output_format: bool = True) -> None:
    add_gold_argument(p)
    p.add_argument("--layer", action="append", choices=LAYERS, help="score only this layer (repeatable; default: all)")
    p.add_argument("--scheme", choices=SCHEME_NAMES, default="strict", help="mention scheme for the headline (default: strict)")
    p.add_argument("--overlap", type=float, default=0.0, help="minimum IoU in [0, 1] for an overlapping span match (default: 0, any overlap)")
    p.add_argument("--timex-ties", choices=TIMEX_TIES, default="te3",
                   help="how a date expression overlapping several on the other side is paired: te3, the "
                   "TempEval-3 toolkit's rule (first overlapping in text order; default), or optimal (same type first)")
    p.add_argument("--average", choices=AVERAGES, default="micro", help="headline averaging (default: micro)")
    if output_format:
        p.add_argument("--format", choices=FORMATS, default="text", dest="fmt",
                       help="text (readable tables, the default), json (every number, for machines), markdown "
                       "(tables for a paper) or csv (one row per number, as in the JSON)")
    p.add_argument("--seed", type=int, default=12345, help="bootstrap seed, a non-negative integer (default: 12345)")
    p.add_argument("--allow-missing", action="store_true", help="score documents absent from the predictions as empty (with a warning)")
    p.add_argument("--matching", choices=("grounded", "ungrounded"), default=None,
                   help="how references are read, for files whose lines do not say it (top-level \"matching\")")
    p.add_argument("--lenient", action="store_true",
                   help="score invalid TIMEX3 values and values outside a closed vocabulary as wrong (and count them) instead of rejecting the file")


def _options(args: argparse.Namespace, bootstrap: int) -> Any:
    from mil2mil.scoring import Options

    return Options(scheme=args.scheme, overlap=args.overlap, average=args.average, bootstrap=bootstrap,
                   seed=args.seed, allow_missing=args.allow_missing, timex_ties=args.timex_ties,
                   layers=tuple(args.layer) if args.layer else None, matching=args.matching, lenient=args.lenient)


def run_score(args: argparse.Namespace) -> int:
    from mil2mil.scoring import GoldSource, render, score
    from mil2mil.scoring.api import check_options

    opts = _options(args, args.bootstrap)
    if args.explain or args.doc:
        return _run_explain(args, opts)
    # per-document rows only when the output lists them (JSON and CSV always do; text and
    # markdown with --per-doc) — the bootstrap keeps them anyway — so that by default
    # memory does not grow with the number of documents
    opts.per_document = args.fmt in ("json", "csv") or args.per_doc
    opts.by_phenomenon = args.by_phenomenon
    check_options(opts)  # before reading any file
    gold = resolve(args.gold)
    report = score(args.predictions, gold, opts)
    for w in report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    sys.stdout.write(render(report, args.fmt, per_doc=args.per_doc))
    return 0


def _run_explain(args: argparse.Namespace, opts: Options) -> int:
    """``--explain``: every aligned pair, missed gold item and spurious prediction."""
    from mil2mil.errors import InputError, Problem
    from mil2mil.scoring import GoldSource
    from mil2mil.scoring.api import check_options

    if not args.explain:
        raise InputError([Problem("<options>", "--doc", "--doc selects the documents of --explain; add --explain")])
    if args.fmt not in ("text", "json"):
        raise InputError([Problem("<options>", "--format", f"--explain is written as text or json, not {args.fmt}")])
    check_options(opts)  # before reading any file
    import json

    from mil2mil.scoring.explain import Explainer, check_doc_ids

    gold = resolve(args.gold)
    check_doc_ids(gold, args.doc or ())  # before scoring
    explainer = Explainer(args.predictions, gold, opts)
    for w in explainer.report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    expl = explainer.explanation(args.doc or None)
    if args.fmt == "json":
        sys.stdout.write(json.dumps(expl.to_json_obj(), indent=2, ensure_ascii=False) + "\n")
    else:
        from mil2mil.report.text import render_explanation

        sys.stdout.write(render_explanation(expl))
    return 0


def run_compare(args: argparse.Namespace) -> int:
    from mil2mil.scoring import GoldSource, compare, render_comparison
    from mil2mil.scoring.api import check_options

    opts = _options(args, args.bootstrap)
    check_options(opts, min_bootstrap=1)  # before reading any file
    gold = resolve(args.gold)
    result = compare(args.a, args.b, gold, opts)
    for which, rep in (("A", result.a), ("B", result.b)):
        for w in rep.warnings:
            print(f"warning: {which}: {w}", file=sys.stderr)
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    sys.stdout.write(render_comparison(result, args.fmt))
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("score", help="score a predictions file against the gold",
                       description="Score PRED.jsonl against the gold. Report the signature printed with each number.")
    p.add_argument("predictions", type=Path, metavar="PRED.jsonl", help="predictions, one JSON object per line (- reads standard input)")
    _common(p)
    p.add_argument("--bootstrap", type=int, default=0, metavar="N", help="document-level bootstrap resamples for 95%% CIs (default: 0)")
    p.add_argument("--per-doc", action="store_true", help="also list per-document rows in text and markdown output")
    p.add_argument("--explain", action="store_true",
                   help="list, per document and layer, every aligned pair with its outcome, every missed gold item "
                        "and every spurious prediction (text or --format json)")
    p.add_argument("--doc", action="append", metavar="DOC_ID", help="with --explain: only this document (repeatable)")
    p.add_argument("--by-phenomenon", action="store_true",
                   help="add a per-tag breakdown (gold items carrying each phenomenon tag; documents carrying it) "
                        "to every format; see docs/scoring.md")
    p.set_defaults(func=run_score)

    c = sub.add_parser("compare", help="paired bootstrap test of two predictions files",
                       description="Test whether B scores differently from A on the same documents (paired bootstrap).")
    c.add_argument("a", type=Path, metavar="A.jsonl")
    c.add_argument("b", type=Path, metavar="B.jsonl")
    _common(c)
    c.add_argument("--bootstrap", type=int, default=1000, metavar="N", help="paired bootstrap resamples, at least 1 (default: 1000)")
    c.set_defaults(func=run_compare, per_doc=False)
