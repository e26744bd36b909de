"""Coreference metrics on predicted mentions: MUC, B³, CEAF-e, LEA (and CoNLL F1).

Each metric returns recall and precision as *fractions* (numerator, denominator) so that
corpus scores are ratios of sums over documents, as in the CoNLL-2012 reference scorer,
and so documents merge by addition. Key and response may contain different mentions
(predicted mentions), handled as the CoNLL-2012 reference scorer v8.01 does: in MUC a mention
missing from one side counts as a singleton there (it adds no link); in B³, CEAF-e and LEA it
gets no credit and adds to the denominator of the side it is on only (``docs/scoring.md``).
Definitions follow Vilain et al. (1995), Bagga & Baldwin (1998), Luo (2005, φ4) and
Moosavi & Strube (2016), as restated by Pradhan et al. (2014).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

import numpy as np

from .match import bipartite_components
from .counts import Fraction, PRFraction

Cluster = frozenset
COREF_METRICS: tuple[str, ...] = ("muc", "b3", "ceafe", "lea")


def _index(clusters: Sequence[Cluster]) -> dict[Hashable, int]:
    return {m: i for i, c in enumerate(clusters) for m in c}


def _muc_side(a: Sequence[Cluster], b_index: dict[Hashable, int]) -> Fraction:
    num = den = 0
    for c in a:
        parts = set()
        singles = 0
        for m in c:
            j = b_index.get(m)
            if j is None:
                singles += 1
            else:
                parts.add(j)
        num += len(c) - (len(parts) + singles)
        den += len(c) - 1
    return Fraction(num, den)


def muc(key: Sequence[Cluster], resp: Sequence[Cluster]) -> PRFraction:
    """Links recovered: Σ(|k| − |p(k)|) / Σ(|k| − 1), and symmetrically for precision."""
    return PRFraction(_muc_side(key, _index(resp)), _muc_side(resp, _index(key)))


def _b3_side(a: Sequence[Cluster], b: Sequence[Cluster], b_index: dict[Hashable, int]) -> Fraction:
    terms = []
    den = 0
    for c in a:
        overlaps: dict[int, int] = {}
        for m in c:
            j = b_index.get(m)
            if j is not None:
                overlaps[j] = overlaps.get(j, 0) + 1
        terms.append(sum(v * v for v in overlaps.values()) / len(c))
        den += len(c)
    return Fraction(math.fsum(terms), den)  # fsum: exact rounding, so cluster order cannot matter


def b_cubed(key: Sequence[Cluster], resp: Sequence[Cluster]) -> PRFraction:
    return PRFraction(_b3_side(key, resp, _index(resp)), _b3_side(resp, key, _index(key)))


def _ceafe_total(entries: list[tuple[int, int, float]], n_key: int) -> float:
    """Sum of φ4 similarities under the optimal one-to-one cluster alignment.

    When no key or response cluster appears in two entries the alignment is forced and the
    sum is taken directly (exactly rounded, in a fixed order); otherwise it is solved.
    """
    rows_used = {i for i, _, _ in entries}
    cols_used = {j for _, j, _ in entries}
    if len(rows_used) == len(entries) == len(cols_used):
        return math.fsum(sorted(v for _, _, v in entries))
    return math.fsum(_assigned_values(entries, n_key)) if entries else 0.0


def _assigned_values(entries: list[tuple[int, int, float]], n_key: int) -> list[float]:
    """Similarities picked by the maximum-weight one-to-one assignment, solved per connected
    component (to be summed with ``math.fsum``, which makes their order irrelevant).

    A corpus-wide clustering (cross-document meetings) has many clusters but few overlaps
    between any key and response cluster; components keep every matrix small.
    """
    comps = bipartite_components(n_key, 1 + max(j for _, j, _ in entries), entries)
    picked: list[float] = []
    for comp in comps.values():
        if len(comp) == 1:
            picked.append(comp[0][2])
            continue
        rows = sorted({i for i, _, _ in comp})
        cols = sorted({j for _, j, _ in comp})
        ri = {r: k for k, r in enumerate(rows)}
        ci = {c: k for k, c in enumerate(cols)}
        sim = np.zeros((len(rows), len(cols)))
        for i, j, v in comp:
            sim[ri[i], ci[j]] = v
        from scipy.optimize import linear_sum_assignment  # slow to import: only when needed
        r, c = linear_sum_assignment(sim, maximize=True)
        picked.extend(sim[r, c].tolist())
    return picked


def ceaf_e(key: Sequence[Cluster], resp: Sequence[Cluster]) -> PRFraction:
    """Entity-based CEAF: optimal one-to-one cluster alignment under φ4 = 2|k∩r| / (|k|+|r|)."""
    total = 0.0
    if key and resp:
        r_index = _index(resp)
        entries: list[tuple[int, int, float]] = []
        for i, k in enumerate(key):
            counts: dict[int, int] = {}
            for m in k:
                j = r_index.get(m)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            for j, c in counts.items():
                entries.append((i, j, 2 * c / (len(k) + len(resp[j]))))
        total = _ceafe_total(entries, len(key))
    return PRFraction(Fraction(total, len(key)), Fraction(total, len(resp)))


def _links(n: int) -> int:
    return n * (n - 1) // 2


def _lea_side(a: Sequence[Cluster], b_index: dict[Hashable, int]) -> Fraction:
    """Σ_k |k| · (resolved links of k / links of k) over Σ_k |k|; a singleton's only
    "link" is itself, resolved iff it is also a singleton on the other side."""
    terms = []
    den = 0
    b_sizes: dict[int, int] = {}
    for j in b_index.values():
        b_sizes[j] = b_sizes.get(j, 0) + 1
    for c in a:
        den += len(c)
        if len(c) == 1:
            (m,) = tuple(c)
            j = b_index.get(m)
            terms.append(1.0 if j is not None and b_sizes[j] == 1 else 0.0)
            continue
        overlaps: dict[int, int] = {}
        for m in c:
            j = b_index.get(m)
            if j is not None:
                overlaps[j] = overlaps.get(j, 0) + 1
        terms.append(len(c) * sum(_links(v) for v in overlaps.values()) / _links(len(c)))
    return Fraction(math.fsum(terms), den)


def lea(key: Sequence[Cluster], resp: Sequence[Cluster]) -> PRFraction:
    return PRFraction(_lea_side(key, _index(resp)), _lea_side(resp, _index(key)))


METRIC_FUNCS = {"muc": muc, "b3": b_cubed, "ceafe": ceaf_e, "lea": lea}


def _one_side(a: Sequence[Cluster], b_index: dict[Hashable, int]) -> tuple[Fraction, Fraction, Fraction, list[dict[int, int]]]:
    """MUC, B³ and LEA of one side in a single pass, plus each cluster's overlap counts.

    The same arithmetic as :func:`_muc_side`, :func:`_b3_side` and :func:`_lea_side`
    (same terms, same exactly rounded sums), sharing the overlap counts.
    """
    muc_num = den = 0
    b3_terms = []
    lea_terms = []
    b_sizes: dict[int, int] = {}
    for j in b_index.values():
        b_sizes[j] = b_sizes.get(j, 0) + 1
    all_overlaps = []
    get = b_index.get
    for c in a:
        n = len(c)
        overlaps: dict[int, int] = {}
        singles = 0
        for m in c:
            j = get(m)
            if j is None:
                singles += 1
            else:
                overlaps[j] = overlaps.get(j, 0) + 1
        all_overlaps.append(overlaps)
        muc_num += n - (len(overlaps) + singles)
        den += n
        b3_terms.append(sum(v * v for v in overlaps.values()) / n)
        if n == 1:
            lea_terms.append(1.0 if overlaps and b_sizes[next(iter(overlaps))] == 1 else 0.0)
        else:
            lea_terms.append(n * sum(v * (v - 1) // 2 for v in overlaps.values()) / (n * (n - 1) // 2))
    muc_f = Fraction(muc_num, den - len(a))
    return muc_f, Fraction(math.fsum(b3_terms), den), Fraction(math.fsum(lea_terms), den), all_overlaps


def score_clusters(key: Sequence[Cluster], resp: Sequence[Cluster]) -> dict[str, PRFraction]:
    """All coreference metrics for one document (or one corpus-wide clustering).

    Equal to ``{name: fn(key, resp) for name, fn in METRIC_FUNCS.items()}`` (tested), but
    each mention is looked up once per side instead of once per metric.
    """
    key = [c for c in key if c]
    resp = [c for c in resp if c]
    k_index = _index(key)
    r_index = _index(resp)
    muc_r, b3_r, lea_r, key_overlaps = _one_side(key, r_index)
    muc_p, b3_p, lea_p, _ = _one_side(resp, k_index)
    total = 0.0
    if key and resp:
        entries: list[tuple[int, int, float]] = []
        for i, (k, counts) in enumerate(zip(key, key_overlaps)):
            for j, c in counts.items():
                entries.append((i, j, 2 * c / (len(k) + len(resp[j]))))
        total = _ceafe_total(entries, len(key))
    ceafe = PRFraction(Fraction(total, len(key)), Fraction(total, len(resp)))
    return {"muc": PRFraction(muc_r, muc_p), "b3": PRFraction(b3_r, b3_p), "ceafe": ceafe, "lea": PRFraction(lea_r, lea_p)}


def conll_f1(metrics: dict[str, PRFraction]) -> float | None:
    """CoNLL-2012 score: the unweighted mean of MUC, B³ and CEAF-e F1 (``None`` if any is)."""
    fs = [metrics[m].metrics()["f1"] for m in ("muc", "b3", "ceafe")]
    return None if any(f is None for f in fs) else sum(fs) / 3


# --- corpus-wide clusterings given as (label, item) arrays ------------------------------

#: Largest cluster size for which the integer products of :func:`_labelled_side` stay below
#: 2**53, so their conversion to float is exact and each term equals the one computed on
#: Python integers (``n**3 < 2**53``).
_EXACT_SIZE = 200_000


class LabelledClusters:
    """A clustering as parallel integer arrays: ``labels[k]`` is the cluster of ``items[k]``.

    The compact form of a corpus-wide clustering (cross-document meetings): a few bytes per
    membership instead of Python sets, so scoring 100k documents does not build millions of
    objects. Clusters are ordered by label, as :func:`score_clusters` takes them in list
    order. Repeated ``(label, item)`` memberships count once (clusters are sets); an item in
    several clusters is looked up in the last one, as :func:`_index` does.
    """

    def __init__(self, labels: np.ndarray, items: np.ndarray):
        labels = np.asarray(labels, dtype=np.int64)
        items = np.asarray(items, dtype=np.int64)
        order = np.lexsort((items, labels))
        labels, items = labels[order], items[order]
        keep = np.ones(len(labels), dtype=bool)
        keep[1:] = (labels[1:] != labels[:-1]) | (items[1:] != items[:-1])
        self.items = items[keep]
        #: distinct labels (sorted: cluster order) and each membership's cluster position
        self.clusters, self.position = np.unique(labels[keep], return_inverse=True)
        self.sizes = np.bincount(self.position, minlength=len(self.clusters))
        # the index: each distinct item -> position of the last (largest) cluster holding it
        by_item = np.lexsort((self.position, self.items))
        sorted_items = self.items[by_item]
        last = np.ones(len(by_item), dtype=bool)
        last[:-1] = sorted_items[1:] != sorted_items[:-1]
        self.index_items = sorted_items[last]
        self.index_position = self.position[by_item][last]

    def lookup(self, items: np.ndarray) -> np.ndarray:
        """Cluster position of each item in this clustering's index, -1 where absent."""
        if not len(self.index_items):
            return np.full(len(items), -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.index_items, items), len(self.index_items) - 1)
        return np.where(self.index_items[at] == items, self.index_position[at], -1)

    def as_sets(self) -> list[frozenset[int]]:
        """The clusters as frozensets, in label order (the form :func:`score_clusters` takes)."""
        if not len(self.items):
            return []
        bounds = np.flatnonzero(np.diff(self.position)) + 1
        return [frozenset(c.tolist()) for c in np.split(self.items, bounds)]


