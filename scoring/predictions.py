"""Reading a predictions file: the validation boundary.

Everything a user can get wrong is caught here and reported as a :class:`Problem` naming the
file, the line, the JSON pointer and what was expected; the metrics behind this module
assume valid data. Checks happen in three stages:

1. **bytes → JSON**: a maximum line length (checked before decoding), strict UTF-8
   (a leading BOM, CRLF line ends and blank lines are accepted), no NaN/Infinity, a
   nesting-depth guard, a JSON object per line;
2. **shape**: the JSON Schema ``schema/predictions.schema.json`` (Draft 2020-12). A hand-
   written checker that accepts exactly what the schema accepts runs on every line because
   it is two orders of magnitude faster; whenever it objects, :mod:`jsonschema` itself is
   asked for the message, so the wording and pointer are the schema's;
3. **meaning** (needs the gold): known and unique ``doc_id``, offsets inside the raw text,
   ``text`` equal to the raw slice, one matching kind per file, the same layers on every
   line. (A grounded reference that is no predicted mention's entity id is not an error:
   it resolves to no gold entity and is scored as wrong.)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from mil2mil.jsonpos import reject_constant, too_deep_at
from mil2mil.errors import Problem, json_pointer

#: Layers a predictions line may carry, in report order.
PRED_KEYS: tuple[str, ...] = ("mentions", "entities", "roles", "timexes", "meetings")
MAX_LINE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 32
MAX_PROBLEMS = 50

ENTITY_TYPES = frozenset(["PER", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP"])
TIMEX_TYPES = frozenset(["DATE", "TIME", "DURATION", "SET"])
MODALITIES = frozenset(["in_person", "video", "phone", "unspecified"])
STATUSES = frozenset(["occurred", "ongoing", "planned", "cancelled", "negated", "hypothetical", "generic"])
ROLE_STATUSES = frozenset(["current", "former"])
TOPICS = frozenset([
    "military_communication", "bilateral_relations", "crisis_management", "regional_global_security",
    "taiwan", "south_china_sea", "russia_ukraine", "israel_gaza", "artificial_intelligence", "other",
])
_DOC_ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@lru_cache(maxsize=1)
def predictions_schema() -> dict[str, Any]:
    return json.loads(resources.files("mil2mil.schema").joinpath("predictions.schema.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(predictions_schema())


def schema_problems(obj: Any) -> list[tuple[str, str]]:
    """``(pointer, message)`` for every schema violation, in a stable order (jsonschema)."""
    errors = sorted(_validator().iter_errors(obj), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    out = []
    for e in errors:
        if e.validator in ("oneOf", "anyOf") and e.context:
            sub = min(e.context, key=lambda c: (len(c.absolute_path), c.message))
            message = f"{e.message.split(' is not valid under')[0]} is not valid: expected null or {sub.message}"
        else:
            message = e.message
        out.append((json_pointer(list(e.absolute_path)), message))
    return out


# --- fast structural check (must accept exactly what the schema accepts) -------------

def _is_int(v: Any) -> bool:
    return type(v) is int or (type(v) is float and v.is_integer())


def _offset_ok(v: Any) -> bool:
    return _is_int(v) and v >= 0


def _str_ok(v: Any, lo: int = 1, hi: int | None = None) -> bool:
    return type(v) is str and len(v) >= lo and (hi is None or len(v) <= hi)


def _ref_ok(v: Any) -> bool:
    return type(v) is str and 1 <= len(v) <= 1000


def _enum_ok(v: Any, values: frozenset[str]) -> bool:
    return type(v) is str and v in values  # an unhashable value is simply not in the enum


def _obj_ok(v: Any, required: frozenset[str], allowed: frozenset[str]) -> bool:
    return type(v) is dict and required <= v.keys() and v.keys() <= allowed


_M_REQ, _M_ALL = frozenset(["start", "end", "type"]), frozenset(["start", "end", "type", "entity", "text"])
_E_REQ, _E_ALL = frozenset(["name", "type"]), frozenset(["name", "type", "aliases"])
_R_REQ = frozenset(["person", "normalized_title", "organization", "status"])
_T_REQ, _T_ALL = frozenset(["type", "value"]), frozenset(["start", "end", "text", "type", "value"])
_MT_REQ = frozenset(["participants", "date", "location", "modality", "status", "topics"])
_MT_ALL = _MT_REQ | {"cross_doc_id"}
_TOP = frozenset(["doc_id", *PRED_KEYS])


def _mention_ok(m: Any) -> bool:
    return (_obj_ok(m, _M_REQ, _M_ALL) and _offset_ok(m["start"]) and _offset_ok(m["end"])
            and _enum_ok(m["type"], ENTITY_TYPES) and ("entity" not in m or _str_ok(m["entity"], 1, 200))
            and ("text" not in m or type(m["text"]) is str))


def _entity_ok(e: Any) -> bool:
    return (_obj_ok(e, _E_REQ, _E_ALL) and _ref_ok(e["name"]) and _enum_ok(e["type"], ENTITY_TYPES)
            and ("aliases" not in e or (type(e["aliases"]) is list and all(map(_ref_ok, e["aliases"])))))


def _role_ok(r: Any) -> bool:
    return (_obj_ok(r, _R_REQ, _R_REQ) and _ref_ok(r["person"]) and _str_ok(r["normalized_title"], 1, 1000)
            and (r["organization"] is None or _ref_ok(r["organization"])) and _enum_ok(r["status"], ROLE_STATUSES))


def _timex_ok(t: Any) -> bool:
    return (_obj_ok(t, _T_REQ, _T_ALL) and _enum_ok(t["type"], TIMEX_TYPES) and _str_ok(t["value"], 1, 200)
            and ("start" not in t or _offset_ok(t["start"])) and ("end" not in t or _offset_ok(t["end"]))
            and ("text" not in t or type(t["text"]) is str))


def _meeting_ok(m: Any) -> bool:
    if type(m) is not dict:
        return False
    try:  # a missing required key or an unhashable enum value ends the check as an exception
        parts, date, location, topics = m["participants"], m["date"], m["location"], m["topics"]
        if m["modality"] not in MODALITIES or m["status"] not in STATUSES:
            return False
    except (KeyError, TypeError):
        return False
    if len(m) > len(_MT_REQ) and not m.keys() <= _MT_ALL:  # the required keys are all there
        return False
    if type(parts) is not list or type(topics) is not list:
        return False
    for p in parts:
        if type(p) is not str or not 1 <= len(p) <= 1000:
            return False
    if (date is not None and not _str_ok(date, 1, 200)) or (location is not None and not _ref_ok(location)):
        return False
    for t in topics:
        if type(t) is not str or t not in TOPICS:
            return False
    if len(topics) > 1 and len(set(topics)) != len(topics):
        return False
    cid = m.get("cross_doc_id")
    return cid is None or _str_ok(cid, 1, 200)


def _mentions_ok(items: list[Any]) -> bool:
    """All of ``items`` pass :func:`_mention_ok` (inlined for the common case: int offsets;
    a missing required key or an unhashable type value ends the loop as an exception)."""
    allowed, types = _M_ALL, ENTITY_TYPES
    try:
        for m in items:
            if type(m) is not dict:
                return False
            s = m["start"]
            e = m["end"]
            if m["type"] not in types:
                return False
            if type(s) is not int or type(e) is not int or s < 0 or e < 0:
                if not (_offset_ok(s) and _offset_ok(e)):
                    return False
            if len(m) > 3:
                if not m.keys() <= allowed:
                    return False
                ent = m.get("entity")
                if ent is not None or "entity" in m:
                    if type(ent) is not str or not 1 <= len(ent) <= 200:
                        return False
                if "text" in m and type(m["text"]) is not str:
                    return False
    except (KeyError, TypeError):
        return False
    return True


_ITEM_OK = {"mentions": _mention_ok, "entities": _entity_ok, "roles": _role_ok,
            "timexes": _timex_ok, "meetings": _meeting_ok}


def fast_shape_ok(obj: Any) -> bool:
    """True iff ``obj`` is valid under the predictions schema (a fast, equivalent check)."""
    if type(obj) is not dict or "doc_id" not in obj or not obj.keys() <= _TOP:
        return False
    d = obj["doc_id"]
    if type(d) is not str or len(d) > 120 or not _DOC_ID_RE.match(d):
        return False
    for key in PRED_KEYS:
        if key in obj:
            items = obj[key]
            if type(items) is not list:
                return False
            if key == "mentions":
                if not _mentions_ok(items):
                    return False
                continue
            ok = _ITEM_OK[key]
            for it in items:
                if not ok(it):
                    return False
    return True


# --- bytes -> objects ----------------------------------------------------------------

@dataclass
class RawLine:
    line: int
    obj: dict[str, Any]


#: One decoder for every line (``json.loads`` with an option builds a new one per call).
_DECODER = json.JSONDecoder(parse_constant=reject_constant)


def read_lines(path: Path, problems: list[Problem], max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[RawLine]:
    """Yield one schema-valid object per non-blank line; append problems for the others."""
    name = str(path)
    try:
        handle = open(path, "rb")
    except OSError as exc:
        problems.append(Problem(name, "", f"cannot read predictions file: {exc.strerror or exc}"))
        return
    seen_content = False
    with handle:
        lineno = 0
        while True:
            chunk = handle.readline(max_line_bytes + 2)  # the limit excludes the line end (LF or CRLF)
            if not chunk:
                break
            lineno += 1
            if len(chunk) > max_line_bytes:
                end = 2 if chunk.endswith(b"\r\n") else 1 if chunk.endswith(b"\n") else 0
                if len(chunk) - end > max_line_bytes:
                    problems.append(Problem(name, "", f"line longer than {max_line_bytes} bytes; expected one JSON object per line", lineno))
                    while chunk and not chunk.endswith(b"\n"):  # skip the rest of the line
                        chunk = handle.readline(max_line_bytes + 2)
                    continue
            if lineno == 1 and chunk.startswith(b"\xef\xbb\xbf"):
                chunk = chunk[3:]
            try:
                raw = chunk.decode("utf-8")
            except UnicodeDecodeError as exc:
                problems.append(Problem(name, "", f"not valid UTF-8 (byte {exc.start}); expected a UTF-8 encoded file", lineno))
                continue
            if not raw.strip():
                continue
            seen_content = True
            try:
                obj = _DECODER.decode(raw)
            except RecursionError:
                problems.append(Problem(name, "", "JSON nested too deeply", lineno))
                continue
            except ValueError as exc:  # JSONDecodeError, NaN, oversized integers
                msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
                col = f" at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
                problems.append(Problem(name, "", f"invalid JSON: {msg}{col}; expected one JSON object per line", lineno))
                continue
            if type(obj) is not dict:
                problems.append(Problem(name, "", f"expected a JSON object, got {type(obj).__name__}", lineno))
                continue
            if not fast_shape_ok(obj):
                if too_deep_at(raw, MAX_DEPTH) is not None:  # valid lines are shallow; guard jsonschema's recursion
                    problems.append(Problem(name, "", f"JSON nested deeper than {MAX_DEPTH} levels; expected a predictions object", lineno))
                    continue
                try:
                    found = schema_problems(obj)
                except RecursionError:
                    found = [("", "JSON nested too deeply")]
                if not found:
                    found = [("", "does not match schema/predictions.schema.json")]
                for pointer, message in found[:5]:
                    problems.append(Problem(name, pointer, message, lineno))
                continue
            yield RawLine(lineno, obj)
            if len(problems) >= MAX_PROBLEMS:
                return
    if not seen_content and not problems:
        problems.append(Problem(name, "", "empty predictions file; expected one JSON object per document"))


# --- meaning -----------------------------------------------------------------------

@dataclass
class PredDoc:
    """One document's predictions, checked against its gold text."""

    doc_id: str
    line: int | None
    layers: dict[str, list[dict[str, Any]]]


