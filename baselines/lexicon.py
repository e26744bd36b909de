"""The rule tables of the baselines: gazetteer, name heads, titles, meeting triggers, status
cues, report verbs and topic keywords. Rules are data: each table is tested row by row on
sentences that are not from the dataset (``tests/baselines/test_lexicon.py``)."""

from __future__ import annotations

# --- gazetteer (rules baseline only; the spacy baseline uses its statistical NER) ---------

COUNTRIES: tuple[str, ...] = (
    "Afghanistan", "Algeria", "Argentina", "Armenia", "Australia", "Austria", "Azerbaijan", "Bahrain",
    "Bangladesh", "Belarus", "Belgium", "Brazil", "Brunei", "Bulgaria", "Cambodia", "Canada", "Chile",
    "China", "Colombia", "Croatia", "Cuba", "Cyprus", "Czech Republic", "Denmark", "Djibouti", "Egypt",
    "Estonia", "Ethiopia", "Finland", "France", "Georgia", "Germany", "Greece", "Hungary", "India",
    "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Japan", "Jordan", "Kazakhstan", "Kenya",
    "Kuwait", "Laos", "Latvia", "Lebanon", "Libya", "Lithuania", "Malaysia", "Mexico", "Moldova",
    "Mongolia", "Morocco", "Myanmar", "Nepal", "Netherlands", "New Zealand", "Nigeria", "North Korea",
    "Norway", "Oman", "Pakistan", "Palestine", "Peru", "Philippines", "Poland", "Portugal", "Qatar",
    "Romania", "Russia", "Saudi Arabia", "Serbia", "Singapore", "Slovakia", "Somalia", "South Africa",
    "South Korea", "Spain", "Sri Lanka", "Sudan", "Sweden", "Switzerland", "Syria", "Taiwan",
    "Tajikistan", "Thailand", "Turkey", "Turkmenistan", "Ukraine", "United Arab Emirates",
    "United Kingdom", "United States", "United States of America", "Uzbekistan", "Venezuela", "Vietnam",
    "Yemen", "US", "U.S.", "USA", "UK", "Britain", "America", "PRC", "DPRK", "ROK", "UAE",
    "Gaza", "Gaza Strip", "West Bank", "Hong Kong", "Macau", "Crimea",
)
CITIES: tuple[str, ...] = (
    "Beijing", "Shanghai", "Washington", "Tokyo", "Seoul", "Pyongyang", "Moscow", "Kyiv", "Kiev",
    "London", "Paris", "Berlin", "Brussels", "Geneva", "New York", "San Francisco", "Honolulu",
    "Hawaii", "Singapore", "Hanoi", "Manila", "Jakarta", "Bangkok", "Canberra", "New Delhi", "Delhi",
    "Islamabad", "Tehran", "Baghdad", "Damascus", "Beirut", "Riyadh", "Doha", "Dubai", "Abu Dhabi",
    "Ankara", "Istanbul", "Cairo", "Tel Aviv", "Jerusalem", "Taipei", "Hong Kong", "Kuala Lumpur",
    "Phnom Penh", "Vientiane", "Ulaanbaatar", "Astana", "Tashkent", "Warsaw", "Vienna", "Rome",
    "Madrid", "Ottawa", "Helsinki", "Stockholm", "Oslo", "Minsk", "Kabul", "Muscat", "Kuwait City",
)
NATIONALITIES: tuple[str, ...] = (
    "American", "Chinese", "Russian", "Ukrainian", "Japanese", "Korean", "North Korean", "South Korean",
    "Indian", "Pakistani", "Iranian", "Iraqi", "Israeli", "Palestinian", "Syrian", "Lebanese", "Saudi",
    "Turkish", "Egyptian", "British", "French", "German", "Italian", "Spanish", "Polish", "Dutch",
    "Australian", "Canadian", "Mexican", "Brazilian", "Vietnamese", "Filipino", "Philippine",
    "Indonesian", "Malaysian", "Thai", "Singaporean", "Taiwanese", "Mongolian", "Kuwaiti", "Qatari",
    "Emirati", "European", "Asian", "African", "Western", "Belarusian", "Georgian", "Armenian",
    "Azerbaijani", "Kazakh", "Afghan", "Yemeni", "Jordanian", "Greek", "Swedish", "Finnish", "Norwegian",
)
REGIONS: tuple[str, ...] = (
    "South China Sea", "East China Sea", "Taiwan Strait", "Strait of Hormuz", "Red Sea", "Black Sea",
    "Baltic Sea", "Mediterranean", "Persian Gulf", "Gulf of Aden", "Korean Peninsula", "Middle East",
    "West Asia", "Central Asia", "East Asia", "Southeast Asia", "South Asia", "Asia-Pacific",
    "Indo-Pacific", "Asia", "Europe", "Africa", "Arctic", "Pacific", "Atlantic", "Indian Ocean",
    "Donbas", "Donbass", "Kashmir", "Sahel", "Balkans", "Caucasus", "Scarborough Shoal",
    "Spratly Islands", "Paracel Islands", "Second Thomas Shoal",
)
ORGANIZATIONS: tuple[str, ...] = (
    "NATO", "UN", "United Nations", "ASEAN", "EU", "European Union", "Pentagon", "PLA", "Kremlin",
    "White House", "State Department", "Hamas", "Hezbollah", "IAEA", "WHO", "SCO", "BRICS", "G7",
    "G20", "AFP", "Reuters", "Xinhua", "AP", "KUNA", "MENAFN", "IRNA", "TASS", "Yonhap", "CNN", "BBC",
)
#: Entity label -> names; the rules baseline's name finder gets one phrase pattern per name.
GAZETTEER: dict[str, tuple[str, ...]] = {
    "GPE": COUNTRIES + CITIES, "NORP": NATIONALITIES, "LOC": REGIONS, "ORG": ORGANIZATIONS,
}
#: Names that refer to the same entity (lower case -> key used for coreference).
ALIASES: dict[str, str] = {
    "us": "united states", "u.s.": "united states", "usa": "united states", "america": "united states",
    "united states of america": "united states", "uk": "united kingdom", "britain": "united kingdom",
    "prc": "china", "dprk": "north korea", "rok": "south korea", "uae": "united arab emirates",
    "kiev": "kyiv", "donbass": "donbas", "people's liberation army": "pla",
    "department of defense": "pentagon", "us department of defense": "pentagon",
}
#: Country abbreviations that modify a name without being part of it ("US Joint Chiefs").
COUNTRY_MODIFIERS: frozenset[str] = frozenset({"us", "u.s.", "uk", "prc", "eu", "un"})

