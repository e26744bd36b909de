"""Prompts: vocabularies filled in, hashes, and few-shot examples that owe nothing to a test set."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from mil2mil.baselines.llm import prompts
from mil2mil.baselines.llm.output_schema import output_schema
from mil2mil.baselines.llm.parse import first_object, to_layers
from mil2mil.scoring import GoldSource
from mil2mil.timex3 import VALUE_FORMS, value_problem
from mil2mil.titles import TITLES

PROMPTS = prompts.available()


def test_there_is_a_default_prompt() -> None:
    assert prompts.DEFAULT_PROMPT in PROMPTS


def _news_gold_strings() -> set[str]:
    """Names, named mention strings and date strings of the news test set (titles are a closed
    vocabulary the prompt states, so they are not counted)."""
    out: set[str] = set()
    for g in GoldSource.from_path(None).iter_docs():
        raw = g.raw
        out |= {e["canonical_name"] for e in raw["entities"]}
        out |= {m["text"] for m in raw["mentions"] if m.get("form") == "NAM"}
        out |= {t["text"] for t in raw["timexes"]} | {t["value"] for t in raw["timexes"]}
    return {s for s in out if len(s) >= 4}


def _shingles(text: str, n: int = 6) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


@pytest.mark.parametrize("prompt_id", PROMPTS)
def test_examples_hold_no_test_set_gold_and_no_news_text(prompt_id: str) -> None:
    p = prompts.load(prompt_id)
    examples = p.examples
    assert examples, "every prompt has a marked example part (it may be empty of examples)"
    low = examples.lower()
    leaked = sorted(s for s in _news_gold_strings() if s.lower() in low)
    assert leaked == []
    news = set().union(*(_shingles(g.text) for g in GoldSource.from_path(None).iter_docs()))
    assert not news & _shingles(examples)


@pytest.mark.parametrize("prompt_id", PROMPTS)
def test_example_answers_fit_the_output_schema_and_the_timex_forms(prompt_id: str) -> None:
    schema = output_schema()
    for block in re.findall(r"^Answer:\n(.*?)^# End of example$", prompts.load(prompt_id).examples, re.M | re.S):
        answer = json.loads(block)
        jsonschema.Draft202012Validator(schema).validate(answer)
        layers, dropped = to_layers(answer)
        assert dropped == 0
        for t in layers["timexes"]:
            assert value_problem(t["value"], t["type"]) is None
        names = {e["name"] for e in layers["entities"]}
        for r in layers["roles"]:
            assert r["person"] in names and r["normalized_title"] in TITLES
        for m in layers["meetings"]:
            assert set(m["participants"]) <= names


@pytest.mark.parametrize("prompt_id", PROMPTS)
def test_vocabularies_are_filled_in(prompt_id: str) -> None:
    p = prompts.load(prompt_id)
    assert "${" not in p.system
    assert set(re.findall(r"\$\{(\w+)\}", p.user)) == {"dct", "text"}
    schema = json.loads(open(prompts.resources.files("mil2mil.schema") / "predictions.schema.json").read())
    d = schema["$defs"]
    closed = (d["entity_type"]["enum"] + d["meeting"]["properties"]["modality"]["enum"]
              + d["meeting"]["properties"]["status"]["enum"] + d["meeting"]["properties"]["topics"]["items"]["enum"]
              + d["timex"]["properties"]["type"]["enum"] + d["role"]["properties"]["status"]["enum"] + list(TITLES))
    for value in closed:
        assert f'"{value}"' in p.system, value
    for form in VALUE_FORMS:
        assert re.search(rf"(^|[-;])\s*{re.escape(form.name)} ", p.system, re.M), form.name
    msgs = p.messages("Some text.", "2031-03-03")
    assert msgs[0]["content"] == p.system and "Document date: 2031-03-03" in msgs[1]["content"]
    assert msgs[1]["content"].rstrip().endswith("Some text.")


def test_hash_follows_the_content() -> None:
    p = prompts.load()
    assert re.fullmatch(r"[0-9a-f]{12}", p.hash) and p.label == f"{p.id}@{p.hash}"
    assert prompts.load().hash == p.hash
    changed = prompts.Prompt(p.id, p.system + " ", p.user)
    assert changed.hash != p.hash


def test_unknown_prompt_is_a_clear_error() -> None:
    from mil2mil.errors import InputError

    with pytest.raises(InputError, match="unknown prompt 'nope'"):
        prompts.load("nope")
    with pytest.raises(InputError):
        prompts.load("../prompts/extract-v1")


def test_first_object_finds_the_balanced_object() -> None:
    assert first_object('text {"a": "}{", "b": {"c": 1}} tail {"d": 2}') == {"a": "}{", "b": {"c": 1}}
    assert first_object("```\n{\"x\": 1}\n```") == {"x": 1}
    assert first_object('{"broken": [1, 2} then {"ok": true}') == {"ok": True}
    assert first_object("[1, 2]") is None and first_object("no json") is None
