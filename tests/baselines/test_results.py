"""``mil2mil results``: writes the tables between the markers; ``--check`` catches a stale one.

The constructed test split is stood in for by two tagged fixture documents (the generator's
1,000 documents are the CI check's business, not a unit test's)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import mil2mil.gold_sets as gold_sets
from mil2mil.cli import main
from mil2mil.commands.results import END, PHEN_END, PHEN_START, START
from mil2mil.scoring import GoldSource

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scoring"))
from test_phenomena import tagged_docs  # noqa: E402


@pytest.fixture(autouse=True)
def small_constructed(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tagged_docs()
    monkeypatch.setattr(gold_sets, "constructed",
                        lambda split: GoldSource.from_documents(docs, label=f"constructed:{split}", name=f"constructed:{split}"))


def test_results_write_then_check(tmp_path: Path, capsys) -> None:
    files = []
    for name in ("README.md", "DATASHEET.md"):
        f = tmp_path / name
        f.write_text(f"# {name}\n\n{START}\nold\n{END}\n\nrest\n", encoding="utf-8")
        files.append(str(f))
    phen = tmp_path / "phen.md"
    phen.write_text(f"# by phenomenon\n\n{PHEN_START}\n{PHEN_END}\n", encoding="utf-8")
    args = ["--files", *files, "--phenomena-file", str(phen)]
    assert main(["results", "--check", *args]) == 1
    assert "-old" in capsys.readouterr().out
    assert main(["results", *args]) == 0
    text = Path(files[0]).read_text(encoding="utf-8")
    for row in ("| `oracle` | `news` |", "| `empty` | `news` |", "| `rules` | `news` |", "| `spacy` | `news` |",
                "| `oracle` | `constructed:test` |", "| `spacy` | `constructed:test` |",
                "gold:news|", "gold:constructed:test|", "mil2mil|layer:meetings"):
        assert row in text
    assert text.endswith(f"{END}\n\nrest\n")
    table = phen.read_text(encoding="utf-8")
    # the oracle's row is 1.000 everywhere; the tagged items of the fixtures are listed
    assert "| `constructed:test` | 1.000 [1.000, 1.000] | 1.000 [1.000, 1.000] |" in text
    for tag in ("`date.weekday.past` | timexes", "`modality.video` | meetings (slot acc.)", "`name.variant` | mentions"):
        assert tag in table
    assert main(["results", "--check", *args]) == 0
    phen.write_text(table.replace("| timexes |", "| timexes |", 1).replace("0.", "9.", 1), encoding="utf-8")
    assert main(["results", "--check", *args]) == 1


def test_results_without_markers_is_an_input_error(tmp_path: Path) -> None:
    f = tmp_path / "README.md"
    f.write_text("no markers\n", encoding="utf-8")
    phen = tmp_path / "phen.md"
    phen.write_text(f"{PHEN_START}\n{PHEN_END}\n", encoding="utf-8")
    assert main(["results", "--check", "--files", str(f), "--phenomena-file", str(phen)]) == 2
