"""``mil2mil report``: a self-contained HTML error-analysis report of a predictions file."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def run_report(args: argparse.Namespace) -> int:
    from mil2mil.errors import InputError, Problem
    from mil2mil.report.html import render_report
    from mil2mil.scoring import GoldSource
    from mil2mil.scoring.api import check_options
    from mil2mil.scoring.explain import Explainer

    from .score import _options

    opts = _options(args, args.bootstrap)
    check_options(opts)  # before reading any file
    if args.max_docs < 1:
        raise InputError([Problem("<options>", "--max-docs", f"must be a positive integer, got {args.max_docs}")])
    gold = GoldSource.from_path(args.gold)
    explainer = Explainer(args.predictions, gold, opts)
    for w in explainer.report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    page = render_report(explainer, args.max_docs)
    out = Path(args.output)
    # written aside, then moved into place: never a half-written report
    fd, tmp = tempfile.mkstemp(dir=out.parent if str(out.parent) else ".", prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(page)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # the mode of any new file (mkstemp's is private)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    print(f"wrote {out}", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from .score import _common

    p = sub.add_parser("report", help="write an HTML error-analysis report of a predictions file",
                       description="Score PRED.jsonl and write one self-contained HTML file: the summary with "
                                   "confidence intervals, each document's text with gold and predicted spans "
                                   "highlighted by outcome, meeting records side by side, per-phenomenon tables.")
    p.add_argument("predictions", type=Path, metavar="PRED.jsonl")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="REPORT.html")
    _common(p, output_format=False)
    p.add_argument("--bootstrap", type=int, default=1000, metavar="N",
                   help="document-level bootstrap resamples for the 95%% CIs of the summary (default: 1000; 0: none)")
    p.add_argument("--max-docs", type=int, default=50, metavar="N",
                   help="render at most N documents in full, the lowest-scoring first (default: 50)")
    p.set_defaults(func=run_report, fmt="text")
