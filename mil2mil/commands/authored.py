"""``mil2mil authored build [--check]``: compile the authored sources into raw text and gold."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mil2mil.gold import dataset_dir


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "authored", help="compile the authored test set from its inline-markup sources",
        description="The authored documents are written in inline markup (docs/authoring.md). `build` compiles "
        "SRC/*.m2m into OUT/raw/*.txt and OUT/gold/*.json and checks every rule of `mil2mil validate`; "
        "problems are printed as file:line: message, exit status 2. --check writes nothing and exits 1 "
        "if the derived files differ from the sources.")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    build = actions.add_parser("build", help="compile sources to raw text and gold (or --check for drift)")
    build.add_argument("--src", type=Path, default=None, help="folder (or one file) of .m2m sources "
                       "(default: the bundled dataset/authored/src)")
    build.add_argument("--out", type=Path, default=None, help="folder that receives raw/ and gold/ "
                       "(default: the folder above --src's, i.e. dataset/authored)")
    build.add_argument("--check", action="store_true", help="write nothing; exit 1 if the derived files drift")
    build.set_defaults(func=run_build)


def run_build(args: argparse.Namespace) -> int:
    from mil2mil import authored

    src = args.src or dataset_dir() / "authored" / "src"
    out = args.out or (src.parent if src.is_dir() else src.parent.parent)
    compiled = authored.build(src)
    files = authored.expected_files(compiled)
    if args.check:
        problems = authored.drift(out, files) if (args.src is None or src.is_dir()) else [
            p for p in authored.drift(out, files) if "has no source" not in p]
        for p in problems:
            sys.stderr.write(f"error: {p}\n")
        if problems:
            return 1
        print(f"ok: {len(compiled)} authored documents match their sources")
        return 0
    changed = authored.write(out, files)
    mentions = sum(len(c.gold["mentions"]) for c in compiled)
    meetings = sum(len(c.gold["meetings"]) for c in compiled)
    print(f"ok: {len(compiled)} authored documents compiled into {out} ({mentions} mentions, {meetings} meetings; "
          f"{len(changed)} files written)")
    return 0
