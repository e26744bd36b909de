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

from collections.abc import Sequence
from typing import Any, NamedTuple

from .coref import score_clusters
from .counts import Counts, PRFraction, SlotCounts
from .gold_source import GoldDoc
from .match import optimal_pairs
from .mentions import SCHEME_NAMES, align_spans, mention_outcomes_records, scheme_counts
from mil2mil.titles import normalize_title as table_title

from .names import country_code
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
        else:
            #: normalized name → every name of the predicted entity that gives it (its
            #: ``name`` first, then its ``aliases``): a prediction's aliases apply wherever
            #: one of its names is used (roles, participants, locations)
            self.groups: dict[str, tuple[str, ...]] = {}
            for e in pred.layers.get("entities", ()):
                names = (e["name"], *e.get("aliases", ()))
                for n in names:
                    self.groups.setdefault(normalize_name(n), names)
            #: every resolved reference: string → (gold id or private token, tier, name used);
            #: kept for explanations of the alignment
            self.resolved: dict[str, tuple[str, str, str]] = {}

    def __call__(self, ref: str | None) -> str | None:
        if ref is None:
            return None
        if self.grounded:
            g = self.map.get(ref)
            if g is not None:
                return g
            # clusters with identical mentions are one cluster: they share one token
            return "pred:" + self.twin.get(ref, ref)
        hit = self.resolved.get(ref)
        if hit is None:
            hit = self.resolved[ref] = self.resolve_name(ref)
        return hit[0]

    def resolve_name(self, ref: str, etype: str | None = None) -> tuple[str, str, str]:
        """``(gold id or "name:…" token, tier, the name that resolved)`` of an ungrounded
        reference under the policy of :mod:`.names`, trying the reference itself, then the
        other names of the predicted entity it names."""
        group = self.groups.get(normalize_name(ref), ())
        index = self.gold.name_index
        for name in (ref, *group):
            gid, tier = index.resolve(name, etype)
            if gid is not None:
                return gid, tier, name
        return "name:" + normalize_name(group[0] if group else ref), "none", ref

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


def align_entities_ungrounded(gold: GoldDoc, pred: PredDoc
                              ) -> tuple[list[str], list[dict[str, Any]], list[tuple[int, int]], set[int]]:
    """``(gold entity ids, predicted entities, matched (gold, predicted) index pairs, unscored
    predictions)``, both sides in canonical order: a prediction matches a gold entity of its
    type that one of its names (name or aliases) resolves to under the policy of
    :mod:`.names`; a prediction whose own ``name`` resolves to the entity is preferred. Gold
    entities mentioned only by pronouns are not scored (:attr:`.GoldDoc.named_entities`),
    nor are predictions that resolve only to such entities (``unscored``)."""
    gids = sorted(gold.named_entities, key=lambda e: (len(e), e))
    gindex = {g: i for i, g in enumerate(gids)}
    preds = sorted(pred.layers.get("entities", ()), key=lambda e: (e["name"], e["type"], sorted(e.get("aliases", []))))
    index = gold.name_index
    pairs = []
    unscored: set[int] = set()  # predictions of entities mentioned only by pronouns: not counted
    for pi, e in enumerate(preds):
        hits: dict[str, int] = {}
        for k, n in enumerate([e["name"], *e.get("aliases", [])]):
            g, _ = index.resolve(n, e["type"])
            if g is not None and g not in hits:
                hits[g] = int(k == 0)
        for g, canonical in sorted(hits.items()):
            if g in gindex:
                pairs.append((gindex[g], pi, (1, canonical)))
        if hits and not hits.keys() & gindex.keys():
            unscored.add(pi)
    return gids, preds, optimal_pairs(len(gids), len(preds), pairs, (1, 1)), unscored


