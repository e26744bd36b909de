"""Chat-completions requests through the ``openai`` client, with retries and clear errors.

The client's own retries are switched off (``max_retries=0``) and done here instead, so every
attempt is counted in the responses file. Retried, with exponential backoff (or the server's
``Retry-After``, at most :data:`MAX_RETRY_AFTER` seconds), as the client itself would: 408,
409, 429, every 5xx, timeouts, and connection errors (at most :data:`CONNECTION_RETRIES`
times). After the last attempt a 4xx/5xx or a timeout fails that document (not cached: a rerun
asks again); a server that cannot be reached, a rejected key (401/403) and an unknown model or
endpoint (404) stop the run with a one-line error (exit 2). The API key comes from an
environment variable only and is scrubbed from every message.
"""

from __future__ import annotations

import json
import os
import random
import time
from dataclasses import dataclass
from typing import Any

from mil2mil.errors import InputError, Problem

RETRY_STATUSES = frozenset({408, 409, 429})
MAX_RETRY_AFTER = 120.0
MAX_BACKOFF = 60.0
#: Retries when the server cannot be reached at all (a wrong URL should not wait a minute).
CONNECTION_RETRIES = 2
#: Sent when the key variable is unset: local servers (vLLM, llama.cpp, Ollama) ignore it.
NO_KEY = "no-key"


class Fatal(Exception):
    """The run cannot go on (server unreachable, key rejected, model unknown)."""

    def __init__(self, option: str, message: str):
        super().__init__(message)
        self.option = option

    def as_input_error(self) -> InputError:
        return InputError([Problem(self.option, "", str(self))])


@dataclass
class Outcome:
    """One document's request: the response body (a dict) or the error, after ``attempts``."""

    response: dict[str, Any] | None
    error: str | None
    status: int | None
    attempts: int
    latency_ms: float | None


def _openai() -> Any:
    try:
        import openai
    except ImportError:
        raise InputError([Problem("mil2mil llm", "", 'the `openai` package is not installed; install the extra: '
                                                      'pip install "mil2mil[llm]"')]) from None
    return openai


class ChatClient:
    def __init__(self, base_url: str | None, api_key_env: str = "OPENAI_API_KEY", timeout: float = 600.0,
                 max_retries: int = 5, backoff: float = 1.0):
        openai = _openai()
        self._key = os.environ.get(api_key_env) or None
        self.api_key_env = api_key_env
        self.base_url = base_url or os.environ.get("OPENAI_BASE_URL") or None
        if not self.base_url:
            raise InputError([Problem("--base-url", "", "no server: give --base-url URL (e.g. http://localhost:8000/v1) "
                                                         "or set OPENAI_BASE_URL")])
        self.max_retries = max_retries
        self.backoff = backoff
        self._openai = openai
        self._client = openai.OpenAI(api_key=self._key or NO_KEY, base_url=self.base_url, timeout=timeout, max_retries=0)

    def _scrub(self, text: str) -> str:
        if self._key:
            text = text.replace(self._key, "***")
        return text if len(text) <= 300 else text[:300] + "…"

    def _delay(self, attempt: int, exc: Any) -> float:
        response = getattr(exc, "response", None)
        header = response.headers.get("retry-after") if response is not None else None
        if header is not None:
            try:
                return min(max(float(header), 0.0), MAX_RETRY_AFTER)
            except ValueError:
                pass
        return min(self.backoff * 2 ** attempt, MAX_BACKOFF) * (0.5 + random.random() / 2)

    def send(self, request: dict[str, Any]) -> Outcome:
        """POST ``request`` to ``/chat/completions``, retrying transient failures."""
        o = self._openai
        attempt = 0
        while True:
            attempt += 1
            t0 = time.perf_counter()
            try:
                raw = self._client.chat.completions.with_raw_response.create(**request)
                latency = round((time.perf_counter() - t0) * 1000, 1)
                try:
                    body = json.loads(raw.text)
                except ValueError:
                    return Outcome(None, "the server's answer is not JSON", raw.status_code, attempt, latency)
                return Outcome(body, None, raw.status_code, attempt, latency)
            except (o.AuthenticationError, o.PermissionDeniedError) as exc:
                given = f"the API key from ${self.api_key_env}" if self._key else f"the request without an API key (${self.api_key_env} is unset)"
                raise Fatal("--api-key-env", f"the server at {self.base_url} rejected {given} (HTTP {exc.status_code}); "
                                             "set the key in that variable, or name another with --api-key-env") from None
            except o.NotFoundError as exc:
                raise Fatal("--model", f"the server at {self.base_url} has no model {request['model']!r} or no "
                                       f"chat-completions endpoint (HTTP 404: {self._scrub(exc.message)})") from None
            except o.APIStatusError as exc:
                code = exc.status_code
                retry = code in RETRY_STATUSES or code >= 500
                if not retry or attempt > self.max_retries:
                    return Outcome(None, f"HTTP {code}: {self._scrub(exc.message)}", code, attempt, None)
                time.sleep(self._delay(attempt - 1, exc))
            except o.APITimeoutError:
                if attempt > self.max_retries:
                    return Outcome(None, "request timed out", None, attempt, None)
                time.sleep(self._delay(attempt - 1, None))
            except o.APIConnectionError as exc:
                if attempt > min(self.max_retries, CONNECTION_RETRIES):
                    cause = exc.__cause__ or exc
                    raise Fatal("--base-url", f"cannot reach the server at {self.base_url} "
                                              f"({self._scrub(str(cause)) or type(cause).__name__})") from None
                time.sleep(self._delay(attempt - 1, None))
