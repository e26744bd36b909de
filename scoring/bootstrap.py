"""Document-level bootstrap confidence intervals and paired significance tests.

Documents are the sampling unit (mentions within an article are not independent). Every
resample is drawn from ``numpy.random.default_rng(seed)``, so a given seed reproduces the
interval to the last digit. Resampling sums per-document count vectors, which is exact
because every metric here is a function of summed counts.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Headline = Callable[[dict[str, np.ndarray]], "float | None"]

#: Two-sided 95% percentile interval.
CI_LEVEL = 0.95

#: Fewest documents for which intervals and p-values are reported as meaningful. Resampling
#: fewer draws from a handful of distinct outcomes (two documents give three), so the
#: intervals come out tight and the p-values small whatever the systems; below this number
#: they are still computed (for reproducibility) but marked as not meaningful in every output.
MIN_DOCUMENTS = 30


def small_sample_note(n_docs: int) -> str | None:
    """Why intervals and p-values over ``n_docs`` documents are not meaningful; None if they are."""
    if n_docs >= MIN_DOCUMENTS:
        return None
    return (f"only {n_docs} document{'s' if n_docs != 1 else ''} (fewer than {MIN_DOCUMENTS}): bootstrap intervals "
            "and p-values are not meaningful")


def _stats(sides: list[dict[str, np.ndarray]], fn: Headline, n: int, seed: int) -> list[np.ndarray]:
    """Headline of each side on ``n`` resamples; every side sees the same resamples.

    Resample ``i`` draws ``n_docs`` document indices with replacement (one row of
    ``rng.integers``); its statistic is computed from the multiplicity of each document.
    """
    rng = np.random.default_rng(seed)
    n_docs = next(iter(sides[0].values())).shape[0]
    outs = [np.empty(n) for _ in sides]
    for i in range(n):
        weights = np.bincount(rng.integers(0, n_docs, size=n_docs), minlength=n_docs).astype(np.float64)
        for out, mats in zip(outs, sides):
            v = fn({k: weights @ m for k, m in mats.items()})
            out[i] = np.nan if v is None else v
    return outs


def bootstrap_ci(mats: dict[str, np.ndarray], fn: Headline, n: int, seed: int) -> tuple[float | None, float | None]:
    """Percentile interval of the headline over ``n`` document-level resamples.

    Resamples where the metric is undefined are dropped; ``(None, None)`` if all are.
    """
    n_docs = next(iter(mats.values())).shape[0]
    if n_docs == 0:
        return (None, None)
    (vals,) = _stats([mats], fn, n, seed)
    vals = vals[~np.isnan(vals)]
    if vals.size == 0:
        return (None, None)
    lo, hi = np.quantile(vals, [(1 - CI_LEVEL) / 2, 1 - (1 - CI_LEVEL) / 2], method="linear")
    return (float(lo), float(hi))


def paired_bootstrap(mats_a: dict[str, np.ndarray], mats_b: dict[str, np.ndarray], fn: Headline,
                     n: int, seed: int) -> dict[str, float | None]:
    """Paired bootstrap test of ``B − A`` on the same resampled documents.

    p-value (two-sided, Koehn 2004 / Berg-Kirkpatrick et al. 2012 shift method):
    ``(1 + #{|δ* − δ| ≥ |δ|}) / (n + 1)`` where δ is the observed difference and δ* the
    difference on a resample; also the percentile interval of δ*.
    """
    n_docs = next(iter(mats_a.values())).shape[0]
    full = {k: m.sum(axis=0) for k, m in mats_a.items()}
    a = fn(full)
    b = fn({k: m.sum(axis=0) for k, m in mats_b.items()})
    if a is None or b is None or n_docs == 0 or n <= 0:
        return {"a": a, "b": b, "delta": None if a is None or b is None else b - a, "p_value": None,
                "ci_low": None, "ci_high": None}
    da, db = _stats([mats_a, mats_b], fn, n, seed)
    deltas = db - da
    deltas = deltas[~np.isnan(deltas)]
    delta = b - a
    extreme = int(np.sum(np.abs(deltas - delta) >= abs(delta) - 1e-12))
    p = (1 + extreme) / (deltas.size + 1)
    lo, hi = np.quantile(deltas, [(1 - CI_LEVEL) / 2, 1 - (1 - CI_LEVEL) / 2]) if deltas.size else (None, None)
    return {"a": a, "b": b, "delta": delta, "p_value": p,
            "ci_low": None if lo is None else float(lo), "ci_high": None if hi is None else float(hi)}
