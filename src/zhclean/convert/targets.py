"""Targets: convert to a script, whatever script the text is in now.

A target names the script wanted (``hans``: Simplified; ``hant``: Traditional, OpenCC standard;
``tw``/``twp``: Taiwan, characters / and phrases; ``hk``/``hkp``: Hong Kong). The config comes from
the script each paragraph is written in (`zhclean.script.detect_script`):

=========  ==========================  ===============================================
target     Simplified paragraph        Traditional paragraph
=========  ==========================  ===============================================
hans       leftovers only (t2s)        t2s
hant       s2t                         leftovers only (s2t)
tw         s2tw                        leftovers, then t2tw
twp        s2twp                       leftovers, then Taiwan phrases (t2twp)
hk         s2hk                        leftovers, then t2hk
hkp        s2hkp                       leftovers, then Hong Kong phrases (t2hkp)
=========  ==========================  ===============================================

A paragraph is Simplified when it has more Simplified-only than Traditional-only characters
(and Traditional when it has more of those); one with neither takes the document's script, and
a document with neither counts as already in the target's script.

*Leftovers only* is how a Traditional text is made Traditional without damaging it: OpenCC's s2t
is not a no-op on Traditional text (并→並 is right, but 干擾→幹擾 and 群→羣 are not). A naive
converter's leftovers (并, 干部, 關于 in seeds 003/004) are fixed by converting the text to
Simplified and back (t2s, then s2t: OpenCC's phrases pick 幹部 and 關於 in context) and keeping
only the changes to characters a leftover can be (`CharTables.fixable`: 并, 干, 于 — not 台 or
群, which regional standards write). For a Simplified target the leftovers are the
Traditional-only characters, converted with t2s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import compress, count, islice
from operator import itemgetter, ne

from ..edits import Edit, apply_edits, compose
from ..script import char_tables, paragraph_counts
from .tables import has_astral

TARGETS = ("hans", "hant", "tw", "twp", "hk", "hkp")
"""Scripts `convert` can target."""

_FULL_FROM_SIMPLIFIED = {"hant": "s2t", "tw": "s2tw", "twp": "s2twp", "hk": "s2hk", "hkp": "s2hkp"}
_REGIONAL_FROM_TRADITIONAL = {"hant": None, "tw": "t2tw", "twp": "t2twp", "hk": "t2hk", "hkp": "t2hkp"}

EditsFn = Callable[[str, str], list[Edit]]
"""(text, config name) -> the edits converting `text` with that config, one per phrase/char."""
TextFn = Callable[[str, str], str]
"""(text, config name) -> `text` converted with that config."""
Block = tuple[int, int, str, str, str]
"""(start, end, converted text, kind, reason): one block of whole lines of a text, converted."""


@dataclass(frozen=True)
class Step:
    """How one block of paragraphs is converted: a whole config, or a leftover repair."""

    config: str | None = None
    """Convert with this config (after the leftover repair, if any)."""
    leftovers: str | None = None
    """``"s2t"``: repair Simplified leftovers in Traditional text; ``"t2s"``: the reverse."""


@cache
def _step(target: str, simplified: bool) -> Step:
    """How a paragraph in Simplified (`simplified`) or Traditional script converts to `target`
    (one shared instance each, so `plan` compares them by identity)."""
    if target == "hans":
        return Step(leftovers="t2s") if simplified else Step(config="t2s")
    if simplified:
        return Step(config=_FULL_FROM_SIMPLIFIED[target])
    return Step(config=_REGIONAL_FROM_TRADITIONAL[target], leftovers="s2t")


def plan(text: str, target: str) -> list[tuple[int, int, Step]]:
    """Split `text` into blocks of whole lines that convert the same way: (start, end, step)."""
    if has_astral(text):  # the classes below hold BMP characters only
        return _plan_by_counts(text, target)
    s_only, t_only = _script_classes()
    s_hits = [m.start() for m in s_only.finditer(text)]
    # Is the document Simplified? Traditional-only characters are counted only as far as the
    # answer needs (up to the Simplified-only count, at least one).
    t_seen = 0
    for _ in t_only.finditer(text):
        t_seen += 1
        if t_seen >= len(s_hits):
            break
    doc_simplified = len(s_hits) > t_seen if s_hits or t_seen else target == "hans"
    if doc_simplified:
        return _plan_by_counts(text, target, doc_simplified)
    # In a document that is not Simplified, every line converts as the document does (lines
    # without either script's characters take its script; Traditional lines are its script)
    # but those with more Simplified-only than Traditional-only characters: only the lines
    # holding a Simplified-only character need counting.
    default = _step(target, False)
    special = _step(target, True)
    events: list[tuple[int, Step]] = []  # (line start, step) where the step may change
    n = len(text)
    i = 0
    while i < len(s_hits):
        pos = s_hits[i]
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        if end < 0:
            end = n
        j = i + 1
        while j < len(s_hits) and s_hits[j] < end:
            j += 1
        if _fewer_than(t_only, text, start, end, j - i):
            if events and events[-1][0] == start:  # it follows another such line
                events[-1] = (start, special)
            else:
                events.append((start, special))
            if end < n and (m := _NOT_SPACE.search(text, end)) is not None:
                events.append((text.rfind("\n", end, m.start()) + 1, default))  # the next line
        i = j
    blocks: list[tuple[int, int, Step]] = []
    current = default
    block_start = 0
    for start, this in events:
        if not start:  # the first line: no block before it
            current = this
        elif this is not current:
            blocks.append((block_start, start, current))
            block_start = start
            current = this
    blocks.append((block_start, n, current))
    return blocks


_NOT_SPACE = re.compile(r"\S")


def _fewer_than(pattern: re.Pattern[str], text: str, start: int, end: int, need: int) -> bool:
    """Whether ``text[start:end]`` holds fewer than `need` matches of `pattern`: the scan stops
    at the `need`-th (a Traditional line with one stray Simplified character has its
    Traditional-only characters early, and a line can be long)."""
    return next(islice(pattern.finditer(text, start, end), need - 1, None), None) is None


@cache
def _script_classes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Regular expressions matching one Simplified-only / Traditional-only character of the BMP
    (written as plain sets, which `re` compiles to a bitmap: ranges with characters beyond the
    BMP among them are tested one by one, a hundred times slower)."""
    tables = char_tables()
    return tuple(  # type: ignore[return-value]
        re.compile("[" + "".join(re.escape(c) for c in sorted(chars) if c <= "\uffff") + "]")
        for chars in (tables.simplified_only, tables.traditional_only)
    )


