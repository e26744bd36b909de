"""The light commands start without the heavy libraries (checked with ``python -X importtime``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mil2mil.gold import load_gold
from mil2mil.scoring import gold_to_predictions

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_startup.py"
HEAVY = ("datasets", "pyarrow", "pandas", "spacy")


def imported(*args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
            if line.startswith("import time:") and "|" in line}


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["validate"], ["score", "ORACLE"], ["check", "ORACLE"]],
                         ids=["help", "version", "validate", "score", "check"])
def test_light_commands_import_no_heavy_library(args: list[str], tmp_path: Path) -> None:
    oracle = tmp_path / "oracle.jsonl"
    oracle.write_text("".join(json.dumps(gold_to_predictions(d)) + "\n" for d in load_gold()), encoding="utf-8")
    names = imported("-m", "mil2mil", *[str(oracle) if a == "ORACLE" else a for a in args])
    assert "mil2mil.cli" in names  # the measurement works
    top = {n.split(".")[0] for n in names}
    assert not top & set(HEAVY), sorted(top & set(HEAVY))
    if args[0] in ("--help", "--version", "validate"):
        assert "scipy.optimize" not in names and "numpy" not in top


def test_importing_the_scorer_does_not_import_scipy_optimize() -> None:
    code = ("import sys, mil2mil.scoring; from mil2mil.scoring import Options, render, score; "
            "print('mil2mil.scoring.api' in sys.modules, 'scipy.optimize' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False"]


def test_startup_benchmark_smoke() -> None:
    done = subprocess.run([sys.executable, str(BENCH), "--repeat", "1"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "python -c pass" in done.stdout and "mil2mil --help" in done.stdout and "x python -c pass" in done.stdout
