"""``mil2mil constructed [--write|--check]``: statistics and held-out report of the constructed splits."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

BLOCK = "constructed"


def default_targets() -> list[Path]:
    from mil2mil.gold import dataset_dir

    return [dataset_dir().parent / "DATASHEET.md", dataset_dir() / "README.md"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "constructed",
        help="statistics, phenomenon counts and held-out report of the constructed splits",
        description="Regenerate the released constructed splits and a 10,000-document train sample; print per-split "
        "statistics, tag counts, templates and name pools per split, distinct n-grams and the share of test "
        "sentences (8+ words) found verbatim in the train sample. --write updates the "
        "'<!-- constructed:start/end -->' blocks; --check exits 1 when a committed block differs.")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="update the blocks in the target files")
    mode.add_argument("--check", action="store_true", help="fail (exit 1) if a committed block differs")
    parser.add_argument("targets", nargs="*", type=Path, help="Markdown files holding a constructed block")
    parser.set_defaults(func=run)


def lock_path() -> Path:
    """Digests of the released constructed splits per generator version (written by --write)."""
    from mil2mil.gold import dataset_dir

    return dataset_dir() / "constructed-versions.json"


def run(args: argparse.Namespace) -> int:
    import json

    from mil2mil.blocks import update_blocks
    from mil2mil.generator import GENERATOR_VERSION, generate_split
    from mil2mil.generator.report import render, split_digest, version_lock_problems

    train = list(generate_split("train"))
    splits = {split: list(generate_split(split)) for split in ("validation", "test")}
    table = render(train, splits)
    if not (args.write or args.check):
        sys.stdout.write(table)
        return 0
    digests = {split: split_digest(pairs) for split, pairs in splits.items()}
    path = lock_path()
    lock = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    problems = version_lock_problems(lock, GENERATOR_VERSION, digests)
    if args.write and problems and GENERATOR_VERSION not in lock:
        lock[GENERATOR_VERSION] = digests
        aside = path.with_name(path.name + ".tmp")  # written aside, then moved into place
        aside.write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        aside.replace(path)
        problems = []
    if problems:
        sys.stderr.write("".join(f"{path.name}: {p}\n" for p in problems))
        return 1
    diffs = update_blocks(args.targets or default_targets(), BLOCK, table, check=args.check)
    if diffs:
        sys.stderr.write("constructed-corpus statistics differ from the generator; run `mil2mil constructed --write`:\n"
                         + "".join(diffs))
        return 1
    return 0
