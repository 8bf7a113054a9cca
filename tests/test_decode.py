"""Tests of `zhclean.decode`: the measured seed target, BOMs, cut inputs, errors, properties."""

from __future__ import annotations

import codecs
import doctest
import importlib
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from encoding_cases import CUTS, ENCODINGS, encode, truth
from zhclean import Decoded, InputTypeError, NotTextError, UndecodableError, ZhcleanError, decode
from zhclean.charstats import BAD_COST, char_cost, char_costs, is_bad, text_stats

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))

# --- the measured target (tests/encoding_cases.py) -------------------------------------------------


def _matches(decoded: Decoded, expected: str) -> bool:
    """The decoded text is `expected`, allowing one U+FFFD for a cut last character."""
    text = decoded.text
    if decoded.replaced and text.endswith("\ufffd"):
        text = text[:-1]
    return text == expected


def _target_cases(replace: bool) -> list[tuple[str, str, int | None]]:
    return [
        (path.name[:3], label, cut)
        for path in SEEDS
        for label in ENCODINGS
        for cut in CUTS
        if replace or encode(path.read_text(encoding="utf-8"), label, False) is not None
    ]


def test_target_combinations_are_counted() -> None:
    """35 seed/encoding combinations; the 6 a codec cannot encode are skipped, and named."""
    assert len(SEEDS) == 5
    skipped = sorted(
        (path.name[:3], label)
        for path in SEEDS
        for label in ENCODINGS
        if encode(path.read_text(encoding="utf-8"), label, False) is None
    )
    assert skipped == [
        ("000", "Big5"), ("000", "GBK"),  # GBK lacks U+00A0
        ("001", "Big5"), ("001", "GBK"),
        ("002", "Big5"),
        ("003", "Big5"),  # toned pinyin (ǐ) is in no Big5 variant
    ]
    assert len(_target_cases(replace=False)) == 29 * 3


@pytest.mark.parametrize(("seed", "label", "cut"), _target_cases(replace=True))
def test_seed_target(seed: str, label: str, cut: int | None) -> None:
    """All 35 combinations, the unencodable characters written as '?', at each cut."""
    path = next(p for p in SEEDS if p.name.startswith(seed))
    encoded = encode(path.read_text(encoding="utf-8"), label, replace=True)
    assert encoded is not None
    data, codec = encoded
    if cut is not None:
        data = data[:cut]
    decoded = decode(data)
    assert _matches(decoded, truth(data, codec)), (decoded.encoding, decoded.text[:40])
    family = {"gbk": "gb18030", "utf-8-sig": "utf-8", "utf-16": "utf-16-le"}.get(codec, codec)
    if label == "Big5":
        assert decoded.encoding in ("big5", "cp950", "big5hkscs")
    else:
        assert decoded.encoding == family
    assert decoded.bom == (label.endswith("BOM"))
    assert 0.9 <= decoded.confidence <= 1.0


# --- BOMs, UTF-8, UTF-16/32 ---------------------------------------------------------------------

TEXT = "北京经开区多点发力推动高质量发展新跨越!工委会议传达学习习近平总书记重要讲话精神。"


