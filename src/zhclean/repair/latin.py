"""UTF-8 read as Latin-1 or cp1252 (``ä¸­æ–‡`` for 中文, ``â€œ`` for “), fixed with ftfy.

ftfy is the well-kept library for this one confusion, but its defaults rewrite correct Chinese:
measured on 122 correct lines it changed 65 (curly quotes to ASCII, full-width punctuation to
half-width). `FTFY_OPTIONS` turns off every fix that is not mojibake repair; each choice is
explained next to it. This pass runs after the Chinese codec re-decodings (`repair.codecs`): run
first, ftfy spoiled 20 of 20 GBK-read-as-Latin-1 cases the re-decoding alone fixes.

Only lines with a character in U+00C2–U+00F4 (where every UTF-8 lead byte lands when read as
Latin-1/cp1252) followed by a character a continuation byte becomes reach ftfy, so pinyin such as
``(jìn)`` costs nothing; each difference ftfy makes becomes its own edit.

    >>> from zhclean.config import Config
    >>> from zhclean.edits import apply_edits
    >>> text = "“好”的 ä¸­æ–‡ ç½‘ç«™"
    >>> apply_edits(text, latin_edits(text, Config()))
    '“好”的 中文 网站'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from ..config import Config
from ..edits import Edit
from .score import UNLIKELY_LETTER

FTFY_OPTIONS: dict[str, Any] = dict(
    unescape_html=False,  # entities belong to normalize and repair.html; "&lt;" may be text
    remove_terminal_escapes=False,  # control characters belong to normalize
    fix_encoding=True,  # the one thing this pass is for
    restore_byte_a0=True,  # "Ã " where a no-break space became a space: still mojibake only
    replace_lossy_sequences=True,  # "â€\ufffd" style remains become U+FFFD (garbage pass records)
    decode_inconsistent_utf8=True,  # mojibake inside otherwise correct text
    fix_c1_controls=False,  # would turn C1 controls into cp1252 letters: invents text
    fix_latin_ligatures=False,  # "ﬁ" -> "fi" rewrites correct text
    fix_character_width=False,  # full-width punctuation and letters are correct Chinese typography
    uncurl_quotes=False,  # “” ‘’ are correct Chinese quotation marks
    fix_line_breaks=False,  # newlines belong to normalize
    fix_surrogates=True,  # UTF-16 surrogate pairs left in a str are encoding damage
    remove_control_chars=False,  # belongs to normalize
    normalization=None,  # NFC/NFKC belong to normalize; NFC even rewrites compatibility ideographs
    explain=False,
)
"""ftfy's options for repairing mojibake only: no option that can change correct Chinese is on."""


@lru_cache(maxsize=1)
def _ftfy() -> tuple[Callable[..., str], Any]:
    """ftfy's fix_text and our config, imported on first use (ftfy costs ~50 ms to import)."""
    import ftfy

    return ftfy.fix_text, ftfy.TextFixerConfig(**FTFY_OPTIONS)


def fix_text(text: str) -> str:
    """ftfy.fix_text with `FTFY_OPTIONS`."""
    fix, config = _ftfy()
    return fix(text, config)

_CP1252_PUNCT = (
    "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e"
    "\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_CONTINUATION = "\u0080-\u00bf " + _CP1252_PUNCT
_LATIN1_HIGH = re.compile("[\u0080-\u00ff]")
_SCREEN = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]")
_LINE = re.compile(f"[^\n]*[\u00c2-\u00f4][{_CONTINUATION}][^\n]*")
_MOJIBAKE_CHAR = re.compile(f"[\u0080-\u00ff{_CP1252_PUNCT}\ud800-\udfff]")


_REASON = "UTF-8 read as Latin-1/cp1252 (ftfy)"
_ASCII_SPLIT = re.compile("([\x21-\x7e]+)")


def latin_edits(text: str, config: Config) -> list[Edit]:
    """Edits that undo UTF-8 read as Latin-1/cp1252, one per changed stretch of a line."""
    if _no_latin1(text) or not _SCREEN.search(text):
        return []
    edits: list[Edit] = []
    for m in _LINE.finditer(text):
        edits.extend(edge_stable(m.group(), m.start(), _ftfy_edits))
    return edits


def _no_latin1(text: str) -> bool:
    """True when `text` has no character in U+0080-U+00FF (where every `_SCREEN` match starts):
    what the Latin-1 encoder keeps of it is ASCII. Three times faster than the regular
    expression on Chinese text, which it spares the scan."""
    return text.encode("latin-1", "ignore").isascii()


