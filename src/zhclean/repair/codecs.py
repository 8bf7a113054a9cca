"""Chinese codec confusions: text whose bytes were decoded with the wrong codec, undone.

The families (the *shown* codec is the one the bytes were wrongly decoded with):

==========================  =======================================  ===========================
damage                      looks like                               kind
==========================  =======================================  ===========================
GBK shown as Latin-1/1252   ``ÖÐ¹úµÄ·¢Õ¹`` (中国的发展)              ``mojibake-gbk-as-latin1``
Big5 shown as Latin-1/1252  ``¤¤°ê¤H¥Á`` (中國人民)                  ``mojibake-big5-as-latin1``
UTF-8 shown as GBK          ``鍙戝睍`` (发展), ``涓�鍥`` with losses   ``mojibake-utf8-as-gbk``
UTF-8 shown as Big5         ``銝剜`` and U+FFFD (most bytes lost)     ``mojibake-utf8-as-big5``
GBK shown as Big5           ``笢弊腔楷桯`` (中国的发展)               ``mojibake-gbk-as-big5``
Big5 shown as GBK           ``い瓣`` (中國)                          ``mojibake-big5-as-gbk``
two layers of the above     ``æ¶“î…Ÿæžƒ`` (中文: UTF-8, GBK, cp1252)  ``mojibake-double``
==========================  =======================================  ===========================

How: a cheap screen (`score.hot`) finds characters that ordinary Chinese rarely uses; around
them the pass takes *regions* (runs of Latin-1/cp1252 characters, or runs of non-ASCII
characters), and for each region tries every re-decoding (encode with the shown codec, decode
with the true one; chains of two for double layers). Strict, lossless re-decodings come first;
where bytes were lost (U+FFFD, or ``?`` standing for one) the UTF-8 re-decoding fills each lost
byte with the value that gives the commonest character. UTF-8 shown as Big5 loses most of its
bytes: a line whose kept bytes fit UTF-8 throughout is read whole by `lossy.fill`, which fills
a lost character only where the statistics make it clear. Candidates are ranked by `score.mean_cost`
and one is taken only when it is ordinary Chinese and clearly better than the text it replaces;
otherwise the text is left alone. UTF-8 shown as Latin-1 alone is left to the ftfy pass
(`repair.latin`), which runs after this one, unless ftfy would decline the span (then it is
repaired here, with ftfy's kind ``mojibake-latin1``).

    >>> from zhclean.config import Config
    >>> from zhclean.edits import apply_edits
    >>> text = "ÖÐ¹úµÄ·¢Õ¹ 和 鍙戝睍"
    >>> apply_edits(text, codec_edits(text, Config()))
    '中国的发展 和 发展'
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..charstats import char_costs, is_han
from ..config import Config
from ..edits import Edit
from . import lossy
from .latin import edge_stable, fix_text
from .score import (
    COMMON_PUNCT,
    LATIN1_COST,
    LATIN1_PAIR,
    LOST_COST,
    UNLIKELY_LETTER,
    WESTERN_LETTER,
    char_cost,
    hot,
    mean_cost,
    next_cost,
)

# --- byte views -----------------------------------------------------------------------------------

_CP1252 = {chr(b).encode("latin-1").decode("cp1252", errors="ignore"): b for b in range(0x80, 0xA0)}
_CP1252.pop("", None)
_TO_LATIN1 = {ord(ch): b for ch, b in _CP1252.items()}
_LATIN_CHARS = "\u0080-\u00ff" + "".join(re.escape(c) for c in _CP1252)
_COMMON_EDGE = "“”‘’…—–·•"
_SPACE_EDGE = " \u00a0\u2007\u202f\u3000"


def _latin_bytes(text: str) -> bytes | None:
    """The bytes a Latin-1 or (lenient) cp1252 decoder turned into `text`; None if impossible."""
    try:
        return text.translate(_TO_LATIN1).encode("latin-1")
    except UnicodeEncodeError:
        return None


def _codec_bytes(*codecs: str) -> Callable[[str], bytes | None]:
    """An encoder trying `codecs` in turn (Big5, then its cp950 and HKSCS supersets)."""

    def encode(text: str) -> bytes | None:
        for codec in codecs:
            try:
                return text.encode(codec)
            except UnicodeEncodeError:
                continue
        return None

    return encode


_BIG5 = ("big5", "cp950", "big5hkscs")


@dataclass(frozen=True)
class Layer:
    """One codec confusion: bytes in `true` were decoded as `shown`; `undo` reverses it."""

    name: str
    shown: str
    true: str
    to_bytes: Callable[[str], bytes | None]
    decoders: tuple[str, ...] = ()

    def undo(self, text: str) -> str | None:
        """The text re-decoded, or None when the bytes are not valid in the true codec."""
        raw = self.to_bytes(text)
        if raw is None:
            return None
        for codec in self.decoders or (self.true,):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                continue
        return None


_LATIN_LAYERS = (
    Layer("utf8-as-latin1", "latin-1/cp1252", "utf-8", _latin_bytes),
    Layer("gbk-as-latin1", "latin-1/cp1252", "gb18030", _latin_bytes),
    Layer("big5-as-latin1", "latin-1/cp1252", "big5", _latin_bytes, _BIG5),
)
_CJK_LAYERS = (
    Layer("utf8-as-gbk", "gbk", "utf-8", _codec_bytes("gb18030")),
    Layer("utf8-as-big5", "big5", "utf-8", _codec_bytes(*_BIG5)),
    Layer("gbk-as-big5", "big5", "gb18030", _codec_bytes(*_BIG5)),
    Layer("big5-as-gbk", "gbk", "big5", _codec_bytes("gbk"), _BIG5),
)
_UTF8_AS_BIG5 = _CJK_LAYERS[1]
_ALL_LAYERS = _LATIN_LAYERS + _CJK_LAYERS
_LOSSY_LAYERS = (*_CJK_LAYERS[:2], _LATIN_LAYERS[0])
_CHAINS: tuple[tuple[Layer, ...], ...] = tuple((layer,) for layer in _ALL_LAYERS) + tuple(
    (a, b) for a in _ALL_LAYERS for b in _ALL_LAYERS
)

# --- thresholds -------------------------------------------------------------------------------------

MAX_RESULT_COST = 4.6
"""A candidate must read as ordinary Chinese: mean character cost at most this."""
MIN_GAIN = 1.2
"""...and be this much cheaper than the text it replaces."""
MIN_GAIN_SHORT = 2.0
"""Gain needed when the candidate has fewer than `SHORT` characters (little evidence)."""
SHORT = 3
RELAXED_GAIN = 0.5
"""Gain needed on a line where the same layer already repaired a stretch with hot characters."""
RELAXED_EXTRA = 1.0
"""...and how much costlier than `MAX_RESULT_COST` its result may be there."""
WHOLE_LINE_SHARE = 0.6
"""Share of a line's non-ASCII characters repaired beyond which the whole line counts as damaged."""
HOT_GAP = 4
"""Two hot characters this close make a line worth a look."""
SHORT_LINE = 16
"""...and so does one hot character in a line this short (titles, list items)."""
MIN_HOT_SHARE = 0.15
"""A region is ranked when at least this share of its characters are hot (see `score.hot`)."""
SWITCH_MARGIN = 1.0
"""A region takes the line's main layer instead of its own best when that costs at most this more."""
BOUNDARY_SLACK = 3
"""Mojibake may begin up to this many characters before its first hot character."""
DOUBLE_MARGIN = 1.5
"""How much cheaper a two-layer reading must be than the best one-layer reading..."""
UTF8_MARGIN = 2.0
"""...and any other reading of a Latin-1 run than its valid UTF-8 reading (when that is
Chinese: a valid UTF-8 reading that is Western text, such as é, is the only one kept)."""
MAX_LOST_SHARE = 0.75
"""A lossy candidate may leave at most this share of its characters unrecovered (U+FFFD)..."""
MAX_LOST_SHARE_QMARK = 0.34
"""...or this share when only ``?`` marks lost bytes (most ``?`` are question marks)."""
BIG5_FIT_BYTES = 4
"""Kept bytes that must fit UTF-8 before a Big5 span may be taken with most characters lost."""

