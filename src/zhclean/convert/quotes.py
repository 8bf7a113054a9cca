"""Quotation marks for Traditional text: “” and ‘’ (curly) or 「」 and 『』 (corner brackets).

Taiwan and Hong Kong write quotations with corner brackets, the mainland with curly quotes;
OpenCC leaves them alone. ``quotes="corner"`` turns each *paired* “…” into 「…」 and ‘…’ into
『…』 (a lone ’ is an apostrophe and stays); ``quotes="curly"`` does the reverse.
"""

from __future__ import annotations

import re

from ..edits import Edit

_CURLY_DOUBLE = re.compile("“([^“”\n]*)”")
_CURLY_SINGLE = re.compile("‘([^‘’\n]*)’")
_CORNER_DOUBLE = re.compile("「([^「」\n]*)」")
_CORNER_SINGLE = re.compile("『([^『』\n]*)』")

_STYLES = {
    "corner": ((_CURLY_DOUBLE, "「", "」"), (_CURLY_SINGLE, "『", "』")),
    "curly": ((_CORNER_DOUBLE, "“", "”"), (_CORNER_SINGLE, "‘", "’")),
}


def quote_edits(text: str, style: str) -> list[Edit]:
    """Edits that put the paired quotation marks of `text` in `style` (``keep`` does nothing).

    >>> from zhclean.edits import apply_edits
    >>> apply_edits("他說“好的”。", quote_edits("他說“好的”。", "corner"))
    '他說「好的」。'
    """
    if style not in _STYLES:
        return []
    edits: list[Edit] = []
    for pattern, opening, closing in _STYLES[style]:
        for m in pattern.finditer(text):
            reason = f"quotation marks as {opening}{closing}"
            edits.append(Edit(m.start(), m.start() + 1, opening, "quotes", reason))
            edits.append(Edit(m.end() - 1, m.end(), closing, "quotes", reason))
    edits.sort(key=lambda e: e.start)
    return edits


def convert_quotes(text: str, style: str) -> str:
    """`text` with its paired quotation marks in `style` (``corner``, ``curly`` or ``keep``)."""
    from ..edits import apply_edits

    return apply_edits(text, quote_edits(text, style))
