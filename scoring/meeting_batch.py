"""The meeting layer for a batch of documents, vectorised with numpy.

The same numbers as :func:`.layers.score_meetings` (records aligned by an optimal assignment
on slot similarity, then slot-level counts and whole-record exact matches) and the same
alignment (which the cross-document layer numbers records by), computed for many documents
at once: document by document, building record dictionaries and frozensets, sorting and
comparing them in Python was the largest part of a scoring pass.
``tests/scoring/test_fast_paths.py`` holds every document to the per-document reference.

How: each record becomes a row of integers — its participants and its topics as bit sets
(one bit per distinct participant of the document, one per topic), its date, location,
modality and status as interned codes — so the similarity of every admissible pair is
array arithmetic. A document has at most :data:`SMALL` records on each side in the common
case; its best alignment is then found by trying the six ways of pairing three rows with
three columns at once for the whole batch (a missing record is a row or column of
inadmissible pairs). The reference's matcher returns a matching of maximal total weight; when
only one set of admissible pairs reaches that maximum, it is the reference's result, however
the reference breaks ties. A document goes to the reference itself when it does not fit
(more than :data:`SMALL` records on a side, more than 62 distinct participants, a topic
outside the table) or when two different sets of pairs tie.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import permutations
from typing import Any

import numpy as np

from .gold_source import GoldDoc
from .layers import MEETING_SLOTS, Resolver, _record_key, score_meetings
from .predictions import TOPICS, PredDoc

#: Records per side that the batch aligns itself (documents with more go to the reference).
SMALL = 3
_PERMS = np.array(list(permutations(range(SMALL))), dtype=np.int64)  # (6, 3): column of each row
_TOPIC_BIT = {t: i for i, t in enumerate(sorted(TOPICS))}
_MAX_BITS = 62  # participant bits per document (int64 masks)


class MeetingBatch:
    """The meeting layer of a batch: ``slots[d, k]`` the ``(tp, fp, fn)`` of slot
    ``MEETING_SLOTS[k]`` in document ``d``, ``record_exact[d, 0]`` the whole-record counts,
    and, per document, what the cross-document layer needs: the gold records in the
    reference's order and the gold position each aligned predicted record (by its index in
    the predictions) was paired with."""

    def __init__(self, n_docs: int):
        self.slots = np.zeros((n_docs, len(MEETING_SLOTS), 3), dtype=np.int64)
        self.record_exact = np.zeros((n_docs, 1, 3), dtype=np.int64)
        self.gold: list[list[dict[str, Any]]] = [[] for _ in range(n_docs)]
        self.aligned: list[dict[int, int]] = [{} for _ in range(n_docs)]


def meeting_batch(golds: Sequence[GoldDoc], preds: Sequence[PredDoc], resolvers: Sequence[Resolver]) -> MeetingBatch:
    """:func:`.layers.score_meetings` of every document of a batch (see the module docstring)."""
    n_docs = len(golds)
    out = MeetingBatch(n_docs)
    codes: dict[Any, int] = {None: -1}
    # one row per record: document, position, participants (bits, count), topics (bits,
    # count), date, location, modality, status
    g_rows: list[tuple[int, ...]] = []
    p_rows: list[tuple[int, ...]] = []
    slow: list[int] = []
    for d in range(n_docs):
        gm = golds[d].meetings
        pm = preds[d].layers.get("meetings", ())
        if len(gm) > SMALL or len(pm) > SMALL:
            slow.append(d)
            continue
        if len(gm) > 1:
            gm = sorted(gm, key=_record_key)
        resolve = resolvers[d]
        bits: dict[str, int] = {}
        rows: list[tuple[int, ...]] = []
        ok = True
        for side, records in ((0, gm), (1, pm)):
            for i, r in enumerate(records):
                if side:
                    parts = resolve.expand(r["participants"])
                    location = resolve(r["location"])
                else:
                    parts, location = r["participants"], r["location"]
                mask = 0
                for t in parts:
                    b = bits.get(t)
                    if b is None:
                        b = bits[t] = len(bits)
                    mask |= 1 << b
                tmask = 0
                for t in r["topics"]:
                    b = _TOPIC_BIT.get(t)
                    if b is None:
                        ok = False
                        break
                    tmask |= 1 << b
                rows.append((side, d, i, mask, len(parts), tmask, len(r["topics"]),
                             codes.setdefault(r["date"], len(codes)), codes.setdefault(location, len(codes)),
                             codes.setdefault(r["modality"], len(codes)), codes.setdefault(r["status"], len(codes))))
        if not ok or len(bits) > _MAX_BITS:
            slow.append(d)
            continue
        out.gold[d] = gm
        for row in rows:
            (p_rows if row[0] else g_rows).append(row[1:])
    if g_rows and p_rows:
        _align_and_count(out, np.array(g_rows, dtype=np.int64), np.array(p_rows, dtype=np.int64), n_docs, slow)
    else:
        _count(out, np.array(g_rows, dtype=np.int64).reshape(-1, 10), np.array(p_rows, dtype=np.int64).reshape(-1, 10),
               np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), n_docs)
    for d in slow:
        _reference(out, d, golds[d], preds[d], resolvers[d])
    return out


_DOC, _POS, _PART, _NPART, _TOP, _NTOP, _DATE, _LOC, _MOD, _STATUS = range(10)


def _popcount(x: np.ndarray) -> np.ndarray:
    return np.bitwise_count(x.astype(np.uint64)).astype(np.int64)


def _align_and_count(out: MeetingBatch, g: np.ndarray, p: np.ndarray, n_docs: int, slow: list[int]) -> None:
    # every (gold, predicted) pair of records of one document
    p_first = np.searchsorted(p[:, _DOC], np.arange(n_docs + 1))
    per_gold = np.diff(p_first)[g[:, _DOC]]
    gi = np.repeat(np.arange(len(g)), per_gold)
    pi = np.repeat(p_first[g[:, _DOC]] - np.cumsum(per_gold) + per_gold, per_gold) + np.arange(len(gi))
    a, b = g[gi], p[pi]
    both = _popcount(a[:, _PART] & b[:, _PART])
    union = a[:, _NPART] + b[:, _NPART] - both
    jac_p = np.where(union == 0, 1.0, both / np.maximum(union, 1))
    t_both = _popcount(a[:, _TOP] & b[:, _TOP])
    t_union = a[:, _NTOP] + b[:, _NTOP] - t_both
    jac_t = np.where(t_union == 0, 1.0, t_both / np.maximum(t_union, 1))
    # the mean of the six slot similarities, summed in the reference's order
    total = jac_p + (a[:, _DATE] == b[:, _DATE])
    for col in (_LOC, _MOD, _STATUS):
        total = total + (a[:, col] == b[:, col])
    weight = np.rint((total + jac_t) / 6 * 6000).astype(np.int64)
    bare_a = (a[:, _NPART] == 0) & (a[:, _DATE] == -1) & (a[:, _LOC] == -1)
    bare_b = (b[:, _NPART] == 0) & (b[:, _DATE] == -1) & (b[:, _LOC] == -1)
    admissible = (both > 0) | ((a[:, _DATE] != -1) & (a[:, _DATE] == b[:, _DATE])) \
        | ((a[:, _LOC] != -1) & (a[:, _LOC] == b[:, _LOC])) | (bare_a & bare_b)
    gi, pi, weight = gi[admissible], pi[admissible], weight[admissible]
    # best matching of each document: the six complete assignments of a 3 x 3 matrix
    w = np.zeros((n_docs, SMALL, SMALL), dtype=np.int64)
    w[g[gi, _DOC], g[gi, _POS], p[pi, _POS]] = weight
    rows = np.arange(SMALL)
    picked = w[:, rows, _PERMS]  # (documents, 6, 3): weight of each assignment's cells
    totals = picked.sum(axis=2)
    cells = ((picked > 0) << (rows * SMALL + _PERMS)).sum(axis=2)  # the admissible pairs used, as bits
    best = totals.max(axis=1, keepdims=True)
    at_best = totals == best
    big = np.int64(1) << 62
    tied = np.where(at_best, cells, big).min(axis=1) != np.where(at_best, cells, -1).max(axis=1)
    tied_docs = set(np.flatnonzero(tied).tolist()) - set(slow)
    if tied_docs:
        slow.extend(sorted(tied_docs))
    choice = _PERMS[totals.argmax(axis=1)]  # (documents, 3)
    hit = w[g[gi, _DOC], g[gi, _POS], p[pi, _POS]] > 0
    chosen = (choice[g[gi, _DOC], g[gi, _POS]] == p[pi, _POS]) & hit & ~tied[g[gi, _DOC]]
    _count(out, g, p, gi[chosen], pi[chosen], n_docs, tied)


def _count(out: MeetingBatch, g: np.ndarray, p: np.ndarray, mg: np.ndarray, mp: np.ndarray, n_docs: int,
           skip: np.ndarray | None = None) -> None:
    """Slot and record counts from the aligned pairs (rows ``mg`` of ``g`` with ``mp`` of
    ``p``); documents flagged in ``skip`` are left to the reference."""
    g_free = np.ones(len(g), dtype=bool)
    g_free[mg] = False
    p_free = np.ones(len(p), dtype=bool)
    p_free[mp] = False
    if skip is not None:
        g_free &= ~skip[g[:, _DOC]]
        p_free &= ~skip[p[:, _DOC]]
    a, b = g[mg], p[mp]
    doc = a[:, _DOC]
    slots = out.slots

    def add(k: int, what: int, docs: np.ndarray, values: np.ndarray) -> None:
        slots[:, k, what] += np.bincount(docs, weights=values, minlength=n_docs).astype(np.int64)

    same = np.ones(len(a), dtype=bool)
    for k, slot in enumerate(MEETING_SLOTS):
        if slot in ("participants", "topics"):  # set slots count elements
            bits, size = (_PART, _NPART) if slot == "participants" else (_TOP, _NTOP)
            shared = _popcount(a[:, bits] & b[:, bits])
            add(k, 0, doc, shared)
            add(k, 1, doc, b[:, size] - shared)
            add(k, 2, doc, a[:, size] - shared)
            add(k, 2, g[g_free, _DOC], g[g_free, size])
            add(k, 1, p[p_free, _DOC], p[p_free, size])
            same &= a[:, bits] == b[:, bits]
        else:  # a wrong value is one false positive and one false negative
            col = {"date": _DATE, "location": _LOC, "modality": _MOD, "status": _STATUS}[slot]
            equal = a[:, col] == b[:, col]
            right = equal & (a[:, col] != -1)
            add(k, 0, doc, right)
            add(k, 1, doc, ~right & (b[:, col] != -1))
            add(k, 2, doc, ~right & (a[:, col] != -1))
            add(k, 2, g[g_free, _DOC], g[g_free, col] != -1)
            add(k, 1, p[p_free, _DOC], p[p_free, col] != -1)
            same &= equal
    exact = np.bincount(doc, weights=same, minlength=n_docs).astype(np.int64)
    n_gold = np.bincount(g[:, _DOC], minlength=n_docs)
    n_pred = np.bincount(p[:, _DOC], minlength=n_docs)
    out.record_exact[:, 0] = np.stack([exact, n_pred - exact, n_gold - exact], axis=1)
    for d, gpos, pidx in zip(doc.tolist(), a[:, _POS].tolist(), b[:, _POS].tolist()):
        out.aligned[d][pidx] = gpos


def _reference(out: MeetingBatch, d: int, gold: GoldDoc, pred: PredDoc, resolve: Resolver) -> None:
    """Document ``d`` scored by :func:`.layers.score_meetings`."""
    res, pairs, g, p = score_meetings(gold, pred, resolve)
    out.slots[d] = [res["slots"][slot].as_tuple() for slot in MEETING_SLOTS]
    out.record_exact[d, 0] = res["record_exact"]["all"].as_tuple()
    out.gold[d] = g
    out.aligned[d] = {p[b]["index"]: a for a, b in pairs}
