"""Chinese character statistics: how plausible a piece of text is as Chinese.

Decoding ranks candidate codecs and repair ranks candidate re-decodings with the same measure:
the cost (-log10 relative frequency) of the Han characters in a text, from the frequency
table ``data/charfreq.tsv`` (built by ``tools/build_charfreq.py``; sources named in its header).
Lower cost means more ordinary Chinese. The table is loaded once per process, on first use.

`han_cost` gives the mean over the Han characters only; `text_stats` costs every character
(punctuation, Latin, kana, Hangul, impossible characters ...) so that two readings of the same
bytes compare by their sums, and says which script a text is written in.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .tables import float_table

UNKNOWN_HAN_COST = 7.5
"""Cost of a Han character missing from the table: rarer than nearly every listed character."""


@lru_cache(maxsize=1)
def char_costs() -> dict[str, float]:
    """The frequency table: Han character -> -log10(relative frequency)."""
    return float_table("charfreq.tsv")


def is_han(ch: str) -> bool:
    """True for CJK unified ideographs (BMP blocks, extension A, the supplementary planes)."""
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x3FFFF
        or 0xF900 <= cp <= 0xFAFF
    )


def han_cost(text: str) -> tuple[int, float]:
    """(number of Han characters, mean cost of them); (0, 0.0) when there are none."""
    table = char_costs()
    n = 0
    total = 0.0
    for ch in text:
        if is_han(ch):
            n += 1
            total += table.get(ch, UNKNOWN_HAN_COST)
    return n, (total / n if n else 0.0)


# --- per-character costs for whole texts ------------------------------------------------------
# Costs are rough -log10 probabilities of meeting the character in a Chinese web article, so
# the sum over a text is a log-likelihood: comparing two readings of the same bytes compares
# their sums. Han characters take their cost from the frequency table; everything else gets a
# cost by class, below. Characters no real text contains (private use, unassigned code points,
# control characters, U+FFFD) are "bad" and cost far more than any real character.

BAD_COST = 12.0
"""Cost of a character no real text contains: private use, unassigned, control, U+FFFD."""

_ASCII_COSTS = {
    **{c: 2.0 for c in " \n\t"},
    "\r": 2.5,
    **{c: 2.2 for c in "0123456789"},
    **{chr(c): 2.5 for c in range(ord("a"), ord("z") + 1)},
    **{chr(c): 2.8 for c in range(ord("A"), ord("Z") + 1)},
    **{c: 3.0 for c in ",.:;!?()-/%'\"[]"},
}

# Ranges (first, last, cost) for non-Han characters, checked in order.
_RANGE_COSTS: tuple[tuple[int, int, float], ...] = (
    (0x0020, 0x007E, 3.5),  # other ASCII symbols: # $ & * + < = > @ \ ^ _ ` { | } ~
    (0x00B7, 0x00B7, 3.5),  # middle dot (names in translations)
    (0x00D7, 0x00D7, 4.5),  # ×
    (0x00F7, 0x00F7, 4.5),  # ÷
    (0x00A1, 0x00A1, 4.5),  # ¡
    (0x00A9, 0x00A9, 4.5),  # ©
    (0x00AB, 0x00AB, 4.5),  # «
    (0x00AE, 0x00B0, 4.5),  # ® ¯ °
    (0x00BB, 0x00BB, 4.5),  # »
    (0x00BF, 0x00BF, 4.5),  # ¿
    (0x00A0, 0x00BF, 6.0),  # other Latin-1 symbols
    (0x00C0, 0x024F, 5.0),  # accented Latin letters (incl. toned pinyin ā á ǎ à)
    (0x02C0, 0x02DF, 5.0),  # modifier letters (tone marks)
    (0x0370, 0x03FF, 5.5),  # Greek
    (0x0400, 0x04FF, 5.5),  # Cyrillic
    (0x0590, 0x06FF, 5.5),  # Hebrew, Arabic
    (0x0E00, 0x0E7F, 5.5),  # Thai
    (0x2010, 0x2027, 3.2),  # dashes, quotes, ellipsis, bullets
    (0x2030, 0x205E, 4.5),  # per mille, primes, other punctuation
    (0x20AC, 0x20AC, 4.5),  # euro sign
    (0x2100, 0x214F, 5.0),  # letterlike symbols (℃ №)
    (0x2150, 0x218F, 5.0),  # number forms (Roman numerals)
    (0x2190, 0x21FF, 5.5),  # arrows
    (0x2200, 0x22FF, 5.5),  # mathematical operators
    (0x2460, 0x24FF, 4.5),  # circled and parenthesised numbers
    (0x2500, 0x257F, 6.0),  # box drawing
    (0x2580, 0x25FF, 5.0),  # blocks, geometric shapes (■ □ ● ○ ◆)
    (0x2600, 0x26FF, 5.5),  # miscellaneous symbols (★ ☆)
    (0x2E80, 0x2FDF, 7.5),  # CJK radicals
    (0x3000, 0x3002, 2.6),  # ideographic space, 、 。
    (0x3003, 0x303F, 3.4),  # CJK brackets and marks (《》「」【】〔〕)
    (0x3040, 0x30FF, 6.0),  # kana (Chinese text rarely has it; misreadings often do)
    (0x3100, 0x312F, 6.5),  # bopomofo
    (0x3200, 0x33FF, 6.0),  # enclosed CJK, CJK compatibility (㈠ ㎡)
    (0xE000, 0xF8FF, BAD_COST),  # private use
    (0xFE30, 0xFE4F, 5.0),  # CJK compatibility forms (vertical punctuation)
    (0xFE50, 0xFE6F, 5.5),  # small form variants
    (0xFF01, 0xFF5E, 3.0),  # full-width ASCII (，：；？！（）％)
    (0xFF61, 0xFF9F, 7.0),  # half-width katakana
    (0xFFE0, 0xFFE6, 4.5),  # full-width ￥ ￡ ￠
    (0xFFFD, 0xFFFD, BAD_COST),  # replacement character
    (0x2700, 0x27BF, 5.5),  # dingbats (✓ ✔ ❤)
    (0x1F300, 0x1FAFF, 5.0),  # emoji and pictographs (social-media text has them)
)

_cost_cache: dict[str, float] = {}
_COST_CACHE_SIZE = 100_000  # every BMP character fits; misread binary cannot grow it further


def char_cost(ch: str) -> float:
    """Cost of one character (about -log10 of its frequency in Chinese web text)."""
    cost = _cost_cache.get(ch)
    if cost is not None:
        return cost
    cost = _ASCII_COSTS.get(ch)
    if cost is None:
        if is_han(ch):
            cost = char_costs().get(ch, UNKNOWN_HAN_COST)
        elif unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs"):
            cost = BAD_COST
        elif "\uac00" <= ch <= "\ud7a3":
            cost = 6.0 if _is_common_hangul(ch) else 8.0
        else:
            cp = ord(ch)
            cost = 8.0  # scripts and symbols a Chinese page hardly ever has
            for first, last, range_cost in _RANGE_COSTS:
                if first <= cp <= last:
                    cost = range_cost
                    break
    if len(_cost_cache) < _COST_CACHE_SIZE:
        _cost_cache[ch] = cost
    return cost


def _is_common_hangul(ch: str) -> bool:
    """True for the 2,350 Hangul syllables of KS X 1001, nearly all that real Korean uses (the
    other 8,822 turn up in misreadings, e.g. Chinese GBK bytes read as UTF-16)."""
    try:
        return len(ch.encode("euc_kr")) == 2  # the rest encode as 8-byte jamo sequences
    except UnicodeEncodeError:
        return False


def is_bad(ch: str) -> bool:
    """True for characters no real text contains (private use, unassigned, control, U+FFFD)."""
    return char_cost(ch) >= BAD_COST


# A text written mainly in another script (Japanese, Korean, Russian, French ...) is not made
# of rare characters: when one script holds a large share of a text, its letters cost what
# they cost in their own language, after a one-time cost for "this is not a Chinese text".
_SCRIPTS: tuple[tuple[str, int, int, float], ...] = (
    # name, first, last, discount per character in a text of that script
    ("kana", 0x3040, 0x30FF, 2.5),
    ("hangul", 0xAC00, 0xD7A3, 2.5),
    ("cyrillic", 0x0400, 0x04FF, 2.5),
    ("greek", 0x0370, 0x03FF, 2.5),
    ("latin", 0x00C0, 0x024F, 1.5),
    ("hebrew", 0x0590, 0x05FF, 2.5),
    ("arabic", 0x0600, 0x06FF, 2.5),
    ("thai", 0x0E00, 0x0E7F, 2.5),
)
_SCRIPT_SHARE = 0.25
"""A script counts as a text's own when it holds this share of the non-ASCII characters."""
_FOREIGN_TEXT_COST = 3.0
"""One-time cost of a text whose own script is not Han (such texts are rarer input)."""
_SANDWICH_COST = 4.0
"""Extra cost of a Han (kana, Hangul) character between two ASCII letters ("ni帽o", "Gr체e"),
typical of misread European text."""
_LATIN_PAIR_COST = 4.0
"""Extra cost of two accented Latin letters in a row ("ÖÐÎÄ"): rare in European languages,
the rule in Chinese or Cyrillic text misread as Latin-1."""
_LATIN_PAIR = re.compile(r"[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f](?=[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f])")
_LATIN_DENSE_SHARE = 0.3
_LATIN_DENSE_COST = 2.0
"""Extra cost of each non-ASCII character of a Latin-script text where they are more than 30 %
of all characters: European languages write mostly ASCII letters; Latin-1 mojibake does not."""
_SANDWICH = re.compile(
    r"(?<=[A-Za-z])[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff](?=[A-Za-z])"
)


