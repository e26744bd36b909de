"""The name-matching policy (scoring/names.py) as a table: names that must find their entity
and names that must not. The names are invented (none is taken from the bundled articles), so
the policy is not fitted to the test set."""

from __future__ import annotations

import pytest

from mil2mil.scoring.names import POLICY, NameIndex, country_code, name_key


def index(*entities: tuple[str, str]) -> NameIndex:
    """A document whose entities E1, E2, … have these (canonical name, type)."""
    ids = [f"E{i + 1}" for i in range(len(entities))]
    return NameIndex([(eid, name, "canonical") for eid, (name, _) in zip(ids, entities)],
                     {eid: t for eid, (_, t) in zip(ids, entities)}, frozenset(),
                     {eid: (i, eid) for i, eid in enumerate(ids)})


#: (predicted string, gold canonical name, gold type): the prediction names that entity.
SHOULD_MATCH: list[tuple[str, str, str]] = [
    # ranks, titles and honorifics
    ("Gen. Anton Veller", "Anton Veller", "PER"),
    ("General Anton Veller", "Anton Veller", "PER"),
    ("Lt. Gen. Marta Osk", "Marta Osk", "PER"),
    ("Lieutenant General Marta Osk", "Marta Osk", "PER"),
    ("Adm. Pieter Vance", "Pieter Vance", "PER"),
    ("Vice Admiral Kenji Aoki", "Kenji Aoki", "PER"),
    ("Maj. Gen. Sun Lianyi", "Sun Lianyi", "PER"),
    ("President Hal Dorn", "Hal Dorn", "PER"),
    ("Defense Secretary Roy B. Tallis", "Roy B. Tallis", "PER"),
    ("US Defense Secretary Roy Tallis", "Roy B. Tallis Jr.", "PER"),
    ("Secretary of Defense Roy Tallis", "Roy Tallis", "PER"),
    ("Chairman Wei Dongsu", "Wei Dongsu", "PER"),
    ("China's Lieutenant General Gao Ren", "Gao Ren", "PER"),
    ("Ms. Hanna Pirek", "Hanna Pirek", "PER"),
    ("Dr. Ines Karr", "Ines Karr", "PER"),
    ("Ambassador Tomas Reyl", "Tomas Reyl", "PER"),
    ("Senator Edith Crane", "Edith Crane", "PER"),
    ("Prime Minister Ola Brekke", "Ola Brekke", "PER"),
    ("Foreign Minister Ola Brekke", "Ola Brekke", "PER"),
    ("Mr. Tallis", "Roy Tallis", "PER"),
    # initials, middle names, suffixes, short forms, surnames alone
    ("R.B. Tallis", "Roy B. Tallis", "PER"),
    ("R. Tallis", "Roy Tallis", "PER"),
    ("Roy Benedict Tallis", "Roy B. Tallis", "PER"),
    ("Roy Tallis Jr.", "Roy B. Tallis", "PER"),
    ("Tallis", "Roy B. Tallis III", "PER"),
    ("JT Mervin", "James T. Mervin", "PER"),
    ("Mike Orlan", "Michael Orlan", "PER"),
    ("Bill Dassow", "William J. Dassow", "PER"),
    ("Wei", "Wei Dongsu", "PER"),
    # possessives and articles
    ("Ola Brekke's", "Ola Brekke", "PER"),
    ("the Naval Academy's", "Naval Academy", "ORG"),
    ("The Coastal Research Institute", "Coastal Research Institute", "ORG"),
    # countries: prefixes, abbreviations
    ("USA", "United States", "GPE"),
    ("U.S.", "United States", "GPE"),
    ("the United States of America", "United States", "GPE"),
    ("America", "US", "GPE"),
    ("the PRC", "China", "GPE"),
    ("UK", "United Kingdom", "GPE"),
    # organization word order and country prefixes
    ("National Defense Ministry", "Ministry of National Defense", "ORG"),
    ("Foreign Affairs Ministry", "Ministry of Foreign Affairs", "ORG"),
    ("Defence Procurement Ministry", "Ministry of Defence Procurement", "ORG"),
    ("Harbor Security Council", "Council for Harbor Security", "ORG"),
    ("the U.S. Joint Chiefs of Staff", "Joint Chiefs of Staff", "ORG"),
    ("US Department of Defense", "Department of Defense", "ORG"),
    ("Department of Defense", "United States Department of Defense", "ORG"),
    ("Japanese Ministry of Defense", "Ministry of Defense of Japan", "ORG"),
    ("Halden Forum on Security", "Halden Security Forum", "EVENT"),
    ("the 4th Halden Security Forum", "4th Halden Security Forum", "EVENT"),
]

