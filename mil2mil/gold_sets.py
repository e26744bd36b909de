"""Named gold sets: ``--gold news`` (default), ``--gold authored:test``, or a folder/file path.

One function resolves a name or a path to the folder (or file) the scorer and the baselines
read; ``constructed:*`` sets come from the generator where it is installed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from mil2mil.gold import dataset_dir

#: Names that denote a bundled set, and its folder inside the dataset folder.
NAMED: dict[str, str] = {"news": ".", "authored:test": "authored"}


def resolve_path(name_or_path: str) -> Path:
    """The dataset folder of a named set, or the path as given."""
    if name_or_path in NAMED:
        return (dataset_dir() / NAMED[name_or_path]).resolve()
    if ":" in name_or_path and not Path(name_or_path).exists():
        raise argparse.ArgumentTypeError(
            f"unknown gold set {name_or_path!r}; expected one of {', '.join(NAMED)} or a folder or file")
    return Path(name_or_path)


def resolve(name_or_path: str | Path | None) -> "GoldSource":  # type: ignore[name-defined]  # noqa: F821
    """The gold a ``--gold`` value names, checked: a named set or a folder or file."""
    from mil2mil.scoring import GoldSource

    if isinstance(name_or_path, str) and name_or_path.startswith("constructed:"):
        from mil2mil.errors import InputError, Problem

        split = name_or_path.split(":", 1)[1]
        try:
            from mil2mil.generator import generate_split  # type: ignore[import-not-found]
        except ImportError:
            raise InputError([Problem(name_or_path, "", "the generator (mil2mil.generator) is not installed")]) from None
        docs = [(gold, text) for gold, text in generate_split(split)]
        return GoldSource.from_documents(docs, label=name_or_path)
    if name_or_path is None:
        return GoldSource.from_path(None)
    path = resolve_path(str(name_or_path)) if isinstance(name_or_path, str) else name_or_path
    return GoldSource.from_path(path)
