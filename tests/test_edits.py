"""Edits: applying, sorting, composing passes and mapping offsets back to the input."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from zhclean.edits import Edit, OffsetMap, apply_edits, compose, sort_edits

TEXTS = st.text(alphabet="ab中文\n ", max_size=30)


@st.composite
def text_and_edits(draw: st.DrawFn, text: str | None = None, max_cuts: int = 8) -> tuple[str, list[Edit]]:
    """A text and sorted, non-overlapping edits on it (insertions, deletions, replacements)."""
    if text is None:
        text = draw(TEXTS)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=max_cuts)))
    edits: list[Edit] = []
    pos = 0
    for i in range(0, len(cuts) - 1, 2):
        start, end = max(cuts[i], pos), cuts[i + 1]
        if start > end:
            continue
        after = draw(st.text(alphabet="XYZ", max_size=3))
        if start == end and not after:
            continue
        if start == end and edits and edits[-1].start == edits[-1].end == start:
            continue  # two insertions at one spot would be ambiguous in order
        edits.append(Edit(start, end, after, draw(st.sampled_from(["k1", "k2"]))))
        pos = end
    return text, edits


@st.composite
def two_passes(draw: st.DrawFn, max_cuts: int = 8) -> tuple[str, list[Edit], list[Edit]]:
    text, first = draw(text_and_edits(max_cuts=max_cuts))
    _, second = draw(text_and_edits(apply_edits(text, first), max_cuts=max_cuts))
    return text, first, second


def test_apply_edits_examples() -> None:
    text = "发布时间:2024\r\n正文"
    edits = [Edit(9, 11, "\n", "newline"), Edit(13, 13, "。", "insert")]
    assert apply_edits(text, edits) == "发布时间:2024\n正文。"
    assert apply_edits(text, []) == text
    assert apply_edits("abc", [Edit(0, 3, "", "delete")]) == ""


def test_sort_edits_orders_and_drops_overlaps() -> None:
    a, b, c = Edit(5, 7, "x", "k"), Edit(0, 2, "y", "k"), Edit(1, 3, "z", "k")
    assert sort_edits([a, b, c]) == [b, a]
    assert sort_edits([]) == []


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 5)), max_size=10))
def test_sort_edits_property(spans: list[tuple[int, int]]) -> None:
    edits = [Edit(s, s + n, "x", "k") for s, n in spans]
    out = sort_edits(edits)
    assert all(e in edits for e in out)
    for prev, nxt in itertools.pairwise(out):
        assert (prev.start, prev.end) <= (nxt.start, nxt.end)
        assert prev.end <= nxt.start
    # Dropped edits overlap a kept one.
    for e in edits:
        if e not in out:
            assert any(max(e.start, k.start) < min(e.end, k.end) or k.start <= e.start < k.end for k in out)
    assert sort_edits(out) == out


@settings(max_examples=300, deadline=None)
@given(two_passes())
def test_compose_equals_sequential_application(case: tuple[str, list[Edit], list[Edit]]) -> None:
    text, first, second = case
    merged = compose(text, first, second)
    assert apply_edits(text, merged) == apply_edits(apply_edits(text, first), second)
    # The result is itself a valid edit list on `text`: sorted, non-overlapping, in bounds.
    for prev, nxt in itertools.pairwise(merged):
        assert prev.end <= nxt.start
    assert all(0 <= e.start <= e.end <= len(text) for e in merged)


@settings(max_examples=200, deadline=None)
@given(two_passes(), st.data())
def test_compose_is_associative_in_effect(case: tuple[str, list[Edit], list[Edit]], data: st.DataObject) -> None:
    text, first, second = case
    text2 = apply_edits(apply_edits(text, first), second)
    _, third = data.draw(text_and_edits(text2))
    left = compose(text, compose(text, first, second), third)
    assert apply_edits(text, left) == apply_edits(text2, third)


@settings(max_examples=400, deadline=None)
@given(st.one_of(two_passes(), two_passes(max_cuts=30)))
def test_compose_equals_the_plain_algorithm(case: tuple[str, list[Edit], list[Edit]]) -> None:
    """compose's fast paths (second-pass edits clear of the first pass shifted back in runs, a
    region alone in its group kept or shifted) give exactly what grouping every region and
    rebuilding each group gives: same spans, texts, kinds and reasons, in the same order."""
    text, first, second = case
    assert compose(text, first, second) == reference_compose(text, first, second)


def test_compose_many_edits_around_a_few() -> None:
    """The usual repair case: one earlier edit and many later ones before, around and after it."""
    text = "甲(jiǎ)乙(yǐ)丙丁戊(wù)己" * 3
    first = [Edit(8, 10, "XYZ", "misaligned"), Edit(20, 20, "+", "insert")]
    text1 = apply_edits(text, first)
    second = [Edit(m, m + 4 + (text1[m + 4] == ")"), "", "pinyin") for m in range(len(text1)) if text1[m] == "("]
    second = [e for e in second if text1[e.end - 1] == ")"]
    assert len(second) > 4
    merged = compose(text, first, second)
    assert merged == reference_compose(text, first, second)
    assert apply_edits(text, merged) == apply_edits(text1, second)


def reference_compose(text: str, first: Sequence[Edit], second: Sequence[Edit]) -> list[Edit]:
    """The plain compose: sort every region, group overlapping ones, rebuild each group."""
    if not second:
        return list(first)
    if not first:
        return list(second)
    text1 = apply_edits(text, first)
    omap = OffsetMap(first)
    # Regions in text1 coordinates: (start, end, is_second, edit).
    regions: list[tuple[int, int, bool, Edit]] = []
    delta = 0
    for e in first:
        s = e.start + delta
        regions.append((s, s + len(e.after), False, e))
        delta += len(e.after) - (e.end - e.start)
    regions.extend((e.start, e.end, True, e) for e in second)
    regions.sort(key=lambda r: (r[0], r[1], r[2]))

    # Group regions that overlap (an insertion strictly inside a span counts): one sweep, the
    # group's end kept as it grows.
    groups: list[list[tuple[int, int, bool, Edit]]] = []
    g_start = g_end = 0
    for r in regions:
        b1, b2 = r[0], r[1]
        if groups and (
            max(g_start, b1) < min(g_end, b2)
            or (b1 == b2 and g_start < b1 < g_end)
            or (g_start == g_end and b1 < g_start < b2)
        ):
            groups[-1].append(r)
            if b2 > g_end:
                g_end = b2
            continue
        groups.append([r])
        g_start, g_end = b1, b2

    out: list[Edit] = []
    for g in groups:
        seconds = [r[3] for r in g if r[2]]
        if not seconds:
            out.extend(r[3] for r in g)
            continue
        g1 = min(r[0] for r in g)
        g2 = max(r[1] for r in g)
        inner = [
            Edit(e.start - g1, e.end - g1, e.after, e.kind, e.reason)
            for e in sorted(seconds, key=lambda e: (e.start, e.end))
        ]
        after = apply_edits(text1[g1:g2], inner)
        start = omap.to_input(g1)
        end = max(start, omap.to_input(g2, end=True))
        last = seconds[-1]
        out.append(Edit(start, end, after, last.kind, last.reason))
    out.sort(key=lambda e: (e.start, e.end))
    return out


def test_compose_merges_overlapping_kinds() -> None:
    text = "a&amp;nbsp;b"
    first = [Edit(1, 11, "&nbsp;", "html-entity")]
    second = [Edit(1, 7, " ", "nbsp")]
    assert compose(text, first, second) == [Edit(1, 11, " ", "nbsp")]
    assert compose(text, first, []) == first
    assert compose(text, [], second) == second


@settings(max_examples=300, deadline=None)
@given(text_and_edits())
def test_offset_map_stays_in_bounds_and_monotone(case: tuple[str, list[Edit]]) -> None:
    text, edits = case
    out = apply_edits(text, edits)
    omap = OffsetMap(edits)
    starts = [omap.to_input(p) for p in range(len(out) + 1)]
    ends = [omap.to_input(p, end=True) for p in range(len(out) + 1)]
    # Mapping sorted positions at once (Trace.record's way: a sweep, or runs shifted together
    # when positions outnumber edits) gives the same as one by one.
    positions = list(range(len(out) + 1))
    assert omap.to_input_sorted(positions) == omap._by_segments(positions, False) == starts
    assert omap.to_input_sorted(positions, end=True) == omap._by_segments(positions, True) == ends
    few = positions[::7]
    assert omap.to_input_sorted(few) == starts[::7] and omap.to_input_sorted(few, end=True) == ends[::7]
    one = positions[-1:]
    assert omap.to_input_sorted(one) == starts[-1:] and omap.to_input_sorted(one, end=True) == ends[-1:]
    assert all(0 <= p <= len(text) for p in starts + ends)
    assert starts == sorted(starts) and ends == sorted(ends)
    # Text untouched by any edit maps back to the same characters.
    delta = 0
    prev_end = 0
    for e in [*edits, Edit(len(text), len(text), "", "end")]:
        for i in range(prev_end, e.start):
            assert text[omap.to_input(i + delta)] == out[i + delta] == text[i]
        delta += len(e.after) - (e.end - e.start)
        prev_end = e.end


@settings(max_examples=200, deadline=None)
@given(text_and_edits())
def test_offset_map_of_deletions_maps_as_the_general_one(case: tuple[str, list[Edit]]) -> None:
    # Deletions only (pinyin annotations) take a shorter way to the output positions; an
    # insertion at the very end sends the same edits the general way.
    text, edits = case
    deletions = [e._replace(after="") for e in edits if e.start < e.end]
    out = apply_edits(text, deletions)
    quick = OffsetMap(deletions)
    general = OffsetMap([*deletions, Edit(len(text), len(text), "X", "insert")])
    for end in (False, True):
        assert [quick.to_input(p, end=end) for p in range(len(out) + 1)] == [
            general.to_input(p, end=end) for p in range(len(out) + 1)
        ]


def test_offset_map_examples() -> None:
    # "ab\r\ncd" -> "ab\ncd": the "\n" maps back to the "\r\n" span.
    omap = OffsetMap([Edit(2, 4, "\n", "newline")])
    assert (omap.to_input(2), omap.to_input(3, end=True)) == (2, 4)
    assert omap.to_input(3) == 4  # "c"
    omap = OffsetMap([Edit(1, 3, "", "delete")])  # "abcd" -> "ad"
    assert omap.to_input(1) == 3 and omap.to_input(1, end=True) == 1


def test_offset_map_sorted_lookup_strategies_agree() -> None:
    """Many edits and a few positions (binary search each), few edits and many positions (runs
    shifted together), and in between (one sweep) all map as `to_input` does."""
    text = "ab" * 60
    edits = [Edit(i, i + 1, "XYZ"[: i % 4], "k") for i in range(0, len(text), 2)]
    omap = OffsetMap(edits)
    out = apply_edits(text, edits)
    for step in (1, 3, 40):
        positions = list(range(0, len(out) + 1, step))
        for end in (False, True):
            assert omap.to_input_sorted(positions, end=end) == [omap.to_input(p, end=end) for p in positions]
