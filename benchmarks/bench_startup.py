"""Startup time of the command line against a bare interpreter (``python -c pass``).

Each command runs in a fresh process, ``--repeat`` times; the median wall time is printed with
its ratio to ``python -c pass`` measured in the same run, and the heavy libraries each one
imported (read from ``python -X importtime``). ``score`` scores the oracle predictions of the
bundled gold, ``validate`` the bundled gold.

    python benchmarks/bench_startup.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: Libraries no light command may import (see tests/test_startup.py).
HEAVY = ("datasets", "pyarrow", "pandas", "spacy", "sklearn", "scipy.optimize")


def _time(cmd: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def imported(cmd: list[str]) -> set[str]:
    """Top-level module names (and ``scipy.optimize``) that ``cmd`` imports."""
    done = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], capture_output=True, text=True, check=True)
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            names.add(name)
    return names


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        from mil2mil.gold import load_gold
        from mil2mil.scoring import gold_to_predictions

        pred = Path(tmp) / "oracle.jsonl"
        pred.write_text("".join(json.dumps(gold_to_predictions(d)) + "\n" for d in load_gold()), encoding="utf-8")
        commands = {
            "python -c pass": [py, "-c", "pass"],
            "mil2mil --help": [py, "-m", "mil2mil", "--help"],
            "mil2mil --version": [py, "-m", "mil2mil", "--version"],
            "mil2mil validate": [py, "-m", "mil2mil", "validate"],
            "mil2mil score (oracle)": [py, "-m", "mil2mil", "score", str(pred)],
            "import mil2mil.scoring": [py, "-c", "import mil2mil.scoring"],
        }
        base = None
        for label, cmd in commands.items():
            t = _time(cmd, args.repeat)
            base = base or t
            heavy = sorted(h for h in HEAVY if h in imported(cmd))
            ratio = "" if label == "python -c pass" else f" = {t / base:5.1f}x python -c pass"
            print(f"{label:28s} {t * 1000:7.0f} ms{ratio}   heavy imports: {', '.join(heavy) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
