"""The extractor interface and the plumbing around it: documents in, predictions out.

An *extractor* is anything callable as ``extractor(doc) -> dict`` where ``doc`` is a
:class:`Document` (``doc_id``, ``text``, ``dct``) and the returned dict holds the layers of
one predictions line (``mentions``, ``roles``, ``timexes``, ``meetings``; see
``schema/predictions.schema.json``). A plain function is enough. An extractor that is
faster in batches may also define ``pipe(docs) -> Iterator[dict]``; :func:`predict` uses it
when present. The two baselines, the oracle and the empty system all follow this interface.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import re
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from mil2mil.errors import InputError, Problem
from mil2mil.gold import gold_paths, read_json, read_text

Prediction = dict[str, Any]

#: Layers every baseline writes, in output order (an empty list predicts nothing).
LAYERS: tuple[str, ...] = ("mentions", "roles", "timexes", "meetings")


@dataclass(frozen=True)
class Document:
    """One input article: an id, its raw text and its document creation time (DCT)."""

    doc_id: str
    text: str
    dct: dt.date
    gold: dict[str, Any] | None = None  # the gold document, when read from the dataset (oracle only)


class Extractor(Protocol):
    """What ``mil2mil predict`` runs: ``extractor(doc)`` returns one predictions line's layers."""

    def __call__(self, doc: Document) -> Prediction: ...


# --- reading inputs ----------------------------------------------------------------------

def gold_documents(root: Path | str | None = None) -> list[Document]:
    """The raw articles of a dataset (default: the bundled one) with their DCTs, sorted by id."""
    base = None if root is None else Path(root)
    if base is not None and base.is_dir() and (base / "gold").is_dir():
        base = base / "gold"
    if base is not None and not base.exists():
        raise InputError([Problem(str(base), "", "gold path does not exist")])
    docs = []
    for path in gold_paths(base):
        gold = read_json(path)
        docs.append(Document(gold["doc_id"], read_text(gold, path if base is not None else None),
                             dt.date.fromisoformat(gold["metadata"]["dct"]["value"]), gold))
    if not docs:
        raise InputError([Problem(str(base), "", "no gold files (*.json) found")])
    return sorted(docs, key=lambda d: d.doc_id)


def source_documents(source: Any) -> list[Document]:
    """The documents of a gold source (:func:`mil2mil.gold_sets.resolve`), sorted by id, each
    with its raw text, its DCT and its gold (for the oracle)."""
    return [Document(doc["doc_id"], text, dt.date.fromisoformat(doc["metadata"]["dct"]["value"]), doc)
            for doc, text in source.pairs()]


_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


def slug(name: str) -> str:
    """A doc_id the predictions schema accepts, made from a file name."""
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return s[:120].strip("-") or "doc"


def _parse_date(value: Any, where: str, pointer: str, line: int | None = None) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError([Problem(where, pointer, f"expected a document date YYYY-MM-DD, got {value!r}", line)]) from None


def read_documents(paths: Sequence[Path | str], dct: dt.date | None = None) -> list[Document]:
    """Documents from plain-text files (``.txt``: one document per file) and JSONL files
    (one ``{"doc_id", "text", "dct"}`` object per line).

    A text file's date is ``dct`` when given, else a ``YYYY-MM-DD`` in its file name; a JSONL
    line's date is its ``dct`` field, else ``dct``. A document without a date is an error:
    relative dates cannot be resolved without one.
    """
    docs: list[Document] = []
    problems: list[Problem] = []
    for p in map(Path, paths):
        if not p.is_file():
            problems.append(Problem(str(p), "", "input file does not exist"))
            continue
        if p.suffix == ".jsonl":
            for n, raw in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
                if not raw.strip():
                    continue
                try:
                    obj = json.loads(raw)
                except ValueError as exc:
                    problems.append(Problem(str(p), "", f"not JSON: {exc}", n))
                    continue
                if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                    problems.append(Problem(str(p), "/text", "expected an object with a string `text`", n))
                    continue
                date = obj.get("dct", dct.isoformat() if dct else None)
                if date is None:
                    problems.append(Problem(str(p), "/dct", "no document date: add `dct` (YYYY-MM-DD) or pass --dct", n))
                    continue
                try:
                    d = _parse_date(date, str(p), "/dct", n)
                except InputError as err:
                    problems.extend(err.problems)
                    continue
                docs.append(Document(slug(str(obj.get("doc_id") or f"{p.stem}-{n}")), obj["text"], d))
        else:
            m = _DATE_IN_NAME.search(p.name)
            if dct is None and m is None:
                problems.append(Problem(str(p), "", "no document date: pass --dct YYYY-MM-DD or put the date in the file name"))
                continue
            d = dct or _parse_date(m.group(1), str(p), "")  # type: ignore[union-attr]
            docs.append(Document(slug(p.stem), p.read_bytes().decode("utf-8"), d))
    seen: dict[str, int] = {}
    for d in docs:
        seen[d.doc_id] = seen.get(d.doc_id, 0) + 1
    dups = sorted(k for k, v in seen.items() if v > 1)
    if dups:
        problems.append(Problem("<inputs>", "/doc_id", f"duplicate doc_id(s): {', '.join(dups)}"))
    if problems:
        raise InputError(problems)
    return docs


