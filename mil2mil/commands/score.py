"""``mil2mil score`` and ``mil2mil compare``: thin wrappers around :mod:`mil2mil.scoring`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mil2mil.gold_sets import resolve
from mil2mil.scoring import FORMATS, LAYERS, Options, compare, render, render_comparison, score
from mil2mil.scoring.api import check_options
from mil2mil.scoring.mentions import SCHEME_NAMES


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--gold", default=None, metavar="SET",
                   help="gold set: news (the default, the bundled articles), constructed:validation, constructed:test, "
                        "authored:test, or a dataset folder, gold folder or one gold file")
    p.add_argument("--layer", action="append", choices=LAYERS, help="score only this layer (repeatable; default: all)")
    p.add_argument("--scheme", choices=SCHEME_NAMES, default="strict", help="mention scheme for the headline (default: strict)")
    p.add_argument("--overlap", type=float, default=0.0, help="minimum IoU in [0, 1] for an overlapping span match (default: 0, any overlap)")
    p.add_argument("--average", choices=("micro", "macro"), default="micro", help="headline averaging (default: micro)")
    p.add_argument("--format", choices=FORMATS, default="text", dest="fmt")
    p.add_argument("--seed", type=int, default=12345, help="bootstrap seed, a non-negative integer (default: 12345)")
    p.add_argument("--allow-missing", action="store_true", help="score documents absent from the predictions as empty (with a warning)")


def _options(args: argparse.Namespace, bootstrap: int) -> Options:
    return Options(scheme=args.scheme, overlap=args.overlap, average=args.average, bootstrap=bootstrap,
                   seed=args.seed, allow_missing=args.allow_missing, layers=tuple(args.layer) if args.layer else None)


def run_score(args: argparse.Namespace) -> int:
    opts = _options(args, args.bootstrap)
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


def run_compare(args: argparse.Namespace) -> int:
    opts = _options(args, args.bootstrap)
    check_options(opts, min_bootstrap=1)  # before reading any file
    gold = resolve(args.gold)
    result = compare(args.a, args.b, gold, opts)
    sys.stdout.write(render_comparison(result, args.fmt))
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("score", help="score a predictions file against the gold",
                       description="Score PRED.jsonl against the gold. Report the signature printed with each number.")
    p.add_argument("predictions", type=Path, metavar="PRED.jsonl")
    _common(p)
    p.add_argument("--bootstrap", type=int, default=0, metavar="N", help="document-level bootstrap resamples for 95%% CIs (default: 0)")
    p.add_argument("--per-doc", action="store_true", help="also list per-document rows in text and markdown output")
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