# --- regions ----------------------------------------------------------------------------------------

_LATIN_REGION = re.compile(f"(?:[{_LATIN_CHARS}\\ufffd][\\x40-\\x7e]?)+")
_CJK_INNER = "[^\\x00-\\x7f\\u0080-\\u009f\\u00c0-\\u00ff\\u2028\\u2029]"
_CJK_START = f"[^\\x00-\\u024f{_LATIN_CHARS}\\u2028\\u2029\\ufffd]"
_CJK_REGION = re.compile(f"{_CJK_START}{_CJK_INNER}*(?:\\?+{_CJK_INNER}+)*\\?{{0,2}}")
_LATIN_CHAR = re.compile(f"[{_LATIN_CHARS}]")
_LATIN1_CHAR = re.compile("[\u0080-\u00ff]")
_CJK_CHAR = re.compile(f"[\\u3000-\\u9fff\\uf900-\\ufaff\\uff01-\\uff5e\\U00020000-\\U0003ffff{COMMON_PUNCT}]")
_NEVER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ue000-\uf8ff]")
_ODD = re.compile(f"[^\\x00-\\x7f\\u3400-\\u9fff\\uf900-\\ufaff\\uff01-\\uff5e\\ufffd{COMMON_PUNCT}]")
_LATIN_EXTENDED = re.compile("[\u0100-\u024f]")
_STRONG = re.compile(f"[\ufffd\ue000-\uf8ff]|{LATIN1_PAIR}")
_LATIN_ONLY = re.compile(f"[\\x00-\\x7f{_LATIN_CHARS}\\ufffd]+")


def codec_edits(text: str, config: Config) -> list[Edit]:
    """Edits that undo Chinese codec confusions in `text` (see the module docstring).

    A line is looked at only when hot characters cluster in it (two within `HOT_GAP`
    characters), or it holds a U+FFFD, a private-use character or two Latin-1 characters in a
    row, or it is short (`SHORT_LINE`): one rare character (a name, a classical word) in a
    correct paragraph costs nothing.
    """
    edits: list[Edit] = []
    done_until = -1
    prev = -(HOT_GAP + 1)
    line_start = line_end = -1
    for pos, found in _hot_spots(text):
        if pos < done_until:
            continue
        if pos > line_end:  # a new line: look back no further than the end of the last one
            line_start = text.rfind("\n", max(line_end, 0), pos) + 1
            line_end = text.find("\n", pos)
            if line_end < 0:
                line_end = len(text)
        near = line_start <= prev and _gap(text, prev, pos) <= HOT_GAP
        prev = pos
        if not near and not _STRONG.match(found) and _core_len(text, line_start, line_end) > SHORT_LINE:
            continue
        edits.extend(edge_stable(text[line_start:line_end], line_start, _line_edits))
        done_until = line_end
    return edits


