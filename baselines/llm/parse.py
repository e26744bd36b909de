"""Lenient, counted parsing of a model's answer into the layers of one predictions line.

Each document gets one outcome:

- ``valid``: the answer is a JSON object as it stands;
- ``extracted``: a JSON object was found inside it (a code fence, text around it: the first
  balanced ``{...}`` that parses);
- ``failed``: no usable JSON object (or the request failed after its retries);
- ``refused``: the model refused (a ``refusal`` field, ``finish_reason: content_filter``);
- ``truncated``: the answer hit the token limit (``finish_reason: length``).

Failed, refused and truncated documents are scored as empty predictions. Items that do not fit
the predictions schema are dropped one by one and counted (``dropped``); a layer that is not a
list counts as empty.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .output_schema import OUTPUT_LAYERS

OUTCOMES: tuple[str, ...] = ("valid", "extracted", "failed", "refused", "truncated")
_FENCE = re.compile(r"```[A-Za-z0-9_-]*[ \t]*\n(.*?)```", re.S)
_DECODER = json.JSONDecoder()


@dataclass
class Parsed:
    outcome: str
    layers: dict[str, list[Any]] = field(default_factory=lambda: {k: [] for k in OUTPUT_LAYERS})
    dropped: int = 0
    detail: str = ""


def first_object(text: str) -> dict[str, Any] | None:
    """The first JSON object in ``text``: inside a code fence first, else the first ``{`` from
    which a whole object parses (``raw_decode`` reads exactly one balanced value)."""
    candidates = [m.group(1) for m in _FENCE.finditer(text)] + [text]
    for chunk in candidates:
        for i, ch in enumerate(chunk):
            if ch != "{":
                continue
            try:
                obj, _ = _DECODER.raw_decode(chunk, i)
            except ValueError:
                continue
            if isinstance(obj, dict):
                return obj
    return None


def _item_validators() -> dict[str, Any]:
    import jsonschema

    from .output_schema import predictions_schema

    schema = predictions_schema()
    out = {}
    for layer in OUTPUT_LAYERS:
        item = dict(schema["properties"][layer]["items"])
        out[layer] = jsonschema.Draft202012Validator({**item, "$defs": schema["$defs"]})
    return out


_VALIDATORS: dict[str, Any] | None = None


def _clean(layer: str, item: Any) -> Any:
    """Drop nulls the strict output schema adds for optional fields, and ungrounded offsets."""
    if not isinstance(item, dict):
        return item
    out = {k: v for k, v in item.items() if not (v is None and k in ("aliases", "text", "cross_doc_id"))}
    if layer == "timexes":
        out.pop("start", None)
        out.pop("end", None)
    return out


def to_layers(obj: dict[str, Any]) -> tuple[dict[str, list[Any]], int]:
    """The four ungrounded layers of ``obj``, keeping the items the predictions schema accepts."""
    global _VALIDATORS
    if _VALIDATORS is None:
        _VALIDATORS = _item_validators()
    layers: dict[str, list[Any]] = {}
    dropped = 0
    for layer in OUTPUT_LAYERS:
        items = obj.get(layer)
        if not isinstance(items, list):
            dropped += 0 if items is None else 1
            layers[layer] = []
            continue
        kept = []
        for item in items:
            item = _clean(layer, item)
            if _VALIDATORS[layer].is_valid(item):  # repeated items are kept: the gold counts occurrences
                kept.append(item)
            else:
                dropped += 1
        layers[layer] = kept
    return layers, dropped


_REFUSAL = re.compile(r"^\W*(?:I'?m sorry|I am sorry|I can(?:no|')t|I cannot|I won'?t|I am unable|I'm unable)", re.I)


def parse_choice(choice: dict[str, Any] | None) -> Parsed:
    """The outcome and layers of one chat-completions ``choice`` (a dict as in the response)."""
    if not choice:
        return Parsed("failed", detail="no choice in the response")
    message = choice.get("message") or {}
    finish = choice.get("finish_reason")
    content = message.get("content")
    if message.get("refusal"):
        return Parsed("refused", detail=str(message["refusal"])[:200])
    if finish == "content_filter":
        return Parsed("refused", detail="finish_reason: content_filter")
    if finish == "length":
        return Parsed("truncated", detail="finish_reason: length")
    if not isinstance(content, str) or not content.strip():
        return Parsed("failed", detail="empty answer")
    outcome = "valid"
    try:
        obj = json.loads(content)
    except ValueError:
        obj = None
    if not isinstance(obj, dict):
        outcome = "extracted"
        obj = first_object(content)
    if obj is None:
        if _REFUSAL.match(content):
            return Parsed("refused", detail=content.strip()[:200])
        return Parsed("failed", detail="no JSON object in the answer")
    layers, dropped = to_layers(obj)
    return Parsed(outcome, layers, dropped)
