"""JSON Schema validators whose ``pattern`` anchors mean what JSON Schema says they mean.

JSON Schema patterns are ECMA-262 regular expressions, where ``$`` (without the multiline
flag) matches only at the very end of the string. The ``jsonschema`` package runs them with
Python's :func:`re.search`, where ``$`` also matches before a final newline, so
``"2023-12-22\\n"`` would pass ``^[0-9]{4}-[0-9]{2}-[0-9]{2}$``. Here a pattern's final
``$`` is read as Python's ``\\Z`` (end of string, nothing after it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern[str]:
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    from jsonschema import ValidationError

    if validator.is_type(instance, "string") and not _compiled(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def validator_for(schema: dict[str, Any]) -> Any:
    """A Draft 2020-12 validator of ``schema`` (checked first) with whole-string anchors."""
    from jsonschema import Draft202012Validator, validators

    Draft202012Validator.check_schema(schema)
    cls = validators.extend(Draft202012Validator, {"pattern": _pattern})
    return cls(schema)
