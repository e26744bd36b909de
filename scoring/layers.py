"""Per-document scoring of every layer, in one shared shape.

Each ``score_*`` function compares one gold document with one predicted document and
returns ``{metric: {type: counts}}`` where ``counts`` is an addable object from
:mod:`.counts` (lists of ints are turned into those objects by the caller). Overall counts
of a metric are the sum over its types, so per-type and overall always agree.

Entity references are first *resolved into gold-id space* — through the entity alignment
for grounded files, through the name index for ungrounded ones — so roles, meetings and
cross-document identity compare gold ids with gold ids, whatever the matching kind.
"""

from __future__ import annotations

from typing import Any

from .coref import score_clusters
from .counts import Counts, PRFraction
from .gold_source import GoldDoc
from .match import optimal_pairs
from .mentions import SCHEME_NAMES, align_spans, mention_outcomes_records, scheme_counts
from .normalize import normalize_name, normalize_title, timex_partial_credit
from .predictions import PredDoc

ALL = "all"
MEETING_SLOTS: tuple[str, ...] = ("participants", "date", "location", "modality", "status", "topics")


class Resolver:
    """Maps a predicted entity reference to a gold entity id, or to a private token.

    Private tokens (``pred:…`` for grounded references that resolve to no gold entity) only
    ever take part in equality tests; wherever items are *ordered*, :meth:`sort_token` hides
    them, so no score depends on the names a system gives its clusters.
    """

    def __init__(self, gold: GoldDoc, pred: PredDoc, grounded: bool, aligned: dict[str, str] | None = None):
        """``aligned``: the entity alignment of a grounded document when already computed
        (by :func:`.entity_batch.entity_batch`, only for documents without twin clusters,
        whose every cluster id stands for itself); otherwise it is computed here."""
        self.grounded = grounded
        self.gold = gold
        self.map: dict[str, str] = {}
        self.twin: dict[str, str] = {}
        if grounded:
            if aligned is not None:
                self.map = aligned
            else:
                clusters = PredClusters.of(pred)
                self.twin = clusters.twin
                self.map = align_entities(gold, pred, clusters)

    def __call__(self, ref: str | None) -> str | None:
        if ref is None:
            return None
        if self.grounded:
            g = self.map.get(ref)
            if g is not None:
                return g
            # clusters with identical mentions are one cluster: they share one token
            return "pred:" + self.twin.get(ref, ref)
        key = normalize_name(ref)
        return self.gold.names.get(key, "name:" + key)

    def expand(self, refs: list[str]) -> frozenset[str]:
        out: set[str] = set()
        for r in refs:
            g = self(r)
            assert g is not None
            out.update(self.gold.members.get(g, [g]))
        return frozenset(out)

    def sort_token(self, token: str | None) -> str:
        """``token`` as used in sort keys: every grounded token that is not a gold entity id
        becomes the same placeholder (such tokens never equal a gold value, so records that
        differ only in them compare identically with every gold record)."""
        if token is None:
            return ""
        if self.grounded and token.startswith("pred:"):
            return "pred:"
        return token


MentionKey = tuple[tuple[int, int, str], ...]


class PredClusters:
    """The predicted clusters of a grounded document, identified and ordered by content.

    A cluster's key is the sorted list of its mentions' ``(start, end, type)``; clusters are
    ranked by key (earliest mention start, then its end and type, then the following
    mentions, a cluster that is a prefix of another first). Ids whose clusters have identical
    keys ("twins") are indistinguishable by content and are treated as one cluster.
    """

    def __init__(self, pred: PredDoc):
        members: dict[str, list[tuple[int, int, str]]] = {}
        for m in pred.layers.get("mentions", ()):
            ent = m.get("entity")
            if ent is not None:
                members.setdefault(ent, []).append((m["start"], m["end"], m["type"]))
        by_key: dict[MentionKey, list[str]] = {}
        for ent, ms in members.items():
            by_key.setdefault(tuple(sorted(ms)), []).append(ent)
        #: distinct cluster contents, in canonical order
        self.keys: list[MentionKey] = sorted(by_key)
        #: cluster id → rank of its content in :attr:`keys`
        self.rank: dict[str, int] = {}
        #: cluster id → the id standing for all its twins (for equality only, never ordered)
        self.twin: dict[str, str] = {}
        for r, key in enumerate(self.keys):
            ids = by_key[key]
            rep = min(ids)
            for ent in ids:
                self.rank[ent] = r
                self.twin[ent] = rep

    @classmethod
    def of(cls, pred: PredDoc) -> "PredClusters":
        """The clusters of ``pred``, built once per document (entities, roles and meetings
        all read them)."""
        c = pred.__dict__.get("_clusters")
        if c is None:
            c = pred.__dict__["_clusters"] = cls(pred)
        return c


