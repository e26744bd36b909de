"""Inter-annotator agreement between two frozen annotation passes, and their disagreements.

The gold in ``dataset/gold/`` is a living file: adjudication corrects it. Agreement must be
measured on what the annotators produced *before* adjudication, so every pass is kept
unchanged under ``dataset/agreement/`` (:data:`PASSES`): the first pass (the gold as released
in 0.1.0) is the reference; each blind pass is compared with it.

Agreement is computed with the project's own scorer, first pass as the reference, so every
figure means exactly what the same figure means for a system (same matching rules, same
signature). Label agreement beyond chance (Cohen's kappa, scikit-learn) is reported where a
layer is a choice among labels on items both passes annotated.

:func:`disagreements` lists every point where two passes differ, keyed by a stable, readable
id; ``dataset/agreement/adjudication.yaml`` gives the decision for each key, and
``mil2mil agreement --write`` renders both into DATASHEET.md and docs/adjudication.md.
"""

from __future__ import annotations

import json
import math
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mil2mil.errors import InputError, Problem
from mil2mil.gold import dataset_dir
from mil2mil.validate import ValidatedDocument, validate_file

FIRST = "first_pass"
#: The blind passes compared with the first: (folder, key prefix, what the annotator was given).
PASSES: tuple[tuple[str, str, str], ...] = (
    ("second_pass", "B", "texts, schema and docs/guidelines.md of 0.1.0 (examples quoted from the articles)"),
    ("third_pass", "C", "texts, schema and the same guidelines with every article example replaced by an invented one of the same case"),
)
DECISIONS_FILE = "adjudication.yaml"
#: What a decision may say: which pass the gold now follows on that point.
DECISION_VALUES = ("first", "second", "other")
#: Headline rows of the agreement table: (layer, metric, label). Mentions under two schemes,
#: because boundary disagreements are the commonest and partial credit shows how many of
#: them are extent only.
TABLE_ROWS: tuple[tuple[str, str, str], ...] = (
    ("mentions", "strict", "entity mentions, strict"),
    ("mentions", "partial", "entity mentions, partial"),
    ("mentions", "type", "entity mentions, type (any overlap)"),
    ("entities", "conll", "coreference, CoNLL F1 (MUC, B³, CEAF-e)"),
    ("entities", "lea", "coreference, LEA"),
    ("roles", "tuple", "roles (person, title, organization)"),
    ("roles", "tuple+status", "roles with current/former"),
    ("timexes", "strict", "dates, extent strict"),
    ("timexes", "relaxed", "dates, extent relaxed"),
    ("timexes", "value", "dates, value"),
    ("timexes", "type", "dates, type"),
    ("meetings", "slots", "meetings, slots (micro)"),
    ("meetings", "record_exact", "meetings, whole record exact"),
    ("crossdoc", "conll", "cross-document meeting identity, CoNLL F1"),
)
#: Cohen's kappa rows: (id, label, what the paired labels are).
KAPPA_ROWS: tuple[tuple[str, str], ...] = (
    ("mention_type", "entity type, on mentions with the same extent in both passes"),
    ("mention_form", "mention form (NAM/NOM/PRO), same extent"),
    ("timex_type", "TIMEX3 type, same extent"),
    ("meeting_modality", "meeting modality, aligned records"),
    ("meeting_status", "meeting status, aligned records"),
)


def agreement_dir() -> Path:
    return dataset_dir() / "agreement"


def load_pass(name: str, root: Path | None = None, text_root: Path | None = None) -> list[ValidatedDocument]:
    """Validate and load one pass (every rule of ``mil2mil validate``), sorted by ``doc_id``.

    ``text_root``: the dataset folder whose ``raw/`` holds the texts (default: the news)."""
    folder = (root or agreement_dir()) / name
    files = sorted(folder.glob("*.json"))
    if not files:
        raise InputError([Problem(str(folder), "", "no annotation files (*.json) found")])
    problems: list[Problem] = []
    docs = []
    for f in files:
        v, found = validate_file(f, text_root=text_root or dataset_dir())
        problems.extend(found)
        if v is not None:
            docs.append(v)
    if problems:
        raise InputError(problems)
    return sorted(docs, key=lambda v: v.doc["doc_id"])


def _check_same_documents(first: list[ValidatedDocument], second: list[ValidatedDocument]) -> None:
    a = [v.doc["doc_id"] for v in first]
    b = [v.doc["doc_id"] for v in second]
    if a != b:
        raise InputError([Problem(str(agreement_dir()), "", f"the passes annotate different documents: {a} vs {b}")])


GUIDELINES_FILE = "GUIDELINES.md"
_QUOTED = re.compile(r'"([^"\n]+)"|“([^”]+)”')


def quoted_mentions(first: list[ValidatedDocument], guidelines: str) -> tuple[int, int]:
    """(first-pass mentions whose string occurs as a whole word sequence inside a quoted
    example of ``guidelines``, all first-pass mentions): how much of the reference a blind
    annotator could read off the guidelines instead of deciding it."""
    segments = [a or b for a, b in _QUOTED.findall(guidelines)]
    hit = 0
    total = 0
    for v in first:
        for m in v.doc["mentions"]:
            total += 1
            word = re.compile(r"(?<!\w)" + re.escape(m["text"]) + r"(?!\w)")
            hit += any(word.search(seg) for seg in segments)
    return hit, total


@dataclass(frozen=True)
class Study:
    """Every pass, validated: the reference and the blind passes in :data:`PASSES` order."""

    first: list[ValidatedDocument]
    passes: list[tuple[str, list[ValidatedDocument]]]  # (label, documents)
    guidelines: dict[str, str]  # pass label -> the guidelines its annotator was given

    def disagreements(self) -> list[Disagreement]:
        return [d for label, docs in self.passes for d in disagreements(self.first, docs, f"{label}/")]

    def table(self) -> str:
        quoted = {label: quoted_mentions(self.first, self.guidelines[label]) for label, _ in self.passes}
        return render_markdown([(label, compute(self.first, docs)) for label, docs in self.passes], quoted)


