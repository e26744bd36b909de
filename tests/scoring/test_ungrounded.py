"""The ungrounded track end to end: predictions' aliases, titles, role countries, dates per
document, every slot reachable from the text, no alignment cliff, the declared matching kind
and checked values."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from mil2mil.errors import InputError
from mil2mil.scoring import GoldSource, score
from mil2mil.scoring.counts import SlotCounts
from mil2mil.scoring.gold_source import GoldDoc, prepare_gold
from mil2mil.scoring.layers import Resolver, score_meetings
from mil2mil.scoring.predictions import PredDoc
from mil2mil.scoring.names import POLICY

from scoring_fixtures import only_score_command, run_cli, write_jsonl  # noqa: F401 (autouse fixture)

UNGROUNDED_LAYERS = ("entities", "roles", "timexes", "meetings")


def line(doc_id: str, **layers: Any) -> dict[str, Any]:
    return {"doc_id": doc_id, "matching": "ungrounded", **layers}


# --- every slot reachable from the text ------------------------------------------------

def text_form(gold: GoldDoc, eid: str) -> str | None:
    """A text alias of ``eid`` that names it (never the canonical name, unless the text
    writes exactly that)."""
    entity = next(e for e in gold.raw["entities"] if e["id"] == eid)
    forms = [a["name"] for a in entity.get("aliases", []) if a["source"] == "text"]
    forms.sort(key=lambda f: f == entity["canonical_name"])
    return next((f for f in forms if gold.name_index.resolve(f)[0] == eid), None)


def text_refs(gold: GoldDoc, eid: str) -> list[str]:
    """Text forms naming ``eid``: its own, or (a group named only by a pronoun) its members'."""
    own = text_form(gold, eid)
    return [own] if own is not None else [r for m in gold.members.get(eid, []) for r in text_refs(gold, m)]


def text_forms_line(gold: GoldDoc) -> dict[str, Any]:
    """The ungrounded line of a perfect system that names everything as the text does."""
    def one(eid: str | None) -> str | None:
        if eid is None:
            return None
        refs = text_refs(gold, eid)
        assert len(refs) == 1, (gold.doc_id, eid, refs)
        return refs[0]

    raw = gold.raw
    entities = [{"name": f, "type": e["type"]} for e in raw["entities"] if (f := text_form(gold, e["id"])) is not None]
    roles = [{"person": one(r["person"]), "normalized_title": r["normalized_title"], "organization": one(r["organization"]),
              "country": one(r["country"]), "status": r["status"]} for r in raw["roles"]]
    meetings = [{"participants": [x for p in m["participants"] for x in text_refs(gold, p["entity"])],
                 "date": m["date"]["value"] if m["date"] else None, "location": one(m["location"]),
                 "modality": m["modality"], "status": m["status"], "topics": sorted({t["topic"] for t in m["topics"]})}
                for m in raw["meetings"]]
    timexes = [{"type": t["type"], "value": t["value"]} for t in raw["timexes"]]
    return line(gold.doc_id, entities=entities, roles=roles, timexes=timexes, meetings=meetings)


def test_every_slot_filler_has_a_text_alias() -> None:
    for gold in GoldSource.from_path().iter_docs():
        slot = {r[k] for r in gold.raw["roles"] for k in ("person", "organization", "country")}
        slot |= {p["entity"] for m in gold.raw["meetings"] for p in m["participants"]}
        slot |= {m["location"] for m in gold.raw["meetings"]}
        for eid in sorted(slot - {None}):
            entity = next(e for e in gold.raw["entities"] if e["id"] == eid)
            assert any(a["source"] == "text" for a in entity.get("aliases", [])), (gold.doc_id, eid)


