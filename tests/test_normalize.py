"""Text hygiene: every fix on real cases, idempotence, clean text untouched, every option."""

from __future__ import annotations

import doctest
import itertools
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zhclean
from zhclean import Config, ConfigError, normalize
from zhclean.edits import Edit, apply_edits, compose
from zhclean.normalize import _compose_deletions, _general_edits, _is_clean, _one_round, _quick_round, normalize_edits

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
NORMALIZE_MODULE = sys.modules["zhclean.normalize"]

# Every value of every hygiene option, one Config per combination that matters.
OPTION_VALUES: dict[str, list[object]] = {
    "unicode_form": ["NFC", "NFKC", "none"],
    "punctuation": ["keep", "fullwidth", "halfwidth"],
    "html_entities": [True, False],
    "nbsp": ["space", "keep"],
    "ideographic_space": ["keep", "space", "remove"],
    "strip_trailing_space": [True, False],
    "indent": ["keep", "strip"],
    "max_blank_lines": [0, 1, 2],
}
CONFIGS = [Config()] + [Config(**{name: value}) for name, values in OPTION_VALUES.items() for value in values]
CONFIGS += [
    Config(unicode_form="NFKC", punctuation="fullwidth", ideographic_space="remove", indent="strip", max_blank_lines=0),
    Config(nbsp="keep", strip_trailing_space=False, html_entities=False, punctuation="halfwidth", max_blank_lines=2),
]

# Pieces that exercise every fix and their interactions.
TOKENS = [
    "中", "文", "京津冀", "。", "，", "、", "“", "”", "《", "》", "（", "）", "：", "！", "Ａ", "１",
    ",", ":", ";", "!", "?", "(", ")", "1", "2", "a", "Z", ".", "/", "é", "e\u0301", "\u0301", "\uf9dc",
    " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1e",
    "\u3000", "\xa0", "\u202f", "\u2003", "\u200b", "\u200c", "\u200d", "\ufeff", "\xad", "\u202e",
    "\x00", "\x1b", "\x7f", "\x9e", "ä¸", "Ã", "&", ";", "#", "amp;", "&amp;", "&nbsp;", "&nbsp",
    "&amp;nbsp;", "&#x4e2d;", "&amp;#x4e2d;", "&#20013;", "&#38;", "&lt;", "&#13;", "&#x3000;",
    "&#x301;", "&#0;", "&#xFF0C;", "lt;", "http://a.cn/?q=", "www.", "14:29:57", "👨\u200d👩",
    "\ud83d", "\ude00", "\udcff",
]
MESSY = st.one_of(
    st.lists(st.sampled_from(TOKENS), max_size=25).map("".join),
    st.text(max_size=40),
)


def seed(name: str) -> str:
    (path,) = SEEDS.glob(f"{name}_*.txt")
    return path.read_text(encoding="utf-8")


# --- the fixes on real cases ---------------------------------------------------------------------

FW = {"punctuation": "fullwidth"}
HW = {"punctuation": "halfwidth"}

