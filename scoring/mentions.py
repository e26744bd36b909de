"""Entity mentions under the four SemEval-2013 schemes (strict, exact, partial, type).

The scheme definitions are a table (:data:`SCHEMES`): for each kind of aligned pair, the
outcome each scheme records. Alignment is the optimal one-to-one matching of
:mod:`.match`; the outcome of a pair is then looked up, never decided by scan order.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from .match import optimal_pairs

Span = tuple[int, int, str]  # (start, end, type)

SCHEME_NAMES: tuple[str, ...] = ("strict", "exact", "partial", "type")

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