# --- heads of multi-word names (both baselines: they shape ORG/FAC/EVENT extents) --------

ORG_HEADS: frozenset[str] = frozenset({
    "ministry", "department", "commission", "agency", "army", "navy", "force", "forces", "council",
    "staff", "academy", "command", "committee", "office", "bureau", "university", "institute", "party",
    "guard", "corps", "government", "parliament", "congress", "senate", "assembly", "association",
    "organization", "organisation", "alliance", "union", "bank", "service", "services", "administration",
    "coalition", "group", "authority", "secretariat", "directorate", "fleet",
    "brigade", "division", "battalion", "regiment", "cabinet", "court", "sciences", "times", "news",
    "press", "tv", "post", "daily", "network",
})
FAC_HEADS: frozenset[str] = frozenset({
    "hall", "palace", "hotel", "building", "airport", "base", "port", "harbor", "harbour", "stadium",
    "square", "embassy", "consulate", "house", "tower", "bridge", "camp", "airbase",
})
#: A name ending in one of these and containing "convention"/"exhibition"/"conference" is a FAC.
FAC_CENTER_WORDS: frozenset[str] = frozenset({"convention", "exhibition", "conference", "congress", "trade"})
EVENT_HEADS: frozenset[str] = frozenset({
    "forum", "dialogue", "summit", "talks", "conference", "consultations", "war", "pandemic", "games",
    "olympics", "expo", "exercise", "exercises", "drills", "meeting", "symposium", "congress",
})
#: Lower-case words that never start a multi-word name (sentence-initial capitals).
NAME_STOP: frozenset[str] = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my",
    "and", "or", "but", "in", "on", "at", "of", "for", "with", "by", "from", "to", "as", "during",
    "after", "before", "although", "while", "when", "last", "next", "according", "senior", "top",
    "both", "two", "it", "he", "she", "they", "we", "i", "there", "former", "said", "says", "however",
    "also", "meanwhile", "earlier", "later", "today", "yesterday", "us-china", "china-us", "photo",
})

