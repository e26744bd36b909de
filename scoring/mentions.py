"""Entity mentions under the four SemEval-2013 schemes (strict, exact, partial, type).

The scheme definitions are a table (:data:`SCHEMES`): for each kind of aligned pair, the
outcome each scheme records. Alignment is the optimal one-to-one matching of
:mod:`.match`; the outcome of a pair is then looked up, never decided by scan order.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from itertools import chain
from operator import itemgetter
from typing import Any, NamedTuple

import numpy as np

from .choices import SCHEME_NAMES
from .match import optimal_pairs

Span = tuple[int, int, str]  # (start, end, type)


#: Outcome of an aligned (gold, predicted) pair, per scheme, keyed by
#: (boundaries identical?, types equal?). Unaligned gold is MIS and unaligned predictions
#: SPU in every scheme.
SCHEMES: dict[str, dict[tuple[bool, bool], str]] = {
    "strict": {(True, True): "cor", (True, False): "inc", (False, True): "inc", (False, False): "inc"},
    "exact": {(True, True): "cor", (True, False): "cor", (False, True): "inc", (False, False): "inc"},
    "partial": {(True, True): "cor", (True, False): "cor", (False, True): "par", (False, False): "par"},
    "type": {(True, True): "cor", (True, False): "inc", (False, True): "cor", (False, False): "inc"},
}

#: Preference levels of a candidate pair, compared lexicographically by the matcher:
#: identical boundaries first, then the number of pairs, then equal types, then overlap.
_MAXIMA = (1, 1, 1, 1000)
_IDX = {"cor": 0, "inc": 1, "par": 2, "mis": 3, "spu": 4}


def _candidates(gold: Sequence[Span], pred: Sequence[Span], overlap: float) -> list[tuple[int, int, tuple[int, ...]]]:
    """Admissible ``(gold, pred, preference levels)`` pairs, in prediction order."""
    starts = [g[0] for g in gold]
    maxlen = max([g[1] - g[0] for g in gold])
    pairs = []
    append = pairs.append
    n = len(gold)
    for pi, (ps, pe, pt) in enumerate(pred):
        lo = bisect_left(starts, ps - maxlen + 1)
        for gi in range(lo, n):
            gs, ge, gt = gold[gi]
            if gs >= pe:
                break
            if ge <= ps:
                continue
            if gs == ps and ge == pe:
                append((gi, pi, (1, 1, int(gt == pt), 1000)))
            else:
                r = (min(ge, pe) - max(gs, ps)) / (max(ge, pe) - min(gs, ps))
                if r >= overlap:
                    append((gi, pi, (0, 1, int(gt == pt), int(r * 1000))))
    return pairs


def _resolve(n_gold: int, n_pred: int, pairs: list[tuple[int, int, tuple[int, ...]]]) -> list[tuple[int, int]]:
    """The optimal assignment of candidate ``pairs`` (unsorted).

    A pair whose gold and prediction occur in no other candidate is its own connected
    component and is always matched; only the remaining pairs (rare: nested or chained
    overlaps) go to the matcher, which solves each component exactly as before.
    """
    gdeg = [0] * n_gold
    pdeg = [0] * n_pred
    for g, p, _ in pairs:
        gdeg[g] += 1
        pdeg[p] += 1
    private = []
    shared = []
    for pr in pairs:
        if gdeg[pr[0]] == 1 and pdeg[pr[1]] == 1:
            private.append((pr[0], pr[1]))
        else:
            shared.append(pr)
    if shared:
        private.extend(optimal_pairs(n_gold, n_pred, shared, _MAXIMA))
    return private


def align_spans(gold: Sequence[Span], pred: Sequence[Span], overlap: float) -> list[tuple[int, int]]:
    """Optimal one-to-one alignment of sorted span lists.

    Admissible pairs: identical boundaries, or overlapping by at least one character with
    intersection-over-union ≥ ``overlap``. Exact-boundary pairs are always preferred.
    """
    if not gold or not pred:
        return []
    pairs = _candidates(gold, pred, overlap)
    if not pairs:
        return []
    return sorted(_resolve(len(gold), len(pred), pairs))


#: Outcome slots of :func:`mention_outcomes`: an aligned pair by (boundaries identical?,
#: types equal?), then missed gold and spurious predictions.
OUTCOMES: tuple[tuple[bool, bool] | str, ...] = ((True, True), (True, False), (False, True), (False, False), "mis", "spu")

#: Per scheme, the ``[cor, inc, par, mis, spu]`` position each outcome slot adds to.
SCHEME_SLOTS: dict[str, tuple[int, ...]] = {
    s: tuple(_IDX[SCHEMES[s][k]] for k in OUTCOMES[:4]) + (3, 4) for s in SCHEME_NAMES
}


def mention_outcomes(gold: Sequence[Span], pred: Sequence[Span], overlap: float) -> dict[str, list[int]]:
    """Per type, the number of each :data:`OUTCOMES` slot for one document (sorted inputs).

    A pair's outcome is booked under the gold type, a spurious prediction under its own
    type. Every scheme's counts are a fixed linear image of these six numbers
    (:data:`SCHEME_SLOTS`), so the alignment is computed once for all four schemes.
    """
    out: dict[str, list[int]] = {}
    if gold and pred:
        pairs = _candidates(gold, pred, overlap)
        matched = _resolve(len(gold), len(pred), pairs) if pairs else []
    else:
        matched = []
    gfree = [True] * len(gold)
    pfree = [True] * len(pred)
    for gi, pi in matched:
        gfree[gi] = False
        pfree[pi] = False
        gs, ge, gt = gold[gi]
        ps, pe, pt = pred[pi]
        slot = (0 if gs == ps and ge == pe else 2) + (gt != pt)
        v = out.get(gt)
        if v is None:
            v = out[gt] = [0, 0, 0, 0, 0, 0]
        v[slot] += 1
    if len(matched) < len(gold):
        _book_unmatched(out, gold, gfree, 4)  # missed
    if len(matched) < len(pred):
        _book_unmatched(out, pred, pfree, 5)  # spurious
    return out


def _book_unmatched(out: dict[str, list[int]], spans: Sequence[Span], free: list[bool], slot: int) -> None:
    """Count every span left unmatched under ``slot`` of its type (called once per side and
    document, so the per-span loop stays inline)."""
    for span, f in zip(spans, free):
        if f:
            v = out.get(span[2])
            if v is None:
                v = out[span[2]] = [0, 0, 0, 0, 0, 0]
            v[slot] += 1


def scheme_counts(outcomes: Sequence[int], scheme: str) -> list[int]:
    """``[cor, inc, par, mis, spu]`` of one scheme from six outcome counts."""
    c = [0, 0, 0, 0, 0]
    for k, slot in zip(outcomes, SCHEME_SLOTS[scheme]):
        c[slot] += k
    return c


def score_mentions(gold: Sequence[Span], pred: Sequence[Span], overlap: float) -> dict[str, dict[str, list[int]]]:
    """Per scheme, per type: ``[cor, inc, par, mis, spu]`` for one document.

    ``gold`` and ``pred`` must be sorted. A pair's outcome is booked under the gold type,
    a spurious prediction under its own type, so per-type counts sum to the totals.
    """
    per_type = mention_outcomes(gold, pred, overlap)
    return {s: {t: scheme_counts(v, s) for t, v in per_type.items()} for s in SCHEME_NAMES}


_DOC_SHIFT = 1 << 32  # document index * 2**32 + offset: one sorted key space for a batch


def mention_outcomes_batch(gold: Sequence[Sequence[Span]], pred: Sequence[Sequence[Span]],
                           overlap: float) -> tuple[list[str], np.ndarray]:
    """:func:`mention_outcomes` of many documents at once, vectorised (spans as
    ``(start, end, type)`` triples).

    Returns ``(types, counts)`` with ``counts[d, k]`` the six outcome slots of document ``d``
    and type ``types[k]`` (types sorted). Why a second implementation: per-document Python
    costs microseconds per span, numpy costs nanoseconds. The result is *identical* to
    calling :func:`mention_outcomes` on each document (a property test checks it): the
    candidate pairs and their preference levels are the same numbers, and the rare pairs
    whose gold or prediction has a second candidate go to the same matcher
    (:func:`.match.optimal_pairs`), whose components never cross documents and which sees
    each document's spans in the same relative order (sorted, as per document).
    """
    def columns(docs: Sequence[Sequence[Span]]) -> tuple[list[int], list[Any], list[Any], list[Any]]:
        flat = list(chain.from_iterable(chain.from_iterable(docs)))
        return list(map(len, docs)), flat[0::3], flat[1::3], flat[2::3]

    return _outcomes(columns(gold), columns(pred), overlap)


def mention_outcomes_records(gold: Sequence[Sequence[Mapping[str, Any]]], pred: Sequence[Sequence[Mapping[str, Any]]],
                             overlap: float) -> tuple[list[str], np.ndarray]:
    """:func:`mention_outcomes_batch` of mention objects as parsed (``start``, ``end``,
    ``type`` keys, any order): what the scorer runs, with no tuple built per mention."""
    def columns(docs: Sequence[Sequence[Mapping[str, Any]]]) -> tuple[list[int], list[Any], list[Any], list[Any]]:
        flat = list(chain.from_iterable(docs))
        return (list(map(len, docs)), list(map(itemgetter("start"), flat)), list(map(itemgetter("end"), flat)),
                list(map(itemgetter("type"), flat)))

    return _outcomes(columns(gold), columns(pred), overlap)


_Cols = tuple[list[int], list[Any], list[Any], list[Any]]  # per-document counts, starts, ends, types


class Aligned(NamedTuple):
    """The optimal alignment of a batch of span lists, in arrays.

    Each side's spans sorted by (document, start, end, type) — each document's canonical
    order — as ``doc``, ``start``, ``end``, ``type`` (a code: the position in ``types``) and
    ``order`` (the input position of each sorted span); ``matched_gold[i]`` and
    ``matched_pred[i]`` (positions in the sorted arrays) form the ``i``-th aligned pair.
    """

    types: list[str]
    gold: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    pred: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    matched_gold: np.ndarray
    matched_pred: np.ndarray


def align_batch(gold: _Cols, pred: _Cols, overlap: float) -> Aligned | None:
    """The alignment of :func:`align_spans` for every document of a batch, on columns:
    candidates by binary search in one key space (document, offset), private pairs matched
    at once, shared ones by the matcher. ``None`` when an offset does not fit the key
    space (a text of over 4 billion characters): the caller takes the per-document path.

    The result is the per-document alignment wherever a document's spans sort the same
    way in both (no two spans of one side equal on start, end and type: their relative
    order is the input's here, and whatever a caller sorts by after the type there).
    """
    n_docs = len(gold[0])
    if len(pred[0]) != n_docs:
        raise ValueError("gold and pred must list the same documents")
    types = sorted(set(gold[3]) | set(pred[3]))
    n_types = len(types)
    code = {t: i for i, t in enumerate(types)}
    doc_numbers = np.arange(n_docs, dtype=np.int64)
    try:
        g_starts, g_ends = np.array(gold[1], dtype=np.int64), np.array(gold[2], dtype=np.int64)
        p_starts, p_ends = np.array(pred[1], dtype=np.int64), np.array(pred[2], dtype=np.int64)
    except OverflowError:
        return None
    if max(g_ends.max(initial=0), p_ends.max(initial=0), g_starts.max(initial=0), p_starts.max(initial=0)) >= _DOC_SHIFT:
        return None

    def arrays(cols: _Cols, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, ...]:
        """Columns sorted by (document, start, end, type): each document's canonical order."""
        doc = np.repeat(doc_numbers, cols[0])
        typ = np.fromiter(map(code.__getitem__, cols[3]), dtype=np.int64, count=len(cols[3]))
        order = np.arange(len(doc), dtype=np.int64)
        if len(doc) > 1:
            # (document, start) and (end, type) as two integer keys; no sort when already
            # sorted (gold always is, most systems' output too)
            major = doc * _DOC_SHIFT + start
            minor = end * (n_types + 1) + typ
            dm, dn = np.diff(major), np.diff(minor)
            if not bool(np.all((dm > 0) | ((dm == 0) & (dn >= 0)))):
                order = np.lexsort((minor, major))
                doc, start, end, typ = doc[order], start[order], end[order], typ[order]
        return doc, start, end, typ, order

    g_cols = arrays(gold, g_starts, g_ends)
    p_cols = arrays(pred, p_starts, p_ends)
    gd, gs, ge, gt, _ = g_cols
    pd, ps, pe, pt, _ = p_cols
    mg = mp = np.zeros(0, dtype=np.int64)
    if len(gs) and len(ps):
        # candidates of each prediction: gold starting before it ends (a prefix of the sorted
        # gold) and ending after it starts (a suffix, by the running maximum of gold ends)
        g_start_key = gd * _DOC_SHIFT + gs
        g_end_max = np.maximum.accumulate(gd * _DOC_SHIFT + ge)
        hi = np.searchsorted(g_start_key, pd * _DOC_SHIFT + pe, side="left")
        lo = np.searchsorted(g_end_max, pd * _DOC_SHIFT + ps, side="right")
        width = np.maximum(hi - lo, 0)
        pi = np.repeat(np.arange(len(ps), dtype=np.int64), width)
        first = np.repeat(lo - np.cumsum(width) + width, width)
        gi = first + np.arange(len(pi), dtype=np.int64)
        keep = ge[gi] > ps[pi]
        gi, pi = gi[keep], pi[keep]
        a_s, a_e, b_s, b_e = gs[gi], ge[gi], ps[pi], pe[pi]
        exact = (a_s == b_s) & (a_e == b_e)
        ratio = (np.minimum(a_e, b_e) - np.maximum(a_s, b_s)) / (np.maximum(a_e, b_e) - np.minimum(a_s, b_s))
        keep = exact | (ratio >= overlap)
        gi, pi, exact, ratio = gi[keep], pi[keep], exact[keep], ratio[keep]
        same = gt[gi] == pt[pi]
        private = (np.bincount(gi, minlength=len(gs))[gi] == 1) & (np.bincount(pi, minlength=len(ps))[pi] == 1)
        mg, mp = gi[private], pi[private]
        if not private.all():
            shared = ~private
            level = np.where(exact[shared], 1000, (ratio[shared] * 1000).astype(np.int64))
            pairs = [(g, p, (x, 1, y, z)) for g, p, x, y, z in zip(
                gi[shared].tolist(), pi[shared].tolist(), exact[shared].astype(np.int64).tolist(),
                same[shared].astype(np.int64).tolist(), level.tolist())]
            extra = optimal_pairs(len(gs), len(ps), pairs, _MAXIMA)
            if extra:
                eg, ep = (np.asarray(x, dtype=np.int64) for x in zip(*extra))
                mg, mp = np.concatenate([mg, eg]), np.concatenate([mp, ep])
    return Aligned(types, g_cols, p_cols, mg, mp)


def _outcomes(gold: _Cols, pred: _Cols, overlap: float) -> tuple[list[str], np.ndarray]:
    """Outcome counts of the batch alignment (:func:`align_batch`), per document and type."""
    n_docs = len(gold[0])
    al = align_batch(gold, pred, overlap)
    if al is None:
        return _outcomes_per_document(gold, pred, overlap, sorted(set(gold[3]) | set(pred[3])))
    types, (gd, gs, ge, gt, _), (pd, ps, pe, pt, _), mg, mp = al
    n_types = len(types)
    if not n_types:
        return types, np.zeros((n_docs, 0, 6), dtype=np.int64)
    g_free = np.ones(len(gs), dtype=bool)
    p_free = np.ones(len(ps), dtype=bool)
    g_free[mg] = False
    p_free[mp] = False
    slot = np.where((gs[mg] == ps[mp]) & (ge[mg] == pe[mp]), 0, 2) + (gt[mg] != pt[mp])
    # one bincount over (document, type, slot): pairs under the gold type, missed gold
    # under its type, spurious predictions under theirs
    flat = np.concatenate([
        (gd[mg] * n_types + gt[mg]) * 6 + slot,
        (gd[g_free] * n_types + gt[g_free]) * 6 + 4,
        (pd[p_free] * n_types + pt[p_free]) * 6 + 5,
    ])
    counts = np.bincount(flat, minlength=n_docs * n_types * 6).reshape(n_docs, n_types, 6)
    return types, counts


def _outcomes_per_document(gold: _Cols, pred: _Cols, overlap: float, types: list[str]) -> tuple[list[str], np.ndarray]:
    """The batch result computed document by document with :func:`mention_outcomes`."""
    counts = np.zeros((len(gold[0]), len(types), 6), dtype=np.int64)
    k_of = {t: k for k, t in enumerate(types)}

    def docs(cols: _Cols) -> Iterator[list[Span]]:
        at = 0
        for n in cols[0]:
            yield sorted(zip(cols[1][at:at + n], cols[2][at:at + n], cols[3][at:at + n]))
            at += n

    for d, (g, p) in enumerate(zip(docs(gold), docs(pred))):
        for t, v in mention_outcomes(g, p, overlap).items():
            counts[d, k_of[t]] = v
    return types, counts
