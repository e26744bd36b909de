"""The grounded entity layer for a batch of documents, vectorised with numpy.

Two things are computed here for many documents at once, because doing them document by
document in Python was most of the scorer's time:

- the coreference metrics of :func:`.layers.score_entities_grounded` (MUC, B³, CEAF-e,
  LEA, each as recall and precision fractions), and
- the entity alignment of :func:`.layers.align_entities` (predicted cluster id → gold entity
  id), which roles and meetings resolve their references through.

Both are defined per document and stay per document: every value equals the per-document
reference float for float (``tests/scoring/test_fast_paths.py`` holds
them to it on random documents). The batch works in one key space for the whole batch —
a mention is ``(document, start, end)``, a cluster is numbered document by document in the
reference's order — so documents never mix, and per-document sums are taken with
``math.fsum`` over each document's terms, exactly as the reference sums them.

Where the reference's result depends on an order that is costly to reproduce in arrays,
the document goes to the reference instead (it is scored the same, just not vectorised):

- a document whose predictions give one span twice (which cluster keeps the span depends on
  the content ranking of :class:`.layers.PredClusters`);
- for the alignment only: a component of the (gold entity, predicted cluster) graph that is
  not a single pair or a star, or a star around a predicted cluster whose best gold
  entities tie (the matcher's tie-break).

Stars are solved directly: a star has exactly one edge in any one-to-one assignment, so
the optimum is its best edge. Around a gold entity, ties go to the earliest cluster, as the
reference's second preference says; around a predicted cluster (CEAF-e), the best value is
the same whichever tied edge is picked.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import compress
from operator import itemgetter, methodcaller

import numpy as np

from .coref import COREF_METRICS, _assigned_values
from .gold_source import GoldDoc
from .layers import score_entities_grounded
from .predictions import PredDoc

#: Coreference metrics of a batch: ``table[d, i]`` the fraction of metric
#: ``COREF_METRICS[i]`` in document ``d`` as ``(recall num, recall den, precision num,
#: precision den)`` (:meth:`.counts.PRFraction.as_tuple`).
CorefTable = np.ndarray


def _first_of_runs(*cols: np.ndarray) -> np.ndarray:
    """Mask of the rows that start a run of equal rows (columns already sorted together)."""
    n = len(cols[0])
    keep = np.ones(n, dtype=bool)
    if n > 1:
        same = np.ones(n - 1, dtype=bool)
        for c in cols:
            same &= c[1:] == c[:-1]
        keep[1:] = ~same
    return keep


def _doc_fsums(values: np.ndarray, docs: np.ndarray, n_docs: int, *more: np.ndarray) -> list[float]:
    """``math.fsum`` of each document's values (``docs`` sorted), 0.0 for a document without
    any; with ``more`` value arrays (same documents), a list of such lists, one per array."""
    columns = [values, *more]
    outs = [[0.0] * n_docs for _ in columns]
    if len(values):
        lists = [c.tolist() for c in columns]
        bounds = np.flatnonzero(np.diff(docs)) + 1
        starts = [0, *bounds.tolist()]
        ends = [*bounds.tolist(), len(values)]
        segments = list(zip(starts, ends, docs[starts].tolist()))
        fsum = math.fsum
        for vals, out in zip(lists, outs):
            for a, b, d in segments:
                out[d] = fsum(vals[a:b])
    return outs if more else outs[0]  # type: ignore[return-value]


#: Clusters from this size on get their LEA term from Python integers: up to it, ``|k|``
#: times the links kept stays below 2**53, so the float arithmetic is exact until the one
#: division, as in the reference (and the sum of squares of B³ stays exact far beyond).
_EXACT_SIZE = 200_000


def _side(n_a: np.ndarray, a_doc: np.ndarray, items_doc: np.ndarray, unmatched: np.ndarray,
          pa: np.ndarray, pb: np.ndarray, shared: np.ndarray, n_b: np.ndarray, n_docs: int
          ) -> tuple[list[int], list[int], list[float], list[float], list[int]]:
    """One side of MUC, B³ and LEA (the terms of :func:`.coref._one_side`), summed per document.

    ``n_a``: size of each cluster of side a (clusters sorted by document); ``a_doc``: their
    document; ``items_doc``: document of each item of side a; ``unmatched``: per item, whether
    side b lacks it; ``(pa, pb, shared)``: items shared by cluster pa of a and pb of b.
    Returns per document: MUC numerator, MUC denominator, B³ and LEA numerators, and the
    denominator Σ|a| of B³ and LEA.
    """
    n_clusters = len(n_a)
    items = np.bincount(items_doc, minlength=n_docs)
    clusters = np.bincount(a_doc, minlength=n_docs)
    lonely = np.bincount(items_doc[unmatched], minlength=n_docs)
    pairs = np.bincount(a_doc[pa], minlength=n_docs)
    muc_num = (items - pairs - lonely).tolist()
    muc_den = (items - clusters).tolist()
    sizes = n_a.astype(np.float64)
    sq = np.bincount(pa, weights=(shared * shared).astype(np.float64), minlength=n_clusters)
    b3 = sq / sizes if n_clusters else np.zeros(0)
    links = np.bincount(pa, weights=(shared * (shared - 1) // 2).astype(np.float64), minlength=n_clusters)
    lea = np.zeros(n_clusters)
    one = n_a == 1
    if one.any():
        # a singleton counts iff its item lies in a singleton of b
        solo = np.zeros(n_clusters, dtype=bool)
        solo[pa[n_b[pb] == 1]] = True
        lea[one & solo] = 1.0
    many = ~one & (n_a < _EXACT_SIZE)
    n = n_a[many].astype(np.int64)
    lea[many] = (n * links[many].astype(np.int64)).astype(np.float64) / (n * (n - 1) // 2).astype(np.float64)
    for c in np.flatnonzero(n_a >= _EXACT_SIZE).tolist():  # Python integers: exact, then one rounding
        k = int(n_a[c])
        kept = sum(v * (v - 1) // 2 for v in shared[pa == c].tolist())
        lea[c] = k * kept / (k * (k - 1) // 2)
    b3_sums, lea_sums = _doc_fsums(b3, a_doc, n_docs, lea)  # type: ignore[misc]
    return muc_num, muc_den, b3_sums, lea_sums, items.tolist()


def _components(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, ...]:
    """Kind of the component each edge ``(a[i], b[i])`` of a bipartite graph lies in, as
    masks: a single pair; a star around its ``a`` node (every ``b`` node of it meets only
    that node); a star around its ``b`` node; anything else."""
    a_deg = np.bincount(a)[a]
    b_deg = np.bincount(b)[b]
    private = (a_deg == 1) & (b_deg == 1)
    a_max_bdeg = np.zeros(int(a.max()) + 1, dtype=np.int64)
    np.maximum.at(a_max_bdeg, a, b_deg)
    b_max_adeg = np.zeros(int(b.max()) + 1, dtype=np.int64)
    np.maximum.at(b_max_adeg, b, a_deg)
    a_star = ~private & (a_max_bdeg[a] == 1)
    b_star = ~private & ~a_star & (b_max_adeg[b] == 1)
    return private, a_star, b_star, ~(private | a_star | b_star)


def _ceafe_picked(pk: np.ndarray, pr: np.ndarray, sim: np.ndarray, k_doc: np.ndarray,
                  k_first: np.ndarray, r_first: np.ndarray, n_docs: int) -> list[float]:
    """Per document, the CEAF-e total: the φ4 values the optimal cluster alignment picks,
    ``math.fsum``-ed (single pairs and stars directly, other components solved)."""
    picked_vals: list[np.ndarray] = []
    picked_docs: list[np.ndarray] = []
    if len(pk):
        private, kstar, rstar, general = _components(pk, pr)
        picked_vals.append(sim[private])
        picked_docs.append(k_doc[pk[private]])
        for star, centre in ((kstar, pk), (rstar, pr)):
            if star.any():
                c = centre[star]
                best = np.full(int(c.max()) + 1, -np.inf)
                np.maximum.at(best, c, sim[star])
                centres = np.unique(c)
                picked_vals.append(best[centres])
                picked_docs.append(_first_doc(c, k_doc[pk[star]], centres))
        if general.any():
            gk, gr, gs = pk[general], pr[general], sim[general]
            gd = k_doc[gk]
            order = np.argsort(gd, kind="stable")
            gk, gr, gs, gd = gk[order], gr[order], gs[order], gd[order]
            bounds = np.flatnonzero(np.diff(gd)) + 1
            for a, b in zip([0, *bounds.tolist()], [*bounds.tolist(), len(gd)]):
                d = int(gd[a])
                entries = list(zip((gk[a:b] - k_first[d]).tolist(), (gr[a:b] - r_first[d]).tolist(), gs[a:b].tolist()))
                vals = np.asarray(_assigned_values(entries, int(k_first[d + 1] - k_first[d])), dtype=np.float64)
                picked_vals.append(vals)
                picked_docs.append(np.full(len(vals), d, dtype=np.int64))
    if not picked_vals:
        return [0.0] * n_docs
    vals = np.concatenate(picked_vals)
    docs = np.concatenate(picked_docs)
    order = np.argsort(docs, kind="stable")
    return _doc_fsums(vals[order], docs[order], n_docs)


def _first_doc(centre: np.ndarray, docs: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Document of each distinct centre (every edge of a centre lies in its document)."""
    doc_of = np.zeros(int(centre.max()) + 1, dtype=np.int64)
    doc_of[centre] = docs
    return doc_of[centres]


