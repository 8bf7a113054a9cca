"""Benchmark the repair step: accuracy per damage family, and speed on clean and damaged text.

Run from the repository root:

    PYTHONPATH=src python benchmarks/bench_repair.py [--lines 300] [--seed 1]

Accuracy uses the damage generator of the tests (tests/damage.py) on random lines built from
the seeds' words (Simplified, and Traditional for the Big5 families whose name starts with
``big5``), and prints per family: cases, exact restorations, the share of characters recovered
(difflib matching blocks over the original length) and the share wrong (characters output that
are not the original's, over the original length: guesses that missed, or mojibake left in
place); then the same for a correct line, a full-width comma and a damaged line in one run of
Chinese text; the lossy families on the seeds' own sentences (real text, where context means
what it says); and for clean text the number of lines repair changed (generated lines and
seeds 000-002 must give 0; seeds 003-004 lose their pinyin annotations). Speed is MB/s of
UTF-8 input through `zhclean.repair.repair_edits` (CPU time of this process, best of --repeat,
so other jobs on the machine disturb it less), on the seeds (clean), and on the same lines
clean and damaged.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from collections.abc import Iterable
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import damage  # noqa: E402
from zhclean.config import Config  # noqa: E402
from zhclean.repair import repair, repair_edits  # noqa: E402


def recovered(original: str, repaired: str) -> int:
    """Characters of `original` that come back in `repaired` (matching blocks)."""
    return sum(b.size for b in SequenceMatcher(None, original, repaired, autojunk=False).get_matching_blocks())


def _header(label: str) -> str:
    return f"{label:42} {'cases':>6} {'exact':>7} {'chars recovered':>16} {'wrong':>7}"


def _row(label: str, pairs: Iterable[tuple[str, str]], lines: int) -> None:
    """Print a table row for the first `lines` (original, repaired) pairs: cases, exact,
    characters recovered and characters wrong (output that is not the original's)."""
    cases = exact = total = got = out_len = 0
    for text, out in itertools.islice(pairs, lines):
        cases += 1
        exact += out == text
        total += len(text)
        got += recovered(text, out)
        out_len += len(out)
    if cases:
        print(f"{label:42} {cases:6d} {exact / cases:7.1%} {got / total:16.1%} {(out_len - got) / total:7.1%}")


def accuracy(lines: int, seed: int) -> None:
    rng = random.Random(seed)
    texts = {s: [damage.random_text(rng, s, rng.randint(2, 30)) for _ in range(lines * 20)] for s in ("hans", "hant")}
    print(_header("family"))
    families = list(damage.LOSSLESS.items()) + list(damage.LOSSY.items())
    for name, fn in families:
        script = "hant" if name.startswith("big5") else "hans"
        damaged = ((text, fn(text)) for text in texts[script])
        _row(name, ((text, repair(bad)) for text, bad in damaged if bad is not None and bad != text), lines)
    print("\n" + _header("correct text, then damage in one run"))
    mixed = ["gbk-as-latin1", "big5-as-cp1252", "utf8-as-cp1252", "utf8-as-gbk", "gbk-as-big5", "utf8-as-gbk-lossy",
             "utf8-as-big5-lossy"]
    for name in mixed:
        fn = damage.LOSSLESS.get(name) or damage.LOSSY[name]
        pool = texts["hant" if name.startswith("big5") else "hans"]
        damaged = ((head, tail, fn(tail)) for head, tail in zip(pool[::2], pool[1::2], strict=False))
        runs = ((h + "，" + t, repair(h + "，" + bad)) for h, t, bad in damaged if bad is not None and bad != t)
        _row(name, runs, lines)
    print("\n" + _header("lossy damage of the seeds' own sentences"))
    for name, fn in damage.LOSSY.items():
        for script, names in (("hans", ("000", "001", "002")), ("hant", ("003", "004"))):
            sentences = damage.seed_sentences(names)[:lines]
            _row(f"{name} ({script})", ((text, repair(fn(text) or text)) for text in sentences), lines)
    texts = {s: t[:lines] for s, t in texts.items()}
    # Seeds 003/004 carry real damage (pinyin annotations, a misaligned span): not clean text.
    clean = texts["hans"] + texts["hant"] + damage.seed_lines(("000", "001", "002"))
    changed = sum(repair(t) != t for t in clean)
    print(f"{'clean lines changed (generated + seeds 000-002)':42} {len(clean):6d} {changed:7d}")


def speed(repeat: int) -> None:
    cfg = Config()
    seeds = "\n".join(damage.seed_lines() * 10)
    rng = random.Random(7)
    lines = [damage.random_text(rng, "hans", 30) for _ in range(2000)]
    clean = "\n".join(lines)
    inputs = {
        "seeds (clean)": seeds,
        "generated lines (clean)": clean,
        "GBK shown as Latin-1": "\n".join(filter(None, map(damage.gbk_as_latin1, lines))),
        "UTF-8 shown as GBK (lossy)": "\n".join(map(damage.utf8_as_gbk_lossy, lines)),
        "UTF-8 shown as cp1252": "\n".join(filter(None, map(damage.utf8_as_cp1252, lines))),
        "1 damaged line in 20": "\n".join(
            damage.utf8_as_gbk_lossy(t) if i % 20 == 0 else t for i, t in enumerate(lines)
        ),
    }
    print(f"\n{'input':32} {'MB':>6} {'MB/s':>8}")
    repair_edits("warm up ÖÐ¹ú 涓枃", cfg)
    for name, text in inputs.items():
        size = len(text.encode("utf-8")) / 1e6
        best = float("inf")
        for _ in range(repeat):
            t0 = time.process_time()
            repair_edits(text, cfg)
            best = min(best, time.process_time() - t0)
        print(f"{name:32} {size:6.2f} {size / best:8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=300, help="generated lines per script")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument("--repeat", type=int, default=3, help="timing repeats (best is kept)")
    args = parser.parse_args()
    accuracy(args.lines, args.seed)
    speed(args.repeat)


if __name__ == "__main__":
    main()