def score_entities_ungrounded(gold: GoldDoc, pred: PredDoc) -> dict[str, dict[str, Any]]:
    """Named entities as a set (:func:`align_entities_ungrounded`): matched, missed and
    spurious entities per type (unscored predictions left out)."""
    gids, preds, matched, unscored = align_entities_ungrounded(gold, pred)
    out: dict[str, Counts] = {}
    mg = {g for g, _ in matched}
    mp = {p for _, p in matched}
    for g, _ in matched:
        out.setdefault(gold.entity_type[gids[g]], Counts()).tp += 1
    for i, g in enumerate(gids):
        if i not in mg:
            out.setdefault(gold.entity_type[g], Counts()).fn += 1
    for i, e in enumerate(preds):
        if i not in mp and i not in unscored:
            out.setdefault(e["type"], Counts()).fp += 1
    return {"entities": out}


# --- roles ---------------------------------------------------------------------------

#: The role layer's metrics: tuples, tuples with their status, status of matched tuples,
#: country of matched tuples.
ROLE_METRICS: tuple[str, ...] = ("tuple", "tuple+status", "status_on_matched", "country_on_matched")


def predicted_title(s: str) -> str:
    """A predicted title through the title table of :mod:`mil2mil.titles` (the gold's):
    "Gen." → general, "defense secretary" → secretary of defense, "US Defense Secretary" →
    secretary of defense; a title outside the table is compared under name normalization."""
    norm = normalize_title(s)
    for cand in (s, norm, " ".join(w for w in norm.split() if not country_code(w))):
        t = table_title(cand)
        if t is not None:
            return normalize_title(t)
    return norm


def _country_token(gold: GoldDoc, token: str | None, written: str | None) -> str | None:
    """What a role's country is compared as: the country code of the gold entity a reference
    resolves to (so "China" = the NORP "Chinese"), else of the string, else the reference."""
    if token is None:
        return None
    if token in gold.entity_type:
        name = gold.raw_entity_name(token)
        return country_code(name) or token
    return (country_code(written) if written else None) or token


RoleKey = tuple[str, str, "str | None"]


def role_tuples(gold: GoldDoc, pred: PredDoc, resolve: Resolver
                ) -> tuple[dict[RoleKey, set[str]], dict[RoleKey, set[str]], dict[RoleKey, set[str | None]]]:
    """Gold and predicted ``(person, normalized title, organization)`` tuples in gold-id
    space, each with the set of statuses given to it, and each predicted tuple's countries
    (as :func:`_country_token` compares them): what :func:`score_roles` compares. A
    predicted ``organization`` that names a country (a gold GPE, or a country of
    :data:`.names.COUNTRY_FORMS`) in a role without ``country`` is read as the country."""
    gold_tuples: dict[RoleKey, set[str]] = {}
    for p, t, o, s in gold.roles:
        gold_tuples.setdefault((p, t, o), set()).add(s)
    pred_tuples: dict[RoleKey, set[str]] = {}
    pred_country: dict[RoleKey, set[str | None]] = {}
    for r in pred.layers.get("roles", ()):
        org_ref, country_ref = r["organization"], r.get("country")
        org = resolve(org_ref)
        if org is not None and "country" not in r and (
                gold.entity_type.get(org) == "GPE"
                or (not resolve.grounded and org not in gold.entity_type and country_code(org_ref))):
            org, country_ref = None, org_ref
        key = (resolve(r["person"]), predicted_title(r["normalized_title"]), org)
        pred_tuples.setdefault(key, set()).add(r["status"])  # type: ignore[arg-type]
        written = None if resolve.grounded else country_ref
        pred_country.setdefault(key, set()).add(_country_token(gold, resolve(country_ref), written))  # type: ignore[arg-type]
    return gold_tuples, pred_tuples, pred_country


