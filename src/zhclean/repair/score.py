"""How plausible a piece of text is as Chinese: the measure repair ranks candidate readings by.

`char_cost` gives every character a cost: a Han character its -log10 relative frequency from
``data/charfreq.tsv`` (see `zhclean.charstats`), ordinary punctuation, digits and ASCII a low
flat cost, and the characters mojibake is made of (Latin-1 letters and symbols, C1 controls,
private-use characters, U+FFFD, box drawing, kana, bopomofo, Cyrillic and Greek inside Chinese)
a high one. `mean_cost` averages it over a text: correct Chinese scores about 3, mojibake 6-8.

`hot()` finds the characters worth a second look (everything but ASCII, the commonest Han
characters, ordinary punctuation and pinyin letters; Latin-1 characters two in a row) with one
regular-expression scan, so clean text costs almost nothing.

    >>> mean_cost("中国的发展") < 3.5 < 6 < mean_cost("ÖÐ¹úµÄ·¢Õ¹") < mean_cost("涓浗鐨勫彂灞")
    True
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from ..charstats import UNKNOWN_HAN_COST, char_class, char_costs, is_han
from ..tables import float_table

HOT_COST = 5.5
"""Han characters rarer than this (about 0.3% of the Han characters of real articles) are hot."""

PUNCT_COST = 2.5
ASCII_COST = 3.0
LATIN1_COST = 6.5
ODD_COST = 7.0
LOST_COST = 9.0

COMMON_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』…—–·－～〔〕．／％＋＝＜＞\u3000"
_ODD_RANGES = (
    (0x0370, 0x052F),  # Greek, Cyrillic
    (0x2460, 0x24FF),  # enclosed alphanumerics
    (0x2500, 0x25FF),  # box drawing, blocks, geometric shapes
    (0x2E80, 0x2FFF),  # radicals, ideographic description
    (0x3040, 0x31BF),  # kana, bopomofo
    (0x3200, 0x33FF),  # enclosed and compatibility CJK
    (0xAC00, 0xD7AF),  # Hangul
    (0xFE10, 0xFE6F),  # vertical and small forms
)


@lru_cache(maxsize=65536)
def char_cost(ch: str) -> float:
    """The cost of one character: low for ordinary Chinese text, high for mojibake material."""
    if is_han(ch):
        return char_costs().get(ch, UNKNOWN_HAN_COST)
    cp = ord(ch)
    if cp < 0x80:
        return ASCII_COST if cp >= 0x20 or ch in "\t\n" else LOST_COST
    if ch in "，。、":
        return PUNCT_COST - 0.5
    if ch == "\u3000":
        return PUNCT_COST + 1.0
    if ch in COMMON_PUNCT or 0xFF01 <= cp <= 0xFF5E:
        return PUNCT_COST
    if ch == "\ufffd" or 0x80 <= cp <= 0x9F or 0xE000 <= cp <= 0xF8FF or 0xD800 <= cp <= 0xDFFF:
        return LOST_COST
    if cp <= 0xFF or cp in _CP1252_EXTRA:
        return LATIN1_COST
    if any(lo <= cp <= hi for lo, hi in _ODD_RANGES):
        return ODD_COST
    return 6.0


_CP1252_EXTRA = {ord(c) for c in "€‚ƒ„†‡ˆ‰Š‹ŒŽ•˜™š›œžŸ"}


@lru_cache(maxsize=1)
def pair_costs() -> dict[str, float]:
    """Han character pairs -> -log10 relative frequency, from ``data/bigrams.tsv``."""
    return float_table("bigrams.tsv")


_OPENING = "“‘《（"
_CLOSING = "”’》）"


def next_cost(prev: str, ch: str) -> float:
    """Cost of `ch` right after `prev`: its own cost, lowered when the pair is a common one.

    The pair table only holds pairs inside words, so a pair missing from it is no evidence
    against `ch` (it may cross a word boundary): the cost then is simply ``char_cost(ch)``.
    """
    cost = char_cost(ch)
    if ch in _CLOSING:
        cost += -0.3 if is_han(prev) else 0.3
    elif ch in _OPENING:
        cost += 0.3 if is_han(prev) else -0.3
    pair = pair_costs().get(prev + ch)
    if pair is not None:
        return min(cost, max(0.0, pair - char_cost(prev)))
    return cost


@lru_cache(maxsize=8192)
def mean_cost(text: str) -> float:
    """Mean cost per character of `text` in context: `next_cost` of each character after the
    one before it (`char_cost` for the first), so common words read cheaper than the same
    characters scrambled. 0.0 for empty text."""
    if not text:
        return 0.0
    if not _HAN_OR_QUOTE.search(text):  # no pair or quote to weigh: plain character costs
        return sum(map(char_cost, text)) / len(text)
    total = char_cost(text[0])
    for prev, ch in itertools.pairwise(text):
        total += next_cost(prev, ch)
    return total / len(text)


_HAN_OR_QUOTE = re.compile(f"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff{_OPENING}{_CLOSING}]")


LATIN1_PAIR = "(?!\\xa0\\xa0)[\\u0080-\\u00ff][\\x40-\\x7e]?[\\u0080-\\u00ff]"
"""Two Latin-1 characters in a row, or with one ASCII letter between them (Big5 trail bytes):
what GBK or Big5 read as Latin-1 is made of; a word such as Pokémon or pinyin such as jìn is not."""

WESTERN_LETTER = re.compile("[\u00c0-\u00ff\u0100-\u017f\u0391-\u03c9\u0400-\u045f]")
"""Letters of European text: what UTF-8 of Western text shown as Latin-1 decodes to."""
UNLIKELY_LETTER = re.compile("[\u0180-\u0390\u03ca-\u03ff\u0460-\u07ff]")
"""IPA, Latin Extended-B, combining marks, rarer Cyrillic, Armenian, Hebrew, Arabic: what GBK
bytes shown as Latin-1 (``É«Æ½Ì¨`` for 色平台) decode to when wrongly read as UTF-8."""

PINYIN_LETTERS = "āáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ"
"""Toned pinyin letters: annotations such as ``(lǐng)`` are full of them, and they are no
mojibake on their own (Latin-1 ones are hot only in pairs, see `hot`)."""


def _hot_pattern() -> re.Pattern[str]:
    """Every character that is not ASCII, common Han, common punctuation or a pinyin letter;
    and `LATIN1_PAIR` (one Latin-1 letter alone is a word like Pokémon, or pinyin)."""
    calm = {ord(c) for c, cost in char_costs().items() if cost <= HOT_COST}
    calm |= {ord(c) for c in COMMON_PUNCT + PINYIN_LETTERS}
    calm |= set(range(0x80, 0x100))
    return re.compile(f"[^\\x00-\\x7f{char_class(calm)}]|{LATIN1_PAIR}")


@lru_cache(maxsize=1)
def hot() -> re.Pattern[str]:
    """The compiled `HOT` pattern (built once per process from the frequency table)."""
    return _hot_pattern()
