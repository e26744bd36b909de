"""Strict JSON reading that remembers where every value starts.

Error messages must name the *line* of a problem as well as its JSON pointer, and the
standard ``json`` module forgets positions once it has parsed. This module parses with the
standard decoder (so the accepted language is exactly JSON) and then walks the text once
more to map each JSON pointer to the line its value starts on.

It also closes the holes the standard decoder leaves open for untrusted input: ``NaN`` and
``Infinity`` are rejected (they are not JSON), and nesting deeper than :data:`MAX_DEPTH`
is reported instead of exhausting the interpreter's stack.
"""

from __future__ import annotations

import json
import re
from typing import Any

from mil2mil.errors import Problem, json_pointer

MAX_DEPTH = 64

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_scanstring = json.decoder.scanstring  # type: ignore[attr-defined]


class JSONInputError(ValueError):
    """Raised by :func:`loads` with a line number and a message fit for a user."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def reject_constant(name: str) -> Any:
    """``parse_constant`` hook for :func:`json.loads`: NaN and Infinity are not JSON."""
    raise ValueError(f"{name} is not valid JSON (numbers must be finite)")


def too_deep_at(text: str, max_depth: int = MAX_DEPTH) -> int | None:
    """Offset at which bracket nesting (outside strings) first exceeds ``max_depth``, or None.

    Checked before parsing, so that absurdly deep input is reported rather than exhausting
    the interpreter's stack in a decoder or a schema validator. Text with few brackets is
    accepted without a scan (the common case for real input).
    """
    if text.count("[") + text.count("{") <= max_depth:
        return None
    depth = 0
    in_string = False
    escaped = False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > max_depth:
                return i
        elif ch in "]}":
            depth -= 1
    return None


def loads(text: str) -> Any:
    """Parse one JSON value strictly; raise :class:`JSONInputError` with a line number."""
    too_deep = too_deep_at(text)
    if too_deep is not None:
        line = text.count("\n", 0, too_deep) + 1
        raise JSONInputError(line, f"nesting deeper than {MAX_DEPTH} levels")
    try:
        return json.loads(text, parse_constant=reject_constant)
    except json.JSONDecodeError as err:
        raise JSONInputError(err.lineno, f"invalid JSON: {err.msg} (column {err.colno})") from None
    except ValueError as err:
        raise JSONInputError(1, str(err)) from None


def pointer_lines(text: str) -> dict[str, int]:
    """Map every JSON pointer in ``text`` (already known to be valid JSON) to its 1-based line."""
    lines: dict[str, int] = {}
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def line_of(pos: int) -> int:
        # bisect by hand to avoid importing for one call site
        lo, hi = 0, len(newlines)
        while lo < hi:
            mid = (lo + hi) // 2
            if newlines[mid] < pos:
                lo = mid + 1
            else:
                hi = mid
        return lo + 1

    def skip(pos: int) -> int:
        return _WS.match(text, pos).end()  # type: ignore[union-attr]

    def value(pos: int, path: list[str | int]) -> int:
        pos = skip(pos)
        lines[json_pointer(path)] = line_of(pos)
        ch = text[pos]
        if ch == "{":
            pos = skip(pos + 1)
            if text[pos] == "}":
                return pos + 1
            while True:
                key, pos = _scanstring(text, skip(pos) + 1)
                pos = skip(pos) + 1  # the colon
                pos = skip(value(pos, [*path, key]))
                if text[pos] == "}":
                    return pos + 1
                pos += 1  # the comma
        if ch == "[":
            pos = skip(pos + 1)
            if text[pos] == "]":
                return pos + 1
            index = 0
            while True:
                pos = skip(value(pos, [*path, index]))
                index += 1
                if text[pos] == "]":
                    return pos + 1
                pos += 1
        if ch == '"':
            return _scanstring(text, pos + 1)[1]
        for literal in ("true", "false", "null"):
            if text.startswith(literal, pos):
                return pos + len(literal)
        match = _NUMBER.match(text, pos)
        assert match is not None, "pointer_lines expects valid JSON"
        return match.end()

    value(0, [])
    return lines


def line_for(lines: dict[str, int], pointer: str) -> int | None:
    """Line of ``pointer`` or of its nearest existing ancestor (a missing key's parent)."""
    while True:
        if pointer in lines:
            return lines[pointer]
        if not pointer:
            return None
        pointer = pointer.rsplit("/", 1)[0]


def problem_at(file: str, lines: dict[str, int], pointer: str, message: str) -> Problem:
    return Problem(file=file, pointer=pointer, message=message, line=line_for(lines, pointer))
