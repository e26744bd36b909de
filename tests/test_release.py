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
    assert "license: cc-by-4.0" in card
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