def load_study(root: Path | None = None) -> Study:
    """Load and validate every pass; each must annotate the same documents as the first."""
    first = load_pass(FIRST, root)
    passes = []
    guidelines = {}
    for folder, label, _ in PASSES:
        docs = load_pass(folder, root)
        _check_same_documents(first, docs)
        passes.append((label, docs))
        path = (root or agreement_dir()) / folder / GUIDELINES_FILE
        try:
            guidelines[label] = path.read_text(encoding="utf-8")
        except OSError as err:
            raise InputError([Problem(str(path), "", f"cannot read the guidelines given to pass {label}: {err.strerror}")]) from None
    return Study(first, passes, guidelines)


# --- agreement figures ------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    label: str
    reference: float  # count in the first pass (gold side)
    other: float  # count in the second pass (predicted side)
    precision: float | None
    recall: float | None
    f1: float | None


@dataclass(frozen=True)
class KappaRow:
    label: str
    n: int
    observed: float | None
    kappa: float | None


@dataclass(frozen=True)
class Agreement:
    rows: list[Row]
    kappas: list[KappaRow]
    signature: str
    extra: list[Row]


def _score(first: list[ValidatedDocument], second: list[ValidatedDocument]) -> Any:
    from mil2mil.scoring import GoldSource, Options, gold_to_predictions, score

    source = GoldSource.from_documents([(v.doc, v.text) for v in first], label="first pass")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "second_pass.jsonl"
        path.write_text("".join(json.dumps(gold_to_predictions(v.doc), ensure_ascii=False) + "\n" for v in second),
                        encoding="utf-8")
        return score(path, source, Options(per_document=False))


def _totals(metric: Any) -> tuple[float, float, dict[str, float | None]]:
    """(reference size, other size, P/R/F1) of a metric's overall counts."""
    t = metric.total
    if metric.kind in ("scheme", "slots"):
        return t.possible, t.actual, t.metrics()
    if metric.kind == "counts":
        return t.gold, t.pred, t.metrics()
    return t.recall.den, t.precision.den, t.metrics()  # fraction (coreference)


def _row(report: Any, layer: str, metric: str, label: str) -> Row:
    """One table row; CoNLL F1 is the scorer's own (:func:`conll_f1`), which defines no P/R."""
    from mil2mil.scoring.coref import conll_f1

    metrics = report.layers[layer].metrics
    if metric == "conll":
        ref, oth, _ = _totals(metrics["b3"])
        return Row(label, ref, oth, None, None, conll_f1({m: metrics[m].total for m in ("muc", "b3", "ceafe")}))
    ref, oth, prf = _totals(metrics[metric])
    return Row(label, ref, oth, prf["precision"], prf["recall"], prf["f1"])


#: Parts of the annotation no scorer layer compares, agreement as F1 of exact item sets
#: (computed here, not by the scorer): (id, label).
EXTRA_ROWS: tuple[tuple[str, str], ...] = (
    ("zones", "zones (span and type)"),
    ("triggers", "meeting triggers (meeting and span)"),
    ("topic_evidence", "topic evidence (meeting, topic and span)"),
    ("role_spans", "role title and evidence (spans)"),
    ("notes", "source notes (span and kind)"),
    ("names", "canonical names (entities with the same mentions)"),
)


def meeting_labels(first: ValidatedDocument, other: ValidatedDocument, aligned: list[tuple[dict[str, Any], dict[str, Any]]] | None = None) -> tuple[list[str], list[str]]:
    """A label for every meeting of each pass, so that items attached to meetings (triggers,
    topic evidence) compare only within the same meeting: a first-pass meeting is labelled by
    its id, a blind-pass meeting by the id of the first-pass record the scorer aligns it with,
    or ``unaligned-<its own id>``."""
    if aligned is None:
        aligned = _aligned_meetings(first, other)[0]
    shown = {pb["index"]: ga["id"] for ga, pb in aligned}
    return ([m["id"] for m in first.doc["meetings"]],
            [shown.get(i, f"unaligned-{m['id']}") for i, m in enumerate(other.doc["meetings"])])


def _entity_spans(doc: dict[str, Any]) -> dict[str, frozenset[tuple[int, int]]]:
    """Each entity's mention spans: how entities of two passes are matched without ids."""
    out: dict[str, set[tuple[int, int]]] = {}
    for m in doc["mentions"]:
        out.setdefault(m["entity"], set()).add((m["start"], m["end"]))
    return {e["id"]: frozenset(out.get(e["id"], ())) for e in doc["entities"]}


def _extra_items(v: ValidatedDocument, labels: list[str]) -> dict[str, set[Any]]:
    d = v.doc
    by_entity = _entity_spans(d)
    return {
        "zones": {(z["start"], z["end"], z["type"]) for z in d["zones"]},
        "triggers": {(lab, t["start"], t["end"]) for lab, m in zip(labels, d["meetings"]) for t in m["triggers"]},
        "topic_evidence": {(lab, t["topic"], e["start"], e["end"]) for lab, m in zip(labels, d["meetings"]) for t in m["topics"] for e in t["evidence"]},
        "role_spans": {(r["title"]["start"], r["title"]["end"], r["evidence"]["start"], r["evidence"]["end"]) for r in d["roles"]},
        "notes": {(n["span"]["start"], n["span"]["end"], n["kind"]) for n in d["source_notes"]},
        "names": {(by_entity[e["id"]], e["canonical_name"]) for e in d["entities"]},
    }


def _set_row(label: str, a: list[set[Any]], b: list[set[Any]]) -> Row:
    """Exact-match agreement of two item sets per document, summed over documents."""
    from mil2mil.scoring.counts import Counts

    c = Counts()
    for x, y in zip(a, b):
        c += Counts(len(x & y), len(y - x), len(x - y))
    m = c.metrics()
    return Row(label, c.tp + c.fn, c.tp + c.fp, m["precision"], m["recall"], m["f1"])