def test_text_forms_only_prediction_scores_one_everywhere(tmp_path: Path) -> None:
    source = GoldSource.from_path()
    rows = [text_forms_line(g) for g in source.iter_docs()]
    canonical = {e["canonical_name"] for g in source.iter_docs() for e in g.raw["entities"]}
    used = [e["name"] for r in rows for e in r["entities"]] + [r["person"] for row in rows for r in row["roles"]]
    assert sum(n in canonical for n in used) < len(used) / 2  # mostly the text's own forms
    rep = score(write_jsonl(tmp_path / "p.jsonl", rows), source)
    for layer in UNGROUNDED_LAYERS:
        lr = rep.layers[layer]
        assert lr.scored and lr.headline == 1.0, (layer, {k: m.total for k, m in lr.metrics.items()})
        # the name policy is in the signature of every layer that resolves names (not dates)
        assert (f"names:{POLICY}" in lr.signature) == (layer != "timexes")


# --- aliases, titles, countries, dates --------------------------------------------------

def test_prediction_aliases_apply_everywhere(tmp_path: Path, gold: GoldSource) -> None:
    ents = [{"name": "Officer K", "type": "PER", "aliases": ["Liu Zhenli"]},
            {"name": "Staff Dept X", "type": "ORG", "aliases": ["Joint Staff Department"]}]
    role = {"person": "Officer K", "normalized_title": "chief of joint staff department",
            "organization": "Staff Dept X", "status": "current"}
    meeting = {"participants": ["Officer K", "Charles Q. Brown"], "date": "2023-12-21", "location": None,
               "modality": "video", "status": "occurred", "topics": ["taiwan"]}
    rows = [line("doc-a", entities=ents, roles=[role], meetings=[meeting]), line("doc-b", entities=[], roles=[], meetings=[])]
    rep = score(write_jsonl(tmp_path / "p.jsonl", rows), gold)
    assert rep.layers["roles"].metrics["tuple"].total.tp == 1
    assert rep.layers["meetings"].metrics["slots"].per_type["participants"].cor == 2
    # without the entity layer's aliases the same names find nothing
    rows[0]["entities"] = [{"name": "Officer K", "type": "PER"}, {"name": "Staff Dept X", "type": "ORG"}]
    rep = score(write_jsonl(tmp_path / "p.jsonl", rows), gold)
    assert rep.layers["roles"].metrics["tuple"].total.tp == 0


@pytest.mark.parametrize("title,person,organization,tp", [
    ("chairman", "Charles Q. Brown", "US Joint Chiefs of Staff", 1),
    ("Chair", "Gen. Charles Q. Brown", "the U.S. Joint Chiefs of Staff", 1),
    ("CHAIRMAN", "Charles Brown", "Joint Chiefs of Staff", 1),
    ("president", "Charles Q. Brown", "US Joint Chiefs of Staff", 0),
])
def test_titles_go_through_the_title_table(tmp_path: Path, gold: GoldSource, title: str, person: str,
                                           organization: str, tp: int) -> None:
    role = {"person": person, "normalized_title": title, "organization": organization, "status": "current"}
    rows = [line("doc-a", roles=[role]), line("doc-b", roles=[])]
    rep = score(write_jsonl(tmp_path / "p.jsonl", rows), gold)
    assert rep.layers["roles"].metrics["tuple"].total.tp == tp


def test_role_country_and_country_in_organization(tmp_path: Path, gold: GoldSource) -> None:
    base = {"person": "Liu Zhenli", "normalized_title": "chief of joint staff department",
            "organization": "Joint Staff Department", "status": "current"}

    def run(*roles: dict[str, Any]) -> dict[str, Any]:
        rows = [line("doc-a", roles=list(roles)), line("doc-b", roles=[])]
        m = score(write_jsonl(tmp_path / "p.jsonl", rows), gold).layers["roles"].metrics
        return {k: m[k].total.tp for k in ("tuple", "country_on_matched")}

    assert run(dict(base, country="China")) == {"tuple": 1, "country_on_matched": 1}
    assert run(dict(base, country="the PRC")) == {"tuple": 1, "country_on_matched": 1}
    assert run(dict(base, country="Taiwan")) == {"tuple": 1, "country_on_matched": 0}
    assert run(dict(base)) == {"tuple": 1, "country_on_matched": 0}
    # Brown's gold role has no country: an organization that names one is read as the country
    brown = {"person": "Charles Q. Brown", "normalized_title": "chairman", "organization": "US Joint Chiefs of Staff",
             "status": "current"}
    assert run(brown)["tuple"] == 1
    assert run(dict(brown, organization="United States"))["tuple"] == 0  # org null, country US: not the gold tuple
    liu_no_org = dict(base, organization="China")  # read as country China, organization null
    assert run(liu_no_org)["tuple"] == 0


