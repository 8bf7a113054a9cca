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
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..charstats import UNKNOWN_HAN_COST, char_costs, is_han
from ..edits import Edit
from ._tables import bigram_score, gbk_unmapped, is_simplified_only, is_traditional_only
from .pinyin import readings

__all__ = ["misaligned_edits", "realign"]

KIND = "misaligned-gbk"
SEARCHES_BASE = 8
SEARCHES_PER = 2000
"""A call searches at most SEARCHES_BASE spans plus one per SEARCHES_PER characters."""
MAX_SPAN = 120
"""Characters after the `?` that a span may cover."""
BEAM = 32
BEAM_PUNCT = 8
TAG_BONUS = 2.0
PRUNE_SLACK = 12.0
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


@dataclass(frozen=True, slots=True)
class _Doc:
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
    """The document's script and punctuation convention (counted over distinct characters)."""
    counts = Counter(text)
    trad = sum(n for c, n in counts.items() if is_traditional_only(c))
    simp = sum(n for c, n in counts.items() if is_simplified_only(c))
    full = sum(counts[c] for c in "，（）：；！？")
    half = sum(counts[c] for c in ",():;!?")
    return _Doc(traditional=trad > simp, nfkc=half > full)


# --- the search ---------------------------------------------------------------------------------


_How = tuple | None  # type: ignore[type-arg]
"""How a rebuilt character is constrained when a byte of it was lost (see `_alternatives`)."""


@dataclass(slots=True)
class _Hyp:
    cost: float
    pos: int  # index into the text of the next damaged character to read
    lead: int | frozenset[int]  # lead byte of the character being rebuilt (a set after a gap)
    out: tuple[str, ...]  # the original characters rebuilt so far
    ends: tuple[int, ...]  # for each, the text position up to which its bytes were read
    gaps: int
    how: tuple[_How, ...]  # for each, None if its bytes are known, else what constrains it


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


_HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
PAIR_WINDOW = 20000
"""Characters each side of a span whose adjacent pairs count as the document's vocabulary."""


def _doc_pairs(text: str) -> Counter[str]:
    """Adjacent Han pairs of the document: its own names and terms (`通武廊`) count as words."""
    pairs: Counter[str] = Counter()
    for run in _HAN_RUN.findall(text):
        pairs.update(run[i : i + 2] for i in range(len(run) - 1))
    return pairs


