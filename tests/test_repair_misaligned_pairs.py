"""The document's pair counts of the misaligned-span search (`_DocPairs`), read lazily per
character, answer every question as a Counter of all the window's adjacent Han pairs does."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from zhclean.repair.misaligned import _HAN_PAIR, _doc_pairs, _more, _neighbours, _script_res

# Repeated Han characters (overlapping runs: `謝謝謝` holds `謝謝` twice), a Han character outside
# the BMP (not counted by the pair pattern), punctuation, ASCII, a line break.
ALPHABET = "謝三省市層面更大支持𠀀，。(?)aM\n"
CHARS = [*sorted(set(ALPHABET)), ""]


@st.composite
def windows(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(st.text(alphabet=st.sampled_from(ALPHABET), max_size=40))
    lo = draw(st.integers(0, len(text)))
    hi = draw(st.integers(lo, len(text) + 3))  # past the end too: clipped like a slice
    return text, lo, hi


def expected(text: str, lo: int, hi: int) -> Counter[str]:
    return Counter(_HAN_PAIR.findall(text[lo:hi]))


@settings(max_examples=200, deadline=None)
@given(windows(), st.lists(st.tuples(st.sampled_from(CHARS), st.sampled_from(CHARS)), max_size=30))
def test_count_answers_like_the_counter(window: tuple[str, int, int], asked: list[tuple[str, str]]) -> None:
    text, lo, hi = window
    want = expected(text, lo, hi)
    pairs = _doc_pairs(text, lo, hi)
    for a, b in asked:  # any order of questions, rows and columns loaded as they come
        assert pairs.count(a, b) == want.get(a + b, 0)
    for a in CHARS:
        for b in CHARS:
            assert pairs.count(a, b) == want.get(a + b, 0)


ACTIONS = st.tuples(st.sampled_from(["row", "col", "load", "load_col", "check"]), st.sampled_from(CHARS))


@settings(max_examples=200, deadline=None)
@given(windows(), st.lists(st.tuples(ACTIONS, st.sampled_from(CHARS))))
def test_loaded_rows_and_columns_are_exact(
    window: tuple[str, int, int], steps: list[tuple[tuple[str, str], str]]
) -> None:
    # The search's hot check is `a + b in counts` after loading `a`'s row or `b`'s column, or
    # checking the pair: it must then say exactly whether the window holds the pair, and
    # `counts` how often.
    text, lo, hi = window
    want = expected(text, lo, hi)
    pairs = _doc_pairs(text, lo, hi)
    rows: set[str] = set()
    cols: set[str] = set()
    checked: set[str] = set()
    for (how, c), other in steps:
        if how == "check":
            pairs.check(c, other)
            checked.add(c + other)
        elif how == "row" and c:
            assert pairs.row(c) == _neighbours(text, c, lo, min(hi, len(text)), 1)
            rows.add(c)
        elif how == "col" and c:
            assert pairs.col(c) == _neighbours(text, c, lo, min(hi, len(text)), -1)
            cols.add(c)
        elif how == "load":
            pairs.load(c)
            rows.add(c)
        elif how == "load_col":
            pairs.load_col(c)
            cols.add(c)
        for a in CHARS:
            for b in CHARS:
                if a in rows or b in cols or a + b in checked:
                    assert (a + b in pairs.counts) == (a + b in want)
                    assert pairs.counts.get(a + b, 0) == want.get(a + b, 0)
    # Nothing is counted that the window does not hold, loaded or not.
    assert all(want[k] == n for k, n in pairs.counts.items())


def test_overlapping_run_counts_every_position() -> None:
    text = "他謝謝謝你，謝謝"
    pairs = _doc_pairs(text)
    assert pairs.count("謝", "謝") == 3 == Counter(_HAN_PAIR.findall(text))["謝謝"]
    assert text.count("謝謝") == 2  # str.count would not do
    edge = _doc_pairs(text, 1, 3)  # a window cut inside the run
    assert edge.count("謝", "謝") == 1
    assert edge.row("謝") == frozenset("謝")
    assert edge.count("他", "謝") == 0  # the window starts after 他


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from("國這说们的a，"), max_size=30))
def test_script_vote_reads_only_what_it_needs(text: str) -> None:
    # `_more` stops reading matches early: it must still answer as the full counts do.
    trad, simp = _script_res()
    assert _more(trad, simp, text) == (len(trad.findall(text)) > len(simp.findall(text)))
    assert _more(simp, trad, text) == (len(simp.findall(text)) > len(trad.findall(text)))
