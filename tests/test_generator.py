"""Tests of the constructed-corpus generator: determinism, validity, tags, held-out families, CLI."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mil2mil.cli import main
from mil2mil.generator import DEFAULTS, generate_split
from mil2mil.generator.build import Pools
from mil2mil.generator.pools import COUNTRIES, NAME_POOLS, OUTLETS, TOPIC_PHRASES
from mil2mil.generator.report import held_out, tag_counts
from mil2mil.generator.report import sentences as report_sentences
from mil2mil.generator.templates import TEMPLATES
from mil2mil.gold import load_gold
from mil2mil.phenomena import GENERATED_TAGS, TAGS
from mil2mil.validate import schema_problems, semantic_problems, validate_paths

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def problems(gold: dict, text: str) -> list[tuple[str, str]]:
    found = list(schema_problems(gold))
    if not found:
        found = list(semantic_problems(gold, text, hashlib.sha256(text.encode("utf-8")).hexdigest()))
    return found


@pytest.fixture(scope="module")
def test_split() -> list[tuple[dict, str]]:
    return list(generate_split("test"))


def _digest(split: str, docs: int, seed: int | None) -> str:
    from mil2mil.generator.report import split_digest

    return split_digest(generate_split(split, docs, seed))


def test_same_bytes_in_two_processes_with_different_hash_seeds() -> None:
    code = ("import sys; from tests.test_generator import _digest; "
            "print(_digest('validation', 25, None), _digest('train', 25, 7))")
    root = Path(__file__).resolve().parent.parent
    outs = []
    for hash_seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        outs.append(subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True,
                                   text=True, check=True).stdout)
    assert outs[0] == outs[1]
    assert outs[0].split() == [_digest("validation", 25, None), _digest("train", 25, 7)]


def test_seed_and_split_change_the_documents() -> None:
    assert _digest("test", 5, 1) != _digest("test", 5, 2)
    assert _digest("test", 5, None) != _digest("validation", 5, None)


def test_a_prefix_of_the_released_split_is_the_released_split_truncated(test_split) -> None:
    assert [g["doc_id"] for g, _ in generate_split("test", docs=30)] == [g["doc_id"] for g, _ in test_split[:30]]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(split=st.sampled_from(["train", "validation", "test"]), seed=st.integers(0, 2**40))
def test_every_generated_document_validates(split: str, seed: int) -> None:
    for gold, text in generate_split(split, docs=12, seed=seed):
        assert problems(gold, text) == [], gold["doc_id"]
        meta = gold["metadata"]
        assert meta["constructed"] is True and meta["collection"] == "constructed"
        assert meta["generator"]["split"] == split and meta["generator"]["seed"] == seed


def test_released_sizes_and_validity(test_split) -> None:
    assert len(test_split) == DEFAULTS["test"][0] >= 1000
    assert DEFAULTS["validation"][0] >= 300
    # every document of the released splits is validated by `mil2mil export` before it is
    # published; here a sample keeps the suite fast
    bad = [(g["doc_id"], p) for g, t in test_split[::20] for p in problems(g, t)]
    assert bad == []
    words = [len(t.split()) for _, t in test_split]
    assert min(words) >= 80 and max(words) <= 400
    assert all(1 <= len(g["meetings"]) <= 5 for g, _ in test_split)


def test_tag_vocabulary_is_well_covered_in_test(test_split) -> None:
    counts = tag_counts(g for g, _ in test_split)
    assert set(counts) <= set(TAGS)
    assert len(GENERATED_TAGS) >= 25
    thin = {tag: counts[tag] for tag in GENERATED_TAGS if counts[tag] < 30}
    assert thin == {}


def test_cross_document_clusters(test_split) -> None:
    reports: dict[str, list[dict]] = {}
    for gold, _ in test_split:
        for mt in gold["meetings"]:
            if mt["cross_doc_id"]:
                reports.setdefault(mt["cross_doc_id"], []).append(gold)
    clusters = {k: v for k, v in reports.items() if len(v) > 1}
    assert len(clusters) >= 100
    for docs in clusters.values():
        assert 2 <= len(docs) <= 6
        assert len({d["metadata"]["dct"]["value"] for d in docs}) == len(docs)
        assert len({d["metadata"]["publisher"] for d in docs}) == len(docs)


def test_dcts_spread_over_years_weekdays_and_leap_days(test_split) -> None:
    dcts = [dt.date.fromisoformat(g["metadata"]["dct"]["value"]) for g, _ in test_split]
    assert len({d.year for d in dcts}) >= 15
    assert {d.weekday() for d in dcts} == set(range(7))
    assert any((d.month, d.day) == (2, 29) for d in dcts)
    assert any(d.month == 1 and d.day <= 3 for d in dcts) and any(d.day == 1 for d in dcts)


def _timexes(test_split, tag):
    for gold, text in test_split:
        dct = dt.date.fromisoformat(gold["metadata"]["dct"]["value"])
        for t in gold["timexes"]:
            if tag in t.get("tags", ()):
                assert text[t["start"]:t["end"]] == t["text"]
                yield t, dct


def test_spot_check_dates(test_split) -> None:
    n = Counter()
    for t, dct in _timexes(test_split, "date.weekday.past"):
        day = dt.date.fromisoformat(t["value"])
        assert t["text"] in WEEKDAYS and WEEKDAYS[day.weekday()] == t["text"]
        assert 0 <= (dct - day).days <= 6
        n["past"] += 1
    for t, dct in _timexes(test_split, "date.weekday.future"):
        day = dt.date.fromisoformat(t["value"])
        assert t["text"] in WEEKDAYS and 1 <= (day - dct).days <= 6
        n["future"] += 1
    for t, dct in _timexes(test_split, "date.yesterday"):
        assert t["text"].lower() == "yesterday" and t["value"] == (dct - dt.timedelta(days=1)).isoformat()
    for t, dct in _timexes(test_split, "date.last-week"):
        # Sunday-start weeks: on a Sunday "last week" is the ISO week holding the DCT (guidelines 4)
        ref = dct if dct.weekday() == 6 else dct - dt.timedelta(days=7)
        year, week, _ = ref.isocalendar()
        assert t["text"].lower() == "last week" and t["value"] == f"{year}-W{week:02d}"
        n["last-week"] += 1
    for t, dct in _timexes(test_split, "date.ago"):
        words, unit, ago = t["text"].split()
        assert (unit, ago) == ("days", "ago")
        assert (dct - dt.timedelta(days=["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"].index(words) + 2)).isoformat() == t["value"]
    for t, dct in _timexes(test_split, "date.crosses-year"):
        assert int(t["value"][:4]) != dct.year and t["anchor"] == "DCT"
    for t, dct in _timexes(test_split, "date.leap-day"):
        assert t["value"].endswith("-02-29")
    for t, dct in _timexes(test_split, "date.abbrev-month"):
        assert t["text"].split()[0] in {"Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."}
    for t, dct in _timexes(test_split, "date.dateline"):
        assert t["value"] == dct.isoformat()
    assert n["past"] >= 30 and n["future"] >= 30 and n["last-week"] >= 30


def test_spot_check_other_tags(test_split) -> None:
    for gold, text in test_split:
        entities = {e["id"]: e for e in gold["entities"]}
        participants = {p["entity"] for mt in gold["meetings"] for p in mt["participants"]}
        for m in gold["mentions"]:
            tags = m.get("tags", ())
            if "coref.pronoun" in tags:
                assert m["form"] == "PRO" and m["text"].lower() in {"he", "she"}
            if "coref.nominal" in tags:
                assert m["form"] == "NOM" and m["text"].lower().startswith("the ")
            if "name.variant" in tags:
                assert m["form"] == "NAM" and m["text"] != entities[m["entity"]]["canonical_name"]
                assert m["text"] in entities[m["entity"]]["canonical_name"].split()
        for r in gold["roles"]:
            assert ("role.former" in r.get("tags", ())) == (r["status"] == "former")
            if "role.acting" in r.get("tags", ()):
                assert text[r["evidence"]["start"]:r["title"]["start"]].endswith("acting ")
        for mt in gold["meetings"]:
            tags = mt.get("tags", ())
            assert f"status.{mt['status']}" in tags
            assert f"modality.{mt['modality'].replace('_', '-')}" in tags
            if "participant.multilateral" in tags:
                assert len(mt["participants"]) >= 3
            if "participant.delegation" in tags:
                assert any(entities[p["entity"]]["type"] == "ORG" for p in mt["participants"])
        for e in gold["entities"]:
            names = [a["name"] for a in e.get("aliases", ())]
            assert len(names) == len(set(names)) and all(a["source"] == "text" for a in e.get("aliases", ()))
            mention_names = {m["text"] for m in gold["mentions"] if m["entity"] == e["id"] and m["form"] != "PRO"}
            assert set(names) == mention_names


@pytest.mark.parametrize("split", ["train", "validation", "test"])
def test_no_sentence_or_topic_phrase_repeats_within_a_document(split: str) -> None:
    """A document never writes the same sentence twice, never names one topic phrase twice in a
    sentence ("listed X and X"), and never opens two consecutive sentences with one template's words."""
    docs = list(generate_split(split, 300))
    same_opening = 0
    n_sentences = 0
    for gold, text in docs:
        sentences = report_sentences(text)
        assert len(sentences) == len(set(sentences)), (gold["doc_id"], Counter(sentences).most_common(1))
        for sentence in sentences:
            m = re.search(r"(?:listed|covered|included) (.+?) (?:and|as well as) (.+?)(?: among|,|\.)", sentence)
            assert not (m and m.group(1) == m.group(2)), (gold["doc_id"], sentence)
            m = re.match(r"(.+?) and (.+?) are expected to be discussed", sentence)
            assert not (m and m.group(1).lower() == m.group(2).lower()), (gold["doc_id"], sentence)
        n_sentences += len(sentences)
        same_opening += sum(a.split()[:4] == b.split()[:4] for a, b in zip(sentences, sentences[1:]))
    assert same_opening <= n_sentences * 0.001, (same_opening, n_sentences)


