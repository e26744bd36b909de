"""``mil2mil check``: a predictions file validated against the gold, without scoring it.

The checks ``mil2mil score`` makes before it scores (the schema, each ``doc_id`` a gold
document given once, the same layers on every line, offsets inside the text and ``text``
equal to the slice), and what it finds on the way that would score but is likely a mistake:
references to a cluster no mention carries, TIMEX3 values that are not valid values of their
type, gold documents without a line. Problems make the file unusable (exit status 2);
findings are listed and leave it valid.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from mil2mil.errors import InputError, Problem

from .choices import LAYERS
from .gold_source import GoldSource
from .predictions import MAX_LINE_BYTES, check_document, input_name, read_lines


@dataclass
class CheckReport:
    """What a valid predictions file holds: documents, matching kind, items per layer, and
    findings (``file:line: /pointer: what``) that do not stop scoring."""

    name: str
    gold_label: str
    documents: int = 0
    gold_documents: int = 0
    grounded: bool | None = None
    layers: tuple[str, ...] = ()
    items: Counter[str] = field(default_factory=Counter)
    findings: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def render(self) -> str:
        kind = "no line" if self.grounded is None else "grounded" if self.grounded else "ungrounded"
        counts = ", ".join(f"{self.items[k]} {k}" for k in ("mentions", "entities", "roles", "timexes", "meetings")
                           if k in self.items)
        out = [f"ok: {self.name}: {self.documents} of the {self.gold_documents} gold documents ({self.gold_label}), "
               f"{kind}; layers: {', '.join(self.layers) or 'none'}" + (f" ({counts})" if counts else "")]
        if self.missing:
            shown = ", ".join(self.missing[:5]) + (" …" if len(self.missing) > 5 else "")
            out.append(f"note: {len(self.missing)} gold document(s) have no line ({shown}); "
                       "`mil2mil score` needs --allow-missing to score them as empty")
        out += [f"note: {p}" for p in self.findings]
        if "meetings" in self.layers and "crossdoc" not in self.layers:
            out.append("note: no meeting record carries a cross_doc_id: the crossdoc layer will not be scored")
        return "\n".join(out) + "\n"


def check(predictions: Path | str, gold: GoldSource | None = None, max_line_bytes: int = MAX_LINE_BYTES) -> CheckReport:
    """Validate a predictions file; raise :class:`InputError` listing every problem."""
    from mil2mil import timex3

    gold = gold or GoldSource.from_path()
    name = input_name(predictions)
    problems: list[Problem] = []
    report = CheckReport(name, gold.label, gold_documents=len(gold))
    seen: dict[str, int] = {}
    first_keys: frozenset[str] | None = None
    first_line = 0
    cross = False
    for rl in read_lines(Path(predictions), problems, max_line_bytes):
        doc_id = rl.obj["doc_id"]
        if gold.index_of(doc_id) is None:
            ids = gold.ordered_ids()
            shown = ", ".join(ids[:10]) + (" …" if len(ids) > 10 else "")
            problems.append(Problem(name, "/doc_id", f"unknown doc_id {doc_id!r}; expected one of the {len(ids)} gold documents: {shown}", rl.line))
            continue
        if doc_id in seen:
            problems.append(Problem(name, "/doc_id", f"duplicate doc_id {doc_id!r} (first on line {seen[doc_id]})", rl.line))
            continue
        seen[doc_id] = rl.line
        keys = frozenset(rl.obj.keys() - {"doc_id"})
        if first_keys is None:
            first_keys, first_line = keys, rl.line
            report.grounded = "mentions" in keys
        elif keys != first_keys:
            got, want = ", ".join(sorted(keys)) or "(none)", ", ".join(sorted(first_keys)) or "(none)"
            problems.append(Problem(name, "", f"layers {got} differ from line {first_line} ({want}); give every layer on every line (an empty list predicts nothing)", rl.line))
            continue
        pred = check_document(name, rl, gold.get(doc_id).text, bool(report.grounded), problems)
        report.documents += 1
        for layer, items in pred.layers.items():
            report.items[layer] += len(items)
        if report.grounded:
            clusters = {m["entity"] for m in pred.layers.get("mentions", ()) if "entity" in m}
            refs = [(["roles", i, k], r[k]) for i, r in enumerate(pred.layers.get("roles", ()))
                    for k in ("person", "organization") if r.get(k) is not None]
            for i, mt in enumerate(pred.layers.get("meetings", ())):
                refs += [(["meetings", i, "participants", j], p) for j, p in enumerate(mt["participants"])]
                if mt["location"] is not None:
                    refs.append((["meetings", i, "location"], mt["location"]))
            for parts, ref in refs:
                if ref not in clusters:
                    report.findings.append(Problem(name, "/" + "/".join(map(str, parts)), f"{ref!r} is the entity id of no mention on this line: it can match nothing", rl.line))
        for i, t in enumerate(pred.layers.get("timexes", ())):
            if (why := timex3.value_problem(t["value"], t["type"])) is not None:
                report.findings.append(Problem(name, f"/timexes/{i}/value", f"{why} (scored as a wrong value)", rl.line))
        cross = cross or any("cross_doc_id" in m for m in pred.layers.get("meetings", ()))
    if problems:
        raise InputError(problems)
    report.missing = [d for d in gold.ordered_ids() if d not in seen]
    present = set(first_keys or ()) | ({"entities"} if report.grounded else set()) | ({"crossdoc"} if cross else set())
    report.layers = tuple(layer for layer in LAYERS if layer in present)
    return report
