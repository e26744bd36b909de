"""The two reference rows of the results table: the oracle (gold as predictions, the
ceiling: 1.0 on every layer) and the empty system (no predictions, the floor).

The oracle is the only extractor that sees the gold: it reads it from the gold source it was
built with, looked up by ``doc_id``; the :class:`~.interface.Document` it is given carries none.
"""

from __future__ import annotations

from typing import Any

from mil2mil.errors import InputError, Problem

from .interface import Document, ExtractorOptions, Prediction


class Oracle:
    """The gold of each document as a grounded predictions line.

    ``gold``: a :class:`~mil2mil.scoring.GoldSource`, or a dataset folder, gold folder or gold
    file (default: the bundled dataset), read on first use."""

    name = "oracle"

    def __init__(self, gold: Any = None):
        self.gold = gold
        self._by_id: dict[str, dict[str, Any]] | None = None

    def _golds(self) -> dict[str, dict[str, Any]]:
        if self._by_id is None:
            from mil2mil.scoring import GoldSource

            source = self.gold if hasattr(self.gold, "iter_docs") else GoldSource.from_path(self.gold)
            self._by_id = {g.doc_id: g.raw for g in source.iter_docs()}
        return self._by_id

    def __call__(self, doc: Document) -> Prediction:
        from mil2mil.scoring import gold_to_predictions

        gold = self._golds().get(doc.doc_id)
        if gold is None:
            raise InputError([Problem(doc.doc_id, "", "the oracle needs gold annotations: run it on the dataset (--gold); "
                                                      "no gold document has this doc_id")])
        return gold_to_predictions(gold, grounded=True)


#: The oracle over the bundled dataset.
oracle = Oracle()


def empty(doc: Document) -> Prediction:
    """Predicts nothing on every layer (grounded: an empty mention list)."""
    return {"matching": "grounded", "mentions": [], "roles": [], "timexes": [], "meetings": []}


def build_oracle(options: ExtractorOptions) -> Oracle:
    return Oracle(options.gold)


def build_empty(options: ExtractorOptions) -> Any:
    return empty
