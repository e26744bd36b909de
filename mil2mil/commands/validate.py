"""``mil2mil validate [PATH ...]``: schema and semantic checks of gold files."""

from __future__ import annotations

import argparse
from pathlib import Path

from mil2mil.gold import dataset_dir


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "validate",
        help="check gold files against the JSON Schema and the annotation rules",
        description="Validate gold documents (default: the bundled gold). Problems are printed as "
        "file:line: /json/pointer: what was expected; exit status 2 if any.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="gold JSON files or folders (a dataset folder or its gold/ folder)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from mil2mil.validate import validate_paths

    paths = args.paths or [dataset_dir()]
    documents = validate_paths(paths)
    mentions = sum(len(v.doc["mentions"]) for v in documents)
    meetings = sum(len(v.doc["meetings"]) for v in documents)
    print(f"ok: {len(documents)} gold documents valid ({mentions} mentions, {meetings} meetings)")
    return 0
