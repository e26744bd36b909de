"""The ``mil2mil`` command: one entry point, one module per subcommand.

Each module in :data:`COMMANDS` exposes ``register(subparsers)``; the parser it adds carries a
``func(args) -> int`` default. Library modules never import this one; this module is the
only place where typed input errors become a message on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from mil2mil import __version__
from mil2mil.errors import InputError

COMMANDS: tuple[str, ...] = (
    "mil2mil.commands.validate",
    "mil2mil.commands.export",
    "mil2mil.commands.stats",
    "mil2mil.commands.score",
    "mil2mil.commands.predict",
    "mil2mil.commands.results",
    "mil2mil.commands.agreement",
    "mil2mil.commands.generate",
)

EXIT_OK = 0
EXIT_FAILED_CHECK = 1
EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mil2mil",
        description="Mil2Mil benchmark: validate gold, export the dataset, score extractors.",
    )
    parser.add_argument("--version", action="version", version=f"mil2mil {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except InputError as err:
        for problem in err.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # e.g. `mil2mil score ... | head`
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
