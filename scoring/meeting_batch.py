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
outside the table, a gold meeting id given twice) or when two different sets of pairs tie.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import permutations
from typing import Any, NamedTuple

import numpy as np

from .gold_source import GoldDoc
from .layers import HALF_THE_SLOTS, MEETING_SLOTS, Resolver, record_content, score_meetings
from .predictions import TOPICS, PredDoc

#: Records per side that the batch aligns itself (documents with more go to the reference).
SMALL = 3
_PERMS = np.array(list(permutations(range(SMALL))), dtype=np.int64)  # (6, 3): column of each row
_TOPIC_BIT = {t: i for i, t in enumerate(sorted(TOPICS))}
_MAX_BITS = 62  # participant bits per document (int64 masks)


class MeetingBatch:
    """The meeting layer of a batch.

    ``slots[d, k]``: the ``(cor, inc, mis, spu)`` of slot ``MEETING_SLOTS[k]`` in document ``d``
    (:func:`.layers.slot_counts`);
    ``record_exact[d, 0]``: its whole-record counts. For the cross-document layer, every
    predicted record as parallel arrays — its document (``pred_doc``), its index in the
    predictions (``pred_index``), its cross id (``pred_cross``, as numbered by the caller's
    ``cross_id``; -1 for null or absent) and the number of the gold record it was aligned to
    (``pred_match``, -1 if none) —, the same for the gold records with a cross id
    (``gold_doc``, ``gold_index``: the record's number, ``gold_cross``), and whether any
    predicted record carries the ``cross_doc_id`` key (``has_cross_key``). A gold record's
    number is the position in ``gold.meetings`` of the first record with its id (its own
    position wherever ids are unique, as in every document the batch aligns itself). For
    the documents scored by the reference, ``reference`` keeps their alignment (predicted
    index → position in ``gold.meetings``) and ``deferred`` lists their groups of
    interchangeable predicted records (see :func:`interchangeable`).
    """

    def __init__(self, n_docs: int):
        self.slots = np.zeros((n_docs, len(MEETING_SLOTS), 4), dtype=np.int64)
        self.record_exact = np.zeros((n_docs, 1, 3), dtype=np.int64)
        self.pred_doc = self.pred_index = self.pred_cross = self.pred_match = np.zeros(0, dtype=np.int64)
        self.gold_doc = self.gold_index = self.gold_cross = np.zeros(0, dtype=np.int64)
        self.has_cross_key = False
        self.reference: dict[int, dict[int, int]] = {}
        self.deferred: list[Interchangeable] = []


class Interchangeable(NamedTuple):
    """Predicted records of document ``doc`` with the same content (:func:`.layers.record_content`)
    but different cross ids: the meeting layer cannot tell them apart, so which of them
    holds the group's gold matches (gold record numbers ``golds``) is left to the
    cross-document layer. ``members``: each record's index in the predictions and cross id
    (numbered by ``cross_id``, -1 for none)."""

    doc: int
    members: tuple[tuple[int, int], ...]
    golds: tuple[int, ...]


def _no_cross(cid: str) -> int:
    return -1


def meeting_batch(golds: Sequence[GoldDoc], preds: Sequence[PredDoc], resolvers: Sequence[Resolver],
                  cross_id: Callable[[str], int] = _no_cross) -> MeetingBatch:
    """:func:`.layers.score_meetings` of every document of a batch (see the module
    docstring); ``cross_id`` numbers cross-document ids (for :class:`MeetingBatch`)."""
    n_docs = len(golds)
    out = MeetingBatch(n_docs)
    codes: dict[Any, int] = {None: -1}
    # one row per record: document, position, participants (bits, count), topics (bits,
    # count), date, location, modality, status, cross id
    g_rows: list[tuple[int, ...]] = []
    p_rows: list[tuple[int, ...]] = []
    slow: list[int] = []
    for d in range(n_docs):
        gold = golds[d]
        gm = gold.meetings
        pm = preds[d].layers.get("meetings", ())
        if len(gm) > SMALL or len(pm) > SMALL or len({r["id"] for r in gm}) < len(gm):
            slow.append(d)
            continue
        resolve = resolvers[d]
        members = gold.members
        bits: dict[str, int] = {}
        rows = [_row(d, i, r["participants"], r["location"], r["cross_doc_id"], r, bits, codes, cross_id)
                for i, r in enumerate(gm)]
        n_gold = len(rows)
        for i, r in enumerate(pm):
            tokens = map(resolve, r["participants"])
            if members:  # a group entity stands for its members
                tokens = (t for token in tokens for t in members.get(token, (token,)))  # type: ignore[arg-type]
            rows.append(_row(d, i, tokens, resolve(r["location"]), r.get("cross_doc_id"), r, bits, codes, cross_id))
            if "cross_doc_id" in r:
                out.has_cross_key = True
        if len(bits) > _MAX_BITS or -2 in (row[_TOP] for row in rows):
            slow.append(d)
            continue
        g_rows.extend(rows[:n_gold])
        p_rows.extend(rows[n_gold:])
    g = np.array(g_rows, dtype=np.int64).reshape(-1, _WIDTH)
    p = np.array(p_rows, dtype=np.int64).reshape(-1, _WIDTH)
    skip = np.zeros(n_docs, dtype=bool)
    if len(g) and len(p):
        mg, mp, tied = _align(g, p, n_docs)
        slow.extend(np.flatnonzero(tied).tolist())
        skip = tied
    else:
        mg = mp = np.zeros(0, dtype=np.int64)
    _count(out, g, p, mg, mp, n_docs, skip)
    keep_g = ~skip[g[:, _DOC]] & (g[:, _CROSS] >= 0)
    keep_p = ~skip[p[:, _DOC]]
    match = np.full(len(p), -1, dtype=np.int64)
    match[mp] = g[mg, _POS]
    x_gold = [g[keep_g][:, [_DOC, _POS, _CROSS]]]
    x_pred = [np.stack([p[keep_p, _DOC], p[keep_p, _POS], p[keep_p, _CROSS], match[keep_p]], axis=1)]
    for d in slow:
        _reference(out, d, golds[d], preds[d], resolvers[d], cross_id, x_gold, x_pred)
    out.gold_doc, out.gold_index, out.gold_cross = np.concatenate(x_gold).T
    out.pred_doc, out.pred_index, out.pred_cross, out.pred_match = np.concatenate(x_pred).T
    return out