def test_dates_are_a_set_per_document(tmp_path: Path, gold: GoldSource) -> None:
    # doc-a's gold gives 2023-12-21 twice (two mentions): one item when ungrounded
    for timexes in ([{"type": "DATE", "value": "2023-12-21"}], [{"type": "DATE", "value": "2023-12-21"}] * 3):
        rows = [line("doc-a", timexes=timexes), line("doc-b", timexes=[])]
        value = score(write_jsonl(tmp_path / "p.jsonl", rows), gold).layers["timexes"].metrics["value"]
        assert value.per_type["DATE"].tp == 1 and value.per_type["DATE"].fp == 0


# --- no cliff --------------------------------------------------------------------------

def _corruptions(rec: dict[str, Any], gold: GoldDoc) -> dict[str, Any]:
    """One- and two-slot corruptions of a predicted record."""
    def variant(name: str) -> str:
        return f"Gen. {name}" if gold.name_index.resolve(name)[0] in {k for k, t in gold.entity_type.items() if t == "PER"} \
            else f"the {name}"

    return {
        "names as variants": lambda r: dict(r, participants=[variant(p) for p in r["participants"]]),
        "wrong date": lambda r: dict(r, date="1999-01-01"),
        "wrong modality": lambda r: dict(r, modality="phone" if r["modality"] != "phone" else "video"),
        "wrong status": lambda r: dict(r, status="planned" if r["status"] != "planned" else "occurred"),
        "wrong location": lambda r: dict(r, location="Lerrin Harbor"),
        "a wrong participant": lambda r: dict(r, participants=r["participants"][1:] + ["Nadia Quill"]),
        "wrong topics": lambda r: dict(r, topics=["artificial_intelligence"]),
    }


def _slots(tmp_path: Path, source: GoldSource, rows: list[dict[str, Any]]) -> tuple[float, Any]:
    lr = score(write_jsonl(tmp_path / "c.jsonl", rows), source, layers=("meetings",)).layers["meetings"]
    return lr.headline, lr.metrics["slots"].total


def _own_counts(gold: GoldDoc, k: int, rec: dict[str, Any]) -> SlotCounts:
    """Slot counts of predicted record ``rec`` against gold meeting ``k`` alone."""
    one = prepare_gold(dict(gold.raw, meetings=[gold.raw["meetings"][k]]), gold.text)
    pred = PredDoc(gold.doc_id, None, {"meetings": [rec]})
    slots = score_meetings(one, pred, Resolver(one, pred, False))[0]["slots"]
    return sum(slots.values(), SlotCounts())


def _muc_f1(c: SlotCounts) -> float:
    """The MUC/SemEval slot F1 of the same counts (a substitution in both denominators)."""
    return 2 * c.cor / (2 * c.cor + 2 * c.inc + c.mis + c.spu)