def check_document(name: str, rl: RawLine, text: str, grounded: bool, problems: list[Problem]) -> PredDoc:
    """Semantic checks of one line against the raw text; normalises integral floats to int."""
    obj = rl.obj
    n = len(text)
    line = rl.line

    def bad(parts: list[str | int], message: str) -> None:
        problems.append(Problem(name, json_pointer(parts), message, line))

    def check_span(layer: str, i: int, item: dict[str, Any]) -> None:
        s, e = int(item["start"]), int(item["end"])
        item["start"], item["end"] = s, e
        if not s < e:
            bad([layer, i, "end"], f"end {e} must be greater than start {s}")
        elif e > n:
            bad([layer, i, "end"], f"offset {e} is beyond the end of the text ({n} characters)")
        elif "text" in item and item["text"] != text[s:e]:
            bad([layer, i, "text"], f"{item['text']!r} does not match the raw text {text[s:e]!r} at [{s}, {e})")

    for i, m in enumerate(obj.get("mentions", ())):
        s, e = m["start"], m["end"]
        # common case inline (int offsets, in range, no text); anything else the full check
        if type(s) is not int or type(e) is not int or not s < e <= n or "text" in m:
            check_span("mentions", i, m)
    if grounded and "entities" in obj:
        bad(["entities"], "the `entities` layer is for ungrounded files; a grounded file (with `mentions`) gives clusters through the mentions' `entity` ids")
    for i, t in enumerate(obj.get("timexes", ())):
        has = ("start" in t) + ("end" in t)
        if grounded and has != 2:
            bad(["timexes", i], "a grounded file (with `mentions`) needs `start` and `end` on every timex")
        elif not grounded and has:
            bad(["timexes", i], "offsets on a timex in an ungrounded file (no `mentions` layer); drop them or add the mentions layer")
        elif has == 2:
            check_span("timexes", i, t)
    return PredDoc(obj["doc_id"], line, {k: obj[k] for k in PRED_KEYS if k in obj})
