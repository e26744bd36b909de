"""The benchmark script runs at a small size (a smoke test: no timing assertions)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_scorer.py"


def test_benchmark_smoke() -> None:
    out = subprocess.run([sys.executable, str(BENCH), "--docs", "200"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "bare parsing" in out.stdout and "nervaluate" in out.stdout and "x bare parsing" in out.stdout
