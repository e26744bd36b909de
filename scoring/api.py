"""Scoring a predictions file against the gold: one pass, one result object.

Predictions are streamed line by line; each line is validated, paired with its gold
document (read lazily) and queued; every :data:`BATCH` documents the queue is scored (mentions,
the grounded entity layer, grounded dates and meetings vectorised over the batch, roles and
the ungrounded layers document by document) and booked as tables, and only *counts* are
kept: corpus sums per type, plus one small numeric
row per document (a few dozen bytes) when per-document output or the bootstrap needs them
(``Options.per_document``, on by default). With per-document rows off, memory does not grow
with the number of documents beyond 4 bytes per gold document (the line that predicted it,
for duplicate errors), except for the cross-document layer, which is corpus-wide by
definition (12 bytes per meeting record with a ``cross_doc_id``, kept only when that layer is
scored, plus each distinct cross id once). The result (:class:`ScoreReport`) is rendered by
:mod:`.report`; nothing here prints.
"""

from __future__ import annotations

import contextlib
import gc
import math
import threading
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from mil2mil.errors import InputError, Problem

from .choices import LAYERS, TIMEX_TIES
from .coref import COREF_METRICS, LabelledClusters, score_labelled
from .counts import Counts, PRFraction, SchemeCounts, SlotCounts, macro
from .gold_source import GoldDoc, GoldSource
from .entity_batch import entity_batch
from .layers import ALL, MEETING_SLOTS, ROLE_METRICS, Resolver, score_entities_ungrounded, score_roles, score_timexes
from .match import optimal_pairs
from .meeting_batch import MeetingBatch, meeting_batch
from .names import POLICY as NAME_POLICY
from .mentions import SCHEME_NAMES, SCHEME_SLOTS, mention_outcomes_records
from .llm_runs import RunRecords
from .predictions import MATCHING_KINDS, MAX_LINE_BYTES, RUN_KEY, PredDoc, check_document, input_name, read_lines
from .signature import Signature
from .timex_batch import timex_batch

DEFAULT_SEED = 12345
DEFAULT_OVERLAP = 0.0

_WIDTH = {"scheme": 5, "counts": 3, "slots": 4, "fraction": 4}
_FROM = {"scheme": SchemeCounts.from_tuple, "counts": Counts.from_tuple, "slots": SlotCounts.from_tuple,
         "fraction": PRFraction.from_tuple}


@dataclass
class Options:
    scheme: str = "strict"
    overlap: float = DEFAULT_OVERLAP
    average: str = "micro"
    bootstrap: int = 0
    seed: int = DEFAULT_SEED
    allow_missing: bool = False
    layers: tuple[str, ...] | None = None
    #: How a date expression overlapping several on the other side is paired
    #: (:data:`.choices.TIMEX_TIES`): the TempEval-3 toolkit's rule, or the optimal alignment.
    timex_ties: str = "te3"
    max_line_bytes: int = MAX_LINE_BYTES
    #: How references are read: "grounded" or "ungrounded"; None: as the file's lines declare
    #: (top-level ``matching``).
    matching: str | None = None
    #: Score values outside the TIMEX3 grammar or a closed vocabulary as wrong (and count
    #: them) instead of rejecting the file.
    lenient: bool = False
    #: Keep one row of counts per document (for per-document output and the bootstrap).
    #: ``False`` keeps memory flat in the number of documents; the bootstrap keeps them anyway.
    per_document: bool = True
    #: Add the per-phenomenon breakdown (:mod:`.phenomena`) to the report (keeps per-document rows).
    by_phenomenon: bool = False