def _row(d: int, i: int, participants: Iterable[str], location: str | None, cid: str | None, r: dict[str, Any],
         bits: dict[str, int], codes: dict[Any, int], cross_id: Callable[[str], int]) -> tuple[int, ...]:
    """Record ``i`` of document ``d`` as a row (see the ``_DOC`` … ``_CROSS`` columns):
    participants as bits numbered per document (``bits``), values as codes numbered per
    batch (``codes``), topics as bits of :data:`_TOPIC_BIT` (-2: a topic outside it)."""
    mask = 0
    for t in participants:
        b = bits.get(t)
        if b is None:
            b = bits[t] = len(bits)
        mask |= 1 << b
    topics = r["topics"]
    tmask = 0
    for t in topics:
        b = _TOPIC_BIT.get(t)
        if b is None:
            tmask = -2
            break
        tmask |= 1 << b
    intern = codes.setdefault
    return (d, i, mask, mask.bit_count(), tmask, len(topics), intern(r["date"], len(codes)),
            intern(location, len(codes)), intern(r["modality"], len(codes)), intern(r["status"], len(codes)),
            -1 if cid is None else cross_id(cid))


_DOC, _POS, _PART, _NPART, _TOP, _NTOP, _DATE, _LOC, _MOD, _STATUS, _CROSS = range(11)
_WIDTH = 11

#: Columns of ``MeetingBatch.slots``.
_COR, _INC, _MIS, _SPU = range(4)


_M1, _M2, _M4, _H01 = (np.uint64(v) for v in (0x5555555555555555, 0x3333333333333333, 0x0F0F0F0F0F0F0F0F,
                                                0x0101010101010101))


def _popcount(x: np.ndarray) -> np.ndarray:
    """Set bits of each (non-negative) integer. numpy has ``bitwise_count`` from 2.0 on; this
    is the classic bit-parallel count, for every supported numpy."""
    v = x.astype(np.uint64)
    v = v - ((v >> np.uint64(1)) & _M1)
    v = (v & _M2) + ((v >> np.uint64(2)) & _M2)
    v = (v + (v >> np.uint64(4))) & _M4
    return ((v * _H01) >> np.uint64(56)).astype(np.int64)


