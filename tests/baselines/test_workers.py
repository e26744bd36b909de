"""``n_process > 1`` runs the whole extraction in worker processes: the same bytes as one
process, in input order, with a working progress bar, clear errors and no leftover processes."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
from pathlib import Path

import pytest

from mil2mil.baselines.api import Document, Prediction, gold_documents, predict, write_predictions
from mil2mil.baselines.rules import RulesExtractor
from mil2mil.baselines.workers import WorkerError, pipe_in_workers
from mil2mil.cli import main


def synthetic_documents(n: int = 70) -> list[Document]:
    """``n`` documents that differ from one another: the gold articles' paragraphs rotated and
    cut to different lengths, different dates, and the edge cases (empty, blank, one word)."""
    paragraphs = [p for d in gold_documents() for p in d.text.split("\n") if p.strip()]
    docs = [Document("empty", "", dt.date(2024, 1, 1)), Document("blank", " \n\n \t", dt.date(2024, 1, 2)),
            Document("one-word", "Talks", dt.date(2024, 1, 3))]
    for i in range(n - len(docs)):
        k = i % len(paragraphs)
        body = paragraphs[k:] + paragraphs[:k]
        docs.append(Document(f"synthetic-{i:03d}", "\n".join(body[: 3 + i % 11]),
                             dt.date(2023, 1, 1) + dt.timedelta(days=17 * i)))
    return docs


def _write_jsonl(docs: list[Document], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for d in docs:
            handle.write(json.dumps({"doc_id": d.doc_id, "text": d.text, "dct": d.dct.isoformat()}) + "\n")
    return path


def _bytes(preds: list[Prediction], path: Path) -> bytes:
    write_predictions(preds, path)
    return path.read_bytes()


@pytest.mark.parametrize("source", ["gold", "synthetic"])
def test_cli_predict_rules_same_bytes_with_two_processes(source: str, tmp_path: Path) -> None:
    inputs = [] if source == "gold" else [str(_write_jsonl(synthetic_documents(), tmp_path / "docs.jsonl"))]
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["predict", "--baseline", "rules", *inputs, "-o", str(one), "--no-progress"]) == 0
    assert main(["predict", "--baseline", "rules", *inputs, "-o", str(two), "--n-process", "2", "--no-progress"]) == 0
    assert one.read_bytes() == two.read_bytes()
    assert len(one.read_text(encoding="utf-8").splitlines()) == (2 if source == "gold" else 70)
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("chunk_size", [1, 16])
def test_api_rules_same_bytes_with_two_processes(rules_extractor, chunk_size: int, tmp_path: Path) -> None:
    docs = gold_documents() + synthetic_documents()
    parallel = RulesExtractor(n_process=2)
    parallel.chunk_size = chunk_size  # one document per task: the most reordering a pool could do
    expected = _bytes(list(predict(rules_extractor, docs, progress=False)), tmp_path / "one.jsonl")
    assert _bytes(list(predict(parallel, docs, progress=False)), tmp_path / "two.jsonl") == expected
    # the input may be a one-pass iterator (read once, chunk by chunk), in either mode
    for extractor in (rules_extractor, parallel):
        lines = list(predict(extractor, iter(docs), progress=False, total=len(docs)))
        assert _bytes(lines, tmp_path / "it.jsonl") == expected


def test_api_spacy_same_bytes_with_two_processes(spacy_extractor, tmp_path: Path) -> None:
    from mil2mil.baselines.statistical import SpacyExtractor

    docs = gold_documents() + synthetic_documents(14)
    parallel = SpacyExtractor(n_process=2, nlp=spacy_extractor.nlp)
    expected = _bytes(list(predict(spacy_extractor, docs, progress=False)), tmp_path / "one.jsonl")
    assert _bytes(list(predict(parallel, docs, progress=False)), tmp_path / "two.jsonl") == expected


def test_spawned_workers_build_their_own_extractor(rules_extractor) -> None:
    """Where ``fork`` is not used (macOS, Windows), each worker builds the extractor from
    :meth:`worker_recipe`; the predictions are the same."""
    docs = synthetic_documents(20)
    parallel = RulesExtractor(n_process=2)
    assert list(pipe_in_workers(parallel, docs, 2, 8, start_method="spawn")) == list(rules_extractor.pipe(docs))


def test_progress_bar_counts_every_document(capsys: pytest.CaptureFixture[str]) -> None:
    docs = synthetic_documents(60)
    preds = list(predict(RulesExtractor(n_process=2), docs, progress=True))
    assert len(preds) == 60
    err = capsys.readouterr().err
    assert "predict" in err and "60/60" in err


class _Failing(RulesExtractor):
    """Raises on one document, or kills its worker process on another."""

    def extract(self, doc, dct, text=None):  # type: ignore[no-untyped-def]
        if "RAISE-HERE" in doc.text:
            raise ValueError("cannot extract this one")
        if "EXIT-HERE" in doc.text:
            os._exit(3)
        return super().extract(doc, dct, text)


def _with(marker: str) -> list[Document]:
    docs = synthetic_documents(40)
    docs[25] = Document("the-bad-one", f"The ministers met. {marker}", dt.date(2024, 5, 1))
    return docs


def test_a_worker_exception_is_raised_in_the_parent_with_the_documents() -> None:
    with pytest.raises(ValueError, match="cannot extract this one") as err:
        list(_Failing(n_process=2).pipe(_with("RAISE-HERE")))
    notes = err.value.__notes__
    assert any(note.endswith(": the-bad-one") for note in notes)
    assert any("rules worker process" in note for note in notes)
    assert multiprocessing.active_children() == []


def test_a_dead_worker_is_an_error_not_a_hang() -> None:
    with pytest.raises(WorkerError, match="ended unexpectedly"):
        list(_Failing(n_process=2).pipe(_with("EXIT-HERE")))
    assert multiprocessing.active_children() == []


def test_stopping_early_shuts_the_pool_down(rules_extractor) -> None:
    docs = synthetic_documents()
    stream = RulesExtractor(n_process=2).pipe(docs)
    first = next(stream)
    assert first == rules_extractor(docs[0])
    assert multiprocessing.active_children() != []
    stream.close()  # type: ignore[attr-defined]
    assert multiprocessing.active_children() == []


def test_n_process_values() -> None:
    assert RulesExtractor(n_process=-1).n_process == (os.cpu_count() or 1)
    with pytest.raises(ValueError, match="n_process"):
        RulesExtractor(n_process=0)
    with pytest.raises(SystemExit):
        main(["predict", "-o", "unused.jsonl", "--n-process", "0"])