@lru_cache(maxsize=1)
def _screen() -> re.Pattern[str] | None:
    """`score.hot` written to start with one character class: every character a hot match can
    start with (hot's own class without its calm Latin-1 block, where hot's `LATIN1_PAIR`
    matches start), then, after a Latin-1 one, the rest of the pair. The regular-expression
    engine skips to the characters of a leading class in C, but tries hot's alternation at
    every position: several times faster, and a lone Latin-1 letter (the pinyin ``(jìn)`` of
    Traditional pages) fails inside the engine instead of in a Python loop. Taken from hot's
    pattern text; None when that no longer reads "not ASCII, not U+0080-U+00FF, not ..., or
    LATIN1_PAIR" (then hot itself is used). The pair's "not two no-break spaces" is one atomic
    group of two zero-width tests, so the rest of the pair is tried once, not once per test."""
    pattern = hot().pattern
    head, tail = "[^\\x00-\\x7f\x80-\xff", "]|" + LATIN1_PAIR
    if not pattern.startswith(head) or not pattern.endswith(tail) or not LATIN1_PAIR.startswith(_PAIR_HEAD):
        return None
    rest = LATIN1_PAIR[len(_PAIR_HEAD) :]  # what follows the pair's first character
    return re.compile(
        "[^\\x00-\\x7f" + pattern[len(head) : -len(tail)] + "]"
        f"(?:(?<![\u0080-\u00ff])|(?>(?<!\xa0)|(?!\xa0)){rest})"
    )


_PAIR_HEAD = "(?!\\xa0\\xa0)[\\u0080-\\u00ff]"
"""How `LATIN1_PAIR` begins: not two no-break spaces, a Latin-1 character."""


def _hot_spots(text: str) -> list[tuple[int, str]]:
    """``(start, match)`` of every `score.hot` match in `text`, in order: the matches of
    ``hot().finditer(text)``, found with one fast scan (`_screen`)."""
    return [(m.start(), m.group()) for m in (_screen() or hot()).finditer(text)]


def _gap(text: str, prev: int, pos: int) -> int:
    """Characters between two hot characters, ASCII not counted: ``珨璃HICOOL珨棒域`` is damage
    as dense as ``珨璃珨棒域`` (Latin words and digits pass through a codec confusion intact)."""
    gap = pos - prev
    if gap <= HOT_GAP:
        return gap
    between = text[prev:pos]
    return gap - len(between.encode("ascii", "ignore")) if not between.isascii() else 0


def _core_len(text: str, start: int, end: int) -> int:
    """Length of ``text[start:end]`` without the whitespace at its edges (which the structure
    step strips: the decision to look at a line must not depend on it)."""
    line = text[start:end]
    return len(line.strip()) if line[:1].isspace() or line[-1:].isspace() else len(line)


Candidate = tuple[float, str, tuple[Layer, ...], int]
"""(mean cost, re-decoded text, chain of layers undone, characters lost for good)."""


def _line_edits(line: str, offset: int) -> list[Edit]:
    """Edits for one line that holds at least one hot character.

    Each region is ranked on its own first; then the layer that repaired most of the line is
    preferred for every region it reads acceptably (damage covers whole lines, so a short
    stretch like ``¡H`` or ``爛睿`` between ASCII is judged with the line's evidence).
    """
    suspect: Edit | None = None
    if line.count("\ufffd") >= 2 and (whole := _big5_line(line, offset)) is not None:
        if whole.kind != "suspect":
            return [whole]
        suspect = whole  # kept and recorded, unless a region of it is repaired below
    spans = [m.span() for m in _CJK_REGION.finditer(line)]
    if "\ufffd" in line or _REGION_LATIN1.search(line):  # else no span changes (checked in C)
        spans = [_cjk_bounds(line, s, e) for s, e in spans]
    regions: list[tuple[int, int, bool]] = [(s, e, False) for s, e in spans if e - s >= 2]
    singles: list[tuple[int, int]] = [(s, e) for s, e in spans if e - s == 1]
    taken = _Spans(regions)
    for m in _LATIN_REGION.finditer(line):
        s, e = m.span()
        if not _LATIN1_CHAR.search(line, s, e):
            continue  # no Latin-1 character (quotes, dashes): no region, however trimmed
        if taken.overlaps(s, e):  # give up quotes and dashes at the edges to a Chinese run
            while s < e and line[s] in _COMMON_EDGE:
                s += 1
            while e > s and line[e - 1] in _COMMON_EDGE:
                e -= 1
        if _LATIN1_CHAR.search(line, s, e) and not taken.overlaps(s, e):
            regions.append((s, e, True))
    regions.sort()
    chosen: dict[tuple[int, int], Candidate] = {}
    inner: dict[tuple[int, int], list[tuple[int, int]]] = {}  # region -> its parts repaired
    screen = _screen() or hot()
    long_line = len(line) > SHORT_LINE
    for s, e, latin in regions:
        if e - s < 2 or (long_line and not latin and screen.search(line, s, e) is None):
            continue  # nothing to rank: one character (a pinyin ``ì``), or no hot character
        done: list[tuple[int, int]] = []
        for a, b in _parts(line, s, e, latin):
            if any(a < y and x < b for x, y in done):
                continue  # overlaps a part already repaired
            found = _fix_region(line, a, b)
            if found:
                chosen[found[0]] = found[1]
                done.append(found[0])
        if done:
            inner[(s, e)] = done
    if not chosen:
        return [suspect] if suspect else []
    # Single characters are judged only with the line's evidence, so only now are they looked for.
    taken = _Spans(regions)
    for m in _LATIN_EXTENDED.finditer(line):
        s, e = m.span()
        if not taken.overlaps(s, e):
            singles.append((s, e))  # ǐ between ASCII: Big5 read as GBK, if the line says so
    main = _main_chain(line, chosen)
    # When the line's repairs already cover most of its non-ASCII text, the rest was damaged
    # the same way: a stretch is re-decoded too if that reads no worse (``＃`` -> ``…``).
    wide = sum(1 for ch in line if ch > "\x7f")
    whole_line = sum(e - s for s, e in chosen) >= WHOLE_LINE_SHARE * wide
    for s0, e0 in [(s, e) for s, e, _ in regions] + singles:
        parts = inner.get((s0, e0), [])
        covered = sum(b - a for a, b in parts)
        ts, te = _trim(line, s0, e0, _SPACE_EDGE)
        if parts and all(chosen[i][2] == main for i in parts) and covered in (e0 - s0, te - ts):
            continue
        # As in `_fix_region`, edge spaces are bytes of the damage only if the rest reads as nothing.
        found: tuple[int, int, Candidate] | None = None
        for s, e in [(ts, te), (s0, e0)] if (ts, te) != (s0, e0) and te > ts else [(s0, e0)]:
            span = line[s:e]
            alt = _undo_chain(span, main) if not _western_mojibake(span) else None
            if alt is not None and _acceptable(span, alt, relaxed=True, whole_line=whole_line):
                found = (s, e, alt)
                break
        if found is None:
            # Correct Chinese and damage in one run: its stretches between punctuation.
            for a, b in _between_punctuation(line, s0, e0):
                if not any(a < y and x < b for x, y in chosen):
                    piece = _undo_chain(line[a:b], main)
                    if piece is not None and _acceptable(line[a:b], piece, relaxed=True):
                        chosen[(a, b)] = piece
            continue
        s, e, alt = found
        if parts:
            held = sum(chosen[i][0] * (i[1] - i[0]) for i in parts) / covered
            if alt[0] > held + SWITCH_MARGIN:
                continue
            for i in parts:
                del chosen[i]
        chosen[(s, e)] = alt
    chosen = _take_cp1252_edges(line, chosen)
    edits = []
    for (s, e), (cost, out, chain, lost) in sorted(chosen.items()):
        if chain == (_LATIN_LAYERS[0],) and _ftfy_agrees(line[s:e], out):
            continue  # plain UTF-8 shown as Latin-1: the ftfy pass handles it
        edits.append(Edit(offset + s, offset + e, out, _kind(chain), _reason(line[s:e], cost, chain, lost)))
    if suspect is not None and not any(e.start < suspect.end and suspect.start < e.end for e in edits):
        edits = sorted([*edits, suspect], key=lambda e: e.start)
    return edits