CASES = [
    # label, input, expected, options
    ("crlf", "发布时间:2024-01-18\r\n来源:北京", "发布时间:2024-01-18\n来源:北京", {}),
    ("cr and separators", "一\r二\u2028三\u2029四\x85五\x0b六\x0c七", "一\n二\n三\n四\n五\n六\n七", {}),
    ("bom at start and stray inside", "\ufeff市委工作\ufeff会议", "市委工作会议", {}),
    ("zero-width", "习近平\u200b总书记\u2060在\u200d座谈会", "习近平总书记在座谈会", {}),
    ("zwj kept in emoji", "家庭👨\u200d👩", "家庭👨\u200d👩", {}),
    ("controls", "北京\x00市\x1b直\x7f机关\x9e工委", "北京市直机关工委", {}),
    ("C1 inside mojibake kept", "ä¸\x8dæ\x98¯", "ä¸\x8dæ\x98¯", {}),
    ("surrogates", "笑\ud83d\ude00 \udcff\ud800", "笑😀 \ufffd\ufffd", {}),
    ("soft hyphen", "协同\xad发展", "协同发展", {}),
    ("nbsp runs", "天津政务网\xa0\xa0 天津和平区政务网", "天津政务网   天津和平区政务网", {}),
    ("nbsp kept", "天津政务网\xa0\xa0 天津", "天津政务网\xa0\xa0 天津", {"nbsp": "keep"}),
    ("nbsp-only line is blank", "摘自\n\n\xa0\n\n《天津日报》", "摘自\n\n《天津日报》", {}),
    ("unicode spaces", "北京\u2003市\u2009委", "北京 市 委", {}),
    ("ideographic kept", "\u3000\u3000一是制定实施", "\u3000\u3000一是制定实施", {}),
    ("ideographic space", "\u3000\u3000一是", "  一是", {"ideographic_space": "space"}),
    ("ideographic remove", "新闻\u3000中心", "新闻中心", {"ideographic_space": "remove"}),
    ("entities", "北京&#x4e2d;&#20013;心&nbsp;AT&amp;T&lt;b&gt;", "北京中中心 AT&T<b>", {}),
    ("double-escaped", "&amp;#x4e2d;国&amp;nbsp;北京", "中国 北京", {}),
    ("nbsp without semicolon", "北京&nbsp市", "北京 市", {}),
    ("not entities", "R&D; 5 &amp 6 &foo; a&b", "R&D; 5 &amp 6 &foo; a&b", {}),
    ("entities off", "北京&nbsp;市", "北京&nbsp;市", {"html_entities": False}),
    ("entity of a newline", "第一行&#13;&#10;第二行", "第一行\n\n第二行", {}),
    ("nfc", "Pe\u0301ng 隆\uf9dc", "Péng 隆隆", {}),
    ("nfc keeps full-width", "三省（市）层面，进一步！", "三省（市）层面，进一步！", {}),
    ("nfkc on request", "ＡＢＣ１２３，（市）\u3000", "ABC123,(市)", {"unicode_form": "NFKC"}),
    ("nfkc and fullwidth agree", "中，文ＡＢ(市)", "中，文AB（市）", {"unicode_form": "NFKC", **FW}),
    ("no normal form", "Pe\u0301ng", "Pe\u0301ng", {"unicode_form": "none"}),
    ("trailing spaces", "相关部门网站:  \n天津\u3000\t\n", "相关部门网站:\n天津\n", {}),
    ("trailing kept", "相关部门网站:  \n天津", "相关部门网站:  \n天津", {"strip_trailing_space": False}),
    ("blank runs", "甲\n\n\n\n乙\n \n \n丙", "甲\n\n乙\n\n丙", {}),
    ("blank lines at ends", "\n\n  \n甲\n\n\n", "甲\n", {}),
    ("final newline kept, not added", "甲\n", "甲\n", {}),
    ("no blank lines", "甲\n\n乙", "甲\n乙", {"max_blank_lines": 0}),
    ("two blank lines", "甲\n\n\n\n乙", "甲\n\n\n乙", {"max_blank_lines": 2}),
    ("only blank", " \n\n\t\n", "", {}),
    ("indent kept", "  下好高质量\n\u3000\u3000一是", "  下好高质量\n\u3000\u3000一是", {}),
    ("indent strip", "  下好高质量\n\u3000\u3000一是\n\xa0二是", "下好高质量\n一是\n二是", {"indent": "strip"}),
    # punctuation: fullwidth
    ("fw: comma after Chinese", "2014年2月26日,习近平", "2014年2月26日，习近平", FW),
    ("fw: colon, time kept", "发布时间:2024-01-18 14:29:57", "发布时间：2024-01-18 14:29:57", FW),
    ("fw: numbers kept", "共1,000人,增长3.5%", "共1,000人，增长3.5%", FW),
    ("fw: pairs", "三省(市)层面", "三省（市）层面", FW),
    ("fw: pair with digits", "第(1)条", "第（1）条", FW),
    ("fw: pinyin kept", "發(fā)展(zhǎn)", "發(fā)展(zhǎn)", FW),
    ("fw: nested", "市委(第(二)次)会议", "市委（第（二）次）会议", FW),
    ("fw: mixed pair", "三省（市)层面", "三省（市）层面", FW),
    ("fw: run", "是什么?!", "是什么？！", FW),
    ("fw: run next to converted paren", "会议(上午),", "会议（上午），", FW),
    ("fw: through quotes", "“一盘棋”,抓好", "“一盘棋”，抓好", FW),
    ("fw: Latin kept", "Hello, world (see: it)!", "Hello, world (see: it)!", FW),
    ("fw: url kept", "见http://a.cn/搜?q=1,2。", "见http://a.cn/搜？q=1,2。", FW),
    ("fw: url with Chinese around", "网址:http://www.gov.cn/a?b=1,更多", "网址：http://www.gov.cn/a?b=1，更多", FW),
    ("fw: unpaired kept", "(1 条件", "(1 条件", FW),
    # punctuation: halfwidth
    ("hw: forms", "三省（市）层面，进一步！ＡＢ１２", "三省(市)层面,进一步!AB12", HW),
    ("hw: Chinese-only marks stay", "“一盘棋”、《决定》。", "“一盘棋”、《决定》。", HW),
]


