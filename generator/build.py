"""Scenario model and document builder: sample the facts of a story, then realize its reports.

A *story* is one fictional meeting (participants with their offices, date, place, modality,
topics) reported by 1-6 outlets on different document creation times (DCTs). Each *report*
realizes the story from its own DCT (so one date is written "on Tuesday", "last week" or
"in March" depending on the report), adds secondary facts of its own (an earlier meeting, a
follow-up, a hypothetical, cancelled or denied meeting, events that are not meetings) and
becomes one gold document.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from typing import Any, Callable

from mil2mil.generator import dates as D
from mil2mil.generator.pools import COUNTRIES, NAME_POOLS, OFFICES, OUTLETS, RANKS, TOPIC_PHRASES, Country, NamePool, Office, Outlet
from mil2mil.generator.realize import Meeting, Writer, fill
from mil2mil.generator.templates import TEMPLATES, Template

GENERATOR_VERSION = "3"
MIN_WORDS = 90  # a report shorter than this gets another sentence about a non-meeting event


@dataclass
class Person:
    key: str
    given: str
    family: str
    family_first: bool
    female: bool
    country: Country
    office: Office
    rank: tuple[str, str] | None
    pool: str

    @property
    def full(self) -> str:
        return f"{self.family} {self.given}" if self.family_first else f"{self.given} {self.family}"


@dataclass
class Story:
    id: str
    a: Country
    b: Country
    c: Country
    A: Person
    B: Person
    C: Person
    F: Person
    date: dt.date
    modality: str
    kind: str  # plain, host, delegation, multi
    venue: str  # city or fac
    host: Country
    topics: list[str]
    reports: list[tuple[int, Outlet]] = field(default_factory=list)


class Pools:
    """What one split may draw from (shared families plus its own)."""

    def __init__(self, split: str) -> None:
        fam = ("shared", split)
        self.names = [p for p in NAME_POOLS if p.family in fam]
        self.countries = [c for c in COUNTRIES if c.family in fam]
        self.outlets = [o for o in OUTLETS if o.family in fam]
        self.templates = {k: [t for t in v if t.family in fam] for k, v in TEMPLATES.items()}
        self.phrases = {k: [p for f, p in v if f in fam] for k, v in TOPIC_PHRASES.items()}


def _date(rng: random.Random) -> dt.date:
    r = rng.random()
    if r < 0.16:
        year = rng.choice([y for y in range(2008, 2030) if y % 4 == 0])
        return dt.date(year, 2, 29)
    if r < 0.27:  # around the turn of the year
        return dt.date(rng.randint(2007, 2029), 12, 20) + dt.timedelta(days=rng.randint(0, 20))
    if r < 0.37:  # around a month boundary
        first = dt.date(rng.randint(2007, 2029), rng.randint(1, 12), 1)
        return first + dt.timedelta(days=rng.randint(-3, 2))
    return dt.date(2007, 1, 1) + dt.timedelta(days=rng.randint(0, 23 * 365))


#: How often each kind of date expression is chosen when several fit (relative ones are rarer
#: in the calendar, so they are favoured).
KIND_WEIGHTS = {"today": 4.0, "yesterday": 4.0, "tomorrow": 6.0, "weekday": 4.0, "ago": 2.0, "week": 5.0,
                "relmonth": 4.0, "md": 1.0, "month": 1.5, "absolute": 1.0}

#: Days from the meeting to a report's DCT; a cluster's reports take distinct bands, so distinct DCTs.
OFFSET_BANDS = ((-12, -7), (-6, -2), (-1, -1), (0, 0), (1, 1), (2, 6), (7, 13), (14, 40), (41, 120), (121, 380))


def _person(rng: random.Random, pools: Pools, key: str, country: Country, office: Office, used: set[str]) -> Person:
    while True:
        pool: NamePool = rng.choice(pools.names)
        female = rng.random() < 0.35
        given = rng.choice(pool.given_female if female else pool.given_male)
        family = rng.choice(pool.family_names)
        if family not in used and given not in used:
            used.update({family, given})
            break
    rank = rng.choice(RANKS) if office.id in {"off.chief", "off.commander"} or (office.id == "off.deputy" and rng.random() < 0.3) else None
    if office.id == "off.commander" and rank is not None and rank[1] != "admiral":
        rank = ("Adm.", "admiral")
    return Person(key, given, family, pool.family_first, female, country, office, rank, pool.id)


def sample_story(rng: random.Random, pools: Pools, story_id: str) -> Story:
    a, b, c = rng.sample(pools.countries, 3)
    used: set[str] = set()
    office_a = rng.choice(OFFICES)
    office_b = office_a if rng.random() < 0.6 else rng.choice(OFFICES)
    A = _person(rng, pools, "A", a, office_a, used)
    B = _person(rng, pools, "B", b, office_b, used)
    C = _person(rng, pools, "C", rng.choice([a, b, c]), rng.choice(OFFICES), used)
    F = _person(rng, pools, "F", a, rng.choice([o for o in OFFICES if not o.nested_org]), used)
    modality = rng.choices(["in_person", "video", "phone", "unspecified"], [0.55, 0.17, 0.15, 0.13])[0]
    kind = "plain"
    if modality == "in_person":
        kind = rng.choices(["plain", "host", "delegation", "multi"], [0.45, 0.2, 0.18, 0.17])[0]
    topics = rng.sample(sorted(TOPIC_PHRASES), rng.choice([1, 2, 2, 3]))
    size = 1 if rng.random() < 0.4 else rng.randint(2, 6)
    bands = rng.sample(OFFSET_BANDS, size)
    outlets = rng.sample(pools.outlets, size)
    story = Story(story_id, a, b, c, A, B, C, F, _date(rng), modality, kind, rng.choice(["city", "city", "fac"]),
                  rng.choice([a, b]), topics)
    story.reports = sorted(((rng.randint(*band), outlet) for band, outlet in zip(bands, outlets)), key=lambda r: r[0])
    return story


# --------------------------------------------------------------------------- one report


class Report:
    """Realizes one report of a story into a :class:`Writer`."""

    def __init__(self, story: Story, offset: int, outlet: Outlet, rng: random.Random, pools: Pools,
                 doc_id: str, cross_prefix: str, first_report: bool) -> None:
        self.s, self.offset, self.outlet, self.rng, self.pools = story, offset, outlet, rng, pools
        self.doc_id, self.cross_prefix, self.first_report = doc_id, cross_prefix, first_report
        self.w = Writer()
        self.dct = story.date + dt.timedelta(days=offset)
        self.mentioned: list[Person] = []
        self.timex_n = 0
        self.meeting_n = 0
        self.pool_ids: set[str] = set()

    # ---- helpers
    def tkey(self) -> str:
        self.timex_n += 1
        return f"t{self.timex_n}"

    def fresh(self, group: str, fits: Callable[[Template], bool] | None = None) -> list[Template]:
        """Templates of ``group`` that ``fits`` accepts and this document has not used yet."""
        return [t for t in self.pools.templates[group] if (fits is None or fits(t)) and t.id not in self.w.templates]

    def template(self, group: str, fits: Callable[[Template], bool] | None = None) -> Template:
        """A template of ``group`` this document has not used yet (so no sentence pattern repeats
        within a document while the group has another), among those ``fits`` accepts."""
        options = [t for t in self.pools.templates[group] if fits is None or fits(t)] or self.pools.templates[group]
        t = self.rng.choice(self.fresh(group, fits) or options)
        self.w.templates.append(t.id)
        return t

    def gpe(self, c: Country, tags: tuple[str, ...] = ()) -> None:
        self.w.entity(f"gpe:{c.id}", "GPE", c.name)
        self.w.mention(c.name, f"gpe:{c.id}", "NAM", tags)

    def norp(self, c: Country) -> tuple[int, int]:
        self.w.entity(f"norp:{c.id}", "NORP", c.adjective)
        return self.w.mention(c.adjective, f"norp:{c.id}", "NAM")

    def city(self, name: str, upper: bool = False) -> tuple[int, int]:
        self.w.entity(f"city:{name}", "GPE", name)
        return self.w.mention(name.upper() if upper else name, f"city:{name}", "NAM")

    def person_name(self, p: Person) -> tuple[int, int]:
        self.w.entity(f"per:{p.key}", "PER", p.full)
        self.pool_ids.add(p.pool)
        if p not in self.mentioned:
            self.mentioned.append(p)
        return self.w.mention(p.full, f"per:{p.key}", "NAM")

    def intro(self, p: Person, subject: bool, at_start: bool, former: bool = False) -> None:
        """First mention of a person with a role; later mentions are short references."""
        w, rng = self.w, self.rng
        key = f"per:{p.key}"
        if p in self.mentioned and not former:
            self.short(p, at_start)
            return
        o = p.office
        if former:
            n = self.person_name(p)
            w.add(", a former ")
            t = w.add(o.apposition)
            w.add(" of ")
            c0 = w.pos
            self.gpe(p.country)
            w.role(key, t, o.normalized, None, f"gpe:{p.country.id}", [n, (c0, w.pos)], status="former", tags=("role.former",))
            w.add(",")
            return
        forms = []
        if not o.nested_org:
            forms += ["premod", "norp"]
        if p.rank:
            forms.append("rank")
        if subject:
            if o.nested_org:
                forms += ["nested", "nested"]
            else:
                forms += ["appos", "acting"] if rng.random() < 0.5 else ["appos"]
        form = rng.choice(forms)
        if form == "premod":
            t = w.add(o.premodifier)
            w.add(" ")
            n = self.person_name(p)
            w.role(key, t, o.normalized, None, None, [n], tags=("role.premodifier",))
        elif form == "norp":
            c = self.norp(p.country)
            w.add(" ")
            t = w.add(o.premodifier)
            w.add(" ")
            n = self.person_name(p)
            w.role(key, t, o.normalized, None, f"norp:{p.country.id}", [c, n], tags=("role.premodifier", "role.country"))
        elif form == "rank":
            assert p.rank is not None
            t = w.add(p.rank[0])
            w.add(" ")
            n = self.person_name(p)
            w.role(key, t, p.rank[1], None, None, [n], tags=("role.rank",))
        elif form in ("appos", "acting"):
            n = self.person_name(p)
            w.add(", ")
            c0 = w.pos
            self.gpe(p.country)
            c = (c0, w.pos)
            w.add("'s ")
            if form == "acting":
                w.add("acting ")
            t = w.add(o.apposition)
            w.role(key, t, o.normalized, None, f"gpe:{p.country.id}", [n, c],
                   tags=("role.apposition", "role.acting") if form == "acting" else ("role.apposition",))
            w.add(",")
        else:  # nested organization
            assert p.rank is not None
            r = w.add(p.rank[0])
            w.add(" ")
            n = self.person_name(p)
            w.role(key, r, p.rank[1], None, None, [n], tags=("role.rank",))
            w.add(", ")
            t0 = w.add("chief of the ")[0]
            org_key = f"org:jsd:{p.country.id}"
            council_key = f"org:council:{p.country.id}"
            org_name = f"Joint Staff Department of the {p.country.council}"
            w.entity(org_key, "ORG", org_name)
            w.entity(council_key, "ORG", p.country.council)
            o0 = w.add("Joint Staff Department of the ")[0]
            w.mention(p.country.council, council_key, "NAM")
            w.mention_at((o0, w.pos), org_key, "NAM", ("role.nested-org",))
            w.role(key, (t0, w.pos), "chief", org_key, None, [n, (o0, w.pos)], tags=("role.nested-org",))
            w.add(",")

    def short(self, p: Person, at_start: bool, pronoun: bool = True) -> None:
        w, rng = self.w, self.rng
        key = f"per:{p.key}"
        if p not in self.mentioned:
            self.intro(p, subject=False, at_start=at_start)
            return
        options = ["name", "name"]
        others = [q for q in self.mentioned if q is not p]
        if all(q.office.nominal != p.office.nominal for q in others):
            options.append("nominal")
        if pronoun and all(q.female != p.female for q in others):
            options += ["pronoun", "pronoun"]
        choice = rng.choice(options)
        if choice == "name":
            w.mention(p.family, key, "NAM", ("name.variant",))
        elif choice == "nominal":
            text = p.office.nominal
            w.mention(text[0].upper() + text[1:] if at_start else text, key, "NOM", ("coref.nominal",))
        else:
            text = "she" if p.female else "he"
            w.mention(text.capitalize() if at_start else text, key, "PRO", ("coref.pronoun",))

    def date_phrase(self, day: dt.date, kinds: set[str] | None, bare: bool = False, at_start: bool = False,
                    extra_tags: tuple[str, ...] = ()) -> str:
        options = [e for e in D.expressions(day, self.dct, self.outlet.dateline) if kinds is None or e.kind in kinds]
        e = self.rng.choices(options, [KIND_WEIGHTS.get(x.kind, 1.0) for x in options])[0]
        text = e.text
        if at_start and not e.prep:
            text = text[0].upper() + text[1:]
        if not bare and e.prep:
            self.w.add(e.prep)
        key = self.tkey()
        self.w.timex(text, key, "DATE", e.value, e.anchor, e.tags + extra_tags)
        return key

    def new_meeting(self, status: str, modality: str, identity: bool, tags: tuple[str, ...] = ()) -> Meeting:
        self.meeting_n += 1
        cross = f"{self.cross_prefix}-{self.meeting_n}" if identity else None
        m = Meeting(f"m{self.meeting_n}", status, modality, cross, tags=[f"status.{status}", f"modality.{modality.replace('_', '-')}", *tags])
        m.trigger_noun = {"video": "call", "phone": "call"}.get(modality, self.rng.choice(["talks", "meeting"]))
        self.w.meetings[m.key] = m
        return m

    def topic(self, m: Meeting, topic: str, at_start: bool) -> None:
        phrase = self.rng.choice(self.pools.phrases[topic])
        if at_start:
            phrase = phrase[0].upper() + phrase[1:]
        m.topics.setdefault(topic, []).append(self.w.add(phrase))

    # ---- the document
    def build(self, index: int, split: str, seed: int) -> tuple[dict[str, Any], str]:
        s, w, rng, o = self.s, self.w, self.rng, self.outlet
        status = "planned" if self.offset < 0 else "occurred"
        main = self.new_meeting(status, s.modality, True)
        main.cross_doc_id = s.id
        if len(s.reports) > 1:
            main.tags.append("crossdoc.cluster")
            if not self.first_report:
                main.tags.append("crossdoc.later-report")
        dct_key = None
        w.entity("outlet", "ORG", o.name)
        if o.header:
            start = w.add("Filed ")[0]
            dct_key = self.tkey()
            w.timex(self.dct.isoformat(), dct_key, "DATE", self.dct.isoformat(), None, ("date.header",), creation=True)
            w.add(" | ")
            w.mention(o.name, "outlet", "NAM")
            w.zone("boilerplate", (start, w.pos), "Page furniture: filing date and outlet.")
            w.add("\n\n")
        # headline
        h0 = w.pos
        fill(w, self.template(f"headline.{status}").text, {
            "CA": lambda st: self.gpe(s.a), "CB": lambda st: self.gpe(s.b)}, main)
        headline = (h0, w.pos)
        w.zone("headline", headline)
        w.add("\n\n")
        # dateline
        place = s.host if s.modality == "in_person" else rng.choice([s.a, s.b])
        city = place.capital if s.venue == "fac" or s.modality != "in_person" else rng.choice((place.capital,) + place.cities)
        d0 = w.pos
        self.city(city, upper=True)
        w.add(", ")
        e = D.dateline_expr(self.dct, o.dateline)
        key = self.tkey()
        w.timex(e.text, key, "DATE", e.value, e.anchor, e.tags, creation=dct_key is None)
        if dct_key is None:
            dct_key = key
        w.add(" (")
        w.mention(o.short, "outlet", "NAM")
        w.add(") --")
        w.zone("dateline", (d0, w.pos))
        w.add(" ")
        b0 = w.pos
        self.lead(main, status, city)
        # topics, quote, duration, former attendee
        w.add(" ")
        self.topic_sentence(main, status)
        if rng.random() < 0.8 and any(topic not in main.topics for topic in s.topics):
            # a second topic sentence only in a pattern the document has not used yet
            fits = self.topic_fits(main)
            if self.fresh(f"topic.{status}", fits):
                w.add(" ")
                self.topic_sentence(main, status)
        w.add("\n\n")
        self.context()
        if status == "occurred" and rng.random() < 0.6:
            w.add("\n\n")
            t = self.template("quote")
            fill(w, t.text, {"T1": lambda st: self.topic(main, rng.choice(s.topics), st),
                             "AS": lambda st: self.short(rng.choice([s.A, s.B]), st)}, main)
        if status == "occurred" and rng.random() < 0.25:
            w.add(" ")
            hours = rng.randint(2, 6)
            fill(w, self.template("duration").text, {"DUR": lambda st: self.duration(hours)}, main)
        if status == "occurred" and s.kind in ("plain", "host") and rng.random() < 0.15:
            w.add(" ")
            main.participants.append((f"per:{s.F.key}", f"per:{s.F.key}"))
            fill(w, self.template("former").text, {"F": lambda st: self.intro(s.F, True, st, former=True)}, main)
        # secondary facts
        extras = ["background", "followup", "hypothetical", "cancelled", "negated", "distractor", "distractor"]
        if status == "planned":
            extras.remove("followup")
            extras.remove("background")
        chosen = rng.sample(extras, rng.choice([2, 2, 3, 3]))
        if chosen:
            w.add("\n\n")
            for i, extra in enumerate(chosen):
                if i:
                    w.add(" ")
                getattr(self, f"extra_{extra}")()
        # pad short documents with non-meeting facts, never repeating a sentence pattern
        while len(w.text().split()) < MIN_WORDS and self.fresh("distractor"):
            w.add(" ")
            self.extra_distractor()
        body_end = w.pos
        w.zone("body", (b0, body_end))
        if s.modality == "in_person" and status == "occurred" and rng.random() < 0.3:
            w.add("\n\n")
            c0 = w.pos
            fill(w, self.template("caption").text, {
                "ANAME": lambda st: self.person_name(s.A), "BNAME": lambda st: self.person_name(s.B),
                "CITY": lambda st: self.city(city)}, main)
            w.zone("caption", (c0, w.pos))
        if o.end:
            w.add("\n\n")
            e0 = w.pos
            if o.end.startswith("--"):
                w.add("--")
                w.mention(o.end[2:], "outlet", "NAM")
            else:
                w.add(o.end)
            w.zone("boilerplate", (e0, w.pos), "End-of-story marker.")
        w.add("\n")
        text = w.text()
        raw = text.encode("utf-8")
        meta = {
            "source_file": f"{self.doc_id}.txt",
            "publisher": o.name,
            "agency": None,
            "headline": headline,
            "language": "en",
            "dct": {"value": self.dct.isoformat(), "provenance": "stated_in_text", "timex": dct_key,
                    "source": "Constructed document: the report date is set by the scenario and stated in the "
                              + ("filing line." if o.header else "dateline.")},
            "copyright_holder": "The Mil2Mil authors (constructed text)",
            "constructed": True,
            "collection": "constructed",
            "generator": {
                "name": "mil2mil.generator", "version": GENERATOR_VERSION, "split": split, "seed": seed,
                "index": index, "story": s.id, "outlet": o.id,
                "templates": sorted(set(w.templates)), "name_pools": sorted(self.pool_ids),
            },
        }
        gold = w.gold(self.doc_id, meta, hashlib.sha256(raw).hexdigest())
        return gold, text

    def context(self) -> None:
        """A sentence of background that reports no meeting (relations since a year)."""
        s, w = self.s, self.w
        year = self.dct.year - self.rng.randint(1, 12)

        def since(st: bool) -> None:
            w.timex(str(year), self.tkey(), "DATE", f"{year:04d}", None, ("date.year",))

        fill(w, self.template("context").text, {"CA": lambda st: self.gpe(s.a), "CB": lambda st: self.gpe(s.b),
                                                "YEAR": since}, None)

    def duration(self, hours: int) -> None:
        text = f"{D.NUMBER_WORDS[hours]} hours" if self.rng.random() < 0.7 else f"about {D.NUMBER_WORDS[hours]} hours"
        mod = "APPROX" if text.startswith("about") else None
        self.w.timex(text, self.tkey(), "DURATION", f"PT{hours}H", None, ("date.duration",), mod=mod)

    def location(self, m: Meeting, city: str) -> None:
        s, w = self.s, self.w
        if s.venue == "fac":
            w.add("at the ")
            key = f"fac:{s.host.id}"
            w.entity(key, "FAC", s.host.palace)
            w.mention(s.host.palace, key, "NAM")
            w.add(" in ")
            self.city(city)
            m.location = key
            m.tags.append("location.facility")
        else:
            w.add("in ")
            self.city(city)
            m.location = f"city:{city}"

    def lead(self, m: Meeting, status: str, city: str) -> None:
        s, w, rng = self.s, self.w, self.rng
        group = f"lead.{status}.{s.modality}"
        if status == "occurred" and s.modality == "in_person" and s.kind != "plain":
            group = {"host": "lead.occurred.host", "delegation": "lead.occurred.delegation", "multi": "lead.occurred.multi"}[s.kind]
        elif status == "planned" and s.modality == "unspecified":
            group = "lead.planned.in_person"
            m.modality = "in_person"
            m.tags = [t for t in m.tags if not t.startswith("modality.")] + ["modality.in-person"]
        t = self.template(group)
        host_guest = any(word in t.text for word in ("hosted", "received", "welcomed", "host"))
        people = [s.A, s.B] + ([s.C] if "{C}" in t.text else [])
        if "{DEL}" in t.text:
            m.participants.append(("deleg", None))
            m.tags.append("participant.delegation")
        for p in people:
            m.participants.append((f"per:{p.key}", f"per:{p.key}"))
        if host_guest:
            m.tags.append("participant.host-guest")
        if len(people) > 2:
            m.tags.append("participant.multilateral")
        day_kinds = None

        def date(st: bool) -> None:
            key = self.date_phrase(s.date, day_kinds, at_start=st)
            m.date = (key, "during")

        def delegation(st: bool) -> None:
            w.entity("deleg", "ORG", f"{s.A.country.adjective} military delegation")
            d0 = w.add("A " if st else "a ")[0]
            self.norp(s.A.country)
            w.add(" military delegation")
            w.mention_at((d0, w.pos), "deleg", "NOM", ("participant.delegation",))

        fill(w, t.text, {
            "A": lambda st: self.intro(s.A, True, st), "B": lambda st: self.intro(s.B, False, st),
            "C": lambda st: self.intro(s.C, False, st), "LOC": lambda st: self.location(m, city),
            "DATE": date, "DEL": delegation,
        }, m)

    def unused_topics(self, m: Meeting) -> list[str]:
        """The scenario's topics this document has not yet said ``m`` covered (all, once each is said)."""
        return [topic for topic in self.s.topics if topic not in m.topics] or list(self.s.topics)

    def topic_fits(self, m: Meeting) -> Callable[[Template], bool]:
        """Two-topic templates only while two topics remain unsaid, so no phrase is listed twice."""
        two = len(self.unused_topics(m)) > 1
        return lambda t: two or "{T2}" not in t.text

    def topic_sentence(self, m: Meeting, status: str) -> None:
        s, rng = self.s, self.rng
        # topics this meeting has not been said to cover yet; two-topic templates only when two remain
        unused = self.unused_topics(m)
        t = self.template(f"topic.{status}", self.topic_fits(m))
        first, second = rng.sample(unused, 2) if len(unused) > 1 else (unused[0], unused[0])
        fill(self.w, t.text, {"T1": lambda st: self.topic(m, first, st), "T2": lambda st: self.topic(m, second, st),
                              "AS": lambda st: self.short(rng.choice([s.A, s.B]), st)}, m)

    # ---- secondary facts
    def extra_background(self) -> None:
        s = self.s
        m = self.new_meeting("occurred", "unspecified", True, ("meeting.earlier",))
        m.participants += [(f"per:{s.A.key}", f"per:{s.A.key}"), (f"per:{s.B.key}", f"per:{s.B.key}")]
        earlier = s.date - dt.timedelta(days=self.rng.randint(60, 900))

        def monthyear(st: bool) -> None:
            e = D.month_year(earlier)
            key = self.tkey()
            self.w.timex(e.text, key, "DATE", e.value, None, e.tags)
            m.date = (key, "during")

        fill(self.w, self.template("background").text, {
            "AS": lambda st: self.short(s.A, st), "BS": lambda st: self.short(s.B, st, pronoun=False), "MONTHYEAR": monthyear}, m)

    def extra_followup(self) -> None:
        s, rng = self.s, self.rng
        t = self.template("followup")
        modality = "in_person" if "{CB}" in t.text else "unspecified"
        m = self.new_meeting("planned", modality, True, ("meeting.follow-up",))
        m.participants.append((f"per:{s.A.key}", f"per:{s.A.key}"))
        if "{CB}" not in t.text:
            m.participants.append((f"per:{s.B.key}", f"per:{s.B.key}"))
        else:
            m.participants.append((f"per:{s.B.key}", f"per:{s.B.key}"))
        later = self.dct + dt.timedelta(days=rng.choice([1, rng.randint(1, 9), rng.randint(1, 45)]))

        def fdate(bare: bool) -> Any:
            def write(st: bool) -> None:
                kinds = {"weekday", "md", "week", "relmonth", "tomorrow"} if bare else None
                if bare:
                    kinds -= {"weekday", "tomorrow"}
                options = [e for e in D.expressions(later, self.dct, self.outlet.dateline) if kinds is None or e.kind in kinds]
                if not options:
                    kinds = None
                key = self.date_phrase(later, kinds, bare=bare)
                m.date = (key, "during")
            return write

        def visit(st: bool) -> None:
            self.gpe(s.b)
            m.location = f"gpe:{s.b.id}"

        fill(self.w, t.text, {"AS": lambda st: self.short(s.A, st), "BS": lambda st: self.short(s.B, st, pronoun=False),
                              "FDATE": fdate(False), "FDATEBARE": fdate(True), "CB": visit}, m)

    def extra_hypothetical(self) -> None:
        s = self.s
        m = self.new_meeting("hypothetical", "unspecified", False)
        m.participants += [(f"gpe:{s.a.id}", None), (f"gpe:{s.c.id}", None)]
        fill(self.w, self.template("hypothetical").text, {
            "AS": lambda st: self.short(s.A, st), "CA": lambda st: self.gpe(s.a), "CC": lambda st: self.gpe(s.c)}, m)

    def extra_cancelled(self) -> None:
        s, rng = self.s, self.rng
        m = self.new_meeting("cancelled", "unspecified", True)
        m.participants += [(f"per:{s.C.key}", f"per:{s.C.key}"), (f"per:{s.B.key}", f"per:{s.B.key}")]
        day = self.dct + dt.timedelta(days=rng.randint(-20, 20))

        def xdate(st: bool) -> None:
            kinds = {"md"} if day != self.dct else {"absolute"}
            m.date = (self.date_phrase(day, kinds, bare=True), "during")

        fill(self.w, self.template("cancelled").text, {
            "C": lambda st: self.intro(s.C, st, st), "BS": lambda st: self.short(s.B, st, pronoun=False), "XDATEBARE": xdate}, m)

    def extra_negated(self) -> None:
        s, rng = self.s, self.rng
        m = self.new_meeting("negated", "unspecified", False)
        m.participants += [(f"per:{s.C.key}", f"per:{s.C.key}"), (f"per:{s.B.key}", f"per:{s.B.key}")]
        day = self.dct - dt.timedelta(days=rng.randint(1, 30))

        def pdate(st: bool) -> None:
            m.date = (self.date_phrase(day, None), "during")

        fill(self.w, self.template("negated").text, {
            "C": lambda st: self.intro(s.C, st, st), "BS": lambda st: self.short(s.B, st, pronoun=False), "PDATE": pdate}, m)

    def extra_distractor(self) -> None:
        s, rng, w = self.s, self.rng, self.w
        n_mentions, n_timexes = len(w.mentions), len(w.timexes)
        day = self.dct - dt.timedelta(days=rng.randint(0, 30))
        other = rng.choice([x for x in self.pools.outlets if x.id != self.outlet.id])

        def out(st: bool) -> None:
            w.entity(f"outlet:{other.id}", "ORG", other.name)
            w.mention(other.name, f"outlet:{other.id}", "NAM")

        fill(w, self.template("distractor").text, {
            "C": lambda st: self.intro(s.C, st, st), "CA": lambda st: self.gpe(s.a), "CC": lambda st: self.gpe(s.c),
            "PDATE": lambda st: self.date_phrase(day, None), "OUT": out}, None)
        for mention in w.mentions[n_mentions:]:
            mention["tags"].append("distractor.non-meeting")
        for timex in w.timexes[n_timexes:]:
            timex["tags"].append("distractor.non-meeting")


