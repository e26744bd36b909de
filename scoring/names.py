"""The name-matching policy of the ungrounded track: how a predicted name finds its gold entity.

An ungrounded system (most LLM extractors) names things instead of pointing at offsets, and
writes "Gen. Liu Zhenli", "C.Q. Brown", "the U.S. Joint Chiefs of Staff" or "Ministry of
National Defense" where the text has "Liu Zhenli", "Charles Brown", "Joint Chiefs of Staff" and
"National Defense Ministry". Scoring those as wrong measures naming conventions, not
extraction. This module is the one place that decides what counts as the same name; its
version (:data:`POLICY`) is part of every ungrounded signature (``names:``).

A predicted string is resolved against one gold document in tiers; the first tier that finds
an entity decides (:meth:`NameIndex.resolve`):

1. **exact** — the string under :func:`.normalize.normalize_name` equals a *name form* of an
   entity: its canonical name, a curated alias (``source``: ``text``, ``variant``,
   ``correction``) or a named (NAM) mention string. Ties: canonical names first, then text
   forms, then variants and corrections, then the lowest entity id.
2. **key** — the same after the policy's reductions (:func:`name_key`): dotted initials split
   ("C.Q." → "c q"), country names and abbreviations unified (US/U.S./USA/United States/
   United States of America → one token), leading honorifics, ranks and titles stripped
   ("Gen.", "President", "Defense Secretary", "China's Lieutenant General"), generational
   suffixes dropped ("Jr.", "III"). Ties as above.
3. **person** — persons only (entities of type PER that are not groups): the surname (last
   token) must be equal, and the given names compatible — equal, an initial of the other, or
   a listed short form (:data:`SHORT_FORMS`, "Joe" for "Joseph"); a middle name or initial
   present on one side only is ignored ("Charles Q. Brown Jr." = "Charles Brown" =
   "C.Q. Brown"; not "Sherrod Brown", not "Mark Milley"). A full name must fit every full
   name the person is given (a surname form such as "Liu" admits no other Liu). A single
   name ("Austin", "Xi") matches a person whose form starts or ends with it. The match must be **unique** in the
   document: a string that fits two persons (two Browns, two Lius) matches neither.
4. **words** — organizations, places, events and the rest: the same set of content words,
   in any order ("National Defense Ministry" = "Ministry of National Defense"); a country
   word may be missing on one side ("US Department of Defense" = "Department of Defense") but
   two different countries never match. Unique in the document, as for persons.

A string that no tier resolves matches no gold entity. Nothing here looks at the text
outside the gold's name forms: which strings a gold entity answers to is curated in its
``aliases`` (see docs/guidelines.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from mil2mil.titles import TITLES

from .normalize import normalize_name

#: Version of this policy, stamped into every ungrounded signature (``names:``).
POLICY = "m2m-names-1"

#: Honorifics and ranks stripped from the front of a name, beyond the title table of
#: :mod:`mil2mil.titles` (whose every canonical title and variant is stripped too).
HONORIFICS: tuple[str, ...] = (
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "dame", "hon", "honorable", "his excellency",
    "her excellency", "h e", "general", "gen", "lieutenant general", "lt gen", "major general", "maj gen",
    "brigadier general", "brig gen", "colonel", "col", "lieutenant colonel", "lt col", "major", "maj",
    "captain", "capt", "lieutenant", "lt", "sergeant", "sgt", "admiral", "adm", "vice admiral", "vice adm",
    "rear admiral", "rear adm", "air chief marshal", "air marshal", "marshal", "field marshal", "commander",
    "cmdr", "senior colonel", "president", "vice president", "prime minister", "premier", "chancellor",
    "minister", "defense minister", "defence minister", "foreign minister", "secretary", "defense secretary",
    "defence secretary", "secretary of state", "secretary of defense", "secretary of defence", "deputy",
    "assistant", "undersecretary", "under secretary", "ambassador", "chairman", "chair", "chief", "senator",
    "sen", "representative", "rep", "speaker", "king", "queen", "prince", "princess", "sheikh", "emir",
)

#: Country names, abbreviations and adjectives, each group reduced to one token.
COUNTRY_FORMS: dict[str, tuple[str, ...]] = {
    "country:us": ("us", "u s", "usa", "u s a", "united states", "united states of america", "america", "american"),
    "country:cn": ("china", "prc", "people's republic of china", "chinese", "mainland china"),
    "country:uk": ("uk", "u k", "united kingdom", "britain", "great britain", "british"),
    "country:ru": ("russia", "russian federation", "russian"),
    "country:kr": ("south korea", "republic of korea", "rok", "south korean"),
    "country:kp": ("north korea", "democratic people's republic of korea", "dprk", "north korean"),
    "country:jp": ("japan", "japanese"),
    "country:in": ("india", "indian"),
    "country:fr": ("france", "french"),
    "country:de": ("germany", "german"),
    "country:tw": ("taiwan", "republic of china", "taiwanese", "chinese taipei"),
}

#: Generational suffixes dropped from the end of a name.
SUFFIXES: tuple[str, ...] = ("jr", "sr", "ii", "iii", "iv", "v")

#: Short forms of given names (short form → full form); a short form matches its full form.
SHORT_FORMS: dict[str, str] = {
    "joe": "joseph", "mike": "michael", "chuck": "charles", "charlie": "charles", "bill": "william",
    "will": "william", "bob": "robert", "rob": "robert", "jim": "james", "jimmy": "james", "tom": "thomas",
    "tony": "anthony", "dick": "richard", "rick": "richard", "dan": "daniel", "dave": "david",
    "pete": "peter", "ben": "benjamin", "liz": "elizabeth", "kate": "katherine", "alex": "alexander",
    "andy": "andrew", "lloyd": "lloyd", "sam": "samuel", "ted": "edward", "ed": "edward", "nick": "nicholas",
}

#: Words that do not distinguish one organization name from another.
FUNCTION_WORDS: frozenset[str] = frozenset(["of", "the", "and", "for", "on", "in", "to", "at", "a", "an"])

#: Single words never taken for a person's name.
PRONOUNS: frozenset[str] = frozenset(["he", "she", "him", "her", "his", "they", "them", "it", "we", "i", "you"])

#: Name-form priority for ties in the exact and key tiers (lower wins).
FORM_PRIORITY: dict[str, int] = {"canonical": 0, "text": 1, "NAM": 1, "variant": 2, "correction": 2}

_INITIALS_RE = re.compile(r"(?<![\w.])((?:[^\W\d_]\.){2,})(?=\s|$|[^\w.])", re.UNICODE)


def _norm_words(phrases: Iterable[str]) -> list[tuple[str, ...]]:
    out = {tuple(normalize_name(p).split()) for p in phrases}
    out.discard(())
    return sorted(out, key=lambda t: (-len(t), t))


_COUNTRY_PHRASES: list[tuple[tuple[str, ...], str]] = sorted(
    ((words, code) for code, forms in COUNTRY_FORMS.items() for words in _norm_words(forms)),
    key=lambda wc: (-len(wc[0]), wc[0]))
_TITLE_PHRASES: list[tuple[str, ...]] = _norm_words(
    list(HONORIFICS) + [v for canonical, variants in TITLES.items() for v in (canonical, *variants)])
_SUFFIXES = frozenset(SUFFIXES)
_COUNTRY_ABBREVIATIONS = frozenset(w for forms in COUNTRY_FORMS.values() for f in forms
                                   for w in [f.replace(" ", "")] if len(w) <= 4)


def _split_initials(s: str) -> str:
    """Dotted initials become separate letters ("C.Q. Brown" → "C Q Brown"); a dotted
    country abbreviation stays one word ("U.S." → "US")."""
    def repl(m: re.Match[str]) -> str:
        letters = m.group(1).replace(".", "")
        return letters if letters.lower() in _COUNTRY_ABBREVIATIONS else " ".join(letters)
    return _INITIALS_RE.sub(repl, s)


def _countries(words: list[str]) -> list[str]:
    """Replace every country phrase (longest first) by its one-token code."""
    out: list[str] = []
    i = 0
    while i < len(words):
        for phrase, code in _COUNTRY_PHRASES:
            if tuple(words[i:i + len(phrase)]) == phrase:
                out.append(code)
                i += len(phrase)
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _strip_titles(words: list[str]) -> list[str]:
    """Drop leading titles, ranks and honorifics (each possibly preceded by a country:
    "US Defense Secretary", "China's Lieutenant General"); never everything, and never when
    what is left starts like a complement ("Chief of Staff" stays)."""
    changed = True
    while changed:
        changed = False
        start = 1 if words and words[0].startswith("country:") else 0
        for phrase in _TITLE_PHRASES:
            n = len(phrase)
            if tuple(words[start:start + n]) == phrase:
                rest = words[start + n:]
                if rest and rest[0] not in FUNCTION_WORDS and not rest[0].startswith("country:"):
                    words = rest
                    changed = True
                break
    return words


@lru_cache(maxsize=65536)
def name_words(s: str) -> tuple[str, ...]:
    """The words of ``s`` after every reduction of the key tier (see the module docstring)."""
    words = _countries(normalize_name(_split_initials(s)).split())
    words = _strip_titles(words)
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words = words[:-1]
    return tuple(words)


def name_key(s: str) -> str:
    """The key-tier form of ``s`` (``name_words`` joined by spaces)."""
    return " ".join(name_words(s))


def _given(words: tuple[str, ...]) -> list[str]:
    """Given names, with a run of two or three consonants read as initials ("CQ" → c, q)."""
    out: list[str] = []
    for w in words:
        if 2 <= len(w) <= 3 and w.isalpha() and not set(w) & set("aeiouy"):
            out.extend(w)
        else:
            out.append(w)
    return out


def _given_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return SHORT_FORMS.get(a, a) == SHORT_FORMS.get(b, b)


def persons_compatible(pred: tuple[str, ...], gold: tuple[str, ...]) -> bool:
    """Whether two person names (as :func:`name_words`) can name the same person."""
    if not pred or not gold:
        return False
    if len(pred) == 1:
        w = pred[0]
        return len(w) > 1 and w not in PRONOUNS and w in (gold[0], gold[-1])
    if len(gold) == 1:  # a surname alone ("Brown"): the full name must end with it
        return pred[-1] == gold[0] and len(gold[0]) > 1
    if pred[-1] != gold[-1]:
        return False
    pg, gg = _given(pred[:-1]), _given(gold[:-1])
    return all(_given_compatible(a, b) for a, b in zip(pg, gg))


def _content(words: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """(content words without countries, countries) of a non-person name."""
    countries = frozenset(w for w in words if w.startswith("country:"))
    return frozenset(w for w in words if w not in FUNCTION_WORDS and w not in countries), countries


def words_compatible(pred: tuple[str, ...], gold: tuple[str, ...]) -> bool:
    """Same content words in any order; a country may be missing on one side only."""
    (pw, pc), (gw, gc) = _content(pred), _content(gold)
    if not pw and not gw:
        return pc == gc
    return pw == gw and (pc == gc or not pc or not gc)


def _looks_like_name(s: str) -> bool:
    """A form written like a proper name (each word capitalized, function words aside):
    "The US official" is not one; "Charles Brown" is."""
    words = re.findall(r"[^\W\d_]+", s)
    return bool(words) and all(w[0].isupper() for w in words if w.lower() not in FUNCTION_WORDS)


@dataclass
class NameIndex:
    """The name forms of one gold document's entities, indexed for :meth:`resolve`.

    ``forms``: ``(entity id, form, origin)`` with origin one of :data:`FORM_PRIORITY`'s keys;
    ``types``: entity id → type; ``groups``: ids of group entities (with ``members``);
    ``order``: entity id → sort key for ties (numeric id order).
    """

    forms: list[tuple[str, str, str]]
    types: dict[str, str]
    groups: frozenset[str]
    order: dict[str, tuple[int, str]]
    exact: dict[str, list[tuple[int, tuple[int, str], str]]] = field(default_factory=dict)
    keyed: dict[str, list[tuple[int, tuple[int, str], str]]] = field(default_factory=dict)
    #: (entity id, words) of person-like forms and of other forms, for tiers 3 and 4
    person_forms: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    other_forms: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for eid, form, origin in self.forms:
            cand = (FORM_PRIORITY[origin], self.order[eid], eid)
            for table, key in ((self.exact, normalize_name(form)), (self.keyed, name_key(form))):
                if key:
                    table.setdefault(key, []).append(cand)
            words = name_words(form)
            if not words:
                continue
            if self.types[eid] == "PER":
                if eid not in self.groups and _looks_like_name(form):
                    self.person_forms.append((eid, words))
            elif eid not in self.groups:
                self.other_forms.append((eid, words))
        for table in (self.exact, self.keyed):
            for cands in table.values():
                cands.sort()

    def names_of(self, eid: str) -> set[str]:
        """Every exact-tier key of an entity's name forms."""
        return {normalize_name(f) for e, f, _ in self.forms if e == eid} - {""}

    def resolve(self, s: str, etype: str | None = None) -> tuple[str | None, str]:
        """``(gold entity id or None, tier)`` for a predicted string; ``etype`` limits the
        candidates to one entity type (the ungrounded entity layer knows the predicted type)."""
        def ok(eid: str) -> bool:
            return etype is None or self.types[eid] == etype

        for tier, table, key in (("exact", self.exact, normalize_name(s)), ("key", self.keyed, name_key(s))):
            for _, _, eid in table.get(key, ()):
                if ok(eid):
                    return eid, tier
        words = name_words(s)
        if not words:
            return None, "none"
        if etype in (None, "PER"):
            found = {eid for eid, gw in self.person_forms if persons_compatible(words, gw)}
            if len(words) > 1:  # a full name must fit every full name of the person
                found = {eid for eid in found
                         if all(persons_compatible(words, gw) for e, gw in self.person_forms if e == eid and len(gw) > 1)}
            if len(found) == 1:
                return found.pop(), "person"
            if found:
                return None, "ambiguous"
        if etype != "PER":
            found = {eid for eid, gw in self.other_forms if ok(eid) and words_compatible(words, gw)}
            if len(found) == 1:
                return found.pop(), "words"
            if found:
                return None, "ambiguous"
        return None, "none"


def country_code(s: str) -> str | None:
    """The country a string names ("USA", "the United States", "Chinese" …), or None."""
    words = name_words(s)
    if len(words) == 1 and words[0].startswith("country:"):
        return words[0]
    return None
