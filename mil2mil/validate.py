"""Validation of gold documents: the JSON Schema first, then what a schema cannot say.

This is the boundary of the dataset. Everything downstream (export, scorer, statistics)
assumes a document that passed here, so the checks are strict and every problem is
reported with file, line, JSON pointer and what was expected. The semantic rules are
listed in :func:`semantic_problems`; each is a rule of ``docs/guidelines.md`` that can be
checked mechanically.
"""

from __future__ import annotations

import hashlib
import re
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from mil2mil import jsonpos, phenomena, timex3, titles
from mil2mil.schema_check import validator_for
from mil2mil.errors import InputError, Problem, json_pointer

GOLD_SCHEMA = "gold-document.schema.json"

#: Which entity types each reference may point at (rules as data).
REFERENCE_TYPES: dict[str, frozenset[str]] = {
    "role.person": frozenset({"PER"}),
    "role.organization": frozenset({"ORG"}),
    "role.country": frozenset({"GPE", "NORP"}),
    "meeting.location": frozenset({"GPE", "LOC", "FAC"}),
    "meeting.event": frozenset({"EVENT"}),
    "meeting.participant": frozenset({"PER", "ORG", "GPE", "NORP"}),
}

#: Meeting statuses that denote one real meeting and so need a cross-document id (a cancelled
#: meeting is the specific meeting that had been planned; a negated one is asserted not to exist).
STATUSES_WITH_IDENTITY = frozenset({"occurred", "ongoing", "planned", "cancelled"})

#: Layers whose items may carry phenomenon tags.
TAGGED_LAYERS = ("entities", "mentions", "roles", "timexes", "meetings")

#: Timex types a meeting date may point at.
MEETING_DATE_TYPES = frozenset({"DATE", "TIME"})


@cache
def load_schema(name: str = GOLD_SCHEMA) -> dict[str, Any]:
    """A schema shipped in ``schema/`` (package data ``mil2mil.schema``)."""
    text = resources.files("mil2mil.schema").joinpath(name).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator(name: str = GOLD_SCHEMA) -> Any:
    return validator_for(load_schema(name))


def _expected(error: Any) -> str:
    """A schema error phrased as what was expected (jsonschema's message plus the rule)."""
    return f"{error.message} (schema rule: {error.validator})"