# --- titles -------------------------------------------------------------------------------

#: Abbreviations expanded before normalization.
ABBREVIATIONS: dict[str, str] = {
    "gen": "general", "gen.": "general", "lt": "lieutenant", "lt.": "lieutenant", "maj": "major",
    "maj.": "major", "adm": "admiral", "adm.": "admiral", "col": "colonel", "col.": "colonel",
    "capt": "captain", "capt.": "captain", "brig": "brigadier", "brig.": "brigadier", "sen": "senator",
    "sen.": "senator", "rep.": "representative", "pres.": "president", "sec.": "secretary",
    "amb.": "ambassador", "defence": "defense", "vice-president": "vice president",
    "lieutenant-general": "lieutenant general", "-": "",
}
#: Title heads, lower case, after abbreviation expansion. Longest match wins; the normalized
#: title is looked up in ``mil2mil.titles`` first, else built by ``normalize``.
TITLE_HEADS: tuple[str, ...] = (
    "general", "lieutenant general", "major general", "brigadier general", "admiral", "vice admiral",
    "rear admiral", "colonel", "senior colonel", "lieutenant colonel", "major", "captain", "commander",
    "air chief marshal", "field marshal", "marshal", "chief", "chief of staff", "chief of general staff",
    "chief of the general staff", "chairman", "chair", "vice chairman", "president", "vice president",
    "prime minister", "premier", "minister", "foreign minister", "defense minister",
    "minister of defense", "minister of national defense", "minister of foreign affairs",
    "secretary", "secretary of defense", "defense secretary", "secretary of state", "secretary of the navy",
    "secretary of the army", "secretary of the air force", "secretary-general", "secretary general",
    "assistant secretary of defense", "deputy assistant secretary of defense", "under secretary of defense",
    "undersecretary of defense", "deputy secretary of defense", "assistant secretary of state",
    "national security adviser", "national security advisor", "ambassador", "envoy", "special envoy",
    "spokesperson", "spokesman", "spokeswoman", "director", "commander-in-chief", "head", "senator",
    "attache", "military attache", "defense attache", "king", "emir", "crown prince", "chancellor",
)
#: Words that make a title deputy/vice/assistant/... (kept in the normalized title).
TITLE_PREFIXES: tuple[str, ...] = ("deputy", "vice", "assistant", "acting", "executive", "senior", "principal")
#: Words outside the title that make a role former.
FORMER_CUES: frozenset[str] = frozenset({"former", "ex", "ex-", "then", "retired", "late", "erstwhile"})
#: Title heads that are military ranks (used as the role of a participant with no position).
RANKS: frozenset[str] = frozenset({
    "general", "lieutenant general", "major general", "brigadier general", "admiral", "vice admiral",
    "rear admiral", "colonel", "senior colonel", "lieutenant colonel", "major", "captain", "marshal",
    "field marshal", "air chief marshal",
})
#: Titles that may stand before a name ("General Liu", "President Xi"); others need a comma apposition.
PRENOMINAL: frozenset[str] = RANKS | frozenset({
    "president", "vice president", "prime minister", "premier", "minister", "foreign minister",
    "defense minister", "secretary", "defense secretary", "secretary of state", "secretary of defense",
    "chairman", "ambassador", "envoy", "special envoy", "spokesperson", "spokesman", "spokeswoman",
    "commander", "senator", "king", "emir", "crown prince", "chancellor", "director", "chief",
})
#: "X secretary"/"X minister" word order -> "secretary of X"/"minister of X".
REORDER: dict[str, str] = {
    "defense secretary": "secretary of defense", "foreign minister": "minister of foreign affairs",
    "defense minister": "minister of national defense", "state secretary": "secretary of state",
}

