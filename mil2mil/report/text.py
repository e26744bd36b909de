"""The terminal view of an explanation (``mil2mil score --explain``): one line per item."""

from __future__ import annotations

import io
from typing import Any

from mil2mil.scoring.explain import Explanation


def _q(s: str) -> str:
    """A text excerpt on one line, quoted."""
    s = " ".join(s.split())
    return '"' + (s if len(s) <= 60 else s[:57] + "...") + '"'


def _span(x: dict[str, Any]) -> str:
    return f"[{x['start']},{x['end']}) {x['type']} {_q(x['text'])}" if "start" in x else x.get("type", "")


def _name(ref: dict[str, Any] | None) -> str:
    if ref is None:
        return "-"
    return ref["name"] + (f" ({ref['id']})" if ref.get("id") else "")


def _value(slot: str, v: Any) -> str:
    if v is None:
        return "-"
    if slot == "participants":
        return ", ".join(_name(x) for x in v) or "-"
    if slot == "location":
        return _name(v)
    if slot == "topics":
        return ", ".join(v) or "-"
    return str(v)


def _mentions(out: io.StringIO, layer: dict[str, Any], scheme: str) -> None:
    for it in layer["items"]:
        g, p, o = it["gold"], it["pred"], it["outcome"][scheme].upper()
        if g and p:
            same = g["start"] == p["start"] and g["end"] == p["end"] and g["type"] == p["type"]
            how = "=" if same else "~"
            note = [] if it["boundaries"] == "exact" else ["boundaries differ"]
            if not it["type_match"]:
                note.append("type differs")
            out.write(f"  {o}  {g['id']} {_span(g)}  {how} pred #{p['index']}"
                      + ("" if same else f" {_span(p)}") + (f"  ({'; '.join(note)})" if note else "") + "\n")
        elif g:
            out.write(f"  {o}  {g['id']} {_span(g)}\n")
        else:
            out.write(f"  {o}  pred #{p['index']} {_span(p)}\n")


def _spans(ms: list[dict[str, Any]]) -> str:
    return ", ".join(f"{_q(m['text'])}@{m['start']}" for m in ms)


def _entities(out: io.StringIO, layer: dict[str, Any], grounded: bool) -> None:
    if grounded:
        c = layer["coref"]
        out.write("  document: " + "  ".join(f"{k} F1 {_f(v['f1'])}" for k, v in c.items()) + "\n")
    for it in layer["items"]:
        g, p, o = it["gold"], it["pred"], it["outcome"].upper()
        head = f"  {o}  " + (f"{g['id']} {g['type']} {_q(g['name'])}" if g else "")
        if grounded:
            if g and p:
                n = len(g["mentions"])
                how = "=" if it["outcome"] == "cor" else "~"
                head += f"  {how} cluster {', '.join(p['clusters'])}: {it['shared']}/{n} gold mentions shared"
            elif p:
                head += f"cluster {', '.join(p['clusters'])}: {_spans(p['mentions'])}"
            out.write(head + "\n")
            if it["gold_only"] and p:
                out.write(f"        gold only: {_spans(it['gold_only'])}\n")
            if it["pred_only"] and g:
                out.write(f"        predicted only: {_spans(it['pred_only'])}\n")
        else:
            if p:
                head += ("  = " if g else "") + f"{p['type']} {_q(p['name'])}"
            out.write(head + "\n")
    if grounded and layer["unclustered_mentions"]:
        out.write(f"  ({layer['unclustered_mentions']} predicted mention(s) without a cluster id: singletons)\n")


def _f(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.4f}"


def _role(r: dict[str, Any]) -> str:
    return f"{_name(r['person'])} | {r['title']} | {_name(r['organization'])} | {'/'.join(r['status'])}"


def _roles(out: io.StringIO, layer: dict[str, Any]) -> None:
    for it in layer["items"]:
        g, p, o = it["gold"], it["pred"], it["outcome"].upper()
        if g and p:
            extra = "" if o == "COR" else f"  (status: gold {'/'.join(g['status'])}, predicted {'/'.join(p['status'])})"
            out.write(f"  {o}  {_role(g)}{extra}\n")
        else:
            out.write(f"  {o}  {_role(g or p)}\n")


def _timexes(out: io.StringIO, layer: dict[str, Any], grounded: bool) -> None:
    credit = {c["gold"]: c for c in layer["credit"]}
    for it in layer["items"]:
        g, p, o = it["gold"], it["pred"], it["outcome"].upper()

        def t(x: dict[str, Any]) -> str:
            return (_span(x) + " " if grounded else x["type"] + " ") + x["value"]

        if g and p:
            notes = []
            if grounded and not it["strict"]:
                notes.append("boundaries differ")
            if not it["type"]:
                notes.append("type differs")
            c = credit.get(g["id"])
            if c is not None and not it["value"]:
                notes.append(f"granularity credit {c['credit']:g}")
            out.write(f"  {o}  {g['id']} {t(g)}  {'=' if it['value'] else '~'} pred #{p['index']} {t(p)}"
                      + (f"  ({'; '.join(notes)})" if notes else "") + "\n")
        elif g:
            c = credit.get(g["id"])
            out.write(f"  {o}  {g['id']} {t(g)}" + (f"  (credit {c['credit']:g} from pred #{c['pred']})" if c else "") + "\n")
        else:
            out.write(f"  {o}  pred #{p['index']} {t(p)}\n")


