"""Script detection on the seeds, on edge cases, and as properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhclean import detect_script
from zhclean.script import char_tables

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))


@pytest.mark.parametrize(("index", "label"), [(0, "simplified"), (1, "simplified"), (2, "simplified"),
                                              (3, "traditional"), (4, "traditional")])
def test_seeds(index: int, label: str) -> None:
    info = detect_script(SEEDS[index].read_text(encoding="utf-8"))
    assert info.label == label
    if label == "traditional":
        # A naive converter's leftovers: counted, but too few to call the document mixed.
        assert 0 < info.simplified_chars < 0.05 * info.traditional_chars
        assert info.traditional > 0.95
    else:
        assert info.traditional_chars == 0 and info.simplified == 1.0


def test_seed_003_leftovers_are_found_per_paragraph() -> None:
    text = SEEDS[3].read_text(encoding="utf-8")
    info = detect_script(text)
    with_leftovers = [p for p in info.paragraphs if p.simplified_chars]
    assert with_leftovers
    assert any("并" in text[p.start : p.end] for p in with_leftovers)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("发展经济", "simplified"),
        ("發展經濟", "traditional"),
        ("中文", "unknown"),
        ("hello, world", "unknown"),
        ("", "unknown"),
        ("这是簡體和繁體", "mixed"),
        ("群眾", "traditional"),  # 群 is Taiwan's standard form, not a Simplified-only character
    ],
)
def test_labels(text: str, label: str) -> None:
    assert detect_script(text).label == label


def test_paragraphs_and_offsets() -> None:
    text = "这是简体\n\n這是繁體\nabc"
    info = detect_script(text)
    assert [p.label for p in info.paragraphs] == ["simplified", "traditional", "unknown"]
    assert [text[p.start : p.end] for p in info.paragraphs] == ["这是简体", "這是繁體", "abc"]
    assert info.label == "mixed"
    assert info.han == 8


def test_character_tables() -> None:
    tables = char_tables()
    assert {"这", "发", "关", "并"} <= tables.simplified_only
    assert {"這", "發", "關", "並"} <= tables.traditional_only
    assert not tables.simplified_only & tables.traditional_only
    assert {"干", "于", "里"} <= tables.fixable
    assert "台" not in tables.fixable and "群" not in tables.simplified_only


@settings(deadline=None, max_examples=100)
@given(st.text(max_size=60))
def test_detect_never_raises_and_shares_add_up(text: str) -> None:
    info = detect_script(text)
    assert info.label in ("simplified", "traditional", "mixed", "unknown")
    assert 0.0 <= info.simplified <= 1.0 and 0.0 <= info.traditional <= 1.0
    if info.label == "unknown":
        assert info.simplified == info.traditional == 0.0
    else:
        assert abs(info.simplified + info.traditional - 1.0) < 1e-9
    assert sum(p.simplified_chars for p in info.paragraphs) == info.simplified_chars


@pytest.mark.parametrize("index", [0, 3])
def test_long_and_short_texts_are_counted_alike(index: int) -> None:
    """Long texts are counted through a class table, short ones character by character."""
    text = SEEDS[index].read_text(encoding="utf-8")
    whole = detect_script(text).paragraphs
    assert len(text) > 2000 and whole
    for p in whole:
        line = text[p.start : p.end]
        alone = detect_script(line).paragraphs[0]
        assert (alone.simplified_chars, alone.traditional_chars, alone.han) == (
            p.simplified_chars, p.traditional_chars, p.han
        )
