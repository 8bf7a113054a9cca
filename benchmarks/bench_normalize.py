"""Speed of text hygiene (`zhclean.normalize`), in MB of UTF-8 input per second.

Run from the repository root:

    PYTHONPATH=src python benchmarks/bench_normalize.py [--check]

Inputs are the seeds repeated to about 10 MB: seed 002 alone (already clean: the fast path),
and all five seeds together (NBSPs, trailing spaces, blank-line runs to fix), under the default
options and the costlier ones. Then single 1 MB and 10 MB lines without newlines, built to trip
backtracking regexes: the time per MB must stay flat from 1 MB to 10 MB (linear).

Last, the news pages of `bench_pipeline.py` (seeds 000-002 shuffled: Simplified; 003-004:
Traditional) under the options of the pipeline's first hygiene pass: MB/s per CPU second, the
share of pages the quick path takes, and a check that on every page it gives exactly the edits
of the general passes. With ``--check`` the script exits with status 1 when the quick path
differs anywhere or the Simplified pages run below 100 MB/s.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from zhclean import Config
from zhclean.normalize import _general_edits, _quick_round, normalize_edits
from zhclean.pipeline import _before_repair

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
TARGET = 10_000_000
NEWS_TARGET = 100.0
"""MB/s the first hygiene pass must reach on the Simplified news pages (issue 6's budget)."""


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
        start = time.process_time()  # CPU time: other processes on the machine do not count
        edits = len(normalize_edits(text, config))
        best = min(best, time.process_time() - start)
    return mb / best, edits


def news_pages() -> bool:
    """Quick-path share, equality with the general passes and speed on the pipeline's news pages."""
    import random

    from bench_pipeline import pages

    ok = True
    print(f"{'news pages (first hygiene pass)':<40} {'MB':>6} {'MB/s':>8} {'quick':>7} {'same edits':>11}")
    for kind, size in (("simplified", 3.0), ("traditional", 1.0)):
        docs = pages(kind, size, random.Random(1))
        config = _before_repair(Config(target="hans") if kind == "traditional" else Config())
        mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
        quick = [_quick_round(d, config, True) for d in docs]
        same = all(q is None or q == _general_edits(d, config, True) for q, d in zip(quick, docs, strict=True))
        best = float("inf")
        for _ in range(7):
            t0 = time.process_time()
            for d in docs:
                normalize_edits(d, config, keep_mojibake=True)
            best = min(best, time.process_time() - t0)
        share = sum(q is not None for q in quick) / len(docs)
        print(f"{kind + ' pages':<40} {mb:>6.1f} {mb / best:>8.1f} {share:>7.0%} {'yes' if same else 'NO':>11}")
        ok = ok and same and (kind != "simplified" or mb / best >= NEWS_TARGET)
    return ok


def main() -> int:
    check = "--check" in sys.argv[1:]
    if check:
        ok = news_pages()
        print("check:", "passed" if ok else f"FAILED (target {NEWS_TARGET:.0f} MB/s, same edits)")
        return 0 if ok else 1
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
    print()
    news_pages()
    return 0


if __name__ == "__main__":
    sys.exit(main())
