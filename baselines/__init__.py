"""Mil2Mil baseline extractors and the interface a user's own extractor plugs into.

An extractor is a callable ``extractor(doc: Document) -> dict`` returning the layers of one
predictions line (see ``docs/baselines.md``). :func:`run` writes its predictions for the
bundled articles (or any documents) to a JSONL file that ``mil2mil score`` reads. The
interface lives in :mod:`.interface`, the extractors' names in :mod:`.registry`; an extractor's
module is imported only when it is asked for by name.
"""

from .api import (
    BASELINES, LAYERS, Document, Extractor, ExtractorOptions, Prediction, get_extractor, gold_documents, predict,
    read_documents, run, schema_problems, write_predictions,
)

__all__ = [
    "BASELINES", "LAYERS", "Document", "Extractor", "ExtractorOptions", "Prediction", "get_extractor",
    "gold_documents", "predict", "read_documents", "run", "schema_problems", "write_predictions",
]
