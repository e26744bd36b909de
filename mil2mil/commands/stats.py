"""``mil2mil stats [--check]``: corpus statistics into DATASHEET.md and the dataset card, and the
size of each test set into the release metadata (CITATION.cff, the README's BibTeX)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mil2mil.blocks import update_blocks
from mil2mil.gold import dataset_dir
from mil2mil.stats import render_markdown
from mil2mil.validate import validate_paths

BLOCK = "stats"


def default_targets() -> list[Path]:
    """DATASHEET.md at the checkout's root and the dataset card."""
    root = dataset_dir().parent
    return [root / "DATASHEET.md", dataset_dir() / "README.md"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("stats", help="corpus statistics (Markdown), written into DATASHEET.md and the dataset card",
                            description="Compute statistics from the validated gold. Without options, print them; "
                            "with --write, update the '<!-- stats:start/end -->' blocks; with --check, exit 1 if "
                            "a committed block differs.")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="update the blocks in the target files")
    mode.add_argument("--check", action="store_true", help="fail (exit 1) if a committed block differs")
    parser.add_argument("--gold", type=Path, default=None, help="gold folder (default: the bundled gold)")
    parser.add_argument("targets", nargs="*", type=Path, help="Markdown files holding a stats block")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    docs = [v.doc for v in validate_paths([args.gold or dataset_dir()])]
    table = render_markdown(docs)
    if not (args.write or args.check):
        sys.stdout.write(table)
        return 0
    diffs = update_blocks(args.targets or default_targets(), BLOCK, table, check=args.check)
    if not args.targets and args.gold is None:  # the release files cite the bundled test sets
        from mil2mil import release

        diffs += release.update(dataset_dir().parent, check=args.check)
    if diffs:
        sys.stderr.write("statistics differ from the gold; run `mil2mil stats --write`:\n" + "".join(diffs))
        return 1
    return 0