class MetricResult:
    """One metric of one layer: counts per type; per-document totals as flat arrays.

    Accumulation works on plain lists of numbers (the hot path); the typed counts objects
    are built on access.
    """

    def __init__(self, name: str, kind: str, keep_per_doc: bool = True, keep_type_rows: bool = False):
        self.name = name
        self.kind = kind
        self._acc: dict[str, list[float]] = {}
        self.per_doc: array = array("d")
        self.keep_per_doc = keep_per_doc
        #: ``(document position, type, counts)`` of every document and type with counts, kept
        #: only for the bootstrap of a macro headline (which needs per-type resamples).
        self.type_rows: list[tuple[int, str, tuple[float, ...]]] | None = [] if keep_type_rows else None
        #: Fractions only: per type, each column's per-document values as a few floats whose
        #: exact sum is the running sum (:func:`_exact_parts`) followed by the values added
        #: since they were last folded in, so that the totals (:meth:`make_exact`) are exactly
        #: rounded (``math.fsum``) whatever the order of the documents and the batch size.
        self._parts: dict[str, list[list[float]]] = {}
        self.n_docs = 0

    def add_batch(self, types: Sequence[str], counts: np.ndarray, listed: np.ndarray | None = None) -> None:
        """Book the counts of a batch of documents: ``counts[d, k]`` the counts of document
        ``d`` under ``types[k]`` (``(documents, types, width)``). ``listed[d, k]`` says
        whether that type is one of the document's (its row, a type of the corpus totals);
        ``None``: the types with a nonzero count are.

        Counts of the "counts", "slots" and "scheme" kinds are integers, summed exactly; fractions are
        floats, whose totals are made exactly rounded at the end (:meth:`make_exact`).
        """
        n = counts.shape[0]
        if not n:
            return
        if listed is None:
            listed = counts.any(axis=2)
        fraction = self.kind == "fraction"
        mat = counts.astype(np.float64 if fraction else np.int64, copy=False)
        acc = self._acc
        sums = mat.sum(axis=0).tolist()
        for k in np.flatnonzero(listed.any(axis=0)).tolist():
            t = types[k]
            a = acc.get(t)
            acc[t] = sums[k] if a is None else [x + y for x, y in zip(a, sums[k])]
        rows = self.type_rows
        if rows is not None:
            d0 = self.n_docs
            ds, ks = np.nonzero(listed)
            rows.extend((d0 + d, types[k], tuple(mat[d, k].tolist())) for d, k in zip(ds.tolist(), ks.tolist()))
        self.n_docs += n
        if self.keep_per_doc:
            self.per_doc.frombytes(np.ascontiguousarray(mat.sum(axis=1), dtype=np.float64).tobytes())
        if fraction:
            for k in np.flatnonzero(listed.any(axis=0)).tolist():
                columns = mat[listed[:, k], k].T.tolist()
                parts = self._parts.get(types[k])
                if parts is None:
                    self._parts[types[k]] = columns
                    continue
                for part, column in zip(parts, columns):
                    part.extend(column)
                if len(parts[0]) >= _FOLD:
                    self._parts[types[k]] = [_exact_parts(part) for part in parts]

    def make_exact(self) -> None:
        """Replace each type's running fraction sums with the exactly rounded sums of the
        values booked (order- and batch-independent: the headlines are computed from them)."""
        for t, parts in self._parts.items():
            self._acc[t] = [math.fsum(part) for part in parts]

    def set_type(self, t: str, counts: Any) -> None:
        self._acc[t] = list(counts.as_tuple())

    @property
    def per_type(self) -> dict[str, Any]:
        return {t: _FROM[self.kind](self._acc[t]) for t in sorted(self._acc)}

    @property
    def total(self) -> Any:
        w = _WIDTH[self.kind]
        tot = [0] * w
        for t in sorted(self._acc):
            for i in range(w):
                tot[i] += self._acc[t][i]
        return _FROM[self.kind](tot)

    def doc_matrix(self) -> np.ndarray:
        return np.frombuffer(self.per_doc, dtype=np.float64).reshape(-1, _WIDTH[self.kind])

    def doc_counts(self, i: int) -> Any:
        w = _WIDTH[self.kind]
        return _FROM[self.kind](list(self.per_doc[i * w:(i + 1) * w]))

    def macro(self) -> dict[str, float | None]:
        return macro(self.per_type)

    def type_matrices(self) -> dict[str, np.ndarray]:
        """Per-document counts of each type (``type -> (n_docs, width)``), from :attr:`type_rows`."""
        w = _WIDTH[self.kind]
        out: dict[str, np.ndarray] = {}
        for d, t, tup in self.type_rows or ():
            mat = out.get(t)
            if mat is None:
                mat = out[t] = np.zeros((self.n_docs, w), dtype=np.float64)
            mat[d] += tup
        return dict(sorted(out.items()))


#: Values a column of ``MetricResult._parts`` takes before they are folded (memory flat).
_FOLD = 4096


def _exact_parts(values: list[float]) -> list[float]:
    """A few floats whose exact sum is the exact sum of ``values``.

    ``math.fsum`` returns the exactly rounded sum; subtracting it (as one more value) and
    summing again leaves the rounding error, itself exactly rounded, and so on until nothing
    is left. Sums of floats are multiples of the smallest ulp among them, so this ends,
    usually after one or two rounds; ``math.fsum`` of the parts (plus any later values) is
    then the exactly rounded sum of every value, as if all had been kept.
    """
    rest = list(values)
    parts: list[float] = []
    while True:
        h = math.fsum(rest)
        if h == 0.0 or not math.isfinite(h):
            return parts if h == 0.0 else [h]
        parts.append(h)
        rest.append(-h)


@dataclass
class LayerResult:
    layer: str
    scored: bool
    match: str
    reason: str = ""
    metrics: dict[str, MetricResult] = field(default_factory=dict)
    headline_metric: str = ""
    headline: float | None = None
    ci: tuple[float | None, float | None] | None = None
    #: False when the interval is drawn from too few documents to mean anything
    #: (:data:`.bootstrap.MIN_DOCUMENTS`); None without an interval.
    ci_meaningful: bool | None = None
    signature: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class ScoreReport:
    predictions: str
    gold: str
    doc_ids: Sequence[str]
    layers: dict[str, LayerResult]
    options: Options
    warnings: list[str]
    data_version: str
    #: summary of the ``llm`` records (LLM runs only): see :mod:`.llm_runs`
    llm: dict[str, Any] | None = None
    #: Values outside the TIMEX3 grammar or a closed vocabulary, scored as wrong (``--lenient``).
    invalid_values: int = 0
    #: The per-phenomenon breakdown (:class:`.phenomena.Breakdown`) when ``Options.by_phenomenon``.
    phenomena: Any = None


# --- headline functions over summed per-document vectors ------------------------------

def _f1_counts(v: np.ndarray) -> float | None:
    return Counts.from_tuple(v.tolist()).metrics()["f1"]


def _f1_scheme(v: np.ndarray) -> float | None:
    return SchemeCounts.from_tuple(v.tolist()).metrics()["f1"]


def _f1_slots(v: np.ndarray) -> float | None:
    return SlotCounts.from_tuple(v.tolist()).f1()


def _f1_fraction(v: np.ndarray) -> float | None:
    return PRFraction.from_tuple(v.tolist()).metrics()["f1"]


def _conll(vs: dict[str, np.ndarray]) -> float | None:
    fs = [_f1_fraction(vs[m]) for m in ("muc", "b3", "ceafe")]
    return None if any(x is None for x in fs) else sum(fs) / 3  # type: ignore[arg-type]


