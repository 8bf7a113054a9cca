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
from itertools import accumulate, compress, repeat
from operator import add, itemgetter

from ..edits import Edit
from ..tables import rows
from ._tables import is_traditional_only

__all__ = ["pinyin_edits", "pinyin_repaired", "readings", "strip_tone"]

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

_SPLIT = re.compile(f"({_RUN.pattern})")
"""`_RUN` as one group: `re.split` gives the text between runs and the runs, alternately."""

_new_edit = tuple.__new__
"""``_new_edit(Edit, (start, end, after, kind, reason))`` builds an `Edit` (a named tuple) in C,
twice as fast as calling `Edit`: this module makes one per annotation."""
_first, _second, _last = itemgetter(0), itemgetter(1), itemgetter(-1)
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
    return pinyin_repaired(text)[1]


def pinyin_repaired(text: str) -> tuple[str, list[Edit]]:
    """`text` without the proxy's annotations, and `pinyin_edits(text)`, which give it: the
    repair step needs both, and the stripped text comes almost free from the scan.

    >>> pinyin_repaired("協(xié)調(diào)發(fā)展") == ("協調發展", pinyin_edits("協(xié)調(diào)發(fā)展"))
    True
    """
    if not _SCREEN.search(text):
        return text, []
    # The text cut at runs of parenthesised syllables (`_RUN`): the text between runs and the
    # runs, alternately, all made in C. Each run is a candidate with the character before it.
    parts = _SPLIT.split(text)
    if len(parts) == 1:
        return text, []
    if not parts[0]:  # nothing before the first annotation: the run starts at the next one
        run = parts[1]
        k = run.index(")") + 1
        if k == len(run):
            if len(parts) == 3:
                return text, []
            parts[0:3] = [run + parts[2]]
        else:
            parts[0:2] = [run[:k], run[k:]]
    gaps = parts[0::2]
    runs = parts[1::2]
    bounds = list(accumulate(map(len, parts)))  # where each part ends
    del gaps[-1]
    candidates = list(map(add, map(_last, gaps), runs))
    found = list(map(_CLASSES.get, candidates))
    if None in found:
        found = [f or _classify(c) for f, c in zip(found, candidates, strict=True)]
    kinds = list(map(_first, found))
    # The edits' fields as columns, made into named tuples by `map` (in C: one per annotation).
    fields = zip(bounds[0:-1:2], bounds[1::2], repeat(""), repeat(_KIND), map(_second, found))
    skipped = _SKIP in kinds
    if skipped:  # dropped: _SKIP is the one false kind (0)
        fields = compress(fields, kinds)
    edits = list(map(_new_edit, repeat(Edit), fields))
    if not edits:
        return text, edits
    proxy = kinds.count(_VERIFIED_TRADITIONAL) >= MIN_EVIDENCE
    keep = [
        False,  # _SKIP
        proxy,  # _VERIFIED
        True,  # _VERIFIED_TRADITIONAL
        proxy,  # _DAMAGED
        proxy or _TONELESS_REPEATED in kinds,  # _TONELESS
        True,  # _TONELESS_REPEATED
    ]
    if all(keep[k] for k in set(kinds)):  # every run goes (there is no _SKIP among them)
        gaps.append(parts[-1])
        return "".join(gaps), edits
    stripped = [keep[k] for k in kinds]
    parts[1::2] = ["" if gone else run for run, gone in zip(runs, stripped, strict=True)]
    if skipped:  # the edits are the runs not skipped
        stripped = [keep[k] for k in kinds if k]
    return "".join(parts), [e for e, gone in zip(edits, stripped, strict=True) if gone]