def align_entities(gold: GoldDoc, pred: PredDoc, clusters: PredClusters | None = None) -> dict[str, str]:
    """Predicted entity id → gold entity id, by an optimal one-to-one alignment that
    maximises the number of shared mentions (identical boundaries).

    Predicted clusters are identified and ordered by content (:class:`PredClusters`), never
    by their ids: among alignments sharing equally many mentions, the one using clusters
    that come first (earliest mentions) wins, so renaming clusters cannot change the result.
    A predicted cluster is aligned to at most one gold entity and vice versa.
    """
    if clusters is None:
        clusters = PredClusters.of(pred)
    span_to_gold: dict[tuple[int, int], str] = {}
    for s, e, _, ent in gold.mentions:
        span_to_gold.setdefault((s, e), ent)
    shared: dict[tuple[str, int], int] = {}
    for r, key in enumerate(clusters.keys):
        for s, e, _ in key:
            g = span_to_gold.get((s, e))
            if g is not None:
                shared[(g, r)] = shared.get((g, r), 0) + 1
    if not shared:
        return {}
    golds = sorted({g for g, _ in shared})
    ranks = sorted({r for _, r in shared})
    gi = {g: i for i, g in enumerate(golds)}
    ri = {r: i for i, r in enumerate(ranks)}
    n = len(ranks)
    top = max(shared.values())
    # second preference: earlier clusters first (a tie-break on content, not on ids)
    pairs = [(gi[g], ri[r], (c, n - ri[r])) for (g, r), c in sorted(shared.items())]
    rank_to_gold = {ranks[p]: golds[g] for g, p in optimal_pairs(len(golds), n, pairs, (top, n))}
    return {ent: rank_to_gold[r] for ent, r in clusters.rank.items() if r in rank_to_gold}


# --- mentions ------------------------------------------------------------------------

def score_mentions_doc(gold: GoldDoc, pred: PredDoc, overlap: float) -> dict[str, dict[str, Any]]:
    """Per scheme, per type: ``[cor, inc, par, mis, spu]`` of one document, through the
    batch path the scorer runs (a batch of one)."""
    types, counts = mention_outcomes_records([gold.raw["mentions"]], [pred.layers.get("mentions", ())], overlap)
    per_type = {t: counts[0, k].tolist() for k, t in enumerate(types) if counts[0, k].any()}
    return {s: {t: scheme_counts(v, s) for t, v in per_type.items()} for s in SCHEME_NAMES}


# --- entities ------------------------------------------------------------------------

def score_entities_grounded(gold: GoldDoc, pred: PredDoc) -> dict[str, dict[str, Any]]:
    key: dict[str, set[tuple[int, int]]] = {}
    seen: set[tuple[int, int]] = set()
    for s, e, _, ent in gold.mentions:
        if (s, e) not in seen:
            seen.add((s, e))
            key.setdefault(ent, set()).add((s, e))
    # A span given twice keeps its first occurrence in content order: an unclustered mention
    # first, then clusters by rank (see PredClusters); twins share a rank and one cluster.
    rank = PredClusters.of(pred).rank
    resp: dict[int, set[tuple[int, int]]] = {}
    seen = set()
    ranked = sorted((m["start"], m["end"], rank[m["entity"]] if "entity" in m else -1)
                    for m in pred.layers.get("mentions", ()))
    for i, (s, e, r) in enumerate(ranked):
        span = (s, e)
        if span in seen:
            continue
        seen.add(span)
        resp.setdefault(r if r >= 0 else -1 - i, set()).add(span)
    metrics = score_clusters([frozenset(c) for _, c in sorted(key.items())],
                             sorted((frozenset(c) for c in resp.values()), key=sorted))
    return {name: {ALL: val} for name, val in metrics.items()}