def test_no_cliff_a_corrupted_record_never_scores_below_omitting_it(tmp_path: Path) -> None:
    """Over every gold record and every one- and two-slot corruption of it (the rest of the
    prediction perfect): the record is still aligned with its meeting (its right values count),
    and it never lowers the slot F1 below leaving it out (docs/scoring.md, "No cliff").
    The same counts scored the MUC/SemEval way, a substitution charged to both precision and
    recall, do fall below leaving the record out in some of these cases: the property is the
    counting rule's, not the data's."""
    source = GoldSource.from_path()
    perfect = [text_forms_line(g) for g in source.iter_docs()]
    golds = {g.doc_id: g for g in source.iter_docs()}
    checked = muc_below = 0
    for d, row in enumerate(perfect):
        gold = golds[row["doc_id"]]
        for k, rec in enumerate(row["meetings"]):
            kinds = _corruptions(rec, gold)
            omitted = [dict(r) for r in perfect]
            omitted[d] = dict(row, meetings=row["meetings"][:k] + row["meetings"][k + 1:])
            floor, floor_counts = _slots(tmp_path, source, omitted)
            for n in (1, 2):
                for combo in itertools.combinations(sorted(kinds), n):
                    bad = rec
                    for name in combo:
                        bad = kinds[name](bad)
                    own = _own_counts(gold, k, bad)  # the record's values against its meeting
                    corrupted = [dict(r) for r in perfect]
                    corrupted[d] = dict(row, meetings=row["meetings"][:k] + [bad] + row["meetings"][k + 1:])
                    got, counts = _slots(tmp_path, source, corrupted)
                    where = (row["doc_id"], k, combo, got, floor, own)
                    assert counts.cor - floor_counts.cor == own.cor, where  # aligned: its right values count
                    assert got == counts.f1() and got >= floor, where
                    muc_below += _muc_f1(counts) < _muc_f1(floor_counts)
                    checked += 1
    assert checked >= 13 * 28 and muc_below > 0


# --- the declared matching kind ----------------------------------------------------------

def test_empty_mentions_without_a_declared_kind_is_an_error(tmp_path: Path, gold: GoldSource) -> None:
    rows = [{"doc_id": d, "mentions": [], "roles": []} for d in ("doc-a", "doc-b")]
    with pytest.raises(InputError, match="matching kind"):
        score(write_jsonl(tmp_path / "p.jsonl", rows), gold)
    assert score(write_jsonl(tmp_path / "p.jsonl", rows), gold, matching="grounded").layers["mentions"].match == "grounded"


