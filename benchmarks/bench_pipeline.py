"""Benchmark the whole pipeline and each step; scaling with --jobs; memory; time against size.

Run from the repository root (one core unless --jobs says otherwise):

    python benchmarks/bench_pipeline.py                 # everything, ~50 MB corpus (several minutes)
    python benchmarks/bench_pipeline.py --mb 10 --skip-memory   # a quicker look
    python benchmarks/bench_pipeline.py --jobs-only --skip-memory --jobs-mb 20   # --jobs only

It prints Markdown tables. What it measures (issue 6's targets):
- throughput per step and for the whole pipeline (each row the best of --repeat runs, 3 by
  default, in CPU time) on a generated corpus built from the seeds: Simplified pages (seeds
  000-002) and Traditional pages with pinyin damage (seeds 003-004) converted to Simplified;
  compared in the same run with ftfy's fix_text alone and
  opencc-python-reimplemented alone (when installed);
- `zhclean batch --jobs 1` against `--jobs 2` on a JSONL corpus of Simplified pages (they clean
  fastest, so they expose the parallel machinery's overhead most): the wall-clock speed-up (best
  of --jobs-repeat runs; meaningful only on an idle machine, so the load average is printed) and
  the CPU accounting, which load does not skew: the reading/writing process's CPU against its
  workers' (getrusage RUSAGE_SELF vs RUSAGE_CHILDREN), for JSONL and Parquet;
- peak RSS of `zhclean batch` streaming a large JSONL (--memory-mb, default 1000);
- time against the size of one document, 1 KB to 10 MB, and one 10 MB line without newlines.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import zhclean  # noqa: E402
from zhclean.pipeline import Cleaner  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def pages(kind: str, total_mb: float, rng: random.Random) -> list[str]:
    """Pages built from the seeds: shuffled article paragraphs inside each seed's own furniture."""
    chosen = SEEDS[:3] if kind == "simplified" else SEEDS[3:]
    texts = [p.read_text(encoding="utf-8") for p in chosen]
    out: list[str] = []
    size = 0
    while size < total_mb * 1e6:
        lines = rng.choice(texts).split("\n")
        head, body, tail = lines[:6], lines[6:-4], lines[-4:]
        rng.shuffle(body)
        page = "\n".join(head + body + tail)
        out.append(page)
        size += len(page.encode("utf-8"))
    return out


def mbps(fn: Callable[[Any], object], docs: list[Any], repeat: int = 1) -> float:
    """MB/s of `fn` over `docs` in CPU time, the best of `repeat` runs (the least disturbed by
    what else the host runs, as `timeit` advises)."""
    size = sum(len(d if isinstance(d, bytes) else d.encode("utf-8")) for d in docs) / 1e6
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for d in docs:
            fn(d)
        best = min(best, time.process_time() - t0)
    return size / best if best > 0 else float("inf")



def forget_lines() -> None:
    """Clear what the pipeline remembers of lines and spans it has seen (structure's line classes,
    codecs' re-decodings, span costs, and the span search's pair costs and static rankings). The
    pages repeat the seeds' lines and seed 003's damaged span, which a real corpus does only for
    site furniture: a row measured with this called before every page shows the speed on text
    where nothing repeats (the cost of clearing is included, and small)."""
    from zhclean.repair import codecs, misaligned, score
    from zhclean.structure import label

    label.clear_cache()
    codecs._candidates_for.cache_clear()
    score.mean_cost.cache_clear()
    misaligned.clear_memos()


