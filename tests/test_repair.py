"""The repair driver (zhclean.repair): pass order, the text it hands back, merged kinds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from zhclean.config import Config
from zhclean.edits import Edit, apply_edits
from zhclean.repair import (
    _keep_first_kind,
    _keep_first_kind_near,
    _keep_first_kind_sweep,
    _passes,
    repair_edits,
    repaired,
)


@st.composite
def sorted_edits(draw: st.DrawFn, n: int = 40) -> list[Edit]:
    """Sorted edits that never overlap (an insertion may sit where the next edit starts)."""
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=24)))
    out: list[Edit] = []
    pos = 0
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        a = max(a, pos)
        if a > b:
            continue
        out.append(Edit(a, b, "x", draw(st.sampled_from(["mojibake", "garbage", "pinyin"])), "r"))
        pos = b
    return out


@settings(max_examples=300, deadline=None)
@given(sorted_edits(), sorted_edits())
def test_kinds_kept_near_the_earlier_edits_as_by_the_sweep(earlier: list[Edit], composed: list[Edit]) -> None:
    """Visiting only the composed edits near earlier ones changes exactly what the full sweep does."""
    expected = _keep_first_kind_sweep(earlier, composed)
    assert _keep_first_kind_near(earlier, composed) == expected
    assert _keep_first_kind(earlier, composed) == (expected if earlier else composed)


def test_kind_of_the_earlier_pass_is_kept() -> None:
    earlier = [Edit(2, 6, "中国", "mojibake", "GBK read as Latin-1")]
    composed = [Edit(2, 6, "中", "garbage", "lost")] + [Edit(8 + i, 9 + i, "", "pinyin", "p") for i in range(0, 20, 2)]
    out = _keep_first_kind(earlier, composed)
    assert out[0] == Edit(2, 6, "中", "mojibake", "GBK read as Latin-1; then lost")
    assert out[1:] == composed[1:]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["ÖÐ¹úµÄ·¢Õ¹<br>", "黨政領(lǐng)導(dǎo)座談會", "涓枃锟斤拷", "工作。”</p>", "plain text"]))
def test_repaired_hands_back_the_text_its_edits_give(text: str) -> None:
    fixed, edits = repaired(text, Config())
    assert apply_edits(text, edits) == fixed
    assert edits == repair_edits(text, Config())


def test_passes_that_found_nothing_in_a_text_are_skipped_on_it_again() -> None:
    """A round given `found_nothing` from the last one skips the passes that see the same text
    again, and gives what a fresh round gives (passes are pure functions of their text)."""
    cfg = Config()
    for text in ["ÖÐ¹úµÄ·¢Õ¹<br>", "黨政領(lǐng)導(dǎo)座談會 ÖÐ¹ú", "涓枃锟斤拷", "plain text"]:
        memo: dict = {}
        fixed, edits = repaired(text, cfg, found_nothing=memo)
        assert (fixed, edits) == repaired(text, cfg)
        assert memo and all(not find(seen, cfg) for find, seen in memo.items())
        last = _passes(cfg)[-1]
        assert last not in memo or memo[last] == fixed  # the last pass saw the repaired text
        if "(" in text:  # only pinyin stripped: the passes after that one are skipped next round
            assert memo[last] == fixed != text
        assert repaired(fixed, cfg, found_nothing=memo) == repaired(fixed, cfg)
