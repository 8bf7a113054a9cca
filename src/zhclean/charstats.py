"""Chinese character statistics: how plausible a piece of text is as Chinese.

Decoding ranks candidate codecs and repair ranks candidate re-decodings with the same measure:
the mean cost (-log10 relative frequency) of the Han characters in a text, from the frequency
table ``data/charfreq.tsv`` (built by ``tools/build_charfreq.py``; sources named in its header).
Lower cost means more ordinary Chinese. The table is loaded once per process, on first use.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

UNKNOWN_HAN_COST = 7.5
"""Cost of a Han character missing from the table: rarer than nearly every listed character."""


@lru_cache(maxsize=1)
def char_costs() -> dict[str, float]:
    """The frequency table: Han character -> -log10(relative frequency)."""
    table: dict[str, float] = {}
    text = resources.files("zhclean").joinpath("data/charfreq.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        ch, cost = line.split("\t")
        table[ch] = float(cost)
    return table


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
