"""HTML leftovers in text: tags, comments and entities a scraper did not strip.

Scraped articles keep fragments of their markup: ``工作。”</p>``, ``第一段<br>第二段``,
``<span style="...">``, ``<!-- 广告 -->``, and entities, sometimes escaped twice
(``&amp;#x4e2d;``). Only things that are unmistakably markup are touched: a tag needs a known HTML
element name right after ``<`` or ``</`` and must close on the same line, so ``a < b``,
``x<5>``, ``《》`` and ``<<`` stay as they are.

- block tags and ``<br>`` between text on one line become a line break; elsewhere tags go;
- ``<script>``/``<style>`` blocks and comments go with their content;
- entities are decoded (the normalize step does this too; here it covers `repair` run alone),
  unless ``Config.html_entities`` is off.

    >>> from zhclean.config import Config
    >>> from zhclean.edits import apply_edits
    >>> text = "开展工作。”</p>\\n第一段<br>第二段&amp;#x4e2d;"
    >>> apply_edits(text, html_edits(text, Config()))
    '开展工作。”\\n第一段\\n第二段中'
"""

from __future__ import annotations

import html
import re

from ..config import Config
from ..edits import Edit

_BLOCK = (
    "p|div|br|hr|li|ul|ol|dl|dt|dd|table|thead|tbody|tfoot|tr|td|th|caption|section|article|header|"
    "footer|nav|aside|main|h[1-6]|blockquote|pre|figure|figcaption|center|form|address|title|head|"
    "body|html|iframe|video|audio|noscript"
)
_INLINE = (
    "a|span|font|strong|b|i|em|u|s|strike|small|big|sup|sub|img|code|tt|mark|ins|del|abbr|cite|q|"
    "time|label|input|button|select|option|textarea|source|embed|object|param|wbr|col|colgroup|"
    "area|map|canvas|svg|path|meta|link|base|o:p|st1:[a-z]+|v:[a-z]+|w:[a-z]+"
)
_ATTR = r"""\s+[A-Za-z_:][-\w:.]*(?:\s*=\s*(?:"[^"\n]{0,500}"|'[^'\n]{0,500}'|[^\s"'<>]{1,500}))?"""
_TAG = rf"</?(?:{_BLOCK}|{_INLINE})(?=[\s/>])(?:{_ATTR}){{0,30}}\s*/?>"
_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCK})(?=[\s/>])", re.IGNORECASE)
_FIND = re.compile(
    r"(?P<script><(?P<sname>script|style)\b[^>\n]{0,600}>.{0,20000}?</(?P=sname)\s*>)"
    r"|(?P<comment><!--.{0,20000}?-->)"
    rf"|(?P<tags>{_TAG}(?:[ \t]*{_TAG})*)"
    r"|(?P<entity>&(?:amp;)?(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};|nbsp(?![A-Za-z0-9;])))",
    re.IGNORECASE | re.DOTALL,
)
_SCREEN = re.compile(r"<[A-Za-z/!]|&")
"""What every match of `_FIND` starts with. Searched only in a text holding ``<`` or ``&``
(``in`` tests scan several times faster than a regular expression)."""
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def html_edits(text: str, config: Config) -> list[Edit]:
    """Edits that remove markup left in `text` and decode its entities."""
    if "&" not in text and ("<" not in text or not _SCREEN.search(text)):
        return []
    edits: list[Edit] = []
    for m in _FIND.finditer(text):
        s, e = m.span()
        if m.group("entity"):
            if not config.html_entities:
                continue
            after = _unescape(m.group(), config)
            if after != m.group():
                edits.append(Edit(s, e, after, "html", "HTML entity left in text"))
            continue
        if m.group("script"):
            after, reason = "", f"<{m.group('sname').lower()}> block left in text"
        elif m.group("comment"):
            after, reason = "", "HTML comment left in text"
        else:
            block = bool(_BLOCK_TAG.search(m.group()))
            inside_line = s > 0 and text[s - 1] != "\n" and e < len(text) and text[e] != "\n"
            after = "\n" if block and inside_line else ""
            reason = "HTML tag left in text" + (", made a line break" if after else "")
        edits.append(Edit(s, e, after, "html", reason))
    return edits


def _unescape(entity: str, config: Config) -> str:
    """Decode an entity, twice at most (``&amp;#x4e2d;``); never to NUL, controls or surrogates."""
    body = "&" + entity[5:] if entity.lower().startswith("&amp;") and len(entity) > 5 else entity
    out = html.unescape(body if body.endswith(";") else body + ";")
    if len(out) != 1 and body is not entity:
        out = html.unescape(entity)
    if any(_UNSAFE.match(ch) for ch in out):
        return entity
    if out == "\u00a0" and config.nbsp == "space":
        return " "
    return out