def _span_keys(gold: tuple[np.ndarray, ...], pred: tuple[np.ndarray, ...], n_docs: int) -> tuple[np.ndarray, np.ndarray]:
    """One integer per ``(document, start, end)``, in that order, for both sides: offsets
    packed directly when they fit in 63 bits, else replaced by their rank among all the
    batch's offsets first (same order, fewer bits)."""
    (gd, gs, ge), (pd, ps, pe) = gold, pred
    top = int(max(ge.max(initial=0), pe.max(initial=0))) + 1
    if n_docs * top * top >= 2**62:
        offsets, ranks = np.unique(np.concatenate([gs, ge, ps, pe]), return_inverse=True)
        ranks = ranks.reshape(-1)
        n, m = len(gs), len(ps)
        gs, ge, ps, pe = ranks[:n], ranks[n:2 * n], ranks[2 * n:2 * n + m], ranks[2 * n + m:]
        top = len(offsets)
    return (gd * top + gs) * top + ge, (pd * top + ps) * top + pe


def _ints(values: Sequence[int]) -> np.ndarray:
    return np.fromiter(values, dtype=np.int64, count=len(values))


def entity_batch(golds: Sequence[GoldDoc], preds: Sequence[PredDoc], coref: bool = True, alignment: bool = True
                 ) -> tuple[CorefTable | None, list[dict[str, str] | None]]:
    """With ``coref``, the coreference metrics of each document of a grounded batch
    (:data:`CorefTable`; else ``None``) and, with ``alignment``, its entity alignment
    (predicted cluster id → gold entity id).

    An alignment of ``None`` means "not computed here": the caller builds it with
    :func:`.layers.align_entities` (see the module docstring for when).
    """
    n_docs = len(golds)
    try:
        return _entity_batch(golds, preds, coref, alignment)
    except OverflowError:  # an offset beyond 64 bits (no text is that long): the reference
        table = np.array([_reference(g, p) for g, p in zip(golds, preds)], dtype=np.float64).reshape(n_docs, 4, 4)
        return (table if coref else None), [None] * n_docs


