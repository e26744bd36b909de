"""Normalized titles: the closed list the gold uses and the variants that map onto it.

A role's ``normalized_title`` is compared exactly by the scorer, so gold must draw it from
one list, and extractors need the same list to normalize what they find. Rules:
lower case; abbreviations expanded ("Gen." -> "general"); word order of the usual English
form ("Defense Secretary" -> "secretary of defense"); the organization complement removed
("chairman of the US Joint Chiefs of Staff" -> "chairman", the Joint Chiefs go to the
role's organization); a portfolio that is not an organization dropped ("... for China,
Taiwan and Mongolia"). New titles are added here and in docs/guidelines.md together.
"""

from __future__ import annotations

import re

#: Canonical normalized titles, each with the surface variants (lower-cased) that map to it.
TITLES: dict[str, tuple[str, ...]] = {
    "general": ("general", "gen.", "gen"),
    "lieutenant general": ("lieutenant general", "lt. gen.", "lt gen", "lt.-gen.", "lieutenant-general"),
    "major general": ("major general", "maj. gen.", "maj gen"),
    "admiral": ("admiral", "adm.", "adm"),
    "chief": ("chief",),
    "chairman": ("chairman", "chair"),
    "vice president": ("vice president", "vice-president"),
    "president": ("president",),
    "secretary of defense": ("secretary of defense", "defense secretary", "defence secretary", "secretary of defence"),
    "deputy assistant secretary of defense": (
        "deputy assistant secretary of defense",
        "deputy assistant secretary of defence",
    ),
    "minister of national defense": ("minister of national defense", "defense minister", "defence minister",
                                     "minister of defense", "minister of defence"),
    "deputy minister of national defense": ("deputy minister of national defense", "deputy defense minister",
                                            "deputy defence minister", "deputy minister of defense",
                                            "deputy minister of defence"),
    "minister of foreign affairs": ("minister of foreign affairs", "foreign minister"),
    "ambassador": ("ambassador",),
    "commander": ("commander", "navy commander"),
    "deputy foreign minister": ("deputy foreign minister", "vice foreign minister"),
    "prime minister": ("prime minister", "premier"),
    "secretary of state": ("secretary of state",),
    "national security adviser": ("national security adviser", "national security advisor"),
    "envoy": ("envoy", "special envoy"),
    "spokesperson": ("spokesperson", "spokesman", "spokeswoman"),
    "deputy commander": ("deputy commander",),
    "chief of staff": ("chief of staff",),
    "chief of general staff": ("chief of general staff", "chief of the general staff"),
    "director": ("director",),
    "deputy director": ("deputy director",),
    "head": ("head",),
    "vice chairman": ("vice chairman", "vice-chairman", "vice chair"),
    "colonel": ("colonel", "col."),
    "lieutenant colonel": ("lieutenant colonel", "lt. col."),
    "brigadier general": ("brigadier general", "brig. gen."),
    "major": ("major", "maj."),
    "captain": ("captain", "capt."),
    "vice admiral": ("vice admiral", "vice adm."),
    "rear admiral": ("rear admiral", "rear adm."),
    "air marshal": ("air marshal",),
    "senior colonel": ("senior colonel", "sr. col."),
    "attache": ("attache", "attaché", "defense attache", "defense attaché", "military attache", "military attaché"),
    "undersecretary of defense": ("undersecretary of defense", "under secretary of defense"),
    "minister": ("minister",),
    "senator": ("senator", "sen."),
    "governor": ("governor",),
    "king": ("king",),
    "chancellor": ("chancellor",),
}

_VARIANT_TO_TITLE: dict[str, str] = {
    variant: canonical for canonical, variants in TITLES.items() for variant in variants
}


def normalize_title(surface: str) -> str | None:
    """Canonical title of a bare title string (no organization complement), or None if unknown."""
    key = re.sub(r"\s+", " ", surface.strip().lower())
    return _VARIANT_TO_TITLE.get(key)
