"""``mil2mil generate``: write a constructed split (raw texts and gold) into a folder.

The folder gets the layout of ``dataset/`` (``raw/<doc_id>.txt``, ``gold/<doc_id>.json``), so
``mil2mil validate DIR/gold/*.json`` and every other command read it like the bundled data.
Without ``--docs``/``--seed`` the released split is written byte for byte. The files are
written into a temporary folder beside ``DIR`` and moved into place at the end: an
interrupted run leaves nothing half-written.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

EXIT_BAD_INPUT = 2


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1 document, got {value}")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer seed, got {text!r}") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"expected a seed from 0 to 2**63-1, got {value}")
    return value


def _one_line_error(prog: str):  # noqa: ANN202 - bound as the parser's error method
    def error(message: str) -> NoReturn:
        print(f"{prog}: error: {message}", file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)
    return error


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from mil2mil.generator.build import DEFAULTS  # light: no heavy imports

    parser = subparsers.add_parser(
        "generate",
        help="write a constructed split (fictional reports with exact gold) into a folder",
        description=(
            "Generate constructed documents: fictional wire reports with gold that is exact by construction. "
            "Without --docs/--seed, the released split ("
            + ", ".join(f"{k}: {n} documents, seed {s}" for k, (n, s) in DEFAULTS.items())
            + "). Writes DIR/raw/<doc_id>.txt and DIR/gold/<doc_id>.json."
        ),
    )
    parser.error = _one_line_error("mil2mil generate")  # type: ignore[method-assign]
    parser.add_argument("--split", required=True, choices=sorted(DEFAULTS), help="which split's families and defaults")
    parser.add_argument("--docs", type=_count, default=None, help="number of documents (default: the released size)")
    parser.add_argument("--seed", type=_seed, default=None, help="random seed (default: the released seed)")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="output folder")
    parser.add_argument("--force", action="store_true", help="replace DIR if it exists and is not empty")
    parser.set_defaults(func=run)


def gold_json(doc: dict) -> str:  # type: ignore[type-arg]
    """A gold file's text: the layout of the bundled gold (2-space indent, UTF-8, final newline)."""
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def write_split(docs, out: Path) -> int:  # type: ignore[no-untyped-def]
    """Write ``(gold, text)`` pairs into ``out``/raw and ``out``/gold; return the number written."""
    (out / "raw").mkdir(parents=True)
    (out / "gold").mkdir()
    n = 0
    for gold, text in docs:
        (out / "raw" / f"{gold['doc_id']}.txt").write_bytes(text.encode("utf-8"))
        (out / "gold" / f"{gold['doc_id']}.json").write_text(gold_json(gold), encoding="utf-8")
        n += 1
    return n


def run(args: argparse.Namespace) -> int:
    from mil2mil.generator import generate_split

    out: Path = args.output
    if out.exists() and not out.is_dir():
        print(f"mil2mil generate: error: {out} exists and is not a folder", file=sys.stderr)
        return EXIT_BAD_INPUT
    if out.is_dir() and any(out.iterdir()) and not args.force:
        print(f"mil2mil generate: error: {out} is not empty; use --force to replace it", file=sys.stderr)
        return EXIT_BAD_INPUT
    parent = out.resolve().parent
    if not parent.is_dir():
        print(f"mil2mil generate: error: the parent folder {parent} does not exist", file=sys.stderr)
        return EXIT_BAD_INPUT
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    try:
        n = write_split(generate_split(args.split, args.docs, args.seed), tmp / "data")
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=parent))
            os.replace(out, old / "dir")
            os.replace(tmp / "data", out)
            shutil.rmtree(old)
        else:
            os.replace(tmp / "data", out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"wrote {n} {args.split} documents to {out} (raw/, gold/)")
    return 0
