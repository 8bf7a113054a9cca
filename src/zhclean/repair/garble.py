"""Mirror-page garbling around the proxy's pinyin annotations and full-width punctuation.

Pages that went through a conversion proxy show damage besides whole misaligned spans: a lead
byte lost at full-width punctuation (`。”` = `A1 A3 A1 B1` comes out as `?!` plus a rare character
or two once NFKC has run: `工作?!?/p>`, `平等?!北热`), an annotation whose toned vowel lost its
lead byte (`任務(w?)`), an annotation that survives on a corrupted character (`鰞(nèi)`, or with its
bracket eaten: `?qū)`), doubled punctuation (`,,` `,。` `,、`), and a lone `?` or `??` where the
proxy's encoder met a character GBK lacks (a no-break or ideographic space).

Each repair is read off the bytes where the bytes decide, off the document where it holds the
same annotated character elsewhere (`區(qū)` in a text that annotates every 區), and otherwise
the text is kept with a ``suspect`` record (after == before).
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections import Counter
from itertools import repeat

from ..charstats import is_han
from ..edits import Edit, sort_edits
from .misaligned import (
    DOC_WINDOW,
    MIN_GAIN,
    PAIR_WINDOW,
    _doc_info,
    _doc_pairs,
    _edits_for,
    _gbk_pair,
    _gbk_with_reading,
    _glibc_decode,
    _mirror_decode,
    realign,
    search_budget,
)
from .pinyin import _syllables, _table, readings

__all__ = ["garble_edits"]

_PY = "a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ"
_SYLLABLE = rf"[{_PY}]{{1,6}}"
_GARBLED_ANNOT = re.compile(rf"\(([{_PY}]*)\?([^()\s]{{0,2}}?)([{_PY}]*)\)|\(([{_PY}]+)\?\?")
_OPEN_LOST = re.compile(rf"\?([^\s()?{_PY}]{{0,3}}?)({_SYLLABLE})\)")
_DAMAGED_ANNOT = re.compile(rf"(.)\(({_SYLLABLE})\)")
_DOUBLED = re.compile("[,，](?<=[\u3400-\u9fff”」》）][,，])([,，。、])")
_DOUBLED_PAIRS = {a: tuple(a + b for b in ",，。、") for a in ",，"}
"""`_DOUBLED` without its look back, which it tries at every comma: substring searches say whether
any is there, the pairs of a comma only when the text holds it (a pattern starting with a class
tries it at every position: twice the instructions)."""
_PUNCT_UNIT = re.compile(r"\?[!。(“”、,:;]")
_LONE = re.compile(r"\?(?<![?!]\?)\?{0,2}(?![?!])")
_ANY_ANNOT = re.compile(rf"\({_SYLLABLE}\)")
_ANY_ANNOT_SPLIT = re.compile(rf"\(({_SYLLABLE})\)")
_LAST = slice(-1, None)
_NO_CHAR = frozenset(["", "\n"])
"""The last character of an empty piece, and a line end: no character before an annotation."""
_QUESTION_WORDS = re.compile(
    "[嗎吗呢麼么誰谁哪怎何幾几啥豈岂]|什[麼么]|多少|是否|難道|难道|是不是|有沒有|有没有|能不能|會不會|会不会|要不要"
)
_SENTENCE_END = re.compile(r"[。！？!?…\n]")


def garble_edits(text: str) -> list[Edit]:
    """Edits that undo the mirror-page garbling in `text` (see the module docstring).

    >>> from zhclean.edits import apply_edits
    >>> t = "我們審議的實施方案、任務(w?)清單"
    >>> apply_edits(t, garble_edits(t))
    '我們審議的實施方案、任務(wù)清單'
    >>> t = "推動協同發(fā)展,,形成合力"
    >>> apply_edits(t, garble_edits(t))
    '推動協同發(fā)展,形成合力'
    """
    if "?" not in text and "(" not in text:
        return []
    edits: list[Edit] = []
    seen = _annotations(text)
    annotated = _annotated_chars(seen)
    if "?" in text:
        edits += _garbled_annotations(text, annotated)
        edits += _punctuation_units(text)
        edits += _lost_brackets(text, annotated)
    if seen:
        edits += _corrupted_characters(text, annotated, seen)
    if annotated:  # doubled punctuation is the proxy's: fixed only where its annotations show
        edits += _doubled_punctuation(text)
    taken = sort_edits(edits)
    if "?" in text:
        taken = sort_edits([*taken, *_lone_marks(text, taken)])
    return taken


def _annotations(text: str) -> Counter[tuple[str, str]]:
    """(character, reading in brackets after it) -> how often the text holds it."""
    if "(" not in text or not _ANY_ANNOT.search(text):  # one scan for the usual case: none
        return Counter()
    # `_DAMAGED_ANNOT.findall(text)`, which tries its `(.)` at every position, found by
    # splitting at the annotations (`re` looks for their literal `(`): the character before
    # each is the last of the piece before it, unless that piece is empty (the text's start,
    # or the `)` of an annotation that character already took) or ends a line (`.` is no `\n`).
    parts = _ANY_ANNOT_SPLIT.split(text)
    # Counted in C: (last character of the piece before, reading) for every annotation, then
    # the keys of an empty piece ("") or a line end dropped (first occurrences keep their order).
    seen = Counter(zip(map(operator.getitem, parts[0:-1:2], repeat(_LAST)), parts[1::2], strict=True))
    for key in [key for key in seen if key[0] in _NO_CHAR]:
        del seen[key]
    return seen


def _annotated_chars(seen: Counter[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """Reading -> the characters the document annotates with it, and how often."""
    out: dict[str, dict[str, int]] = {}
    table = _table()
    for (ch, syl), n in seen.items():  # each (character, reading) once
        if syl in table.get(ch, ()):
            got = out.get(syl)
            if got is None:
                out[syl] = {ch: n}
            else:
                got[ch] = n
    return out


def _garbled_annotations(text: str, annotated: dict[str, dict[str, int]]) -> list[Edit]:
    """`任務(w?)` -> `任務(wù)`: a toned vowel whose GBK lead byte was lost, decided by the bytes."""
    edits = []
    for m in _GARBLED_ANNOT.finditer(text):
        if m.start() == 0 or not is_han(text[m.start() - 1]):
            continue
        ch = text[m.start() - 1]
        head = m.group(1) if m.group(4) is None else m.group(4)
        tail = m.group(3) or ""
        seen = m.group(0)[1 + len(head) :]  # what the decoder made of the rest: `?)`, `?琻)`, `??`
        fits = {
            r for r in readings(ch) if r.startswith(head) and r.endswith(tail) and _lost_lead_gives(r, head, tail, seen)
        }
        if len(fits) > 1:
            # The bytes leave the tone open (`wù`/`wǔ` both lose to `?)`): the proxy writes what
            # the document shows for this character elsewhere, else its table's first reading.
            seen_here = [r for r in fits if r in annotated and ch in annotated[r]]
            first = [r for r in readings(ch) if r in fits][:1]
            fits = set(seen_here[:1] or first)
        if len(fits) == 1:
            r = fits.pop()
            reason = f"a toned letter of {ch}'s reading lost its lead byte"
            edits.append(Edit(m.start(), m.end(), f"({r})", "garbled-annotation", reason))
        else:
            edits.append(Edit(m.start(), m.end(), m.group(0), "suspect", "pinyin annotation with a lost letter"))
    return edits


def _lost_lead_gives(reading: str, head: str, tail: str, seen: str) -> bool:
    """Does losing the lead byte of the letter after `head` in `reading` (and its `)`) give `seen`?"""
    mid = reading[len(head) : len(reading) - len(tail)] if tail else reading[len(head) :]
    if not mid or mid[0].isascii():
        return False
    try:
        raw = (mid + tail + ")").encode("gbk")
    except UnicodeEncodeError:
        return False
    damaged = b"?" + raw[1:]
    return any(unicodedata.normalize("NFKC", decode(damaged)) == seen for decode in (_glibc_decode, _mirror_decode))


def _punctuation_units(text: str) -> list[Edit]:
    """`?!北热` and `?。▍`: a lost lead byte at full-width punctuation, realigned from the bytes."""
    edits = []
    pos = 0
    budget = search_budget(text)
    doc = pairs = None
    for m in _PUNCT_UNIT.finditer(text):
        if m.start() < pos or m.start() == 0 or not is_han(text[m.start() - 1]):
            continue
        if budget <= 0:
            break
        budget -= 1
        q = m.start()
        if doc is None:  # the document's convention and vocabulary, counted once per call
            doc = _doc_info(text[max(0, q - DOC_WINDOW) : q + DOC_WINDOW])
            pairs = _doc_pairs(text, max(0, q - PAIR_WINDOW), q + PAIR_WINDOW)
        r = realign(text, q, doc=doc, pairs=pairs)
        if r is None or r.gain < MIN_GAIN / 2 or not _has_punctuation(r.after):
            continue  # the unit is punctuation's bytes: a reading without any (`嗎?““` as 啊啊啊) is not it
        edits.extend(_edits_for(text, r))
        pos = r.end
    return edits


def _has_punctuation(s: str) -> bool:
    """True when `s` holds punctuation (full-width or ASCII) or a line end."""
    return any(unicodedata.category(c)[0] in "PZ" or c in "\n<>" for c in s)


def _lost_brackets(text: str, annotated: dict[str, dict[str, int]]) -> list[Edit]:
    """`?qū)`: a character and its `(` lost, the reading left; the document says which character."""
    edits = []
    for m in _OPEN_LOST.finditer(text):
        syl = m.group(2)
        if m.start() == 0 or not is_han(text[m.start() - 1]) or syl not in _syllables()[0]:
            continue
        known = annotated.get(syl)
        if known and len(known) == 1:
            ch = next(iter(known))
            reason = f"character lost before its reading; the document annotates {ch} with ({syl})"
            edits.append(Edit(m.start(), m.end(), f"{ch}({syl})", "garbled-annotation", reason))
        else:
            cands = "".join(_gbk_with_reading(syl)[:6])
            reason = f"character lost before its reading ({syl}); candidates {cands}"
            edits.append(Edit(m.start(), m.end(), m.group(0), "suspect", reason))
    return edits


def _corrupted_characters(
    text: str, annotated: dict[str, dict[str, int]], seen: Counter[tuple[str, str]]
) -> list[Edit]:
    """`鰞(nèi)` -> `內(nèi)`: a character read one byte out of step, its annotation intact.

    Replaced when the document annotates exactly one character with that reading elsewhere and
    the bytes agree: the corrupted character's trail byte is that character's lead byte.
    """
    fixes: dict[tuple[str, str], str] = {}
    table = _table()
    for ch, syl in seen:
        if syl in table.get(ch, ()) or syl not in annotated or not is_han(ch):
            continue  # a reading of the character, or one the document gives no character
        known = annotated[syl]
        pair = _gbk_pair(ch)
        if len(known) != 1 or pair is None:
            continue
        right = next(iter(known))
        other = _gbk_pair(right)
        if other is not None and other[0] == pair[1]:
            fixes[ch, syl] = right
    if not fixes:
        return []
    edits = []
    for m in _DAMAGED_ANNOT.finditer(text):
        right = fixes.get((m.group(1), m.group(2)))
        if right is not None:
            ch, syl = m.group(1), m.group(2)
            reason = f"{ch} is {right}'s lead byte read with the byte before it; the reading ({syl}) confirms"
            edits.append(Edit(m.start(1), m.end(1), right, "garbled-annotation", reason))
    return edits


def _may_double(text: str) -> bool:
    """Whether `text` holds a comma followed by a comma, `。` or `、` (`_DOUBLED` without its look
    back), by substring searches: `,,` is `[,，][,，。、]`'s first match in `推動發展,,形成`."""
    return any(a in text and any(pair in text for pair in pairs) for a, pairs in _DOUBLED_PAIRS.items())