def headline_spec(layer: str, match: str, scheme: str) -> tuple[str, list[str], Callable[[dict[str, np.ndarray]], float | None]]:
    """(headline name, metrics it needs, function of the summed per-document vectors)."""
    if layer == "mentions":
        return f"{scheme}_f1", [scheme], lambda vs: _f1_scheme(vs[scheme])
    if layer == "entities":
        if match == "grounded":
            return "conll_f1", ["muc", "b3", "ceafe"], _conll
        return "entities_f1", ["entities"], lambda vs: _f1_counts(vs["entities"])
    if layer == "roles":
        return "tuple_f1", ["tuple"], lambda vs: _f1_counts(vs["tuple"])
    if layer == "timexes":
        return "value_f1", ["value"], lambda vs: _f1_counts(vs["value"])
    if layer == "meetings":
        return "slots_f1", ["slots"], lambda vs: _f1_slots(vs["slots"])
    return "conll_f1", ["muc", "b3", "ceafe"], _conll


def _macro_metric(name: str) -> str | None:
    """The metric whose per-type macro average is the macro headline ``name``; ``None`` for a
    headline without types (CoNLL F1), whose macro value is its micro value."""
    if name == "conll_f1":
        return None
    return {"entities_f1": "entities", "tuple_f1": "tuple", "value_f1": "value", "slots_f1": "slots"}.get(
        name, name.removesuffix("_f1"))


def macro_headline(layer: LayerResult) -> float | None:
    """The macro headline: mean of per-type F1 of the headline metric.

    The CoNLL F1 (entities grounded, crossdoc) has no types: its macro value is its micro value.
    """
    metric = _macro_metric(layer.headline_metric)
    if metric is None:
        _, needed, fn = headline_spec(layer.layer, layer.match, layer.headline_metric.removesuffix("_f1"))
        return fn({k: np.asarray(layer.metrics[k].total.as_tuple(), dtype=np.float64) for k in needed})
    return layer.metrics[metric].macro()["f1"]


def _macro_fn(kind: str) -> Callable[[dict[str, np.ndarray]], float | None]:
    """Macro F1 of summed per-type vectors (keys: types), as :func:`.counts.macro` computes it."""
    build = _FROM[kind]
    return lambda vs: macro({t: build(v.tolist()) for t, v in vs.items()})["f1"]


# --- the pass --------------------------------------------------------------------------

class _Run:
    """State of one scoring pass (kept out of the public API)."""

    def __init__(self, pred_path: Path, gold: GoldSource, opts: Options):
        self.path = pred_path
        self.name = input_name(pred_path)
        self.gold = gold
        self.opts = opts
        self.problems: list[Problem] = []
        self.present: frozenset[str] | None = None
        self.first_line = 0
        self.grounded = False
        #: the matching kind the file or the options declare (None: inferred, the 0.2 way)
        self.declared: str | None = None
        self.any_mention = False
        #: values scored as wrong under ``--lenient``
        self.invalid = [0]
        self.metrics: dict[str, dict[str, MetricResult]] = {}
        self.keys: frozenset[str] = frozenset()
        self.line_keys: frozenset[str] = frozenset()  # ``keys`` and doc_id
        self.wanted: frozenset[str] = frozenset()
        #: line of each gold document's predictions (0: not seen), by gold index
        self.seen = array("I", bytes(array("I").itemsize * len(gold)))
        self.keep_per_doc = opts.per_document or opts.bootstrap > 0 or opts.by_phenomenon
        self.phen: Any = None
        if opts.by_phenomenon:
            from .phenomena import Collector

            self.phen = Collector(opts.overlap)
        self.keep_type_rows = opts.bootstrap > 0 and opts.average == "macro"
        self.mention_type_rows: list[tuple[int, str, tuple[int, ...]]] = []
        # mentions: per-type outcome counts (see mentions.mention_outcomes) and per-document rows
        self.mention_acc: dict[str, list[int]] = {}
        self.mention_rows = array("d")
        self.n_mention_docs = 0
        #: documents queued for the next batch: (gold index, predictions, gold)
        self.pending: list[tuple[int, PredDoc, GoldDoc]] = []
        # cross-document records (kept only when that layer is scored), 12 bytes each: the
        # record as an integer, doc index * 2**21 + 2 * gold meeting position (or 2 * predicted
        # index + 1), and its cross id interned into ``xdoc_ids`` (32-bit)
        self.xdoc_gold: tuple[array, array] = (array("q"), array("i"))
        self.xdoc_pred: tuple[array, array] = (array("q"), array("i"))
        self.xdoc_index: dict[str, int] = {}
        self.xdoc_ids: list[str] = []
        self.has_xdoc_key = False
        #: groups of interchangeable predicted records whose gold matches the cross-document
        #: layer deals out (:func:`_deal_interchangeable`): document base, members (index,
        #: cross id, position in ``xdoc_pred`` or -1), gold record numbers
        self.xdoc_deferred: list[tuple[int, tuple[tuple[int, int, int], ...], tuple[int, ...]]] = []

    def metric(self, layer: str, name: str, kind: str) -> MetricResult:
        per = self.metrics.setdefault(layer, {})
        m = per.get(name)
        if m is None:
            m = per[name] = MetricResult(name, kind, self.keep_per_doc, self.keep_type_rows)
        return m

    def cross_id(self, cid: str) -> int:
        i = self.xdoc_index.get(cid)
        if i is None:
            i = self.xdoc_index[cid] = len(self.xdoc_ids)
            self.xdoc_ids.append(cid)
        return i


def _is_int(v: Any) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


