"""Statistics: recounted independently, and the committed tables cannot drift."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mil2mil.cli import main
from mil2mil.gold import dataset_dir, load_gold
from mil2mil.stats import cross_document_links, document_counts, render_markdown
from mil2mil.gold import read_text

ROOT = dataset_dir().parent


def test_counts_agree_with_a_direct_recount() -> None:
    for doc in load_gold():
        c = document_counts(doc, read_text(doc))
        assert c["mentions"] == len(doc["mentions"]) == sum(c[f"mentions {t}"] for t in ("PER", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP"))
        assert c["mentions"] == c["mentions NAM"] + c["mentions NOM"] + c["mentions PRO"]
        assert c["meetings"] == len(doc["meetings"]) == sum(c[f"meetings {s}"] for s in ("occurred", "ongoing", "planned", "hypothetical", "generic"))
        assert c["timexes"] == len(doc["timexes"])
        assert c["characters"] == len(read_text(doc))
    assert cross_document_links(load_gold()) == 1


def test_table_totals_are_sums_of_document_columns() -> None:
    for line in render_markdown(load_gold()).splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if all(c.isdigit() for c in cells[1:]) and len(cells) == 4:
            assert int(cells[1]) + int(cells[2]) == int(cells[3]), line


def test_committed_statistics_match_the_gold(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--check", str(ROOT / "DATASHEET.md")]) == 0


def test_drift_is_detected_and_write_repairs_it(tmp_path: Path, capsys: pytest.CaptureFixture[str], dataset_copy: Path) -> None:
    sheet = tmp_path / "DATASHEET.md"
    shutil.copy(ROOT / "DATASHEET.md", sheet)
    gold = next((dataset_copy / "gold").glob("presstv-*.json"))
    doc = json.loads(gold.read_text(encoding="utf-8"))
    # drop a note no correction alias relies on (a misspelling note backs one)
    doc["source_notes"].remove(next(n for n in reversed(doc["source_notes"]) if n["kind"] != "misspelling"))
    gold.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    args = ["--gold", str(dataset_copy), str(sheet)]
    assert main(["stats", "--check", *args]) == 1
    assert "statistics differ" in capsys.readouterr().err
    assert main(["stats", "--write", *args]) == 0
    assert main(["stats", "--check", *args]) == 0


def test_missing_block_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "x.md"
    target.write_text("no block here\n", encoding="utf-8")
    assert main(["stats", "--check", str(target)]) == 2
    assert "expected exactly one '<!-- stats:start -->'" in capsys.readouterr().err
