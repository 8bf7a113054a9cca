"""Text hygiene: newlines, invisible and control characters, spaces, entities, Unicode form.

Correct Chinese typography (full-width punctuation, “”, 《》, 、) is never changed by default;
the `punctuation` option picks one convention for users who want it. Three passes, composed
into one list of edits on the input:

1. characters: newlines to ``\\n``, HTML entities decoded, zero-width and control characters
   removed, no-break and ideographic spaces per the options, punctuation per the option;
2. Unicode normal form (NFC by default; NFKC only on request, as it rewrites full-width forms);
3. layout: spaces at line ends, runs of blank lines, blank lines at the start and end.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable

from .config import DEFAULT, Config
from .edits import Edit, apply_edits, compose

_NEWLINE = r"\r\n|[\r\u2028\u2029\x85\x0b\x0c]"
_ENTITY = r"&(?:amp;)?(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};|nbsp(?![A-Za-z0-9;]))"
_INVISIBLE = "\ufeff\u200b\u2060\u180e\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb"
_CONTROL = "\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f"
_NBSP = "\u00a0\u202f\u2007"
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"

_PASS1 = re.compile(
    rf"(?P<nl>{_NEWLINE})|(?P<ent>{_ENTITY})|(?P<inv>[{_INVISIBLE}]+)|(?P<ctl>[{_CONTROL}]+)"
    rf"|(?P<zwj>(?<=[{_CJK}])[\u200c\u200d]+|[\u200c\u200d]+(?=[{_CJK}]))"
    rf"|(?P<nbsp>[{_NBSP}])|(?P<ideo>\u3000)"
)

_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_FULL_TO_HALF = {chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_FULL_PUNCT = re.compile("[\uff01-\uff5e]")
_HALF_PUNCT = re.compile(rf"(?<=[{_CJK}])[,:;!?()]|[,:;!?()](?=[{_CJK}])|\((?=[^()\n]{{1,40}}\)(?:[{_CJK}]))")

_TRAILING = re.compile(r"[ \t]+(?=\n)|[ \t]+\Z")


def normalize(text: str, config: Config | None = None, **options: object) -> str:
    """Return `text` with hygiene applied (see the module docstring for what that means)."""
    cfg = (config or DEFAULT).replace(**options)
    return apply_edits(text, normalize_edits(text, cfg))


def normalize_edits(text: str, config: Config = DEFAULT) -> list[Edit]:
    """The edits hygiene makes on `text`, as one sorted list on `text` itself."""
    edits: list[Edit] = []
    current = text
    for find in _passes(config):
        found = find(current, config)
        if found:
            edits = compose(text, edits, found)
            current = apply_edits(current, found)
    return edits


def _passes(config: Config) -> list[Callable[[str, Config], list[Edit]]]:
    passes: list[Callable[[str, Config], list[Edit]]] = [_characters]
    if config.punctuation != "keep":
        passes.append(_punctuation)
    if config.unicode_form != "none":
        passes.append(_unicode_form)
    passes.append(_layout)
    return passes


def _characters(text: str, config: Config, entities: bool = True) -> list[Edit]:
    """Pass 1: newlines, entities, invisible and control characters, special spaces."""
    edits: list[Edit] = []
    for m in _PASS1.finditer(text):
        kind = m.lastgroup
        s, e = m.span()
        if kind == "nl":
            edits.append(Edit(s, e, "\n", "newline", "line break normalised to \\n"))
        elif kind == "ent":
            if not (config.html_entities and entities):
                continue
            after = _unescape(m.group())
            after = apply_edits(after, _characters(after, config, entities=False))
            if after != m.group():
                edits.append(Edit(s, e, after, "html-entity", "HTML entity left in text"))
        elif kind == "inv":
            edits.append(Edit(s, e, "", "invisible", "zero-width or formatting character"))
        elif kind == "zwj":
            edits.append(Edit(s, e, "", "invisible", "zero-width joiner next to Chinese text"))
        elif kind == "ctl":
            edits.append(Edit(s, e, "", "control", "control character"))
        elif kind == "nbsp":
            if config.nbsp == "space":
                edits.append(Edit(s, e, " ", "nbsp", "no-break space made a plain space"))
        elif kind == "ideo":
            if config.ideographic_space == "space":
                edits.append(Edit(s, e, " ", "ideographic-space", "ideographic space made a plain space"))
            elif config.ideographic_space == "remove":
                edits.append(Edit(s, e, "", "ideographic-space", "ideographic space removed"))
    return edits


def _unescape(entity: str) -> str:
    """Decode an entity, twice at most (``&amp;#x4e2d;``), refusing NUL and surrogates."""
    out = html.unescape(entity if entity.endswith(";") else entity + ";")
    if entity.startswith("&amp;") and re.fullmatch(_ENTITY, out):
        out = html.unescape(out if out.endswith(";") else out + ";")
    if any(ch == "\x00" or 0xD800 <= ord(ch) <= 0xDFFF for ch in out):
        return entity
    return out


def _punctuation(text: str, config: Config) -> list[Edit]:
    """Pass 1b: one punctuation convention, when the user asked for one."""
    edits: list[Edit] = []
    if config.punctuation == "halfwidth":
        for m in _FULL_PUNCT.finditer(text):
            after = _FULL_TO_HALF[m.group()]
            edits.append(Edit(m.start(), m.end(), after, "punctuation", "full-width form made half-width"))
    else:
        for m in _HALF_PUNCT.finditer(text):
            after = _HALF_TO_FULL[m.group()]
            edits.append(Edit(m.start(), m.end(), after, "punctuation", "ASCII punctuation in Chinese made full-width"))
    return edits


def _unicode_form(text: str, config: Config) -> list[Edit]:
    """Pass 2: NFC (or NFKC) on the lines that need it, cluster by cluster."""
    form = config.unicode_form
    if unicodedata.is_normalized(form, text):
        return []
    edits: list[Edit] = []
    pos = 0
    for line in text.split("\n"):
        if not unicodedata.is_normalized(form, line):
            edits.extend(_normalize_line(line, pos, form))
        pos += len(line) + 1
    return edits


def _normalize_line(line: str, offset: int, form: str) -> list[Edit]:
    edits: list[Edit] = []
    i = 0
    n = len(line)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(line[j]):
            j += 1
        cluster = line[i:j]
        fixed = unicodedata.normalize(form, cluster)  # type: ignore[arg-type]
        if fixed != cluster:
            edits.append(Edit(offset + i, offset + j, fixed, "unicode-form", f"Unicode {form}"))
        i = j
    result = apply_edits(line, [Edit(e.start - offset, e.end - offset, e.after, e.kind) for e in edits])
    if not unicodedata.is_normalized(form, result):  # type: ignore[arg-type]
        return [Edit(offset, offset + n, unicodedata.normalize(form, line), "unicode-form", f"Unicode {form}")]  # type: ignore[arg-type]
    return edits


def _layout(text: str, config: Config) -> list[Edit]:
    """Pass 3: trailing spaces, runs of blank lines, blank lines around the text."""
    trailing: list[Edit] = []
    if config.strip_trailing_space:
        trailing = [
            Edit(m.start(), m.end(), "", "trailing-space", "spaces at the end of a line")
            for m in _TRAILING.finditer(text)
        ]
    text1 = apply_edits(text, trailing)
    return compose(text, trailing, _blank_line_edits(text1, config.max_blank_lines))


def _blank_line_edits(text: str, max_blank: int) -> list[Edit]:
    edits: list[Edit] = []
    lines = text.split("\n")
    pos = 0
    run_start = -1
    run_len = 0
    starts: list[int] = []
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    total = len(text)
    for idx, line in enumerate(lines):
        is_blank = line.strip(" \t\u3000") == ""
        if is_blank:
            if run_len == 0:
                run_start = idx
            run_len += 1
            continue
        if run_len:
            _blank_run(edits, lines, starts, run_start, run_len, max_blank if run_start > 0 else 0)
        run_len = 0
    if run_len:
        _blank_run(edits, lines, starts, run_start, run_len, 0, total=total)
    return edits


def _blank_run(
    edits: list[Edit],
    lines: list[str],
    starts: list[int],
    first: int,
    count: int,
    keep: int,
    total: int | None = None,
) -> None:
    """Drop blank lines of a run beyond `keep` (a run at the start or end keeps none)."""
    drop = count - keep
    if drop <= 0:
        return
    start = starts[first]
    if total is None:
        end = starts[first + drop]
        edits.append(Edit(start, end, "", "blank-lines", "run of blank lines collapsed"))
    else:
        # A run at the end of the text: remove it and the newline before it.
        s = max(0, start - 1)
        if s < total:
            edits.append(Edit(s, total, "", "blank-lines", "blank lines at the end of the text"))
