"""Session fixtures: each extractor is built once (the spaCy model is loaded once)."""

from __future__ import annotations

import pytest

from mil2mil.baselines.api import Prediction, gold_documents, predict
from mil2mil.errors import InputError

KUNA = "kuna-2023-12-22-china-us-military-video-talks"
PRESSTV = "presstv-2024-09-15-us-china-defense-policy-talks"


@pytest.fixture(scope="session")
def rules_extractor():
    from mil2mil.baselines.rules import RulesExtractor

    return RulesExtractor()


@pytest.fixture(scope="session")
def spacy_extractor():
    """The spacy baseline. CI installs its model; a missing model fails here, loudly."""
    from mil2mil.baselines.statistical import SpacyExtractor

    try:
        return SpacyExtractor()
    except InputError as err:
        pytest.fail(f"the spacy baseline's model is not installed: {err}", pytrace=False)


@pytest.fixture(scope="session")
def gold_docs():
    return gold_documents()


@pytest.fixture(scope="session")
def extractors(rules_extractor, spacy_extractor):
    from mil2mil.baselines.reference import empty, oracle

    return {"rules": rules_extractor, "spacy": spacy_extractor, "oracle": oracle, "empty": empty}


@pytest.fixture(scope="session")
def predictions(extractors, gold_docs) -> dict[str, dict[str, Prediction]]:
    return {name: {p["doc_id"]: p for p in predict(x, gold_docs, progress=False)} for name, x in extractors.items()}
