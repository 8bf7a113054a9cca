"""Edits: how a step describes what it changes, and how offsets survive a chain of steps.

Every step finds a list of `Edit`s on its input text (non-overlapping spans with a replacement, a
kind and a reason) instead of rewriting the text blindly. `apply_edits` builds the step's output,
and an `OffsetMap` maps positions in that output back to the step's input, so the pipeline can
give every `Change` offsets into the text the user passed in, however many steps ran before.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate, repeat
from operator import add, itemgetter, le, sub
from typing import NamedTuple


class Edit(NamedTuple):
    """Replace ``text[start:end]`` with `after`; `kind` names the fix, `reason` says why.

    An immutable named tuple rather than a frozen dataclass: steps make hundreds of thousands of
    them on a large corpus, and a named tuple is built four times faster.
    """

    start: int
    end: int
    after: str
    kind: str
    reason: str = ""


def sort_edits(edits: Iterable[Edit]) -> list[Edit]:
    """Sort edits by position and drop any that overlap an earlier one (first wins)."""
    out: list[Edit] = []
    last_end = -1
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < last_end:
            continue
        out.append(e)
        last_end = e.end
    return out


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply sorted, non-overlapping edits to `text` and return the new text."""
    if not edits:
        return text
    parts: list[str] = []
    append = parts.append
    pos = 0
    for start, end, after, _, _ in edits:  # unpacking the named tuples is the fastest access
        append(text[pos:start])
        append(after)
        pos = end
    append(text[pos:])
    return "".join(parts)


class OffsetMap:
    """Maps positions in a step's output back to positions in its input.

    Built from the step's sorted edits. A position inside a replacement maps to the start of the
    replaced span (or its end, for an end offset); positions between edits shift by the running
    length difference.
    """

    __slots__ = ("_in_ends", "_in_starts", "_out_ends", "_out_starts")

    def __init__(self, edits: Sequence[Edit]) -> None:
        # Built in C: an edit's output start is its input start plus the length changes of the
        # edits before it. The columns come from one transposition (tuples: bisect takes them).
        if not edits:
            self._in_starts = self._in_ends = self._out_starts = self._out_ends = ()
            return
        columns = tuple(zip(*edits, strict=False))  # (a plain 3-tuple edit is enough)
        in_starts, in_ends, afters = columns[0], columns[1], columns[2]
        self._in_starts, self._in_ends = in_starts, in_ends
        if not any(afters):  # deletions only (pinyin annotations, removed lines)
            removed = accumulate(map(sub, in_ends, in_starts), initial=0)
            self._out_starts = self._out_ends = list(map(sub, in_starts, removed))
            return
        lengths = list(map(len, afters))
        shifts = accumulate(map(sub, lengths, map(sub, in_ends, in_starts)), initial=0)
        self._out_starts = out_starts = list(map(add, in_starts, shifts))
        self._out_ends = list(map(add, out_starts, lengths))

    def to_input(self, pos: int, *, end: bool = False) -> int:
        """Return the input position of output position `pos` (`end`: it closes a span)."""
        i = (bisect_left if end else bisect_right)(self._out_starts, pos) - 1
        if i < 0:
            return pos
        if pos >= self._out_ends[i]:
            return self._in_ends[i] + (pos - self._out_ends[i])
        return self._in_ends[i] if end else self._in_starts[i]

    def to_input_sorted(self, positions: Sequence[int], *, end: bool = False) -> list[int]:
        """`to_input` of each of `positions`, which must be in ascending order."""
        if len(positions) > 4 * len(self._out_starts):
            return self._by_segments(positions, end)
        out_starts, out_ends, in_starts, in_ends = self._out_starts, self._out_ends, self._in_starts, self._in_ends
        if 3 * len(positions) < 2 * len(out_starts):  # fewer positions: binary search each (`to_input`)
            find = bisect_left if end else bisect_right
            inside = in_ends if end else in_starts
            found: list[int] = []
            i = 0
            for pos in positions:
                i = find(out_starts, pos, i)  # edits whose output starts before `pos` (or at it)
                if not i:
                    found.append(pos)
                elif pos >= out_ends[i - 1]:
                    found.append(in_ends[i - 1] + (pos - out_ends[i - 1]))
                else:
                    found.append(inside[i - 1])
            return found
        n = len(out_starts)
        i = 0  # edits whose output starts before `pos` (at or before, for a start offset)
        out: list[int] = []
        append = out.append
        for pos in positions:  # one sweep over both sorted lists
            if end:
                while i < n and out_starts[i] < pos:
                    i += 1
            else:
                while i < n and out_starts[i] <= pos:
                    i += 1
            if not i:
                append(pos)
            elif pos >= out_ends[i - 1]:
                append(in_ends[i - 1] + (pos - out_ends[i - 1]))
            else:
                append(in_ends[i - 1] if end else in_starts[i - 1])
        return out

    def _by_segments(self, positions: Sequence[int], end: bool) -> list[int]:
        """`to_input_sorted` for many positions and few edits: the positions between two edits
        all shift by the same amount, so each run of them is shifted in C."""
        out: list[int] = []
        j = 0
        shift = 0
        before = bisect_right if end else bisect_left  # positions governed by the previous edit
        for out_start, out_end, in_start, in_end in zip(
            self._out_starts, self._out_ends, self._in_starts, self._in_ends, strict=True
        ):
            k = before(positions, out_start, j)
            out.extend(map(add, positions[j:k], repeat(shift)) if shift else positions[j:k])
            j = bisect_left(positions, out_end, k)  # inside the replacement: the span's start/end
            out.extend(repeat(in_end if end else in_start, j - k))
            shift = in_end - out_end
        out.extend(map(add, positions[j:], repeat(shift)) if shift else positions[j:])
        return out