def match_entities_ungrounded(gold: GoldDoc, pred: PredDoc) -> tuple[list[str], list[dict[str, Any]], list[tuple[int, int]]]:
    """``(gold entity ids, predicted entities, matched (gold, predicted) positions)``: the
    optimal alignment behind :func:`score_entities_ungrounded` (and the per-phenomenon
    breakdown)."""
    gids = sorted(gold.entity_type, key=lambda e: (len(e), e))
    gindex = {g: i for i, g in enumerate(gids)}
    preds = sorted(pred.layers.get("entities", ()), key=lambda e: (e["name"], e["type"], sorted(e.get("aliases", []))))
    pairs = []
    for pi, e in enumerate(preds):
        names = {normalize_name(n) for n in [e["name"], *e.get("aliases", [])]}
        for g in gids:
            if gold.entity_type[g] == e["type"] and names & gold.entity_names.get(g, set()):
                canonical = int(gold.names.get(normalize_name(e["name"])) == g)
                pairs.append((gindex[g], pi, (1, canonical)))
    return gids, preds, optimal_pairs(len(gids), len(preds), pairs, (1, 1))


def score_entities_ungrounded(gold: GoldDoc, pred: PredDoc) -> dict[str, dict[str, Any]]:
    """Named entities as a set: a prediction matches a gold entity if one of its names
    normalizes to one of the gold entity's names and the types agree."""
    gids, preds, matched = match_entities_ungrounded(gold, pred)
    out: dict[str, Counts] = {}
    mg = {g for g, _ in matched}
    mp = {p for _, p in matched}
    for g, _ in matched:
        out.setdefault(gold.entity_type[gids[g]], Counts()).tp += 1
    for i, g in enumerate(gids):
        if i not in mg:
            out.setdefault(gold.entity_type[g], Counts()).fn += 1
    for i, e in enumerate(preds):
        if i not in mp:
            out.setdefault(e["type"], Counts()).fp += 1
    return {"entities": out}


# --- roles ---------------------------------------------------------------------------

#: The role layer's metrics: tuples, tuples with their status, status of matched tuples.
ROLE_METRICS: tuple[str, ...] = ("tuple", "tuple+status", "status_on_matched")


def gold_role_key(role: dict[str, Any]) -> tuple[str, str, str | None]:
    """The (person, title, organization) tuple a gold role is compared by (as in
    :func:`.gold_source.prepare_gold`)."""
    return (role["person"], normalize_name(role["normalized_title"]), role["organization"])


def pred_role_tuples(pred: PredDoc, resolve: Resolver) -> dict[tuple[str, str, str | None], set[str]]:
    """Predicted (person, title, organization) tuples, resolved into gold-id space, with
    the statuses given to each."""
    pred_tuples: dict[tuple[str, str, str | None], set[str]] = {}
    for r in pred.layers.get("roles", ()):
        key = (resolve(r["person"]), normalize_title(r["normalized_title"]), resolve(r["organization"]))
        pred_tuples.setdefault(key, set()).add(r["status"])  # type: ignore[arg-type]
    return pred_tuples


def score_roles(gold: GoldDoc, pred: PredDoc, resolve: Resolver) -> dict[str, dict[str, Any]]:
    """(person, title, organization) tuples as sets; status scored on matched tuples."""
    gold_tuples: dict[tuple[str, str, str | None], set[str]] = {}
    for p, t, o, s in gold.roles:
        gold_tuples.setdefault((p, t, o), set()).add(s)
    pred_tuples = pred_role_tuples(pred, resolve)
    tp = len(gold_tuples.keys() & pred_tuples.keys())
    tuples = Counts(tp, len(pred_tuples) - tp, len(gold_tuples) - tp)
    with_status_g = {(k, s) for k, ss in gold_tuples.items() for s in ss}
    with_status_p = {(k, s) for k, ss in pred_tuples.items() for s in ss}
    tps = len(with_status_g & with_status_p)
    strict = Counts(tps, len(with_status_p) - tps, len(with_status_g) - tps)
    # status as an attribute of matched tuples: correct vs matched
    correct = sum(1 for k in gold_tuples.keys() & pred_tuples.keys() if gold_tuples[k] == pred_tuples[k])
    status = Counts(correct, tp - correct, tp - correct)
    return dict(zip(ROLE_METRICS, ({ALL: tuples}, {ALL: strict}, {ALL: status})))


# --- timexes -------------------------------------------------------------------------

#: The date layer's (tp, fp, fn) metrics (ungrounded files: the last two); ``value_partial``,
#: a fraction, follows.
TIMEX_COUNT_METRICS: tuple[str, ...] = ("strict", "relaxed", "value", "type")


TimexTuple = tuple[int, int, str, str]  # (start, end, type, value)


