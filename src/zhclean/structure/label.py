"""Line labelling: every line of a plain-text page is article (title, subtitle, lead, heading,
paragraph, caption), metadata, or site furniture with a reason.

It reads a page the way a reader does, in three passes over the lines (each linear):

1. **Each line on its own**: blank; furniture by vocabulary and patterns (ICP numbers, phones,
   file names, URLs, ``版权所有``, ``分享到``...), by shape (``首页 | 会长致辞 | 绍商风采``,
   ``新闻中心>>新闻时讯>>正文``), or spam; metadata (``发布时间:…``); *good* (reads as prose: ends
   in 。！？ or is long); or *neutral* (short, unpunctuated: a title, a heading, a menu item...).
2. **Zones**: the main block runs from the first to the last long prose line. Above it is the
   header zone (menus, column label, title, subtitles, metadata, byline, lead label), below it the
   footer zone (source, editor, links, copyright).
3. **Context**: neutral lines are decided by zone and neighbours, as jusText's context pass does:
   in the main block a short line between paragraphs is a heading; three short lines in a row
   outside it are a menu; in the footer, a short line among furniture is furniture, while one or
   two short lines right after the article (a signature) are kept. Lines after ``相关阅读`` are a
   related-links list; the line after an image file name is its caption; a lead label
   (编者按, 核心提示) and the paragraph after it are the lead; lines repeating earlier article
   lines are a duplicated copy.

When in doubt a line is kept: losing article text is worse than keeping a menu item.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from .lexicon import Lexicon
from .meta import MetaLine, names, parse_meta_line, spam_score

CONTENT_KINDS = frozenset({"title", "subtitle", "lead", "heading", "paragraph", "caption"})
"""Labels of lines that are article text; every other label (besides ``blank``) is a removal reason."""

REASONS = {
    "nav": "navigation menu or column label",
    "breadcrumb": "breadcrumb trail",
    "footer": "site footer (address, phone, support, browser advice)",
    "copyright": "copyright notice",
    "icp": "ICP / public-security filing number",
    "share": "share, print or font-size widget",
    "related": "related-links list",
    "popup": "popup text",
    "counter": "view counter",
    "image-file": "image file name standing in for a picture",
    "attachment": "attachment file name",
    "spam": "spam keywords injected into the page",
    "duplicate": "repeats an earlier line of the article (the article's text given twice)",
    "metadata": "publishing metadata (moved to Document.meta)",
    "byline": "byline (author moved to Document.meta)",
    "editor": "editor line (moved to Document.meta)",
    "url": "source URL (moved to Document.meta)",
}
"""A sentence for each removal reason, used in the `Change` records."""

_TERMINAL = frozenset("。！？!?；;….")
_CLOSERS = frozenset("”’」』）)】\"'》")
_SENT_PUNCT = re.compile(r"[，。、！？；,;!?]")
_ITEM_SEP = re.compile(r"\s*[|｜丨]\s*|\s{2,}|\u3000+|\s*[·•]\s*")
_CRUMB_SEP = re.compile(r"\s*(?:>>|>|»|›|→|＞|＞＞|->)\s*")
# Every metadata line has one of these: 《 (摘自《…》), a field separator, 记/通 (bylines), a digit
# or 年 (dates). Lines without any skip the metadata parser.
_META_GATE = re.compile(r"[《:：/／|｜丨记記通0-9０-９〇零○年]")
_SPAM_SHAPE = re.compile(r"[_|｜丨\-\s]|[A-Za-z0-9]")
_CRUMB_GATE = re.compile(r"[>»›→＞]")
_SPACE = re.compile(r"\s+")
_NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[)）]|\d{1,2}(?:[.．、](?!\d)|\s)"
    r"|第[一二三四五六七八九十百\d]+[章节節部篇条條讲講]|[①②③④⑤⑥⑦⑧⑨⑩]|[A-Z][.、])"
)
_SPEAKER = re.compile(r"^[^\s:：]{1,6}[:：]")
_DASH_SUB = re.compile(r"^(?:——|—|--|－－)")
_LABEL_COLON = re.compile(r"^[^\s:：]{1,10}[:：]\s*")
_TRAILING_DATE = re.compile(r"[\s(（\[]*(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[)）\]]?$")
_MAX_VOCAB = 300
_LABEL_BEFORE = frozenset(" \t\u3000【[（(|｜丨】]）),，;；0123456789")
_LIST_GATE = re.compile(r"[|｜丨·•>»›→＞\u3000]|\s\s|\S\s\S+\s\S+\s\S+\s\S")

# Per-line classes of pass 1.
BLANK, BAD, META, GOOD, NEUTRAL = range(5)


class Line(NamedTuple):
    """One labelled line: its span in the text (without the newline), stripped text, label, reason."""

    start: int
    end: int
    text: str
    label: str
    reason: str = ""

    @property
    def removed(self) -> bool:
        """Whether the line is not article text (furniture or metadata)."""
        return self.label not in CONTENT_KINDS and self.label != "blank"


def ends_sentence(s: str) -> bool:
    """Whether `s` ends like a sentence (。！？；…, possibly inside closing quotes or brackets)."""
    i = len(s) - 1
    while i > 0 and s[i] in _CLOSERS:
        i -= 1
    return s[i] in _TERMINAL


def _vocab(s: str, low: str, lex: Lexicon) -> str | None:
    """The furniture kind a vocabulary phrase or pattern gives stripped line `s` (`low`: lower-cased), or None."""
    kind = lex.line_kind.get(lex.line_key(low))
    if kind:
        return kind
    m = lex.start_re.match(low)
    if m:
        return lex.phrase_kind[("start", m.group(1))]
    m = lex.any_re.search(low)
    if m:
        return lex.phrase_kind[("any", m.group())]
    if ":" in s or "：" in s:
        for m in lex.label_re.finditer(low):
            at = m.start()
            if at == 0 or low[at - 1] in _LABEL_BEFORE:
                return lex.phrase_kind[("label", m.group(1))]
    if lex.pattern_gate is None or lex.pattern_gate.search(s):
        m = lex.patterns.search(s)
        if m:
            return lex.pattern_kinds[m.lastgroup or ""]
    return None


def _link_list(s: str) -> str | None:
    """``nav``/``breadcrumb`` when `s` is a row of short links, else None."""
    crumbs = _CRUMB_SEP.split(s) if _CRUMB_GATE.search(s) else [s]
    if len(crumbs) >= 3 and all(0 < len(c) <= 16 and not _SENT_PUNCT.search(c) for c in crumbs):
        return "breadcrumb"
    if len(crumbs) == 2 and crumbs[0] in ("首页", "主页", "网站首页", "首頁") and len(crumbs[1]) <= 16:
        return "breadcrumb"
    body = s
    labelled = False
    m = _LABEL_COLON.match(s)
    if m and m.end() < len(s):
        body = s[m.end() :]
        labelled = True
    items = [x for x in _ITEM_SEP.split(body) if x]
    explicit = body.count("|") + body.count("｜") + body.count("丨") + body.count("·") + body.count("•")
    if len(items) < 2 or any(len(x) > 16 or _SENT_PUNCT.search(x) for x in items):
        words = [x for x in _SPACE.split(body) if x]
        if len(words) >= 5 and all(len(x) <= 6 and not _SENT_PUNCT.search(x) for x in words):
            return "nav"
        return None
    if len(items) >= 4 or (len(items) >= 3 and explicit) or (labelled and len(items) >= 2 and "  " in body):
        return "nav"
    return None


def _classify(s: str, lex: Lexicon) -> tuple[int, str, MetaLine | None]:
    """Pass 1 on one stripped, non-empty line: (class, furniture kind, metadata)."""
    n = len(s)
    if n > _MAX_VOCAB:
        seps = s.count("  ") + s.count("|") + s.count("｜")
        if seps > 8:
            kind = _link_list(s)
            if kind:
                return BAD, "nav-row" if kind == "nav" else kind, None
        return GOOD, "", None
    if not _prose(s, n):
        if _META_GATE.search(s):
            ml = parse_meta_line(s, lex)
            if ml is not None:
                return META, ml.kind, ml
        low = s.lower()
        kind = _vocab(s, low, lex)
        if kind:
            return BAD, kind, None
        if _LIST_GATE.search(s):
            kind = _link_list(s)
            if kind:
                return BAD, "nav-row" if kind == "nav" else kind, None
        if n <= 120 and lex.spam_re.search(low):
            score = spam_score(low, lex)
            # Keyword salad (澳门新葡京_百家乐_时时彩), not a headline about a crackdown on gambling.
            if score >= 6 or (score >= 4 and _SPAM_SHAPE.search(s)):
                return BAD, "spam", None
    if ends_sentence(s) or n >= 100:
        return GOOD, "", None
    if n >= 15 and s[-1] in ":：" and _SENT_PUNCT.search(s):
        return GOOD, "", None
    return NEUTRAL, "", None


def _prose(s: str, n: int) -> bool:
    """Running prose is never furniture, whatever words it uses (该网站版权所有方为……。); footers
    that end in 。 still give themselves away by their label colons."""
    return (
        n >= 20
        and ends_sentence(s)
        and _SENT_PUNCT.search(s, 0, n - 1) is not None
        and s.count(":") + s.count("：") < 2
    )


def _title_like(s: str, lex: Lexicon) -> bool:
    n = len(s)
    if not 2 <= n <= 100:
        return False
    found = _TITLE_LIKE.get(s)
    if found is None:
        if len(_TITLE_LIKE) >= _CACHE_SIZE:
            _TITLE_LIKE.clear()
        found = _TITLE_LIKE[s] = not ends_sentence(s) and s[-1] not in "，,、：:" and _names(s, lex) is None
    return found


def _names(s: str, lex: Lexicon) -> list[str] | None:
    """`names(s, lex)`, remembered for short lines (bylines and headings repeat on every page)."""
    if len(s) > _CACHED_LEN:
        return names(s, lex)
    try:
        return _NAMES[s]
    except KeyError:
        if len(_NAMES) >= _CACHE_SIZE:
            _NAMES.clear()
        found = _NAMES[s] = names(s, lex)
        return found


def exclaimed_title(s: str) -> bool:
    """A title ending in ！ or ？ (如何让“一老一小”生活更舒心？): short, one sentence."""
    return len(s) <= 60 and s.rstrip("”’」』)）")[-1:] in ("！", "？", "!", "?") and "。" not in s and "，" not in s


def _link_title(s: str) -> bool:
    """A question or exclamation that reads as a title (a link in a related list), not a
    speaker's line (记者：这项政策什么时候开始实施？)."""
    return exclaimed_title(s) and not _SPEAKER.match(s)


