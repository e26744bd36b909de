"""The gold side of scoring: documents prepared once into the shapes the metrics compare.

Gold given by path is validated once at load (:meth:`GoldSource.from_path`); gold from a
loader (:meth:`GoldSource.from_loader`, trusted synthetic corpora) is read lazily, one
document at a time, so scoring memory does not grow with the corpus. The content hash that goes into the signature is computed over the gold bytes so a
reported number names exactly the annotations it was computed against.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import Any

from mil2mil import __version__
from mil2mil.errors import InputError, Problem
from mil2mil.gold import dataset_dir

from .names import FORM_PRIORITY, NameIndex
from .normalize import normalize_name

#: The sources of an entity's *name forms* for ungrounded matching, in the order in which
#: they resolve a tie (lower wins): the canonical name; its curated ``text`` aliases and the
#: text of its named (NAM) mentions; its ``variant`` and ``correction`` aliases. Nominal
#: (NOM) mention strings count through the ``text`` aliases curated for them; pronouns never
#: count. The policy itself is :mod:`.names`.
NAME_PRIORITY: tuple[tuple[str, int], ...] = tuple(FORM_PRIORITY.items())


def _eid_key(eid: str) -> tuple[int, str]:
    digits = "".join(c for c in eid if c.isdigit())
    return (int(digits) if digits else 0, eid)


@dataclass
class GoldDoc:
    """One gold document in comparison-ready form (built by :func:`prepare_gold`)."""

    doc_id: str
    text: str
    raw: dict[str, Any]
    mentions: list[tuple[int, int, str, str]]  # (start, end, type, entity), sorted
    entity_type: dict[str, str]
    roles: set[tuple[str, str, str | None, str]]  # (person, title, organization, status)
    timexes: list[tuple[int, int, str, str]]  # (start, end, type, value), sorted
    meetings: list[dict[str, Any]]
    members: dict[str, list[str]] = field(default_factory=dict)
    #: (person, title, organization) → the countries its gold roles give (None: no country)
    role_countries: dict[tuple[str, str, str | None], set[str | None]] = field(default_factory=dict)

    @cached_property
    def named_entities(self) -> frozenset[str]:
        """Entities with a named or nominal mention: the gold of the ungrounded entity layer
        (an entity the text refers to only by pronouns, like the "their" of two people,
        has no name to extract)."""
        return frozenset(m["entity"] for m in self.raw["mentions"] if m["form"] != "PRO")

    def raw_entity_name(self, eid: str) -> str:
        """The canonical name of gold entity ``eid``."""
        return self._canonical[eid]

    @cached_property
    def _canonical(self) -> dict[str, str]:
        return {e["id"]: e["canonical_name"] for e in self.raw["entities"]}

    @cached_property
    def name_index(self) -> NameIndex:
        """The entities' name forms under the policy of :mod:`.names`, built on first use
        (ungrounded matching only)."""
        forms: list[tuple[str, str, str]] = []
        for e in self.raw["entities"]:
            forms.append((e["id"], e["canonical_name"], "canonical"))
            for a in e.get("aliases", ()):
                forms.append((e["id"], a["name"], a["source"]))
        for m in self.raw["mentions"]:
            if m["form"] == "NAM":
                forms.append((m["entity"], m["text"], "NAM"))
        order = {e: _eid_key(e) for e in self.entity_type}
        return NameIndex(forms, dict(self.entity_type), frozenset(self.members), order)


_MENTION_TUPLE = itemgetter("start", "end", "type", "entity")
_TIMEX_TUPLE = itemgetter("start", "end", "type", "value")
_ENTITY, _TOPIC = itemgetter("entity"), itemgetter("topic")


def prepare_gold(doc: dict[str, Any], text: str) -> GoldDoc:
    """Turn a schema-valid gold document into the tuples the metrics compare."""
    entity_type: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    for e in doc["entities"]:
        entity_type[e["id"]] = e["type"]
        if e.get("members"):
            members[e["id"]] = list(e["members"])
    mentions = sorted(map(_MENTION_TUPLE, doc["mentions"]))
    roles = {
        (r["person"], normalize_name(r["normalized_title"]), r["organization"], r["status"])
        for r in doc["roles"]
    }
    role_countries: dict[tuple[str, str, str | None], set[str | None]] = {}
    for r in doc["roles"]:
        role_countries.setdefault((r["person"], normalize_name(r["normalized_title"]), r["organization"]),
                                  set()).add(r.get("country"))
    timexes = sorted(map(_TIMEX_TUPLE, doc["timexes"]))
    meetings = []
    for m in doc["meetings"]:
        entities = map(_ENTITY, m["participants"])
        if members:
            parts: set[str] = set()
            for ent in entities:
                parts.update(members.get(ent, (ent,)))
            participants = frozenset(parts)
        else:
            participants = frozenset(entities)
        date = m["date"]
        meetings.append({
            "id": m["id"],
            "participants": participants,
            "date": date["value"] if date else None,
            "location": m["location"],
            "modality": m["modality"],
            "status": m["status"],
            "topics": frozenset(map(_TOPIC, m["topics"])),
            "cross_doc_id": m["cross_doc_id"],
        })
    return GoldDoc(
        doc_id=doc["doc_id"], text=text, raw=doc, mentions=mentions, entity_type=entity_type,
        roles=roles, timexes=timexes, meetings=meetings, members=members,
        role_countries=role_countries,
    )


def check_gold_file(path: Path) -> tuple[tuple[dict[str, Any], str] | None, list[Problem], bytes]:
    """Check one gold file for scoring: ``((document, raw text) or None, problems, file bytes)``.

    Reuses :mod:`mil2mil.validate` (the gold schema, with its messages and line numbers) and
    its layout (the raw text is ``<dataset>/<text_file>``, the dataset being the folder above
    ``gold/``). The annotation-guideline rules of ``mil2mil validate`` (title table, evidence
    spans, ordering, …) are not required to score.
    """
    from mil2mil import jsonpos
    from mil2mil.validate import schema_problems

    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        return None, [Problem(name, "", f"cannot read the gold file: {err.strerror or err}")], b""
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError as err:
        return None, [Problem(name, "", f"not UTF-8: byte 0x{data[err.start]:02x} at offset {err.start}")], data
    try:
        doc = jsonpos.loads(content)
    except jsonpos.JSONInputError as err:
        return None, [Problem(name, "", err.message, err.line)], data
    except RecursionError:
        return None, [Problem(name, "", "JSON nested too deeply")], data
    lines = jsonpos.pointer_lines(content) if type(doc) is dict else {}
    found = [jsonpos.problem_at(name, lines, ptr, msg) for ptr, msg in schema_problems(doc)]
    if found:
        return None, found, data
    text_file = path.resolve().parent.parent / doc["text_file"]
    try:
        text = text_file.read_bytes().decode("utf-8")
    except OSError:
        return None, [jsonpos.problem_at(name, lines, "/text_file", f"raw text {text_file} cannot be read "
                                         "(expected under raw/ beside the gold/ folder)")], data
    except UnicodeDecodeError:
        return None, [jsonpos.problem_at(name, lines, "/text_file", f"raw text {text_file} is not UTF-8")], data
    return (doc, text), [], data


#: The gold set name of gold given by path, file or in memory (not one of the named sets of
#: :mod:`mil2mil.gold_sets`); the content hash in the signature still identifies it.
CUSTOM = "custom"


class GoldSource:
    """Lazy access to gold documents by ``doc_id``, with the content hash for the signature.

    ``name`` is the gold set's name in the signature (``news``, ``constructed:test``, …, or
    :data:`CUSTOM`); ``label`` says where the gold was read from, for people.
    """

    def __init__(self, doc_ids: list[str], loader: Callable[[str], GoldDoc], content_hash: str, label: str,
                 name: str = CUSTOM, pair_loader: Callable[[str], tuple[dict[str, Any], str]] | None = None):
        self._ids = tuple(sorted(doc_ids))
        self._index = {d: i for i, d in enumerate(self._ids)}
        self._loader = loader
        self._pair_loader = pair_loader
        self.content_hash = content_hash
        self.label = label
        self.name = name

    @property
    def doc_ids(self) -> list[str]:
        return list(self._ids)

    def doc_id_at(self, index: int) -> str:
        """The ``doc_id`` at ``index`` of the sorted :attr:`doc_ids` (no copy of the list)."""
        return self._ids[index]

    def ordered_ids(self) -> Sequence[str]:
        """Every ``doc_id``, sorted, without a copy (what a score report lists: an immutable
        tuple shared with this source, so a report costs no memory per document)."""
        return self._ids

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._index

    def index_of(self, doc_id: str) -> int | None:
        """Position of ``doc_id`` in the sorted :attr:`doc_ids`, or ``None`` if unknown."""
        return self._index.get(doc_id)

    def __len__(self) -> int:
        return len(self._ids)

    def get(self, doc_id: str) -> GoldDoc:
        return self._loader(doc_id)

    def pair(self, doc_id: str) -> tuple[dict[str, Any], str]:
        """The gold document as read (schema-shaped ``dict``) and its raw text."""
        if self._pair_loader is None:
            g = self.get(doc_id)
            return g.raw, g.text
        return self._pair_loader(doc_id)

    def pairs(self) -> Iterator[tuple[dict[str, Any], str]]:
        """Every ``(document, text)`` in ``doc_id`` order (what an extractor runs over)."""
        for d in self._ids:
            yield self.pair(d)

    @property
    def data_version(self) -> str:
        return f"{__version__}+sha.{self.content_hash[:12]}"

    # --- constructors -------------------------------------------------------------

    @classmethod
    def from_path(cls, path: Path | str | None = None, name: str | None = None) -> "GoldSource":
        """Gold from a dataset folder (holding ``gold/``), a gold folder, or one gold file.

        This is the boundary for gold given by path: every file is checked once, here, with
        the checks of :mod:`mil2mil.validate` that scoring relies on (:func:`check_gold_file`:
        UTF-8 JSON, the gold schema, the raw text under ``raw/`` beside ``gold/``), and a
        ``doc_id`` must appear in one file only; :class:`InputError` lists every problem.
        The checked documents are kept for the run, so nothing is read twice.
        (:meth:`from_loader` streams trusted documents without this check.)
        ``name``: the gold set name for the signature (default: ``news`` for the bundled
        gold, :data:`CUSTOM` for a path).
        """
        if name is None:
            name = "news" if path is None else CUSTOM
        root = dataset_dir() if path is None else Path(path)
        if root.is_dir() and (root / "gold").is_dir():
            root = root / "gold"
        if not root.exists():
            raise InputError([Problem(str(root), "", "gold path does not exist")])
        files = [root] if root.is_file() else sorted(root.glob("*.json"))
        if not files:
            raise InputError([Problem(str(root), "", "no gold files (*.json) found")])
        digest = hashlib.sha256()
        problems: list[Problem] = []
        store: dict[str, tuple[dict[str, Any], str]] = {}
        first: dict[str, Path] = {}
        for f in files:
            checked, found, data = check_gold_file(f)
            digest.update(f.name.encode() + b"\0" + hashlib.sha256(data).digest())
            problems.extend(found)
            if checked is None:
                continue
            doc_id = checked[0]["doc_id"]
            if doc_id in first:
                problems.append(Problem(str(f), "/doc_id", f"doc_id {doc_id!r} appears in more than one file (also {first[doc_id]})"))
                continue
            first[doc_id] = f
            store[doc_id] = checked
        if problems:
            raise InputError(problems)
        return cls(list(store), lambda d: prepare_gold(*store[d]), digest.hexdigest(), str(root), name, store.__getitem__)

    @classmethod
    def from_documents(cls, docs: Iterable[tuple[dict[str, Any], str]], label: str = "<memory>",
                       name: str = CUSTOM) -> "GoldSource":
        """Gold from in-memory ``(document, text)`` pairs (tests, synthetic workloads)."""
        store: dict[str, tuple[dict[str, Any], str]] = {}
        digest = hashlib.sha256()
        for doc, text in sorted(docs, key=lambda dt: dt[0]["doc_id"]):
            store[doc["doc_id"]] = (doc, text)
            digest.update(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode() + b"\0")
            digest.update(hashlib.sha256(text.encode()).digest())
        return cls(list(store), lambda d: prepare_gold(*store[d]), digest.hexdigest(), label, name, store.__getitem__)

    @classmethod
    def from_loader(cls, doc_ids: list[str], load_pair: Callable[[str], tuple[dict[str, Any], str]],
                    content_hash: str, label: str, name: str = CUSTOM) -> "GoldSource":
        """Gold from any lazy ``doc_id -> (document, text)`` function (large synthetic corpora)."""
        return cls(doc_ids, lambda d: prepare_gold(*load_pair(d)), content_hash, label, name, load_pair)

    def iter_docs(self) -> Iterator[GoldDoc]:
        for d in self._ids:
            yield self.get(d)
