"""What a first-time user meets: standard input, clean numbers, headers, help, messages, pipes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mil2mil.errors import Problem
from mil2mil.gold import load_gold
from mil2mil.scoring import gold_to_predictions
from mil2mil.scoring.report import clean, clean_json

from scoring_fixtures import run_cli, write_jsonl


def _mil2mil(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mil2mil", *args], input=stdin, capture_output=True, text=True,
                          check=False)


def _oracle(tmp_path: Path, drop_every: int = 0) -> Path:
    rows = [gold_to_predictions(d) for d in load_gold()]
    if drop_every:
        for r in rows:
            r["mentions"] = r["mentions"][::drop_every]
            r["timexes"] = r["timexes"][1:]
    return write_jsonl(tmp_path / "p.jsonl", rows)


def test_score_reads_standard_input(tmp_path: Path) -> None:
    path = _oracle(tmp_path, 3)
    from_file = _mil2mil("score", str(path), "--format", "json")
    from_stdin = _mil2mil("score", "-", "--format", "json", stdin=path.read_text(encoding="utf-8"))
    assert from_file.returncode == from_stdin.returncode == 0, from_stdin.stderr
    a, b = json.loads(from_file.stdout), json.loads(from_stdin.stdout)
    assert b.pop("predictions") == "<stdin>"
    a.pop("predictions")
    assert a == b
    bad = _mil2mil("score", "-", stdin='{"doc_id": "kuna"}\n')
    assert bad.returncode == 2 and bad.stderr.startswith("error: <stdin>:1: /doc_id: unknown doc_id 'kuna'")


def _floats(o: Any) -> list[float]:
    if isinstance(o, float):
        return [o]
    if isinstance(o, dict):
        return [x for v in o.values() for x in _floats(v)]
    if isinstance(o, list):
        return [x for v in o for x in _floats(v)]
    return []


def test_no_float_noise_in_json_and_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert clean(0.1 + 0.2) == 0.3 and repr(clean(2 / 3)) == "0.666666666666667"
    assert clean_json({"a": [0.1 + 0.2, 1, None, "x"]}) == {"a": [0.3, 1, None, "x"]}
    path = str(_oracle(tmp_path, 2))
    code, out, _ = run_cli(["score", path, "--format", "json", "--bootstrap", "50"], capsys)
    assert code == 0
    values = _floats(json.loads(out))
    assert values and all(len(re.sub(r"^0\.|[.-]|e.*$", "", repr(v)).lstrip("0")) <= 15 for v in values)
    code, out, _ = run_cli(["score", path, "--format", "csv"], capsys)
    cells = [c for line in out.splitlines()[1:] for c in line.split(",") if re.fullmatch(r"-?\d+\.\d+(e-?\d+)?", c)]
    assert cells and all(repr(clean(float(c))) == c for c in cells)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_per_document_rows_are_headed_doc_id(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, out, _ = run_cli(["score", str(_oracle(tmp_path)), "--layer", "roles", "--per-doc", "--format", fmt], capsys)
    assert code == 0
    header = [line for line in out.splitlines() if "doc_id" in line]
    assert len(header) == 1 and re.match(r"\|? ?metric +\|? ?doc_id", header[0]), out
    assert out.index("doc_id") < out.index("kuna-2023-12-22")


def test_format_option_is_explained() -> None:
    out = _mil2mil("score", "--help").stdout
    text = " ".join(out.split())
    assert "--format {text,json,markdown,csv}" in text
    for name in ("text (", "json (", "markdown (", "csv ("):
        assert name in text, name


def test_messages_have_no_placeholder_pointer() -> None:
    assert str(Problem("f.jsonl", "", "invalid JSON", 3)) == "f.jsonl:3: invalid JSON"
    assert str(Problem("f.jsonl", "/doc_id", "bad", 3)) == "f.jsonl:3: /doc_id: bad"


def test_unknown_doc_id_names_the_valid_ones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_jsonl(tmp_path / "p.jsonl", [{"doc_id": "kuna-2023-12-22"}])
    code, _, err = run_cli(["score", str(path)], capsys)
    assert code == 2
    for d in load_gold():
        assert d["doc_id"] in err


def test_errors_piped_into_head_still_exit_2(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "p.jsonl", [{"doc_id": f"nope-{i}"} for i in range(3000)])
    shell = f'"{sys.executable}" -m mil2mil score "{path}" 2>&1 | head -n 1; echo "status=${{PIPESTATUS[0]}}"'
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, check=False)
    lines = done.stdout.splitlines()
    assert lines[0].startswith("error: ") and lines[-1] == "status=2", done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_option_errors_name_the_option_only(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run_cli(["score", str(_oracle(tmp_path)), "--overlap", "2"], capsys)
    assert code == 2 and err == "error: --overlap: must be a number within [0, 1], got 2.0\n"
    assert str(Problem("", "--seed", "bad")) == "--seed: bad"