@pytest.mark.parametrize(
    ("codec", "bom", "name"),
    [
        ("utf-8", codecs.BOM_UTF8, "utf-8"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be"),
        ("utf-32-le", codecs.BOM_UTF32_LE, "utf-32-le"),
        ("utf-32-be", codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_bom(codec: str, bom: bytes, name: str) -> None:
    decoded = decode(bom + TEXT.encode(codec))
    assert decoded == Decoded(TEXT, name, 1.0, bom=True)
    assert str(decoded) == TEXT


def test_bom_with_a_cut_last_character() -> None:
    decoded = decode(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")[:-1])
    assert decoded.text == TEXT[:-1] + "\ufffd"
    assert (decoded.encoding, decoded.bom, decoded.replaced) == ("utf-16-le", True, 1)


def test_empty_input() -> None:
    assert decode(b"") == Decoded("", "utf-8", 1.0)


def test_ascii_is_utf8() -> None:
    text = "plain ASCII, long enough\n"
    assert decode(text.encode()) == Decoded(text, "utf-8", 1.0)


def test_short_ascii_is_utf8_but_less_certain() -> None:
    """b"Kj" is also 橋 in UTF-16-LE: ASCII is likelier, but not certain."""
    decoded = decode(b"Kj")
    assert (decoded.text, decoded.encoding) == ("Kj", "utf-8")
    assert 0.5 <= decoded.confidence < 0.9


@pytest.mark.parametrize("text", ["b甲b\n", "b甲b", "\xa0b甲b", "x乙y\n", "甲\n"])
def test_short_strict_utf8_is_not_outranked_for_want_of_plausibility(text: str) -> None:
    # Found by hypothesis: `b甲b\n` (one CJK character between Latin letters) counted as
    # implausible UTF-8, and cp932's reading `b逕ｲb` won; cleaning the output again changed it.
    got = decode(text.encode("utf-8"))
    assert (got.encoding, got.text) == ("utf-8", text)


def test_utf8_cut_inside_the_last_character() -> None:
    data = TEXT.encode("utf-8")
    for cut in (1, 2):
        decoded = decode(data[:-cut])
        assert decoded.encoding == "utf-8"
        assert decoded.text == TEXT[:-1] + "\ufffd"
        assert decoded.replaced == 1
        assert decoded.confidence == 1.0


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_32_without_bom(codec: str) -> None:
    """Chinese UTF-16 has few or no NUL bytes; the statistics find it anyway."""
    data = TEXT.encode(codec)
    assert decode(data) == Decoded(TEXT, codec, decode(data).confidence)
    assert decode(data).confidence >= 0.9


def test_utf16le_of_mixed_text_cut_at_odd_length() -> None:
    text = "Version 2.0 发布:新增 UTF-16 支持,修复 3 个问题。"
    data = text.encode("utf-16-le")[:41]
    decoded = decode(data)
    assert decoded.encoding == "utf-16-le"
    assert _matches(decoded, truth(data, "utf-16-le"))


def test_late_non_ascii_is_found_beyond_the_first_sample() -> None:
    """A long ASCII head (code, numbers) does not hide a GBK body from detection."""
    head = "id,value\n" + "".join(f"{i},{i * i}\n" for i in range(8000))
    data = (head + TEXT * 20).encode("gbk")
    decoded = decode(data)
    assert decoded.encoding == "gb18030"
    assert decoded.text == head + TEXT * 20


def test_long_input_decoded_whole_after_sampling() -> None:
    text = (TEXT + "\n") * 2000  # ~170 KB in GB18030, several samples long
    for codec in ("utf-8", "gb18030", "big5hkscs", "utf-16-le"):
        data = text.encode(codec, errors="replace")
        assert decode(data).text == data.decode(codec, errors="replace")


# --- legacy Chinese and other encodings -----------------------------------------------------------

TRADITIONAL = "主題教育開展以來,順義區南法信鎮黨委按照總要求,聚焦以學促知、以知促行。"


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (TEXT, "gb2312", "gb18030"),
        (TEXT, "gbk", "gb18030"),
        (TRADITIONAL, "gb18030", "gb18030"),
        (TRADITIONAL, "big5", "big5"),
        (TRADITIONAL, "cp950", "big5"),
        ("香港特別行政區立法會議員「邨」", "big5hkscs", "big5hkscs"),
        ("歡迎光臨本站,價格:€10", "cp950", "cp950"),
    ],
)
def test_chinese_legacy(text: str, codec: str, expected: str) -> None:
    decoded = decode(text.encode(codec))
    assert decoded.text == text
    assert decoded.encoding == expected


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Le café de la gare était fermé. Où est passé le garçon qui vendait des crêpes ?", "cp1252"),
        ("Grüße aus München! Die Straße ist schön, aber die Bäume sind größer.", "cp1252"),
        ("日本国民は、正当に選挙された国会における代表者を通じて行動し、われらの子孫のために", "shift_jis"),
        ("日本国民は、正当に選挙された国会における代表者を通じて行動し、われらの子孫のために", "euc_jp"),
        ("대한민국은 민주공화국이다. 대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다.", "euc_kr"),
        ("Все люди рождаются свободными и равными в своем достоинстве и правах.", "cp1251"),
    ],
)
def test_other_languages(text: str, codec: str) -> None:
    """Non-Chinese text in its usual legacy encoding decodes to the same text."""
    decoded = decode(text.encode(codec))
    assert decoded.text == text, decoded.encoding
    assert 0.0 < decoded.confidence <= 1.0


def test_nearly_valid_gbk_gets_replacement_and_lower_confidence() -> None:
    data = bytearray((TEXT * 20).encode("gbk"))
    data[501] = 0xFF  # 0xFF is never valid in GB18030
    decoded = decode(bytes(data))
    assert decoded.encoding == "gb18030"
    assert decoded.replaced == decoded.text.count("\ufffd") in (1, 2)  # lead + 0xFF: two
    assert decoded.confidence < 0.9
    assert decoded.text == bytes(data).decode("gb18030", errors="replace")
    assert len(decoded.text) in (len(TEXT * 20), len(TEXT * 20) + 1)


def test_short_inputs_are_less_certain() -> None:
    assert decode("中".encode("gbk")).confidence < decode(TEXT.encode("gbk")).confidence


# --- errors ---------------------------------------------------------------------------------------


def _random_bytes(n: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(n)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _random_bytes(3000),
        b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + _random_bytes(2000),
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + _random_bytes(4000, 3),
        b"\x00",
    ],
)
def test_binary_is_not_text(data: bytes) -> None:
    with pytest.raises(NotTextError, match="binary data"):
        decode(data)


