"""The extractor interface: the input document, the prediction it returns, the extractor protocol.

This module imports no extractor (and nothing heavy), so that every extractor, the plumbing in
:mod:`.api` and the registry in :mod:`.registry` can import it without an import circle.

An *extractor* is anything callable as ``extractor(doc) -> dict`` where ``doc`` is a
:class:`Document` (``doc_id``, ``text``, ``dct``) and the returned dict holds the layers of
one predictions line (``mentions``, ``entities``, ``roles``, ``timexes``, ``meetings``; see
``schema/predictions.schema.json``). A plain function is enough. An extractor that is faster
in batches may also define ``pipe(docs) -> Iterator[dict]``.

A document carries no gold: an extractor sees what a system under test may see (the text and
its date). Only the oracle reads the gold, from the gold source it is built with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

Prediction = dict[str, Any]

#: Layers every baseline writes, in output order (an empty list predicts nothing).
LAYERS: tuple[str, ...] = ("mentions", "roles", "timexes", "meetings")


@dataclass(frozen=True, slots=True)
class Document:
    """One input article: an id, its raw text and its document creation time (DCT)."""

    doc_id: str
    text: str
    dct: dt.date


@runtime_checkable
class Extractor(Protocol):
    """What ``mil2mil predict`` runs: ``extractor(doc)`` returns one predictions line's layers."""

    def __call__(self, doc: Document) -> Prediction: ...


@runtime_checkable
class BatchExtractor(Extractor, Protocol):
    """An extractor that also processes documents in batches (used by :func:`~.api.predict`)."""

    def pipe(self, docs: Iterable[Document]) -> Iterator[Prediction]: ...


@dataclass(frozen=True)
class ExtractorOptions:
    """What the command line can pass to an extractor's factory; each takes what it uses.

    ``model``: a model name (the spacy baseline's package, the llm extractor's model);
    ``n_process``: worker processes; ``gold``: the gold source (the oracle only);
    ``extra``: extractor-specific settings (e.g. the llm extractor's ``base_url``).
    """

    model: str | None = None
    n_process: int = 1
    gold: Path | str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
