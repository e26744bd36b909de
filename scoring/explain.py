"""Item-by-item explanations of a score: every aligned pair, missed gold item and spurious prediction.

An explanation is data (plain dicts and lists, JSON-ready), computed by the same
per-document functions of :mod:`.layers` and :mod:`.mentions` that the scorer's batch paths
are held to (``tests/scoring/test_fast_paths.py``): the mention and date alignment
(:func:`.mentions.mention_alignment`, :func:`.layers.align_timexes`), the entity alignment
(:func:`.layers.align_entities`, :func:`.layers.align_entities_ungrounded`), the role tuples
(:func:`.layers.role_tuples`) and the meeting alignment with its slot counts
(:func:`.layers.score_meetings`, :func:`.layers.slot_counts`). There is no second matcher:
the outcomes listed here add up to the counts the scorer reports (a test checks it for every
layer and scheme). Rendering (terminal text, HTML) lives in :mod:`mil2mil.report`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mil2mil.errors import InputError, Problem

from .api import LAYERS, Options, ScoreReport, check_options, score
from .gold_source import GoldDoc, GoldSource
from .layers import (
    _NO_RECORD, _SLOT_KINDS, MEETING_SLOTS, _country_token, PredClusters, Resolver, align_entities, align_entities_ungrounded, align_timexes, role_tuples,
    score_entities_grounded, score_meetings, slot_counts,
)
from .mentions import OUTCOMES, SCHEME_NAMES, SCHEMES, mention_alignment, outcome_slot
from .normalize import normalize_name, normalize_title, timex_partial_credit
from .predictions import PRED_KEYS, PredDoc, check_document, read_lines

#: Layers explained document by document (``crossdoc`` is explained corpus-wide).
DOC_LAYERS: tuple[str, ...] = LAYERS[:-1]


@dataclass
class Explanation:
    """The scorer's report and, for the documents asked for, what each number is made of."""

    report: ScoreReport
    grounded: bool
    layers: tuple[str, ...]
    documents: list[dict[str, Any]] = field(default_factory=list)
    crossdoc: dict[str, Any] | None = None

    def to_json_obj(self) -> dict[str, Any]:
        o = self.report.options
        return {
            "predictions": self.report.predictions,
            "gold": self.report.gold,
            "data": self.report.data_version,
            "match": "grounded" if self.grounded else "ungrounded",
            "options": {"scheme": o.scheme, "overlap": o.overlap, "timex_ties": o.timex_ties},
            "layers": list(self.layers),
            "documents": self.documents,
            "crossdoc": self.crossdoc,
        }