def extra_rows(first: list[ValidatedDocument], second: list[ValidatedDocument],
               aligned: list[list[tuple[dict[str, Any], dict[str, Any]]]] | None = None) -> list[Row]:
    """The exact-set rows; ``aligned``: each document's meeting alignment, if already made."""
    ia, ib = [], []
    for k, (a, b) in enumerate(zip(first, second)):
        la, lb = meeting_labels(a, b, None if aligned is None else aligned[k])
        ia.append(_extra_items(a, la))
        ib.append(_extra_items(b, lb))
    return [_set_row(label, [x[key] for x in ia], [x[key] for x in ib]) for key, label in EXTRA_ROWS]


def _label_pairs(first: list[ValidatedDocument], second: list[ValidatedDocument],
                 aligned: list[list[tuple[dict[str, Any], dict[str, Any]]]] | None = None) -> dict[str, list[tuple[str, str]]]:
    """The label pairs each kappa compares; ``aligned`` as in :func:`extra_rows`."""
    if aligned is None:
        aligned = [_aligned_meetings(a, b)[0] for a, b in zip(first, second)]
    pairs: dict[str, list[tuple[str, str]]] = {k: [] for k, _ in KAPPA_ROWS}
    for a, b, meetings in zip(first, second, aligned):
        bm = {(m["start"], m["end"]): m for m in b.doc["mentions"]}
        for m in a.doc["mentions"]:
            o = bm.get((m["start"], m["end"]))
            if o is not None:
                pairs["mention_type"].append((m["type"], o["type"]))
                pairs["mention_form"].append((m["form"], o["form"]))
        bt = {(t["start"], t["end"]): t for t in b.doc["timexes"]}
        for t in a.doc["timexes"]:
            o = bt.get((t["start"], t["end"]))
            if o is not None:
                pairs["timex_type"].append((t["type"], o["type"]))
        for ga, pb in meetings:
            pairs["meeting_modality"].append((str(ga["modality"]), str(pb["modality"])))
            pairs["meeting_status"].append((str(ga["status"]), str(pb["status"])))
    return pairs


def _kappa(pairs: list[tuple[str, str]]) -> tuple[float | None, float | None]:
    """(observed agreement, Cohen's kappa); kappa is undefined (None) when chance agreement is 1."""
    if not pairs:
        return None, None
    from sklearn.metrics import cohen_kappa_score

    y1 = [p[0] for p in pairs]
    y2 = [p[1] for p in pairs]
    observed = sum(x == y for x, y in pairs) / len(pairs)
    if len(set(y1) | set(y2)) < 2:
        return observed, None
    k = float(cohen_kappa_score(y1, y2))
    return observed, (None if math.isnan(k) else k)


def compute(first: list[ValidatedDocument], second: list[ValidatedDocument], gold: str = "news") -> Agreement:
    """Agreement of ``second`` with ``first`` (the reference), every layer, plus kappas;
    ``gold`` names the reference in the signature."""
    _check_same_documents(first, second)
    report = _score(first, second)
    rows = [_row(report, layer, metric, label) for layer, metric, label in TABLE_ROWS]
    aligned = [_aligned_meetings(a, b)[0] for a, b in zip(first, second)]
    pairs = _label_pairs(first, second, aligned)
    kappas = []
    for key, label in KAPPA_ROWS:
        obs, k = _kappa(pairs[key])
        kappas.append(KappaRow(label, len(pairs[key]), obs, k))
    from mil2mil.scoring import Signature

    o = report.options  # every layer's settings, the date tie rule included
    sig = str(Signature(layer="all", scheme=o.scheme, overlap=o.overlap, match=report.layers["mentions"].match,
                        ties=o.timex_ties, average=o.average, bootstrap=o.bootstrap,
                        seed=o.seed if o.bootstrap else None, data=report.data_version, gold=gold))
    return Agreement(rows, kappas, sig, extra_rows(first, second, aligned))


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def render_markdown(results: list[tuple[str, Agreement]], quoted: dict[str, tuple[int, int]] | None = None,
                    reference: str = "A", intro: str | None = None) -> str:
    """The agreement table of each blind pass against the first (without markers); same
    bytes on every run. ``results``: (pass label, agreement) in :data:`PASSES` order;
    ``quoted``: per pass, :func:`quoted_mentions` of the guidelines it was given;
    ``reference``: the label of the reference pass."""
    A = reference
    head = " | ".join(f"{name} | F1 ({name} vs {A})" for name, _ in results)
    out = [
        intro or ("Each blind pass scored against the first pass A (the reference) with `mil2mil.scoring`; "
                  "produced by `mil2mil agreement`. Columns give the size of each pass and the F1 of the blind pass."),
        "",
        f"| layer and measure | {A} | {head} |",
        "|---|---:|" + "---:|---:|" * len(results),
    ]
    for i, (_, _, label) in enumerate(TABLE_ROWS):
        ref = results[0][1].rows[i].reference
        cells = " | ".join(f"{_n(ag.rows[i].other)} | {_fmt(ag.rows[i].f1)}" for _, ag in results)
        out.append(f"| {label} | {_n(ref)} | {cells} |")
    out += [
        "",
        "Parts of the annotation that no scorer layer compares (exact item sets; computed by "
        "`mil2mil agreement`, not by the scorer):",
        "",
        f"| annotation | {A} | {' | '.join(f'{name} | F1 ({name} vs {A})' for name, _ in results)} |",
        "|---|---:|" + "---:|---:|" * len(results),
    ]
    for i, (_, label) in enumerate(EXTRA_ROWS):
        ref = results[0][1].extra[i].reference
        cells = " | ".join(f"{_n(ag.extra[i].other)} | {_fmt(ag.extra[i].f1)}" for _, ag in results)
        out.append(f"| {label} | {_n(ref)} | {cells} |")
    head = " | ".join(f"{name}: pairs | {name}: observed | {name}: κ" for name, _ in results)
    out += [
        "",
        f"| labels compared with {A} (Cohen's κ) | {head} |",
        "|---|" + "---:|---:|---:|" * len(results),
    ]
    for i, (_, label) in enumerate(KAPPA_ROWS):
        cells = " | ".join(f"{ag.kappas[i].n} | {_fmt(ag.kappas[i].observed)} | {_fmt(ag.kappas[i].kappa)}" for _, ag in results)
        out.append(f"| {label} | {cells} |")
    out += [
        "",
        "Sizes: mentions, roles (distinct tuples), dates, meeting slot values and records, as the "
        "scorer counts them; for coreference and cross-document identity, the B³ denominators "
        "(mentions; meeting records with a cross-document id).",
        "",
    ]
    if quoted:
        out += [
            "First-pass mention strings found inside a quoted example of the guidelines each blind "
            "annotator was given: " + "; ".join(f"{name}: {quoted[name][0]} of {quoted[name][1]}" for name, _ in results) + ".",
            "",
        ]
    out += [f"Signature ({name} vs {A}): `{ag.signature}`  " for name, ag in results]
    out[-1] = out[-1].rstrip()
    return "\n".join(out) + "\n"


