"""The ``llm`` records of a predictions file summed up: prompt, model, decoding mode, the rate
of each parse outcome, tokens and latency — printed next to the scores and, for prompt and
decoding mode, put in the signature."""

from __future__ import annotations

from typing import Any

from mil2mil.errors import Problem

OUTCOMES: tuple[str, ...] = ("valid", "extracted", "failed", "refused", "truncated")
#: Fields every line's record must share.
SHARED: tuple[str, ...] = ("prompt", "model", "decoding")


class RunRecords:
    """Collects the ``llm`` record of each line and checks that the file is one run."""

    def __init__(self, name: str):
        self.name = name
        self.records: list[dict[str, Any]] = []
        self.without: int | None = None  # first line without a record
        self.first: int | None = None

    def add(self, record: dict[str, Any] | None, line: int, problems: list[Problem]) -> None:
        if record is None:
            if self.records and self.without is None:
                problems.append(Problem(self.name, "/llm", f"no `llm` record while line {self.first} has one; "
                                                           "give it on every line or on none", line))
            self.without = self.without or line
            return
        if self.without is not None and not self.records:
            problems.append(Problem(self.name, "/llm", f"an `llm` record while line {self.without} has none; "
                                                       "give it on every line or on none", line))
        if self.records:
            ref = self.records[0]
            for k in SHARED:
                if record.get(k) != ref.get(k):
                    problems.append(Problem(self.name, f"/llm/{k}", f"{record.get(k)!r} differs from line {self.first} "
                                                                    f"({ref.get(k)!r}); one file holds one run", line))
                    return
        else:
            self.first = line
        self.records.append(record)

    def summary(self, absent: int = 0) -> dict[str, Any] | None:
        """The run's summary; ``absent``: documents without a line (scored as empty, counted as failed)."""
        if not self.records:
            return None
        ref = self.records[0]
        n = len(self.records) + absent
        counts = {k: sum(1 for r in self.records if r["outcome"] == k) for k in OUTCOMES}
        counts["failed"] += absent
        lat = [r["latency_ms"] for r in self.records if r.get("latency_ms") is not None]

        def total(key: str) -> int | None:
            vals = [r.get(key) for r in self.records]
            return None if any(v is None for v in vals) else sum(vals)  # type: ignore[arg-type]

        return {
            "prompt": ref["prompt"], "model": ref["model"], "decoding": ref["decoding"], "documents": n,
            "outcomes": counts, "rates": {k: round(v / n, 4) for k, v in counts.items()},
            "dropped_items": sum(r.get("dropped", 0) for r in self.records),
            "prompt_tokens": total("prompt_tokens"), "completion_tokens": total("completion_tokens"),
            "latency_ms_mean": round(sum(lat) / len(lat), 1) if lat else None,
            "latency_ms_max": max(lat) if lat else None,
        }


def summary_line(s: dict[str, Any]) -> str:
    """One line for the text report."""
    rates = ", ".join(f"{k} {s['outcomes'][k]} ({100 * s['rates'][k]:.1f}%)" for k in OUTCOMES)
    tokens = "n/a" if s["prompt_tokens"] is None else f"{s['prompt_tokens']} in / {s['completion_tokens']} out"
    lat = "n/a" if s["latency_ms_mean"] is None else f"{s['latency_ms_mean']:.0f} ms mean, {s['latency_ms_max']:.0f} ms max"
    return (f"llm run: model {s['model']}, prompt {s['prompt']}, decoding {s['decoding']}; {s['documents']} documents: "
            f"{rates}; {s['dropped_items']} item(s) dropped; tokens {tokens}; latency {lat}")