@pytest.mark.parametrize(("label", "text", "expected", "options"), CASES, ids=[c[0] for c in CASES])
def test_cases(label: str, text: str, expected: str, options: dict[str, object]) -> None:
    assert normalize(text, **options) == expected
    assert normalize(expected, **options) == expected  # and the result is stable


def test_docstring_examples() -> None:
    result = doctest.testmod(NORMALIZE_MODULE)
    assert result.attempted >= 15 and result.failed == 0


def test_each_fix_is_a_public_function() -> None:
    for name in [
        "fix_newlines", "decode_entities", "remove_invisible", "remove_controls", "fix_spaces",
        "fix_unicode_form", "fix_punctuation", "strip_trailing_space", "strip_indent", "collapse_blank_lines",
    ]:
        fn = getattr(NORMALIZE_MODULE, name)
        assert fn.__doc__ and ">>>" in fn.__doc__, name
        assert fn("北京。") == "北京。"


def test_edits_record_kinds_and_input_spans() -> None:
    text = "\ufeff北京&nbsp;市\r\n\r\n\r\n天津  "
    edits = normalize_edits(text)
    assert [(text[e.start : e.end], e.after, e.kind) for e in edits] == [
        ("\ufeff", "", "invisible"),
        ("&nbsp;", " ", "html-entity"),
        ("\r\n", "\n", "newline"),
        ("\r\n", "\n", "newline"),
        ("\r\n", "", "blank-lines"),  # the third line break: one blank line is kept
        ("  ", "", "trailing-space"),
    ]
    assert apply_edits(text, edits) == "北京 市\n\n天津"


# --- seeds -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["002", "003"])
def test_clean_seeds_untouched(name: str) -> None:
    text = seed(name)
    assert normalize_edits(text) == []
    assert normalize_edits(text, Config(unicode_form="NFKC")) == []  # no full-width forms in them


def test_seed_001_nbsp_and_blank_lines() -> None:
    text = seed("001")
    out = normalize(text)
    assert "\xa0" in text and "\xa0" not in out
    assert "天津政务网   天津和平区政务网" in out  # two NBSPs and a space: three spaces
    assert "\n\n\n" not in out and "\n\n\n" in text.replace("\xa0", "")
    assert not any(line != line.rstrip() for line in out.split("\n"))
    # Paragraph indentation is kept by default (structure reads it) and stripped on request.
    assert out.count("\n  ") == text.count("\n  ") > 30
    assert "\n  " not in normalize(text, indent="strip")
    # Nothing but whitespace changed.
    assert "".join(out.split()) == "".join(text.split())


def test_seed_000_and_004_facts() -> None:
    text = seed("000")
    out = normalize(text)
    assert "党建引领聚合力  同心同行谋共赢" in out  # NBSPs between title halves made spaces
    assert "\n\n\n" not in out and not out.endswith("\n\n")
    assert "发布时间：2024-01-18 14:29:57" in normalize(text, punctuation="fullwidth")
    out4 = normalize(seed("004"), punctuation="fullwidth")
    assert out4.endswith("（責任編輯：曹曉晨）")
    assert "發(fā)展" in out4  # the pinyin artefact is left for repair