def realign(
    text: str, qpos: int, *, doc: _Doc | None = None, pairs: Counter[str] | None = None
) -> Realignment | None:
    """Best realigned reading of the span starting at the `?` at ``text[qpos]``, or None."""
    doc = doc or _doc_info(text)
    pairs = pairs if pairs is not None else _doc_pairs(text)
    by_trail = _by_trail()
    followers = _gap_followers()
    region_end = min(len(text), qpos + 1 + MAX_SPAN)
    nl = text.find("\n", qpos, region_end)
    if nl != -1:
        region_end = nl

    pair_memo: dict[tuple[str, str, int], float] = {}

    def pair_cost(a: str, b: str, own: int = 0) -> float:
        key = (a, b, own)
        got = pair_memo.get(key)
        if got is None:
            n = pairs.get(a + b, 0) - own if a and b else 0
            got = _bigram(a, b) - (DOC_PAIR_WEIGHT * math.log10(1 + n) if n > 0 else 0.0)
            if a + b in _PUNCT_PAIRS:
                got -= 1.0
            pair_memo[key] = got
        return got

    # Cost of the text as it is, from each position to the region's end.
    asis = [0.0] * (region_end - qpos + 1)
    for i in range(region_end - 1, qpos - 1, -1):
        nxt = text[i + 1] if i + 1 < region_end else ""
        c = _char_cost(text[i], doc) + pair_cost(text[i], nxt, own=1)
        if nxt == "(":
            m = _ANNOT.match(text, i + 1)
            if m and m.group(1) not in readings(text[i]):
                c += PINYIN_MISMATCH  # an annotation the character before it cannot have
        asis[i - qpos] = asis[i + 1 - qpos] + c
    before = text[qpos - 1] if qpos > 0 else ""
    baseline = asis[0] + pair_cost(before, text[qpos], own=1)
    context = text[max(0, qpos - 12) : qpos]

    def step_cost(prev: str, ch: str, out: tuple[str, ...] = ()) -> float:
        cost = _char_cost(ch, doc) + pair_cost(prev, ch)
        opener = _OPEN.get(ch)
        if opener is not None:
            seen = context + "".join(out)
            cost += -1.5 if seen.rfind(opener) > seen.rfind(ch) else 2.0
        return cost

    def final_cost(ch: str, pos: int) -> float:
        """Extra cost of `ch` as the last character, `pos` the text position after the span."""
        m = _ANNOT.match(text, pos)
        if m is not None and is_han(ch) and m.group(1) not in readings(ch):
            return PINYIN_MISMATCH
        if pos >= len(text) or text[pos] == "\n":
            return _LINE_END.get(ch, 0.0)  # a line ends with 。 or ”, not with 、 or （
        return 0.0

    finals: dict[tuple[str, ...], tuple[float, int, tuple[int, ...], tuple[_How, ...]]] = {}

    def finish(out: tuple[str, ...], ends: tuple[int, ...], how: tuple[_How, ...], cost: float, end: int) -> None:
        m = _ANNOT.match(text, end)
        after = m.end() if m else end  # the next character, past a pinyin annotation
        nxt = text[after] if after < len(text) else ""
        last = _last(out, before)
        total = cost + pair_cost(last, nxt) + asis[end - qpos]
        total += UNCLOSED_COST * _unclosed(context[-6:] + "".join(out) + text[end : end + 20])
        if out not in finals or finals[out][0] > total:
            finals[out] = (total, end, ends, how)

    beams: dict[int, list[_Hyp]] = {}

    def push(h: _Hyp) -> None:
        beams.setdefault(h.pos, []).append(h)

    search = _Search(text, region_end, doc, step_cost, final_cost, finish)
    # The first original character is (lost lead, first byte of the first shifted pair).
    pos0 = qpos + 1
    if pos0 < region_end:
        for length, p, q in _emitted(text, pos0, doc):
            for _, ch in by_trail.get(p, ()):
                c = step_cost(before, ch)
                end = pos0 + length
                if q >= 0x81:
                    push(_Hyp(c, end, q, (ch,), (end,), 0, (("trail", p),)))
                elif 0x40 <= q <= 0x7E:
                    finish((ch, chr(q)), (end, end), (("trail", p), None), c + step_cost(ch, chr(q)), end)
    search.terminate(pos0, None, (), (), (), before, 0.0)
    # Or the first character's trail went into a dropped pair: nothing of it is left.
    for x, ch in _best(_all_gap_chars(), before, step_cost, 8):
        push(_Hyp(step_cost(before, ch) + GAP_COST, pos0, followers[x], (ch,), (pos0,), 1, (("gap", _ANY_LEAD),)))

    for pos, _round in ((p, r) for p in range(pos0, region_end + 1) for r in (0, 1, 2)):
        # Rounds 1 and 2 take the hypotheses left at the same position (after lost pairs).
        hyps = beams.pop(pos, [])
        if not hyps:
            continue
        hyps.sort(key=lambda h: h.cost)
        if finals:
            # A reading that already costs more than the best finished one plus the rest of the
            # text as it is will not come back (text read one step out costs more than text).
            bound = min(v[0] for v in finals.values()) + PRUNE_SLACK - asis[pos - qpos]
            hyps = [h for h in hyps if h.cost <= bound]
        seen: set[tuple[int | frozenset[int], str, int, int]] = set()
        kept: list[_Hyp] = []
        extra = 0
        for h in hyps:
            # Readings that agree on what comes next may merge, unless a bracket is open in one.
            opened = sum(c in "（(" for c in h.out) - sum(c in "）)" for c in h.out)
            key = (h.lead, h.out[-1] if h.out else "", h.gaps, opened)
            if key in seen:
                continue
            seen.add(key)
            if len(kept) < BEAM:
                kept.append(h)
            elif extra < BEAM_PUNCT and h.out and not is_han(h.out[-1]):
                # Punctuation rebuilt from bytes is rarer than characters in the table but is
                # what the evidence further on (a closing bracket, a quote) needs to see.
                kept.append(h)
                extra += 1
        for h in kept:
            prev = _last(h.out, before)
            search.terminate(pos, h.lead, h.out, h.ends, h.how, prev, h.cost)
            if pos >= region_end:
                continue
            # The next shifted pair is the damaged character(s) at pos.
            for length, p, q in _emitted(text, pos, doc):
                end = pos + length
                tag: _How = None if isinstance(h.lead, int) else ("set", h.lead, p)
                for ch in _chars(h.lead, p):
                    c = h.cost + step_cost(prev, ch, h.out)
                    if q >= 0x81:
                        push(_Hyp(c, end, q, (*h.out, ch), (*h.ends, end), 0, (*h.how, tag)))
                    elif 0x40 <= q <= 0x7E:
                        how = (*h.how, tag, None)
                        finish((*h.out, ch, chr(q)), (*h.ends, end, end), how, c + step_cost(ch, chr(q)), end)
            if h.gaps >= 2:
                continue  # two lost pairs in a row leave one character with no byte; three, two
            # A `?` printed for a bad pair (x, y): the trail of this character, the next lead.
            if text[pos] == "?" and isinstance(h.lead, int) and not h.gaps:
                for _, ch in _best(_trail_chars_cached(h.lead, doc)[:40], prev, step_cost, 6):
                    c = h.cost + step_cost(prev, ch, h.out) + VISIBLE_GAP_COST
                    tag = ("lost", h.lead, None)
                    push(_Hyp(c, pos + 1, _ANY_LEAD, (*h.out, ch), (*h.ends, pos + 1), h.gaps + 1, (*h.how, tag)))
                    if pos + 1 >= region_end or text[pos + 1].isascii():
                        # The bad pair was this trail and an ASCII byte: `?/p>` lost the `<`.
                        lost = ("<",) if _TAG_TAIL.match(text, pos + 1) else ()
                        how = (*h.how, tag, *(None for _ in lost))
                        bonus = TAG_BONUS if lost else 0.0  # `</p>` is likelier than `／ｐ＞` read out of step
                        ends = (*h.ends, pos + 1, *(pos + 1 for _ in lost))
                        finish((*h.out, ch, *lost), ends, how, c - bonus, pos + 1)
            # A pair dropped without trace: (x, y) is a pair glibc drops.
            for x, ch in _best(_gap_chars(h.lead, doc), prev, step_cost, 6):
                c = h.cost + step_cost(prev, ch, h.out) + GAP_COST
                tag = ("gap", h.lead)
                push(_Hyp(c, pos, followers[x], (*h.out, ch), (*h.ends, pos), h.gaps + 1, (*h.how, tag)))
    if not finals:
        return None
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
    for i, tag in enumerate(how):
        if i >= certain:
            break
        if tag is not None:
            prev = _last(best_out[:i], before)
            rest = [c for c in best_out[i + 1 :] if c not in _BRACKETS]
            nxt = rest[0] if rest else _next_char(text, end)
            done = best_out[:i]
            later = "".join(best_out[i + 1 :]) + text[end : end + 20]

            is_last = i == len(best_out) - 1

            def cost(
                ch: str, done: tuple[str, ...] = done, later: str = later, prev: str = prev, nxt: str = nxt,
                is_last: bool = is_last,
            ) -> float:
                unclosed = UNCLOSED_COST * _unclosed(context[-6:] + "".join(done) + ch + later)
                final = final_cost(ch, end) if is_last else 0.0
                return step_cost(prev, ch, done) + pair_cost(ch, nxt) + unclosed + final

            lm = _local_margin(best_out[i], _alternatives(tag, doc), cost)
            local.append((i, lm, tag[0]))
    span_baseline = baseline - asis[end - qpos]
    span_best = best_cost - asis[end - qpos]
    alts = tuple((_convention("".join(t), doc), c - best_cost) for t, (c, *_) in ranked[1:6])
    return Realignment(
        qpos,
        end,
        best_out,
        tuple(ends),
        doc,
        span_baseline - span_best,
        runner - best_cost,
        certain,
        tuple(local),
        alts,
        _suspicious(text[end : end + 6].split("\n", 1)[0], doc),
    )


