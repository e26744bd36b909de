"""Rendering a :class:`~.api.ScoreReport` as text, JSON, markdown or CSV.

Score once, render many: every format is a view of the same result object, so the numbers
in a paper's appendix (markdown) are the numbers in the machine-readable JSON. Output is
deterministic: fixed key order, sorted types and documents. Undefined metrics are "n/a"
in text, markdown and CSV, and ``null`` in JSON.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .choices import FORMATS
from .api import LayerResult, MetricResult, ScoreReport
from .coref import conll_f1
from .names import POLICY as NAME_POLICY
from .phenomena import ITEM_METRIC

COUNT_FIELDS: dict[str, tuple[str, ...]] = {
    "scheme": ("cor", "inc", "par", "mis", "spu"),
    "counts": ("tp", "fp", "fn"),
    "slots": ("cor", "inc", "mis", "spu"),
    "fraction": ("recall_num", "recall_den", "precision_num", "precision_den"),
}


#: Significant digits of a real number in JSON and CSV: every digit a double holds for sure
#: (``repr`` would also print the binary rounding noise of a sum, ``0.10000000000000002``).
SIGNIFICANT = 15


def clean(x: float) -> float:
    """``x`` to :data:`SIGNIFICANT` digits: the value a reader means, without float noise."""
    return float(f"{x:.{SIGNIFICANT}g}")


def clean_json(o: Any) -> Any:
    """A JSON-ready object with every float :func:`clean` (integers and the rest as they are)."""
    if isinstance(o, float):
        return clean(o)
    if isinstance(o, dict):
        return {k: clean_json(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [clean_json(v) for v in o]
    return o


def fmt(x: float | None, digits: int = 4) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def _counts_json(c: Any) -> dict[str, Any]:
    return c.to_json()


def _typed(m: MetricResult) -> bool:
    """Whether a metric has real types (then per-type rows and a macro average are reported,
    in every format): more than one type, or one type that is not ``all``."""
    per_type = m.per_type
    return len(per_type) > 1 or bool(per_type and "all" not in per_type)


def _metric_json(m: MetricResult, doc_ids: list[str]) -> dict[str, Any]:
    total = m.total
    out: dict[str, Any] = {"kind": m.kind, "overall": _counts_json(total), "micro": total.metrics()}
    if _typed(m):
        out["macro"] = m.macro()
        out["per_type"] = {t: _counts_json(m.per_type[t]) for t in sorted(m.per_type)}
    if len(m.per_doc):
        out["per_document"] = {d: _counts_json(m.doc_counts(i)) for i, d in enumerate(doc_ids)}
    return out


def _derived(lr: LayerResult) -> dict[str, float | None]:
    if all(k in lr.metrics for k in ("muc", "b3", "ceafe")):
        return {"conll_f1": conll_f1({k: lr.metrics[k].total for k in ("muc", "b3", "ceafe")})}
    return {}


def to_json_obj(rep: ScoreReport) -> dict[str, Any]:
    o = rep.options
    layers: dict[str, Any] = {}
    for name, lr in rep.layers.items():
        if not lr.scored:
            layers[name] = {"scored": False, "reason": lr.reason, "signature": lr.signature}
            continue
        layers[name] = {
            "scored": True,
            "match": lr.match,
            "signature": lr.signature,
            "headline": {"metric": lr.headline_metric, "average": o.average, "value": lr.headline,
                         "ci95": None if lr.ci is None else list(lr.ci), "ci95_meaningful": lr.ci_meaningful},
            "derived": _derived(lr),
            "metrics": {k: _metric_json(m, rep.doc_ids) for k, m in lr.metrics.items()},
            "notes": lr.notes,
        }
    return {
        "predictions": rep.predictions,
        "gold": rep.gold,
        "data": rep.data_version,
        "documents": len(rep.doc_ids),
        "options": {"scheme": o.scheme, "overlap": o.overlap, "average": o.average,
                    "bootstrap": o.bootstrap, "seed": o.seed, "allow_missing": o.allow_missing},
        "warnings": rep.warnings,
        **({"llm": rep.llm} if rep.llm is not None else {}),
        "invalid_values": rep.invalid_values,
        "name_policy": NAME_POLICY if any(lr.match == "ungrounded" for lr in rep.layers.values()) else None,
        "layers": layers,
        **({"by_phenomenon": _phen_json(rep)} if rep.phenomena is not None else {}),
    }


# --- per-phenomenon breakdown -------------------------------------------------------------

def _phen_json(rep: ScoreReport) -> dict[str, Any]:
    b = rep.phenomena
    tags: dict[str, Any] = {}
    for tag, tr in b.tags.items():
        layers: dict[str, Any] = {}
        for name, tl in tr.layers.items():
            entry: dict[str, Any] = {}
            if tl.items is not None:
                it = tl.items
                entry["items"] = {"n": it.items, "metric": ITEM_METRIC[name], "value": it.value(b.scheme),
                                  "counts": it.counts(b.scheme).to_json()}
                if it.matched() is not None:
                    entry["items"]["matched"] = it.matched()
            entry["documents"] = {"metric": tl.metric, "precision": tl.precision, "recall": tl.recall, "f1": tl.f1,
                                  "counts": None if tl.documents is None else tl.documents.to_json()}
            layers[name] = entry
        tags[tag] = {"documents": len(tr.doc_ids), "doc_ids": tr.doc_ids, "layers": layers}
    return {"scheme": b.scheme, "tags": tags, "notes": b.notes}


def _phen_rows(rep: ScoreReport) -> list[list[str]]:
    """Rows of the text and markdown breakdown: tag, layer, items, item metric and value,
    documents, document-level metric with P, R, F1."""
    b = rep.phenomena
    rows = []
    for tag, tr in b.tags.items():
        for name, tl in tr.layers.items():
            it = tl.items
            if it is None:
                item_cells = ["", "", ""]
            else:
                n = str(it.items) if it.matched() is None else f"{it.items} ({it.matched()} matched)"
                item_cells = [n, ITEM_METRIC[name], fmt(it.value(b.scheme))]
            rows.append([tag, name, *item_cells, str(len(tr.doc_ids)), tl.metric,
                         fmt(tl.precision), fmt(tl.recall), fmt(tl.f1)])
    return rows


PHEN_HEADER = ["tag", "layer", "items", "item metric", "value", "docs", "doc metric", "P", "R", "F1"]


def render_json(rep: ScoreReport) -> str:
    return json.dumps(clean_json(to_json_obj(rep)), indent=2, ensure_ascii=False) + "\n"


def _rows(lr: LayerResult) -> list[list[str]]:
    rows = []
    for name, m in lr.metrics.items():
        fields = COUNT_FIELDS[m.kind]
        typed = _typed(m)
        scopes = [("(all)", m.total)] + ([(t, m.per_type[t]) for t in sorted(m.per_type)] if typed else [])
        for scope, c in scopes:
            tup = c.as_tuple()
            counts = " ".join(f"{f}={_num(v)}" for f, v in zip(fields, tup))
            met = c.metrics()
            rows.append([name, scope, counts, fmt(met["precision"]), fmt(met["recall"]), fmt(met["f1"])])
        if typed:
            mac = m.macro()
            rows.append([name, "(macro)", "", fmt(mac["precision"]), fmt(mac["recall"]), fmt(mac["f1"])])
    for k, v in _derived(lr).items():
        rows.append([k, "(all)", "mean of MUC, B3, CEAF-e F1", "", "", fmt(v)])
    return rows


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.4f}"


def _headline(lr: LayerResult, avg: str) -> str:
    s = f"{lr.headline_metric} ({avg}) = {fmt(lr.headline)}"
    if lr.ci is not None:
        s += f"  95% CI [{fmt(lr.ci[0])}, {fmt(lr.ci[1])}]" + (" (not meaningful: too few documents)" if lr.ci_meaningful is False else "")
    return s


def _doc_rows(lr: LayerResult, doc_ids: list[str]) -> list[list[str]]:
    rows = []
    for name, m in lr.metrics.items():
        if not len(m.per_doc):
            continue
        for i, d in enumerate(doc_ids):
            c = m.doc_counts(i)
            met = c.metrics()
            counts = " ".join(f"{f}={_num(v)}" for f, v in zip(COUNT_FIELDS[m.kind], c.as_tuple()))
            rows.append([name, d, counts, fmt(met["precision"]), fmt(met["recall"]), fmt(met["f1"])])
    return rows


def render_text(rep: ScoreReport, per_doc: bool = False) -> str:
    out = io.StringIO()
    out.write(f"predictions: {rep.predictions}\ngold: {rep.gold} ({len(rep.doc_ids)} documents, data {rep.data_version})\n")
    for w in rep.warnings:
        out.write(f"warning: {w}\n")
    if rep.llm is not None:
        from .llm_runs import summary_line

        out.write(summary_line(rep.llm) + "\n")
    for name, lr in rep.layers.items():
        out.write("\n")
        if not lr.scored:
            out.write(f"== {name}: not scored ({lr.reason})\n")
            continue
        policy = f", names matched under {NAME_POLICY} (scoring/names.py)" if lr.match == "ungrounded" else ""
        out.write(f"== {name} [{lr.match} matching{policy}]  {_headline(lr, rep.options.average)}\n")
        tables = [(["metric", "type", "counts", "P", "R", "F1"], _rows(lr))]
        if per_doc and (doc_rows := _doc_rows(lr, rep.doc_ids)):
            tables.append((["metric", "doc_id", "counts", "P", "R", "F1"], doc_rows))
        for k, (header, rows) in enumerate(tables):
            if k:
                out.write("\n")
            widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
            for r in [header] + rows:
                out.write("  ".join(c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip() + "\n")
        for note in lr.notes:
            out.write(f"note: {note}\n")
        out.write(f"signature: {lr.signature}\n")
    if rep.phenomena is not None:
        rows = _phen_rows(rep)
        out.write(f"\n== by phenomenon ({len(rep.phenomena.tags)} tags; items: {rep.phenomena.scheme} scheme for mentions; "
                  "documents: micro headline over the documents carrying the tag)\n")
        widths = [max(len(r[i]) for r in [PHEN_HEADER] + rows) for i in range(len(PHEN_HEADER))]
        right = {2, 4, 5, 7, 8, 9}
        for r in [PHEN_HEADER] + rows:
            out.write("  ".join(c.rjust(w) if i in right else c.ljust(w)
                                for i, (c, w) in enumerate(zip(r, widths))).rstrip() + "\n")
        for note in rep.phenomena.notes:
            out.write(f"note: {note}\n")
    return out.getvalue()


def render_markdown(rep: ScoreReport, per_doc: bool = False) -> str:
    out = io.StringIO()
    out.write(f"Mil2Mil scores of `{rep.predictions}` on {len(rep.doc_ids)} documents (data {rep.data_version}).\n")
    for w in rep.warnings:
        out.write(f"\n> warning: {w}\n")
    if rep.llm is not None:
        from .llm_runs import summary_line

        out.write(f"\n{summary_line(rep.llm)}\n")
    for name, lr in rep.layers.items():
        out.write(f"\n### {name}\n\n")
        if not lr.scored:
            out.write(f"Not scored: {lr.reason}.\n")
            continue
        out.write(f"{lr.match.capitalize()} matching; headline {_headline(lr, rep.options.average)}.\n\n")
        tables = [("type", _rows(lr))]
        if per_doc and (doc_rows := _doc_rows(lr, rep.doc_ids)):
            tables.append(("doc_id", doc_rows))
        for k, (scope, rows) in enumerate(tables):
            out.write(("\n" if k else "") + f"| metric | {scope} | counts | P | R | F1 |\n|---|---|---|---:|---:|---:|\n")
            for r in rows:
                out.write("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |\n")
        out.write(f"\nSignature: `{lr.signature}`\n")
    if rep.phenomena is not None:
        out.write(f"\n### by phenomenon\n\nItems: the tagged gold items ({rep.phenomena.scheme} scheme for mentions); "
                  "documents: micro headline over the documents carrying the tag.\n\n")
        out.write("| " + " | ".join(PHEN_HEADER) + " |\n|---|---|---:|---|---:|---:|---|---:|---:|---:|\n")
        for r in _phen_rows(rep):
            out.write("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |\n")
        for note in rep.phenomena.notes:
            out.write(f"\nNote: {note}.\n")
    return out.getvalue()


CSV_COLUMNS = ("layer", "metric", "type", "doc_id", "tag", "cor", "inc", "par", "mis", "spu", "possible", "actual",
               "tp", "fp", "fn", "recall_num", "recall_den", "precision_num", "precision_den",
               "precision", "recall", "f1", "ci95_low", "ci95_high", "ci95_meaningful", "signature")
_CSV_COUNTS = CSV_COLUMNS[5:19]


def _csv_num(v: float | None) -> str:
    """A count: an integer as such, a real-valued count at full precision (``repr``)."""
    if v is None:
        return "n/a"
    return str(int(v)) if float(v).is_integer() else repr(clean(float(v)))


def _csv_score(v: float | None) -> str:
    """A score to :data:`SIGNIFICANT` digits, as in the JSON; ``n/a`` if undefined."""
    return "n/a" if v is None else repr(clean(float(v)))


def render_csv(rep: ScoreReport) -> str:
    """One row per number group, the same numbers as the JSON at full precision.

    Row kinds (column ``type``): ``(headline)`` — the headline (``metric`` is its name, value
    in ``f1``, its interval in ``ci95_low``/``ci95_high`` and whether it means anything in
    ``ci95_meaningful`` (``false`` below :data:`.bootstrap.MIN_DOCUMENTS` documents), averaging in the signature's
    ``avg``); ``(all)`` — a metric's overall counts (with ``doc_id``: one document's);
    a type name — its per-type counts; ``(macro)`` — the macro average; derived metrics such
    as ``conll_f1`` are ``(all)`` rows with only ``f1``. Layers not scored are left out.
    With the per-phenomenon breakdown, rows with a ``tag``: ``(items)`` — the tagged gold
    items of the layer (``metric``: ``recall`` or ``slot_accuracy``, the value in ``recall``;
    their counts) — and ``(documents)`` — the headline metric over the documents carrying the
    tag (their number is in the JSON). ``tag`` is empty on every other row.
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    blank_counts = [""] * len(_CSV_COUNTS)

    def write(layer: LayerResult, metric: str, scope: str, doc: str, counts: list[str],
              prf: tuple[float | None, float | None, float | None] | tuple[str, str, str],
              ci: tuple[str, str, str] = ("", "", ""), tag: str = "") -> None:
        cells = [x if isinstance(x, str) else _csv_score(x) for x in prf]
        w.writerow([layer.layer, metric, scope, doc, tag, *counts, *cells, *ci, layer.signature])

    def cells(c: Any) -> list[str]:
        vals = c.to_json()
        return [_csv_num(vals[k]) if k in vals else "" for k in _CSV_COUNTS]

    def row(layer: LayerResult, metric: str, scope: str, doc: str, c: Any) -> None:
        met = c.metrics()
        write(layer, metric, scope, doc, cells(c), (met["precision"], met["recall"], met["f1"]))

    for lr in rep.layers.values():
        if not lr.scored:
            continue
        ci = ("", "", "") if lr.ci is None else (_csv_score(lr.ci[0]), _csv_score(lr.ci[1]),
                                                  "true" if lr.ci_meaningful else "false")
        write(lr, lr.headline_metric, "(headline)", "", blank_counts, ("", "", _csv_score(lr.headline)), ci)
        for name, m in lr.metrics.items():
            row(lr, name, "(all)", "", m.total)
            if _typed(m):
                for t in sorted(m.per_type):
                    row(lr, name, t, "", m.per_type[t])
                mac = m.macro()
                write(lr, name, "(macro)", "", blank_counts, (mac["precision"], mac["recall"], mac["f1"]))
            for i, d in enumerate(rep.doc_ids if len(m.per_doc) else []):
                row(lr, name, "(all)", d, m.doc_counts(i))
        for k, v in _derived(lr).items():
            write(lr, k, "(all)", "", blank_counts, ("", "", _csv_score(v)))
    b = rep.phenomena
    if b is not None:
        for tag, tr in b.tags.items():
            for name, tl in tr.layers.items():
                lr = rep.layers[name]
                if tl.items is not None:
                    c = tl.items.counts(b.scheme)
                    write(lr, ITEM_METRIC[name], "(items)", "", cells(c), ("", tl.items.value(b.scheme), ""), tag=tag)
                write(lr, tl.metric, "(documents)", "",
                      blank_counts if tl.documents is None else cells(tl.documents),
                      (tl.precision, tl.recall, tl.f1), tag=tag)
    return buf.getvalue()


def render(rep: ScoreReport, fmt_name: str = "text", per_doc: bool = False) -> str:
    if fmt_name == "json":
        return render_json(rep)
    if fmt_name == "markdown":
        return render_markdown(rep, per_doc)
    if fmt_name == "csv":
        return render_csv(rep)
    return render_text(rep, per_doc)