def check_options(opts: Options, min_bootstrap: int = 0) -> None:
    """Raise :class:`InputError` naming every option out of its domain (``--name: ...``)."""
    problems: list[Problem] = []

    def bad(option: str, message: str) -> None:
        problems.append(Problem("", option, message))

    if opts.timex_ties not in TIMEX_TIES:
        bad("--timex-ties", f"unknown rule {opts.timex_ties!r}; expected one of {', '.join(TIMEX_TIES)}")
    if opts.scheme not in SCHEME_NAMES:
        bad("--scheme", f"unknown scheme {opts.scheme!r}; expected one of {', '.join(SCHEME_NAMES)}")
    if isinstance(opts.overlap, bool) or not isinstance(opts.overlap, (int, float)) or not 0.0 <= opts.overlap <= 1.0:
        bad("--overlap", f"must be a number within [0, 1], got {opts.overlap!r}")
    if opts.average not in ("micro", "macro"):
        bad("--average", f"unknown averaging {opts.average!r}; expected micro or macro")
    if not _is_int(opts.bootstrap) or opts.bootstrap < min_bootstrap:
        what = "a positive integer (compare needs resamples)" if min_bootstrap else "a non-negative integer (0: no interval)"
        bad("--bootstrap", f"must be {what}, got {opts.bootstrap!r}")
    if not _is_int(opts.seed) or opts.seed < 0:
        bad("--seed", f"must be a non-negative integer, got {opts.seed!r}")
    if opts.matching not in (None, *MATCHING_KINDS):
        bad("--matching", f"unknown matching kind {opts.matching!r}; expected grounded or ungrounded")
    unknown = [x for x in opts.layers or () if x not in LAYERS]
    if unknown:
        bad("--layer", f"unknown layer(s) {', '.join(map(repr, unknown))}; expected some of {', '.join(LAYERS)}")
    if problems:
        raise InputError(problems)


def _layers_present(obj_keys: frozenset[str], grounded: bool) -> frozenset[str]:
    out = set()
    if grounded and "mentions" in obj_keys:
        out |= {"mentions", "entities"}
    elif "entities" in obj_keys:
        out.add("entities")
    for k in ("roles", "timexes", "meetings"):
        if k in obj_keys:
            out.add(k)
    if "meetings" in obj_keys:
        out.add("crossdoc")
    return frozenset(out)


_REC_SHIFT = 2**21  # records per document in the cross-document record numbering


def _score_doc(run: _Run, doc_index: int, pred: PredDoc, gold: GoldDoc) -> None:
    """Queue one document; documents are scored :data:`BATCH` at a time (:func:`_flush`)."""
    run.pending.append((doc_index, pred, gold))
    if len(run.pending) >= BATCH:
        _flush(run)


def _flush(run: _Run) -> None:
    """Score the queued documents, every layer a batch at a time (mentions, the grounded
    entity layer, grounded dates and meetings vectorised; ungrounded entities and dates, and
    roles, document by document), booked as tables in queue order (so every metric's
    per-document rows line up)."""
    batch, run.pending = run.pending, []
    if not batch:
        return
    present = run.wanted
    golds = [g for _, _, g in batch]
    preds = [p for _, p, _ in batch]
    if "mentions" in present:
        _flush_mentions(run, [g.raw["mentions"] for g in golds], [p.layers.get("mentions", ()) for p in preds])
    resolving = "roles" in present or "meetings" in present
    coref: np.ndarray | None = None
    aligned: list[dict[str, str] | None] = [None] * len(batch)
    if run.grounded and ("entities" in present or resolving):
        coref, aligned = entity_batch(golds, preds, coref="entities" in present, alignment=resolving)
    tables: dict[tuple[str, str], Table] = {}
    if "entities" in present:
        if run.grounded:
            every = np.ones((len(batch), 1), dtype=bool)  # a document lists each metric's one type
            for i, name in enumerate(COREF_METRICS):
                tables[("entities", name)] = ([ALL], coref[:, i:i + 1, :], every)  # type: ignore[index]
        else:
            _stack_into(tables, "entities", [score_entities_ungrounded(g, p) for g, p in zip(golds, preds)])
    resolvers = [Resolver(g, p, run.grounded, a) for g, p, a in zip(golds, preds, aligned)] if resolving else []
    if "roles" in present:
        roles = np.zeros((len(batch), len(ROLE_METRICS), 1, 3), dtype=np.int64)
        for k, (g, p, resolve) in enumerate(zip(golds, preds, resolvers)):
            if g.roles or p.layers.get("roles"):  # else zero counts: nothing to compare
                res = score_roles(g, p, resolve)
                roles[k, :, 0] = [res[name][ALL].as_tuple() for name in ROLE_METRICS]
        for i, name in enumerate(ROLE_METRICS):
            tables[("roles", name)] = ([ALL], roles[:, i], np.ones((len(batch), 1), dtype=bool))
    if "timexes" in present:
        if run.grounded:
            for name, (types, counts) in timex_batch(golds, preds, run.opts.timex_ties).items():
                tables[("timexes", name)] = (types, counts, None)
        else:
            _stack_into(tables, "timexes", [score_timexes(g, p, False) for g, p in zip(golds, preds)])
    if run.phen is not None:
        for k, (gi, p, g) in enumerate(batch):
            run.phen.book(gi, g, p, present, run.grounded, resolvers[k] if resolvers else None)
    if "meetings" in present:
        crossdoc = "crossdoc" in present
        mb = meeting_batch(golds, preds, resolvers, run.cross_id) if crossdoc else meeting_batch(golds, preds, resolvers)
        tables[("meetings", "slots")] = (MEETING_SLOTS, mb.slots, np.ones(mb.slots.shape[:2], dtype=bool))
        tables[("meetings", "record_exact")] = ([ALL], mb.record_exact, np.ones((len(batch), 1), dtype=bool))
        if crossdoc:
            _add_crossdoc_records(run, [i for i, _, _ in batch], mb)
    for (layer, name), (types, counts, listed) in tables.items():
        run.metric(layer, name, _default_kind(layer, name)).add_batch(types, counts, listed)


#: One metric's counts for a batch of documents: its types, the counts
#: (``(documents, types, width)``) and which (document, type) cells a document lists
#: (``None``: those with a nonzero count). See :meth:`MetricResult.add_batch`.
Table = tuple[Sequence[str], np.ndarray, "np.ndarray | None"]


