"""Structure step: golden tests on the seeds, metadata and dates, options, and properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zhclean
from pages import make_page, score
from zhclean import Config
from zhclean.edits import apply_edits
from zhclean.structure import analyze, label_lines, segment, strip_boilerplate
from zhclean.structure.dates import parse_date, url_date
from zhclean.structure.lexicon import lexicon
from zhclean.structure.meta import parse_meta_line

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed(name: str) -> str:
    return next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def lines_of(text: str) -> list[str]:
    return [s.strip() for s in text.split("\n") if s.strip()]


def kinds(doc: zhclean.Document, kind: str) -> list[str]:
    return [s.text for s in doc.sections if s.kind == kind]


# --- golden tests on the seeds ----------------------------------------------------------------


def test_seed_001_loses_menus_links_and_footer_and_keeps_every_paragraph() -> None:
    text = seed("001")
    doc = segment(text)
    out = set(lines_of(doc.text))
    for gone in [
        "新闻中心",
        "商会新闻",
        "商会公告",
        "新闻时讯",
        "活动视频",
        "当前位置:新闻中心>>新闻时讯>>正文",
        "相关政府网站:",
        "摘自《天津日报》",
        "津公网安备 12010102000341号",
    ]:
        assert gone not in out
    furniture = ("天津政务网", "相关部门网站", "本站兄弟商会", "首页 |", "版权所有", "http")
    assert not any(s.startswith(furniture) for s in out)
    paragraphs = [s for s in lines_of(text) if len(s) >= 30 and not s.startswith(furniture)]
    assert len(paragraphs) == 37 and all(p in out for p in paragraphs)
    assert doc.meta["title"] == "为使京津冀成为中国式现代化建设先行区示范区贡献天津之为"
    assert doc.meta["subtitle"] == "市委召开新闻发布会解读市委十二届三次全会精神"
    assert doc.meta["source"] == "天津日报"
    assert doc.meta["url"] == "http://epaper.tianjinwe.com/tjrb/html/2023-06/02/content_152_7770531.htm"
    assert doc.meta["date"] == "2023-06-02"  # from the URL
    questions = [s for s in lines_of(text) if s.endswith("?")]
    assert len(questions) == 5 and set(questions) <= set(kinds(doc, "heading"))
    assert kinds(doc, "lead")[0] == "核心提示"


def test_seed_000_image_file_names_go_captions_stay() -> None:
    doc = segment(seed("000"))
    assert ".jpg" not in doc.text
    assert kinds(doc, "caption") == [
        "2023年8月21日,2023世界机器人大会京津冀产业对接洽谈会成功举办",
        "2023年9月8日,京津冀产业协同专题工作组主要领导工作会召开",
    ]
    assert doc.meta["date"] == "2024-01-18T14:29:57"
    assert doc.meta["source"] == "北京市直机关工委"
    assert doc.meta["title"].startswith("聚焦这十年——京津冀协同发展我来说|")
    assert "发布人" not in doc.text
    assert kinds(doc, "lead")[0] == "编 者 按"
    assert "对标对表、思责思进,努力做到政治站位更高" in kinds(doc, "heading")
    assert kinds(doc, "subtitle") == ["——市经济和信息化局对外交流合作处争当京津冀协同发展排头兵"]
    kinds_of_changes = {c.kind for c in doc.changes}
    assert {"image-file", "metadata"} <= kinds_of_changes


def test_seed_002_popup_goes() -> None:
    text = seed("002")
    doc = segment(text)
    assert "即将离开" not in doc.text
    assert doc.meta["title"] == lines_of(text)[0]
    assert lines_of(doc.text) == lines_of(text)[:-1]
    assert [c.kind for c in doc.changes if c.kind != "layout"] == ["popup"]


def test_seed_003_column_label_goes_pinyin_lines_survive() -> None:
    text = seed("003")
    doc = segment(text)
    assert lines_of(doc.text) == lines_of(text)[1:]
    assert doc.meta["title"].startswith("“通武廊”黨政領(lǐng)導(dǎo)座談會")
    assert len(kinds(doc, "subtitle")) == 2


def test_seed_004_byline_and_editor_become_metadata() -> None:
    text = seed("004")
    doc = segment(text)
    assert doc.meta["author"] == "馬海成"
    assert doc.meta["editor"] == "曹曉晨"
    assert "title" not in doc.meta
    assert lines_of(doc.text) == lines_of(text)[1:-1]
    assert kinds(doc, "heading") == [
        "以學促知 上好凝心鑄魂理論課",
        "以知促行 上好摸底排查調(diào)研課",
        "以行求知 上好落地轉(zhuǎn)化實踐課",
    ]
    assert {c.kind for c in doc.changes} >= {"byline", "editor"}


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_seeds_idempotent_and_honest(name: str) -> None:
    text = seed(name)
    result = analyze(text)
    assert apply_edits(text, result.edits) == result.text
    assert "\n".join(s.text for s in result.sections) == result.text
    again = segment(result.text)
    assert again.text == result.text
    assert [s.kind for s in again.sections][:1] == [s.kind for s in result.sections][:1]
    assert zhclean.clean(zhclean.clean(text).text).text == zhclean.clean(text).text


def test_clean_runs_structure_and_records_changes_on_the_input() -> None:
    text = seed("001")
    doc = zhclean.clean(text)
    assert doc.meta["source"] == "天津日报"
    removed = [c for c in doc.changes if c.step == "structure" and c.kind == "nav"]
    # Offsets point into the input (whose no-break spaces hygiene made plain).
    assert removed and all(zhclean.normalize(text[c.start : c.end]).strip() == c.before.strip() for c in removed)
    md = doc.to_markdown()
    assert md.startswith("# 为使京津冀成为中国式现代化建设先行区示范区贡献天津之为\n")
    assert "\n## 天津深入推进京津冀协同发展的重点领域、重点任务是什么?\n" in md


def test_structure_off_keeps_every_line() -> None:
    text = seed("001")
    doc = zhclean.clean(text, structure=False)
    assert "新闻中心" in doc.text and doc.meta == {}
    assert {s.kind for s in doc.sections} == {"paragraph"}


def test_keep_boilerplate_labels_instead_of_removing() -> None:
    text = seed("004")
    doc = segment(text, keep_boilerplate=True)
    assert lines_of(doc.text) == lines_of(text)
    assert doc.sections[0].kind == "metadata" and doc.sections[-1].kind == "metadata"
    labelled = [c for c in doc.changes if c.kind in ("byline", "editor")]
    assert len(labelled) == 2 and all(c.before == c.after for c in labelled)
    assert doc.meta["author"] == "馬海成"
    doc1 = segment(seed("001"), Config(keep_boilerplate=True))
    assert any(s.kind == "boilerplate" and s.text == "新闻中心" for s in doc1.sections)


def test_public_functions() -> None:
    assert zhclean.strip_boilerplate(seed("002")) == segment(seed("002")).text
    assert (
        strip_boilerplate("首页 | 新闻 | 关于我们 | 联系我们\n正文第一段，说了一件事。") == "正文第一段，说了一件事。"
    )
    assert zhclean.segment("").text == ""
    with pytest.raises(zhclean.InputTypeError):
        segment(b"bytes")  # type: ignore[arg-type]


# --- metadata lines and dates ---------------------------------------------------------------------

META_CASES = [
    (
        "发布人:市直机关工委 发布时间:2024-01-18 14:29:57 来源:北京市直机关工委 阅读次数:1 文字缩放:",
        {"publisher": "市直机关工委", "date": "2024-01-18T14:29:57", "source": "北京市直机关工委"},
    ),
    ("发布日期:2020-12-31 00:00信息来源:省发展改革委浏览量:", {"date": "2020-12-31T00:00", "source": "省发展改革委"}),
    ("【来源:本站】", {"source": "本站"}),
    ("点击数:", {}),
    ("来源: 作者:张伟", {"author": "张伟"}),
    ("(責任編輯:曹曉晨)", {"editor": "曹曉晨"}),
    ("(编辑/邓莉萍)", {"editor": "邓莉萍"}),
    ("文/张三", {"author": "张三"}),
    ("记者 张伟 李娜", {"author": "张伟 李娜"}),
    ("本报记者 欧阳明", {"author": "欧阳明"}),
    ("摘自《天津日报》", {"source": "天津日报"}),
    ("2023年6月2日 来源：人民网 作者：王芳", {"date": "2023-06-02", "source": "人民网", "author": "王芳"}),
    ("作者：澳门新葡京百家乐 来源：本站", {"source": "本站"}),
    ("2024-01-18", {"date": "2024-01-18"}),
]


@pytest.mark.parametrize(("line", "fields"), META_CASES)
def test_metadata_lines(line: str, fields: dict[str, str]) -> None:
    found = parse_meta_line(line, lexicon())
    assert found is not None
    assert found.fields == fields


@pytest.mark.parametrize(
    "line",
    [
        "记者：这项政策什么时候开始实施？",
        "来源：国家统计局。数据显示，收入同比增长5.8%。",
        "一季度,北京投资来源单位在津新设机构261家",
        "会议时间：2023年6月2日上午",
    ],
)
def test_content_lines_are_not_metadata(line: str) -> None:
    assert parse_meta_line(line, lexicon()) is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2023年6月2日", "2023-06-02"),
        ("2023/06/02 14:30", "2023-06-02T14:30"),
        ("２０２３年６月２日", "2023-06-02"),
        ("一九九七年十二月三十一日", "1997-12-31"),
        ("二〇二四年一月十八日", "2024-01-18"),
        ("2024-01-18 14:29:57", "2024-01-18T14:29:57"),
        ("2023.6.2", "2023-06-02"),
        ("2023年06月02日 星期五 08:05", "2023-06-02T08:05"),
        ("2023-02-30", None),
        ("12023-01-01", None),
        ("没有日期", None),
    ],
)
def test_dates(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_url_dates() -> None:
    assert url_date("http://epaper.tianjinwe.com/tjrb/html/2023-06/02/content_152_7770531.htm") == "2023-06-02"
    assert url_date("https://www.gov.cn/zhengce/202306/t20230602_1234.html") == "2023-06-02"
    assert url_date("https://example.com/a/123456789") is None


def test_empty_fields_never_take_the_next_fields_text() -> None:
    doc = segment("标题\n作者: 来源:新华社 责任编辑: 浏览量:\n正文第一段，说了一件事。")
    assert doc.meta == {"title": "标题", "source": "新华社"}


def test_spam_lines_and_duplicated_article() -> None:
    body = [
        "会议指出，要深入学习领会、全面贯彻落实，不断从党的百年奋斗重大成就中汲取力量。",
        "会议强调，要压实责任，真抓实干，确保各项工作落地落实。",
    ]
    page = "\n".join(["澳门新葡京_百家乐_时时彩_北京赛车pk10", "标题在这里", *body, "标题在这里", *body])
    doc = segment(page)
    assert doc.text == "\n".join(["标题在这里", *body])
    assert [c.kind for c in doc.changes if c.kind != "layout"] == ["spam", "duplicate", "duplicate", "duplicate"]


def test_prose_using_furniture_words_is_kept() -> None:
    text = "标题\n据了解，该网站版权所有方为市文化和旅游局，相关内容欢迎转载。\n会议要求，各部门要压实责任，细化任务。"
    assert segment(text).text == text


# --- properties over generated pages and arbitrary text -------------------------------------------


def test_generated_pages_meet_the_targets() -> None:
    totals: dict[str, int] = {}
    present = right = 0
    for n in range(150):
        page = make_page(n)
        labels = [ln.label for ln in label_lines(page.text)][: len(page.lines)]
        for k, v in score(page, labels).items():
            totals[k] = totals.get(k, 0) + v
        meta = analyze(page.text).meta
        for f in ("title", "date", "source", "author", "editor"):
            if f in page.meta:
                present += 1
                right += meta.get(f) == page.meta[f]
    assert totals["kept_chars"] / totals["article_chars"] >= 0.995
    assert totals["removed"] / totals["furniture"] >= 0.97
    assert right / present >= 0.95


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_generated_page_properties(n: int) -> None:
    page = make_page(n)
    result = analyze(page.text)
    assert apply_edits(page.text, result.edits) == result.text
    assert segment(result.text).text == result.text
    kept = set(lines_of(result.text))
    # Every real paragraph of the article survives.
    for line in page.article_lines():
        if len(line) >= 40:
            assert line in kept


LINE_PARTS = st.sampled_from(
    [
        "首页",
        "新闻中心",
        " | ",
        ">>",
        "版权所有",
        "来源:",
        "作者：",
        "编辑/",
        "2024-01-18",
        "十二月",
        "。",
        "？",
        "，",
        "核心提示",
        "编 者 按",
        "京ICP备05060933号",
        ".jpg",
        "http://a.cn/2023/06/02/x",
        "相关阅读",
        "（完）",
        "澳门新葡京",
        "百家乐",
        "張三",
        "马海成",
        "  ",
        "\u3000",
        "会议强调，要压实责任",
        "发展(fā)",
        "“开门红”",
        "一、",
        "——",
    ]
)
TEXTS = st.lists(st.one_of(st.lists(LINE_PARTS, max_size=6).map("".join), st.text(max_size=30)), max_size=25).map(
    "\n".join
)


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_any_text_segments_idempotently_and_honestly(text: str) -> None:
    result = analyze(text)
    assert apply_edits(text, result.edits) == result.text
    assert "\n".join(s.text for s in result.sections) == result.text
    once = segment(text).text
    assert segment(once).text == once
    assert zhclean.clean(zhclean.clean(text).text).text == zhclean.clean(text).text


def test_a_long_line_is_one_paragraph() -> None:
    line = "京津冀协同发展走深走实，" * 20_000
    doc = segment(line)
    assert doc.text == line and [s.kind for s in doc.sections] == ["paragraph"]


def test_markdown_of_a_segmented_page() -> None:
    md = segment(seed("000")).to_markdown()
    assert md.startswith("# 聚焦这十年")
    assert "\n\n> 编 者 按\n>\n> 2014年2月26日," in md
    assert "\n\n**——市经济和信息化局对外交流合作处争当京津冀协同发展排头兵**\n\n" in md
    assert "\n\n*2023年9月8日,京津冀产业协同专题工作组主要领导工作会召开*\n" in md
    audit = segment(seed("001"), keep_boilerplate=True).to_markdown()
    assert "新闻中心" not in audit.split("\n")[0] and "津公网安备" not in audit


SHAPES = [
    # A table row inside the article is not a menu; the menu under it is.
    (
        "标题\n会议指出，要深入学习领会、全面贯彻落实，不断从党的百年奋斗重大成就中汲取力量。\n序号  单位  人数  备注\n"
        "会议强调，要压实责任，真抓实干，确保各项工作落地落实。\n首页 | 新闻 | 关于我们 | 联系我们",
        "标题\n会议指出，要深入学习领会、全面贯彻落实，不断从党的百年奋斗重大成就中汲取力量。\n序号  单位  人数  备注\n"
        "会议强调，要压实责任，真抓实干，确保各项工作落地落实。",
    ),
    # A headline about gambling is not gambling spam.
    ("公安机关破获特大网络赌博六合彩案\n警方介绍，该团伙利用境外网站组织赌博，涉案金额巨大。", None),
    # No prose at all: nothing but explicit furniture goes.
    ("参会人员\n张三\n李四\n王五", None),
    ("静夜思\n床前明月光，\n疑是地上霜。\n举头望明月，\n低头思故乡。", None),
    # 时间：/地点： lines inside a notice are its content, not publishing metadata.
    (
        "关于召开工作会议的通知\n各单位：根据工作安排，定于下月召开全市工作会议，现将有关事项通知如下。\n"
        "时间：2023年6月2日上午9时\n地点：市政府第一会议室\n请各单位按时参会，不得缺席，并提前报送参会人员名单。",
        None,
    ),
    # A signature and date right after the last paragraph stay; the footer goes.
    (
        "通知\n根据工作安排，现将有关事项通知如下，请各单位认真落实。\n市政府办公室\n2023年6月1日\n版权所有：某某市人民政府",
        "通知\n根据工作安排，现将有关事项通知如下，请各单位认真落实。\n市政府办公室\n2023年6月1日",
    ),
    # A menu of one item a line, a column label and a site name above the title.
    (
        "北京市人民政府门户网站\n首页\n政务公开\n政民互动\n工作动态\n我市出台十条措施支持中小企业稳岗扩岗\n"
        "措施提出，对当年新招用登记失业人员的中小企业给予一次性吸纳就业补贴。",
        "我市出台十条措施支持中小企业稳岗扩岗\n措施提出，对当年新招用登记失业人员的中小企业给予一次性吸纳就业补贴。",
    ),
    # Related links without their heading, after the article.
    (
        "标题\n会议强调，要压实责任，真抓实干，确保各项工作落地落实。\n市图书馆新馆正式开放 首日接待读者逾万人次\n"
        "春季植树活动在城区各街道陆续展开\n老旧小区加装电梯试点扩大到六个区\n津ICP备19010415号-1",
        "标题\n会议强调，要压实责任，真抓实干，确保各项工作落地落实。",
    ),
]


@pytest.mark.parametrize(("page", "article"), SHAPES)
def test_page_shapes(page: str, article: str | None) -> None:
    assert segment(page).text == (page if article is None else article)


def test_remembered_classifications_change_nothing() -> None:
    from zhclean.structure.label import clear_cache

    pages = [make_page(n).text for n in range(20)] + [seed(name) for name in ("000", "001", "004")]
    warm = [analyze(p) for p in pages]
    clear_cache()
    for p, before in zip(pages, warm, strict=True):
        after = analyze(p)
        assert (after.text, after.meta, after.sections, after.edits) == (
            before.text,
            before.meta,
            before.sections,
            before.edits,
        )


LEXICONS = [
    "boilerplate.txt",
    "boilerplate_patterns.txt",
    "metadata_fields.txt",
    "sections.txt",
    "surnames.txt",
    "spam.txt",
]


@pytest.mark.parametrize("name", LEXICONS)
def test_lexicons_say_where_they_came_from(name: str) -> None:
    path = Path(zhclean.__file__).parent / "data" / name
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and "Written by the zhclean project" in first


def test_government_disclosure_header() -> None:
    page = (
        "索引号：000014349/2023-00045  主题分类：城乡建设\n发文机关：国务院办公厅  成文日期：2023年06月01日\n"
        "发文字号：国办发〔2023〕18号  发布日期：2023年06月02日\n国务院办公厅关于进一步做好某项工作的通知\n"
        "经国务院同意，现就进一步做好某项工作通知如下，请认真贯彻落实。\n国务院办公厅\n2023年6月1日\n（此件公开发布）"
    )
    doc = segment(page)
    assert doc.text.split("\n")[0] == "国务院办公厅关于进一步做好某项工作的通知"
    assert doc.text.endswith("国务院办公厅\n2023年6月1日\n（此件公开发布）")
    assert doc.meta["date"] == "2023-06-02"  # the publication date, not 成文日期
    assert doc.meta["doc_number"] == "国办发〔2023〕18号"
    assert doc.meta["publisher"] == "国务院办公厅"


def test_options_are_validated() -> None:
    with pytest.raises(zhclean.ConfigError):
        Config(structure="yes")  # type: ignore[arg-type]
    with pytest.raises(zhclean.ConfigError):
        segment("x", keep_boiler=True)
    names = [name for name, *_ in Config.options()]
    assert {"structure", "keep_boilerplate"} <= set(names)


TINY = ["甲", "甲\n乙", "好", "Hello", "1", "新闻", "张三", "2023年6月2日", "甲\n\n乙\n丙\u3000\u3000丁&"]


@pytest.mark.parametrize("text", TINY)
def test_tiny_texts_keep_their_lines(text: str) -> None:
    assert segment(text).text == "\n".join(lines_of(text))


COLUMN_PIECES = [*"中心新闻网站政府门户市委工作 ab", "网站", "门户网站", "中心"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(COLUMN_PIECES), max_size=12).map("".join))
def test_column_suffix_lookups_equal_the_regexes(text: str) -> None:
    lex = lexicon()
    assert lex.ends_with_suffix(text) == (lex.suffix_re.search(text) is not None)
    assert lex.ends_with_site(text) == (lex.site_re.search(text) is not None)
    for word in list(lex.site_words)[:50] + list(lex.suffix_words)[:50]:
        assert lex.ends_with_site("北京" + word) == (lex.site_re.search("北京" + word) is not None)
        assert lex.ends_with_suffix(word) == (lex.suffix_re.search(word) is not None)
    for word in lex.caption_end_words:
        for line in (text + word, text + word + " \u3000", word + text, text):
            assert lex.ends_with_caption_end(line) == (lex.caption_end_re.search(line) is not None)
