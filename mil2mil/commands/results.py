"""``mil2mil results [--check]``: the results table of the reference rows and both baselines.

Runs ``oracle``, ``empty``, ``rules`` and ``spacy`` over the bundled gold, scores each with a
fixed bootstrap (1000 resamples, seed 12345) and writes one markdown table between the
markers ``<!-- results:start -->`` and ``<!-- results:end -->`` of README.md and DATASHEET.md.
``--check`` writes nothing: it exits 1 with a diff when a committed block differs from what
the command produces. The spacy row needs its model; without it the command fails (exit 2)
and says how to install it: the table is never produced with a row missing.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import tempfile
from pathlib import Path

from mil2mil.baselines.api import get_extractor, predict, source_documents, write_predictions
from mil2mil.errors import InputError, Problem

START = "<!-- results:start -->"
END = "<!-- results:end -->"
SYSTEMS: tuple[str, ...] = ("oracle", "empty", "rules", "spacy")
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


def results_table(gold: Path | None = None, model: str | None = None) -> str:
    """The markdown block (without markers) for the four systems; same bytes on every run."""
    from mil2mil.gold_sets import resolve
    from mil2mil.scoring import Options, score

    source = resolve(gold)
    docs = source_documents(source)
    rows = []
    signatures: dict[str, str] = {}
    model_line = ""
    with tempfile.TemporaryDirectory() as tmp:
        for name in SYSTEMS:
            extractor = get_extractor(name, model=model)
            if name == "spacy":
                model_line = getattr(extractor, "model", "")
            path = Path(tmp) / f"{name}.jsonl"
            write_predictions(predict(extractor, docs, progress=False), path)
            report = score(path, source, Options(bootstrap=BOOTSTRAP, seed=SEED))
            rows.append([f"`{name}`"] + [_cell(report.layers[layer]) for layer, _ in COLUMNS])
            for layer, _ in COLUMNS:
                lr = report.layers[layer]
                if lr.scored and lr.signature:
                    signatures.setdefault(layer, lr.signature)
    out = [
        f"Scores on the {len(docs)} bundled documents (micro-averaged headline F1 per layer; "
        f"95% bootstrap intervals over documents, {BOOTSTRAP} resamples, seed {SEED}; "
        "— = layer not predicted). Regenerate with `mil2mil results`.",
        "",
        "| system | " + " | ".join(h for _, h in COLUMNS) + " |",
        "|---|" + "---:|" * len(COLUMNS),
    ]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    out += ["", f"The `spacy` row was produced with the model `{model_line}`.", "", "Signatures:", ""]
    out += [f"- {layer}: `{signatures[layer]}`" for layer, _ in COLUMNS if layer in signatures]
    return "\n".join(out) + "\n"


def replace_block(text: str, block: str, where: str) -> str:
    if text.count(START) != 1 or text.count(END) != 1 or text.index(START) > text.index(END):
        raise InputError([Problem(where, "", f"expected one {START} ... {END} marker pair")])
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{block}{END}{tail}"


def default_files() -> list[Path]:
    root = Path(__file__).resolve().parents[2]
    return [root / "README.md", root / "DATASHEET.md"]


def run_results(args: argparse.Namespace) -> int:
    files = args.files or default_files()
    block = results_table(args.gold, args.model)
    if args.print:
        sys.stdout.write(block)
        return 0
    failed = False
    for f in files:
        old = f.read_text(encoding="utf-8")
        new = replace_block(old, block, str(f))
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
        print("error: the committed results table differs from `mil2mil results`; run it and commit", file=sys.stderr)
        return 1
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("results", help="regenerate the results table in README.md and DATASHEET.md",
                       description="Run oracle, empty, rules and spacy over the gold, score them, and write the "
                                   f"table between {START} and {END}.")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 with a diff if a committed table differs")
    p.add_argument("--print", action="store_true", help="print the table instead of writing files")
    p.add_argument("--files", type=Path, nargs="+", default=None, help="files to update (default: README.md DATASHEET.md)")
    p.add_argument("--gold", type=Path, default=None, help=argparse.SUPPRESS)
    p.add_argument("--model", default=None, help="spaCy model for the spacy row (default: as for predict)")
    p.set_defaults(func=run_results)
