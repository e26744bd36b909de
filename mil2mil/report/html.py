"""The HTML error-analysis report (``mil2mil report``): one self-contained, deterministic file.

Everything is rendered from the scorer's explanation (:mod:`mil2mil.scoring.explain`) and its
report: a summary per layer with confidence intervals; per document, the text with the gold
and the predicted spans highlighted (nested and crossing spans kept visible, coloured by
outcome, a tooltip with type, value and entity), zones shaded, the meeting records side by
side with each slot's outcome, and tables of roles, entities and dates; per-phenomenon
tables and bars where the gold items carry ``tags``. No network asset: CSS and JavaScript
are inlined, and the page works from disk. Every text is HTML-escaped. The same inputs give
the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from html import escape
from importlib import resources
from typing import Any

from mil2mil.scoring.explain import Explainer

#: Documents rendered in full by default; the others are counted in the summary only.
DEFAULT_MAX_DOCS = 50

OUTCOME_NAMES = {"cor": "correct", "inc": "incorrect", "par": "partial", "mis": "missed", "spu": "spurious",
                 "unscored": "not scored (the gold names this entity only by pronouns)"}
_HEADLINE_KEYS = {"roles": "tuple", "timexes": "value", "meetings": "slots", "entities": "entities"}


def _e(x: Any) -> str:
    return escape("" if x is None else str(x), quote=True)


def _f(v: float | None, digits: int = 4) -> str:
    return "n/a" if v is None else f"{v:.{digits}f}"


def _asset(name: str) -> str:
    return resources.files("mil2mil.report").joinpath(name).read_text(encoding="utf-8")


def _json_script(obj: Any) -> str:
    """JSON safe inside a ``<script>`` element (no ``<``, ``>`` or ``&`` left)."""
    s = json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# --- per-document scores ------------------------------------------------------------------

def doc_headlines(doc: dict[str, Any], scheme: str, grounded: bool) -> dict[str, float | None]:
    """Each layer's headline F1 in one document (from the report's per-document counts)."""
    out: dict[str, float | None] = {}
    counts = doc.get("counts", {})
    for layer, per in counts.items():
        if layer == "mentions":
            out[layer] = per[scheme]["f1"]
        elif layer == "entities" and grounded:
            fs = [per[k]["f1"] for k in ("muc", "b3", "ceafe")]
            out[layer] = None if any(f is None for f in fs) else sum(fs) / 3
        else:
            out[layer] = per[_HEADLINE_KEYS[layer]]["f1"]
    return out


def doc_score(headlines: dict[str, float | None]) -> float | None:
    """A document's score for ranking: the mean of its defined layer headlines."""
    vals = [v for v in headlines.values() if v is not None]
    return sum(vals) / len(vals) if vals else None


# --- spans over a text ----------------------------------------------------------------------

def render_spans(text: str, spans: Sequence[dict[str, Any]]) -> str:
    """``text`` with ``spans`` (``start``, ``end``, ``cls``, ``title``, ``key``, ``zone``)
    as nested ``<span>`` elements.

    Spans are opened longest first at each start; where two spans cross, the inner one is
    closed at the outer one's end and reopened right after it as a continuation (class
    ``cont``), so every span stays visible and each one is counted once (the elements
    without ``cont``).
    """
    order = sorted(range(len(spans)), key=lambda i: (spans[i]["start"], -spans[i]["end"], 0 if spans[i].get("zone") else 1, spans[i]["key"]))
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for i in order:
        starts.setdefault(spans[i]["start"], []).append(i)
        ends.setdefault(spans[i]["end"], []).append(i)
    cuts = sorted(set(starts) | set(ends) | {0, len(text)})
    out: list[str] = []
    stack: list[int] = []

    def open_tag(i: int, cont: bool) -> str:
        s = spans[i]
        cls = s["cls"] + (" cont" if cont else "")
        title = f' title="{_e(s["title"])}"' if s.get("title") else ""
        key = f' data-key="{_e(s["key"])}"' if not s.get("zone") else ""
        return f'<span class="{cls}"{title}{key}>'

    prev = 0
    for pos in cuts:
        if pos > prev:
            out.append(_e(text[prev:pos]))
        prev = pos
        closing = set(ends.get(pos, ()))
        if closing:
            # close down to the deepest span ending here, reopening the others after
            reopen = []
            while any(i in closing for i in stack):
                i = stack.pop()
                out.append("</span>")
                if i not in closing:
                    reopen.append(i)
            for i in reversed(reopen):
                stack.append(i)
                out.append(open_tag(i, True))
        for i in starts.get(pos, ()):
            if spans[i]["end"] > pos:
                stack.append(i)
                out.append(open_tag(i, False))
    while stack:
        stack.pop()
        out.append("</span>")
    return "".join(out)