_TAG_TAIL = re.compile(r"/?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>\n]{0,30})?>")
_BRACKETS = frozenset("()（）")
_PUNCT_PAIRS = frozenset(
    ["。”", "！”", "？”", "…”", "）。", "），", "”，", "”。", "：“", "，“", "。“", "》，", "》。", "）、"]
)
_LINE_END = {
    **dict.fromkeys("。！？”…」』", -1.5),
    **dict.fromkeys("、，,；：（《“「『—", 2.0),
}


def _unclosed(s: str) -> int:
    """How many brackets in `s` are not matched: openers never closed, closers never opened."""
    if not any(c in _BRACKETS for c in s):
        return 0
    depth = 0
    bad = 0
    for c in s:
        if c in "（(":
            depth += 1
        elif c in "）)":
            if depth:
                depth -= 1
            else:
                bad += 1
    return bad + depth


def _last(out: tuple[str, ...], before: str) -> str:
    """The character a next one pairs with: brackets are transparent (`省(市` pairs 省 and 市)."""
    for c in reversed(out):
        if c not in _BRACKETS:
            return c
    return before


def _next_char(text: str, end: int) -> str:
    m = _ANNOT.match(text, end)
    after = m.end() if m else end
    return text[after] if after < len(text) else ""


def _alternatives(tag: tuple, doc: _Doc) -> list[str]:  # type: ignore[type-arg]
    """The characters the known bytes of a rebuilt character allow."""
    if tag[0] == "trail":
        return [ch for _, ch in _by_trail().get(tag[1], ())]
    if tag[0] == "set":
        return _chars(tag[1], tag[2])
    if tag[0] == "gap":
        return [ch for _, ch in _gap_chars(tag[1], doc)]
    lead, syl = tag[1], tag[2]
    if isinstance(lead, int):
        cands = [ch for _, ch in _trail_chars_cached(lead, doc)]
    else:
        cands = [ch for ch in _gbk_with_reading(syl or "") if lead is None or _gbk()[1][ch][0] in lead]
    if syl is not None:
        cands = [ch for ch in cands if syl in readings(ch)] or cands
    return cands


