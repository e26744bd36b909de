"""`mil2mil validate` on randomly corrupted copies of the bundled gold: never a traceback.

Every corruption must give a verdict (valid, or problems), each problem one line naming a
pointer; the reported cases (a year 0, a span past the end of the text, a value with a
trailing newline) are tested by name as well.
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest

from mil2mil.cli import main
from mil2mil.validate import validate_file
from tests.conftest import KUNA, PRESSTV

Doc = dict[str, Any]


def _load(dataset: Path, doc_id: str) -> Doc:
    return json.loads((dataset / "gold" / f"{doc_id}.json").read_text(encoding="utf-8"))


def _write(dataset: Path, doc_id: str, doc: Doc) -> Path:
    path = dataset / "gold" / f"{doc_id}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    validated, problems = validate_file(path)
    assert (validated is None) == bool(problems)
    lines = [str(p) for p in problems]
    for line in lines:
        assert "\n" not in line and "\r" not in line, line
        assert line.startswith(f"{path}:"), line
    return lines


# --- the reported cases --------------------------------------------------------------------

@pytest.mark.parametrize("value", ["0000-W01", "0000-01-01", "0000-01", "0000-W01-3", "0000-Q1"])
def test_year_zero_is_a_problem_not_a_crash(dataset_copy: Path, value: str) -> None:
    doc = _load(dataset_copy, KUNA)
    t = next(t for t in doc["timexes"] if t["type"] == "DATE" and t.get("function_in_document") != "CREATION_TIME")
    t["value"] = value
    for mt in doc["meetings"]:
        if mt["date"] and mt["date"]["timex"] == t["id"]:
            mt["date"]["value"] = value
    lines = _problems(_write(dataset_copy, KUNA, doc))
    assert any(f"/value: {value!r}: year 0000" in line for line in lines), lines


@pytest.mark.parametrize("layer", ["mentions", "timexes"])
@pytest.mark.parametrize("past_end", [0, 1, 50])
def test_span_past_the_end_is_reported_once(dataset_copy: Path, layer: str, past_end: int) -> None:
    doc = _load(dataset_copy, KUNA)
    n = len((dataset_copy / doc["text_file"]).read_text(encoding="utf-8"))
    doc[layer][-1]["start"] = n + past_end
    doc[layer][-1]["end"] = n + past_end + 3
    lines = _problems(_write(dataset_copy, KUNA, doc))
    pointer = f"/{layer}/{len(doc[layer]) - 1}:"
    mine = [line for line in lines if pointer in line]
    assert len(mine) == 1 and "is not inside the text" in mine[0], lines


@pytest.mark.parametrize("where", ["timex", "dct", "cross_doc_id", "entity ref"])
def test_a_trailing_newline_is_not_accepted(dataset_copy: Path, where: str, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _load(dataset_copy, KUNA)
    if where == "timex":
        t = next(t for t in doc["timexes"] if t["value"] == "2023-12-22")
        t["value"] += "\n"
    elif where == "dct":
        doc["metadata"]["dct"]["value"] += "\n"
    elif where == "cross_doc_id":
        doc["meetings"][0]["cross_doc_id"] += "\n"
    else:
        doc["meetings"][0]["participants"][0]["entity"] += "\n"
    _write(dataset_copy, KUNA, doc)
    assert main(["validate", str(dataset_copy)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err
    assert "\\n" in err  # the value quoted, its newline escaped
    for line in err.splitlines():
        assert line.startswith("error: ") and "/gold/" in line, err


# --- fuzzing ----------------------------------------------------------------------------

def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, prefix + (i,))
    return out


def _junk(rnd: random.Random, old: Any, n: int) -> Any:
    """A replacement for a value: of another type, out of range, near a boundary, with a
    newline, a year 0, or another value of the document."""
    options: list[Any] = [
        None, True, 0, -1, 1.5, 10**12, "", "x", "\n", [], {}, {"a": 1}, ["E1"],
        n, n + 1, n - 1, n + 40, "0000-01-01", "0000-W01", "0000", "9999-W53", "2023-02-29", "XXXX-WXX-7",
        "P1Y\n", "E1\n", "T1", "MT1", "DCT", "2023-12-22T25:00", "\u2028", "é" * 3,
    ]
    if isinstance(old, str):
        options += [old + "\n", old + " ", " " + old, old.upper(), old[:-1], old * 2]
    if isinstance(old, int) and not isinstance(old, bool):
        options += [old + 1, old - 1, -old, old + n]
    return copy.deepcopy(rnd.choice(options))


def test_validate_never_crashes_on_random_corruptions(dataset_copy: Path) -> None:
    rnd = random.Random(20261203)
    originals = {d: _load(dataset_copy, d) for d in (KUNA, PRESSTV)}
    lengths = {d: len((dataset_copy / originals[d]["text_file"]).read_text(encoding="utf-8")) for d in originals}
    paths = {d: _paths(originals[d])[1:] for d in originals}
    verdicts = {"valid": 0, "problems": 0}
    for case in range(150):
        d = KUNA if case % 2 else PRESSTV
        doc = copy.deepcopy(originals[d])
        for _ in range(rnd.choice((1, 1, 2, 3))):
            path = rnd.choice(paths[d])
            parent = doc
            try:
                for key in path[:-1]:
                    parent = parent[key]
                old = parent[path[-1]]
            except (KeyError, IndexError, TypeError):
                continue  # an earlier edit removed it
            roll = rnd.random()
            if roll < 0.8:
                parent[path[-1]] = _junk(rnd, old, lengths[d])
            elif isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent.append(copy.deepcopy(old))
        lines = _problems(_write(dataset_copy, d, doc))
        verdicts["problems" if lines else "valid"] += 1
    assert verdicts["problems"] > 100, verdicts