def _label_above_title(s: str, after: str, lex: Lexicon) -> bool:
    """Whether header line `s`, followed by title-like line `after`, is a column label or site
    name rather than the title: a known column shape, very short, or short above a line at
    least twice as long that is no ——subtitle."""
    n = len(s)
    if n <= 5 or _column(s, lex):
        return True
    return n <= 6 and len(after) >= max(12, 2 * n) and not _DASH_SUB.match(after)


def _title_after_menu(s: str, lex: Lexicon) -> bool:
    """Whether `s`, the last line of a menu above the article, may rather be the page's title:
    it is longer than a menu item usually is and no column name. It is then left to the title
    rules: keeping a menu item costs less than losing a title."""
    return len(s) >= 7 and not _column(s, lex) and _title_like(s, lex)


def _column(s: str, lex: Lexicon) -> bool:
    """A column, channel or site name (市委工作, 新闻中心, 北京市人民政府门户网站)."""
    n = len(s)
    return (n <= 8 and lex.ends_with_suffix(s)) or (n <= 24 and lex.ends_with_site(s))


def _lead_label(s: str, lex: Lexicon) -> bool:
    if len(s) > 12:
        return False
    return lex.line_key(s.replace(" ", "").replace("\u3000", "")) in lex.lead_line


# A site's menus, metadata labels and footers repeat on every page: short lines, and long lines
# that are not prose, are classified once per process (a line's class depends on nothing but its
# text and the package lexicons).
_CACHE: dict[str, tuple[int, str, MetaLine | None]] = {}
_TITLE_LIKE: dict[str, bool] = {}
_NAMES: dict[str, list[str] | None] = {}
_CACHE_SIZE = 50_000
_CACHED_LEN = 120
_PARAGRAPH: tuple[int, str, MetaLine | None] = (GOOD, "", None)


