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
value become a ``str.translate`` map (most characters of a text only need this), longer keys sit
in a dict indexed by their first two characters, so the scanner only looks up phrases at the few
positions where a phrase can start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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


@dataclass(eq=False)
class Table:
    """One flattened conversion step, split for fast matching (see the module docstring)."""

    single: dict[int, str] = field(default_factory=dict)
    """ord(char) -> replacement, for one-character keys with a one-character value that differs."""
    wide: dict[str, str] = field(default_factory=dict)
    """One-character keys whose value is not one character (e.g. 埠 -> 端口); matched like phrases."""
    multi: dict[str, str] = field(default_factory=dict)
    """Keys of two or more characters."""
    lens: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """First two characters of a multi-character key -> the lengths of such keys, longest first."""
    starters: str = ""
    """Every character that starts a multi-character or wide key (sorted)."""
    _starter_re: re.Pattern[str] | None = field(default=None, repr=False)
    _wide_re: re.Pattern[str] | None = field(default=None, repr=False)
    _single_re: re.Pattern[str] | None = field(default=None, repr=False)

    @classmethod
    def build(cls, entries: dict[str, str], *, keep_identity_singles: bool = False) -> Table:
        """Split flattened `entries`; `keep_identity_singles` treats every 1-char key as a match
        (segmentation needs this: a matched key is a segment of its own even if unchanged)."""
        single: dict[int, str] = {}
        wide: dict[str, str] = {}
        multi: dict[str, str] = {}
        lens: dict[str, set[int]] = {}
        for key, value in entries.items():
            if len(key) == 1:
                if keep_identity_singles or len(value) != 1:
                    wide[key] = value
                elif value != key:
                    single[ord(key)] = value
            else:
                multi[key] = value
                lens.setdefault(key[:2], set()).add(len(key))
        starters = "".join(sorted({k[0] for k in multi} | set(wide)))
        return cls(
            single=single,
            wide=wide,
            multi=multi,
            lens={k: tuple(sorted(v, reverse=True)) for k, v in lens.items()},
            starters=starters,
        )

    def may_change(self, text: str) -> bool:
        """False when no one-character key occurs in `text` (checked by regex for small tables,
        such as the CJK compatibility normalisation, so `str.translate` can be skipped)."""
        if len(self.single) > _SMALL_TABLE:
            return True
        if self._single_re is None:
            self._single_re = _charclass("".join(sorted(map(chr, self.single))))
        return self._single_re.search(text) is not None

    @property
    def starter_re(self) -> re.Pattern[str]:
        if self._starter_re is None:
            self._starter_re = _charclass(self.starters)
        return self._starter_re

    @property
    def wide_re(self) -> re.Pattern[str]:
        if self._wide_re is None:
            self._wide_re = _charclass("".join(sorted(self.wide)))
        return self._wide_re

    def __getstate__(self) -> dict[str, object]:
        return {"single": self.single, "wide": self.wide, "multi": self.multi, "lens": self.lens,
                "starters": self.starters}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._starter_re = None
        self._wide_re = None
        self._single_re = None


_SMALL_TABLE = 1500
"""Tables with at most this many one-character keys check for them before translating."""


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