def _reference(gold: GoldDoc, pred: PredDoc) -> list[tuple[float, ...]]:
    """The per-document reference (one row of a :data:`CorefTable`), for documents the batch
    does not vectorise."""
    ref = score_entities_grounded(gold, pred)
    return [ref[name]["all"].as_tuple() for name in COREF_METRICS]


def _entity_batch(golds: Sequence[GoldDoc], preds: Sequence[PredDoc], coref: bool, alignment: bool
                  ) -> tuple[CorefTable | None, list[dict[str, str] | None]]:
    n_docs = len(golds)
    # gold: the first mention of each span (gold.mentions is sorted) and its entity
    g_flat = [m for g in golds for m in g.mentions]
    g_doc = np.repeat(np.arange(n_docs, dtype=np.int64), [len(g.mentions) for g in golds])
    g_s, g_e = _ints(list(map(itemgetter(0), g_flat))), _ints(list(map(itemgetter(1), g_flat)))
    g_ent = list(map(itemgetter(3), g_flat))
    # predictions: spans and cluster ids (interned; -1: a mention without an entity)
    p_lists = [p.layers.get("mentions", ()) for p in preds]
    p_flat = [m for ms in p_lists for m in ms]
    p_doc = np.repeat(np.arange(n_docs, dtype=np.int64), [len(ms) for ms in p_lists])
    p_s = _ints(list(map(itemgetter("start"), p_flat)))
    p_e = _ints(list(map(itemgetter("end"), p_flat)))
    ents = list(map(methodcaller("get", "entity"), p_flat))
    name_of = [x for x in dict.fromkeys(ents) if x is not None]  # first appearance order
    code = {x: i for i, x in enumerate(name_of)}
    code[None] = -1  # type: ignore[index]
    p_ent = _ints(list(map(code.__getitem__, ents)))

    g_key, p_key = _span_keys((g_doc, g_s, g_e), (p_doc, p_s, p_e), n_docs)

    # documents predicting a span twice go to the reference
    p_order = np.argsort(p_key, kind="stable")
    dup = ~_first_of_runs(p_key[p_order])
    fast = np.ones(n_docs, dtype=bool)
    fast[p_doc[p_order][dup]] = False

    # gold clusters, numbered by (document, entity id) — the reference's key order
    keep = _first_of_runs(g_key) & fast[g_doc]
    g_doc, g_key = g_doc[keep], g_key[keep]
    g_ent = list(compress(g_ent, keep.tolist()))
    distinct = sorted(set(g_ent))
    rank = {x: i for i, x in enumerate(distinct)}
    width = max(len(distinct), 1)
    k_labels, k_id = np.unique(g_doc * width + _ints(list(map(rank.__getitem__, g_ent))), return_inverse=True)
    k_id = k_id.reshape(-1)
    k_doc = k_labels // width
    k_name = [distinct[i] for i in (k_labels % width).tolist()]

    # predicted clusters (a mention without an entity is its own), numbered by (document,
    # earliest span): the reference's response order, since clusters share no span here
    sel = fast[p_doc[p_order]]
    order = p_order[sel]
    p_doc, p_key, p_ent = p_doc[order], p_key[order], p_ent[order]
    n_names = len(name_of)
    label = np.where(p_ent >= 0, p_ent, n_names + np.arange(len(p_ent)))
    r_labels, first, r0 = np.unique(p_doc * (n_names + len(p_ent) + 1) + label, return_inverse=True, return_index=True)
    r0 = r0.reshape(-1)
    by_span = np.argsort(p_key[first], kind="stable")
    r_rank = np.empty(len(r_labels), dtype=np.int64)
    r_rank[by_span] = np.arange(len(r_labels))
    r_id = r_rank[r0]
    r_doc = p_doc[first][by_span]
    r_label = (r_labels % (n_names + len(p_ent) + 1))[by_span]

    # shared spans: both sides sorted by key, each span at most once on each side
    at = np.minimum(np.searchsorted(g_key, p_key), max(len(g_key) - 1, 0))
    found = g_key[at] == p_key if len(g_key) else np.zeros(len(p_key), dtype=bool)
    g_item, p_item = at[found], np.flatnonzero(found)
    g_lonely = np.ones(len(g_doc), dtype=bool)
    g_lonely[g_item] = False
    p_lonely = np.ones(len(p_doc), dtype=bool)
    p_lonely[p_item] = False
    n_k, n_r = len(k_labels), len(r_labels)
    pair, shared = np.unique(k_id[g_item] * max(n_r, 1) + r_id[p_item], return_counts=True)
    pk, pr = pair // max(n_r, 1), pair % max(n_r, 1)
    size_k = np.bincount(k_id, minlength=n_k)
    size_r = np.bincount(r_id, minlength=n_r)

    metrics = _coref(golds, preds, fast, (k_doc, g_doc, g_lonely, size_k), (r_doc, p_doc, p_lonely, size_r),
                     (pk, pr, shared)) if coref else None
    if not alignment:
        return metrics, [None] * n_docs
    return metrics, _alignment(pk, pr, shared, k_doc, k_name, r_label, name_of, fast, n_docs)