def _meetings(out: io.StringIO, layer: dict[str, Any]) -> None:
    for it in layer["items"]:
        g, p, o = it["gold"], it["pred"], it["outcome"].upper()
        left = g["id"] if g else "(no gold record)"
        right = f"pred #{p['index']}" if p else "(no predicted record)"
        out.write(f"  {o}  {left} <-> {right}\n")
        for slot, c in it["slots"].items():
            verdict = " ".join(f"{k}={c[k]}" for k in ("cor", "inc", "mis", "spu"))
            if "shared" in c:
                parts = [f"{k.replace('_', ' ')}: {_value(slot, c[k])}" for k in ("shared", "gold_only", "pred_only") if c[k]]
                out.write(f"        {slot:<12} {'; '.join(parts) or '-'}   {verdict}\n")
            else:
                gv = _value(slot, g[slot]) if g else "-"
                pv = _value(slot, p[slot]) if p else "-"
                out.write(f"        {slot:<12} gold {gv} | pred {pv}   {verdict}\n")
        gc, pc = (g or {}).get("cross_doc_id"), (p or {}).get("cross_doc_id")
        if gc or pc:
            out.write(f"        {'cross_doc_id':<12} gold: {gc or '-'} | pred: {pc or '-'}\n")


def _crossdoc(out: io.StringIO, cd: dict[str, Any]) -> None:
    out.write("\n# cross-document meeting clusters\n")
    out.write("  corpus: " + "  ".join(f"{k} F1 {_f(v['f1'])}" for k, v in cd["counts"].items()) + "\n")
    for c in cd["gold_clusters"]:
        recs = ", ".join(f"{r['doc_id']}/{r['meeting']}" + (f"->pred #{r['pred_index']}" if r["pred_index"] is not None else "")
                         for r in c["records"])
        ids = ", ".join(c["pred_cross_doc_ids"]) or "none"
        out.write(f"  {c['outcome'].upper():<6} gold {c['cross_doc_id']}: {recs}; predicted ids: {ids}\n")
    for c in cd["pred_clusters"]:
        recs = ", ".join(f"{r['doc_id']}/#{r['index']}" + (f"->{r['gold_meeting']}" if r["gold_meeting"] else "")
                         for r in c["records"])
        ids = ", ".join(c["gold_cross_doc_ids"]) or "none"
        out.write(f"  {c['outcome'].upper():<6} pred {c['cross_doc_id']}: {recs}; gold ids: {ids}\n")


_LEGEND = ("Outcomes: COR correct, INC incorrect (aligned, judged wrong), PAR partial, MIS missed gold, "
           "SPU spurious prediction, UNSCORED counted nowhere (an entity the gold names only by pronouns); '=' identical, '~' aligned but different.\n")


def render_explanation(expl: Explanation) -> str:
    """The explanation as text: per document and layer, one line per item."""
    rep = expl.report
    scheme = rep.options.scheme
    out = io.StringIO()
    out.write(f"predictions: {rep.predictions}\ngold: {rep.gold} ({len(rep.doc_ids)} documents, data {rep.data_version})\n")
    out.write(f"matching: {'grounded' if expl.grounded else 'ungrounded'}; mention scheme: {scheme}; overlap: {rep.options.overlap}\n")
    out.write(_LEGEND)
    for doc in expl.documents:
        out.write(f"\n# {doc['doc_id']}\n")
        for name, layer in doc["layers"].items():
            title = f"{name} ({scheme})" if name == "mentions" else name
            counts = doc.get("counts", {}).get(name, {})
            key = scheme if name == "mentions" else {"roles": "tuple", "timexes": "value", "meetings": "slots",
                                                     "entities": "entities"}.get(name)
            c = counts.get(key)
            summary = ""
            if c is not None:
                fields = [f for f in ("cor", "inc", "par", "mis", "spu") if f in c] if "cor" in c else ("tp", "fp", "fn")
                summary = "  " + " ".join(f"{f}={c[f]:g}" for f in fields) + f"  F1 {_f(c['f1'])}"
            out.write(f"## {title}{summary}\n")
            if not layer["items"]:
                out.write("  (nothing in the gold or the predictions)\n")
            if name == "mentions":
                _mentions(out, layer, scheme)
            elif name == "entities":
                _entities(out, layer, expl.grounded)
            elif name == "roles":
                _roles(out, layer)
            elif name == "timexes":
                _timexes(out, layer, expl.grounded)
            elif name == "meetings":
                _meetings(out, layer)
    if expl.crossdoc is not None:
        _crossdoc(out, expl.crossdoc)
    return out.getvalue()