def _align(g: np.ndarray, p: np.ndarray, n_docs: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The aligned pairs (rows of ``g`` and ``p``) of every document whose best matching is
    unique, and which documents' is not (``tied``: the reference decides)."""
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
        | ((a[:, _LOC] != -1) & (a[:, _LOC] == b[:, _LOC])) | (bare_a & bare_b) | (weight >= HALF_THE_SLOTS)
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
    choice = _PERMS[totals.argmax(axis=1)]  # (documents, 3)
    hit = w[g[gi, _DOC], g[gi, _POS], p[pi, _POS]] > 0
    chosen = (choice[g[gi, _DOC], g[gi, _POS]] == p[pi, _POS]) & hit & ~tied[g[gi, _DOC]]
    return gi[chosen], pi[chosen], tied


def _count(out: MeetingBatch, g: np.ndarray, p: np.ndarray, mg: np.ndarray, mp: np.ndarray, n_docs: int,
           skip: np.ndarray) -> None:
    """Slot and record counts from the aligned pairs (rows ``mg`` of ``g`` with ``mp`` of
    ``p``); documents flagged in ``skip`` are left to the reference."""
    g_free = np.ones(len(g), dtype=bool)
    g_free[mg] = False
    p_free = np.ones(len(p), dtype=bool)
    p_free[mp] = False
    g_free &= ~skip[g[:, _DOC]]
    p_free &= ~skip[p[:, _DOC]]
    a, b = g[mg], p[mp]
    doc = a[:, _DOC]
    slots = out.slots

    def add(k: int, what: int, docs: np.ndarray, values: np.ndarray) -> None:
        slots[:, k, what] += np.bincount(docs, weights=values, minlength=n_docs).astype(np.int64)

    same = np.ones(len(a), dtype=bool)
    for k, slot in enumerate(MEETING_SLOTS):
        if slot in ("participants", "topics"):  # set slots count elements; pairs of misses are substitutions
            bits, size = (_PART, _NPART) if slot == "participants" else (_TOP, _NTOP)
            shared = _popcount(a[:, bits] & b[:, bits])
            gold_only, pred_only = a[:, size] - shared, b[:, size] - shared
            inc = np.minimum(gold_only, pred_only)
            add(k, _COR, doc, shared)
            add(k, _INC, doc, inc)
            add(k, _MIS, doc, gold_only - inc)
            add(k, _SPU, doc, pred_only - inc)
            add(k, _MIS, g[g_free, _DOC], g[g_free, size])
            add(k, _SPU, p[p_free, _DOC], p[p_free, size])
            same &= a[:, bits] == b[:, bits]
        else:  # a wrong value is one substitution
            col = {"date": _DATE, "location": _LOC, "modality": _MOD, "status": _STATUS}[slot]
            equal = a[:, col] == b[:, col]
            has_g, has_p = a[:, col] != -1, b[:, col] != -1
            add(k, _COR, doc, equal & has_g)
            add(k, _INC, doc, ~equal & has_g & has_p)
            add(k, _MIS, doc, has_g & ~has_p)
            add(k, _SPU, doc, ~has_g & has_p)
            add(k, _MIS, g[g_free, _DOC], g[g_free, col] != -1)
            add(k, _SPU, p[p_free, _DOC], p[p_free, col] != -1)
            same &= equal
    exact = np.bincount(doc, weights=same, minlength=n_docs).astype(np.int64)
    n_gold = np.bincount(g[:, _DOC], minlength=n_docs)
    n_pred = np.bincount(p[:, _DOC], minlength=n_docs)
    out.record_exact[:, 0] = np.stack([exact, n_pred - exact, n_gold - exact], axis=1)


def _reference(out: MeetingBatch, d: int, gold: GoldDoc, pred: PredDoc, resolve: Resolver,
               cross_id: Callable[[str], int], x_gold: list[np.ndarray], x_pred: list[np.ndarray]) -> None:
    """Document ``d`` scored by :func:`.layers.score_meetings` (its alignment kept in
    ``out.reference``, gold records by their position in ``gold.meetings``); its records'
    cross-document rows appended to ``x_gold`` and ``x_pred``."""
    res, pairs, g, p = score_meetings(gold, pred, resolve)
    out.slots[d] = [res["slots"][slot].as_tuple() for slot in MEETING_SLOTS]
    out.record_exact[d, 0] = res["record_exact"]["all"].as_tuple()
    position = {id(r): k for k, r in enumerate(gold.meetings)}  # the reference sorts the same objects
    aligned = out.reference[d] = {p[b]["index"]: position[id(g[a])] for a, b in pairs}
    first: dict[str, int] = {}
    for k, r in enumerate(gold.meetings):
        first.setdefault(r["id"], k)
    number = [first[r["id"]] for r in gold.meetings]
    rows = [(d, number[k], -1 if r["cross_doc_id"] is None else cross_id(r["cross_doc_id"]))
            for k, r in enumerate(gold.meetings)]
    x_gold.append(np.array([row for row in rows if row[2] >= 0], dtype=np.int64).reshape(-1, 3))
    rows = []
    for i, m in enumerate(pred.layers.get("meetings", ())):
        if "cross_doc_id" in m:
            out.has_cross_key = True
        cid = m.get("cross_doc_id")
        rows.append((d, i, -1 if cid is None else cross_id(cid), number[aligned[i]] if i in aligned else -1))
    x_pred.append(np.array(rows, dtype=np.int64).reshape(-1, 4))
    out.deferred.extend(interchangeable(d, p, rows, resolve))


def interchangeable(d: int, p: list[dict[str, Any]], rows: list[tuple[int, int, int, int]],
                    resolve: Resolver) -> list[Interchangeable]:
    """The groups of predicted records of document ``d`` (``p``: as sorted by the reference,
    so equal contents are adjacent; ``rows``: their cross-document rows by index) that share
    a content, differ in cross id and hold at least one gold match. A tie between such
    records is broken by their position in the file, which says nothing about which cross
    id deserves the match: the cross-document layer deals the group's matches out itself,
    from what the clusters hold (so that no score depends on the names of cross ids)."""
    groups: list[Interchangeable] = []
    k = 0
    while k < len(p):
        content = record_content(p[k], resolve.sort_token)
        j = k + 1
        while j < len(p) and record_content(p[j], resolve.sort_token) == content:
            j += 1
        if j - k > 1:
            members = [rows[r["index"]] for r in p[k:j]]
            golds = tuple(sorted(row[3] for row in members if row[3] >= 0))
            if golds and len({row[2] for row in members}) > 1:
                groups.append(Interchangeable(d, tuple(sorted((row[1], row[2]) for row in members)), golds))
        k = j
    return groups
