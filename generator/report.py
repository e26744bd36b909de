"""Statistics of the constructed splits and the held-out report (templates, n-grams, verbatim overlap).

``mil2mil constructed`` renders this as Markdown into DATASHEET.md and the dataset card, and
``--check`` fails when the committed block differs from what the generator produces now.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from mil2mil.phenomena import GENERATED_TAGS as TAGS

STATUSES = ("occurred", "planned", "cancelled", "negated", "hypothetical")
MODALITIES = ("in_person", "video", "phone", "unspecified")
MIN_SENTENCE_WORDS = 8
NGRAM = 4

#: Words that make two consecutive sentences "open alike" in the repetition statistics.
OPENING = 4

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"'])\s+|\n+")
_WORD = re.compile(r"\S+")


_ABBREVIATIONS = ("Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.", "Gen.", "Adm.", "Lt.", "Maj.")


def sentences(text: str) -> list[str]:
    """Sentences of a text: split after ., ! or ? followed by white space, and at line breaks;
    not after the abbreviations the generator writes ("Feb.", "Gen.")."""
    out: list[str] = []
    for line in text.split("\n"):
        pieces = [p for p in _SENTENCE_END.split(line) if p and p.strip()]
        for piece in pieces:
            if out and out[-1].endswith(_ABBREVIATIONS) and not out[-1].endswith("\n"):
                out[-1] = out[-1] + " " + piece.strip()
            else:
                out.append(piece.strip())
        if out:
            out[-1] = out[-1] + "\n"
    return [s.strip() for s in out if s.strip()]


def long_sentences(text: str) -> list[str]:
    return [s for s in sentences(text) if len(_WORD.findall(s)) >= MIN_SENTENCE_WORDS]


def ngrams(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def tag_counts(docs: Iterable[dict[str, Any]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for doc in docs:
        for layer in ("entities", "mentions", "roles", "timexes", "meetings"):
            for item in doc[layer]:
                counts.update(item.get("tags", ()))
    return counts


def split_statistics(pairs: Sequence[tuple[dict[str, Any], str]]) -> Counter[str]:
    c: Counter[str] = Counter()
    clusters: Counter[str] = Counter()
    words = []
    dcts = set()
    for doc, text in pairs:
        c["documents"] += 1
        said = sentences(text)
        c["sentences"] += len(said)
        c["sentences said twice in a document"] += len(said) - len(set(said))
        c[f"sentences opening like the one before ({OPENING} words)"] += sum(
            a.split()[:OPENING] == b.split()[:OPENING] for a, b in zip(said, said[1:]))
        n = len(_WORD.findall(text))
        words.append(n)
        c["mentions"] += len(doc["mentions"])
        c["entities"] += len(doc["entities"])
        c["roles"] += len(doc["roles"])
        c["timexes"] += len(doc["timexes"])
        dct = doc["metadata"]["dct"]["value"]
        dcts.add(dct)
        for mt in doc["meetings"]:
            c["meetings"] += 1
            c[f"status {mt['status']}"] += 1
            c[f"modality {mt['modality']}"] += 1
            if mt["cross_doc_id"]:
                clusters[mt["cross_doc_id"]] += 1
    c["words min"] = min(words) if words else 0
    c["words max"] = max(words) if words else 0
    c["words mean"] = round(sum(words) / len(words)) if words else 0
    c["cross-document clusters (2+ reports)"] = sum(1 for v in clusters.values() if v > 1)
    c["distinct DCTs"] = len(dcts)
    years = sorted({d[:4] for d in dcts})
    c["DCT years"] = len(years)
    c["DCT weekdays"] = len({__import__("datetime").date.fromisoformat(d).weekday() for d in dcts})
    c["DCTs on Feb 29"] = sum(1 for d in dcts if d[5:] == "02-29")
    return c


def held_out(train: Sequence[tuple[dict[str, Any], str]], splits: dict[str, Sequence[tuple[dict[str, Any], str]]]) -> dict[str, Any]:
    """Templates, name pools and n-grams per split, and the verbatim overlap with the train sample."""
    train_sentences = {s for _, text in train for s in long_sentences(text)}
    train_ngrams: set[tuple[str, ...]] = set()
    for _, text in train:
        train_ngrams |= ngrams(text)
    rows: dict[str, Any] = {}
    for name, pairs in {"train (sample)": train, **splits}.items():
        templates = {t for doc, _ in pairs for t in doc["metadata"]["generator"]["templates"]}
        pools = {p for doc, _ in pairs for p in doc["metadata"]["generator"]["name_pools"]}
        grams: set[tuple[str, ...]] = set()
        for _, text in pairs:
            grams |= ngrams(text)
        row = {"templates": len(templates), "template ids": templates, "name pools": len(pools), "pool ids": pools,
               f"distinct {NGRAM}-grams": len(grams)}
        if name != "train (sample)":
            long = [s for _, text in pairs for s in long_sentences(text)]
            found = sum(1 for s in long if s in train_sentences)
            row["templates not in train"] = len(templates - rows["train (sample)"]["template ids"])
            row["name pools not in train"] = len(pools - rows["train (sample)"]["pool ids"])
            row[f"{NGRAM}-grams not in train"] = len(grams - train_ngrams)
            row[f"sentences of {MIN_SENTENCE_WORDS}+ words"] = len(long)
            row["of them verbatim in train"] = found
            row["verbatim share"] = found / len(long) if long else 0.0
        rows[name] = row
    return rows


def render(train: Sequence[tuple[dict[str, Any], str]], splits: dict[str, Sequence[tuple[dict[str, Any], str]]]) -> str:
    """The Markdown block: per-split statistics, phenomenon tag counts, held-out report."""
    names = list(splits)
    stats = {name: split_statistics(pairs) for name, pairs in splits.items()}
    lines = ["Per released split (regenerated by `mil2mil constructed --check` in CI):", "",
             "| statistic | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    keys = ["documents", "words min", "words mean", "words max", "entities", "mentions", "roles", "timexes", "meetings",
            *[f"status {s}" for s in STATUSES], *[f"modality {m}" for m in MODALITIES],
            "cross-document clusters (2+ reports)", "distinct DCTs", "DCT years", "DCT weekdays", "DCTs on Feb 29",
            "sentences", "sentences said twice in a document", f"sentences opening like the one before ({OPENING} words)"]
    for key in keys:
        lines.append(f"| {key} | " + " | ".join(str(stats[n][key]) for n in names) + " |")
    tags = {name: tag_counts(doc for doc, _ in pairs) for name, pairs in splits.items()}
    lines += ["", f"Phenomenon tags (items carrying each; {len(TAGS)} tags, see docs/phenomena.md):", "",
              "| tag | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for tag in TAGS:
        lines.append(f"| `{tag}` | " + " | ".join(str(tags[n][tag]) for n in names) + " |")
    report = held_out(train, splits)
    cols = list(report)
    lines += ["", f"Held-out report: a {len(train):,}-document train sample (the default train split) against the "
              "released splits. A sentence counts as verbatim when it occurs word for word in the train sample.", "",
              "| | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]
    row_keys = ["templates", "name pools", f"distinct {NGRAM}-grams", "templates not in train", "name pools not in train",
                f"{NGRAM}-grams not in train", f"sentences of {MIN_SENTENCE_WORDS}+ words", "of them verbatim in train",
                "verbatim share"]
    for key in row_keys:
        cells = []
        for col in cols:
            value = report[col].get(key, "")
            cells.append(f"{value:.2%}" if isinstance(value, float) else (f"{value:,}" if isinstance(value, int) else "—"))
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def split_digest(pairs: Iterable[tuple[dict[str, Any], str]]) -> str:
    """SHA-256 over a split's documents in order (gold as sorted-key JSON, then the text)."""
    import hashlib
    import json

    h = hashlib.sha256()
    for gold, text in pairs:
        h.update(json.dumps(gold, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        h.update(text.encode("utf-8"))
    return h.hexdigest()


def version_lock_problems(lock: dict[str, dict[str, str]], version: str, digests: dict[str, str]) -> list[str]:
    """Why ``digests`` (the released splits now) disagree with the lock's entry for ``version``.

    The lock records, per ``GENERATOR_VERSION``, the digest of each released split. A generator
    change that changes a released split must raise the version (docs/versioning.md), so the
    same version with other digests is an error; a version missing from the lock is one too.
    """
    entry = lock.get(version)
    if entry is None:
        return [f"generator version {version} is not in the lock; run `mil2mil constructed --write`"]
    return [f"released split {split!r} changed but GENERATOR_VERSION is still {version}: raise it "
            f"(a data version bump, docs/versioning.md) and run `mil2mil constructed --write`"
            for split in sorted(digests) if entry.get(split) != digests[split]]
