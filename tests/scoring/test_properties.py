"""Property-based tests (derandomized, so CI is deterministic): invariance, monotonicity, bounds."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from mil2mil.scoring.coref import score_clusters
from mil2mil.scoring.counts import SchemeCounts
from mil2mil.scoring.gold_source import prepare_gold
from mil2mil.scoring.layers import score_mentions_doc
from mil2mil.scoring.mentions import SCHEME_NAMES
from mil2mil.scoring.predictions import PredDoc

TYPES = ("PER", "ORG", "GPE")
span = st.tuples(st.integers(0, 40), st.integers(1, 8), st.sampled_from(TYPES)).map(lambda t: (t[0], t[0] + t[1], t[2]))
spans = st.lists(span, max_size=12)
SETTINGS = settings(derandomize=True, max_examples=150, deadline=None)


def gold_of(gold_spans):
    doc = {"doc_id": "d", "entities": [{"id": f"E{i}", "type": t, "canonical_name": "x"} for i, (_, _, t) in enumerate(gold_spans)],
           "mentions": [{"id": f"M{i}", "start": s, "end": e, "text": "x", "type": t, "form": "NAM", "entity": f"E{i}"}
                        for i, (s, e, t) in enumerate(gold_spans)],
           "roles": [], "timexes": [], "meetings": []}
    return prepare_gold(doc, " " * 60)


def pred_of(pred_spans):
    return PredDoc("d", 1, {"mentions": [{"start": s, "end": e, "type": t} for s, e, t in pred_spans]})


def totals(gold_spans, pred_spans, overlap=0.0):
    res = score_mentions_doc(gold_of(gold_spans), pred_of(pred_spans), overlap)
    return {s: SchemeCounts.from_tuple([sum(v[i] for v in res[s].values()) for i in range(5)]) for s in SCHEME_NAMES}


@SETTINGS
@given(spans, spans, st.randoms(use_true_random=False), st.sampled_from([0.0, 0.3, 0.7]))
def test_permutation_invariance(g, p, rnd, ovl):
    a = score_mentions_doc(gold_of(g), pred_of(p), ovl)
    g2, p2 = list(g), list(p)
    rnd.shuffle(g2)
    rnd.shuffle(p2)
    assert score_mentions_doc(gold_of(g2), pred_of(p2), ovl) == a


@SETTINGS
@given(spans, spans, st.sampled_from([0.0, 0.5]))
def test_bounds_and_conservation(g, p, ovl):
    for scheme, c in totals(g, p, ovl).items():
        assert c.possible == len(g) and c.actual == len(p), scheme
        for v in c.metrics().values():
            assert v is None or 0.0 <= v <= 1.0


@SETTINGS
@given(spans, spans)
def test_adding_a_perfect_prediction_never_hurts_recall(g, p):
    if not g:
        return
    before = totals(g, p)["strict"]
    after = totals(g, p + [g[0]])["strict"]
    assert after.cor >= before.cor
    assert (after.recall() or 0) >= (before.recall() or 0)


@SETTINGS
@given(spans, spans)
def test_strict_cor_never_exceeds_exact_and_partial(g, p):
    t = totals(g, p)
    assert t["strict"].cor <= t["exact"].cor <= t["partial"].cor + t["partial"].par
    assert t["strict"].cor <= t["type"].cor


clusterings = st.lists(st.integers(0, 5), min_size=1, max_size=15)


@SETTINGS
@given(clusterings, clusterings, st.randoms(use_true_random=False))
def test_coref_bounds_identity_and_order(a, b, rnd):
    def to_clusters(labels):
        groups = {}
        for m, lab in enumerate(labels):
            groups.setdefault(lab, set()).add(m)
        return [frozenset(v) for v in groups.values()]

    key, resp = to_clusters(a), to_clusters(b)
    res = score_clusters(key, resp)
    for name, fr in res.items():
        for v in fr.metrics().values():
            assert v is None or -1e-12 <= v <= 1 + 1e-12, name
    shuffled = list(resp)
    rnd.shuffle(shuffled)
    assert {k: v.metrics() for k, v in score_clusters(key, shuffled).items()} == {k: v.metrics() for k, v in res.items()}
    same = score_clusters(key, key)
    for name, fr in same.items():
        assert all(v in (1.0, None) for v in fr.metrics().values()), name


def test_random_shards_merge_by_addition():
    rng = random.Random(5)
    docs = []
    for _ in range(20):
        g = sorted({(s, s + rng.randint(1, 4), rng.choice(TYPES)) for s in rng.sample(range(40), 5)})
        p = sorted({(s, s + rng.randint(1, 4), rng.choice(TYPES)) for s in rng.sample(range(40), 5)})
        docs.append((g, p))
    whole = SchemeCounts()
    for g, p in docs:
        whole += totals(g, p)["partial"]
    halves = SchemeCounts()
    for part in (docs[:7], docs[7:]):
        acc = SchemeCounts()
        for g, p in part:
            acc += totals(g, p)["partial"]
        halves += acc
    assert whole == halves
