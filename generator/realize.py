"""The realizer: writes a document's text from its scenario and records every span as it writes.

Offsets are never searched for in the finished text: each piece is appended to a
:class:`Writer`, which knows its position, and every mention, timex, trigger, title and
topic evidence is recorded at the moment it is written. The gold document is then assembled
from those records (ids in text order), so it is exact by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]


@dataclass
class Entity:
    key: str
    type: str
    canonical: str
    members: tuple[str, ...] = ()
    tags: list[str] = field(default_factory=list)


@dataclass
class Meeting:
    key: str
    status: str
    modality: str
    cross_doc_id: str | None
    participants: list[tuple[str, str | None]] = field(default_factory=list)  # (entity key, person key for role)
    location: str | None = None
    date: tuple[str, str] | None = None  # (timex key, relation)
    triggers: list[Span] = field(default_factory=list)
    topics: dict[str, list[Span]] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    trigger_noun: str = "talks"


class Writer:
    """Appends text and keeps every annotation with its offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.entities: dict[str, Entity] = {}
        self.mentions: list[dict[str, Any]] = []
        self.timexes: list[dict[str, Any]] = []
        self.roles: list[dict[str, Any]] = []
        self.zones: list[dict[str, Any]] = []
        self.meetings: dict[str, Meeting] = {}
        self.person_roles: dict[str, list[int]] = {}  # entity key -> indexes into roles
        self.templates: list[str] = []

    # -- text
    def add(self, s: str) -> Span:
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        return start, self.pos

    def text(self) -> str:
        return "".join(self.parts)

    def last_char(self) -> str:
        for part in reversed(self.parts):
            if part:
                return part[-1]
        return ""

    # -- annotations
    def entity(self, key: str, etype: str, canonical: str, members: tuple[str, ...] = ()) -> Entity:
        if key not in self.entities:
            self.entities[key] = Entity(key, etype, canonical, members)
        return self.entities[key]

    def mention(self, s: str, key: str, form: str, tags: tuple[str, ...] = ()) -> Span:
        span = self.add(s)
        self.mention_at(span, key, form, tags)
        return span

    def mention_at(self, span: Span, key: str, form: str, tags: tuple[str, ...] = ()) -> None:
        self.mentions.append({"start": span[0], "end": span[1], "entity": key, "form": form, "tags": list(tags)})

    def timex(self, s: str, key: str, ttype: str, value: str, anchor: str | None, tags: tuple[str, ...] = (),
              mod: str | None = None, creation: bool = False) -> Span:
        span = self.add(s)
        record: dict[str, Any] = {"key": key, "start": span[0], "end": span[1], "text": s, "type": ttype,
                                  "value": value, "mod": mod, "anchor": anchor, "tags": list(tags)}
        if creation:
            record["function_in_document"] = "CREATION_TIME"
        self.timexes.append(record)
        return span

    def role(self, person: str, title: Span, normalized: str, org: str | None, country: str | None,
             parts: list[Span], status: str = "current", tags: tuple[str, ...] = ()) -> None:
        spans = [title, *parts]
        evidence = (min(s for s, _ in spans), max(e for _, e in spans))
        self.roles.append({"person": person, "title": title, "normalized_title": normalized, "organization": org,
                           "country": country, "status": status, "evidence": evidence, "tags": list(tags)})
        self.person_roles.setdefault(person, []).append(len(self.roles) - 1)

    def zone(self, ztype: str, span: Span, note: str | None = None) -> None:
        zone: dict[str, Any] = {"type": ztype, "start": span[0], "end": span[1]}
        if note:
            zone["note"] = note
        self.zones.append(zone)

    # -- assembly
    def gold(self, doc_id: str, metadata: dict[str, Any], sha256: str) -> dict[str, Any]:
        text = self.text()
        order: list[str] = []
        sorted_mentions = sorted(self.mentions, key=lambda m: (m["start"], -m["end"]))
        for m in sorted_mentions:
            if m["entity"] not in order:
                order.append(m["entity"])
        eid = {key: f"E{i}" for i, key in enumerate(order, 1)}
        entities = []
        for key in order:
            e = self.entities[key]
            record: dict[str, Any] = {"id": eid[key], "type": e.type, "canonical_name": e.canonical}
            if e.members:
                record["members"] = [eid[m] for m in e.members]
            aliases: list[str] = []
            for m in sorted_mentions:
                name = text[m["start"]:m["end"]]
                if m["entity"] == key and m["form"] != "PRO" and name not in aliases:
                    aliases.append(name)
            if aliases:
                record["aliases"] = [{"name": a, "source": "text"} for a in aliases]
            if e.tags:
                record["tags"] = sorted(set(e.tags))
            entities.append(record)
        mentions = []
        for i, m in enumerate(sorted_mentions, 1):
            e = self.entities[m["entity"]]
            record = {"id": f"M{i}", "start": m["start"], "end": m["end"], "text": text[m["start"]:m["end"]],
                      "type": e.type, "form": m["form"], "entity": eid[m["entity"]]}
            if m["tags"]:
                record["tags"] = sorted(set(m["tags"]))
            mentions.append(record)
        tid: dict[str, str] = {}
        timexes = []
        for i, t in enumerate(sorted(self.timexes, key=lambda t: t["start"]), 1):
            tid[t["key"]] = f"T{i}"
            record = {"id": f"T{i}", "start": t["start"], "end": t["end"], "text": t["text"], "type": t["type"],
                      "value": t["value"], "mod": t["mod"], "anchor": t["anchor"]}
            if "function_in_document" in t:
                record["function_in_document"] = t["function_in_document"]
            if t["tags"]:
                record["tags"] = sorted(set(t["tags"]))
            timexes.append(record)

        def span(s: Span) -> dict[str, Any]:
            return {"start": s[0], "end": s[1], "text": text[s[0]:s[1]]}

        roles = []
        rid: dict[int, str] = {}
        for i, r in enumerate(self.roles):
            rid[i] = f"R{i + 1}"
            record = {"id": rid[i], "person": eid[r["person"]], "title": span(r["title"]),
                      "normalized_title": r["normalized_title"],
                      "organization": eid[r["organization"]] if r["organization"] else None,
                      "country": eid[r["country"]] if r["country"] else None,
                      "status": r["status"], "evidence": span(r["evidence"])}
            if r["tags"]:
                record["tags"] = sorted(set(r["tags"]))
            roles.append(record)

        def participant_role(person: str) -> str | None:
            current = [i for i in self.person_roles.get(person, []) if self.roles[i]["status"] == "current"]
            if not current:
                return None
            positions = [i for i in current if "role.rank" not in self.roles[i]["tags"]]
            return rid[(positions or current)[-1]]

        meetings = []
        for i, mt in enumerate(self.meetings.values(), 1):
            if not mt.triggers:
                continue
            participants = []
            for key, person in mt.participants:
                participants.append({"entity": eid[key], "role": participant_role(person) if person else None})
            date = None
            if mt.date is not None:
                t = next(t for t in timexes if t["id"] == tid[mt.date[0]])
                date = {"timex": t["id"], "value": t["value"], "relation": mt.date[1]}
            record = {"id": f"MT{i}", "triggers": [span(s) for s in sorted(mt.triggers)], "event": None,
                      "participants": participants, "date": date,
                      "location": eid[mt.location] if mt.location else None, "modality": mt.modality,
                      "status": mt.status,
                      "topics": [{"topic": topic, "evidence": [span(s) for s in sorted(spans)]}
                                 for topic, spans in sorted(mt.topics.items())],
                      "cross_doc_id": mt.cross_doc_id}
            if mt.tags:
                record["tags"] = sorted(set(mt.tags))
            meetings.append(record)
        zones = [{"id": f"Z{i}", **z} for i, z in enumerate(self.zones, 1)]
        meta = dict(metadata)
        if "headline" in meta and isinstance(meta["headline"], tuple):
            meta["headline"] = span(meta["headline"])
        dct = dict(meta["dct"])
        if dct.get("timex") is not None:
            dct["timex"] = tid[dct["timex"]]
        meta["dct"] = dct
        return {
            "doc_id": doc_id,
            "text_file": f"raw/{doc_id}.txt",
            "text_sha256": sha256,
            "metadata": meta,
            "zones": zones,
            "entities": entities,
            "mentions": mentions,
            "roles": roles,
            "timexes": timexes,
            "meetings": meetings,
            "source_notes": [],
        }


TOKEN = re.compile(r"\{([A-Z0-9]+)\}|\[([^\]]+)\]")


def fill(w: Writer, template: str, slots: dict[str, Any], meeting: Meeting | None) -> None:
    """Write ``template``: literal text as is, ``{SLOT}`` through its callable, ``[x]`` as a trigger."""
    pos = 0
    for match in TOKEN.finditer(template):
        if match.start() > pos:
            w.add(template[pos:match.start()])
        at_start = match.start() == 0 or template[:match.start()].endswith(("\"", ". "))
        if match.group(1):
            slots[match.group(1)](at_start)
        else:
            word = match.group(2)
            if word == "MTG":
                word = meeting.trigger_noun if meeting else "talks"
            if at_start:
                word = word[0].upper() + word[1:]
            span = w.add(word)
            if meeting is not None:
                meeting.triggers.append(span)
        pos = match.end()
    if pos < len(template):
        w.add(template[pos:])