def test_control_byte_noise_is_not_text() -> None:
    noise = bytes(random.Random(1).choice(range(1, 9)) for _ in range(500))
    with pytest.raises(NotTextError, match="control bytes"):
        decode(noise + b"\x81\xff")


def test_utf8_file_with_a_gbk_file_appended() -> None:
    """Too much of the input is invalid in the codec its start reads as: refused, with where."""
    head = (TEXT * 1000).encode("utf-8")
    with pytest.raises(UndecodableError, match=rf"later bytes are not utf-8 .* at byte {len(head)}"):
        decode(head + (TEXT * 100).encode("gbk"))


def test_str_is_refused() -> None:
    with pytest.raises(InputTypeError, match="takes bytes, not str"):
        decode("中文")  # type: ignore[arg-type]


def test_docstring_examples() -> None:
    module = importlib.import_module("zhclean.decode")  # zhclean.decode is the function
    assert doctest.testmod(module).attempted >= 2
    assert doctest.testmod(module).failed == 0


def test_override_decodes_with_the_named_codec() -> None:
    data = TRADITIONAL.encode("big5")
    assert decode(data, encoding="big5") == Decoded(TRADITIONAL, "big5", 1.0)
    assert decode(codecs.BOM_UTF8 + b"abc", encoding="utf-8") == Decoded("abc", "utf-8", 1.0, True)
    cut = decode(TEXT.encode("gbk")[:-1], encoding="GBK")
    assert (cut.encoding, cut.text, cut.replaced) == ("gbk", TEXT[:-1] + "\ufffd", 1)


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-32"])
def test_override_with_a_bom_reading_codec(codec: str) -> None:
    decoded = decode(TEXT.encode(codec), encoding=codec)
    assert (decoded.text, decoded.encoding, decoded.bom) == (TEXT, codec, True)


def test_override_unknown_codec() -> None:
    with pytest.raises(UndecodableError, match="unknown encoding 'klingon'"):
        decode(b"abc", encoding="klingon")


def test_override_not_a_text_codec() -> None:
    with pytest.raises(UndecodableError, match="not a text encoding"):
        decode(b"abc", encoding="rot13")


