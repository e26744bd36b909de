"""Release metadata generated from the gold: the size of each test set, and the files that
cite the release with it (CITATION.cff's version, date and abstract; the README's BibTeX).

``mil2mil stats --write`` writes them and ``mil2mil stats --check`` (CI) fails when they
drift, like the statistics tables. The version is :data:`mil2mil.__version__`; the release
date is :data:`RELEASE_DATE`, set by the release commit (``docs/versioning.md``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from mil2mil import __version__
from mil2mil.blocks import replace_block, write_atomic

#: The day this version is (to be) tagged, ISO 8601; the release commit sets it.
RELEASE_DATE = "2026-12-03"

TITLE = "Mil2Mil: a benchmark for extracting meetings between military and diplomatic officials from news"


class TestSet(NamedTuple):
    name: str
    documents: int
    mentions: int
    meetings: int


def _news() -> TestSet:
    from mil2mil.gold import dataset_dir
    from mil2mil.validate import validate_paths

    docs = [v.doc for v in validate_paths([dataset_dir()])]
    return TestSet("news", len(docs), sum(len(d["mentions"]) for d in docs), sum(len(d["meetings"]) for d in docs))


def _named(name: str) -> Callable[[], TestSet]:
    def size() -> TestSet:
        from mil2mil import gold_sets  # type: ignore[attr-defined]  # the named gold sets, where present

        source = gold_sets.resolve(name)
        docs = [source.get(d) for d in source.ordered_ids()]
        return TestSet(name, len(docs), sum(len(d.mentions) for d in docs), sum(len(d.meetings) for d in docs))
    return size


def test_sets() -> list[TestSet]:
    """Every test set of this version, in a fixed order: the bundled news articles, then the
    named gold sets' test splits (``constructed:test``, ``authored:test``) where the package
    has them (:mod:`mil2mil.gold_sets`)."""
    sizes = [_news()]
    try:
        from mil2mil import gold_sets  # type: ignore[attr-defined]  # noqa: F401
    except ImportError:
        return sizes
    return sizes + [_named(name)() for name in ("constructed:test", "authored:test")]


def abstract(sets: list[TestSet]) -> str:
    listed = "; ".join(f"{s.name}: {s.documents} documents, {s.mentions} mentions, {s.meetings} meeting records"
                       for s in sets)
    return (
        "Mil2Mil is an annotated dataset and evaluation benchmark for extracting who met whom, in what role, "
        "when, where, how and about what from news about military and diplomatic talks. It provides stand-off "
        "gold annotations of entities, roles, temporal expressions (TIMEX3) and meetings over raw texts, a JSON "
        "Schema and validator, files for Hugging Face datasets, and a scorer whose every number carries a "
        f"reproducibility signature. Test sets of version {__version__} ({listed}). The annotations were made by "
        "machine annotators: instances of one large language model, each working in a separate context from "
        "written guidelines, annotated, reviewed and adjudicated the gold; no human annotated. The agreement "
        "of the guidelines is measured by two blind annotation passes over authored documents, made from the texts "
        "and the frozen guidelines alone, with every disagreement adjudicated (see the datasheet)."
    )


def _wrap(text: str, indent: str, width: int = 96) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(indent) + len(line) + 1 + len(word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + ([indent + line] if line else [])


def citation_cff(existing: str, sets: list[TestSet]) -> str:
    """``existing`` CITATION.cff with its ``version``, ``date-released`` and ``abstract``
    regenerated (every other line kept as it is)."""
    out: list[str] = []
    lines = existing.splitlines()
    i = 0
    seen = set()
    while i < len(lines):
        line = lines[i]
        key = line.split(":", 1)[0] if line and not line[0].isspace() else None
        if key in ("version", "date-released", "abstract"):
            seen.add(key)
            i += 1
            while i < len(lines) and lines[i].startswith((" ", "\t")):  # the old value's lines
                i += 1
            if key == "version":
                out.append(f"version: {__version__}")
            elif key == "date-released":
                out.append(f"date-released: {RELEASE_DATE}")
            else:
                out += ["abstract: >-", *_wrap(abstract(sets), "  ")]
            continue
        out.append(line)
        i += 1
    missing = [k for k in ("abstract", "version", "date-released") if k not in seen]
    if missing:
        raise ValueError(f"CITATION.cff has no {', '.join(missing)} line to regenerate")
    return "\n".join(out) + "\n"


def bibtex(sets: list[TestSet]) -> str:
    year = RELEASE_DATE[:4]
    return "\n".join([
        "```bibtex",
        "@misc{mil2mil,",
        f"  title   = {{{TITLE}}},",
        "  author  = {{The Mil2Mil authors}},",
        f"  year    = {{{year}}},",
        f"  version = {{{__version__}}},",
        f"  date    = {{{RELEASE_DATE}}},",
        f"  note    = {{Version {__version__}; gold annotated by machine annotators (one large language model), see the datasheet}},",
        "}",
        "```",
    ]) + "\n"


def update(root: Path, check: bool) -> list[str]:
    """Write (or, with ``check``, compare) CITATION.cff and the README's citation block;
    return the diffs of the files that drift."""
    sets = test_sets()
    diffs = []
    cff = root / "CITATION.cff"
    readme = root / "README.md"
    for path, make in ((cff, lambda old: citation_cff(old, sets)),
                       (readme, lambda old: replace_block(old, "citation", bibtex(sets), str(readme)))):
        old = path.read_text(encoding="utf-8")
        new = make(old)
        if old == new:
            continue
        if check:
            diffs.append("".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                                      fromfile=f"{path} (committed)", tofile=f"{path} (generated)")))
        else:
            write_atomic(path, new)
    return diffs


def changelog_date(changelog: str, version: str = __version__) -> str | None:
    """The date in the CHANGELOG heading of ``version`` (``## 0.2.0 — 2026-12-03``), if any."""
    m = re.search(rf"^## {re.escape(version)} — (\d{{4}}-\d{{2}}-\d{{2}})\b", changelog, re.M)
    return m.group(1) if m else None
