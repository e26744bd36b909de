"""Generated blocks inside hand-written Markdown files.

Figures in README, DATASHEET and the dataset card are produced by commands, never typed.
A command writes its output between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->`` and
can check instead of write, so CI fails when a committed figure drifts from the data.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from pathlib import Path

from mil2mil.errors import InputError, Problem


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def replace_block(document: str, name: str, content: str, file: str = "(text)") -> str:
    """``document`` with the block ``name`` holding ``content`` (markers kept)."""
    start, end = _markers(name)
    pattern = re.compile(re.escape(start) + r"\n.*?" + re.escape(end), flags=re.S)
    if len(pattern.findall(document)) != 1:
        raise InputError([Problem(file, "", f"expected exactly one '{start}' ... '{end}' block")])
    body = content if content.endswith("\n") else content + "\n"
    return pattern.sub(lambda _: f"{start}\n{body}{end}", document)


def write_atomic(path: Path, content: str) -> None:
    """Write via a temporary file in the same folder, so a failure leaves the old file whole."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def update_blocks(paths: list[Path], name: str, content: str, check: bool) -> list[str]:
    """Write (or, with ``check``, compare) the block in each file; return diffs of drifted files."""
    diffs: list[str] = []
    for path in paths:
        old = path.read_text(encoding="utf-8")
        new = replace_block(old, name, content, str(path))
        if old == new:
            continue
        if check:
            diffs.append("".join(difflib.unified_diff(
                old.splitlines(keepends=True), new.splitlines(keepends=True),
                fromfile=f"{path} (committed)", tofile=f"{path} (generated)")))
        else:
            write_atomic(path, new)
    return diffs
