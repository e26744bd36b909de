"""One optimal one-to-one matcher, reused by mentions, timexes and meetings.

Greedy matching makes scores depend on input order and lets one prediction be counted
against two gold items (both known defects of popular span scorers). Here every layer
states *which* pairs may match and a tuple of integer preferences per pair; the matcher
returns the one-to-one assignment that maximises those preferences **lexicographically**
(the first component dominates all later ones), solved exactly with
:func:`scipy.optimize.linear_sum_assignment` on each connected component of the candidate
graph. Callers sort items canonically first, so identical inputs in any order produce the
identical assignment; ties between equally good assignments are then broken by the
canonical order, never by the order of the input file.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import permutations
from typing import TypeVar

import numpy as np

Pair = tuple[int, int, tuple[int, ...]]  # (gold index, predicted index, preference levels)

_EXACT_FLOAT = 2**52


def _combine(levels: Sequence[tuple[int, ...]], size: int, maxima: tuple[int, ...]) -> list[int]:
    """Fold preference tuples into single integers whose sum order is lexicographic.

    With at most ``size`` pairs in an assignment, level ``l`` can sum to at most
    ``size * max_l``; weighting it by one more than everything below it makes any gain on a
    higher level outweigh every possible change below.
    """
    if len(maxima) == 1:
        return [lv[0] for lv in levels]  # one level: the preference is the weight
    weights = []
    w = 1
    for m in reversed(maxima):
        weights.append(w)
        w *= size * m + 1
    weights.reverse()
    return [sum(a * b for a, b in zip(lv, weights)) for lv in levels]


E = TypeVar("E", bound=tuple)  # an edge: (left index, right index, ...)


def bipartite_components(n_left: int, n_right: int, edges: Sequence[E]) -> dict[int, list[E]]:
    """Edges grouped by connected component of the bipartite graph (union-find).

    Matching each component separately keeps every assignment matrix small; components are
    keyed and ordered by first appearance, so the grouping is deterministic.
    """
    parent = list(range(n_left + n_right))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for edge in edges:
        a, b = find(edge[0]), find(n_left + edge[1])
        if a != b:
            parent[max(a, b)] = min(a, b)
    comps: dict[int, list[E]] = {}
    for edge in edges:
        comps.setdefault(find(edge[0]), []).append(edge)
    return comps


#: Graphs with at most this many items on each side are solved by enumeration.
_SMALL = 3


def _small_assignment(golds: list[int], preds: list[int], weight: dict[tuple[int, int], int]) -> list[tuple[int, int]] | None:
    """The admissible pairs of the unique best complete assignment of a small graph, by
    enumeration; ``None`` if two complete assignments tie (the solver's tie-break then decides,
    component by component).

    The solver is given each component as a full matrix (inadmissible pairs weigh 0) and
    returns a best complete assignment; when the whole graph has only one, the components'
    are its parts.
    """
    rows, cols = (golds, preds) if len(golds) <= len(preds) else (preds, golds)
    flip = rows is not golds
    best_total, best, tied = -1, (), False
    for perm in permutations(cols, len(rows)):
        pairs = [(c, r) if flip else (r, c) for r, c in zip(rows, perm)]
        total = sum(weight.get(pair, 0) for pair in pairs)
        if total > best_total:
            best_total, best, tied = total, pairs, False
        elif total == best_total:
            tied = True
    if tied:
        return None
    return [pair for pair in best if pair in weight]


def optimal_pairs(n_gold: int, n_pred: int, pairs: list[Pair], maxima: tuple[int, ...]) -> list[tuple[int, int]]:
    """Return matched ``(gold, pred)`` index pairs, sorted, maximising preferences lexicographically.

    ``pairs`` lists every admissible pair with its preference tuple (all components ≥ 0,
    component ``l`` ≤ ``maxima[l]``, and at least one component > 0). Pairs not listed can
    never be matched.
    """
    if not pairs:
        return []
    golds_used = sorted({g for g, _, _ in pairs})
    preds_used = sorted({p for _, p, _ in pairs})
    if len(golds_used) == len(pairs) == len(preds_used):
        return sorted((g, p) for g, p, _ in pairs)  # every pair its own component: all matched
    if len(golds_used) <= _SMALL and len(preds_used) <= _SMALL:
        # a small graph: its unique best complete assignment, if there is one, is also
        # what solving it component by component returns (a tie anywhere would show here)
        size = min(len(golds_used), len(preds_used))
        weights = _combine([lv for _, _, lv in pairs], size, maxima)
        if max(weights) * size < _EXACT_FLOAT:
            best = _small_assignment(golds_used, preds_used, {(g, p): w for (g, p, _), w in zip(pairs, weights)})
            if best is not None:
                return sorted(best)
    comps = bipartite_components(n_gold, n_pred, pairs)

    result: list[tuple[int, int]] = []
    for comp in comps.values():
        if len(comp) == 1:
            result.append((comp[0][0], comp[0][1]))
            continue
        golds = sorted({g for g, _, _ in comp})
        preds = sorted({p for _, p, _ in comp})
        gi = {g: i for i, g in enumerate(golds)}
        pi = {p: i for i, p in enumerate(preds)}
        size = min(len(golds), len(preds))
        weights = _combine([lv for _, _, lv in comp], size, maxima)
        top = max(weights) * size
        matrix = np.zeros((len(golds), len(preds)), dtype=np.float64 if top < _EXACT_FLOAT else object)
        allowed = np.zeros((len(golds), len(preds)), dtype=bool)
        for (g, p, _), w in zip(comp, weights):
            matrix[gi[g], pi[p]] = w
            allowed[gi[g], pi[p]] = True
        if matrix.dtype == object:  # astronomically large component: keep the order, lose exactness
            matrix = (matrix / float(top)).astype(np.float64)
        from scipy.optimize import linear_sum_assignment  # slow to import: only when needed
        rows, cols = linear_sum_assignment(matrix, maximize=True)
        for r, c in zip(rows.tolist(), cols.tolist()):
            if allowed[r, c]:
                result.append((golds[r], preds[c]))
    result.sort()
    return result
