"""UTF-8 bytes with lost bytes: fill each lost byte with what the kept bytes, the way the shown
decoder failed, and character statistics say, and only where they say it clearly.

The damage: UTF-8 text decoded as Big5 with ``errors="replace"``. Python's ``big5`` (and
``cp950``) decoder reads a byte below 0x80 as ASCII; a byte from 0x80 up together with the next
byte as one Big5 character when that pair is mapped; otherwise it gives one U+FFFD for that
one byte and reads on from the *next* byte (the second byte is read again, as a possible first
byte). So every U+FFFD stands for exactly one lost byte ``x >= 0x80``, and ``(x, next byte)`` is
not a mapped Big5 pair (or ``x`` was the last byte). Big5 maps no pair whose second byte is
0x80-0xA0, and about half of all UTF-8 continuation bytes are 0x80-0xA0: most Chinese
characters lose one, two or all three of their bytes (发 = E5 8F 91 shows as ``��蔣`` with
the next character's first byte).

`fill` takes the bytes in character slots (see ``codecs._slots``: UTF-8's structure says which
byte is a first byte and which a continuation byte) and decides each slot:

* every character whose UTF-8 bytes fit the kept bytes and would have failed where the decoder
  failed is a candidate (the `MAX_CANDIDATES` commonest, and one wildcard for all the rarer);
* candidates in the other script than the text's fully kept characters weigh less
  (Traditional text shown as Big5 stays Traditional);
* a forward and a backward pass over the slots with the pair model of `score.next_cost`,
  normalised into probabilities, give each candidate its probability over every reading of
  the whole stretch (a character that one lucky neighbour turns into a word gets little);
* a slot takes its likeliest candidate only when that probability is at least
  `MIN_PROBABILITY`; otherwise it stays lost (U+FFFD), and the garbage pass removes or marks
  it and records it. Nothing is invented on a guess.

What that gives (``benchmarks/bench_repair.py``): about 40% of the characters of UTF-8 shown
as Big5 come back, about 2% of the output is wrong. The bytes do not carry more: a quarter of
the characters lose all three bytes and a third lose two, and even with every neighbour known
the pair statistics pick the right one of the fitting characters for only about a third and
two thirds of them.

    >>> slots = [(0xE4, 0xB8, 0xAD), (0x41,), (0xE5, 0x9C, -1)]  # 中 A 圖/國/... (last byte lost)
    >>> fill(slots, lambda byte, after: True)[0][:2]
    '中A'
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from functools import lru_cache

from ..charstats import char_costs, is_han
from ._tables import script_chars
from .score import COMMON_PUNCT, char_cost, pair_costs

MIN_PROBABILITY = 0.75
"""A lost character is filled only when at least this share of the probability of all the
readings of its stretch agrees on it."""
SCRIPT_PENALTY = 1.5
"""Extra cost of a candidate written only in the other script than the text's kept characters."""
MAX_CANDIDATES = 60
"""Candidates kept per slot (the commonest); the pair table brings in no others."""
SCAN = 1500
"""Characters looked at per slot: the wildcard's probability counts those beyond the candidates
up to here (rarer ones add a negligible share)."""
_OPENING = "“‘《（"
_CLOSING = "”’》）"

Slot = tuple[int, ...]
LOST = "\ufffd"


@lru_cache(maxsize=1)
def _index() -> dict[tuple[int, ...], list[tuple[str, bytes]]]:
    """Three-byte characters a slot may hold (the frequency table's Han characters and common
    punctuation), commonest first, under every pattern of their bytes with holes (-1)."""
    chars = [ch for ch in char_costs() if len(ch.encode("utf-8")) == 3]
    chars += [ch for ch in COMMON_PUNCT + "".join(map(chr, range(0xFF01, 0xFF5F))) if len(ch.encode("utf-8")) == 3]
    chars = sorted(set(chars), key=lambda ch: (char_cost(ch), ch))
    index: dict[tuple[int, ...], list[tuple[str, bytes]]] = {}
    for ch in chars:
        raw = ch.encode("utf-8")
        for mask in itertools.product((False, True), repeat=3):
            if all(mask):
                continue
            key = tuple(b if keep else -1 for b, keep in zip(raw, mask, strict=True))
            index.setdefault(key, []).append((ch, raw))
    return index