def _stack_into(tables: dict[tuple[str, str], Table], layer: str, results: list[dict[str, dict[str, Any]]]) -> None:
    """Tables of a layer's per-document results (``{metric: {type: counts}}`` per document,
    as the functions of :mod:`.layers` return them)."""
    n = len(results)
    names: dict[str, None] = {}
    for r in results:
        names.update(dict.fromkeys(r))
    for name in names:
        kind = _default_kind(layer, name)
        types = sorted({t for r in results for t in r.get(name, ())})
        col = {t: k for k, t in enumerate(types)}
        counts = np.zeros((n, len(types), _WIDTH[kind]), dtype=np.float64 if kind == "fraction" else np.int64)
        listed = np.zeros((n, len(types)), dtype=bool)
        for d, r in enumerate(results):
            for t, c in r.get(name, {}).items():
                k = col[t]
                counts[d, k] = c if type(c) is list else c.as_tuple()
                listed[d, k] = True
        tables[(layer, name)] = (types, counts, listed)


def _add_crossdoc_records(run: _Run, doc_indices: list[int], mb: MeetingBatch) -> None:
    """Record a batch's meetings with a cross id for the corpus-wide clustering: a gold
    record is numbered by its number in its document (:class:`.meeting_batch.MeetingBatch`),
    a predicted record aligned to it takes that number, any other is numbered by its own
    index (how the records of one document are numbered does not change the clusters'
    scores, only which records share a number does)."""
    base = np.asarray(doc_indices, dtype=np.int64) * _REC_SHIFT
    run.xdoc_gold[0].frombytes((base[mb.gold_doc] + 2 * mb.gold_index).tobytes())
    run.xdoc_gold[1].frombytes(mb.gold_cross.astype(np.intc).tobytes())
    has = mb.pred_cross >= 0
    doc, index, match = mb.pred_doc[has], mb.pred_index[has], mb.pred_match[has]
    rec = base[doc] + np.where(match >= 0, 2 * match, 2 * index + 1)
    if mb.deferred:  # where each member of a group of interchangeable records is in xdoc_pred
        start = len(run.xdoc_pred[0])
        where = {(int(a), int(b)): start + k for k, (a, b) in enumerate(zip(doc.tolist(), index.tolist()))}
        for g in mb.deferred:
            run.xdoc_deferred.append((int(base[g.doc]), tuple((i, c, where.get((g.doc, i), -1)) for i, c in g.members),
                                      g.golds))
    run.xdoc_pred[0].frombytes(rec.astype(np.int64).tobytes())
    run.xdoc_pred[1].frombytes(mb.pred_cross[has].astype(np.intc).tobytes())
    if mb.has_cross_key:
        run.has_xdoc_key = True


#: Documents scored together (:func:`_flush`): enough that numpy's per-call cost is spread
#: thin, few enough that the queued documents' objects are still in the processor's cache
#: when they are scored.
BATCH = 128


def _flush_mentions(run: _Run, gold: list[Any], pred: list[Any]) -> None:
    """Mention outcomes of a batch of documents, accumulated once for all four schemes."""
    n = len(gold)
    types, counts = mention_outcomes_records(gold, pred, run.opts.overlap)
    acc = run.mention_acc
    for k, v in enumerate(counts.sum(axis=0).tolist()):
        if not any(v):  # a predicted type whose every mention matched gold of another type
            continue
        a = acc.get(types[k])
        if a is None:
            acc[types[k]] = v
        else:
            for i in range(6):
                a[i] += v[i]
    if run.keep_type_rows:
        d0 = run.n_mention_docs
        docs, ks = np.nonzero(counts.any(axis=2))
        run.mention_type_rows.extend(
            (d0 + d, types[k], tuple(counts[d, k].tolist())) for d, k in zip(docs.tolist(), ks.tolist()))
    run.n_mention_docs += n
    if run.keep_per_doc:
        totals = counts.sum(axis=1)
        run.mention_rows.frombytes(np.ascontiguousarray(totals, dtype=np.float64).tobytes())


def _mention_metrics(run: _Run) -> dict[str, MetricResult]:
    """The four scheme metrics, as linear images of the accumulated outcome counts."""
    out: dict[str, MetricResult] = {}
    if not run.n_mention_docs:
        return out
    for s in SCHEME_NAMES:
        m = MetricResult(s, "scheme", run.keep_per_doc, run.keep_type_rows)
        slots = SCHEME_SLOTS[s]
        if m.type_rows is not None:
            for d, t, v in run.mention_type_rows:
                c = [0, 0, 0, 0, 0]
                for k, slot in zip(v, slots):
                    c[slot] += k
                m.type_rows.append((d, t, tuple(c)))
        for t, v in run.mention_acc.items():
            c = [0, 0, 0, 0, 0]
            for k, slot in zip(v, slots):
                c[slot] += k
            m._acc[t] = c
        m.n_docs = run.n_mention_docs
        if run.keep_per_doc:
            rows = np.frombuffer(run.mention_rows, dtype=np.float64).reshape(-1, 6)
            proj = np.zeros((6, 5))
            proj[np.arange(6), list(slots)] = 1.0
            m.per_doc = array("d")
            m.per_doc.frombytes(np.ascontiguousarray(rows @ proj).tobytes())  # integers: exact
        out[s] = m
    return out


def _default_kind(layer: str, name: str) -> str:
    if layer == "mentions":
        return "scheme"
    if layer == "meetings" and name == "slots":
        return "slots"
    if name in COREF_METRICS or name == "value_partial":
        return "fraction"
    return "counts"


