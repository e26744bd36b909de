"""``mil2mil check PRED.jsonl``: validate a predictions file against the gold without scoring it."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from mil2mil.gold_sets import add_gold_argument


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("check", help="validate a predictions file (schema, doc ids, offsets, references, values)",
                       description="Check PRED.jsonl against the gold as `mil2mil score` would before scoring, and "
                       "say what it holds and what looks wrong, without reporting scores. Exit status 2 exactly "
                       "when `mil2mil score` with the same --gold and --matching would refuse the file.")
    p.add_argument("predictions", type=Path, metavar="PRED.jsonl", help="predictions, one JSON object per line (- reads standard input)")
    add_gold_argument(p)
    p.add_argument("--matching", choices=("grounded", "ungrounded"), default=None,
                   help="how references are read, for files whose lines do not say it (top-level \"matching\")")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from mil2mil.gold_sets import resolve
    from mil2mil.scoring import Options, score
    from mil2mil.scoring.check import check

    gold = resolve(args.gold)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.predictions
        if str(path) == "-":  # read once, then checked and read by the scorer from a copy
            path = Path(tmp) / "stdin.jsonl"
            with open(path, "wb") as out:
                shutil.copyfileobj(sys.stdin.buffer, out)
        report = check(path, gold)
        if str(args.predictions) == "-":
            report.name = "<stdin>"
        # the scorer's own reading decides: the same matching rules, value checks and errors
        scored = score(path, gold, Options(matching=args.matching, bootstrap=0, allow_missing=True))  # missing lines: a finding
    report.grounded = any(lr.match == "grounded" for lr in scored.layers.values() if lr.scored) or (
        report.grounded if not any(lr.scored for lr in scored.layers.values()) else False)
    for w in scored.warnings:
        print(f"warning: {w}", file=sys.stderr)
    sys.stdout.write(report.render())
    return 0