_REGION_LATIN1 = re.compile("[\u00a0-\u00bf]")
"""The Latin-1 characters a `_CJK_REGION` may hold (and end with)."""


def _cjk_bounds(line: str, s: int, e: int) -> tuple[int, int]:
    """A `_CJK_REGION` match without the Latin-1 characters at its end (they belong to a Latin-1
    run), and with the lost bytes (U+FFFD) just before it, unless a Latin-1 run holds them."""
    while e > s and "\x7f" < line[e - 1] <= "\u00ff":
        e -= 1
    head = s
    while head > 0 and line[head - 1] == "\ufffd":
        head -= 1
    if head == 0 or not "\x7f" < line[head - 1] <= "\u00ff":
        s = head
    return s, e


_CP1252_ONLY = "".join(ch for ch in _CP1252 if ch > "\xff")
EDGE_SLACK = 0.5
"""How much costlier a repair may read once it takes in a dash or quote at its edge."""


def _take_cp1252_edges(line: str, chosen: dict[tuple[int, int], Candidate]) -> dict[tuple[int, int], Candidate]:
    """`chosen`, each GBK or Big5 repair grown over a dash or quote just outside it when that
    character is a byte pair of the same damage: ``–る舱そ狝单`` is 每月組公服等 (Big5 A8 43, the
    GBK of ``–``), but regions never start with a character cp1252 also has. Taken only when
    the character it becomes is Han and the repair reads about as well."""
    taken = sorted(chosen)
    out: dict[tuple[int, int], Candidate] = {}
    for n, (s, e) in enumerate(taken):
        cand = chosen[(s, e)]
        chain = cand[2]
        if len(chain) == 1 and chain[0] in _CJK_LAYERS and cand[3] == 0:
            low = taken[n - 1][1] if n else 0
            high = taken[n + 1][0] if n + 1 < len(taken) else len(line)
            if s - 1 >= low and line[s - 1] in _CP1252_ONLY:
                grown = _undo_chain(line[s - 1 : e], chain)
                if grown is not None and is_han(grown[1][0]) and grown[0] <= cand[0] + EDGE_SLACK:
                    s, cand = s - 1, grown
            if e + 1 <= high and line[e] in _CP1252_ONLY:
                grown = _undo_chain(line[s : e + 1], chain)
                if grown is not None and is_han(grown[1][-1]) and grown[0] <= cand[0] + EDGE_SLACK:
                    e, cand = e + 1, grown
        out[(s, e)] = cand
    return out


