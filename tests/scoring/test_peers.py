"""Seeded comparison with independent implementations, and regressions for nervaluate's defects.

- mention counts vs ``nervaluate`` (strict, exact) and ``seqeval`` (strict IOB2) on random span
  sets where the definitions coincide (no nesting; each prediction overlaps at most one gold
  span and vice versa);
- MUC, B³ and CEAF-e vs ``scorch`` on random clusterings (including different mention sets);
- LEA vs a direct transcription of Moosavi & Strube (2016) below (``scorch`` has no LEA).
"""

from __future__ import annotations

import random

import pytest
from nervaluate import Evaluator
from scorch import scores as scorch
from seqeval.metrics import classification_report
from seqeval.scheme import IOB2

from mil2mil.scoring.coref import b_cubed, ceaf_e, lea, muc
from mil2mil.scoring.mentions import score_mentions

TYPES = ("PER", "ORG", "GPE")


def random_coinciding(rng: random.Random, n_tokens: int = 60) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """Non-nested gold spans; predictions copy, shift, retype, drop or add spans so that
    every prediction overlaps at most one gold span and every gold span at most one prediction."""
    gold, pred = [], []
    pos = 0
    while pos < n_tokens - 6:
        pos += rng.randint(2, 4)
        length = rng.randint(1, 3)
        s, e, t = pos, pos + length, rng.choice(TYPES)
        gold.append((s, e, t))
        r = rng.random()
        if r < 0.4:
            pred.append((s, e, t))
        elif r < 0.55:
            pred.append((s, e, rng.choice(TYPES)))
        elif r < 0.7:
            pred.append((s, e + 1, t))  # one token longer, into the gap
        elif r < 0.8:
            pred.append((s, e + 1, rng.choice(TYPES)))
        # else: missed
        pos = e + 2
        if rng.random() < 0.1:
            pred.append((pos, pos + 1, rng.choice(TYPES)))  # spurious in the gap
            pos += 2
    return sorted(gold), sorted(pred)


def ours(gold, pred, scheme):
    out = score_mentions(gold, pred, 0.0)[scheme]
    return [sum(v[i] for v in out.values()) for i in range(5)]


@pytest.mark.parametrize("seed", range(40))
def test_mentions_equal_nervaluate_strict_and_exact(seed: int) -> None:
    rng = random.Random(seed)
    docs = [random_coinciding(rng) for _ in range(5)]
    true = [[{"label": t, "start": s, "end": e - 1} for s, e, t in g] for g, _ in docs]
    pred = [[{"label": t, "start": s, "end": e - 1} for s, e, t in p] for _, p in docs]
    res = Evaluator(true, pred, tags=list(TYPES)).evaluate()["overall"]
    for scheme in ("strict", "exact"):
        r = res[scheme]
        mine = [sum(x) for x in zip(*(ours(g, p, scheme) for g, p in docs))]
        assert mine == [r.correct, r.incorrect, r.partial, r.missed, r.spurious], scheme


def to_iob2(spans: list[tuple[int, int, str]], n: int) -> list[str]:
    tags = ["O"] * n
    for s, e, t in spans:
        tags[s] = f"B-{t}"
        for i in range(s + 1, e):
            tags[i] = f"I-{t}"
    return tags


@pytest.mark.parametrize("seed", range(40))
def test_strict_counts_equal_seqeval_iob2(seed: int) -> None:
    rng = random.Random(1000 + seed)
    docs = [random_coinciding(rng) for _ in range(5)]
    y_true = [to_iob2(g, 70) for g, _ in docs]
    y_pred = [to_iob2(p, 70) for _, p in docs]
    rep = classification_report(y_true, y_pred, mode="strict", scheme=IOB2, output_dict=True, zero_division=0)
    tot = [sum(x) for x in zip(*(ours(g, p, "strict") for g, p in docs))]
    cor, inc, par, mis, spu = tot
    n_gold, n_pred = cor + inc + par + mis, cor + inc + par + spu
    assert rep["micro avg"]["support"] == n_gold
    if n_pred:
        assert rep["micro avg"]["precision"] == pytest.approx(cor / n_pred, abs=1e-12)
    if n_gold:
        assert rep["micro avg"]["recall"] == pytest.approx(cor / n_gold, abs=1e-12)


