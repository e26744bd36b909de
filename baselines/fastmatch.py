"""Fast token-pattern matching for the baselines: spaCy ``Matcher`` semantics on lexeme bit masks.

spaCy's ``Matcher`` walks every token of a document and evaluates ``IN``/``NOT_IN``/``REGEX``
predicates in Python; with optional or repeated first tokens it tries every pattern at every
token. All the baselines' token patterns test *lexical* attributes only (``ORTH``, ``LOWER``,
``TEXT``, ``SHAPE``, ``IS_TITLE``, ``IS_UPPER``, ``IS_ALPHA``, ``IS_PUNCT``, ``IS_SPACE``,
``LIKE_NUM``), so each pattern element is evaluated once per *lexeme* (cached as one bit of an
integer mask) and a document is reduced to a list of masks (:class:`LexemeTable`).

:class:`TokenMatcher` then finds, inside short regions (the only places a pattern can match:
around an anchor token that every pattern of the group requires), *all* ``(start, end)``
pairs a pattern matches, like ``Matcher`` without ``greedy``, or the ``greedy="LONGEST"``
selection per key. Positions are tracked as bit sets (Python ints), one start at a time.
The equivalence with spaCy's ``Matcher`` is tested in ``tests/baselines/test_fastmatch.py``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy
from spacy.attrs import ORTH
from spacy.tokens import Doc
from spacy.vocab import Vocab

INF = 1 << 30

_FLAG_ATTRS = {
    "IS_TITLE": "is_title", "IS_UPPER": "is_upper", "IS_ALPHA": "is_alpha", "IS_PUNCT": "is_punct",
    "IS_SPACE": "is_space", "LIKE_NUM": "like_num", "IS_DIGIT": "is_digit", "IS_LOWER": "is_lower",
}
_STR_ATTRS = {"ORTH": "orth_", "TEXT": "orth_", "LOWER": "lower_", "SHAPE": "shape_"}


def _value_test(value: Any) -> Callable[[str], bool]:
    if isinstance(value, dict):
        tests = []
        for op, arg in value.items():
            if op == "IN":
                s = frozenset(arg)
                tests.append(lambda v, s=s: v in s)
            elif op == "NOT_IN":
                s = frozenset(arg)
                tests.append(lambda v, s=s: v not in s)
            elif op == "REGEX":
                rx = re.compile(arg)
                tests.append(lambda v, rx=rx: rx.search(v) is not None)
            else:  # pragma: no cover - not used by the baselines
                raise ValueError(f"unsupported predicate {op}")
        return lambda v: all(t(v) for t in tests)
    return lambda v: v == value


def element_test(spec: dict[str, Any]) -> Callable[[Any], bool]:
    """A predicate over a spaCy ``Lexeme`` for one pattern element (its ``OP`` ignored)."""
    tests: list[Callable[[Any], bool]] = []
    for key, value in spec.items():
        if key == "OP":
            continue
        if key in _FLAG_ATTRS:
            attr = _FLAG_ATTRS[key]
            tests.append(lambda lex, a=attr, v=bool(value): bool(getattr(lex, a)) == v)
        elif key in _STR_ATTRS:
            attr, vt = _STR_ATTRS[key], _value_test(value)
            tests.append(lambda lex, a=attr, vt=vt: vt(getattr(lex, a)))
        else:  # pragma: no cover - not used by the baselines
            raise ValueError(f"unsupported attribute {key}")
    return lambda lex: all(t(lex) for t in tests)


def _op_range(op: str | None) -> tuple[int, int]:
    if op is None or op == "1":
        return 1, 1
    if op == "?":
        return 0, 1
    if op == "*":
        return 0, INF
    if op == "+":
        return 1, INF
    m = re.fullmatch(r"\{(\d*),(\d*)\}", op)
    if m:
        return int(m.group(1) or 0), int(m.group(2)) if m.group(2) else INF
    m = re.fullmatch(r"\{(\d+)\}", op)
    if m:
        return int(m.group(1)), int(m.group(1))
    raise ValueError(f"unsupported operator {op}")  # pragma: no cover


class LexemeTable:
    """Per-lexeme bit masks of named predicates (pattern elements and plain word tests).

    ``masks(doc)`` is the list of token masks of a document: one ``to_array(ORTH)`` and one
    dict look-up per token; a lexeme's mask is computed the first time it is seen.
    """

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self._tests: list[Callable[[Any], bool]] = []
        self._keys: dict[str, int] = {}
        self._cache: dict[int, tuple[int, str, str]] = {}
        self._sorted: Any = None  # see columns(): sorted ORTH ids of the lexemes seen, or None
        self._rowid: Any = None
        self._sorted_for = -1

    def bit(self, key: str, test: Callable[[Any], bool]) -> int:
        """The bit of a predicate, registered once under ``key``."""
        if key not in self._keys:
            if self._cache:
                self._cache.clear()  # masks computed without this bit
            self._sorted = None
            self._keys[key] = 1 << len(self._tests)
            self._tests.append(test)
        return self._keys[key]

    def element_bit(self, spec: dict[str, Any]) -> int:
        key = json.dumps({k: v for k, v in spec.items() if k != "OP"}, sort_keys=True)
        return self.bit("el:" + key, element_test(spec))

    def words_bit(self, name: str, words: Iterable[str], attr: str = "lower_") -> int:
        s = frozenset(words)
        return self.bit(f"words:{name}:{attr}", lambda lex, s=s, a=attr: getattr(lex, a) in s)

    def _add(self, orth: int) -> tuple[int, str, str]:
        lex = self.vocab[orth]
        m = 0
        for k, t in enumerate(self._tests):
            if t(lex):
                m |= 1 << k
        rec = (m, lex.lower_, lex.orth_)
        self._cache[orth] = rec
        return rec

    def records(self, doc: Doc) -> list[tuple[int, str, str]]:
        """``(mask, lower, text)`` of every token."""
        get, add = self._cache.get, self._add
        return [get(o) or add(o) for o in doc.to_array(ORTH).tolist()]

    def columns(self, doc: Doc) -> tuple[numpy.ndarray, list[int], list[str], list[str]]:
        """The token masks as a ``uint64`` array and as a list, the lower-case forms and the
        texts of every token: what :meth:`records` gives, looked up with ``numpy`` (the
        lexemes seen so far sit in a sorted array of their ORTH ids)."""
        if len(self._tests) > 64:  # pragma: no cover - more predicates than a uint64 holds
            recs = self.records(doc)
            masks = [r[0] for r in recs]
            return (numpy.array(masks, dtype=object), masks, [r[1] for r in recs], [r[2] for r in recs])
        if self._sorted is None or self._sorted_for != len(self._keys):
            self._reset_columns()
        orths = doc.to_array(ORTH)
        if not len(orths):
            return numpy.zeros(0, dtype=numpy.uint64), [], [], []
        pos = numpy.searchsorted(self._sorted, orths)
        pos[pos == len(self._sorted)] = 0
        miss = self._sorted[pos] != orths if len(self._sorted) else numpy.ones(len(orths), dtype=bool)
        if miss.any():
            self._insert(numpy.unique(orths[miss]))
            pos = numpy.searchsorted(self._sorted, orths)
        rows = self._rowid[pos]
        return (self._mask_u64[rows], self._mask_obj[rows].tolist(), self._lower_obj[rows].tolist(),
                self._text_obj[rows].tolist())

    def _reset_columns(self) -> None:
        self._sorted = numpy.zeros(0, dtype=numpy.uint64)
        self._rowid = numpy.zeros(0, dtype=numpy.int64)
        self._mask_u64 = numpy.zeros(1024, dtype=numpy.uint64)
        self._mask_obj = numpy.empty(1024, dtype=object)
        self._lower_obj = numpy.empty(1024, dtype=object)
        self._text_obj = numpy.empty(1024, dtype=object)
        self._n_rows = 0
        self._sorted_for = len(self._keys)

    def _insert(self, new: numpy.ndarray) -> None:
        n, k = self._n_rows, len(new)
        if n + k > len(self._mask_u64):
            size = max(2 * len(self._mask_u64), n + k)
            for name in ("_mask_u64", "_mask_obj", "_lower_obj", "_text_obj"):
                old = getattr(self, name)
                grown = numpy.zeros(size, dtype=old.dtype) if old.dtype != object else numpy.empty(size, dtype=object)
                grown[:n] = old[:n]
                setattr(self, name, grown)
        get, add = self._cache.get, self._add
        for r, o in enumerate(new.tolist(), n):
            m, low, text = get(o) or add(o)
            self._mask_u64[r] = m
            self._mask_obj[r] = m
            self._lower_obj[r] = low
            self._text_obj[r] = text
        at = numpy.searchsorted(self._sorted, new)
        self._sorted = numpy.insert(self._sorted, at, new)
        self._rowid = numpy.insert(self._rowid, at, numpy.arange(n, n + k, dtype=numpy.int64))
        self._n_rows = n + k


class TokenMatcher:
    """Token patterns (spaCy ``Matcher`` syntax, lexical attributes only) matched on masks."""

    def __init__(self, table: LexemeTable):
        self.table = table
        self.keys: list[str] = []
        self.patterns: list[tuple[str, list[tuple[int, int, int]], int, int]] = []
        self.greedy: dict[str, str | None] = {}
        #: Bits of every element: a token outside all of them cannot be inside a match.
        self.any_bits = 0

    def add(self, key: str, patterns: Sequence[Sequence[dict[str, Any]]], greedy: str | None = None) -> None:
        if key not in self.greedy:
            self.keys.append(key)
        self.greedy[key] = greedy
        for pat in patterns:
            elems = [(self.table.element_bit(el), *_op_range(el.get("OP"))) for el in pat]
            need = 0
            for b, mn, _ in elems:
                if mn:
                    need |= b
            first = 0
            for b, mn, _ in elems:
                first |= b
                if mn:
                    break
            self.patterns.append((key, elems, need, first))
            for b, _, _ in elems:
                self.any_bits |= b

    def find(self, masks: Sequence[int], regions: Iterable[tuple[int, int]]) -> list[tuple[str, int, int]]:
        """``(key, start, end)`` of the matches inside the regions (disjoint, in order): all
        matches for keys without ``greedy``, the ``LONGEST`` selection per key otherwise.
        Matches are ordered by end, then start.

        All starts of a pattern in a region are run at once: start ``k`` owns the bits
        ``k * W .. k * W + W - 1`` of one integer (``W`` = region length + 1), each element's
        token set is repeated in every lane, and a step ``(r & t) << 1`` never leaves a lane."""
        found: list[tuple[int, int, str]] = []
        patterns = self.patterns
        for lo, hi in regions:
            rmasks = masks[lo:hi]
            present = 0
            for m in rmasks:
                present |= m
            # the patterns whose required elements all occur in the region (one pass, no calls)
            active = [p for p in patterns if p[2] & present == p[2]]
            if not active:
                continue
            width = hi - lo + 1
            lane = (1 << width) - 1
            sets: dict[int, int] = {}  # element bits -> the region's tokens that have them
            for key, elems, _, first in active:
                fs = sets.get(first)
                if fs is None:
                    fs = sets[first] = _token_set(rmasks, first)
                if not fs:
                    continue
                starts: list[int] = []
                r = 0
                rep = 0
                while fs:
                    low = fs & -fs
                    fs ^= low
                    st = low.bit_length() - 1
                    shift = len(starts) * width
                    starts.append(st)
                    r |= 1 << (shift + st)
                    rep |= 1 << shift
                for b, mn, mx in elems:
                    t = sets.get(b)
                    if t is None:
                        t = sets[b] = _token_set(rmasks, b)
                    t *= rep  # the token set in every lane (no carries: t < 2 ** width)
                    if mn == 1:
                        r = (r & t) << 1
                    elif mn:
                        for _ in range(mn):
                            r = (r & t) << 1
                    if not r:
                        break
                    if mx == mn:
                        continue
                    if mx == INF:
                        while True:
                            nr = r | ((r & t) << 1)
                            if nr == r:
                                break
                            r = nr
                    else:
                        for _ in range(mx - mn):
                            nr = r | ((r & t) << 1)
                            if nr == r:
                                break
                            r = nr
                if not r:
                    continue
                shift = 0
                for st in starts:
                    ends = ((r >> shift) & lane) >> (st + 1) << (st + 1)  # only ends after the start
                    shift += width
                    while ends:
                        low = ends & -ends
                        ends ^= low
                        found.append((lo + low.bit_length() - 1, lo + st, key))
        # a full sort: matches of one span under several keys come out in key order, not in the
        # set's iteration order (string hashes differ between processes)
        found = sorted(set(found))
        out: list[tuple[str, int, int]] = []
        longest: dict[str, list[tuple[int, int]]] = {}
        for e, s, key in found:
            if self.greedy.get(key) == "LONGEST":
                longest.setdefault(key, []).append((s, e))
            else:
                out.append((key, s, e))
        for key, pairs in longest.items():
            taken: set[int] = set()
            for s, e in sorted(pairs, key=lambda x: (x[1] - x[0], -x[0]), reverse=True):
                if not any(i in taken for i in range(s, e)):
                    out.append((key, s, e))
                    taken.update(range(s, e))
        return out


def _token_set(masks: Sequence[int], bits: int) -> int:
    """Bit ``j`` set when ``masks[j]`` has any of ``bits``."""
    found = 0
    p = 1
    for m in masks:
        if m & bits:
            found |= p
        p <<= 1
    return found


def regions(masks: Sequence[int], anchor: int, eligible: int, before: int = INF, after: int = INF,
            min_len: int = 1, positions: Iterable[int] | None = None) -> list[tuple[int, int]]:
    """Merged regions around anchor tokens: the run of ``eligible`` tokens containing each
    anchor, cut to ``before`` tokens before it and ``after`` tokens from it on.
    ``positions``: the anchor tokens' indices, in order, when the caller has them."""
    n = len(masks)
    out: list[tuple[int, int]] = []
    if positions is None:
        positions = [i for i, m in enumerate(masks) if m & anchor]
    for i in positions:
        if out and i < out[-1][1]:
            # already inside the previous region: extend its right edge if needed
            lo, hi = out[-1]
            j = hi
            limit = min(n, i + after)
            while j < limit and masks[j] & eligible:
                j += 1
            out[-1] = (lo, max(hi, j))
            continue
        lo = i
        limit = max(0, i - before)
        while lo > limit and masks[lo - 1] & eligible:
            lo -= 1
        hi = i + 1
        limit = min(n, i + after)
        while hi < limit and masks[hi] & eligible:
            hi += 1
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return [(a, b) for a, b in out if b - a >= min_len]
