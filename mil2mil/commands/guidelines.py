"""``mil2mil guidelines --leaks [--check]``: test-set gold strings quoted in the guidelines' examples."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mil2mil.errors import InputError, Problem


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "guidelines", help="check the annotation guidelines (test answers in their examples)",
        description="List every gold string of a test set (news, authored:test, constructed:test when the "
        "generator is installed) that appears inside a double-quoted example of docs/guidelines.md. "
        "--check exits 1 when there are more than the allowed number.")
    parser.add_argument("--leaks", action="store_true", required=True, help="list test-set gold strings found in examples")
    parser.add_argument("--check", action="store_true", help="exit 1 if the count is above the limit")
    parser.add_argument("--file", type=Path, default=None, help="guidelines file (default: docs/guidelines.md)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from mil2mil import leaks

    path = args.file or leaks.guidelines_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise InputError([Problem(str(path), "", f"cannot read the guidelines: {err.strerror}")]) from None
    found = leaks.find_leaks(text, leaks.test_sets())
    for leak in found:
        print(f"{leak.test_set}\t{leak.string!r}\tin \"{leak.example}\"")
    print(f"{len(found)} test-set gold strings in the examples of {path.name} (limit {leaks.LIMIT})")
    if args.check and len(found) > leaks.LIMIT:
        sys.stderr.write(f"error: {len(found)} test-set gold strings in the guidelines' examples; at most {leaks.LIMIT}\n")
        return 1
    return 0
