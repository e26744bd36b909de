"""Authored documents: compile inline-markup sources into raw text and stand-off gold.

The sources in ``dataset/authored/src/*.m2m`` are the one source of truth of the authored
test set; ``dataset/authored/raw/*.txt`` and ``dataset/authored/gold/*.json`` are derived
from them by ``mil2mil authored build`` (``--check`` fails on drift). Because every span is
written around the text it annotates, offsets are exact by construction. The markup is
described in docs/authoring.md. A source is compiled, then checked by every rule of
``mil2mil validate``; a problem is reported at the line of the source that caused it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mil2mil.errors import InputError, Problem

SUFFIX = ".m2m"
SECTIONS = ("entities", "roles", "meetings", "notes", "text")
HEADER_KEYS = ("doc_id", "genre", "dct", "dct_source", "phenomena", "title")
ZONE_TYPES = ("headline", "dateline", "caption", "body", "boilerplate")
FORMS = ("NAM", "NOM", "PRO")
TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
PUBLISHER = "Mil2Mil authors"
#: Length of an authored document's text, in white-space separated words.
MIN_WORDS, MAX_WORDS = 150, 700
DEFAULT_DCT_SOURCE = "Constructed document: the date its authors gave it (not stated in the text)."


class _Fail(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class _Span:
    start: int
    end: int
    line: int
    body: str


@dataclass
class Compiled:
    """One compiled document: its id, raw text, gold, and the source line of each gold item."""

    doc_id: str
    text: str
    gold: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)

    def gold_json(self) -> str:
        return json.dumps(self.gold, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- parsing


def _tokens(line_no: int, s: str) -> list[str]:
    try:
        return shlex.split(s, posix=True)
    except ValueError as err:
        raise _Fail(line_no, f"cannot split {s!r} into words: {err}") from None


def _declaration(line_no: int, decl: str, pattern: str, usage: str, declared: dict[str, Any], what: str,
                 min_words: int = 1) -> list[str]:
    """The words of one declaration line whose first word (its id) matches ``pattern`` and is not
    declared yet; ``usage`` is the error for a malformed line."""
    words = _tokens(line_no, decl)
    if len(words) < min_words or not words or not re.fullmatch(pattern, words[0]):
        raise _Fail(line_no, usage)
    if words[0] in declared:
        raise _Fail(line_no, f"{what} {words[0]} declared twice")
    return words


def _options(line_no: int, words: list[str], allowed: Iterable[str], flags: Iterable[str] = ()) -> dict[str, Any]:
    allowed, flags = set(allowed), set(flags)
    out: dict[str, Any] = {}
    for w in words:
        if "=" in w:
            k, v = w.split("=", 1)
            if k not in allowed:
                raise _Fail(line_no, f"unknown option {k!r}; expected one of {', '.join(sorted(allowed | flags))}")
            if k in out:
                raise _Fail(line_no, f"option {k!r} given twice")
            out[k] = v
        elif w in flags:
            out[w] = True
        else:
            raise _Fail(line_no, f"unexpected word {w!r}; expected key=value ({', '.join(sorted(allowed))})"
                        + (f" or a flag ({', '.join(sorted(flags))})" if flags else ""))
    return out


def _csv(value: str | None) -> list[str]:
    return [x for x in (value or "").split(",") if x]


def _null(value: str | None) -> str | None:
    return None if value in (None, "", "-", "null") else value


def _split_items(body: str) -> list[str]:
    """Split an annotation body on ``;`` outside quotes."""
    items, cur, quote = [], [], ""
    for ch in body:
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
            cur.append(ch)
        elif ch == ";":
            items.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    items.append("".join(cur))
    return [i.strip() for i in items if i.strip()]


def _strip_markup(markup: str, first_line: int) -> tuple[str, list[_Span]]:
    """Raw text and the annotated spans of the ``@text`` section."""
    out: list[str] = []
    spans: list[_Span] = []
    stack: list[tuple[int, int]] = []  # (start offset in output, line)
    line = first_line
    i, n = 0, len(markup)
    pos = 0
    while i < n:
        ch = markup[i]
        if ch == "\\" and i + 1 < n and markup[i + 1] in "[]\\":
            out.append(markup[i + 1])
            pos += 1
            i += 2
            continue
        if ch == "[":
            stack.append((pos, line))
            i += 1
            continue
        if ch == "]":
            if not stack:
                raise _Fail(line, "']' closes no '[' (write \\] for a literal bracket)")
            if i + 1 >= n or markup[i + 1] != "{":
                raise _Fail(line, "expected '{' right after ']' (write \\] for a literal bracket)")
            close = markup.find("}", i + 2)
            if close < 0:
                raise _Fail(line, "'{' is never closed by '}'")
            body = markup[i + 2:close]
            if "\n" in body:
                raise _Fail(line, "an annotation {...} must be on one line")
            start, open_line = stack.pop()
            spans.append(_Span(start, pos, open_line, body))
            i = close + 1
            continue
        if ch == "\n":
            line += 1
        out.append(ch)
        pos += 1
        i += 1
    if stack:
        raise _Fail(stack[-1][1], "'[' is never closed by ']{...}'")
    return "".join(out), spans


def _parse_source(path: Path, content: str) -> tuple[dict[str, tuple[int, str]], dict[str, list[tuple[int, str]]], int, str]:
    """Header fields, declaration lines per section, and the text section with its first line."""
    header: dict[str, tuple[int, str]] = {}
    sections: dict[str, list[tuple[int, str]]] = {s: [] for s in SECTIONS}
    current: str | None = None
    lines = content.split("\n")
    for idx, raw_line in enumerate(lines):
        no = idx + 1
        stripped = raw_line.strip()
        if current != "text" and stripped.startswith("@"):
            name = stripped[1:]
            if name not in SECTIONS:
                raise _Fail(no, f"unknown section {stripped!r}; expected one of {', '.join('@' + s for s in SECTIONS)}")
            if current is not None and SECTIONS.index(name) <= SECTIONS.index(current):
                raise _Fail(no, f"section @{name} out of order; expected the order {' '.join('@' + s for s in SECTIONS)}")
            current = name
            if name == "text":
                return header, sections, no + 1, "\n".join(lines[idx + 1:])
            continue
        if not stripped or stripped.startswith("#"):
            continue
        if current is None:
            key, sep, value = raw_line.partition(":")
            key = key.strip()
            if not sep or key not in HEADER_KEYS:
                raise _Fail(no, f"expected a header line 'key: value' with key one of {', '.join(HEADER_KEYS)}")
            if key in header:
                raise _Fail(no, f"header {key!r} given twice")
            header[key] = (no, value.strip())
        else:
            sections[current].append((no, stripped))
    raise _Fail(len(lines), "no @text section")


# --------------------------------------------------------------------------- compiling


def compile_source(path: Path, content: str | None = None) -> Compiled:
    """Compile one ``.m2m`` source; raise :class:`InputError` (file:line: message) on a problem."""
    name = str(path)
    try:
        if content is None:
            content = path.read_text(encoding="utf-8")
        return _compile(path, content)
    except _Fail as fail:
        raise InputError([Problem(name, "", fail.message, fail.line)]) from None
    except OSError as err:
        raise InputError([Problem(name, "", f"cannot read the file: {err.strerror}")]) from None
    except UnicodeDecodeError as err:
        raise InputError([Problem(name, "", f"not UTF-8 at byte {err.start}")]) from None


def _compile(path: Path, content: str) -> Compiled:
    from mil2mil import phenomena

    header, sections, text_line, markup = _parse_source(path, content)

    def need(key: str) -> tuple[int, str]:
        if key not in header:
            raise _Fail(1, f"missing header line '{key}: ...'")
        return header[key]

    line_id, doc_id = need("doc_id")
    if doc_id != path.stem.removesuffix(SUFFIX):
        raise _Fail(line_id, f"doc_id {doc_id!r} differs from the file name's stem {path.stem!r}")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", doc_id):
        raise _Fail(line_id, "doc_id must be lower-case words joined by '-'")
    line_genre, genre = need("genre")
    line_dct, dct = need("dct")
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", dct):
        raise _Fail(line_dct, f"dct {dct!r}: expected YYYY-MM-DD")
    line_ph, ph = need("phenomena")
    tags = ph.replace(",", " ").split()
    for tag in tags:
        if tag not in phenomena.TAGS:
            raise _Fail(line_ph, f"{tag!r} is not a phenomenon tag (mil2mil/phenomena.py)")
    lines: dict[str, int] = {"/metadata/genre": line_genre, "/metadata/dct": line_dct, "/metadata/phenomena": line_ph,
                             "/doc_id": line_id}

    # declarations
    entities: dict[str, dict[str, Any]] = {}
    for no, decl in sections["entities"]:
        words = _declaration(no, decl, r"E[0-9]+", "expected: E<n> TYPE \"canonical name\" [members=E1,E2] "
                             "[note=\"...\"] [tags=a,b]", entities, "entity", min_words=3)
        eid, etype, cname = words[:3]
        opts = _options(no, words[3:], ("members", "note", "tags", "wikidata"))
        e: dict[str, Any] = {"id": eid, "type": etype, "canonical_name": cname}
        if opts.get("wikidata"):
            e["wikidata"] = opts["wikidata"]
        if opts.get("members"):
            e["members"] = _csv(opts["members"])
        if opts.get("tags"):
            e["tags"] = _csv(opts["tags"])
        if opts.get("note"):
            e["note"] = opts["note"]
        entities[eid] = e
        lines[eid] = no
    roles: dict[str, dict[str, Any]] = {}
    for no, decl in sections["roles"]:
        words = _declaration(no, decl, r"R[0-9]+", "expected: R<n> person=E<n> title=<normalized title> [org=E<n>] "
                             "[country=E<n>] [status=current|former]", roles, "role")
        rid = words[0]
        opts = _options(no, words[1:], ("person", "title", "org", "country", "status", "note", "tags"))
        for k in ("person", "title"):
            if k not in opts:
                raise _Fail(no, f"role {rid} needs {k}=")
        roles[rid] = {"id": rid, "person": opts["person"], "normalized_title": opts["title"],
                      "organization": _null(opts.get("org")), "country": _null(opts.get("country")),
                      "status": opts.get("status", "current"), "note": opts.get("note"), "tags": _csv(opts.get("tags"))}
        lines[rid] = no
    meetings: dict[str, dict[str, Any]] = {}
    for no, decl in sections["meetings"]:
        words = _declaration(no, decl, r"MT[0-9]+", "expected: MT<n> status=... modality=... [participants=E1:R1,E2] "
                             "[date=T<n>] [relation=during|begins|ends] [location=E<n>] [event=E<n>] [xdoc=id] "
                             "[note=\"...\"] [tags=a,b]", meetings, "meeting")
        mid = words[0]
        opts = _options(no, words[1:], ("status", "modality", "participants", "date", "relation", "location", "event",
                                        "xdoc", "note", "tags"))
        if "status" not in opts:
            raise _Fail(no, f"meeting {mid} needs status=")
        participants = []
        for p in _csv(opts.get("participants")):
            ent, _, role = p.partition(":")
            participants.append({"entity": ent, "role": role or None})
        meetings[mid] = {"id": mid, "status": opts["status"], "modality": opts.get("modality", "unspecified"),
                         "participants": participants, "date": _null(opts.get("date")),
                         "relation": opts.get("relation", "during"), "location": _null(opts.get("location")),
                         "event": _null(opts.get("event")), "xdoc": _null(opts.get("xdoc")), "note": opts.get("note"),
                         "tags": _csv(opts.get("tags"))}
        lines[mid] = no
    notes: dict[str, dict[str, Any]] = {}
    for no, decl in sections["notes"]:
        words = _declaration(no, decl, r"N[0-9]+", "expected: N<n> kind=duplication|misspelling|factual|stale "
                             "[correction=\"...\"] note=\"...\"", notes, "source note")
        opts = _options(no, words[1:], ("kind", "correction", "note"))
        if "kind" not in opts or "note" not in opts:
            raise _Fail(no, f"source note {words[0]} needs kind= and note=")
        notes[words[0]] = {"id": words[0], "kind": opts["kind"], "correction": opts.get("correction"), "note": opts["note"]}
        lines[words[0]] = no

    # text and inline annotations
    text, spans = _strip_markup(markup, text_line)
    if not text.endswith("\n"):
        text += "\n"
    words = len(text.split())
    if not MIN_WORDS <= words <= MAX_WORDS:
        raise _Fail(text_line, f"the text has {words} words; an authored document has {MIN_WORDS} to {MAX_WORDS}")

    mentions: list[dict[str, Any]] = []
    timexes: list[dict[str, Any]] = []
    zones: list[dict[str, Any]] = []
    role_spans: dict[tuple[str, str], dict[str, Any]] = {}
    triggers: dict[str, list[dict[str, Any]]] = {}
    evidence: dict[tuple[str, str], list[dict[str, Any]]] = {}
    note_spans: dict[str, dict[str, Any]] = {}
    dct_timex: str | None = None

    for sp in spans:
        piece = text[sp.start:sp.end]
        if sp.start == sp.end:
            raise _Fail(sp.line, f"empty annotated span {{{sp.body}}}")
        span = {"start": sp.start, "end": sp.end, "text": piece}
        for item in _split_items(sp.body):
            words = _tokens(sp.line, item)
            head = words[0]
            if re.fullmatch(r"E[0-9]+", head):
                if len(words) < 2 or words[1] not in FORMS:
                    raise _Fail(sp.line, f"mention of {head}: expected {head} NAM|NOM|PRO, found {item!r}")
                if head not in entities:
                    raise _Fail(sp.line, f"{head} is not declared under @entities")
                opts = _options(sp.line, words[2:], ("note", "tags"))
                m = {**span, "type": entities[head]["type"], "form": words[1], "entity": head, "_line": sp.line}
                if opts.get("tags"):
                    m["tags"] = _csv(opts["tags"])
                if opts.get("note"):
                    m["note"] = opts["note"]
                mentions.append(m)
            elif re.fullmatch(r"T[0-9]+", head):
                if len(words) < 3 or words[1] not in TIMEX_TYPES:
                    raise _Fail(sp.line, f"timex {head}: expected {head} DATE|TIME|DURATION|SET VALUE [anchor=DCT|T<n>] [mod=...] [dct]")
                if any(t["id"] == head for t in timexes):
                    raise _Fail(sp.line, f"timex id {head} used twice")
                opts = _options(sp.line, words[3:], ("anchor", "mod", "note", "tags"), flags=("dct",))
                t = {"id": head, **span, "type": words[1], "value": words[2], "mod": _null(opts.get("mod")),
                     "anchor": _null(opts.get("anchor"))}
                if opts.get("dct"):
                    if dct_timex is not None:
                        raise _Fail(sp.line, f"a second creation-time timex (the first is {dct_timex})")
                    dct_timex = head
                    t["function_in_document"] = "CREATION_TIME"
                if opts.get("tags"):
                    t["tags"] = _csv(opts["tags"])
                if opts.get("note"):
                    t["note"] = opts["note"]
                lines[head] = sp.line
                timexes.append(t)
            elif head in ("title", "ev"):
                if len(words) != 2 or words[1] not in roles:
                    raise _Fail(sp.line, f"expected '{head} R<n>' with a role declared under @roles, found {item!r}")
                key = (words[1], head)
                if key in role_spans:
                    raise _Fail(sp.line, f"role {words[1]} has a second '{head}' span")
                role_spans[key] = span
            elif head == "trig":
                if len(words) != 2:
                    raise _Fail(sp.line, f"expected 'trig MT<n>[,MT<m>]', found {item!r}")
                for mid in _csv(words[1]):
                    if mid not in meetings:
                        raise _Fail(sp.line, f"{mid} is not declared under @meetings")
                    triggers.setdefault(mid, []).append(span)
            elif head == "topic":
                if len(words) != 3:
                    raise _Fail(sp.line, f"expected 'topic MT<n>[,MT<m>] TOPIC', found {item!r}")
                for mid in _csv(words[1]):
                    if mid not in meetings:
                        raise _Fail(sp.line, f"{mid} is not declared under @meetings")
                    evidence.setdefault((mid, words[2]), []).append(span)
            elif head == "zone":
                if len(words) < 2 or words[1] not in ZONE_TYPES:
                    raise _Fail(sp.line, f"expected 'zone {'|'.join(ZONE_TYPES)}', found {item!r}")
                opts = _options(sp.line, words[2:], ("note",))
                z = {"type": words[1], "start": sp.start, "end": sp.end}
                if opts.get("note"):
                    z["note"] = opts["note"]
                zones.append(z)
            elif re.fullmatch(r"N[0-9]+", head):
                if head not in notes:
                    raise _Fail(sp.line, f"{head} is not declared under @notes")
                if head in note_spans:
                    raise _Fail(sp.line, f"source note {head} has a second span")
                note_spans[head] = span
            else:
                raise _Fail(sp.line, f"unknown annotation {item!r}; expected E<n> FORM, T<n> TYPE VALUE, title R<n>, "
                                     "ev R<n>, trig MT<n>, topic MT<n> TOPIC, zone TYPE or N<n>")

    # zones: the explicit ones, and body zones over every other run of text
    zones.sort(key=lambda z: z["start"])
    filled: list[dict[str, Any]] = []
    cursor = 0
    for z in [*zones, {"type": None, "start": len(text), "end": len(text)}]:
        gap = text[cursor:z["start"]]
        if gap.strip():
            lead = len(gap) - len(gap.lstrip())
            filled.append({"type": "body", "start": cursor + lead, "end": cursor + len(gap.rstrip())})
        if z["type"] is not None:
            filled.append(z)
        cursor = max(cursor, z["end"])
    zone_list = [{"id": f"Z{i}", **z} for i, z in enumerate(filled, 1)]
    headline = next(({"start": z["start"], "end": z["end"], "text": text[z["start"]:z["end"]]}
                     for z in zone_list if z["type"] == "headline"), None)

    mentions.sort(key=lambda m: (m["start"], -m["end"]))
    mention_list = []
    for i, m in enumerate(mentions, 1):
        lines[f"M{i}"] = m.pop("_line")
        mention_list.append({"id": f"M{i}", **m})
    timexes.sort(key=lambda t: t["start"])

    # entities with their aliases (every name and nominal mention string, in text order)
    entity_list = []
    for eid, e in entities.items():
        seen: list[str] = []
        for m in mention_list:
            if m["entity"] == eid and m["form"] != "PRO" and m["text"] not in seen:
                seen.append(m["text"])
        out = {k: e[k] for k in ("id", "type", "canonical_name") if k in e}
        for k in ("wikidata", "members"):
            if k in e:
                out[k] = e[k]
        if seen:
            out["aliases"] = [{"name": s, "source": "text", "note": "as written in the document"} for s in seen]
        for k in ("tags", "note"):
            if k in e:
                out[k] = e[k]
        entity_list.append(out)

    role_list = []
    for rid, r in roles.items():
        for kind in ("title", "ev"):
            if (rid, kind) not in role_spans:
                raise _Fail(lines[rid], f"role {rid} has no '{kind} {rid}' span in the text")
        out = {"id": rid, "person": r["person"], "title": role_spans[(rid, "title")],
               "normalized_title": r["normalized_title"], "organization": r["organization"], "country": r["country"],
               "status": r["status"], "evidence": role_spans[(rid, "ev")]}
        if r["tags"]:
            out["tags"] = r["tags"]
        if r["note"]:
            out["note"] = r["note"]
        role_list.append(out)

    timex_by_id = {t["id"]: t for t in timexes}
    meeting_list = []
    for mid, mt in meetings.items():
        if mid not in triggers:
            raise _Fail(lines[mid], f"meeting {mid} has no 'trig {mid}' span in the text")
        date = None
        if mt["date"] is not None:
            if mt["date"] not in timex_by_id:
                raise _Fail(lines[mid], f"date={mt['date']} is not a timex of the text")
            date = {"timex": mt["date"], "value": timex_by_id[mt["date"]]["value"], "relation": mt["relation"]}
        topics = []
        for (m2, topic), ev in sorted(evidence.items(), key=lambda kv: kv[0][1]):
            if m2 == mid:
                topics.append({"topic": topic, "evidence": sorted(ev, key=lambda s: (s["start"], s["end"]))})
        out = {"id": mid, "triggers": sorted(triggers[mid], key=lambda s: (s["start"], s["end"])), "event": mt["event"],
               "participants": mt["participants"], "date": date, "location": mt["location"],
               "modality": mt["modality"], "status": mt["status"], "topics": topics, "cross_doc_id": mt["xdoc"]}
        if mt["tags"]:
            out["tags"] = mt["tags"]
        if mt["note"]:
            out["note"] = mt["note"]
        meeting_list.append(out)

    note_list = []
    for nid, n in notes.items():
        if nid not in note_spans:
            raise _Fail(lines[nid], f"source note {nid} has no '{nid}' span in the text")
        note_list.append({"id": nid, "kind": n["kind"], "span": note_spans[nid], "correction": n["correction"],
                          "note": n["note"]})

    if dct_timex is not None:
        dct_meta = {"value": dct, "provenance": "stated_in_text", "timex": dct_timex,
                    "source": "Stated in the text of the constructed document."}
    else:
        dct_meta = {"value": dct, "provenance": "external_source", "timex": None,
                    "source": header.get("dct_source", (0, DEFAULT_DCT_SOURCE))[1]}
    gold = {
        "doc_id": doc_id,
        "text_file": f"raw/{doc_id}.txt",
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "metadata": {
            "source_file": f"{doc_id}{SUFFIX}",
            "publisher": PUBLISHER,
            "agency": None,
            "headline": headline,
            "language": "en",
            "dct": dct_meta,
            "copyright_holder": PUBLISHER,
            "constructed": True,
            "collection": "authored",
            "genre": genre,
            "phenomena": tags,
        },
        "zones": zone_list,
        "entities": entity_list,
        "mentions": mention_list,
        "roles": role_list,
        "timexes": timexes,
        "meetings": meeting_list,
        "source_notes": note_list,
    }
    return Compiled(doc_id, text, gold, lines)


def check_compiled(path: Path, compiled: Compiled) -> list[Problem]:
    """Every rule of ``mil2mil validate`` on a compiled document, reported at source lines."""
    from mil2mil.validate import schema_problems, semantic_problems

    doc = compiled.gold
    found = list(schema_problems(doc))
    if not found:
        sha = hashlib.sha256(compiled.text.encode("utf-8")).hexdigest()
        found = list(semantic_problems(doc, compiled.text, sha))
    return [Problem(str(path), pointer, message, _line_of(compiled, pointer)) for pointer, message in found]


def _line_of(compiled: Compiled, pointer: str) -> int | None:
    parts = pointer.strip("/").split("/")
    if len(parts) >= 2 and parts[1].isdigit():
        layer = compiled.gold.get(parts[0])
        if isinstance(layer, list) and int(parts[1]) < len(layer):
            item = layer[int(parts[1])]
            if isinstance(item, dict):
                if item.get("id") in compiled.lines:
                    return compiled.lines[item["id"]]
                # an entity's problems (no mention) are at its declaration; a topic span at its meeting
    if parts and parts[0] == "metadata" and len(parts) > 1:
        return compiled.lines.get(f"/metadata/{parts[1]}")
    return compiled.lines.get(pointer)


# --------------------------------------------------------------------------- the collection


def source_paths(src: Path) -> list[Path]:
    if src.is_file():
        return [src]
    return sorted(src.glob(f"*{SUFFIX}"))


def build(src: Path) -> list[Compiled]:
    """Compile and check every source in ``src``; raise :class:`InputError` with every problem."""
    paths = source_paths(src)
    if not paths:
        raise InputError([Problem(str(src), "", f"no *{SUFFIX} sources found")])
    problems: list[Problem] = []
    out: list[Compiled] = []
    for path in paths:
        try:
            compiled = compile_source(path)
        except InputError as err:
            problems.extend(err.problems)
            continue
        found = check_compiled(path, compiled)
        problems.extend(found)
        if not found:
            out.append(compiled)
    if problems:
        raise InputError(problems)
    return out


def expected_files(compiled: list[Compiled]) -> dict[str, bytes]:
    """Derived files (relative path -> bytes) for a list of compiled documents."""
    files: dict[str, bytes] = {}
    for c in compiled:
        files[f"raw/{c.doc_id}.txt"] = c.text.encode("utf-8")
        files[f"gold/{c.doc_id}.json"] = c.gold_json().encode("utf-8")
    return files


def drift(out: Path, files: dict[str, bytes]) -> list[str]:
    """Derived files under ``out`` that are missing, differ, or have no source."""
    problems = []
    for rel, data in sorted(files.items()):
        p = out / rel
        if not p.is_file():
            problems.append(f"{p}: missing (run `mil2mil authored build`)")
        elif p.read_bytes() != data:
            problems.append(f"{p}: differs from its source (run `mil2mil authored build`)")
    for sub, ext in (("raw", ".txt"), ("gold", ".json")):
        for p in sorted((out / sub).glob(f"*{ext}")) if (out / sub).is_dir() else []:
            if f"{sub}/{p.name}" not in files:
                problems.append(f"{p}: has no source in src/ (delete it or add its source)")
    return problems


def write(out: Path, files: dict[str, bytes]) -> list[str]:
    """Write the derived files (each written aside, then moved into place); remove orphans."""
    changed = []
    for rel, data in sorted(files.items()):
        p = out / rel
        if p.is_file() and p.read_bytes() == data:
            continue
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, p)
        changed.append(str(p))
    for sub, ext in (("raw", ".txt"), ("gold", ".json")):
        for p in sorted((out / sub).glob(f"*{ext}")) if (out / sub).is_dir() else []:
            if f"{sub}/{p.name}" not in files:
                p.unlink()
                changed.append(f"{p} (removed)")
    return changed
