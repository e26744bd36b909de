"""Named gold sets: one resolver for every ``--gold`` (names, paths, errors), used by predict."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import mil2mil.gold_sets as gold_sets
from mil2mil.cli import main
from mil2mil.errors import InputError
from mil2mil.gold import dataset_dir
from mil2mil.scoring import GoldSource

sys.path.insert(0, str(Path(__file__).resolve().parent / "scoring"))
from test_phenomena import tagged_docs  # noqa: E402


def test_news_is_the_default_and_names_the_signature() -> None:
    a, b = gold_sets.resolve(None), gold_sets.resolve("news")
    assert a.name == b.name == "news" and a.content_hash == b.content_hash
    assert gold_sets.resolve(str(dataset_dir())).name == "custom"


@pytest.mark.parametrize("value", ["constructed:tset", "new", "no/such/folder"])
def test_unknown_name_or_path_is_one_line_listing_the_names(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "x.jsonl", "--gold", value]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and all(n in err for n in gold_sets.NAMES)


def test_authored_absent_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("mil2mil.gold.dataset_dir", lambda: tmp_path)
    with pytest.raises(InputError) as err:
        gold_sets.resolve("authored:test")
    assert "authored:test is not in this copy" in str(err.value)


def test_constructed_test_is_generated_without_pyarrow() -> None:
    code = ("import sys; sys.modules['pyarrow'] = None; sys.modules['datasets'] = None\n"
            "from mil2mil.gold_sets import resolve\n"
            "s = resolve('constructed:validation'); print(len(s), s.name)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["300", "constructed:validation"]


def test_predict_oracle_on_a_named_set_scores_one(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    docs = tagged_docs()
    monkeypatch.setattr(gold_sets, "constructed",
                        lambda split: GoldSource.from_documents(docs, label=split, name=f"constructed:{split}"))
    out = tmp_path / "o.jsonl"
    assert main(["predict", "--baseline", "oracle", "--gold", "constructed:test", "-o", str(out), "--score",
                 "--no-progress"]) == 0
    text = capsys.readouterr().out
    assert [json.loads(x)["doc_id"] for x in out.read_text().splitlines()] == ["doc-a", "doc-b"]
    assert "strict_f1 (micro) = 1.0000" in text and "gold:constructed:test|" in text
    # a bare --gold is the news set
    assert main(["predict", "--baseline", "empty", "--gold", "-o", str(out), "--no-progress"]) == 0
    news = {d for d in GoldSource.from_path().doc_ids}
    assert {json.loads(x)["doc_id"] for x in out.read_text().splitlines()} == news
