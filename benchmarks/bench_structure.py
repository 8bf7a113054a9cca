"""Structure step: quality on generated pages, and speed.

Run from the repository root:

    PYTHONPATH=src python benchmarks/bench_structure.py [--pages 2000] [--show-misses 10]

Quality: `tests/pages.py` builds pages of real article text (the seeds' paragraphs and written
articles) wrapped in site furniture of every family, every line labelled; the script reports the
share of article characters kept, of furniture and metadata lines removed, and of metadata fields
(title, date, source, author, editor) extracted exactly where the page has them.
Speed: MB/s (UTF-8 bytes per CPU second, best of 7 runs) of `zhclean.structure.analyze` on one
core, on the seeds and on the generated pages, and on one 10 MB line (must be linear).
"Cold cache": the per-process memory of short lines' classifications is cleared before every
page, so nothing carries over from one page to the next; "warm cache": the pages were seen once
before (a site's furniture repeats from page to page).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from pages import make_page, score  # noqa: E402
from zhclean.structure import analyze, label_lines  # noqa: E402
from zhclean.structure.label import clear_cache  # noqa: E402

FIELDS = ("title", "date", "source", "author", "editor")


def quality(n: int, show: int) -> None:
    totals: Counter[str] = Counter()
    present: Counter[str] = Counter()
    right: Counter[str] = Counter()
    misses: list[str] = []
    for seed in range(n):
        page = make_page(seed)
        lines = label_lines(page.text)
        labels = [ln.label for ln in lines][: len(page.lines)]
        counts = score(page, labels)
        totals.update(counts)
        for (s, truth), label in zip(page.lines, labels, strict=True):
            if truth == "blank":
                continue
            kept = label not in ("blank",) and not lines[0].__class__(0, 0, "", label).removed
            if truth.startswith("article:") != kept and len(misses) < show:
                misses.append(f"seed {seed}: {truth} labelled {label}: {s.strip()[:60]}")
        meta = analyze(page.text).meta
        for f in FIELDS:
            if f in page.meta:
                present[f] += 1
                if meta.get(f) == page.meta[f]:
                    right[f] += 1
                elif len(misses) < show:
                    misses.append(f"seed {seed}: meta {f} {meta.get(f)!r} != {page.meta[f]!r}")
    kept = totals["kept_chars"] / totals["article_chars"]
    removed = totals["removed"] / totals["furniture"]
    print(f"pages: {n}")
    print(f"article characters kept:        {kept:.4%} ({totals['kept_chars']}/{totals['article_chars']})")
    print(f"furniture/metadata lines removed: {removed:.4%} ({totals['removed']}/{totals['furniture']})")
    all_present = sum(present.values())
    all_right = sum(right.values())
    print(f"metadata fields extracted:      {all_right / all_present:.4%} ({all_right}/{all_present})")
    for f in FIELDS:
        print(f"  {f:8} {right[f] / max(1, present[f]):.4%} ({right[f]}/{present[f]})")
    for m in misses:
        print("  miss:", m)


def speed() -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    pages = [make_page(s).text for s in range(300)]
    for name, texts, reps in (("seeds", seeds, 60), ("generated pages", pages, 1)):
        data = texts * reps
        size = sum(len(t.encode("utf-8")) for t in data)
        for warm in (False, True):
            best = float("inf")
            for _ in range(7):  # best of 7: the least disturbed by other processes
                clear_cache()
                if warm:
                    for t in data:
                        analyze(t)
                t0 = time.process_time()
                for t in data:
                    if not warm:
                        clear_cache()
                    analyze(t)
                best = min(best, time.process_time() - t0)
            how = "warm cache" if warm else "cold cache"
            print(f"speed on {name:16} ({how}): {size / best / 1e6:6.1f} MB/s ({size / 1e6:.2f} MB, best of 7)")
    line = "京津冀协同发展走深走实，" * (10_000_000 // 36)
    size = len(line.encode("utf-8"))
    t0 = time.process_time()
    analyze(line)
    dt = time.process_time() - t0
    print(f"speed on one {size / 1e6:.0f} MB line: {size / dt / 1e6:6.1f} MB/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--show-misses", type=int, default=10)
    ap.add_argument("--no-speed", action="store_true")
    args = ap.parse_args()
    quality(args.pages, args.show_misses)
    if not args.no_speed:
        speed()


if __name__ == "__main__":
    main()
