"""User phrase dictionaries: ``from<TAB>to`` lines that win over OpenCC's dictionaries.

The file format is OpenCC's: one entry a line, the key, a tab, the value (if the value holds
spaces, the first word is taken, as OpenCC does with its list of alternatives); blank lines and
lines starting with ``#`` are skipped. Conversion first marks every user key in the text (longest
key first, left to right) and leaves them to the user's values; OpenCC's dictionaries convert
the text between them.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache

from .dictionaries import ConvertError
from .tables import Table

_lock = threading.Lock()


def load_user_dict(path: str) -> Table:
    """The user dictionary at `path` as a `Table` (re-read when the file changes)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise ConvertError(f"{path}: cannot read user dictionary ({exc.strerror or exc})") from None
    with _lock:
        return _load(path, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=16)
def _load(path: str, mtime: int, size: int) -> Table:
    try:
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConvertError(f"{path}: cannot read user dictionary ({exc})") from None
    return Table.build(parse_user_dict(text, source=path), keep_identity_singles=True)


def parse_user_dict(text: str, *, source: str = "user dictionary") -> dict[str, str]:
    """Parse ``from<TAB>to`` lines; a line without a tab or a value is an error naming it."""
    entries: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, rest = line.strip("\r\n").partition("\t")
        key = key.strip()
        values = rest.split()
        if not sep or not key or not values:
            raise ConvertError(f"{source}, line {number}: expected 'from<TAB>to', got {stripped!r}")
        entries[key] = values[0]
    return entries
