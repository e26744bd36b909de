"""``mil2mil convert --to ungrounded IN.jsonl -o OUT.jsonl``: grounded predictions as ungrounded ones."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mil2mil.gold_sets import add_gold_argument


def run_convert(args: argparse.Namespace) -> int:
    from mil2mil.gold_sets import resolve
    from mil2mil.scoring.convert import convert_file

    n = convert_file(args.predictions, args.output, resolve(args.gold))
    print(f"wrote {n} ungrounded line(s) to {args.output}", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("convert", help="turn grounded predictions into ungrounded ones (names from the predicted mentions)",
                       description="Turn a grounded predictions file into an ungrounded one: each predicted cluster is "
                                   "named by its mention strings, references become those names, timexes lose their "
                                   "offsets (docs/scoring.md, 'The ungrounded track').")
    p.add_argument("predictions", type=Path, metavar="IN.jsonl")
    p.add_argument("--to", choices=("ungrounded",), required=True, help="the matching kind to convert to")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.jsonl")
    add_gold_argument(p, "gold set giving the raw texts")
    p.set_defaults(func=run_convert)