@pytest.mark.parametrize("split", ["train", "validation", "test"])
def test_a_template_repeats_in_a_document_only_when_its_group_is_exhausted(split: str, monkeypatch) -> None:
    """Every template choice is recorded: a document uses a template a second time only when no
    unused template of the group fits, and never repeats a non-meeting (distractor) sentence."""
    from mil2mil.generator import build

    choices: list[tuple[str, str, bool, bool]] = []
    original = build.Report.template

    def recording(self, group, fits=None):
        had_fresh = bool(self.fresh(group, fits))
        used = set(self.w.templates)
        t = original(self, group, fits)
        choices.append((group, t.id, t.id in used, had_fresh))
        return t

    monkeypatch.setattr(build.Report, "template", recording)
    docs = list(generate_split(split, 300))
    assert len(docs) == 300 and choices
    assert not [c for c in choices if c[2] and c[3]]  # a repeat while a fresh template fitted
    assert not [c for c in choices if c[0] == "distractor" and c[2]]


def test_held_out_families_are_disjoint() -> None:
    for split in ("train", "validation", "test"):
        pools = Pools(split)
        allowed = {"shared", split}
        assert {p.family for p in pools.names} <= allowed
        assert {t.family for group in pools.templates.values() for t in group} <= allowed
        assert all(pools.templates[g] for g in TEMPLATES), f"{split}: a template group is empty"
        assert all(pools.phrases[k] for k in TOPIC_PHRASES)
    for family in ("train", "validation", "test"):
        for table in (NAME_POOLS, COUNTRIES, OUTLETS):
            assert any(x.family == family for x in table)
    train = list(generate_split("train", docs=300))
    test = list(generate_split("test", docs=300))
    train_ids = {t for g, _ in train for t in g["metadata"]["generator"]["templates"]}
    test_ids = {t for g, _ in test for t in g["metadata"]["generator"]["templates"]}
    family = {t.id: t.family for group in TEMPLATES.values() for t in group}
    assert {family[t] for t in train_ids} <= {"shared", "train"}
    assert {family[t] for t in test_ids} <= {"shared", "test"}
    assert any(family[t] == "test" for t in test_ids)
    report = held_out(train, {"test": test})
    assert report["test"]["verbatim share"] < 0.02


