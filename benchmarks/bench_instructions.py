"""Instructions the whole pipeline executes per MB of bench pages, counted by valgrind.

CPU seconds on a shared or virtual machine move by a third from one minute to the next; the
instructions a run executes do not (callgrind counts the same total twice, with the other core
loaded or idle). This script counts them for cleaning the bench pages of `bench_pipeline.py`
(the same generator, the same seed), so a change can be judged, and an old commit compared with
a new one, without noise. It runs itself under ``valgrind --tool=callgrind`` twice per kind, side
by side: once building the pages only, once building and cleaning them; the difference is the
cleaning.

Run from the repository root (needs valgrind; about a minute per MB and kind):

    PYTHONPATH=src python benchmarks/bench_instructions.py            # 2 MB of each kind
    PYTHONPATH=src python benchmarks/bench_instructions.py --mb 1 --kind traditional

To turn the counts into seconds, divide by the instructions per second of the machine: the
script also times the same cleaning natively (CPU time, best of three) and prints the rate.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _cleaner(kind: str):  # type: ignore[no-untyped-def]
    import zhclean

    return zhclean.Cleaner(zhclean.Config(target="hans") if kind == "traditional" else zhclean.Config())


def _child(kind: str, mb: float, clean: bool) -> None:
    """What runs under valgrind: build the pages, load the tables, and clean them (or not)."""
    import bench_pipeline

    docs = bench_pipeline.pages(kind, mb, random.Random(1))
    cleaner = _cleaner(kind)
    cleaner.clean(docs[0])  # the tables are loaded in both runs: only the cleaning differs
    if clean:
        for d in docs:
            cleaner.clean(d)


def _counts(kind: str, mb: float) -> tuple[int, int]:
    """Instructions of the two child runs (pages only, pages cleaned), run side by side."""
    with tempfile.TemporaryDirectory() as tmp:
        runs = [
            subprocess.Popen(
                ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/{flag}",
                 sys.executable, __file__, "--child", kind, str(mb), flag],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                env={**os.environ, "PYTHONHASHSEED": "0"},  # string hashes decide dict probes: fix them
            )
            for flag in ("0", "1")
        ]
        out = []
        for run in runs:
            _, err = run.communicate()
            found = re.search(r"Collected : (\d+)", err)
            if run.returncode or found is None:
                raise SystemExit(f"bench_instructions: valgrind run failed:\n{err[-2000:]}")
            out.append(int(found.group(1)))
        return out[0], out[1]


def _native(kind: str, mb: float) -> tuple[float, float]:
    """(MB, best CPU seconds of three) for cleaning the same pages without valgrind."""
    import bench_pipeline

    docs = bench_pipeline.pages(kind, mb, random.Random(1))
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    cleaner = _cleaner(kind)
    cleaner.clean(docs[0])
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        for d in docs:
            cleaner.clean(d)
        best = min(best, time.process_time() - t0)
    return size, best


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        _child(sys.argv[2], float(sys.argv[3]), sys.argv[4] == "1")
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=2.0, help="MB of pages per kind (default 2)")
    parser.add_argument("--kind", choices=["traditional", "simplified", "both"], default="both")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("bench_instructions: valgrind is not installed (apt install valgrind)")
    kinds = ["simplified", "traditional"] if args.kind == "both" else [args.kind]
    print("| pages | MB | instructions (M) | M instructions per MB | native CPU s | instructions/s (G) | MB/s |")
    print("|---|---|---|---|---|---|---|")
    for kind in kinds:
        base, cleaned = _counts(kind, args.mb)
        n = cleaned - base
        size, secs = _native(kind, args.mb)
        rate = n / secs
        cells = [kind, f"{size:.2f}", f"{n / 1e6:,.0f}", f"{n / 1e6 / size:,.0f}", f"{secs:.3f}", f"{rate / 1e9:.2f}"]
        print("| " + " | ".join([*cells, f"{size / secs:.2f}"]) + " |")


if __name__ == "__main__":
    main()
