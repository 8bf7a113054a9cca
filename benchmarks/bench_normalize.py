"""Speed of text hygiene (`zhclean.normalize`), in MB of UTF-8 input per second.

Run from the repository root:

    PYTHONPATH=src python benchmarks/bench_normalize.py

Inputs are the seeds repeated to about 10 MB: seed 002 alone (already clean: the fast path),
and all five seeds together (NBSPs, trailing spaces, blank-line runs to fix), under the default
options and the costlier ones. Then single 1 MB and 10 MB lines without newlines, built to trip
backtracking regexes: the time per MB must stay flat from 1 MB to 10 MB (linear).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from zhclean import Config
from zhclean.normalize import normalize_edits

ROOT = Path(__file__).resolve().parent.parent
TARGET = 10_000_000


def seeds(pattern: str = "*.txt") -> str:
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob(pattern)))


def repeat_to(text: str, size: int) -> str:
    unit = len(text.encode("utf-8"))
    return text * max(1, size // unit)


def measure(text: str, config: Config, runs: int = 3) -> tuple[float, int]:
    """Best MB/s over `runs`, and the number of edits."""
    mb = len(text.encode("utf-8")) / 1e6
    best = float("inf")
    edits = 0
    normalize_edits("warm up é\u0301", config)  # builds cached patterns and tables once
    for _ in range(runs):
        start = time.perf_counter()
        edits = len(normalize_edits(text, config))
        best = min(best, time.perf_counter() - start)
    return mb / best, edits


def main() -> int:
    clean = repeat_to(seeds("002_*.txt"), TARGET)
    mixed = repeat_to(seeds(), TARGET)
    rows = [
        ("seed 002 (clean), defaults", clean, Config()),
        ("all seeds, defaults", mixed, Config()),
        ("all seeds, punctuation=fullwidth", mixed, Config(punctuation="fullwidth")),
        ("all seeds, punctuation=halfwidth", mixed, Config(punctuation="halfwidth")),
        ("all seeds, NFKC, indent=strip", mixed, Config(unicode_form="NFKC", indent="strip")),
    ]
    print(f"{'input':<40} {'MB':>6} {'MB/s':>8} {'edits':>9}")
    for label, text, config in rows:
        rate, edits = measure(text, config)
        print(f"{label:<40} {len(text.encode()) / 1e6:>6.1f} {rate:>8.1f} {edits:>9}")

    print()
    print("One line without newlines (linear: s/MB must not grow from 1 MB to 10 MB)")
    print(f"{'pattern':<34} {'s/MB at 1 MB':>13} {'s/MB at 10 MB':>14}")
    lines = {
        "Chinese text, no newline": "京津冀协同发展,",
        "spaces then a letter": " ",
        "zero-width joiners": "\u200d",
        "&amp; repeated": "&amp;",
        "letters (URL scheme scan)": "abc",
        "combining accents": "e\u0301",
        "NBSP and C1 (mojibake guard)": "\xa0\x85é",
        ",( runs": ",(中",
    }
    full = Config(punctuation="fullwidth", indent="strip")
    for label, unit in lines.items():
        per_mb = []
        for size in (1_000_000, 10_000_000):
            text = repeat_to(unit, size) + "x"
            rate, _ = measure(text, full, runs=1)
            per_mb.append(1 / rate)
        print(f"{label:<34} {per_mb[0]:>13.3f} {per_mb[1]:>14.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
