"""What the command line costs on top of the library: reading, writing, atomic renames, fsync.

Builds a corpus of N small files (copies of the seeds, ~9 kB each) in a temporary folder, then
times, in separate processes:

  library      a Python loop: read each file, zhclean.clean(bytes) (no output)
  stdout text  zhclean corpus > /dev/null
  stdout jsonl zhclean corpus -f jsonl > /dev/null
  -o DIR       zhclean corpus -o out/   (one atomic write per file: temp file, fsync, rename)
  -o FILE      zhclean corpus -f jsonl -o all.jsonl   (one atomic write in all)

Run:  PYTHONPATH=src python benchmarks/bench_cli.py [N]      (default N = 300)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
LIBRARY_LOOP = """
import sys, zhclean
from pathlib import Path
for p in sorted(Path(sys.argv[1]).rglob("*.txt")):
    zhclean.clean(p.read_bytes())
"""


def timed(argv: list[str], stdout: int | None = subprocess.DEVNULL) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    start = time.perf_counter()
    subprocess.run(argv, stdout=stdout, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    tmp = Path(tempfile.mkdtemp(prefix="zhclean-bench-"))
    try:
        corpus = tmp / "corpus"
        for i in range(n):
            sub = corpus / f"site{i % 10}"
            sub.mkdir(parents=True, exist_ok=True)
            shutil.copy(SEEDS[i % len(SEEDS)], sub / f"{i:06}.txt")
        mb = sum(p.stat().st_size for p in corpus.rglob("*.txt")) / 1e6
        py = sys.executable
        cli = [py, "-m", "zhclean", str(corpus)]
        rows = [
            ("library (no output)", [py, "-c", LIBRARY_LOOP, str(corpus)]),
            ("stdout text", cli),
            ("stdout jsonl", [*cli, "-f", "jsonl"]),
            ("-o DIR (atomic per file)", [*cli, "-o", str(tmp / "out") + "/"]),
            ("-o DIR --no-fsync", [*cli, "-o", str(tmp / "out2") + "/", "--no-fsync"]),
            ("-o FILE jsonl (atomic once)", [*cli, "-f", "jsonl", "-o", str(tmp / "all.jsonl")]),
        ]
        startup = min(timed([py, "-m", "zhclean", "--version"]) for _ in range(3))
        print(f"{n} files, {mb:.1f} MB; process start-up (zhclean --version): {startup * 1000:.0f} ms")
        print(f"{'mode':<30} {'seconds':>8} {'files/s':>9} {'MB/s':>7}")
        for name, argv in rows:
            secs = min(timed(argv) for _ in range(2))
            print(f"{name:<30} {secs:>8.2f} {n / secs:>9.0f} {mb / secs:>7.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