# --------------------------------------------------------------------------- splits

#: Released splits: (documents, seed). Train is generated on demand.
DEFAULTS: dict[str, tuple[int, int]] = {"train": (10000, 1), "validation": (300, 2), "test": (1000, 3)}
SPLITS = tuple(DEFAULTS)


def generate_split(split: str, docs: int | None = None, seed: int | None = None):
    """Yield ``(gold_dict, text)`` for each document of a split, deterministically.

    Without ``docs`` and ``seed`` this is the released split. Same arguments, same documents,
    whatever the platform or ``PYTHONHASHSEED`` (string seeds go through SHA-512 in
    :class:`random.Random`; nothing iterates over a set or hashes a string).
    """
    if split not in DEFAULTS:
        raise ValueError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)}")
    n_default, seed_default = DEFAULTS[split]
    n = n_default if docs is None else docs
    seed = seed_default if seed is None else seed
    if n < 0:
        raise ValueError("the number of documents must be at least 0")
    pools = Pools(split)
    rng = random.Random(f"mil2mil-generator/{GENERATOR_VERSION}/{split}/{seed}")
    tag = f"{split}" if seed == seed_default else f"{split}-s{seed}"
    produced = 0
    story_n = 0
    while produced < n:
        story_n += 1
        story_id = f"c-{tag}-m{story_n:05d}"
        story = sample_story(rng, pools, story_id)
        for r, (offset, outlet) in enumerate(story.reports):
            if produced >= n:
                return
            produced += 1
            doc_id = f"constructed-{tag}-{produced:05d}"
            doc_rng = random.Random(f"{story_id}/{r}/{seed}")
            report = Report(story, offset, outlet, doc_rng, pools, doc_id, f"{story_id}-{r + 1}", r == 0)
            yield report.build(produced, split, seed)