def pred_timex_tuples(pred: PredDoc) -> list[TimexTuple]:
    """A document's predicted timexes, sorted, as :func:`score_timexes` compares them."""
    return sorted((t.get("start", -1), t.get("end", -1), t["type"], t["value"]) for t in pred.layers.get("timexes", ()))


def timex_alignment(g: list[TimexTuple], p: list[TimexTuple], grounded: bool) -> list[tuple[int, int]]:
    """The relaxed alignment of sorted gold and predicted timexes: by span overlap when
    grounded; by identical value strings, then type agreement, when ungrounded."""
    if grounded:
        return align_spans([x[:3] for x in g], [y[:3] for y in p], 0.0)
    pairs = []
    for a, x in enumerate(g):
        for b, y in enumerate(p):
            if x[3] == y[3]:
                pairs.append((a, b, (1, int(x[2] == y[2]))))
    return optimal_pairs(len(g), len(p), pairs, (1, 1))


def score_timexes(gold: GoldDoc, pred: PredDoc, grounded: bool) -> dict[str, dict[str, Any]]:
    """TempEval-3: extent strict/relaxed P/R/F1; value and type F1 on relaxed matches
    (attribute correct / all predicted, / all gold); granularity partial credit separately.

    Ungrounded timexes (values only) are aligned on the value itself: strict = identical
    value string, and the partial-credit alignment may pair values of different granularity.
    """
    g = gold.timexes
    p = pred_timex_tuples(pred)
    names = TIMEX_COUNT_METRICS if grounded else TIMEX_COUNT_METRICS[2:]
    out: dict[str, dict[str, Any]] = {n: {} for n in names}
    credit: dict[str, PRFraction] = {}

    def book(pairs: list[tuple[int, int]], metric: str, cond: Any) -> None:
        mg = {a for a, _ in pairs}
        mp = {b for _, b in pairs}
        for a, b in pairs:
            c = out[metric].setdefault(g[a][2], Counts())
            if cond(g[a], p[b]):
                c.tp += 1
            else:
                c.fn += 1
                out[metric].setdefault(p[b][2], Counts()).fp += 1
        for a in range(len(g)):
            if a not in mg:
                out[metric].setdefault(g[a][2], Counts()).fn += 1
        for b in range(len(p)):
            if b not in mp:
                out[metric].setdefault(p[b][2], Counts()).fp += 1

    relaxed = timex_alignment(g, p, grounded)
    if grounded:
        strict_pairs = [(a, b) for a, b in relaxed if g[a][:2] == p[b][:2]]
        book(strict_pairs, "strict", lambda x, y: True)
        book(relaxed, "relaxed", lambda x, y: True)
    book(relaxed, "value", lambda x, y: x[3] == y[3])
    book(relaxed, "type", lambda x, y: x[2] == y[2])
    # granularity-aware partial credit: alignment as above, or by best credit when ungrounded
    if not grounded:
        cpairs = []
        for a, x in enumerate(g):
            for b, y in enumerate(p):
                c = timex_partial_credit(x[3], y[3])
                if c > 0:
                    cpairs.append((a, b, (int(c * 1000),)))
        relaxed = optimal_pairs(len(g), len(p), cpairs, (1000,))
    got = {a: b for a, b in relaxed}
    for a, x in enumerate(g):
        c = credit.setdefault(x[2], PRFraction.from_tuple((0, 0, 0, 0)))
        c.recall.den += 1
        if a in got:
            val = timex_partial_credit(x[3], p[got[a]][3])
            c.recall.num += val
            c.precision.num += val
    for y in p:
        credit.setdefault(y[2], PRFraction.from_tuple((0, 0, 0, 0))).precision.den += 1
    out["value_partial"] = credit
    return out


# --- meetings ------------------------------------------------------------------------

def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return 1.0 if not a and not b else len(a & b) / len(a | b)


def pred_meeting_records(pred: PredDoc, resolve: Resolver) -> list[dict[str, Any]]:
    recs = []
    for i, m in enumerate(pred.layers.get("meetings", ())):
        recs.append({
            "index": i,
            "participants": resolve.expand(m["participants"]),
            "date": m["date"],
            "location": resolve(m["location"]),
            "modality": m["modality"],
            "status": m["status"],
            "topics": frozenset(m["topics"]),
            "cross_doc_id": m.get("cross_doc_id"),
        })
    # content order: references that resolve to no gold entity are hidden from the key
    if len(recs) > 1:
        recs.sort(key=lambda r: _record_key(r, resolve.sort_token))
    return recs