def step_table(simplified: list[str], traditional: list[str], repeat: int = 1) -> list[tuple[str, str, float]]:
    """Each row's MB/s: the best of `repeat` runs over its pages (CPU time)."""
    from zhclean.normalize import normalize_edits

    def rate(fn: Callable[[Any], object], docs: list[Any]) -> float:
        return mbps(fn, docs, repeat)

    rows: list[tuple[str, str, float]] = []
    cfg = zhclean.Config()
    raw = [d.encode("utf-8") for d in simplified]
    rows.append(("decode (UTF-8 bytes)", "simplified", rate(zhclean.decode, raw)))
    rows.append(("normalize", "simplified", rate(lambda t: normalize_edits(t, cfg), simplified)))
    for name in ("repair", "convert", "segment"):
        fn = getattr(zhclean, name, None)
        if fn is None:
            continue
        if name == "convert":
            rows.append(("convert t2s", "traditional", rate(lambda t, f=fn: f(t, config="t2s"), traditional)))
            rows.append(("convert s2t", "simplified", rate(lambda t, f=fn: f(t, config="s2t"), simplified)))
        else:
            rows.append((name, "simplified", rate(fn, simplified)))
            rows.append((name, "traditional", rate(fn, traditional)))
    plain = Cleaner()
    to_hans = Cleaner(target="hans") if "target" in {n for n, *_ in zhclean.Config.options()} else plain
    rows.append(("whole pipeline", "simplified news pages", rate(plain.clean, simplified)))
    rows.append(("the same, no line seen twice", "simplified news pages",
                 rate(lambda t: (forget_lines(), plain.clean(t)), simplified)))
    rows.append(("whole pipeline, target=hans", "traditional + pinyin damage", rate(to_hans.clean, traditional)))
    rows.append(("the same, no line seen twice", "traditional + pinyin damage",
                 rate(lambda t: (forget_lines(), to_hans.clean(t)), traditional)))
    try:
        import ftfy

        rows.append(("ftfy.fix_text alone", "simplified news pages", rate(ftfy.fix_text, simplified)))
    except ImportError:
        pass
    try:
        import opencc  # opencc-python-reimplemented (or the C++ binding)

        conv = opencc.OpenCC("t2s")
        rows.append(("opencc t2s alone (" + getattr(opencc, "__name__", "opencc") + ")", "traditional",
                     rate(conv.convert, traditional)))
    except (ImportError, Exception):
        pass
    return rows


def write_jsonl(path: Path, docs: list[str], target_mb: float) -> int:
    size = 0
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        while size < target_mb * 1e6:
            for d in docs:
                line = json.dumps({"id": n, "text": d}, ensure_ascii=False) + "\n"
                fh.write(line)
                size += len(line.encode("utf-8"))
                n += 1
                if size >= target_mb * 1e6:
                    break
    return n


CPU_DRIVER = """
import resource, sys, time
from zhclean.cli import main
started = time.perf_counter()
before = resource.getrusage(resource.RUSAGE_SELF)
code = main(sys.argv[1:])
wall = time.perf_counter() - started
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime - before.ru_utime - before.ru_stime
print("CPU", wall, cpu, kids.ru_utime + kids.ru_stime, code, file=sys.stderr)
"""


