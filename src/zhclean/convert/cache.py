"""Build converters, keeping the built tables in a per-user cache file (placeholder)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .engine import Converter


def load_converter(name: str) -> Converter:
    from .engine import Converter

    return Converter.build(name)
