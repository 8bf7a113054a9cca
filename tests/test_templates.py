"""Template learning: furniture that recurs across a site's pages goes; article text stays."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zhclean
from zhclean.templates import Templates, learn_templates, line_key, template_edits

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))

# Furniture no rule knows: a site's own slogans, column names and footer, unlike any lexicon entry.
FURNITURE = {
    "lqy": ["龙泉驿融媒 · 看见龙泉", "今日龙泉  区情概况  龙泉发布", "扫码关注龙泉驿发布微信",
            "主办单位:成都市龙泉驿区融媒体中心"],
    "hx": ["河西区新闻网欢迎您", "河西要闻 | 街道动态 | 图说河西", "本网原创稿件转载请注明出处", "河西区委宣传部 2024"],
}


def _paragraphs() -> list[str]:
    paras = []
    for p in SEEDS[:3]:
        for line in p.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) > 60 and line.endswith("。"):
                paras.append(line)
    return paras


def make_site(site: str, pages: int, rng: random.Random) -> list[tuple[str, str, list[str]]]:
    """Pages of one site: (site, text, article lines); article lines drawn from the seeds."""
    paras = _paragraphs()
    out = []
    for i in range(pages):
        article = rng.sample(paras, 3)
        head, tail = FURNITURE[site][:2], FURNITURE[site][2:]
        lines = [*head, f"第{i}期 发布时间:2024-0{1 + i % 9}-1{i % 10}", *article, *tail]
        out.append((site, "\n".join(lines), article))
    return out


def test_learned_templates_remove_site_furniture_and_keep_articles() -> None:
    rng = random.Random(7)
    pages = make_site("lqy", 40, rng) + make_site("hx", 25, rng)
    templates = learn_templates((s, t) for s, t, _ in pages)
    assert set(templates.documents) == {"lqy", "hx"}
    cleaner = zhclean.Cleaner(templates=templates)
    plain = zhclean.Cleaner()
    furniture_total = removed_with = removed_without = 0
    for site, text, article in pages:
        with_t = cleaner.clean(text, site=site).text
        without = plain.clean(text).text
        for line in FURNITURE[site]:
            furniture_total += 1
            removed_with += line not in with_t
            removed_without += line not in without
        for para in article:  # every article line kept, with or without templates
            assert para in with_t
    share_with = removed_with / furniture_total
    share_without = removed_without / furniture_total
    assert share_with == 1.0
    assert share_with > share_without  # the gain: rules alone keep this unknown furniture


def test_rare_lines_are_never_templates() -> None:
    docs = [f"正文第{i}段,内容各不相同{'甲乙丙丁戊己庚辛'[i % 8]}。" for i in range(30)]
    docs = [d + ("\n偶尔出现的一行" if i < 4 else "") for i, d in enumerate(docs)]
    templates = learn_templates(docs, min_docs=5, min_share=0.1)
    kept = zhclean.Cleaner(templates=templates).clean(docs[0]).text
    assert "偶尔出现的一行" in kept  # in 4 of 30 documents: below min_docs


def test_long_sentences_need_half_the_site() -> None:
    quote = "这是一段被多个页面转载引用的很长的正文句子,它出现在不少页面里,但它仍然是文章内容而不是网站模板的一部分。"
    docs = [f"页面{i}\n{quote if i % 4 == 0 else '其他内容' + str(i)}" for i in range(40)]
    templates = learn_templates(docs)
    assert quote in zhclean.Cleaner(templates=templates).clean(docs[0]).text  # in 25% < 50%


def test_line_key_ignores_spaces_and_numbers() -> None:
    assert line_key(" 阅读次数: 12 ") == line_key("阅读次数:3")
    assert line_key("a b\u3000c") == "abc"


def test_template_edits_remove_whole_lines_and_record_them() -> None:
    templates = learn_templates(["站点口号\n正文一。"] * 5 + ["站点口号\n正文二。"] * 5)
    doc = zhclean.Cleaner(templates=templates).clean("站点口号\n新的正文。\n站点口号")
    assert doc.text == "新的正文。"
    assert [c.kind for c in doc.changes] == ["template", "template"]
    assert all(c.step == "structure" for c in doc.changes)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=200))
def test_template_edits_never_break_and_only_delete_lines(text: str) -> None:
    lines = frozenset(learn_templates([text] * 6).lines(None))
    edits = template_edits(text, lines)
    assert all(e.after == "" for e in edits)
    assert all(edits[i].end <= edits[i + 1].start for i in range(len(edits) - 1))


def test_dump_and_load_round_trip(tmp_path: Path) -> None:
    templates = learn_templates([("a", "菜单\n正文" + str(i)) for i in range(6)])
    path = tmp_path / "t.json"
    templates.dump(path)
    again = Templates.load(path)
    assert again == templates
    with pytest.raises(ValueError):
        (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
        Templates.load(tmp_path / "bad.json")
