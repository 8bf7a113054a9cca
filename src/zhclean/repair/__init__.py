"""Encoding repair: undo the damage that codec confusions and web scraping leave in Chinese text.

Each damage family is its own module with a pure ``*_edits(text, config)`` function; this module
only says in which order they run. The order matters:

1. `html`: HTML tags and fragments left in the text (``工作。”</p>``, ``<br>``, entities);
2. `codecs`: Chinese codec confusions (``ÖÐ¹ú``, ``涓枃``, GBK and Big5 mixed up, double
   layers). It runs before ftfy, because ftfy run first spoils GBK-read-as-Latin-1 text;
3. `misaligned`: GBK read one byte out of step after a lost lead byte (seed 003's span); it
   runs before the annotations go, because a following ``(jìn)`` is evidence for the repair;
   then `garble`: mirror-page garbling at full-width punctuation; then `pinyin`: the toned
   readings conversion proxies leave after characters (``領(lǐng)導(dǎo)``);
4. `latin`: UTF-8 read as Latin-1/cp1252 (ftfy, configured never to touch correct Chinese);
5. `garbage`: damage nothing can undo (``锟斤拷``, ``烫烫烫``, runs of U+FFFD), removed, marked or
   kept per ``Config.unrecoverable``, and recorded in every case.

Every pass finds `Edit`s on the text the previous passes produced; `edits.compose` turns them
into one list of edits on the step's input, so the pipeline records each repair as a `Change`.

    >>> repair("ÖÐ¹úµÄ·¢Õ¹<br>")
    '中国的发展'
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import Any

from ..config import DEFAULT, Config
from ..edits import Edit, apply_edits, compose
from .codecs import codec_edits
from .garbage import garbage_edits
from .garble import garble_edits
from .html import html_edits
from .latin import latin_edits
from .misaligned import misaligned_edits
from .pinyin import pinyin_edits, pinyin_repaired

Pass = Callable[[str, Config], list[Edit]]


def _passes(config: Config) -> list[Pass]:
    """The repair passes `config` enables, in the order they must run."""
    passes: list[Pass] = []
    if config.repair_html:
        passes.append(html_edits)
    if config.repair_codecs:
        passes.append(codec_edits)
    if config.repair_misaligned:  # GBK read one byte out of step; uses the annotations as evidence
        passes.append(_misaligned)
    if config.repair_garble:  # mirror-page garbling around full-width punctuation and annotations
        passes.append(_garble)
    if config.repair_pinyin:  # toned pinyin left after characters by conversion proxies
        passes.append(_pinyin)
    if config.repair_latin:
        passes.append(latin_edits)
    passes.append(garbage_edits)
    return passes


def _misaligned(text: str, config: Config) -> list[Edit]:
    return misaligned_edits(text)


def _garble(text: str, config: Config) -> list[Edit]:
    return garble_edits(text)


def _pinyin(text: str, config: Config) -> list[Edit]:
    return pinyin_edits(text)


_REPAIRED: dict[Pass, Callable[[str], tuple[str, list[Edit]]]] = {_pinyin: pinyin_repaired}
"""Passes that give the text their edits make along with them (pinyin's scan cuts the text at
every annotation, so the stripped text is one join away): `repaired` need not apply them."""


def repair(text: str, config: Config | None = None, **options: Any) -> str:
    """Return `text` with every enabled repair family applied (defaults: all of them)."""
    cfg = (config or DEFAULT).replace(**options)
    return repaired(text, cfg)[0]


def repair_edits(text: str, config: Config = DEFAULT) -> list[Edit]:
    """The edits the repair passes make on `text`, as one sorted list on `text` itself."""
    return repaired(text, config)[1]


def repaired(
    text: str, config: Config = DEFAULT, *, found_nothing: dict[Pass, str] | None = None
) -> tuple[str, list[Edit]]:
    """The repaired text and `repair_edits(text, config)`, which give it applied to `text`: each
    pass already applied its edits for the next one, so the pipeline need not apply them again.

    `found_nothing` (the pipeline's repair rounds on one document share it) holds, for each
    pass, the last text it found nothing in: a pass is a pure function of its text, so a later
    round that gives it the same text again skips it (after a round that only stripped pinyin,
    the passes behind that one see the same text in the next round).
    """
    edits: list[Edit] = []
    current = text
    for find in _passes(config):
        if found_nothing is not None and found_nothing.get(find) == current:
            continue
        both = _REPAIRED.get(find)
        if both is None:
            found = find(current, config)
            fixed = apply_edits(current, found) if found else current
        else:
            fixed, found = both(current)
        if found:
            edits = _keep_first_kind(edits, compose(text, edits, found))
            current = fixed
        elif found_nothing is not None:
            found_nothing[find] = current
    return current, edits


def _keep_first_kind(earlier: list[Edit], composed: list[Edit]) -> list[Edit]:
    """Where a later pass changed the output of an earlier one (a lossy re-decoding whose lost
    characters the garbage pass then removed), the merged edit keeps the earlier family's kind
    and both reasons: the report must say it was mojibake, not only that something was lost."""
    if not earlier:
        return composed
    if 4 * len(earlier) < len(composed):  # a few earlier edits among many: look only near them
        return _keep_first_kind_near(earlier, composed)
    return _keep_first_kind_sweep(earlier, composed)


def _keep_first_kind_sweep(earlier: list[Edit], composed: list[Edit]) -> list[Edit]:
    """`_keep_first_kind` by one sweep over both sorted lists."""
    out: list[Edit] = []
    i = 0
    for e in composed:  # both lists are sorted: one sweep
        while i < len(earlier) and earlier[i].end <= e.start and earlier[i].start < e.start:
            i += 1
        first = earlier[i] if i < len(earlier) else None
        if first is not None and first.start < e.end and e.start < first.end and first.kind != e.kind:
            e = Edit(e.start, e.end, e.after, first.kind, f"{first.reason}; then {e.reason}")
        out.append(e)
    return out


def _keep_first_kind_near(earlier: list[Edit], composed: list[Edit]) -> list[Edit]:
    """`_keep_first_kind`'s sweep, visiting only the composed edits that overlap an earlier one.

    The sweep pairs each composed edit `e` with the first earlier edit that does not lie wholly
    before it (one that ends after e's start, or starts at or after it); only when that one
    overlaps `e` can `e` change.
    """
    e_starts = [f.start for f in earlier]
    e_ends = [f.end for f in earlier]
    c_starts = [e.start for e in composed]
    c_ends = [e.end for e in composed]
    out = composed
    for k, first in enumerate(earlier):
        lo = bisect_right(c_ends, first.start)  # composed edits ending after it starts...
        hi = bisect_left(c_starts, first.end, lo)  # ...and starting before it ends
        for j in range(lo, hi):
            e = out[j]
            if not (first.start < e.end and e.start < first.end) or first.kind == e.kind:
                continue
            if min(bisect_right(e_ends, e.start), bisect_left(e_starts, e.start)) != k:
                continue  # the sweep pairs e with another earlier edit
            if out is composed:
                out = list(composed)
            out[j] = Edit(e.start, e.end, e.after, first.kind, f"{first.reason}; then {e.reason}")
    return out


__all__ = ["repair", "repair_edits", "repaired"]
