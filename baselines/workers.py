"""Whole-document extraction in worker processes, for ``n_process > 1``.

Passing ``n_process`` to spaCy's ``nlp.pipe`` only parallelizes the spaCy components: every
``Doc`` is serialized back to the parent, which then runs all of the baselines' own
post-processing alone. For the rules baseline that post-processing costs more than the
tokenizer, so nothing was gained. Here each worker runs the *whole* extraction (tokenizer,
name finder, matchers and every post-processing step) on a chunk of documents and sends back
only the small prediction dicts.

- **Order**: chunks are submitted in input order and their results are yielded in that order,
  so the output is the same, byte for byte, as with ``n_process=1`` (every extraction is a
  function of its document alone; ``tests/baselines/test_workers.py`` checks the bytes).
- **Memory**: at most ``2 * n_process`` chunks are in flight; the input is read lazily.
- **Start-up**: on Linux the workers are forked and inherit the extractor the parent has
  already built (no import, no model load, no matcher compilation per worker). Elsewhere
  ``fork`` is unavailable (Windows) or unsafe (macOS), so the workers are spawned and each
  builds its own copy from :meth:`~.pipeline.BaseExtractor.worker_recipe`.
- **Errors**: an exception in a worker is re-raised in the parent with its remote traceback
  and a note naming the chunk's documents; a worker that dies (killed, out of memory) raises
  :class:`WorkerError` instead of hanging. The pool is shut down (queued chunks cancelled)
  whenever the consumer stops, finishes or fails.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from .interface import Document, Prediction

if TYPE_CHECKING:
    from .pipeline import BaseExtractor

#: Extractors a forked worker inherits from its parent, by pool token (set before the pool
#: starts, removed after it has shut down).
_INHERITED: dict[int, BaseExtractor] = {}
_TOKENS = itertools.count(1)
#: The extractor of this worker process (``None`` in the parent).
_WORKER: BaseExtractor | None = None


class WorkerError(RuntimeError):
    """A worker process ended without returning its chunk's predictions (killed, crashed)."""


def _add_note(exc: BaseException, note: str) -> None:
    """``exc.add_note(note)``. Python 3.10 has no ``add_note``: the note is kept in
    ``__notes__`` (where 3.11 keeps it) but not printed with the traceback."""
    if hasattr(exc, "add_note"):
        exc.add_note(note)
    else:  # pragma: no cover - Python 3.10
        exc.__notes__ = [*getattr(exc, "__notes__", []), note]  # type: ignore[attr-defined]


def resolve_n_process(n_process: int) -> int:
    """``n_process`` as a process count: ``-1`` is every CPU (as in spaCy); 0 and below -1
    are errors, because a silent fallback would hide a typo in a command line."""
    if n_process == -1:
        return os.cpu_count() or 1
    if n_process < 1:
        raise ValueError(f"n_process must be a positive number of processes or -1 (all CPUs), got {n_process}")
    return n_process


def default_start_method() -> str:
    """``fork`` on Linux (workers inherit the built extractor), ``spawn`` elsewhere."""
    return "fork" if sys.platform.startswith("linux") else "spawn"


def _init_worker(token: int | None, recipe: Callable[[], BaseExtractor] | None) -> None:
    """Pool initializer: pick up the inherited extractor (fork) or build one (spawn)."""
    global _WORKER
    _WORKER = _INHERITED[token] if token is not None else recipe()  # type: ignore[misc]


def _extract_chunk(docs: list[Document]) -> list[Prediction]:
    """Run in a worker: the whole extraction of one chunk, in input order."""
    assert _WORKER is not None, "worker process without an extractor"
    out: list[Prediction] = []
    try:
        for pred in _WORKER.pipe_in_process(docs):
            out.append(pred)
    except Exception as exc:
        _add_note(exc, f"the first document without a prediction: {docs[len(out)].doc_id}")
        raise
    return out


def _chunks(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Consecutive chunks of ``size`` documents, as plain :class:`Document` objects (a
    subclass carrying more would be pickled with every document)."""
    it = iter(docs)
    while chunk := [Document(d.doc_id, d.text, d.dct) for d in itertools.islice(it, size)]:
        yield chunk


def _span(chunk: list[Document]) -> str:
    return chunk[0].doc_id if len(chunk) == 1 else f"{chunk[0].doc_id} .. {chunk[-1].doc_id} ({len(chunk)} documents)"


def pipe_in_workers(extractor: BaseExtractor, docs: Iterable[Document], n_process: int, chunk_size: int,
                    start_method: str | None = None) -> Iterator[Prediction]:
    """``extractor.pipe_in_process(docs)``, run in ``n_process`` worker processes, chunk by
    chunk; predictions are yielded in input order."""
    method = start_method or default_start_method()
    token = next(_TOKENS) if method == "fork" else None
    recipe = None if token is not None else extractor.worker_recipe()
    pending: deque[tuple[list[Document], Future[list[Prediction]]]] = deque()

    def collect() -> list[Prediction]:
        chunk, future = pending.popleft()
        try:
            return future.result()
        except BrokenProcessPool as exc:
            raise WorkerError(f"a {extractor.name} worker process ended unexpectedly ({exc}; killed, or out of "
                              f"memory?) while extracting {_span(chunk)}; rerun, or run with n_process=1") from exc
        except Exception as exc:
            _add_note(exc, f"raised in a {extractor.name} worker process while extracting {_span(chunk)}")
            raise

    if token is not None:
        _INHERITED[token] = extractor
    pool = None
    try:
        pool = ProcessPoolExecutor(max_workers=n_process, mp_context=multiprocessing.get_context(method),
                                   initializer=_init_worker, initargs=(token, recipe))
        for chunk in _chunks(docs, chunk_size):
            pending.append((chunk, pool.submit(_extract_chunk, chunk)))
            if len(pending) >= 2 * n_process:
                yield from collect()
        while pending:
            yield from collect()
    finally:
        # also on an error and when the consumer stops early (generator closed): queued
        # chunks are cancelled, running ones finish, the workers exit and are joined
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if token is not None:
            del _INHERITED[token]
