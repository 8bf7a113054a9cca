"""Misaligned GBK spans: restoration rate, false repairs and speed on generated damage.

Each case takes a sentence of a seed (annotations and all), encodes it as GBK with full-width
punctuation, replaces one random lead byte by ``?``, decodes with glibc ``iconv -c`` and applies
NFKC (how seed 003's span was made), then runs ``misaligned_edits`` on the seed document with
that sentence damaged. Outcomes: exact (the sentence comes back), suspect (kept, recorded),
partial (the start repaired right, the rest kept and recorded as suspect), missed (no edit),
wrong (changed to something else: a false repair). Clean sentences and whole
clean seeds measure false changes on correct text.

Speed: CPU time of ``misaligned_edits`` per damaged document (each case is a different span, so
nothing is found twice), and MB/s of the misaligned and garble passes on clean and damaged pages
(tables loaded first: the first call of a process also loads them, about 0.1-0.2 s).

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
from zhclean.repair.garble import garble_edits  # noqa: E402
from zhclean.repair.misaligned import misaligned_edits, realign  # noqa: E402


def evaluate(n: int, seed: int = 1) -> tuple[Counter[str], list[tuple[str, str, str]], float]:
    rng = random.Random(seed)
    docs = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    # The seeds' own damage (seed 003's span) is repaired first, so compare against that.
    docs = [apply_edits(d, [e for e in misaligned_edits(d) if e.kind != "suspect"]) for d in docs]
    pool = [(d, s) for d in docs for s in gbk_sentences(d) if "?" not in s]
    outcomes: Counter[str] = Counter()
    wrong: list[tuple[str, str, str]] = []
    cpu = 0.0
    for _ in range(n):
        doc, sent = rng.choice(pool)
        made = lose_lead(sent, rng)
        if made is None:
            continue
        damaged, _ = made
        expected = unicodedata.normalize("NFKC", sent)
        text = doc.replace(sent, damaged, 1)
        t0 = time.process_time()
        edits = misaligned_edits(text)
        cpu += time.process_time() - t0
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
    return outcomes, wrong, cpu


def throughput() -> list[tuple[str, float, float]]:
    """(input, misaligned MB/s, garble MB/s) on clean and damaged pages, CPU time, tables loaded."""
    seeds = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))}
    fixed = apply_edits(seeds["003"], [e for e in misaligned_edits(seeds["003"]) if e.kind != "suspect"])
    rows = []
    inputs = {
        "clean Simplified (seeds 000-002, 9 ASCII ?)": [seeds["000"], seeds["001"], seeds["002"]],
        "clean Traditional, annotated (004, 003 fixed)": [seeds["004"], fixed],
        "damaged: seed 003 (one misaligned span)": [seeds["003"]],
    }
    for name, docs in inputs.items():
        size = sum(len(d.encode("utf-8")) for d in docs)
        reps = max(1, int(1e6 // size))  # about 1 MB of each
        speeds = []
        for fn in (misaligned_edits, garble_edits):
            fn(docs[0])
            t0 = time.process_time()
            for _ in range(reps):
                for d in docs:
                    fn(d)
            speeds.append(size * reps / 1e6 / max(time.process_time() - t0, 1e-9))
        rows.append((name, speeds[0], speeds[1]))
    return rows


def span_search() -> tuple[float, str]:
    """CPU ms of one search of seed 003's span (`realign`, tables and memos warm; best of 7 x 10)."""
    text = next(iter(sorted((ROOT / "seeds").glob("003*.txt")))).read_text(encoding="utf-8")
    q = text.find("三?") + 1
    r = realign(text, q)
    best = float("inf")
    for _ in range(7):
        t0 = time.process_time()
        for _ in range(10):
            r = realign(text, q)
        best = min(best, (time.process_time() - t0) / 10)
    return best * 1000, r.after if r is not None else ""


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    n = int(args[0]) if args else 300
    t0 = time.perf_counter()
    seed = next((int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--seed=")), 1)
    outcomes, wrong, cpu = evaluate(n, seed)
    dt = time.perf_counter() - t0
    total = sum(outcomes.values())
    print(f"{total} damaged sentences (one lost lead byte, glibc iconv -c, NFKC; seed {seed}), {dt:.1f} s")
    for k in ("exact", "partial", "suspect", "missed", "wrong"):
        print(f"  {k:8s} {outcomes[k]:5d}  {outcomes[k] / total:6.1%}")
    print(f"  misaligned_edits CPU time per damaged document: {cpu / total * 1000:.1f} ms ({total / cpu:.0f} cases/s)")
    for exp, dam, got in wrong[:8]:
        print(f"  wrong: {dam!r}\n      -> {got!r}\n    want {exp!r}")
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    changes = {p.name[:3]: len(misaligned_edits(p.read_text(encoding="utf-8"))) for p in seeds}
    print("edits on the seeds as they are:", changes)
    ms, after = span_search()
    print(f"seed 003's span: one search {ms:.2f} ms CPU (best of 7), reading {after!r}")
    print(f"\n{'input (CPU time, about 1 MB each)':48s} {'misaligned':>12s} {'garble':>12s}")
    for name, a, b in throughput():
        print(f"{name:48s} {a:8.1f} MB/s {b:8.1f} MB/s")


if __name__ == "__main__":
    main()
