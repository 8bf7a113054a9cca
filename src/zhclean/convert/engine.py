"""zhclean's own OpenCC engine: OpenCC's algorithm on OpenCC's data, in pure Python.

What OpenCC does with a config (and what this module reproduces, case for case):

1. *normalisation*: each normalisation dictionary converts the whole text (CJK compatibility
   ideographs to their unified forms);
2. *segmentation* (configs with an ``mmseg`` segmenter): scanning left to right, the longest key
   of the segmentation dictionary at each position becomes a segment of its own; characters where
   no key starts gather into segments between them. Configs without a segmenter treat the whole
   text as one segment;
3. *conversion chain*: every step converts each segment on its own, the output of one step being
   the input of the next: scanning left to right, the longest key that starts at the position (and
   ends inside the segment) is replaced by its first value; where no key starts, the character is
   copied. A complete ideographic description sequence (``⿰钅只``) is copied whole.

Speed comes from two facts: most characters only need a one-character mapping, which
``str.translate`` does in C, and phrases can only start where the text holds the first two
characters of some key, which a C-level scan finds (`_bigram_candidates`), so the Python loop
runs only there (16 % of the positions of Simplified news text for s2t).
"""

from __future__ import annotations

import heapq
import re
import sys
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from itertools import compress, count
from operator import add, methodcaller, ne
from typing import ClassVar

from ..edits import Edit, compose
from .dictionaries import DERIVED, ConfigSpec, config_name, config_spec
from .tables import Table, flatten

Match = tuple[int, int, str]
"""(start, length, value): a key of `length` characters at `start` is replaced by `value`."""

_IDS_ARITY = {cp: 2 for cp in range(0x2FF0, 0x2FFE)} | {0x2FF2: 3, 0x2FF3: 3, 0x2FFE: 1, 0x2FFF: 1}
"""Ideographic description operators (U+2FF0..U+2FFF) and how many operands each takes."""
_IDS_RE = re.compile("[\u2ff0-\u2fff]")
_IDS_CHARS = "".join(map(chr, _IDS_ARITY))
"""The sixteen operators, each looked for with ``in`` (together three times faster than `_IDS_RE`)."""
_START = methodcaller("start")

_LITTLE_ENDIAN = sys.byteorder == "little" and memoryview(b"\0\0\0\0").cast("I").itemsize == 4

_SHORT_TEXT = 512
"""Texts shorter than this are scanned with per-first-character tables (see `_scan_short`)."""

_BIGRAM_SCAN_MIN_STARTERS = 600
"""With this many or more distinct phrase-starting characters, scan every position's first two
characters (C-level map over the text) instead of searching for starting characters by regex."""


def _candidates(text: str, table: Table, ids: bool) -> Iterator[int]:
    """Positions where a phrase, a wide one-character key or (`ids`) a description sequence may
    start, in order."""
    if table.wide or len(table.starters) < _BIGRAM_SCAN_MIN_STARTERS:
        found: Iterator[int] = map(_START, table.starter_re.finditer(text))
    else:
        found = _bigram_candidates(text, table)
    if ids:
        found = heapq.merge(found, map(_START, _IDS_RE.finditer(text)))
    return found


def _phrase_candidates(text: str, table: Table) -> Iterator[int]:
    """Positions where a key of 2+ characters may start, in order: every position whose first two
    characters start such a key, and some more (what the scan needs when the table has no wide
    keys and the text no description sequences)."""
    if len(table.starters) >= _BIGRAM_SCAN_MIN_STARTERS:
        return _bigram_candidates(text, table)
    # Few starting characters: a regex finds those followed by a character that is second in
    # some key, which leaves a few candidates (on Traditional news text, t2s: one in seven).
    return map(_START, table.pair_re.finditer(text))


