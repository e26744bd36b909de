"""The HTML report's content, built from hand-made gold with phenomenon tags: highlights
nested and crossing, escaping, per-phenomenon tables, the cap on documents, determinism, and
the command line's errors. (The page in a browser: ``test_report_browser.py``.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mil2mil import cli
from mil2mil.report.html import render_report, render_spans, tally_phenomena
from mil2mil.scoring import GoldSource, Options, gold_to_predictions
from mil2mil.scoring.explain import Explainer

TEXT = 'Gen. <b>Liu</b> met "Brown & Co" in Tokyo on 21 December 2023.\nBrown left.'


def _doc(doc_id: str = "tagged-doc") -> tuple[dict[str, Any], str]:
    """A small gold document whose items carry phenomenon tags; its text needs escaping."""
    t = TEXT

    def span(needle: str, nth: int = 0) -> tuple[int, int]:
        s = -1
        for _ in range(nth + 1):
            s = t.index(needle, s + 1)
        return s, s + len(needle)

    def m(mid: str, needle: str, typ: str, ent: str, tags: list[str] | None = None, nth: int = 0) -> dict[str, Any]:
        s, e = span(needle, nth)
        out = {"id": mid, "start": s, "end": e, "text": t[s:e], "type": typ, "form": "NAM", "entity": ent}
        if tags:
            out["tags"] = tags
        return out

    ts, te = span("21 December 2023")
    doc = {
        "doc_id": doc_id, "text_file": f"raw/{doc_id}.txt",
        "zones": [{"id": "Z1", "type": "headline", "start": 0, "end": t.index("\n")},
                  {"id": "Z2", "type": "body", "start": t.index("\n"), "end": len(t)}],
        "entities": [
            {"id": "E1", "type": "PER", "canonical_name": "Liu <Zhenli>", "tags": ["role.premodifier"]},
            {"id": "E2", "type": "ORG", "canonical_name": "Brown & Co"},
            {"id": "E3", "type": "GPE", "canonical_name": "Tokyo"},
            {"id": "E4", "type": "PER", "canonical_name": "Brown"},
        ],
        "mentions": [
            m("M1", "Gen. <b>Liu</b>", "PER", "E1", ["role.rank"]),
            m("M2", "Brown & Co", "ORG", "E2", ["distractor.non-meeting"]),
            m("M3", "Brown", "PER", "E4", ["name.variant"]),
            m("M4", "Tokyo", "GPE", "E3"),
            m("M5", "Brown", "PER", "E4", ["role.rank"], nth=1),
        ],
        "roles": [{"id": "R1", "person": "E1", "normalized_title": "general", "organization": None, "status": "current",
                   "tags": ["role.rank"]}],
        "timexes": [{"id": "T1", "start": ts, "end": te, "text": t[ts:te], "type": "DATE", "value": "2023-12-21",
                     "tags": ["date.absolute"]}],
        "meetings": [{"id": "MT1", "participants": [{"entity": "E1"}, {"entity": "E4"}], "date": {"value": "2023-12-21"},
                      "location": "E3", "modality": "in_person", "status": "occurred", "topics": [{"topic": "other"}],
                      "cross_doc_id": "liu-brown", "tags": ["modality.in-person"]}],
    }
    return doc, t


def _gold(n: int = 1) -> GoldSource:
    return GoldSource.from_documents([_doc(f"tagged-doc-{i}") for i in range(n)])


def _pred_line(doc: dict[str, Any], drop: int = 0) -> dict[str, Any]:
    """The oracle's line with the first ``drop`` mentions and the date missed."""
    line = gold_to_predictions(doc, grounded=True)
    line["mentions"] = line["mentions"][drop:]
    if drop:
        line["timexes"] = []
    return line


