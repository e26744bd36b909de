"""Rules as tables: scheme outcomes, normalization steps, TIMEX3 granularity, counts, signature."""

from __future__ import annotations

import pytest

from mil2mil import __version__
from mil2mil.scoring import SIGNATURE_FIELDS, Signature
from mil2mil.scoring.counts import Counts, SchemeCounts, f1, macro, ratio
from mil2mil.scoring.match import optimal_pairs
from mil2mil.scoring.mentions import SCHEMES, score_mentions
from mil2mil.scoring.normalize import (
    LEADING_ARTICLES, NORMALIZATION_STEPS, normalize_name, timex_granularity, timex_partial_credit,
)


@pytest.mark.parametrize("gold, pred, scheme, expected", [
    # identical span and type: correct everywhere
    ((0, 5, "PER"), (0, 5, "PER"), "strict", "cor"),
    ((0, 5, "PER"), (0, 5, "PER"), "partial", "cor"),
    # identical span, wrong type
    ((0, 5, "PER"), (0, 5, "ORG"), "strict", "inc"),
    ((0, 5, "PER"), (0, 5, "ORG"), "exact", "cor"),
    ((0, 5, "PER"), (0, 5, "ORG"), "partial", "cor"),
    ((0, 5, "PER"), (0, 5, "ORG"), "type", "inc"),
    # overlap, right type
    ((0, 5, "PER"), (1, 5, "PER"), "strict", "inc"),
    ((0, 5, "PER"), (1, 5, "PER"), "exact", "inc"),
    ((0, 5, "PER"), (1, 5, "PER"), "partial", "par"),
    ((0, 5, "PER"), (1, 5, "PER"), "type", "cor"),
    # overlap, wrong type
    ((0, 5, "PER"), (1, 5, "ORG"), "type", "inc"),
    ((0, 5, "PER"), (1, 5, "ORG"), "partial", "par"),
])
def test_scheme_outcomes(gold, pred, scheme, expected):
    out = score_mentions([gold], [pred], 0.0)[scheme]
    total = [sum(v[i] for v in out.values()) for i in range(5)]
    assert total == [expected == k for k in ("cor", "inc", "par", "mis", "spu")]


def test_scheme_table_is_complete():
    keys = {(a, b) for a in (True, False) for b in (True, False)}
    for scheme, table in SCHEMES.items():
        assert set(table) == keys, scheme
        assert table[(True, True)] == "cor"


def test_disjoint_spans_are_missed_and_spurious():
    out = score_mentions([(0, 3, "PER")], [(5, 8, "PER")], 0.0)["strict"]
    assert out == {"PER": [0, 0, 0, 1, 1]}


@pytest.mark.parametrize("overlap, outcome", [(0.0, [0, 0, 1, 0, 0]), (0.5, [0, 0, 0, 1, 1])])
def test_overlap_threshold(overlap, outcome):
    # IoU of [0,10) and [8,12) is 2/12
    assert score_mentions([(0, 10, "PER")], [(8, 12, "PER")], overlap)["partial"]["PER"] == outcome


@pytest.mark.parametrize("raw, expected", [
    ("The U.S. Joint Chiefs of Staff", "us joint chiefs of staff"),
    ("  Liu   Zhenli ", "liu zhenli"),
    ("China's", "china"),
    ("Défense", "defense"),
    ("an Army", "army"),
    ("A", "a"),
    ("the", "the"),
    ("Anthony", "anthony"),
    ("Joint-Staff Department", "joint staff department"),
    ("ＵＳ", "us"),
])
def test_normalization_table(raw, expected):
    assert normalize_name(raw) == expected


def test_normalization_steps_have_unique_names():
    names = [n for n, _, _ in NORMALIZATION_STEPS]
    assert len(names) == len(set(names))
    assert LEADING_ARTICLES == ("the", "a", "an")


@pytest.mark.parametrize("value, gran", [
    ("2023-12-21", "day"), ("2023-12", "month"), ("2023", "year"), ("2023-W51", "week"),
    ("2023-12-21T10:30", "minute"), ("2023-12-21T10", "hour"), ("202", "decade"), ("20", "century"),
    ("2023-SU", "season"), ("2023-Q4", "quarter"), ("P1Y", None), ("PRESENT_REF", None),
])
def test_granularity_table(value, gran):
    assert timex_granularity(value) == gran


@pytest.mark.parametrize("gold, pred, credit", [
    ("2023-12-21", "2023-12-21", 1.0),
    ("2023-12-21", "2023-12", 0.5),
    ("2023-12", "2023-12-21", 0.5),
    ("2023-12-21", "2023", 0.25),
    ("2023-12-21", "202", 0.0),
    ("2023-12-21", "2023-11", 0.0),
    ("2023-12-21", "2023-12-22", 0.0),
    ("P1Y", "P1Y", 1.0),
    ("P1Y", "P2Y", 0.0),
])
def test_partial_credit_table(gold, pred, credit):
    assert timex_partial_credit(gold, pred) == credit