def compose(text: str, first: Sequence[Edit], second: Sequence[Edit]) -> list[Edit]:
    """Edits on `text` equal to applying `first`, then `second` (whose offsets are on the result).

    Lets a step run several passes and still report one list of edits on its own input. Where a
    second-pass edit overlaps first-pass edits, they merge into one edit that takes the later
    kind and reason; first-pass edits that nothing touched stay as they are.
    """
    if not second:
        return list(first)
    if not first:
        return list(second)
    starts = list(map(_first_item, second))
    ends = list(map(_second_item, second))
    if all(map(le, starts, ends)) and all(map(le, ends, starts[1:])):  # sorted and apart, as steps give them
        return _compose_apart(text, first, second, starts, ends)
    return _compose_groups(text, first, second)


def _compose_apart(
    text: str, first: Sequence[Edit], second: Sequence[Edit], starts: list[int], ends: list[int]
) -> list[Edit]:
    """`compose` when the second-pass edits are sorted and none touches another.

    A second-pass edit clear of every first-pass edit (not even touching one) is only shifted
    back by the first-pass edits before it: a whole run of them between two first-pass edits
    at once, by the same amount. The few that touch a first-pass edit go through the grouping.
    """
    near: list[Edit] = []
    out: list[Edit] = []
    pos = 0  # second-pass edits before this index are placed
    shift = 0  # input position minus text1 position after the first-pass edits passed so far
    out_start = 0
    prev_end = 0
    for e in first:
        out_start += e[0] - prev_end
        out_end = out_start + len(e[2])
        lo = bisect_left(ends, out_start, pos)  # from here on, edits end at or after it
        hi = bisect_right(starts, out_end, pos)  # ...and up to here start at or before its end
        if lo > pos:  # clear of this first-pass edit and of the one before
            out.extend(_shifted(second[pos:lo], shift))
            pos = lo
        if hi > pos:
            near.extend(second[pos:hi])
            pos = hi
        shift += (e[1] - e[0]) - len(e[2])
        out_start = out_end
        prev_end = e[1]
    if pos < len(second):
        out.extend(_shifted(second[pos:], shift))
    out.extend(_compose_groups(text, first, near) if near else first)
    out.sort(key=_span)
    return out


def _shifted(edits: Sequence[Edit], shift: int) -> Sequence[Edit]:
    """`edits` moved by `shift` characters."""
    if not shift:
        return edits
    return [_new_edit(Edit, (s + shift, e + shift, after, kind, reason)) for s, e, after, kind, reason in edits]


def _compose_groups(text: str, first: Sequence[Edit], second: Sequence[Edit]) -> list[Edit]:
    """`compose` in general: every region of both passes sorted, overlapping ones grouped."""
    # Regions in text1 coordinates: (start, end, is_second, edit), in that order (a second-pass
    # region after a first-pass one at the same place).
    regions: list[tuple[int, int, bool, Edit]] = []
    append = regions.append
    delta = 0
    for e in first:
        s = e[0] + delta
        n = len(e[2])
        append((s, s + n, False, e))
        delta += n - (e[1] - e[0])
    if len(second) > 1 and not all(map(le, map(_span, second), map(_span, second[1:]))):
        second = sorted(second, key=_span)  # not sorted as steps give them: as the merge needs
    regions.extend([(e[0], e[1], True, e) for e in second])
    regions.sort(key=_region_key)  # two sorted runs: one merge

    # Group regions that overlap (an insertion strictly inside a span counts): one sweep, the
    # group's end kept as it grows. Most groups are one region: a first-pass edit nothing
    # touched (kept as it is) or a second-pass edit clear of the first pass (shifted back).
    out: list[Edit] = []
    text1: str | None = None
    omap: OffsetMap | None = None
    i = 0
    n = len(regions)
    while i < n:
        g_start, g_end, is_second, e = regions[i]
        j = i + 1
        while j < n:
            b1, b2 = regions[j][0], regions[j][1]
            if (
                max(g_start, b1) < min(g_end, b2)
                or (b1 == b2 and g_start < b1 < g_end)
                or (g_start == g_end and b1 < g_start < b2)
            ):
                if b2 > g_end:
                    g_end = b2
                j += 1
            else:
                break
        if j == i + 1:  # one region
            if not is_second:
                out.append(e)
                i = j
                continue
            if omap is None:
                omap = OffsetMap(first)
            start = omap.to_input(g_start)
            end = omap.to_input(g_end, end=True)
            out.append(_new_edit(Edit, (start, end if end > start else start, e[2], e[3], e[4])))
            i = j
            continue
        group = regions[i:j]
        i = j
        seconds = [r[3] for r in group if r[2]]
        if not seconds:
            out.extend(r[3] for r in group)
            continue
        if text1 is None:
            text1 = apply_edits(text, first)
        if omap is None:
            omap = OffsetMap(first)
        g1 = min(r[0] for r in group)
        g2 = max(r[1] for r in group)
        inner = [
            Edit(e.start - g1, e.end - g1, e.after, e.kind, e.reason)
            for e in sorted(seconds, key=lambda e: (e.start, e.end))
        ]
        after = apply_edits(text1[g1:g2], inner)
        start = omap.to_input(g1)
        end = max(start, omap.to_input(g2, end=True))
        last = seconds[-1]
        out.append(Edit(start, end, after, last.kind, last.reason))
    out.sort(key=_span)
    return out


_span = itemgetter(0, 1)
_first_item = itemgetter(0)
_second_item = itemgetter(1)
_third_item = itemgetter(2)
_region_key = itemgetter(0, 1, 2)
_new_edit = tuple.__new__
