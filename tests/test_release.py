"""Release metadata agrees with the one version and with itself."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from mil2mil import __version__
from mil2mil.gold import dataset_dir

ROOT = Path(__file__).resolve().parent.parent


def test_citation_cff_carries_the_package_version_and_both_licenses() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == __version__
    assert cff["cff-version"] == "1.2.0"
    assert set(cff["license"]) == {"MIT", "CC-BY-4.0"}


def test_croissant_carries_the_package_version_and_every_file() -> None:
    meta = json.loads((dataset_dir() / "croissant.json").read_text(encoding="utf-8"))
    assert meta["version"] == __version__
    listed = {d["contentUrl"] for d in meta["distribution"]}
    on_disk = {p.relative_to(dataset_dir()).as_posix()
               for pattern in ("raw/*.txt", "gold/*.json", "data/*.parquet", "authored/raw/*.txt", "authored/gold/*.json")
               for p in dataset_dir().glob(pattern)}
    assert listed == on_disk


def test_changelog_has_an_entry_for_the_version() -> None:
    assert re.search(rf"^## {re.escape(__version__)}\b", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)


def test_licenses_are_stated_consistently() -> None:
    card = (dataset_dir() / "README.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sheet = (ROOT / "DATASHEET.md").read_text(encoding="utf-8")
    assert "license: other\nlicense_name: cc-by-4.0-annotations-mit-constructed-texts-publishers-news-texts\n" in card
    assert "license_link: LICENSE.md\n" in card and (dataset_dir() / "LICENSE.md").is_file()
    assert "machine annotators" in readme
    for text in (readme, sheet, card):
        assert "CC BY 4.0" in text
    for text in (readme, sheet):
        assert "MIT" in text


def test_readme_bibtex_names_the_version() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    bibtex = re.search(r"```bibtex\n(.*?)```", readme, re.S)
    assert bibtex is not None
    assert f"Version {__version__}" in bibtex.group(1)
    assert "Mil2Mil" in bibtex.group(1)


def test_release_files_are_generated_from_the_gold() -> None:
    from mil2mil import release

    sets = release.test_sets()
    assert sets[0].name == "news" and sets[0].documents == len(list(dataset_dir().glob("gold/*.json")))
    cff_text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert release.citation_cff(cff_text, sets) == cff_text, "run `mil2mil stats --write`"
    cff = yaml.safe_load(cff_text)
    assert str(cff["date-released"]) == release.RELEASE_DATE
    assert f"news: {sets[0].documents} documents" in cff["abstract"]
    assert "machine annotators" in cff["abstract"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert release.bibtex(sets) in readme


def test_changelog_date_when_given_is_the_release_date() -> None:
    from mil2mil import release

    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    date = release.changelog_date(changelog)
    assert date is None or date == release.RELEASE_DATE
    assert release.changelog_date("## 0.2.0 — 2026-12-03\n", "0.2.0") == "2026-12-03"


def test_citation_regeneration_keeps_other_lines_and_fails_without_its_fields() -> None:
    import pytest

    from mil2mil import release

    text = "cff-version: 1.2.0\nabstract: >-\n  old\n  text\nversion: 0.0.1\ndate-released: 2000-01-01\nkeywords:\n  - x\n"
    out = release.citation_cff(text, [release.TestSet("news", 2, 3, 4)])
    assert out.startswith("cff-version: 1.2.0\nabstract: >-\n  Mil2Mil is") and out.endswith("keywords:\n  - x\n")
    assert f"version: {__version__}\n" in out and "  old\n  text\n" not in out
    with pytest.raises(ValueError, match="date-released"):
        release.citation_cff("abstract: x\nversion: 1\n", [])
