"""Article structure: boilerplate removal, sections and metadata from plain-text pages.

The step labels every line (`label.py`), then builds the article from the labels:

- `Structure.text`: the article's lines (title, subtitle, lead, headings, paragraphs, captions)
  in reading order, each stripped of surrounding spaces, joined with one ``\\n`` (no blank lines,
  no trailing newline). Metadata and furniture lines are not in it.
- `Structure.sections`: one `Section` per article line, ``"\\n".join(s.text for s in sections)
  == text`` always.
- `Structure.meta`: title, subtitle, date (ISO 8601), source, author, editor, publisher, url...
- `Structure.edits`: `Edit`s on the input that turn it into `text`: one per removed line (kind =
  the reason: nav, footer, metadata, byline...) and ``layout`` edits for blank lines and
  indentation between kept lines.

Labelling is repeated on its own output until nothing more is removed (usually one extra pass
that changes nothing), so ``segment(segment(x).text).text == segment(x).text`` holds by
construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..config import DEFAULT, Config
from ..document import Document, Section
from ..edits import Edit
from .dates import parse_date, url_date
from .label import CONTENT_KINDS, GOOD, REASONS, Line, classify, decide, exclaimed_title
from .lexicon import lexicon

METADATA_LABELS = frozenset({"metadata", "byline", "editor", "url"})
"""Removal labels whose lines carry metadata (kept as ``metadata`` sections when auditing)."""

_MAX_PASSES = 5


@dataclass(slots=True)
class Structure:
    """The structure step's result on one text (see the module docstring)."""

    text: str
    sections: list[Section]
    meta: dict[str, Any]
    edits: list[Edit]


def label_lines(text: str) -> list[Line]:
    """Every line of `text` with its final label (article kind, ``blank``, or removal reason)."""
    raw, texts, labels, reasons, _ = _final_lines(text)
    lines: list[Line] = []
    pos = 0
    for i, r in enumerate(raw):
        lines.append(Line(pos, pos + len(r), texts[i], labels[i], reasons[i]))
        pos += len(r) + 1
    return lines


def _final_lines(text: str) -> tuple[list[str], list[str], list[str], list[str], dict[str, str]]:
    """Label `text`, then relabel the kept lines until a pass removes nothing.

    A later pass sees exactly what labelling the output text would see (the kept lines,
    stripped, without blank lines), so the result is a fixed point: labelling it again removes
    nothing. Lines are classified on their own once; later passes redo only the context passes.
    """
    lex = lexicon()
    raw = text.split("\n")
    texts = [r.strip() for r in raw]
    cls0, kind0, metas0 = classify(texts, lex)
    labels, reasons, meta = decide(texts, list(cls0), list(kind0), dict(metas0), lex)
    kept = [i for i, lab in enumerate(labels) if lab in CONTENT_KINDS]
    nonblank = len(texts) - texts.count("")
    for _ in range(_MAX_PASSES - 1):
        if len(kept) == nonblank:
            break  # nothing removed: the context passes only ever see non-blank lines
        window = _window(kept, texts, cls0)
        sub = [texts[i] for i in window]
        sub_metas = {k: metas0[i] for k, i in enumerate(window) if i in metas0}
        again, why, more = decide(sub, [cls0[i] for i in window], [kind0[i] for i in window], sub_metas, lex)
        for key, value in more.items():
            meta.setdefault(key, value)
        dropped = False
        for i, lab, reason in zip(window, again, why, strict=True):
            # Kept lines keep the first pass's kind: it saw the context (a caption's image file).
            if lab not in CONTENT_KINDS:
                labels[i] = lab
                reasons[i] = reason
                dropped = True
        if not dropped:
            break
        kept = [i for i in kept if labels[i] in CONTENT_KINDS]
    return raw, texts, labels, reasons, meta


def _window(kept: list[int], texts: list[str], cls0: list[int]) -> list[int]:
    """The kept lines a later pass must see to decide exactly as a pass over all of them would.

    Inside the main block (between its first and last long prose lines, which bound it in every
    pass) a later pass can remove nothing: there is no furniture left for a line to sit between,
    and menus, titles, bylines and footers are only looked for outside it. Only repeated lines
    (a duplicated copy) reach across the whole text; with any, the pass sees everything.
    """
    if len({texts[i] for i in kept}) != len(kept):
        return kept
    strong = [i for i in kept if cls0[i] == GOOD and len(texts[i]) >= 20 and not exclaimed_title(texts[i])]
    if len(strong) < 2:
        return kept
    first, last = strong[0], strong[-1]
    return [i for i in kept if i <= first or i >= last]


