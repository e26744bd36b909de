"""Addable count objects and the metrics derived from them.

Counts come first and metrics are derived, never averaged: per-type counts sum to the
overall counts by construction, and per-document counts (shards of a corpus) merge by
addition, so scoring a corpus in one go or document by document gives the same numbers.

A metric whose denominator is zero is ``None`` (rendered "n/a"), not 0: "the system
predicted nothing of this type" is not the same statement as "it predicted it all wrong".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def ratio(num: float, den: float) -> float | None:
    """``num / den``, or ``None`` when the denominator is zero (the rule for every metric)."""
    return None if den == 0 else num / den


def f1(p: float | None, r: float | None) -> float | None:
    """Harmonic mean of precision and recall, defined whenever anything was compared.

    F1 = 2·tp / (2·tp + fp + fn) needs only one of the two denominators: a system that
    predicts nothing against existing gold has undefined precision but recall 0 and F1 0
    (and likewise predictions with no gold to find). ``None`` only when both sides are
    undefined, i.e. there was neither gold nor prediction.
    """
    if p is None and r is None:
        return None
    if p is None or r is None:
        defined = r if p is None else p
        return 0.0 if defined == 0 else None
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def prf_dict(p: float | None, r: float | None) -> dict[str, float | None]:
    return {"precision": p, "recall": r, "f1": f1(p, r)}


@dataclass
class Counts:
    """True positives, false positives and false negatives of one set-valued comparison."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def __iadd__(self, other: "Counts") -> "Counts":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    def as_tuple(self) -> tuple[int, ...]:
        return (self.tp, self.fp, self.fn)

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def pred(self) -> int:
        return self.tp + self.fp

    @property
    def empty(self) -> bool:
        return self.tp == self.fp == self.fn == 0

    def precision(self) -> float | None:
        return ratio(self.tp, self.tp + self.fp)

    def recall(self) -> float | None:
        return ratio(self.tp, self.tp + self.fn)

    def metrics(self) -> dict[str, float | None]:
        return prf_dict(self.precision(), self.recall())

    def to_json(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, **self.metrics()}

    @staticmethod
    def from_tuple(t: tuple[int, ...] | list[int]) -> "Counts":
        return Counts(int(t[0]), int(t[1]), int(t[2]))


@dataclass
class SchemeCounts:
    """SemEval-2013 counts: correct, incorrect, partial, missing, spurious.

    ``POS = COR + INC + PAR + MIS`` (gold) and ``ACT = COR + INC + PAR + SPU`` (predicted);
    precision ``(COR + w·PAR) / ACT`` and recall ``(COR + w·PAR) / POS`` with ``w = 0.5`` for
    the partial scheme and 0 elsewhere (other schemes never produce PAR).
    """

    cor: int = 0
    inc: int = 0
    par: int = 0
    mis: int = 0
    spu: int = 0

    def __add__(self, other: "SchemeCounts") -> "SchemeCounts":
        return SchemeCounts(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple())))

    def __iadd__(self, other: "SchemeCounts") -> "SchemeCounts":
        self.cor += other.cor
        self.inc += other.inc
        self.par += other.par
        self.mis += other.mis
        self.spu += other.spu
        return self

    def as_tuple(self) -> tuple[int, ...]:
        return (self.cor, self.inc, self.par, self.mis, self.spu)

    @property
    def possible(self) -> int:
        return self.cor + self.inc + self.par + self.mis

    @property
    def actual(self) -> int:
        return self.cor + self.inc + self.par + self.spu

    @property
    def empty(self) -> bool:
        return self.possible == 0 and self.actual == 0

    def precision(self) -> float | None:
        return ratio(self.cor + 0.5 * self.par, self.actual)

    def recall(self) -> float | None:
        return ratio(self.cor + 0.5 * self.par, self.possible)

    def metrics(self) -> dict[str, float | None]:
        return prf_dict(self.precision(), self.recall())

    def to_json(self) -> dict[str, Any]:
        return {
            "cor": self.cor, "inc": self.inc, "par": self.par, "mis": self.mis, "spu": self.spu,
            "possible": self.possible, "actual": self.actual, **self.metrics(),
        }

    @staticmethod
    def from_tuple(t: tuple[int, ...] | list[int]) -> "SchemeCounts":
        return SchemeCounts(*(int(x) for x in t))


