"""Package data the repair modules share, loaded once per process on first use.

``script_chars.tsv`` (OpenCC: which characters belong to one script only), ``pair_pmi.tsv``
(wordfreq: which adjacent characters go together inside words) and ``gbk_unmapped.tsv`` (glibc:
which two-byte GBK pairs have no character). Built by ``tools/build_misaligned_data.py``.
"""

from __future__ import annotations

from functools import lru_cache

from ..tables import float_table
from ..tables import rows as _rows


@lru_cache(maxsize=1)
def script_chars() -> dict[str, tuple[str, str]]:
    """char -> ("T" or "S", its counterpart in the other script), for one-script characters."""
    return {r[0]: (r[1], r[2]) for r in _rows("script_chars.tsv")}


def is_traditional_only(ch: str) -> bool:
    """True for a character written only in Traditional script (`領`, `內`; not `市`)."""
    info = script_chars().get(ch)
    return info is not None and info[0] == "T"


def is_simplified_only(ch: str) -> bool:
    """True for a character written only in Simplified script (`领`, `内`; not `市`)."""
    info = script_chars().get(ch)
    return info is not None and info[0] == "S"


def to_simplified(ch: str) -> str:
    """The Simplified form of a Traditional-only character, else the character itself."""
    info = script_chars().get(ch)
    return info[1] if info is not None and info[0] == "T" else ch


@lru_cache(maxsize=1)
def bigrams() -> dict[str, float]:
    """Simplified two-character string -> log10 association inside words (positive: go together)."""
    return float_table("pair_pmi.tsv")


def bigram_score(a: str, b: str) -> float:
    """Association of `a` then `b` (either script); 0.0 when the pair is not in the table."""
    return bigrams().get(to_simplified(a) + to_simplified(b), 0.0)


@lru_cache(maxsize=1)
def gbk_unmapped() -> frozenset[int]:
    """Two-byte GBK pairs (as ``lead << 8 | trail``) that glibc's decoder drops whole."""
    out: set[int] = set()
    for lead, ranges in _rows("gbk_unmapped.tsv"):
        a = int(lead, 16)
        for r in ranges.split(","):
            lo, _, hi = r.partition("-")
            for b in range(int(lo, 16), int(hi or lo, 16) + 1):
                if b != 0x7F:
                    out.add(a << 8 | b)
    return frozenset(out)
