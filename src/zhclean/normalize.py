"""Text hygiene: newlines, invisible and control characters, spaces, entities, Unicode form, layout.

Correct Chinese typography (full-width punctuation, “”, 《》, 、) is never changed by default; the
`punctuation` option picks one convention for users who want it. Each kind of fix is a small pure
function below (`fix_newlines`, `decode_entities`, `remove_invisible`, `remove_controls`,
`fix_spaces`, `fix_unicode_form`, `fix_punctuation`, `strip_trailing_space`, `strip_indent`,
`collapse_blank_lines`), each showing a real before/after. `normalize` runs them all, as the
config says, in four passes composed into one list of edits on the input:

1. characters: newlines, HTML entities, invisible and control characters, special spaces;
2. Unicode normal form (NFC by default; NFKC only on request, as it rewrites full-width forms);
3. punctuation convention (only when asked for);
4. layout: spaces at line ends, indentation (on request), runs of blank lines.

Text that needs none of this is recognised by one regex scan and one `is_normalized` call, so
the common path costs next to nothing. Every pattern is linear: no nested quantifiers, and
lookbehinds keep a long run of one character from being rescanned at each of its positions.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from html.entities import html5

from .charstats import char_class
from .config import DEFAULT, Config
from .edits import Edit, apply_edits, compose

# --- character classes -----------------------------------------------------------------------

_NEWLINE = "\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]"
"""Line breaks other than ``\\n``: CRLF, CR, VT, FF, FS/GS/RS, NEL, LINE/PARAGRAPH SEPARATOR."""

_ENTITY = (
    r"&(?:amp;){0,3}(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};|nbsp(?![A-Za-z0-9;]))"
)
"""An HTML entity, possibly escaped again (``&amp;#x4e2d;``); ``&nbsp`` is also taken without ``;``."""

_INVISIBLE = "\u200b\u2060-\u2064\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb"
"""Zero-width space, word joiner, invisible operators, BOM / zero-width no-break space,
bidirectional marks and embeddings, interlinear annotation marks: never visible in an article."""

_ZWJ = "\u200c\u200d"
"""Zero-width (non-)joiners: needed in emoji and Indic or Arabic text, junk next to Chinese."""

_C0 = "\x00-\x08\x0e-\x1b\x1f\x7f"
_C1 = "\x80-\x84\x86-\x9f"
_LATIN1 = "\x80-\x9f\xa1-\xff"
"""Latin-1 characters that mark UTF-8 or GBK bytes read as Latin-1 (mojibake): a C1 control,
no-break space or soft hyphen among them is a byte of the damaged text, left for repair."""

_NBSP = "\u00a0\u2007\u202f"
_SPACES = "\u1680\u2000-\u2006\u2008-\u200a\u205f"
_WS = " \t\u3000"
"""Whitespace that can make a line blank (after no-break spaces are handled)."""

_CJK = (
    "\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f"
    "\uff01-\uff60\U00020000-\U0003ffff"
)
"""Chinese context: ideographs, kana, CJK and full-width punctuation (not U+3000, not Hangul)."""

_HAN = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"

_PASS1_GROUPS: dict[str, str] = {
    "nl": _NEWLINE,
    "ent": _ENTITY,
    "inv": rf"[{_INVISIBLE}\u180e]+",
    "zwj": rf"(?<=[{_CJK}])[{_ZWJ}]+|(?<![{_ZWJ}])[{_ZWJ}]+(?=[{_CJK}])",
    "c0": rf"[{_C0}]+",
    "c1": rf"(?<![{_LATIN1}])[{_C1}]+(?![{_LATIN1}])",
    "shy": rf"(?<![{_LATIN1}])\xad+(?![{_LATIN1}])",
    "nbsp": rf"(?<![{_LATIN1}])[{_NBSP}](?![{_LATIN1}])",
    "c1_all": rf"[{_C1}]+",
    "shy_all": "\xad+",
    "nbsp_all": rf"[{_NBSP}]",
    "space": rf"[{_SPACES}]",
    "ideo": "\u3000",
    "sur": "[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]",
}


_PASS1_FIRST: dict[str, str] = {
    "nl": "\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029",
    "ent": "&",
    "inv": _INVISIBLE + "\u180e",
    "zwj": _ZWJ,
    "c0": _C0,
    "c1": _C1,
    "shy": "\xad",
    "nbsp": _NBSP,
    "c1_all": _C1,
    "shy_all": "\xad",
    "nbsp_all": _NBSP,
    "space": _SPACES,
    "ideo": "\u3000",
    "sur": "\ud800-\udfff",
}
"""The characters each group's matches start with: a plain class scan finds candidates fast."""

_ALL_OF = {"c1": "c1_all", "shy": "shy_all", "nbsp": "nbsp_all"}
"""The groups that keep characters next to Latin-1 for the repair step, and their variants that
take them everywhere (hygiene after repair: what repair did not use is not a mojibake byte)."""


@lru_cache(maxsize=64)
def _pass1_pattern(groups: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(finder of candidate characters, matcher of the groups at a candidate)."""
    finder = re.compile("[" + "".join(_PASS1_FIRST[g] for g in groups) + "]")
    matcher = re.compile("|".join(f"(?P<{g}>{_PASS1_GROUPS[g]})" for g in groups))
    return finder, matcher


# --- the fixes, one function each -----------------------------------------------------------


def fix_newlines(text: str) -> str:
    """Make every line break ``\\n``: CRLF, CR, NEL, U+2028/U+2029, VT and FF.

    >>> fix_newlines("发布时间:2024-01-18\\r\\n来源:北京市直机关工委\\r\\r正文\\u2028第二行")
    '发布时间:2024-01-18\\n来源:北京市直机关工委\\n\\n正文\\n第二行'
    """
    return apply_edits(text, _characters(text, ("nl",), DEFAULT))


def decode_entities(text: str) -> str:
    """Decode HTML entities left in text, also when escaped twice (``&amp;#x4e2d;``).

    ``&nbsp;`` becomes a plain space when no-break spaces are made plain (the default of
    `normalize`); here it is decoded only.

    >>> decode_entities("天津政务网&nbsp;&nbsp;北京&#x4e2d;&#20013;心 &amp;#x4e2d; AT&amp;T &lt;b&gt;")
    '天津政务网\\xa0\\xa0北京中中心 中 AT&T <b>'
    >>> decode_entities("R&D; 5 &amp 6")  # not entities: left alone
    'R&D; 5 &amp 6'
    """
    return apply_edits(text, _characters(text, ("ent",), DEFAULT.replace(nbsp="keep")))


def remove_invisible(text: str) -> str:
    """Remove zero-width and formatting characters: ZWSP, word joiner, stray BOMs, bidi marks,
    soft hyphens; zero-width joiners only next to Chinese (emoji sequences keep theirs).

    >>> remove_invisible("\\ufeff习近平\\u200b总书记\\u200d在\\u00ad座谈会 👨\\u200d👩")
    '习近平总书记在座谈会 👨\\u200d👩'
    """
    return apply_edits(text, _characters(text, ("inv", "zwj", "shy"), DEFAULT))


def remove_controls(text: str) -> str:
    """Remove control characters (C0 other than tab and newline, DEL, C1 other than NEL); join
    UTF-16 surrogate pairs left in text, and replace lone surrogates (which no file can hold)
    with U+FFFD.

    C1 controls inside a run of Latin-1 letters are kept: there they are bytes of mojibake
    (``ä¸\\x8d`` is ``不`` read as Latin-1), which the repair step needs intact.

    >>> remove_controls("北京\\x00市\\x1b直机关\\x7f工委 ä¸\\x8d")
    '北京市直机关工委 ä¸\\x8d'
    >>> remove_controls("笑\\ud83d\\ude00 \\udcff")
    '笑😀 \\ufffd'
    """
    return apply_edits(text, _characters(text, ("c0", "c1", "sur"), DEFAULT))


def fix_spaces(text: str, nbsp: str = "space", ideographic_space: str = "keep") -> str:
    """No-break spaces (U+00A0, U+2007, U+202F) and other Unicode spaces (U+2000-U+200A, U+205F)
    to plain spaces (``nbsp="space"``); ideographic spaces (U+3000) kept, made plain or removed.

    >>> fix_spaces("天津政务网\\xa0\\xa0 天津和平区政务网\\u2002\\u3000\\u3000北京")
    '天津政务网   天津和平区政务网 \\u3000\\u3000北京'
    >>> fix_spaces("\\u3000\\u3000北京", ideographic_space="remove")
    '北京'
    """
    cfg = DEFAULT.replace(nbsp=nbsp, ideographic_space=ideographic_space)
    return apply_edits(text, _characters(text, ("nbsp", "space", "ideo"), cfg))


def fix_unicode_form(text: str, form: str = "NFC") -> str:
    """Put text in Unicode normal form `form` (NFC or NFKC), touching only what changes.

    >>> fix_unicode_form("Pe\\u0301ng Lia\\u0304n 隆\\uf9dc")  # combining accents; a compatibility ideograph
    'Péng Liān 隆隆'
    >>> fix_unicode_form("ＡＢＣ１２３，（市）", "NFKC")
    'ABC123,(市)'
    """
    return apply_edits(text, _unicode_form(text, DEFAULT.replace(unicode_form=form)))


def fix_punctuation(text: str, punctuation: str = "fullwidth") -> str:
    """One punctuation convention: ``fullwidth`` or ``halfwidth`` (``keep`` changes nothing).

    ``fullwidth`` makes ASCII ``, : ; ! ?`` full-width where they touch Chinese text, and
    parentheses as pairs when they hold Chinese, or hold no Latin letters and touch Chinese.
    URLs, numbers (``1,000``, ``14:29:57``), Latin text and Latin in parentheses (pinyin,
    English glosses) are left alone. ``halfwidth`` maps the full-width forms U+FF01-U+FF5E
    (punctuation, digits, letters) to ASCII; 。、“”《》 have no ASCII form and stay.

    >>> fix_punctuation("发布时间:2024-01-18 14:29:57,三省(市)层面,Hello, world (see http://a.cn/?q=1,2)")
    '发布时间：2024-01-18 14:29:57，三省（市）层面，Hello, world (see http://a.cn/?q=1,2)'
    >>> fix_punctuation("三省（市）层面，进一步！ＡＢ", "halfwidth")
    '三省(市)层面,进一步!AB'
    """
    return apply_edits(text, _punctuation(text, DEFAULT.replace(punctuation=punctuation)))


def strip_trailing_space(text: str) -> str:
    """Remove spaces, tabs and ideographic spaces at the ends of lines.

    >>> strip_trailing_space("相关部门网站: 天津市工商业联合会  \\n绍兴市工商业联合会\\u3000\\t\\n")
    '相关部门网站: 天津市工商业联合会\\n绍兴市工商业联合会\\n'
    """
    return apply_edits(text, _trailing_space(text))


def strip_indent(text: str) -> str:
    """Remove indentation (spaces, tabs, no-break and ideographic spaces) at the starts of lines.

    >>> strip_indent("  天津深入推进京津冀协同发展的重点领域\\n\\u3000\\u3000一是制定实施")
    '天津深入推进京津冀协同发展的重点领域\\n一是制定实施'
    """
    return apply_edits(text, _indent(text))


def collapse_blank_lines(text: str, max_blank_lines: int = 1) -> str:
    """Collapse runs of blank lines to `max_blank_lines`; drop blank lines at the start and end
    (a final newline is kept). Lines holding only spaces count as blank.

    >>> collapse_blank_lines("\\n\\n合理、错位发展。\\n\\n\\xa0\\n\\n摘自《天津日报》\\n\\n\\n")
    '合理、错位发展。\\n\\n\\xa0\\n\\n摘自《天津日报》\\n'
    >>> collapse_blank_lines("合理、错位发展。\\n\\n \\n\\n摘自《天津日报》", 0)
    '合理、错位发展。\\n摘自《天津日报》'
    """
    return apply_edits(text, _blank_lines(text, max_blank_lines))


# --- the whole step --------------------------------------------------------------------------


def normalize(text: str, config: Config | None = None, **options: object) -> str:
    """Return `text` with hygiene applied, as `config` (and keyword `options`) say.

    >>> normalize("\\ufeff发布时间:2024-01-18\\r\\n\\r\\n\\r\\n正文&nbsp;内容。&nbsp;\\r\\n")
    '发布时间:2024-01-18\\n\\n正文 内容。\\n'
    """
    cfg = (config or DEFAULT).replace(**options)
    return apply_edits(text, normalize_edits(text, cfg))


_MAX_ROUNDS = 4


def normalize_edits(text: str, config: Config = DEFAULT, *, keep_mojibake: bool = True) -> list[Edit]:
    """The edits hygiene makes on `text`, as one sorted list on `text` itself.

    Runs the passes again on their own output until nothing is left to fix (one fix can
    uncover another: ``&#x301;`` decodes to a combining accent that NFC then composes), so
    `normalize` is idempotent. With ``config.normalize`` off there are none.

    `keep_mojibake` keeps C1 controls, no-break spaces and soft hyphens next to Latin-1
    characters, where they may be bytes of mojibake (``ä¸\\x8d`` is 不) that the repair step
    needs; the pipeline runs hygiene again after repair with it off, so what repair did not
    use is handled like anywhere else.
    """
    if not config.normalize:
        return []
    quick = _quick_round(text, config, keep_mojibake)
    return quick if quick is not None else _general_edits(text, config, keep_mojibake)


def _general_edits(text: str, config: Config, keep_mojibake: bool) -> list[Edit]:
    """Every pass, round after round, until nothing is left to fix (see `normalize_edits`)."""
    edits: list[Edit] = []
    current = text
    for _ in range(_MAX_ROUNDS):
        if _is_clean(current, config):
            break
        found = _one_round(current, config, keep_mojibake)
        if not found:
            break
        edits = compose(text, edits, found)
        current = apply_edits(current, found)
    return _drop_no_ops(text, edits)


# --- the quick path --------------------------------------------------------------------------
#
# Scraped pages mostly need no-break spaces made plain, trailing spaces stripped and blank lines
# collapsed, and nothing else. Those fixes replace one character by one (offsets stay put) or
# delete whitespace, so their composition and the proof that a second round finds nothing are
# simple: the quick path computes exactly what the general passes below would, in one scan for
# suspect characters, one normal-form check and the layout pass. Anything else (entities,
# controls, invisible characters, NFKC, punctuation, indentation, removed ideographic spaces)
# goes to the general passes.


def _quick_round(text: str, config: Config, keep_mojibake: bool) -> list[Edit] | None:
    """`normalize_edits(text, config, keep_mojibake=...)` when only one-for-one space fixes and
    layout are needed; None when the general passes must decide.

    Why one round is the fixed point: plain spaces and deletions of whitespace runs (before a
    newline, or whole blank lines) create no suspect character, no entity (the following
    character of a ``&name`` only ever becomes whitespace, which it already was) and no new
    composition (every character replaced or deleted is a starter that composes with nothing,
    and a deletion leaves a newline next to what follows it); the layout pass leaves no
    trailing space and no over-long blank run behind it. A no-break space kept next to Latin-1
    (for repair) keeps that neighbour, so a second round would keep it again.
    """
    if (
        config.punctuation != "keep"
        or config.indent == "strip"
        or config.ideographic_space == "remove"
        or config.unicode_form == "NFKC"
    ):
        return None
    if config.html_entities and "&" in text and _ENTITY_RE.search(text):
        return None
    if config.unicode_form == "NFC" and not unicodedata.is_normalized("NFC", text):
        return None
    candidates, spaces, nonprintable = _quick_classes(config.nbsp, config.ideographic_space)
    chars: list[Edit] = []
    n = len(text)
    # Every candidate is a character `str.isprintable` refuses (`nonprintable` checks it), so a
    # text printable but for its newlines has none: that C scan is twice as fast as the class's.
    no_candidates = nonprintable and text.replace("\n", " ").isprintable()
    for m in () if no_candidates else candidates.finditer(text):
        p = m.start()
        ch = text[p]
        if ch not in spaces:
            return None  # controls, invisible characters, odd newlines, surrogates: the general passes
        if ch in _NBSP:
            # Next to Latin-1 a no-break space may be a mojibake byte: kept for repair.
            if keep_mojibake and ((p and text[p - 1] in _LATIN1_SET) or (p + 1 < n and text[p + 1] in _LATIN1_SET)):
                continue
            chars.append(Edit(p, p + 1, " ", "nbsp", "no-break space made a plain space"))
        elif ch == "\u3000":
            chars.append(Edit(p, p + 1, " ", "ideographic-space", "ideographic space made a plain space"))
        else:
            chars.append(Edit(p, p + 1, " ", "space", "Unicode space made a plain space"))
    layout = _layout(apply_edits(text, chars) if chars else text, config)
    if not chars or not layout:
        return chars or layout
    # `compose(text, chars, layout)` with offsets shared by both: every layout edit deletes a
    # span, taking the character fixes inside it; the others stay.
    out: list[Edit] = []
    k = 0
    n_layout = len(layout)
    for e in chars:
        while k < n_layout and layout[k].end <= e.start:
            out.append(layout[k])
            k += 1
        if k < n_layout and layout[k].start <= e.start:
            continue  # inside a deleted span
        out.append(e)
    out.extend(layout[k:])
    return out


_ENTITY_RE = re.compile(_ENTITY)
_LATIN1_SET = frozenset(chr(c) for c in range(0x80, 0x100) if c != 0xA0)


@lru_cache(maxsize=16)
def _quick_classes(nbsp: str, ideo: str) -> tuple[re.Pattern[str], frozenset[str], bool]:
    """(a class of every character a pass-1 group but ``ent`` starts at, the one-for-one spaces in
    it, whether `str.isprintable` refuses every character of the class)."""
    spaces = ""
    if nbsp == "space":
        spaces += _NBSP + _SPACES
    if ideo == "space":
        spaces += "\u3000"
    other = "".join(_PASS1_FIRST[g] for g in ("nl", "inv", "zwj", "c0", "c1", "shy", "sur"))
    space_set = frozenset(_class_chars(spaces))
    nonprintable = not any(ch.isprintable() or ch == "\n" for ch in _class_chars(other + spaces))
    return re.compile(f"[{other}{spaces}]"), space_set, nonprintable


def _class_chars(chars: str) -> list[str]:
    """The characters of a regex class body made of characters and ``a-b`` ranges."""
    out: list[str] = []
    i = 0
    while i < len(chars):
        if i + 2 < len(chars) and chars[i + 1] == "-":
            out.extend(map(chr, range(ord(chars[i]), ord(chars[i + 2]) + 1)))
            i += 3
        else:
            out.append(chars[i])
            i += 1
    return out


def _drop_no_ops(text: str, edits: list[Edit]) -> list[Edit]:
    """Edits whose passes cancelled out (NFKC folds ， to , and fullwidth puts it back)."""
    return [e for e in edits if e.after != text[e.start : e.end]]


def _one_round(text: str, config: Config, keep_mojibake: bool = True) -> list[Edit]:
    edits: list[Edit] = []
    current = text
    for find in _passes(config, keep_mojibake):
        found = find(current, config)
        if found:
            edits = compose(text, edits, found)
            current = apply_edits(current, found)
    return _drop_no_ops(text, edits)


def _passes(config: Config, keep_mojibake: bool = True) -> list[Callable[[str, Config], list[Edit]]]:
    passes: list[Callable[[str, Config], list[Edit]]] = [_characters_for if keep_mojibake else _characters_all]
    if config.unicode_form != "none":
        passes.append(_unicode_form)
    if config.punctuation != "keep":
        passes.append(_punctuation)
    passes.append(_layout)
    return passes


def _is_clean(text: str, config: Config) -> bool:
    """True when no pass can change `text`. On the default options this is one character-class
    scan, a few substring searches and one normal-form check, all in C."""
    if _suspect_chars(config.nbsp, config.ideographic_space, config.punctuation).search(text):
        return False
    if config.html_entities and "&" in text and _ENTITY_START.search(text):
        return False
    if text and _layout_dirty(text, config):
        return False
    return config.unicode_form == "none" or unicodedata.is_normalized(config.unicode_form, text)


_ENTITY_START = re.compile("&[#A-Za-z]")


@lru_cache(maxsize=64)
def _suspect_chars(nbsp: str, ideo: str, punctuation: str) -> re.Pattern[str]:
    chars = "".join(_PASS1_FIRST[g] for g in ("nl", "inv", "zwj", "c0", "c1", "shy", "sur"))
    if nbsp == "space":
        chars += _NBSP + _SPACES
    if ideo != "keep":
        chars += "\u3000"
    if punctuation == "halfwidth":
        chars += "\uff01-\uff5e"
    elif punctuation == "fullwidth":
        chars += ",:;!?()\uff08\uff09"
    return re.compile(f"[{chars}]")


def _layout_dirty(text: str, config: Config) -> bool:
    """Might the layout pass change `text` (non-empty)? Over-approximates, never misses."""
    if config.indent == "strip":
        lead = _WS + _NBSP
        if text[0] in lead or any("\n" + c in text for c in lead):
            return True
    max_blank = min(config.max_blank_lines, 10_000)  # longer runs are rare: the passes decide
    if not config.strip_trailing_space:
        return _layout_pattern(max_blank).search(text) is not None
    # With trailing space stripped, a line of spaces is dirty anyway: blank lines are empty.
    return (
        text[-1] in _WS
        or text[0] == "\n"
        or " \n" in text
        or "\t\n" in text
        or "\u3000\n" in text
        or text.endswith("\n\n")
        or "\n" * (max_blank + 2) in text
    )


@lru_cache(maxsize=16)
def _layout_pattern(max_blank: int) -> re.Pattern[str]:
    return re.compile(
        f"\\A[{_WS}]*(?:\n|\\Z)|\n[{_WS}]*\n[{_WS}]*\\Z|\n[{_WS}]+\\Z|\n(?:[{_WS}]*\n){{{max_blank + 1}}}"
    )


# --- pass 1: characters ------------------------------------------------------------------------


def _characters_for(text: str, config: Config) -> list[Edit]:
    return _characters(text, _groups_for(config), config)


def _characters_all(text: str, config: Config) -> list[Edit]:
    """Pass 1 without keeping C1 controls, no-break spaces and soft hyphens next to Latin-1."""
    return _characters(text, tuple(_ALL_OF.get(g, g) for g in _groups_for(config)), config)


def _groups_for(config: Config) -> tuple[str, ...]:
    groups = ["nl", "inv", "zwj", "c0", "c1", "shy", "sur"]
    if config.html_entities:
        groups.insert(1, "ent")
    if config.nbsp == "space":
        groups += ["nbsp", "space"]
    if config.ideographic_space != "keep":
        groups.append("ideo")
    return tuple(groups)


def _characters(text: str, groups: tuple[str, ...], config: Config) -> list[Edit]:
    """Edits for the character-level `groups` (keys of `_PASS1_GROUPS`), in one regex scan."""
    edits: list[Edit] = []
    if not groups:
        return edits
    finder, matcher = _pass1_pattern(groups)
    pos = 0
    while True:
        candidate = finder.search(text, pos)
        if candidate is None:
            break
        m = matcher.match(text, candidate.start())
        if m is None:
            pos = candidate.start() + 1
            continue
        pos = m.end()
        kind = m.lastgroup
        s, e = m.span()
        if kind == "nl":
            edits.append(Edit(s, e, "\n", "newline", "line break normalised to \\n"))
        elif kind == "ent":
            after = _unescape(m.group())
            # What an entity decodes to gets the same treatment as the text around it.
            after = apply_edits(after, _characters(after, tuple(g for g in groups if g != "ent"), config))
            if after != m.group():
                edits.append(Edit(s, e, after, "html-entity", "HTML entity left in text"))
        elif kind in ("inv", "shy", "shy_all"):
            edits.append(Edit(s, e, "", "invisible", "zero-width or formatting character"))
        elif kind == "zwj":
            edits.append(Edit(s, e, "", "invisible", "zero-width joiner next to Chinese text"))
        elif kind in ("c0", "c1", "c1_all"):
            edits.append(Edit(s, e, "", "control", "control character"))
        elif kind == "sur":
            if e - s == 2:  # a UTF-16 surrogate pair left in text: the character it encodes
                after = text[s:e].encode("utf-16-le", "surrogatepass").decode("utf-16-le")
                edits.append(Edit(s, e, after, "surrogate", "surrogate pair joined into its character"))
            else:
                edits.append(Edit(s, e, "\ufffd", "surrogate", "lone surrogate: not text, cannot be written"))
        elif kind in ("nbsp", "nbsp_all"):
            edits.append(Edit(s, e, " ", "nbsp", "no-break space made a plain space"))
        elif kind == "space":
            edits.append(Edit(s, e, " ", "space", "Unicode space made a plain space"))
        elif kind == "ideo":
            if config.ideographic_space == "space":
                edits.append(Edit(s, e, " ", "ideographic-space", "ideographic space made a plain space"))
            elif config.ideographic_space == "remove":
                edits.append(Edit(s, e, "", "ideographic-space", "ideographic space removed"))
    return edits


def _unescape(entity: str) -> str:
    """Decode one entity match, with every ``&amp;`` escape layer around it.

    ``&amp;amp;lt;`` is ``<``. A core that is not an entity (``&amp;foo;``) keeps its text
    with the layers removed (``&foo;``). Numeric entities that are not text (NUL, surrogates,
    beyond U+10FFFF) are left as they are.
    """
    rest = entity[1:]
    layers = 0
    while rest.startswith("amp;") and len(rest) > 4:
        rest = rest[4:]
        layers += 1
    if rest.startswith("#"):
        out = html.unescape("&" + rest)
        if any(ch == "\x00" or 0xD800 <= ord(ch) <= 0xDFFF or ch == "\ufffd" for ch in out):
            out = ""
    else:
        out = html5.get(rest if rest.endswith(";") else rest + ";", "")
    if out:
        return out
    return "&" + rest if layers else entity


# --- pass 2: Unicode normal form ---------------------------------------------------------------


def _unicode_form(text: str, config: Config) -> list[Edit]:
    """NFC (or NFKC) edits, one per cluster that changes (a stable character and what follows)."""
    form = config.unicode_form
    if form == "none" or unicodedata.is_normalized(form, text):
        return []
    edits: list[Edit] = []
    for m in _unstable_pattern(form).finditer(text):
        s, e = m.span()
        if s > 0:
            s -= 1  # the stable character before the run may compose with it
        cluster = text[s:e]
        fixed = unicodedata.normalize(form, cluster)  # type: ignore[arg-type]
        if fixed != cluster:
            # Record only what changed: 中 + ，(NFKC) is "，" -> ",", not "中，" -> "中,".
            head = 0
            while head < min(len(cluster), len(fixed)) - 1 and cluster[head] == fixed[head]:
                head += 1
            edits.append(Edit(s + head, e, fixed[head:], "unicode-form", f"Unicode {form}"))
    return edits


@lru_cache(maxsize=2)
def _unstable_pattern(form: str) -> re.Pattern[str]:
    """Runs of characters that are not stable under `form`.

    A stable character (combining class 0, its own normal form, never the second half of a
    composition) is a normalization boundary: text can be normalised piece by piece between
    them. Built on first use from the running Python's Unicode tables.
    """
    second: set[int] = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))  # Hangul V and T jamo
    for cp in range(0x30000):  # no character above U+2FA1D has a decomposition
        d = unicodedata.decomposition(chr(cp))
        if d and not d.startswith("<"):
            parts = d.split()
            if len(parts) == 2:
                second.add(int(parts[1], 16))
    stable = (
        cp
        for cp in range(0x10000)
        if not 0xD800 <= cp < 0xE000
        and cp not in second
        and unicodedata.combining(chr(cp)) == 0
        and unicodedata.normalize(form, chr(cp)) == chr(cp)  # type: ignore[arg-type]
    )
    return re.compile(f"[^{char_class(stable)}]+")


# --- pass 3: punctuation convention ------------------------------------------------------------

_FULL_TO_HALF = {chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_HALF_TO_FULL = {chr(cp - 0xFEE0): chr(cp) for cp in range(0xFF01, 0xFF5F)}
_FULL_PUNCT = re.compile("[\uff01-\uff5e]+")
_PUNCT_RUN = re.compile("[,:;!?()\uff0c\uff1a\uff1b\uff01\uff1f\uff08\uff09]+")
_CONVERTIBLE = frozenset(",:;!?")
_PARENS = re.compile("[()\uff08\uff09]")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_HAN_CHAR = re.compile(f"[{_HAN}]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f]")
_QUOTES = "“”‘’\"'…—·《》〈〉「」『』"
_URL = re.compile(r"(?<![A-Za-z0-9+.\-])(?:[A-Za-z][A-Za-z0-9+.\-]{0,30}://|www\.)[!-~]+")
_URL_TRAIL = ",.;:!?'\""


def _punctuation(text: str, config: Config) -> list[Edit]:
    if config.punctuation == "halfwidth":
        edits: list[Edit] = []
        for m in _FULL_PUNCT.finditer(text):
            after = "".join(_FULL_TO_HALF[c] for c in m.group())
            edits.append(Edit(m.start(), m.end(), after, "punctuation", "full-width form made half-width"))
        return edits
    if config.punctuation == "fullwidth":
        return _fullwidth(text)
    return []


def _url_spans(text: str) -> list[tuple[int, int]]:
    if "://" not in text and "www." not in text:
        return []
    spans = []
    for m in _URL.finditer(text):
        url = m.group()
        end = len(url)
        while end and (url[end - 1] in _URL_TRAIL or (url[end - 1] == ")" and "(" not in url[: end - 1])):
            end -= 1
        spans.append((m.start(), m.start() + end))
    return spans


def _chinese_next_to(text: str, pos: int, step: int) -> bool:
    """Is the character at `pos` (going by `step`, past quotes and dashes) Chinese?"""
    for _ in range(4):
        if not 0 <= pos < len(text):
            return False
        ch = text[pos]
        if "\u4e00" <= ch <= "\u9fff":
            return True
        if ch in _QUOTES:
            pos += step
            continue
        return ch > "\u3000" and _CJK_CHAR.match(ch) is not None
    return False


_FULLWIDTH_REASON = "ASCII punctuation in Chinese made full-width"


def _fullwidth(text: str) -> list[Edit]:
    """ASCII punctuation in Chinese context made full-width (see `fix_punctuation`)."""
    urls = _url_spans(text)
    runs: list[tuple[int, int, str, bool]] = []  # (start, end, the run, in Chinese context)
    u = 0
    n_urls = len(urls)
    for m in _PUNCT_RUN.finditer(text):
        s, e = m.span()
        if n_urls:
            while u < n_urls and urls[u][1] <= s:
                u += 1
            if u < n_urls and urls[u][0] < e:
                continue  # touches a URL: leave it
        run = m.group()
        before = text[s - 1] if s else ""
        chinese = (
            "\u4e00" <= before <= "\u9fff"  # the common case, decided without a call
            or not run.isascii()
            or _chinese_next_to(text, s - 1, -1)
            or _chinese_next_to(text, e, 1)
        )
        runs.append((s, e, run, chinese))

    # Pair parentheses line by line; a pair converts when it holds Chinese, or holds no Latin
    # letters and either of its runs is in Chinese context.
    convert: set[int] = set()
    converted_run: set[int] = set()
    stack: list[tuple[int, int]] = []  # (position of "(", index of its run)
    last = 0
    for r, (s, e, run, _chinese) in enumerate(runs):
        if _PARENS.search(run) is None:
            continue
        if "\n" in text[last:s]:
            stack.clear()
        last = e
        for i, ch in enumerate(run):
            if ch in "(\uff08":
                stack.append((s + i, r))
            elif ch in ")\uff09" and stack:
                open_pos, open_run = stack.pop()
                inner = text[open_pos + 1 : s + i]
                if _HAN_CHAR.search(inner) or (
                    not _LATIN_LETTER.search(inner) and (runs[open_run][3] or runs[r][3])
                ):
                    convert.update((open_pos, s + i))
                    converted_run.update((open_run, r))

    edits: list[Edit] = []
    for r, (s, _e, run, chinese) in enumerate(runs):
        in_context = chinese or r in converted_run
        if not in_context:
            continue  # no pair in it converted either
        for i, ch in enumerate(run):
            if ch in _CONVERTIBLE or (ch in "()" and s + i in convert):
                edits.append(Edit(s + i, s + i + 1, _HALF_TO_FULL[ch], "punctuation", _FULLWIDTH_REASON))
    return edits


# --- pass 4: layout ------------------------------------------------------------------------------

_INDENT = re.compile(f"(?:^|(?<=\n))[{_WS}{_NBSP}]+")
_BLANK_RUN = re.compile(f"\n(?:[{_WS}]*\n)+")


@lru_cache(maxsize=16)
def _long_blank_run(max_blank: int) -> re.Pattern[str]:
    """A content line's newline, then more than `max_blank` blank lines (all of them)."""
    return re.compile(f"\n(?:[{_WS}]*\n){{{max_blank + 1},}}")


def _trailing_space(text: str) -> list[Edit]:
    if not (" \n" in text or "\t\n" in text or "\u3000\n" in text or text[-1:] in (" ", "\t", "\u3000")):
        return []  # no line ends in a space (three substring searches in C, not a loop over lines)
    reason = "spaces at the end of a line"
    edits = []
    pos = 0
    ws = _WS
    for line in text.split("\n"):
        if line and line[-1] in ws:
            edits.append(Edit(pos + len(line.rstrip(ws)), pos + len(line), "", "trailing-space", reason))
        pos += len(line) + 1
    return edits


def _indent(text: str) -> list[Edit]:
    edits = []
    for m in _INDENT.finditer(text):
        if m.end() < len(text) and text[m.end()] != "\n":  # whitespace-only lines: trailing space
            edits.append(Edit(m.start(), m.end(), "", "indent", "indentation at the start of a line"))
    return edits


def _layout(text: str, config: Config) -> list[Edit]:
    line_edits = _trailing_space(text) if config.strip_trailing_space else []
    if config.indent == "strip":
        line_edits = sorted(line_edits + _indent(text), key=lambda e: e.start)
    text1 = apply_edits(text, line_edits)
    return _compose_deletions(line_edits, _blank_lines(text1, config.max_blank_lines))


def _compose_deletions(first: list[Edit], second: list[Edit]) -> list[Edit]:
    """`edits.compose(text, first, second)` when every edit of both deletes a non-empty span: one
    sweep. A `first` deletion strictly inside a `second` one merges into it; one at its edge
    stays apart (compose's rule)."""
    if not first or not second:
        return list(first or second)
    out: list[Edit] = []
    i = 0
    n = len(first)
    removed = 0  # characters deleted by first[:i]
    for b in second:
        c, d = b.start, b.end
        while i < n and first[i].start - removed <= c:
            out.append(first[i])
            removed += first[i].end - first[i].start
            i += 1
        start = c + removed
        while i < n and first[i].start - removed < d:  # inside b: merged into it
            removed += first[i].end - first[i].start
            i += 1
        out.append(Edit(start, max(start, d + removed), "", b.kind, b.reason))
    out.extend(first[i:])
    return out


def _blank_lines(text: str, max_blank: int) -> list[Edit]:
    """Blank lines beyond `max_blank` in a run, and all blank lines at the start and end."""
    blank = _WS + "\n"
    content_end = len(text.rstrip(blank))
    if content_end == 0:
        return [Edit(0, len(text), "", "blank-lines", "text holds only blank lines")] if text else []
    edits: list[Edit] = []
    content_start = len(text) - len(text.lstrip(blank))
    lead = text.rfind("\n", 0, content_start) + 1
    if lead:
        edits.append(Edit(0, lead, "", "blank-lines", "blank lines at the start of the text"))
    # Runs short enough to stay are not even matched (up to a sane limit on the option).
    runs = _long_blank_run(max_blank) if max_blank <= 1000 else _BLANK_RUN
    for m in runs.finditer(text, lead, content_end):
        # m: the newline ending a content line, then blank lines each ending with a newline.
        starts = [i for i, c in enumerate(m.group()) if c == "\n"]
        if len(starts) - 1 > max_blank:
            cut = m.start() + starts[max_blank] + 1
            edits.append(Edit(cut, m.end(), "", "blank-lines", "run of blank lines collapsed"))
    tail_nl = text.find("\n", content_end)
    if tail_nl != -1 and tail_nl + 1 < len(text):
        edits.append(Edit(tail_nl + 1, len(text), "", "blank-lines", "blank lines at the end of the text"))
    return edits