def _mention_title(side: str, x: dict[str, Any], other: dict[str, Any] | None, outcome: str, names: dict[str, str]) -> str:
    who = x.get("id") or f"pred #{x['index']}"
    ent = x.get("entity")
    parts = [f"{side} {who}: {x['type']} \u201c{x['text']}\u201d"]
    if ent:
        parts.append(f"entity {ent}" + (f" ({names[ent]})" if side == "gold" and ent in names else ""))
    parts.append(f"outcome {outcome.upper()} ({OUTCOME_NAMES[outcome]})")
    if other is not None:
        parts.append(f"aligned with {other.get('id') or 'pred #' + str(other['index'])}: {other['type']} \u201c{other['text']}\u201d")
    if x.get("tags"):
        parts.append("tags: " + ", ".join(x["tags"]))
    return "; ".join(parts)


def _timex_title(side: str, x: dict[str, Any], other: dict[str, Any] | None, outcome: str) -> str:
    who = x.get("id") or f"pred #{x['index']}"
    parts = [f"{side} {who}: {x['type']} value {x['value']} \u201c{x['text']}\u201d", f"outcome {outcome.upper()} ({OUTCOME_NAMES[outcome]})"]
    if other is not None:
        parts.append(f"aligned with {other.get('id') or 'pred #' + str(other['index'])}: {other['type']} value {other['value']}")
    if x.get("tags"):
        parts.append("tags: " + ", ".join(x["tags"]))
    return "; ".join(parts)