def _crossdoc(run: _Run) -> dict[str, MetricResult]:
    """Corpus-wide clusters of the meeting records, one per cross id, ordered by that id
    (the ids' ranks label the clusters), scored from the record arrays directly."""
    ids = run.xdoc_ids
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.asarray(sorted(range(len(ids)), key=ids.__getitem__), dtype=np.int64)] = np.arange(len(ids))

    def clusters(recs: tuple[array, array], items: np.ndarray | None = None) -> LabelledClusters:
        return LabelledClusters(rank[np.frombuffer(recs[1], dtype=np.intc)],
                                np.frombuffer(recs[0], dtype=np.int64) if items is None else items)

    pred_items = _deal_interchangeable(run) if run.xdoc_deferred else None
    out = {}
    for name, val in score_labelled(clusters(run.xdoc_gold), clusters(run.xdoc_pred, pred_items)).items():
        m = MetricResult(name, "fraction")
        m.set_type("all", val)
        out[name] = m
    return out


def _deal_interchangeable(run: _Run) -> np.ndarray:
    """The predicted records' items, with the gold matches of each group of interchangeable
    records (:func:`.meeting_batch.interchangeable`) dealt out among its members.

    The meeting layer cannot tell such records apart, so the match goes where the clusters
    agree with the gold most: member ``m`` and gold record ``g`` are worth the number of the
    records of ``m``'s cluster outside every group aligned to a gold record of ``g``'s gold
    cluster, and the matches go to the members of the assignment worth most. Between members
    worth the same, the order is that of :func:`_cross_id_order`, which depends on what the
    clusters hold and never on their names where the clusters differ: renaming cross ids
    one-to-one, or reordering a file, changes no score.
    """
    items = np.frombuffer(run.xdoc_pred[0], dtype=np.int64).copy()
    labels = np.frombuffer(run.xdoc_pred[1], dtype=np.intc)
    grouped = np.zeros(len(items), dtype=bool)
    for _, members, _ in run.xdoc_deferred:
        for _, _, pos in members:
            if pos >= 0:
                grouped[pos] = True
    gold_label = dict(zip(np.frombuffer(run.xdoc_gold[0], dtype=np.int64).tolist(),
                          np.frombuffer(run.xdoc_gold[1], dtype=np.intc).tolist()))
    fixed: dict[int, list[int]] = {}  # cross id -> items of its records outside every group
    for item, label in zip(items[~grouped].tolist(), labels[~grouped].tolist()):
        fixed.setdefault(label, []).append(item)
    rank = _cross_id_order(fixed, run.xdoc_deferred, run.xdoc_ids)
    for base, members, golds in run.xdoc_deferred:
        order = sorted(members, key=lambda m: rank.get(m[1], len(rank)))  # no cross id: last
        pairs = []
        for a, (_, label, _) in enumerate(order):
            held = [gold_label.get(item) for item in fixed.get(label, ()) if item % 2 == 0] if label >= 0 else []
            for b, g in enumerate(golds):
                glabel = gold_label.get(base + 2 * g)
                pairs.append((a, b, (1, 0 if glabel is None else held.count(glabel))))
        top = max(1, max(w[1] for _, _, w in pairs))
        dealt = dict(optimal_pairs(len(order), len(golds), pairs, (1, top)))
        for a, (index, _, pos) in enumerate(order):
            if pos >= 0:
                items[pos] = base + (2 * golds[dealt[a]] if a in dealt else 2 * index + 1)
    return items


def _cross_id_order(fixed: dict[int, list[int]], groups: list[tuple[int, tuple[tuple[int, int, int], ...], tuple[int, ...]]],
                    names: list[str]) -> dict[int, int]:
    """A rank for every cross id in a group, from what its cluster holds: first its records
    outside the groups (those aligned, by the gold record they are aligned to; how many are
    not), then, refined until nothing more separates, the groups it belongs to and the ranks
    of their other members (colour refinement). Only ids that nothing separates, whose
    clusters are alike, are ordered by name: exchanging such names exchanges alike clusters."""
    member_of: dict[int, list[int]] = {}
    for k, (_, members, _) in enumerate(groups):
        for _, label, _ in members:
            if label >= 0:
                member_of.setdefault(label, []).append(k)

    def ranks(keys: dict[int, Any]) -> dict[int, int]:
        distinct = sorted(set(keys.values()))
        at = {key: i for i, key in enumerate(distinct)}
        return {label: at[key] for label, key in keys.items()}

    def held(label: int) -> tuple[Any, ...]:
        items = fixed.get(label, ())
        return (tuple(sorted(i for i in items if i % 2 == 0)), sum(i % 2 for i in items))

    colour = ranks({label: held(label) for label in member_of})
    while True:
        keys = {}
        for label, ks in member_of.items():
            seen = []
            for k in ks:
                base, members, golds = groups[k]
                others = sorted(colour.get(x, -1) for _, x, _ in members)
                seen.append((base, golds, tuple(others)))
            keys[label] = (colour[label], tuple(sorted(seen)))
        refined = ranks(keys)
        if len(set(refined.values())) == len(set(colour.values())):
            break
        colour = refined
    order = sorted(member_of, key=lambda label: (colour[label], names[label]))
    return {label: i for i, label in enumerate(order)}


#: Allocations between two collections of the youngest generation during a scoring pass
#: (CPython's default is 700).
GC_YOUNG_THRESHOLD = 50_000


_gc_lock = threading.Lock()
_gc_passes = 0  # passes running (threads may overlap them)
_gc_before: tuple[int, ...] = ()


