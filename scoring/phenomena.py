"""Per-phenomenon breakdown: scores restricted to the gold items and documents carrying a tag.

Gold items (mentions, entities, roles, timexes, meetings) may carry phenomenon tags
(``"tags": [...]``, vocabulary in :mod:`mil2mil.phenomena`). For each tag the breakdown gives

- **items**: per layer, how many tagged gold items the system got right, judged on the
  scorer's own alignments (the per-document functions of :mod:`.layers` and
  :mod:`.mentions` that the batch paths are held identical to; nothing is matched twice
  differently): a mention by its outcome under the chosen scheme (recall), an entity or a
  tagged mention in the entity layer by the entity alignment, a role by its tuple, a timex by
  its value on the relaxed alignment (recall), a meeting by its slots on the record alignment
  (slot accuracy);
- **documents**: per scored layer, the headline metric's full P/R/F1 over the documents
  carrying the tag, summed from the scorer's per-document rows (the numbers the bootstrap
  resamples), so that a tag carried by every document reproduces the overall scores.

``docs/scoring.md`` (*Per-phenomenon breakdown*) documents the semantics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .counts import Counts, SchemeCounts
from .gold_source import GoldDoc
from .layers import MEETING_SLOTS, Resolver, align_entities, align_entities_ungrounded, align_timexes, role_tuples, score_meetings
from .normalize import normalize_name
from .mentions import align_spans, outcome_slot, scheme_counts
from .predictions import PredDoc

#: The layers whose gold items can carry tags, and the item kinds they judge.
ITEM_LAYERS: tuple[str, ...] = ("mentions", "entities", "roles", "timexes", "meetings")
#: Name of the item-level figure of each layer.
ITEM_METRIC: dict[str, str] = {"mentions": "recall", "entities": "recall", "roles": "recall",
                               "timexes": "recall", "meetings": "slot_accuracy"}
_GOLD_LISTS: tuple[str, ...] = ("mentions", "entities", "roles", "timexes", "meetings")


def item_tags(item: dict[str, Any]) -> list[str]:
    return item.get("tags") or []


def document_tags(raw: dict[str, Any]) -> frozenset[str]:
    """Every tag carried by an item of a gold document."""
    out: set[str] = set()
    for key in _GOLD_LISTS:
        for item in raw.get(key, ()):
            tags = item.get("tags")
            if tags:
                out.update(tags)
    return frozenset(out)


@dataclass
class ItemTally:
    """Outcomes of the tagged gold items of one layer.

    mentions: the six outcome slots of :data:`.mentions.OUTCOMES` (spurious always 0: items
    are gold); meetings: ``[matched, unmatched, correct slots, slots]``; other layers:
    ``[found, missed]``.
    """

    layer: str
    values: list[int]

    @property
    def items(self) -> int:
        v = self.values
        if self.layer == "mentions":
            return sum(v[:5])
        return v[0] + v[1]

    def counts(self, scheme: str) -> Any:
        """The items as addable counts: :class:`SchemeCounts` (mentions, under ``scheme``),
        else :class:`Counts` with ``tp`` = right and ``fn`` = wrong (no ``fp``: only recall
        is defined over gold items)."""
        v = self.values
        if self.layer == "mentions":
            return SchemeCounts(*scheme_counts(v, scheme))
        if self.layer == "meetings":
            return Counts(v[2], 0, v[3] - v[2])
        return Counts(v[0], 0, v[1])

    def value(self, scheme: str) -> float | None:
        return self.counts(scheme).metrics()["recall"]

    def matched(self) -> int | None:
        """Meetings only: tagged gold records aligned to a predicted record."""
        return self.values[0] if self.layer == "meetings" else None


@dataclass
class Collector:
    """Accumulates, during a scoring pass, each tag's item outcomes and the documents
    carrying each tag (by gold index)."""

    overlap: float
    items: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    doc_tags: dict[int, frozenset[str]] = field(default_factory=dict)

    def _add(self, tags: list[str], layer: str, slot: int, amount: int = 1, width: int = 2) -> None:
        for t in tags:
            v = self.items.get((t, layer))
            if v is None:
                v = self.items[(t, layer)] = [0] * width
            v[slot] += amount

    def book(self, gi: int, gold: GoldDoc, pred: PredDoc, layers: frozenset[str], grounded: bool,
             resolve: Resolver | None) -> None:
        """Book one document (called for every scored document, only when the breakdown is on)."""
        raw = gold.raw
        tags = document_tags(raw)
        if not tags:
            return
        self.doc_tags[gi] = tags
        if "mentions" in layers:
            self._mentions(gold, pred)
        if resolve is None and (layers & {"entities", "roles", "meetings"}):
            resolve = Resolver(gold, pred, grounded)
        if "entities" in layers and resolve is not None:
            self._entities(gold, pred, grounded, resolve)
        if "roles" in layers and resolve is not None:
            self._roles(gold, pred, resolve)
        if "timexes" in layers:
            self._timexes(gold, pred, grounded)
        if "meetings" in layers and resolve is not None:
            self._meetings(gold, pred, resolve)

    # --- one layer each: the alignment the scorer computes, outcomes of the tagged gold items

    def _mentions(self, gold: GoldDoc, pred: PredDoc) -> None:
        raw = sorted(gold.raw["mentions"], key=lambda m: (m["start"], m["end"], m["type"], m["entity"]))
        if not any(item_tags(m) for m in raw):
            return
        g = [(m["start"], m["end"], m["type"]) for m in raw]
        p = sorted((m["start"], m["end"], m["type"]) for m in pred.layers.get("mentions", ()))
        got = dict(align_spans(g, p, self.overlap))
        for a, m in enumerate(raw):
            tags = item_tags(m)
            if not tags:
                continue
            b = got.get(a)
            if b is None:
                slot = 4  # missed
            else:
                slot = outcome_slot(g[a], p[b])
            self._add(tags, "mentions", slot, width=6)

    def _entities(self, gold: GoldDoc, pred: PredDoc, grounded: bool, resolve: Resolver) -> None:
        raw = gold.raw
        if grounded:
            aligned = set(resolve.map.values())
            for e in raw["entities"]:
                if item_tags(e):
                    self._add(item_tags(e), "entities", 0 if e["id"] in aligned else 1)
            # a tagged mention is linked when a predicted mention with its boundaries belongs
            # to the cluster aligned to its gold entity
            spans: dict[tuple[int, int], set[str]] = {}
            for m in pred.layers.get("mentions", ()):
                ent = m.get("entity")
                if ent is not None:
                    g = resolve.map.get(ent)
                    if g is not None:
                        spans.setdefault((m["start"], m["end"]), set()).add(g)
            for m in raw["mentions"]:
                if item_tags(m):
                    linked = m["entity"] in spans.get((m["start"], m["end"]), ())
                    self._add(item_tags(m), "entities", 0 if linked else 1)
        else:
            gids, _, matched, _ = align_entities_ungrounded(gold, pred)
            found = {gids[a] for a, _ in matched}
            for e in raw["entities"]:
                if item_tags(e):
                    self._add(item_tags(e), "entities", 0 if e["id"] in found else 1)

    def _roles(self, gold: GoldDoc, pred: PredDoc, resolve: Resolver) -> None:
        tagged = [r for r in gold.raw["roles"] if item_tags(r)]
        if not tagged:
            return
        _, predicted, _ = role_tuples(gold, pred, resolve)
        for r in tagged:
            key = (r["person"], normalize_name(r["normalized_title"]), r["organization"])
            self._add(item_tags(r), "roles", 0 if key in predicted else 1)

    def _timexes(self, gold: GoldDoc, pred: PredDoc, grounded: bool) -> None:
        raw = sorted(gold.raw["timexes"], key=lambda t: (t["start"], t["end"], t["type"], t["value"]))
        if not any(item_tags(t) for t in raw):
            return
        al = align_timexes(gold, pred, grounded)  # the scorer's own alignment
        got = dict(al.relaxed)
        # grounded: the gold tuples are the raw timexes in this order; ungrounded: one item per
        # distinct (type, value), which every raw timex with that pair shares
        index = {x: a for a, x in enumerate(al.gold)}
        for t in raw:
            if item_tags(t):
                key = (t["start"], t["end"], t["type"], t["value"]) if grounded else (-1, -1, t["type"], t["value"])
                a = index.get(key)
                b = got.get(a) if a is not None else None
                right = b is not None and al.gold[a][3] == al.pred[b][3]
                self._add(item_tags(t), "timexes", 0 if right else 1)

    def _meetings(self, gold: GoldDoc, pred: PredDoc, resolve: Resolver) -> None:
        raw = gold.raw["meetings"]
        if not any(item_tags(m) for m in raw):
            return
        _, pairs, g, p = score_meetings(gold, pred, resolve)
        position = {id(r): i for i, r in enumerate(gold.meetings)}  # record → raw position
        partner = {position[id(g[a])]: p[b] for a, b in pairs}
        for i, m in enumerate(raw):
            tags = item_tags(m)
            if not tags:
                continue
            pr = partner.get(i)
            if pr is None:
                self._add(tags, "meetings", 1, width=4)
                self._add(tags, "meetings", 3, len(MEETING_SLOTS), width=4)
                continue
            gr = gold.meetings[i]
            right = sum(gr[s] == pr[s] for s in MEETING_SLOTS)
            self._add(tags, "meetings", 0, width=4)
            self._add(tags, "meetings", 2, right, width=4)
            self._add(tags, "meetings", 3, len(MEETING_SLOTS), width=4)


@dataclass
class TagLayer:
    """One tag on one layer: its item tally (``None`` when no item of this layer carries
    the tag) and the headline metric over the documents carrying the tag."""

    layer: str
    items: ItemTally | None
    metric: str = ""
    documents: Any = None  # counts object, or None for a headline without counts (CoNLL F1)
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None


@dataclass
class TagResult:
    tag: str
    doc_ids: list[str]
    layers: dict[str, TagLayer]


@dataclass
class Breakdown:
    """The per-phenomenon breakdown of a score report, tags sorted."""

    scheme: str
    tags: dict[str, TagResult]
    notes: list[str] = field(default_factory=list)


def build(collector: Collector, report_layers: dict[str, Any], doc_ids: Any, scheme: str,
          headline_spec: Any) -> Breakdown:
    """The breakdown from the collected items and the report's per-document rows
    (``report_layers``: :class:`.api.LayerResult` by name, rows in ``doc_ids`` order)."""
    n = len(doc_ids)
    by_tag: dict[str, list[int]] = {}
    for gi, tags in collector.doc_tags.items():
        for t in tags:
            by_tag.setdefault(t, []).append(gi)
    tags = sorted(by_tag)
    out: dict[str, TagResult] = {}
    for tag in tags:
        mask = np.zeros(n, dtype=bool)
        mask[by_tag[tag]] = True
        layers: dict[str, TagLayer] = {}
        for name, lr in report_layers.items():
            if not lr.scored or name == "crossdoc":
                continue
            v = collector.items.get((tag, name))
            tl = TagLayer(name, ItemTally(name, v) if v is not None else None, metric=lr.headline_metric)
            _, needed, fn = headline_spec(name, lr.match, scheme)
            sums = {k: lr.metrics[k].doc_matrix()[mask].sum(axis=0) for k in needed}
            tl.f1 = fn(sums)
            if len(needed) == 1:
                m = lr.metrics[needed[0]]
                from .api import _FROM  # the counts class of each kind

                vals = sums[needed[0]].tolist()
                tl.documents = _FROM[m.kind](vals if m.kind == "fraction" else [int(x) for x in vals])
                met = tl.documents.metrics()
                tl.precision, tl.recall = met["precision"], met["recall"]
            layers[name] = tl
        out[tag] = TagResult(tag, [doc_ids[i] for i in sorted(by_tag[tag])], layers)
    notes = ["cross-document clusters are scored corpus-wide: no per-tag figure"] if "crossdoc" in report_layers \
        and report_layers["crossdoc"].scored else []
    return Breakdown(scheme, out, notes)
