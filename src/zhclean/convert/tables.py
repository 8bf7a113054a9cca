"""Flatten OpenCC dictionary groups into one fast lookup table per conversion step.

OpenCC matches a *group* of dictionaries at each position in one of two ways:

- ``union``: the longest key of any member wins;
- ``short_circuit`` (the default): the first member that has any match wins, with its longest key.

Both reduce to one dictionary searched for its longest key, which is what makes conversion fast:
for ``union`` take every key (the first member's value on a tie); for ``short_circuit`` also drop
every key of a later member that has a proper prefix among the keys of an earlier member. Such a
key can never win, since wherever it matches, the earlier member matches too, and every key that
remains wins exactly where OpenCC's member-by-member search would pick it.

A `Table` then splits the keys by what matching needs: one-character keys with a one-character
value become a ``str.translate`` map (most characters of a text only need this); longer keys are
looked up only where the text holds their first two characters (`Table.lens`), so the scanner
only tries phrases at the few positions where one can start.
"""

from __future__ import annotations

import operator
import re
from functools import lru_cache

from .dictionaries import DictSpec, load_dict


def flatten(spec: DictSpec) -> dict[str, str]:
    """One dict, searched by longest key, equivalent to OpenCC's matching on `spec`."""
    if spec.file is not None:
        return load_dict(spec.file)
    members = [flatten(m) for m in spec.members]
    if spec.policy == "union":
        merged: dict[str, str] = {}
        for member in members:
            for key, value in member.items():
                merged.setdefault(key, value)
        return merged
    # short_circuit: an earlier member's key shadows every later key it is a proper prefix of.
    result: dict[str, str] = {}
    earlier: set[str] = set()
    earlier_max = 0
    for member in members:
        for key, value in member.items():
            if key in result:
                continue
            if len(key) > 1 and earlier_max and any(
                key[:n] in earlier for n in range(1, min(len(key), earlier_max + 1))
            ):
                continue
            result[key] = value
        earlier.update(member)
        earlier_max = max(earlier_max, max(map(len, member), default=0))
    return result