def _local_margin(chosen: str, alternatives: list[str], cost: Callable[[str], float]) -> float:
    """How much cheaper `chosen` is than the best other candidate, its neighbours fixed."""
    mine = cost(chosen)
    others = [cost(ch) for ch in alternatives[:300] if ch != chosen]
    return min(others) - mine if others else 99.0


class _Search:
    """Ways to end a span (kept apart from `realign` to keep that function readable)."""

    def __init__(self, text, region_end, doc, step_cost, final_cost, finish) -> None:  # type: ignore[no-untyped-def]
        self.text = text
        self.region_end = region_end
        self.doc = doc
        self.step_cost = step_cost
        self.final_cost = final_cost
        self.finish = finish

    def terminate(self, pos, lead, out, ends, how, prev, cost) -> None:  # type: ignore[no-untyped-def]
        """End the span at `pos`: by an ASCII trail byte, or before an ASCII byte that is no trail."""
        text, step_cost, final_cost, finish = self.text, self.step_cost, self.final_cost, self.finish
        nxt = text[pos] if pos < self.region_end else ""
        if nxt and nxt.isascii() and 0x40 <= ord(nxt) <= 0x7E:
            cands = [ch for _, ch in _by_trail().get(ord(nxt), ())] if lead is None else _chars(lead, ord(nxt))
            tag: _How = (
                ("trail", ord(nxt)) if lead is None else None if isinstance(lead, int) else ("set", lead, ord(nxt))
            )
            for ch in cands:
                c = cost + step_cost(prev, ch, out) + final_cost(ch, pos + 1)
                finish((*out, ch), (*ends, pos + 1), (*how, tag), c, pos + 1)
        if pos >= len(text) or text[pos] == "\n" or (nxt and nxt.isascii() and (ord(nxt) < 0x40 or nxt == "\x7f")):
            # The trail byte was skipped with the invalid pair it began: only the lead is known.
            m = _ANNOT.match(text, pos)
            syl = m.group(1) if m else None
            if isinstance(lead, int):
                cands = [ch for _, ch in _trail_chars_cached(lead, self.doc)]
            elif syl is None:
                return  # nothing left of the character and no reading to say what it was
            else:
                cands = [ch for ch in _gbk_with_reading(syl) if lead is None or _gbk()[1][ch][0] in lead]
            if syl is not None:
                cands = [ch for ch in cands if syl in readings(ch)] or cands[:12]
            scored = sorted((step_cost(prev, ch, out) + final_cost(ch, pos), ch) for ch in cands[:200])
            for c, ch in scored[:8]:
                finish((*out, ch), (*ends, pos), (*how, ("lost", lead, syl)), cost + c, pos)