def clear_cache() -> None:
    """Forget the classifications of short lines remembered so far (for benchmarks and tests)."""
    _CACHE.clear()
    _TITLE_LIKE.clear()
    _NAMES.clear()


def classify(texts: list[str], lex: Lexicon) -> tuple[list[int], list[str], dict[int, MetaLine]]:
    """Pass 1 on stripped lines: each line's class, furniture kind and metadata, on its own."""
    count = len(texts)
    cls = [BLANK] * count
    kind = [""] * count
    metas: dict[int, MetaLine] = {}
    cache = _CACHE
    for i, s in enumerate(texts):
        if s:
            n = len(s)
            if n > _CACHED_LEN and (n > _MAX_VOCAB or _prose(s, n)):
                # A long prose line is a paragraph (what `_classify` says of it, without the
                # lookups); only long lines that are not prose (link rows, odd footers, which
                # repeat on every page of a site) are worth remembering.
                c, k, ml = _classify(s, lex) if n > _MAX_VOCAB else _PARAGRAPH
            else:
                found = cache.get(s)
                if found is None:
                    if len(cache) >= _CACHE_SIZE:
                        cache.clear()
                    found = cache[s] = _classify(s, lex)
                c, k, ml = found
            cls[i] = c
            kind[i] = k
            if ml is not None:
                metas[i] = ml
    return cls, kind, metas