def _doubled_punctuation(text: str) -> list[Edit]:
    """`,,` `,。` `,、` after a character: the proxy's injected comma goes."""
    if not _may_double(text):
        return []
    return [
        Edit(m.start(), m.start() + 1, "", "garbled-punctuation", f"comma injected before {m.group(1)}")
        for m in _DOUBLED.finditer(text)
    ]


def _lone_marks(text: str, taken: list[Edit]) -> list[Edit]:
    """A lone `?` or `??` where GBK had no character: a lost no-break or ideographic space.

    A question mark ends a question: when the clause before it asks nothing (no 嗎, 什麼, 是否 ...)
    and the mark sits where a space would (at the start of a line, between a number or a Latin
    word and Chinese, or doubled inside a short line), it becomes spaces; inside Chinese prose
    without a question word it is kept and recorded as suspect.
    """
    busy = [(e.start, e.end) for e in taken]
    edits = []
    for m in _LONE.finditer(text):
        s, e = m.start(), m.end()
        if any(a <= s < b or a < e <= b for a, b in busy):
            continue
        before = text[s - 1] if s else "\n"
        after = text[e] if e < len(text) else "\n"
        clause = _SENTENCE_END.split(text[max(0, s - 60) : s])[-1]
        if _QUESTION_WORDS.search(clause) or before in "”」』" or after == "(":
            continue
        if after == "\n" and e - s == 1 and is_han(before) and len(clause) >= 8:
            # A statement ending in `?`: GBK `。` (A1 A3) with its lead byte lost reads so.
            reason = "question mark ending a statement: maybe a 。 whose lead byte was lost"
            edits.append(Edit(s, e, m.group(0), "suspect", reason))
            continue
        if after in "”」』)）\n":
            continue
        line_start = text.rfind("\n", 0, s) + 1
        line_end = text.find("\n", e)
        line = text[line_start : line_end if line_end != -1 else len(text)]
        spacey = (
            before == "\n"
            or (before.isascii() and before.isalnum() and is_han(after))
            or (is_han(before) and after.isascii() and after.isalnum())
            or (e - s >= 2 and len(line) <= 60 and is_han(before) and is_han(after))
        )
        if spacey and (is_han(after) or after.isalnum()):
            reason = "a character GBK lacks (a no-break or ideographic space)"
            edits.append(Edit(s, e, " " * (e - s), "lost-space", reason))
        elif is_han(before) and is_han(after):
            edits.append(Edit(s, e, m.group(0), "suspect", "question mark inside a statement: maybe a lost space"))
    return edits
