"""Grounded predictions turned into ungrounded ones, so that extractors with offsets and
extractors that only name things (most LLM systems) can be ranked on the same track.

Each predicted cluster (mentions sharing an ``entity`` id) becomes one named entity: its name
is the longest of its mention strings as the text writes them (the most specific: "Charles
Brown" rather than "Brown", ties to the earliest), its other distinct strings are its
aliases, its type the most frequent type of its mentions (ties: the earliest). An unclustered
mention is an entity of its own. References in roles and meetings become the cluster's name
(a reference to an id no mention carries is kept as written: it names nothing, as it pointed
at nothing); timexes lose their offsets. The result says ``"matching": "ungrounded"``.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from mil2mil.errors import InputError, Problem

from .gold_source import GoldSource
from .predictions import check_document, read_lines


_PRONOUNS = frozenset("""he she it they them their theirs his her hers its him we us our ours i me my
mine you your yours himself herself itself themselves""".split())


def _pronoun(s: str) -> bool:
    """A personal or possessive pronoun as written ("their", "She"); an all-capitals
    abbreviation such as "US" is a name, not the pronoun "us"."""
    return s.lower() in _PRONOUNS and not (len(s) > 1 and s.isupper())


def _name_like(s: str) -> bool:
    """A string that reads as a proper name: it starts with a capital and is not a pronoun
    or a common noun phrase opened by a capitalized determiner."""
    first = s.split()[0] if s.split() else ""
    return bool(s) and s[0].isupper() and not _pronoun(s) and first.lower() not in {"the", "a", "an", "this", "that", "these", "those"}


def _home_rank(items: list[tuple[int, int, str]], text: str) -> tuple[int, int]:
    """Clusters whose own proper name is most frequent choose first: a cluster that writes a
    string most often is that string's home (the city cluster for "Beijing" said of the city,
    not the country cluster that uses it once as metonymy)."""
    counts = Counter(text[s:e] for s, e, _ in items if _name_like(text[s:e]))
    return (-max(counts.values()) if counts else 0, items[0][0])


def to_ungrounded(line: dict[str, Any], text: str) -> dict[str, Any]:
    """The ungrounded line of a checked grounded predictions line over ``text``."""
    clusters: dict[str, list[tuple[int, int, str]]] = {}
    singles: list[tuple[int, int, str]] = []
    for m in sorted(line.get("mentions", ()), key=lambda m: (m["start"], m["end"], m["type"])):
        item = (m["start"], m["end"], m["type"])
        if m.get("entity") is None:
            singles.append(item)
        else:
            clusters.setdefault(m["entity"], []).append(item)

    def strings_of(items: list[tuple[int, int, str]]) -> list[str]:
        return list(dict.fromkeys(text[s:e] for s, e, _ in items))

    def entity(items: list[tuple[int, int, str]], taken: set[str]) -> dict[str, Any]:
        strings = strings_of(items)
        # the name: a proper-name-like string (capitalized, not a pronoun) before a common
        # noun phrase, the one the cluster writes most often, then the longest (ties: the
        # earliest), and one no other cluster of the document has taken, so that two
        # entities never share a name
        freq = Counter(text[s:e] for s, e, _ in items)
        ranked = sorted(strings, key=lambda x: (not _name_like(x), -freq[x], -len(x), strings.index(x)))
        name = next((x for x in ranked if x not in taken), ranked[0])
        taken.add(name)
        counts = Counter(t for _, _, t in items)
        top = max(counts.values())
        etype = next(t for _, _, t in items if counts[t] == top)
        return {"name": name, "type": etype, "aliases": [x for x in strings if x != name and x not in taken]}

    taken: set[str] = set()
    # clusters with a name first (in text order), so a metonymic mention ("Beijing" in the
    # China cluster) never takes the name of the entity it is the proper name of
    order = sorted(clusters, key=lambda cid: (not any(_name_like(x) for x in strings_of(clusters[cid])),
                                              -max(len(x) for x in strings_of(clusters[cid])), clusters[cid][0]))
    named = {}
    for cid in sorted(order, key=lambda cid: _home_rank(clusters[cid], text)):
        named[cid] = entity(clusters[cid], taken)
    # an entity known only by pronouns has no name to extract: the gold does not score such
    # entities, and neither is it predicted here (references to it keep the pronoun)
    spoken = [e for cid, e in named.items() if any(not _pronoun(x) for x in strings_of(clusters[cid]))]
    entities = sorted([*spoken, *(entity([m], taken) for m in singles if not _pronoun(text[m[0]:m[1]]))],
                      key=lambda e: (e["name"], e["type"], e["aliases"]))
    unique: list[dict[str, Any]] = []
    for e in entities:  # twin clusters give the same entity twice: once is enough
        if not unique or unique[-1] != e:
            unique.append(e)

    def ref(r: str | None) -> str | None:
        return None if r is None else named[r]["name"] if r in named else r

    out: dict[str, Any] = {"doc_id": line["doc_id"], "matching": "ungrounded", "entities": unique}
    if "roles" in line:
        out["roles"] = [{**r, "person": ref(r["person"]), "organization": ref(r["organization"]),
                         **({"country": ref(r["country"])} if "country" in r else {})} for r in line["roles"]]
    if "timexes" in line:
        out["timexes"] = [{"type": t["type"], "value": t["value"]} for t in line["timexes"]]
    if "meetings" in line:
        out["meetings"] = [{**m, "participants": [ref(p) for p in m["participants"]], "location": ref(m["location"])}
                           for m in line["meetings"]]
    return out


def convert_file(source: Path | str, target: Path | str, gold: GoldSource | None = None) -> int:
    """Convert a grounded predictions file into an ungrounded one; return the lines written.

    The input is checked as :func:`.api.score` checks it (schema, known ``doc_id``, offsets
    inside the raw text of ``gold``); any problem is an :class:`~mil2mil.errors.InputError`
    and nothing is written. The output is written beside ``target`` and moved into place.
    """
    gold = gold or GoldSource.from_path()
    src, dst = Path(source), Path(target)
    problems: list[Problem] = []
    lines: list[str] = []
    for rl in read_lines(src, problems):
        declared = rl.obj.get("matching")
        if declared == "ungrounded" or (declared is None and "mentions" not in rl.obj):
            problems.append(Problem(str(src), "/matching", "not a grounded line (no `mentions`, or declared ungrounded); "
                                    "only grounded predictions can be converted", rl.line))
            continue
        if rl.obj["doc_id"] not in gold:
            problems.append(Problem(str(src), "/doc_id", f"unknown doc_id {rl.obj['doc_id']!r}", rl.line))
            continue
        text = gold.get(rl.obj["doc_id"]).text
        n = len(problems)
        pred = check_document(str(src), rl, text, True, problems)
        if len(problems) == n:
            line = {"doc_id": pred.doc_id, **pred.layers}
            lines.append(json.dumps(to_ungrounded(line, text), ensure_ascii=False, separators=(",", ":")) + "\n")
    if problems:
        raise InputError(problems)
    tmp = dst.with_name(f".{dst.name}.tmp")
    try:
        tmp.write_text("".join(lines), encoding="utf-8", newline="\n")
        os.replace(tmp, dst)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise InputError([Problem(str(dst), "", f"cannot write: {err.strerror or err}")]) from None
    return len(lines)
