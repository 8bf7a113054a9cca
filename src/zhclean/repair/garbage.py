"""Unrecoverable damage: byte patterns that say text was lost, and no codec can bring it back.

- ``锟斤拷`` (Big5 view: ``嚙踝蕭``): U+FFFD replacement characters, encoded as UTF-8 (EF BF BD)
  and read as GBK. The original bytes were replaced before this happened; they are gone.
- ``烫烫烫`` and ``屯屯屯``: bytes 0xCC and 0xCD, the fill of uninitialised stack and heap memory
  in MSVC debug builds, read as GBK. Three or more in a row: ``烫烫`` alone is a real word.
- runs of U+FFFD left after the codec repairs recovered what they could.

What happens to them is `Config.unrecoverable`: ``remove`` (default), ``mark`` (one U+FFFD per
run) or ``keep``. Each run is recorded as an edit of kind ``unrecoverable`` in every case (with
``keep`` the edit changes nothing, so the report still lists it).

    >>> from zhclean.config import Config
    >>> from zhclean.edits import apply_edits
    >>> text = "手机锟斤拷锟斤拷号码"
    >>> apply_edits(text, garbage_edits(text, Config()))
    '手机号码'
    >>> apply_edits(text, garbage_edits(text, Config(unrecoverable="mark")))
    '手机\\ufffd号码'
"""

from __future__ import annotations

import re

from ..config import Config
from ..edits import Edit

MARK = "\ufffd"
"""What a run of unrecoverable damage becomes with ``unrecoverable="mark"``."""

_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"(?:锟斤拷)+(?:锟斤?)?|锟斤", "U+FFFD encoded as UTF-8 and read as GBK (锟斤拷): the original bytes are lost"),
    (r"(?:嚙踝蕭)+(?:嚙踝?)?", "U+FFFD encoded as UTF-8 and read as Big5 (嚙踝蕭): the original bytes are lost"),
    (r"烫{3,}", "0xCC fill of uninitialised stack memory read as GBK (烫烫烫)"),
    (r"屯{3,}", "0xCD fill of uninitialised heap memory read as GBK (屯屯屯)"),
    (r"\ufffd+", "U+FFFD replacement characters: bytes a decoder could not read"),
)
_FIND = re.compile("|".join(f"(?P<g{i}>{p})" for i, (p, _) in enumerate(_PATTERNS)))
_SCREEN = "锟嚙烫屯\ufffd"
"""The characters every pattern starts with: a text holding none of them has no garbage (five
``in`` tests, each a fast C scan, are ten times faster than one regular-expression class)."""


def garbage_edits(text: str, config: Config) -> list[Edit]:
    """Edits that remove, mark or record (per ``config.unrecoverable``) each run of lost text."""
    if not any(ch in text for ch in _SCREEN):
        return []
    edits: list[Edit] = []
    for m in _FIND.finditer(text):
        reason = _PATTERNS[int(m.lastgroup[1:])][1]  # type: ignore[index]
        before = m.group()
        if config.unrecoverable == "remove":
            after, reason = "", reason + "; removed"
        elif config.unrecoverable == "mark":
            after, reason = MARK, reason + "; marked with U+FFFD"
        else:
            after, reason = before, reason + "; kept (unrecoverable='keep')"
        if config.unrecoverable == "mark" and before == MARK:
            continue  # already marked: nothing to change or report twice
        edits.append(Edit(m.start(), m.end(), after, "unrecoverable", reason))
    return edits
