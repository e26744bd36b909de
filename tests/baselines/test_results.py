"""``mil2mil results``: writes the table between the markers; ``--check`` catches a stale one."""

from __future__ import annotations

from pathlib import Path

from mil2mil.cli import main
from mil2mil.commands.results import END, START


def test_results_write_then_check(tmp_path: Path, capsys) -> None:
    files = []
    for name in ("README.md", "DATASHEET.md"):
        f = tmp_path / name
        f.write_text(f"# {name}\n\n{START}\nold\n{END}\n\nrest\n", encoding="utf-8")
        files.append(str(f))
    assert main(["results", "--check", "--files", *files]) == 1
    assert "-old" in capsys.readouterr().out
    assert main(["results", "--files", *files]) == 0
    text = Path(files[0]).read_text(encoding="utf-8")
    for row in ("`oracle`", "`empty`", "`rules`", "`spacy`", "mil2mil|layer:meetings"):
        assert row in text
    assert text.endswith(f"{END}\n\nrest\n")
    assert main(["results", "--check", "--files", *files]) == 0


def test_results_without_markers_is_an_input_error(tmp_path: Path) -> None:
    f = tmp_path / "README.md"
    f.write_text("no markers\n", encoding="utf-8")
    assert main(["results", "--check", "--files", str(f)]) == 2
