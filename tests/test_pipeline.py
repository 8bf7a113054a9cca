"""The core API: `clean`, `Config`, `Cleaner`, `Document`, and the change trace."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import zhclean
from zhclean import Change, Cleaner, Config, ConfigError, Document, Section, ZhcleanError, clean
from zhclean.edits import Edit, apply_edits
from zhclean.pipeline import Trace

HYGIENE_ONLY = {"structure": False, "repair": False}
"""Options that leave only decoding and hygiene on, for tests of hygiene through `clean`."""

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

MESSY_TEXT = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.sampled_from(
            ["中文", "，", ",", "(", ")", "\r\n", "\n", "\n\n\n", " ", "\xa0", "\u3000", "\u200b", "\ufeff",
             "&nbsp;", "&amp;#x4e2d;", "\x00", "e\u0301", "發(fā)展", "ä¸\x8d"]
        ),
        max_size=30,
    ).map("".join),
)


def seed(name: str) -> str:
    (path,) = SEEDS.glob(f"{name}_*.txt")
    return path.read_text(encoding="utf-8")


# --- properties ------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(MESSY_TEXT)
@example("\xa0\x86á")  # repair must not depend on the edge space that structure strips
@example("ÖÐ\xa0¹ú")  # hygiene after repair uncovers more to repair
def test_clean_never_raises_on_str_and_is_idempotent(text: str) -> None:
    doc = clean(text)
    assert isinstance(doc, Document) and isinstance(doc.text, str)
    assert clean(doc.text).text == doc.text
    assert doc.encoding is None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=200), MESSY_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))))
@example(b"\xe1\x80\x80\xe0\xa0\x80\xc3\xa1\xc2\x80\xc2\x80\xc2\xa0")  # a trailing NBSP hid UTF-8 mojibake
def test_clean_bytes_gives_document_or_zhclean_error(data: bytes) -> None:
    try:
        doc = clean(data)
    except ZhcleanError as exc:
        assert str(exc)  # a message naming the problem
        return
    assert isinstance(doc, Document)
    assert doc.encoding is not None and doc.encoding.name and 0.0 <= doc.encoding.confidence <= 1.0
    assert clean(doc.text).text == doc.text


@settings(max_examples=200, deadline=None)
@given(MESSY_TEXT)
def test_changes_point_into_the_input(text: str) -> None:
    doc = clean(text)
    touched: list[tuple[int, int]] = []
    for c in doc.changes:
        assert 0 <= c.start <= c.end <= len(text)
        # Where no earlier change touched the span, what the step saw is the input itself.
        if not any((s < c.end and c.start < e) or s == e == c.start for s, e in touched):
            assert c.before == text[c.start : c.end]
        touched.append((c.start, c.end))
    # Replaying the recorded changes on the input gives the output (exactly so for one step:
    # a later step's change may overlap an earlier step's).
    doc = clean(text, **HYGIENE_ONLY)
    edits = [Edit(c.start, c.end, c.after, c.kind) for c in doc.changes]
    assert apply_edits(text, edits) == doc.text


LATIN1_MOJIBAKE = st.lists(
    st.sampled_from(["ÖÐ", "¹ú", "á", "ä¸", "æ–‡", "Â", "\x86", "\x8d", "\x9f", "\xad", "\xa0", " ", "\u3000",
                     "\n", "中文", "x", "Ã"]),
    max_size=12,
).map("".join)
"""Latin-1 mojibake pieces among the characters hygiene keeps next to them for repair."""


@settings(max_examples=150, deadline=None)
@given(st.one_of(MESSY_TEXT, LATIN1_MOJIBAKE), st.sampled_from([{}, {"structure": False}, {"repair": False}]))
def test_characters_kept_for_repair_do_not_survive_it(text: str, options: dict[str, bool]) -> None:
    # Hygiene keeps C1 controls, no-break spaces and soft hyphens next to Latin-1 text, as they
    # may be mojibake bytes; whatever repair did not use is handled like anywhere else.
    doc = clean(text, **options)
    assert not re.search("[\x80-\x9f\xa0\xad]", doc.text), doc.text
    assert clean(doc.text, **options).text == doc.text


def test_repair_does_not_depend_on_edge_spaces() -> None:
    # The structure step strips line edges after repair: the repair must be the same with them.
    assert clean("\xa0\x86á").text == clean("\x86á").text == "嗎"
    data = b"\xe1\x80\x80\xe0\xa0\x80\xc3\xa1\xc2\x80\xc2\x80\xc2\xa0"
    assert clean(data).text == clean(data[:-2]).text == "\u1000\u0800\u1000"
    assert clean("\u3000\u3000" + "中文".encode("gbk").decode("latin-1") + "\xa0").text == "中文"


def test_hygiene_runs_again_after_repair_and_is_recorded() -> None:
    # \x9f is no byte of µÄ (的 in GBK): once repair has had its chance, hygiene removes it, and
    # the repair it then allows is made in the same run (not on the next run of clean).
    doc = clean("ÖÐ¹ú \x9fµÄ")
    assert doc.text == "中国 的"
    assert [(c.step, c.before, c.after) for c in doc.changes] == [
        ("repair", "ÖÐ¹ú", "中国"),
        ("normalize", "\x9f", ""),
        ("repair", "µÄ", "的"),
    ]
    assert [(c.start, c.end) for c in doc.changes] == [(0, 4), (5, 6), (6, 8)]


def test_no_step_of_the_repair_rounds_runs_twice_on_one_text(monkeypatch: pytest.MonkeyPatch) -> None:
    # Hygiene and the repair passes are pure: a round that gives one the text it found nothing
    # in last round skips it (after a round that only stripped pinyin), with the same result.
    import zhclean.pipeline as pipeline

    seen: list[str] = []
    real = pipeline.normalize_edits

    def counting(text: str, config: Config, *, keep_mojibake: bool) -> list[Edit]:
        if not keep_mojibake:
            seen.append(text)
        return real(text, config, keep_mojibake=keep_mojibake)

    text = "黨政領(lǐng)導(dǎo)座談會\n\n\n\nÖÐ¹ú \x9fµÄ"
    expected = clean(text)
    monkeypatch.setattr(pipeline, "normalize_edits", counting)
    assert clean(text) == expected
    assert len(seen) == len(set(seen)) >= 2


@st.composite
def edits_on(draw: st.DrawFn, text: str) -> list[Edit]:
    points = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=6))))
    edits = []
    for start, end in zip(points[::2], points[1::2], strict=False):
        edits.append(Edit(start, end, draw(st.text(alphabet="XY", max_size=2)), "k"))
    return edits


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab中文\n", max_size=25), st.data())
def test_trace_maps_later_steps_back_to_the_input(text: str, data: st.DataObject) -> None:
    trace = Trace(text)
    first = data.draw(edits_on(text))
    text1 = trace.apply("one", text, first)
    second = data.draw(edits_on(text1))
    text2 = trace.apply("two", text1, second)
    assert text2 == apply_edits(text1, second)
    # Where the first step left the text alone, the second step's change names input text.
    touched = []
    delta = 0
    for e in first:
        touched.append((e.start + delta, e.start + delta + len(e.after)))
        delta += len(e.after) - (e.end - e.start)
    for change, e in zip([c for c in trace.changes if c.step == "two"], second, strict=True):
        assert 0 <= change.start <= change.end <= len(text)
        assert change.before == text1[e.start : e.end]
        overlaps = any((s < e.end and e.start < t) or (s == t and e.start <= s <= e.end) for s, t in touched)
        if not overlaps:
            assert change.before == text[change.start : change.end]


# --- Config and Cleaner ----------------------------------------------------------------------


def test_config_rejects_unknown_and_bad_options() -> None:
    with pytest.raises(ConfigError, match="unknown option 'colour'"):
        clean("北京", colour="red")
    with pytest.raises(ConfigError, match="unknown option"):
        Cleaner(Config(), no_such_option=1)
    with pytest.raises(ConfigError, match="punctuation"):
        clean("北京", punctuation="wide")
    with pytest.raises(ConfigError, match="max_blank_lines"):
        Config(max_blank_lines=-2)
    with pytest.raises(TypeError):
        Config(nope=1)  # type: ignore[call-arg]
    assert issubclass(ConfigError, ValueError)


def test_config_is_frozen_and_replace_copies() -> None:
    config = Config()
    with pytest.raises(AttributeError):
        config.nbsp = "keep"  # type: ignore[misc]
    other = config.replace(nbsp="keep")
    assert other.nbsp == "keep" and config.nbsp == "space"
    assert config.replace() is config
    names = [name for name, *_ in Config.options()]
    assert names[:2] == ["encoding", "normalize"] and len(names) == len(set(names))


def test_clean_keywords_equal_config() -> None:
    text = "三省(市)层面,进一步\r\n"
    assert clean(text, punctuation="fullwidth").text == clean(text, Config(punctuation="fullwidth")).text
    assert clean(text, punctuation="fullwidth", **HYGIENE_ONLY).text == "三省（市）层面，进一步\n"


def test_clean_rejects_other_types() -> None:
    with pytest.raises(zhclean.InputTypeError, match="str or bytes"):
        clean(12)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        clean(None)  # type: ignore[arg-type]


def test_cleaner_is_picklable_and_gives_identical_results() -> None:
    cleaner = Cleaner(Config(punctuation="fullwidth"), max_blank_lines=0)
    restored = pickle.loads(pickle.dumps(cleaner))
    assert restored.config == cleaner.config
    assert repr(restored) == repr(cleaner)
    for path in sorted(SEEDS.glob("*.txt")):
        data = path.read_bytes()
        assert restored.clean(data) == cleaner.clean(data)
        assert restored.clean(data.decode("utf-8")).text == cleaner.clean(data.decode("utf-8")).text


# --- Document --------------------------------------------------------------------------------


def test_document_renderings() -> None:
    doc = clean("第一段。\r\n\r\n\r\n第二段&nbsp;\r\n".encode(), **HYGIENE_ONLY)
    d = doc.to_dict()
    assert d["text"] == "第一段。\n\n第二段\n"
    assert d["sections"] == [{"kind": "paragraph", "text": "第一段。"}, {"kind": "paragraph", "text": "第二段"}]
    assert d["encoding"] == {"name": "utf-8", "confidence": 1.0, "bom": False}
    # "&nbsp;" decoded to a space which then ended a line: one change, named by the last fix.
    assert [(c["before"], c["after"], c["kind"]) for c in d["changes"]] == [
        ("\r\n", "\n", "newline"), ("\r\n", "\n", "newline"), ("\r\n", "", "blank-lines"),
        ("&nbsp;", "", "trailing-space"), ("\r\n", "\n", "newline"),
    ]
    assert json.loads(doc.to_json()) == d
    assert "第一段" in doc.to_json()  # Chinese kept readable, not \\u-escaped
    assert json.loads(doc.to_json(indent=2)) == d
    assert doc.to_markdown() == "第一段。\n\n第二段\n"
    assert doc.summary() == {"normalize:newline": 3, "normalize:blank-lines": 1, "normalize:trailing-space": 1}


def test_markdown_kinds() -> None:
    doc = Document(
        text="",
        sections=[Section("title", "标题"), Section("metadata", "来源:新华社"), Section("lead", "导语"),
                  Section("heading", "一、小标题"), Section("paragraph", "正文。"), Section("caption", "图片说明")],
    )
    assert doc.to_markdown() == "# 标题\n\n> 导语\n\n## 一、小标题\n\n正文。\n\n*图片说明*\n"
    assert Document(text="").to_markdown() == ""


def test_change_fields() -> None:
    (change,) = clean("北京\u200b市").changes
    assert change == Change("normalize", "invisible", "\u200b", "", 2, 3, "zero-width or formatting character")


# --- golden facts on the seeds -----------------------------------------------------------------
# Facts about what hygiene does to each seed, read from the `normalize` changes so that later
# steps (repair, conversion, structure) can change the rest of the text without breaking them.


def hygiene(doc: Document) -> list[Change]:
    return [c for c in doc.changes if c.step == "normalize"]


def test_seed_000() -> None:
    text = seed("000")
    doc = clean(text)
    changes = hygiene(doc)
    assert {c.kind for c in changes} == {"nbsp", "blank-lines", "trailing-space"}
    nbsp = [c for c in changes if c.kind == "nbsp"]
    assert [text[c.start - 3 : c.end + 3] for c in nbsp] == ["聚合力\xa0\xa0同心", "合力\xa0\xa0同心同"]
    assert "\xa0" not in doc.text and "\n\n\n" not in doc.text and "\n\n\n" in text
    assert "党建引领聚合力  同心同行谋共赢\n" in doc.text
    assert all(not c.before.strip() and not c.after.strip() for c in changes)


def test_seed_001_nbsp_indentation_and_blank_lines() -> None:
    text = seed("001")
    doc = clean(text, **HYGIENE_ONLY)
    changes = hygiene(doc)
    assert text.count("\xa0") == 43 and "\xa0" not in doc.text
    # The lone-NBSP line between the article and its source: the NBSP went as trailing space,
    # and the run of three blank lines it left became one.
    lone = text.index("\n\xa0\n") + 1
    assert [(c.kind, c.start, c.end) for c in changes if lone <= c.start < lone + 4] == [
        ("trailing-space", lone, lone + 1), ("blank-lines", lone + 1, lone + 3)
    ]
    assert "港口群。\n\n摘自《天津日报》\n\n相关政府网站:" in doc.text
    # Trailing NBSP pairs after link lists went with the line ends.
    assert "相关部门网站: 天津市工商业联合会   绍兴市工商业联合会\n" in doc.text
    assert sum(c.kind == "trailing-space" for c in changes) == 4
    # The two-space paragraph indentation is kept for the structure step.
    assert doc.text.count("\n  ") == text.count("\n  ") == 39
    assert all(not c.before.strip() for c in changes)  # only whitespace was touched
    assert len(text) - len(doc.text) == 9


def test_seed_002_and_003_untouched() -> None:
    for name in ("002", "003"):
        text = seed(name)
        assert hygiene(clean(text)) == []
        assert zhclean.normalize(text) == text
    # Seed 003's damage is for the repair step: hygiene leaves it exactly as it is.
    assert "三?。ㄊ校用娓笾С郑M(jìn)一步" in zhclean.normalize(seed("003"))


def test_seed_004() -> None:
    text = seed("004")
    (change,) = hygiene(clean(text))
    assert text.startswith("馬海成\n\n\n\n主題教育開展以來")
    assert (change.kind, change.before, change.after, change.start, change.end) == ("blank-lines", "\n\n", "", 5, 7)
    assert zhclean.normalize(text).startswith("馬海成\n\n主題教育開展以來")


def test_seed_bytes_match_str() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        data = path.read_bytes()
        doc = clean(data)
        assert doc.encoding is not None and doc.encoding.name == "utf-8"
        assert doc.text == clean(data.decode("utf-8")).text
        assert clean(data.decode("utf-8").encode("gb18030")).text == doc.text