def _coref(golds: Sequence[GoldDoc], preds: Sequence[PredDoc], fast: np.ndarray,
           key: tuple[np.ndarray, ...], resp: tuple[np.ndarray, ...], pairs: tuple[np.ndarray, ...]) -> CorefTable:
    """The coreference metrics of every document (the reference for those not ``fast``)."""
    (k_doc, g_doc, g_lonely, size_k), (r_doc, p_doc, p_lonely, size_r), (pk, pr, shared) = key, resp, pairs
    n_docs = len(golds)
    muc_rn, muc_rd, b3_r, lea_r, den_r = _side(size_k, k_doc, g_doc, g_lonely, pk, pr, shared, size_r, n_docs)
    muc_pn, muc_pd, b3_p, lea_p, den_p = _side(size_r, r_doc, p_doc, p_lonely, pr, pk, shared, size_k, n_docs)
    k_first = np.searchsorted(k_doc, np.arange(n_docs + 1))
    r_first = np.searchsorted(r_doc, np.arange(n_docs + 1))
    sim = (2 * shared).astype(np.float64) / (size_k[pk] + size_r[pr]).astype(np.float64)
    ceafe = _ceafe_picked(pk, pr, sim, k_doc, k_first, r_first, n_docs)
    n_key = np.diff(k_first).tolist()
    n_resp = np.diff(r_first).tolist()

    table = np.array([muc_rn, muc_rd, muc_pn, muc_pd, b3_r, den_r, b3_p, den_p,
                      ceafe, n_key, ceafe, n_resp, lea_r, den_r, lea_p, den_p], dtype=np.float64).T.reshape(n_docs, 4, 4)
    for d in np.flatnonzero(~fast).tolist():
        table[d] = _reference(golds[d], preds[d])
    return table