def score_roles(gold: GoldDoc, pred: PredDoc, resolve: Resolver) -> dict[str, dict[str, Any]]:
    """(person, title, organization) tuples as sets (:func:`role_tuples`); status and country
    scored on matched tuples."""
    gold_tuples, pred_tuples, pred_country = role_tuples(gold, pred, resolve)
    tp = len(gold_tuples.keys() & pred_tuples.keys())
    tuples = Counts(tp, len(pred_tuples) - tp, len(gold_tuples) - tp)
    with_status_g = {(k, s) for k, ss in gold_tuples.items() for s in ss}
    with_status_p = {(k, s) for k, ss in pred_tuples.items() for s in ss}
    tps = len(with_status_g & with_status_p)
    strict = Counts(tps, len(with_status_p) - tps, len(with_status_g) - tps)
    # status as an attribute of matched tuples: correct vs matched
    matched = gold_tuples.keys() & pred_tuples.keys()
    correct = sum(1 for k in matched if gold_tuples[k] == pred_tuples[k])
    status = Counts(correct, tp - correct, tp - correct)
    right = sum(1 for k in matched if pred_country[k] & {_country_token(gold, c, None) for c in gold.role_countries[k]})
    country = Counts(right, tp - right, tp - right)
    return dict(zip(ROLE_METRICS, ({ALL: tuples}, {ALL: strict}, {ALL: status}, {ALL: country})))


# --- timexes -------------------------------------------------------------------------

#: The date layer's (tp, fp, fn) metrics (ungrounded files: the last two); ``value_partial``,
#: a fraction, follows.
TIMEX_COUNT_METRICS: tuple[str, ...] = ("strict", "relaxed", "value", "type")


