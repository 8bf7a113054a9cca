"""HTML leftovers in text: tags, comments, script blocks and entities; never real < > text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import damage
from zhclean import clean
from zhclean.config import Config
from zhclean.edits import apply_edits
from zhclean.repair import repair
from zhclean.repair.html import html_edits

CASES = [
    ("closing tag after quote", "开展工作。”</p>", "开展工作。”"),
    ("br between text", "第一段<br>第二段", "第一段\n第二段"),
    ("br at line end", "第一段<br/>\n第二段", "第一段\n第二段"),
    ("block tags between paragraphs", "甲。</p><p>乙。", "甲。\n乙。"),
    ("inline tags", '<span style="color:red">重要</span>通知', "重要通知"),
    ("link", '<a href="http://x.cn/a?b=1&c=2">原文</a>链接', "原文链接"),
    ("upper case", "<P ALIGN=center>标题</P>", "标题"),
    ("comment", "正文<!-- 广告位 -->继续", "正文继续"),
    ("script block", "正文<script>var a = 1 < 2;</script>继续", "正文继续"),
    ("word xml tags", "通知<o:p></o:p>", "通知"),
    ("entities", "A&amp;B&nbsp;C", "A&B C"),
    ("double-escaped entity", "&amp;#x4e2d;文", "中文"),
    ("numeric entity", "&#20013;&#x6587;", "中文"),
]

LEFT_ALONE = [
    "a < b 且 c > d",
    "x<5>与y",
    "《人民日报》〈社论〉",
    "<<重要>>",
    "if (a<b && c>d)",
    "AT&T 与 R&D",
    "<非标签>",
    "1<2",
]


@pytest.mark.parametrize(("label", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_real_cases(label: str, text: str, expected: str) -> None:
    assert apply_edits(text, html_edits(text, Config())) == expected


@pytest.mark.parametrize("text", LEFT_ALONE)
def test_text_that_only_looks_like_markup_stays(text: str) -> None:
    assert html_edits(text, Config()) == []


def test_entities_follow_the_html_entities_option() -> None:
    assert repair("A&amp;B<br>", html_entities=False) == "A&amp;B"


def test_edit_kind_and_pipeline() -> None:
    edits = html_edits("好。</p>", Config())
    assert [(e.kind, e.after) for e in edits] == [("html", "")]
    doc = clean("工作。”</p>\n下一段<br>")
    assert doc.text == "工作。”\n下一段"
    assert [c.before for c in doc.changes if c.step == "repair"] == ["</p>", "<br>"]


@settings(max_examples=40, deadline=None)
@given(damage.chinese_text("mixed"), st.sampled_from(damage.HTML_LEFTOVERS), st.floats(0, 1))
def test_inserted_inline_leftovers_are_removed(text: str, tag: str, at: float) -> None:
    out = repair(damage.insert(text, tag, at))
    assert out.replace("\n", "") == text


def test_seeds_have_no_markup() -> None:
    for line in damage.seed_lines():
        assert html_edits(line, Config()) == []
