"""Script conversion speed: zhclean's builtin engine against OpenCC implementations.

Run from the repository root:

    PYTHONPATH=src python benchmarks/bench_convert.py
    PYTHONPATH=src python benchmarks/bench_convert.py --opencc-python PATH/TO/venv-with-opencc/bin/python

Input: the five seeds made Simplified (t2s) and Traditional (s2t of that), each repeated to
10 MB of UTF-8. Measured, each on one core and in this one run:

- builtin t2s on the Traditional text and s2t on the Simplified text (MB/s of UTF-8 input, best
  of --repeat runs; CPU time of the process, so other load on the machine counts less);
- the `opencc` module importable here (opencc-python-reimplemented in the dev environment) on
  the first --ref-mb MB of the same texts (it runs at ~1 MB/s), and the ratio builtin / it;
- with --opencc-python, OpenCC's C++ binding from a separate environment (it installs the same
  module name, so it cannot live beside the reimplementation) on the same 10 MB, its speed, the
  ratio, and whether its output equals the builtin engine's;
- the pipeline's convert step (`convert_edits`, target ``hans``) on Traditional mirror pages
  with pinyin damage (seeds 003-004 shuffled into pages, as benchmarks/bench_pipeline.py builds
  them), with ``convert_changes`` summary (the default: one record per changed line) and full
  (one per phrase or character), --step-mb MB of them;
- start-up: ``import zhclean`` plus a first conversion in a fresh interpreter, with the table
  cache warm and cold (median of --startup-runs);
- with --opencc-python and --fuzz N, exactness: N random texts (dictionary keys, their values,
  pieces of them, seed fragments, ideographic description sequences, punctuation) converted
  with all 16 configs by both engines, and the number of differing outputs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from zhclean.convert.engine import Converter  # noqa: E402

_CPP_SCRIPT = r"""
import json, sys, time, opencc
texts = json.load(open(sys.argv[1], encoding="utf-8"))
out = {}
for name, text in texts.items():
    conv = opencc.OpenCC(name)
    conv.convert(text[:1000])
    best, result = None, None
    for _ in range(int(sys.argv[3])):
        t0 = time.process_time(); result = conv.convert(text); dt = time.process_time() - t0
        best = dt if best is None else min(best, dt)
    out[name] = {"seconds": best, "output": result, "version": getattr(opencc, "__version__", "?")}