# --- running an extractor ------------------------------------------------------------------

def finalize(doc_id: str, pred: Prediction) -> Prediction:
    """One predictions line in a fixed key and item order (same input, same bytes)."""
    out: Prediction = {"doc_id": doc_id}
    for key in ("mentions", "entities", "roles", "timexes", "meetings"):
        if key in pred:
            out[key] = pred[key]
    if "mentions" in out:
        out["mentions"] = sorted(out["mentions"], key=lambda m: (m["start"], -m["end"], m["type"], m.get("entity", "")))
    if "timexes" in out:
        out["timexes"] = sorted(out["timexes"], key=lambda t: (t.get("start", -1), t.get("end", -1), t["type"], t["value"]))
    if "roles" in out:
        out["roles"] = sorted(out["roles"], key=lambda r: json.dumps(r, sort_keys=True))
    return out


def predict(extractor: Extractor | Callable[[Document], Prediction], docs: Iterable[Document],
            progress: bool | None = None, total: int | None = None) -> Iterator[Prediction]:
    """Run ``extractor`` over ``docs``; yield finalized predictions lines in input order.

    ``progress``: show a tqdm bar on stderr (default: only on a terminal and for 50+ documents).
    """
    docs = list(docs) if total is None and not isinstance(docs, Sequence) else docs
    n = total if total is not None else len(docs)  # type: ignore[arg-type]
    if progress is None:
        progress = n >= 50 and sys.stderr.isatty()
    # ids are recorded as the extractor reads each document: a one-pass iterator (``total``
    # given) must not be read a second time for them, and ``pipe`` may read ahead
    ids: deque[str] = deque()

    def feed() -> Iterator[Document]:
        for d in docs:
            ids.append(d.doc_id)
            yield d

    pipe = getattr(extractor, "pipe", None)
    stream = pipe(feed()) if callable(pipe) else (extractor(d) for d in feed())
    pairs: Iterable[tuple[str, Prediction]] = ((ids.popleft(), pred) for pred in stream)
    if progress:
        from tqdm import tqdm

        pairs = tqdm(pairs, total=n, file=sys.stderr, unit="doc", desc="predict")
    for doc_id, pred in pairs:
        yield finalize(doc_id, pred)


def write_predictions(preds: Iterable[Prediction], path: Path | str) -> int:
    """Write predictions as JSONL (UTF-8, one compact object per line); return the count."""
    n = 0
    with Path(path).open("w", encoding="utf-8", newline="\n") as handle:
        for p in preds:
            handle.write(json.dumps(p, ensure_ascii=False, separators=(",", ":")) + "\n")
            n += 1
    return n


def run(extractor: Extractor | Callable[[Document], Prediction], output: Path | str,
        docs: Iterable[Document] | None = None) -> Path:
    """Run ``extractor`` over ``docs`` (default: the bundled articles) and write ``output``."""
    write_predictions(predict(extractor, gold_documents() if docs is None else docs), output)
    return Path(output)


# --- choosing an extractor -------------------------------------------------------------------

BASELINES: tuple[str, ...] = ("rules", "spacy", "oracle", "empty")


def get_extractor(name: str, model: str | None = None, n_process: int = 1) -> Extractor:
    """A baseline by name (``rules``, ``spacy``, ``oracle``, ``empty``) or a user's extractor
    as ``package.module:attribute`` (a function, an instance, or a class to instantiate)."""
    if name == "rules":
        from .rules import RulesExtractor

        return RulesExtractor(n_process=n_process)
    if name == "spacy":
        from .statistical import SpacyExtractor

        return SpacyExtractor(model=model, n_process=n_process)
    if name == "oracle":
        from .reference import oracle

        return oracle
    if name == "empty":
        from .reference import empty

        return empty
    if ":" in name:
        module, _, attr = name.partition(":")
        try:
            obj = getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError) as exc:
            raise InputError([Problem("--baseline", "", f"cannot load extractor {name!r}: {exc}")]) from None
        return obj() if isinstance(obj, type) else obj
    raise InputError([Problem("--baseline", "", f"unknown baseline {name!r}; expected one of {', '.join(BASELINES)} or module:attribute")])


# --- validation ----------------------------------------------------------------------------

_VALIDATOR = None


def schema_problems(pred: Prediction, where: str = "<predictions>", line: int | None = None) -> list[Problem]:
    """Problems of one predictions line under ``schema/predictions.schema.json`` (empty if valid)."""
    global _VALIDATOR
    if _VALIDATOR is None:
        from importlib import resources

        import jsonschema

        schema = json.loads((resources.files("mil2mil.schema") / "predictions.schema.json").read_text(encoding="utf-8"))
        _VALIDATOR = jsonschema.Draft202012Validator(schema)
    from mil2mil.errors import json_pointer

    return [Problem(where, json_pointer(list(e.absolute_path)), e.message, line)
            for e in sorted(_VALIDATOR.iter_errors(pred), key=lambda e: list(map(str, e.absolute_path)))]
