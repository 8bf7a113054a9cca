"""The decode step's measured target, shared by tests/test_decode.py and benchmarks/bench_decode.py.

Every seed in seven encodings, decoded whole and from 200- and 50-byte prefixes cut at the exact
byte count. "Big5" uses the first of big5, cp950, big5hkscs that encodes the seed.
"""

from __future__ import annotations

import codecs

ENCODINGS = {
    "UTF-8": ("utf-8",),
    "UTF-8 BOM": ("utf-8-sig",),
    "GB18030": ("gb18030",),
    "GBK": ("gbk",),
    "Big5": ("big5", "cp950", "big5hkscs"),
    "UTF-16 BOM": ("utf-16",),
    "UTF-16LE": ("utf-16-le",),
}
CUTS: tuple[int | None, ...] = (None, 200, 50)


def encode(text: str, label: str, replace: bool) -> tuple[bytes, str] | None:
    """`text` in the encoding `label` with the codec used, or None if it cannot be encoded
    (with `replace`, the first codec replacing what it cannot encode)."""
    for codec in ENCODINGS[label]:
        try:
            return text.encode(codec), codec
        except UnicodeEncodeError:
            continue
    if replace:
        return text.encode(ENCODINGS[label][0], errors="replace"), ENCODINGS[label][0]
    return None


def truth(data: bytes, codec: str) -> str:
    """The true text of `data` (a prefix, maybe cut in a character) without the cut character."""
    return codecs.getincrementaldecoder(codec)().decode(data, final=False)
