"""Named gold sets: one resolver from a ``--gold`` value to the gold it names.

Every command that reads gold (``score``, ``compare``, ``predict``, ``results``) resolves its
``--gold`` value here, so a name means the same documents everywhere and its name goes into
the score signature (``gold:constructed:test``):

- ``news`` (the default): the bundled news articles under ``dataset/gold/``;
- ``constructed:validation``, ``constructed:test``: the released constructed splits, built in
  memory by the generator with its released defaults (the committed Parquet files are derived
  from the same generator and seed, and CI fails when they drift), once per process;
- ``authored:test``: the authored documents under ``dataset/authored/`` (``raw/`` + ``gold/``);
- anything else: a dataset folder (holding ``gold/``), a gold folder or one gold file, as
  before (signature name ``custom``; the content hash says which gold it was).

A name wins over a file or folder of the same name in the working directory; write
``./news`` for that folder.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from mil2mil.errors import InputError, Problem

DEFAULT = "news"
#: The named gold sets, in the order they are listed to users.
NAMES: tuple[str, ...] = ("news", "constructed:validation", "constructed:test", "authored:test")
#: The folder of the authored documents, relative to the dataset folder.
AUTHORED_DIR = "authored"


def _valid() -> str:
    return ", ".join(NAMES) + ", or a dataset folder, gold folder or gold file"


def add_gold_argument(parser, purpose: str = "gold set", **kwargs) -> None:  # type: ignore[no-untyped-def]
    """The ``--gold`` option every command that reads gold shares, its help listing :data:`NAMES`."""
    parser.add_argument("--gold", default=None, metavar="SET",
                        help=f"{purpose}: {_valid()} (default: {DEFAULT}, the bundled articles)", **kwargs)


def resolve(name_or_path: str | Path | None = None):  # type: ignore[no-untyped-def]
    """The :class:`~mil2mil.scoring.GoldSource` a ``--gold`` value names (``None``: ``news``).

    Raises :class:`~mil2mil.errors.InputError` (one problem, exit status 2 from the CLI) for
    an unknown name or a path that does not exist, listing the valid names; for
    ``authored:test`` when this copy of the dataset has no authored documents; and with the
    usual file, line and JSON pointer for invalid gold files given by path.
    """
    from mil2mil.scoring.gold_source import GoldSource

    value = DEFAULT if name_or_path is None else name_or_path
    if isinstance(value, str) and value in NAMES:
        if value == "news":
            return GoldSource.from_path(None, name="news")
        if value.startswith("constructed:"):
            return constructed(value.split(":", 1)[1])
        return authored()
    path = Path(value)
    if not path.exists():
        raise InputError([Problem("<arguments>", "--gold", f"unknown gold set or missing path {str(value)!r}; expected one of {_valid()}")])
    return GoldSource.from_path(path)


@lru_cache(maxsize=None)
def constructed(split: str):  # type: ignore[no-untyped-def]
    """A released constructed split, generated in memory (cached for the process)."""
    from mil2mil.scoring.gold_source import GoldSource

    try:
        from mil2mil.generator import generate_split
    except ImportError as exc:  # pragma: no cover - only in a copy without the generator
        raise InputError([Problem("<arguments>", "--gold", f"constructed:{split} needs the generator (mil2mil.generator): {exc}")]) from None
    name = f"constructed:{split}"
    return GoldSource.from_documents(list(generate_split(split)), label=f"{name} (generated)", name=name)


def authored():  # type: ignore[no-untyped-def]
    """The authored test documents (``dataset/authored/``), checked like any gold given by path."""
    from mil2mil.gold import dataset_dir
    from mil2mil.scoring.gold_source import GoldSource

    root = dataset_dir() / AUTHORED_DIR
    if not (root / "gold").is_dir() or not any((root / "gold").glob("*.json")):
        raise InputError([Problem("<arguments>", "--gold", f"authored:test is not in this copy of the dataset "
                                  f"(expected gold files in {root / 'gold'}); use {', '.join(n for n in NAMES if n != 'authored:test')}")])
    return GoldSource.from_path(root, name="authored:test")