def schema_problems(doc: Any) -> Iterator[tuple[str, str]]:
    """(pointer, message) for each schema violation, in a stable order."""
    errors = sorted(_validator().iter_errors(doc), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    for error in errors:
        yield json_pointer(list(error.absolute_path)), _expected(error)


# --------------------------------------------------------------------------- semantics


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


def _span_problems(text: str, span: dict[str, Any], has_text: bool = True, trimmed: bool = True) -> Iterator[str]:
    start, end = span["start"], span["end"]
    if not 0 <= start < end <= len(text):
        yield f"span [{start}, {end}) is not inside the text (length {len(text)}) or is empty"
        return
    piece = text[start:end]
    if has_text and piece != span["text"]:
        yield f"expected {span['text']!r} at [{start}, {end}) but the text there is {piece!r}"
    if trimmed and piece != piece.strip():
        yield f"span [{start}, {end}) {piece!r} begins or ends with white space"


def _boundary_problem(text: str, start: int, end: int) -> str | None:
    """Mentions and timexes must start and end on word boundaries (catches off-by-one). A
    span outside the text has been reported already (:func:`_span_problems`): not checked."""
    if not 0 <= start < end <= len(text):
        return None
    if start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
        return f"span [{start}, {end}) starts inside a word ({text[max(0, start - 10):end]!r})"
    if end < len(text) and _is_word_char(text[end - 1]) and _is_word_char(text[end]):
        return f"span [{start}, {end}) ends inside a word ({text[start:end + 10]!r})"
    return None


def _inside(inner: dict[str, Any], outer: dict[str, Any]) -> bool:
    return outer["start"] <= inner["start"] and inner["end"] <= outer["end"]


def _alias_problems(i: int, e: dict[str, Any], doc: dict[str, Any], mentions: list[dict[str, Any]]) -> Iterator[tuple[str, str]]:
    """An entity's ``aliases``: each name once; a ``text`` alias is one of its mention strings
    (not a pronoun); a ``correction`` alias replaces a misspelling that a source note records
    inside one of its mentions; every named or nominal mention string is a ``text`` alias
    once the entity has any alias."""
    aliases = e.get("aliases")
    if aliases is None:
        return
    written = {m["text"] for m in mentions if m["form"] != "PRO"}
    seen: set[str] = set()
    misspelt = [n for n in doc["source_notes"] if n["kind"] == "misspelling" and n.get("correction")]
    for j, a in enumerate(aliases):
        p = f"/entities/{i}/aliases/{j}"
        if a["name"] in seen:
            yield f"{p}/name", f"alias {a['name']!r} is given twice"
        seen.add(a["name"])
        if a["source"] == "text" and a["name"] not in written:
            yield f"{p}/name", f"a text alias is a name or nominal mention string of {e['id']}; {a['name']!r} is none"
        if a["source"] == "correction" and not any(
                _inside(n["span"], m) and n["correction"] in a["name"] for n in misspelt for m in mentions):
            yield f"{p}/source", (f"a correction alias corrects a misspelling recorded in source_notes inside a mention of "
                                  f"{e['id']}; none matches {a['name']!r}")
    missing = sorted(written - {a["name"] for a in aliases if a["source"] == "text"})
    if missing:
        yield f"/entities/{i}/aliases", f"every name or nominal mention string is a text alias; missing: {', '.join(map(repr, missing))}"


#: Status words that may open a former role's evidence (docs/guidelines.md, roles: evidence).
_STATUS_WORD = re.compile(r"(?:former|ex-|onetime|one-time)\b[ -]?", re.IGNORECASE)


def semantic_problems(doc: dict[str, Any], text: str, raw_sha256: str) -> Iterator[tuple[str, str]]:
    """(pointer, message) for each rule a schema cannot express. ``doc`` is schema-valid."""
    if doc["text_sha256"] != raw_sha256:
        yield "/text_sha256", f"expected the SHA-256 of {doc['text_file']} ({raw_sha256}), found {doc['text_sha256']!r}"

    # ids unique across the document
    seen: Counter[str] = Counter()
    for layer in ("zones", "entities", "mentions", "roles", "timexes", "meetings", "source_notes"):
        for item in doc[layer]:
            seen[item["id"]] += 1
    for layer in ("zones", "entities", "mentions", "roles", "timexes", "meetings", "source_notes"):
        for i, item in enumerate(doc[layer]):
            if seen[item["id"]] > 1:
                yield f"/{layer}/{i}/id", f"id {item['id']!r} is used more than once in the document"

    entities = {e["id"]: e for e in doc["entities"]}
    roles = {r["id"]: r for r in doc["roles"]}
    timexes = {t["id"]: t for t in doc["timexes"]}
    mentions_of: dict[str, list[dict[str, Any]]] = {}
    for m in doc["mentions"]:
        mentions_of.setdefault(m["entity"], []).append(m)

    def ref(pointer: str, target: str | None, kind: str) -> Iterator[tuple[str, str]]:
        if target is None:
            return
        if target not in entities:
            yield pointer, f"{target!r} is not an entity id of this document"
        elif entities[target]["type"] not in REFERENCE_TYPES[kind]:
            allowed = "/".join(sorted(REFERENCE_TYPES[kind]))
            yield pointer, f"{target!r} is a {entities[target]['type']} entity; {kind} must be {allowed}"

    def spans(pointer: str, span: dict[str, Any]) -> Iterator[tuple[str, str]]:
        for message in _span_problems(text, span):
            yield pointer, message

    # phenomenon tags come from one vocabulary
    for layer in TAGGED_LAYERS:
        for i, item in enumerate(doc[layer]):
            for j, tag in enumerate(item.get("tags", ())):
                if tag not in phenomena.TAGS:
                    yield f"/{layer}/{i}/tags/{j}", f"unknown phenomenon tag {tag!r}; expected a tag of mil2mil/phenomena.py (docs/phenomena.md)"

    # metadata
    meta = doc["metadata"]
    # documents made before the two fields existed (the frozen agreement passes) are news
    collection = meta.get("collection", "news")
    if meta.get("constructed", False) != (collection != "news"):
        yield "/metadata/constructed", f"expected {collection != 'news'} for collection {collection!r}"
    if ("generator" in meta) != (collection == "constructed"):
        yield "/metadata/generator", "a generated document (collection constructed) has generator metadata, no other has"
    if meta["headline"] is not None:
        yield from spans("/metadata/headline", meta["headline"])
        if not any(z["type"] == "headline" and z["start"] == meta["headline"]["start"]
                   and z["end"] == meta["headline"]["end"] for z in doc["zones"]):
            yield "/metadata/headline", "expected a headline zone with the same span as the headline"
    dct = meta["dct"]
    if (dct["provenance"] == "stated_in_text") != (dct["timex"] is not None):
        yield "/metadata/dct/timex", "a DCT stated in the text names its timex; one from an external source has timex null"
    if dct["timex"] is not None:
        t = timexes.get(dct["timex"])
        if t is None or t.get("function_in_document") != "CREATION_TIME" or t["value"] != dct["value"]:
            yield "/metadata/dct/timex", f"expected the id of a CREATION_TIME timex with value {dct['value']!r}"

    # zones: sorted, disjoint, trimmed, covering every non-space character
    covered = [False] * len(text)
    last_end = 0
    for i, z in enumerate(doc["zones"]):
        for message in _span_problems(text, {**z, "text": text[z["start"]:z["end"]]}, has_text=False):
            yield f"/zones/{i}", message
        if z["start"] < last_end:
            yield f"/zones/{i}", "zones must be sorted and must not overlap"
        last_end = max(last_end, z["end"])
        for k in range(max(0, z["start"]), min(len(text), z["end"])):
            covered[k] = True
    uncovered = [k for k, ch in enumerate(text) if not ch.isspace() and not covered[k]]
    if uncovered:
        k = uncovered[0]
        yield "/zones", f"{len(uncovered)} non-space characters are in no zone, the first at {k} ({text[k:k + 20]!r})"

    # entities and mentions; canonical names are unique so that a name identifies an entity
    # (ungrounded predictions refer to entities by name)
    names: Counter[str] = Counter(" ".join(e["canonical_name"].lower().split()) for e in doc["entities"])
    for i, e in enumerate(doc["entities"]):
        if names[" ".join(e["canonical_name"].lower().split())] > 1:
            yield f"/entities/{i}/canonical_name", f"canonical name {e['canonical_name']!r} is used by two entities"
        if e["id"] not in mentions_of:
            yield f"/entities/{i}", f"entity {e['id']} has no mention"
        yield from _alias_problems(i, e, doc, mentions_of.get(e["id"], []))
        for j, member in enumerate(e.get("members", [])):
            p = f"/entities/{i}/members/{j}"
            if member == e["id"]:
                yield p, "a group cannot be its own member"
            elif member not in entities:
                yield p, f"{member!r} is not an entity id of this document"
            elif e["type"] == "PER" and entities[member]["type"] != "PER":
                yield p, f"a PER group has PER members; {member} is {entities[member]['type']}"
    previous: tuple[int, int] | None = None
    spans_seen: set[tuple[int, int]] = set()
    for i, m in enumerate(doc["mentions"]):
        p = f"/mentions/{i}"
        yield from spans(p, m)
        if (problem := _boundary_problem(text, m["start"], m["end"])) is not None:
            yield p, problem
        key = (m["start"], -m["end"])
        if previous is not None and key < previous:
            yield p, "mentions must be sorted by start, then by decreasing end (outer before nested)"
        previous = key
        if (m["start"], m["end"]) in spans_seen:
            yield p, f"a second mention with the span [{m['start']}, {m['end']})"
        spans_seen.add((m["start"], m["end"]))
        e = entities.get(m["entity"])
        if e is None:
            yield f"{p}/entity", f"{m['entity']!r} is not an entity id of this document"
        elif e["type"] != m["type"]:
            yield f"{p}/type", f"expected {e['type']} (the type of entity {e['id']}), found {m['type']}"
        if e is not None and e["type"] == "EVENT" and m["form"] == "NOM":
            yield f"{p}/form", "EVENT entities have name and pronoun mentions only; a common noun naming a meeting is a trigger"

    def mentioned_within(entity_id: str, span: dict[str, Any]) -> bool:
        return any(_inside(m, span) for m in mentions_of.get(entity_id, []))

    # roles
    for i, r in enumerate(doc["roles"]):
        p = f"/roles/{i}"
        yield from ref(f"{p}/person", r["person"], "role.person")
        yield from ref(f"{p}/organization", r["organization"], "role.organization")
        yield from ref(f"{p}/country", r["country"], "role.country")
        yield from spans(f"{p}/title", r["title"])
        yield from spans(f"{p}/evidence", r["evidence"])
        if not _inside(r["title"], r["evidence"]):
            yield f"{p}/title", "the title span must lie inside the evidence span"
        if r["normalized_title"] not in titles.TITLES:
            yield f"{p}/normalized_title", (
                f"{r['normalized_title']!r} is not in the title table (mil2mil/titles.py); "
                f"expected one of: {', '.join(sorted(titles.TITLES))}")
        edges = {(r["title"]["start"], r["title"]["end"])}
        for field in ("person", "organization", "country"):
            target = r[field]
            if target in entities and not mentioned_within(target, r["evidence"]):
                yield f"{p}/{field}", f"{target} ({entities[target]['canonical_name']}) has no mention inside the evidence span"
            edges |= {(m["start"], m["end"]) for m in mentions_of.get(target or "", []) if _inside(m, r["evidence"])}
        # A former role's status word may open the evidence ("former ambassador to ..., Kaldera").
        status_word = _STATUS_WORD.match(text, r["evidence"]["start"])
        if r["status"] == "former" and status_word and status_word.end() <= r["title"]["start"]:
            edges.add((r["evidence"]["start"], status_word.end()))
        # The evidence is the tightest span holding the title, those mentions and a status word.
        if r["evidence"]["start"] not in {a for a, _ in edges} or r["evidence"]["end"] not in {b for _, b in edges}:
            yield f"{p}/evidence", ("expected the shortest span holding the title, the mentions of person, organization "
                                    "and country, and (for a former role) a leading status word such as \"former\"")

    # timexes
    previous_start = -1
    for i, t in enumerate(doc["timexes"]):
        p = f"/timexes/{i}"
        yield from spans(p, t)
        if (problem := _boundary_problem(text, t["start"], t["end"])) is not None:
            yield p, problem
        if t["start"] < previous_start:
            yield p, "timexes must be sorted by start"
        previous_start = t["start"]
        if (problem := timex3.value_problem(t["value"], t["type"])) is not None:
            yield f"{p}/value", problem
        elif t["type"] == "DATE" and (problem := timex3.calendar_mismatch(t["text"], t["value"])) is not None:
            yield f"{p}/value", problem
        if t["anchor"] is not None and t["anchor"] != "DCT" and t["anchor"] not in timexes:
            yield f"{p}/anchor", f"{t['anchor']!r} is neither DCT nor a timex id of this document"
        if t.get("function_in_document") == "CREATION_TIME" and t["value"] != dct["value"]:
            yield f"{p}/value", f"a CREATION_TIME timex must have the DCT value {dct['value']!r}"

    # meetings
    cross_ids: Counter[str] = Counter(m["cross_doc_id"] for m in doc["meetings"] if m["cross_doc_id"])
    for i, mt in enumerate(doc["meetings"]):
        p = f"/meetings/{i}"
        for j, trigger in enumerate(mt["triggers"]):
            yield from spans(f"{p}/triggers/{j}", trigger)
        if [t["start"] for t in mt["triggers"]] != sorted(t["start"] for t in mt["triggers"]):
            yield f"{p}/triggers", "triggers must be sorted by start"
        yield from ref(f"{p}/event", mt["event"], "meeting.event")
        yield from ref(f"{p}/location", mt["location"], "meeting.location")
        participants = [x["entity"] for x in mt["participants"]]
        for j, entity_id in enumerate(participants):
            members = entities.get(entity_id, {}).get("members", [])
            if members and all(member in participants for member in members):
                yield f"{p}/participants/{j}", (
                    f"group {entity_id} is listed together with all of its members; list the members only")
        for j, part in enumerate(mt["participants"]):
            yield from ref(f"{p}/participants/{j}/entity", part["entity"], "meeting.participant")
            if participants.count(part["entity"]) > 1:
                yield f"{p}/participants/{j}", f"{part['entity']} is listed more than once"
            if part["role"] is not None:
                role = roles.get(part["role"])
                if role is None:
                    yield f"{p}/participants/{j}/role", f"{part['role']!r} is not a role id of this document"
                elif role["person"] != part["entity"]:
                    yield f"{p}/participants/{j}/role", f"role {role['id']} belongs to {role['person']}, not {part['entity']}"
                elif role["status"] != "current":
                    yield f"{p}/participants/{j}/role", f"role {role['id']} is a former role; a participant acts in a current one"
        if mt["date"] is not None:
            t = timexes.get(mt["date"]["timex"])
            if t is None:
                yield f"{p}/date/timex", f"{mt['date']['timex']!r} is not a timex id of this document"
            elif t["type"] not in MEETING_DATE_TYPES:
                yield f"{p}/date/timex", f"a meeting date points at a DATE or TIME timex, {t['id']} is {t['type']}"
            elif t["value"] != mt["date"]["value"]:
                yield f"{p}/date/value", f"expected {t['value']!r} (the value of {t['id']}), found {mt['date']['value']!r}"
        topics = [x["topic"] for x in mt["topics"]]
        for j, topic in enumerate(mt["topics"]):
            if topics.count(topic["topic"]) > 1:
                yield f"{p}/topics/{j}", f"topic {topic['topic']!r} is listed more than once"
            for k, evidence in enumerate(topic["evidence"]):
                yield from spans(f"{p}/topics/{j}/evidence/{k}", evidence)
            if [e["start"] for e in topic["evidence"]] != sorted(e["start"] for e in topic["evidence"]):
                yield f"{p}/topics/{j}/evidence", "evidence spans must be sorted by start"
        if topics != sorted(topics):
            yield f"{p}/topics", "topics must be sorted by name"
        has_identity = mt["status"] in STATUSES_WITH_IDENTITY
        if has_identity and mt["cross_doc_id"] is None:
            yield f"{p}/cross_doc_id", f"a meeting with status {mt['status']} needs a cross-document id"
        if not has_identity and mt["cross_doc_id"] is not None:
            yield f"{p}/cross_doc_id", f"a {mt['status']} meeting is not one real meeting: cross_doc_id must be null"
        if mt["cross_doc_id"] and cross_ids[mt["cross_doc_id"]] > 1:
            yield f"{p}/cross_doc_id", f"{mt['cross_doc_id']!r} is used by two records; one meeting is one record per document"
        if mt["modality"] in {"video", "phone"} and mt["location"] is not None:
            yield f"{p}/location", f"a {mt['modality']} meeting has no single location"

    # the phenomena an authored document lists come from the same vocabulary
    for j, tag in enumerate(meta.get("phenomena", ())):
        if tag not in phenomena.TAGS:
            yield f"/metadata/phenomena/{j}", f"unknown phenomenon tag {tag!r}; expected a tag of mil2mil/phenomena.py (docs/phenomena.md)"
    if ("genre" in meta or "phenomena" in meta) and collection != "authored":
        yield "/metadata/genre", "genre and phenomena are metadata of authored documents only"

    # aliases of source "text" are mention strings of their entity
    for i, e in enumerate(doc["entities"]):
        written = {m["text"] for m in mentions_of.get(e["id"], [])}
        for j, alias in enumerate(e.get("aliases", [])):
            if alias["source"] == "text" and alias["name"] not in written:
                yield f"/entities/{i}/aliases/{j}/name", f"{alias['name']!r} is not a mention string of {e['id']}"

    # A source note may include surrounding white space: a deletion must remove it too.
    # A span has at most one note of each kind (one problem, one note).
    seen_notes: dict[tuple[str, int, int], int] = {}
    for i, note in enumerate(doc["source_notes"]):
        for message in _span_problems(text, note["span"], trimmed=False):
            yield f"/source_notes/{i}/span", message
        key = (note["kind"], note["span"]["start"], note["span"]["end"])
        if key in seen_notes:
            yield f"/source_notes/{i}", f"a second {note['kind']} note on the span of /source_notes/{seen_notes[key]}; expected one note per kind and span"
        seen_notes.setdefault(key, i)


# --------------------------------------------------------------------------- files


@dataclass(frozen=True)
class ValidatedDocument:
    path: Path
    doc: dict[str, Any]
    text: str


def _dataset_root_of(path: Path) -> Path:
    return path.resolve().parent.parent


def _looks_like_predictions(path: Path, content: str) -> bool:
    """A ``.jsonl`` file, or one whose first line is a whole JSON object with a ``doc_id`` and
    none of a gold document's own fields (a gold file is one indented object)."""
    if path.suffix == ".jsonl":
        return True
    first = content.lstrip("\ufeff").split("\n", 1)[0]
    try:
        obj = json.loads(first, parse_constant=jsonpos.reject_constant)
    except (ValueError, RecursionError):
        return False
    return isinstance(obj, dict) and "doc_id" in obj and "text_sha256" not in obj and "zones" not in obj


def validate_file(path: Path, text_root: Path | None = None) -> tuple[ValidatedDocument | None, list[Problem]]:
    """Validate one gold file; return the document (None if unusable) and its problems.

    The raw text is ``<dataset>/<text_file>``, the dataset being the folder above the gold
    file's folder, unless ``text_root`` names it (annotation passes kept outside ``gold/``
    index the same bundled texts).
    """
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        return None, [Problem(name, "", f"cannot read the file: {err.strerror}")]
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [Problem(name, "", f"not UTF-8: byte 0x{raw[err.start]:02x} at offset {err.start}", line)]
    if _looks_like_predictions(path, content):
        return None, [Problem(name, "", "this is a predictions file (one JSON object per line), not a gold document; "
                              f"check it with `mil2mil check {path}`")]
    try:
        doc = jsonpos.loads(content)
    except jsonpos.JSONInputError as err:
        return None, [Problem(name, "", err.message, err.line)]
    lines = jsonpos.pointer_lines(content)

    problems = [jsonpos.problem_at(name, lines, ptr, msg) for ptr, msg in schema_problems(doc)]
    if problems:
        return None, problems
    if path.stem != doc["doc_id"]:
        problems.append(jsonpos.problem_at(name, lines, "/doc_id", f"expected the file name's stem {path.stem!r}"))
    if doc["text_file"] != f"raw/{doc['doc_id']}.txt":
        problems.append(jsonpos.problem_at(name, lines, "/text_file", f"expected 'raw/{doc['doc_id']}.txt'"))
    text_file = (text_root if text_root is not None else _dataset_root_of(path)) / doc["text_file"]
    try:
        text_bytes = text_file.read_bytes()
        text = text_bytes.decode("utf-8")
    except OSError:
        problems.append(jsonpos.problem_at(name, lines, "/text_file", f"raw text {text_file} cannot be read"))
        return None, problems
    except UnicodeDecodeError:
        problems.append(jsonpos.problem_at(name, lines, "/text_file", f"raw text {text_file} is not UTF-8"))
        return None, problems
    sha = hashlib.sha256(text_bytes).hexdigest()
    problems += [jsonpos.problem_at(name, lines, ptr, msg) for ptr, msg in semantic_problems(doc, text, sha)]
    return (ValidatedDocument(path, doc, text) if not problems else None), problems


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Gold files named by ``paths``: files as given; a folder's ``gold/*.json`` or ``*.json``."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            folder = path / "gold" if (path / "gold").is_dir() else path
            out.extend(sorted(folder.glob("*.json")))
        else:
            out.append(path)
    return out


def validate_paths(paths: Iterable[Path]) -> list[ValidatedDocument]:
    """Validate every gold file; raise :class:`InputError` listing all problems if any.

    Corpus-level rule: a ``doc_id`` appears in one file only.
    """
    paths = list(paths)
    files = expand_paths(paths)
    problems: list[Problem] = []
    if not files:
        where = ", ".join(map(str, paths)) or "the arguments"
        raise InputError([Problem(where, "", "no gold files found; expected .json files, or a folder holding them or a gold/ folder")])
    documents: list[ValidatedDocument] = []
    for path in files:
        validated, found = validate_file(path)
        problems.extend(found)
        if validated is not None:
            documents.append(validated)
    ids = Counter(v.doc["doc_id"] for v in documents)
    for v in documents:
        if ids[v.doc["doc_id"]] > 1:
            problems.append(Problem(str(v.path), "/doc_id", f"doc_id {v.doc['doc_id']!r} appears in more than one file"))
    if problems:
        raise InputError(problems)
    return sorted(documents, key=lambda v: v.doc["doc_id"])
