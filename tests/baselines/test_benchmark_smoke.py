"""The baseline throughput benchmark runs at a small size (a smoke test: no timing assertions)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_baselines.py"


def test_baseline_benchmark_smoke() -> None:
    out = subprocess.run([sys.executable, str(BENCH), "--docs", "10", "--model-docs", "2", "--repeat", "1"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    for line in ("blank tokenizer + sentencizer", "rules baseline", "nlp.pipe", "spacy baseline", "CPU check",
                 "n_process=1", "n_process=2"):
        assert line in out.stdout
    assert out.stdout.count("ratio (a)") == 2 and out.stdout.count("ratio (b)") == 2
