"""Shared fixtures: a private copy of the bundled dataset that a test may corrupt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mil2mil.gold import dataset_dir

KUNA = "kuna-2023-12-22-china-us-military-video-talks"
PRESSTV = "presstv-2024-09-15-us-china-defense-policy-talks"


@pytest.fixture
def dataset_copy(tmp_path: Path) -> Path:
    """A copy of the dataset folder (raw texts and gold) in a temporary directory."""
    target = tmp_path / "dataset"
    (target / "gold").mkdir(parents=True)
    shutil.copytree(dataset_dir() / "raw", target / "raw")
    for path in (dataset_dir() / "gold").glob("*.json"):
        shutil.copy(path, target / "gold" / path.name)
    return target


@pytest.fixture(scope="session")
def rules_predictions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The rule-based baseline's predictions on the bundled articles (run once per session,
    through the command line, as a user runs it)."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("rules") / "rules.jsonl"
    subprocess.run([sys.executable, "-m", "mil2mil", "predict", "--baseline", "rules", "-o", str(out), "--no-progress"],
                   check=True, capture_output=True)
    return out