def _big5_line(line: str, offset: int) -> Edit | None:
    """The edit re-decoding a line that is UTF-8 shown as Big5 from its first to its last
    non-ASCII character, or None when its bytes do not surely say so (see `_fill`); a
    ``suspect`` record (text kept) when they fit but are too few to prove it (`_big5_shaped`).

    Such a line is taken whole, ASCII and all: Big5 swallows an ASCII letter after a byte
    that it takes for a first byte (``AI`` loses its ``A``), most characters lose bytes, and
    the pieces between ASCII words are too short to judge one by one. Characters whose reading
    is not clear stay U+FFFD (`lossy.fill`): the garbage pass removes or marks them, recorded.
    """
    wide = [i for i, ch in enumerate(line) if ch > "\x7f"]
    start, end = wide[0], wide[-1] + 1
    span = line[start:end]
    filled = _fill(span, _UTF8_AS_BIG5, qmark_holes=False)
    if filled is None:
        return None
    text, lost, fits = filled
    if not fits:
        if _big5_shaped(span):
            reason = "looks like UTF-8 shown as Big5 with lost bytes, but too few bytes are kept to be sure"
            return Edit(offset + start, offset + end, span, "suspect", reason)
        return None
    if text == span:
        return None
    kept = len(text) - lost
    reason = (
        f"utf-8 bytes shown as big5; re-decoded: {kept} of {len(text)} characters recovered"
        + (f", {lost} lost for good (no clear reading)" if lost else "")
    )
    return Edit(offset + start, offset + end, text, _kind((_UTF8_AS_BIG5,)), reason)


def _big5_shaped(span: str) -> bool:
    """True when the bytes of `span` (Big5 for each character, one lost byte per U+FFFD) fit
    UTF-8 in every character, but fewer than `BIG5_FIT_BYTES` are kept (``隢�������``, 請參考):
    UTF-8 shown as Big5 most likely, but too little of it to prove it or read it."""
    seq = _byte_sequence(span, _UTF8_AS_BIG5, "\ufffd")
    if seq is None:
        return False
    slots = _slots(seq)
    return (-2,) not in slots and any(b >= 0x80 for slot in slots for b in slot)


def _byte_sequence(span: str, layer: Layer, holes: str) -> tuple[int, ...] | None:
    """The bytes `layer` shows as `span`, -1 for each lost byte (a character of `holes`), or
    None when a character is not one `layer` can show."""
    seq: list[int] = []
    for ch in span:
        if ch in holes:
            seq.append(-1)
            continue
        raw = layer.to_bytes(ch)
        if raw is None:
            return None
        seq.extend(raw)
    return tuple(seq)


class _Spans:
    """Sorted, non-overlapping spans with a fast overlap test."""

    def __init__(self, spans: list[tuple[int, int, bool]]) -> None:
        ordered = sorted((s, e) for s, e, _ in spans)
        self.starts = [s for s, _ in ordered]
        self.ends = [e for _, e in ordered]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.ends, start + 1)
        return i < len(self.starts) and self.starts[i] < end


def _main_chain(line: str, chosen: dict[tuple[int, int], Candidate]) -> tuple[Layer, ...]:
    """The chain of layers that reads most of the repaired text acceptably (ties: cheapest)."""
    scores: dict[tuple[Layer, ...], tuple[int, float]] = {}
    for chain in dict.fromkeys(pick[2] for pick in chosen.values()):
        covered, cost = 0, 0.0
        for s, e in chosen:
            alt = _undo_chain(line[s:e], chain)
            if alt is not None and _acceptable(line[s:e], alt, relaxed=True):
                covered += e - s
                cost += alt[0] * (e - s)
        scores[chain] = (covered, -cost)
    return max(scores, key=lambda chain: scores[chain])


_SPLIT = re.compile(r"[，。、；：？！（）《》“”]")


def _parts(line: str, start: int, end: int, latin: bool) -> Iterator[tuple[int, int]]:
    """The spans of a region worth ranking, the whole region first; the caller stops at the
    first that is repaired. A run of non-ASCII text may hold correct Chinese and mojibake side
    by side (``努力将形成新，琛屽伐浣滃崟``): then its stretches between punctuation are tried,
    and the stretches from just before its first hot character to its end and from its start to
    just after its last one. Sparse hot characters (a rare name in a long correct sentence) are
    not worth a look."""
    span = line[start:end]
    if latin:
        if len(_LATIN_CHAR.findall(span)) >= 2 or len(span) <= 3:
            yield start, end
        return
    found = _hot_spots(span)
    if not found and len(line) > SHORT_LINE:
        return  # no stretch of it is dense, and no hot character bounds a stretch
    spots = [pos for pos, _ in found]
    if any(len(m) > 1 for _, m in found):
        # A Latin-1 pair may cross a stretch's edge: count each stretch's own matches then.
        def _dense_at(s: int, e: int) -> bool:
            return _dense([p for p, _ in _hot_spots(span[s:e])], 0, e - s)
    else:
        def _dense_at(s: int, e: int) -> bool:
            return _dense(spots, s, e)
    if len(line) <= SHORT_LINE or _dense_at(0, len(span)):
        yield start, end
    cuts = [m.start() for m in _SPLIT.finditer(span)]
    if cuts:
        bounds = [-1, *cuts, len(span)]
        for a, b in itertools.pairwise(bounds):
            if b - a > 2 and (a, b) != (-1, len(span)) and _dense_at(a + 1, b):
                yield start + a + 1, start + b
    if len(spots) >= 2:
        for back in range(BOUNDARY_SLACK + 1):
            if spots[0] - back > 0:
                yield start + spots[0] - back, end
        for ahead in range(1, BOUNDARY_SLACK + 2):
            if spots[-1] + ahead < len(span):
                yield start, start + spots[-1] + ahead


