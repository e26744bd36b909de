"""`mil2mil validate` on corrupted copies: one clear line per problem, exit 2, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mil2mil.cli import main
from tests.conftest import KUNA, PRESSTV

Doc = dict[str, Any]


def edit(dataset: Path, doc_id: str, change: Callable[[Doc], None]) -> Path:
    path = dataset / "gold" / f"{doc_id}.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_bundled_gold_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert (code, err) == (0, "")
    assert out.startswith("ok: 2 gold documents valid")


def test_valid_copy_is_valid(capsys: pytest.CaptureFixture[str], dataset_copy: Path) -> None:
    assert run(capsys, str(dataset_copy))[0] == 0


def duplicate_source_note(doc: Doc) -> None:
    doc["source_notes"].append(dict(doc["source_notes"][0], id="N99"))


def shift_mention(doc: Doc) -> None:
    doc["mentions"][3]["start"] += 1


def rename_entity_ref(doc: Doc) -> None:
    doc["meetings"][0]["participants"][0]["entity"] = "E999"


def wrong_weekday(doc: Doc) -> None:
    thursday = next(t for t in doc["timexes"] if t["text"] == "Thursday")
    thursday["value"] = "2023-12-22"
    for mt in doc["meetings"]:
        if mt["date"] and mt["date"]["timex"] == thursday["id"]:
            mt["date"]["value"] = "2023-12-22"


def impossible_date(doc: Doc) -> None:
    doc["timexes"][4]["value"] = "2023-02-30"


def wrong_type(doc: Doc) -> None:
    doc["mentions"][0]["start"] = "3"


def unknown_field(doc: Doc) -> None:
    doc["mentions"][0]["label"] = "ORG"


def duplicate_id(doc: Doc) -> None:
    doc["mentions"][1]["id"] = doc["mentions"][0]["id"]


def participant_role_of_other_person(doc: Doc) -> None:
    parts = doc["meetings"][0]["participants"]
    parts[0]["role"], parts[1]["role"] = parts[1]["role"], parts[0]["role"]


def date_value_disagrees(doc: Doc) -> None:
    doc["meetings"][0]["date"]["value"] = "2023-12"


def location_of_wrong_type(doc: Doc) -> None:
    person = next(e["id"] for e in doc["entities"] if e["type"] == "PER")
    doc["meetings"][0]["location"] = person


def mention_type_disagrees(doc: Doc) -> None:
    doc["mentions"][0]["type"] = "GPE"


def unsorted_mentions(doc: Doc) -> None:
    doc["mentions"][0], doc["mentions"][4] = doc["mentions"][4], doc["mentions"][0]


def missing_cross_doc_id(doc: Doc) -> None:
    doc["meetings"][0]["cross_doc_id"] = None


def zone_gap(doc: Doc) -> None:
    doc["zones"].pop()


def unknown_title(doc: Doc) -> None:
    doc["roles"][0]["normalized_title"] = "generalissimo"


def group_with_its_members(doc: Doc) -> None:
    group = next(e["id"] for e in doc["entities"] if e.get("members") and e["type"] == "PER")
    doc["meetings"][0]["participants"].append({"entity": group, "role": None})


def unsorted_triggers(doc: Doc) -> None:
    doc["meetings"][0]["triggers"].reverse()


def duplicate_canonical_name(doc: Doc) -> None:
    doc["entities"][1]["canonical_name"] = doc["entities"][0]["canonical_name"].upper()


def liu(doc: Doc) -> Doc:
    return next(e for e in doc["entities"] if e["canonical_name"] == "Liu Zhenli")


def text_alias_not_in_text(doc: Doc) -> None:
    liu(doc)["aliases"][0]["name"] = "Zhenli Liu"


def unknown_alias_source(doc: Doc) -> None:
    liu(doc)["aliases"][0]["source"] = "guess"


def correction_without_note(doc: Doc) -> None:
    liu(doc)["aliases"].append({"name": "Liu Zhenly", "source": "correction", "note": "no source note records this"})


def text_alias_missing(doc: Doc) -> None:
    liu(doc)["aliases"] = [a for a in liu(doc)["aliases"] if a["name"] != "Liu"]


def duplicate_alias(doc: Doc) -> None:
    liu(doc)["aliases"].append(dict(liu(doc)["aliases"][0], source="variant"))


CORRUPTIONS: list[tuple[Callable[[Doc], None], str, str]] = [
    (text_alias_not_in_text, "/entities/10/aliases/0/name", "a text alias is a name or nominal mention string"),
    (unknown_alias_source, "/entities/10/aliases/0/source", "is not one of"),
    (correction_without_note, "/entities/10/aliases/2/source", "corrects a misspelling recorded in source_notes"),
    (text_alias_missing, "/entities/10/aliases", "missing: 'Liu'"),
    (duplicate_alias, "/entities/10/aliases/2/name", "is given twice"),
    (shift_mention, "/mentions/3", "but the text there is"),
    (rename_entity_ref, "/meetings/0/participants/0/entity", "is not an entity id"),
    (wrong_weekday, "/timexes/4/value", "names a Thursday but '2023-12-22' is a Friday"),
    (impossible_date, "/timexes/4/value", "has no day 30"),
    (wrong_type, "/mentions/0/start", "is not of type 'integer'"),
    (unknown_field, "/mentions/0", "Additional properties are not allowed"),
    (duplicate_id, "/mentions/1/id", "is used more than once"),
    (participant_role_of_other_person, "/meetings/0/participants/0/role", "belongs to"),
    (date_value_disagrees, "/meetings/0/date/value", "expected '2023-12-21'"),
    (location_of_wrong_type, "/meetings/0/location", "must be FAC/GPE/LOC"),
    (mention_type_disagrees, "/mentions/0/type", "expected ORG"),
    (unsorted_mentions, "/mentions/", "must be sorted"),
    (missing_cross_doc_id, "/meetings/0/cross_doc_id", "needs a cross-document id"),
    (zone_gap, "/zones", "are in no zone"),
    (unknown_title, "/roles/0/normalized_title", "not in the title table"),
    (group_with_its_members, "/meetings/0/participants/2", "listed together with all of its members"),
    (unsorted_triggers, "/meetings/0/triggers", "must be sorted"),
    (duplicate_canonical_name, "/entities/1/canonical_name", "is used by two entities"),
    (duplicate_source_note, "/source_notes/2", "one note per kind and span"),
]


@pytest.mark.parametrize(("corrupt", "pointer", "message"), CORRUPTIONS, ids=[c[0].__name__ for c in CORRUPTIONS])
def test_corrupted_gold_is_rejected_with_file_line_pointer(
    capsys: pytest.CaptureFixture[str], dataset_copy: Path, corrupt: Callable[[Doc], None], pointer: str, message: str
) -> None:
    path = edit(dataset_copy, KUNA, corrupt)
    before = path.read_bytes()
    code, out, err = run(capsys, str(dataset_copy))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    matching = [line for line in lines if f": {pointer}" in line and message in line]
    assert matching, err
    assert matching[0].startswith(f"error: {path}:")
    line_number = int(matching[0].split(":")[2])
    assert line_number >= 1
    assert "Traceback" not in err
    assert path.read_bytes() == before  # validation never writes


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"doc_id": "x",\n  "zones": [1, 2,]\n}', "invalid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"doc_id": NaN}', "NaN is not valid JSON"),
        (b"[" * 5000 + b"]" * 5000, "nesting deeper than"),
        (b"", "invalid JSON"),
        (b"[]", "is not of type 'object'"),
    ],
    ids=["syntax", "encoding", "nan", "deep", "empty", "not-an-object"],
)
def test_unreadable_files_get_one_clear_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "gold" / "broken.json"
    path.parent.mkdir()
    path.write_bytes(content)
    code, _, err = run(capsys, str(path))
    assert code == 2
    assert message in err and str(path) in err and "Traceback" not in err


def test_syntax_error_names_its_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n"a": 1,\n"b": }\n', encoding="utf-8")
    _, _, err = run(capsys, str(path))
    assert f"{path}:3: invalid JSON" in err


def test_edited_raw_text_is_detected(capsys: pytest.CaptureFixture[str], dataset_copy: Path) -> None:
    raw = dataset_copy / "raw" / f"{PRESSTV}.txt"
    raw.write_bytes(raw.read_bytes().replace(b"Xiangsha", b"Xiangshan", 1))
    code, _, err = run(capsys, str(dataset_copy))
    assert code == 2 and "/text_sha256" in err


def test_missing_path_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, str(tmp_path / "nowhere.json"))
    assert code == 2 and "cannot read the file" in err


def test_console_script_exit_status_and_stderr(dataset_copy: Path) -> None:
    edit(dataset_copy, PRESSTV, shift_mention)
    proc = subprocess.run([sys.executable, "-m", "mil2mil", "validate", str(dataset_copy)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert proc.stdout == "" and "/mentions/3" in proc.stderr and "Traceback" not in proc.stderr


def test_a_former_roles_evidence_may_open_with_its_status_word() -> None:
    """docs/guidelines.md (roles, evidence): the shortest span holding the title, the mentions
    and a status word such as "former" — so "former ambassador to ..., Kaldera" is accepted for
    a former role, and only for one."""
    import copy
    import hashlib

    from mil2mil.gold import dataset_dir
    from mil2mil.validate import semantic_problems

    folder = dataset_dir() / "authored"
    gold = json.loads((folder / "gold" / "authored-014.json").read_text(encoding="utf-8"))
    text = (folder / "raw" / "authored-014.txt").read_text(encoding="utf-8")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    def core(r: dict[str, Any]) -> int:  # where the evidence starts without its status word
        start = r["evidence"]["start"]
        return start + len("former ") if text.startswith("former ", start) else start

    (k, role), = [(k, r) for k, r in enumerate(gold["roles"]) if r["status"] == "former"
                  and text[:core(r)].endswith("A former ")]
    assert not list(semantic_problems(gold, text, sha))

    def with_evidence_from(start: int, status: str) -> list[tuple[str, str]]:
        doc = copy.deepcopy(gold)
        ev = doc["roles"][k]["evidence"]
        ev["start"], ev["text"] = start, text[start:ev["end"]]
        doc["roles"][k]["status"] = status
        return [p for p in semantic_problems(doc, text, sha) if p[0] == f"/roles/{k}/evidence"]

    former = core(role) - len("former ")
    assert with_evidence_from(former, "former") == []
    assert with_evidence_from(former, "current")  # a current role has no status word
    assert with_evidence_from(former - len("A "), "former")  # not tight: "A former ..."
