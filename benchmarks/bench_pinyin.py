"""Speed of the repair families of branch repair-pinyin: misaligned GBK spans, mirror-page
garbling, pinyin annotations, chained in the repair step's order.

Inputs: clean text (seeds 000-002, Simplified, no annotations) and damaged text (seed 003: 284
annotations and one misaligned span per copy), each repeated to about 5 MB. Repeated copies of
seed 003 repeat its damaged span, which the misaligned search reads once per call (see
`misaligned_edits`); the cost of a span seen for the first time is in bench_misaligned.py.

Run: ``PYTHONPATH=src python benchmarks/bench_pinyin.py [MB]``
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from zhclean.edits import Edit, apply_edits
from zhclean.repair.garble import garble_edits
from zhclean.repair.misaligned import misaligned_edits
from zhclean.repair.pinyin import pinyin_edits

ROOT = Path(__file__).resolve().parents[1]
STEPS: list[tuple[str, Callable[[str], list[Edit]]]] = [
    ("misaligned", misaligned_edits),
    ("garble", garble_edits),
    ("pinyin", pinyin_edits),
]


def seeds(*prefixes: str) -> str:
    return "\n".join(next((ROOT / "seeds").glob(f"{p}_*.txt")).read_text(encoding="utf-8") for p in prefixes)


def run(label: str, text: str) -> None:
    mb = len(text.encode("utf-8")) / 1e6
    total = 0.0
    cells = []
    changes = 0
    for name, step in STEPS:
        t0 = time.perf_counter()
        edits = step(text)
        dt = time.perf_counter() - t0
        total += dt
        changes += sum(e.kind != "suspect" for e in edits)
        cells.append(f"{name} {mb / dt:8.1f} MB/s")
        text = apply_edits(text, [e for e in edits if e.kind != "suspect"])
    print(f"{label:34s} {mb:5.1f} MB  " + "  ".join(cells) + f"  | all {mb / total:6.2f} MB/s, {changes} changes")


def main() -> None:
    target = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    for label, base in [("clean (seeds 000-002)", seeds("000", "001", "002")), ("damaged (seed 003)", seeds("003"))]:
        n = max(1, round(target * 1e6 / len(base.encode("utf-8"))))
        run(label, "\n".join([base] * n))


if __name__ == "__main__":
    main()
