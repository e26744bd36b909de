"""Synthetic gold documents (valid under the gold schema) and file helpers for the scoring tests."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

import mil2mil.cli as cli


TEXT_A = (
    "BEIJING, Dec 21 -- General Liu Zhenli, chief of the Central Military Commission's Joint Staff "
    "Department, held a video call with General Charles Q. Brown, chairman of the U.S. Joint Chiefs of "
    "Staff, on Thursday. The two officials discussed Taiwan. Liu said China wants stable ties."
)
TEXT_B = "WASHINGTON, Sept 15 -- Defense officials met in Hawaii on Sept 12. Dong Jun did not attend."


def _span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def make_doc_a() -> tuple[dict[str, Any], str]:
    t = TEXT_A

    def m(mid: str, needle: str, typ: str, form: str, ent: str, nth: int = 0) -> dict[str, Any]:
        s, e = _span(t, needle, nth)
        return {"id": mid, "start": s, "end": e, "text": t[s:e], "type": typ, "form": form, "entity": ent}

    def sp(needle: str, nth: int = 0) -> dict[str, Any]:
        s, e = _span(t, needle, nth)
        return {"start": s, "end": e, "text": t[s:e]}

    mentions = [
        m("M1", "BEIJING", "GPE", "NAM", "E1"),
        m("M2", "Liu Zhenli", "PER", "NAM", "E2"),
        m("M3", "Central Military Commission", "ORG", "NAM", "E3"),
        m("M4", "Central Military Commission's Joint Staff Department", "ORG", "NAM", "E4"),
        m("M5", "Charles Q. Brown", "PER", "NAM", "E5"),
        m("M6", "U.S. Joint Chiefs of Staff", "ORG", "NAM", "E6"),
        m("M7", "The two officials", "PER", "NOM", "E7"),
        m("M8", "Taiwan", "GPE", "NAM", "E8"),
        m("M9", "Liu", "PER", "NAM", "E2", 1),
        m("M10", "China", "GPE", "NAM", "E9"),
    ]
    # M9: the second "Liu" (the first is inside "Liu Zhenli")
    doc = {
        "doc_id": "doc-a",
        "text_file": "raw/doc-a.txt",
        "text_sha256": hashlib.sha256(t.encode()).hexdigest(),
        "metadata": {"source_file": "a.txt", "publisher": "Test", "agency": None, "headline": None,
                     "language": "en", "dct": {"value": "2023-12-22", "provenance": "external_source",
                                               "timex": None, "source": "test"},
                     "copyright_holder": "Test", "constructed": False, "collection": "news"},
        "zones": [{"id": "Z1", "type": "body", "start": 0, "end": len(t)}],
        "entities": [
            {"id": "E1", "type": "GPE", "canonical_name": "Beijing"},
            {"id": "E2", "type": "PER", "canonical_name": "Liu Zhenli"},
            {"id": "E3", "type": "ORG", "canonical_name": "Central Military Commission"},
            {"id": "E4", "type": "ORG", "canonical_name": "Joint Staff Department"},
            {"id": "E5", "type": "PER", "canonical_name": "Charles Q. Brown"},
            {"id": "E6", "type": "ORG", "canonical_name": "US Joint Chiefs of Staff"},
            {"id": "E7", "type": "PER", "canonical_name": "Liu Zhenli and Charles Q. Brown", "members": ["E2", "E5"]},
            {"id": "E8", "type": "GPE", "canonical_name": "Taiwan"},
            {"id": "E9", "type": "GPE", "canonical_name": "China"},
        ],
        "mentions": mentions,
        "roles": [
            {"id": "R1", "person": "E2", "title": sp("chief"), "normalized_title": "chief of joint staff department",
             "organization": "E4", "country": "E9", "status": "current", "evidence": sp("chief")},
            {"id": "R2", "person": "E5", "title": sp("chairman"), "normalized_title": "chairman",
             "organization": "E6", "country": None, "status": "current", "evidence": sp("chairman")},
        ],
        "timexes": [
            {"id": "T1", **sp("Dec 21"), "type": "DATE", "value": "2023-12-21", "mod": None, "anchor": "DCT"},
            {"id": "T2", **sp("Thursday"), "type": "DATE", "value": "2023-12-21", "mod": None, "anchor": "DCT"},
        ],
        "meetings": [
            {"id": "MT1", "triggers": [sp("video call")], "event": None,
             "participants": [{"entity": "E2", "role": "R1"}, {"entity": "E5", "role": "R2"}],
             "date": {"timex": "T2", "value": "2023-12-21", "relation": "during"}, "location": None,
             "modality": "video", "status": "occurred",
             "topics": [{"topic": "taiwan", "evidence": [sp("Taiwan")]}], "cross_doc_id": "liu-brown-2023-12-21"},
        ],
        "source_notes": [],
    }
    return doc, t


def make_doc_b() -> tuple[dict[str, Any], str]:
    t = TEXT_B

    def sp(needle: str) -> dict[str, Any]:
        s, e = _span(t, needle)
        return {"start": s, "end": e, "text": t[s:e]}

    def m(mid: str, needle: str, typ: str, form: str, ent: str) -> dict[str, Any]:
        return {"id": mid, **sp(needle), "type": typ, "form": form, "entity": ent}

    doc = {
        "doc_id": "doc-b",
        "text_file": "raw/doc-b.txt",
        "text_sha256": hashlib.sha256(t.encode()).hexdigest(),
        "metadata": {"source_file": "b.txt", "publisher": "Test", "agency": None, "headline": None,
                     "language": "en", "dct": {"value": "2024-09-15", "provenance": "external_source",
                                               "timex": None, "source": "test"},
                     "copyright_holder": "Test", "constructed": False, "collection": "news"},
        "zones": [{"id": "Z1", "type": "body", "start": 0, "end": len(t)}],
        "entities": [
            {"id": "E1", "type": "GPE", "canonical_name": "Washington"},
            {"id": "E2", "type": "PER", "canonical_name": "defense officials"},
            {"id": "E3", "type": "GPE", "canonical_name": "Hawaii"},
            {"id": "E4", "type": "PER", "canonical_name": "Dong Jun"},
        ],
        "mentions": [m("M1", "WASHINGTON", "GPE", "NAM", "E1"), m("M2", "Defense officials", "PER", "NOM", "E2"),
                     m("M3", "Hawaii", "GPE", "NAM", "E3"), m("M4", "Dong Jun", "PER", "NAM", "E4")],
        "roles": [],
        "timexes": [{"id": "T1", **sp("Sept 12"), "type": "DATE", "value": "2024-09-12", "mod": None, "anchor": "DCT"},
                    {"id": "T2", **sp("Sept 15"), "type": "DATE", "value": "2024-09-15", "mod": None, "anchor": "DCT"}],
        "meetings": [
            {"id": "MT1", "triggers": [sp("met")], "event": None, "participants": [{"entity": "E2", "role": None}],
             "date": {"timex": "T1", "value": "2024-09-12", "relation": "during"}, "location": "E3",
             "modality": "in_person", "status": "occurred", "topics": [], "cross_doc_id": "hawaii-2024-09-12"},
            {"id": "MT2", "triggers": [sp("attend")], "event": None, "participants": [{"entity": "E4", "role": None}],
             "date": None, "location": "E3", "modality": "in_person", "status": "occurred",
             "topics": [], "cross_doc_id": "liu-brown-2023-12-21"},
        ],
        "source_notes": [],
    }
    return doc, t


def write_dataset(root: Path, docs: list[tuple[dict[str, Any], str]]) -> Path:
    (root / "gold").mkdir(parents=True, exist_ok=True)
    (root / "raw").mkdir(parents=True, exist_ok=True)
    for doc, text in docs:
        (root / doc["text_file"]).write_bytes(text.encode("utf-8"))
        (root / "gold" / f"{doc['doc_id']}.json").write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return root


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def only_score_command(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the real ``mil2mil.cli.main`` with just the commands a scoring suite is about
    (autouse in every module that imports it)."""
    monkeypatch.setattr(cli, "COMMANDS", ("mil2mil.commands.score",))


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``mil2mil`` run in-process: exit code, stdout, stderr."""
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err