def _bigram_candidates(text: str, table: Table) -> Iterator[int]:
    """Positions whose first two characters start a key of 2+ characters.

    For BMP text on a little-endian machine, the UTF-16 encoding read as 32-bit integers holds
    every two neighbouring characters as one integer (even positions in one view, odd ones in
    another), and looking integers up in a set is twice as fast as building and hashing
    two-character strings, the fallback.
    """
    data = text.encode("utf-16-le", "surrogatepass")
    if _LITTLE_ENDIAN and len(data) == 2 * len(text):
        data += b"\0\0\0\0"
        contains = table.bigram_codes.__contains__
        even = memoryview(data)[: len(data) // 4 * 4].cast("I")
        odd = memoryview(data)[2 : 2 + (len(data) - 2) // 4 * 4].cast("I")
        found = list(compress(count(0, 2), map(contains, even)))
        found += compress(count(1, 2), map(contains, odd))
        found.sort()
        return iter(found)
    return compress(count(), map(table.lens.__contains__, map(add, text, text[1:])))


def has_ids(text: str) -> bool:
    """True when `text` holds an ideographic description character (U+2FF0..U+2FFF). No OpenCC
    dictionary writes one, so a conversion keeps the answer for every step's text."""
    return any(ch in text for ch in _IDS_CHARS)


def _ids_end(text: str, start: int, limit: int) -> int:
    """End of the complete ideographic description sequence at `start` (before `limit`), or -1.

    OpenCC copies a complete sequence such as ``⿰钅只`` whole: its operands (any characters,
    or nested sequences) are a description, not text to convert. An incomplete one is not special.
    """
    need = 1
    j = start
    while need:
        if j >= limit:
            return -1
        need += _IDS_ARITY.get(ord(text[j]), 0) - 1
        j += 1
    return j


def _scan_short(text: str, table: Table, cuts: list[int] | None, ids: bool) -> list[Match]:
    """`scan` for a short text: looks keys up by first character, so a new process converts its
    first sentence without building the whole phrase table."""
    matches: list[Match] = []
    n = len(text)
    pos = 0
    blobs = table.blobs
    wide = table.wide
    for i, ch in enumerate(text):
        if i < pos or not (ch in blobs or ch in wide or (ids and ord(ch) in _IDS_ARITY)):
            continue
        if cuts:
            j = bisect_right(cuts, i)
            limit = cuts[j] if j < len(cuts) else n
        else:
            limit = n
        entry = table.entry(ch)
        if entry is not None:
            keys, lengths = entry
            for length in lengths:
                if i + length <= limit:
                    value = keys.get(text[i : i + length])
                    if value is not None:
                        matches.append((i, length, value))
                        pos = i + length
                        break
            if pos > i:
                continue
        if ch in wide:
            matches.append((i, 1, wide[ch]))
            pos = i + 1
            continue
        if ids and ord(ch) in _IDS_ARITY and ord(ch) not in table.single:
            end = _ids_end(text, i, limit)
            if end > 0:
                matches.append((i, end - i, text[i:end]))
                pos = end
    return matches


def scan(text: str, table: Table, cuts: list[int] | None = None, ids: bool | None = None) -> list[Match]:
    """OpenCC's greedy longest-match scan of `text`, returning the phrase and wide-key matches.

    One-character matches with one-character values are not returned: `apply` does them all
    with ``str.translate``. `cuts` are segment boundaries that no match may cross. `ids` says
    whether the text holds an ideographic description character (looked for when not given).
    """
    if ids is None:
        ids = has_ids(text)
    if not table.blobs and not table.wide and not ids:
        return []
    if len(text) < _SHORT_TEXT:
        return _scan_short(text, table, cuts, ids)
    lens = table.lens
    multi = table.multi
    wide = table.wide
    matches: list[Match] = []
    append = matches.append
    n = len(text)
    pos = 0
    ncuts = len(cuts) if cuts else 0
    if not (ncuts or wide or ids):
        # The common case (s2t, t2s and the like), kept lean.
        get = multi.get
        no_lengths: tuple[int, ...] = ()
        lengths_of = lens.get
        for i in _phrase_candidates(text, table):
            if i < pos:
                continue
            for length in lengths_of(text[i : i + 2], no_lengths):
                end = i + length
                if end <= n:
                    value = get(text[i:end])
                    if value is not None:
                        append((i, length, value))
                        pos = end
                        break
        return matches
    for i in _candidates(text, table, ids):
        if i < pos:
            continue
        if ncuts:
            j = bisect_right(cuts, i)  # type: ignore[arg-type]
            limit = cuts[j] if j < ncuts else n  # type: ignore[index]
        else:
            limit = n
        lengths = lens.get(text[i : i + 2])
        if lengths is not None:
            for length in lengths:
                if i + length <= limit:
                    value = multi.get(text[i : i + length])
                    if value is not None:
                        append((i, length, value))
                        pos = i + length
                        break
            else:
                lengths = None
            if lengths is not None:
                continue
        if wide:
            value = wide.get(text[i])
            if value is not None:
                append((i, 1, value))
                pos = i + 1
                continue
        if ids and ord(text[i]) in _IDS_ARITY and ord(text[i]) not in table.single:
            end = _ids_end(text, i, limit)
            if end > 0:
                append((i, end - i, text[i:end]))
                pos = end
    return matches


def apply(text: str, table: Table, matches: list[Match]) -> str:
    """`text` with `matches` replaced and every other character translated by `table`."""
    translated = table.translate(text)
    if not matches:
        return translated
    parts: list[str] = []
    pos = 0
    for start, length, value in matches:
        parts.append(translated[pos:start])
        parts.append(value)
        pos = start + length
    parts.append(translated[pos:])
    return "".join(parts)


def segment_cuts(text: str, table: Table) -> list[int]:
    """Boundaries of OpenCC's maximum-match segmentation of `text` (starts and ends of matches)."""
    cuts: list[int] = []
    for start, length, _ in scan(text, table):
        if not cuts or cuts[-1] != start:
            cuts.append(start)
        cuts.append(start + length)
    return cuts


def _shift_cuts(cuts: list[int], matches: list[Match]) -> list[int]:
    """Map segment boundaries through `matches` whose values change the length."""
    if not cuts or all(len(v) == length for _, length, v in matches):
        return cuts
    out: list[int] = []
    delta = 0
    k = 0
    nm = len(matches)
    for c in cuts:
        while k < nm and matches[k][0] + matches[k][1] <= c:
            delta += len(matches[k][2]) - matches[k][1]
            k += 1
        out.append(c + delta)
    return out


def _step_edits(text: str, table: Table, matches: list[Match], kind: str, reason: str) -> list[Edit]:
    """One `Edit` per changed phrase or character of one step (for the change record)."""
    char_kind, phrase_kind = f"{kind}-char", f"{kind}-phrase"
    new = tuple.__new__  # builds each Edit (a named tuple) in C
    translated = table.translate(text)
    # Characters the one-character map changes (found by comparing in C), outside the matches.
    changed = list(compress(count(), map(ne, text, translated))) if translated is not text else []
    edits: list[Edit] = []
    k = 0
    for start, length, value in matches:
        j = bisect_left(changed, start, k)
        edits.extend([new(Edit, (i, i + 1, translated[i], char_kind, reason)) for i in changed[k:j]])
        if text[start : start + length] != value:
            edits.append(new(Edit, (start, start + length, value, phrase_kind if length > 1 else char_kind, reason)))
        k = bisect_left(changed, start + length, j)
    edits.extend([new(Edit, (i, i + 1, translated[i], char_kind, reason)) for i in changed[k:]])
    return edits


class Converter:
    """One OpenCC config, built into `Table`s: ``Converter.get("s2t").convert(text)``."""

    _cache: ClassVar[dict[str, Converter]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, spec: ConfigSpec) -> None:
        self.name = spec.name
        self.normalization = [Table.build(flatten(s)) for s in spec.normalization]
        self.segmentation = (
            Table.build(flatten(spec.segmentation), keep_identity_singles=True) if spec.segmentation else None
        )
        self.chain = [Table.build(flatten(s)) for s in spec.chain]

    @classmethod
    def get(cls, name: str) -> Converter:
        """The converter for config `name`, built once per process (thread-safe)."""
        conv = cls._cache.get(name)
        if conv is not None:
            return conv
        if name in DERIVED:
            base = cls.get(DERIVED[name])
        with cls._lock:
            conv = cls._cache.get(name)
            if conv is None:
                if name in DERIVED:
                    conv = cls.__new__(cls)
                    conv.name = name
                    conv.normalization = base.normalization
                    conv.segmentation = None
                    conv.chain = base.chain[1:]
                else:
                    from .cache import load_converter

                    conv = load_converter(config_name(name))
                cls._cache[name] = conv
        return conv

    @classmethod
    def build(cls, name: str) -> Converter:
        """Build config `name` from the OpenCC data (no caching)."""
        return cls(config_spec(name))

    def to_state(self) -> tuple[object, ...]:
        """Plain data (dicts, tuples, str) for the `marshal` cache."""
        seg = self.segmentation.to_state() if self.segmentation else None
        return (self.name, [t.to_state() for t in self.normalization], seg, [t.to_state() for t in self.chain])

    @classmethod
    def from_state(cls, state: tuple[object, ...]) -> Converter:
        """Rebuild from `to_state` data."""
        name, norm, seg, chain = state
        conv = cls.__new__(cls)
        conv.name = name  # type: ignore[assignment]
        conv.normalization = [Table.from_state(t) for t in norm]  # type: ignore[attr-defined]
        conv.segmentation = Table.from_state(seg) if seg is not None else None  # type: ignore[arg-type]
        conv.chain = [Table.from_state(t) for t in chain]  # type: ignore[attr-defined]
        return conv

    def convert(self, text: str) -> str:
        """`text` converted as OpenCC converts it with this config."""
        ids = has_ids(text)
        for table in self.normalization:
            text = apply(text, table, scan(text, table, None, ids))
        cuts = segment_cuts(text, self.segmentation) if self.segmentation else None
        last = len(self.chain) - 1
        for k, table in enumerate(self.chain):
            matches = scan(text, table, cuts, ids)
            if cuts and k < last:
                cuts = _shift_cuts(cuts, matches)
            text = apply(text, table, matches)
        return text

    def convert_edits(self, text: str) -> tuple[str, list[Edit]]:
        """Converted text and the `Edit`s on `text` that make it (one per phrase or character).

        The same steps as `convert`, each step's changes found on its own input and composed
        into edits on `text`.
        """
        edits: list[Edit] = []
        current = text
        reason = f"OpenCC {self.name}"

        def step(table: Table, cuts: list[int] | None, kind: str) -> list[Match]:
            nonlocal current, edits
            matches = scan(current, table, cuts)
            found = _step_edits(current, table, matches, kind, reason)
            if found:
                edits = compose(text, edits, found)
                current = apply(current, table, matches)
            return matches

        for table in self.normalization:
            step(table, None, "normalize")
        cuts = segment_cuts(current, self.segmentation) if self.segmentation else None
        last = len(self.chain) - 1
        for k, table in enumerate(self.chain):
            matches = step(table, cuts, "convert")
            if cuts and k < last:
                cuts = _shift_cuts(cuts, matches)
        return current, edits
