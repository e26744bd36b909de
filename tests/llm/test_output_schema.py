"""The structured-output schema: derived from the predictions schema, committed, in strict mode's subset."""

from __future__ import annotations

from typing import Any

import jsonschema

from mil2mil.baselines.llm import output_schema as O
from mil2mil.scoring import GoldSource, gold_to_predictions


def test_committed_schema_is_in_sync() -> None:
    assert O.PATH.read_text(encoding="utf-8") == O.render(), \
        "regenerate baselines/llm/output.schema.json from schema/predictions.schema.json (output_schema.render())"


def _walk(node: Any, path: str = "#") -> list[tuple[str, dict[str, Any]]]:
    out = []
    if isinstance(node, dict):
        out.append((path, node))
        for k, v in node.get("properties", {}).items():
            out += _walk(v, f"{path}/{k}")
        if "items" in node:
            out += _walk(node["items"], f"{path}/items")
        for i, alt in enumerate(node.get("anyOf", [])):
            out += _walk(alt, f"{path}/anyOf/{i}")
    return out


def test_strict_mode_subset() -> None:
    schema = O.output_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for path, node in _walk(schema):
        extra = set(node) - O.ALLOWED_KEYWORDS - ({"description"} if path == "#" else set())
        assert not extra, (path, extra)
        if node.get("type") == "object":
            assert node["additionalProperties"] is False, path
            assert node["required"] == list(node["properties"]), path
        assert "enum" not in node or "type" in node, path


def test_every_predictions_field_is_in_the_output() -> None:
    src = O.predictions_schema()
    defs = {"entities": "entity", "roles": "role", "timexes": "timex", "meetings": "meeting"}
    out = O.output_schema()["properties"]
    for layer, name in defs.items():
        want = set(src["$defs"][name]["properties"]) - O.OMIT.get(name, frozenset())
        assert set(out[layer]["items"]["properties"]) == want, layer


def test_a_perfect_answer_fits() -> None:
    """The gold as an ungrounded line, with the optional fields as nulls, is a valid answer."""
    v = jsonschema.Draft202012Validator(O.output_schema())
    for g in GoldSource.from_path(None).iter_docs():
        line = gold_to_predictions(g.raw, grounded=False)
        answer = {
            "entities": [{"aliases": None, **e} for e in line["entities"]],
            "roles": [{"country": None, **r} for r in line["roles"]],
            "timexes": [{"text": None, **{k: t[k] for k in t if k not in ("start", "end")}} for t in line["timexes"]],
            "meetings": [{"cross_doc_id": None, **m} for m in line["meetings"]],
        }
        errors = list(v.iter_errors(answer))
        assert not errors, errors[0].message


def test_response_format() -> None:
    rf = O.response_format("json_schema")
    assert rf is not None and rf["json_schema"]["strict"] is True and rf["json_schema"]["schema"] == O.output_schema()
    assert O.response_format("json_object") == {"type": "json_object"}
    assert O.response_format("none") is None
