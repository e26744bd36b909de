"""Inter-annotator agreement: the frozen passes, the figures, the disagreement list, the decisions."""

from __future__ import annotations

import copy
import hashlib
from collections import Counter
from pathlib import Path

import pytest

from mil2mil import agreement as ag
from mil2mil.cli import main
from mil2mil.errors import InputError
from mil2mil.gold import load_gold
from mil2mil.validate import ValidatedDocument

AGREEMENT = ag.agreement_dir()


@pytest.fixture(scope="module")
def first() -> list[ValidatedDocument]:
    return ag.load_pass(ag.FIRST)


@pytest.fixture(scope="module")
def second() -> list[ValidatedDocument]:
    return ag.load_pass(ag.PASSES[0][0])


def _edited(docs: list[ValidatedDocument]) -> list[ValidatedDocument]:
    return [ValidatedDocument(v.path, copy.deepcopy(v.doc), v.text) for v in docs]


def _sha_manifest() -> dict[str, str]:
    out = {}
    for line in (AGREEMENT / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        out[name] = digest
    return out


def test_passes_are_frozen():
    """Both passes are kept byte for byte as made; the manifest lists every file of both."""
    manifest = _sha_manifest()
    files = sorted(str(p.relative_to(AGREEMENT)) for p in AGREEMENT.glob("*_pass/*"))
    assert sorted(manifest) == files
    for name, digest in manifest.items():
        assert hashlib.sha256((AGREEMENT / name).read_bytes()).hexdigest() == digest, name


def test_passes_cover_the_same_documents_as_the_gold(first, second):
    ids = [d["doc_id"] for d in load_gold()]
    assert [v.doc["doc_id"] for v in first] == ids
    assert [v.doc["doc_id"] for v in second] == ids


def test_a_pass_against_itself_agrees_perfectly(first):
    result = ag.compute(first, first)
    assert all(r.f1 == 1.0 for r in result.rows)
    assert all(k.observed == 1.0 and k.kappa in (1.0, None) for k in result.kappas)
    assert ag.disagreements(first, first) == []


def test_quoted_mentions_counts_whole_words_inside_quoted_examples(first):
    names = {m["text"] for v in first for m in v.doc["mentions"]}
    name = next(n for n in sorted(names) if len(n) > 4 and " " not in n)
    hits_in = ag.quoted_mentions(first, f'An example: "the {name} said".')[0]
    hits_out = ag.quoted_mentions(first, f"Unquoted: {name}; glued: \"x{name}x\".")[0]
    total = sum(len(v.doc["mentions"]) for v in first)
    assert hits_out == 0 and 1 <= hits_in <= total
    assert ag.quoted_mentions(first, "")[1] == total


def test_evidence_moved_to_another_meeting_is_a_disagreement(first):
    second = _edited(first)
    doc = next(v.doc for v in second if len(v.doc["meetings"]) >= 2 and v.doc["meetings"][0]["topics"])
    a, b = doc["meetings"][0], doc["meetings"][1]
    topic = a["topics"].pop(0)
    b["topics"] = sorted(b["topics"] + [topic], key=lambda t: t["topic"]) if topic["topic"] not in {t["topic"] for t in b["topics"]} else b["topics"]
    keys = [d.key for d in ag.disagreements(first, second) if d.key.startswith("evidence/")]
    assert any(f"/{a['id']}/{topic['topic']}/" in k for k in keys)


def test_each_kind_of_edit_is_one_listed_disagreement(first):
    second = _edited(first)
    doc = second[0].doc
    short = doc["doc_id"].split("-", 1)[0]
    dropped = doc["mentions"].pop(0)
    doc["timexes"][0]["value"] = "1999-01-01"
    meeting = doc["meetings"][0]
    meeting["status"] = "generic" if meeting["status"] != "generic" else "occurred"
    found = {d.key: d for d in ag.disagreements(first, second)}
    assert f"mention/{short}/{dropped['start']}-{dropped['end']}" in found
    assert found[f"mention/{short}/{dropped['start']}-{dropped['end']}"].second == "—"
    t = doc["timexes"][0]
    assert found[f"timex/{short}/{t['start']}-{t['end']}"].second == "value 1999-01-01"
    assert f"meeting/{short}/{meeting['id']}/status" in found
    result = ag.compute(first, second)
    by = {r.label: r for r in result.rows}
    assert by["entity mentions, strict"].recall < 1.0
    assert by["entity mentions, strict"].precision == 1.0
    assert by["dates, extent strict"].f1 == 1.0 and by["dates, value"].f1 < 1.0
    assert by["meetings, whole record exact"].f1 < 1.0
    kappa = {k.label: k for k in result.kappas}
    assert kappa["meeting status, aligned records"].observed < 1.0


def test_coreference_split_and_merge_are_listed(first):
    second = _edited(first)
    doc = second[0].doc
    sizes = Counter(m["entity"] for m in doc["mentions"])
    in_groups = {x for e in doc["entities"] for x in e.get("members") or []}
    big = next(e for e, n in sizes.most_common() if n >= 2 and e not in in_groups)
    new_id = "E999"
    doc["entities"].append({**next(e for e in doc["entities"] if e["id"] == big), "id": new_id, "canonical_name": "split off"})
    moved = next(m for m in doc["mentions"] if m["entity"] == big)
    moved["entity"] = new_id
    keys = [d.key for d in ag.disagreements(first, second)]
    short = doc["doc_id"].split("-", 1)[0]
    assert keys == [f"coref/{short}/split:{big}"]
    keys_back = [d.key for d in ag.disagreements(second, first)]
    assert keys_back == [f"coref/{short}/merge:{big}"]


def _kappa_by_hand(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa from its definition, independent of scikit-learn."""
    n = len(pairs)
    po = sum(a == b for a, b in pairs) / n
    ca = Counter(a for a, _ in pairs)
    cb = Counter(b for _, b in pairs)
    pe = sum(ca[k] * cb[k] for k in ca.keys() | cb.keys()) / (n * n)
    return (po - pe) / (1 - pe)


def test_kappa_matches_its_definition(first, second):
    pairs = ag._label_pairs(first, second)
    for key, label in ag.KAPPA_ROWS:
        obs, kappa = ag._kappa(pairs[key])
        p = pairs[key]
        if len({x for pair in p for x in pair}) >= 2:
            assert kappa == pytest.approx(_kappa_by_hand(p), abs=1e-12), label
        assert obs == pytest.approx(sum(a == b for a, b in p) / len(p)), label


def test_every_disagreement_has_a_decision_and_every_decision_a_disagreement():
    found = ag.load_study().disagreements()
    assert found and ag.decision_problems(found, ag.load_decisions()) == []


def test_decision_problems_name_missing_and_stale_keys():
    found = [ag.Disagreement("mention/x/1-2", "mention", "a", "b")]
    problems = ag.decision_problems(found, {"mention/x/3-4": ag.Decision("first", "why")})
    assert [p.pointer for p in problems] == ["/mention/x/1-2", "/mention/x/3-4"]


def test_bad_decisions_file_is_a_clear_error(tmp_path: Path):
    bad = tmp_path / "a.yaml"
    bad.write_text("k:\n  decision: maybe\n  note: x\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        ag.load_decisions(bad)
    assert "decision" in str(err.value.problems[0])
    bad.write_text("k: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        ag.load_decisions(bad)
    assert err.value.problems[0].line is not None


def test_command_check_passes_on_the_committed_tables(capsys):
    assert main(["agreement", "--check"]) == 0


def test_command_prints_the_table(capsys):
    assert main(["agreement"]) == 0
    out = capsys.readouterr().out
    assert "Cohen's κ" in out
    assert all(f"Signature ({label} vs A): `mil2mil|layer:all|" in out for _, label, _ in ag.PASSES)


def test_the_datasheet_reading_of_the_figures_holds(first, second):
    """DATASHEET.md says both blind passes reproduce A on every scored layer and label choice,
    and differ only in unscored annotation; if a pass or the scorer changes, this fails."""
    study = ag.load_study()
    for label, docs in study.passes:
        result = ag.compute(study.first, docs)
        assert all(r.f1 == 1.0 for r in result.rows), label
        assert all(k.kappa == 1.0 for k in result.kappas), label
        assert any(r.f1 is not None and r.f1 < 1.0 for r in result.extra), label
    text = (ag.dataset_dir().parent / "DATASHEET.md").read_text(encoding="utf-8")
    assert "reproduce pass A exactly on every layer the scorer" in text


def _items(doc: dict, layer: str, labels: list[str]) -> set:
    """Items of one layer as the disagreement keys name them (meeting items by meeting label)."""
    if layer == "trigger":
        return {(lab, t["start"], t["end"]) for lab, m in zip(labels, doc["meetings"]) for t in m["triggers"]}
    if layer == "evidence":
        return {(lab, t["topic"], e["start"], e["end"]) for lab, m in zip(labels, doc["meetings"]) for t in m["topics"] for e in t["evidence"]}
    if layer == "zone":
        return {(z["start"], z["end"]) for z in doc["zones"]}
    if layer == "note":
        return {(n["kind"], n["span"]["start"], n["span"]["end"]) for n in doc["source_notes"]}
    raise AssertionError(layer)


@pytest.mark.parametrize("layer", ["trigger", "evidence", "zone", "note"])
def test_gold_follows_the_decisions_on_item_layers(layer):
    """For every decided trigger, topic-evidence, zone and source-note disagreement, the
    corrected gold has the item exactly when the decision says the gold follows the pass that
    has it (meeting items compared within the same meeting)."""
    study = ag.load_study()
    decisions = ag.load_decisions()
    gold = {d["doc_id"]: d for d in load_gold()}
    checked = 0
    for label, docs in study.passes:
        for a, b in zip(study.first, docs):
            la, lb = ag.meeting_labels(a, b)
            short = a.doc["doc_id"].split("-", 1)[0]
            for d in ag.disagreements([a], [b], f"{label}/"):
                _, kind, _, *rest = d.key.split("/")
                if kind != layer:
                    continue
                *parts, span = rest
                head = parts[0] if parts else span
                side = "second" if head.startswith("second:") else "first"
                parts = [x.removeprefix("second:") for x in parts]
                start, end = map(int, span.removeprefix("second:").split("-"))
                item = (*parts, start, end)
                owner, labels = (a.doc, la) if side == "first" else (b.doc, lb)
                assert item in _items(owner, layer, labels), d.key
                in_gold = item in _items(gold[a.doc["doc_id"]], layer, la)
                assert in_gold == (decisions[d.key].decision == side), (d.key, short)
                checked += 1
    assert checked > 0


def test_gold_follows_the_decisions_on_canonical_names():
    study = ag.load_study()
    decisions = ag.load_decisions()
    gold = {d["doc_id"].split("-", 1)[0]: {e["id"]: e["canonical_name"] for e in d["entities"]} for d in load_gold()}
    first = {v.doc["doc_id"].split("-", 1)[0]: {e["id"]: e["canonical_name"] for e in v.doc["entities"]} for v in study.first}
    checked = 0
    for d in study.disagreements():
        if d.key.split("/")[1] != "name":
            continue
        label, kind, short, eid = d.key.split("/")
        dec = decisions[d.key].decision
        now = gold[short][eid]
        if dec == "first":
            assert now == first[short][eid], d.key
        elif dec == "second":
            assert f'"{now}"' == d.second, d.key
        else:
            assert now != first[short][eid] and f'"{now}"' != d.second, d.key
        checked += 1
    assert checked > 0