# --- meetings -------------------------------------------------------------------------------

#: Trigger lemma (lower case) -> (part of speech, modality hint). Hints: video, phone,
#: in_person or None. Multi-word triggers are written with spaces.
TRIGGERS: dict[str, tuple[str, str | None]] = {
    "meet": ("VERB", None), "met": ("VERB", None), "meets": ("VERB", None), "meeting": ("NOUN", None),
    "meetings": ("NOUN", None), "talks": ("NOUN", None), "talk": ("NOUN", None), "summit": ("NOUN", None),
    "conference": ("NOUN", None), "forum": ("NOUN", None), "consultations": ("NOUN", None),
    "negotiations": ("NOUN", None),
    "phone call": ("NOUN", "phone"), "telephone call": ("NOUN", "phone"), "phone conversation": ("NOUN", "phone"),
    "video call": ("NOUN", "video"), "video meeting": ("NOUN", "video"), "virtual meeting": ("NOUN", "video"),
    "video conference": ("NOUN", "video"), "videoconference": ("NOUN", "video"),
    "teleconference": ("NOUN", "video"), "video link": ("NOUN", "video"), "visit": ("NOUN", "in_person"),
    "visited": ("VERB", "in_person"), "visits": ("VERB", "in_person"), "hosted": ("VERB", "in_person"),
    "attended": ("VERB", "in_person"), "attend": ("VERB", "in_person"), "attends": ("VERB", "in_person"),
    "spoke by phone": ("VERB", "phone"), "spoke by telephone": ("VERB", "phone"), "phoned": ("VERB", "phone"),
    "held talks": ("VERB", None), "hold talks": ("VERB", None), "meeting up": ("VERB", "in_person"),
    "get together": ("VERB", None), "sat down": ("VERB", "in_person"),
}
#: Words that give a modality anywhere in the trigger's clause.
MODALITY_CUES: dict[str, str] = {
    "video": "video", "virtual": "video", "virtually": "video", "videoconference": "video", "online": "video",
    "phone": "phone", "telephone": "phone", "telephoned": "phone", "visiting": "in_person",
    "visit": "in_person", "traveled": "in_person", "travelled": "in_person", "in person": "in_person",
    "face-to-face": "in_person", "hosted": "in_person", "arrived": "in_person",
}
#: Cues before a trigger -> status (nearest cue within the clause wins).
STATUS_CUES: dict[str, str] = {
    "will": "planned", "'ll": "planned", "shall": "planned", "would": "planned", "plan to": "planned",
    "plans to": "planned", "planned": "planned", "planning to": "planned", "to be held": "planned",
    "is to": "planned", "are to": "planned", "scheduled": "planned", "upcoming": "planned",
    "expected to": "planned", "going to": "planned", "agreed to": "planned", "next": "planned",
    "could": "hypothetical", "might": "hypothetical", "may": "hypothetical", "should": "hypothetical",
    "possible": "hypothetical", "potential": "hypothetical", "if": "hypothetical",
    "ongoing": "ongoing", "under way": "ongoing", "underway": "ongoing", "is holding": "ongoing",
    "are holding": "ongoing", "is attending": "ongoing",
    "usually": "generic", "regularly": "generic", "annual": "generic",
    "annually": "generic", "every year": "generic", "routinely": "generic", "periodic": "generic",
    "is a platform": "generic", "set up as": "generic", "have been set up": "generic",
}
#: Verbs of saying/reporting: a date they govern dates the report, not the meeting.
REPORT_VERBS: frozenset[str] = frozenset({
    "announced", "said", "says", "reported", "told", "stated", "confirmed", "revealed", "added",
    "noted", "published", "released", "disclosed", "according",
})
#: Prepositions that place a meeting (at/in + place).
PLACE_PREPOSITIONS: frozenset[str] = frozenset({"in", "at", "inside"})
#: Future tense markers for the governing verb (rules baseline; the spacy one reads the tags).
FUTURE_CUES: frozenset[str] = frozenset({"will", "'ll", "shall", "would", "next", "upcoming", "to", "plans", "plan", "scheduled", "expected"})

