"""Access to the bundled gold: where it lives and how a document and its raw text are read.

The stand-off gold files under ``dataset/gold/`` are the single source of truth. Everything
else (the Parquet files for ``datasets``, statistics, result tables) is derived from them by
a command, so this module only *reads*; nothing here writes into the dataset folder.

Documents are plain ``dict`` objects shaped by ``schema/gold-document.schema.json``; the
validator (:mod:`mil2mil.validate`) is the boundary that guarantees that shape, and code
after it may rely on it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

GoldDocument = dict[str, Any]


def dataset_dir() -> Path:
    """The folder of the bundled dataset (``dataset/`` in a checkout, package data when installed)."""
    return Path(str(resources.files("mil2mil.dataset")))


def gold_dir() -> Path:
    """Folder of the stand-off gold files, one ``<doc_id>.json`` per document."""
    return dataset_dir() / "gold"


def gold_paths(root: Path | None = None) -> list[Path]:
    """Gold files below ``root`` (a folder or one file), sorted so every run sees the same order."""
    root = gold_dir() if root is None else root
    if root.is_file():
        return [root]
    return sorted(root.glob("*.json"))


def read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def text_path(doc: GoldDocument, gold_file: Path | None = None) -> Path:
    """Path of the raw text of ``doc``: ``text_file`` is relative to the dataset folder.

    A gold file sits in ``<dataset>/gold/``, so its dataset folder is its grandparent; this
    lets a copied dataset (e.g. in a test's temporary folder) be read as a whole.
    """
    base = gold_file.parent.parent if gold_file is not None else dataset_dir()
    return base / doc["text_file"]


def read_text(doc: GoldDocument, gold_file: Path | None = None) -> str:
    """The raw article exactly as received, decoded from UTF-8 (offsets index into this)."""
    return text_path(doc, gold_file).read_bytes().decode("utf-8")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def iter_gold(root: Path | None = None) -> Iterator[tuple[Path, GoldDocument]]:
    """Yield ``(path, document)`` for every gold file, in sorted path order (not validated)."""
    for path in gold_paths(root):
        yield path, read_json(path)


def load_gold(root: Path | None = None) -> list[GoldDocument]:
    """All gold documents below ``root`` (default: the bundled gold), sorted by ``doc_id``."""
    return sorted((doc for _, doc in iter_gold(root)), key=lambda d: d["doc_id"])
