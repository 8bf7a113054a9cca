"""Mirror-page garbling (zhclean.repair.garble); damage made from real text and real decoders."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gbk_damage import HAVE_ICONV, iconv_gbk, mirror_decode
from zhclean.edits import apply_edits
from zhclean.repair.garble import garble_edits
from zhclean.repair.misaligned import _glibc_decode, misaligned_edits

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def fix(text: str) -> str:
    """Misaligned spans first, then garbling, as the repair step orders them."""
    text = apply_edits(text, [e for e in misaligned_edits(text) if e.kind != "suspect"])
    return apply_edits(text, [e for e in garble_edits(text) if e.kind != "suspect"])


def lose_lead(text: str, at: str, decode: object) -> str:
    """`text` in GBK with the lead byte of `at` (its first occurrence) replaced by `?`, decoded."""
    raw = text.encode("gbk")
    i = raw.index(at.encode("gbk"))
    return unicodedata.normalize("NFKC", decode(raw[:i] + b"?" + raw[i + 1 :]))  # type: ignore[operator]


DECODERS = [pytest.param(mirror_decode, id="mirror")]
if HAVE_ICONV:
    DECODERS.append(pytest.param(iconv_gbk, id="glibc"))


# (label, original text with full-width punctuation, character whose lead byte is lost, expected)
PUNCTUATION = [
    ("。” before a tag", "他說:“全力做好工作。”</p>", "。", "他說:“全力做好工作。”</p>"),
    ("。” before text", "眾生萬(wàn)物平等。”比如說", "。", "眾生萬(wàn)物平等。”比如說"),
    ("（ after a character", "實現(xiàn)(zhì)生產(chǎn)力（天津）以來", "（", "實現(xiàn)(zhì)生產(chǎn)力(天津)以來"),
]


@pytest.mark.parametrize("decode", DECODERS)
@pytest.mark.parametrize(("label", "original", "at", "expected"), PUNCTUATION, ids=[c[0] for c in PUNCTUATION])
def test_punctuation_units(label: str, original: str, at: str, expected: str, decode: object) -> None:
    damaged = lose_lead(original, at, decode)
    assert damaged != expected and "?" in damaged
    assert fix(damaged) == expected


def test_issue_examples_reproduced_by_the_mirror_decoder() -> None:
    assert lose_lead("工作。”</p>", "。", mirror_decode) == "工作?!?/p>"
    assert lose_lead("平等。”比", "。", mirror_decode).startswith("平等?!")


@pytest.mark.parametrize("decode", [*DECODERS, pytest.param(_glibc_decode, id="package-glibc")])
@pytest.mark.parametrize(
    ("annotated", "letter"), [("任務(wù)清單", "ù"), ("推進(jìn)一步", "ì"), ("領(lǐng)導", "ǐ"), ("綠(lǜ)色", "ǜ")]
)
def test_annotation_with_a_lost_letter(annotated: str, letter: str, decode: object) -> None:
    damaged = lose_lead(annotated, letter, decode)
    assert damaged != annotated
    assert apply_edits(damaged, garble_edits(damaged)) == annotated


def test_annotation_on_a_corrupted_character() -> None:
    # 內 is 83 C8; 鰞 is F6 83: the byte before 內 read with 內's lead. The document annotates 內.
    text = "內(nèi)外兼修,鰞(nèi)部管理"
    assert fix(text) == "內(nèi)外兼修,內(nèi)部管理"
    # Without the document's evidence the character stays.
    assert fix("鰞(nèi)部管理") == "鰞(nèi)部管理"


def test_annotation_whose_bracket_was_lost() -> None:
    text = "地區(qū)發展,區(qū)域協同和地?qū)合作"
    assert fix(text) == "地區(qū)發展,區(qū)域協同和地區(qū)合作"
    alone = "和地?qū)合作"
    edits = garble_edits(alone)
    assert [e.kind for e in edits] == ["suspect"] and apply_edits(alone, edits) == alone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Injected commas go where the proxy's annotations show it passed; elsewhere they stay.
        ("推動發(fā)展,,形成合力", "推動發(fā)展,形成合力"),
        ("形成合力,。他說(shuō)", "形成合力。他說(shuō)"),
        ("交通,、生態(tài)", "交通、生態(tài)"),
        ("推動發展,,形成合力", "推動發展,,形成合力"),
        ("1,,2,,3", "1,,2,,3"),
        ("??孟景偉出席", "  孟景偉出席"),
        ("日期:2024-01-18?來源:新華網", "日期:2024-01-18 來源:新華網"),
        ("你去哪裡?我不知道", "你去哪裡?我不知道"),
        ("好嗎?", "好嗎?"),
        ("他說?我們走", "他說?我們走"),
        ("真的?!", "真的?!"),
    ],
)
def test_punctuation_and_spaces(text: str, expected: str) -> None:
    assert fix(text) == expected


def test_question_inside_prose_is_recorded() -> None:
    edits = garble_edits("他說?我們走")
    assert [(e.kind, e.after) for e in edits] == [("suspect", "?")]


def test_statement_ending_in_question_mark_is_recorded() -> None:
    text = "一是推动京津冀协同发展走深走实?\n二是"
    assert [(e.kind, e.start) for e in garble_edits(text)] == [("suspect", text.index("?"))]
    assert garble_edits("你们什么时候去北京参加会议?\n") == []


@pytest.mark.parametrize("prefix", ["000", "001", "002", "004"])
def test_clean_seeds_untouched(prefix: str) -> None:
    assert garble_edits(seed(prefix)) == []


def test_seed_003_after_realignment_untouched() -> None:
    text = seed("003")
    text = apply_edits(text, misaligned_edits(text))
    assert garble_edits(text) == []


_HAN = st.sampled_from(sorted({c for c in seed("003") + seed("001") if "\u4e00" <= c <= "\u9fff"}))
_clean = st.lists(
    st.one_of(
        st.text(_HAN, min_size=1, max_size=8), st.sampled_from([",", "。", "、", "“", "”", "(市)", "2024", "嗎?"])
    ),
    max_size=15,
).map("".join).filter(lambda t: not re.search("[,，][,，。、]", t))  # doubled commas are the damage


@settings(max_examples=40, deadline=None)
@given(_clean)
@example("嗎?““")  # found by hypothesis: realigned as 啊啊啊 (a punctuation unit read without punctuation)
def test_clean_text_unchanged(text: str) -> None:
    assert apply_edits(text, garble_edits(text)) == text


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from("?!。(ū)ì,，、鰞內(nèi)abc \n"), max_size=24))
def test_never_crashes(text: str) -> None:
    edits = garble_edits(text)
    assert all(0 <= e.start <= e.end <= len(text) for e in edits)


_ANNOTATED = sorted(
    {
        (m.group(1), m.group(2))
        for m in re.finditer(r"(.)\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\)", seed("003") + seed("004"))
        if not m.group(2).isascii() and m.group(1) != "M"
    }
)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(_ANNOTATED), st.sampled_from([mirror_decode, _glibc_decode]))
def test_every_seed_annotation_survives_a_lost_letter(pair: tuple[str, str], decode: object) -> None:
    """Any annotation of the seeds, its toned letter's lead byte lost, comes back exactly."""
    ch, reading = pair
    text = f"關於{ch}({reading})的"
    letter = next(c for c in reading if not c.isascii())
    damaged = lose_lead(text, letter, decode)
    assert apply_edits(damaged, garble_edits(damaged)) == text


@settings(deadline=None, max_examples=200)
@given(st.text(alphabet="字們(a)\nbǎ?)", max_size=40))
def test_annotations_are_what_the_plain_pattern_finds(text: str) -> None:
    # _annotations splits at the annotations instead of trying `(.)` at every position.
    from collections import Counter

    from zhclean.repair.garble import _ANY_ANNOT, _DAMAGED_ANNOT, _annotations

    plain = Counter(_DAMAGED_ANNOT.findall(text)) if _ANY_ANNOT.search(text) else Counter()
    assert list(_annotations(text).items()) == list(plain.items())


@settings(deadline=None, max_examples=150)
@given(st.text(alphabet=",，。、a國\n", max_size=12))
def test_doubled_punctuation_screen_is_the_pattern(text: str) -> None:
    # The screen for doubled punctuation looks for each pair as a substring, not with a class.
    from zhclean.repair.garble import _may_double

    assert _may_double(text) == bool(re.search("[,，][,，。、]", text))
