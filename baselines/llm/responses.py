"""The responses file: one JSON line per answered request (the request, the server's raw
response or the error, attempts, latency; never the API key). It is also the cache: a record
with a response, keyed by (prompt hash, model, parameters, document), is not asked again.

Lines are appended and flushed one at a time by one thread, so an interrupted run leaves whole
lines (a torn last line is cut off when the file is next opened) and a rerun resumes.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from mil2mil.errors import InputError, Problem


def request_key(prompt: str, model: str, params: dict[str, Any], doc_id: str, text: str, dct: str) -> str:
    """The cache key of one document's request."""
    ident = {"prompt": prompt, "model": model, "params": params, "doc_id": doc_id, "dct": dct,
             "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
    return hashlib.sha256(json.dumps(ident, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def read(path: Path) -> list[dict[str, Any]]:
    """Every whole record of ``path`` (a missing file has none; a torn last line is skipped)."""
    if not path.exists():
        return []
    records = []
    data = path.read_bytes()
    lines = data.split(b"\n")
    for n, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except ValueError:
            if n == len(lines):  # torn last line of an interrupted run
                continue
            raise InputError([Problem(str(path), "", "not a JSON line; expected a responses file written by mil2mil llm", n)]) from None
        if not isinstance(obj, dict) or "key" not in obj or "doc_id" not in obj:
            raise InputError([Problem(str(path), "", "expected a record with `key` and `doc_id` (a responses file written by mil2mil llm)", n)])
        records.append(obj)
    return records


def answered(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Cache: key -> the last record that holds a response."""
    return {r["key"]: r for r in records if r.get("response") is not None}


class Writer:
    """Appends records to the responses file, one flushed line each (the file is opened, and a
    torn last line cut, at the first record: a run that gets no answer leaves no file)."""

    def __init__(self, path: Path):
        self.path = path
        self._f: Any = None

    def _open(self) -> Any:
        path = self.path
        if path.exists():
            data = path.read_bytes()
            if data and not data.endswith(b"\n"):  # cut a torn last line
                with path.open("r+b") as f:
                    f.truncate(data.rfind(b"\n") + 1)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open("a", encoding="utf-8", newline="\n")

    def write(self, record: dict[str, Any]) -> None:
        if self._f is None:
            self._f = self._open()
        self._f.write(json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n")
        self._f.flush()
        os.fsync(self._f.fileno())

    def close(self) -> None:
        if self._f is not None:
            self._f.close()
