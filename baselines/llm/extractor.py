"""The LLM extractor: a versioned prompt sent to an OpenAI-compatible chat-completions server
for each document, the answer parsed leniently into an ungrounded predictions line.

Each line carries an ``llm`` record (prompt ``ID@HASH``, model, decoding mode, the document's
outcome, tokens, latency) that ``mil2mil score`` sums into rates and puts in its signature.
Answers are kept in a responses file that is also the cache; ``replay`` rebuilds the same
predictions from it without a server.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

from mil2mil.errors import InputError, Problem

from ..interface import Document, ExtractorOptions, Prediction
from . import responses as R
from .output_schema import response_format
from .parse import Parsed, parse_choice
from .prompts import DEFAULT_PROMPT

STRUCTURED: tuple[str, ...] = ("json_schema", "json_object", "none")
#: ``--structured`` -> the decoding mode named in the predictions and the signature.
DECODING: dict[str, str] = {"json_schema": "constrained", "json_object": "json", "none": "free"}


@functools.lru_cache(maxsize=1)
def _matching_field() -> bool:
    """Whether the predictions schema has a top-level ``matching`` field (then it is written)."""
    from .output_schema import predictions_schema

    return "matching" in predictions_schema()["properties"]


class LLMExtractor:
    """``mil2mil llm`` / ``mil2mil predict --baseline llm``: one request per document.

    ``responses``: the responses file (appended to, read as a cache); ``offline``: never send a
    request (replay): every document must have an answer in ``responses``.
    """

    name = "llm"

    def __init__(self, model: str, base_url: str | None = None, prompt: str = DEFAULT_PROMPT,
                 structured: str = "json_schema", temperature: float = 0.0, seed: int | None = None,
                 max_tokens: int | None = None, concurrency: int = 1, responses: Path | str | None = None,
                 api_key_env: str = "OPENAI_API_KEY", timeout: float = 600.0, max_retries: int = 5,
                 backoff: float = 1.0, offline: bool = False, progress: bool | None = None,
                 prompt_label: str | None = None):
        if structured not in STRUCTURED:
            raise InputError([Problem("--structured", "", f"expected one of {', '.join(STRUCTURED)}, got {structured!r}")])
        if concurrency < 1:
            raise InputError([Problem("--concurrency", "", f"expected 1 or more, got {concurrency}")])
        self.model = model
        self.base_url = base_url
        self.prompt_id = prompt
        self._prompt = None
        self._label = prompt_label
        self._format: tuple[dict[str, Any] | None] | None = None
        self.structured = structured
        self.params: dict[str, Any] = {"structured": structured, "temperature": temperature, "seed": seed,
                                       "max_tokens": max_tokens}
        self.concurrency = concurrency
        self.responses = Path(responses) if responses is not None else None
        self.api_key_env = api_key_env
        self.client_options = {"timeout": timeout, "max_retries": max_retries, "backoff": backoff}
        self.offline = offline
        self.progress = progress
        self.sent = 0  # requests answered in this run (not from the cache)
        self.cached = 0
        self.errors: list[str] = []  # requests of this run that failed after their retries

    # --- configuration -----------------------------------------------------------------------

    @property
    def prompt(self):  # type: ignore[no-untyped-def]
        if self._prompt is None:
            from .prompts import load

            self._prompt = load(self.prompt_id)
        return self._prompt

    @property
    def prompt_label(self) -> str:
        return self._label or self.prompt.label

    @property
    def decoding(self) -> str:
        return DECODING[self.structured]

    @classmethod
    def from_responses(cls, path: Path | str, progress: bool | None = None) -> LLMExtractor:
        """An offline extractor with the configuration recorded in a responses file."""
        records = R.read(Path(path))
        if not records:
            raise InputError([Problem(str(path), "", "no records; expected a responses file written by mil2mil llm")])
        first = records[0]
        try:
            p = first["params"]
            return cls(first["model"], prompt=first["prompt"].split("@", 1)[0], structured=p["structured"],
                       temperature=p["temperature"], seed=p["seed"], max_tokens=p["max_tokens"], responses=path,
                       offline=True, progress=progress, prompt_label=first["prompt"])
        except (KeyError, TypeError, AttributeError):
            raise InputError([Problem(str(path), "", "the first record lacks model, prompt or params "
                                                     "(a responses file written by mil2mil llm)", 1)]) from None

    def request(self, doc: Document) -> dict[str, Any]:
        req: dict[str, Any] = {"model": self.model, "messages": self.prompt.messages(doc.text, doc.dct.isoformat()),
                               "temperature": self.params["temperature"]}
        if self.params["seed"] is not None:
            req["seed"] = self.params["seed"]
        if self.params["max_tokens"] is not None:
            req["max_tokens"] = self.params["max_tokens"]
        if self._format is None:
            self._format = (response_format(self.structured),)
        fmt = self._format[0]
        if fmt is not None:
            req["response_format"] = fmt
        return req

    def key(self, doc: Document) -> str:
        return R.request_key(self.prompt_label, self.model, self.params, doc.doc_id, doc.text, doc.dct.isoformat())

    # --- running -----------------------------------------------------------------------------

    def __call__(self, doc: Document) -> Prediction:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Document]) -> Iterator[Prediction]:
        docs = list(docs)
        keys = [self.key(d) for d in docs]
        records = R.read(self.responses) if self.responses is not None else []
        cache = R.answered(records)
        todo = [(d, k) for d, k in zip(docs, keys) if k not in cache]
        self.cached = len(docs) - len(todo)
        failed: dict[str, dict[str, Any]] = {}
        if self.offline:  # replay: a request that failed in the run fails again, nothing is sent
            failed = {r["key"]: r for r in records if r.get("response") is None}
            todo = [(d, k) for d, k in todo if k not in failed]
        if todo and self.offline:
            shown = ", ".join(d.doc_id for d, _ in todo[:5]) + (" …" if len(todo) > 5 else "")
            raise InputError([Problem(str(self.responses), "", f"{len(todo)} document(s) have no answer for this prompt, "
                                                               f"model and parameters ({shown}); replay sends no request")])
        if todo:
            self._ask(todo, cache, failed)
        for doc, key in zip(docs, keys):
            yield self.prediction(cache.get(key) or failed[key])

    def _ask(self, todo: list[tuple[Document, str]], cache: dict[str, Any], failed: dict[str, Any]) -> None:
        from .client import ChatClient, Fatal

        client = ChatClient(self.base_url, self.api_key_env, **self.client_options)  # type: ignore[arg-type]
        writer = R.Writer(self.responses) if self.responses is not None else None
        bar = None
        show = self.progress if self.progress is not None else sys.stderr.isatty()
        if show:
            from tqdm import tqdm

            bar = tqdm(total=len(todo), file=sys.stderr, unit="doc", desc=f"llm {self.model}")
        pool = ThreadPoolExecutor(max_workers=self.concurrency)
        pending: dict[Future[Any], tuple[Document, str, dict[str, Any]]] = {}
        queue = iter(todo)
        try:
            def submit() -> bool:
                item = next(queue, None)
                if item is None:
                    return False
                doc, key = item
                req = self.request(doc)
                pending[pool.submit(client.send, req)] = (doc, key, req)
                return True

            for _ in range(self.concurrency):
                submit()
            while pending:
                done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                for fut in done:
                    doc, key, req = pending.pop(fut)
                    try:
                        out = fut.result()
                    except Fatal as exc:
                        raise exc.as_input_error() from None
                    record = {"key": key, "doc_id": doc.doc_id, "prompt": self.prompt_label, "model": self.model,
                              "params": self.params, "request": req, "response": out.response, "error": out.error,
                              "http_status": out.status, "attempts": out.attempts, "latency_ms": out.latency_ms}
                    if writer is not None:
                        writer.write(record)
                    if out.response is not None:
                        cache[key] = record
                        self.sent += 1
                    else:
                        failed[key] = record
                        self.errors.append(f"{doc.doc_id}: {out.error}")
                    if bar is not None:
                        bar.update(1)
                    submit()
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
            if writer is not None:
                writer.close()
            if bar is not None:
                bar.close()

    def prediction(self, record: dict[str, Any]) -> Prediction:
        resp = record.get("response")
        if resp is None:
            parsed = Parsed("failed", detail=record.get("error") or "no response")
        else:
            choices = resp.get("choices") if isinstance(resp, dict) else None
            parsed = parse_choice(choices[0] if isinstance(choices, list) and choices else None)
        usage = (resp or {}).get("usage") or {}
        info: dict[str, Any] = {
            "prompt": record.get("prompt", self.prompt_label), "model": record.get("model", self.model),
            "decoding": self.decoding, "outcome": parsed.outcome, "dropped": parsed.dropped,
            "prompt_tokens": usage.get("prompt_tokens"), "completion_tokens": usage.get("completion_tokens"),
            "latency_ms": record.get("latency_ms"),
        }
        pred: Prediction = {}
        if _matching_field():
            pred["matching"] = "ungrounded"
        pred.update(parsed.layers)
        pred["llm"] = info
        return pred


def build(options: ExtractorOptions) -> LLMExtractor:
    """The registry's factory for ``llm`` (``mil2mil predict --baseline llm --model NAME``; the
    server from ``extra['base_url']`` or ``OPENAI_BASE_URL``)."""
    if not options.model:
        raise InputError([Problem("--model", "", "the llm extractor needs --model NAME (the served model)")])
    extra = dict(options.extra)
    return LLMExtractor(options.model, base_url=extra.pop("base_url", None), **extra)