json.dump(out, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
"""

_FUZZ_SCRIPT = r"""
import json, sys, opencc
texts = json.load(open(sys.argv[1], encoding="utf-8"))
out = {}
for name in sys.argv[3].split(","):
    conv = opencc.OpenCC(name)
    out[name] = [conv.convert(t) for t in texts]
json.dump(out, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
"""

_STARTUP = (
    "import time; t0 = time.perf_counter(); import zhclean; "
    "zhclean.convert('汉字转换的速度', config='{cfg}'); print(time.perf_counter() - t0)"
)


def build_inputs(megabytes: float) -> dict[str, str]:
    seeds = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    hans = Converter.get("t2s").convert(seeds)
    hant = Converter.get("s2t").convert(hans)

    def grow(text: str) -> str:
        size = len(text.encode("utf-8"))
        return text * int(megabytes * 1e6 // size + 1)

    return {"t2s": grow(hant), "s2t": grow(hans)}


def mb(text: str) -> float:
    return len(text.encode("utf-8")) / 1e6


def best_time(fn, text: str, repeat: int) -> float:
    fn(text[:1000])
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn(text)
        best = min(best, time.process_time() - t0)
    return best


def startup(runs: int, cfg: str, cold: bool) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            if cold:
                env["ZHCLEAN_CACHE_DIR"] = tmp
            else:
                env.pop("ZHCLEAN_CACHE_DIR", None)
            out = subprocess.run([sys.executable, "-c", _STARTUP.format(cfg=cfg)], env=env, check=True,
                                 capture_output=True, text=True).stdout
            times.append(float(out))
    return statistics.median(times) * 1000


def fuzz_texts(count: int, seed: int = 0) -> list[str]:
    """Random texts built to stress phrase boundaries, segmentation and IDS handling."""
    import random

    from zhclean.convert.dictionaries import load_dict

    rng = random.Random(seed)
    words: list[str] = []
    for name in ("STPhrases", "TSPhrases", "TWPhrases", "TWPhrasesRev", "HKPhrases", "HKPhrasesRev",
                 "TWVariantsRevPhrases", "HKVariantsRevPhrases", "JPShinjitaiPhrases", "STCharacters",
                 "TSCharacters", "TWVariants", "HKVariants", "CJK_Compatibility_Ideographs"):
        for key, value in load_dict(f"{name}.txt").items():
            words += (key, value)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    extras = ["，", " ", "\n", "a", "1", "“", "」", "⿰", "⿱木", "\u2ffe", "\U00020000"]
    texts = []
    for n in range(count):
        parts = []
        # Every fifth text is long (512+ characters take the engine's fast scan).
        for _ in range(rng.randint(1, 30) if n % 5 else rng.randint(150, 400)):
            r = rng.random()
            if r < 0.6:
                w = rng.choice(words)
                parts.append(w[rng.randint(0, len(w) - 1):] if rng.random() < 0.3 else w)
            elif r < 0.8:
                s = rng.choice(seeds)
                i = rng.randint(0, len(s) - 10)
                parts.append(s[i : i + rng.randint(1, 10)])
            else:
                parts.append(rng.choice(extras))
        texts.append("".join(parts))
    return texts


def fuzz(python: str, count: int) -> tuple[int, int, list[str]]:
    """(outputs compared, outputs differing, examples) against OpenCC's C++ binding."""
    from zhclean.convert.dictionaries import CONFIGS

    texts = fuzz_texts(count)
    with tempfile.TemporaryDirectory() as tmp:
        src, dst, script = Path(tmp, "in.json"), Path(tmp, "out.json"), Path(tmp, "fuzz.py")
        src.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        script.write_text(_FUZZ_SCRIPT, encoding="utf-8")
        subprocess.run([python, str(script), str(src), str(dst), ",".join(CONFIGS)], check=True)
        ref = json.loads(dst.read_text(encoding="utf-8"))
    compared = differing = 0
    examples = []
    for name in CONFIGS:
        conv = Converter.get(name)
        for text, expected in zip(texts, ref[name], strict=True):
            compared += 1
            got = conv.convert(text)
            if got != expected:
                differing += 1
                if len(examples) < 5:
                    examples.append(f"{name}: {text!r} -> {got!r}, OpenCC {expected!r}")
    return compared, differing, examples


def step_rows(megabytes: float, repeat: int) -> list[tuple[str, float, float, str]]:
    """The convert step on Traditional pages, change records as summary and in full."""
    import random

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_pipeline import pages

    from zhclean import Config
    from zhclean.convert import convert_edits

    docs = pages("traditional", megabytes, random.Random(1))
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    rows = []
    for mode in ("summary", "full"):
        config = Config(target="hans", convert_changes=mode)
        convert_edits(docs[0], config)
        best = float("inf")
        for _ in range(repeat):
            t0 = time.process_time()
            changes = sum(len(convert_edits(d, config)) for d in docs)
            best = min(best, time.process_time() - t0)
        rows.append((f"convert step, Traditional pages -> hans, {mode}", size, size / best, f"{changes} changes"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=10.0, help="input size in MB (default 10)")
    parser.add_argument("--ref-mb", type=float, default=2.0, help="MB given to the slow reference module")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best is kept)")
    parser.add_argument("--startup-runs", type=int, default=5)
    parser.add_argument("--step-mb", type=float, default=2.0, help="MB of Traditional pages for the convert step")
    parser.add_argument("--opencc-python", help="python of a separate venv with OpenCC's C++ binding")
    parser.add_argument("--fuzz", type=int, default=0, help="random texts to compare with the C++ binding")
    args = parser.parse_args()

    if args.opencc_python and args.fuzz:
        compared, differing, examples = fuzz(args.opencc_python, args.fuzz)
        print(f"exactness: {compared} outputs ({args.fuzz} random texts x 16 configs), "
              f"{differing} differ from OpenCC C++")
        for line in examples:
            print("  ", line)
        print()

    texts = build_inputs(args.mb)
    rows = []
    builtin: dict[str, float] = {}
    try:
        import opencc

        label = f"opencc module ({Path(opencc.__file__).parent.parent.name})"
    except ImportError:
        opencc = None
    for name, text in texts.items():
        # Interleaved, best of --repeat each: load from other processes hits both engines alike.
        conv = Converter.get(name)
        part = text[: int(len(text) * args.ref_mb / args.mb)]
        ref = opencc.OpenCC(name).convert if opencc else None
        ours = theirs = float("inf")
        for _ in range(args.repeat):
            ours = min(ours, best_time(conv.convert, text, 1))
            if ref:
                theirs = min(theirs, best_time(ref, part, 1))
        builtin[name] = mb(text) / ours
        rows.append((f"zhclean builtin {name}", mb(text), builtin[name], ""))
        if ref:
            speed = mb(part) / theirs
            rows.append((f"{label} {name}", mb(part), speed, f"builtin is {builtin[name] / speed:.1f}x"))
    if opencc is None:
        rows.append(("opencc module", 0, 0, "not installed"))
    rows += step_rows(args.step_mb, args.repeat)

    if args.opencc_python:
        with tempfile.TemporaryDirectory() as tmp:
            src, dst, script = Path(tmp, "in.json"), Path(tmp, "out.json"), Path(tmp, "cpp.py")
            src.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
            script.write_text(_CPP_SCRIPT, encoding="utf-8")
            subprocess.run([args.opencc_python, str(script), str(src), str(dst), str(args.repeat)], check=True)
            result = json.loads(dst.read_text(encoding="utf-8"))
        for name, text in texts.items():
            r = result[name]
            speed = mb(text) / r["seconds"]
            same = r["output"] == Converter.get(name).convert(text)
            rows.append((f"OpenCC C++ {r['version']} {name}", mb(text), speed,
                         f"builtin / C++ = {builtin[name] / speed:.2f}; same output: {same}"))

    print(f"{'engine':58s} {'MB':>6s} {'MB/s':>8s}  note")
    for label, size, speed, note in rows:
        print(f"{label:58s} {size:6.1f} {speed:8.1f}  {note}")
    print()
    for cfg in ("s2t", "t2s"):
        warm = startup(args.startup_runs, cfg, cold=False)
        cold = startup(max(1, args.startup_runs // 2), cfg, cold=True)
        print(f"start-up (import zhclean + first {cfg}): {warm:.0f} ms with the table cache, {cold:.0f} ms without")


if __name__ == "__main__":
    main()
