"""The ``zhclean`` command line (first cut)."""

from __future__ import annotations

import sys

from .pipeline import clean


def main(argv: list[str] | None = None) -> int:
    """Clean each file named in `argv` and print the text."""
    args = sys.argv[1:] if argv is None else argv
    for path in args:
        with open(path, "rb") as fh:
            print(clean(fh.read()).text)
    return 0
