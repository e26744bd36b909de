"""The authored set: markup compiled to exact stand-off gold; errors at source lines; drift; leaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from mil2mil import authored, leaks
from mil2mil.cli import main
from mil2mil.errors import InputError

WORDS = " ".join(["Filler words keep the text long enough."] * 25)
SOURCE = f"""doc_id: authored-900
genre: brief
dct: 2031-04-17
phenomena: coref.group

@entities
E1 PER "Amara Diallo"
E2 PER "Pieter Vosberg"
E3 PER "Amara Diallo and Pieter Vosberg" members=E1,E2

@roles
R1 person=E1 title=general

@meetings
MT1 status=occurred modality=phone participants=E1:R1,E2 date=T1 xdoc=diallo-vosberg-call-2031-04

@text
[[General]{{title R1}} [Amara Diallo]{{E1 NAM}}]{{ev R1}} held a [call]{{trig MT1}} with [Pieter Vosberg]{{E2 NAM}} on [Wednesday]{{T1 DATE 2031-04-16 anchor=DCT}}; [the two]{{E3 NOM}} agreed to [keep the hotline open]{{topic MT1 military_communication}}. {WORDS}
"""


def write(tmp: Path, text: str = SOURCE) -> Path:
    src = tmp / "src"
    src.mkdir(exist_ok=True)
    (src / "authored-900.m2m").write_text(text, encoding="utf-8")
    return src


def test_compiled_offsets_slice_to_the_annotated_text(tmp_path: Path) -> None:
    (c,) = authored.build(write(tmp_path))
    for m in c.gold["mentions"]:
        assert c.text[m["start"]:m["end"]] == m["text"]
    assert [m["text"] for m in c.gold["mentions"]] == ["Amara Diallo", "Pieter Vosberg", "the two"]
    assert c.gold["meetings"][0]["date"] == {"timex": "T1", "value": "2031-04-16", "relation": "during"}
    assert c.gold["metadata"]["constructed"] is True and c.gold["metadata"]["collection"] == "authored"
    assert {a["name"] for a in c.gold["entities"][0]["aliases"]} == {"Amara Diallo"}


def test_a_problem_is_reported_at_its_source_line(tmp_path: Path) -> None:
    bad = SOURCE.replace("[Wednesday]{T1 DATE 2031-04-16", "[Wednesday]{T1 DATE 2031-04-17")
    with pytest.raises(InputError) as err:
        authored.build(write(tmp_path, bad))
    assert "authored-900.m2m:18" in str(err.value)
    assert main(["authored", "build", "--src", str(write(tmp_path, bad)), "--out", str(tmp_path / "o")]) == 2
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("section, line", [
    ("@entities\n", 'E2 PER "Someone Else"\n'),
    ("@roles\n", "R1 person=E2 title=general\n"),
    ("@meetings\n", "MT1 status=planned modality=phone participants=E1\n"),
    ("@meetings\n", "@notes\nN1 kind=factual note=\"one\"\nN1 kind=factual note=\"two\"\n"),
])
def test_an_id_declared_twice_is_reported_at_its_line(tmp_path: Path, section: str, line: str) -> None:
    """Every kind of declaration refuses a second declaration of its id (source notes included)."""
    head, _, tail = SOURCE.partition("@text\n")
    if line.startswith("@notes"):
        bad = head + line + "\n@text\n" + tail
    else:
        at = head.index(section) + len(section)
        bad = head[:at] + line + head[at:] + "@text\n" + tail
    with pytest.raises(InputError) as err:
        authored.build(write(tmp_path, bad))
    assert "declared twice" in str(err.value)


def test_check_fails_on_drift_and_passes_after_build(tmp_path: Path) -> None:
    src, out = write(tmp_path), tmp_path / "out"
    assert main(["authored", "build", "--src", str(src), "--out", str(out), "--check"]) == 1
    assert main(["authored", "build", "--src", str(src), "--out", str(out)]) == 0
    assert main(["validate", str(out)]) == 0
    assert main(["authored", "build", "--src", str(src), "--out", str(out), "--check"]) == 0
    (out / "raw" / "authored-900.txt").write_text("edited\n", encoding="utf-8")
    assert main(["authored", "build", "--src", str(src), "--out", str(out), "--check"]) == 1


def test_bundled_authored_set_matches_its_sources() -> None:
    assert main(["authored", "build", "--check"]) == 0


def test_leaks_count_quoted_test_strings_only() -> None:
    gold = {"mentions": [{"form": "NAM", "text": "Amara Diallo"}, {"form": "PRO", "text": "she"}],
            "entities": [], "roles": [], "timexes": [], "meetings": []}
    found = leaks.find_leaks('An example: "General Amara Diallo met". Amara Diallo unquoted.', [("t", [gold])])
    assert [x.string for x in found] == ["Amara Diallo"]
    assert leaks.find_leaks("No quotes about Amara Diallo.", [("t", [gold])]) == []


def test_bundled_guidelines_leak_at_most_the_limit() -> None:
    text = leaks.guidelines_path().read_text(encoding="utf-8")
    assert len(leaks.find_leaks(text, leaks.test_sets())) <= leaks.LIMIT
