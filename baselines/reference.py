"""The two reference rows of the results table: the oracle (gold as predictions, the
ceiling: 1.0 on every layer) and the empty system (no predictions, the floor)."""

from __future__ import annotations

from mil2mil.errors import InputError, Problem
from mil2mil.scoring import gold_to_predictions

from .api import Document, Prediction


def oracle(doc: Document) -> Prediction:
    """The gold of ``doc`` as a grounded predictions line (needs a dataset document)."""
    if doc.gold is None:
        raise InputError([Problem(doc.doc_id, "", "the oracle needs gold annotations: run it on the dataset (--gold)")])
    return gold_to_predictions(doc.gold, grounded=True)


def empty(doc: Document) -> Prediction:
    """Predicts nothing on every layer (grounded: an empty mention list)."""
    return {"matching": "grounded", "mentions": [], "roles": [], "timexes": [], "meetings": []}