@contextlib.contextmanager
def _young_collections_spaced() -> Iterator[None]:
    """Space out the cyclic garbage collector's young-generation runs for the pass.

    A pass keeps a batch of parsed documents alive (:data:`BATCH`); each young collection
    walks the objects allocated since the last one, and those that survive are walked again
    by the older generations, a large share of the scoring time with the default setting. The
    scorer creates no reference cycles (a test holds a pass to that), so reference counting
    frees everything and collecting less often keeps no garbage longer; the collector stays
    on, for cycles a caller's gold source might create. The caller's setting is restored when
    the last of any overlapping passes ends; a caller who turned automatic collection off
    (threshold 0) or already collects less often is left alone.
    """
    global _gc_passes, _gc_before
    with _gc_lock:
        if _gc_passes == 0:
            _gc_before = gc.get_threshold()
            if 0 < _gc_before[0] < GC_YOUNG_THRESHOLD:
                gc.set_threshold(GC_YOUNG_THRESHOLD, *_gc_before[1:])
        _gc_passes += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_passes -= 1
            if _gc_passes == 0:
                gc.set_threshold(*_gc_before)


def score(predictions: Path | str, gold: GoldSource | None = None, options: Options | None = None, **kw: Any) -> ScoreReport:
    """Score a predictions JSONL file against the gold (default: the bundled dataset).

    Raises :class:`~mil2mil.errors.InputError` listing every problem found in the input.
    Keyword arguments override fields of :class:`Options`.
    """
    opts = options or Options()
    for k, v in kw.items():
        setattr(opts, k, v)
    check_options(opts)
    gold = gold or GoldSource.from_path()
    with _young_collections_spaced():
        return _score(Path(predictions), gold, opts)


def _unknown_doc_id(doc_id: str, gold: GoldSource, problems: list[Problem]) -> str:
    """The message for a line whose ``doc_id`` is not a gold document, naming valid ones:
    all of them for a small gold set, else the closest (for the first few such lines)."""
    ids = gold.ordered_ids()
    head = f"unknown doc_id {doc_id!r}; expected one of the {len(ids)} gold documents"
    if len(ids) <= 10:
        return f"{head}: {', '.join(ids)}"
    if sum(p.message.startswith("unknown doc_id") for p in problems) >= 5:
        return head
    import difflib

    close = difflib.get_close_matches(doc_id, ids, n=3, cutoff=0.5) if len(ids) <= 20_000 else []
    shown = close or list(ids[:3])
    return f"{head} ({'closest' if close else 'e.g.'}: {', '.join(shown)}, …)"


def _score(path: Path, gold: GoldSource, opts: Options) -> ScoreReport:
    run = _Run(path, gold, opts)
    # gold indices of the scored documents in scoring order, kept only to put per-document
    # rows in doc_id order (the report lists every gold document: see ``_finish``)
    order: array | None = array("l") if run.keep_per_doc else None
    seen = run.seen
    index_of = gold.index_of
    runs = RunRecords(run.name)
    lenient = run.invalid if opts.lenient else None
    for rl in read_lines(path, run.problems, opts.max_line_bytes, lenient):
        runs.add(rl.obj.pop(RUN_KEY, None), rl.line, run.problems)
        doc_id = rl.obj["doc_id"]
        gi = index_of(doc_id)
        if gi is None:
            run.problems.append(Problem(run.name, "/doc_id", _unknown_doc_id(doc_id, gold, run.problems), rl.line))
            continue
        if seen[gi]:
            run.problems.append(Problem(run.name, "/doc_id", f"duplicate doc_id {doc_id!r} (first on line {seen[gi]})", rl.line))
            continue
        seen[gi] = rl.line
        if run.present is not None and rl.obj.keys() == run.line_keys:
            if rl.obj.get("matching", run.declared) != run.declared:
                run.problems.append(Problem(run.name, "/matching", f"matching {rl.obj['matching']!r} differs from {run.declared!r} (line {run.first_line} or --matching); one matching kind per file", rl.line))
                continue
        elif run.present is None:
            keys = frozenset(rl.obj.keys() - {"doc_id", "matching"})
            run.line_keys = frozenset(rl.obj.keys())
            line_kind = rl.obj.get("matching")
            if opts.matching and line_kind and line_kind != opts.matching:
                run.problems.append(Problem(run.name, "/matching", f"the file declares {line_kind!r} but --matching is {opts.matching!r}", rl.line))
            run.declared = opts.matching or line_kind
            run.grounded = run.declared == "grounded" if run.declared else "mentions" in keys
            run.present = _layers_present(keys, run.grounded)
            want = set(opts.layers or LAYERS)
            if "crossdoc" in want:
                want.add("meetings")
            run.wanted = run.present & want
            run.keys = keys
            run.first_line = rl.line
        else:
            keys = frozenset(rl.obj.keys() - {"doc_id", "matching"})
            if keys == run.keys:
                run.problems.append(Problem(run.name, "/matching", f"give `matching` on every line or on none (line {run.first_line} {'does' if 'matching' in run.line_keys else 'does not'})", rl.line))
                continue
            want = ", ".join(sorted(run.keys)) or "(none)"
            got = ", ".join(sorted(keys)) or "(none)"
            run.problems.append(Problem(run.name, "", f"layers {got} differ from line {run.first_line} ({want}); give every layer on every line (an empty list predicts nothing)", rl.line))
            continue
        gdoc = gold.get(doc_id)
        n_before = len(run.problems)
        pred = check_document(run.name, rl, gdoc.text, run.grounded, run.problems, lenient)
        if not run.any_mention and pred.layers.get("mentions"):
            run.any_mention = True
        if len(run.problems) > n_before:
            continue
        if not run.problems:  # after the first problem, only validate
            if order is not None:
                order.append(gi)
            _score_doc(run, gi, pred, gdoc)
    if not run.problems and run.declared is None and run.grounded and not run.any_mention:
        run.problems.append(Problem(run.name, "", "the file does not say its matching kind and no `mentions` list has a mention: "
                                    "give \"matching\": \"grounded\" or \"ungrounded\" on every line, or --matching"))
    if run.problems:
        raise InputError(run.problems)
    warnings: list[str] = []
    if run.declared is None and run.present is not None:
        kind = "grounded" if run.grounded else "ungrounded"
        warnings.append(f"the file does not say its matching kind; read as {kind} ({'a' if run.grounded else 'no'} `mentions` layer): "
                        f"give \"matching\": \"{kind}\" on every line, or --matching {kind}")
    if run.invalid[0]:
        warnings.append(f"{run.invalid[0]} invalid value(s) (TIMEX3 grammar or closed vocabulary) scored as wrong (--lenient)")
    absent = np.flatnonzero(np.frombuffer(seen, dtype=np.uintc) == 0).tolist()
    if absent:
        missing = [gold.doc_id_at(i) for i in absent]
        if not opts.allow_missing:
            shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
            raise InputError([Problem(run.name, "", f"{len(missing)} gold document(s) have no predictions ({shown}); pass --allow-missing to score them as empty")])
        warnings.append(f"{len(missing)} document(s) absent from the predictions were scored as predicting nothing: {', '.join(missing)}")
        for i in absent:
            d = gold.doc_id_at(i)
            if order is not None:
                order.append(i)
            _score_doc(run, i, PredDoc(d, None, {k: [] for k in run.keys}), gold.get(d))
    return _finish(run, order, warnings, runs.summary(len(absent)))


