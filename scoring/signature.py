"""The reproducibility signature printed with every score, in the spirit of sacrebleu's.

Short keys are a table so that their uniqueness is testable; the version comes last; a
field without a value (``names`` of a grounded score) is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from mil2mil import __version__

#: (field, short key, meaning) in signature order; ``version`` is always last.
SIGNATURE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("layer", "layer", "the layer the number is about"),
    ("scheme", "scheme", "mention scheme: strict, exact, partial or type (mentions only)"),
    ("overlap", "ovl", "minimum intersection-over-union for an overlapping (non-exact) span match (mentions only)"),
    ("match", "match", "grounded (offsets, entity alignment) or ungrounded (normalized names)"),
    ("ties", "ties", "how a date expression overlapping several is paired: te3 or optimal (grounded dates only)"),
    ("names", "names", "name-matching policy of the ungrounded track (scoring/names.py); absent when grounded"),
    ("average", "avg", "headline averaging over types: micro or macro (headlines with types only)"),
    ("bootstrap", "boot", "bootstrap resamples for the confidence interval (0: none; not for crossdoc)"),
    ("seed", "seed", "seed of the bootstrap random generator (only with resamples)"),
    ("gold", "gold", "the gold set: news, constructed:validation, constructed:test, authored:test, or custom (a path)"),
    ("data", "data", "dataset version + first 12 hex digits of the SHA-256 content hash of the gold"),
    ("prompt", "prompt", "LLM runs only: prompt id @ hash of its rendered instructions"),
    ("decoding", "dec", "LLM runs only: constrained (JSON Schema), json (JSON mode) or free decoding"),
    ("version", "version", "scorer version"),
)


def _fmt_num(x: float) -> str:
    """Shortest string that reads back as the same float (``repr``), without a trailing ``.0``.

    Two option values that can give different numbers never share a signature
    (``0.3`` vs ``0.3000000001``); ``float(_fmt_num(x)) == x`` always holds.
    """
    s = repr(float(x))
    return s[:-2] if s.endswith(".0") else s


@dataclass(frozen=True)
class Signature:
    """The settings a number depends on. A field that does not apply to the layer is None
    and left out of the string (as sacrebleu does), so a setting that cannot change a
    layer's number never changes its signature; :meth:`for_layer` decides which apply."""

    layer: str
    scheme: str | None = None
    overlap: float | None = None
    match: str | None = None
    average: str | None = None
    bootstrap: int | None = None
    seed: int | None = None
    data: str | None = None
    ties: str | None = None
    version: str = __version__
    prompt: str | None = None
    decoding: str | None = None
    names: str | None = None
    gold: str = "news"

    @classmethod
    def for_layer(cls, layer: str, match: str, *, scheme: str, overlap: float, average: str, bootstrap: int,
                  seed: int, data: str, ties: str, prompt: str | None = None,
                  decoding: str | None = None, names: str | None = None,
                  gold: str = "news") -> Signature:
        """The signature of ``layer``'s numbers: the mention scheme and overlap for mentions
        only, the date tie rule for grounded dates only, the averaging where the headline
        has types (not the CoNLL F1 of grounded entities and crossdoc), the bootstrap where
        an interval is computed (not crossdoc, scored corpus-wide) and its seed only with
        resamples."""
        typed = not (layer == "crossdoc" or (layer == "entities" and match == "grounded"))
        boot = None if layer == "crossdoc" else bootstrap
        return cls(
            layer=layer,
            scheme=scheme if layer == "mentions" else None,
            overlap=overlap if layer == "mentions" else None,
            match=match,
            ties=ties if layer == "timexes" and match == "grounded" else None,
            average=average if typed else None,
            bootstrap=boot,
            seed=seed if boot else None,
            data=data,
            prompt=prompt,
            decoding=decoding,
            names=names if match == "ungrounded" and layer != "timexes" else None,  # dates resolve no names
            gold=gold,
        )

    def __str__(self) -> str:
        values = {
            "layer": self.layer, "scheme": self.scheme, "overlap": None if self.overlap is None else _fmt_num(self.overlap),
            "match": self.match, "names": self.names, "ties": self.ties, "average": self.average,
            "bootstrap": None if self.bootstrap is None else str(self.bootstrap),
            "seed": None if self.seed is None else str(self.seed), "gold": self.gold, "data": self.data, "version": self.version,
            "prompt": self.prompt, "decoding": self.decoding,
        }
        return "mil2mil|" + "|".join(f"{short}:{values[name]}" for name, short, _ in SIGNATURE_FIELDS
                                     if values[name] is not None)