def _record_key(r: dict[str, Any], token: Any = None) -> tuple[Any, ...]:
    """Sort key of a meeting record. Records equal on everything but ``index``/``id``, once
    ``token`` is applied to entity references, are interchangeable for scoring."""
    tok = token or (lambda t: t or "")
    return (sorted(map(tok, r["participants"])), r["date"] or "", tok(r["location"]), r["modality"],
            r["status"], sorted(r["topics"]), r.get("cross_doc_id") or "", r.get("index", r.get("id", "")))


def slot_similarity(g: dict[str, Any], p: dict[str, Any]) -> float:
    """Mean over the six slots of: Jaccard for set slots, 1/0 equality for the others."""
    sims = [
        _jaccard(g["participants"], p["participants"]),
        float(g["date"] == p["date"]),
        float(g["location"] == p["location"]),
        float(g["modality"] == p["modality"]),
        float(g["status"] == p["status"]),
        _jaccard(g["topics"], p["topics"]),
    ]
    return sum(sims) / len(sims)


def align_meetings(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Hungarian alignment on slot similarity; a pair is admissible only if the records
    share a participant, a (non-null) date or a (non-null) location, or if neither has any
    of the three (a generic "talks" record) — agreeing on modality and status alone does
    not make two records the same meeting."""
    def bare(r: dict[str, Any]) -> bool:
        return not r["participants"] and r["date"] is None and r["location"] is None

    pairs = []
    for a, g in enumerate(gold):
        for b, p in enumerate(pred):
            if (g["participants"] & p["participants"]) or (g["date"] is not None and g["date"] == p["date"]) \
                    or (g["location"] is not None and g["location"] == p["location"]) or (bare(g) and bare(p)):
                pairs.append((a, b, (int(round(slot_similarity(g, p) * 6000)),)))
    return optimal_pairs(len(gold), len(pred), pairs, (6000,))


#: What an unmatched record is compared with: every slot empty.
_NO_RECORD: dict[str, Any] = {"participants": frozenset(), "topics": frozenset(), "date": None, "location": None,
                              "modality": None, "status": None}


#: Each meeting slot and whether it holds a set.
_SLOT_KINDS: tuple[tuple[str, bool], ...] = tuple((s, s in ("participants", "topics")) for s in MEETING_SLOTS)


def score_meetings(gold: GoldDoc, pred: PredDoc, resolve: Resolver) -> tuple[dict[str, dict[str, Any]], list[tuple[int, int]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Slot-level counts (set slots count elements; single-valued slots count a wrong value
    as one false positive and one false negative) and record-level exact match."""
    g = sorted(gold.meetings, key=_record_key) if len(gold.meetings) > 1 else list(gold.meetings)
    p = pred_meeting_records(pred, resolve)
    pairs = align_meetings(g, p)
    acc = [0] * (3 * len(MEETING_SLOTS))  # (tp, fp, fn) of each slot, in MEETING_SLOTS order

    def compare(gr: dict[str, Any], pr: dict[str, Any]) -> bool:
        """Book one pair of records (or a record against :data:`_NO_RECORD`); True iff equal."""
        same = True
        for i, (slot, is_set) in enumerate(_SLOT_KINDS):
            gv, pv = gr[slot], pr[slot]
            if is_set:  # set slots count elements
                both = len(gv & pv)
                acc[3 * i] += both
                acc[3 * i + 1] += len(pv) - both
                acc[3 * i + 2] += len(gv) - both
                same = same and gv == pv
            elif gv is not None and gv == pv:
                acc[3 * i] += 1
            else:  # a wrong value is one false positive and one false negative
                acc[3 * i + 1] += pv is not None
                acc[3 * i + 2] += gv is not None
                same = same and gv == pv
        return same

    exact = 0
    mg = {a for a, _ in pairs}
    mp = {b for _, b in pairs}
    for a, b in pairs:
        exact += compare(g[a], p[b])
    for a, r in enumerate(g):
        if a not in mg:
            compare(r, _NO_RECORD)
    for b, r in enumerate(p):
        if b not in mp:
            compare(_NO_RECORD, r)
    slots = {slot: Counts(acc[3 * i], acc[3 * i + 1], acc[3 * i + 2]) for i, slot in enumerate(MEETING_SLOTS)}
    record = Counts(exact, len(p) - exact, len(g) - exact)
    return {"slots": slots, "record_exact": {ALL: record}}, pairs, g, p