def _between_punctuation(line: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stretches of ``line[start:end]`` between Chinese punctuation (none if it has none)."""
    cuts = [start + m.start() for m in _SPLIT.finditer(line, start, end)]
    if not cuts:
        return []
    bounds = [start - 1, *cuts, end]
    return [(a + 1, b) for a, b in itertools.pairwise(bounds) if b > a + 1]


def _dense(spots: list[int], start: int, end: int) -> bool:
    """True when at least `MIN_HOT_SHARE` of ``[start, end)`` (and one character) is hot;
    `spots`: the sorted starts of the hot matches of the text."""
    hot_count = bisect.bisect_left(spots, end) - bisect.bisect_left(spots, start)
    return hot_count >= max(1.0, MIN_HOT_SHARE * (end - start))


def _fix_region(line: str, start: int, end: int) -> tuple[tuple[int, int], Candidate] | None:
    """The best acceptable repair of a region: without the spaces at its edges, whole, or
    without common punctuation at its edges, in that order.

    A no-break or ideographic space at a region's edge is taken as a byte of the damage only
    when the region reads as nothing without it (``Â\xa0`` is 聽 in GBK): an edge space is
    far more often a space, and the structure step strips line edges, so a repair must not
    depend on one being there.
    """
    spans: list[tuple[int, int]] = []
    for edge in (_SPACE_EDGE, "", _COMMON_EDGE + _SPACE_EDGE):
        s, e = _trim(line, start, end, edge)
        if (s, e) not in spans and e - s >= 2:
            spans.append((s, e))
    for a, b in spans:
        cands = _candidates_for(line[a:b])
        if cands and _acceptable(line[a:b], cands[0]):
            return (a, b), cands[0]
    return None


def _trim(line: str, start: int, end: int, edge: str) -> tuple[int, int]:
    """``(start, end)`` without the characters of `edge` at either end of ``line[start:end]``."""
    while start < end and line[start] in edge:
        start += 1
    while end > start and line[end - 1] in edge:
        end -= 1
    return start, end


def _undo_chain(span: str, chain: tuple[Layer, ...]) -> Candidate | None:
    """`span` with the layers of `chain` undone (lossy filling for a lossy layer), or None."""
    text: str | None = span
    for layer in chain:
        text = layer.undo(text) if text is not None else None
    if text is not None and text != span:
        return mean_cost(text), text, chain, 0
    if len(chain) == 1 and chain[0] in _LOSSY_LAYERS and ("\ufffd" in span or "?" in span):
        filled = _fill(span, chain[0])
        if filled is not None and _enough_kept(span, filled):
            return _kept_cost(filled[0]), filled[0], chain, filled[1]
    return None


@lru_cache(maxsize=4096)
def _candidates_for(span: str) -> tuple[Candidate, ...]:
    """Every re-decoding of `span` (strict chains, then lossy UTF-8 fillings), cheapest first.
    (Cached: pinyin annotations such as ``(jìn)`` bring the same short spans again and again.)"""
    if len(span) < 2:
        return ()
    out: list[Candidate] = []
    firsts = _LATIN_LAYERS if _LATIN_ONLY.fullmatch(span) else _CJK_LAYERS
    if firsts is _LATIN_LAYERS and len(span) >= 6:
        # Valid UTF-8 over six bytes or more is UTF-8: GBK or Big5 bytes almost never are.
        once = _LATIN_LAYERS[0].undo(span)
        if once is not None and once != span and (cost := mean_cost(once)) <= MAX_RESULT_COST:
            return ((cost, once, (_LATIN_LAYERS[0],), 0),)
    for first in firsts:
        once = first.undo(span)
        if once is None or once == span:
            continue
        cost = mean_cost(once)
        out.append((cost, once, (first,), 0))
        if cost <= MAX_RESULT_COST:
            continue  # already reads as Chinese: no second layer to undo
        seconds = _LATIN_LAYERS if _LATIN_ONLY.fullmatch(once) else _CJK_LAYERS
        for second in seconds:
            twice = second.undo(once)
            if twice is not None and twice not in (once, span):
                out.append((mean_cost(twice), twice, (first, second), 0))
    if "\ufffd" in span or "?" in span:
        for layer in _LOSSY_LAYERS:
            filled = _fill(span, layer)
            if filled is not None and _enough_kept(span, filled):
                out.append((_kept_cost(filled[0]), filled[0], (layer,), filled[1]))
    # Two layers explain more texts than one: a two-layer reading must be clearly better than
    # the best one-layer reading (域數 read as UTF-8 through cp1252 is 域數, not 办计).
    single = min((c[0] for c in out if len(c[2]) == 1), default=None)
    if single is not None:
        out = [c for c in out if len(c[2]) == 1 or c[0] <= single - DOUBLE_MARGIN]
    # Valid UTF-8 is strong evidence of its own: Latin-1 shown UTF-8 of Western text (Ã© for é)
    # is also valid Big5 or GBK (矇), and must not become Chinese.
    utf8 = next((c for c in out if c[2] == (_LATIN_LAYERS[0],)), None)
    if utf8 is not None and _western(utf8[1]):
        return (utf8,)
    if utf8 is not None:
        out = [c for c in out if c[2][0] is _LATIN_LAYERS[0] or c[0] <= utf8[0] - UTF8_MARGIN]
    out.sort(key=lambda c: (c[0], len(c[2])))
    return tuple(out)


def _enough_kept(span: str, filled: tuple[str, int, bool]) -> bool:
    """True when a lossy re-decoding kept enough to be worth taking: at most `MAX_LOST_SHARE`
    of its characters lost (`MAX_LOST_SHARE_QMARK` when only ``?`` marks the loss, as a ``?``
    is more often a real question mark), and at least two Han characters recovered. UTF-8
    shown as Big5 loses most characters: there the bytes kept must fit UTF-8 throughout (see
    `_fill`), which no other text does, and one Han character recovered is enough."""
    text, lost, fits = filled
    if fits:
        return sum(map(is_han, text)) >= 1
    limit = MAX_LOST_SHARE if "\ufffd" in span else MAX_LOST_SHARE_QMARK
    return lost <= limit * max(1, len(text)) and sum(map(is_han, text)) >= 2


def _kept_cost(text: str) -> float:
    """Mean cost of what is left of `text` once lost characters (U+FFFD) are set aside: the
    lost ones are counted by the lossy candidates themselves, against `MAX_LOST_SHARE`."""
    kept = text.replace("\ufffd", "")
    return mean_cost(kept) if kept else LOST_COST


def _acceptable(span: str, cand: Candidate, relaxed: bool = False, whole_line: bool = False) -> bool:
    """True when `cand` reads as ordinary Chinese and clearly better than `span`."""
    cost, out = cand[0], cand[1]
    if _NEVER.search(out) and not _NEVER.search(span):
        return False  # private-use characters or controls appear: a wrong reading
    if "\ufffd" in out and _ODD.search(out):
        return False  # lost bytes filled, and odd characters made of the rest: a wrong reading
    gain = _kept_cost(span) - cost
    if relaxed:
        if _LATIN1_CHAR.search(span) and _LATIN_ONLY.fullmatch(span):
            # On a line shown as Latin-1, the ASCII letters and · of a run are bytes too
            # (Big5 trail bytes: ``Ìe·L¹q`` is 岢微電): score the run as Latin-1 throughout.
            gain = max(gain, LATIN1_COST - cost)
        return cost <= MAX_RESULT_COST + RELAXED_EXTRA and gain >= (0.0 if whole_line else RELAXED_GAIN)
    need = MIN_GAIN_SHORT if len(out) < SHORT else MIN_GAIN
    return cost <= MAX_RESULT_COST and gain >= need


def _western(text: str) -> bool:
    """True for text with letters beyond ASCII, no Chinese and no further Latin-1 mojibake (é,
    ï, Ж, but not ÖÐ¹ú): a Western reading."""
    if _CJK_CHAR.search(text) or _STRONG.search(text):  # Chinese, or another layer of mojibake
        return False
    return bool(WESTERN_LETTER.search(text)) and not UNLIKELY_LETTER.search(text)


def _western_mojibake(span: str) -> bool:
    """True when `span` is UTF-8 of Western text shown as Latin-1 (``Ã©`` for é)."""
    if not _LATIN_ONLY.fullmatch(span):
        return False
    once = _LATIN_LAYERS[0].undo(span)
    return once is not None and once != span and _western(once)


def _kind(chain: tuple[Layer, ...]) -> str:
    if chain == (_LATIN_LAYERS[0],):
        return "mojibake-latin1"
    return "mojibake-" + chain[0].name if len(chain) == 1 else "mojibake-double"


def _ftfy_agrees(span: str, out: str) -> bool:
    """True when the ftfy pass will make the same repair of `span` (it declines some short
    ones, such as ``0ï¼›`` for ``0；``; then this pass makes it)."""
    return fix_text(span) == out


def _reason(span: str, cost: float, chain: tuple[Layer, ...], lost: int) -> str:
    layers = " then ".join(f"{layer.true} bytes shown as {layer.shown}" for layer in reversed(chain))
    reason = f"{layers}; re-decoded (mean character cost {_kept_cost(span):.1f} -> {cost:.1f})"
    if lost:
        reason += f"; {lost} character(s) lost for good"
    elif "\ufffd" in span:
        reason += "; lost bytes filled with the likeliest characters"
    return reason


# --- lossy UTF-8: fill lost bytes -----------------------------------------------------------------


def _fill(span: str, layer: Layer, qmark_holes: bool = True) -> tuple[str, int, bool] | None:
    """Re-decode `span` as UTF-8 through `layer`, each U+FFFD or ``?`` being one lost byte.

    Returns the text (unrecoverable characters as U+FFFD), how many characters stayed lost,
    and whether the span is surely UTF-8 shown as Big5: U+FFFD marks the losses and the bytes
    kept fit UTF-8's structure in every character, at least `BIG5_FIT_BYTES` of them in
    characters of two bytes or more (Big5 bytes of real text break that structure at once).
    """
    holes = "\ufffd" if layer.shown.startswith("latin") or not qmark_holes else "\ufffd?"
    seq = _byte_sequence(span, layer, holes)
    if seq is None:
        return None
    slots = _slots(seq)
    big5 = layer.shown == "big5"  # most characters lose bytes: `lossy.fill` decides them all
    # Slots that cannot be a character stay lost whatever the filling: when they alone are too
    # many for `_enough_kept`, the filling (and the tables it needs) is not worth making.
    sure_lost = sum(1 for slot in slots if slot == (-2,) or (not big5 and slot.count(-1) > MAX_LOST_PER_CHAR))
    if sure_lost > (MAX_LOST_SHARE if "\ufffd" in span else MAX_LOST_SHARE_QMARK) * max(1, len(slots)):
        return None
    if big5:
        text, lost = lossy.fill(slots, _SHOWN_CHECK[layer.shown])
        kept = sum(1 for slot in slots if len(slot) > 1 for b in slot if b >= 0)
        fits = "?" not in span and sure_lost == 0 and kept >= BIG5_FIT_BYTES
        return text, lost, fits
    return (*_fill_utf8(slots, _SHOWN_CHECK[layer.shown]), False)


def _utf8_len(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _is_cont(b: int) -> bool:
    return 0x80 <= b <= 0xBF


def _slots(seq: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Cut UTF-8 bytes with holes (-1) into character slots; a slot that cannot be a character
    is returned as ``(-2,)`` (one lost byte)."""
    slots: list[tuple[int, ...]] = []
    i = 0
    n = len(seq)
    while i < n:
        b = seq[i]
        if 0 <= b < 0x80:
            slots.append((b,))
            i += 1
            continue
        if b >= 0:
            length = _utf8_len(b)
            body = seq[i + 1 : i + length]
            if length and len(body) == length - 1 and all(x < 0 or _is_cont(x) for x in body):
                slots.append(seq[i : i + length])
                i += length
            else:
                slots.append((-2,))
                i += 1
            continue
        # A hole where a character starts: holes and the continuation bytes after them make
        # whole 3-byte characters (Chinese), or stay lost.
        j = i
        while j < n and seq[j] < 0:
            j += 1
        k = 0
        while j + k < n and k < 2 and _is_cont(seq[j + k]):
            k += 1
        total = j - i + k
        if total % 3 == 0:
            slots.extend(seq[p : p + 3] for p in range(i, j + k, 3))
            i = j + k
        elif total > 3:
            slots.append(seq[i : i + 3])
            i += 3
        else:
            slots.append((-2,))
            i += 1
    return slots


def _fill_utf8(slots: list[tuple[int, ...]], fails: Callable[[int, int], bool]) -> tuple[str, int]:
    """Decode UTF-8 character slots with holes (-1; see `_slots`), choosing the filling that
    reads best in context.

    Each character slot gets its candidates (one, or the commonest characters whose bytes fit
    the known bytes and would have made the shown decoder fail where it did); a Viterbi pass
    over the slots with the pair table picks the sequence.
    """
    choices: list[tuple[str, ...]] = []
    for idx, slot in enumerate(slots):
        if slot == (-2,) or slot.count(-1) > MAX_LOST_PER_CHAR:
            choices.append(("\ufffd",))
        elif -1 not in slot:
            try:
                choices.append((bytes(slot).decode("utf-8"),))
            except UnicodeDecodeError:
                choices.append(("\ufffd",))
        else:
            nxt = slots[idx + 1][0] if idx + 1 < len(slots) else -1
            choices.append(_candidates(slot, nxt, fails) or ("\ufffd",))
    text = _viterbi(choices)
    return text, text.count("\ufffd")


def _viterbi(slots: list[tuple[str, ...]]) -> str:
    """The candidate sequence with the lowest pair-model cost."""
    if all(len(s) == 1 for s in slots):
        return "".join(s[0] for s in slots)
    paths: dict[str, tuple[float, list[str]]] = {c: (char_cost(c), [c]) for c in slots[0]}
    for cands in slots[1:]:
        new: dict[str, tuple[float, list[str]]] = {}
        for c in cands:
            prev, (cost, path) = min(paths.items(), key=lambda kv: kv[1][0] + next_cost(kv[0], c))
            new[c] = (cost + next_cost(prev, c), [*path, c])
        paths = new
    return "".join(min(paths.values(), key=lambda v: v[0])[1])


MAX_CANDIDATES = 40
MAX_LOST_PER_CHAR = 1
"""A character with more lost bytes than this stays lost (U+FFFD): with two of three bytes
gone, dozens of common characters fit and choosing one would be inventing text."""


@lru_cache(maxsize=1)
def _known_chars() -> dict[tuple[int, tuple[int, ...]], list[tuple[str, bytes]]]:
    """Characters a lost byte may be filled with (the frequency table and common punctuation),
    commonest first, indexed by their length and the bytes at every subset of positions:
    key ``(length, pattern)`` where pattern has -1 at unknown positions."""
    chars = [ch for ch, cost in sorted(char_costs().items(), key=lambda kv: kv[1]) if cost < 6.5]
    chars += list(COMMON_PUNCT) + [chr(c) for c in range(0xFF01, 0xFF5F)]
    chars.sort(key=char_cost)
    index: dict[tuple[int, tuple[int, ...]], list[tuple[str, bytes]]] = {}
    for ch in chars:
        raw = ch.encode("utf-8")
        for mask in itertools.product((False, True), repeat=len(raw)):
            key = (len(raw), tuple(b if keep else -1 for b, keep in zip(raw, mask, strict=True)))
            index.setdefault(key, []).append((ch, raw))
    return index


@lru_cache(maxsize=16384)
def _candidates(slot: tuple[int, ...], nxt: int, fails: Callable[[int, int], bool]) -> tuple[str, ...]:
    """The commonest characters whose UTF-8 bytes fit `slot` (-1 = lost byte) and whose lost
    bytes the shown decoder would have rejected (`nxt`: the byte after the slot, -1 unknown)."""
    found: list[str] = []
    for ch, raw in _known_chars().get((len(slot), slot), ()):
        ok = True
        for pos, k in enumerate(slot):
            if k < 0:
                after = raw[pos + 1] if pos + 1 < len(raw) else nxt
                if after >= 0 and not fails(raw[pos], after):
                    ok = False
                    break
        if ok:
            found.append(ch)
            if len(found) >= MAX_CANDIDATES:
                break
    return tuple(found)


def _fails_as(codec: str) -> Callable[[int, int], bool]:
    @lru_cache(maxsize=65536)
    def fails(byte: int, after: int) -> bool:
        """True when a `codec` decoder at `byte` (followed by `after`) gives U+FFFD."""
        if byte < 0x80:
            return False
        try:
            return len(bytes((byte, after)).decode(codec)) != 1
        except UnicodeDecodeError:
            return True

    return fails


def _fails_as_cp1252(byte: int, after: int) -> bool:
    """True for the five bytes cp1252 leaves undefined (a strict decoder's U+FFFD)."""
    return byte in (0x81, 0x8D, 0x8F, 0x90, 0x9D)


_SHOWN_CHECK = {"gbk": _fails_as("gbk"), "big5": _fails_as("big5"), "latin-1/cp1252": _fails_as_cp1252}
