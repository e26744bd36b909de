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
    "minister of national defense": ("minister of national defense", "defense minister", "defence minister"),
    "deputy minister of national defense": ("deputy minister of national defense", "deputy defense minister",
                                            "deputy defence minister"),
    "minister of foreign affairs": ("minister of foreign affairs", "foreign minister"),
    "ambassador": ("ambassador",),
    "commander": ("commander", "navy commander"),
}

_VARIANT_TO_TITLE: dict[str, str] = {
    variant: canonical for canonical, variants in TITLES.items() for variant in variants
}


def normalize_title(surface: str) -> str | None:
    """Canonical title of a bare title string (no organization complement), or None if unknown."""
    key = re.sub(r"\s+", " ", surface.strip().lower())
    return _VARIANT_TO_TITLE.get(key)