@dataclass
class SlotCounts:
    """Meeting slot counts: correct, incorrect (a substitution), missing, spurious.

    ``possible = COR + INC + MIS`` (gold values) and ``actual = COR + INC + SPU`` (predicted
    values). A substitution is one error, split between precision and recall:
    precision ``COR / (COR + SPU + INC/2)``, recall ``COR / (COR + MIS + INC/2)``, so
    F1 = 2·COR / (2·COR + INC + MIS + SPU): a wrong value costs what a missing one does
    (the MUC/SemEval count, ``COR / actual`` and ``COR / possible``, puts it in both
    denominators and so charges it twice; the raw counts are reported, so it can be
    recomputed).
    """

    cor: int = 0
    inc: int = 0
    mis: int = 0
    spu: int = 0

    def __add__(self, other: "SlotCounts") -> "SlotCounts":
        return SlotCounts(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple())))

    def __iadd__(self, other: "SlotCounts") -> "SlotCounts":
        self.cor += other.cor
        self.inc += other.inc
        self.mis += other.mis
        self.spu += other.spu
        return self

    def as_tuple(self) -> tuple[int, ...]:
        return (self.cor, self.inc, self.mis, self.spu)

    @property
    def possible(self) -> int:
        return self.cor + self.inc + self.mis

    @property
    def actual(self) -> int:
        return self.cor + self.inc + self.spu

    @property
    def empty(self) -> bool:
        return self.possible == 0 and self.actual == 0

    def precision(self) -> float | None:
        return ratio(self.cor, self.cor + self.spu + 0.5 * self.inc)

    def recall(self) -> float | None:
        return ratio(self.cor, self.cor + self.mis + 0.5 * self.inc)

    def f1(self) -> float | None:
        """The harmonic mean of :meth:`precision` and :meth:`recall`, computed from the counts
        in one division (exactly rounded, so that two equal fractions compare equal); the zero
        rules of :func:`f1`: ``None`` only with neither gold nor prediction."""
        return ratio(2 * self.cor, 2 * self.cor + self.inc + self.mis + self.spu)

    def metrics(self) -> dict[str, float | None]:
        return {"precision": self.precision(), "recall": self.recall(), "f1": self.f1()}

    def to_json(self) -> dict[str, Any]:
        return {
            "cor": self.cor, "inc": self.inc, "mis": self.mis, "spu": self.spu,
            "possible": self.possible, "actual": self.actual, **self.metrics(),
        }

    @staticmethod
    def from_tuple(t: tuple[int, ...] | list[int]) -> "SlotCounts":
        return SlotCounts(*(int(x) for x in t))


@dataclass
class Fraction:
    """A score accumulated as numerator / denominator (coreference recall and precision).

    Coreference metrics are ratios of sums over documents; keeping both halves makes them
    addable across documents exactly like counts.
    """

    num: float = 0.0
    den: float = 0.0

    def __add__(self, other: "Fraction") -> "Fraction":
        return Fraction(self.num + other.num, self.den + other.den)

    def value(self) -> float | None:
        return ratio(self.num, self.den)


@dataclass
class PRFraction:
    """Recall and precision fractions of one coreference metric."""

    recall: Fraction
    precision: Fraction

    def __add__(self, other: "PRFraction") -> "PRFraction":
        return PRFraction(self.recall + other.recall, self.precision + other.precision)

    def as_tuple(self) -> tuple[float, ...]:
        return (self.recall.num, self.recall.den, self.precision.num, self.precision.den)

    @staticmethod
    def from_tuple(t: tuple[float, ...] | list[float]) -> "PRFraction":
        return PRFraction(Fraction(t[0], t[1]), Fraction(t[2], t[3]))

    @property
    def empty(self) -> bool:
        return self.recall.den == 0 and self.precision.den == 0

    def metrics(self) -> dict[str, float | None]:
        return prf_dict(self.precision.value(), self.recall.value())

    def to_json(self) -> dict[str, Any]:
        return {
            "recall_num": self.recall.num, "recall_den": self.recall.den,
            "precision_num": self.precision.num, "precision_den": self.precision.den,
            **self.metrics(),
        }


def macro(per_type: dict[str, Any]) -> dict[str, float | None]:
    """Mean of per-type P, R, F1 over the types that have any gold or prediction.

    A type whose metric is undefined (``None``) contributes 0 to the mean for that metric:
    it had gold or predictions, so the system is not excused from it. ``None`` only if no
    type qualifies.
    """
    kept = [c for c in per_type.values() if not c.empty]
    if not kept:
        return {"precision": None, "recall": None, "f1": None}
    out: dict[str, float | None] = {}
    for key in ("precision", "recall", "f1"):
        vals = [c.metrics()[key] for c in kept]
        out[key] = sum(v if v is not None else 0.0 for v in vals) / len(kept)
    return out
