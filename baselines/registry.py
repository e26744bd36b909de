"""Extractors by name: each name maps to a factory imported only when that name is asked for.

Nothing here imports an extractor at module import time, so the command line can list the
names (``mil2mil --help``) without importing spaCy or ``openai``.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable

from mil2mil.errors import InputError, Problem

from .interface import Extractor, ExtractorOptions

#: name -> "module:factory"; the factory takes an :class:`ExtractorOptions`.
REGISTRY: dict[str, str] = {
    "rules": "mil2mil.baselines.rules:build",
    "spacy": "mil2mil.baselines.statistical:build",
    "oracle": "mil2mil.baselines.reference:build_oracle",
    "empty": "mil2mil.baselines.reference:build_empty",
    "llm": "mil2mil.baselines.llm.extractor:build",
}

#: The baselines of the results table (the llm extractor needs a server and is run on its own).
BASELINES: tuple[str, ...] = ("rules", "spacy", "oracle", "empty")


def names() -> tuple[str, ...]:
    return tuple(REGISTRY)


def factory(name: str) -> Callable[[ExtractorOptions], Extractor]:
    """The factory registered as ``name`` (imports its module now)."""
    module, _, attr = REGISTRY[name].partition(":")
    return getattr(importlib.import_module(module), attr)  # type: ignore[no-any-return]


def _import_user_module(module: str):  # type: ignore[no-untyped-def]
    """Import ``module``; when it is not found and the current directory is not on
    ``sys.path``, look there too, as ``python -m`` does (the directory stays on the path, so
    the module's own imports of its neighbours work)."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        top = module.split(".", 1)[0]
        cwd = os.getcwd()
        on_path = {os.path.abspath(p or os.curdir) for p in sys.path}
        if exc.name != top or cwd in on_path:
            raise
        sys.path.insert(0, cwd)
        importlib.invalidate_caches()
        return importlib.import_module(module)


def get_extractor(name: str, model: str | None = None, n_process: int = 1,
                  gold: object = None, **extra: object) -> Extractor:
    """An extractor by registered name (``rules``, ``spacy``, ``oracle``, ``empty``, ``llm``) or
    a user's extractor as ``package.module:attribute`` (a function, an instance, or a class to
    instantiate; a module in the current directory is found as with ``python -m``)."""
    options = ExtractorOptions(model=model, n_process=n_process, gold=gold, extra=dict(extra))  # type: ignore[arg-type]
    if name in REGISTRY:
        return factory(name)(options)
    if ":" in name:
        module, _, attr = name.partition(":")
        try:
            obj = getattr(_import_user_module(module), attr)
        except (ImportError, AttributeError) as exc:
            raise InputError([Problem("--baseline", "", f"cannot load extractor {name!r}: {exc}")]) from None
        return obj() if isinstance(obj, type) else obj  # type: ignore[no-any-return]
    raise InputError([Problem("--baseline", "", f"unknown extractor {name!r}; expected one of "
                              f"{', '.join(REGISTRY)} or module:attribute")])
