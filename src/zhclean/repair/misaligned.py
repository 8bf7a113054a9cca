"""Misaligned GBK spans: one lost lead byte, the rest read one byte out of step.

Seed 003 holds `三?。ㄊ校用娓笾С郑M(jìn)一步` for `三省(市)層面更大支持,進一步`. In GBK the lead
byte `CA` of 省 became `?`; the decoder then paired each character's trail byte with the next
character's lead byte (`A1 A3` = 。, `A8 CA` = ㄊ, ...), dropped the pairs GBK leaves unmapped
two bytes wide (glibc ``iconv -c``), and fell back into step at a trail byte in the ASCII range
(`4D` = `M`, the trail of 進). Mirror pages show the same damage at full-width punctuation
(`。”` = `A1 A3 A1 B1` becomes `?!` plus a few rare characters once NFKC has run) and decoders
that print `?` for a bad pair instead of dropping it.

The repair realigns the bytes: it re-encodes the damaged characters, puts back a candidate lead
byte, and searches (a beam over byte positions) for the original characters. What the bytes
fix is kept; what was lost is constrained by GBK itself (a dropped pair is one of the pairs glibc
drops, ``data/gbk_unmapped.tsv``), by a pinyin annotation after the span (`(jìn)` -> 進), by the
document's script, and ranked by character and in-word bigram statistics. A span is replaced
only when the best reading is far better than the text as it is and clearly better than the
runner-up; when it is only the first, the text stays and a ``suspect`` edit (after == before)
records the best guess. Recovered punctuation follows the document's convention (`，` -> `,`
after NFKC).
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ..charstats import UNKNOWN_HAN_COST, char_class, char_costs, is_han
from ..edits import Edit
from ._tables import (
    bigram_score,
    bigrams,
    gbk_unmapped,
    is_simplified_only,
    is_traditional_only,
    script_chars,
    to_simplified,
)
from .pinyin import _table as _reading_table
from .pinyin import readings

__all__ = ["misaligned_edits", "realign"]

KIND = "misaligned-gbk"
SEARCHES_BASE = 8
SEARCHES_PER = 2000
"""A call searches at most SEARCHES_BASE spans plus one per SEARCHES_PER characters."""
MAX_SPAN = 120
"""Characters after the `?` that a span may cover."""
BEAM = 8
BEAM_PUNCT = 8
TAG_BONUS = 2.0
PRUNE_SLACK = 8.0
"""A reading this much dearer than the best finished one plus the rest of the text as it is
is dropped (and a finished one this far behind is not kept)."""
GAP_COST = 1.0
"""Cost of one pair dropped without trace (an unmapped GBK pair, ``iconv -c``)."""
VISIBLE_GAP_COST = 0.5
"""Cost of one pair shown as `?` by the decoder."""
MIN_GAIN = 6.0
"""How much cheaper (summed -log10 frequencies) a repair must make its span to be considered."""
MIN_MARGIN = 1.5
"""How much better than the runner-up reading the best one must be to replace the text."""
UNCLOSED_COST = 2.5
LOCAL_MARGIN = 1.5
"""How much better than any other candidate its bytes allow a rebuilt character must be."""
SIMP_MARGIN = 3.5
"""`LOCAL_MARGIN` in Simplified text, where the script does not rule candidates out."""
SIMP_GAP_EXTRA = 3.0
"""Extra margin in Simplified text for a character whose trail or lead went into a dropped pair."""
PINYIN_MISMATCH = 12.0
DOC_PAIR_WEIGHT = 2.0
"""Weight of a pair seen elsewhere in the document (its names and terms) in the ranking."""

_PUNCT_COST = {
    **dict.fromkeys("，,", 2.0),
    "。": 2.2,
    "、": 2.6,
    **dict.fromkeys("“”", 2.8),
    **dict.fromkeys("：:", 3.0),
    **dict.fromkeys("《》（）()", 3.2),
    **dict.fromkeys("；;—「」", 3.5),
    **dict.fromkeys("！？!?·‘’〈〉【】.", 3.8),
    **dict.fromkeys("…『』", 4.2),
}
_OPEN = {"）": "（", ")": "(", "》": "《", "」": "「", "”": "“"}
SCRIPT_COST = 4.0
"""Extra cost of a character of the other script (a Simplified-only one in Traditional text)."""
_ANNOT = re.compile(r"\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,6})\)")
_SUSPICIOUS = re.compile(
    "[\u0370-\u03ff\u0400-\u04ff\u2150-\u218f\u2460-\u24ff\u2500-\u259f\u25a0-\u25ff\u2ff0-\u2fff"
    "\u3040-\u30ff\u3100-\u312f\u3220-\u324f\ue000-\uf8ff\ufe30-\ufe4f\uff21-\uff3a\uff41-\uff5a]"
)


# --- GBK tables ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _gbk() -> tuple[dict[int, str], dict[str, tuple[int, int]]]:
    """(pair -> character, character -> pair) for every two-byte pair glibc maps."""
    unmapped = gbk_unmapped()
    trails = [b for b in range(0x40, 0xFF) if b != 0x7F]
    with_newline = [bytes((b, 0x0A)) for b in trails]
    # One decoding of every pair, each followed by a newline (a byte no pair swallows): a pair
    # Python's codec cannot map comes out as U+FFFD and its trail, never as one character.
    raw = b"".join(bytes((a,)) + bytes((a,)).join(with_newline) for a in range(0x81, 0xFF))
    pairs = [a << 8 | b for a in range(0x81, 0xFF) for b in trails]
    dec: dict[int, str] = {}
    enc: dict[str, tuple[int, int]] = {}
    for p, ch in zip(pairs, raw.decode("gbk", errors="replace").split("\n"), strict=False):
        if len(ch) == 1 and ch != "\ufffd" and p not in unmapped:
            dec[p] = ch
            enc.setdefault(ch, (p >> 8, p & 0xFF))
    return dec, enc


@lru_cache(maxsize=1)
def _by_trail() -> dict[int, list[tuple[int, str]]]:
    out: dict[int, list[tuple[int, str]]] = {}
    for pair, ch in _gbk()[0].items():
        out.setdefault(pair & 0xFF, []).append((pair >> 8, ch))
    return out


@lru_cache(maxsize=1)
def _by_lead() -> dict[int, list[tuple[int, str]]]:
    out: dict[int, list[tuple[int, str]]] = {}
    for pair, ch in _gbk()[0].items():
        out.setdefault(pair >> 8, []).append((pair & 0xFF, ch))
    return out


@lru_cache(maxsize=1)
def _gap_followers() -> dict[int, frozenset[int]]:
    """x -> the leads y >= 0x81 such that the pair (x, y) is dropped by glibc.

    Equal sets are one object: states and tables keyed by a lead set then compare by identity."""
    out: dict[int, set[int]] = {}
    for pair in gbk_unmapped():
        x, y = pair >> 8, pair & 0xFF
        if y >= 0x81:
            out.setdefault(x, set()).add(y)
    one: dict[frozenset[int], frozenset[int]] = {_ANY_LEAD: _ANY_LEAD}
    return {x: one.setdefault(frozenset(ys), frozenset(ys)) for x, ys in out.items()}


@lru_cache(maxsize=1)
def _nfkc_sources() -> dict[str, list[tuple[str, int, int]]]:
    """NFKC image -> GBK characters NFKC turns into it (`!` <- `！` A3A1), keyed by first char."""
    out: dict[str, list[tuple[str, int, int]]] = {}
    for pair, ch in _gbk()[0].items():
        img = unicodedata.normalize("NFKC", ch)
        if img != ch and img:
            out.setdefault(img[0], []).append((img, pair >> 8, pair & 0xFF))
    return out


def _glibc_decode(raw: bytes) -> str:
    """GBK as glibc ``iconv -c`` reads it: unmapped pairs dropped whole, a bad lead byte alone."""
    dec = _gbk()[0]
    out: list[str] = []
    i = 0
    while i < len(raw):
        b = raw[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
        elif b == 0x80:
            out.append("€")
            i += 1
        elif i + 1 < len(raw) and raw[i + 1] == 0x7F and b != 0xFF:
            i += 2  # glibc takes DEL as a (bad) trail byte
        elif i + 1 < len(raw) and 0x40 <= raw[i + 1] <= 0xFE and b != 0xFF:
            ch = dec.get(b << 8 | raw[i + 1])
            if ch is not None:
                out.append(ch)
            i += 2
        else:
            i += 1
    return "".join(out)


def _mirror_decode(raw: bytes) -> str:
    """GBK as the mirror pages' decoder reads it: a bad or unmapped pair becomes one `?`."""
    dec = _gbk()[0]
    out: list[str] = []
    i = 0
    while i < len(raw):
        b = raw[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
        elif i + 1 < len(raw):
            out.append(dec.get(b << 8 | raw[i + 1], "?"))
            i += 2
        else:
            out.append("?")
            i += 1
    return "".join(out)


# --- costs --------------------------------------------------------------------------------------


class _Doc(NamedTuple):
    traditional: bool
    nfkc: bool


@lru_cache(maxsize=65536)
def _char_cost(ch: str, doc: _Doc) -> float:
    if is_han(ch):
        cost = char_costs().get(ch, UNKNOWN_HAN_COST)
        if (doc.traditional and is_simplified_only(ch)) or (not doc.traditional and is_traditional_only(ch)):
            cost += SCRIPT_COST
        return cost
    if ch in _PUNCT_COST:
        return _PUNCT_COST[ch]
    if ch == "?":
        return 4.0
    if ch.isascii():
        return 3.5 if ch.isalnum() or ch == " " else 4.0
    return 9.0


@lru_cache(maxsize=262144)
def _bigram(a: str, b: str) -> float:
    return -1.5 * max(0.0, bigram_score(a, b)) if a and b else 0.0


def _doc_info(text: str) -> _Doc:
    """The script and punctuation convention of `text` (the document, or a window of it)."""
    trad, simp = _script_res()
    full = sum(text.count(c) for c in "，（）：；！？")
    half = sum(text.count(c) for c in ",():;!?")
    return _Doc(traditional=_more(trad, simp, text), nfkc=half > full)


def _more(first: re.Pattern[str], second: re.Pattern[str], text: str) -> bool:
    """Whether `first` matches more often in `text` than `second`, reading the matches of each
    only as far as that needs (a page of one script has few of the other's characters: a count
    of all of its own, match by match, cost more than the rest of `_doc_info`)."""
    mine = first.finditer(text)
    for _ in second.finditer(text):  # each match of `second` must be outnumbered by one of `first`
        if next(mine, None) is None:
            return False
    return next(mine, None) is not None


@lru_cache(maxsize=1)
def _script_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns matching one Traditional-only, one Simplified-only character."""
    table = script_chars()
    trad = {ord(c) for c, (kind, _) in table.items() if kind == "T"}
    simp = {ord(c) for c, (kind, _) in table.items() if kind == "S"}
    return re.compile(f"[{char_class(trad)}]"), re.compile(f"[{char_class(simp)}]")


_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_PAIR = re.compile(f"(?=([{_HAN}][{_HAN}]))")
PAIR_WINDOW = 20000
"""Characters each side of a span whose adjacent pairs count as the document's vocabulary."""
DOC_WINDOW = 4000
"""Characters each side of a span whose script and punctuation say the document's convention."""


def _doc_pairs(text: str, lo: int = 0, hi: int | None = None) -> _DocPairs:
    """Adjacent Han pairs of ``text[lo:hi]`` (the document around a span): its own names and
    terms (`通武廊`) count as words. Counted lazily, per character the search asks about."""
    return _DocPairs(text, lo, len(text) if hi is None else min(hi, len(text)))


def _pair_han(c: str) -> bool:
    """True for a character `_HAN_PAIR` counts (the BMP Han blocks, not the other planes)."""
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" or "\uf900" <= c <= "\ufaff"


class _DocPairs:
    """The adjacent Han pairs of ``text[lo:hi]`` and how often each occurs, found on demand.

    Counting every pair of a document (a Counter of a look-ahead regex's matches) cost as much
    as a third of a span's search, which asks about a few hundred of them. Here `counts` holds
    the pairs of each character whose row (pairs starting with it, `row`) or column (pairs
    ending with it, `col`) was read, with their full counts, and the pairs asked about one by
    one (`check`): ``a + b in counts`` is the exact answer once `a`'s row or `b`'s column is
    loaded (`load`, `load_col`), or the pair is in `checked`, or either is no Han character (no
    pair holds it). Counts are of overlapping occurrences, as the regex counts them (`謝謝謝`
    holds `謝謝` twice). The row and column scans also give the characters next to one
    (`_neighbours` of the window), which the search needs anyway.
    """

    __slots__ = ("checked", "cols", "counts", "done", "hi", "lo", "rows", "text")

    def __init__(self, text: str, lo: int, hi: int) -> None:
        self.text, self.lo, self.hi = text, lo, hi
        self.counts: dict[str, int] = {}
        self.rows: dict[str, frozenset[str]] = {}  # a -> the characters after it in the window
        self.cols: dict[str, frozenset[str]] = {}  # b -> the characters before it
        self.done: set[str] = set()  # characters whose row is in `counts` (or that start none)
        self.checked: set[str] = set()  # pairs looked up one by one (in `counts` if present)

    def row(self, a: str) -> frozenset[str]:
        """The characters right after `a` in the window; its pairs go into `counts`."""
        got = self.rows.get(a)
        if got is None:
            fol = _next_to(self.text, a, self.lo, self.hi, 1)
            got = self.rows[a] = frozenset(fol)
            self.done.add(a)
            if fol and _pair_han(a):
                tally: dict[str, int] = {}  # its Han pairs and how often (`_pair_han` inline; a Counter
                # costs more for the few a row holds)
                for b in fol:
                    if "\u4e00" <= b <= "\u9fff" or "\u3400" <= b <= "\u4dbf" or "\uf900" <= b <= "\ufaff":
                        key = a + b
                        tally[key] = tally.get(key, 0) + 1
                self.counts.update(tally)
        return got

    def col(self, b: str) -> frozenset[str]:
        """The characters right before `b` in the window; its pairs go into `counts`."""
        got = self.cols.get(b)
        if got is None:
            pre = _next_to(self.text, b, self.lo, self.hi, -1)
            got = self.cols[b] = frozenset(pre)
            if pre and _pair_han(b):
                tally: dict[str, int] = {}  # as in `row`
                for a in pre:
                    if "\u4e00" <= a <= "\u9fff" or "\u3400" <= a <= "\u4dbf" or "\uf900" <= a <= "\ufaff":
                        key = a + b
                        tally[key] = tally.get(key, 0) + 1
                self.counts.update(tally)
        return got

    def load(self, a: str) -> None:
        """Make `counts` hold every pair starting with `a` (nothing to read for a non-Han one)."""
        if a not in self.done:
            if len(a) == 1 and _pair_han(a):
                self.row(a)
            else:
                self.done.add(a)

    def load_col(self, b: str) -> None:
        """Make `counts` hold every pair ending with `b`."""
        if b not in self.cols and len(b) == 1 and _pair_han(b):
            self.col(b)

    def check(self, a: str, b: str) -> None:
        """Make ``a + b in counts`` exact for this one pair (a search of the window for it, where
        a row would scan for every occurrence of `a`)."""
        key = a + b
        if key in self.checked or a in self.done or b in self.cols:
            return
        self.checked.add(key)
        if len(a) == 1 and len(b) == 1 and _pair_han(a) and _pair_han(b):
            text, hi = self.text, self.hi
            find = text.find
            # Most characters asked about are not in the document: one character is found
            # faster than a pair, and the pairs can only start at the first `b` after an `a`.
            i = find(a, self.lo, hi)
            if i == -1 or (i := find(b, i + 1, hi) - 1) < 0:
                return
            if a != b:  # a pair of two different characters cannot overlap itself
                n = text.count(key, i, hi)
            else:
                n = 0
                i = find(key, i, hi)
                while i != -1:
                    n += 1
                    i = find(key, i + 1, hi)
            if n:
                self.counts[key] = n

    def count(self, a: str, b: str) -> int:
        """How often the pair `a` `b` occurs in the window (0 unless both are Han characters)."""
        self.check(a, b)
        return self.counts.get(a + b, 0)

    def same_window(self, text: str, lo: int, hi: int) -> bool:
        """True when the window is ``text[lo:hi]`` (so `row`/`col` are its `_neighbours`)."""
        return self.text is text and self.lo == lo and self.hi == hi


# --- the search ---------------------------------------------------------------------------------


_How = tuple | None  # type: ignore[type-arg]
"""How a rebuilt character is constrained when a byte of it was lost (see `_alternatives`)."""


@dataclass(frozen=True, slots=True)
class Realignment:
    """The outcome of realigning one span: the best reading and what the search knows of it.

    ``text[start:end]`` reads as `after`. `agreed` characters of the reading are shared by every
    reading within `MIN_MARGIN` of the best; `local` holds, for each character rebuilt from one
    byte or none, how much better it is than any other its bytes allow. `clear` decides from
    these how much of the reading is sure enough to replace the text.
    """

    start: int
    end: int
    out: tuple[str, ...]  # the rebuilt characters
    ends: tuple[int, ...]  # for each, the text position up to which its bytes were read
    doc: _Doc
    gain: float  # cost of the span as it is minus cost of the replacement
    margin: float  # cost of the runner-up reading minus cost of this one
    agreed: int
    local: tuple[tuple[int, float, str], ...] = ()  # (index in out, local margin, constraint)
    alternatives: tuple[tuple[str, float], ...] = ()  # the next readings and their extra cost
    junk_after: bool = False  # the text right after the span still looks damaged

    @property
    def after(self) -> str:
        return _convention("".join(self.out), self.doc)

    @property
    def clear(self) -> int:
        """How many characters of `out` are sure enough to replace the text."""
        return _clear_chars(self)

    @property
    def certain(self) -> int:
        """Length in `after` of the clear part."""
        return len(_convention("".join(self.out[: self.clear]), self.doc))

    @property
    def cut(self) -> int:
        """Text position where the clear part ends."""
        k = self.clear
        return self.ends[k - 1] if k else self.start


def _clear_chars(r: Realignment) -> int:
    """The clear prefix of a reading, in rebuilt characters.

    Every character rebuilt from one byte (or none) must beat the others its bytes allow by a
    margin. In Traditional text the document's script rules out most wrong candidates, so
    `LOCAL_MARGIN` suffices; Simplified text has no such check and a lost byte there tends to
    misalign the rest of the line, so statistics alone would rebuild whole clauses: it needs
    `SIMP_MARGIN`, and more for a character rebuilt from no byte of its own (a dropped pair).
    A reading after which the text still looks damaged ended in the wrong place: nothing of it
    is clear.
    """
    if r.junk_after:
        return 0
    certain = r.agreed
    # The script rules candidates out in Traditional text, and where the reading itself is
    # Traditional although the document's count (damage included) is not.
    checked = r.doc.traditional or (
        any(is_traditional_only(c) for c in r.out) and not any(is_simplified_only(c) for c in r.out)
    )
    for i, lm, kind in r.local:
        extra = SIMP_GAP_EXTRA if kind in ("gap", "set") else 0.0
        need = LOCAL_MARGIN if checked else SIMP_MARGIN + extra
        if lm < need:
            certain = i
            break
    # The bytes of the first uncertain character's lead came with its predecessor's trail, so
    # the clear part stops one character earlier and the text from there on is kept.
    return max(0, certain - 1) if certain < len(r.out) else certain


def _emitted(text: str, pos: int, doc: _Doc) -> list[tuple[int, int, int]]:
    """Ways to read text[pos:] as one shifted pair: (length in chars, first byte, second byte)."""
    ch = text[pos]
    opts: list[tuple[int, int, int]] = []
    pair = _gbk()[1].get(ch)
    if pair is not None:
        opts.append((1, pair[0], pair[1]))
    if doc.nfkc and not (ch == "<" and _TAG_TAIL.match(text, pos + 1)):  # `</p>` is a tag
        for img, a, b in _nfkc_sources().get(ch, ()):
            end = pos + len(img)
            # `(17)` from `⒄` only amid damage: `3.5%` is a number, not `⒊` followed by `5%`.
            if text.startswith(img, pos) and (len(img) == 1 or (end < len(text) and not text[end].isascii())):
                opts.append((len(img), a, b))
    return opts


class _Hyp:
    """A partial reading: its cost, where it stands, and the bracket state of what it rebuilt.

    `node` links the rebuilt characters backwards: ``(char, end, how, previous node)``.
    """

    __slots__ = ("bad", "cost", "depth", "gaps", "last", "lead", "mask", "node", "opened", "pos")

    def __init__(  # type: ignore[no-untyped-def]
        self, cost, pos, lead, node, last, mask, depth, bad, opened, gaps
    ) -> None:
        self.cost = cost
        self.pos = pos
        self.lead = lead  # lead byte of the character being rebuilt (a set after a gap)
        self.node = node
        self.last = last  # the last rebuilt character a next one pairs with (brackets skipped)
        self.mask = mask  # for each closer, whether its opener is open (see `_OPEN_BIT`)
        self.depth = depth  # round brackets open, and closed without an opener (`_bracket_state`)
        self.bad = bad
        self.opened = opened  # round brackets opened minus closed in the rebuilt characters
        self.gaps = gaps  # pairs lost in a row just before this point


_OPEN_BIT = {"（": 1, "(": 2, "《": 4, "「": 8, "“": 16}
_CLOSE_BIT = {"）": 1, ")": 2, "》": 4, "」": 8, "”": 16}
_MARKS = frozenset(_OPEN_BIT) | frozenset(_CLOSE_BIT)


def _advance(h: _Hyp, ch: str) -> tuple[str, int, int, int, int]:
    """(last, mask, depth, bad, opened) of `h` with `ch` appended."""
    last, mask, depth, bad, opened = h.last, h.mask, h.depth, h.bad, h.opened
    if ch not in _MARKS:
        return ch, mask, depth, bad, opened
    bit = _OPEN_BIT.get(ch)
    if bit is not None:
        mask |= bit
    else:
        mask &= ~_CLOSE_BIT[ch]
    if ch in "（(":
        depth += 1
        opened += 1
    elif ch in "）)":
        opened -= 1
        if depth:
            depth -= 1
        else:
            bad += 1
    else:
        last = ch
    return last, mask, depth, bad, opened


def _bracket_state(s: Iterable[str], depth: int = 0, bad: int = 0) -> tuple[int, int]:
    """(depth, bad) after reading `s` from the state (`depth`, `bad`): round brackets open, and
    closed without an opener. A reading costs `UNCLOSED_COST` for each of them."""
    for c in s:
        if c in "（(":
            depth += 1
        elif c in "）)":
            if depth:
                depth -= 1
            else:
                bad += 1
    return depth, bad


def _mask_of(s: str) -> int:
    mask = 0
    for op, bit in _OPEN_BIT.items():
        cl = next(c for c, b in _CLOSE_BIT.items() if b == bit)
        if s.rfind(op) > s.rfind(cl):
            mask |= bit
    return mask


class _Cands:
    """Candidate characters (with a byte each) sorted by their cost, cheapest first, and an index."""

    __slots__ = ("chars", "index", "items")

    def __init__(self, items: list[tuple[int, str]], trad: bool) -> None:
        table = _costs(trad)
        self.items = sorted(items, key=lambda bc: (_cost(bc[1], table, trad), bc[0]))
        self.index = {ch: i for i, (_, ch) in enumerate(self.items)}
        self.chars = frozenset(self.index)

    @classmethod
    def by(cls, items: list[tuple[int, str]], key: Callable[[str], float]) -> _Cands:
        """Candidates sorted by `key` (a cost that neighbours can only lower, like the table's)."""
        self = cls.__new__(cls)
        self.items = sorted(items, key=lambda bc: (key(bc[1]), bc[1]))
        self.index = {ch: i for i, (_, ch) in enumerate(self.items)}
        self.chars = frozenset(self.index)
        return self

    @classmethod
    def part(cls, whole: _Cands, keep: Callable[[int], bool]) -> _Cands:
        """The candidates of `whole` whose byte passes `keep`, in its order (no sort again)."""
        self = cls.__new__(cls)
        self.items = [bc for bc in whole.items if keep(bc[0])]
        self.index = {ch: i for i, (_, ch) in enumerate(self.items)}
        self.chars = frozenset(self.index)
        return self


def _pick(cands: _Cands, k: int, score: Callable[[str], float], *near: frozenset[str]) -> list:  # type: ignore[type-arg]
    """The `k` candidates cheapest by `score`, (score, byte, char) cheapest first.

    `score` is a candidate's own cost plus what its neighbours add, and a neighbour only lowers
    the cost of the characters in `near` (those that pair with it). So only the first `k` in
    `cands`' order and the ones in `near` further down can be among the `k` cheapest.
    """
    scored = [(score(ch), b, ch) for b, ch in _chosen(cands, k, near)]
    scored.sort()
    return scored[:k]


def _chosen(cands: _Cands, k: int, near: tuple[frozenset[str], ...]) -> list[tuple[int, str]]:
    """The candidates `_pick` scores: the first `k` and those in `near` further down."""
    items = cands.items
    if len(items) <= k:
        return items
    chars = cands.chars  # `chars & s` is C-level: it iterates the smaller of the two
    index = cands.index
    extra = {i for s in near for c in chars & s if (i := index[c]) >= k}
    if not extra:
        return items[:k]
    return items[:k] + [items[i] for i in sorted(extra)]


@lru_cache(maxsize=2)
def _costs(trad: bool) -> dict[str, float]:
    """Character -> cost in a document of this script (filled on first use of each character)."""
    return {}


def _cost(ch: str, table: dict[str, float], trad: bool) -> float:
    got = table.get(ch)
    if got is None:
        got = table[ch] = _char_cost(ch, _Doc(trad, False))
    return got


@lru_cache(maxsize=1)
def _pair_index() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(a -> the characters that follow it inside words, b -> those before it), Simplified,
    each as one string; and Simplified character -> its Traditional-only forms."""
    nxt: dict[str, list[str]] = {}
    prv: dict[str, list[str]] = {}
    for pair in [k for k, v in bigrams().items() if v > 0 and len(k) == 2]:
        a, b = pair
        got = nxt.get(a)
        if got is None:
            nxt[a] = [b]
        else:
            got.append(b)
        got = prv.get(b)
        if got is None:
            prv[b] = [a]
        else:
            got.append(a)
    variants: dict[str, str] = {}
    for ch, (kind, other) in script_chars().items():
        if kind == "T":
            variants[other] = variants.get(other, "") + ch
    return {a: "".join(bs) for a, bs in nxt.items()}, {b: "".join(a_s) for b, a_s in prv.items()}, variants


def _both_scripts(chars: str) -> set[str]:
    variants = _pair_index()[2]
    out = set(chars)
    for c in chars:
        more = variants.get(c)
        if more:
            out.update(more)
    return out


@lru_cache(maxsize=65536)
def _follow(a: str) -> frozenset[str]:
    """Characters whose cost after `a` can be lower than their own (a word pair, `。”`, a closer)."""
    nxt = _both_scripts(_pair_index()[0].get(to_simplified(a), ""))
    return frozenset(nxt) | _PUNCT_AFTER.get(a, frozenset()) | frozenset(_CLOSE_BIT)


@lru_cache(maxsize=65536)
def _precede(b: str) -> frozenset[str]:
    """Characters whose cost before `b` can be lower than their own."""
    prv = _both_scripts(_pair_index()[1].get(to_simplified(b), ""))
    return frozenset(prv) | _PUNCT_BEFORE.get(b, frozenset())


def realign(
    text: str, qpos: int, *, doc: _Doc | None = None, pairs: _DocPairs | None = None
) -> Realignment | None:
    """Best realigned reading of the span starting at the `?` at ``text[qpos]``, or None.

    `doc` and `pairs` (`_doc_info`, `_doc_pairs`: the document's convention and vocabulary)
    default to those of the text around the span; a caller searching several spans of one
    document passes them (`pairs` then fills up over the searches).

    A beam search over text positions: each state holds the lead byte of the character being
    rebuilt (a set of them after a lost pair), and the states that agree on it and on what comes
    next are merged. Candidates are taken from tables sorted by cost, so a step scores only the
    few that can win (`_pick`), and the search stops after `MAX_EXPANSIONS` scored candidates.
    """
    doc = doc or _doc_info(text[max(0, qpos - DOC_WINDOW) : qpos + DOC_WINDOW])
    lo, hi = max(0, qpos - PAIR_WINDOW), min(len(text), qpos + PAIR_WINDOW)
    if pairs is None:
        pairs = _doc_pairs(text, lo, hi)
    # `key in counts` is exact once the row of key's first character or the column of its second
    # is loaded: every check below follows a `load`, `row` or `col` that makes it so.
    counts = pairs.counts
    done, checked = pairs.done, pairs.checked
    load, load_col, check = pairs.load, pairs.load_col, pairs.check
    trad = doc.traditional
    table = _costs(trad)
    dec = _gbk()[0]
    followers = _gap_followers()
    region_end = min(len(text), qpos + 1 + MAX_SPAN)
    nl = text.find("\n", qpos, region_end)
    if nl != -1:
        region_end = nl
    before = text[qpos - 1] if qpos > 0 else ""
    context = text[max(0, qpos - 12) : qpos]
    pair_memo: dict[str, float] = {}
    log10 = math.log10

    def cost_of(ch: str) -> float:
        got = table.get(ch)
        return got if got is not None else _cost(ch, table, trad)

    plain_pairs = _pair_memo()  # shared by the calls: pairs the document holds are not in it
    if len(plain_pairs) > _STEP_MEMO_MAX:
        plain_pairs.clear()

    def pair_cost(a: str, b: str) -> float:
        key = a + b
        if key not in counts and a not in done and key not in checked:
            check(a, b)
        memo = pair_memo if key in counts else plain_pairs
        got = memo.get(key)
        if got is None:
            n = counts.get(key, 0) if a and b else 0
            got = _bigram(a, b) - (DOC_PAIR_WEIGHT * log10(1 + n) if n > 0 else 0.0)
            if key in _PUNCT_PAIRS:
                got -= 1.0
            memo[key] = got
        return got

    def own_pair_cost(a: str, b: str) -> float:
        """`pair_cost` of a pair the text holds, not counting this occurrence of it."""
        n = pairs.count(a, b) - 1 if a and b else 0
        got = _bigram(a, b) - (DOC_PAIR_WEIGHT * log10(1 + n) if n > 0 else 0.0)
        return got - 1.0 if a + b in _PUNCT_PAIRS else got

    # Cost of the text as it is from qpos up to each position (extended as the search advances).
    prefix = [0.0]

    def asis_to(i: int) -> float:
        while len(prefix) <= i - qpos:
            j = qpos + len(prefix) - 1
            nxt = text[j + 1] if j + 1 < region_end else ""
            c = cost_of(text[j]) + own_pair_cost(text[j], nxt)
            if nxt == "(":
                m = _ANNOT.match(text, j + 1)
                if m and m.group(1) not in readings(text[j]):
                    c += PINYIN_MISMATCH  # an annotation the character before it cannot have
            prefix.append(prefix[-1] + c)
        return prefix[i - qpos]

    step_memo = _step_memo(trad)
    if len(step_memo) > _STEP_MEMO_MAX:
        step_memo.clear()  # shared by the calls: pairs the document holds are not in it
    closers = _CLOSE_BIT

    def step(prev: str, ch: str, mask: int) -> float:
        """Cost of `ch` after `prev`: its own, the pair's, and a closing mark's (open or not)."""
        key = prev + ch
        if prev not in done and key not in checked:
            check(prev, ch)
        if key in counts:
            c = cost_of(ch) + pair_cost(prev, ch)
        else:
            c = step_memo.get(key)
            if c is None:
                c = step_memo[key] = cost_of(ch) + pair_cost(prev, ch)
        if ch in closers:
            c += -1.5 if mask & closers[ch] else 2.0
        return c

    shared = pairs.same_window(text, lo, hi)  # its rows and columns are the neighbours here
    after_memo: dict[str, tuple[frozenset[str], ...]] = {}
    before_memo: dict[str, tuple[frozenset[str], ...]] = {}

    def after(a: str) -> tuple[frozenset[str], ...]:
        """Characters whose cost right after `a` can be lower than their own: word pairs of the
        table, pairs of the document, a closing punctuation mark."""
        got = after_memo.get(a)
        if got is None:
            if not (a and is_han(a)):
                doc_side: frozenset[str] = frozenset()
                load(a)
            elif shared:
                doc_side = pairs.row(a)
            else:
                doc_side = _neighbours(text, a, lo, hi, 1)
                load(a)
            got = after_memo[a] = (_follow(a), doc_side)
        return got

    def before_all(nexts: list[str]) -> tuple[frozenset[str], ...]:
        """Characters whose cost right before one of `nexts` can be lower than their own."""
        out: tuple[frozenset[str], ...] = ()
        for b in nexts:
            got = before_memo.get(b)
            if got is None:
                if not (b and is_han(b)):
                    doc_side: frozenset[str] = frozenset()
                elif shared:
                    doc_side = pairs.col(b)
                else:
                    doc_side = _neighbours(text, b, lo, hi, -1)
                    load_col(b)
                got = before_memo[b] = (_precede(b), doc_side)
            out += got
        return out

    # A pick depends only on the pool, k, and the state's last character and bracket mask (and
    # what comes next): states that agree on them share it (the lists are not changed).
    #
    # Its scores are static (the tables' costs) except for the pairs the document holds, whose
    # second character is one the document puts next to `prev` (or before a next character):
    # `doc_side` of `after`/`before_all`. So the static ranking is kept across searches (keyed
    # by pool and characters, like `step_memo`) and a search rescores only the candidates its
    # document lifts (`_merge_picks`). That holds when the document's neighbours are those of
    # the pairs' window (`shared`); otherwise every candidate is scored here.
    static = _static_picks(trad)
    if len(static) > _STATIC_MAX:
        static.clear()

    def plain_step(prev: str, ch: str, mask: int) -> float:
        """`step` of a pair the document does not hold (`step_memo`'s value), with its closer."""
        sk = prev + ch
        c = step_memo.get(sk)
        if c is None:
            pc = plain_pairs.get(sk)
            if pc is None:
                pc = plain_pairs[sk] = _plain_pair(prev, ch)
            c = step_memo[sk] = cost_of(ch) + pc
        if ch in closers:
            c += -1.5 if mask & closers[ch] else 2.0
        return c

    def plain_pair(a: str, b: str) -> float:
        """`pair_cost` of a pair the document does not hold."""
        key = a + b
        got = plain_pairs.get(key)
        if got is None:
            got = plain_pairs[key] = _plain_pair(a, b)
        return got

    def doc_step(prev: str, ch: str, mask: int) -> float:
        """`step`, read from the memos when the pair is not the document's."""
        sk = prev + ch
        if sk in counts or (c := step_memo.get(sk)) is None:
            return step(prev, ch, mask)
        if ch in closers:
            c += -1.5 if mask & closers[ch] else 2.0
        return c

    pick_memo: dict[tuple, list] = {}  # type: ignore[type-arg]

    def pick(pool: _Cands, k: int, prev: str, mask: int) -> list:  # type: ignore[type-arg]
        """`_pick` by `step` with the characters `prev` lifts, memoized (`step` inline)."""
        key = (pool, k, prev, mask)
        got = pick_memo.get(key)
        if got is not None:
            return got
        near = after_memo.get(prev) or after(prev)
        if shared:
            ranked = static.get(key)
            if ranked is None:
                scored = [(plain_step(prev, ch, mask), b, ch) for b, ch in _chosen(pool, k, near[:1])]
                scored.sort()
                ranked = static[key] = _ranking(scored, k)
                head = scored  # all of it, for this search
            else:
                head = ranked[0] if ranked[2] else None
            lifted = pool.chars & near[1]
            if not lifted:
                out = pick_memo[key] = ranked[1]
                return out
            index, items = pool.index, pool.items
            scored = [(doc_step(prev, ch, mask), items[index[ch]][0], ch) for ch in lifted]
            out = _merge_picks(head or ranked[0], scored, lifted, k, head is not None)
            if out is not None:
                pick_memo[key] = out
                return out
        scored = [(doc_step(prev, ch, mask), b, ch) for b, ch in _chosen(pool, k, near)]
        scored.sort()
        out = pick_memo[key] = scored[:k]
        return out

    rank_memo: dict[tuple, list] = {}  # type: ignore[type-arg]

    def ranked_one(prev: str, ch: str, mask: int, nexts: list[str], b: int) -> tuple:  # type: ignore[type-arg]
        """(rank, byte, char, `step` cost) of one candidate of `pick_ranked` in this document."""
        c = doc_step(prev, ch, mask)
        if len(nexts) == 1:  # the common case: one next character
            pk = ch + nexts[0]
            pc = (pair_memo if pk in counts else plain_pairs).get(pk)
            return (c + (pair_cost(ch, nexts[0]) if pc is None else pc), b, ch, c)
        if not nexts:
            return (c, b, ch, c)
        return (c + min(pair_cost(ch, n) for n in nexts), b, ch, c)

    def pick_ranked(pool: _Cands, k: int, prev: str, mask: int, nexts: list[str]) -> list:  # type: ignore[type-arg]
        """`_pick` by `step` plus the best pair the character makes with what the bytes say comes
        next (`nexts`), with the characters `prev` and `nexts` lift, memoized (both inline):
        (rank, byte, char, `step` cost)."""
        key = (pool, k, prev, mask, *nexts)
        got = rank_memo.get(key)
        if got is not None:
            return got
        near = (after_memo.get(prev) or after(prev)) + before_all(nexts)
        if shared:
            ranked = static.get(key)
            if ranked is None:
                scored = []
                for b, ch in _chosen(pool, k, near[::2]):
                    c = plain_step(prev, ch, mask)
                    if len(nexts) == 1:
                        scored.append((c + plain_pair(ch, nexts[0]), b, ch, c))
                    elif not nexts:
                        scored.append((c, b, ch, c))
                    else:
                        scored.append((c + min(plain_pair(ch, n) for n in nexts), b, ch, c))
                scored.sort()
                ranked = static[key] = _ranking(scored, k)
                head = scored
            else:
                head = ranked[0] if ranked[2] else None
            chars = pool.chars
            lifted = chars & near[1]
            for side in near[3::2]:
                if side:
                    lifted |= chars & side
            if not lifted:
                out = rank_memo[key] = ranked[1]
                return out
            index, items = pool.index, pool.items
            scored = [ranked_one(prev, ch, mask, nexts, items[index[ch]][0]) for ch in lifted]
            out = _merge_picks(head or ranked[0], scored, lifted, k, head is not None)
            if out is not None:
                rank_memo[key] = out
                return out
        scored = [ranked_one(prev, ch, mask, nexts, b) for b, ch in _chosen(pool, k, near)]
        scored.sort()
        out = rank_memo[key] = scored[:k]
        return out

    last_memo: dict[tuple, list] = {}  # type: ignore[type-arg]

    def pick_last(pool: _Cands, k: int, prev: str, mask: int, pos: int) -> list:  # type: ignore[type-arg]
        """`_pick` by `step` plus `final_cost` at `pos` with the characters `prev` lifts,
        memoized (both inline in their common case)."""
        key = (pool, k, prev, mask, pos)
        got = last_memo.get(key)
        if got is not None:
            return got
        near = after_memo.get(prev) or after(prev)
        if shared:
            syl, line_end = annotation(pos), pos >= len(text) or text[pos] == "\n"
            skey = (pool, k, prev, mask, syl, line_end)
            ranked = static.get(skey)
            if ranked is None:
                scored = [
                    (plain_step(prev, ch, mask) + _end_cost(ch, syl, line_end), b, ch)
                    for b, ch in _chosen(pool, k, near[:1])
                ]
                scored.sort()
                ranked = static[skey] = _ranking(scored, k)
                head = scored
            else:
                head = ranked[0] if ranked[2] else None
            lifted = pool.chars & near[1]
            if not lifted:
                out = last_memo[key] = ranked[1]
                return out
            index, items = pool.index, pool.items
            scored = [(doc_step(prev, ch, mask) + final_cost(ch, pos), items[index[ch]][0], ch) for ch in lifted]
            out = _merge_picks(head or ranked[0], scored, lifted, k, head is not None)
            if out is not None:
                last_memo[key] = out
                return out
        scored = [(doc_step(prev, ch, mask) + final_cost(ch, pos), b, ch) for b, ch in _chosen(pool, k, near)]
        scored.sort()
        out = last_memo[key] = scored[:k]
        return out

    annotations: dict[int, str | None] = {}

    def annotation(pos: int) -> str | None:
        """The pinyin reading annotated at `pos`, if any."""
        if pos in annotations:
            return annotations[pos]
        m = _ANNOT.match(text, pos)
        got = annotations[pos] = m.group(1) if m else None
        return got

    final_memo: dict[int, dict[str, float]] = {}  # position -> character -> cost

    def final_cost(ch: str, pos: int) -> float:
        """Extra cost of `ch` as the last character, `pos` the text position after the span."""
        here = final_memo.get(pos)
        if here is None:
            here = final_memo[pos] = {}
        got = here.get(ch)
        if got is None:
            got = here[ch] = _end_cost(ch, annotation(pos), pos >= len(text) or text[pos] == "\n")
        return got

    finals: dict[tuple[str, ...], tuple[float, int, tuple[int, ...], tuple[_How, ...]]] = {}
    best_final = [math.inf]
    suffix_state: dict[int, tuple[str, str, float]] = {}  # end -> brackets after, next char, text as is
    bracket_memo: dict[tuple[int, int, int], tuple[int, int]] = {}  # (end, depth, bad) -> after them

    chains: dict[int, tuple[tuple, list[str], list[int], list[_How]]] = {}  # type: ignore[type-arg]

    def finish(h: _Hyp, extra: list[tuple[str, int, _How]], cost: float, end: int) -> None:
        last, depth, bad = h.last, h.depth, h.bad
        for ch, _, _ in extra:
            if ch in "（(":
                depth += 1
            elif ch in "）)":
                if depth:
                    depth -= 1
                else:
                    bad += 1
            else:
                last = ch
        total = closed(end, last, depth, bad, cost)
        if total <= best_final[0] + PRUNE_SLACK:  # else far behind the best: no rival, no runner-up
            record(h, extra, total, end)

    def finish_one(h: _Hyp, ch: str, tag: _How, cost: float, end: int) -> None:
        """`finish` with one last character (the list made only for a reading that is kept)."""
        if ch in _BRACKETS:
            finish(h, [(ch, end, tag)], cost, end)
            return
        total = closed(end, ch, h.depth, h.bad, cost)
        if total <= best_final[0] + PRUNE_SLACK:
            record(h, [(ch, end, tag)], total, end)

    def closed(end: int, last: str, depth: int, bad: int, cost: float) -> float:
        """The total of a reading ending at `end`: its cost, the pair with the next character,
        the brackets left open or closed unopened by the text after it, less the text as is."""
        got = suffix_state.get(end)
        if got is None:
            m = _ANNOT.match(text, end)
            after = m.end() if m else end  # the next character, past a pinyin annotation
            nxt = text[after] if after < len(text) else ""
            load_col(nxt)
            got = suffix_state[end] = ("".join(c for c in text[end : end + 20] if c in "（()）"), nxt, asis_to(end))
        brackets, nxt, asis = got
        if brackets:
            key = (end, depth, bad)
            state = bracket_memo.get(key)
            if state is None:
                state = bracket_memo[key] = _bracket_state(brackets, depth, bad)
            depth, bad = state
        key = last + nxt
        pc = (pair_memo if key in counts else plain_pairs).get(key)
        if pc is None:
            pc = pair_cost(last, nxt)
        return cost + pc - asis + UNCLOSED_COST * (bad + depth)

    def record(h: _Hyp, extra: list[tuple[str, int, _How]], total: float, end: int) -> None:
        """Keep the reading `h` plus `extra` (unless the same one was found cheaper)."""
        node = h.node
        got = chains.get(id(node))
        if got is None:
            base_chars: list[str] = []
            base_ends: list[int] = []
            base_how: list[_How] = []
            n = node
            while n is not None:
                base_chars.append(n[0])
                base_ends.append(n[1])
                base_how.append(n[2])
                n = n[3]
            base_chars.reverse()
            base_ends.reverse()
            base_how.reverse()
            got = chains[id(node)] = (node, base_chars, base_ends, base_how)  # the node kept alive
        out = (*got[1], *(x[0] for x in extra))
        old = finals.get(out)
        if old is None or old[0] > total:
            ends = (*got[2], *(x[1] for x in extra))
            how = (*got[3], *(x[2] for x in extra))
            finals[out] = (total, end, ends, how)
            if total < best_final[0]:
                best_final[0] = total

    # A state pushed to a position waits as (cost, parent, char, end, how, lead, gaps): most are
    # not kept, and only the kept ones are made `_Hyp`s.
    beams: dict[int, dict[tuple, tuple]] = {}  # type: ignore[type-arg]

    def grow(
        h: _Hyp, ch: str, end: int, tag: _How, cost: float, pos: int, lead: int | frozenset[int], gaps: int
    ) -> None:
        """Push the state `h` with `ch` appended (unless an equivalent state is cheaper)."""
        slot = beams.get(pos)
        if slot is None:
            slot = beams[pos] = {}
        key = (lead, ch, gaps, _advance(h, ch)[4] if ch in _MARKS else h.opened)  # these agree on what comes next
        old = slot.get(key)
        if old is None or old[0] > cost:
            slot[key] = (cost, h, ch, end, tag, lead, gaps)

    emitted_memo: dict[int, list[tuple[int, int, int]]] = {}

    def emitted(pos: int) -> list[tuple[int, int, int]]:
        got = emitted_memo.get(pos)
        if got is None:
            # A pinyin annotation is ASCII in the bytes: the decoder was back in step before it.
            inside = pos >= region_end or (text[pos] == "(" and _ANNOT.match(text, pos) is not None)
            got = emitted_memo[pos] = [] if inside else _emitted(text, pos, doc)
        return got

    def next_chars(pos: int, lead: int) -> list[str]:
        """The characters the next shifted pairs give when the lead byte is known."""
        out = []
        for _, p, _ in emitted(pos):
            ch = dec.get(lead << 8 | p)
            if ch is not None:
                out.append(ch)
        return out

    expansions = 0

    def _fitting(pool: _Cands, syl: str) -> list[tuple[float, int, str]]:
        """The candidates of `pool` that have the reading `syl`."""
        return _fitting_cands(pool, syl)

    def lost_pool(lead: int | frozenset[int] | None, syl: str | None, pos: int) -> _Cands:
        return _lost_pool(lead, syl, pos >= len(text) or text[pos] == "\n", trad)

    def terminate(h: _Hyp, pos: int, wide: bool = True) -> None:
        """End the span at `pos`: by an ASCII trail byte, or before an ASCII byte that is no trail."""
        nonlocal expansions
        lead, prev, mask = h.lead, h.last, h.mask
        nxt = text[pos] if pos < region_end else ""
        if nxt and nxt.isascii() and 0x40 <= ord(nxt) <= 0x7E:
            t = ord(nxt)
            tag: _How
            if isinstance(lead, int):
                ch = dec.get(lead << 8 | t)
                if ch is not None:
                    expansions += 1
                    finish_one(h, ch, None, h.cost + step(prev, ch, mask) + final_cost(ch, pos + 1), pos + 1)
            elif wide:
                pool = _trail_cands(t, trad) if lead is None else _set_cands(lead, t, trad)
                tag = ("trail", t) if lead is None else ("set", lead, t)
                syl = annotation(pos + 1)
                picked = pick(pool, K_END, prev, mask)
                # A pick's score is the `step` cost: the candidates the reading fits are scored here.
                more: list[tuple[float, int, str]] = []
                if syl is not None:  # the character's reading follows: every one it fits competes
                    have = {x[2] for x in picked}
                    more = [x for x in _fitting(pool, syl) if x[2] not in have]
                expansions += len(picked) + len(more)
                for s, _, ch in picked:
                    finish_one(h, ch, tag, h.cost + s + final_cost(ch, pos + 1), pos + 1)
                for _, _, ch in more:
                    finish_one(h, ch, tag, h.cost + step(prev, ch, mask) + final_cost(ch, pos + 1), pos + 1)
        if pos >= len(text) or text[pos] == "\n" or (nxt and nxt.isascii() and (ord(nxt) < 0x40 or nxt == "\x7f")):
            # The trail byte was skipped with the invalid pair it began: only the lead is known.
            if not wide and not isinstance(lead, int):
                return
            syl = annotation(pos)
            if not isinstance(lead, int) and syl is None:
                return  # nothing left of the character and no reading to say what it was
            if syl is not None or pos >= len(text) or text[pos] == "\n":
                pool = lost_pool(lead, syl, pos)
                # As many as a full scoring of the first 200 (the budget counts them all).
                expansions += min(200, len(pool.items))
                k = 8 if wide else K_LOST_NARROW
                picked = pick_last(pool, k, prev, mask, pos)
                scored = sorted((s, ch) for s, _, ch in picked)
            else:
                pool = _lead_cands(lead, trad)  # type: ignore[arg-type]
                k = 8 if wide else K_LOST_NARROW
                scored = [(s, ch) for s, _, ch in pick(pool, k, prev, mask)]
                expansions += len(scored)
            for c, ch in scored[:8]:
                finish_one(h, ch, ("lost", lead, syl), h.cost + c, pos)

    # The first original character is (lost lead, first byte of the first shifted pair).
    pos0 = qpos + 1
    mask0 = _mask_of(context)
    depth0, bad0 = _bracket_state(context[-6:])
    root = _Hyp(0.0, pos0, None, None, before, mask0, depth0, bad0, 0, 0)
    if pos0 < region_end:
        for length, p, q in emitted(pos0):
            end = pos0 + length
            nexts = next_chars(end, q) if q >= 0x81 else []
            picked = pick_ranked(_trail_cands(p, trad), K_FIRST, before, mask0, nexts)
            expansions += len(picked)
            for _, _, ch, c in picked:
                if q >= 0x81:
                    grow(root, ch, end, ("trail", p), c, end, q, 0)
                elif 0x40 <= q <= 0x7E:
                    finish(root, [(ch, end, ("trail", p)), (chr(q), end, None)], c + step(ch, chr(q), mask0), end)
    terminate(root, pos0)
    # Or the first character's trail went into a dropped pair: nothing of it is left.
    for c, x, ch in pick(_all_gap_cands(trad), 8, before, mask0):
        grow(root, ch, pos0, ("gap", _ANY_LEAD), c + GAP_COST, pos0, followers[x], 1)

    _WIDE_BY_ROUND = (WIDE_MAX, WIDE_MAX_GAP, WIDE_MAX_GAP2)
    for pos in range(pos0, region_end + 1):
        for _round in range(3):
            # Rounds 1 and 2 take the hypotheses left at the same position (after lost pairs).
            slot = beams.pop(pos, None)
            if not slot:
                break
            pushed = sorted(slot.values(), key=_COST)
            if best_final[0] < math.inf:
                # A reading that already costs more than the best finished one plus the rest of
                # the text as it is will not come back (text read one step out costs more).
                bound = best_final[0] + PRUNE_SLACK + asis_to(pos)
                pushed = [e for e in pushed if e[0] <= bound]
            if expansions > MAX_EXPANSIONS:
                # Over budget: the rest of the span is read by the two best states alone.
                chosen = pushed[:2]
                branching = 1
            else:
                chosen = pushed[:BEAM]
                branching = BRANCHING
                # Punctuation rebuilt from bytes is rarer than characters in the table but is
                # what the evidence further on (a closing bracket, a quote) needs to see.
                chosen += [e for e in pushed[BEAM:] if not is_han(e[2])][:BEAM_PUNCT]
            ends_here = pos >= region_end or text[pos].isascii()  # a span can end only here
            # States that agree on the lead byte branch into the same candidates; only the
            # cheapest few of them branch (the rest differ only by the pair with their last one).
            groups: dict[tuple, int] = {}  # type: ignore[type-arg]
            wides = 0
            shifted = emitted(pos) if pos < region_end else []
            for cost, parent, ch, end, tag, lead, gaps in chosen:
                if ch in _MARKS:
                    prev, mask, depth, bad, opened = _advance(parent, ch)
                else:
                    prev, mask, depth, bad, opened = ch, parent.mask, parent.depth, parent.bad, parent.opened
                group = (lead, opened, mask)
                rank = groups[group] = groups.get(group, 0) + 1
                # Right after the `?` every state branches: the first character's lost lead and
                # pairs dropped right after it leave the most to choose from.
                wide = pos == pos0 or (rank <= branching and wides < _WIDE_BY_ROUND[_round])
                wides += wide
                known = lead.__class__ is int  # a lead byte, not a set of them (nor None)
                if not wide and not known:
                    continue  # after a lost pair only a state that branches has bytes to read
                h = _Hyp(cost, pos, lead, (ch, end, tag, parent.node), prev, mask, depth, bad, opened, gaps)
                if ends_here:
                    terminate(h, pos, wide)
                if pos >= region_end:
                    continue
                # The next shifted pair is the damaged character(s) at pos (`grow` inline).
                for length, p, q in shifted:
                    end = pos + length
                    if known:
                        ch = dec.get(lead << 8 | p)
                        if ch is None:
                            continue
                        expansions += 1
                        c = cost + step(prev, ch, mask)
                        if q >= 0x81:
                            slot = beams.get(end)
                            if slot is None:
                                slot = beams[end] = {}
                            key = (q, ch, 0, opened + _ROUND[ch] if ch in _ROUND else opened)
                            old = slot.get(key)
                            if old is None or old[0] > c:
                                slot[key] = (c, h, ch, end, None, q, 0)
                        elif 0x40 <= q <= 0x7E:
                            sub = _advance(h, ch)
                            tail = step(sub[0], chr(q), sub[1])
                            finish(h, [(ch, end, None), (chr(q), end, None)], c + tail, end)
                        continue
                    if not wide:
                        continue
                    nexts = next_chars(end, q) if q >= 0x81 else []
                    picked = pick_ranked(_set_cands(lead, p, trad), K_SET, prev, mask, nexts)
                    tag = ("set", lead, p)
                    expansions += len(picked)
                    if q >= 0x81:
                        slot = beams.get(end)
                        if slot is None:
                            slot = beams[end] = {}
                        for _, _, ch, s in picked:
                            c = cost + s
                            key = (q, ch, 0, opened + _ROUND[ch] if ch in _ROUND else opened)
                            old = slot.get(key)
                            if old is None or old[0] > c:
                                slot[key] = (c, h, ch, end, tag, q, 0)
                    elif 0x40 <= q <= 0x7E:
                        for _, _, ch, s in picked:
                            sub = _advance(h, ch)
                            tail = step(sub[0], chr(q), sub[1])
                            finish(h, [(ch, end, tag), (chr(q), end, None)], cost + s + tail, end)
                if gaps >= 2 or not wide:
                    continue  # two lost pairs in a row leave one character with no byte; three, two
                # A `?` printed for a bad pair (x, y): the trail of this character, the next lead.
                if known and not gaps and text[pos] == "?":
                    tag = ("lost", lead, None)
                    picked = pick(_visible_cands(lead, trad), K_GAP, prev, mask)
                    expansions += len(picked)
                    for s, _, ch in picked:
                        c = h.cost + s + VISIBLE_GAP_COST
                        grow(h, ch, pos + 1, tag, c, pos + 1, _ANY_LEAD, h.gaps + 1)
                        if pos + 1 >= region_end or text[pos + 1].isascii():
                            # The bad pair was this trail and an ASCII byte: `?/p>` lost the `<`.
                            lost = [("<", pos + 1, None)] if _TAG_TAIL.match(text, pos + 1) else []
                            bonus = TAG_BONUS if lost else 0.0  # `</p>` is likelier than `／ｐ＞` read out of step
                            finish(h, [(ch, pos + 1, tag), *lost], c - bonus, pos + 1)
                # A pair dropped without trace: (x, y) is a pair glibc drops (`grow` inline).
                tag = ("gap", lead)
                if known:
                    picked = pick(_gap_cands_one(lead, trad), K_GAP, prev, mask)
                else:
                    picked = pick(_gap_cands_set(lead, trad), K_GAP2, prev, mask)
                expansions += len(picked)
                slot = beams.get(pos)
                if slot is None:
                    slot = beams[pos] = {}
                gaps += 1
                for s, x, ch in picked:
                    c = cost + s + GAP_COST
                    x = followers[x]
                    key = (x, ch, gaps, opened + _ROUND[ch] if ch in _ROUND else opened)
                    old = slot.get(key)
                    if old is None or old[0] > c:
                        slot[key] = (c, h, ch, pos, tag, x, gaps)
    if not finals:
        return None
    def neighbours(ch: str, side: int) -> frozenset[str]:
        """`_neighbours(text, ch, side=side)`: the row or column of `ch` when the pairs' window is
        all the text (read once, and kept for the document's next searches)."""
        if not ch:
            return frozenset()
        if shared and lo == 0 and hi == len(text):
            return pairs.row(ch) if side > 0 else pairs.col(ch)
        return _neighbours(text, ch, side=side)

    return _conclude(
        text, qpos, doc, finals, before, context, pairs, cost_of, pair_cost, final_cost, asis_to, neighbours
    )


_COST = operator.itemgetter(0)
_STEP_MEMO_MAX = 400_000
_STATIC_MAX = 20_000
"""Entries of `_static_picks` (each up to a kilobyte or so) and `_static_near` kept at most."""


@lru_cache(maxsize=1)
def _pair_memo() -> dict[str, float]:
    """Pair -> its cost (`_bigram` and punctuation pairs) when the document does not hold it."""
    return {}


@lru_cache(maxsize=2)
def _step_memo(trad: bool) -> dict[str, float]:
    """Pair (two characters as one string) -> cost of the second after the first, in a document
    of this script, when the document does not hold the pair (shared by every search)."""
    return {}


@lru_cache(maxsize=1)
def _static_near() -> dict[tuple, frozenset[str]]:  # type: ignore[type-arg]
    """(candidates, character before, character after) -> the candidates the tables let those
    neighbours lift (`_conclude`'s part of a character's measure that is the same in every search)."""
    return {}


@lru_cache(maxsize=2)
def _static_picks(trad: bool) -> dict[tuple, tuple[list, list, bool]]:  # type: ignore[type-arg]
    """A pick's key (pool, k, last character, bracket mask, what comes next) -> its candidates
    scored as if the document held none of their pairs, sorted (`_ranking`: the head of it, the
    first k, whether the head is all): the tables' part of a pick, the same in every search
    (`_merge_picks` adds the document's). At most `_STATIC_MAX` entries."""
    return {}


def _plain_pair(a: str, b: str) -> float:
    """The cost of the pair `a` `b` when the document does not hold it (`pair_cost` with n = 0)."""
    got = _bigram(a, b) - 0.0
    if a + b in _PUNCT_PAIRS:
        got -= 1.0
    return got


SPARE = 4
"""Entries a static ranking keeps beyond its first k, for the candidates a document lifts (which
are scored apart): with more of them among its head, the pick is scored in full."""


def clear_memos() -> None:
    """Forget what earlier searches left in the shared memos (pair and step costs, the static
    rankings of picks and `_conclude`'s lifted sets): none changes a result, but a corpus that
    repeats one damaged span (as the benchmark's pages do) finds them all filled. Benchmarks
    call this to measure a search that starts cold."""
    for memo in (_pair_memo(), _static_near(), _step_memo(True), _step_memo(False),
                 _static_picks(True), _static_picks(False)):
        memo.clear()


def _ranking(scored: list, k: int) -> tuple[list, list, bool]:  # type: ignore[type-arg]
    """What `_static_picks` keeps of a sorted static ranking: its head (k + `SPARE` entries),
    its first k, and whether the head is all of it (a few kilobytes less per entry)."""
    return scored[: k + SPARE], scored[:k], len(scored) <= k + SPARE


def _merge_picks(ranked: list, scored: list, lifted: frozenset[str], k: int, whole: bool) -> list | None:  # type: ignore[type-arg]
    """The k cheapest of `scored` (the candidates the document lifts, scored with its pairs) and
    of the static ranking `ranked` (sorted) less those: what scoring all of them gives. None
    when `ranked` is only a head (not `whole`) with fewer than k others in it."""
    n = 0
    for e in ranked:
        if e[2] not in lifted:
            scored.append(e)
            n += 1
            if n == k:
                break
    else:
        if not whole:
            return None
    scored.sort()
    del scored[k:]
    return scored


K_FIRST = 8
"""Readings of the first character (its lead byte lost) the search follows."""
K_SET = 5
"""Characters a known trail byte and a set of possible lead bytes (after a lost pair) give."""
K_END = 8
"""Characters an ASCII trail byte ending a span (or a lost trail) gives, per state."""
K_LOST_NARROW = 3
"""Characters a state that does not branch tries for a last character whose trail byte was lost."""
K_GAP = 4
"""Characters that a lost pair (or a `?` printed for one) may have taken, followed per state."""
K_GAP2 = 3
"""`K_GAP` for a second pair lost in a row."""
BRANCHING = 2
"""How many of the states that share a lead byte and bracket state branch (the cheapest)."""
WIDE_MAX = 1
"""States with a known lead byte that branch per position (right after the `?`: all)."""
WIDE_MAX_GAP = 3
"""States after a lost pair (a set of lead bytes) that branch per position and round."""
WIDE_MAX_GAP2 = 1
"""`WIDE_MAX_GAP` after two lost pairs in a row (a character with no byte of its own)."""
MAX_EXPANSIONS = 800
"""Candidate characters one span search scores at full width; past it, the rest of the span is
read by the two best states (so a span costs at most this plus a few dozen per character)."""


_TAG_TAIL = re.compile(r"/?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>\n]{0,30})?>")
_BRACKETS = frozenset("()（）")
_ROUND = {"（": 1, "(": 1, "）": -1, ")": -1}
"""How a round bracket changes the count of those opened (`_advance`'s `opened`)."""
_PUNCT_PAIRS = frozenset(
    ["。”", "！”", "？”", "…”", "）。", "），", "”，", "”。", "：“", "，“", "。“", "》，", "》。", "）、"]
)
_PUNCT_AFTER = {a: frozenset(p[1] for p in _PUNCT_PAIRS if p[0] == a) for a, _ in _PUNCT_PAIRS}
_PUNCT_BEFORE = {b: frozenset(p[0] for p in _PUNCT_PAIRS if p[1] == b) for _, b in _PUNCT_PAIRS}
_LINE_END = {
    **dict.fromkeys("。！？”…」』", -1.5),
    **dict.fromkeys("、，,；：（《“「『—", 2.0),
}
_MIN_FINAL = min(0.0, PINYIN_MISMATCH, *_LINE_END.values())
"""The least a character's place at the end of a span can add to its cost (`final_cost`)."""


def _next_char(text: str, end: int) -> str:
    m = _ANNOT.match(text, end)
    after = m.end() if m else end
    return text[after] if after < len(text) else ""


def _conclude(  # type: ignore[no-untyped-def]
    text, qpos, doc, finals, before, context, pairs, cost_of, pair_cost, final_cost, asis_to, doc_neighbours
) -> Realignment:
    """The best reading, how far the readings near it agree, and how much each character rebuilt
    from one byte (or none) stands out among those its bytes allow."""
    ranked = sorted(finals.items(), key=lambda kv: kv[1][0])
    best_out, (best_cost, end, ends, how) = ranked[0]
    runner = ranked[1][1][0] if len(ranked) > 1 else best_cost + 99.0
    certain = len(best_out)
    for out, (cost, *_) in ranked[1:]:
        if cost - best_cost >= MIN_MARGIN:
            break
        k = 0
        while k < min(len(out), certain) and out[k] == best_out[k]:
            k += 1
        certain = k
    # A character rebuilt from one byte (or none) must stand out among those its bytes allow:
    # measure each (the decision, `Realignment.clear`, is made apart from the search).
    local: list[tuple[int, float, str]] = []
    static = _static_near()
    if len(static) > _STATIC_MAX:
        static.clear()

    state = _Hyp(0.0, 0, None, None, before, _mask_of(context), *_bracket_state(context[-6:]), 0, 0)
    for i, tag in enumerate(how):
        if i >= certain:
            break
        chosen = best_out[i]
        if tag is not None:
            prev, mask, depth0, bad0 = state.last, state.mask, state.depth, state.bad
            rest = [c for c in best_out[i + 1 :] if c not in _BRACKETS]
            nxt = rest[0] if rest else _next_char(text, end)
            later = [c for c in "".join(best_out[i + 1 :]) + text[end : end + 20] if c in "（()）"]
            is_last = i == len(best_out) - 1

            # The brackets after a character that is none: the same for every such candidate.
            rest = UNCLOSED_COST * sum(_bracket_state(later, depth0, bad0))

            def cost(
                ch: str, prev: str = prev, mask: int = mask, nxt: str = nxt, later: list[str] = later,
                depth: int = depth0, bad: int = bad0, is_last: bool = is_last, rest: float = rest,
            ) -> float:
                c = cost_of(ch) + pair_cost(prev, ch) + pair_cost(ch, nxt)
                bit = _CLOSE_BIT.get(ch)
                if bit is not None:
                    c += -1.5 if mask & bit else 2.0
                if ch in "（()）":
                    c += UNCLOSED_COST * sum(_bracket_state((ch, *later), depth, bad))
                else:
                    c += rest
                return c + (final_cost(ch, end) if is_last else 0.0)

            cands = _alt_cands(tag, doc)
            mine = cost(chosen)
            # The candidates a neighbour lifts (intersections: the neighbour sets can be large):
            # the tables' (kept across searches) and the document's, which lifts only a pair it
            # holds: a character after `prev` or before `nxt`. Any other candidate costs its own
            # (plus the brackets' and the end's): the cheapest of them is `_first_plain`.
            chars = cands.chars
            key = (cands, prev, nxt)
            near = static.get(key)
            if near is None:
                near = static[key] = (
                    (chars & _follow(prev)) | (chars & _precede(nxt)) | (chars & _MARKS) | (chars & _BRACKETS)
                )
            lifted = (chars & doc_neighbours(prev, 1)) | (chars & doc_neighbours(nxt, -1))
            if lifted:
                near = near | lifted
            if is_last:
                # A character no neighbour lifts costs its own, the brackets' and the end's.
                others = [cost(ch) for ch in near if ch != chosen]
                # The table is sorted by own cost and the end adds at least `_MIN_FINAL`: the
                # cheapest is found without scoring the rest.
                low = min(others) if others else math.inf
                seen = False
                for _, ch in cands.items:
                    if ch in near or ch == chosen:
                        continue
                    own = cost_of(ch) + rest
                    if own + _MIN_FINAL > low:
                        seen = True
                        break
                    seen = True
                    c = own + final_cost(ch, end)
                    if c < low:
                        low = c
                if seen:
                    others.append(low)
            else:
                others = [cost(ch) for _, ch in _first_plain(cands, chosen, near)]
                others += [cost(ch) for ch in near if ch != chosen]
            lm = min(others) - mine if others else 99.0
            local.append((i, lm, tag[0]))
        last, mask, depth, bad, opened = _advance(state, chosen)
        state = _Hyp(0.0, 0, None, None, last, mask, depth, bad, opened, 0)
    gain = _own_pair_cost(before, text[qpos], pairs) - best_cost
    alts = tuple((_convention("".join(t), doc), c - best_cost) for t, (c, *_) in ranked[1:6])
    return Realignment(
        qpos,
        end,
        best_out,
        tuple(ends),
        doc,
        gain,
        runner - best_cost,
        certain,
        tuple(local),
        alts,
        _suspicious(text[end : end + 6].split("\n", 1)[0], doc),
    )


def _own_pair_cost(a: str, b: str, pairs: _DocPairs) -> float:
    n = pairs.count(a, b) - 1 if a and b else 0
    got = _bigram(a, b) - (DOC_PAIR_WEIGHT * math.log10(1 + n) if n > 0 else 0.0)
    return got - 1.0 if a + b in _PUNCT_PAIRS else got


def _first_plain(cands: _Cands, chosen: str, near: frozenset[str]) -> list[tuple[int, str]]:
    """The cheapest candidate other than `chosen` that no neighbour lifts (its cost is its own)."""
    for bc in cands.items:
        if bc[1] != chosen and bc[1] not in near:
            return [bc]
    return []


def _neighbours(text: str, ch: str, lo: int = 0, hi: int | None = None, side: int = 0) -> frozenset[str]:
    """The characters next to `ch` in ``text[lo:hi]`` (after it: side 1, before it: -1, 0: both):
    those a pair of the document can lift."""
    if not ch:
        return frozenset()
    hi = len(text) if hi is None else hi
    if side:
        return frozenset(_next_to(text, ch, lo, hi, side))
    return frozenset(_next_to(text, ch, lo, hi, 1)).union(_next_to(text, ch, lo, hi, -1))


def _next_to(text: str, ch: str, lo: int, hi: int, side: int) -> list[str]:
    """The character right after (side 1) or before (side -1) each occurrence of `ch` in
    ``text[lo:hi]``, one per occurrence (the counts of the pairs `ch` makes there)."""
    out: list[str] = []
    add, find = out.append, text.find
    i = find(ch, lo, hi)
    if side > 0:
        while i != -1:
            i += 1
            if i < hi:
                add(text[i])
            i = find(ch, i, hi)
        return out
    while i != -1:
        if i > lo:
            add(text[i - 1])
        i = find(ch, i + 1, hi)
    return out


def _alt_cands(tag: tuple, doc: _Doc) -> _Cands:  # type: ignore[type-arg]
    """The characters the known bytes of a rebuilt character allow."""
    trad = doc.traditional
    if tag[0] == "trail":
        return _trail_cands(tag[1], trad)
    if tag[0] == "set":
        return _set_cands(tag[1], tag[2], trad)
    if tag[0] == "gap":
        return _gap_cands(tag[1], trad)
    return _lost_cands(tag[1], tag[2], trad)


@lru_cache(maxsize=65536)
def _end_cost(ch: str, syl: str | None, line_end: bool) -> float:
    """Extra cost of `ch` as the last character of a span followed by the annotation `syl` (or
    none) and, or not, by the end of the line."""
    if syl is not None and is_han(ch) and syl not in readings(ch):
        return PINYIN_MISMATCH
    if line_end:
        return _LINE_END.get(ch, 0.0)  # a line ends with 。 or ”, not with 、 or （
    return 0.0


@lru_cache(maxsize=4096)
def _lost_pool(lead: int | frozenset[int] | None, syl: str | None, line_end: bool, trad: bool) -> _Cands:
    """The characters a lost trail byte leaves (with the reading `syl` when one follows), the
    first 200, sorted by their own cost plus their cost as the last character."""
    names = (
        _lost_names(lead, syl, trad)
        if syl is not None
        else [ch for _, ch in _trail_chars_cached(lead, trad)]  # type: ignore[arg-type]
    )
    table = _costs(trad)
    items = [(0, ch) for ch in names[:200]]
    return _Cands.by(items, lambda ch: _cost(ch, table, trad) + _end_cost(ch, syl, line_end))


@lru_cache(maxsize=4096)
def _fitting_cands(pool: _Cands, syl: str) -> list[tuple[float, int, str]]:
    """The candidates of `pool` that have the reading `syl`."""
    return [(0.0, b, c) for b, c in pool.items if syl in readings(c)]


@lru_cache(maxsize=4096)
def _lost_names(lead: int | frozenset[int] | None, syl: str, trad: bool) -> list[str]:
    """Characters with the lead byte(s) `lead` and the reading `syl` (their trail byte lost)."""
    if isinstance(lead, int):
        names = [ch for _, ch in _trail_chars_cached(lead, trad)]
    else:
        names = [ch for ch in _gbk_with_reading(syl) if lead is None or _gbk()[1][ch][0] in lead]
    return [ch for ch in names if syl in readings(ch)] or names[:12]


@lru_cache(maxsize=1024)
def _lost_cands(lead: int | frozenset[int] | None, syl: str | None, trad: bool) -> _Cands:
    """The characters a known lead byte (or set) and a lost trail byte allow, with the reading
    `syl` when it is known."""
    if isinstance(lead, int):
        names = [ch for _, ch in _trail_chars_cached(lead, trad)]
    else:
        names = [ch for ch in _gbk_with_reading(syl or "") if lead is None or _gbk()[1][ch][0] in lead]
    if syl is not None:
        names = [ch for ch in names if syl in readings(ch)] or names
    return _Cands([(0, ch) for ch in names[:300]], trad)


_ANY_LEAD = frozenset(range(0x81, 0xFF))


def _chars(lead: int | frozenset[int], trail: int) -> list[str]:
    """Characters (lead, trail) for a known lead or any lead of a set."""
    if isinstance(lead, int):
        ch = _gbk()[0].get(lead << 8 | trail)
        return [ch] if ch is not None else []
    return [ch for a, ch in _by_trail().get(trail, ()) if a in lead]


@lru_cache(maxsize=512)
def _trail_cands(trail: int, trad: bool) -> _Cands:
    """Characters with this trail byte (any lead), cheapest first."""
    return _Cands(_by_trail().get(trail, []), trad)


@lru_cache(maxsize=8192)
def _set_cands(leads: frozenset[int], trail: int, trad: bool) -> _Cands:
    """Characters with this trail byte and a lead byte of the set, cheapest first."""
    return _Cands.part(_trail_cands(trail, trad), leads.__contains__)


def _gap_cands(lead: int | frozenset[int], trad: bool) -> _Cands:
    """(x, char) for the characters (lead, x) whose trail x can start a dropped pair."""
    if isinstance(lead, int):
        return _gap_cands_one(lead, trad)
    return _gap_cands_set(lead, trad)


@lru_cache(maxsize=64)
def _gap_cands_set(leads: frozenset[int], trad: bool) -> _Cands:
    cands = [xc for a in leads for xc in _gap_cands_one(a, trad).items]
    table = _costs(trad)
    cands.sort(key=lambda xc: _cost(xc[1], table, trad))
    return _Cands(cands[:40], trad)


@lru_cache(maxsize=512)
def _gap_cands_one(lead: int, trad: bool) -> _Cands:
    followers = _gap_followers()
    table = _costs(trad)
    cands = [(x, ch) for x, ch in _by_lead().get(lead, ()) if x in followers]
    cands.sort(key=lambda xc: _cost(xc[1], table, trad))
    return _Cands(cands[:24], trad)


@lru_cache(maxsize=2)
def _all_gap_cands(trad: bool) -> _Cands:
    """(x, char) for every character whose trail x can start a dropped pair."""
    followers = _gap_followers()
    return _Cands([(pair & 0xFF, ch) for pair, ch in _gbk()[0].items() if (pair & 0xFF) in followers], trad)


@lru_cache(maxsize=512)
def _trail_chars_cached(lead: int, trad: bool) -> list[tuple[int, str]]:
    """(trail, char) for lead with trail >= 0x81, cheapest first (a final character's lost trail)."""
    table = _costs(trad)
    cands = [(t, ch) for t, ch in _by_lead().get(lead, ()) if t >= 0x81]
    cands.sort(key=lambda tc: _cost(tc[1], table, trad))
    return cands


@lru_cache(maxsize=512)
def _lead_cands(lead: int, trad: bool) -> _Cands:
    return _Cands(_trail_chars_cached(lead, trad), trad)


@lru_cache(maxsize=512)
def _visible_cands(lead: int, trad: bool) -> _Cands:
    return _Cands(_trail_chars_cached(lead, trad)[:40], trad)


@lru_cache(maxsize=1)
def _reading_index() -> dict[str, list[str]]:
    """Toned syllable -> GBK characters (trail byte >= 0x81) with that reading."""
    out: dict[str, list[str]] = {}
    enc = _gbk()[1]
    for ch, rs in _reading_table().items():
        pair = enc.get(ch)
        if pair is not None and pair[1] >= 0x81:
            for r in rs:
                got = out.get(r)
                if got is None:
                    out[r] = [ch]
                else:
                    got.append(ch)
    return out


def _gbk_with_reading(syl: str) -> list[str]:
    return _reading_index().get(syl, [])


def _convention(s: str, doc: _Doc) -> str:
    if not doc.nfkc:
        return s
    return "".join(c if is_han(c) else unicodedata.normalize("NFKC", c) for c in s)


def _suspicious(span: str, doc: _Doc) -> bool:
    if _SUSPICIOUS.search(span):
        return True
    for c in span:
        if is_han(c):
            if char_costs().get(c, UNKNOWN_HAN_COST) >= 5.5:
                return True
            if doc.traditional and is_simplified_only(c):
                return True
    return False


def misaligned_edits(text: str) -> list[Edit]:
    """Edits that realign GBK spans read one byte out of step after a lost lead byte.

    Seed 003's span, with a sentence of its document before it (the document says 更大 too):

    >>> from zhclean.edits import apply_edits
    >>> t = "以更大決心推進。努力爭取國家和三?。ㄊ校用娓笾С郑M(jìn)一步拓展三地合作的深度和廣度。"
    >>> apply_edits(t, misaligned_edits(t))
    '以更大決心推進。努力爭取國家和三省(市)層面更大支持,進(jìn)一步拓展三地合作的深度和廣度。'

    Alone, 更 (its trail byte lost) is not clear enough: the clear start is repaired, the rest
    kept and recorded:

    >>> [(e.kind, e.after) for e in misaligned_edits(t[8:])]
    [('misaligned-gbk', '省(市)層'), ('suspect', '娓笾С郑M')]
    """
    if "?" not in text:
        return []
    doc: _Doc | None = None
    pairs: _DocPairs | None = None
    memo: dict[tuple[str, int, bool], Realignment | None] = {}
    pairs_block = -1
    searches = 0
    edits: list[Edit] = []
    pos = 0
    while True:
        q = text.find("?", pos)
        if q == -1:
            break
        pos = q + 1
        # The screen judges the script from the text just before the `?` when it can (counting
        # a whole document for every question mark of clean text would cost more than the rest).
        screen = doc or _local_script(text, q)
        if screen is None:
            screen = doc = _doc_info(text[max(0, q - DOC_WINDOW) : q + DOC_WINDOW])
        if not _worth_trying(text, q, screen):
            continue
        if doc is None:
            doc = _doc_info(text[max(0, q - DOC_WINDOW) : q + DOC_WINDOW])
        block = q // PAIR_WINDOW
        if pairs is None or block != pairs_block:
            # The document around the span (all of an article; a window of a huge text).
            pairs_block = block
            pairs = _doc_pairs(text, max(0, (block - 1) * PAIR_WINDOW), (block + 2) * PAIR_WINDOW)

        # The search reads only a window around the `?`: the same window (a repeated footer, a
        # copied paragraph) gives the same reading, found once per call.
        lo, hi = max(0, q - 12), min(len(text), q + MAX_SPAN + 64)
        key = (text[lo:hi], q - lo, hi == len(text))
        if key in memo:
            got = memo[key]
            r = None if got is None else _shift(got, q - got.start)
        elif searches >= search_budget(text):
            # Text this full of damage is searched no further: record it, change nothing.
            end = min(len(text), q + 1 + 8)
            edits.append(Edit(q, end, text[q:end], "suspect", "looks like a misaligned GBK span (not searched)"))
            pos = end
            continue
        else:
            searches += 1
            r = realign(text, q, doc=doc, pairs=pairs)
            memo[key] = r
        if r is not None and r.end > hi - 40:
            r = realign(text, q, doc=doc, pairs=pairs)  # the window was too small to be sure
        if r is None or r.gain < MIN_GAIN:
            continue
        edits.extend(_edits_for(text, r))
        pos = r.end
    return edits


def search_budget(text: str) -> int:
    """How many spans one call searches (each costs up to a few tenths of a second)."""
    return SEARCHES_BASE + len(text) // SEARCHES_PER


def _shift(r: Realignment, by: int) -> Realignment:
    return dataclasses.replace(r, start=r.start + by, end=r.end + by, ends=tuple(e + by for e in r.ends))


def _edits_for(text: str, r: Realignment) -> list[Edit]:
    """The repair when the reading is clear, the clear part of it, or a suspect record."""
    if r.certain >= len(r.after):
        return [Edit(r.start, r.end, r.after, KIND, f"GBK bytes read one byte out of step (margin {r.margin:.1f})")]
    guess = f"best reading {r.after!r}"
    if r.alternatives:
        guess += f", next {r.alternatives[0][0]!r}"
    if r.certain and r.cut > r.start + 1:
        out = [Edit(r.start, r.cut, r.after[: r.certain], KIND, "GBK bytes read one byte out of step (the clear part)")]
        if r.cut < r.end:
            reason = f"rest of a misaligned GBK span; {guess}"
            out.append(Edit(r.cut, r.end, text[r.cut : r.end], "suspect", reason))
        return out
    reason = f"misaligned GBK span, reading not certain; {guess}"
    return [Edit(r.start, r.end, text[r.start : r.end], "suspect", reason)]


CALM_COST = 4.5
"""A window after a `?` made only of characters this ordinary (and digits, spaces, common
punctuation) is ordinary text: bytes read one step out are rarer than that."""


def _worth_trying(text: str, q: int, doc: _Doc) -> bool:
    """Cheap screen: does the text after this `?` look like bytes read one step out?"""
    window = text[q + 1 : q + 1 + 8].split("\n", 1)[0]
    if not window:
        return False
    if all(_char_cost(c, doc) <= CALM_COST and c not in _LOUD for c in window):
        return False  # a question mark before ordinary text
    if _suspicious(window, doc):
        return True
    ann = _ANNOT.search(text, q + 1, q + 1 + 12)
    if ann is not None and _damaged_annotation(text, ann):
        return True
    if 0x40 <= ord(window[0]) <= 0x7E and len(window) > 1 and is_han(window[1]):
        return True  # `?v話`: a lead byte lost before a trail byte in the ASCII range
    # Re-pair the bytes one step over (ignoring lost pairs): is the result more ordinary?
    items = []
    for c in window:
        pair = _gbk_pair(c)
        if pair is None:
            break
        items.append(pair)
    if len(items) < 3:
        return False
    asis = sum(_char_cost(c, doc) for c in window[: len(items)]) / len(items)
    shifted = [_gbk_char(a[1], b[0]) for a, b in itertools.pairwise(items)]
    re_cost = sum(_char_cost(c, doc) if c else 9.0 for c in shifted) / len(shifted)
    return re_cost + 1.0 < asis


def _gbk_pair(c: str) -> bytes | None:
    """The two GBK bytes of `c` (Python's codec: no table to build for a screen), or None."""
    try:
        raw = c.encode("gbk")
    except UnicodeEncodeError:
        return None
    return raw if len(raw) == 2 and (raw[0] << 8 | raw[1]) not in gbk_unmapped() else None


def _gbk_char(a: int, b: int) -> str | None:
    """The character GBK maps the pair (a, b) to, or None (unmapped, or dropped by glibc)."""
    if (a << 8 | b) in gbk_unmapped():
        return None
    try:
        got = bytes((a, b)).decode("gbk")
    except UnicodeDecodeError:
        return None
    return got if len(got) == 1 else None


def _local_script(text: str, q: int) -> _Doc | None:
    """The script of the 24 characters before `q`, when they say it (else None)."""
    table = script_chars()
    t = s = 0
    for c in text[max(0, q - 24) : q]:
        got = table.get(c)
        if got is not None:
            if got[0] == "T":
                t += 1
            else:
                s += 1
    return None if t == s else _Doc(traditional=t > s, nfkc=False)


_LOUD = frozenset("()（）[]<>@#&*_|~^`{}\\/=+") | frozenset(map(chr, range(0x41, 0x5B))) | frozenset(
    map(chr, range(0x61, 0x7B))
)
"""Characters that keep a window after a `?` worth a closer look however common they are:
brackets (an annotation), Latin letters (a trail byte in the ASCII range), symbols."""


def _damaged_annotation(text: str, m: re.Match[str]) -> bool:
    ch = text[m.start() - 1]
    return m.group(1) not in readings(ch)