def test_override_invalid_bytes_name_the_place() -> None:
    data = TEXT.encode("gbk")
    with pytest.raises(UndecodableError, match=r"not valid utf-8: .* at byte 0"):
        decode(data, encoding="utf-8")
    with pytest.raises(UndecodableError, match=r"at byte 4"):
        decode("中文".encode("gbk") + b"\xff\xff" + "中文".encode("gbk"), encoding="gb18030")


# --- the text statistics decoding ranks readings by (charstats) -------------------------------


def test_seed_statistics() -> None:
    for path in SEEDS:
        stats = text_stats(path.read_text(encoding="utf-8"))
        assert stats.script == "han"
        assert stats.bad == 0
        assert 2.8 < stats.han_cost < 3.5


def test_misreadings_cost_more_than_the_right_reading() -> None:
    for text, right, wrong in [
        (TEXT, "gbk", "big5"),
        (TRADITIONAL, "big5", "gbk"),
        (TEXT, "utf-16-le", "utf-16-be"),
    ]:
        data = text.encode(right)
        misread = data.decode(wrong, errors="replace")
        assert text_stats(text).cost < text_stats(misread).cost


def test_impossible_characters() -> None:
    for ch in "\ue000\x00\x07\ufffd\U000e0100"[:4]:
        assert is_bad(ch)
        assert char_cost(ch) == BAD_COST
    assert not is_bad("中") and not is_bad("\n") and not is_bad("。")


def test_hangul_common_and_rare() -> None:
    assert char_cost("한") < char_cost("퓇")  # KS X 1001 syllable vs one real Korean never uses


def test_own_script_is_cheap_and_wedged_han_is_dear() -> None:
    korean = text_stats("대한민국은 민주공화국이다.")
    assert korean.script == "hangul"
    assert korean.non_ascii_cost < 4.0
    assert text_stats("El niño").cost < text_stats("El ni帽o").cost
    assert text_stats("déjà").cost < text_stats("ÖÐÎÄ").cost


# --- properties -----------------------------------------------------------------------------------

_PUNCTUATION = "，。、；：？！“”‘’《》（）—…·「」【】,.:()"
_COMMON = sorted(char_costs(), key=char_costs().__getitem__)[:3000]


def _encodable(chars: list[str], codec: str) -> list[str]:
    out = []
    for ch in chars:
        try:
            ch.encode(codec)
        except UnicodeEncodeError:
            continue
        out.append(ch)
    return out


def _chinese_text(codec: str) -> st.SearchStrategy[str]:
    """Chinese-looking text: runs of common Han characters, punctuation, digits, Latin words."""
    han = _encodable(_COMMON, codec)
    if codec == "big5":  # the few symbols big5 and cp950 read differently are left out
        punct = [p for p in _PUNCTUATION if p.encode("big5").decode("cp950") == p]
    else:
        punct = _encodable(list(_PUNCTUATION), codec)
    han_run = st.lists(st.sampled_from(han), min_size=2, max_size=12).map("".join)
    token = st.one_of(
        han_run,
        han_run,
        han_run,
        st.sampled_from(punct),
        st.integers(0, 99999).map(str),
        st.sampled_from(["GDP", "Python", "APP", "CEO", "5G", "iPhone", "WTO"]),
        st.just("\n"),
    )
    return st.lists(token, min_size=6, max_size=40).map("".join)


ROUND_TRIP = [
    "utf-8",
    "utf-8-sig",
    "gb18030",
    "gbk",
    "gb2312",
    "big5",
    "cp950",
    "big5hkscs",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "utf-32-le",
]


# Characters are drawn from what each codec can encode (Big5's repertoire for its variants).
_REPERTOIRE = {"gbk": "gbk", "gb2312": "gb2312", "big5": "big5", "cp950": "big5", "big5hkscs": "big5"}