def run_batch_cpu(inp: Path, out: Path, *args: str) -> tuple[float, float, float]:
    """Wall seconds, parent CPU and workers' CPU seconds of one `zhclean batch` (after its imports)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [sys.executable, "-c", CPU_DRIVER, "batch", str(inp), "-o", str(out), "--no-progress", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    found = [line.split() for line in proc.stderr.splitlines() if line.startswith("CPU ")]
    if not found or found[0][4] not in ("0", "1"):
        raise SystemExit(proc.stderr[-2000:])
    wall, parent, workers = (float(v) for v in found[0][1:4])
    return wall, parent, workers


def jobs_table(inp: Path, mb: float, repeat: int, tmp: Path, label: str = "", shares: bool = True) -> None:
    """`--jobs 2` against `--jobs 1`: wall clock (best of `repeat`) and the parent's CPU share."""
    load = os.getloadavg()[0]
    best: dict[str, tuple[float, float, float]] = {}
    for _ in range(repeat):
        for jobs in ("1", "2"):
            got = run_batch_cpu(inp, tmp / f"o{jobs}.jsonl", "--jobs", jobs)
            if jobs not in best or got[0] < best[jobs][0]:
                best[jobs] = got
    same = (tmp / "o1.jsonl").read_bytes() == (tmp / "o2.jsonl").read_bytes()
    print(f"\n| zhclean batch, {mb:.0f} MB JSONL{label}, best of {repeat} | wall s | MB/s | parent CPU s "
          f"| workers CPU s | parent / workers |\n|---|---|---|---|---|---|")
    for jobs, (wall, parent, workers) in best.items():
        share = f"{parent / workers:.1%}" if workers else "-"
        print(f"| --jobs {jobs} | {wall:.1f} | {mb / wall:.1f} | {parent:.2f} | {workers:.2f} | {share} |")
    ratio = best["1"][0] / best["2"][0]
    print(f"\nspeed-up --jobs 2 / --jobs 1: {ratio:.2f}x on {os.cpu_count()} cores, load average "
          f"{load:.2f} before and {os.getloadavg()[0]:.2f} after; outputs identical: {same}")
    if max(load, os.getloadavg()[0]) > 0.5:
        autogroup = Path("/proc/sys/kernel/sched_autogroup_enabled")
        grouped = autogroup.exists() and autogroup.read_text().strip() == "1"
        print("(the machine is busy: the wall-clock ratio means little"
              + (", and with sched_autogroup the kernel shares the cores between sessions, so all of a "
                 "session's processes, one or three, get one session's share" if grouped else "") + ")")
    if not shares:
        return
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return
    # Per MB: the difference between the whole corpus and its first fifth, so start-up drops out.
    lines = inp.read_bytes().splitlines(keepends=True)
    small = tmp / "small.jsonl"
    small.write_bytes(b"".join(lines[: max(1, len(lines) // 5)]))
    sizes = {inp: inp.stat().st_size / 1e6, small: small.stat().st_size / 1e6}
    for src in (inp, small):
        rows = [json.loads(line) for line in src.open(encoding="utf-8")]
        pq.write_table(pa.Table.from_pylist(rows), src.with_suffix(".parquet"))
    del rows
    print("\n| --jobs 2, in -> out | parent CPU ms/MB | workers CPU ms/MB | parent / workers per MB "
          "| parent / workers, whole run |\n|---|---|---|---|---|")
    for fmt in ("jsonl", "parquet"):
        for out in ("jsonl", "parquet"):
            got = {}
            for src in (inp, small):
                got[src] = run_batch_cpu(src.with_suffix("." + fmt), tmp / f"o.{out}", "--jobs", "2")
            mb = sizes[inp] - sizes[small]
            parent = (got[inp][1] - got[small][1]) / mb * 1000
            workers = (got[inp][2] - got[small][2]) / mb * 1000
            whole = got[inp][1] / got[inp][2]
            print(f"| {fmt} -> {out} | {parent:.1f} | {workers:.0f} | {parent / workers:.1%} | {whole:.1%} |")


def run_batch(inp: Path, out: Path, *args: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB, the largest process of the run) of one `zhclean batch`."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [sys.executable, "-m", "zhclean", "batch", str(inp), "-o", str(out), "--no-progress", *args]
    t0 = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    rss = 0.0
    for line in proc.stderr.splitlines():
        if "Maximum resident set size" in line:
            rss = int(line.split(":")[1]) / 1024
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stderr[-2000:])
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, max(rss, 0.0) or children


def size_table() -> list[tuple[str, float, float]]:
    base = SEEDS[1].read_text(encoding="utf-8")
    cleaner = Cleaner()
    rows = []
    for kb in (1, 10, 100, 1000, 10000):
        text = (base * (kb * 1000 // len(base.encode()) + 1))[: kb * 1000 // 3]
        t0 = time.process_time()
        cleaner.clean(text)
        rows.append((f"{kb:,} KB document", len(text.encode()) / 1e6, time.process_time() - t0))
    line = (base.replace("\n", "") * 300)[: 10_000_000 // 3]
    t0 = time.process_time()
    cleaner.clean(line)
    rows.append(("10 MB line without newlines", len(line.encode()) / 1e6, time.process_time() - t0))
    return rows


def batch_tables(args: argparse.Namespace, simplified: list[str], traditional: list[str]) -> None:
    """The `zhclean batch` sections: --jobs scaling on the benchmark's corpus (Simplified and
    Traditional pages mixed as in the throughput table), then on Simplified pages alone (the
    cheapest pages to clean, so the parent's and the workers' fixed costs weigh most) with the
    CPU shares, then peak memory."""
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "corpus.jsonl"
        mixed = [d for pair in itertools.zip_longest(simplified, traditional) for d in pair if d is not None]
        write_jsonl(inp, mixed, args.jobs_mb)
        jobs_table(inp, args.jobs_mb, args.jobs_repeat, Path(tmp), ", Simplified and Traditional pages", False)
        write_jsonl(inp, simplified, args.jobs_mb)
        jobs_table(inp, args.jobs_mb, args.jobs_repeat, Path(tmp), ", Simplified pages only")
        if not args.skip_memory:
            big = Path(tmp) / "big.jsonl"
            n = write_jsonl(big, simplified, args.memory_mb)
            inp.unlink()
            wall, rss = run_batch(big, Path(tmp) / "big-out.jsonl", "--jobs", "1")
            print(f"\nstreaming {args.memory_mb:.0f} MB JSONL ({n:,} records): {wall:.0f} s, peak RSS {rss:.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=50.0, help="corpus size for throughput (default 50)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each throughput row; the best counts (default 3)")
    ap.add_argument("--jobs-mb", type=float, default=100.0, help="JSONL size for the --jobs comparison (default 100)")
    ap.add_argument("--jobs-repeat", type=int, default=3, help="runs of each --jobs setting; the best counts")
    ap.add_argument("--memory-mb", type=float, default=1000.0, help="JSONL size for the memory run")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--jobs-only", action="store_true", help="only the --jobs comparison and the memory run")
    args = ap.parse_args()
    rng = random.Random(1)
    if args.jobs_only:
        batch_tables(args, pages("simplified", min(args.mb, 6.0), rng), pages("traditional", min(args.mb, 4.0), rng))
        return
    simplified = pages("simplified", args.mb * 0.6, rng)
    traditional = pages("traditional", args.mb * 0.4, rng)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, zhclean {zhclean.__version__}")
    print(f"corpus: {len(simplified)} Simplified pages, {len(traditional)} Traditional pages, "
          f"{sum(len(d.encode()) for d in simplified + traditional) / 1e6:.1f} MB\n")
    cleaner = Cleaner()
    for d in simplified[:5] + traditional[:5]:  # warm caches and tables
        cleaner.clean(d)
    load = os.getloadavg()[0]
    print(f"| step | input | MB/s (one core, CPU time, best of {args.repeat}) |\n|---|---|---|")
    rows = step_table(simplified, traditional, args.repeat)
    for name, inp, rate in rows:
        print(f"| {name} | {inp} | {rate:.1f} |")
    whole = next(r for n, _, r in rows if n == "whole pipeline")
    ftfy_rate = next((r for n, _, r in rows if n.startswith("ftfy")), None)
    if ftfy_rate:
        print(f"\nwhole pipeline / ftfy.fix_text: {whole / ftfy_rate:.1f}x")
    print(f"load average {load:.2f} before the table and {os.getloadavg()[0]:.2f} after (CPU seconds on a "
          "shared host stretch when it is busy)")

    batch_tables(args, simplified, traditional)

    print("\n| document | MB | seconds | s/MB |\n|---|---|---|---|")
    for name, mb, sec in size_table():
        print(f"| {name} | {mb:.3f} | {sec:.3f} | {sec / mb:.2f} |")


if __name__ == "__main__":
    main()