@dataclass(frozen=True, slots=True)
class TextStats:
    """Character statistics of one text, for judging how plausible it is as (Chinese) text."""

    chars: int
    """Number of characters."""
    cost: float
    """Sum of the characters' costs: -log10 likelihood, comparable between readings of the
    same bytes. Starts from `char_cost`, re-costs the letters of a text's own non-Han script
    (see `_SCRIPTS`), and adds the costs of misreading patterns: Han, kana or Hangul wedged
    between ASCII letters; in Latin-script text, accented letters in a row or too many."""
    han: int
    """Number of Han characters."""
    han_cost: float
    """Mean cost of the Han characters (0.0 when there are none)."""
    non_ascii: int
    """Number of non-ASCII characters."""
    non_ascii_cost: float
    """Mean cost of the non-ASCII characters, with the re-costing and extra costs of `cost`
    (0.0 when there are none)."""
    bad: int
    """Number of characters no real text contains (see `is_bad`)."""
    script: str
    """The text's own script: "han", or one of `_SCRIPTS` (kana, hangul, cyrillic, greek, latin,
    hebrew, arabic, thai); "ascii" when there is no non-ASCII character, "other" otherwise."""


def text_stats(text: str) -> TextStats:
    """Character statistics of `text` (one pass over its distinct characters)."""
    total = han_total = non_ascii_total = 0.0
    han = non_ascii = bad = 0
    script_counts = dict.fromkeys((name for name, *_ in _SCRIPTS), 0)
    for ch, count in Counter(text).items():
        cost = char_cost(ch)
        total += cost * count
        if ch >= "\x80":
            non_ascii += count
            non_ascii_total += cost * count
            if cost >= BAD_COST:
                bad += count
            elif is_han(ch):
                han += count
                han_total += cost * count
            else:
                cp = ord(ch)
                for name, first, last, _ in _SCRIPTS:
                    if first <= cp <= last:
                        script_counts[name] += count
                        break
        elif cost >= BAD_COST:
            bad += count
    script = "han" if han else ("ascii" if not non_ascii else "other")
    for name, _, _, discount in _SCRIPTS:
        n = script_counts[name]
        if n >= 2 and n >= non_ascii * _SCRIPT_SHARE:
            saving = discount * n - _FOREIGN_TEXT_COST
            if saving > 0:
                total -= saving
                non_ascii_total -= saving
                script = name
            break
    penalty = _SANDWICH_COST * len(_SANDWICH.findall(text))
    if script == "latin":
        penalty += _LATIN_PAIR_COST * len(_LATIN_PAIR.findall(text))
        if non_ascii > len(text) * _LATIN_DENSE_SHARE:
            penalty += _LATIN_DENSE_COST * non_ascii
    total += penalty
    non_ascii_total += penalty
    return TextStats(
        chars=len(text),
        cost=total,
        han=han,
        han_cost=han_total / han if han else 0.0,
        non_ascii=non_ascii,
        non_ascii_cost=non_ascii_total / non_ascii if non_ascii else 0.0,
        bad=bad,
        script=script,
    )


def char_class(codepoints: Iterable[int]) -> str:
    """The body of a regex character class matching exactly `codepoints`, as ranges.

    >>> char_class([0x61, 0x62, 0x63, 0x7A])
    'a-cz'
    """
    ranges: list[tuple[int, int]] = []
    for cp in sorted(set(codepoints)):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
