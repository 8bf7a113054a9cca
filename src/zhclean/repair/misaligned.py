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

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..charstats import UNKNOWN_HAN_COST, char_costs, is_han
from ..edits import Edit
from ._tables import bigram_score, gbk_unmapped, is_simplified_only, is_traditional_only
from .pinyin import readings

__all__ = ["misaligned_edits", "realign"]

KIND = "misaligned-gbk"
MAX_SPAN = 40
"""Characters after the `?` that a span may cover."""
BEAM = 48
GAP_COST = 1.0
"""Cost of one pair dropped without trace (an unmapped GBK pair, ``iconv -c``)."""
VISIBLE_GAP_COST = 0.5
"""Cost of one pair shown as `?` by the decoder."""
MIN_GAIN = 6.0
"""How much cheaper (summed -log10 frequencies) a repair must make its span to be considered."""
MIN_MARGIN = 1.5
"""How much better than the runner-up reading the best one must be to replace the text."""
PINYIN_MISMATCH = 12.0

_PUNCT_COST = {
    **dict.fromkeys("，,", 2.0),
    "。": 2.2,
    "、": 2.6,
    **dict.fromkeys("“”", 2.8),
    **dict.fromkeys("：:", 3.0),
    **dict.fromkeys("《》（）()", 3.2),
    **dict.fromkeys("；;…—「」", 3.5),
    **dict.fromkeys("！？!?·‘’『』〈〉【】.", 3.8),
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
    dec: dict[int, str] = {}
    enc: dict[str, tuple[int, int]] = {}
    for a in range(0x81, 0xFF):
        for b in range(0x40, 0xFF):
            if b == 0x7F or (a << 8 | b) in unmapped:
                continue
            try:
                ch = bytes([a, b]).decode("gbk")
            except UnicodeDecodeError:
                continue
            dec[a << 8 | b] = ch
            enc.setdefault(ch, (a, b))
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
    """x -> the leads y >= 0x81 such that the pair (x, y) is dropped by glibc."""
    out: dict[int, set[int]] = {}
    for pair in gbk_unmapped():
        x, y = pair >> 8, pair & 0xFF
        if y >= 0x81:
            out.setdefault(x, set()).add(y)
    return {x: frozenset(ys) for x, ys in out.items()}


@lru_cache(maxsize=1)
def _nfkc_sources() -> dict[str, list[tuple[str, int, int]]]:
    """NFKC image -> GBK characters NFKC turns into it (`!` <- `！` A3A1), keyed by first char."""
    out: dict[str, list[tuple[str, int, int]]] = {}
    for pair, ch in _gbk()[0].items():
        img = unicodedata.normalize("NFKC", ch)
        if img != ch and img:
            out.setdefault(img[0], []).append((img, pair >> 8, pair & 0xFF))
    return out


# --- costs --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Doc:
    traditional: bool
    nfkc: bool


@lru_cache(maxsize=65536)
def _char_cost(ch: str, doc: _Doc) -> float:
    if is_han(ch):
        cost = char_costs().get(ch, UNKNOWN_HAN_COST)
        if doc.traditional and is_simplified_only(ch):
            cost += SCRIPT_COST
        elif not doc.traditional and is_traditional_only(ch):
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
    trad = sum(1 for c in text if is_traditional_only(c))
    simp = sum(1 for c in text if is_simplified_only(c))
    full = sum(1 for c in text if c in "，（）：；！？")
    half = sum(1 for c in text if c in ",():;!?")
    return _Doc(traditional=trad > simp, nfkc=half > full)


# --- the search ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Hyp:
    cost: float
    pos: int  # index into the text of the next damaged character to read
    lead: int | frozenset[int]  # lead byte of the character being rebuilt (a set after a gap)
    out: tuple[str, ...]
    gaps: int


@dataclass(frozen=True, slots=True)
class Realignment:
    """The outcome of realigning one span: the replacement and how sure the search is."""

    start: int
    end: int
    after: str
    gain: float  # cost of the span as it is minus cost of the replacement
    margin: float  # cost of the runner-up reading minus cost of this one
    alternatives: tuple[tuple[str, float], ...] = ()  # the next readings and their extra cost


def _emitted(text: str, pos: int, doc: _Doc) -> list[tuple[int, int, int]]:
    """Ways to read text[pos:] as one shifted pair: (length in chars, first byte, second byte)."""
    ch = text[pos]
    opts: list[tuple[int, int, int]] = []
    pair = _gbk()[1].get(ch)
    if pair is not None:
        opts.append((1, pair[0], pair[1]))
    if doc.nfkc:
        for img, a, b in _nfkc_sources().get(ch, ()):
            if text.startswith(img, pos):
                opts.append((len(img), a, b))
    return opts


def realign(text: str, qpos: int, *, doc: _Doc | None = None, limit: int | None = None) -> Realignment | None:
    """Best realigned reading of the span starting at the `?` at ``text[qpos]``, or None."""
    doc = doc or _doc_info(text)
    dec = _gbk()[0]
    by_trail = _by_trail()

    followers = _gap_followers()
    stop = min(len(text), qpos + 1 + MAX_SPAN, limit if limit is not None else len(text))
    nl = text.find("\n", qpos)
    if nl != -1:
        stop = min(stop, nl)
    region_end = stop
    # Cost of the text as it is, from each position to the region's end.
    asis = [0.0] * (region_end - qpos + 1)
    for i in range(region_end - 1, qpos - 1, -1):
        nxt = text[i + 1] if i + 1 < region_end else ""
        c = _char_cost(text[i], doc) + _bigram(text[i], nxt)
        if nxt == "(":
            m = _ANNOT.match(text, i + 1)
            if m and m.group(1) not in readings(text[i]):
                c += PINYIN_MISMATCH  # an annotation the character before it cannot have
        asis[i - qpos] = asis[i + 1 - qpos] + c
    before = text[qpos - 1] if qpos > 0 else ""
    baseline = asis[0] + _bigram(before, text[qpos])

    def annotation_at(pos: int) -> str | None:
        m = _ANNOT.match(text, pos)
        return m.group(1) if m else None

    context = text[max(0, qpos - 12) : qpos]

    def step_cost(prev: str, ch: str, out: tuple[str, ...] = ()) -> float:
        cost = _char_cost(ch, doc) + _bigram(prev, ch)
        opener = _OPEN.get(ch)
        if opener is not None:
            seen = context + "".join(out)
            cost += -1.5 if seen.rfind(opener) > seen.rfind(ch) else 2.0
        return cost

    def final_cost(ch: str, pos: int) -> float:
        syl = annotation_at(pos)
        if syl is not None and is_han(ch) and syl not in readings(ch):
            return PINYIN_MISMATCH
        return 0.0

    finals: dict[str, tuple[float, int]] = {}  # replacement text -> (total cost, end position)

    def finish(out: tuple[str, ...], cost: float, end: int) -> None:
        m = _ANNOT.match(text, end)
        after = m.end() if m else end  # the next character, past a pinyin annotation
        nxt = text[after] if after < len(text) else ""
        last = out[-1] if out else before
        total = cost + _bigram(last, nxt) + asis[end - qpos]
        s = "".join(out)
        if s not in finals or finals[s][0] > total:
            finals[s] = (total, end)

    # Seed hypotheses: the first original character is (lost lead, first byte of the first pair).
    beams: dict[int, list[_Hyp]] = {}

    def push(h: _Hyp) -> None:
        beams.setdefault(h.pos, []).append(h)

    pos0 = qpos + 1
    if pos0 < region_end:
        for length, p, q in _emitted(text, pos0, doc):
            for lead, ch in by_trail.get(p, ()):
                c = step_cost(before, ch)
                if q >= 0x81:
                    push(_Hyp(c, pos0 + length, q, (ch,), 0))
                elif 0x40 <= q <= 0x7E:
                    finish((ch, chr(q)), c + step_cost(ch, chr(q)), pos0 + length)
    # `?` directly followed by an ASCII trail byte or by a terminator.
    _terminate(text, pos0, region_end, None, (), before, 0.0, step_cost, final_cost, finish, by_trail, doc)

    for pos, _round in ((p, r) for p in range(pos0, region_end + 1) for r in (0, 1)):
        # Round 1 takes the hypotheses that round 0 left at the same position (after a lost pair).
        hyps = beams.pop(pos, [])
        if not hyps:
            continue
        hyps.sort(key=lambda h: h.cost)
        seen: set[tuple[int, str]] = set()
        kept: list[_Hyp] = []
        for h in hyps:
            key = (h.lead, h.out[-1] if h.out else "", h.gaps)
            if key in seen:
                continue
            seen.add(key)
            kept.append(h)
            if len(kept) >= BEAM:
                break
        for h in kept:
            prev = h.out[-1] if h.out else before
            _terminate(text, pos, region_end, h.lead, h.out, prev, h.cost, step_cost, final_cost, finish, by_trail, doc)
            if pos >= region_end:
                continue
            # The next shifted pair is the damaged character(s) at pos.
            for length, p, q in _emitted(text, pos, doc):
                for ch in _chars(h.lead, p):
                    c = h.cost + step_cost(prev, ch, h.out)
                    if q >= 0x81:
                        push(_Hyp(c, pos + length, q, (*h.out, ch), 0))
                    elif 0x40 <= q <= 0x7E:
                        finish((*h.out, ch, chr(q)), c + step_cost(ch, chr(q)), pos + length)
            if h.gaps:
                continue  # no two lost pairs in a row: that would leave a character with no byte
            # A `?` printed for a bad pair (x, y): the trail of this character, the next lead.
            if text[pos] == "?":
                for _, ch in _best(_trail_chars_cached(h.lead, doc)[:40], prev, step_cost, 6):
                    c = h.cost + step_cost(prev, ch, h.out) + VISIBLE_GAP_COST
                    push(_Hyp(c, pos + 1, _ANY_LEAD, (*h.out, ch), 1))
            # A pair dropped without trace: (x, y) is a pair glibc drops.
            for x, ch in _best(_gap_chars(h.lead, doc), prev, step_cost, 6):
                c = h.cost + step_cost(prev, ch, h.out) + GAP_COST
                push(_Hyp(c, pos, followers[x], (*h.out, ch), 1))
    if not finals:
        return None
    ranked = sorted(finals.items(), key=lambda kv: kv[1][0])
    best_text, (best_cost, end) = ranked[0]
    runner = ranked[1][1][0] if len(ranked) > 1 else best_cost + 99.0
    span_baseline = baseline - asis[end - qpos]
    span_best = best_cost - asis[end - qpos]
    after = _convention(best_text, doc)
    alts = tuple((_convention(t, doc), c - best_cost) for t, (c, _) in ranked[1:6])
    return Realignment(qpos, end, after, span_baseline - span_best, runner - best_cost, alts)


_ANY_LEAD = frozenset(range(0x81, 0xFF))


def _chars(lead: int | frozenset[int], trail: int) -> list[str]:
    """Characters (lead, trail) for a known lead or any lead of a set."""
    if isinstance(lead, int):
        ch = _gbk()[0].get(lead << 8 | trail)
        return [ch] if ch is not None else []
    return [ch for a, ch in _by_trail().get(trail, ()) if a in lead]


def _gap_chars(lead: int | frozenset[int], doc: _Doc) -> list[tuple[int, str]]:
    """(x, char) for the characters (lead, x) whose trail x can start a dropped pair, cheapest first."""
    if not isinstance(lead, int):
        return []
    return _gap_chars_cached(lead, doc)


@lru_cache(maxsize=512)
def _gap_chars_cached(lead: int, doc: _Doc) -> list[tuple[int, str]]:
    followers = _gap_followers()
    cands = [(x, ch) for x, ch in _by_lead().get(lead, ()) if x in followers]
    cands.sort(key=lambda xc: _char_cost(xc[1], doc))
    return cands[:24]


@lru_cache(maxsize=512)
def _trail_chars_cached(lead: int, doc: _Doc) -> list[tuple[int, str]]:
    """(trail, char) for lead with trail >= 0x81, cheapest first (a final character's lost trail)."""
    cands = [(t, ch) for t, ch in _by_lead().get(lead, ()) if t >= 0x81]
    cands.sort(key=lambda tc: _char_cost(tc[1], doc))
    return cands


def _best(cands, prev, step_cost, k, *, min_byte=0, allowed=None):  # type: ignore[no-untyped-def]
    """The `k` cheapest (byte, char) candidates after `prev`."""
    scored = []
    for b, ch in cands:
        if b < min_byte or (allowed is not None and b not in allowed):
            continue
        scored.append((step_cost(prev, ch), b, ch))
    scored.sort()
    return [(b, ch) for _, b, ch in scored[:k]]


def _terminate(text, pos, region_end, lead, out, prev, cost, step_cost, final_cost, finish, by_trail, doc) -> None:  # type: ignore[no-untyped-def]
    """End the span at `pos`: by an ASCII trail byte, or before an ASCII byte that is no trail."""
    nxt = text[pos] if pos < region_end else ""
    if nxt and nxt.isascii() and 0x40 <= ord(nxt) <= 0x7E:
        cands = by_trail.get(ord(nxt), ()) if lead is None else [(0, ch) for ch in _chars(lead, ord(nxt))]
        for _, ch in cands:
            finish((*out, ch), cost + step_cost(prev, ch, out) + final_cost(ch, pos + 1), pos + 1)
    if pos >= len(text) or text[pos] == "\n" or (nxt and nxt.isascii() and (ord(nxt) < 0x40 or nxt == "\x7f")):
        # The trail byte was skipped with the invalid pair it began: only the lead is known.
        m = _ANNOT.match(text, pos)
        syl = m.group(1) if m else None
        if isinstance(lead, int):
            cands = [ch for _, ch in _trail_chars_cached(lead, doc)]
        elif syl is None:
            return  # nothing left of the character and no reading to say what it was
        else:
            cands = [ch for ch in _gbk_with_reading(syl) if lead is None or _gbk()[1][ch][0] in lead]
        if syl is not None:
            cands = [ch for ch in cands if syl in readings(ch)] or cands[:12]
        scored = sorted((step_cost(prev, ch, out) + final_cost(ch, pos), ch) for ch in cands[:200])
        for c, ch in scored[:8]:
            finish((*out, ch), cost + c, pos)


@lru_cache(maxsize=1)
def _reading_index() -> dict[str, list[str]]:
    """Toned syllable -> GBK characters (trail byte >= 0x81) with that reading."""
    out: dict[str, list[str]] = {}
    for ch, (_, b) in _gbk()[1].items():
        if b >= 0x81:
            for r in readings(ch):
                out.setdefault(r, []).append(ch)
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

    >>> from zhclean.edits import apply_edits
    >>> t = "努力爭取國家和三?。ㄊ校用娓笾С郑M(jìn)一步拓展三地合作的深度和廣度。"
    >>> apply_edits(t, misaligned_edits(t))
    '努力爭取國家和三省(市)層面更大支持,進(jìn)一步拓展三地合作的深度和廣度。'
    """
    if "?" not in text:
        return []
    doc: _Doc | None = None
    edits: list[Edit] = []
    pos = 0
    while True:
        q = text.find("?", pos)
        if q == -1:
            break
        pos = q + 1
        window = text[q + 1 : q + 1 + 8].split("\n", 1)[0]
        ann = _ANNOT.search(text, q + 1, q + 1 + 12)
        if doc is None:
            doc = _doc_info(text)
        if not (_suspicious(window, doc) or (ann is not None and _damaged_annotation(text, ann))):
            continue
        r = realign(text, q, doc=doc)
        if r is None or r.gain < MIN_GAIN:
            continue
        before = text[r.start : r.end]
        if r.margin >= MIN_MARGIN:
            edits.append(Edit(r.start, r.end, r.after, KIND, f"GBK bytes read one byte out of step after a lost lead byte (margin {r.margin:.1f})"))
        else:
            edits.append(Edit(r.start, r.end, before, "suspect", f"misaligned GBK span; best reading {r.after!r} is not certain (margin {r.margin:.1f})"))
        pos = r.end
    return edits


def _damaged_annotation(text: str, m: re.Match[str]) -> bool:
    ch = text[m.start() - 1]
    return m.group(1) not in readings(ch)