@pytest.mark.parametrize("config", CONFIGS, ids=repr)
def test_seeds_under_every_option_are_stable(config: Config) -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        once = normalize(text, config)
        assert normalize(once, config) == once, path.name
        # Hygiene never touches the Chinese characters themselves.
        assert [c for c in once if "\u4e00" <= c <= "\u9fff"] == [c for c in text if "\u4e00" <= c <= "\u9fff"]


# --- properties ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(MESSY, st.sampled_from(CONFIGS))
def test_idempotent(text: str, config: Config) -> None:
    once = normalize(text, config)
    assert normalize(once, config) == once
    once.encode("utf-8")  # no lone surrogates left: the result can always be written
    # Every recorded edit changes something (NFKC and fullwidth can cancel out: not recorded).
    assert all(e.after != text[e.start : e.end] for e in normalize_edits(text, config))


def test_after_repair_nothing_is_kept_for_it() -> None:
    # The pipeline runs hygiene again after repair with keep_mojibake off: C1 controls, no-break
    # spaces and soft hyphens next to Latin-1 text are then handled like anywhere else.
    text = "ä¸\x8dæ\x98¯ Â\xa0x \x9f协同\xad发展 ä¸\xadæ"
    kept = apply_edits(text, normalize_edits(text))
    assert kept == "ä¸\x8dæ\x98¯ Â\xa0x 协同发展 ä¸\xadæ"
    after = normalize_edits(kept, keep_mojibake=False)
    assert apply_edits(kept, after) == "ä¸æ¯ Â x 协同发展 ä¸æ"
    assert [e.kind for e in after] == ["control", "control", "nbsp", "invisible"]
    # nbsp="keep" still keeps no-break spaces (the user asked for them), but not C1 controls.
    keep_nbsp = normalize_edits(kept, Config(nbsp="keep"), keep_mojibake=False)
    assert apply_edits(kept, keep_nbsp) == "ä¸æ¯ Â\xa0x 协同发展 ä¸æ"


@settings(max_examples=200, deadline=None)
@given(MESSY, st.sampled_from(CONFIGS))
def test_idempotent_without_keeping_mojibake_bytes(text: str, config: Config) -> None:
    once = apply_edits(text, normalize_edits(text, config, keep_mojibake=False))
    assert normalize_edits(once, config, keep_mojibake=False) == []
    if config.normalize:
        assert not set(once) & {"\x80", "\x86", "\x8d", "\x9f", "\xad"}


@settings(max_examples=300, deadline=None)
@given(MESSY, st.sampled_from(CONFIGS))
def test_clean_check_is_sound(text: str, config: Config) -> None:
    """When the one-scan check says "clean", no pass would change anything."""
    if _is_clean(text, config):
        assert _one_round(text, config) == []


# Pieces of pages that take the quick path (spaces, layout) and some that must leave it.
QUICK_TOKENS = [
    "中", "文", "京津冀。", "，", "a", "é", "Ã", "ä¸", "\u0301", "e\u0301", " ", "  ", "\t", "\n", "\n\n",
    "\u3000", "\xa0", "\xa0\xa0", "\u2007", "\u202f", "\u2003", "\u205f", "\u1680", "&", "&b=1", "&nbsp",
    "&amp;", "\r\n", "\x8d", "\ufeff",
]
QUICK_CONFIGS = [
    Config(),
    Config(unicode_form="NFC", punctuation="keep"),
    Config(ideographic_space="space"),
    Config(nbsp="keep"),
    Config(strip_trailing_space=False),
    Config(max_blank_lines=0),
    Config(max_blank_lines=2),
    Config(unicode_form="none"),
    Config(html_entities=False),
]


@settings(max_examples=250, deadline=None)
@given(st.lists(st.sampled_from(QUICK_TOKENS), max_size=30).map("".join), st.sampled_from(QUICK_CONFIGS), st.booleans())
def test_quick_path_equals_the_passes(text: str, config: Config, keep_mojibake: bool) -> None:
    """The quick path gives exactly the general passes' edits (offsets, kinds, reasons)."""
    quick = _quick_round(text, config, keep_mojibake)
    if quick is not None:
        assert quick == _general_edits(text, config, keep_mojibake)


