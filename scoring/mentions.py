"""Entity mentions under the four SemEval-2013 schemes (strict, exact, partial, type).

The scheme definitions are a table (:data:`SCHEMES`): for each kind of aligned pair, the
outcome each scheme records. Alignment is the optimal one-to-one matching of
:mod:`.match`; the outcome of a pair is then looked up, never decided by scan order.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from .counts import SchemeCounts
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


def iou(a0: int, a1: int, b0: int, b1: int) -> float:
    inter = min(a1, b1) - max(a0, b0)
    return 0.0 if inter <= 0 else inter / (max(a1, b1) - min(a0, b0))


def align_spans(gold: Sequence[Span], pred: Sequence[Span], overlap: float) -> list[tuple[int, int]]:
    """Optimal one-to-one alignment of sorted span lists.

    Admissible pairs: identical boundaries, or overlapping by at least one character with
    intersection-over-union ≥ ``overlap``. Exact-boundary pairs are always preferred.
    """
    if not gold or not pred:
        return []
    starts = [g[0] for g in gold]
    maxlen = max(g[1] - g[0] for g in gold)
    pairs = []
    for pi, (ps, pe, pt) in enumerate(pred):
        lo = bisect_left(starts, ps - maxlen + 1)
        hi = bisect_left(starts, pe)
        for gi in range(lo, hi):
            gs, ge, gt = gold[gi]
            if ge <= ps:
                continue
            if gs == ps and ge == pe:
                pairs.append((gi, pi, (1, 1, int(gt == pt), 1000)))
            else:
                r = (min(ge, pe) - max(gs, ps)) / (max(ge, pe) - min(gs, ps))
                if r >= overlap:
                    pairs.append((gi, pi, (0, 1, int(gt == pt), int(r * 1000))))
    if len({p[0] for p in pairs}) == len(pairs) == len({p[1] for p in pairs}):
        return sorted((g, p) for g, p, _ in pairs)  # every candidate is a private 1:1 pair
    return optimal_pairs(len(gold), len(pred), pairs, _MAXIMA)


def score_mentions(gold: Sequence[Span], pred: Sequence[Span], overlap: float) -> dict[str, dict[str, list[int]]]:
    """Per scheme, per type: ``[cor, inc, par, mis, spu]`` for one document.

    ``gold`` and ``pred`` must be sorted. A pair's outcome is booked under the gold type,
    a spurious prediction under its own type, so per-type counts sum to the totals.
    """
    out: dict[str, dict[str, list[int]]] = {s: {} for s in SCHEME_NAMES}
    pairs = align_spans(gold, pred, overlap)
    gmatched = set()
    pmatched = set()
    for gi, pi in pairs:
        gmatched.add(gi)
        pmatched.add(pi)
        g, p = gold[gi], pred[pi]
        key = (g[0] == p[0] and g[1] == p[1], g[2] == p[2])
        for s in SCHEME_NAMES:
            out[s].setdefault(g[2], [0, 0, 0, 0, 0])[_IDX[SCHEMES[s][key]]] += 1
    for gi, g in enumerate(gold):
        if gi not in gmatched:
            for s in SCHEME_NAMES:
                out[s].setdefault(g[2], [0, 0, 0, 0, 0])[3] += 1
    for pi, p in enumerate(pred):
        if pi not in pmatched:
            for s in SCHEME_NAMES:
                out[s].setdefault(p[2], [0, 0, 0, 0, 0])[4] += 1
    return out


def to_scheme_counts(per_type: dict[str, list[int]]) -> dict[str, SchemeCounts]:
    return {t: SchemeCounts.from_tuple(v) for t, v in per_type.items()}
