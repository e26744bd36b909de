"""Comparing two systems on the same documents: paired bootstrap per layer."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .api import LAYERS, Options, ScoreReport, check_options, headline_spec, score
from .bootstrap import paired_bootstrap, small_sample_note
from .gold_source import GoldSource
from .names import POLICY as NAME_POLICY
from .report import clean_json, fmt
from .signature import Signature


#: Paired bootstrap resamples of :func:`compare` when none are given.
DEFAULT_RESAMPLES = 1000


@dataclass
class Comparison:
    a: ScoreReport
    b: ScoreReport
    rows: dict[str, dict[str, Any]]
    #: e.g. that the intervals and p-values are not meaningful (too few documents)
    warnings: list[str] = field(default_factory=list)


def compare(pred_a: Path | str, pred_b: Path | str, gold: GoldSource | None = None,
            options: Options | None = None, **kw: Any) -> Comparison:
    """Score both files, then test ``B − A`` on each layer both scored with the same matching.

    Uses ``options.bootstrap`` resamples and ``options.seed``. Without ``options`` and without
    a ``bootstrap`` keyword, :data:`DEFAULT_RESAMPLES`; a number of resamples below 1 is an
    :class:`~mil2mil.errors.InputError` (a test needs resamples).
    """
    opts = Options(**(options or Options(bootstrap=DEFAULT_RESAMPLES)).__dict__)
    for k, v in kw.items():
        setattr(opts, k, v)
    check_options(opts, min_bootstrap=1)
    gold = gold or GoldSource.from_path()
    base = Options(**{**opts.__dict__, "bootstrap": 0})
    ra = score(pred_a, gold, Options(**base.__dict__))
    rb = score(pred_b, gold, Options(**base.__dict__))
    rows: dict[str, dict[str, Any]] = {}
    note = small_sample_note(len(ra.doc_ids))
    for layer in LAYERS:
        la, lb = ra.layers.get(layer), rb.layers.get(layer)
        if la is None or lb is None:
            continue
        if not (la.scored and lb.scored):
            rows[layer] = {"compared": False, "reason": "not scored in both files"}
            continue
        if la.match != lb.match:
            rows[layer] = {"compared": False, "reason": f"matching differs ({la.match} vs {lb.match})"}
            continue
        if layer == "crossdoc":
            rows[layer] = {"compared": False, "reason": "cross-document clusters are scored corpus-wide"}
            continue
        name, needed, fn = headline_spec(layer, la.match, opts.scheme)
        res = paired_bootstrap({k: la.metrics[k].doc_matrix() for k in needed},
                               {k: lb.metrics[k].doc_matrix() for k in needed}, fn, opts.bootstrap, opts.seed)
        sig = Signature.for_layer(layer, la.match, scheme=opts.scheme, overlap=opts.overlap, average="micro",
                                  bootstrap=opts.bootstrap, seed=opts.seed, data=gold.data_version, ties=opts.timex_ties,
                                  names=NAME_POLICY, gold=getattr(gold, "name", "custom"))
        rows[layer] = {"compared": True, "metric": name, **res, "test": "paired bootstrap",
                       "meaningful": note is None, "signature": str(sig)}
    compared = any(r["compared"] for r in rows.values())
    return Comparison(ra, rb, rows, [note] if note and compared else [])


def render_comparison(c: Comparison, fmt_name: str = "text") -> str:
    if fmt_name == "json":
        return json.dumps(clean_json({"a": c.a.predictions, "b": c.b.predictions, "warnings": c.warnings,
                                      "layers": c.rows}), indent=2) + "\n"
    out = io.StringIO()
    md = fmt_name == "markdown"
    if md:
        out.write("| layer | metric | A | B | B − A | 95% CI of B − A | p |\n|---|---|---:|---:|---:|---|---:|\n")
    else:
        out.write(f"A: {c.a.predictions}\nB: {c.b.predictions}\n")
    for layer, r in c.rows.items():
        if not r["compared"]:
            line = f"| {layer} | not compared: {r['reason']} | | | | | |" if md else f"{layer}: not compared ({r['reason']})"
        else:
            ci = f"[{fmt(r['ci_low'])}, {fmt(r['ci_high'])}]"
            flag = "" if r["meaningful"] else " (not meaningful)"
            cells = [layer, r["metric"], fmt(r["a"]), fmt(r["b"]), fmt(r["delta"]), ci + flag, fmt(r["p_value"]) + flag]
            line = "| " + " | ".join(cells) + " |" if md else \
                f"{layer}: {r['metric']} A={cells[2]} B={cells[3]} B-A={cells[4]} CI {cells[5]} p={cells[6]}\n  signature: {r['signature']}"
        out.write(line + "\n")
    for w in c.warnings:
        out.write(("\n> warning: " if md else "warning: ") + w + "\n")
    return out.getvalue()