def _ftfy_edits(line: str, offset: int) -> list[Edit]:
    fixed = fix_text(line)
    return [] if fixed == line else _diff_edits(line, fixed, offset)


def edge_stable(line: str, offset: int, find: Callable[[str, int], list[Edit]]) -> list[Edit]:
    """``find(line, offset)``, made independent of the whitespace at the line's edges.

    The structure step strips it after repair, so a repair that an edge no-break space blocked
    (``á\x80\x80\xa0``: ``\xa0`` is no UTF-8 byte there) would be made on the next run only.
    When the edits on the whole line do not use its edges, the line without them decides.
    """
    edits = find(line, offset)
    if not (line[:1].isspace() or line[-1:].isspace()):
        return edits
    start = len(line) - len(line.lstrip())
    end = len(line.rstrip())
    if end <= start or any(e.start < offset + start or e.end > offset + end for e in edits):
        return edits
    return find(line[start:end], offset + start)


def _diff_edits(before: str, after: str, offset: int) -> list[Edit]:
    """Edits turning `before` into `after`; a stretch with no mojibake character is refused.

    UTF-8 mojibake never spans an ASCII character, so when ftfy kept the ASCII stretches of the
    line, the non-ASCII stretches are compared pairwise (linear time on long lines); otherwise
    difflib aligns the line.
    """
    parts_b, parts_a = _ASCII_SPLIT.split(before), _ASCII_SPLIT.split(after)
    if len(parts_b) == len(parts_a) > 1 and parts_b[1::2] == parts_a[1::2]:
        out: list[Edit] = []
        pos = offset
        for i, (b, a) in enumerate(zip(parts_b, parts_a, strict=True)):
            if i % 2 == 0 and b != a:
                out.extend(_diff_edits(b, a, pos))
            pos += len(b)
        return out
    out = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in _own_utf8_lead(before, matcher.get_opcodes()):
        if tag == "equal":
            continue
        if out and out[-1].end >= offset + i1 - 1 and out[-1].end <= offset + i1:
            prev = out.pop()
            gap = before[prev.end - offset : i1]
            merged = prev.after + gap + after[j1:j2]
            out.append(Edit(prev.start, offset + i2, merged, prev.kind, prev.reason))
            continue
        out.append(Edit(offset + i1, offset + i2, after[j1:j2], "mojibake-latin1", _REASON))
    kept = []
    for e in out:
        if not _MOJIBAKE_CHAR.search(before[e.start - offset : e.end - offset]) or _partial(before, e, offset):
            continue
        if UNLIKELY_LETTER.search(e.after) and not UNLIKELY_LETTER.search(before):
            continue  # GBK or Big5 shown as Latin-1 that happens to be valid UTF-8 (É«Æ½ -> ɫƽ)
        kept.append(e)
    return kept


Opcode = tuple[str, int, int, int, int]


def _own_utf8_lead(before: str, opcodes: list[Opcode]) -> list[Opcode]:
    """The opcodes, with a U+0080-U+00BF character ftfy kept after a ``Â`` it removed given to
    that removal: ``Â\xa0`` -> ``\xa0`` is one repair (the UTF-8 of U+00A0 shown as Latin-1),
    not a deletion next to a kept Latin-1 character (which `_partial` would refuse)."""
    out = list(opcodes)
    for k in range(len(out) - 1):
        tag, i1, i2, j1, j2 = out[k]
        eq, e1, e2, f1, f2 = out[k + 1]
        if tag != "equal" and eq == "equal" and before[i2 - 1 : i2] == "\u00c2" and "\x80" <= before[e1] <= "\xbf":
            out[k] = (tag if tag != "delete" else "replace", i1, i2 + 1, j1, j2 + 1)
            out[k + 1] = (eq, e1 + 1, e2, f1 + 1, f2)
    return [op for op in out if op[0] != "equal" or op[2] > op[1]]


def _partial(line: str, edit: Edit, offset: int) -> bool:
    """True when ftfy re-decoded only part of a run of Latin-1 characters (``ÖÐ¹ú`` -> ``Öйú``):
    the run is then some other mojibake (GBK, Big5) the codec pass left alone, and half a fix
    would spoil it."""
    s, e = edit.start - offset, edit.end - offset
    return bool((s > 0 and _LATIN1_HIGH.match(line[s - 1])) or (e < len(line) and _LATIN1_HIGH.match(line[e])))
