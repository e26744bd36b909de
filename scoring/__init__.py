"""Scoring of predictions against the Mil2Mil gold annotations.

Public API:

- :func:`score` — score a predictions JSONL file, returning a :class:`ScoreReport`;
- :func:`render` — the report as text, JSON, markdown or CSV;
- :func:`compare` / :func:`render_comparison` — paired bootstrap of two systems;
- :func:`gold_to_predictions` — the oracle (a gold document as a predictions line);
- :class:`GoldSource` — where the gold comes from (bundled dataset, a folder, memory);
- :class:`Options`, :data:`LAYERS`, :class:`Signature`.

The names are loaded on first use (PEP 562), so ``import mil2mil.scoring`` and the option
values in :mod:`.choices` cost no numpy or scipy; the command line starts fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Public name -> the submodule defining it.
_WHERE: dict[str, str] = {
    "FORMATS": "choices", "LAYERS": "choices", "SIGNATURE_FIELDS": "signature", "Comparison": "compare",
    "GoldSource": "gold_source", "LayerResult": "api", "MetricResult": "api", "Options": "api",
    "ScoreReport": "api", "Signature": "signature", "compare": "compare", "gold_to_predictions": "oracle",
    "prepare_gold": "gold_source", "render": "report", "render_comparison": "compare", "score": "api",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


if TYPE_CHECKING:
    from .api import LayerResult, MetricResult, Options, ScoreReport, score
    from .choices import FORMATS, LAYERS
    from .compare import Comparison, compare, render_comparison
    from .gold_source import GoldSource, prepare_gold
    from .oracle import gold_to_predictions
    from .report import render
    from .signature import SIGNATURE_FIELDS, Signature
