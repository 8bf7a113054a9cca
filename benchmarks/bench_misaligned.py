"""Misaligned GBK spans: restoration rate, false repairs and speed on generated damage.

Each case takes a sentence of a seed (annotations and all), encodes it as GBK with full-width
punctuation, replaces one random lead byte by ``?``, decodes with glibc ``iconv -c`` and applies
NFKC (how seed 003's span was made), then runs ``misaligned_edits`` on the seed document with
that sentence damaged. Outcomes: exact (the sentence comes back), suspect (kept, recorded),
partial (the start repaired right, the rest kept and recorded as suspect), missed (no edit),
wrong (changed to something else: a false repair). Clean sentences and whole
clean seeds measure false changes on correct text.

Run: ``PYTHONPATH=src python benchmarks/bench_misaligned.py [cases] [--seed=N]`` (needs glibc
iconv); measure on a second seed too (disjoint cases) before trusting a threshold.
"""

from __future__ import annotations

import random
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from gbk_damage import gbk_sentences, lose_lead  # noqa: E402
from zhclean.edits import Edit, apply_edits  # noqa: E402
from zhclean.repair.misaligned import misaligned_edits  # noqa: E402


def evaluate(n: int, seed: int = 1) -> tuple[Counter[str], list[tuple[str, str, str]]]:
    rng = random.Random(seed)
    docs = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    # The seeds' own damage (seed 003's span) is repaired first, so compare against that.
    docs = [apply_edits(d, [e for e in misaligned_edits(d) if e.kind != "suspect"]) for d in docs]
    pool = [(d, s) for d in docs for s in gbk_sentences(d) if "?" not in s]
    outcomes: Counter[str] = Counter()
    wrong: list[tuple[str, str, str]] = []
    for _ in range(n):
        doc, sent = rng.choice(pool)
        made = lose_lead(sent, rng)
        if made is None:
            continue
        damaged, _ = made
        expected = unicodedata.normalize("NFKC", sent)
        text = doc.replace(sent, damaged, 1)
        edits = misaligned_edits(text)
        fixed = apply_edits(text, [e for e in edits if e.kind != "suspect"])
        want = doc.replace(sent, expected, 1)
        # Mark what is kept as suspect, to see whether everything before it is right.
        marked = apply_edits(text, [e if e.kind != "suspect" else Edit(e.start, e.end, "\0", e.kind) for e in edits])
        head = marked.split("\0", 1)[0]
        if fixed == want:
            outcomes["exact"] += 1
        elif fixed != text and "\0" in marked and want.startswith(head):
            outcomes["partial"] += 1  # the repaired part is right, the rest is kept and flagged
        elif fixed != text:
            outcomes["wrong"] += 1
            wrong.append((expected, damaged, fixed[text.find(damaged[:6]) :][: len(expected) + 5]))
        elif edits:
            outcomes["suspect"] += 1
            if "-v" in sys.argv:
                print("suspect:", expected, "|", damaged, "|", [e.reason for e in edits])
        else:
            outcomes["missed"] += 1
            if "-v" in sys.argv:
                print("missed:", expected, "|", damaged)
    return outcomes, wrong


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    n = int(args[0]) if args else 300
    t0 = time.perf_counter()
    seed = next((int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--seed=")), 1)
    outcomes, wrong = evaluate(n, seed)
    dt = time.perf_counter() - t0
    total = sum(outcomes.values())
    print(f"{total} damaged sentences (one lost lead byte, glibc iconv -c, NFKC; seed {seed}), {dt:.1f} s")
    for k in ("exact", "partial", "suspect", "missed", "wrong"):
        print(f"  {k:8s} {outcomes[k]:5d}  {outcomes[k] / total:6.1%}")
    print(f"  mean time per damaged document: {dt / total * 1000:.0f} ms")
    for exp, dam, got in wrong[:8]:
        print(f"  wrong: {dam!r}\n      -> {got!r}\n    want {exp!r}")
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    changes = {p.name[:3]: len(misaligned_edits(p.read_text(encoding="utf-8"))) for p in seeds}
    print("edits on the seeds as they are:", changes)


if __name__ == "__main__":
    main()
