"""Tests of ``mil2mil export``: records, features, NER flattening, atomic writes, drift check.

Most tests run on a small synthetic dataset folder built here (valid under the gold schema,
with nested names, optional fields present and absent, and nullable fields set to null), so
they do not depend on the real gold; the tests at the end repeat the essentials on a copy of
the bundled dataset.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from datasets import ClassLabel, List

from mil2mil import export as ex
from mil2mil.commands import export as export_command
from mil2mil.errors import InputError
from mil2mil.gold import dataset_dir, gold_paths

SYNTHETIC_TEXT = (
    "Mil2Mil test wire\n"
    "\n"
    "BEIJING, Jan 5 -- General Liu Zhenli of the Chinese People's Liberation Army met "
    "Gen. Charles Brown at the Beijing Xiangsha Forum on Thursday. He discussed the South "
    "China Sea. The two generals spoke.\n"
    "\n"
    "(MENAFN- Wire)\n"
)


def _span(text: str, needle: str, nth: int = 0) -> dict[str, Any]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return {"start": start, "end": start + len(needle), "text": needle}


def _mention(mid: str, text: str, needle: str, etype: str, form: str, entity: str, nth: int = 0) -> dict[str, Any]:
    return {"id": mid, **_span(text, needle, nth), "type": etype, "form": form, "entity": entity}


def synthetic_gold(text: str = SYNTHETIC_TEXT) -> dict[str, Any]:
    """A gold document exercising every layer, optional fields and nullable fields."""
    t = text
    headline = _span(t, "Mil2Mil test wire")
    dateline = _span(t, "BEIJING, Jan 5 --")
    body_start = t.index("General")
    boilerplate = _span(t, "(MENAFN- Wire)")
    return {
        "doc_id": "x",
        "text_file": "raw/x.txt",
        "text_sha256": hashlib.sha256(t.encode("utf-8")).hexdigest(),
        "metadata": {
            "source_file": "x-source.txt",
            "publisher": "Test Wire",
            "agency": None,
            "headline": headline,
            "language": "en",
            "dct": {"value": "2024-01-05", "provenance": "stated_in_text", "timex": "T1", "source": "dateline"},
            "copyright_holder": "Test Wire",
            "constructed": False,
            "collection": "news",
        },
        "zones": [
            {"id": "Z1", "type": "headline", "start": headline["start"], "end": headline["end"]},
            {"id": "Z2", "type": "dateline", "start": dateline["start"], "end": dateline["end"]},
            {"id": "Z3", "type": "body", "start": body_start, "end": t.index("spoke.") + 6, "note": "the story"},
            {"id": "Z4", "type": "boilerplate", "start": boilerplate["start"], "end": boilerplate["end"]},
        ],
        "entities": [
            {"id": "E1", "type": "PER", "canonical_name": "Liu Zhenli", "wikidata": "Q123"},
            {"id": "E2", "type": "ORG", "canonical_name": "People's Liberation Army"},
            {"id": "E3", "type": "NORP", "canonical_name": "Chinese"},
            {"id": "E4", "type": "PER", "canonical_name": "Charles Q. Brown Jr."},
            {"id": "E5", "type": "EVENT", "canonical_name": "Beijing Xiangsha Forum"},
            {"id": "E6", "type": "GPE", "canonical_name": "Beijing"},
            {"id": "E7", "type": "LOC", "canonical_name": "South China Sea"},
            {"id": "E8", "type": "PER", "canonical_name": "the two generals", "members": ["E1", "E4"], "note": "group"},
            {"id": "E9", "type": "ORG", "canonical_name": "MENAFN"},
        ],
        "mentions": [
            _mention("M1", t, "BEIJING", "GPE", "NAM", "E6"),
            _mention("M2", t, "General", "PER", "NOM", "E1"),
            _mention("M3", t, "Liu Zhenli", "PER", "NAM", "E1"),
            _mention("M4", t, "Chinese People's Liberation Army", "ORG", "NAM", "E2"),
            _mention("M5", t, "Chinese", "NORP", "NAM", "E3"),
            _mention("M6", t, "Charles Brown", "PER", "NAM", "E4"),
            _mention("M7", t, "Beijing Xiangsha Forum", "EVENT", "NAM", "E5"),
            _mention("M8", t, "Beijing", "GPE", "NAM", "E6"),
            {**_mention("M9", t, "He", "PER", "PRO", "E1", nth=0), "note": "pronoun"},
            _mention("M10", t, "South China Sea", "LOC", "NAM", "E7"),
            _mention("M11", t, "The two generals", "PER", "NOM", "E8"),
            _mention("M12", t, "MENAFN", "ORG", "NAM", "E9"),
        ],
        "roles": [
            {
                "id": "R1",
                "person": "E1",
                "title": _span(t, "General"),
                "normalized_title": "general",
                "organization": "E2",
                "country": None,
                "status": "current",
                "evidence": _span(t, "General Liu Zhenli of the Chinese People's Liberation Army"),
            }
        ],
        "timexes": [
            {**_span(t, "Jan 5"), "id": "T1", "type": "DATE", "value": "2024-01-05", "mod": None, "anchor": "DCT",
             "function_in_document": "CREATION_TIME"},
            {**_span(t, "Thursday"), "id": "T2", "type": "DATE", "value": "2024-01-04", "mod": None, "anchor": "T1",
             "note": "the Thursday before"},
        ],
        "meetings": [
            {
                "id": "MT1",
                "triggers": [_span(t, "met")],
                "event": "E5",
                "participants": [{"entity": "E1", "role": "R1"}, {"entity": "E4", "role": None}],
                "date": {"timex": "T2", "value": "2024-01-04", "relation": "during"},
                "location": "E6",
                "modality": "in_person",
                "status": "occurred",
                "topics": [{"topic": "south_china_sea", "evidence": [_span(t, "South China Sea")]}],
                "cross_doc_id": "liu-brown-2024-01-04",
            },
            {
                "id": "MT2",
                "triggers": [_span(t, "discussed")],
                "event": None,
                "participants": [],
                "date": None,
                "location": None,
                "modality": "unspecified",
                "status": "generic",
                "topics": [],
                "cross_doc_id": None,
                "note": "made up for the test",
            },
        ],
        "source_notes": [
            {"id": "N1", "kind": "misspelling", "span": _span(t, "Gen."), "correction": "", "note": "style"},
            {"id": "N2", "kind": "factual", "span": _span(t, "Thursday"), "correction": None, "note": "claim"},
        ],
    }


def write_dataset(root: Path, gold: dict[str, Any] | None = None, text: str = SYNTHETIC_TEXT) -> Path:
    """A dataset folder ``root`` with one synthetic document and the bundled card's body."""
    gold = synthetic_gold(text) if gold is None else gold
    (root / "raw").mkdir(parents=True, exist_ok=True)
    (root / "gold").mkdir(parents=True, exist_ok=True)
    (root / "raw" / f"{gold['doc_id']}.txt").write_bytes(text.encode("utf-8"))
    (root / "gold" / f"{gold['doc_id']}.json").write_text(json.dumps(gold, indent=2), encoding="utf-8")
    card = dataset_dir() / "README.md"
    if card.is_file():
        shutil.copy(card, root / "README.md")
    return root


