"""Pinyin annotations left by conversion proxies (zhclean.repair.pinyin)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhclean.edits import Edit, apply_edits
from zhclean.repair._tables import is_traditional_only
from zhclean.repair.pinyin import pinyin_edits, pinyin_repaired, readings, strip_tone

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
TONED = re.compile(r"\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\)")


def strip(text: str) -> str:
    return apply_edits(text, pinyin_edits(text))


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


# (label, input, expected)
CASES = [
    ("seed 003 title", "黨政領(lǐng)導(dǎo)座談會暨一體化高質(zhì)量發(fā)展", "黨政領導座談會暨一體化高質量發展"),
    ("heteronym: table reading, not the word's", "全力打造協(xié)調(diào)發(fā)展", "全力打造協調發展"),
    ("after a damaged character", "三?。ㄊ校用娓笾С郑M(jìn)一步領(lǐng)導(dǎo)", "三?。ㄊ校用娓笾С郑M一步領導"),
    ("damaged char, no other evidence", "M(jìn)一步", "M(jìn)一步"),
    ("toneless repeated", "我的(de)(de)(de)朋友", "我的朋友"),
    ("toneless single with repeated elsewhere", "我的(de)(de)書和你的(de)書", "我的書和你的書"),
    ("lone toneless (ma)", "你好嗎(ma)?", "你好嗎(ma)?"),
    ("city note", "三省(市)層面", "三省(市)層面"),
    ("Latin brand", "HICOOL產業園(HICOOL)", "HICOOL產業園(HICOOL)"),
    ("years", "規劃(2023-2035年)》", "規劃(2023-2035年)》"),
    ("name", "王先生(Wang)說", "王先生(Wang)說"),
    ("acronym", "人工智能(AI)", "人工智能(AI)"),
    ("multi-syllable gloss", "饺子(jiǎozi)很好吃", "饺子(jiǎozi)很好吃"),
    ("teaching note on a shared character", "行(xíng)走", "行(xíng)走"),
    ("wrong reading, no evidence", "領(mǎ)導", "領(mǎ)導"),
    ("differing syllables", "領(lǐng)(dǎo)", "領(lǐng)(dǎo)"),
    ("at the very start: no character", "(lǐng)領(lǐng)導(dǎo)", "(lǐng)領導"),
    ("run at the very start", "(de)(de)我的(de)(de)朋友", "(de)(de)我的朋友"),
    ("two at the start, one later", "(lǐng)(lǐng)導(dǎo)領(lǐng)", "(lǐng)(lǐng)導領"),
]


@pytest.mark.parametrize(("label", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_cases(label: str, text: str, expected: str) -> None:
    assert strip(text) == expected


def test_seed_003_counts() -> None:
    text = seed("003")
    edits = pinyin_edits(text)
    verified = [e for e in edits if "damaged" not in e.reason]
    damaged = [e for e in edits if "damaged" in e.reason]
    # 283 readings the table confirms, plus `M(jìn)` after the damaged 進: 284 annotations in all.
    assert len(verified) == 283
    assert [text[e.start - 1 : e.end] for e in damaged] == ["M(jìn)"]
    out = apply_edits(text, edits)
    assert not TONED.search(out)
    assert out.count("(") == text.count("(") - 284
    assert "(2023-2035年)" in out
    assert all(e.kind == "pinyin-annotation" and e.after == "" for e in edits)


def test_seed_004_counts() -> None:
    text = seed("004")
    edits = pinyin_edits(text)
    assert len(edits) == 176
    out = apply_edits(text, edits)
    assert not TONED.search(out)
    assert "(以下簡稱“偉通柔顯公司”)" in out and "(責任編輯:曹曉晨)" in out
    assert out.count("(") == text.count("(") - 176


@pytest.mark.parametrize("prefix", ["000", "001", "002"])
def test_clean_seeds_untouched(prefix: str) -> None:
    assert pinyin_edits(seed(prefix)) == []


def test_readings_and_tones() -> None:
    assert "tiáo" in readings("調") and "diào" in readings("調")
    assert strip_tone("lǜ") == "lü" and strip_tone("zhōng") == "zhong"


# --- properties -----------------------------------------------------------------------------

_SAMPLE = seed("003") + seed("004")
_TRAD = sorted({c for c in _SAMPLE if "\u4e00" <= c <= "\u9fff"})
_PUNCT = list(",。、;:“”《》!?") + list(",:")
_chunks = st.one_of(
    st.text(st.sampled_from(_TRAD), min_size=1, max_size=12),
    st.sampled_from(_PUNCT),
    st.from_regex(r"[0-9]{1,4}", fullmatch=True),
    st.sampled_from(["HICOOL", "LED", "AI", "(市)", "(2023-2035年)", "(AI)", "Wang"]),
)
texts = st.lists(_chunks, min_size=1, max_size=20).map("".join)


def annotate(text: str, every: bool = True) -> str:
    """The proxy's damage: the first table reading after every Traditional-only character."""
    out = []
    for c in text:
        out.append(c)
        if is_traditional_only(c) and readings(c):
            out.append(f"({readings(c)[0]})")
    return "".join(out)


