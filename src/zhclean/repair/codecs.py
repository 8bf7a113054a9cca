"""Chinese codec confusions: text whose bytes were decoded with the wrong codec, undone.

The families (the *shown* codec is the one the bytes were wrongly decoded with):

=========================  ==============================  ===================================
damage                     looks like                      kind
=========================  ==============================  ===================================
GBK shown as Latin-1/1252  ``ÖÐ¹úµÄ·¢Õ¹`` (中国的发展)     ``mojibake-gbk-as-latin1``
Big5 shown as Latin-1/1252 ``¤¤°ê`` (中國)                  ``mojibake-big5-as-latin1``
UTF-8 shown as GBK         ``鍙戝睍`` (发展), ``涓枃``      ``mojibake-utf8-as-gbk``
UTF-8 shown as Big5        ``銝剜`` and U+FFFD              ``mojibake-utf8-as-big5``
GBK shown as Big5          ``笢恅`` (中文)                  ``mojibake-gbk-as-big5``
Big5 shown as GBK          ``刳  `` (中國)                  ``mojibake-big5-as-gbk``
two layers of the above    ``æ¶“æ–‡``                      ``mojibake-double``
=========================  ==============================  ===================================

How: a cheap screen (`score.hot`) finds characters that ordinary Chinese rarely uses; around
them the pass takes *regions* (runs of Latin-1/cp1252 characters, or runs of non-ASCII
characters), and for each region tries every re-decoding (encode with the shown codec, decode
with the true one; chains of two for double layers). Strict, lossless re-decodings come first;
where bytes were lost (U+FFFD, or ``?`` standing for one) the UTF-8 re-decoding fills each lost
byte with the value that gives the commonest character. Candidates are ranked by `score.mean_cost`
and one is taken only when it is ordinary Chinese and clearly better than the text it replaces;
otherwise the text is left alone. UTF-8 shown as Latin-1 alone is left to the ftfy pass
(`repair.latin`), which runs after this one.

    >>> from zhclean.config import Config
    >>> from zhclean.edits import apply_edits
    >>> text = "ÖÐ¹úµÄ·¢Õ¹ 和 鍙戝睍"
    >>> apply_edits(text, codec_edits(text, Config()))
    '中国的发展 和 发展'
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..config import Config
from ..edits import Edit
from .score import LOST_COST, char_cost, hot, mean_cost

# --- byte views -----------------------------------------------------------------------------------

_CP1252 = {chr(b).encode("latin-1").decode("cp1252", errors="ignore"): b for b in range(0x80, 0xA0)}
_CP1252.pop("", None)
_TO_LATIN1 = {ord(ch): b for ch, b in _CP1252.items()}
_LATIN_CHARS = "\u0080-\u00ff" + "".join(re.escape(c) for c in _CP1252)
_COMMON_EDGE = "“”‘’…—–·•"


def _latin_bytes(text: str) -> bytes | None:
    """The bytes a Latin-1 or (lenient) cp1252 decoder turned into `text`; None if impossible."""
    try:
        return text.translate(_TO_LATIN1).encode("latin-1")
    except UnicodeEncodeError:
        return None


def _codec_bytes(codec: str) -> Callable[[str], bytes | None]:
    def encode(text: str) -> bytes | None:
        try:
            return text.encode(codec)
        except UnicodeEncodeError:
            return None

    return encode


@dataclass(frozen=True)
class Layer:
    """One codec confusion: bytes in `true` were decoded as `shown`; `undo` reverses it."""

    name: str
    shown: str
    true: str
    to_bytes: Callable[[str], bytes | None]

    def undo(self, text: str) -> str | None:
        """The text re-decoded, or None when the bytes are not valid in the true codec."""
        raw = self.to_bytes(text)
        if raw is None:
            return None
        try:
            return raw.decode(self.true)
        except UnicodeDecodeError:
            return None


_LATIN_LAYERS = (
    Layer("utf8-as-latin1", "latin-1/cp1252", "utf-8", _latin_bytes),
    Layer("gbk-as-latin1", "latin-1/cp1252", "gb18030", _latin_bytes),
    Layer("big5-as-latin1", "latin-1/cp1252", "big5", _latin_bytes),
)
_CJK_LAYERS = (
    Layer("utf8-as-gbk", "gbk", "utf-8", _codec_bytes("gb18030")),
    Layer("utf8-as-big5", "big5", "utf-8", _codec_bytes("big5")),
    Layer("gbk-as-big5", "big5", "gb18030", _codec_bytes("big5")),
    Layer("big5-as-gbk", "gbk", "big5", _codec_bytes("gbk")),
)
_ALL_LAYERS = _LATIN_LAYERS + _CJK_LAYERS
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
MAX_LOST_SHARE = 0.34
"""A lossy candidate may leave at most this share of its characters unrecovered."""

# --- regions ----------------------------------------------------------------------------------------

_LATIN_REGION = re.compile(f"(?:[{_LATIN_CHARS}][\\x40-\\x7e]?)+")
_CJK_REGION = re.compile(r"[\u2e80-\uffff](?:\?*[^\x00-\x7f\s])*[\u2e80-\uffff]")
_LATIN_CHAR = re.compile(f"[{_LATIN_CHARS}]")


def codec_edits(text: str, config: Config) -> list[Edit]:
    """Edits that undo Chinese codec confusions in `text` (see the module docstring)."""
    spots = [m.start() for m in hot().finditer(text)]
    if not spots:
        return []
    edits: list[Edit] = []
    done_until = -1
    for pos in spots:
        if pos < done_until:
            continue
        line_start = text.rfind("\n", 0, pos) + 1
        line_end = text.find("\n", pos)
        if line_end < 0:
            line_end = len(text)
        edits.extend(_line_edits(text[line_start:line_end], line_start))
        done_until = line_end
    return edits


def _line_edits(line: str, offset: int) -> list[Edit]:
    """Edits for one line that holds at least one hot character."""
    out: list[Edit] = []
    taken: list[tuple[int, int]] = []
    for m in _LATIN_REGION.finditer(line):
        if len(_LATIN_CHAR.findall(m.group())) < 2:
            continue
        edit = _best_edit(line, m.start(), m.end(), _LATIN_LAYERS + _CJK_LAYERS, offset)
        if edit:
            out.append(edit)
            taken.append((edit.start - offset, edit.end - offset))
    for m in _CJK_REGION.finditer(line):
        s, e = m.span()
        if any(a < e and s < b for a, b in taken):
            continue
        region = m.group()
        if len(hot().findall(region)) < 1:
            continue
        for ps, pe in _pieces(region):
            edit = _best_edit(line, s + ps, s + pe, _ALL_LAYERS, offset)
            if edit:
                out.append(edit)
    out.sort(key=lambda e: e.start)
    return out


_SPLIT = re.compile(r"[，。、；：？！（）《》“”]")


def _pieces(region: str) -> list[tuple[int, int]]:
    """The whole region, then (if that is not one repair) its stretches between punctuation."""
    pieces = [(0, len(region))]
    cuts = [m.start() for m in _SPLIT.finditer(region)]
    if cuts:
        bounds = [-1, *cuts, len(region)]
        pieces += [(a + 1, b) for a, b in itertools.pairwise(bounds) if b - a > 2]
    return pieces


def _best_edit(line: str, start: int, end: int, layers: tuple[Layer, ...], offset: int) -> Edit | None:
    """The repair of ``line[start:end]`` (or of it without common punctuation at its edges)."""
    spans = [(start, end)]
    s, e = start, end
    while s < e and line[s] in _COMMON_EDGE:
        s += 1
    while e > s and line[e - 1] in _COMMON_EDGE:
        e -= 1
    if (s, e) != (start, end) and e - s >= 2:
        spans.append((s, e))
    best: tuple[float, int, int, str, str, str] | None = None
    for a, b in spans:
        found = _rank(line[a:b])
        if found and (best is None or found[0] < best[0]):
            best = (found[0], a, b, found[1], found[2], found[3])
    if best is None:
        return None
    _, a, b, after, kind, reason = best
    return Edit(offset + a, offset + b, after, kind, reason)


def _rank(span: str) -> tuple[float, str, str, str] | None:
    """(cost, text, kind, reason) of the best re-decoding of `span`, or None to leave it alone."""
    if len(span) < 2:
        return None
    before = mean_cost(span)
    best: tuple[float, str, tuple[Layer, ...], int] | None = None
    for chain in _CHAINS:
        out: str | None = span
        for layer in chain:
            out = layer.undo(out)
            if out is None or out == span:
                out = None
                break
        if out is None:
            continue
        cost = mean_cost(out)
        if best is None or cost < best[0] - 1e-9:
            best = (cost, out, chain, 0)
    if "\ufffd" in span or "?" in span:
        for layer in (_CJK_LAYERS[0], _CJK_LAYERS[1]):
            filled = _fill(span, layer)
            if filled is None:
                continue
            text, lost = filled
            cost = mean_cost(text)
            if lost <= MAX_LOST_SHARE * max(1, len(text)) and (best is None or cost < best[0]):
                best = (cost, text, (layer,), lost)
    if best is None:
        return None
    cost, out, chain, lost = best
    gain = before - cost
    need = MIN_GAIN_SHORT if len(out) < SHORT else MIN_GAIN
    if cost > MAX_RESULT_COST or gain < need:
        return None
    if chain == (_LATIN_LAYERS[0],):
        return None  # plain UTF-8 shown as Latin-1: the ftfy pass handles it
    kind = "mojibake-" + chain[0].name if len(chain) == 1 else "mojibake-double"
    layers = " then ".join(f"{layer.true} bytes shown as {layer.shown}" for layer in chain)
    reason = f"{layers}; re-decoded (mean character cost {before:.1f} -> {cost:.1f})"
    if lost:
        reason += f"; {lost} lost byte(s) could not be recovered"
    elif "\ufffd" in span or (chain[0] in _CJK_LAYERS[:2] and "?" in span):
        reason += "; lost bytes filled with the commonest fitting character"
    return cost, out, kind, reason


# --- lossy UTF-8: fill lost bytes -----------------------------------------------------------------


def _fill(span: str, layer: Layer) -> tuple[str, int] | None:
    """Re-decode `span` as UTF-8 through `layer`, each U+FFFD or ``?`` being one lost byte.

    Returns the text (unrecoverable characters as U+FFFD) and how many characters stayed lost.
    """
    seq: list[int] = []
    for ch in span:
        if ch in "\ufffd?":
            seq.append(-1)
            continue
        raw = layer.to_bytes(ch)
        if raw is None:
            return None
        seq.extend(raw)
    return _fill_utf8(tuple(seq))


def _utf8_len(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


_LEADS = {2: range(0xC2, 0xE0), 3: range(0xE0, 0xF0), 4: range(0xF0, 0xF5)}


def _fill_utf8(seq: tuple[int, ...]) -> tuple[str, int]:
    """Decode UTF-8 bytes with holes (-1), filling each hole with the best-ranked byte."""
    out: list[str] = []
    lost = 0
    i = 0
    n = len(seq)
    while i < n:
        b = seq[i]
        if 0 <= b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        if b >= 0:
            length = _utf8_len(b)
            leads: tuple[int, ...] = (b,)
        else:
            k = 0
            while i + 1 + k < n and k < 3 and 0x80 <= seq[i + 1 + k] <= 0xBF:
                k += 1
            length = k + 1 if k else 0
            leads = tuple(_LEADS[length]) if length in _LEADS else ()
        body = seq[i + 1 : i + length]
        if not length or len(body) < length - 1 or any(x >= 0 and not 0x80 <= x <= 0xBF for x in body):
            out.append("\ufffd")
            lost += 1
            i += 1
            continue
        ch = _best_char(leads, body)
        if ch is None:
            out.append("\ufffd")
            lost += 1
        else:
            out.append(ch)
        i += length
    return "".join(out), lost


@lru_cache(maxsize=8192)
def _best_char(leads: tuple[int, ...], body: tuple[int, ...]) -> str | None:
    """The commonest character whose UTF-8 bytes fit `leads` + `body` (-1 = any continuation)."""
    holes = body.count(-1) + (len(leads) > 1)
    if holes > 2:
        return None
    options = [range(0x80, 0xC0) if x < 0 else (x,) for x in body]
    best: str | None = None
    best_cost = LOST_COST
    for lead in leads:
        for rest in itertools.product(*options):
            try:
                ch = bytes((lead, *rest)).decode("utf-8")
            except UnicodeDecodeError:
                continue
            cost = char_cost(ch)
            if cost < best_cost:
                best, best_cost = ch, cost
    return best
