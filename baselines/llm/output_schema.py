"""The JSON Schema for structured output, derived from ``schema/predictions.schema.json``.

The model writes the ungrounded layers of one predictions line (``entities``, ``roles``,
``timexes`` without offsets, ``meetings``). Providers' strict mode accepts a subset of JSON
Schema: every object lists all its properties as required and forbids others, optional fields
become nullable, ``oneOf`` becomes ``anyOf``; length, pattern, range and uniqueness keywords
are dropped (the scorer checks them), and so are descriptions (they speak of both matching
kinds; the prompt explains the format); an ``enum`` of strings also states ``"type": "string"``.
``baselines/llm/output.schema.json`` is this module's :func:`render`, kept in sync by a test.
"""

from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path
from typing import Any

#: Layers the model writes (ungrounded: no mentions, no offsets).
OUTPUT_LAYERS: tuple[str, ...] = ("entities", "roles", "timexes", "meetings")
#: Keywords strict mode accepts; everything else is dropped.
ALLOWED_KEYWORDS = frozenset({"type", "properties", "required", "additionalProperties", "items", "enum", "anyOf"})
#: Properties left out of the output (grounded-only).
OMIT: dict[str, frozenset[str]] = {"timex": frozenset({"start", "end"})}
NAME = "mil2mil_predictions"
PATH = Path(__file__).with_name("output.schema.json")


def predictions_schema() -> dict[str, Any]:
    return json.loads((resources.files("mil2mil.schema") / "predictions.schema.json").read_text(encoding="utf-8"))


def _nullable(node: dict[str, Any]) -> dict[str, Any]:
    if "enum" in node and None not in node["enum"]:
        node = {**node, "enum": [*node["enum"], None]}
    t = node.get("type")
    if isinstance(t, str):
        return {**node, "type": [t, "null"]}
    if isinstance(t, list):
        return node if "null" in t else {**node, "type": [*t, "null"]}
    if "enum" in node:
        return node
    if "anyOf" in node:
        return node if any(o.get("type") == "null" for o in node["anyOf"]) else {"anyOf": [*node["anyOf"], {"type": "null"}]}
    return {"anyOf": [node, {"type": "null"}]}


def _strict(node: Any, defs: dict[str, Any], def_name: str | None = None) -> Any:
    if isinstance(node, list):
        return [_strict(x, defs) for x in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return _strict(defs[name], defs, name)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "oneOf":
            out["anyOf"] = _strict(value, defs)
        elif key == "properties":
            omit = OMIT.get(def_name or "", frozenset())
            required = set(node.get("required", ()))
            props = {}
            for pname, pschema in value.items():
                if pname in omit:
                    continue
                s = _strict(pschema, defs)
                props[pname] = s if pname in required else _nullable(s)
            out["properties"] = props
            out["required"] = list(props)
            out["additionalProperties"] = False
        elif key in ("required", "additionalProperties"):
            continue
        elif key == "items":
            out["items"] = _strict(value, defs)
        elif key in ALLOWED_KEYWORDS:
            out[key] = copy.deepcopy(value)
    if "enum" in out and "type" not in out and all(isinstance(v, str) for v in out["enum"]):
        out = {"type": "string", **out}
    if out.get("type") == "object" or "properties" in out:
        out.setdefault("additionalProperties", False)
        out.setdefault("required", list(out.get("properties", {})))
    return out


def output_schema() -> dict[str, Any]:
    """The strict-mode schema of the model's answer: an object with the four ungrounded layers."""
    src = predictions_schema()
    defs = src["$defs"]
    props = {layer: _strict(src["properties"][layer], defs) for layer in OUTPUT_LAYERS}
    return {
        "type": "object",
        "description": "The ungrounded layers of one Mil2Mil predictions line (derived from "
                       "schema/predictions.schema.json; entity references are names).",
        "properties": props,
        "required": list(OUTPUT_LAYERS),
        "additionalProperties": False,
    }


def response_format(mode: str) -> dict[str, Any] | None:
    """The ``response_format`` request field for ``--structured MODE``."""
    if mode == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": NAME, "strict": True, "schema": output_schema()}}
    if mode == "json_object":
        return {"type": "json_object"}
    return None


def render() -> str:
    return json.dumps(output_schema(), indent=2, ensure_ascii=False) + "\n"