@settings(max_examples=150, deadline=None)
@given(texts)
def test_annotation_round_trip(text: str) -> None:
    # With the proxy's pattern in the document (two toned annotations), every annotation goes.
    text = "黨政領導," + text
    assert strip(annotate(text)) == text


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([c for c in _TRAD if is_traditional_only(c) and readings(c)]), texts)
def test_single_toned_annotation_on_traditional_char(ch: str, text: str) -> None:
    reading = next((r for r in readings(ch) if strip_tone(r) != r), None)
    if reading is None:
        return
    clean = text + ch + text
    damaged = text + f"{ch}({reading})" + text
    assert strip(damaged) == clean


@settings(max_examples=150, deadline=None)
@given(texts)
def test_clean_text_untouched(text: str) -> None:
    assert pinyin_edits(text) == []


@settings(max_examples=100, deadline=None)
@given(texts)
def test_idempotent(text: str) -> None:
    once = strip(annotate(text))
    assert strip(once) == once


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_never_crashes(text: str) -> None:
    edits = pinyin_edits(text)
    assert all(0 <= e.start < e.end <= len(text) for e in edits)


_LETTERS = "abdeghilnoruzāáǎàìǐūǔü"
_PLAIN_RUN = re.compile(r"\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]{1,6}\)\()*[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]{1,6}\)")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*_LETTERS, "(", ")", "(", ")", "領", "A", " "]), max_size=60))
def test_possessive_run_pattern_finds_the_plain_patterns_runs(text: str) -> None:
    """`_RUN` (possessive repeats, for speed) matches exactly where the backtracking pattern does."""
    from zhclean.repair.pinyin import _RUN

    assert [m.span() for m in _RUN.finditer(text)] == [m.span() for m in _PLAIN_RUN.finditer(text)]


# --- pinyin_repaired: the split-based scan against a plain match-by-match one -----------------


def _reference_edits(text: str) -> list[Edit]:
    """`pinyin_edits` as first written: each `_RUN` match and the character before it, one by one."""
    from zhclean.repair import pinyin as P

    spans = [m.span() for m in P._RUN.finditer(text)]
    if spans and spans[0][0] == 0:  # nothing before the first annotation: the run starts at the next one
        start, end = text.index(")") + 1, spans[0][1]
        spans[0:1] = [(start, end)] if start != end else []
    found = [(s, e, P._class_of(text[s - 1 : e])) for s, e in spans]
    found = [(s, e, k, why) for s, e, (k, why) in found if k != P._SKIP]
    kinds = [k for _, _, k, _ in found]
    proxy = kinds.count(P._VERIFIED_TRADITIONAL) >= P.MIN_EVIDENCE
    keep = {
        P._VERIFIED: proxy,
        P._VERIFIED_TRADITIONAL: True,
        P._DAMAGED: proxy,
        P._TONELESS: proxy or P._TONELESS_REPEATED in kinds,
        P._TONELESS_REPEATED: True,
    }
    return [Edit(s, e, "", P._KIND, why) for s, e, k, why in found if keep[k]]


_pieces = st.one_of(
    texts,
    st.sampled_from(["(lǐng)", "(dǎo)", "(de)", "(ma)", "(jìn)", "(zhuangx)", "(市)", "(", ")", "M", "的", "領"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_pieces, max_size=14).map("".join))
def test_repaired_matches_reference(text: str) -> None:
    """The text and edits `pinyin_repaired` gives are the reference scan's edits and what they make."""
    for t in (text, annotate(text)):
        fixed, edits = pinyin_repaired(t)
        assert edits == _reference_edits(t)
        assert fixed == apply_edits(t, edits)


@pytest.mark.parametrize(("label", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_repaired_cases(label: str, text: str, expected: str) -> None:
    assert pinyin_repaired(text) == (expected, _reference_edits(text))


def test_repaired_seeds() -> None:
    for prefix in ("003", "004"):
        text = seed(prefix)
        assert pinyin_repaired(text) == (strip(text), _reference_edits(text))