class Table:
    """One flattened conversion step, split for fast matching (see the module docstring).

    The phrase part is kept as one string of ``key<TAB>value`` lines per first character
    (`blobs`), which loads from the cache in a few milliseconds; the dicts the scanner needs are
    made from it when first used: per first character for short texts (`entry`), whole for long
    ones (`multi`, `lens`).
    """

    __slots__ = ("_astral", "_codes", "_entries", "_lens", "_multi", "_pair_re", "_single_list", "_single_re",
                 "_single_rows", "_starter_re", "_wide_re", "blobs", "single", "starters", "wide")

    def __init__(self, single: dict[int, str], wide: dict[str, str], blobs: dict[str, str]) -> None:
        self.single = single
        """ord(char) -> replacement, for one-character keys with a one-character value that differs."""
        self.wide = wide
        """One-character keys whose value is not one character (埠 -> 端口); matched like phrases."""
        self.blobs = blobs
        """First character -> ``key<TAB>value`` lines of the keys of 2+ characters starting with it."""
        self.starters = "".join(sorted(set(blobs) | set(wide)))
        """Every character that starts a multi-character or wide key (sorted)."""
        self._multi: dict[str, str] | None = None
        self._lens: dict[str, tuple[int, ...]] | None = None
        self._codes: frozenset[int] | None = None
        self._entries: dict[str, tuple[dict[str, str], tuple[int, ...]]] = {}
        self._starter_re: re.Pattern[str] | None = None
        self._wide_re: re.Pattern[str] | None = None
        self._pair_re: re.Pattern[str] | None = None
        self._single_re: re.Pattern[str] | None = None
        self._single_rows: tuple[bytes, ...] = ()
        self._single_list: list[int | str] | None = None
        self._astral = any(cp > 0xFFFF for cp in single)

    @classmethod
    def build(cls, entries: dict[str, str], *, keep_identity_singles: bool = False) -> Table:
        """Split flattened `entries`; `keep_identity_singles` treats every 1-char key as a match
        (segmentation needs this: a matched key is a segment of its own even if unchanged)."""
        single: dict[int, str] = {}
        wide: dict[str, str] = {}
        lines: dict[str, list[str]] = {}
        for key, value in entries.items():
            if len(key) == 1:
                if keep_identity_singles or len(value) != 1:
                    wide[key] = value
                elif value != key:
                    single[ord(key)] = value
            else:
                lines.setdefault(key[0], []).append(f"{key}\t{value}")
        return cls(single, wide, {c: "\n".join(v) for c, v in lines.items()})

    def to_state(self) -> tuple[dict[int, str], dict[str, str], dict[str, str]]:
        return self.single, self.wide, self.blobs

    @classmethod
    def from_state(cls, state: tuple[dict[int, str], dict[str, str], dict[str, str]]) -> Table:
        return cls(*state)

    def __getstate__(self) -> tuple[dict[int, str], dict[str, str], dict[str, str]]:
        return self.to_state()

    def __setstate__(self, state: tuple[dict[int, str], dict[str, str], dict[str, str]]) -> None:
        self.__init__(*state)  # type: ignore[misc]

    @property
    def multi(self) -> dict[str, str]:
        """Every key of two or more characters -> its value."""
        if self._multi is None:
            lines = "\n".join(self.blobs.values()).split("\n") if self.blobs else []
            self._multi = dict(map(operator.methodcaller("split", "\t"), lines))  # type: ignore[arg-type]
        return self._multi

    @property
    def lens(self) -> dict[str, tuple[int, ...]]:
        """First two characters of a multi-character key -> the lengths of such keys, longest first."""
        if self._lens is None:
            found: dict[str, set[int]] = {}
            for key in self.multi:
                found.setdefault(key[:2], set()).add(len(key))
            self._lens = {k: tuple(sorted(v, reverse=True)) for k, v in found.items()}
        return self._lens

    @property
    def bigram_codes(self) -> frozenset[int]:
        """The first two characters of each multi-character key as ``ord(a) | ord(b) << 16``
        (BMP characters only: what a little-endian UTF-16 text read as 32-bit integers holds)."""
        if self._codes is None:
            self._codes = frozenset(
                ord(k[0]) | ord(k[1]) << 16 for k in self.lens if ord(k[0]) < 0x10000 and ord(k[1]) < 0x10000
            )
        return self._codes

    def entry(self, first: str) -> tuple[dict[str, str], tuple[int, ...]] | None:
        """The keys starting with `first` (-> values) and their lengths, longest first."""
        got = self._entries.get(first)
        if got is None:
            blob = self.blobs.get(first)
            if blob is None:
                return None
            table = dict(map(operator.methodcaller("split", "\t"), blob.split("\n")))
            got = (table, tuple(sorted({len(k) for k in table}, reverse=True)))  # type: ignore[misc]
            self._entries[first] = got  # type: ignore[assignment]
        return got

    def translate(self, text: str) -> str:
        """`text` with every one-character key replaced by its value.

        Long texts go through a list indexed by code point (identity entries for the rest of the
        BMP): ``str.translate`` with a dict raises and clears a KeyError for every character
        that does not change, which made it twice as slow. Characters beyond the BMP fall out
        of the list unchanged, so a table with such keys uses the dict for text that has any.
        """
        if not self.single or not self.may_change(text):
            return text
        if len(text) < _LIST_MIN_TEXT or (self._astral and has_astral(text)):
            return text.translate(self.single)
        if self._single_list is None:
            table: list[int | str] = _bmp_identity().copy()
            for cp, value in self.single.items():
                if cp <= 0xFFFF:
                    table[cp] = value
            self._single_list = table
        return text.translate(self._single_list)

    def may_change(self, text: str) -> bool:
        """False when no one-character key occurs in `text` (checked for small tables, such as the
        CJK compatibility normalisation, so `str.translate` can be skipped).

        The keys of such a table sit in a few rows of 256 code points (U+F900-U+FAFF): a text of
        the BMP whose UTF-16 code units have none of their high bytes holds none of them, which
        `in` tests on those bytes say several times faster than a regex scan of the text.
        """
        if len(self.single) > _SMALL_TABLE:
            return True
        if self._single_re is None:
            self._single_re = _charclass("".join(sorted(map(chr, self.single))))
            rows = sorted({cp >> 8 for cp in self.single if cp <= 0xFFFF})
            self._single_rows = tuple(bytes((row,)) for row in rows) if len(rows) <= _MAX_ROWS else ()
        if self._single_rows:
            data = text.encode("utf-16-be", "surrogatepass")
            if len(data) == 2 * len(text):  # BMP only
                high = data[::2]
                if not any(row in high for row in self._single_rows):
                    return False
        return self._single_re.search(text) is not None

    @property
    def starter_re(self) -> re.Pattern[str]:
        if self._starter_re is None:
            self._starter_re = _charclass(self.starters)
        return self._starter_re

    @property
    def pair_re(self) -> re.Pattern[str]:
        """A first character of a multi-character key followed by a second character of one
        (a superset of the positions where such a key starts)."""
        if self._pair_re is None:
            firsts = _charclass("".join({k[0] for k in self.lens})).pattern
            seconds = _charclass("".join({k[1] for k in self.lens})).pattern
            self._pair_re = re.compile(f"{firsts}(?={seconds})")
        return self._pair_re

    @property
    def wide_re(self) -> re.Pattern[str]:
        if self._wide_re is None:
            self._wide_re = _charclass("".join(sorted(self.wide)))
        return self._wide_re


_SMALL_TABLE = 1500
"""Tables with at most this many one-character keys check for them before translating."""

_MAX_ROWS = 4
"""`Table.may_change` screens by high bytes when a table's BMP keys sit in at most this many rows."""

_LIST_MIN_TEXT = 2000
"""Texts at least this long are translated through a code-point-indexed list (`Table.translate`)."""


def has_astral(text: str) -> bool:
    """True when `text` has a character beyond the BMP (its UTF-16 form is longer than 2 bytes a
    character; encoding is the fastest scan Python has for this)."""
    return len(text.encode("utf-16-le", "surrogatepass")) > 2 * len(text)


@lru_cache(maxsize=1)
def _bmp_identity() -> list[int | str]:
    """Every BMP code point mapped to itself: the base of `Table.translate`'s lists (one set of
    int objects shared by every table)."""
    return list(range(0x10000))


def _charclass(chars: str) -> re.Pattern[str]:
    """A regex matching any of `chars`, written as ranges: `re` keeps characters beyond the BMP
    in a list it scans one by one, so hundreds of them as literals make every search slow."""
    if not chars:
        return re.compile(r"(?!)")
    points = sorted(set(map(ord, chars)))
    parts = []
    first = last = points[0]
    for cp in [*points[1:], -2]:
        if cp == last + 1:
            last = cp
            continue
        parts.append(re.escape(chr(first)) if first == last else f"{re.escape(chr(first))}-{re.escape(chr(last))}")
        first = last = cp
    return re.compile("[" + "".join(parts) + "]")