@lru_cache(maxsize=1)
def _pairs_by_first() -> dict[str, dict[str, float]]:
    """The pair table as first character -> {second character: pair cost}."""
    out: dict[str, dict[str, float]] = {}
    for pair, cost in pair_costs().items():
        if len(pair) == 2:
            out.setdefault(pair[0], {})[pair[1]] = cost
    return out


def _candidates(
    slots: Sequence[Slot], idx: int, fails: Callable[[int, int], bool]
) -> tuple[Candidate, ...]:
    """The candidates of one slot: its character when it has no lost byte; the lost-slot
    wildcard for a slot that is no character; else the `MAX_CANDIDATES` commonest characters
    that fit (see `_fitting`) and one wildcard standing for all the rarer ones."""
    slot = slots[idx]
    if slot == (-2,) or (-1 in slot and len(slot) != 3):
        return (_ANY,)
    if -1 not in slot:
        try:
            ch = bytes(slot).decode("utf-8")
        except UnicodeDecodeError:
            return (_ANY,)
        return ((ch, char_cost(ch), -1, -1),)
    nxt = slots[idx + 1][0] if idx + 1 < len(slots) else -2
    return _fitting(slot, nxt, fails)


Candidate = tuple[str, float, int, int]
"""``(character, own cost, its first byte if that was lost else -1, its last byte if that was
lost and so was the next slot's first byte, else -1)``: the two bytes of a seam the shown
decoder rejected together, checked when neighbours are combined."""
_ANY: Candidate = (LOST, 0.0, -1, -1)
"""A slot with no usable bytes: any character (probability 1 in all, no pair evidence)."""


@lru_cache(maxsize=4096)
def _fitting(slot: Slot, nxt: int, fails: Callable[[int, int], bool]) -> tuple[Candidate, ...]:
    """The characters whose UTF-8 bytes fit `slot`'s kept bytes and whose lost bytes the shown
    decoder would have rejected where it did (`nxt`: the next slot's first byte; -1 lost too,
    -2 none), commonest first, at most `MAX_CANDIDATES`; then a wildcard (U+FFFD) carrying
    the summed probability of the rarer ones."""
    found: list[Candidate] = []
    rest = 0.0
    for ch, raw in _index().get(slot, ())[:SCAN]:
        if any(slot[pos] < 0 and not fails(raw[pos], raw[pos + 1]) for pos in range(2)):
            continue
        if slot[2] < 0 and nxt >= 0 and not fails(raw[2], nxt):
            continue
        cost = char_cost(ch)
        if len(found) < MAX_CANDIDATES:
            first = raw[0] if slot[0] < 0 else -1
            last = raw[2] if slot[2] < 0 and nxt == -1 else -1
            found.append((ch, cost, first, last))
        else:
            rest += 10.0**-cost
    if rest > 0.0:
        found.append((LOST, -math.log10(rest), -1, -1))
    return tuple(found)


def fill(slots: Sequence[Slot], fails: Callable[[int, int], bool]) -> tuple[str, int]:
    """The text of `slots` (UTF-8 bytes, -1 for a lost byte, ``(-2,)`` for a slot that is no
    character), each lost character filled when its probability is at least `MIN_PROBABILITY`,
    else U+FFFD; and how many stay U+FFFD. `fails(byte, next)` says whether the shown decoder
    rejected `byte` before `next`.
    """
    text = "".join(ch if p >= MIN_PROBABILITY else LOST for ch, p in posteriors(slots, fails))
    return text, text.count(LOST)


