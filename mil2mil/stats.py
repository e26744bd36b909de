"""Corpus statistics, computed from the gold and rendered as Markdown tables.

The numbers in DATASHEET.md and the dataset card come from here (``mil2mil stats``), and
``mil2mil stats --check`` fails when the committed tables differ from the gold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from mil2mil.gold import GoldDocument, read_text

ENTITY_TYPES = ("PER", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP")
FORMS = ("NAM", "NOM", "PRO")
TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
STATUSES = ("occurred", "ongoing", "planned", "cancelled", "negated", "hypothetical", "generic")
MODALITIES = ("in_person", "video", "phone", "unspecified")


@cache
def _tokenizer() -> Any:
    import spacy  # deferred: only statistics need a tokenizer

    return spacy.blank("en").tokenizer


def token_count(text: str) -> int:
    """Tokens of spaCy's blank English tokenizer, white-space tokens left out."""
    return sum(1 for token in _tokenizer()(text) if not token.is_space)


def document_counts(doc: GoldDocument, text: str) -> Counter[str]:
    """Every statistic of one document as a flat counter (documents add up by summing)."""
    c: Counter[str] = Counter()
    c["documents"] = 1
    c["characters"] = len(text)
    c["tokens"] = token_count(text)
    for m in doc["mentions"]:
        c["mentions"] += 1
        c[f"mentions {m['type']}"] += 1
        c[f"mentions {m['form']}"] += 1
    for e in doc["entities"]:
        c["entities"] += 1
        c[f"entities {e['type']}"] += 1
        c["group entities"] += "members" in e
        c["entities with Wikidata id"] += "wikidata" in e
    for r in doc["roles"]:
        c["roles"] += 1
        c[f"roles {r['status']}"] += 1
    c["role tuples"] = len({(r["person"], r["normalized_title"], r["organization"]) for r in doc["roles"]})
    for t in doc["timexes"]:
        c["timexes"] += 1
        c[f"timexes {t['type']}"] += 1
        c["timexes DCT-relative"] += t["anchor"] == "DCT"
    for mt in doc["meetings"]:
        c["meetings"] += 1
        c[f"meetings {mt['status']}"] += 1
        c[f"meetings {mt['modality']}"] += 1
        c["meetings with date"] += mt["date"] is not None
        c["meetings with location"] += mt["location"] is not None
        c["meeting participants"] += len(mt["participants"])
        c["meeting topics"] += len(mt["topics"])
    for n in doc["source_notes"]:
        c["source notes"] += 1
    return c


def cross_document_links(docs: Iterable[GoldDocument]) -> int:
    """Real meetings recorded in more than one document."""
    where: dict[str, set[str]] = {}
    for doc in docs:
        for mt in doc["meetings"]:
            if mt["cross_doc_id"]:
                where.setdefault(mt["cross_doc_id"], set()).add(doc["doc_id"])
    return sum(1 for docs_of in where.values() if len(docs_of) > 1)


ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Size", ("documents", "characters", "tokens")),
    ("Mentions by type", tuple(f"mentions {t}" for t in ENTITY_TYPES) + ("mentions",)),
    ("Mentions by form", tuple(f"mentions {f}" for f in FORMS)),
    ("Entities", tuple(f"entities {t}" for t in ENTITY_TYPES) + ("entities", "group entities", "entities with Wikidata id")),
    ("Roles", ("roles current", "roles former", "roles", "role tuples")),
    ("Dates (TIMEX3)", tuple(f"timexes {t}" for t in TIMEX_TYPES) + ("timexes", "timexes DCT-relative")),
    ("Meetings by status", tuple(f"meetings {s}" for s in STATUSES) + ("meetings",)),
    ("Meetings by modality", tuple(f"meetings {m}" for m in MODALITIES)),
    ("Meeting slots", ("meetings with date", "meetings with location", "meeting participants", "meeting topics")),
    ("Source notes", ("source notes",)),
)


_ENUM_VALUES = frozenset((*ENTITY_TYPES, *FORMS, *TIMEX_TYPES, *STATUSES, *MODALITIES, "current", "former"))
_LAYER_TOTALS = frozenset({"mentions", "entities", "roles", "timexes", "meetings"})


def _label(key: str) -> str:
    """Row label: the enum value within its section ("mentions PER" -> "PER"), "all ..." for totals."""
    head, _, rest = key.partition(" ")
    if rest in _ENUM_VALUES:
        return rest
    return f"all {key}" if key in _LAYER_TOTALS else key


def render_markdown(docs: Sequence[GoldDocument]) -> str:
    """One Markdown table: a row per statistic, a column per document and a total."""
    docs = sorted(docs, key=lambda d: d["doc_id"])
    per_doc = [document_counts(d, read_text(d)) for d in docs]
    total: Counter[str] = sum(per_doc, Counter())
    short = [d["doc_id"].split("-")[0] for d in docs]
    lines = ["| statistic | " + " | ".join(f"`{s}`" for s in short) + " | total |",
             "|---|" + "---:|" * (len(docs) + 1)]
    for section, keys in ROWS:
        lines.append(f"| **{section}** |" + " |" * (len(docs) + 1))
        for key in keys:
            label = _label(key)
            lines.append(f"| {label} | " + " | ".join(str(c[key]) for c in per_doc) + f" | {total[key]} |")
    lines.append(f"| **Cross-document meeting links** |" + " |" * len(docs) + f" {cross_document_links(docs)} |")
    return "\n".join(lines) + "\n"
