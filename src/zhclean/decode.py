"""Decoding bytes to text: BOMs, strict UTF-8, UTF-16/32, Chinese legacy codecs, then the rest.

First cut; see the decode tests for what it must meet.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from .charstats import han_cost
from .errors import NotTextError, UndecodableError


@dataclass(frozen=True, slots=True)
class Decoded:
    """The decoded `text`, the codec's `encoding` name, a `confidence` in [0, 1], `bom` seen."""

    text: str
    encoding: str
    confidence: float
    bom: bool = False

    def __str__(self) -> str:
        return self.text


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode `data`, detecting its encoding unless `encoding` names one."""
    if encoding:
        try:
            return Decoded(data.decode(encoding), codecs.lookup(encoding).name, 1.0)
        except LookupError as exc:
            raise UndecodableError(f"unknown encoding {encoding!r}") from exc
        except UnicodeDecodeError as exc:
            raise UndecodableError(f"not valid {encoding}: {exc.reason} at byte {exc.start}") from exc
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom):].decode(name, errors="replace"), name, 1.0, True)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", 1.0)
    except UnicodeDecodeError:
        pass
    if data.count(0) > len(data) // 10:
        raise NotTextError("binary data (NUL bytes)")
    best: Decoded | None = None
    best_cost = 1e9
    for name in ("gb18030", "big5hkscs"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        n, cost = han_cost(text)
        if n and cost < best_cost:
            best, best_cost = Decoded(text, name, 0.8), cost
    if best:
        return best
    raise UndecodableError("no supported encoding decodes it")
