"""Dates on Chinese pages to ISO 8601: ``2023年6月2日`` → ``2023-06-02``.

Handles ``2024-01-18 14:29:57``, ``2023/06/02 14:30``, ``2023.6.2``, ``2023年6月2日 14时30分``,
full-width digits (``２０２３年６月２日``), Chinese numerals (``一九九七年十二月三十一日``) and
dates inside URLs (``/2023-06/02/``, ``t20230602_``). Impossible dates (2023-02-30) give None.
"""

from __future__ import annotations

import re
from datetime import date

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９：／－．", "0123456789:/-.")

_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})(?<!\d{5})\s*(?P<s1>[-/.年])\s*(?P<m>\d{1,2})\s*(?P<s2>[-/.月])\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    r"(?:\s*(?:星期[一二三四五六日天]|周[一二三四五六日天]|[（(](?:星期|周)?[一二三四五六日天][)）]))?"
    r"(?:\s*(?P<H>\d{1,2})\s*[:：时時点點]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2}))?(?!\d))?"
)
_FULLWIDTH = re.compile("[０-９：／－．]")
_CN_DIGIT = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_DATE = re.compile(
    r"(?P<y>[〇零○Ｏ一二三四五六七八九]{4})年(?P<m>[十一二三四五六七八九]{1,2})月(?P<d>[十廿卅一二三四五六七八九]{1,3})日"
)
_URL_DATE = re.compile(r"((?:19|20)\d{2})(?<!\d{5})[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12]\d|3[01])(?!\d)")


def _cn_number(s: str) -> int:
    """``十二`` → 12, ``三十一`` → 31, ``廿五`` → 25 (numbers up to 39)."""
    s = s.replace("廿", "二十").replace("卅", "三十")
    if "十" in s:
        tens, _, units = s.partition("十")
        return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[units] if units else 0)
    return _CN_DIGIT[s]


def _iso(y: int, m: int, d: int, hh: int | None = None, mm: int | None = None, ss: int | None = None) -> str | None:
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    if hh is None or mm is None:
        return day.isoformat()
    if not (0 <= hh < 24 and 0 <= mm < 60 and (ss is None or 0 <= ss < 60)):
        return day.isoformat()
    if ss is None:
        return f"{day.isoformat()}T{hh:02d}:{mm:02d}"
    return f"{day.isoformat()}T{hh:02d}:{mm:02d}:{ss:02d}"


def find_date(text: str) -> tuple[str, int, int] | None:
    """The first valid date in `text` as (ISO string, start, end), or None.

    >>> find_date("发布时间:2024-01-18 14:29:57 来源:北京市直机关工委")[0]
    '2024-01-18T14:29:57'
    >>> find_date("一九九七年十二月三十一日")[0]
    '1997-12-31'
    """
    t = text.translate(_FULLWIDTH_DIGITS) if _FULLWIDTH.search(text) else text
    for m in _DATE.finditer(t):
        s1, s2 = m.group("s1"), m.group("s2")
        if (s1 == "年") != (s2 == "月") or (s1 != "年" and s1 != s2):
            continue
        h, mi, sec = m.group("H"), m.group("M"), m.group("S")
        iso = _iso(
            int(m.group("y")),
            int(m.group("m")),
            int(m.group("d")),
            int(h) if h else None,
            int(mi) if mi else None,
            int(sec) if sec else None,
        )
        if iso:
            return iso, m.start(), m.end()
    if "年" not in text:
        return None
    for m in _CN_DATE.finditer(text):
        try:
            y = int("".join(str(_CN_DIGIT[c]) for c in m.group("y")))
            iso = _iso(y, _cn_number(m.group("m")), _cn_number(m.group("d")))
        except KeyError:
            continue
        if iso:
            return iso, m.start(), m.end()
    return None


def parse_date(text: str) -> str | None:
    """`text`'s first date as an ISO 8601 string, or None.

    >>> parse_date("２０２３年６月２日")
    '2023-06-02'
    >>> parse_date("2023/06/02 14:30")
    '2023-06-02T14:30'
    """
    found = find_date(text)
    return found[0] if found else None


def url_date(url: str) -> str | None:
    """A date written in a URL's path, or None.

    >>> url_date("http://epaper.tianjinwe.com/tjrb/html/2023-06/02/content_152_7770531.htm")
    '2023-06-02'
    """
    for m in _URL_DATE.finditer(url):
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            return iso
    return None
