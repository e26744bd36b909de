"""The values the scorer's options take, importable without numpy (the CLI builds its parser
from them; ``mil2mil --help`` must start fast)."""

from __future__ import annotations

#: The layers of a predictions file, in report order.
LAYERS: tuple[str, ...] = ("mentions", "entities", "roles", "timexes", "meetings", "crossdoc")

#: Mention matching schemes (SemEval-2013 9.1 / nervaluate), in report order.
SCHEME_NAMES: tuple[str, ...] = ("strict", "exact", "partial", "type")

#: Output formats of a report.
FORMATS: tuple[str, ...] = ("text", "json", "markdown", "csv")

#: How a date expression overlapping several on the other side is paired (``--timex-ties``):
#: ``te3``, the TempEval-3 toolkit's rule (the default), or ``optimal``.
TIMEX_TIES: tuple[str, ...] = ("te3", "optimal")

#: Headline averaging over types.
AVERAGES: tuple[str, ...] = ("micro", "macro")
