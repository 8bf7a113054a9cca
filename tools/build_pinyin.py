"""Build ``src/zhclean/data/pinyin.tsv``: every toned reading of each Han character.

Source: pypinyin's single-character table (``pypinyin.pinyin_dict``, MIT licence, itself built
from the Unicode Unihan kHanyuPinyin/kXHC1983/kMandarin fields and other dictionaries). Only BMP
characters (CJK unified ideographs, extension A, compatibility ideographs) are kept, to keep the
file small; pinyin annotations left by mirror-site proxies fall on ordinary characters.
Run: ``python tools/build_pinyin.py`` (needs pypinyin).
"""

from __future__ import annotations

from pathlib import Path

import pypinyin
from pypinyin.pinyin_dict import pinyin_dict

OUT = Path(__file__).resolve().parents[1] / "src" / "zhclean" / "data" / "pinyin.tsv"


def keep(cp: int) -> bool:
    return 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF


def main() -> None:
    rows = sorted((cp, readings) for cp, readings in pinyin_dict.items() if keep(cp))
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(f"# char\ttoned readings, comma-separated; from pypinyin {pypinyin.__version__} pinyin_dict (MIT)\n")
        fh.write("# built by tools/build_pinyin.py\n")
        for cp, readings in rows:
            fh.write(f"{chr(cp)}\t{readings}\n")
    print(f"wrote {len(rows)} characters to {OUT}")


if __name__ == "__main__":
    main()
