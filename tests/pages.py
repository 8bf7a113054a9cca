"""A generator of scraped-looking Chinese article pages with every line labelled.

`make_page(seed)` wraps real article text (the seeds' paragraphs, titles, headings and captions,
plus articles written for these tests) in site furniture of every family the structure step
handles: menus (one item a line, or one line with separators), column labels, breadcrumbs,
spam, publish-metadata lines (run together, empty fields, many date formats), bylines, editor
lines, source lines, share widgets, image file names before captions, related-links lists,
footers (copyright, ICP and 公网安备 numbers, addresses, phones, support, browser advice, related
government sites), popups, URLs, and a duplicated copy of the article. Blank lines, indentation
and orders vary. Each line carries its truth, and the page its expected metadata, so tests and
benchmarks/bench_structure.py can measure what the labeller keeps, removes and extracts.

Truth labels: ``article:<kind>`` (title, subtitle, lead, heading, paragraph, caption),
``furniture:<reason>``, ``metadata:<reason>``, ``blank``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@dataclass
class Page:
    """A generated page: its text, each line's truth, and the metadata a reader would find."""

    text: str
    lines: list[tuple[str, str]]
    meta: dict[str, str] = field(default_factory=dict)

    def article_lines(self) -> list[str]:
        return [s.strip() for s, t in self.lines if t.startswith("article:")]


# --- article text ------------------------------------------------------------------------------

WRITTEN_TITLES = [
    "市图书馆新馆正式开放 首日接待读者逾万人次",
    "我市出台十条措施支持中小企业稳岗扩岗",
    "春季植树活动在城区各街道陆续展开",
    "全市中小学秋季学期开学准备工作就绪",
    "滨河公园改造工程完工 周边居民有了新去处",
    "暴雨过后 城管部门连夜排水保障道路通行",
    "老旧小区加装电梯试点扩大到六个区",
    "乡村振兴:一个山村的十年变迁",
    "如何让“一老一小”生活更舒心？",
    "第十届读书节开幕",
]
WRITTEN_SUBTITLES = [
    "——记市图书馆志愿者服务队",
    "三个月内完成全部试点项目审批",
    "——来自基层一线的调查报告",
    "新馆藏书两百万册 设有少儿阅览区和盲文阅览室",
]
WRITTEN_HEADINGS = [
    "一、总体要求",
    "二、主要任务",
    "（一）加强组织领导",
    "（二）强化资金保障",
    "1. 完善服务体系",
    "第一章 总则",
    "群众有了好去处",
    "下一步怎么走？",
    "办好民生实事",
    "科技赋能 服务升级",
]
WRITTEN_PARAGRAPHS = [
    "9月1日上午，市图书馆新馆正式向公众开放。新馆位于滨河新区文化中心，总建筑面积5.6万平方米，设有借阅区、少儿阅览区、盲文阅览室和自习区，首日接待读者一万二千余人次。",
    "据介绍，新馆引入了自助借还、智能导航等设备，读者通过手机即可预约座位、查询馆藏。馆方表示，将根据读者反馈不断优化服务。",
    "“以前周末带孩子看书要排很久的队，现在地方宽敞了，环境也好。”市民王女士说。",
    "措施提出，对当年新招用登记失业人员的中小企业，按每人一千元的标准给予一次性吸纳就业补贴；对不裁员或少裁员的企业，返还部分失业保险费。",
    "市人力资源和社会保障局有关负责人表示，各项补贴将通过“免申即享”方式直接发放，企业无需提交材料。",
    "连日来，各街道组织党员干部、志愿者和辖区居民开展义务植树活动，共栽种银杏、国槐、海棠等苗木三万余株。",
    "受强降雨影响，城区部分低洼路段出现积水。城管部门启动应急预案，出动抢险人员八百余人次、排水车辆六十余台次，连夜排水疏通。",
    "截至昨日下午，全市主要道路已恢复正常通行，未发生人员伤亡。",
    "老旧小区加装电梯是一项民生工程，也是一项“细活”。试点中，街道社区搭建议事平台，逐楼栋征求居民意见，化解低层住户的顾虑。",
    "十年间，这个曾经的贫困村修通了水泥路，建起了合作社，村民人均收入增长了三倍多。",
    "村党支部书记说：“路通了，人心也齐了，大家干事有了奔头。”",
    "会议要求，各部门要压实责任，细化任务，确保各项措施落地见效。",
    "本届读书节为期一个月，将举办名家讲座、亲子共读、图书漂流等活动一百余场。",
    "下一步，我市将继续扩大试点范围，力争年底前完成三百部电梯的加装任务。",
    "好。",
    "据统计，今年以来全市已累计发放各类补贴资金2.3亿元，惠及企业4800余家。",
    "活动现场，读者可免费领取文创书签，参与知识问答。",
    "该项目来源于群众的“金点子”，从提出到落地仅用了两个月时间。",
    "记者：这项政策什么时候开始实施？",
    "张伟：预计下个月起实施，具体细则近期公布。",
    "来源：国家统计局。数据显示，前三季度全市居民人均可支配收入同比增长5.8%。",
    "据了解，该网站版权所有方为市文化和旅游局，相关内容欢迎转载。",
]
WRITTEN_CAPTIONS = [
    ("读者在新馆少儿阅览区看书", "IMG_20230901_102315.jpg"),
    ("志愿者在滨河公园植树", "植树活动现场.png"),
    ("抢险人员在积水路段排水", "paishui.JPG"),
    ("图为新加装的电梯", "2023092701.jpeg"),
]
CLOSINGS = ["（完）", "中共某某市委办公室\n2023年6月2日", "（全文完）"]

