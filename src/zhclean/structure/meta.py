"""Publishing metadata lines: which lines are metadata, and the fields in them.

A metadata line is made of labelled fields (``发布人:市直机关工委 发布时间:2024-01-18 14:29:57
来源:北京市直机关工委 阅读次数:1 文字缩放:``), even run together without separators
(``发布日期:2020-12-31 00:00信息来源:省发展改革委浏览量:``), or is a byline (``记者 张三 李四``,
``文/张三``), an editor line (``(責任編輯:曹曉晨)``, ``(编辑/邓莉萍)``), a source line
(``摘自《天津日报》``, ``【来源:本站】``) or a bare date. Each field's value runs to the next
label, so an empty field (``浏览量:``) gives nothing, never the next field's text. Lines whose
"values" read as sentences (``记者：请问这项政策……？``) are not metadata: they are content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import find_date, parse_date
from .lexicon import Lexicon

META_FIELDS = (
    "date",
    "source",
    "author",
    "editor",
    "reviewer",
    "photographer",
    "publisher",
    "url",
    "doc_number",
    "index_number",
    "category",
)
"""Fields that go into `Document.meta` (besides title and subtitle); counters and widgets are dropped."""

_BRACKETS = " \t\u3000()（）【】[]〔〕<>《》「」|｜丨,，;；:：、"
_SENTENCE = re.compile(r"[。！？!?]")
_EXCERPT = re.compile(
    r"^[\s(（【\[]*(?:摘自|转自|选自|原载于?|转载自|來源於|摘自於|轉自)\s*[:：]?\s*《(?P<src>[^》]{1,30})》(?P<rest>.*)$"
)
_BYLINE = re.compile(r"^(?P<pre>.{0,8}?)(?:特约|见习|实习|特約|見習)?(?:记者|通讯员|記者|通訊員)(?P<rest>.+)$")
_BYLINE_ROLE = re.compile(r"(?:特约|见习|实习|特約|見習)?(?:记者|通讯员|記者|通訊員)|报道|報道|摄影|攝影|[:：/／]")
_NAME_SPLIT = re.compile(r"[\s、，,;；]+")
_VALUE_CUT = re.compile(r"\s{2,}|[【\[]|\s+(?=\S*\d{4}[-/.年])")
_CJK = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff·]+$")
_BYLINE_GATE = re.compile(r"[记記通]")
_PUBLISHED_LABELS = frozenset(
    {
        "发布时间",
        "发布日期",
        "发表时间",
        "发表日期",
        "發布時間",
        "發佈時間",
        "發布日期",
        "發佈日期",
        "發表時間",
        "發表日期",
    }
)
_GENERIC_LABELS = frozenset({"时间", "日期", "時間"})
_REPORTER_LABELS = frozenset({"记者", "通讯员", "特约记者", "见习记者", "实习记者", "記者", "通訊員"})
_NAME_CUT = re.compile(r"\s{2,}|[【\[]")
_FIELD_GATE = re.compile(r"[:：/／|｜丨]")
_DATE_GATE = re.compile(r"[0-9０-９〇零○年]")
_DATE_REST = re.compile(r"^[\s()（）]*(?:星期[一二三四五六日天]|周[一二三四五六日天])?[\s()（）]*$")

_KIND_OF = {
    frozenset({"author"}): "byline",
    frozenset({"author", "photographer"}): "byline",
    frozenset({"photographer"}): "byline",
    frozenset({"editor"}): "editor",
    frozenset({"editor", "reviewer"}): "editor",
    frozenset({"reviewer"}): "editor",
    frozenset({"url"}): "url",
    frozenset({"counter"}): "counter",
    frozenset({"widget"}): "share",
    frozenset({"counter", "widget"}): "counter",
}


@dataclass(slots=True)
class MetaLine:
    """A metadata line: the removal `kind` (metadata, byline, editor, url, counter, spam) and its fields."""

    kind: str
    fields: dict[str, str] = field(default_factory=dict)
    date_only: bool = False
    generic: bool = False  # only 时间：/日期： fields, which a notice's body uses too
    published: bool = False  # the date is a publication date (发布日期), preferred to 成文日期


def is_name(token: str, lex: Lexicon) -> bool:
    """Whether `token` looks like a Chinese personal name (surname + one or two characters)."""
    n = len(token)
    if not 2 <= n <= 4 or not _CJK.match(token):
        return False
    if n <= 3 and token[0] in lex.surnames:
        return True
    return n >= 3 and token[:2] in lex.compound_surnames


def names(value: str, lex: Lexicon) -> list[str] | None:
    """The names in a byline value (``张三 李四``, ``张三、李四``), or None if any token is not a name."""
    tokens = [t for t in _NAME_SPLIT.split(value.strip(_BRACKETS)) if t]
    if not tokens or len(tokens) > 8 or not all(is_name(t, lex) for t in tokens):
        return None
    return tokens


def _label_ok(s: str, m: re.Match[str], lex: Lexicon) -> bool:
    """One-character labels (文/ 图/) count only after a non-word character: 中文/英文 is no byline."""
    at = m.start()
    return at == 0 or m.group("label") not in lex.single_labels or not s[at - 1].isalnum()


def spam_score(text: str, lex: Lexicon) -> int:
    """Sum of the weights of the distinct spam keywords in lower-cased `text`."""
    found = {m.group().lower() for m in lex.spam_re.finditer(text)}
    return sum(lex.spam_weight.get(w, 0) for w in found)


def parse_meta_line(s: str, lex: Lexicon) -> MetaLine | None:
    """Read stripped line `s` as a metadata line; None if it is not one.

    >>> from zhclean.structure.lexicon import lexicon
    >>> parse_meta_line("发布日期:2020-12-31 00:00信息来源:省发展改革委浏览量:", lexicon()).fields
    {'date': '2020-12-31T00:00', 'source': '省发展改革委'}
    """
    if len(s) > 200:
        return None
    m = _EXCERPT.match(s) if "《" in s else None
    if m:
        rest = m.group("rest").strip(_BRACKETS)
        if len(rest) <= 30 and not _SENTENCE.search(rest):
            fields = {"source": m.group("src").strip()}
            d = parse_date(rest) if rest else None
            if d:
                fields["date"] = d
            return MetaLine("metadata", fields)
        return None

    matches = [m for m in lex.field_re.finditer(s) if _label_ok(s, m, lex)] if _FIELD_GATE.search(s) else []
    if not matches:
        return _bare_line(s, lex)

    prefix = s[: matches[0].start()].strip(_BRACKETS)
    fields: dict[str, str] = {}
    labels: set[str] = set()
    if prefix:
        found = find_date(prefix)
        if found and len(prefix) - (found[2] - found[1]) <= 4:
            fields["date"] = found[0]
            labels.add("date")
        else:
            return None
    spam = False
    published = False
    for i, m in enumerate(matches):
        label = m.group("label")
        kind = lex.field_of[label]
        end = matches[i + 1].start() if i + 1 < len(matches) else len(s)
        raw = s[m.end() : end]
        labels.add(kind)
        value = raw.strip(_BRACKETS)
        if not value:
            continue
        if len(value) > 60 or _SENTENCE.search(value):
            return None
        reporter = kind == "author" and label in _REPORTER_LABELS and spam_score(value.lower(), lex) < 2
        if reporter and names(_NAME_CUT.split(value, 1)[0], lex) is None:
            return None  # 记者：这项政策什么时候实施 is an interview, not a byline
        if kind == "date":
            d = parse_date(value)
            if d and (label in _PUBLISHED_LABELS or "date" not in fields):
                published = published or label in _PUBLISHED_LABELS
                fields["date"] = d
            elif len(value) > 20:
                return None
            continue
        if kind == "url":
            fields.setdefault("url", value.split()[0])
            continue
        if kind in ("counter", "widget"):
            continue
        if spam_score(value.lower(), lex) >= 2:
            spam = True
            if kind == "author":
                value = " ".join(t for t in value.split() if spam_score(t.lower(), lex) == 0)
            else:
                continue
        found = find_date(value)
        if found:
            value = value[: found[1]]
        # An author list keeps its single spaces (张三 李四); other values end at a gap.
        value = value.split("  ")[0] if kind == "author" else _VALUE_CUT.split(value, 1)[0]
        value = value.strip(_BRACKETS)
        if value and kind in META_FIELDS:
            fields.setdefault(kind, value)
        if found and "date" not in fields:
            fields["date"] = found[0]
    if spam:
        return MetaLine("spam", fields)
    kind = _KIND_OF.get(frozenset(labels), "metadata")
    generic = all(m.group("label") in _GENERIC_LABELS for m in matches) and not prefix
    return MetaLine(kind, fields, generic=generic, published=published)


def _bare_line(s: str, lex: Lexicon) -> MetaLine | None:
    """A line without labels: a byline (``本报记者 张三``) or a bare date (``2024年1月18日``)."""
    core = s.strip(_BRACKETS)
    m = _BYLINE.match(core) if _BYLINE_GATE.search(core) else None
    if m:
        pre = m.group("pre").strip()
        if not pre or lex.byline_prefix_re.match(pre):
            rest = _BYLINE_ROLE.sub(" ", m.group("rest"))
            tokens = [tok for tok in _NAME_SPLIT.split(rest) if tok]
            clean = [tok for tok in tokens if spam_score(tok.lower(), lex) < 2]
            found = names(" ".join(clean), lex)
            if found:
                return MetaLine("spam" if len(clean) < len(tokens) else "byline", {"author": " ".join(found)})
    found_date = find_date(core) if _DATE_GATE.search(core) else None
    if found_date and found_date[1] <= 1 and _DATE_REST.match(core[found_date[2] :]):
        return MetaLine("metadata", {"date": found_date[0]}, date_only=True)
    return None
