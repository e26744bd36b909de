"""``mil2mil export``: regenerate the Hugging Face files from the gold, or check them (``--check``).

The derived files are committed so that ``datasets.load_dataset`` works from a checkout with
no build step; ``--check`` is what keeps them honest in CI. Exit status: 0 up to date (or
written), 1 the committed files drift from the gold, 2 the gold cannot be exported.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mil2mil.errors import InputError, Problem
from mil2mil.gold import dataset_dir

EXIT_OK = 0
EXIT_DRIFT = 1


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "export",
        help="write the Parquet files and dataset card used by `datasets.load_dataset`",
        description=(
            "Regenerate the derived files of a dataset folder from its stand-off gold: the Parquet "
            "files under data/, croissant.json and the YAML header of README.md. The gold is only read. With --check, "
            "write nothing and exit 1 if the committed files differ in content from the gold."
        ),
    )
    parser.add_argument(
        "--dataset",
        type=Path,
        default=None,
        help="dataset folder holding gold/, raw/ and README.md (default: the bundled dataset)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="compare the committed files with the gold by content; exit 1 on drift",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from mil2mil.export import check, export  # datasets and pyarrow: only when this command runs

    dataset: Path = args.dataset if args.dataset is not None else dataset_dir()
    if not dataset.is_dir():
        raise InputError([Problem(str(dataset), "", "not a dataset folder")])
    if args.check:
        drifts = check(dataset)
        if drifts:
            for drift in drifts:
                print(f"drift: {drift}", file=sys.stderr)
            print(
                f"{len(drifts)} derived file(s) in {dataset} differ from the gold; "
                "run `mil2mil export` and commit the result",
                file=sys.stderr,
            )
            return EXIT_DRIFT
        print(f"derived files in {dataset} match the gold")
        return EXIT_OK
    result = export(dataset)
    for name in result.written:
        print(f"wrote {dataset / name}")
    for name in result.unchanged:
        print(f"unchanged {dataset / name}")
    print(", ".join(f"{config}: {rows} rows" for config, rows in result.rows.items()))
    return EXIT_OK