def posteriors(slots: Sequence[Slot], fails: Callable[[int, int], bool]) -> list[tuple[str, float]]:
    """For each slot, its likeliest character and that character's probability summed over
    every reading of the whole stretch (forward-backward over the slots). The model is
    `score.next_cost` made a proper distribution (see `_norms`), each cost c weighing
    ``10 ** -c``; characters of the other script weigh less (`SCRIPT_PENALTY`). A character that
    only one lucky neighbour makes into a word gets little; one every reading agrees on, near 1.
    """
    if not slots:
        return []
    cands = [_candidates(slots, i, fails) or (_ANY,) for i in range(len(slots))]
    if all(len(c) == 1 for c in cands):
        return [(c[0][0], 1.0) for c in cands]
    avoid = _script_penalties(slots)
    table = script_chars()
    weight = [
        [10.0**-SCRIPT_PENALTY if avoid and len(c) > 1 and table.get(ch, ("",))[0] == avoid else 1.0 for ch, *_ in c]
        for c in cands
    ]
    n = len(cands)
    seams = [_seam_pairs(cands[i - 1], cands[i], fails) if i else [] for i in range(n)]
    alpha = [_normal([10.0**-own * w for (_, own, _, _), w in zip(cands[0], weight[0], strict=True)])]
    for i in range(1, n):
        alpha.append(_normal(_forward(cands[i - 1], alpha[i - 1], cands[i], weight[i], seams[i], fails)))
    beta: list[list[float]] = [[] for _ in range(n)]
    beta[n - 1] = [1.0] * len(cands[n - 1])
    for i in range(n - 2, -1, -1):
        after = [b * w for b, w in zip(beta[i + 1], weight[i + 1], strict=True)]
        beta[i] = _normal(_backward(cands[i], cands[i + 1], after, seams[i + 1], fails))
    out: list[tuple[str, float]] = []
    for i in range(n):
        if len(cands[i]) == 1:
            out.append((cands[i][0][0], 1.0))
            continue
        mass = [a * b for a, b in zip(alpha[i], beta[i], strict=True)]
        total = sum(mass)
        k = max(range(len(mass)), key=mass.__getitem__)
        out.append((cands[i][k][0], mass[k] / total) if total > 0.0 else (LOST, 0.0))
    return out


def _script_penalties(slots: Sequence[Slot]) -> str:
    """"S" when more kept characters are Traditional-only than Simplified-only (Simplified-only
    candidates then weigh less), "T" for the reverse, "" when the kept characters do not say."""
    counts = {"T": 0, "S": 0}
    table = script_chars()
    for slot in slots:
        if len(slot) == 3 and -1 not in slot:
            try:
                info = table.get(bytes(slot).decode("utf-8"))
            except UnicodeDecodeError:
                continue
            if info is not None:
                counts[info[0]] += 1
    if counts["T"] == counts["S"]:
        return ""
    return "S" if counts["T"] > counts["S"] else "T"


def _normal(values: list[float]) -> list[float]:
    """`values` scaled to sum 1 (no underflow over long stretches); all zeros stay zeros."""
    total = sum(values)
    return [v / total for v in values] if total > 0.0 else values


def _adjust(prev_han: bool, ch: str, cost: float) -> float:
    """`score.next_cost`'s quote rule: closing quotes follow characters, opening ones do not."""
    if ch in _CLOSING:
        return cost + (-0.3 if prev_han else 0.3)
    if ch in _OPENING:
        return cost + (0.3 if prev_han else -0.3)
    return cost


def _seam_pairs(
    prev: Sequence[Candidate], cur: Sequence[Candidate], fails: Callable[[int, int], bool]
) -> list[tuple[int, int, float]]:
    """``(j, k, extra)`` for each pair of the pair table between candidate j of a slot and
    candidate k of the next that the seam allows: how much more likely k is after j than
    without the pair (``10 ** -next_cost - 10 ** -cost without the pair``)."""
    if cur[0] is _ANY or prev[0] is _ANY:
        return []
    pairs = _pairs_by_first()
    index = {ch: k for k, (ch, *_) in enumerate(cur) if ch != LOST}
    out: list[tuple[int, int, float]] = []
    for j, (pch, pown, _, last) in enumerate(prev):
        following = pairs.get(pch)
        if not following:
            continue
        han = is_han(pch)
        for ch in following.keys() & index.keys():
            k = index[ch]
            first = cur[k][2]
            if last >= 0 and first >= 0 and not fails(last, first):
                continue
            plain = _adjust(han, ch, cur[k][1])
            paired = min(plain, max(0.0, following[ch] - pown))
            if paired < plain:
                out.append((j, k, 10.0**-paired - 10.0**-plain))
    return out