@pytest.mark.parametrize("codec", ROUND_TRIP)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_round_trip(codec: str, data: st.DataObject) -> None:
    """Chinese text encoded with any supported codec decodes back to itself."""
    text = data.draw(_chinese_text(_REPERTOIRE.get(codec, "utf-8")))
    assume(sum(ch >= "\u4e00" for ch in text) >= 6)
    decoded = decode(text.encode(codec))
    assert decoded.text == text, decoded.encoding
    assert 0.0 <= decoded.confidence <= 1.0


@settings(max_examples=60, deadline=None)
@given(text=_chinese_text("utf-8"), data=st.data())
def test_utf8_prefix_stays_utf8(text: str, data: st.DataObject) -> None:
    """A UTF-8 text cut anywhere (after a few characters) is still read as UTF-8."""
    encoded = text.encode("utf-8")
    assume(len(encoded) > 12)
    cut = data.draw(st.integers(12, len(encoded)))
    decoded = decode(encoded[:cut])
    assert decoded.encoding == "utf-8"
    assert _matches(decoded, truth(encoded[:cut], "utf-8"))


@pytest.mark.parametrize("codec", ["gb18030", "big5", "utf-16-le"])
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_legacy_prefix_decodes_right(codec: str, data: st.DataObject) -> None:
    """A Chinese text in GB18030, Big5 or UTF-16LE cut anywhere after 24 bytes reads right."""
    text = data.draw(_chinese_text(_REPERTOIRE.get(codec, "utf-8")))
    encoded = text.encode(codec)
    assume(len(encoded) > 24 and sum(ch >= "\u4e00" for ch in text) >= 8)
    cut = data.draw(st.integers(24, len(encoded)))
    decoded = decode(encoded[:cut])
    assert _matches(decoded, truth(encoded[:cut], codec)), decoded.encoding


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=400))
@example(b"\xc2\x80\xed\xa0")  # found by hypothesis: a would-be surrogate at the end is no cut character
def test_arbitrary_bytes_decode_or_raise_a_zhclean_error(data: bytes) -> None:
    try:
        decoded = decode(data)
    except ZhcleanError as exc:
        assert str(exc)
        return
    assert isinstance(decoded.text, str)
    assert 0.0 <= decoded.confidence <= 1.0
    assert decoded.replaced >= 0
    _assert_consistent(data, decoded)


def _assert_consistent(data: bytes, decoded: Decoded) -> None:
    """The text is what the reported codec makes of the bytes (after a BOM, if one was seen)."""
    if decoded.bom:
        data = data[len(next(b for b, name in BOMS if name == decoded.encoding)) :]
    if decoded.replaced == 0:
        assert data.decode(decoded.encoding) == decoded.text
    else:
        assert decoded.text.count("\ufffd") >= decoded.replaced
        assert data.decode(decoded.encoding, errors="replace") == decoded.text


BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=60), codec=st.sampled_from(["utf-8", "utf-16", "utf-32", "gb18030"]))
def test_any_text_decodes_consistently(text: str, codec: str) -> None:
    """Any text (not only Chinese) in a Unicode codec: a Decoded consistent with its bytes, or
    a ZhcleanError -- never a crash."""
    data = text.encode(codec, errors="replace")
    try:
        decoded = decode(data)
    except ZhcleanError:
        return
    _assert_consistent(data, decoded)


@pytest.mark.parametrize("data", [b"1000GDPGDP\xe5\xa5", b"GDP\xe5\xa5"])
def test_utf8_cut_after_ascii_is_not_korean(data: bytes) -> None:
    """ASCII and a UTF-8 character cut after two bytes (E5 A5: cp949's 也, found by hypothesis)
    is UTF-8 cut short: a Korean or Japanese reading needs hangul or kana."""
    decoded = decode(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text == data[:-2].decode("ascii") + "\ufffd"


@pytest.mark.parametrize(
    ("text", "codec"), [("한국어 漢字 텍스트입니다", "cp949"), ("日本語のテキストです。", "cp932")]
)
def test_korean_and_japanese_with_their_own_script_still_read(text: str, codec: str) -> None:
    assert decode(text.encode(codec)).text == text