SEED_TITLES = {
    "000": "聚焦这十年——京津冀协同发展我来说| 北京市经济和信息化局:党建引领聚合力 同心同行谋共赢",
    "001": "为使京津冀成为中国式现代化建设先行区示范区贡献天津之为",
    "002": (
        "北京经开区多点发力推动高质量发展新跨越!工委会议传达学习习近平总书记重要讲话精神,"
        "研究全年重点工作事项,力促“开门红”"
    ),
}
SEED_TITLES["003"] = "“通武廊”黨政領(lǐng)導(dǎo)座談會暨一體化高質(zhì)量發(fā)展工作聯(lián)席會在我市召開"
SEED_SUBTITLES = [
    "深入學(xué)習(xí)貫徹習(xí)近平總書記重要講話精神 著力推進(jìn)“通武廊”一體化高質(zhì)量發(fā)展走深走實",
    "市委召开新闻发布会解读市委十二届三次全会精神",
    "——市经济和信息化局对外交流合作处争当京津冀协同发展排头兵",
]
SEED_HEADINGS = [
    "对标对表、思责思进,努力做到政治站位更高",
    "融入大局、服务全局,努力做到谋划聚焦更准",
    "先行探索、攻坚克难,努力做到协同配合更紧",
    "发挥优势、辐射带动,努力做到发展成效更实",
    "天津深入推进京津冀协同发展的重点领域、重点任务是什么?",
    "如何加强与北京创新协同和产业协作,增强辐射带动和高端引领作用?",
    "在新征程上,天津港如何发挥好对京津冀协同发展的重要支撑作用?",
]
SEED_CAPTIONS = [
    "2023年8月21日,2023世界机器人大会京津冀产业对接洽谈会成功举办",
    "2023年9月8日,京津冀产业协同专题工作组主要领导工作会召开",
]
LEAD_LABELS = ["编者按", "编 者 按", "核心提示", "【编者按】", "内容提要："]