class Explainer:
    """Scores a predictions file once (which validates it) and explains its documents.

    :meth:`document` explains one document, :meth:`documents` each one asked for in
    ``doc_id`` order, :meth:`crossdoc` the cross-document clusters. Predictions are read
    again from the file (a score report keeps only counts).
    """

    def __init__(self, predictions: Path | str, gold: GoldSource | None = None, options: Options | None = None):
        # per-document rows: the explanation lists each document's counts (the caller's
        # options are not changed)
        opts = replace(options or Options(), per_document=True)
        check_options(opts)
        self.path = Path(predictions)
        self.gold = gold or GoldSource.from_path()
        self.options = opts
        self.report = score(self.path, self.gold, opts)  # raises InputError on any bad line
        self.layers = tuple(name for name, lr in self.report.layers.items() if lr.scored)
        self.grounded = False
        self._preds = self._read()

    # --- reading ------------------------------------------------------------------

    def _read(self) -> dict[str, PredDoc]:
        """Every document's predictions, read again (the file was validated by scoring it)."""
        problems: list[Problem] = []
        preds: dict[str, PredDoc] = {}
        keys: set[str] = set()
        lenient = [0] if self.options.lenient else None
        for rl in read_lines(self.path, problems, self.options.max_line_bytes):
            doc_id = rl.obj["doc_id"]
            keys = set(rl.obj) & set(PRED_KEYS)
            # the matching kind as the scorer reads it: declared, else a `mentions` layer
            declared = self.options.matching or rl.obj.get("matching")
            self.grounded = declared == "grounded" if declared else "mentions" in keys
            preds[doc_id] = check_document(str(self.path), rl, self.gold.get(doc_id).text, self.grounded, problems, lenient)
        if problems:  # the file changed since it was scored
            raise InputError(problems)
        for d in self.gold.doc_ids:  # scored as predicting nothing (allow_missing)
            if d not in preds:
                preds[d] = PredDoc(d, None, {k: [] for k in keys})
        return preds

    # --- explaining ---------------------------------------------------------------

    def document(self, doc_id: str) -> dict[str, Any]:
        """The explanation of one document: every scored layer's items and its counts."""
        gold = self.gold.get(doc_id)
        pred = self._preds[doc_id]
        return explain_document(gold, pred, self.grounded, self.layers, self.options.overlap, self._doc_scores(doc_id),
                                self.options.timex_ties)

    def documents(self, doc_ids: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
        ids = sorted(set(doc_ids)) if doc_ids is not None else self.gold.doc_ids
        for d in ids:
            yield self.document(d)

    def _doc_scores(self, doc_id: str) -> dict[str, Any]:
        """The report's per-document counts of ``doc_id``, metric by metric."""
        i = self.gold.index_of(doc_id)
        out: dict[str, Any] = {}
        for name, lr in self.report.layers.items():
            if not lr.scored or name == "crossdoc":
                continue
            out[name] = {k: m.doc_counts(i).to_json() for k, m in lr.metrics.items() if len(m.per_doc)}
        return out

    def crossdoc(self, doc_ids: Sequence[str] | None = None) -> dict[str, Any] | None:
        """The cross-document clusters of meeting records (``None`` if that layer is not
        scored); with ``doc_ids``, only the clusters with a record in one of them."""
        if "crossdoc" not in self.layers:
            return None
        preds = self._preds
        records: list[tuple[str, str, str, int | None]] = []  # gold: (cross id, doc, meeting id, aligned pred index)
        predicted: list[tuple[str, str, int, str | None, str | None]] = []  # (cross id, doc, index, gold meeting id, its cross id)
        for d in self.gold.doc_ids:
            gold = self.gold.get(d)
            pred = preds[d]
            resolve = Resolver(gold, pred, self.grounded)
            _, pairs, g, p = score_meetings(gold, pred, resolve)
            # a gold record is known by the first gold record with its id (as the scorer numbers them)
            first: dict[str, dict[str, Any]] = {}
            for r in gold.meetings:
                first.setdefault(r["id"], r)
            to_pred = {g[a]["id"]: p[b]["index"] for a, b in pairs}
            to_gold = {p[b]["index"]: first[g[a]["id"]] for a, b in pairs}
            for r in gold.meetings:
                if r["cross_doc_id"] is not None and first[r["id"]] is r:
                    records.append((r["cross_doc_id"], d, r["id"], to_pred.get(r["id"])))
            for i, m in enumerate(pred.layers.get("meetings", ())):
                cid = m.get("cross_doc_id")
                if cid is not None:
                    gr = to_gold.get(i)
                    predicted.append((cid, d, i, gr["id"] if gr else None, gr["cross_doc_id"] if gr else None))
        pred_cid = {(d, i): m.get("cross_doc_id") for d, pd in preds.items() for i, m in enumerate(pd.layers.get("meetings", ()))}
        gold_clusters: dict[str, list[dict[str, Any]]] = {}
        for cid, d, mid, pi in records:
            gold_clusters.setdefault(cid, []).append({
                "doc_id": d, "meeting": mid, "pred_index": pi,
                "pred_cross_doc_id": None if pi is None else pred_cid.get((d, pi))})
        pred_clusters: dict[str, list[dict[str, Any]]] = {}
        for cid, d, i, mid, gcid in predicted:
            pred_clusters.setdefault(cid, []).append({"doc_id": d, "index": i, "gold_meeting": mid, "gold_cross_doc_id": gcid})
        want = None if doc_ids is None else set(doc_ids)

        def records_of(recs: list[dict[str, Any]], index: str) -> list[tuple[str, int]]:
            """The predicted records of a cluster, as (document, index) (-1: none aligned)."""
            return sorted((r["doc_id"], -1 if r[index] is None else r[index]) for r in recs)

        out_gold = []
        for cid in sorted(gold_clusters):
            recs = gold_clusters[cid]
            linked = sorted({r["pred_cross_doc_id"] for r in recs if r["pred_cross_doc_id"] is not None})
            if len(linked) > 1:
                verdict = "split"  # its records carry different predicted ids
            elif not linked:
                verdict = "mis"  # no record aligned to a predicted record with an id
            elif records_of(pred_clusters[linked[0]], "index") == records_of(recs, "pred_index"):
                verdict = "cor"
            else:
                verdict = "inc"  # some records without the id, or the predicted cluster holds others
            if want is None or any(r["doc_id"] in want for r in recs):
                out_gold.append({"cross_doc_id": cid, "records": recs, "outcome": verdict, "pred_cross_doc_ids": linked})
        out_pred = []
        for cid in sorted(pred_clusters):
            recs = pred_clusters[cid]
            sources = sorted({r["gold_cross_doc_id"] for r in recs if r["gold_cross_doc_id"] is not None})
            if len(sources) > 1:
                verdict = "merged"  # records of different gold clusters
            elif not sources:
                verdict = "spu"
            elif records_of(gold_clusters[sources[0]], "pred_index") == records_of(recs, "index"):
                verdict = "cor"
            else:
                verdict = "inc"
            if want is None or any(r["doc_id"] in want for r in recs):
                out_pred.append({"cross_doc_id": cid, "records": recs, "outcome": verdict, "gold_cross_doc_ids": sources})
        lr = self.report.layers["crossdoc"]
        return {"gold_clusters": out_gold, "pred_clusters": out_pred,
                "counts": {k: m.total.to_json() for k, m in lr.metrics.items()}}

    def explanation(self, doc_ids: Sequence[str] | None = None) -> Explanation:
        """Everything at once (for ``--explain``): the documents asked for (default: all)."""
        if doc_ids is not None:
            check_doc_ids(self.gold, doc_ids)
        return Explanation(self.report, self.grounded, self.layers, list(self.documents(doc_ids)), self.crossdoc(doc_ids))


def check_doc_ids(gold: GoldSource, doc_ids: Sequence[str]) -> None:
    """Raise :class:`InputError` naming every ``doc_id`` that is not a gold document."""
    unknown = sorted({d for d in doc_ids if d not in gold})
    if unknown:
        raise InputError([Problem("<options>", "--doc", f"unknown doc_id {d!r}; expected one of the {len(gold)} gold documents")
                          for d in unknown])


def explain(predictions: Path | str, gold: GoldSource | None = None, options: Options | None = None,
            doc_ids: Sequence[str] | None = None, **kw: Any) -> Explanation:
    """Score ``predictions`` and explain the documents ``doc_ids`` (default: every one).

    Keyword arguments override fields of :class:`.api.Options`, as for :func:`.api.score`.
    """
    opts = options or Options()
    for k, v in kw.items():
        setattr(opts, k, v)
    return Explainer(predictions, gold, opts).explanation(doc_ids)


# --- one document ----------------------------------------------------------------------

class _Names:
    """Display names of entity references: a gold id by its canonical name; an unresolved
    grounded reference by its predicted cluster's first mention; a name by itself."""

    def __init__(self, gold: GoldDoc, pred: PredDoc, grounded: bool):
        self.canonical = {e["id"]: e["canonical_name"] for e in gold.raw["entities"]}
        self.first: dict[str, str] = {}
        if grounded:
            for m in sorted(pred.layers.get("mentions", ()), key=lambda m: (m["start"], m["end"])):
                if "entity" in m:
                    self.first.setdefault(m["entity"], gold.text[m["start"]:m["end"]])

    def __call__(self, token: str | None) -> dict[str, Any] | None:
        if token is None:
            return None
        if token in self.canonical:
            return {"id": token, "name": self.canonical[token]}
        if token.startswith("pred:"):
            cid = token[5:]
            return {"id": None, "name": self.first.get(cid, cid), "cluster": cid}
        return {"id": None, "name": token.removeprefix("name:")}

    def many(self, tokens: Any) -> list[dict[str, Any]]:
        return sorted((self(t) for t in tokens), key=lambda x: (x["name"], x["id"] or "", x.get("cluster", "")))  # type: ignore[union-attr]


def _tags(item: dict[str, Any]) -> list[str]:
    return sorted(item.get("tags", ()))


def explain_document(gold: GoldDoc, pred: PredDoc, grounded: bool, layers: Sequence[str], overlap: float,
                     counts: dict[str, Any] | None = None, ties: str = "te3") -> dict[str, Any]:
    """The explanation of one document for the ``layers`` scored (see the module docstring)."""
    names = _Names(gold, pred, grounded)
    resolve = Resolver(gold, pred, grounded) if ("roles" in layers or "meetings" in layers) else None
    out: dict[str, Any] = {"doc_id": gold.doc_id, "layers": {}}
    if counts is not None:
        out["counts"] = counts
    if "mentions" in layers:
        out["layers"]["mentions"] = _mentions(gold, pred, overlap)
    if "entities" in layers:
        out["layers"]["entities"] = _entities_grounded(gold, pred) if grounded else _entities_ungrounded(gold, pred)
    if "roles" in layers:
        out["layers"]["roles"] = _roles(gold, pred, resolve, names)  # type: ignore[arg-type]
    if "timexes" in layers:
        out["layers"]["timexes"] = _timexes(gold, pred, grounded, ties)
    if "meetings" in layers:
        out["layers"]["meetings"] = _meetings(gold, pred, resolve, names)  # type: ignore[arg-type]
    return out


def _span(item: dict[str, Any], text: str, **extra: Any) -> dict[str, Any]:
    s, e = item["start"], item["end"]
    return {"start": s, "end": e, "text": text[s:e], **extra}


def _mentions(gold: GoldDoc, pred: PredDoc, overlap: float) -> dict[str, Any]:
    """Aligned pairs with their outcome under every scheme, missed gold, spurious predictions."""
    g_items = sorted(gold.raw["mentions"], key=lambda m: (m["start"], m["end"], m["type"], m["entity"], m["id"]))
    p_raw = pred.layers.get("mentions", ())
    p_order = sorted(range(len(p_raw)), key=lambda i: (p_raw[i]["start"], p_raw[i]["end"], p_raw[i]["type"], i))
    g_spans = [(m["start"], m["end"], m["type"]) for m in g_items]
    p_spans = [(p_raw[i]["start"], p_raw[i]["end"], p_raw[i]["type"]) for i in p_order]
    pairs = sorted(mention_alignment(g_spans, p_spans, overlap))
    text = gold.text

    def gitem(m: dict[str, Any]) -> dict[str, Any]:
        return _span(m, text, id=m["id"], type=m["type"], form=m.get("form"), entity=m["entity"], tags=_tags(m))

    def pitem(i: int) -> dict[str, Any]:
        m = p_raw[i]
        return _span(m, text, index=i, type=m["type"], entity=m.get("entity"))

    items = []
    mg = set()
    mp = set()
    for a, b in pairs:
        mg.add(a)
        mp.add(b)
        key = OUTCOMES[outcome_slot(g_spans[a], p_spans[b])]
        items.append({"gold": gitem(g_items[a]), "pred": pitem(p_order[b]),
                      "boundaries": "exact" if key[0] else "overlap", "type_match": key[1],  # type: ignore[index]
                      "outcome": {s: SCHEMES[s][key] for s in SCHEME_NAMES}})  # type: ignore[index]
    for a, m in enumerate(g_items):
        if a not in mg:
            items.append({"gold": gitem(m), "pred": None, "outcome": {s: "mis" for s in SCHEME_NAMES}})
    for b, i in enumerate(p_order):
        if b not in mp:
            items.append({"gold": None, "pred": pitem(i), "outcome": {s: "spu" for s in SCHEME_NAMES}})
    items.sort(key=_by_position)
    return {"items": items}


def _by_position(item: dict[str, Any]) -> tuple[Any, ...]:
    side = item["gold"] or item["pred"]
    return (side.get("start", -1), side.get("end", -1), 0 if item["gold"] else 1, side.get("id", ""), side.get("index", -1))


def _entities_grounded(gold: GoldDoc, pred: PredDoc) -> dict[str, Any]:
    """Each gold entity with the predicted cluster aligned to it (most shared mentions) and
    their mentions; predicted clusters aligned to none; the document's coreference counts."""
    text = gold.text
    clusters = PredClusters.of(pred)
    aligned = align_entities(gold, pred, clusters)  # predicted cluster id -> gold id
    by_gold: dict[str, list[str]] = {}
    for cid, gid in sorted(aligned.items()):
        by_gold.setdefault(gid, []).append(cid)
    pred_spans: dict[str, set[tuple[int, int]]] = {}
    singletons = 0
    for m in pred.layers.get("mentions", ()):
        if "entity" in m:
            pred_spans.setdefault(m["entity"], set()).add((m["start"], m["end"]))
        else:
            singletons += 1
    gold_spans: dict[str, set[tuple[int, int]]] = {}
    for s, e, _, ent in gold.mentions:
        gold_spans.setdefault(ent, set()).add((s, e))

    def spans(ss: set[tuple[int, int]]) -> list[dict[str, Any]]:
        return [{"start": s, "end": e, "text": text[s:e]} for s, e in sorted(ss)]

    raw = {e["id"]: e for e in gold.raw["entities"]}
    items = []
    for gid in sorted(gold_spans, key=lambda g: (min(gold_spans[g]), g)):
        cids = by_gold.get(gid, [])
        ps = set().union(*(pred_spans[c] for c in cids)) if cids else set()
        gs = gold_spans[gid]
        outcome = "mis" if not cids else ("cor" if ps == gs else "par")
        items.append({
            "gold": {"id": gid, "type": raw[gid]["type"], "name": raw[gid]["canonical_name"], "tags": _tags(raw[gid]),
                     "mentions": spans(gs)},
            "pred": {"clusters": cids, "mentions": spans(ps)} if cids else None,
            "shared": len(gs & ps), "gold_only": spans(gs - ps), "pred_only": spans(ps - gs), "outcome": outcome,
        })
    for cid in sorted(set(pred_spans) - set(aligned), key=lambda c: (min(pred_spans[c]), c)):
        items.append({"gold": None, "pred": {"clusters": [cid], "mentions": spans(pred_spans[cid])},
                      "shared": 0, "gold_only": [], "pred_only": spans(pred_spans[cid]), "outcome": "spu"})
    coref = {name: val["all"].to_json() for name, val in score_entities_grounded(gold, pred).items()}
    return {"items": items, "unclustered_mentions": singletons, "coref": coref}


def _entities_ungrounded(gold: GoldDoc, pred: PredDoc) -> dict[str, Any]:
    gids, preds, matched, unscored = align_entities_ungrounded(gold, pred)
    raw = {e["id"]: e for e in gold.raw["entities"]}

    def gitem(g: str) -> dict[str, Any]:
        return {"id": g, "type": raw[g]["type"], "name": raw[g]["canonical_name"], "tags": _tags(raw[g])}

    def pitem(e: dict[str, Any]) -> dict[str, Any]:
        return {"type": e["type"], "name": e["name"], "aliases": list(e.get("aliases", []))}

    items = []
    mg = {a for a, _ in matched}
    mp = {b for _, b in matched}
    for a, b in matched:
        items.append({"gold": gitem(gids[a]), "pred": pitem(preds[b]), "outcome": "cor"})
    for a, g in enumerate(gids):
        if a not in mg:
            items.append({"gold": gitem(g), "pred": None, "outcome": "mis"})
    for b, e in enumerate(preds):
        if b not in mp:
            # a prediction naming only gold entities that are not scored (pronouns only) counts nowhere
            items.append({"gold": None, "pred": pitem(e), "outcome": "unscored" if b in unscored else "spu"})
    items.sort(key=lambda it: ((it["gold"] or it["pred"])["name"], it["gold"] is None, (it["gold"] or {}).get("id", "")))
    return {"items": items}


def _roles(gold: GoldDoc, pred: PredDoc, resolve: Resolver, names: _Names) -> dict[str, Any]:
    """Gold and predicted (person, title, organization) tuples side by side, with statuses."""
    gold_tuples, pred_tuples, pred_country = role_tuples(gold, pred, resolve)
    raw_gold: dict[Any, list[dict[str, Any]]] = {}
    for r in gold.raw["roles"]:
        raw_gold.setdefault((r["person"], normalize_name(r["normalized_title"]), r["organization"]), []).append(r)
    raw_pred: dict[Any, list[int]] = {}
    for i, r in enumerate(pred.layers.get("roles", ())):
        key = (resolve(r["person"]), normalize_title(r["normalized_title"]), resolve(r["organization"]))
        raw_pred.setdefault(key, []).append(i)

    def side(key: Any, statuses: set[str]) -> dict[str, Any]:
        return {"person": names(key[0]), "title": key[1], "organization": names(key[2]), "status": sorted(statuses)}

    items = []
    # gold-id order first (tokens a system names are hidden, as everywhere in ordering), then
    # the tokens themselves: a total order, so the output never depends on set iteration
    for key in sorted(gold_tuples.keys() | pred_tuples.keys(),
                      key=lambda k: (tuple(resolve.sort_token(x) for x in k), tuple(x or "" for x in k))):
        gs, ps = gold_tuples.get(key), pred_tuples.get(key)
        g = None
        if gs is not None:
            g = side(key, gs)
            g["ids"] = sorted(r["id"] for r in raw_gold.get(key, ()))
            g["tags"] = sorted({t for r in raw_gold.get(key, ()) for t in r.get("tags", ())})
        p = None
        if ps is not None:
            p = side(key, ps)
            p["indices"] = raw_pred.get(key, [])
        if g:
            g["country"] = sorted(c or "" for c in gold.role_countries.get(key, ()))
        if p:
            p["country"] = sorted(c or "" for c in pred_country.get(key, ()))
        if g and p:
            outcome = "cor" if gs == ps else "inc"
            # the country, judged on matched tuples as the scorer judges it
            p["country_right"] = bool(pred_country[key] & {_country_token(gold, c, None) for c in gold.role_countries[key]})
        else:
            outcome = "mis" if g else "spu"
        items.append({"gold": g, "pred": p, "outcome": outcome})
    return {"items": items}


def _timexes(gold: GoldDoc, pred: PredDoc, grounded: bool, ties: str) -> dict[str, Any]:
    """Aligned dates with both values and which attributes agree; missed and spurious.
    Ungrounded dates are items per distinct (value, type), as the scorer counts them: a gold
    item lists the ids of every gold timex with that value and type."""
    al = align_timexes(gold, pred, grounded, ties)
    raw = sorted(gold.raw["timexes"], key=lambda t: (t["start"], t["end"], t["type"], t["value"], t["id"]))
    text = gold.text
    p_raw = pred.layers.get("timexes", ())
    same: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for t in raw:
        same.setdefault((t["type"], t["value"]), []).append(t)

    def gitem(a: int) -> dict[str, Any]:
        if grounded:
            t = raw[a]
            return _span(t, text, id=t["id"], type=t["type"], value=t["value"], tags=_tags(t))
        _, _, typ, value = al.gold[a]
        ts = same[(typ, value)]
        return {"id": ts[0]["id"], "ids": [t["id"] for t in ts], "type": typ, "value": value,
                "tags": sorted({tag for t in ts for tag in t.get("tags", ())})}

    def pitem(b: int) -> dict[str, Any]:
        i = al.pred[b][4]
        t = p_raw[i]
        base = _span(t, text) if grounded else {}
        return {**base, "index": i, "type": t["type"], "value": t["value"]}

    credit_of = dict(al.credit)
    strict = set(al.strict)
    items = []
    mg = {a for a, _ in al.relaxed}
    mp = {b for _, b in al.relaxed}
    for a, b in al.relaxed:
        x, y = al.gold[a], al.pred[b]
        items.append({"gold": gitem(a), "pred": pitem(b), "strict": (a, b) in strict if grounded else None,
                      "value": x[3] == y[3], "type": x[2] == y[2],
                      "outcome": "cor" if x[3] == y[3] else "inc"})
    for a in range(len(al.gold)):
        if a not in mg:
            items.append({"gold": gitem(a), "pred": None, "outcome": "mis"})
    for b in range(len(al.pred)):
        if b not in mp:
            items.append({"gold": None, "pred": pitem(b), "outcome": "spu"})
    items.sort(key=_by_position if grounded else lambda it: ((it["gold"] or it["pred"])["value"], it["gold"] is None))
    credit = [{"gold": gitem(a)["id"], "pred": al.pred[credit_of[a]][4],
               "credit": timex_partial_credit(al.gold[a][3], al.pred[credit_of[a]][3])}
              for a in sorted(credit_of)]
    return {"items": items, "credit": credit}


def _meetings(gold: GoldDoc, pred: PredDoc, resolve: Resolver, names: _Names) -> dict[str, Any]:
    """The gold↔predicted record alignment with each slot's values and counts."""
    _, pairs, g, p = score_meetings(gold, pred, resolve)
    raw = {m["id"]: m for m in gold.raw["meetings"]}
    no_record = _NO_RECORD

    def value(slot: str, v: Any) -> Any:
        if slot == "participants":
            return names.many(v)
        if slot == "location":
            return names(v)
        if slot == "topics":
            return sorted(v)
        return v

    def record(r: dict[str, Any], is_gold: bool) -> dict[str, Any]:
        out: dict[str, Any] = {"id": r["id"]} if is_gold else {"index": r["index"]}
        out.update({slot: value(slot, r[slot]) for slot in MEETING_SLOTS})
        out["cross_doc_id"] = r.get("cross_doc_id")
        if is_gold:
            out["tags"] = _tags(raw[r["id"]])
        return out

    def compare(gr: dict[str, Any], pr: dict[str, Any]) -> dict[str, Any]:
        slots = {}
        for slot, is_set in _SLOT_KINDS:
            entry: dict[str, Any] = dict(zip(("cor", "inc", "mis", "spu"), slot_counts(is_set, gr[slot], pr[slot])))
            if is_set:
                entry["shared"] = value(slot, gr[slot] & pr[slot])
                entry["gold_only"] = value(slot, gr[slot] - pr[slot])
                entry["pred_only"] = value(slot, pr[slot] - gr[slot])
            slots[slot] = entry
        return slots

    items = []
    mg = {a for a, _ in pairs}
    mp = {b for _, b in pairs}
    for a, b in pairs:
        same = all(g[a][s] == p[b][s] for s in MEETING_SLOTS)
        items.append({"gold": record(g[a], True), "pred": record(p[b], False), "slots": compare(g[a], p[b]),
                      "outcome": "cor" if same else "inc"})
    for a, r in enumerate(g):
        if a not in mg:
            items.append({"gold": record(r, True), "pred": None, "slots": compare(r, no_record), "outcome": "mis"})
    for b, r in enumerate(p):
        if b not in mp:
            items.append({"gold": None, "pred": record(r, False), "slots": compare(no_record, r), "outcome": "spu"})
    order = {m["id"]: k for k, m in enumerate(gold.raw["meetings"])}
    items.sort(key=lambda it: (it["gold"] is None, order[it["gold"]["id"]] if it["gold"] else 0, (it["pred"] or {}).get("index", -1)))
    return {"items": items}