@st.composite
def deletions(draw: st.DrawFn, length: int) -> list[Edit]:
    """Sorted, non-overlapping deletions of non-empty spans of a text of `length` characters."""
    cuts = sorted(set(draw(st.lists(st.integers(0, length), max_size=12))))
    spans = [(a, b) for a, b in itertools.pairwise(cuts) if draw(st.booleans())]
    return [Edit(a, b, "", draw(st.sampled_from(["trailing-space", "indent"])), "r") for a, b in spans]


@settings(max_examples=150, deadline=None)
@given(st.data(), st.integers(0, 30))
def test_compose_deletions_equals_compose(data: st.DataObject, length: int) -> None:
    text = "".join(chr(0x4E00 + i) for i in range(length))
    first = data.draw(deletions(length))
    second = data.draw(deletions(len(apply_edits(text, first))))
    assert _compose_deletions(first, second) == compose(text, first, second)


def test_quick_path_taken_on_seed_pages() -> None:
    # No-break spaces, trailing spaces and blank lines only: the quick path, and the same edits.
    text = seed("001")
    quick = _quick_round(text, Config(), True)
    assert quick is not None
    assert {e.kind for e in quick} >= {"nbsp", "blank-lines"}
    assert quick == _general_edits(text, Config(), True)
    assert _quick_round("北京&#x4e2d;心\r\n", Config(), True) is None


HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
PUNCT = st.sampled_from([*"，。、；：！？“”‘’《》（）…—·", ",", "(", ")", ":", "1", "2", "a", "Z", "%", ".", " "])
CLEAN_PIECES = st.one_of(HAN, HAN, HAN, PUNCT, st.sampled_from(["2024-01-18 14:29:57", "3.5%", "Hello, world", "é"]))
CLEAN_LINE = st.lists(CLEAN_PIECES, min_size=1, max_size=20).map("".join).filter(lambda s: s.strip() == s)


@st.composite
def clean_text(draw: st.DrawFn, indented: bool = False) -> str:
    """Clean Chinese text: lines of Chinese with full-width and ASCII punctuation, single
    blank lines between some paragraphs, an optional final newline; with `indented`, some
    lines start with ideographic or ASCII spaces."""
    lines = draw(st.lists(CLEAN_LINE, min_size=1, max_size=6))
    if indented:
        lines = [draw(st.sampled_from(["", "\u3000\u3000", "  "])) + line for line in lines]
    seps = [draw(st.sampled_from(["\n", "\n\n"])) for _ in lines[1:]]
    text = lines[0] + "".join(sep + line for sep, line in zip(seps, lines[1:], strict=True))
    return text + draw(st.sampled_from(["", "\n"]))


@settings(max_examples=200, deadline=None)
@given(clean_text(indented=True))
def test_clean_indented_text_untouched_by_default(text: str) -> None:
    assert normalize_edits(text) == []
    assert normalize(text) == text


@settings(max_examples=300, deadline=None)
@given(clean_text())
def test_clean_text_untouched(text: str) -> None:
    assert normalize_edits(text) == []
    assert normalize_edits(text, Config(nbsp="keep", indent="strip", ideographic_space="remove")) == []


PLAIN_TOKENS = [t for t in TOKENS if "&" not in t and "\u0301" not in t and not "\ud800" <= t[0] <= "\udfff"]
PLAIN_TOKENS = [t for t in PLAIN_TOKENS if t not in ("\uf9dc", "ä¸", "Ã")]


def _visible(text: str) -> list[str]:
    return [c for c in text if c.isprintable() and not c.isspace() and c not in "\u200b\u200c\u200d\ufeff\xad\u202e"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PLAIN_TOKENS), max_size=30).map("".join))
def test_nothing_visible_lost(text: str) -> None:
    """By default only whitespace, line breaks, invisible and control characters change: every
    visible character survives, in order (entities and accents aside, which are decoded)."""
    assert _visible(normalize(text)) == _visible(text)


