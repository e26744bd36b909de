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