def random_clustering(rng: random.Random, mentions: list[int]) -> list[frozenset[int]]:
    k = rng.randint(1, max(1, len(mentions) // 2))
    groups: dict[int, set[int]] = {}
    for m in mentions:
        groups.setdefault(rng.randrange(k), set()).add(m)
    return [frozenset(g) for g in groups.values()]


@pytest.mark.parametrize("seed", range(60))
def test_coref_equals_scorch(seed: int) -> None:
    rng = random.Random(seed)
    universe = list(range(rng.randint(3, 25)))
    key_m = [m for m in universe if rng.random() < 0.9]
    resp_m = [m for m in universe if rng.random() < 0.8]
    if not key_m or not resp_m:
        return
    key, resp = random_clustering(rng, key_m), random_clustering(rng, resp_m)
    ks, rs = [set(c) for c in key], [set(c) for c in resp]
    for mine, theirs in ((b_cubed, scorch.b_cubed), (ceaf_e, scorch.ceaf_e)):
        m = mine(key, resp).metrics()
        r, p, f = theirs(ks, rs)
        assert (m["recall"], m["precision"], m["f1"]) == pytest.approx((r, p, f), abs=1e-12)
    if not (all(len(k) == 1 for k in key) or all(len(r) == 1 for r in resp)):
        m = muc(key, resp).metrics()
        r, p, f = scorch.muc(ks, rs)
        assert (m["recall"], m["precision"]) == pytest.approx((r, p), abs=1e-12)
        if r + p > 0:
            assert m["f1"] == pytest.approx(f, abs=1e-12)


def lea_reference(key: list[set[int]], resp: list[set[int]]) -> tuple[float, float]:
    """LEA straight from the paper: importance |k|, resolution = common links / links."""
    def link(n: int) -> int:
        return n * (n - 1) // 2

    def side(a: list[set[int]], b: list[set[int]]) -> float:
        num = 0.0
        for k in a:
            if len(k) == 1:
                res = 1.0 if any(k == r for r in b) else 0.0
            else:
                res = sum(link(len(k & r)) for r in b) / link(len(k))
            num += len(k) * res
        return num / sum(len(k) for k in a)

    return side(key, resp), side(resp, key)


@pytest.mark.parametrize("seed", range(40))
def test_lea_equals_reference(seed: int) -> None:
    rng = random.Random(seed)
    universe = list(range(rng.randint(2, 20)))
    key = random_clustering(rng, [m for m in universe if rng.random() < 0.9] or [0])
    resp = random_clustering(rng, [m for m in universe if rng.random() < 0.8] or [1])
    r, p = lea_reference([set(c) for c in key], [set(c) for c in resp])
    m = lea(key, resp).metrics()
    assert (m["recall"], m["precision"]) == pytest.approx((r, p), abs=1e-12)


# --- regressions: nervaluate's known failures -------------------------------------------

def test_no_order_dependence_or_double_counting() -> None:
    # one prediction overlapping two gold spans: greedy scorers credit it twice or by order
    gold = [(0, 5, "PER"), (6, 10, "PER")]
    pred = [(3, 8, "PER")]
    out = ours(gold, pred, "partial")
    assert out == [0, 0, 1, 1, 0]  # one partial, one missed; the prediction is used once
    # and the result does not depend on the order in which the gold spans are listed
    assert score_mentions(gold, pred, 0.0) == score_mentions(sorted(gold, reverse=True)[::-1], pred, 0.0)


def test_exact_match_preferred_over_earlier_overlap() -> None:
    gold = [(0, 10, "ORG"), (0, 4, "ORG")]
    pred = [(0, 4, "ORG"), (0, 9, "ORG")]
    assert ours(sorted(gold), sorted(pred), "strict") == [1, 1, 0, 0, 0]


def test_per_type_sums_to_overall_with_type_confusion() -> None:
    gold = [(0, 5, "PER"), (6, 9, "ORG")]
    pred = [(0, 5, "ORG"), (6, 9, "ORG"), (12, 14, "GPE")]
    for scheme in ("strict", "exact", "partial", "type"):
        per_type = score_mentions(gold, pred, 0.0)[scheme]
        total = ours(gold, pred, scheme)
        assert total == [sum(v[i] for v in per_type.values()) for i in range(5)]
        assert sum(total[:3]) + total[4] == len(pred) and sum(total[:4]) == len(gold)


def test_partial_credit_survives_merging_documents() -> None:
    docs = [([(0, 5, "PER")], [(1, 5, "PER")]), ([(0, 3, "ORG")], [(0, 3, "ORG")])]
    merged = [sum(x) for x in zip(*(ours(g, p, "partial") for g, p in docs))]
    assert merged == [1, 0, 1, 0, 0]
    from mil2mil.scoring.counts import SchemeCounts

    assert SchemeCounts.from_tuple(merged).precision() == pytest.approx(0.75)