# --- disagreements ----------------------------------------------------------------------

@dataclass(frozen=True)
class Disagreement:
    key: str
    layer: str
    first: str
    second: str


def _short(doc_id: str) -> str:
    """Short document name in disagreement keys: the outlet of a news id, the number of an authored one."""
    head, _, rest = doc_id.partition("-")
    return f"a{rest}" if head == "authored" else head


def _q(text: str) -> str:
    return '"' + " ".join(text.split()).replace("|", "\\|") + '"'


def _aligned_meetings(a: ValidatedDocument, b: ValidatedDocument) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[dict[str, Any]], list[dict[str, Any]], Any]:
    """Meeting records of the two passes aligned exactly as the scorer aligns them.

    Returns (aligned pairs, first-only records, second-only records, resolver) with records
    in the scorer's form (participants as first-pass entity ids where they resolve).
    """
    from mil2mil.scoring import gold_to_predictions, prepare_gold
    from mil2mil.scoring.layers import Resolver, score_meetings
    from mil2mil.scoring.predictions import RawLine, check_document

    gold = prepare_gold(a.doc, a.text)
    problems: list[Problem] = []
    pred = check_document("second pass", RawLine(1, gold_to_predictions(b.doc)), b.text, True, problems)
    if problems:  # a valid second pass always converts; anything else is a bug worth seeing
        raise InputError(problems)
    resolve = Resolver(gold, pred, True)
    _, pairs, g, p = score_meetings(gold, pred, resolve)
    ma = {x for x, _ in pairs}
    mb = {y for _, y in pairs}
    return ([(g[x], p[y]) for x, y in pairs], [r for i, r in enumerate(g) if i not in ma],
            [r for i, r in enumerate(p) if i not in mb], resolve)


def _span_diffs(layer: str, doc: str, a_items: list[dict[str, Any]], b_items: list[dict[str, Any]],
                attrs: tuple[str, ...], show: Callable[[dict[str, Any]], str]) -> Iterable[Disagreement]:
    """Span layers: same extent with other attributes; overlapping extents; one side only."""
    bmap = {(x["start"], x["end"]): x for x in b_items}
    amap = {(x["start"], x["end"]): x for x in a_items}
    for span, x in sorted(amap.items()):
        o = bmap.get(span)
        if o is not None:
            diff = [k for k in attrs if x.get(k) != o.get(k)]
            if diff:
                yield Disagreement(f"{layer}/{doc}/{span[0]}-{span[1]}", layer,
                                   (f"{_q(x['text'])} " if "text" in x else f"[{span[0]}, {span[1]}) ")
                                   + ", ".join(f"{k} {x.get(k)}" for k in diff),
                                   ", ".join(f"{k} {o.get(k)}" for k in diff))
            continue
        over = [y for s, y in sorted(bmap.items()) if s not in amap and s[0] < span[1] and span[0] < s[1]]
        yield Disagreement(f"{layer}/{doc}/{span[0]}-{span[1]}", layer, show(x),
                           "; ".join(show(y) for y in over) if over else "—")
    for span, y in sorted(bmap.items()):
        if span in amap:
            continue
        if any(s[0] < span[1] and span[0] < s[1] for s in amap if s not in bmap):
            continue  # shown beside the overlapping first-pass span
        yield Disagreement(f"{layer}/{doc}/second:{span[0]}-{span[1]}", layer, "—", show(y))