@pytest.fixture
def synthetic(tmp_path: Path) -> Path:
    return write_dataset(tmp_path / "dataset")


def real_gold_present() -> bool:
    return bool(gold_paths(dataset_dir() / "gold"))


@pytest.fixture
def real_copy(tmp_path: Path) -> Path:
    if not real_gold_present():
        pytest.skip("no bundled gold yet")
    target = tmp_path / "real"
    shutil.copytree(dataset_dir(), target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def run_cli(*argv: str) -> int:
    """The export command through argparse, with the CLI's mapping of input errors to 2."""
    parser = argparse.ArgumentParser()
    export_command.register(parser.add_subparsers())
    args = parser.parse_args(["export", *argv])
    try:
        return int(args.func(args))
    except InputError:
        return 2


def bio_entities(tags: list[str]) -> list[tuple[str, int, int]]:
    """``(type, first, last)`` per entity, from a strict BIO sequence (asserts validity)."""
    out: list[tuple[str, int, int]] = []
    for i, tag in enumerate(tags):
        if tag == "O":
            continue
        prefix, etype = tag.split("-", 1)
        if prefix == "B":
            out.append((etype, i, i))
        else:
            assert prefix == "I" and out and out[-1][0] == etype and out[-1][2] == i - 1, f"invalid BIO at {i}: {tags}"
            out[-1] = (etype, out[-1][1], i)
    return out


def expected_name_spans(doc: dict[str, Any]) -> set[tuple[int, int, str]]:
    """NAM mentions that are not nested inside a longer NAM mention (the documented rule)."""
    names = {(m["start"], m["end"], m["type"]) for m in doc["mentions"] if m["form"] == "NAM"}
    return {
        n for n in names
        if not any(o != n and o[0] <= n[0] and n[1] <= o[1] and (o[1] - o[0]) > (n[1] - n[0]) for o in names)
    }


def ner_char_spans(rows: list[dict[str, Any]]) -> set[tuple[int, int, str]]:
    spans = set()
    for row in rows:
        tags = [ex.NER_LABELS[t] for t in row["ner_tags"]]
        for etype, first, last in bio_entities(tags):
            spans.add((row["token_starts"][first], row["token_ends"][last], etype))
    return spans


# ---------------------------------------------------------------------------- features


def _feature_keys(feature: Any) -> Any:
    if isinstance(feature, dict):
        return {k: _feature_keys(v) for k, v in feature.items()}
    if isinstance(feature, List):
        return [_feature_keys(feature.feature)]
    return None


def _schema_keys(node: dict[str, Any]) -> Any:
    node = ex._resolve(node)
    if "oneOf" in node:
        return _schema_keys(next(b for b in node["oneOf"] if ex._resolve(b).get("type") != "null"))
    if "properties" in node:
        return {k: _schema_keys(v) for k, v in node["properties"].items()}
    if node.get("type") == "array":
        return [_schema_keys(node["items"])]
    return None


def test_documents_features_cover_the_schema_exactly() -> None:
    """A field added to the schema must be added to the features, or the export would drop it."""
    expected = _schema_keys(ex._schema())
    expected["text"] = None
    assert _feature_keys(ex.documents_features()) == expected


def test_lists_of_objects_are_lists_of_structs() -> None:
    features = ex.documents_features()
    assert isinstance(features["mentions"], List) and isinstance(features["mentions"].feature, dict)
    assert isinstance(features["meetings"].feature["topics"].feature["evidence"], List)


def test_ner_labels_are_bio_over_the_seven_types() -> None:
    tags = ex.ner_features()["ner_tags"]
    assert isinstance(tags, List) and isinstance(tags.feature, ClassLabel)
    assert tags.feature.names[0] == "O" and len(tags.feature.names) == 15
    for etype in ("PER", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP"):
        assert f"B-{etype}" in tags.feature.names and f"I-{etype}" in tags.feature.names


# ---------------------------------------------------------------------------- records


def test_record_round_trips_to_the_gold(synthetic: Path) -> None:
    (source,) = ex.load_documents(synthetic)
    record = ex.document_record(source.doc, source.text)
    assert record["text"] == SYNTHETIC_TEXT
    assert record["entities"][1]["wikidata"] is None and record["entities"][1]["members"] is None
    assert record["meetings"][1]["date"] is None
    assert ex.record_to_gold(record) == source.doc


def test_table_values_equal_records(synthetic: Path) -> None:
    (source,) = ex.load_documents(synthetic)
    table = ex.build_tables(synthetic)["documents"]
    assert table.to_pylist() == [ex.document_record(source.doc, source.text)]


def test_schema_violation_is_an_input_error(tmp_path: Path) -> None:
    gold = synthetic_gold()
    gold["mentions"][0]["extra"] = 1
    root = write_dataset(tmp_path / "d", gold)
    with pytest.raises(InputError) as err:
        ex.build_tables(root)
    assert "/mentions/0" in str(err.value)
    assert run_cli("--dataset", str(root)) == 2


def test_stale_text_hash_is_an_input_error(tmp_path: Path) -> None:
    gold = synthetic_gold()
    root = write_dataset(tmp_path / "d", gold)
    (root / "raw" / "x.txt").write_text(SYNTHETIC_TEXT + "x", encoding="utf-8")
    with pytest.raises(InputError, match="text_sha256"):
        ex.build_tables(root)


# ---------------------------------------------------------------------------- ner


def test_ner_tags_reproduce_outermost_name_spans(synthetic: Path) -> None:
    (source,) = ex.load_documents(synthetic)
    rows = ex.ner_rows(source)
    assert ner_char_spans(rows) == expected_name_spans(source.doc)
    spans = ner_char_spans(rows)
    forum = _span(SYNTHETIC_TEXT, "Beijing Xiangsha Forum")
    assert (forum["start"], forum["end"], "EVENT") in spans  # outer span wins
    assert not any(etype == "NORP" for _, _, etype in spans)  # "Chinese" nested in the ORG name
    he = _span(SYNTHETIC_TEXT, "He")
    assert not any(start == he["start"] for start, _, _ in spans)  # pronouns are not NER tags


def test_ner_rows_cover_every_token_once_with_true_offsets(synthetic: Path) -> None:
    (source,) = ex.load_documents(synthetic)
    rows = ex.ner_rows(source)
    tokens = ex.tokenize(SYNTHETIC_TEXT)
    assert [t for r in rows for t in r["tokens"]] == [t.text for t in tokens]
    for row in rows:
        assert len(row["tokens"]) == len(row["ner_tags"]) == len(row["token_starts"]) == len(row["token_ends"])
        for tok, start, end in zip(row["tokens"], row["token_starts"], row["token_ends"]):
            assert SYNTHETIC_TEXT[start:end] == tok and not tok.isspace()
    assert [r["sentence"] for r in rows] == list(range(len(rows)))
    assert rows[0]["tokens"] == ["Mil2Mil", "test", "wire"]  # the headline line is its own row


def test_seqeval_reads_the_tags(synthetic: Path) -> None:
    from seqeval.metrics.sequence_labeling import get_entities

    (source,) = ex.load_documents(synthetic)
    for row in ex.ner_rows(source):
        tags = [ex.NER_LABELS[t] for t in row["ner_tags"]]
        assert [(t, s, e) for t, s, e in get_entities(tags)] == bio_entities(tags)


def test_trailing_hyphen_is_split_so_names_keep_their_boundaries() -> None:
    assert [t.text for t in ex.tokenize("(MENAFN- Wire)")] == ["(", "MENAFN", "-", "Wire", ")"]
    assert [t.text for t in ex.tokenize("China-US -- ties")] == ["China", "-", "US", "--", "ties"]


# The validator already rejects most of the following; the NER builder checks them again on
# its own (documents built here bypass the validator) because BIO tags cannot represent them.


def test_boundary_inside_a_token_is_an_error() -> None:
    text = SYNTHETIC_TEXT.replace("Charles Brown at", "Charles Brownat")
    source = ex.SourceDocument(Path("x.json"), synthetic_gold(text), text)
    with pytest.raises(InputError, match=r"M6 'Charles Brown': offset \d+ is inside token 'Brownat'"):
        ex.ner_rows(source)


def test_crossing_names_are_an_error() -> None:
    gold = synthetic_gold()
    gold["mentions"].append(_mention("M13", SYNTHETIC_TEXT, "Xiangsha Forum on Thursday", "EVENT", "NAM", "E5"))
    with pytest.raises(InputError, match="crosses"):
        ex.ner_rows(ex.SourceDocument(Path("x.json"), gold, SYNTHETIC_TEXT))


def test_same_span_with_two_types_is_an_error() -> None:
    gold = synthetic_gold()
    gold["mentions"].append(_mention("M13", SYNTHETIC_TEXT, "Liu Zhenli", "ORG", "NAM", "E2"))
    with pytest.raises(InputError, match="same span"):
        ex.ner_rows(ex.SourceDocument(Path("x.json"), gold, SYNTHETIC_TEXT))


def test_invalid_gold_is_not_exported(tmp_path: Path) -> None:
    gold = synthetic_gold()
    gold["mentions"][2]["end"] += 1
    root = write_dataset(tmp_path / "d", gold)
    with pytest.raises(InputError, match="/mentions/2"):
        ex.export(root)
    assert not (root / "data").exists()


def test_sentences_are_joined_where_a_name_spans_a_boundary(tmp_path: Path) -> None:
    text = SYNTHETIC_TEXT.replace("Gen. Charles Brown", "Lt. Gen. Charles Brown")
    gold = synthetic_gold(text)
    gold["mentions"][5] = _mention("M6", text, "Lt. Gen. Charles Brown", "PER", "NAM", "E4")
    root = write_dataset(tmp_path / "d", gold, text)
    (source,) = ex.load_documents(root)
    rows = ex.ner_rows(source)
    assert ner_char_spans(rows) == expected_name_spans(source.doc)
    (row,) = [r for r in rows if "Brown" in r["tokens"]]
    assert row["tokens"][row["tokens"].index("Lt") - 1] == "met"


# ---------------------------------------------------------------------------- export and check


def test_export_then_check_passes(synthetic: Path) -> None:
    assert run_cli("--dataset", str(synthetic)) == 0
    assert ex.check(synthetic) == []
    assert run_cli("--dataset", str(synthetic), "--check") == 0
    for rel in ex.DATA_FILES.values():
        assert (synthetic / rel).is_file()
    assert not [p for p in (synthetic / "data").iterdir() if p.name.startswith(".")]  # no temp files left


def test_cli_entry_point_exit_codes(synthetic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mil2mil.cli import main

    assert main(["export", "--check", "--dataset", str(synthetic)]) == 1  # nothing exported yet
    assert main(["export", "--dataset", str(synthetic)]) == 0
    assert main(["export", "--check", "--dataset", str(synthetic)]) == 0
    assert main(["export", "--dataset", str(tmp_path / "missing")]) == 2
    assert "not a dataset folder" in capsys.readouterr().err


def test_export_never_modifies_gold_or_raw(synthetic: Path) -> None:
    before = {p: p.read_bytes() for p in synthetic.rglob("*") if p.is_file() and p.parent.name in {"gold", "raw"}}
    ex.export(synthetic)
    after = {p: p.read_bytes() for p in synthetic.rglob("*") if p.is_file() and p.parent.name in {"gold", "raw"}}
    assert before == after


def test_export_is_deterministic(tmp_path: Path) -> None:
    first = write_dataset(tmp_path / "a")
    second = write_dataset(tmp_path / "b")
    ex.export(first)
    ex.export(second)
    for rel in ex.DATA_FILES.values():
        a, b = pq.read_table(first / rel), pq.read_table(second / rel)
        assert a.equals(b) and a.schema.equals(b.schema, check_metadata=True)
        assert (first / rel).read_bytes() == (second / rel).read_bytes()  # same pyarrow: same bytes
    assert (first / "README.md").read_text() == (second / "README.md").read_text()
    again = ex.export(first)
    assert again.written == () and set(again.unchanged) == {*ex.DATA_FILES.values(), "README.md", "croissant.json"}


def data_drifts(drifts: list[ex.Drift]) -> list[ex.Drift]:
    """Drifts other than the Croissant file's, whose hashes change with any data file."""
    return [d for d in drifts if d.file != "croissant.json"]


def test_croissant_hashes_follow_the_files(synthetic: Path) -> None:
    ex.export(synthetic)
    assert ex.check(synthetic) == []
    gold_file = synthetic / "gold" / "x.json"
    gold_file.write_text(gold_file.read_text() + "\n")  # same content, other bytes
    (drift,) = ex.check(synthetic)
    assert drift.file == "croissant.json" and ("sha256" in drift.message or "contentSize" in drift.message)
    ex.export(synthetic)
    meta = json.loads((synthetic / "croissant.json").read_text())
    entry = next(d for d in meta["distribution"] if d["contentUrl"] == "gold/x.json")
    assert entry["sha256"] == hashlib.sha256(gold_file.read_bytes()).hexdigest()


def test_check_reports_a_tampered_value(synthetic: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ex.export(synthetic)
    path = synthetic / ex.DATA_FILES["documents"]
    table = pq.read_table(path)
    rows = table.to_pylist()
    rows[0]["mentions"][2]["end"] += 1
    import pyarrow as pa

    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), path)
    drifts = data_drifts(ex.check(synthetic))
    assert len(drifts) == 1
    message = str(drifts[0])
    assert "data/documents.parquet" in message and "doc_id 'x'" in message and "mentions[2].end" in message
    assert run_cli("--dataset", str(synthetic), "--check") == 1
    assert "mentions[2].end" in capsys.readouterr().err


def test_check_reports_changed_gold(synthetic: Path) -> None:
    ex.export(synthetic)
    gold_file = synthetic / "gold" / "x.json"
    gold = json.loads(gold_file.read_text())
    gold["metadata"]["publisher"] = "Other Wire"
    gold_file.write_text(json.dumps(gold))
    drifts = [str(d) for d in data_drifts(ex.check(synthetic))]
    assert drifts == [
        "data/documents.parquet: config 'documents', row 0 (doc_id 'x'): "
        "metadata.publisher: committed 'Test Wire', gold gives 'Other Wire'"
    ]


def test_check_reports_a_type_change_as_drift(synthetic: Path) -> None:
    """A date that came back as a timestamp (what the JSON loader does) must count as drift."""
    ex.export(synthetic)
    path = synthetic / ex.DATA_FILES["ner"]
    table = pq.read_table(path)
    table = table.drop_columns(["sentence"]).append_column("sentence", table["sentence"].cast("int64"))
    pq.write_table(table.select(["id", "doc_id", "sentence", "tokens", "ner_tags", "token_starts", "token_ends"]), path)
    (drift,) = data_drifts(ex.check(synthetic))
    assert "data/ner.parquet" in str(drift) and "features differ" in str(drift)


def test_check_reports_missing_file_and_card_edits(synthetic: Path) -> None:
    ex.export(synthetic)
    (synthetic / ex.DATA_FILES["ner"]).unlink()
    card = synthetic / "README.md"
    card.write_text(card.read_text().replace("path: data/documents.parquet", "path: data/other.parquet"))
    drifts = [str(d) for d in ex.check(synthetic)]
    assert any(d.startswith("data/ner.parquet: missing") for d in drifts)
    assert any(d.startswith("README.md: YAML front matter") and "data_files" in d for d in drifts)


def test_export_keeps_the_card_body(synthetic: Path) -> None:
    card = synthetic / "README.md"
    card.write_text("---\nlicense: mit\n---\n\n# Body kept\n", encoding="utf-8")
    ex.export(synthetic)
    content = card.read_text(encoding="utf-8")
    assert content.endswith("\n# Body kept\n") and "license: other" in content
    assert ex.check(synthetic) == []


def test_failed_write_leaves_the_old_file(synthetic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ex.export(synthetic)
    path = synthetic / ex.DATA_FILES["documents"]
    before = path.read_bytes()
    gold_file = synthetic / "gold" / "x.json"
    gold = json.loads(gold_file.read_text())
    gold["metadata"]["publisher"] = "Changed"
    gold_file.write_text(json.dumps(gold))

    def broken(table: Any, tmp: Path) -> None:
        tmp.write_bytes(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(ex, "_write_parquet", broken)
    with pytest.raises(OSError, match="disk full"):
        ex.export(synthetic)
    assert path.read_bytes() == before
    assert sorted(p.name for p in (synthetic / "data").iterdir()) == ["authored.parquet", "documents.parquet", "ner.parquet"]


# ---------------------------------------------------------------------------- the bundled gold


def test_bundled_derived_files_match_the_gold() -> None:
    """The committed Parquet files and card must be what `mil2mil export` writes now."""
    if not real_gold_present():
        pytest.skip("no bundled gold yet")
    drifts = ex.check(dataset_dir())
    assert drifts == [], "run `mil2mil export`:\n" + "\n".join(map(str, drifts))


def test_real_gold_exports_and_round_trips(real_copy: Path) -> None:
    tables = ex.build_tables(real_copy)
    sources = ex.load_documents(real_copy)
    assert tables["documents"].num_rows == len(sources)
    for source, row in zip(sources, tables["documents"].to_pylist()):
        assert ex.record_to_gold(row) == source.doc
    for source in sources:
        rows = [r for r in tables["ner"].to_pylist() if r["doc_id"] == source.doc["doc_id"]]
        assert ner_char_spans(rows) == expected_name_spans(source.doc)


def test_real_check_fails_on_tampered_copy(real_copy: Path) -> None:
    ex.export(real_copy)  # fresh files: staleness of the committed ones is the test above
    assert ex.check(real_copy) == []
    path = real_copy / ex.DATA_FILES["ner"]
    table = pq.read_table(path)
    rows = table.to_pylist()
    rows[-1]["ner_tags"][0] = (rows[-1]["ner_tags"][0] + 1) % len(ex.NER_LABELS)
    import pyarrow as pa

    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), path)
    (drift,) = data_drifts(ex.check(real_copy))
    assert "data/ner.parquet" in str(drift) and f"id {rows[-1]['id']!r}" in str(drift) and "ner_tags[0]" in str(drift)