def test_news_gold_is_marked_as_news() -> None:
    for doc in load_gold():
        assert doc["metadata"]["constructed"] is False and doc["metadata"]["collection"] == "news"
        assert "generator" not in doc["metadata"]


def test_cli_writes_a_valid_folder(tmp_path: Path, capsys) -> None:
    out = tmp_path / "gen"
    assert main(["generate", "--split", "validation", "--docs", "6", "--seed", "5", "-o", str(out)]) == 0
    files = sorted(p.name for p in (out / "gold").iterdir())
    assert len(files) == 6 and len(list((out / "raw").iterdir())) == 6
    assert len(validate_paths([out / "gold"])) == 6
    # same arguments, same bytes
    again = tmp_path / "again"
    assert main(["generate", "--split", "validation", "--docs", "6", "--seed", "5", "-o", str(again)]) == 0
    for name in files:
        assert (out / "gold" / name).read_bytes() == (again / "gold" / name).read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cli_refuses_a_non_empty_folder(tmp_path: Path, capsys) -> None:
    out = tmp_path / "gen"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    assert main(["generate", "--split", "test", "--docs", "3", "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not empty" in err[0] and "--force" in err[0]
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    assert main(["generate", "--split", "test", "--docs", "3", "-o", str(out), "--force"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["gold", "raw"]
    assert [p.name for p in tmp_path.iterdir()] == ["gen"]


@pytest.mark.parametrize("args", [["--split", "dev"], ["--split", "test", "--docs", "0"], ["--split", "test", "--docs", "x"],
                                  ["--split", "test", "--seed", "-1"]])
def test_cli_bad_arguments_exit_2_with_one_line(tmp_path: Path, capsys, args: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["generate", *args, "-o", str(tmp_path / "out")])
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("mil2mil generate: error:")
    assert not (tmp_path / "out").exists()


def test_phenomena_page_lists_exactly_the_vocabulary() -> None:
    import re

    page = (Path(__file__).resolve().parent.parent / "docs" / "phenomena.md").read_text(encoding="utf-8")
    assert set(re.findall(r"^\| `([a-z0-9.-]+)` \|", page, flags=re.M)) == set(TAGS)


def test_validator_rejects_an_unknown_tag_and_inconsistent_collection() -> None:
    gold, text = next(iter(generate_split("validation", docs=1)))
    gold = json.loads(json.dumps(gold))
    gold["mentions"][0]["tags"] = ["date.not-a-tag"]
    gold["metadata"]["constructed"] = False
    found = dict(problems(gold, text))
    assert "unknown phenomenon tag 'date.not-a-tag'" in found["/mentions/0/tags/0"]
    assert "/metadata/constructed" in found


def test_generator_benchmark_smoke() -> None:
    bench = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_generator.py"
    out = subprocess.run([sys.executable, str(bench), "--docs", "60", "--validate-sample", "5"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "documents/s" in out.stdout and "json.loads" in out.stdout


def test_version_lock_requires_a_version_bump_when_a_released_split_changes() -> None:
    from mil2mil.commands.constructed import lock_path
    from mil2mil.generator import GENERATOR_VERSION
    from mil2mil.generator.report import split_digest, version_lock_problems

    lock = json.loads(lock_path().read_text(encoding="utf-8"))
    now = {split: split_digest(generate_split(split)) for split in ("validation", "test")}
    assert version_lock_problems(lock, GENERATOR_VERSION, now) == []
    changed = dict(now, test=split_digest(generate_split("test", 999)))
    (problem,) = version_lock_problems(lock, GENERATOR_VERSION, changed)
    assert "'test' changed but GENERATOR_VERSION is still" in problem
    assert "not in the lock" in version_lock_problems(lock, "999", now)[0]
    # every recorded version is distinct: a version's digests are never reused by another
    assert len({json.dumps(v, sort_keys=True) for v in lock.values()}) == len(lock)