def _write(path: Path, lines: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


class _Tags(HTMLParser):
    """Checks balanced ``<span>`` nesting and collects, per character, the open highlight keys."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str | None] = []
        self.text = ""
        self.cover: list[frozenset[str]] = []
        self.first: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag == "span"
        a = dict(attrs)
        key = a.get("data-key")
        self.stack.append(key)
        if key is not None and "cont" not in (a.get("class") or "").split():
            self.first[key] = self.first.get(key, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        assert tag == "span" and self.stack
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text += data
        self.cover.extend([frozenset(k for k in self.stack if k is not None)] * len(data))


spans_strategy = st.lists(st.tuples(st.integers(0, 30), st.integers(1, 12)), max_size=12)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(spans_strategy)
def test_spans_nested_and_crossing_stay_visible(raw: list[tuple[int, int]]) -> None:
    """Any spans, nested or crossing: the text is kept, tags balance, each span is counted once
    and every character sits inside exactly the spans that cover it."""
    text = "a<b>&c\"d'e" * 4
    spans = [{"start": s, "end": min(len(text), s + n), "cls": "hl mention cor", "key": f"k{i}", "title": "t"}
             for i, (s, n) in enumerate(raw) if s < len(text)]
    p = _Tags()
    p.feed(render_spans(text, spans))
    p.close()
    assert p.stack == [] and p.text == text
    assert p.first == {s["key"]: 1 for s in spans}
    for i in range(len(text)):
        assert p.cover[i] == frozenset(s["key"] for s in spans if s["start"] <= i < s["end"]), i


def test_report_escapes_and_tags(tmp_path: Path) -> None:
    gold = _gold()
    doc, _ = _doc("tagged-doc-0")
    line = _pred_line(doc, drop=2)
    for m in line["mentions"]:  # a system's own cluster ids, with markup in them
        m["entity"] = f'</script><script>alert("{m["entity"]}")</script>'
    pred = _write(tmp_path / "p.jsonl", [line])
    page = render_report(Explainer(pred, gold, Options(bootstrap=50)))
    assert "<script>alert" not in page and "&lt;/script&gt;&lt;script&gt;alert(" in page
    assert page.count("<script") == 2  # the page's data and its navigation
    assert "<b>Liu</b>" not in page and "&lt;b&gt;Liu&lt;/b&gt;" in page
    assert "Liu <Zhenli>" not in page and "Liu &lt;Zhenli&gt;" in page
    assert "Brown &amp; Co" in page and '"Brown & Co"' not in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page  # no network asset
    assert "<link" not in page and "src=" not in page
    # phenomenon rows with their descriptions: M1 (role.rank) and M2 dropped, the date missed
    from mil2mil.phenomena import TAGS

    for tag in ("role.rank", "distractor.non-meeting", "name.variant", "date.absolute", "modality.in-person", "role.premodifier"):
        assert f"<td>{tag}</td>" in page
        assert escape(TAGS[tag]) in page  # the vocabulary's description, escaped


def test_phenomenon_tally_counts_gold_item_outcomes(tmp_path: Path) -> None:
    gold = _gold()
    doc, _ = _doc("tagged-doc-0")
    pred = _write(tmp_path / "p.jsonl", [_pred_line(doc, drop=2)])
    ex = Explainer(pred, gold, Options())
    acc: dict[str, Any] = {}
    for d in ex.documents():
        tally_phenomena(d, "strict", acc)
    assert acc["role.rank"]["mentions"] == {"mis": 1, "cor": 1}  # M1 dropped, M5 kept
    assert acc["distractor.non-meeting"]["mentions"] == {"mis": 1}
    assert acc["name.variant"]["mentions"] == {"cor": 1}
    assert acc["date.absolute"]["timexes"] == {"mis": 1}
    # Liu's only mention was dropped: the predicted cluster "E1" resolves to no gold entity,
    # so the role is missed and the meeting aligned with a wrong participant
    assert acc["role.rank"]["roles"] == {"mis": 1}
    assert acc["modality.in-person"]["meetings"] == {"inc": 1}
    assert acc["role.premodifier"]["entities"] == {"mis": 1}  # its only mention was dropped


def test_worst_documents_first_and_capped(tmp_path: Path) -> None:
    gold = _gold(5)
    lines = [_pred_line(_doc(f"tagged-doc-{i}")[0], drop=i) for i in range(5)]
    pred = _write(tmp_path / "p.jsonl", lines)
    page = render_report(Explainer(pred, gold, Options()), max_docs=2)
    assert page.count('<section class="doc"') == 2
    assert "1 of 1 gold clusters found exactly" in page  # the five reports of one meeting, linked
    assert "Showing the 2 lowest-scoring of 5 documents" in page
    first, second = page.index('id="doc-1"'), page.index('id="doc-2"')
    assert page.index("tagged-doc-4", first) < second  # the worst (most dropped) first
    data = json.loads(page.split('id="report-data">')[1].split("</script>")[0])
    assert [d["doc_id"] for d in data["documents"]] == ["tagged-doc-4", "tagged-doc-3"]
    assert data["documents_total"] == 5 and data["documents_shown"] == 2


def test_same_inputs_same_bytes_whatever_the_hash_seed_and_line_order(tmp_path: Path) -> None:
    docs = [_doc(f"tagged-doc-{i}") for i in range(3)]
    pages = []
    for seed, order in (("1", 1), ("2", -1)):
        pred = _write(tmp_path / f"p{seed}.jsonl", [_pred_line(d, drop=i) for i, (d, _) in enumerate(docs)][::order])
        env = {**os.environ, "PYTHONHASHSEED": seed}
        code = (
            "import sys, json; sys.path.insert(0, %r); import test_report_html as t; "
            "from mil2mil.scoring import GoldSource, Options; from mil2mil.scoring.explain import Explainer; "
            "from mil2mil.report.html import render_report; "
            "g = GoldSource.from_documents([t._doc('tagged-doc-%%d' %% i) for i in range(3)]); "
            "sys.stdout.write(render_report(Explainer(sys.argv[1], g, Options(bootstrap=100))))"
        ) % str(Path(__file__).parent)
        out = subprocess.run([sys.executable, "-c", code, str(pred)], env=env, capture_output=True, text=True, check=True)
        pages.append(out.stdout.replace(str(pred), "PRED"))
    assert pages[0] == pages[1]


def test_cli_report_and_explain(tmp_path: Path, rules_predictions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    assert cli.main(["report", str(rules_predictions), "-o", str(out), "--bootstrap", "20"]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    capsys.readouterr()
    assert cli.main(["score", str(rules_predictions), "--explain", "--format", "json", "--layer", "meetings"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["layers"] == ["meetings"] and all(list(d["layers"]) == ["meetings"] for d in obj["documents"])
    assert cli.main(["score", str(rules_predictions), "--explain"]) == 0
    text = capsys.readouterr().out
    assert "## mentions (strict)" in text and "# cross-document meeting clusters" not in text.split("# presstv")[0]
    # ungrounded: names and values, no offsets
    from mil2mil.gold import load_gold

    ungrounded = _write(tmp_path / "u.jsonl", [gold_to_predictions(d, grounded=False) for d in load_gold()])
    assert cli.main(["score", str(ungrounded), "--explain", "--layer", "entities", "--layer", "timexes"]) == 0
    text = capsys.readouterr().out
    assert "matching: ungrounded" in text and "## entities" in text and "## timexes" in text
    items = [line.split()[0] for line in text.splitlines() if line.startswith("  ") and line.split()[0].isupper()]
    # the oracle: every item correct (names of entities the gold mentions only by pronouns
    # are not scored)
    assert items and set(items) <= {"COR", "UNSCORED"} and "COR" in items
    assert "[" not in text.split("## timexes")[1].split("\n#")[0]  # no offsets


@pytest.mark.parametrize("args, message", [
    (["score", "{pred}", "--explain", "--format", "markdown"], "--explain is written as text or json"),
    (["score", "{pred}", "--doc", "x"], "add --explain"),
    (["score", "{pred}", "--explain", "--doc", "no-such-doc"], "unknown doc_id 'no-such-doc'"),
    (["report", "{pred}", "-o", "{out}", "--max-docs", "0"], "--max-docs: must be a positive integer"),
    (["report", "{bad}", "-o", "{out}"], "bad.jsonl:1"),
])
def test_cli_errors_exit_2_and_write_nothing(tmp_path: Path, rules_predictions: Path, capsys: pytest.CaptureFixture[str],
                                             args: list[str], message: str) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "kuna-2023-12-22-china-us-military-video-talks", "mentions": [{"start": 0}]}\n')
    out = tmp_path / "r.html"
    argv = [a.format(pred=rules_predictions, out=out, bad=bad) for a in args]
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err
    assert not out.exists() and list(tmp_path.glob(".r.html.*")) == []


def test_help_imports_no_report_renderer_or_browser_driver() -> None:
    code = ("import sys, mil2mil.cli as c; c.build_parser(); "
            "print(sorted(m for m in ('selenium', 'mil2mil.report.html', 'mil2mil.scoring.explain') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
