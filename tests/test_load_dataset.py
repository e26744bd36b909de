"""Loading through Hugging Face ``datasets``, offline, the way researchers do it.

Every value must come back exactly as in the gold: the point of the typed Parquet files is
that nothing is left to pyarrow's type inference (which turns ISO dates into timestamps).
The tests load the bundled dataset folder itself (what users load) and exported copies of
the synthetic dataset from ``test_export``; the cache always goes to a temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import datasets
import pytest
from seqeval.metrics.sequence_labeling import get_entities

from mil2mil import export as ex
from mil2mil.gold import dataset_dir

from tests.test_export import (
    SYNTHETIC_TEXT,
    bio_entities,
    expected_name_spans,
    ner_char_spans,
    real_gold_present,
    write_dataset,
)


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """``HF_DATASETS_OFFLINE=1`` for this process (``datasets`` reads the variable at import)."""
    import huggingface_hub.constants

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_OFFLINE", True)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)


def load(folder: Path, config: str, cache: Path) -> datasets.Dataset:
    result = datasets.load_dataset(str(folder), config, split="test", cache_dir=str(cache))
    assert isinstance(result, datasets.Dataset)
    return result


def gold_with_text(folder: Path) -> list[tuple[dict[str, Any], str]]:
    return [(s.doc, s.text) for s in ex.load_documents(folder)]


@pytest.fixture(params=["bundled", "synthetic"])
def folder(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The bundled dataset folder as committed, and an exported synthetic one."""
    if request.param == "bundled":
        if not real_gold_present():
            pytest.skip("no bundled gold yet")
        return dataset_dir()
    root = write_dataset(tmp_path / "synthetic")
    ex.export(root)
    return root


def test_documents_load_with_every_value_unchanged(folder: Path, tmp_path: Path) -> None:
    gold = gold_with_text(folder)
    rows = load(folder, "documents", tmp_path / "cache")
    assert rows.num_rows == len(gold)
    assert rows.features == ex.documents_features()
    assert rows.column_names == list(ex.documents_features())
    for row, (doc, text) in zip(rows, gold):
        assert row == ex.document_record(doc, text)  # full nested record, nulls included
        assert ex.record_to_gold(row) == doc  # and back to the gold file exactly
        assert row["text"] == text
        assert isinstance(row["metadata"]["dct"]["value"], str)
        assert row["metadata"]["dct"]["value"] == doc["metadata"]["dct"]["value"]
        assert len(row["mentions"]) == len(doc["mentions"])
        assert len(row["entities"]) == len(doc["entities"])
        assert len(row["meetings"]) == len(doc["meetings"])


def test_default_config_is_documents(folder: Path, tmp_path: Path) -> None:
    rows = datasets.load_dataset(str(folder), cache_dir=str(tmp_path / "cache"))
    assert list(rows) == ["test"]
    assert rows["test"].column_names == list(ex.documents_features())


def test_offsets_round_trip_on_loaded_rows(folder: Path, tmp_path: Path) -> None:
    rows = load(folder, "documents", tmp_path / "cache")
    checked = 0
    for row in rows:
        text = row["text"]
        for mention in row["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"]
            checked += 1
        for timex in row["timexes"]:
            assert text[timex["start"] : timex["end"]] == timex["text"]
        for meeting in row["meetings"]:
            for trigger in meeting["triggers"]:
                assert text[trigger["start"] : trigger["end"]] == trigger["text"]
    assert checked > 0


def test_ner_config_loads_and_reproduces_name_spans(folder: Path, tmp_path: Path) -> None:
    gold = gold_with_text(folder)
    rows = load(folder, "ner", tmp_path / "cache")
    assert rows.features == ex.ner_features()
    names = rows.features["ner_tags"].feature.names
    assert names == list(ex.NER_LABELS)
    assert sorted(set(rows["doc_id"])) == sorted(doc["doc_id"] for doc, _ in gold)
    assert len(set(rows["id"])) == rows.num_rows
    texts = {doc["doc_id"]: text for doc, text in gold}
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        tags = [names[t] for t in row["ner_tags"]]
        bio_entities(tags)  # asserts a valid BIO sequence
        assert [(t, s, e) for t, s, e in get_entities(tags)] == bio_entities(tags)
        for token, start, end in zip(row["tokens"], row["token_starts"], row["token_ends"]):
            assert texts[row["doc_id"]][start:end] == token
        by_doc.setdefault(row["doc_id"], []).append(row)
    for doc, _ in gold:
        assert ner_char_spans(by_doc[doc["doc_id"]]) == expected_name_spans(doc)


def test_data_folder_holds_only_the_configured_files() -> None:
    """``load_dataset`` reads only the card's data files, never ``gold/`` or ``raw/``."""
    if not real_gold_present():
        pytest.skip("no bundled gold yet")
    files = sorted(p.relative_to(dataset_dir()).as_posix() for p in (dataset_dir() / "data").iterdir())
    assert files == sorted([*ex.DATA_FILES.values(), *ex.CONSTRUCTED_FILES.values()])


def test_fresh_interpreter_with_offline_environment(tmp_path: Path) -> None:
    """What a user runs: ``HF_DATASETS_OFFLINE=1`` set before ``datasets`` is imported, no hub."""
    root = write_dataset(tmp_path / "synthetic")
    ex.export(root)
    script = textwrap.dedent(
        """
        import json, sys, datasets
        folder, cache = sys.argv[1], sys.argv[2]
        docs = datasets.load_dataset(folder, "documents", split="test", cache_dir=cache)
        ner = datasets.load_dataset(folder, "ner", split="test", cache_dir=cache)
        print(json.dumps({"dct": docs[0]["metadata"]["dct"]["value"], "ner_rows": ner.num_rows,
                          "mentions": len(docs[0]["mentions"])}))
        """
    )
    env = {
        **os.environ,
        "HF_DATASETS_OFFLINE": "1",
        "HF_HUB_OFFLINE": "1",
        "HF_ENDPOINT": "http://127.0.0.1:9",  # any network access would fail
        "HF_HOME": str(tmp_path / "hf-home"),
    }
    result = subprocess.run(
        [sys.executable, "-c", script, str(root), str(tmp_path / "cache")],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["dct"] == "2024-01-05"
    assert out["mentions"] == 12
    assert out["ner_rows"] == len(ex.ner_rows(ex.load_documents(root)[0]))
    assert SYNTHETIC_TEXT  # the same document test_export checks in detail
