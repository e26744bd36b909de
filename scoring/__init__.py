"""Scoring of predictions against the Mil2Mil gold annotations.

Public API:

- :func:`score` — score a predictions JSONL file, returning a :class:`ScoreReport`;
- :func:`render` — the report as text, JSON, markdown or CSV;
- :func:`compare` / :func:`render_comparison` — paired bootstrap of two systems;
- :func:`gold_to_predictions` — the oracle (a gold document as a predictions line);
- :class:`GoldSource` — where the gold comes from (bundled dataset, a folder, memory);
- :class:`Options`, :data:`LAYERS`, :class:`Signature`.
"""

from .api import LAYERS, LayerResult, MetricResult, Options, ScoreReport, score
from .compare import Comparison, compare, render_comparison
from .gold_source import GoldSource, prepare_gold
from .oracle import gold_to_predictions
from .report import FORMATS, render
from .signature import SIGNATURE_FIELDS, Signature

__all__ = [
    "FORMATS", "LAYERS", "SIGNATURE_FIELDS", "Comparison", "GoldSource", "LayerResult", "MetricResult",
    "Options", "ScoreReport", "Signature", "compare", "gold_to_predictions", "prepare_gold", "render",
    "render_comparison", "score",
]