#: (predicted string, gold canonical name, other entities of the document): the prediction
#: must not resolve to the gold entity E1 (a different person, organization or place, or a
#: name that fits two entities).
SHOULD_NOT_MATCH: list[tuple[str, tuple[str, str], list[tuple[str, str]]]] = [
    ("Sherrod Brown", ("Charles Q. Brown Jr.", "PER"), []),
    ("Mark Milley", ("Charles Q. Brown Jr.", "PER"), []),
    ("Liu Wenhai", ("Liu Hongbo", "PER"), []),
    ("Ray Tallis", ("Roy Tallis", "PER"), []),
    ("D. Tallis", ("Roy Tallis", "PER"), []),
    ("Anna Veller", ("Anton Veller", "PER"), []),
    ("Michelle Orlan", ("Michael Orlan", "PER"), []),
    ("Charles Brown", ("Charles Browning", "PER"), []),
    ("Austin Reed", ("Roy Austin", "PER"), []),
    ("Tallis", ("Roy Tallis", "PER"), [("Emma Tallis", "PER")]),
    ("Liu", ("Liu Hongbo", "PER"), [("Liu Wenhai", "PER")]),
    ("Gen. Wei", ("Wei Dongsu", "PER"), [("Wei Lan", "PER")]),
    ("he", ("He Lianwu", "PER"), []),
    ("Ministry of Foreign Affairs", ("Ministry of National Defense", "ORG"), []),
    ("Department of State", ("Department of Defense", "ORG"), []),
    ("US Navy", ("Chinese Navy", "ORG"), []),
    ("Joint Staff Department", ("Joint Chiefs of Staff", "ORG"), []),
    ("Defense Policy Board", ("Defense Policy Coordination Talks", "EVENT"), []),
    ("Halden Economic Forum", ("Halden Security Forum", "EVENT"), []),
    ("Army", ("Army of the Republic", "ORG"), []),
    ("North Korea", ("South Korea", "GPE"), []),
    ("China", ("Taiwan", "GPE"), []),
    ("Russia", ("Belarus", "GPE"), []),
    ("Secretary Kell", ("Kell Harbor Authority", "ORG"), []),
]


def test_tables_are_large_enough() -> None:
    assert len(SHOULD_MATCH) >= 40 and len(SHOULD_NOT_MATCH) >= 20


@pytest.mark.parametrize("pred,gold,etype", SHOULD_MATCH)
def test_should_match(pred: str, gold: str, etype: str) -> None:
    # a distractor of another type and another person: matching must not lean on being alone
    idx = index((gold, etype), ("Nadia Quill", "PER"), ("Port of Lerrin", "FAC"))
    assert idx.resolve(pred)[0] == "E1", (pred, gold, idx.resolve(pred))
    assert idx.resolve(pred, etype)[0] == "E1"


@pytest.mark.parametrize("pred,gold,others", SHOULD_NOT_MATCH)
def test_should_not_match(pred: str, gold: tuple[str, str], others: list[tuple[str, str]]) -> None:
    idx = index(gold, *others)
    assert idx.resolve(pred)[0] != "E1", (pred, gold, idx.resolve(pred))


def test_ambiguous_names_match_nothing() -> None:
    idx = index(("Roy Tallis", "PER"), ("Emma Tallis", "PER"))
    assert idx.resolve("Tallis") == (None, "ambiguous")
    assert idx.resolve("Emma Tallis")[0] == "E2"


def test_a_surname_form_does_not_admit_another_person() -> None:
    # the text calls Liu Hongbo "Liu" too: "Liu Wenhai" is still someone else
    idx = NameIndex([("E1", "Liu Hongbo", "canonical"), ("E1", "Liu", "NAM"), ("E2", "Alma Brown", "canonical"),
                     ("E2", "Brown", "NAM")], {"E1": "PER", "E2": "PER"}, frozenset(), {"E1": (1, "E1"), "E2": (2, "E2")})
    assert idx.resolve("Liu Wenhai")[0] is None and idx.resolve("Liu He")[0] is None
    assert idx.resolve("Gen. Liu")[0] == "E1" and idx.resolve("Ms. Brown")[0] == "E2"
    assert idx.resolve("Sherrod Brown")[0] is None and idx.resolve("A. Brown")[0] == "E2"


def test_exact_forms_win_over_the_policy() -> None:
    # an exact alias decides before any reduction: "Beijing" the city, not China's metonym
    idx = NameIndex([("E1", "China", "canonical"), ("E1", "Beijing", "NAM"), ("E2", "Beijing", "canonical")],
                    {"E1": "GPE", "E2": "GPE"}, frozenset(), {"E1": (1, "E1"), "E2": (2, "E2")})
    assert idx.resolve("Beijing") == ("E2", "exact")
    assert idx.resolve("the PRC") == ("E1", "key")


def test_keys_and_countries() -> None:
    assert name_key("Gen. C.Q. Brown Jr.") == "c q brown"
    assert name_key("the U.S. Joint Chiefs of Staff") == "country:us joint chiefs of staff"
    assert name_key("Chief of the Joint Staff") == "chief of the joint staff"  # a complement is not a title
    assert country_code("USA") == country_code("United States") == country_code("U.S.") == "country:us"
    assert country_code("Chinese") == "country:cn" and country_code("Defense Ministry") is None
    assert POLICY.startswith("m2m-names-")
