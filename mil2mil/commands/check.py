"""``mil2mil check PRED.jsonl``: validate a predictions file against the gold without scoring it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("check", help="validate a predictions file (schema, doc ids, offsets, references, values)",
                       description="Check PRED.jsonl against the gold as `mil2mil score` would before scoring, and "
                       "say what it holds and what looks wrong, without scoring. Exit status 2 if it cannot be scored.")
    p.add_argument("predictions", type=Path, metavar="PRED.jsonl", help="predictions, one JSON object per line (- reads standard input)")
    p.add_argument("--gold", type=Path, default=None, help="dataset folder, gold folder or one gold file (default: the bundled gold)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from mil2mil.scoring import GoldSource
    from mil2mil.scoring.check import check

    report = check(args.predictions, GoldSource.from_path(args.gold))
    sys.stdout.write(report.render())
    return 0