def decide(
    texts: list[str], cls: list[int], kind: list[str], metas: dict[int, MetaLine], lex: Lexicon
) -> tuple[list[str], list[str], dict[str, str]]:
    """Passes 2 and 3: zones and context. Returns each line's label and reason, and the metadata.

    `cls`, `kind` and `metas` come from `classify` and are changed in place.
    """
    count = len(texts)
    nonblank = [i for i, c in enumerate(cls) if c != BLANK]
    strong = [i for i in nonblank if cls[i] == GOOD and len(texts[i]) >= 20 and not exclaimed_title(texts[i])]
    if strong:
        main_start, main_end = strong[0], strong[-1]
    elif nonblank:
        # No running prose at all (a notice, a list, a poem): no zones to go by, so only
        # vocabulary, patterns and shapes remove lines.
        main_start, main_end = nonblank[0], nonblank[-1]
    else:
        main_start = main_end = count
    label = [""] * count

    # A row of short items inside the article is a table row, not a menu.
    for i in nonblank if "nav-row" in kind else ():
        if kind[i] == "nav-row":
            if main_start < i < main_end:
                cls[i] = NEUTRAL
                kind[i] = ""
            else:
                kind[i] = "nav"

    # Image file names: the next line is the caption.
    caption_after: set[int] = set()
    for idx, i in enumerate(nonblank if "image-file" in kind else ()):
        if kind[i] == "image-file" and idx + 1 < len(nonblank):
            j = nonblank[idx + 1]
            if cls[j] in (NEUTRAL, GOOD) and len(texts[j]) <= 150:
                caption_after.add(j)

    # Related-links lists: after a related label, title-like lines are links.
    related_open = False
    for i in nonblank if "related" in kind else ():
        c = cls[i]
        if c == BAD and kind[i] == "related":
            related_open = True
            continue
        if not related_open:
            continue
        s = texts[i]
        if c == NEUTRAL or (c == GOOD and len(s) <= 60 and not s.endswith("。")):
            cls[i] = BAD
            kind[i] = "related"
        elif c == BAD:
            continue
        else:
            related_open = False

    # Menus: runs of three or more short unpunctuated lines outside the main block.
    def short_link(i: int) -> bool:
        s = texts[i]
        if cls[i] == BAD and kind[i] in ("nav", "share", "related"):
            return True
        return (
            cls[i] == NEUTRAL
            and len(s) <= 10
            and not _SENT_PUNCT.search(s)
            and i not in caption_after
            and s not in lex.end_line
            and not _lead_label(s, lex)
        )

    run: list[int] = []
    menu_lines: set[int] = set()
    # Only lines outside the main block can be menu items; the block itself (main_start is a
    # line) ends a run, as the end of the text does.
    outside_lines = [i for i in nonblank if i < main_start] + [-1] + [i for i in nonblank if i > main_end] + [-1]
    for i in outside_lines:
        if i >= 0 and short_link(i):
            run.append(i)
            continue
        if len(run) >= 3:
            items = [j for j in run if cls[j] == NEUTRAL]
            for j in items:
                cls[j] = BAD
                kind[j] = "nav"
                menu_lines.add(j)
            last = items[-1] if items else -1
            if last >= 0 and last < main_start and _title_after_menu(texts[last], lex):
                cls[items[-1]] = NEUTRAL  # the title right under the menu, not a menu item
                kind[items[-1]] = ""
        run = []

    # Header zone: column labels and menus above the title, then title, subtitles, byline, lead.
    header = [i for i in nonblank if i < main_start]
    title_at = -1
    candidates = [
        i
        for i in header
        if (cls[i] == NEUTRAL and _title_like(texts[i], lex) and not _lead_label(texts[i], lex))
        or (cls[i] == GOOD and exclaimed_title(texts[i]))
    ]
    for k, i in enumerate(candidates):
        if k + 1 < len(candidates) and _label_above_title(texts[i], texts[candidates[k + 1]], lex):
            continue  # a column label or menu item above the title
        title_at = i
        break
    if title_at < 0:
        first_content = next((i for i in nonblank if cls[i] in (GOOD, NEUTRAL)), -1)
        if first_content >= 0 and first_content >= main_start:
            s = texts[first_content]
            neutral_title = cls[first_content] == NEUTRAL and _title_like(s, lex) and not _lead_label(s, lex)
            if neutral_title or (cls[first_content] == GOOD and exclaimed_title(s)):
                title_at = first_content
    lead_open = False
    for i in header:
        s = texts[i]
        c = cls[i]
        if c == META:
            continue
        if i == title_at:
            label[i] = "title"
            continue
        if c != NEUTRAL:
            if c == GOOD:
                label[i] = "lead" if lead_open else "paragraph"
                lead_open = False
            continue
        if _lead_label(s, lex):
            label[i] = "lead"
            lead_open = True
        elif title_at >= 0 and i < title_at:
            cls[i] = BAD
            kind[i] = "nav"
        elif i == title_at:
            label[i] = "title"
        elif _names(s, lex) is not None and (title_at >= 0 or _next_is_main(i, nonblank, main_start)):
            cls[i] = META
            kind[i] = "byline"
            metas[i] = MetaLine("byline", {"author": " ".join(_names(s, lex) or [])})
        elif _column(s, lex) and title_at < 0:
            cls[i] = BAD
            kind[i] = "nav"
        elif title_at < 0:
            label[i] = "paragraph"
        else:
            label[i] = "subtitle"

    # Metadata lines that are bare dates count only in the header zone; 时间：… inside the
    # article is the article's (a notice's time and place).
    for i, ml in metas.items():
        if cls[i] == META and ((ml.date_only and i >= main_start) or (ml.generic and main_start < i < main_end)):
            cls[i] = NEUTRAL

    # Footer zone: runs of title-like lines (related links without their heading).
    run_len: dict[int, int] = {}
    run = []
    for i in [j for j in nonblank if j > main_end] + [-1]:
        if (
            i >= 0
            and not label[i]
            and (cls[i] == NEUTRAL or i in menu_lines or (cls[i] == GOOD and _link_title(texts[i])))
            and not (i in metas and metas[i].date_only)
        ):
            run.append(i)
            continue
        for j in run:
            run_len[j] = len(run)
        run = []

    # Main block and footer zone.
    last_content = -1
    furniture_seen = False
    for idx, i in enumerate(nonblank):
        if i < main_start:
            if cls[i] in (GOOD, NEUTRAL):
                last_content = idx
            continue
        c = cls[i]
        s = texts[i]
        if c == BAD:
            if i > main_end and kind[i] not in ("image-file", "attachment", "duplicate"):
                furniture_seen = True
            continue
        if c == META:
            continue
        if label[i]:
            last_content = idx
            continue
        n = len(s)
        if n > 150 and c == GOOD and i not in caption_after:
            prev = nonblank[idx - 1] if idx > 0 else -1
            lead = prev >= 0 and label[prev] == "lead" and _lead_label(texts[prev], lex)
            label[i] = "lead" if lead else "paragraph"
        elif _lead_label(s, lex):
            label[i] = "lead"
        elif i in caption_after or lex.caption_start_re.match(s) or (n <= 80 and lex.ends_with_caption_end(s)):
            label[i] = "caption"
        elif i == title_at:
            label[i] = "title"
        elif run_len.get(i, 0) >= 3 and s not in lex.end_line:
            cls[i] = BAD
            kind[i] = "related"
            continue
        elif c == GOOD:
            prev = nonblank[idx - 1] if idx > 0 else -1
            if prev >= 0 and label[prev] == "lead" and _lead_label(texts[prev], lex):
                label[i] = "lead"
            elif (s[-1] in "？?" and len(s) <= 80 and i < main_end) or (_NUMBERED.match(s) and len(s) <= 30):
                label[i] = "heading"
            else:
                label[i] = "paragraph"
        elif i <= main_end:
            if _sandwiched(idx, nonblank, cls) and len(s) <= 10:
                cls[i] = BAD
                kind[i] = _neighbour_kind(idx, nonblank, cls, kind)
                continue
            if _DASH_SUB.match(s):
                label[i] = "subtitle"
            elif (len(s) <= 60 and s[-1] not in "，,、；;：:") or _NUMBERED.match(s):
                label[i] = "heading"
            else:
                label[i] = "paragraph"
        else:
            # Footer zone: keep one or two short lines right after the article (a signature,
            # 落款), and end markers; other short lines among the furniture are furniture.
            if s in lex.end_line:
                label[i] = "paragraph"
            elif not furniture_seen and idx - last_content <= 2:
                label[i] = "subtitle" if _DASH_SUB.match(s) else "paragraph"
            else:
                cls[i] = BAD
                kind[i] = _neighbour_kind(idx, nonblank, cls, kind)
                continue
        last_content = idx

    # An article given twice: drop lines repeating earlier article lines.
    _mark_duplicates(nonblank, cls, kind, label, texts)

    meta: dict[str, str] = {}
    published = False
    labels = ["blank"] * count
    reasons = [""] * count
    for i in nonblank:
        c = cls[i]
        if c in (BAD, META):
            k = kind[i] or "metadata"
            labels[i] = k
            reasons[i] = REASONS.get(k, k)
            ml = metas.get(i)
            if ml is not None and c == META:
                for key, value in ml.fields.items():
                    meta.setdefault(key, value)
                if ml.published and not published:
                    meta["date"] = ml.fields["date"]  # a publication date wins over 成文日期
                    published = True
            elif k == "url" and "url" not in meta:
                meta["url"] = _url_of(texts[i])
        else:
            labels[i] = label[i] or "paragraph"
    return labels, reasons, meta