def _alignment(pk: np.ndarray, pr: np.ndarray, shared: np.ndarray, k_doc: np.ndarray, k_name: list[str],
               r_label: np.ndarray, name_of: list[str], fast: np.ndarray, n_docs: int) -> list[dict[str, str] | None]:
    """:func:`.layers.align_entities` of the vectorised documents: single pairs and stars
    around a gold entity (best shared count, then earliest cluster) directly; a document
    with any other component, or a star around a cluster with tied gold entities, ``None``."""
    named = r_label[pr] < len(name_of)  # mentions without an entity belong to no cluster
    ak, ar, av = pk[named], pr[named], shared[named]
    ok = fast.copy()
    chosen_k: list[np.ndarray] = []
    chosen_r: list[np.ndarray] = []
    if len(ak):
        private, kstar, rstar, general = _components(ak, ar)
        ok[k_doc[ak[general]]] = False
        chosen_k.append(ak[private])
        chosen_r.append(ar[private])
        if kstar.any():  # most shared mentions, then the earliest cluster
            sk, sr, sv = ak[kstar], ar[kstar], av[kstar]
            o = np.lexsort((sr, -sv, sk))
            win = _first_of_runs(sk[o])
            chosen_k.append(sk[o][win])
            chosen_r.append(sr[o][win])
        if rstar.any():  # most shared mentions; a tie is the matcher's to break
            sk, sr, sv = ak[rstar], ar[rstar], av[rstar]
            o = np.lexsort((-sv, sr))
            sk, sr, sv = sk[o], sr[o], sv[o]
            win = _first_of_runs(sr)
            second = np.flatnonzero(~win[1:] & win[:-1]) + 1  # runner-up of each star
            tie = second[sv[second] == sv[second - 1]]
            ok[k_doc[sk[tie]]] = False
            chosen_k.append(sk[win])
            chosen_r.append(sr[win])
    maps: list[dict[str, str] | None] = [{} if ok[d] else None for d in range(n_docs)]
    if chosen_k:
        ck = np.concatenate(chosen_k)
        cr = np.concatenate(chosen_r)
        for k, label, d in zip(ck.tolist(), r_label[cr].tolist(), k_doc[ck].tolist()):
            m = maps[d]
            if m is not None:
                m[name_of[label]] = k_name[k]
    return maps
