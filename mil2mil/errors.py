"""Typed errors for bad input.

Library code raises these; only the CLI turns them into a message and exit status 2. Every
error names where the problem is (file, line for JSONL, JSON pointer) and what was expected,
because a user fixing a predictions file needs to find the spot without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def json_pointer(parts: tuple[str | int, ...] | list[str | int]) -> str:
    """RFC 6901 pointer for a path of keys and indices (``""`` is the whole document)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input: where it is and what was expected."""

    file: str
    pointer: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return ": ".join(part for part in (where, self.pointer, self.message) if part)


@dataclass
class InputError(Exception):
    """Raised when an input fails validation; carries every problem found, in a stable order."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
