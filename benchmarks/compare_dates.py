"""Date normalization: the rules baseline's resolver against Microsoft Recognizers-Text.

Runs both on the sentences of ``mil2mil.baselines.date_cases.DATE_CASES`` (each with its
DCT) and prints, per system, the accuracy of the TIMEX3 value of the expected expression and
the mean time per sentence. Recognizers-Text (``recognizers-text-suite``, last released 2019,
needs ``emoji<2``) is not a project dependency: install it into a separate virtual
environment and pass its interpreter::

    python3 -m venv /tmp/rt-venv && /tmp/rt-venv/bin/pip install recognizers-text-suite "emoji<2"
    python benchmarks/compare_dates.py --rt-python /tmp/rt-venv/bin/python

Recognizers-Text is scored twice: ``strict`` compares its TIMEX value; ``lenient`` also
accepts any of its resolved candidate values (it gives the past and the future reading of
an underspecified weekday such as ``XXXX-WXX-7``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import time

from mil2mil.baselines.date_cases import DATE_CASES

RT_HELPER = r"""
import datetime, json, sys, time
from recognizers_date_time import recognize_datetime, Culture
cases = json.load(sys.stdin)
recognize_datetime("warm up on Monday", Culture.English, reference=datetime.datetime(2024, 1, 1))
out = []
for sentence, expression, dct in cases:
    t0 = time.perf_counter()
    res = recognize_datetime(sentence, Culture.English, reference=datetime.datetime.fromisoformat(dct))
    took = time.perf_counter() - t0
    found = []
    for r in res:
        vals = r.resolution.get("values", []) if r.resolution else []
        found.append({"text": r.text, "timex": [v.get("timex") for v in vals],
                      "values": [v.get("value") or v.get("start") for v in vals]})
    out.append({"found": found, "seconds": took})
json.dump(out, sys.stdout)
"""


def run_ours() -> tuple[list[str | None], float]:
    from mil2mil.baselines.rules import RulesExtractor

    x = RulesExtractor()
    x.timexes_in("warm up on Monday", dt.date(2024, 1, 1))
    values, total = [], 0.0
    for sentence, expression, dct, _, _ in DATE_CASES:
        t0 = time.perf_counter()
        found = x.timexes_in(sentence, dt.date.fromisoformat(dct))
        total += time.perf_counter() - t0
        values.append(next((t["value"] for t in found if t["text"] == expression), None))
    return values, total / len(DATE_CASES)


def run_rt(python: str) -> tuple[list[tuple[list[str], list[str]]], float]:
    cases = [(s, e, d) for s, e, d, _, _ in DATE_CASES]
    proc = subprocess.run([python, "-c", RT_HELPER], input=json.dumps(cases), capture_output=True, text=True, check=True)
    rows = json.loads(proc.stdout)
    picked = []
    for (_, expression, _), row in zip(cases, rows):
        exp = expression.lower()
        hit = next((f for f in row["found"] if f["text"].lower() == exp), None) \
            or next((f for f in row["found"] if exp in f["text"].lower() or f["text"].lower() in exp), None)
        picked.append(([t for t in hit["timex"] if t], [v for v in hit["values"] if v]) if hit else ([], []))
    return picked, sum(r["seconds"] for r in rows) / len(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rt-python", help="interpreter of a virtual environment with recognizers-text-suite")
    ap.add_argument("--rows", action="store_true", help="print every row")
    args = ap.parse_args(argv)
    ours, ours_t = run_ours()
    rt = rt_t = None
    if args.rt_python:
        rt, rt_t = run_rt(args.rt_python)
    n = len(DATE_CASES)
    ok = sum(v == c[3] for v, c in zip(ours, DATE_CASES))
    print(f"{n} expressions ({sum(c[4] == 'new' for c in DATE_CASES)} not from the articles)")
    print(f"mil2mil rules resolver : {ok}/{n} = {ok / n:.1%} correct, {ours_t * 1000:.2f} ms per sentence (tokenize + match + resolve)")
    if rt is not None:
        strict = sum(c[3] in t for (t, _), c in zip(rt, DATE_CASES))
        lenient = sum(c[3] in t or any(str(v).startswith(c[3]) for v in vs) for (t, vs), c in zip(rt, DATE_CASES))
        print(f"Recognizers-Text       : {strict}/{n} = {strict / n:.1%} strict, {lenient}/{n} = {lenient / n:.1%} lenient, "
              f"{rt_t * 1000:.1f} ms per sentence")
    if args.rows:
        for i, c in enumerate(DATE_CASES):
            extra = f"  RT={rt[i][0]} {rt[i][1]}" if rt is not None else ""
            print(f"{c[2]}  {c[1]!r:22} expected={c[3]:12} ours={ours[i]}{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
