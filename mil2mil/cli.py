"""The ``mil2mil`` command: one entry point, one module per subcommand.

Each module in :data:`COMMANDS` exposes ``register(subparsers)``; the parser it adds carries a
``func(args) -> int`` default. Library modules never import this one; this module is the
only place where typed input errors become a message on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from mil2mil import __version__
from mil2mil.errors import InputError

COMMANDS: tuple[str, ...] = (
    "mil2mil.commands.validate",
    "mil2mil.commands.export",
    "mil2mil.commands.stats",
    "mil2mil.commands.score",
    "mil2mil.commands.report",
    "mil2mil.commands.check",
    "mil2mil.commands.convert",
    "mil2mil.commands.predict",
    "mil2mil.commands.llm",
    "mil2mil.commands.results",
    "mil2mil.commands.agreement",
    "mil2mil.commands.generate",
    "mil2mil.commands.constructed",
    "mil2mil.commands.authored",
    "mil2mil.commands.guidelines",
)

#: The extra (``pip install 'mil2mil[NAME]'``) each command needs beyond the core install.
EXTRA_OF_COMMAND: dict[str, str] = {
    "predict": "baselines", "results": "baselines", "export": "hf", "stats": "hf", "agreement": "agreement",
}

#: Libraries of the extras (their import names).
EXTRA_LIBRARIES = frozenset({"spacy", "tqdm", "datasets", "pyarrow", "pandas", "yaml", "sklearn"})

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
        try:
            for problem in err.problems:
                print(f"error: {problem}", file=sys.stderr)
            sys.stderr.flush()
        except BrokenPipeError:  # e.g. `mil2mil score bad.jsonl 2>&1 | head`: still bad input
            _silence(sys.stderr)
        return EXIT_BAD_INPUT
    except ModuleNotFoundError as err:
        missing = (err.name or "").split(".")[0]
        if missing not in EXTRA_LIBRARIES:
            raise
        extra = EXTRA_OF_COMMAND.get(args.command, "all")
        print(f"error: `mil2mil {args.command}` needs {missing}, which the core install leaves out; "
              f"install it with: pip install 'mil2mil[{extra}]'", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # e.g. `mil2mil score ... | head`: the reader has what it wanted
        _silence(sys.stdout)
        return EXIT_OK


def _silence(stream: object) -> None:
    """Point a stream whose reader has gone at the null device, so that flushing it again at
    exit neither fails nor prints a warning."""
    try:
        fd = stream.fileno()  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)


if __name__ == "__main__":
    sys.exit(main())
