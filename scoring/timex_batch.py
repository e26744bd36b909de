"""The grounded date layer for a batch of documents, vectorised with numpy.

The same numbers as :func:`.layers.score_timexes` (TempEval-3: extent strict and relaxed,
value and type on relaxed matches, granularity-aware value credit), computed for many
documents at once because, document by document, Python spent microseconds on what numpy
does in nanoseconds. ``tests/scoring/test_fast_paths.py`` holds every document's counts to
the per-document reference.

The spans are aligned by the mention layer's batch aligner (:func:`.mentions.align_batch`,
the alignment :func:`.mentions.align_spans` computes per document). A document goes to the
reference when one of its sides gives two timexes with the same start, end and type: the
reference orders those by value, which decides which one a tied alignment keeps. Under the
TempEval-3 tie rule (``ties="te3"``, :func:`.layers.te3_pairs`) a document also goes to the
reference when an expression overlaps two or more on the other side; wherever each overlaps
at most one, both rules pair every overlapping pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter

import numpy as np

from .gold_source import GoldDoc
from .layers import TIMEX_COUNT_METRICS, score_timexes
from .mentions import align_batch
from .normalize import timex_partial_credit
from .predictions import PredDoc

TP, FP, FN = 0, 1, 2


def timex_batch(golds: Sequence[GoldDoc], preds: Sequence[PredDoc], ties: str = "te3") -> dict[str, tuple[list[str], np.ndarray]]:
    """``{metric: (types, counts)}`` of a grounded batch: ``counts[d, k]`` document ``d``'s
    counts under ``types[k]`` (``(tp, fp, fn)``; for ``value_partial``, the
    :meth:`.counts.PRFraction.as_tuple` fraction). A type a document does not list has
    zero counts, and every type it lists has a nonzero one."""
    n_docs = len(golds)
    g_flat = [t for g in golds for t in g.timexes]
    p_lists = [p.layers.get("timexes", ()) for p in preds]
    p_flat = [t for ts in p_lists for t in ts]
    gold_cols = ([len(g.timexes) for g in golds], [t[0] for t in g_flat], [t[1] for t in g_flat], [t[2] for t in g_flat])
    pred_cols = (list(map(len, p_lists)), list(map(itemgetter("start"), p_flat)), list(map(itemgetter("end"), p_flat)),
                 list(map(itemgetter("type"), p_flat)))
    al = align_batch(gold_cols, pred_cols, 0.0)
    if al is None:  # offsets beyond the key space: every document by the reference
        types = sorted(set(gold_cols[3]) | set(pred_cols[3]))
        return _with_reference(_empty(n_docs, len(types)), types, golds, preds, range(n_docs), ties)
    types, (gd, gs, ge, gt, g_order), (pd, ps, pe, pt, p_order), mg, mp = al
    n_types = len(types)
    tables = _empty(n_docs, n_types)
    if not n_types:
        return {name: (types, counts) for name, counts in tables.items()}
    g_val = [g_flat[i][3] for i in g_order.tolist()]
    p_val = [p_flat[i]["value"] for i in p_order.tolist()]

    # documents with two timexes of one side equal on (start, end, type): the reference
    slow = np.zeros(n_docs, dtype=bool)
    for d_, s_, e_, t_ in ((gd, gs, ge, gt), (pd, ps, pe, pt)):
        if len(d_) > 1:
            twin = (d_[1:] == d_[:-1]) & (s_[1:] == s_[:-1]) & (e_[1:] == e_[:-1]) & (t_[1:] == t_[:-1])
            slow[d_[1:][twin]] = True
    if ties == "te3":  # an expression overlapping two or more on the other side
        slow[gd[_overlapped(gd, gs, ge, pd, ps, pe) > 1]] = True
        slow[pd[_overlapped(pd, ps, pe, gd, gs, ge) > 1]] = True

    pairs_gv = [g_val[a] for a in mg.tolist()]
    pairs_pv = [p_val[b] for b in mp.tolist()]
    same_value = np.array([x == y for x, y in zip(pairs_gv, pairs_pv)], dtype=bool)
    credit = np.array([1.0 if x == y else timex_partial_credit(x, y) for x, y in zip(pairs_gv, pairs_pv)],
                      dtype=np.float64)
    exact = (gs[mg] == ps[mp]) & (ge[mg] == pe[mp])
    same_type = gt[mg] == pt[mp]
    g_free = np.ones(len(gd), dtype=bool)
    g_free[mg] = False
    p_free = np.ones(len(pd), dtype=bool)
    p_free[mp] = False
    g_cell = gd * n_types + gt  # (document, type) cell of each timex
    p_cell = pd * n_types + pt

    width = len(TIMEX_COUNT_METRICS) * 3
    index: list[np.ndarray] = []

    def book(cells: np.ndarray, metric: int, what: int) -> None:
        index.append(cells * width + metric * 3 + what)

    # relaxed: every pair; strict: pairs with identical boundaries
    for m, kept in ((1, np.ones(len(mg), dtype=bool)), (0, exact)):
        book(g_cell[mg[kept]], m, TP)
        book(g_cell[mg[~kept]], m, FN)
        book(p_cell[mp[~kept]], m, FP)
    # value and type: attributes of the relaxed pairs (a wrong one: one fn and one fp)
    for m, right in ((2, same_value), (3, same_type)):
        book(g_cell[mg[right]], m, TP)
        book(g_cell[mg[~right]], m, FN)
        book(p_cell[mp[~right]], m, FP)
    for m in range(4):  # unaligned timexes
        book(g_cell[g_free], m, FN)
        book(p_cell[p_free], m, FP)
    counts = np.bincount(np.concatenate(index), minlength=n_docs * n_types * width).reshape(n_docs, n_types, 4, 3)
    for m, name in enumerate(TIMEX_COUNT_METRICS):
        tables[name] = counts[:, :, m, :]
    # granularity-aware credit: recall over gold, precision over predictions, both under the gold type
    cells = n_docs * n_types
    num = np.bincount(g_cell[mg], weights=credit, minlength=cells)
    partial = np.stack([num, np.bincount(g_cell, minlength=cells).astype(np.float64),
                        num, np.bincount(p_cell, minlength=cells).astype(np.float64)], axis=1)
    tables["value_partial"] = partial.reshape(n_docs, n_types, 4)
    return _with_reference(tables, types, golds, preds, np.flatnonzero(slow).tolist(), ties)


def _overlapped(ad: np.ndarray, as_: np.ndarray, ae: np.ndarray, bd: np.ndarray, bs: np.ndarray,
                be: np.ndarray) -> np.ndarray:
    """For each span ``a`` (document, start, end), how many spans ``b`` of its document it
    overlaps: those starting before its end, less those ending at or before its start."""
    if not len(ad) or not len(bd):
        return np.zeros(len(ad), dtype=np.int64)
    width = int(max(ae.max(), be.max())) + 2
    starts = np.sort(bd * width + bs)
    ends = np.sort(bd * width + be)
    first = ad * width
    before_end = np.searchsorted(starts, first + ae, "left") - np.searchsorted(starts, first, "left")
    ended = np.searchsorted(ends, first + as_, "right") - np.searchsorted(ends, first, "left")
    return before_end - ended


def _empty(n_docs: int, n_types: int) -> dict[str, np.ndarray]:
    tables = {name: np.zeros((n_docs, n_types, 3), dtype=np.int64) for name in TIMEX_COUNT_METRICS}
    tables["value_partial"] = np.zeros((n_docs, n_types, 4), dtype=np.float64)
    return tables


def _with_reference(tables: dict[str, np.ndarray], types: list[str], golds: Sequence[GoldDoc],
                    preds: Sequence[PredDoc], docs: Sequence[int], ties: str) -> dict[str, tuple[list[str], np.ndarray]]:
    """``tables`` with the rows of ``docs`` computed by the per-document reference."""
    col = {t: k for k, t in enumerate(types)}
    for d in docs:
        for name, per_type in score_timexes(golds[d], preds[d], True, ties).items():
            row = tables[name][d]
            row[:] = 0
            for t, c in per_type.items():
                row[col[t]] = c.as_tuple()
    return {name: (types, counts) for name, counts in tables.items()}