#: Topic -> lower-case keywords or phrases (matched on token boundaries in the meeting's context).
TOPICS: dict[str, tuple[str, ...]] = {
    "military_communication": ("military-to-military", "mil-to-mil", "communication", "communications",
                               "lines of communication", "channels", "hotline", "exchanges", "dialogue mechanism"),
    "bilateral_relations": ("bilateral ties", "bilateral relations", "bilateral relationship", "mutual respect",
                            "core interests", "relations between", "ties between", "military relations"),
    "crisis_management": ("miscalculation", "miscalculations", "misunderstanding", "misunderstandings",
                          "avoid conflict", "manage competition", "crisis", "escalation", "de-escalation", "incidents"),
    "regional_global_security": ("security issues", "regional security", "global security", "regional peace",
                                 "international security", "security situation", "stability in the region"),
    "taiwan": ("taiwan", "taipei", "one china"),
    "south_china_sea": ("south china sea", "maritime claims", "spratly", "scarborough", "paracel"),
    "russia_ukraine": ("ukraine", "russia-ukraine", "kyiv", "donbas"),
    "israel_gaza": ("gaza", "israel", "israeli", "hamas", "palestinian"),
    "artificial_intelligence": ("artificial intelligence", "ai", "autonomous weapons"),
}
#: Verbs that report what was said or discussed at a meeting (their sentences are its context).
DISCUSSION_VERBS: frozenset[str] = frozenset({
    "said", "says", "discussed", "emphasized", "emphasised", "stressed", "urged", "affirmed", "reiterated",
    "pointed", "noted", "raised", "agreed", "called", "expressed", "appealed", "underlined", "highlighted",
    "quoted", "told", "warned", "asked", "added",
})

# --- pronouns ------------------------------------------------------------------------------

#: Personal pronouns linked to the nearest preceding person (PER) mention.
PERSON_PRONOUNS: frozenset[str] = frozenset({"he", "she", "him", "his", "her", "hers"})

#: Family names written first (East Asian order): "Liu Zhenli" is later "Liu", not "Zhenli".
#: "He" is left out on purpose: as a lone capitalized word it is almost always the pronoun.
FAMILY_NAME_FIRST: frozenset[str] = frozenset({
    "li", "wang", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu",
    "hu", "guo", "lin", "luo", "zheng", "liang", "xie", "song", "tang", "han", "feng", "deng", "cao", "peng",
    "zeng", "xiao", "tian", "dong", "pan", "yuan", "cai", "jiang", "yu", "du", "ye", "cheng", "wei", "su",
    "lu", "ding", "ren", "shen", "yao", "xi", "qin", "fu", "kim", "park", "lee", "choi", "jung", "kang",
    "yoon", "jang", "lim", "nguyen", "tran", "pham", "le", "hoang", "vo", "dang", "bui",
})
#: Determiners/possessives that make a meeting noun anaphoric ("their meeting", "the talks").
ANAPHORIC_DETERMINERS: frozenset[str] = frozenset({"the", "their", "this", "that", "these", "those", "its", "his", "her"})
#: Words that may stand between a country and a meeting verb whose subject it is
#: ("the US and China would talk"); anything else (a noun: "US officials held") blocks it.
VERB_CHAIN: frozenset[str] = frozenset({
    "would", "will", "could", "should", "may", "might", "can", "shall", "'ll", "have", "has", "had",
    "are", "were", "is", "was", "to", "also", "again", "agreed", "plan", "plans", "planned", "not", "then",
    "soon", "and", ",", "the", "both", "finally", "reportedly", "recently", "did", "do", "does",
})
#: Irregular past forms that mark a clause as past (regular "-ed" forms are recognized by shape).
PAST_FORMS: frozenset[str] = frozenset({
    "was", "were", "had", "did", "met", "held", "led", "took", "made", "said", "went", "came", "sat", "spoke",
    "saw", "told", "gave", "began", "left", "flew", "won", "got", "brought", "sought", "kept", "set",
})