def test_declared_kind_rules(tmp_path: Path, gold: GoldSource, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [line("doc-a", mentions=[], roles=[]), line("doc-b", mentions=[], roles=[])]
    with pytest.raises(InputError, match="ungrounded file has no `mentions`"):
        score(write_jsonl(tmp_path / "p.jsonl", rows), gold)
    rows = [line("doc-a", roles=[]), dict(line("doc-b", roles=[]), matching="grounded")]
    with pytest.raises(InputError, match="one matching kind per file"):
        score(write_jsonl(tmp_path / "p.jsonl", rows), gold)
    rows = [line("doc-a", roles=[]), {"doc_id": "doc-b", "roles": []}]
    with pytest.raises(InputError, match="on every line or on none"):
        score(write_jsonl(tmp_path / "p.jsonl", rows), gold)
    # undeclared, no mentions key: read as ungrounded, with a warning
    rows = [{"doc_id": d, "roles": []} for d in ("doc-a", "doc-b")]
    rep = score(write_jsonl(tmp_path / "p.jsonl", rows), gold)
    assert rep.layers["roles"].match == "ungrounded" and any("matching kind" in w for w in rep.warnings)
    code, _, err = run_cli(["score", str(tmp_path / "p.jsonl"), "--gold", str(tmp_path / "missing")], capsys)
    assert code == 2


# --- checked values ---------------------------------------------------------------------

BAD_VALUES = [
    line("doc-a", timexes=[{"type": "DATE", "value": "yesterday"}, {"type": "DATE", "value": "2023-12-21"}],
         meetings=[{"participants": ["Liu Zhenli"], "date": "December 21, 2023", "location": None,
                    "modality": "video", "status": "occurred", "topics": ["taiwan"]}]),
    line("doc-b", timexes=[{"type": "DATE", "value": "2024-13-45"}],
         meetings=[{"participants": ["Dong Jun"], "date": None, "location": None,
                    "modality": "virtual", "status": "occurred", "topics": ["taiwan", "cyber"]}]),
]


def test_invalid_values_are_errors(tmp_path: Path, dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write_jsonl(tmp_path / "p.jsonl", BAD_VALUES)
    code, _, err = run_cli(["score", str(p), "--gold", str(dataset)], capsys)
    assert code == 2 and "Traceback" not in err
    assert "p.jsonl:2: /meetings/0/modality" in err or "p.jsonl:2: /meetings/0" in err
    good = write_jsonl(tmp_path / "q.jsonl", [BAD_VALUES[0], line("doc-b", timexes=[], meetings=[])])
    code, _, err = run_cli(["score", str(good), "--gold", str(dataset)], capsys)
    assert code == 2
    assert "q.jsonl:1: /timexes/0/value: 'yesterday' is not a TIMEX3 value" in err
    assert "q.jsonl:1: /meetings/0/date: 'December 21, 2023'" in err


def test_lenient_counts_invalid_values_as_wrong(tmp_path: Path, gold: GoldSource, dataset: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    p = write_jsonl(tmp_path / "p.jsonl", BAD_VALUES)
    rep = score(p, gold, lenient=True)
    assert rep.invalid_values == 5  # yesterday, December 21, 2023, 2024-13-45, virtual, cyber
    value = rep.layers["timexes"].metrics["value"].total
    assert (value.tp, value.fp) == (1, 2)
    slots = rep.layers["meetings"].metrics["slots"].per_type
    # (cor, inc, mis, spu); doc-b's record is aligned with MT2 (Dong Jun), MT1 is missed
    assert slots["modality"].as_tuple() == (1, 1, 1, 0)  # "virtual" for in_person: a substitution
    assert slots["topics"].as_tuple() == (1, 0, 0, 2)  # doc-b: taiwan and the invalid "cyber", gold has none
    code, out, err = run_cli(["score", str(p), "--gold", str(dataset), "--lenient", "--format", "json"], capsys)
    assert code == 0 and json.loads(out)["invalid_values"] == 5 and "5 invalid value(s)" in err


# --- convert --------------------------------------------------------------------------------

def test_convert_to_ungrounded(tmp_path: Path, gold: GoldSource, dataset: Path, docs: Any,
                               monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import mil2mil.cli as cli
    from mil2mil.scoring import compare, gold_to_predictions

    monkeypatch.setattr(cli, "COMMANDS", ("mil2mil.commands.score", "mil2mil.commands.convert"))
    grounded = write_jsonl(tmp_path / "g.jsonl", [gold_to_predictions(d, True) for d, _ in docs])
    out = tmp_path / "u.jsonl"
    code, _, err = run_cli(["convert", "--to", "ungrounded", str(grounded), "-o", str(out), "--gold", str(dataset)], capsys)
    assert code == 0, err
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert all(x["matching"] == "ungrounded" and "mentions" not in x for x in lines)
    a = next(x for x in lines if x["doc_id"] == "doc-a")
    liu = next(e for e in a["entities"] if e["name"] == "Liu Zhenli")
    assert liu == {"name": "Liu Zhenli", "type": "PER", "aliases": ["Liu"]}  # longest string, others as aliases
    assert a["roles"][0]["person"] == "Liu Zhenli" and all("start" not in t for t in a["timexes"])
    rep = score(out, gold)
    assert all(rep.layers[k].headline == 1.0 for k in ("roles", "timexes", "meetings"))
    # every named entity found by name; the fixture gold curates no text alias for the
    # nominal "The two officials", so that one is missed (and its name spurious)
    assert rep.layers["entities"].metrics["entities"].total.as_tuple() == (12, 1, 1)
    # the converted file and an LLM-style file compare on the same track
    llm = write_jsonl(tmp_path / "llm.jsonl", [line(d["doc_id"], entities=[], roles=[], timexes=[], meetings=[]) for d, _ in docs])
    rows = compare(out, llm, gold, bootstrap=50).rows
    assert rows["meetings"]["compared"] and rows["roles"]["compared"]
    # an ungrounded input is refused, nothing written
    code, _, err = run_cli(["convert", "--to", "ungrounded", str(out), "-o", str(tmp_path / "v.jsonl"), "--gold", str(dataset)], capsys)
    assert code == 2 and "only grounded predictions can be converted" in err and not (tmp_path / "v.jsonl").exists()
