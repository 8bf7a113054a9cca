"""Unrecoverable damage: 锟斤拷, 烫烫烫, 屯屯屯, runs of U+FFFD, removed, marked or kept, always recorded."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import damage
from zhclean import clean
from zhclean.config import Config
from zhclean.edits import apply_edits
from zhclean.repair import repair, repair_edits
from zhclean.repair.garbage import MARK, garbage_edits


@pytest.mark.parametrize("junk", damage.GARBAGE)
def test_each_pattern_is_removed(junk: str) -> None:
    text = "手机" + junk + "号码"
    (edit,) = garbage_edits(text, Config())
    assert (edit.start, edit.end, edit.after, edit.kind) == (2, 2 + len(junk), "", "unrecoverable")
    assert repair(text) == "手机号码"


MODES = [("remove", "手机号码"), ("mark", f"手机{MARK}号码"), ("keep", "手机锟斤拷号码")]


@pytest.mark.parametrize(("mode", "expected"), MODES)
def test_modes(mode: str, expected: str) -> None:
    text = "手机锟斤拷号码"
    edits = repair_edits(text, Config(unrecoverable=mode))
    assert apply_edits(text, edits) == expected
    assert [e.kind for e in edits] == ["unrecoverable"]  # recorded in every mode
    assert "锟斤拷" in edits[0].reason


def test_keep_mode_is_reported_by_the_pipeline() -> None:
    doc = clean("手机锟斤拷号码", unrecoverable="keep")
    assert doc.text == "手机锟斤拷号码"
    (change,) = [c for c in doc.changes if c.step == "repair"]
    assert (change.before, change.after, change.start, change.end) == ("锟斤拷", "锟斤拷", 2, 5)


def test_mark_is_idempotent() -> None:
    once = repair("前\ufffd\ufffd\ufffd后", unrecoverable="mark")
    assert once == f"前{MARK}后"
    assert garbage_edits(once, Config(unrecoverable="mark")) == []


@pytest.mark.parametrize("text", ["烫烫的汤", "屯屯兵", "锟铻", "热烫烫"])
def test_real_words_stay(text: str) -> None:
    assert garbage_edits(text, Config()) == []


@settings(max_examples=40, deadline=None)
@given(damage.chinese_text("mixed"), st.sampled_from(damage.GARBAGE), st.floats(0, 1))
def test_removing_inserted_garbage_gives_the_text_back(text: str, junk: str, at: float) -> None:
    assert repair(damage.insert(text, junk, at)) == text


def test_clean_seeds_have_no_garbage() -> None:
    for line in damage.seed_lines():
        assert garbage_edits(line, Config()) == []
