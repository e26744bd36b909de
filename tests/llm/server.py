"""A chat-completions server on 127.0.0.1 for the tests: it answers each request from a script
chosen by a marker in the user message, and records every request it receives."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

#: One scripted reply: (HTTP status, body dict or raw str, headers, delay in seconds).
Reply = tuple[int, Any, dict[str, str], float]


def completion(content: str | None, finish: str = "stop", refusal: str | None = None,
               usage: tuple[int, int] = (100, 20)) -> dict[str, Any]:
    return {"id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "test-model",
            "choices": [{"index": 0, "finish_reason": finish,
                         "message": {"role": "assistant", "content": content, "refusal": refusal}}],
            "usage": {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": sum(usage)}}


def ok(content: str | None, **kw: Any) -> Reply:
    return (200, completion(content, **kw), {}, 0.0)


def error(status: int, message: str = "error", headers: dict[str, str] | None = None) -> Reply:
    return (status, {"error": {"message": message, "type": "test", "code": None}}, headers or {}, 0.0)


class FakeServer:
    """``scripts``: marker -> list of replies (the last one repeats); ``fallback(request)``
    answers requests whose user message holds no marker."""

    def __init__(self, scripts: dict[str, list[Reply]] | None = None,
                 fallback: Callable[[dict[str, Any]], Reply] | None = None, models: tuple[str, ...] = ("test-model",)):
        self.scripts = {k: list(v) for k, v in (scripts or {}).items()}
        self.fallback = fallback
        self.models = models
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                with server.lock:
                    server.requests.append(body)
                    server.headers.append({k.lower(): v for k, v in self.headers.items()})
                status, payload, headers, delay = server.reply(self.path, body)
                if delay:
                    time.sleep(delay)
                data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def reply(self, path: str, body: dict[str, Any]) -> Reply:
        if not path.endswith("/chat/completions"):
            return error(404, "no such endpoint")
        if body.get("model") not in self.models:
            return error(404, f"The model `{body.get('model')}` does not exist")
        user = body["messages"][-1]["content"]
        with self.lock:
            for marker, replies in self.scripts.items():
                if marker in user:
                    return replies.pop(0) if len(replies) > 1 else replies[0]
        if self.fallback is not None:
            return self.fallback(body)
        return error(500, "no script for this document")

    def __enter__(self) -> FakeServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