def _seed_paragraphs() -> list[str]:
    out: list[str] = []
    for name in ("000", "001", "002", "003", "004"):
        path = next(SEEDS.glob(f"{name}_*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines():
            s = line.strip()
            if len(s) >= 40 and s[-1] in "。”" and s not in SEED_TITLES.values():
                out.append(s)
    return out


SEED_PARAGRAPHS = _seed_paragraphs()

# --- furniture ---------------------------------------------------------------------------------

COLUMNS = [
    "政府信息公开目录",
    "政务服务事项清单",
    "重点领域信息公开",
    "互动交流平台",
    "新闻中心",
    "商会新闻",
    "商会公告",
    "新闻时讯",
    "活动视频",
    "政务公开",
    "工作动态",
    "通知公告",
    "媒体聚焦",
    "图片新闻",
    "市委工作",
    "部门动态",
    "专题专栏",
    "互动交流",
    "政策解读",
    "领导活动",
    "本地要闻",
    "办事服务",
]
SITE_LINKS = [
    "首页",
    "会长致辞",
    "绍商风采",
    "新闻中心",
    "商会概况",
    "入会流程",
    "人才平台",
    "联系我们",
    "政务公开",
    "政民互动",
    "办事服务",
    "数据开放",
    "网站地图",
    "关于我们",
]
SEPARATORS = [" | ", "|", " ｜ ", "  ", "   ", " · ", " 丨 ", "\u3000"]
CRUMB_SEPS = [">>", " > ", ">", " » ", "＞", " → "]
CRUMB_HEADS = ["当前位置:", "当前位置：", "您现在的位置：", "您的位置: ", "所在位置：", ""]
NAMES = [
    "张伟",
    "王芳",
    "李娜",
    "刘洋",
    "陈静",
    "杨帆",
    "赵磊",
    "黄丽",
    "周杰",
    "吴敏",
    "马海成",
    "曹晓晨",
    "邓莉萍",
    "欧阳明",
    "孙立新",
    "郭晓东",
    "何婷婷",
    "林海",
]
SOURCES = [
    "新华社",
    "人民日报",
    "天津日报",
    "北京市直机关工委",
    "本站",
    "省发展改革委",
    "中国政府网",
    "光明网",
    "市政府办公室",
    "北京日报",
]
PUBLISHERS = ["市直机关工委", "办公室", "管理员", "admin", "宣传部"]
SITE_TOPS = ["北京市人民政府门户网站", "天津绍兴商会官方网站", "中国·绍兴", "首都之窗", "某某区政府网"]
SITE_NAMES = [
    "天津绍兴商会",
    "北京市人民政府",
    "某某区人民政府办公室",
    "市发展和改革委员会",
    "北京经济技术开发区管委会",
]
SPAM_WORDS = [
    "澳门新葡京",
    "百家乐",
    "时时彩",
    "北京赛车pk10",
    "娱乐城",
    "真人视讯",
    "六合彩",
    "体育投注",
    "彩金",
    "老虎机",
    "365bet",
    "威尼斯人",
]
SHARE_LINES = [
    "分享到：",
    "【打印本页】【关闭窗口】",
    "扫一扫在手机打开当前页",
    "字号：大 中 小",
    "返回顶部",
    "【字体：大 中 小】【打印】【关闭】",
    "分享到： 微信 微博 QQ空间",
    "打印",
    "关闭窗口",
    "【打印】 【关闭】",
]
RELATED_HEADS = ["相关阅读", "相关链接：", "相关新闻", "推荐阅读", "热点推荐", "相关文章："]
FOOTER_LINES = [
    "版权所有：{site} 地址：天津市和平区北安桥南侧合生财富广场2号楼 17层 邮编：300010 津ICP备19010415号-1",
    "版权所有 © 2003-2024 {site}",
    "Copyright © 2024 {site} All Rights Reserved",
    "津ICP备19010415号-1",
    "京ICP备05060933号",
    "津公网安备 12010102000341号",
    "京公网安备11010502035487号",
    "网站标识码：1100000088",
    "主办单位：{site}",
    "技术支持：某某网络科技有限公司",
    "建议使用1024×768分辨率，IE8.0以上浏览器浏览本站",
    "联系电话：022-23456789 传真：022-23456788",
    "地址：北京市通州区运河东大街57号 邮编：101100",
    "联系我们 | 网站地图 | 网站声明",
    "主办：{site}  承办：信息中心",
    "电子邮箱：webmaster@example.gov.cn",
]
GOV_SITES = [
    "天津政务网",
    "天津和平区政务网",
    "天津河北区政务网",
    "天津河东区政务网",
    "绍兴市政府",
    "北京市人民政府",
    "中国政府网",
    "天津市工商业联合会",
    "绍兴市工商业联合会",
]


def _cn_year(y: int) -> str:
    return "".join("〇一二三四五六七八九"[int(c)] for c in str(y))


def _cn_num(n: int) -> str:
    digits = "〇一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[units] if units else "")


def _date(rng: random.Random) -> tuple[str, str]:
    """A date written in one of the page formats, and its ISO form."""
    y, m, d = rng.randint(2005, 2025), rng.randint(1, 12), rng.randint(1, 28)
    hh, mi, ss = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    fmt = rng.randrange(9)
    if fmt == 0:
        return f"{y}-{m:02d}-{d:02d} {hh:02d}:{mi:02d}:{ss:02d}", f"{y}-{m:02d}-{d:02d}T{hh:02d}:{mi:02d}:{ss:02d}"
    if fmt == 1:
        return f"{y}-{m:02d}-{d:02d}", f"{y}-{m:02d}-{d:02d}"
    if fmt == 2:
        return f"{y}/{m:02d}/{d:02d} {hh:02d}:{mi:02d}", f"{y}-{m:02d}-{d:02d}T{hh:02d}:{mi:02d}"
    if fmt == 3:
        return f"{y}年{m}月{d}日", f"{y}-{m:02d}-{d:02d}"
    if fmt == 4:
        return f"{y}年{m:02d}月{d:02d}日 {hh:02d}:{mi:02d}", f"{y}-{m:02d}-{d:02d}T{hh:02d}:{mi:02d}"
    if fmt == 5:
        full = str.maketrans("0123456789", "０１２３４５６７８９")
        return f"{y}年{m}月{d}日".translate(full), f"{y}-{m:02d}-{d:02d}"
    if fmt == 6:
        return f"{_cn_year(y)}年{_cn_num(m)}月{_cn_num(d)}日", f"{y}-{m:02d}-{d:02d}"
    if fmt == 7:
        return f"{y}.{m:02d}.{d:02d}", f"{y}-{m:02d}-{d:02d}"
    return f"{y}-{m}-{d} {hh}:{mi:02d}", f"{y}-{m:02d}-{d:02d}T{hh:02d}:{mi:02d}"


class _Builder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.lines: list[tuple[str, str]] = []

    def add(self, text: str, truth: str) -> None:
        rng = self.rng
        for _ in range(rng.choice((0, 0, 1, 1, 1, 2))):
            self.lines.append(("", "blank"))
        indent = rng.choice(("", "", "", "  ", "\u3000\u3000")) if truth.startswith("article:") else ""
        self.lines.append((indent + text, truth))


def _article(rng: random.Random) -> dict:
    """Title, subtitle, lead and body blocks of one article."""
    use_seed = rng.random() < 0.5
    if use_seed:
        title = rng.choice(list(SEED_TITLES.values()))
        pool = SEED_PARAGRAPHS
        headings = SEED_HEADINGS
        captions = [(c, c + ".jpg") for c in SEED_CAPTIONS]
    else:
        title = rng.choice(WRITTEN_TITLES)
        pool = WRITTEN_PARAGRAPHS
        headings = WRITTEN_HEADINGS
        captions = WRITTEN_CAPTIONS
    subtitle = rng.choice(SEED_SUBTITLES + WRITTEN_SUBTITLES) if rng.random() < 0.3 else None
    picked = rng.sample(pool, k=min(len(pool), rng.randint(4, 10)))
    lead = None
    if rng.random() < 0.25:
        lead = (rng.choice(LEAD_LABELS), picked.pop())
    body: list[tuple[str, str]] = []
    paragraphs = picked
    headings = rng.sample(headings, k=len(headings))
    captions = rng.sample(captions, k=len(captions))
    # Start with a real paragraph so the article's first line after the header reads as prose.
    long_first = [p for p in paragraphs if len(p) >= 40]
    if long_first and len(paragraphs[0]) < 40:
        k = paragraphs.index(long_first[0])
        paragraphs[0], paragraphs[k] = paragraphs[k], paragraphs[0]
    for k, p in enumerate(paragraphs):
        if k > 0 and headings and rng.random() < 0.25:
            body.append(("heading", headings.pop()))
        body.append(("paragraph", p))
        if k < len(paragraphs) - 1 and captions and rng.random() < 0.15:
            cap, fname = captions.pop()
            body.append(("image", fname))
            body.append(("caption", cap))
    # End on prose (a real article's last block is text, not a heading).
    return {"title": title, "subtitle": subtitle, "lead": lead, "body": body}


# Simplified to Traditional, character by character, for the characters of this module
# (made once with OpenCC s2t, so the tests need no OpenCC).
_S2T = str.maketrans(
    "万与专业东两个为丽举么义乐习乡书争于产亲亿仅从们众优会伟传伤体余侧儿党关兴内册况准击划刘则创办务动势区华协单压参发变台号"
    "后启吴员响园围国图场坚声处备复头娱孙学实审宽对导将层届岗带干广应开张强当录征态总愿户扩扫抢报挥据撑数断无旧时显晓术机权条"
    "来杨杰标栋栏树桥楼欢欧洼济浏游滨点热献环现电码确离种积稳筑签类紧红约级纳线组细织绍经给络统继绪续编缩网群联节范荐虑补装见"
    "视览计让议讯记讲设访识试话询该说读调谈谋负贡财责质贫贴费资赋赛赢赵车转载辆辐辑辖辞边达迁过运还这进连邓邮采银链长门闭问间"
    "闻阅队阳陆陈险难静页顶项顾预领频题风馆馈马黄齐",
    "萬與專業東兩個爲麗舉麼義樂習鄉書爭於產親億僅從們衆優會偉傳傷體餘側兒黨關興內冊況準擊劃劉則創辦務動勢區華協單壓參發變臺號"
    "後啓吳員響園圍國圖場堅聲處備復頭娛孫學實審寬對導將層屆崗帶幹廣應開張強當錄徵態總願戶擴掃搶報揮據撐數斷無舊時顯曉術機權條"
    "來楊傑標棟欄樹橋樓歡歐窪濟瀏遊濱點熱獻環現電碼確離種積穩築籤類緊紅約級納線組細織紹經給絡統繼緒續編縮網羣聯節範薦慮補裝見"
    "視覽計讓議訊記講設訪識試話詢該說讀調談謀負貢財責質貧貼費資賦賽贏趙車轉載輛輻輯轄辭邊達遷過運還這進連鄧郵採銀鏈長門閉問間"
    "聞閱隊陽陸陳險難靜頁頂項顧預領頻題風館饋馬黃齊",
)


def make_page(seed: int) -> Page:
    """A page built from `seed` (same seed, same page)."""
    rng = random.Random(seed)
    b = _Builder(rng)
    meta: dict[str, str] = {}
    art = _article(rng)
    site = rng.choice(SITE_NAMES)

    if rng.random() < 0.15:
        b.add(rng.choice(SITE_TOPS), "furniture:nav")
    # Spam injected at the top of a hijacked page.
    if rng.random() < 0.1:
        sep = rng.choice(["_", "|", " ", "-"])
        b.add(sep.join(rng.sample(SPAM_WORDS, k=rng.randint(3, 5))), "furniture:spam")
    # Menus: one item a line, or one line with separators.
    r = rng.random()
    if r < 0.35:
        for item in rng.sample(COLUMNS, k=rng.randint(3, 7)):
            b.add(item, "furniture:nav")
    elif r < 0.7:
        sep = rng.choice(SEPARATORS)
        b.add(sep.join(rng.sample(SITE_LINKS, k=rng.randint(4, 8))), "furniture:nav")
    if rng.random() < 0.5:
        head = rng.choice(CRUMB_HEADS)
        sep = rng.choice(CRUMB_SEPS)
        crumbs = ["首页", *rng.sample(COLUMNS, k=rng.randint(1, 2)), "正文"]
        b.add(head + sep.join(crumbs), "furniture:breadcrumb")
    elif rng.random() < 0.3:
        b.add(rng.choice(COLUMNS), "furniture:nav")

    b.add(art["title"], "article:title")
    meta["title"] = art["title"]
    if art["subtitle"]:
        b.add(art["subtitle"], "article:subtitle")

    # Publish metadata, bylines, URL.
    fields: list[str] = []
    r = rng.random()
    if r < 0.75:
        parts: list[str] = []
        date_text, iso = _date(rng)
        choices = ["publisher", "date", "source", "author", "counter", "zoom", "editor"]
        picked = [c for c in choices if rng.random() < 0.55] or ["date"]
        label_date = rng.choice(["发布时间:", "发布日期:", "发布时间：", "时间：", "日期:", "发表时间："])
        for c in picked:
            if c == "publisher":
                parts.append(f"发布人:{rng.choice(PUBLISHERS)}")
            elif c == "date":
                parts.append(f"{label_date}{date_text}")
                meta["date"] = iso
            elif c == "source":
                src = rng.choice(SOURCES)
                if rng.random() < 0.2:
                    parts.append("来源:")
                else:
                    parts.append(f"{rng.choice(['来源:', '来源：', '信息来源:', '稿件来源：'])}{src}")
                    meta["source"] = src
            elif c == "author":
                name = rng.choice(NAMES)
                parts.append(f"{rng.choice(['作者:', '作者：'])}{name}")
                meta["author"] = name
            elif c == "counter":
                parts.append(rng.choice(["阅读次数:1", "浏览量:", "点击数:", "浏览次数：235", "阅读量："]))
            elif c == "zoom":
                parts.append(rng.choice(["文字缩放:", "字号：大 中 小", "【字体：大 中 小】"]))
            elif c == "editor":
                name = rng.choice(NAMES)
                parts.append(f"责任编辑：{name}")
                meta["editor"] = name
        sep = rng.choice([" ", "  ", "   ", "\u3000", " | ", ""])
        b.add(sep.join(parts), "metadata:metadata")
        fields.extend(picked)
    elif r < 0.85:
        date_text, iso = _date(rng)
        b.add(date_text, "metadata:metadata")
        meta["date"] = iso
    if "source" not in meta and rng.random() < 0.15:
        src = rng.choice(SOURCES)
        b.add(rng.choice([f"【来源:{src}】", f"来源：{src}"]), "metadata:metadata")
        meta["source"] = src
    if "author" not in meta and rng.random() < 0.35:
        names = rng.sample(NAMES, k=rng.randint(1, 2))
        shape = rng.randrange(5)
        if shape == 0:
            line = f"作者：{' '.join(names)}"
        elif shape == 1:
            line = f"文/{names[0]}"
            names = names[:1]
        elif shape == 2:
            line = f"记者 {' '.join(names)}"
        elif shape == 3:
            line = f"本报记者 {' '.join(names)}"
        else:
            line = names[0]
            names = names[:1]
        if rng.random() < 0.1 and shape != 4:
            line += " " + rng.choice(SPAM_WORDS) + rng.choice(SPAM_WORDS)
            b.add(line, "metadata:spam")
        else:
            b.add(line, "metadata:byline")
        meta["author"] = " ".join(names)
    url = None
    if rng.random() < 0.15:
        y, m, d = rng.randint(2010, 2024), rng.randint(1, 12), rng.randint(1, 28)
        page_id = f"{rng.randint(100, 999)}_{rng.randint(10**6, 10**7)}"
        url = f"http://epaper.example.com/html/{y}-{m:02d}/{d:02d}/content_{page_id}.htm"
        b.add(url, "metadata:url")
        meta["url"] = url
        meta.setdefault("date", f"{y}-{m:02d}-{d:02d}")
    if rng.random() < 0.2:
        b.add(rng.choice(SHARE_LINES), "furniture:share")

    if art["lead"]:
        label, text = art["lead"]
        b.add(label, "article:lead")
        b.add(text, "article:lead")

    def body(copy: bool) -> None:
        for kind, text in art["body"]:
            if kind == "image":
                b.add(text, "furniture:image-file")
            else:
                b.add(text, "furniture:duplicate" if copy else f"article:{kind}")

    body(False)
    if rng.random() < 0.08:
        for line in rng.choice(CLOSINGS).split("\n"):
            b.add(line, "article:paragraph")
    if rng.random() < 0.06:
        b.add(art["title"], "furniture:duplicate")
        body(True)

    # Footer.
    if rng.random() < 0.3:
        src = rng.choice(SOURCES)
        b.add(rng.choice([f"摘自《{src}》", f"来源：{src}", f"（来源：{src}）"]), "metadata:metadata")
        meta.setdefault("source", src)
    if "editor" not in meta and rng.random() < 0.4:
        name = rng.choice(NAMES)
        b.add(
            rng.choice(
                [f"(责任编辑:{name})", f"(编辑/{name})", f"责任编辑：{name}", f"（責任編輯：{name}）", f"编辑：{name}"]
            ),
            "metadata:editor",
        )
        meta["editor"] = name
    if rng.random() < 0.3:
        b.add(rng.choice(SHARE_LINES), "furniture:share")
    if rng.random() < 0.35:
        b.add(rng.choice(RELATED_HEADS), "furniture:related")
        pool = WRITTEN_TITLES + SEED_SUBTITLES + [t for t in SEED_TITLES.values() if t != art["title"]]
        for t in rng.sample([t for t in pool if t != art["title"]], k=rng.randint(2, 5)):
            if rng.random() < 0.3:
                t += rng.choice(["  2023-06-01", " (2024-01-18)", "[2022-12-31]"])
            b.add(t, "furniture:related")
    elif rng.random() < 0.15:
        # A related list without its heading: only its shape and place say what it is.
        pool = [t for t in WRITTEN_TITLES if t != art["title"]]
        for t in rng.sample(pool, k=rng.randint(3, 5)):
            b.add(t, "furniture:related")
    if rng.random() < 0.2:
        b.add("上一篇：" + rng.choice(WRITTEN_TITLES), "furniture:related")
        b.add("下一篇：" + rng.choice(WRITTEN_TITLES), "furniture:related")
    if rng.random() < 0.25:
        b.add(rng.choice(["相关政府网站:", "友情链接："]), "furniture:related")
        b.add("   ".join(rng.sample(GOV_SITES, k=rng.randint(4, 8))), "furniture:nav")
    if rng.random() < 0.4:
        sep = rng.choice(SEPARATORS)
        b.add(sep.join(rng.sample(SITE_LINKS, k=rng.randint(4, 8))), "furniture:nav")
    elif rng.random() < 0.3:
        for item in rng.sample(SITE_LINKS, k=rng.randint(3, 5)):
            b.add(item, "furniture:nav")
    for line in rng.sample(FOOTER_LINES, k=rng.randint(0, 4)):
        text = line.format(site=site)
        kind = (
            "icp"
            if "ICP" in text or "公网安备" in text
            else "copyright"
            if ("版权" in text or "Copyright" in text)
            else "footer"
        )
        b.add(text, f"furniture:{kind}")
    if rng.random() < 0.15:
        b.add(f"您访问的链接即将离开“{site}”门户网站 是否继续?", "furniture:popup")

    if rng.random() < 0.2:
        # A Traditional-script site (the seeds 003 and 004 come from one): its furniture and
        # metadata in Traditional characters, the article as it is.
        keep = ("article:", "blank", "furniture:duplicate")
        b.lines = [(s if t.startswith(keep) else s.translate(_S2T), t) for s, t in b.lines]
        meta = {k: (v if k in ("title", "date", "url") else v.translate(_S2T)) for k, v in meta.items()}

    text = "\n".join(s for s, _ in b.lines)
    if rng.random() < 0.5:
        text += "\n"
    return Page(text, b.lines, meta)


def score(page: Page, labels: list[str]) -> dict[str, int]:
    """Counts for one page given the labeller's per-line labels (same lines as `page.lines`)."""
    from zhclean.structure.label import CONTENT_KINDS

    out = {"article_chars": 0, "kept_chars": 0, "furniture": 0, "removed": 0}
    for (s, truth), label in zip(page.lines, labels, strict=True):
        if truth == "blank":
            continue
        kept = label in CONTENT_KINDS
        if truth.startswith("article:"):
            out["article_chars"] += len(s.strip())
            out["kept_chars"] += len(s.strip()) if kept else 0
        else:
            out["furniture"] += 1
            out["removed"] += 0 if kept else 1
    return out