def _plan_by_counts(text: str, target: str, doc_simplified: bool | None = None) -> list[tuple[int, int, Step]]:
    """`plan` from every line's counts (`script.paragraph_counts`); `doc_simplified`, when
    known, says whether the document is Simplified."""
    lines = paragraph_counts(text)  # (start, end, Simplified-only, Traditional-only, Han) per non-blank line
    if doc_simplified is None:
        s_total = sum(map(itemgetter(2), lines))
        t_total = sum(map(itemgetter(3), lines))
        doc_simplified = s_total > t_total if s_total or t_total else target == "hans"
    default = _step(target, doc_simplified)
    blocks: list[tuple[int, int, Step]] = []
    # Blank lines go with the block before them; leading ones take the document's script.
    current = default if not lines or lines[0][0] > 0 else None
    block_start = 0
    for start, _, s, t, _ in lines:
        this = _step(target, s > t) if s or t else default
        if current is not None and this is not current:
            blocks.append((block_start, start, current))
            block_start = start
        current = this
    blocks.append((block_start, len(text), current or default))
    return blocks


def _leftover_reason(direction: str) -> str:
    return f"{'Simplified' if direction == 's2t' else 'Traditional'} leftover ({direction})"


def leftover_edits(text: str, direction: str, edits_for: EditsFn, convert_text: TextFn | None = None) -> list[Edit]:
    """Per-character edits repairing the other script's leftovers in `text` (see module doc).

    With `convert_text` (a fast whole-text conversion), the round trip is done on text and
    compared character by character, which is what the edits give too as long as both
    conversions keep the length (OpenCC's s2t and t2s do); otherwise through `edits_for`.
    """
    tables = char_tables()
    allowed = tables.traditional_only if direction == "t2s" else tables.fixable
    reason = _leftover_reason(direction)
    if convert_text is not None:
        out = convert_text(text, "t2s")
        if direction == "s2t" and len(out) == len(text):
            out = convert_text(out, "s2t")
        if len(out) == len(text):
            return [Edit(i, i + 1, out[i], "leftover", reason)
                    for i in compress(count(), map(ne, text, out)) if text[i] in allowed]
    if direction == "t2s":
        found = edits_for(text, "t2s")
    else:
        first = edits_for(text, "t2s")
        middle = apply_edits(text, first)
        found = compose(text, first, edits_for(middle, "s2t"))
    edits: list[Edit] = []
    for e in found:
        before = text[e.start : e.end]
        if len(before) != len(e.after):
            continue
        for k, (a, b) in enumerate(zip(before, e.after, strict=True)):
            if a != b and a in allowed:
                edits.append(Edit(e.start + k, e.start + k + 1, b, "leftover", reason))
    return edits


def target_edits(text: str, target: str, edits_for: EditsFn, convert_text: TextFn | None = None) -> list[Edit]:
    """The edits converting `text` to `target`, one per phrase or character."""
    edits: list[Edit] = []
    for start, end, step in plan(text, target):
        block = text[start:end]
        block_edits: list[Edit] = []
        if step.leftovers:
            block_edits = leftover_edits(block, step.leftovers, edits_for, convert_text)
        if step.config:
            current = apply_edits(block, block_edits)
            block_edits = compose(block, block_edits, edits_for(current, step.config))
        if start:
            edits.extend(Edit(e.start + start, e.end + start, e.after, e.kind, e.reason) for e in block_edits)
        else:
            edits.extend(block_edits)
    return edits


def target_blocks(text: str, target: str, edits_for: EditsFn, convert_text: TextFn) -> Iterator[Block]:
    """`text` converted to `target`, block by block: what `target_text` joins and the summary
    change records (`zhclean.convert.convert_edits`) compare line by line."""
    for start, end, step in plan(text, target):
        block = text[start:end]
        reasons = []
        if step.leftovers:
            found = leftover_edits(block, step.leftovers, edits_for, convert_text)
            block = apply_edits(block, found)
            if found:
                reasons.append(_leftover_reason(step.leftovers))
        if step.config:
            block = convert_text(block, step.config)
            reasons.append(f"OpenCC {step.config}")
        reason = ", then ".join(reasons)
        yield start, end, block, "convert" if step.config else "leftover", reason


def target_text(text: str, target: str, edits_for: EditsFn, convert_text: TextFn) -> str:
    """`text` converted to `target` (as `target_edits` would, without keeping the edits)."""
    return "".join(out for _, _, out, _, _ in target_blocks(text, target, edits_for, convert_text))
