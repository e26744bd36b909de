"""Fixtures of the scoring tests (the documents themselves are in ``scoring_fixtures``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sys

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the helpers module sits next to this file
from scoring_fixtures import make_doc_a, make_doc_b, write_dataset  # noqa: E402

from mil2mil.scoring import GoldSource  # noqa: E402


@pytest.fixture
def docs() -> list[tuple[dict[str, Any], str]]:
    return [make_doc_a(), make_doc_b()]


@pytest.fixture
def dataset(tmp_path: Path, docs: list[tuple[dict[str, Any], str]]) -> Path:
    return write_dataset(tmp_path / "ds", docs)


@pytest.fixture
def gold(docs: list[tuple[dict[str, Any], str]]) -> GoldSource:
    return GoldSource.from_documents(docs)
