"""``mil2mil results [--check]``: the results tables of the reference rows and both baselines.

Runs ``oracle``, ``empty``, ``rules`` and ``spacy`` over each gold set of :data:`GOLD_SETS`
(the news articles and the constructed test split), scores each with a fixed bootstrap (1000
resamples, seed 12345) and writes one markdown table between the markers
``<!-- results:start -->`` and ``<!-- results:end -->`` of README.md and DATASHEET.md, and
the per-phenomenon table of the constructed test split (``score --by-phenomenon``) between
``<!-- phenomena-results:start -->`` and ``<!-- phenomena-results:end -->`` of
``docs/results-by-phenomenon.md``. ``--check`` writes nothing: it exits 1 with a diff when a
committed block differs from what the command produces. The spacy row needs its model;
without it the command fails (exit 2) and says how to install it: the tables are never
produced with a row missing.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import tempfile
from pathlib import Path
from typing import Any

from mil2mil.baselines.api import get_extractor, predict, source_documents, write_predictions
from mil2mil.errors import InputError, Problem

START = "<!-- results:start -->"
END = "<!-- results:end -->"
PHEN_START = "<!-- phenomena-results:start -->"
PHEN_END = "<!-- phenomena-results:end -->"
SYSTEMS: tuple[str, ...] = ("oracle", "empty", "rules", "spacy")
#: The gold sets of the results table, in table order; the last one's breakdown is the
#: per-phenomenon table.
GOLD_SETS: tuple[str, ...] = ("news", "constructed:test")
PHEN_SET = "constructed:test"
#: The systems of the per-phenomenon table (oracle and empty score 1 and 0 by construction).
PHEN_SYSTEMS: tuple[str, ...] = ("rules", "spacy")
BOOTSTRAP = 1000
SEED = 12345
#: (layer, column header) in table order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("mentions", "mentions<br>strict F1"), ("entities", "entities<br>CoNLL F1"), ("roles", "roles<br>tuple F1"),
    ("timexes", "timexes<br>value F1"), ("meetings", "meetings<br>slot F1"), ("crossdoc", "cross-doc<br>CoNLL F1"),
)


def _cell(lr) -> str:  # type: ignore[no-untyped-def]
    if not lr.scored:
        return "—"
    if lr.headline is None:
        return "n/a"
    s = f"{lr.headline:.3f}"
    if lr.ci is not None and lr.ci[0] is not None and lr.ci[1] is not None:
        s += f" [{lr.ci[0]:.3f}, {lr.ci[1]:.3f}]"
    return s


class Results:
    """Every system's score report on every gold set (one prediction and scoring run each)."""

    def __init__(self, model: str | None = None, gold_sets: tuple[str, ...] = GOLD_SETS):
        from mil2mil.gold_sets import resolve
        from mil2mil.scoring import Options, score

        self.gold_sets = gold_sets
        self.reports: dict[tuple[str, str], Any] = {}
        self.sizes: dict[str, int] = {}
        self.model_line = ""
        extractors = {name: get_extractor(name, model=model) for name in SYSTEMS}
        self.model_line = getattr(extractors["spacy"], "model", "")
        with tempfile.TemporaryDirectory() as tmp:
            for gold in gold_sets:
                source = resolve(gold)
                docs = source_documents(source)
                self.sizes[gold] = len(docs)
                for name in SYSTEMS:
                    path = Path(tmp) / f"{name}.jsonl"
                    write_predictions(predict(extractors[name], docs, progress=False), path)
                    opts = Options(bootstrap=BOOTSTRAP, seed=SEED, by_phenomenon=gold == PHEN_SET)
                    self.reports[(name, gold)] = score(path, source, opts)