_ANY_LEAD = frozenset(range(0x81, 0xFF))


def _chars(lead: int | frozenset[int], trail: int) -> list[str]:
    """Characters (lead, trail) for a known lead or any lead of a set."""
    if isinstance(lead, int):
        ch = _gbk()[0].get(lead << 8 | trail)
        return [ch] if ch is not None else []
    return [ch for a, ch in _by_trail().get(trail, ()) if a in lead]


def _gap_chars(lead: int | frozenset[int], doc: _Doc) -> list[tuple[int, str]]:
    """(x, char) for the characters (lead, x) whose trail x can start a dropped pair, cheapest first."""
    if isinstance(lead, int):
        return _gap_chars_cached(lead, doc)
    return _gap_chars_set(lead, doc)


@lru_cache(maxsize=64)
def _gap_chars_set(leads: frozenset[int], doc: _Doc) -> list[tuple[int, str]]:
    cands = [xc for a in leads for xc in _gap_chars_cached(a, doc)]
    cands.sort(key=lambda xc: _char_cost(xc[1], doc))
    return cands[:40]


@lru_cache(maxsize=512)
def _gap_chars_cached(lead: int, doc: _Doc) -> list[tuple[int, str]]:
    followers = _gap_followers()
    cands = [(x, ch) for x, ch in _by_lead().get(lead, ()) if x in followers]
    cands.sort(key=lambda xc: _char_cost(xc[1], doc))
    return cands[:24]


@lru_cache(maxsize=1)
def _all_gap_chars() -> list[tuple[int, str]]:
    """(x, char) for every character whose trail x can start a dropped pair."""
    followers = _gap_followers()
    return [(pair & 0xFF, ch) for pair, ch in _gbk()[0].items() if (pair & 0xFF) in followers]


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
    pairs: Counter[str] | None = None
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
        if doc is None:
            doc = _doc_info(text)
        if not _worth_trying(text, q, doc):
            continue
        block = q // PAIR_WINDOW
        if pairs is None or block != pairs_block:
            # The document around the span (all of an article; a window of a huge text).
            pairs_block = block
            pairs = _doc_pairs(text[max(0, (block - 1) * PAIR_WINDOW) : (block + 2) * PAIR_WINDOW])

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


def _worth_trying(text: str, q: int, doc: _Doc) -> bool:
    """Cheap screen: does the text after this `?` look like bytes read one step out?"""
    window = text[q + 1 : q + 1 + 8].split("\n", 1)[0]
    if not window:
        return False
    if _suspicious(window, doc):
        return True
    ann = _ANNOT.search(text, q + 1, q + 1 + 12)
    if ann is not None and _damaged_annotation(text, ann):
        return True
    if 0x40 <= ord(window[0]) <= 0x7E and len(window) > 1 and is_han(window[1]):
        return True  # `?v話`: a lead byte lost before a trail byte in the ASCII range
    # Re-pair the bytes one step over (ignoring lost pairs): is the result more ordinary?
    enc = _gbk()[1]
    items = []
    for c in window:
        pair = enc.get(c)
        if pair is None:
            break
        items.append(pair)
    if len(items) < 3:
        return False
    dec = _gbk()[0]
    asis = sum(_char_cost(c, doc) for c in window[: len(items)]) / len(items)
    shifted = [dec.get(a[1] << 8 | b[0]) for a, b in itertools.pairwise(items)]
    re_cost = sum(_char_cost(c, doc) if c else 9.0 for c in shifted) / len(shifted)
    return re_cost + 1.0 < asis


def _damaged_annotation(text: str, m: re.Match[str]) -> bool:
    ch = text[m.start() - 1]
    return m.group(1) not in readings(ch)
