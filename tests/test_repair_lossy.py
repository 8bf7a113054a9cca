"""Lost bytes of UTF-8 shown as Big5 (zhclean.repair.lossy, through repair.codecs).

The decoder model the module rests on (one U+FFFD per rejected byte, the next byte read again)
is checked against Python's own codecs; then what the filling may and may not do: recover what
the bytes and statistics make clear, leave the rest lost (recorded), never touch clean text.
"""

from __future__ import annotations

import doctest
import importlib
import random
from difflib import SequenceMatcher

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import damage
from zhclean.config import Config
from zhclean.repair import repair, repair_edits
from zhclean.repair.codecs import _SHOWN_CHECK, _UTF8_AS_BIG5, _fill, _slots, codec_edits
from zhclean.repair.lossy import LOST, fill, posteriors


def _model_decode(raw: bytes, codec: str) -> str:
    """The decoder as `lossy` models it: ASCII as is; a mapped pair as one character; else one
    U+FFFD for the first byte alone, and reading goes on at the next byte."""
    out: list[str] = []
    i = 0
    while i < len(raw):
        if raw[i] < 0x80:
            out.append(chr(raw[i]))
            i += 1
            continue
        try:
            pair = raw[i : i + 2].decode(codec)
        except UnicodeDecodeError:
            pair = ""
        if len(pair) == 1 and i + 1 < len(raw):
            out.append(pair)
            i += 2
        else:
            out.append(LOST)
            i += 1
    return "".join(out)


@pytest.mark.parametrize("codec", ["big5", "cp950"])
@settings(max_examples=60, deadline=None)
@given(text=st.sampled_from(["hans", "hant"]).flatmap(damage.chinese_text))
def test_python_decoders_lose_one_byte_per_replacement_character(codec: str, text: str) -> None:
    raw = text.encode("utf-8")
    assert raw.decode(codec, errors="replace") == _model_decode(raw, codec)


def _slots_of(shown: str) -> list[tuple[int, ...]]:
    seq: list[int] = []
    for ch in shown:
        seq.extend([-1] if ch == LOST else ch.encode("big5"))
    return _slots(tuple(seq))


def test_slots_without_losses_read_as_they_are() -> None:
    slots = [tuple("中".encode()), tuple(b"A"), tuple("國".encode())]
    assert fill(slots, lambda a, b: True) == ("中A國", 0)


def test_clear_losses_are_filled_and_an_unclear_one_is_not() -> None:
    # Seed 003: 入 習 近 平 each lost one byte, and the rest of the line decides them; 記
    # (E8 A8 98) kept only E8: dozens of common characters fit, so it stays lost.
    original = "深入學習貫徹習近平總書記"
    shown = original.encode().decode("big5", errors="replace")
    slots = _slots_of(shown)
    assert [slot.count(-1) for slot in slots] == [0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 2, 2]
    assert _fill(shown, _UTF8_AS_BIG5, qmark_holes=False) == ("深入學習貫徹習近平總書" + LOST, 1, True)
    readings = posteriors(slots, _SHOWN_CHECK["big5"])
    assert [ch for ch, _ in readings][:10] == list(original[:10])
    assert all(0.0 <= p <= 1.0 for _, p in readings)


def _rates(texts: list[str]) -> tuple[float, float]:
    total = got = out_len = 0
    for text in texts:
        out = repair(damage.utf8_as_big5_lossy(text) or text)
        total += len(text)
        out_len += len(out)
        got += sum(b.size for b in SequenceMatcher(None, text, out, autojunk=False).get_matching_blocks())
    return got / total, (out_len - got) / total


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_big5_lossy_recovers_without_inventing(script: str) -> None:
    """Random lines of seed words: about 40% comes back (the characters the bytes and the
    statistics decide); what comes out is nearly all right (a guess would be wrong ~2 times in 3)."""
    rng = random.Random(11)
    recovered, wrong = _rates([damage.random_text(rng, script, rng.randint(3, 25)) for _ in range(40)])
    assert recovered >= 0.35
    assert wrong <= 0.05


def test_big5_lossy_on_real_sentences() -> None:
    recovered, wrong = _rates(damage.seed_sentences(("003", "004"))[:40])
    assert recovered >= 0.3
    assert wrong <= 0.05


def test_whole_line_is_taken_with_its_ascii() -> None:
    # Big5 swallows the A of "AI" into a character (E5 A1 + 41): only a whole-line reading
    # gets it back; the characters with no clear reading are lost and recorded, not guessed.
    shown = "中國AI發展".encode().decode("big5", errors="replace")
    (edit,) = codec_edits(shown, Config())
    assert edit.kind == "mojibake-utf8-as-big5"
    assert "characters recovered" in edit.reason and "lost for good" in edit.reason
    assert repair(shown) == "中AI"
    (marked,) = repair_edits(shown, Config(unrecoverable="mark"))
    assert marked.after.replace(LOST, "") == "中AI"


@settings(max_examples=40, deadline=None)
@given(
    text=st.sampled_from(["hans", "hant"]).flatmap(damage.chinese_text),
    at=st.lists(st.floats(0, 1), min_size=2, max_size=4),
)
def test_clean_text_with_replacement_characters_is_not_read_as_big5(text: str, at: list[float]) -> None:
    # U+FFFD in correct text is the garbage pass's business: the Big5 bytes of real Chinese
    # never fit UTF-8, so no codec repair may start from it.
    for where in at:
        text = damage.insert(text, LOST, where)
    assert all(e.kind != "mojibake-utf8-as-big5" for e in codec_edits(text, Config()))


def test_docstring_examples() -> None:
    module = importlib.import_module("zhclean.repair.lossy")
    result = doctest.testmod(module)
    assert result.attempted >= 2 and result.failed == 0


def test_too_short_to_prove_is_recorded_as_suspect() -> None:
    # 請參考English版本: only E8 AB of 請 is kept (as 隢); the bytes fit UTF-8 but prove
    # nothing, so the text stays and the record says what it looks like.
    shown = "請參考English版本".encode().decode("big5", errors="replace")
    (edit,) = codec_edits(shown, Config())
    assert (edit.kind, edit.after) == ("suspect", shown[: shown.rindex(LOST) + 1])
    assert "looks like UTF-8 shown as Big5" in edit.reason