def analyze(text: str, config: Config | None = None) -> Structure:
    """Label `text`'s lines and build the article, its sections, metadata and edits."""
    config = config or DEFAULT
    raw, texts, labels, reasons, found = _final_lines(text)
    keep_all = config.keep_boilerplate
    # One sweep over the lines builds the sections and the edits that turn `text` into the kept
    # lines joined with "\n": for each gap between two kept lines, the newline ending the first
    # stays and what follows it (spaces, blank and removed lines) goes.
    sections: list[Section] = []
    kept: list[str] = []
    edits: list[Edit] = []
    removed: list[tuple[int, str, str]] = []  # (start, label, reason) of removed lines in the gap
    prev_end = -1  # end of the previous kept line's raw text (its newline is kept)
    prev_b = 0  # end of the previous kept line's stripped text
    title = subtitle = None
    pos = 0
    for i, r in enumerate(raw):
        s = texts[i]
        if s:
            label = labels[i]
            if label == "title":
                title = title or s
            elif label == "subtitle":
                subtitle = subtitle or s
            content = label in CONTENT_KINDS
            if content or keep_all:
                a = pos + len(r) - len(r.lstrip())
                if removed or prev_end < 0:
                    _gap(text, edits, removed, prev_b, prev_end, a, prev_end >= 0)
                elif a - prev_b != 1 or text[prev_b] != "\n":  # the common gap, inline
                    edits.append(Edit(prev_b, a, "\n", "layout", _LAYOUT))
                if content:
                    sections.append(Section(label, s))
                else:
                    sections.append(Section(_section_kind(label), s))
                    note = f"{REASONS.get(label, label)} (kept for auditing)"
                    edits.append(Edit(a, a + len(s), s, label, note))
                kept.append(s)
                removed = []
                prev_b = a + len(s)
                prev_end = pos + len(r)
            else:
                removed.append((pos, label, reasons[i]))
        pos += len(r) + 1
    _gap(text, edits, removed, prev_b, prev_end, len(text), False)

    meta: dict[str, Any] = {}
    if title:
        meta["title"] = title
    if subtitle:
        meta["subtitle"] = subtitle
    meta.update(found)
    if "date" not in meta and "url" in meta:
        d = url_date(meta["url"])
        if d:
            meta["date"] = d
    return Structure("\n".join(kept), sections, meta, edits)


def _section_kind(label: str) -> str:
    if label in CONTENT_KINDS:
        return label
    return "metadata" if label in METADATA_LABELS else "boilerplate"


_LAYOUT = "blank lines and spaces between article lines"


def _gap(
    text: str, edits: list[Edit], removed: list[tuple[int, str, str]], b: int, prev_end: int, a: int, newline: bool
) -> None:
    """Edits for the gap ``text[b:a]`` between two kept lines, which must become ``"\n"`` (with
    `newline`; nothing at the text's edges). Edits come out in order: the caller never sorts."""
    if not removed:
        if newline:
            if a - b != 1 or text[b] != "\n":
                edits.append(Edit(b, a, "\n", "layout", _LAYOUT))
        elif a != b:
            edits.append(Edit(b, a, "", "layout", _LAYOUT))
        return
    start = b
    if newline:  # keep the newline that ends the previous kept line
        if prev_end > b:
            edits.append(Edit(b, prev_end, "", "layout", "spaces at the end of an article line"))
        start = prev_end + 1
    last = len(removed) - 1
    for k, (_, label, reason) in enumerate(removed):
        end = removed[k + 1][0] if k < last else a
        edits.append(Edit(start, end, "", label, reason))
        start = end


def segment(text: str, config: Config | None = None, **options: Any) -> Document:
    """Split a plain-text page into its article's sections and metadata, dropping site furniture.

    Runs the structure step alone (no hygiene, repair or conversion; `zhclean.clean` runs them
    all). Every removed line is a `Change` of step ``structure`` whose kind is the reason.

    >>> doc = segment("首页 | 新闻 | 关于我们\\n标题\\n发布时间:2024-01-18\\n正文第一段，说了一件事。")
    >>> doc.text
    '标题\\n正文第一段，说了一件事。'
    >>> doc.meta["date"]
    '2024-01-18'
    """
    from ..pipeline import Trace

    if not isinstance(text, str):
        from ..errors import InputTypeError

        raise InputTypeError(f"segment() takes str, not {type(text).__name__}")
    cfg = (config or DEFAULT).replace(**options)
    st = analyze(text, cfg)
    trace = Trace(text)
    trace.apply("structure", text, st.edits)
    return Document(text=st.text, sections=st.sections, meta=st.meta, changes=trace.changes)


def strip_boilerplate(text: str, config: Config | None = None, **options: Any) -> str:
    """The article text of a page: `segment(text).text` (furniture and metadata lines removed).

    >>> strip_boilerplate("当前位置:首页>>新闻>>正文\\n会议还研究审议了其他事项。\\n版权所有:某某商会")
    '会议还研究审议了其他事项。'
    """
    cfg = (config or DEFAULT).replace(**options)
    return analyze(text, cfg).text


__all__ = ["Line", "Structure", "analyze", "label_lines", "parse_date", "segment", "strip_boilerplate", "url_date"]
