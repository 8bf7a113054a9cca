"""Damage generators shared by the repair tests and benchmarks: GBK bytes with one lead byte lost.

The damage is made the way it was made in the wild: the text (with full-width punctuation, as it
was before a corpus applied NFKC) is encoded as GBK, one lead byte is replaced by ``?``, glibc
``iconv -c -f GBK -t UTF-8`` decodes the bytes (dropping unmapped pairs two bytes wide), and NFKC
is applied to the result, as the seeds' corpus did.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import unicodedata

HAVE_ICONV = shutil.which("iconv") is not None

_PY = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_ANNOT = re.compile(rf"\([{_PY}]+\)")
_ANNOT_END = re.compile(rf"\([{_PY}]+\)$")
_TO_FULL = {",": "，", "(": "（", ")": "）", ":": "：", ";": "；", "!": "！", "?": "？"}


def fullwidth(text: str) -> str:
    """The text as it was before NFKC: ASCII punctuation inside Chinese made full-width again."""
    out = []
    for i, c in enumerate(text):
        if c in _TO_FULL:
            annotation = (c == "(" and _ANNOT.match(text, i)) or (c == ")" and _ANNOT_END.search(text, 0, i + 1))
            near = text[max(0, i - 1) : i + 2]
            if not annotation and any("\u4e00" <= x <= "\u9fff" for x in near):
                c = _TO_FULL[c]
        out.append(c)
    return "".join(out)


def iconv_gbk(raw: bytes) -> str:
    """glibc's view of `raw` as GBK, unmapped pairs dropped (``iconv -c``)."""
    out = subprocess.run(["iconv", "-c", "-f", "GBK", "-t", "UTF-8"], input=raw, capture_output=True, check=False)
    return out.stdout.decode("utf-8")


def lead_offsets(text: str) -> list[tuple[int, int]]:
    """(byte offset of a lead byte in text's GBK bytes, index of its character)."""
    out = []
    pos = 0
    for i, c in enumerate(text):
        b = c.encode("gbk")
        if len(b) == 2:
            out.append((pos, i))
        pos += len(b)
    return out


def lose_lead(text: str, rng: random.Random) -> tuple[str, int] | None:
    """(the damaged text, index of the character whose lead byte was lost), or None."""
    full = fullwidth(text)
    raw = full.encode("gbk")
    leads = lead_offsets(full)
    if not leads:
        return None
    off, idx = rng.choice(leads)
    damaged = iconv_gbk(raw[:off] + b"?" + raw[off + 1 :])
    return unicodedata.normalize("NFKC", damaged), idx


def gbk_sentences(text: str) -> list[str]:
    """Sentences of `text` (split after 。) that GBK can encode, 12 to 80 characters long."""
    out = []
    for line in text.splitlines():
        for s in re.findall(r"[^。]+。?", line):
            try:
                s.encode("gbk")
            except UnicodeEncodeError:
                continue
            if 12 <= len(s) <= 80:
                out.append(s)
    return out


def mirror_decode(raw: bytes) -> str:
    """A decoder like the mirror pages' one: a bad or unmapped pair becomes one ``?`` (2 bytes)."""
    out: list[str] = []
    i = 0
    while i < len(raw):
        b = raw[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        if i + 1 < len(raw):
            try:
                out.append(raw[i : i + 2].decode("gbk"))
            except UnicodeDecodeError:
                out.append("?")
            i += 2
        else:
            out.append("?")
            i += 1
    return "".join(out)