def highlight_spans(doc: dict[str, Any], scheme: str, names: dict[str, str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The gold and the predicted highlights of a grounded document (mentions and dates)."""
    gold: list[dict[str, Any]] = []
    pred: list[dict[str, Any]] = []
    layers = doc["layers"]
    for it in layers.get("mentions", {}).get("items", ()):
        o = it["outcome"][scheme]
        g, p = it["gold"], it["pred"]
        if g:
            gold.append({"start": g["start"], "end": g["end"], "cls": f"hl mention {o}", "key": f"g-{g['id']}",
                         "title": _mention_title("gold", g, p, o, names)})
        if p:
            pred.append({"start": p["start"], "end": p["end"], "cls": f"hl mention {o}", "key": f"p-m{p['index']}",
                         "title": _mention_title("predicted", p, g, o, names)})
    for it in layers.get("timexes", {}).get("items", ()):
        o = it["outcome"]
        g, p = it["gold"], it["pred"]
        if g:
            gold.append({"start": g["start"], "end": g["end"], "cls": f"hl timex {o}", "key": f"g-{g['id']}",
                         "title": _timex_title("gold", g, p, o)})
        if p and "start" in p:
            pred.append({"start": p["start"], "end": p["end"], "cls": f"hl timex {o}", "key": f"p-t{p['index']}",
                         "title": _timex_title("predicted", p, g, o)})
    return gold, pred


def _zones(raw: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"start": z["start"], "end": z["end"], "cls": f"zone zone-{z['type']}", "key": f"z-{z['id']}",
             "title": f"zone: {z['type']}", "zone": 1} for z in raw.get("zones", ())]


# --- tables ---------------------------------------------------------------------------------

def _badge(o: str) -> str:
    return f'<span class="badge {_e(o)}" title="{_e(OUTCOME_NAMES.get(o, o))}">{_e(o.upper())}</span>'


def _ref(r: dict[str, Any] | None) -> str:
    if r is None:
        return "\u2013"
    return _e(r["name"]) + (f' <span class="note">{_e(r["id"])}</span>' if r.get("id") else "")


def _refs(rs: Iterable[dict[str, Any]]) -> str:
    return ", ".join(_ref(r) for r in rs) or "\u2013"


def _slot_value(slot: str, v: Any) -> str:
    if slot == "participants":
        return _refs(v)
    if slot == "location":
        return _ref(v)
    if slot == "topics":
        return _e(", ".join(v)) or "\u2013"
    return _e(v) if v is not None else "\u2013"


def _meetings_html(layer: dict[str, Any]) -> str:
    out = []
    for it in layer["items"]:
        g, p = it["gold"], it["pred"]
        left = f"gold {_e(g['id'])}" if g else "no gold record"
        right = f"predicted #{p['index']}" if p else "no predicted record"
        # correct records folded, the others open
        out.append(f'<details class="meeting"{"" if it["outcome"] == "cor" else " open"}><summary>{_badge(it["outcome"])} '
                   f'{left} \u2194 {right}</summary><table class="meeting">'
                   "<tr><th>slot</th><th>gold</th><th>predicted</th><th>cor / inc / mis / spu</th></tr>")
        for slot, c in it["slots"].items():
            if "shared" in c:
                gv = _refs(c["shared"]) if slot == "participants" else _e(", ".join(c["shared"]))
                gcell = ", ".join(x for x in [gv if c["shared"] else "", f'<span class="only-g">{_slot_value(slot, c["gold_only"])}</span>' if c["gold_only"] else ""] if x)
                pcell = ", ".join(x for x in [gv if c["shared"] else "", f'<span class="only-p">{_slot_value(slot, c["pred_only"])}</span>' if c["pred_only"] else ""] if x)
            else:
                gcell = _slot_value(slot, g[slot]) if g else "\u2013"
                pcell = _slot_value(slot, p[slot]) if p else "\u2013"
            ok = c["inc"] == c["mis"] == c["spu"] == 0
            out.append(f'<tr class="{"slot-ok" if ok else "slot-bad"}"><td>{_e(slot)}</td><td>{gcell or "&ndash;"}</td>'
                       f'<td>{pcell or "&ndash;"}</td><td class="o num">{c["cor"]} / {c["inc"]} / {c["mis"]} / {c["spu"]}</td></tr>')
        gc, pc = (g or {}).get("cross_doc_id"), (p or {}).get("cross_doc_id")
        if gc or pc:
            out.append(f'<tr><td>cross_doc_id</td><td>{_e(gc) or "&ndash;"}</td><td>{_e(pc) or "&ndash;"}</td><td></td></tr>')
        out.append("</table></details>")
    return "".join(out) or '<p class="note">No meeting records in the gold or the predictions.</p>'


def _roles_html(layer: dict[str, Any]) -> str:
    rows = []
    for it in layer["items"]:
        cells = []
        for side in (it["gold"], it["pred"]):
            if side is None:
                cells.append("<td colspan=\"4\">\u2013</td>")
            else:
                cells.append(f"<td>{_ref(side['person'])}</td><td>{_e(side['title'])}</td><td>{_ref(side['organization'])}</td>"
                             f"<td>{_e('/'.join(side['status']))}</td>")
        rows.append(f"<tr><td>{_badge(it['outcome'])}</td>{''.join(cells)}</tr>")
    if not rows:
        return '<p class="note">No roles in the gold or the predictions.</p>'
    return ("<table><tr><th></th><th colspan=\"4\">gold (person, title, organization, status)</th>"
            "<th colspan=\"4\">predicted</th></tr>" + "".join(rows) + "</table>")


def _entities_html(layer: dict[str, Any], grounded: bool) -> str:
    rows = []
    for it in layer["items"]:
        g, p = it["gold"], it["pred"]
        gcell = f"{_e(g['id'])} {_e(g['type'])} {_e(g['name'])}" if g else "\u2013"
        if grounded:
            pcell = ("cluster " + _e(", ".join(p["clusters"])) + ": " + _e(", ".join(m["text"] for m in p["mentions"]))) if p else "\u2013"
            detail = f"{it['shared']} shared"
            if it["gold_only"] and p:
                detail += '; <span class="only-g">gold only: ' + _e(", ".join(m["text"] for m in it["gold_only"])) + "</span>"
            if it["pred_only"] and g:
                detail += '; <span class="only-p">predicted only: ' + _e(", ".join(m["text"] for m in it["pred_only"])) + "</span>"
        else:
            pcell = f"{_e(p['type'])} {_e(p['name'])}" if p else "\u2013"
            detail = _e(", ".join(p.get("aliases", []))) if p else ""
        rows.append(f"<tr><td>{_badge(it['outcome'])}</td><td>{gcell}</td><td>{pcell}</td><td>{detail}</td></tr>")
    head = "mentions" if grounded else "aliases"
    return "<table><tr><th></th><th>gold entity</th><th>predicted</th><th>" + head + "</th></tr>" + "".join(rows) + "</table>"


def _timexes_html(layer: dict[str, Any], grounded: bool) -> str:
    credit = {c["gold"]: c["credit"] for c in layer["credit"]}
    rows = []
    for it in layer["items"]:
        g, p = it["gold"], it["pred"]

        def cell(x: dict[str, Any] | None) -> str:
            if x is None:
                return "<td>\u2013</td><td></td>"
            where = f"\u201c{_e(x['text'])}\u201d @{x['start']}" if "start" in x else ""
            return f"<td>{_e(x['type'])} <b>{_e(x['value'])}</b></td><td>{where}</td>"

        c = credit.get(g["id"]) if g else None
        rows.append(f"<tr><td>{_badge(it['outcome'])}</td>{cell(g)}{cell(p)}<td class=\"num\">{'' if c is None else f'{c:g}'}</td></tr>")
    if not rows:
        return '<p class="note">No dates in the gold or the predictions.</p>'
    return ("<table><tr><th></th><th>gold</th><th></th><th>predicted</th><th></th><th>credit</th></tr>" + "".join(rows) + "</table>")


def _mention_errors_html(layer: dict[str, Any], scheme: str) -> str:
    rows = []
    for it in layer["items"]:
        o = it["outcome"][scheme]
        if o == "cor":
            continue
        g, p = it["gold"], it["pred"]

        def cell(x: dict[str, Any] | None) -> str:
            return "<td>\u2013</td>" if x is None else f"<td>{_e(x['type'])} \u201c{_e(x['text'])}\u201d @{x['start']}</td>"

        rows.append(f"<tr><td>{_badge(o)}</td>{cell(g)}{cell(p)}</tr>")
    if not rows:
        return '<p class="note">Every mention is correct under this scheme.</p>'
    return f"<details><summary>{len(rows)} mention(s) not correct under the {_e(scheme)} scheme</summary><table><tr><th></th><th>gold</th><th>predicted</th></tr>{''.join(rows)}</table></details>"


# --- phenomena ------------------------------------------------------------------------------

def tally_phenomena(doc: dict[str, Any], scheme: str, acc: dict[str, dict[str, dict[str, int]]]) -> None:
    """Add each tagged gold item's outcome to ``acc[tag][layer][outcome]``."""
    for layer, data in doc["layers"].items():
        for it in data["items"]:
            g = it["gold"]
            if not g or not g.get("tags"):
                continue
            o = it["outcome"][scheme] if layer == "mentions" else it["outcome"]
            for tag in g["tags"]:
                row = acc.setdefault(tag, {}).setdefault(layer, {})
                row[o] = row.get(o, 0) + 1


def _phenomena_html(acc: dict[str, dict[str, dict[str, int]]], descriptions: dict[str, str]) -> str:
    if not acc:
        return '<p class="note">The gold carries no phenomenon tags, so there is no breakdown by phenomenon.</p>'
    rows = []
    for tag in sorted(acc):
        for layer in sorted(acc[tag]):
            c = acc[tag][layer]
            n = sum(c.values())
            bar = "".join(f'<span class="{o}" style="width:{100 * c.get(o, 0) / n:.1f}%" title="{_e(OUTCOME_NAMES[o])}: {c.get(o, 0)}"></span>'
                          for o in ("cor", "par", "inc", "mis") if c.get(o))
            rows.append(f'<tr><td>{_e(tag)}</td><td class="note">{_e(descriptions.get(tag, ""))}</td><td>{_e(layer)}</td>'
                        f'<td class="num">{n}</td>' + "".join(f'<td class="num">{c.get(o, 0)}</td>' for o in ("cor", "par", "inc", "mis"))
                        + f'<td class="num">{c.get("cor", 0) / n:.3f}</td><td><div class="bar">{bar}</div></td></tr>')
    return ("<table class=\"phenomena\"><tr><th>tag</th><th>what</th><th>layer</th><th>gold items</th><th>correct</th>"
            "<th>partial</th><th>incorrect</th><th>missed</th><th>share correct</th><th></th></tr>" + "".join(rows) + "</table>")


def _tag_descriptions() -> dict[str, str]:
    try:
        from mil2mil.phenomena import TAGS  # type: ignore[import-not-found]
    except ImportError:
        return {}
    return dict(TAGS)


# --- cross-document clusters ------------------------------------------------------------------

#: Wrong cross-document clusters listed on the page, at most (the count of all is given).
MAX_CLUSTERS = 200


def _crossdoc_html(cd: dict[str, Any] | None) -> str:
    if cd is None:
        return '<p class="note">Not scored (no predicted meeting record carries a cross_doc_id, or the layer was not asked for).</p>'
    rows = []
    wrong = [("gold", c) for c in cd["gold_clusters"] if c["outcome"] != "cor"] + \
        [("predicted", c) for c in cd["pred_clusters"] if c["outcome"] != "cor"]
    for side, c in wrong[:MAX_CLUSTERS]:
        if side == "gold":
            recs = "; ".join(f"{_e(r['doc_id'])} {_e(r['meeting'])}" + (f" \u2192 #{r['pred_index']} ({_e(r['pred_cross_doc_id'] or 'no id')})"
                                                                       if r["pred_index"] is not None else " (not aligned)")
                             for r in c["records"])
            other = _e(", ".join(c["pred_cross_doc_ids"])) or "\u2013"
        else:
            recs = "; ".join(f"{_e(r['doc_id'])} #{r['index']}" + (f" \u2192 {_e(r['gold_meeting'])} ({_e(r['gold_cross_doc_id'] or 'no id')})"
                                                                  if r["gold_meeting"] else " (not aligned)")
                             for r in c["records"])
            other = _e(", ".join(c["gold_cross_doc_ids"])) or "\u2013"
        rows.append(f"<tr><td>{_badge(c['outcome'])}</td><td>{side}</td><td>{_e(c['cross_doc_id'])}</td><td>{recs}</td><td>{other}</td></tr>")
    n_ok = sum(c["outcome"] == "cor" for c in cd["gold_clusters"])
    head = (f'<p class="note">{n_ok} of {len(cd["gold_clusters"])} gold clusters found exactly. '
            + (f"Listing the first {MAX_CLUSTERS} of {len(wrong)} wrong clusters. " if len(wrong) > MAX_CLUSTERS else "")
            + "SPLIT: a gold cluster's records carry several predicted ids; MERGED: a predicted id joins records of several "
              "gold clusters.</p>")
    if not rows:
        return head
    return (head + "<table><tr><th></th><th>cluster</th><th>id</th><th>records (aligned to)</th><th>ids on the other side</th></tr>"
            + "".join(rows) + "</table>")


# --- the page ---------------------------------------------------------------------------------

def _summary_html(rep: Any) -> str:
    rows = []
    scored = [lr for lr in rep.layers.values() if lr.scored]
    # a note every scored layer carries (e.g. on the sample size) is said once, below the table
    common = [n for n in scored[0].notes if all(n in lr.notes for lr in scored)] if len(scored) > 1 else []
    for name, lr in rep.layers.items():
        if not lr.scored:
            rows.append(f'<tr><td>{_e(name)}</td><td colspan="4" class="note">not scored: {_e(lr.reason)}</td></tr>')
            continue
        ci = "\u2013" if lr.ci is None else f"[{_f(lr.ci[0])}, {_f(lr.ci[1])}]"
        m = lr.metrics.get(lr.headline_metric.removesuffix("_f1"))
        counts = ""
        if m is not None:
            counts = " ".join(f"{k}={v:g}" for k, v in m.total.to_json().items() if k in ("cor", "inc", "par", "mis", "spu", "tp", "fp", "fn"))
        elif lr.headline_metric == "conll_f1":  # the mean of three coreference F1s
            counts = ", ".join(f"{k} F1 {_f(lr.metrics[k].total.metrics()['f1'])}" for k in ("muc", "b3", "ceafe"))
        notes = "".join(f'<div class="note">{_e(n)}</div>' for n in lr.notes if n not in common)
        rows.append(f'<tr><td>{_e(name)}</td><td>{_e(lr.headline_metric)} ({_e(lr.match)})</td><td class="num"><b>{_f(lr.headline)}</b></td>'
                    f'<td class="num">{ci}</td><td>{_e(counts)}{notes}</td></tr>'
                    f'<tr><td></td><td colspan="4" class="sig">{_e(lr.signature)}</td></tr>')
    boot = rep.options.bootstrap
    caption = (f"95% confidence intervals from {boot} document-level bootstrap resamples (seed {rep.options.seed})."
               if boot else "No confidence intervals (bootstrap off).")
    return ("<table class=\"summary\"><tr><th>layer</th><th>headline</th><th>value</th><th>95% CI</th><th>counts</th></tr>"
            + "".join(rows) + "</table>" + "".join(f'<p class="note">Every layer: {_e(n)}.</p>' for n in common)
            + f'<p class="note">{_e(caption)} Report the signature with each number.</p>')


def render_report(explainer: Explainer, max_docs: int = DEFAULT_MAX_DOCS) -> str:
    """The whole page. Every document is explained (for the ranking and the phenomenon
    tables); the ``max_docs`` lowest-scoring ones are rendered in full, worst first."""
    rep = explainer.report
    scheme = rep.options.scheme
    grounded = explainer.grounded
    acc: dict[str, dict[str, dict[str, int]]] = {}
    ranked: list[tuple[tuple[int, float, str], str, dict[str, float | None]]] = []
    for doc in explainer.documents():
        tally_phenomena(doc, scheme, acc)
        heads = doc_headlines(doc, scheme, grounded)
        s = doc_score(heads)
        ranked.append(((s is None, s if s is not None else 0.0, doc["doc_id"]), doc["doc_id"], heads))
    ranked.sort()
    shown = ranked[:max_docs]
    total = len(ranked)

    sections: list[str] = []
    data_docs: list[dict[str, Any]] = []
    nav: list[str] = []
    for n, (key, doc_id, heads) in enumerate(shown):
        doc = explainer.document(doc_id)
        gold = explainer.gold.get(doc_id)
        anchor = f"doc-{n + 1}"
        html_doc, n_gold, n_pred = _doc_html(doc, gold, heads, scheme, grounded, anchor,
                                             shown[n - 1] if n else None, shown[n + 1] if n + 1 < len(shown) else None, n)
        sections.append(html_doc)
        data_docs.append({"anchor": anchor, "doc_id": doc_id, "gold_highlights": n_gold, "pred_highlights": n_pred,
                          "score": key[1] if not key[0] else None})
        score = "n/a" if key[0] else f"{key[1]:.3f}"
        nav.append(f'<li><a href="#{anchor}" data-doc="{anchor}">{_e(doc_id)}</a> <span class="score">{score}</span></li>')

    if total > len(shown):
        cap = (f"Showing the {len(shown)} lowest-scoring of {total} documents (worst first, by the mean of each layer's "
               f"headline F1 in the document); the summary and the phenomenon tables cover all {total}. "
               "Use --max-docs to render more.")
    else:
        cap = (f"All {total} documents, worst first (by the mean of each layer's headline F1 in the document).")
    data = {"documents": data_docs, "documents_total": total, "documents_shown": len(shown), "grounded": grounded,
            "highlights": sum(d["gold_highlights"] + d["pred_highlights"] for d in data_docs), "scheme": scheme}
    legend = "".join(f'<span class="hl {o}">{_e(OUTCOME_NAMES[o])}</span>' for o in ("cor", "inc", "par", "mis", "spu"))
    zones = " ".join(f'<span class="zone-{z}">{z}</span>' for z in ("headline", "dateline", "caption", "boilerplate"))
    head = (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>Mil2Mil report: {_e(rep.predictions)}</title><style>{_asset('report.css')}</style></head><body>"
    )
    top = (
        f'<header class="top"><h1>Mil2Mil error analysis</h1><div class="meta">predictions {_e(rep.predictions)} &middot; '
        f'gold {_e(rep.gold)} ({total} documents, data {_e(rep.data_version)}) &middot; '
        f'{"grounded" if grounded else "ungrounded"} matching &middot; mention scheme {_e(scheme)} &middot; overlap {rep.options.overlap:g}</div></header>'
    )
    nav_html = (f'<nav class="docs"><h2>Documents</h2><p class="note">{_e(cap)}</p><ol>{"".join(nav)}</ol>'
                '<p class="note">Keys: j next, k previous.</p></nav>')
    main = (
        '<main><h2 id="summary">Summary</h2>' + _summary_html(rep)
        + '<h2 id="phenomena">By phenomenon</h2>' + _phenomena_html(acc, _tag_descriptions())
        + '<h2 id="crossdoc">Cross-document meeting clusters</h2>' + _crossdoc_html(explainer.crossdoc())
        + f'<h2 id="documents">Documents</h2><p class="note">{_e(cap)}</p>'
        + f'<p class="legend">Outcome colours: {legend} &middot; dates are double-underlined &middot; zones: {zones}. '
        + "Hover a highlight for its type, value, entity and what it was aligned with.</p>"
        + "".join(sections) + "</main>"
    )
    tail = (f'<script type="application/json" id="report-data">{_json_script(data)}</script>'
            f"<script>{_asset('report.js')}</script></body></html>\n")
    return head + top + '<div class="layout">' + nav_html + main + "</div>" + tail


def _doc_html(doc: dict[str, Any], gold: Any, heads: dict[str, float | None], scheme: str, grounded: bool, anchor: str,
              prev: Any, nxt: Any, n: int) -> tuple[str, int, int]:
    names = {e["id"]: e["canonical_name"] for e in gold.raw["entities"]}
    layers = doc["layers"]
    out = [f'<section class="doc" id="{anchor}"><h2>{_e(doc["doc_id"])}</h2>']
    links = []
    if prev is not None:
        links.append(f'<a href="#doc-{n}" class="prev">&larr; {_e(prev[1])}</a>')
    if nxt is not None:
        links.append(f'<a href="#doc-{n + 2}" class="next">{_e(nxt[1])} &rarr;</a>')
    out.append(f'<div class="docnav">{" ".join(links)}</div>')
    out.append("<table><tr>" + "".join(f"<th>{_e(k)}</th>" for k in heads) + "</tr><tr>"
               + "".join(f'<td class="num">{_f(v)}</td>' for v in heads.values()) + "</tr></table>")
    zones = _zones(gold.raw)
    n_gold = n_pred = 0
    if grounded and ("mentions" in layers or "timexes" in layers):
        g_spans, p_spans = highlight_spans(doc, scheme, names)
        n_gold, n_pred = len(g_spans), len(p_spans)
        out.append('<div class="texts">'
                   f'<div class="textpanel gold"><h4>Gold ({n_gold} highlighted)</h4><div class="text">{render_spans(gold.text, zones + g_spans)}</div></div>'
                   f'<div class="textpanel pred"><h4>Predicted ({n_pred} highlighted)</h4><div class="text">{render_spans(gold.text, zones + p_spans)}</div></div>'
                   "</div>")
    else:
        out.append('<details><summary>Text (ungrounded predictions: items are matched by name and value, '
                   f'not by position)</summary><div class="texts single"><div class="text">{render_spans(gold.text, zones)}</div></div></details>')
    if "mentions" in layers:
        out.append(f"<h3>Mentions</h3>{_mention_errors_html(layers['mentions'], scheme)}")
    if "meetings" in layers:
        out.append('<h3>Meetings</h3><p class="note">Gold records aligned with predicted ones (optimal one-to-one '
                   'on slot similarity); in set slots, <span class="only-g">gold only</span> and '
                   '<span class="only-p">predicted only</span> values are coloured; correct records are folded.</p>' + _meetings_html(layers["meetings"]))
    if "roles" in layers:
        out.append(f"<h3>Roles</h3>{_roles_html(layers['roles'])}")
    if "timexes" in layers:
        out.append(f"<h3>Dates</h3>{_timexes_html(layers['timexes'], grounded)}")
    if "entities" in layers:
        out.append(f"<h3>Entities</h3>{_entities_html(layers['entities'], grounded)}")
    out.append("</section>")
    return "".join(out), n_gold, n_pred