def _url_of(s: str) -> str:
    m = re.search(r"(?:https?://|www\.)\S+", s)
    return m.group() if m else s


def _next_is_main(i: int, nonblank: list[int], main_start: int) -> bool:
    k = bisect_right(nonblank, i)
    return k < len(nonblank) and nonblank[k] >= main_start


def _sandwiched(idx: int, nonblank: list[int], cls: list[int]) -> bool:
    """Whether line `idx` has furniture on both sides (the text's edges do not count)."""
    return 0 < idx < len(nonblank) - 1 and cls[nonblank[idx - 1]] == BAD and cls[nonblank[idx + 1]] == BAD


def _neighbour_kind(idx: int, nonblank: list[int], cls: list[int], kind: list[str]) -> str:
    """The furniture kind of the nearest furniture line next to `idx` (footer if none)."""
    for step in (1, -1, 2, -2):
        j = idx + step
        if 0 <= j < len(nonblank):
            i = nonblank[j]
            if cls[i] == BAD and kind[i] in ("nav", "related", "footer", "share", "copyright", "icp"):
                return kind[i]
    return "footer"


def _mark_duplicates(nonblank: list[int], cls: list[int], kind: list[str], label: list[str], texts: list[str]) -> None:
    """Mark repeats of earlier article lines: long ones, and short ones next to a repeat."""
    content = [i for i in nonblank if cls[i] == GOOD or cls[i] == NEUTRAL]
    if len({texts[i] for i in content}) == len(content):
        return  # no line repeats (one set built in C, the common case)
    seen: set[str] = set()
    repeat: list[int] = []
    for i in content:
        s = texts[i]
        if s in seen:
            repeat.append(i)
        else:
            seen.add(s)
    if not repeat:
        return
    rep = set(repeat)
    dup = {i for i in repeat if len(texts[i]) >= 12}
    # A short repeat next to a repeat belongs to the copy: sweep forwards, then backwards.
    for order in (content, content[::-1]):
        prev_dup = False
        for i in order:
            if i in dup:
                prev_dup = True
            elif i in rep and prev_dup:
                dup.add(i)
            else:
                prev_dup = False
    for i in dup:
        cls[i] = BAD
        kind[i] = "duplicate"
        label[i] = ""


__all__ = ["CONTENT_KINDS", "REASONS", "Line", "classify", "clear_cache", "decide", "ends_sentence"]