def _anchored(timexes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Timexes with each anchor written as what it points at ("DCT", or the anchoring timex's
    text and offset), so two passes that number their timexes differently but anchor on the
    same expression agree."""
    by_id = {t["id"]: t for t in timexes}

    def where(anchor: Any) -> Any:
        t = by_id.get(anchor) if isinstance(anchor, str) else None
        return anchor if t is None else f"{_q(t['text'])}@{t['start']}"

    return [dict(t, anchor=where(t.get("anchor"))) for t in timexes]


def _clusters(doc: dict[str, Any], shared: set[tuple[int, int]]) -> dict[str, frozenset[tuple[int, int]]]:
    out: dict[str, set[tuple[int, int]]] = {}
    for m in doc["mentions"]:
        if (m["start"], m["end"]) in shared:
            out.setdefault(m["entity"], set()).add((m["start"], m["end"]))
    return {k: frozenset(v) for k, v in out.items()}


def _coref_diffs(doc: str, a: dict[str, Any], b: dict[str, Any]) -> Iterable[Disagreement]:
    """Coreference on the mentions both passes have: first-pass entities the second pass
    splits, and second-pass entities that merge first-pass entities."""
    shared = {(m["start"], m["end"]) for m in a["mentions"]} & {(m["start"], m["end"]) for m in b["mentions"]}
    ca, cb = _clusters(a, shared), _clusters(b, shared)
    text = {(m["start"], m["end"]): m["text"] for m in a["mentions"]}
    names_a = {e["id"]: e["canonical_name"] for e in a["entities"]}
    names_b = {e["id"]: e["canonical_name"] for e in b["entities"]}
    owner_a = {s: e for e, ss in ca.items() for s in ss}
    owner_b = {s: e for e, ss in cb.items() for s in ss}

    def show(spans: Iterable[tuple[int, int]]) -> str:
        return ", ".join(f"{_q(text[s])}@{s[0]}" for s in sorted(spans))

    for e, spans in sorted(ca.items(), key=lambda kv: min(kv[1])):
        parts = sorted({owner_b[s] for s in spans}, key=lambda x: min(cb[x]))
        if len(parts) > 1:
            yield Disagreement(f"coref/{doc}/split:{e}", "coref", f"one entity {_q(names_a[e])}: {show(spans)}",
                               " / ".join(f"{_q(names_b[p])}: {show(spans & cb[p])}" for p in parts))
    for e, spans in sorted(cb.items(), key=lambda kv: min(kv[1])):
        parts = sorted({owner_a[s] for s in spans}, key=lambda x: min(ca[x]))
        if len(parts) > 1:
            yield Disagreement(f"coref/{doc}/merge:{e}", "coref",
                               " / ".join(f"{_q(names_a[p])}: {show(spans & ca[p])}" for p in parts),
                               f"one entity {_q(names_b[e])}: {show(spans)}")


def _role_diffs(doc: str, a: ValidatedDocument, b: ValidatedDocument, resolve: Any) -> Iterable[Disagreement]:
    names_a = {e["id"]: e["canonical_name"] for e in a.doc["entities"]}
    names_b = {e["id"]: e["canonical_name"] for e in b.doc["entities"]}

    def name_of(token: str | None, own: dict[str, str]) -> str:
        if token is None:
            return "—"
        return names_a.get(token) or own.get(token.removeprefix("pred:"), token)

    ta = {(r["person"], r["normalized_title"], r["organization"], r["status"]) for r in a.doc["roles"]}
    tb = {(resolve(r["person"]), r["normalized_title"], resolve(r["organization"]), r["status"]) for r in b.doc["roles"]}

    def show(t: tuple[Any, ...], own: dict[str, str]) -> str:
        return f"{name_of(t[0], own)} — {t[1]} — {name_of(t[2], own)} ({t[3]})"

    def key(t: tuple[Any, ...], own: dict[str, str]) -> str:
        return f"{name_of(t[0], own)}/{t[1]}/{name_of(t[2], own)}/{t[3]}".replace(" ", "_")

    for t in sorted(ta - tb, key=str):
        same = [u for u in tb - ta if u[0] == t[0] and u[1] == t[1]]
        yield Disagreement(f"role/{doc}/{key(t, names_a)}", "roles", show(t, names_a),
                           "; ".join(show(u, names_b) for u in same) or "—")
    for t in sorted(tb - ta, key=str):
        if any(u[0] == t[0] and u[1] == t[1] for u in ta - tb):
            continue
        yield Disagreement(f"role/{doc}/second:{key(t, names_b)}", "roles", "—", show(t, names_b))


def _meeting_diffs(doc: str, a: ValidatedDocument, b: ValidatedDocument) -> tuple[list[Disagreement], Any, list[tuple[dict[str, Any], dict[str, Any]]], list[dict[str, Any]], list[dict[str, Any]]]:
    aligned, only_a, only_b, resolve = _aligned_meetings(a, b)
    names_a = {e["id"]: e["canonical_name"] for e in a.doc["entities"]}
    names_b = {e["id"]: e["canonical_name"] for e in b.doc["entities"]}
    b_meetings = b.doc["meetings"]

    def name(token: str | None) -> str:
        if token is None:
            return "—"
        return names_a.get(token) or names_b.get(token.removeprefix("pred:"), token)

    def val(r: dict[str, Any], slot: str) -> str:
        v = r[slot]
        if slot == "participants":
            return ", ".join(sorted(name(x) for x in v)) or "—"
        if slot == "topics":
            return ", ".join(sorted(v)) or "—"
        if slot == "location":
            return name(v)
        return "—" if v is None else str(v)

    def summary(r: dict[str, Any]) -> str:
        return f"{val(r, 'participants')}; {val(r, 'date')}; {val(r, 'location')}; {val(r, 'modality')}; {val(r, 'status')}"

    out = []
    slots = ("participants", "date", "location", "modality", "status", "topics")
    for ga, pb in sorted(aligned, key=lambda x: x[0]["id"]):
        for s in slots:
            if ga[s] != pb[s]:
                out.append(Disagreement(f"meeting/{doc}/{ga['id']}/{s}", "meetings", val(ga, s), val(pb, s)))
    for ga in sorted(only_a, key=lambda r: r["id"]):
        out.append(Disagreement(f"meeting/{doc}/{ga['id']}", "meetings", summary(ga), "—"))
    for pb in sorted(only_b, key=lambda r: r["index"]):
        out.append(Disagreement(f"meeting/{doc}/second:{b_meetings[pb['index']]['id']}", "meetings", "—", summary(pb)))
    return out, resolve, aligned, only_a, only_b


def _note_diffs(doc: str, a: list[dict[str, Any]], b: list[dict[str, Any]]) -> Iterable[Disagreement]:
    """Source notes, keyed by kind and span (a span may carry notes of several kinds)."""
    def items(notes: list[dict[str, Any]]) -> dict[tuple[str, int, int], dict[str, Any]]:
        return {(n["kind"], n["span"]["start"], n["span"]["end"]): n for n in notes}

    ia, ib = items(a), items(b)
    yield from _set_diffs(f"note/{doc}", "source notes", {k: f"{k[0]} {_q(n['span']['text'])}" for k, n in ia.items()},
                          {k: f"{k[0]} {_q(n['span']['text'])}" for k, n in ib.items()})
    for k in sorted(ia.keys() & ib.keys()):
        if ia[k]["correction"] != ib[k]["correction"]:
            yield Disagreement(f"note-correction/{doc}/{_item_key(k)}", "source notes",
                               f"{_q(ia[k]['span']['text'])} → {ia[k]['correction']!r}", repr(ib[k]["correction"]))


def _set_diffs(key: str, layer: str, a: dict[Any, str], b: dict[Any, str]) -> Iterable[Disagreement]:
    """Items one pass has and the other lacks; ``a``/``b`` map a sortable item to its display,
    and the item's first part is the span start (the key shows ``start-end``)."""
    for item in sorted(a.keys() - b.keys()):
        yield Disagreement(f"{key}/{_item_key(item)}", layer, a[item], "—")
    for item in sorted(b.keys() - a.keys()):
        yield Disagreement(f"{key}/second:{_item_key(item)}", layer, "—", b[item])


def _item_key(item: tuple[Any, ...]) -> str:
    return "/".join(str(x) for x in item[:-2]) + ("/" if len(item) > 2 else "") + f"{item[-2]}-{item[-1]}"


def _detail_diffs(doc: str, a: ValidatedDocument, b: ValidatedDocument, resolve: Any,
                  aligned: list[tuple[dict[str, Any], dict[str, Any]]]) -> Iterable[Disagreement]:
    """Annotation no scorer layer compares: triggers, topic evidence, role spans, participants'
    role pointers, date relations, event links, canonical names, Wikidata ids, metadata."""
    da, db = a.doc, b.doc
    text = a.text

    def span(x: dict[str, Any]) -> str:
        return _q(text[x["start"]:x["end"]])

    # items attached to a meeting compare within the aligned meeting (labels: first-pass ids)
    la, lb = meeting_labels(a, b, aligned)
    trig_a = {(lab, t["start"], t["end"]): f"{lab}: {span(t)}" for lab, m in zip(la, da["meetings"]) for t in m["triggers"]}
    trig_b = {(lab, t["start"], t["end"]): f"{lab}: {span(t)}" for lab, m in zip(lb, db["meetings"]) for t in m["triggers"]}
    yield from _set_diffs(f"trigger/{doc}", "triggers", trig_a, trig_b)
    ev_a = {(lab, t["topic"], e["start"], e["end"]): f"{lab} {t['topic']}: {span(e)}" for lab, m in zip(la, da["meetings"]) for t in m["topics"] for e in t["evidence"]}
    ev_b = {(lab, t["topic"], e["start"], e["end"]): f"{lab} {t['topic']}: {span(e)}" for lab, m in zip(lb, db["meetings"]) for t in m["topics"] for e in t["evidence"]}
    yield from _set_diffs(f"evidence/{doc}", "topic evidence", ev_a, ev_b)

    names_a = {e["id"]: e for e in da["entities"]}
    roles_a = {r["id"]: r for r in da["roles"]}
    roles_b = {r["id"]: r for r in db["roles"]}
    def role_item(r: dict[str, Any], ref: Callable[[Any], Any]) -> tuple[Any, ...]:
        return ((ref(r["person"]), r["normalized_title"], ref(r["organization"]), r["status"]),
                (r["title"]["start"], r["title"]["end"]), (r["evidence"]["start"], r["evidence"]["end"]),
                ref(r["country"]))

    def role_detail(r: dict[str, Any], owner: dict[str, Any]) -> str:
        country = next((e["canonical_name"] for e in owner["entities"] if e["id"] == r["country"]), "—")
        return f"title {span(r['title'])}, evidence {span(r['evidence'])}, country {country}"

    items_a = {role_item(r, lambda x: x): r for r in da["roles"]}
    items_b = {role_item(r, resolve): r for r in db["roles"]}
    tuples_a = {k[0] for k in items_a}
    only_b = [k for k in items_b if k not in items_a and k[0] in tuples_a]
    for k, r in sorted(items_a.items(), key=lambda kv: kv[1]["title"]["start"]):
        if k in items_b or k[0] not in {x[0] for x in items_b}:
            continue  # same in both, or a role disagreement listed above
        others = [items_b[x] for x in only_b if x[0] == k[0]]
        yield Disagreement(f"role-span/{doc}/{r['id']}", "roles",
                           f"{names_a[r['person']]['canonical_name']}: {role_detail(r, da)}",
                           "; ".join(role_detail(o, db) for o in others) or "—")
    for k in sorted(only_b, key=lambda x: x[1]):
        if not any(x[0] == k[0] and x not in items_b for x in items_a):
            r = items_b[k]
            yield Disagreement(f"role-span/{doc}/second:{r['id']}", "roles", "—", role_detail(r, db))
    b_meetings = db["meetings"]
    a_meetings = {m["id"]: m for m in da["meetings"]}
    for ga, pb in sorted(aligned, key=lambda x: x[0]["id"]):
        ma, mb = a_meetings[ga["id"]], b_meetings[pb["index"]]
        rel_a = ma["date"]["relation"] if ma["date"] else None
        rel_b = mb["date"]["relation"] if mb["date"] else None
        if ma["date"] and mb["date"] and rel_a != rel_b:
            yield Disagreement(f"date-relation/{doc}/{ma['id']}", "meetings", str(rel_a), str(rel_b))
        if ma["date"] and mb["date"]:
            ta = next(t for t in da["timexes"] if t["id"] == ma["date"]["timex"])
            tb = next(t for t in db["timexes"] if t["id"] == mb["date"]["timex"])
            if (ta["start"], ta["end"]) != (tb["start"], tb["end"]):
                yield Disagreement(f"date-timex/{doc}/{ma['id']}", "meetings", f"{span(ta)} at {ta['start']}", f"{span(tb)} at {tb['start']}")
        ev_b_ref = resolve(mb["event"]) if mb["event"] else None
        if ma["event"] != ev_b_ref:
            yield Disagreement(f"event/{doc}/{ma['id']}", "meetings",
                               names_a[ma["event"]]["canonical_name"] if ma["event"] else "—",
                               next((e["canonical_name"] for e in db["entities"] if e["id"] == mb["event"]), "—"))
        role_of_b = {resolve(p["entity"]): p["role"] for p in mb["participants"]}
        for part in ma["participants"]:
            if part["entity"] not in role_of_b:
                continue  # a participant disagreement, listed with the slot
            ra = roles_a.get(part["role"]) if part["role"] else None
            rb = roles_b.get(role_of_b[part["entity"]]) if role_of_b[part["entity"]] else None
            sa = (ra["title"]["start"], ra["title"]["end"]) if ra else None
            sb = (rb["title"]["start"], rb["title"]["end"]) if rb else None
            if sa != sb:
                yield Disagreement(f"participant-role/{doc}/{ma['id']}/{part['entity']}", "meetings",
                                   f"{names_a[part['entity']]['canonical_name']}: " + (f"{span(ra['title'])} at {sa[0]}" if ra else "no role"),
                                   f"{span(rb['title'])} at {sb[0]}" if rb else "no role")
    # entities with the same mentions: canonical name, members and Wikidata id
    spans_a, spans_b = _entity_spans(da), _entity_spans(db)
    eb = {spans_b[e["id"]]: e for e in db["entities"]}
    by_a = {spans_a[e["id"]]: e for e in da["entities"]}
    for key, ea in sorted(by_a.items(), key=lambda kv: (min(kv[0]) if kv[0] else (0, 0))):
        o = eb.get(key)
        if o is None:
            continue  # a coreference disagreement
        if ea["canonical_name"] != o["canonical_name"]:
            yield Disagreement(f"name/{doc}/{ea['id']}", "entities", _q(ea["canonical_name"]), _q(o["canonical_name"]))
        ma_ = sorted(sorted(spans_a.get(x, ())) for x in ea.get("members") or [])
        mb_ = sorted(sorted(spans_b.get(x, ())) for x in o.get("members") or [])
        if ma_ != mb_:
            yield Disagreement(f"members/{doc}/{ea['id']}", "entities",
                               f"{_q(ea['canonical_name'])}: " + (", ".join(names_a[x]["canonical_name"] for x in ea.get("members") or []) or "no members"),
                               ", ".join(next(e["canonical_name"] for e in db["entities"] if e["id"] == x) for x in o.get("members") or []) or "no members")
        if ea.get("wikidata") != o.get("wikidata"):
            yield Disagreement(f"wikidata/{doc}/{ea['id']}", "entities", f"{_q(ea['canonical_name'])} {ea.get('wikidata') or '—'}", o.get("wikidata") or "—")
    # metadata: the headline span and the timex stating the DCT
    def dct_span(d: dict[str, Any]) -> tuple[int, int] | None:
        tid = d["metadata"]["dct"]["timex"]
        t = next((t for t in d["timexes"] if t["id"] == tid), None)
        return (t["start"], t["end"]) if t else None

    ha, hb = da["metadata"]["headline"], db["metadata"]["headline"]
    if (ha and (ha["start"], ha["end"])) != (hb and (hb["start"], hb["end"])):
        yield Disagreement(f"metadata/{doc}/headline", "metadata", span(ha) if ha else "—", span(hb) if hb else "—")
    if dct_span(da) != dct_span(db):
        yield Disagreement(f"metadata/{doc}/dct-timex", "metadata", str(dct_span(da)), str(dct_span(db)))


def _crossdoc_diffs(records: list[tuple[str, dict[str, Any] | None, dict[str, Any] | None, str | None]]) -> Iterable[Disagreement]:
    """records: (label, first-pass record, second-pass record, second-pass meeting id)."""
    ca: dict[str, set[str]] = {}
    cb: dict[str, set[str]] = {}
    for label, ra, rb, _ in records:
        if ra is not None and ra["cross_doc_id"]:
            ca.setdefault(ra["cross_doc_id"], set()).add(label)
        if rb is not None and rb["cross_doc_id"]:
            cb.setdefault(rb["cross_doc_id"], set()).add(label)
    sets_b = {frozenset(v) for v in cb.values()}
    sets_a = {frozenset(v) for v in ca.values()}
    for cid, members in sorted(ca.items()):
        if frozenset(members) not in sets_b:
            other = sorted({f"{k}: {', '.join(sorted(v))}" for k, v in cb.items() if v & members})
            yield Disagreement(f"crossdoc/{cid}", "crossdoc", f"{cid}: {', '.join(sorted(members))}", "; ".join(other) or "—")
    for cid, members in sorted(cb.items()):
        if frozenset(members) not in sets_a and not any(v & members for v in ca.values()):
            yield Disagreement(f"crossdoc/second:{cid}", "crossdoc", "—", f"{cid}: {', '.join(sorted(members))}")


def disagreements(first: list[ValidatedDocument], second: list[ValidatedDocument], prefix: str = "") -> list[Disagreement]:
    """Every point where two passes differ in what they annotate, in a fixed order (document,
    layer, position): zones, mentions and their types and forms, coreference, roles (tuple,
    spans, country), dates, meeting slots and records, triggers and topic evidence per meeting,
    date links and relations, participants' roles, event links, canonical names, group members,
    Wikidata ids, the headline and the DCT's timex, source notes, cross-document clusters.
    Free-text ``note`` fields are not compared. Keys start with ``prefix`` (the pass label and
    a slash, for the adjudication file)."""
    found = _disagreements(first, second)
    return [Disagreement(prefix + d.key, d.layer, d.first, d.second) for d in found] if prefix else found


def _disagreements(first: list[ValidatedDocument], second: list[ValidatedDocument]) -> list[Disagreement]:
    _check_same_documents(first, second)
    out: list[Disagreement] = []
    xrecords: list[tuple[str, dict[str, Any] | None, dict[str, Any] | None, str | None]] = []
    for a, b in zip(first, second):
        doc = _short(a.doc["doc_id"])
        out += _span_diffs("zone", doc, a.doc["zones"], b.doc["zones"], ("type",),
                           lambda z: f"{z['type']} [{z['start']}, {z['end']})")
        out += _span_diffs("mention", doc, a.doc["mentions"], b.doc["mentions"], ("type", "form"),
                           lambda m: f"{_q(m['text'])} {m['type']} {m['form']}")
        out += _coref_diffs(doc, a.doc, b.doc)
        meet, resolve, aligned, only_a, only_b = _meeting_diffs(doc, a, b)
        out += _role_diffs(doc, a, b, resolve)
        out += _span_diffs("timex", doc, _anchored(a.doc["timexes"]), _anchored(b.doc["timexes"]),
                           ("type", "value", "mod", "anchor", "function_in_document"),
                           lambda t: f"{_q(t['text'])} {t['type']} {t['value']}")
        out += meet
        out += _detail_diffs(doc, a, b, resolve, aligned)
        out += _note_diffs(doc, a.doc["source_notes"], b.doc["source_notes"])
        bm = b.doc["meetings"]
        for ga, pb in aligned:
            xrecords.append((f"{doc}/{ga['id']}", ga, pb, bm[pb["index"]]["id"]))
        for ga in only_a:
            xrecords.append((f"{doc}/{ga['id']}", ga, None, None))
        for pb in only_b:
            xrecords.append((f"{doc}/second:{bm[pb['index']]['id']}", None, pb, bm[pb["index"]]["id"]))
    out += _crossdoc_diffs(xrecords)
    return out


# --- decisions --------------------------------------------------------------------------

@dataclass(frozen=True)
class Decision:
    decision: str
    note: str


def load_decisions(path: Path | None = None) -> dict[str, Decision]:
    """The adjudication decisions: ``key -> {decision: first|second|other, note: why}``."""
    path = path or agreement_dir() / DECISIONS_FILE
    if not path.exists():
        return {}
    name = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        line = getattr(getattr(err, "problem_mark", None), "line", None)
        raise InputError([Problem(name, "", f"invalid YAML: {getattr(err, 'problem', err)}", None if line is None else line + 1)]) from None
    if not isinstance(data, dict):
        raise InputError([Problem(name, "", "expected a mapping of disagreement keys to decisions")])
    out: dict[str, Decision] = {}
    problems = []
    for key, v in data.items():
        if not isinstance(v, dict) or v.get("decision") not in DECISION_VALUES or not isinstance(v.get("note"), str) or not v["note"].strip():
            problems.append(Problem(name, f"/{key}", f"expected {{decision: {'|'.join(DECISION_VALUES)}, note: <why>}}"))
            continue
        out[str(key)] = Decision(v["decision"], v["note"].strip())
    if problems:
        raise InputError(problems)
    return out


def decision_problems(found: list[Disagreement], decisions: dict[str, Decision], path: Path | None = None) -> list[Problem]:
    """Every disagreement needs a decision, and every decision a disagreement."""
    name = str(path or agreement_dir() / DECISIONS_FILE)
    keys = {d.key for d in found}
    out = [Problem(name, f"/{d.key}", f"no decision for this disagreement ({d.layer}: first {d.first} / second {d.second})")
           for d in found if d.key not in decisions]
    out += [Problem(name, f"/{k}", "decision for a disagreement that does not exist") for k in sorted(decisions) if k not in keys]
    return out


def render_disagreements(found: list[Disagreement], decisions: dict[str, Decision],
                         source: str = f"dataset/agreement/{DECISIONS_FILE}") -> str:
    """The adjudication table (without markers); keys carry the pass label (``B/…``)."""
    counts = Counter(decisions[d.key].decision if d.key in decisions else "undecided" for d in found)
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    out = [
        f"{len(found)} disagreements ({summary}); generated by `mil2mil agreement --write` from the annotation passes "
        f"and `{source}`.",
        "",
        "| key | first pass | second pass | gold follows | why |",
        "|---|---|---|---|---|",
    ]
    for d in found:
        dec = decisions.get(d.key)
        out.append(f"| `{d.key}` | {d.first} | {d.second} | {dec.decision if dec else '**undecided**'} | "
                   f"{(dec.note if dec else '').replace('|', chr(92) + '|')} |")
    return "\n".join(out) + "\n"


# --- the blind study on the authored test set ---------------------------------------------

#: The authors' annotation of the authored documents as it stood when the blind passes were
#: made (the compiled gold, frozen before adjudication), and the two blind passes.
AUTHORED_FIRST = "authors"
AUTHORED_PASSES: tuple[tuple[str, str, str], ...] = (
    ("pass_a", "A", "texts, the frozen guidelines, the schema and the format checker `mil2mil validate`"),
    ("pass_b", "B", "the same, independently of A"),
)


#: How the authored study's reference (the authors' frozen annotation) is named in signatures.
STUDY_GOLD = "authored-study:authors"


def authored_agreement_dir() -> Path:
    return dataset_dir() / "authored" / "agreement"


@dataclass(frozen=True)
class AuthoredStudy:
    """The authors' gold (reference) and two blind passes on the same authored documents."""

    first: list[ValidatedDocument]
    passes: list[tuple[str, list[ValidatedDocument]]]

    def disagreements(self) -> list[Disagreement]:
        return [d for label, docs in self.passes for d in disagreements(self.first, docs, f"{label}/")]

    def table(self) -> str:
        (la, a), (lb, b) = self.passes
        results = [(la, compute(self.first, a, STUDY_GOLD)), (lb, compute(self.first, b, STUDY_GOLD))]
        intro = (f"Blind passes {la} and {lb} on {len(self.first)} authored documents, each scored against the authors' "
                 "annotation G (the reference, frozen before adjudication) with `mil2mil.scoring`; produced by "
                 "`mil2mil agreement`. Columns give the size of each pass and its F1 against G.")
        blind = render_markdown([(f"{lb}", compute(a, b, f"authored-study:pass-{la.lower()}"))], reference=la,
                                intro=f"The two blind passes against each other ({lb} scored against {la} as the reference):")
        return render_markdown(results, reference="G", intro=intro) + "\n" + blind


def load_authored_study(root: Path | None = None) -> AuthoredStudy | None:
    """The blind study on the authored set, or None when it has not been made (no folder)."""
    root = root or authored_agreement_dir()
    if not (root / AUTHORED_FIRST).is_dir():
        return None
    text_root = root.parent
    first = load_pass(AUTHORED_FIRST, root, text_root)
    passes = []
    for folder, label, _ in AUTHORED_PASSES:
        docs = load_pass(folder, root, text_root)
        _check_same_documents(first, docs)
        passes.append((label, docs))
    return AuthoredStudy(first, passes)