def _forward(
    prev: Sequence[Candidate],
    prev_mass: list[float],
    cur: Sequence[Candidate],
    cur_weight: list[float],
    seam: list[tuple[int, int, float]],
    fails: Callable[[int, int], bool],
) -> list[float]:
    """alpha of a slot: the sum over the previous slot's candidates of their alpha times the
    probability of each current candidate after them.

    Without a pair, that probability depends on the previous candidate only through whether it
    is Han (the quote rule) and, at a seam where both bytes were lost, its last byte: the
    previous candidates are summed in those groups first, so a step costs the candidates plus
    the pairs among them, not their product."""
    if cur[0] is _ANY:
        return [sum(prev_mass)]  # some character follows: probability 1
    norm = _norms()
    prev_mass = [m / norm.get(ch, 1.0) for (ch, *_), m in zip(prev, prev_mass, strict=True)]
    groups: dict[tuple[bool, int], float] = {}
    for (ch, _, _, last), m in zip(prev, prev_mass, strict=True):
        key = (is_han(ch), last)
        groups[key] = groups.get(key, 0.0) + m
    out: list[float] = []
    cache: dict[tuple[int, bool], float] = {}
    for ch, own, first, _ in cur:
        total = 0.0
        for han in (True, False):
            m = cache.get((first, han))
            if m is None:
                m = sum(v for (h, b), v in groups.items() if h == han and (b < 0 or first < 0 or fails(b, first)))
                cache[(first, han)] = m
            if m:
                total += m * 10.0 ** -_adjust(han, ch, own)
        out.append(total)
    for j, k, extra in seam:
        out[k] += prev_mass[j] * extra
    return [o * w for o, w in zip(out, cur_weight, strict=True)]


def _backward(
    cur: Sequence[Candidate],
    nxt: Sequence[Candidate],
    nxt_mass: list[float],
    seam: list[tuple[int, int, float]],
    fails: Callable[[int, int], bool],
) -> list[float]:
    """beta of a slot: the sum over the next slot's candidates of the probability of each after
    a candidate here times their own beta (`nxt_mass`, script weight included); grouped as in
    `_forward`."""
    if nxt[0] is _ANY:
        return [nxt_mass[0]] * len(cur)
    groups: dict[tuple[bool, int], float] = {}
    for (ch, own, first, _), m in zip(nxt, nxt_mass, strict=True):
        for han in (True, False):
            key = (han, first)
            groups[key] = groups.get(key, 0.0) + m * 10.0 ** -_adjust(han, ch, own)
    out: list[float] = []
    cache: dict[tuple[bool, int], float] = {}
    for ch, _, _, last in cur:
        han = is_han(ch)
        total = cache.get((han, last))
        if total is None:
            total = sum(v for (h, b), v in groups.items() if h == han and (last < 0 or b < 0 or fails(last, b)))
            cache[(han, last)] = total
        out.append(total)
    for j, k, extra in seam:
        out[j] += extra * nxt_mass[k]
    norm = _norms()
    return [o / norm.get(ch, 1.0) for (ch, *_), o in zip(cur, out, strict=True)]


@lru_cache(maxsize=1)
def _norms() -> dict[str, float]:
    """For each character that starts pairs in the pair table, the sum over all characters of
    ``10 ** -next_cost(it, ch)``: its pairs raise it above 1, and dividing by it makes the
    next-character costs a proper distribution (else a character with many pairs after it
    would pull every uncertain neighbour into a word)."""
    out: dict[str, float] = {}
    for first, following in _pairs_by_first().items():
        own = char_cost(first)
        extra = 0.0
        for ch, pc in following.items():
            plain = char_cost(ch)
            extra += 10.0 ** -min(plain, max(0.0, pc - own)) - 10.0**-plain
        out[first] = 1.0 + extra
    return out