def test_counts_none_rule_and_addition():
    assert ratio(0, 0) is None
    assert Counts().metrics() == {"precision": None, "recall": None, "f1": None}
    # nothing predicted against existing gold: precision undefined, recall and F1 are 0
    assert Counts(0, 0, 3).metrics() == {"precision": None, "recall": 0.0, "f1": 0.0}
    assert Counts(0, 3, 0).metrics() == {"precision": 0.0, "recall": None, "f1": 0.0}
    assert f1(0.0, 0.0) == 0.0
    assert Counts(1, 2, 3) + Counts(4, 5, 6) == Counts(5, 7, 9)
    assert SchemeCounts(1, 0, 2, 0, 0).precision() == pytest.approx(2 / 3)
    assert macro({"A": Counts(1, 0, 0), "B": Counts(0, 0, 0), "C": Counts(0, 1, 1)})["f1"] == 0.5


@pytest.mark.parametrize("tp,fp,fn", [(a, b, c) for a in range(4) for b in range(4) for c in range(4)])
def test_f1_equals_the_count_formula(tp: int, fp: int, fn: int) -> None:
    """F1 from P and R agrees with 2tp / (2tp + fp + fn), n/a only with nothing compared."""
    expected = None if 2 * tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)
    got = Counts(tp, fp, fn).metrics()["f1"]
    assert got == pytest.approx(expected) if expected is not None else got is None


def test_matcher_prefers_levels_lexicographically():
    # gold 0 can pair with pred 0 (exact) or pred 1; gold 1 only with pred 0
    pairs = [(0, 0, (1, 0)), (0, 1, (0, 1)), (1, 0, (0, 1))]
    assert optimal_pairs(2, 2, pairs, (1, 1)) == [(0, 0)]
    pairs = [(0, 0, (0, 1)), (0, 1, (0, 1)), (1, 0, (0, 1))]
    assert optimal_pairs(2, 2, pairs, (1, 1)) == [(0, 1), (1, 0)]


def test_signature_keys_unique_and_version_last():
    shorts = [s for _, s, _ in SIGNATURE_FIELDS]
    assert len(shorts) == len(set(shorts))
    assert SIGNATURE_FIELDS[-1][0] == "version"


def test_signature_string():
    sig = Signature(layer="mentions", scheme="strict", overlap=0.5, match="grounded", average="micro",
                    bootstrap=1000, seed=12345, data="0.1.0+sha.0123456789ab")
    assert str(sig) == ("mil2mil|layer:mentions|scheme:strict|ovl:0.5|match:grounded|avg:micro|boot:1000"
                        f"|seed:12345|gold:news|data:0.1.0+sha.0123456789ab|version:{__version__}")


def test_each_layer_signature_carries_only_the_fields_that_apply():
    def sig(layer: str, match: str = "grounded", bootstrap: int = 1000) -> str:
        return str(Signature.for_layer(layer, match, scheme="exact", overlap=0.5, average="macro", bootstrap=bootstrap,
                                       seed=7, data="d", ties="te3"))

    v = __version__
    assert sig("mentions") == f"mil2mil|layer:mentions|scheme:exact|ovl:0.5|match:grounded|avg:macro|boot:1000|seed:7|gold:news|data:d|version:{v}"
    assert sig("timexes") == f"mil2mil|layer:timexes|match:grounded|ties:te3|avg:macro|boot:1000|seed:7|gold:news|data:d|version:{v}"
    assert sig("timexes", "ungrounded") == f"mil2mil|layer:timexes|match:ungrounded|avg:macro|boot:1000|seed:7|gold:news|data:d|version:{v}"
    assert sig("entities") == f"mil2mil|layer:entities|match:grounded|boot:1000|seed:7|gold:news|data:d|version:{v}"
    assert sig("entities", "ungrounded") == f"mil2mil|layer:entities|match:ungrounded|avg:macro|boot:1000|seed:7|gold:news|data:d|version:{v}"
    assert sig("roles", bootstrap=0) == f"mil2mil|layer:roles|match:grounded|avg:macro|boot:0|gold:news|data:d|version:{v}"
    assert sig("crossdoc") == f"mil2mil|layer:crossdoc|match:grounded|gold:news|data:d|version:{v}"
    # a setting that cannot change a layer's number does not change its signature
    for layer in ("entities", "roles", "timexes", "meetings", "crossdoc"):
        a = Signature.for_layer(layer, "grounded", scheme="strict", overlap=0.0, average="micro", bootstrap=0, seed=1,
                                data="d", ties="te3")
        b = Signature.for_layer(layer, "grounded", scheme="partial", overlap=0.9, average="micro", bootstrap=0, seed=2,
                                data="d", ties="te3")
        assert str(a) == str(b), layer