def _finish(run: _Run, order: array | None, warnings: list[str], llm: dict[str, Any] | None = None) -> ScoreReport:
    opts = run.opts
    present = run.present or frozenset()
    match = "grounded" if run.grounded else "ungrounded"
    _flush(run)
    if "mentions" in run.wanted:
        run.metrics["mentions"] = _mention_metrics(run)
    positions = np.frombuffer(order if order is not None else array("l"), dtype="l")
    if len(positions) > 1 and not bool(np.all(positions[1:] > positions[:-1])):
        # per-document rows in doc_id order (gold indices are sorted ids), before the bootstrap
        # draws from them, so neither its resamples nor the rows depend on the line order
        idx = np.argsort(positions)
        rank = np.empty_like(idx)
        rank[idx] = np.arange(len(idx))
        ranks = rank.tolist() if run.keep_type_rows else []
        for per in run.metrics.values():
            for m in per.values():
                if len(m.per_doc):
                    mat = m.doc_matrix()[idx]
                    m.per_doc = array("d")
                    m.per_doc.frombytes(np.ascontiguousarray(mat).tobytes())
                if m.type_rows:
                    m.type_rows = sorted((ranks[d], t, v) for d, t, v in m.type_rows)
    # corpus sums of real-valued fractions: exactly rounded, so independent of the order of the
    # lines; before the headlines, which are computed from them
    for per in run.metrics.values():
        for m in per.values():
            m.make_exact()
    layers: dict[str, LayerResult] = {}
    wanted = opts.layers or LAYERS
    for layer in LAYERS:
        if layer not in wanted:
            continue
        lmatch = "grounded" if layer == "mentions" else match
        if layer not in present or (layer == "crossdoc" and not run.has_xdoc_key):
            reason = "layer absent from the predictions" if layer != "crossdoc" or "meetings" not in present \
                else "no meeting record carries a cross_doc_id"
            layers[layer] = LayerResult(layer, False, lmatch, reason=reason)
            continue
        metrics = _crossdoc(run) if layer == "crossdoc" else run.metrics.get(layer, {})
        lr = LayerResult(layer, True, lmatch, metrics=dict(sorted(metrics.items())))
        name, needed, fn = headline_spec(layer, lmatch, opts.scheme)
        for k in needed:
            lr.metrics.setdefault(k, MetricResult(k, _default_kind(layer, k)))
        lr.headline_metric = name
        macro_metric = _macro_metric(name) if opts.average == "macro" else None
        if macro_metric is not None:
            lr.headline = macro_headline(lr)
        else:  # micro, or a headline without types (whose macro value is its micro value)
            lr.headline = fn({k: np.asarray(lr.metrics[k].total.as_tuple(), dtype=np.float64) for k in needed})
        if opts.bootstrap and layer != "crossdoc":
            from .bootstrap import bootstrap_ci

            if macro_metric is None:
                lr.ci = bootstrap_ci({k: lr.metrics[k].doc_matrix() for k in needed}, fn, opts.bootstrap, opts.seed)
            else:
                m = lr.metrics[macro_metric]
                mats = m.type_matrices()
                lr.ci = bootstrap_ci(mats, _macro_fn(m.kind), opts.bootstrap, opts.seed) if mats else (None, None)
        elif opts.bootstrap:
            lr.notes.append("no confidence interval: cross-document clusters are scored corpus-wide")
        layers[layer] = lr
    if opts.bootstrap:
        from .bootstrap import small_sample_note

        note = small_sample_note(len(run.gold))
        with_ci = [lr for lr in layers.values() if lr.ci is not None]
        for lr in with_ci:
            lr.ci_meaningful = note is None
            if note:
                lr.notes.append(note)
        if note and with_ci:
            warnings.append(note)
    for lr in layers.values():
        lr.signature = str(Signature.for_layer(
            lr.layer, lr.match, scheme=opts.scheme, overlap=opts.overlap, average=opts.average,
            bootstrap=opts.bootstrap, seed=opts.seed, data=run.gold.data_version, ties=opts.timex_ties,
            prompt=llm["prompt"] if llm else None, decoding=llm["decoding"] if llm else None,
            names=NAME_POLICY, gold=getattr(run.gold, "name", "custom")))
    # every gold document was scored (an absent one is an error or scored as empty), in
    # doc_id order: the gold source's own sorted tuple, shared, not copied
    report = ScoreReport(run.name, run.gold.label, run.gold.ordered_ids(), layers, opts, warnings, run.gold.data_version, llm=llm,
                         invalid_values=run.invalid[0])
    if run.phen is not None:
        from .phenomena import build

        report.phenomena = build(run.phen, layers, report.doc_ids, opts.scheme, headline_spec)
    return report
