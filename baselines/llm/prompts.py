"""Versioned prompts: files in ``baselines/llm/prompts/``, each identified by its file name and
the hash of its rendered instructions.

A prompt file has a ``=== system ===`` and a ``=== user ===`` part. ``${name}`` placeholders are
filled from the project's closed vocabularies (entity types, role statuses, timex types,
modalities, meeting statuses and topics from ``schema/predictions.schema.json``; titles from
``mil2mil/titles.py``) and, in the user part, the document's date (``${dct}``) and text
(``${text}``). The hash covers everything but the document, so a change to the file or to a
vocabulary gives a new hash; ``ID@HASH`` goes into every predictions line and the score's
signature. Few-shot examples sit between ``# Example`` and ``# End of example`` and are never
taken from a test set (a test checks that no news gold string appears there).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from mil2mil.errors import InputError, Problem

PROMPTS_DIR = Path(__file__).with_name("prompts")
DEFAULT_PROMPT = "extract-v1"
_PARTS = re.compile(r"^=== (system|user) ===\n", re.M)
_EXAMPLES = re.compile(r"^# Example.*?^# End of example$", re.M | re.S)


def available() -> list[str]:
    return sorted(p.stem for p in PROMPTS_DIR.glob("*.txt"))


def vocabularies() -> dict[str, str]:
    """The closed vocabularies a prompt may name, rendered as quoted comma-separated lists."""
    from mil2mil.titles import TITLES

    schema = json.loads((resources.files("mil2mil.schema") / "predictions.schema.json").read_text(encoding="utf-8"))
    d = schema["$defs"]

    def q(values: Any) -> str:
        return ", ".join(f'"{v}"' for v in values)

    return {
        "entity_types": q(d["entity_type"]["enum"]),
        "role_statuses": q(d["role"]["properties"]["status"]["enum"]),
        "timex_types": q(d["timex"]["properties"]["type"]["enum"]),
        "modalities": q(d["meeting"]["properties"]["modality"]["enum"]),
        "meeting_statuses": q(d["meeting"]["properties"]["status"]["enum"]),
        "topics": q(d["meeting"]["properties"]["topics"]["items"]["enum"]),
        "titles": q(TITLES),
    }


@dataclass(frozen=True)
class Prompt:
    id: str
    system: str
    user: str  # still holding ${dct} and ${text}

    @property
    def hash(self) -> str:
        """First 12 hex digits of the SHA-256 of the rendered instructions (no document)."""
        return hashlib.sha256(f"{self.system}\n\x00\n{self.user}".encode()).hexdigest()[:12]

    @property
    def label(self) -> str:
        return f"{self.id}@{self.hash}"

    @property
    def examples(self) -> str:
        """The few-shot example part(s) of the prompt."""
        return "\n".join(m.group(0) for m in _EXAMPLES.finditer(self.system + "\n" + self.user))

    def messages(self, text: str, dct: str) -> list[dict[str, str]]:
        user = Template(self.user).substitute(dct=dct, text=text)
        return [{"role": "system", "content": self.system}, {"role": "user", "content": user}]


def load(prompt_id: str = DEFAULT_PROMPT) -> Prompt:
    """The prompt ``prompt_id`` (a file name in ``baselines/llm/prompts/`` without ``.txt``)."""
    path = PROMPTS_DIR / f"{prompt_id}.txt"
    if not re.fullmatch(r"[A-Za-z0-9._-]+", prompt_id) or not path.is_file():
        raise InputError([Problem("--prompt", "", f"unknown prompt {prompt_id!r}; expected one of {', '.join(available())}")])
    raw = path.read_text(encoding="utf-8")
    pieces = _PARTS.split(raw)
    parts = dict(zip(pieces[1::2], pieces[2::2]))
    if pieces[0].strip() or set(parts) != {"system", "user"}:
        raise InputError([Problem(str(path), "", "expected a `=== system ===` part and a `=== user ===` part")])
    vocab = vocabularies()
    system = Template(parts["system"]).substitute(vocab).strip() + "\n"
    user = Template(parts["user"]).safe_substitute(vocab).strip() + "\n"
    return Prompt(prompt_id, system, user)