# --- options ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("unicode_form", "nfc"), ("unicode_form", None), ("punctuation", "full"), ("html_entities", "yes"),
        ("nbsp", "remove"), ("ideographic_space", "tab"), ("strip_trailing_space", 1), ("indent", True),
        ("max_blank_lines", -1), ("max_blank_lines", 1.5), ("max_blank_lines", True), ("normalize", "no"),
    ],
)
def test_bad_option_values_rejected(name: str, bad: object) -> None:
    with pytest.raises(ConfigError, match=name):
        Config(**{name: bad})
    with pytest.raises(ConfigError):
        normalize("北京", **{name: bad})


def test_unknown_option_rejected() -> None:
    with pytest.raises(ConfigError, match="unknown option 'punctuations'"):
        normalize("北京", punctuations="keep")


def test_every_normalize_option_is_documented_and_tested() -> None:
    helps = {name: help for name, _type, _default, help in Config.options()}
    for name in OPTION_VALUES:
        assert len(helps[name]) > 30, name
    hygiene = ["normalize", *OPTION_VALUES]
    assert all(name in helps for name in hygiene)
    doc = (Path(__file__).resolve().parent.parent / "docs" / "hygiene.md").read_text(encoding="utf-8")
    for name in hygiene:
        assert f"`{name}`" in doc, name


def test_switch_off() -> None:
    text = "北京\r\n\r\n\r\n市"
    # Only hygiene off (the structure step would still join article lines with one newline).
    assert zhclean.clean(text, normalize=False, structure=False).text == text
    assert zhclean.clean(text, normalize=False, structure=False).changes == []
    assert normalize(text, normalize=False) == text


# --- no regex blow-ups ---------------------------------------------------------------------------

PATHOLOGICAL = [
    " " * 50_000 + "x",  # trailing-space lookahead on a long run
    "\u200d" * 50_000 + "a",  # joiners not next to Chinese
    "&amp;" * 12_000,
    "a" * 50_000 + "://",  # URL scheme scan
    "\n" + " " * 50_000,
    "\n\n" * 25_000 + "x",
    ",(" * 25_000 + "中",
    "e\u0301" * 25_000,
    "中" * 50_000,
]


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=lambda t: repr(t[:6]))
def test_long_inputs_finish(text: str) -> None:
    """Each would take hours if a pattern backtracked quadratically (speed: benchmarks/)."""
    for config in (Config(), Config(punctuation="fullwidth", indent="strip")):
        once = normalize(text, config)
        assert normalize(once, config) == once


def test_combinations_of_options() -> None:
    """Every 7th combination of option values: each does its own job and nothing else."""
    keys = list(OPTION_VALUES)
    text = "\ufeff北京,(市)\r\n\r\n\r\n\u3000天津&nbsp;"
    for values in itertools.islice(itertools.product(*OPTION_VALUES.values()), 0, None, 7):
        config = Config(**dict(zip(keys, values, strict=True)))
        out = normalize(text, config)
        assert normalize(out, config) == out
        assert out.startswith("北京") and "\r" not in out
        assert ("，（市）" in out) == (config.punctuation == "fullwidth")
        assert out.count("\n") == min(config.max_blank_lines, 2) + 1
        assert ("\u3000" in out) == (config.ideographic_space == "keep" and config.unicode_form != "NFKC"
                                      and config.indent == "keep")
        assert ("&nbsp;" in out) == (not config.html_entities)


def test_quick_classes_are_all_nonprintable() -> None:
    """The quick path skips its candidate scan on text printable but for newlines: sound only
    because `str.isprintable` refuses every candidate character (checked, so the skip is used)."""
    from zhclean.normalize import _quick_classes

    for nbsp in ("space", "keep"):
        for ideo in ("keep", "space"):
            assert _quick_classes(nbsp, ideo)[2]
    assert _quick_round("北京\u200b市 ", Config(), True) != []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=["a", "北", " ", "\t", "\u3000", "\n", "\xa0"], max_size=40))
def test_trailing_space_screen(text: str) -> None:
    """`_trailing_space` (screened by substring searches) finds what the plain loop over lines finds."""
    from zhclean.normalize import _trailing_space

    plain = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.rstrip(" \t\u3000")
        if stripped != line:
            plain.append((pos + len(stripped), pos + len(line)))
        pos += len(line) + 1
    assert [(e.start, e.end) for e in _trailing_space(text)] == plain
