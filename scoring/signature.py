"""The reproducibility signature printed with every score, in the spirit of sacrebleu's.

Short keys are a table so that their uniqueness is testable; the version comes last.
"""

from __future__ import annotations

from dataclasses import dataclass

from mil2mil import __version__

#: (field, short key, meaning) in signature order; ``version`` is always last.
SIGNATURE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("layer", "layer", "the layer the number is about"),
    ("scheme", "scheme", "mention scheme: strict, exact, partial or type"),
    ("overlap", "ovl", "minimum intersection-over-union for an overlapping (non-exact) span match"),
    ("match", "match", "grounded (offsets, entity alignment) or ungrounded (normalized names)"),
    ("average", "avg", "headline averaging over types: micro or macro"),
    ("bootstrap", "boot", "bootstrap resamples for the confidence interval (0: none)"),
    ("seed", "seed", "seed of the bootstrap random generator"),
    ("gold", "gold", "the gold set: news, constructed:validation, constructed:test, authored:test, or custom (a path)"),
    ("data", "data", "dataset version + first 12 hex digits of the SHA-256 content hash of the gold"),
    ("version", "version", "scorer version"),
)


def _fmt_num(x: float) -> str:
    """Shortest string that reads back as the same float (``repr``), without a trailing ``.0``.

    Two option values that can give different numbers never share a signature
    (``0.3`` vs ``0.3000000001``); ``float(_fmt_num(x)) == x`` always holds.
    """
    s = repr(float(x))
    return s[:-2] if s.endswith(".0") else s


@dataclass(frozen=True)
class Signature:
    layer: str
    scheme: str
    overlap: float
    match: str
    average: str
    bootstrap: int
    seed: int
    data: str
    version: str = __version__
    gold: str = "news"

    def __str__(self) -> str:
        values = {
            "layer": self.layer, "scheme": self.scheme, "overlap": _fmt_num(self.overlap),
            "match": self.match, "average": self.average, "bootstrap": str(self.bootstrap),
            "seed": str(self.seed), "gold": self.gold, "data": self.data, "version": self.version,
        }
        return "mil2mil|" + "|".join(f"{short}:{values[name]}" for name, short, _ in SIGNATURE_FIELDS)