def results_table(results: Results) -> str:
    """The markdown block (without markers) of the four systems on every gold set; same
    bytes on every run."""
    sizes = " and ".join(f"`{g}` ({results.sizes[g]} documents)" for g in results.gold_sets)
    out = [
        f"Scores on {sizes}: micro-averaged headline F1 per layer, "
        f"95% bootstrap intervals over documents ({BOOTSTRAP} resamples, seed {SEED}); "
        "— = layer not predicted. `news` are real articles; `constructed:test` are generated, "
        "fictional reports (`DATASHEET.md`). Regenerate with `mil2mil results`.",
        "",
        "| system | gold | " + " | ".join(h for _, h in COLUMNS) + " |",
        "|---|---|" + "---:|" * len(COLUMNS),
    ]
    signatures: dict[str, dict[str, str]] = {}
    for gold in results.gold_sets:
        for name in SYSTEMS:
            report = results.reports[(name, gold)]
            out.append("| " + " | ".join([f"`{name}`", f"`{gold}`"] + [_cell(report.layers[layer]) for layer, _ in COLUMNS]) + " |")
            for layer, _ in COLUMNS:
                lr = report.layers[layer]
                if lr.scored and lr.signature:
                    signatures.setdefault(gold, {}).setdefault(layer, lr.signature)
    out += ["", f"The `spacy` rows were produced with the model `{results.model_line}`.", "", "Signatures:", ""]
    for gold in results.gold_sets:
        out += [f"- {layer} on `{gold}`: `{signatures[gold][layer]}`" for layer, _ in COLUMNS if layer in signatures.get(gold, {})]
    return "\n".join(out) + "\n"


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def phenomena_table(results: Results) -> str:
    """The markdown block (without markers) of the per-phenomenon breakdown of the baselines
    on :data:`PHEN_SET`: one row per tag and layer whose gold items carry the tag."""
    from mil2mil.scoring.phenomena import ITEM_METRIC

    breakdowns = {name: results.reports[(name, PHEN_SET)].phenomena for name in PHEN_SYSTEMS}
    first = breakdowns[PHEN_SYSTEMS[0]]
    sig = results.reports[(PHEN_SYSTEMS[0], PHEN_SET)].layers["mentions"].signature
    out = [
        f"Per-phenomenon scores of the baselines on `{PHEN_SET}` ({results.sizes[PHEN_SET]} documents), from "
        f"`mil2mil score PRED --gold {PHEN_SET} --by-phenomenon`. *items*: the gold items carrying the tag "
        "(recall; meetings: slot accuracy); *docs F1*: the layer's micro headline F1 over the documents "
        "carrying the tag. Regenerate with `mil2mil results`.",
        "",
        "| tag | layer | items | docs | " + " | ".join(f"`{n}` items" for n in PHEN_SYSTEMS) + " | "
        + " | ".join(f"`{n}` docs F1" for n in PHEN_SYSTEMS) + " |",
        "|---|---|---:|---:|" + "---:|" * (2 * len(PHEN_SYSTEMS)),
    ]
    for tag, tr in first.tags.items():
        for layer, tl in tr.layers.items():
            if tl.items is None:
                continue
            items = [breakdowns[n].tags[tag].layers[layer].items for n in PHEN_SYSTEMS]
            docs = [breakdowns[n].tags[tag].layers[layer].f1 for n in PHEN_SYSTEMS]
            metric = "" if ITEM_METRIC[layer] == "recall" else " (slot acc.)"
            out.append(f"| `{tag}` | {layer}{metric} | {tl.items.items} | {len(tr.doc_ids)} | "
                       + " | ".join(_fmt(it.value(first.scheme)) for it in items) + " | "
                       + " | ".join(_fmt(f) for f in docs) + " |")
    out += ["", f"Scored with `{sig}` (and the same settings for the other layers)."]
    return "\n".join(out) + "\n"


def replace_block(text: str, block: str, where: str, start: str = START, end: str = END) -> str:
    if text.count(start) != 1 or text.count(end) != 1 or text.index(start) > text.index(end):
        raise InputError([Problem(where, "", f"expected one {start} ... {end} marker pair")])
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{block}{end}{tail}"


def default_files() -> list[Path]:
    root = Path(__file__).resolve().parents[2]
    return [root / "README.md", root / "DATASHEET.md"]


def default_phenomena_file() -> Path:
    return Path(__file__).resolve().parents[2] / "docs" / "results-by-phenomenon.md"


def run_results(args: argparse.Namespace) -> int:
    files = args.files or default_files()
    phen_file = args.phenomena_file or default_phenomena_file()
    gold_sets = GOLD_SETS if args.gold is None else tuple(args.gold)
    if not args.print:
        for f in [*files, *([phen_file] if PHEN_SET in gold_sets else [])]:  # before the long run
            if not f.is_file():
                raise InputError([Problem(str(f), "", "file to update does not exist")])
    results = Results(args.model, gold_sets)
    block = results_table(results)
    phen = phenomena_table(results) if PHEN_SET in results.gold_sets else None
    if args.print:
        sys.stdout.write(block + ("" if phen is None else "\n" + phen))
        return 0
    failed = False
    targets = [(f, block, START, END) for f in files] + ([] if phen is None else [(phen_file, phen, PHEN_START, PHEN_END)])
    for f, text, start, end in targets:
        old = f.read_text(encoding="utf-8")
        new = replace_block(old, text, str(f), start, end)
        if old == new:
            continue
        if args.check:
            failed = True
            sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                                       f"{f} (committed)", f"{f} (mil2mil results)"))
        else:
            f.write_text(new, encoding="utf-8")
            print(f"updated {f}", file=sys.stderr)
    if failed:
        print("error: a committed results table differs from `mil2mil results`; run it and commit", file=sys.stderr)
        return 1
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("results", help="regenerate the results tables (README.md, DATASHEET.md, docs/results-by-phenomenon.md)",
                       description="Run oracle, empty, rules and spacy over the news and constructed:test gold sets, "
                                   f"score them, and write the table between {START} and {END}, and the "
                                   f"per-phenomenon table between {PHEN_START} and {PHEN_END}.")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 with a diff if a committed table differs")
    p.add_argument("--print", action="store_true", help="print the table instead of writing files")
    p.add_argument("--files", type=Path, nargs="+", default=None, help="files to update (default: README.md DATASHEET.md)")
    p.add_argument("--phenomena-file", type=Path, default=None,
                   help="file of the per-phenomenon table (default: docs/results-by-phenomenon.md)")
    p.add_argument("--gold", nargs="+", default=None, help=argparse.SUPPRESS)
    p.add_argument("--model", default=None, help="spaCy model for the spacy row (default: as for predict)")
    p.set_defaults(func=run_results)