def te3_pairs(gold: Sequence[tuple[int, int, str]], pred: Sequence[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Relaxed alignment of date expressions by the TempEval-3 toolkit's rule: identical
    extents are paired first; then each gold expression, in text order, is paired with the
    first expression of the system, in text order, that overlaps it and is still free. Types
    and values play no part, so the value score does not depend on the type (gold "friday
    morning" against the system's "friday" and "morning" is paired with "friday", whatever
    their types)."""
    g_order = sorted(range(len(gold)), key=lambda a: (gold[a][0], gold[a][1]))
    p_order = sorted(range(len(pred)), key=lambda b: (pred[b][0], pred[b][1]))
    free = dict.fromkeys(p_order)
    pairs = []
    by_extent: dict[tuple[int, int], list[int]] = {}
    for b in p_order:
        by_extent.setdefault(pred[b][:2], []).append(b)
    rest = []
    for a in g_order:
        same = by_extent.get(gold[a][:2])
        if same:
            b = same.pop(0)
            del free[b]
            pairs.append((a, b))
        else:
            rest.append(a)
    for a in rest:
        s, e = gold[a][0], gold[a][1]
        for b in free:
            if pred[b][0] < e and pred[b][1] > s:
                del free[b]
                pairs.append((a, b))
                break
    return sorted(pairs)


class TimexAlignment(NamedTuple):
    """The alignments of one document's dates (:func:`align_timexes`).

    ``gold``: ``(start, end, type, value)`` sorted (grounded: the gold's own tuples;
    ungrounded: each distinct ``(type, value)`` once, offsets -1); ``pred``: the predictions
    as ``(start, end, type, value, index)`` sorted (``index``: position in the predictions
    line, the first one of a repeated ungrounded date); ``strict`` (grounded only),
    ``relaxed`` (the pairs value and type are judged on) and ``credit`` (the pairs of the
    granularity credit; ``relaxed`` itself when grounded): ``(gold, pred)`` positions.
    """

    gold: list[tuple[int, int, str, str]]
    pred: list[tuple[int, int, str, str, int]]
    strict: list[tuple[int, int]]
    relaxed: list[tuple[int, int]]
    credit: list[tuple[int, int]]


def align_timexes(gold: GoldDoc, pred: PredDoc, grounded: bool, ties: str = "te3") -> TimexAlignment:
    """Grounded expressions are aligned by ``ties``: ``te3``, the TempEval-3 toolkit's rule
    (:func:`te3_pairs`), or ``optimal``, the mention layer's optimal alignment (exact extents
    first, then a pair of the same type); strict pairs are those with identical extents.
    Ungrounded timexes (values only) are compared per document as a set of distinct
    ``(value, type)`` pairs (a date the text gives four times is one item), aligned on the
    value itself (identical value strings, then type agreement) for value and type, and by
    best granularity credit for the partial credit."""
    preds = pred.layers.get("timexes", ())
    if grounded:
        g = gold.timexes
        p = sorted((t["start"], t["end"], t["type"], t["value"], i) for i, t in enumerate(preds))
        spans_g = [(s, e, t) for s, e, t, _ in g]
        spans_p = [(s, e, t) for s, e, t, _, _ in p]
        relaxed = te3_pairs(spans_g, spans_p) if ties == "te3" else align_spans(spans_g, spans_p, 0.0)
        strict = [(a, b) for a, b in relaxed if spans_g[a][:2] == spans_p[b][:2]]
        return TimexAlignment(g, p, strict, relaxed, relaxed)
    g = sorted({(-1, -1, t, v) for _, _, t, v in gold.timexes})
    first: dict[tuple[str, str], int] = {}
    for i, t in enumerate(preds):
        first.setdefault((t["type"], t["value"]), i)
    p = sorted((-1, -1, t, v, i) for (t, v), i in first.items())
    pairs = []
    for a, x in enumerate(g):
        for b, y in enumerate(p):
            if x[3] == y[3]:
                pairs.append((a, b, (1, int(x[2] == y[2]))))
    relaxed = optimal_pairs(len(g), len(p), pairs, (1, 1))
    cpairs = []
    for a, x in enumerate(g):
        for b, y in enumerate(p):
            c = timex_partial_credit(x[3], y[3])
            if c > 0:
                cpairs.append((a, b, (int(c * 1000),)))
    return TimexAlignment(g, p, [], relaxed, optimal_pairs(len(g), len(p), cpairs, (1000,)))


def score_timexes(gold: GoldDoc, pred: PredDoc, grounded: bool, ties: str = "te3") -> dict[str, dict[str, Any]]:
    """TempEval-3: extent strict/relaxed P/R/F1; value and type F1 on relaxed matches
    (attribute correct / all predicted, / all gold); granularity partial credit separately,
    all on the alignments of :func:`align_timexes`."""
    al = align_timexes(gold, pred, grounded, ties)
    g, p = al.gold, al.pred
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

    if grounded:
        book(al.strict, "strict", lambda x, y: True)
        book(al.relaxed, "relaxed", lambda x, y: True)
    book(al.relaxed, "value", lambda x, y: x[3] == y[3])
    book(al.relaxed, "type", lambda x, y: x[2] == y[2])
    got = dict(al.credit)
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


def record_content(r: dict[str, Any], token: Any = None) -> tuple[Any, ...]:
    """What the meeting layer compares of a record, in a sortable form. Records with the same
    content, once ``token`` is applied to entity references, are interchangeable for the
    meeting layer; the ``cross_doc_id`` is not part of it (a cluster label: its name must not
    decide which of two such records is aligned, see :func:`.meeting_batch.interchangeable`)."""
    tok = token or (lambda t: t or "")
    return (sorted(map(tok, r["participants"])), r["date"] or "", tok(r["location"]), r["modality"],
            r["status"], sorted(r["topics"]))


def _record_key(r: dict[str, Any], token: Any = None) -> tuple[Any, ...]:
    """Sort key of a meeting record: its content, then its position (``index``, or the gold
    ``id``)."""
    return (*record_content(r, token), r.get("index", r.get("id", "")))


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


#: Slot-similarity weight (out of 6000) from which two records are admissible whatever they
#: share: half of the six slots.
HALF_THE_SLOTS = 3000


def align_meetings(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Hungarian alignment on slot similarity; a pair is admissible only if the records
    share a participant, a (non-null) date or a (non-null) location, or if neither has any
    of the three (a generic "talks" record), or if they agree on at least half of the slot
    similarity (:data:`HALF_THE_SLOTS`): agreeing on modality and status alone does not make
    two records the same meeting, but a record that is right on most of a meeting and wrong
    on its names and date is that meeting (and is never scored below leaving it out)."""
    def bare(r: dict[str, Any]) -> bool:
        return not r["participants"] and r["date"] is None and r["location"] is None

    pairs = []
    for a, g in enumerate(gold):
        for b, p in enumerate(pred):
            weight = int(round(slot_similarity(g, p) * 6000))
            if (g["participants"] & p["participants"]) or (g["date"] is not None and g["date"] == p["date"]) \
                    or (g["location"] is not None and g["location"] == p["location"]) or (bare(g) and bare(p)) \
                    or weight >= HALF_THE_SLOTS:
                pairs.append((a, b, (weight,)))
    return optimal_pairs(len(gold), len(pred), pairs, (6000,))


#: What an unmatched record is compared with: every slot empty.
_NO_RECORD: dict[str, Any] = {"participants": frozenset(), "topics": frozenset(), "date": None, "location": None,
                              "modality": None, "status": None}


#: Each meeting slot and whether it holds a set.
_SLOT_KINDS: tuple[tuple[str, bool], ...] = tuple((s, s in ("participants", "topics")) for s in MEETING_SLOTS)


def slot_counts(is_set: bool, gv: Any, pv: Any) -> tuple[int, int, int, int]:
    """``(cor, inc, mis, spu)`` of one slot of a pair of records (:class:`.counts.SlotCounts`).

    A single-valued slot: COR if the values are equal and not null, INC (a substitution) if
    both are given and differ, MIS if only the gold has one, SPU if only the prediction does.
    A set slot: COR the shared elements; of the gold-only and predicted-only elements, as many
    as pair up are substitutions (INC, the smaller of the two numbers), the rest of the
    gold-only ones MIS and of the predicted-only ones SPU."""
    if is_set:
        both = len(gv & pv)
        fn, fp = len(gv) - both, len(pv) - both
        inc = min(fn, fp)
        return both, inc, fn - inc, fp - inc
    if gv is None:
        return 0, 0, 0, int(pv is not None)
    if pv is None:
        return 0, 0, 1, 0
    return (1, 0, 0, 0) if gv == pv else (0, 1, 0, 0)


def score_meetings(gold: GoldDoc, pred: PredDoc, resolve: Resolver) -> tuple[dict[str, dict[str, Any]], list[tuple[int, int]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Slot-level counts (:func:`slot_counts`, summed over the aligned pairs and the unmatched
    records: an unmatched gold record's values are missing, an unmatched predicted record's
    spurious) and record-level exact match."""
    g = sorted(gold.meetings, key=_record_key) if len(gold.meetings) > 1 else list(gold.meetings)
    p = pred_meeting_records(pred, resolve)
    pairs = align_meetings(g, p)
    acc = [0] * (4 * len(MEETING_SLOTS))  # (cor, inc, mis, spu) of each slot, in MEETING_SLOTS order

    def compare(gr: dict[str, Any], pr: dict[str, Any]) -> bool:
        """Book one pair of records (or a record against :data:`_NO_RECORD`); True iff equal."""
        same = True
        for i, (slot, is_set) in enumerate(_SLOT_KINDS):
            for j, k in enumerate(slot_counts(is_set, gr[slot], pr[slot])):
                acc[4 * i + j] += k
            same = same and gr[slot] == pr[slot]
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
    slots = {slot: SlotCounts(*acc[4 * i:4 * i + 4]) for i, slot in enumerate(MEETING_SLOTS)}
    record = Counts(exact, len(p) - exact, len(g) - exact)
    return {"slots": slots, "record_exact": {ALL: record}}, pairs, g, p
