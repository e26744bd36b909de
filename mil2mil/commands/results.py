"""``mil2mil results [--check]``: the results table of the reference rows and both baselines.

Runs ``oracle``, ``empty``, ``rules`` and ``spacy`` over the bundled gold, scores each with a
fixed bootstrap (1000 resamples, seed 12345) — ``rules`` and ``spacy`` also on the ungrounded
track, converted by ``mil2mil convert --to ungrounded``, the rows an LLM system that only
names things is compared with — replays every LLM run whose responses file is committed in
``baselines/llm/runs/`` (the llm extractor offline, no server: see docs/llm.md), and writes
one markdown table between the markers ``<!-- results:start -->`` and ``<!-- results:end -->``
of README.md and DATASHEET.md.
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

from mil2mil.errors import InputError, Problem

START = "<!-- results:start -->"
END = "<!-- results:end -->"
AUTHORED_START = "<!-- results-authored:start -->"
AUTHORED_END = "<!-- results-authored:end -->"
SYSTEMS: tuple[str, ...] = ("oracle", "empty", "rules", "spacy")
#: Systems also scored on the ungrounded track (their predictions converted).
UNGROUNDED: tuple[str, ...] = ("rules", "spacy")
BOOTSTRAP = 1000
SEED = 12345
#: (layer, column header) in table order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("mentions", "mentions<br>strict F1"), ("entities", "entities<br>CoNLL F1 (ungr.: F1)"), ("roles", "roles<br>tuple F1"),
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


#: Committed responses files of LLM runs (``*.responses.jsonl``), replayed as rows of the table.
RUNS_DIR = Path(__file__).resolve().parents[2] / "baselines" / "llm" / "runs"


def llm_rows(runs_dir: Path, docs: list, source, tmp: Path) -> tuple[list[list[str]], list[str]]:  # type: ignore[no-untyped-def,type-arg]
    """Table rows and description lines for the LLM runs in ``runs_dir``, replayed offline."""
    from mil2mil.baselines.api import predict, write_predictions
    from mil2mil.baselines.llm.extractor import LLMExtractor
    from mil2mil.scoring import Options, score
    from mil2mil.scoring.llm_runs import OUTCOMES

    rows: list[list[str]] = []
    lines: list[str] = []
    for i, path in enumerate(sorted(runs_dir.glob("*.responses.jsonl")) if runs_dir.is_dir() else []):
        ext = LLMExtractor.from_responses(path, progress=False)
        out = tmp / f"llm-{i}.jsonl"
        write_predictions(predict(ext, docs, progress=False), out)
        report = score(out, source, Options(bootstrap=BOOTSTRAP, seed=SEED))
        name = f"`llm` {ext.model}"
        rows.append([name] + [_cell(report.layers[layer]) for layer, _ in COLUMNS])
        run = report.llm or {}
        rates = ", ".join(f"{k} {100 * run['rates'][k]:.0f}%" for k in OUTCOMES) if run else ""
        p = ext.params
        lines.append(f"- {name}: prompt `{ext.prompt_label}`, decoding {ext.decoding}, temperature {p['temperature']}, "
                     f"seed {p['seed']}; {rates}; replayed from `baselines/llm/runs/{path.name}`; signature "
                     f"`{report.layers['entities'].signature}` (other layers: same with their `layer:`)")
    return rows, lines


def results_table(gold: Path | None = None, model: str | None = None, runs_dir: Path | None = None,
                  what: str = "bundled documents") -> str:
    """The markdown block (without markers) for the four systems and the committed LLM runs;
    same bytes on every run."""
    from mil2mil.baselines.api import get_extractor, gold_documents, predict, write_predictions
    from mil2mil.scoring import GoldSource, Options, score
    from mil2mil.scoring.convert import convert_file

    source = GoldSource.from_path(gold)
    docs = gold_documents(gold)
    rows = []
    signatures: dict[str, str] = {}
    model_line = ""
    with tempfile.TemporaryDirectory() as tmp:
        for name in SYSTEMS:
            extractor = get_extractor(name, model=model, gold=gold)
            if name == "spacy":
                model_line = getattr(extractor, "model", "")
            path = Path(tmp) / f"{name}.jsonl"
            write_predictions(predict(extractor, docs, progress=False), path)
            runs = [(f"`{name}`", path)]
            if name in UNGROUNDED:
                converted = Path(tmp) / f"{name}-ungrounded.jsonl"
                convert_file(path, converted, source)
                runs.append((f"`{name}` ungrounded", converted))
            for label, p in runs:
                report = score(p, source, Options(bootstrap=BOOTSTRAP, seed=SEED))
                rows.append([label] + [_cell(report.layers[layer]) for layer, _ in COLUMNS])
                for layer, _ in COLUMNS:
                    lr = report.layers[layer]
                    if lr.scored and lr.signature:
                        signatures.setdefault(f"{layer} ({lr.match})", lr.signature)
        extra_rows, llm_lines = llm_rows(RUNS_DIR if runs_dir is None else runs_dir, docs, source, Path(tmp))
        rows += extra_rows
    out = [
        f"Scores on the {len(docs)} {what} (micro-averaged headline F1 per layer; "
        f"95% bootstrap intervals over documents, {BOOTSTRAP} resamples, seed {SEED}; "
        "— = layer not predicted). Regenerate with `mil2mil results`.",
    ]
    from mil2mil.scoring.bootstrap import small_sample_note

    if (note := small_sample_note(len(docs))) is not None:
        out[-1] += f" Note: {note}."
    out += [
        "",
        "| system | " + " | ".join(h for _, h in COLUMNS) + " |",
        "|---|" + "---:|" * len(COLUMNS),
    ]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    out += ["", f"The `spacy` rows were produced with the model `{model_line}`. The ungrounded rows score the same "
            "predictions converted by `mil2mil convert --to ungrounded` (names instead of offsets), under the "
            "name-matching policy of docs/scoring.md: compare an LLM system that only names things with them.",
            "", "Signatures:", ""]
    out += [f"- {key}: `{signatures[key]}`" for match in ("grounded", "ungrounded") for layer, _ in COLUMNS
            if (key := f"{layer} ({match})") in signatures]
    if llm_lines:
        out += ["", "LLM runs (ungrounded: no mention layer):", "", *llm_lines]
    return "\n".join(out) + "\n"


def replace_block(text: str, block: str, where: str, START: str = START, END: str = END) -> str:  # noqa: N803
    if text.count(START) != 1 or text.count(END) != 1 or text.index(START) > text.index(END):
        raise InputError([Problem(where, "", f"expected one {START} ... {END} marker pair")])
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{block}{END}{tail}"


def default_files() -> list[Path]:
    root = Path(__file__).resolve().parents[2]
    return [root / "README.md", root / "DATASHEET.md"]


def run_results(args: argparse.Namespace) -> int:
    from mil2mil.gold import dataset_dir

    files = args.files or default_files()
    block = results_table(args.gold, args.model)
    authored = dataset_dir() / "authored"
    authored_block = None
    if args.gold is None and (authored / "gold").is_dir():
        authored_block = results_table(authored, args.model, authored / "no-llm-runs",
                                       "authored test documents (`--gold authored:test`; the LLM runs were not made on them)")
    if args.print:
        sys.stdout.write(block + ("\n" + authored_block if authored_block else ""))
        return 0
    failed = False
    for f in files:
        old = f.read_text(encoding="utf-8")
        new = replace_block(old, block, str(f))
        if authored_block is not None and AUTHORED_START in new:  # files without the block keep the news table only
            new = replace_block(new, authored_block, str(f), AUTHORED_START, AUTHORED_END)
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
                       description="Run oracle, empty, rules and spacy over the gold (rules and spacy also converted to the ungrounded track), score them, and write the "
                                   f"table between {START} and {END}.")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 with a diff if a committed table differs")
    p.add_argument("--print", action="store_true", help="print the table instead of writing files")
    p.add_argument("--files", type=Path, nargs="+", default=None, help="files to update (default: README.md DATASHEET.md)")
    p.add_argument("--gold", type=Path, default=None, help=argparse.SUPPRESS)
    p.add_argument("--model", default=None, help="spaCy model for the spacy row (default: as for predict)")
    p.set_defaults(func=run_results)