def _labelled_side(a: LabelledClusters, b: LabelledClusters) -> tuple[Fraction, Fraction, Fraction, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_one_side` on labelled clusterings (same terms, same exactly rounded sums),
    plus the overlap counts as arrays ``(a position, b position, shared items)``."""
    j = b.lookup(a.items)
    hit = j >= 0
    # (a position, b position) of every shared membership, counted per cluster pair
    pair_keys = a.position[hit].astype(np.int64) * max(len(b.clusters), 1) + j[hit]
    keys, shared = np.unique(pair_keys, return_counts=True)
    pa, pb = keys // max(len(b.clusters), 1), keys % max(len(b.clusters), 1)
    n_a = len(a.clusters)
    total = int(len(a.items))
    muc_num = total - len(keys) - int(np.count_nonzero(~hit))
    sizes = a.sizes.astype(np.float64)
    sq = np.bincount(pa, weights=(shared * shared).astype(np.float64), minlength=n_a)
    b3 = math.fsum((sq / sizes).tolist()) if n_a else 0.0
    # LEA: a singleton counts if its item is a singleton of b's index; others by links kept
    b_index_sizes = np.bincount(b.index_position, minlength=len(b.clusters))
    links_kept = np.bincount(pa, weights=(shared * (shared - 1) // 2).astype(np.float64), minlength=n_a)
    n = a.sizes
    single = np.zeros(n_a)
    ones = n == 1
    if ones.any():
        single_hit = np.zeros(n_a, dtype=bool)
        solo = b_index_sizes[pb] == 1
        single_hit[pa[solo]] = True
        single[ones & single_hit] = 1.0
    many = ~ones
    lea_terms = single
    lea_terms[many] = (n[many] * links_kept[many]) / (n[many] * (n[many] - 1) // 2).astype(np.float64)
    lea = math.fsum(lea_terms.tolist()) if n_a else 0.0
    return Fraction(muc_num, total - n_a), Fraction(b3, total), Fraction(lea, total), pa, pb, shared


def score_labelled(key: LabelledClusters, resp: LabelledClusters) -> dict[str, PRFraction]:
    """:func:`score_clusters` of two labelled clusterings, without building Python sets:
    equal to it (tested) on the clusters listed in label order."""
    if any(len(side.sizes) and int(side.sizes.max()) > _EXACT_SIZE for side in (key, resp)):
        return score_clusters(key.as_sets(), resp.as_sets())
    muc_r, b3_r, lea_r, pa, pb, shared = _labelled_side(key, resp)
    muc_p, b3_p, lea_p, _, _, _ = _labelled_side(resp, key)
    n_key, n_resp = len(key.clusters), len(resp.clusters)
    total = 0.0
    if n_key and n_resp and len(pa):
        sim = (2 * shared).astype(np.float64) / (key.sizes[pa] + resp.sizes[pb]).astype(np.float64)
        # a pair whose key and response clusters meet no other cluster is its own component
        # and always aligned; only the rest go to the assignment (as Python tuples)
        private = (np.bincount(pa)[pa] == 1) & (np.bincount(pb)[pb] == 1)
        values = sim[private].tolist()
        if not private.all():
            rest = ~private
            values += _assigned_values(list(zip(pa[rest].tolist(), pb[rest].tolist(), sim[rest].tolist())), n_key)
        total = math.fsum(values)
    ceafe = PRFraction(Fraction(total, n_key), Fraction(total, n_resp))
    return {"muc": PRFraction(muc_r, muc_p), "b3": PRFraction(b3_r, b3_p), "ceafe": ceafe, "lea": PRFraction(lea_r, lea_p)}
