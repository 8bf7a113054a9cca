"""Pinyin annotations left by mirror sites' conversion proxies: `領(lǐng)導(dǎo)` -> `領導`.

A proxy that turned pages into Traditional script wrote a reading in ASCII parentheses after
some characters, from a pure table lookup: always the same set of characters in one document,
every occurrence annotated, and not always the reading the word needs (`協(xié)調(diào)`: the table
gives diào where the word says tiáo). So an annotation is stripped when its syllable is *any*
reading of the character before it (``data/pinyin.tsv``, from pypinyin) and the proxy's pattern
is there: the character is a Traditional-only form (what the proxy annotates), or the text holds
at least two such annotations. With that evidence a toned syllable after a damaged character
(`M(jìn)`, `鰞(nèi)`) goes too: the proxy wrote it, whatever became of the character.

A second family is toneless and repeated: `的(de)(de)(de)`. A run of two or more identical
toneless readings of the character is stripped; a single one (`們(men)`) only when such runs or
toned annotations elsewhere in the text show the proxy.

Never touched: `(市)`, `(HICOOL)`, `(2023-2035年)`, `(Wang)`, `(AI)`, multi-syllable glosses
(`饺子(jiǎozi)`), and a lone toneless `(ma)` with no proxy evidence.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..edits import Edit
from ..tables import rows
from ._tables import is_traditional_only

__all__ = ["pinyin_edits", "readings", "strip_tone"]

_PY_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ"
_ANNOT = re.compile(rf"\(([{_PY_LETTERS}]{{1,6}})\)")
"""One parenthesised lower-case syllable (the longest pinyin syllable, `zhuang`, has 6 letters)."""
_TONED = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]")
_SCREEN = re.compile(rf"\([{_PY_LETTERS}]")

_AFTER_DAMAGE = "reading added by a conversion proxy, after a damaged character"

MIN_EVIDENCE = 2
"""Verified proxy annotations a text needs before unverifiable ones (after damage) are stripped."""


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, ...]]:
    return {ch: tuple(rs.split(",")) for ch, rs in rows("pinyin.tsv")}


@lru_cache(maxsize=1)
def _syllables() -> tuple[frozenset[str], frozenset[str]]:
    """(every toned syllable in the table, every toneless one)."""
    toned = {r for rs in _table().values() for r in rs}
    return frozenset(toned), frozenset(strip_tone(r) for r in toned)


def readings(ch: str) -> tuple[str, ...]:
    """Every toned reading of `ch` in the table (empty when it has none).

    >>> readings("調")
    ('diào', 'tiáo', 'zhōu')
    """
    return _table().get(ch, ())


def strip_tone(syllable: str) -> str:
    """The syllable without tone marks (ü stays ü): ``strip_tone("lǜ") == "lü"``."""
    out = []
    for c in unicodedata.normalize("NFD", syllable):
        if unicodedata.combining(c) and c != "\u0308":
            continue
        out.append(c)
    return unicodedata.normalize("NFC", "".join(out))


def pinyin_edits(text: str) -> list[Edit]:
    """Edits that strip the proxy's pinyin annotations from `text`.

    >>> from zhclean.edits import apply_edits
    >>> t = "黨政領(lǐng)導(dǎo)座談會"
    >>> apply_edits(t, pinyin_edits(t))
    '黨政領導座談會'
    >>> pinyin_edits("廊坊市(市)、HICOOL(AI)、馬(ma)")
    []
    """
    if not _SCREEN.search(text):
        return []
    toned_set, toneless_set = _syllables()
    # Candidates: runs of parenthesised syllables right after a non-space character.
    runs: list[tuple[int, int, str, list[str]]] = []  # (start, end, char before, syllables)
    pos = 0
    for m in _ANNOT.finditer(text):
        if m.start() < pos or m.start() == 0:
            continue
        syls = [m.group(1)]
        end = m.end()
        while True:
            n = _ANNOT.match(text, end)
            if not n:
                break
            syls.append(n.group(1))
            end = n.end()
        pos = end
        runs.append((m.start(), end, text[m.start() - 1], syls))

    verified: list[tuple[int, int, str]] = []
    damaged: list[tuple[int, int]] = []
    toneless_runs: list[tuple[int, int, str, bool]] = []  # (start, end, char, repeated)
    evidence = 0
    toneless_evidence = 0
    for start, end, ch, syls in runs:
        first = syls[0]
        if len(set(syls)) != 1:
            continue  # differing syllables: a gloss or something else, not the proxy
        rs = readings(ch)
        if _TONED.search(first):
            if first not in toned_set:
                continue
            if first in rs:
                verified.append((start, end, ch))
                if is_traditional_only(ch):
                    evidence += 1
            elif len(syls) == 1 and not ch.isspace() and ch not in "()":
                damaged.append((start, end))
        else:
            if first not in toneless_set or first not in {strip_tone(r) for r in rs}:
                continue
            repeated = len(syls) > 1
            toneless_runs.append((start, end, ch, repeated))
            toneless_evidence += repeated

    proxy = evidence >= MIN_EVIDENCE
    edits: list[Edit] = []
    for start, end, ch in verified:
        if proxy or is_traditional_only(ch):
            edits.append(Edit(start, end, "", "pinyin-annotation", f"reading of {ch} added by a conversion proxy"))
    if proxy:
        for start, end in damaged:
            edits.append(Edit(start, end, "", "pinyin-annotation", _AFTER_DAMAGE))
    for start, end, ch, repeated in toneless_runs:
        if repeated or toneless_evidence or proxy:
            reason = f"toneless reading of {ch} added by a conversion proxy"
            edits.append(Edit(start, end, "", "pinyin-annotation", reason))
    edits.sort(key=lambda e: e.start)
    return edits

