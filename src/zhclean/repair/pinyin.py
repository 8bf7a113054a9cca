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
from itertools import compress, repeat
from operator import itemgetter

from ..edits import Edit
from ..tables import rows
from ._tables import is_traditional_only

__all__ = ["pinyin_edits", "readings", "strip_tone"]

_PY_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ"
_ANNOT = re.compile(rf"\(([{_PY_LETTERS}]{{1,6}})\)")
"""One parenthesised lower-case syllable (the longest pinyin syllable, `zhuang`, has 6 letters)."""
_TONED = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]")
_SCREEN = re.compile(rf"\([{_PY_LETTERS}]")
_RUN = re.compile(rf"\([{_PY_LETTERS}]{{1,6}}+\)(?:\([{_PY_LETTERS}]{{1,6}}+\))*+")
"""A run of one or more parenthesised syllables (`_ANNOT`); written to start with a literal
``(``, which `re` searches for much faster than for a pattern starting with any character, and
with possessive repeats: a syllable holds no bracket, so giving letters back can never let the
run match otherwise, and not trying it saves a fifth of the scan (3.11's `re`)."""

_new_edit = tuple.__new__
"""``_new_edit(Edit, (start, end, after, kind, reason))`` builds an `Edit` (a named tuple) in C,
twice as fast as calling `Edit`: this module makes one per annotation."""
_first, _second = itemgetter(0), itemgetter(1)
_match_span = re.Match.span
_KIND = "pinyin-annotation"

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


_SKIP, _VERIFIED, _VERIFIED_TRADITIONAL, _DAMAGED, _TONELESS, _TONELESS_REPEATED = range(6)


_CLASSES: dict[str, tuple[int, str]] = {}
"""`_classify`'s answers so far (a plain dict: looked up once per annotation, it must be fast)."""
_MAX_CLASSES = 100_000


def _classify(candidate: str) -> tuple[int, str]:
    """What a character and the `_RUN` of annotations after it are, which depends on nothing
    else: so each distinct `candidate` is worked out once.

    `_VERIFIED[_TRADITIONAL]`: a toned reading of the character (a Traditional-only one);
    `_DAMAGED`: a single toned syllable that is no reading of it; `_TONELESS[_REPEATED]`: its
    reading without tone (twice or more); `_SKIP`: anything else (differing syllables, syllables
    no character has, a reading that is not the character's). With the class, the reason an
    edit that strips the annotations gives.
    """
    if len(_CLASSES) >= _MAX_CLASSES:
        _CLASSES.clear()
    found = _CLASSES[candidate] = _class_of(candidate)
    return found


def _class_of(candidate: str) -> tuple[int, str]:
    ch, run = candidate[0], candidate[1:]
    n = run.count("(")
    first = run[1 : run.index(")")]
    if n > 1 and run != f"({first})" * n:
        return _SKIP, ""  # differing syllables: a gloss or something else, not the proxy
    toned_set, toneless_set = _syllables()
    if _TONED.search(first):
        if first not in toned_set:
            return _SKIP, ""
        if first in readings(ch):
            kind = _VERIFIED_TRADITIONAL if is_traditional_only(ch) else _VERIFIED
            return kind, f"reading of {ch} added by a conversion proxy"
        if n == 1 and not ch.isspace() and ch not in "()":
            return _DAMAGED, _AFTER_DAMAGE
        return _SKIP, ""
    if first not in toneless_set or first not in {strip_tone(r) for r in readings(ch)}:
        return _SKIP, ""
    return _TONELESS_REPEATED if n > 1 else _TONELESS, f"toneless reading of {ch} added by a conversion proxy"


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
    # Candidates: runs of parenthesised syllables right after a character (one match each),
    # each with the character before it; looked up in `_CLASSES`, worked out once when new.
    spans = list(map(_match_span, _RUN.finditer(text)))
    if not spans:
        return []
    if not spans[0][0]:  # nothing before the first annotation: the run starts at the next one
        end = spans[0][1]
        start = text.index(")") + 1
        spans[0:1] = [(start, end)] if start != end else []
    candidates = [text[s - 1 : e] for s, e in spans]
    found = list(map(_CLASSES.get, candidates))
    if None in found:
        found = [f or _classify(c) for f, c in zip(found, candidates, strict=True)]
    kinds = list(map(_first, found))
    # The edits' fields as columns, made into named tuples by `map` (in C: one per annotation).
    fields = zip(map(_first, spans), map(_second, spans), repeat(""), repeat(_KIND), map(_second, found))
    if _SKIP in kinds:  # dropped: _SKIP is the one false kind (0)
        fields = compress(fields, kinds)
        kinds = list(filter(None, kinds))
    edits = list(map(_new_edit, repeat(Edit), fields))
    if not edits:
        return edits
    proxy = kinds.count(_VERIFIED_TRADITIONAL) >= MIN_EVIDENCE
    keep = [
        False,  # _SKIP
        proxy,  # _VERIFIED
        True,  # _VERIFIED_TRADITIONAL
        proxy,  # _DAMAGED
        proxy or _TONELESS_REPEATED in kinds,  # _TONELESS
        True,  # _TONELESS_REPEATED
    ]
    if all(keep[k] for k in set(kinds)):
        return edits
    return [e for e, k in zip(edits, kinds, strict=True) if keep[k]]
