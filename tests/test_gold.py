"""The bundled gold itself: raw texts untouched, every offset and reference right, dates right.

These checks walk the JSON generically and do not call mil2mil.validate, so a bug in the
validator cannot hide a bug in the gold.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from mil2mil.gold import dataset_dir, gold_paths, load_gold, read_text
from mil2mil.validate import load_schema, validate_paths
from tests.conftest import KUNA, PRESSTV

# SHA-256 of the articles as received (000_48eace17a4347bfc.txt and 004_05f04312450a8256.txt).
RECEIVED_SHA256 = {
    KUNA: ("000_48eace17a4347bfc.txt", "d542bc1a6dd47580820e2718c787769e5e5784602beaf23a2653f40433d4b31d"),
    PRESSTV: ("004_05f04312450a8256.txt", "171c9e49a96495f06885ce2477c82f6fcb995558a8ffe44fef0ff3bd12d57dbb"),
}


def docs() -> dict[str, dict[str, Any]]:
    return {d["doc_id"]: d for d in load_gold()}


def spans_in(node: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object with start/end/text anywhere in a document."""
    if isinstance(node, dict):
        if {"start", "end", "text"} <= node.keys():
            yield pointer, node
        for key, value in node.items():
            yield from spans_in(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from spans_in(value, f"{pointer}/{i}")


def test_raw_articles_are_byte_identical_to_the_received_files() -> None:
    for doc_id, (source_file, sha) in RECEIVED_SHA256.items():
        raw = (dataset_dir() / "raw" / f"{doc_id}.txt").read_bytes()
        assert hashlib.sha256(raw).hexdigest() == sha
        gold = docs()[doc_id]
        assert gold["text_sha256"] == sha
        assert gold["metadata"]["source_file"] == source_file


def test_every_gold_file_is_a_known_document() -> None:
    assert sorted(p.stem for p in gold_paths()) == sorted(RECEIVED_SHA256)


def test_gold_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(load_schema())
    assert load_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_bundled_gold_passes_validation() -> None:
    assert [v.doc["doc_id"] for v in validate_paths([dataset_dir()])] == sorted(RECEIVED_SHA256)


@pytest.mark.parametrize("doc_id", sorted(RECEIVED_SHA256))
def test_every_offset_slices_to_its_text(doc_id: str) -> None:
    doc = docs()[doc_id]
    text = read_text(doc)
    found = list(spans_in(doc))
    assert len(found) > 50
    for pointer, span in found:
        assert text[span["start"]:span["end"]] == span["text"], pointer


@pytest.mark.parametrize("doc_id", sorted(RECEIVED_SHA256))
def test_every_reference_resolves_to_the_right_layer(doc_id: str) -> None:
    doc = docs()[doc_id]
    ids = {layer: {x["id"] for x in doc[layer]} for layer in ("entities", "roles", "timexes")}
    for m in doc["mentions"]:
        assert m["entity"] in ids["entities"]
    for r in doc["roles"]:
        for field in ("person", "organization", "country"):
            assert r[field] is None or r[field] in ids["entities"]
    for mt in doc["meetings"]:
        for p in mt["participants"]:
            assert p["entity"] in ids["entities"]
            assert p["role"] is None or p["role"] in ids["roles"]
        assert mt["location"] is None or mt["location"] in ids["entities"]
        assert mt["date"] is None or mt["date"]["timex"] in ids["timexes"]


# Values checked against shared facts (publication dates and dated reports of each event).
EXPECTED_TIMEX_VALUES = [
    (KUNA, "2023-12-22", "2023-12-22"),   # distributor header = DCT
    (KUNA, "Dec 22", "2023-12-22"),
    (KUNA, "Friday", "2023-12-22"),       # the ministry's announcement, on the DCT
    (KUNA, "Thursday", "2023-12-21"),     # the Liu-Brown video call (DoD release of 2023-12-21)
    (KUNA, "July 2022", "2022-07"),       # Milley-Li call of 2022-07-07
    (KUNA, "over a year", "P1Y"),
    (PRESSTV, "Sunday", "2024-09-15"),    # talks in Beijing ended 2024-09-15 (a Sunday = DCT)
    (PRESSTV, "January", "2024-01"),      # 17th talks, Pentagon, 2024-01-08/09
    (PRESSTV, "two-year", "P2Y"),
    (PRESSTV, "last November", "2023-11"),  # Biden-Xi, 2023-11-15
    (PRESSTV, "Last week", "2024-W37"),   # forum 2024-09-12..14; see guidelines, "Last week"
]


@pytest.mark.parametrize(("doc_id", "text", "value"), EXPECTED_TIMEX_VALUES)
def test_dct_relative_dates_are_normalized_as_the_facts_say(doc_id: str, text: str, value: str) -> None:
    timexes = [t for t in docs()[doc_id]["timexes"] if t["text"] == text]
    assert [t["value"] for t in timexes] == [value]


def test_every_timex_is_in_the_expected_table() -> None:
    listed = {(d, t) for d, t, _ in EXPECTED_TIMEX_VALUES}
    assert {(d["doc_id"], t["text"]) for d in load_gold() for t in d["timexes"]} == listed


def test_last_week_covers_the_forum_days() -> None:
    """The documented rule: 2024-W37 must contain 2024-09-12..14 and end before the DCT."""
    week = {dt.date(2024, 9, 12 + i).isocalendar()[:2] for i in range(3)}
    assert week == {(2024, 37)}
    assert dt.date(2024, 9, 15).isocalendar()[:2] == (2024, 37)  # the DCT's own ISO week


def test_dct_metadata_and_provenance() -> None:
    kuna, presstv = docs()[KUNA]["metadata"], docs()[PRESSTV]["metadata"]
    assert (kuna["dct"]["value"], kuna["dct"]["provenance"]) == ("2023-12-22", "stated_in_text")
    assert (presstv["dct"]["value"], presstv["dct"]["provenance"]) == ("2024-09-15", "external_source")
    assert dt.date(2023, 12, 22).strftime("%A") == "Friday"
    assert dt.date(2024, 9, 15).strftime("%A") == "Sunday"


def test_biden_xi_meeting_is_linked_across_documents() -> None:
    by_id: dict[str, set[str]] = {}
    for doc in load_gold():
        for mt in doc["meetings"]:
            if mt["cross_doc_id"]:
                by_id.setdefault(mt["cross_doc_id"], set()).add(doc["doc_id"])
    shared = {k for k, v in by_id.items() if len(v) > 1}
    assert shared == {"biden-xi-san-francisco-2023-11"}


def test_central_meetings() -> None:
    def meeting(doc_id: str, cross_id: str) -> dict[str, Any]:
        doc = docs()[doc_id]
        names = {e["id"]: e["canonical_name"] for e in doc["entities"]}
        mt = next(m for m in doc["meetings"] if m["cross_doc_id"] == cross_id)
        return {**mt, "names": sorted(names[p["entity"]] for p in mt["participants"]),
                "place": names.get(mt["location"])}

    video = meeting(KUNA, "liu-brown-video-2023-12-21")
    assert video["names"] == ["Charles Q. Brown Jr.", "Liu Zhenli"]
    assert (video["date"]["value"], video["modality"], video["status"]) == ("2023-12-21", "video", "occurred")
    talks = meeting(PRESSTV, "us-china-dpct-beijing-2024-09")
    assert talks["place"] == "Beijing"
    assert (talks["date"]["value"], talks["date"]["relation"]) == ("2024-09-15", "ends")


def test_source_errors_are_recorded_not_corrected() -> None:
    notes = {(d["doc_id"], n["kind"], n["span"]["text"]) for d in load_gold() for n in d["source_notes"]}
    assert (KUNA, "duplication", " and Gen. Charles Brown") in notes
    assert sum(1 for d, k, t in notes if k == "misspelling" and t == "Xiangsha") == 1  # set: 3 notes, one text
    presstv_notes = docs()[PRESSTV]["source_notes"]
    assert [n["correction"] for n in presstv_notes if n["kind"] == "misspelling"] == ["Xiangshan"] * 3
    # the text keeps the misspelling in the annotations
    assert any(m["text"] == "11th Beijing Xiangsha Forum" for m in docs()[PRESSTV]["mentions"])


def test_nested_names_are_annotated() -> None:
    kuna = docs()[KUNA]
    texts = [m["text"] for m in kuna["mentions"]]
    assert "Central Military Commission's Joint Staff Department" in texts
    assert "Central Military Commission" in texts


def test_gold_files_are_canonically_formatted() -> None:
    """Gold is stored as 2-space indented UTF-8 JSON so diffs stay reviewable."""
    for path in gold_paths():
        content = path.read_text(encoding="utf-8")
        assert content == json.dumps(json.loads(content), ensure_ascii=False, indent=2) + "\n"
