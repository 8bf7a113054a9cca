"""Decoding accuracy and speed: zhclean.decode against charset-normalizer alone and chardet.

Every seed (seeds/*.txt) is encoded as UTF-8, UTF-8 with BOM, GB18030, GBK, Big5, UTF-16 with
BOM and UTF-16LE without BOM, and decoded whole, from a 200-byte prefix and from a 50-byte
prefix (cut at the exact byte count, even inside a character). A decoding is correct when its
text equals the true decoding of those bytes, up to the incomplete last character.

Two case sets: "strict" skips the combinations a codec cannot encode (seeds 000-002 are
Simplified, Big5 lacks their characters; 000/001 have U+00A0, which GBK lacks; 003/004 have
toned pinyin, which Big5 lacks -- 004 is encodable in Big5-HKSCS, used for it); "all 35" encodes
every combination, writing '?' for the characters the codec lacks.

Run from the repository root:

    PYTHONPATH=src python benchmarks/bench_decode.py
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import chardet
import charset_normalizer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from encoding_cases import CUTS, ENCODINGS, encode, truth  # noqa: E402
from zhclean import decode  # noqa: E402
from zhclean.errors import ZhcleanError  # noqa: E402

SEEDS = ROOT / "seeds"


def correct(got: str | None, expected: str) -> bool:
    """True when `got` is `expected`, allowing a U+FFFD for the cut last character."""
    if got is None:
        return False
    return got == expected or (got.endswith("\ufffd") and got[:-1] == expected)


def cases(replace: bool) -> list[tuple[str, int | None, bytes, str]]:
    """(label, cut, bytes, expected text) for every seed, encoding and cut."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for label in ENCODINGS:
            encoded = encode(text, label, replace)
            if encoded is None:
                continue
            data, codec = encoded
            for cut in CUTS:
                chunk = data if cut is None else data[:cut]
                out.append((label, cut, chunk, truth(chunk, codec)))
    return out


def with_zhclean(data: bytes) -> str | None:
    try:
        return decode(data).text
    except ZhcleanError:
        return None


def with_charset_normalizer(data: bytes) -> str | None:
    match = charset_normalizer.from_bytes(data).best()
    return None if match is None else str(match)


def with_chardet(data: bytes) -> str | None:
    encoding = chardet.detect(data)["encoding"]
    if encoding is None:
        return None
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return None


DETECTORS: dict[str, Callable[[bytes], str | None]] = {
    "zhclean": with_zhclean,
    "charset-normalizer": with_charset_normalizer,
    "chardet": with_chardet,
}


def accuracy_table(replace: bool) -> None:
    all_cases = cases(replace)
    title = "all 35 ('?' for unencodable characters)" if replace else "strict (encodable only)"
    print(f"\n## Accuracy, {title}: correct / cases\n")
    print("| detector | whole | 200 bytes | 50 bytes |")
    print("|---|---|---|---|")
    for name, detect in DETECTORS.items():
        cells = []
        for cut in CUTS:
            subset = [c for c in all_cases if c[1] == cut]
            ok = sum(correct(detect(data), expected) for _, _, data, expected in subset)
            cells.append(f"{ok}/{len(subset)}")
        print(f"| {name} | " + " | ".join(cells) + " |")


def failures() -> None:
    print("\n## zhclean failures (all 35 set)\n")
    any_failed = False
    for label, cut, data, expected in cases(replace=True):
        try:
            got = decode(data)
        except ZhcleanError as exc:
            print(f"- {label} cut={cut}: {exc}")
            any_failed = True
            continue
        if not correct(got.text, expected):
            print(f"- {label} cut={cut}: got {got.encoding} ({got.confidence}) {got.text[:30]!r}")
            any_failed = True
    if not any_failed:
        print("none")


def speed() -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    text = text * (10_000_000 // len(text.encode("utf-8")) + 1)
    inputs = {
        "UTF-8": text.encode("utf-8")[:10_000_000],
        "GB18030": text.encode("gb18030")[:10_000_000],
        "Big5": text.encode("big5", errors="replace")[:10_000_000],
        "UTF-16LE": text.encode("utf-16-le")[:10_000_000],
    }
    print("\n## Speed, MB/s on 10 MB inputs, best of 3\n")
    print("Seed text repeated; detectors see the whole input; the last column is Python's own")
    print("bytes.decode with the right codec, the floor for any detector.\n")
    print("| input | " + " | ".join(DETECTORS) + " | bytes.decode |")
    print("|---|" + "---|" * (len(DETECTORS) + 1))
    for label, data in inputs.items():
        cells = []
        for detect in (*DETECTORS.values(), plain_decode(label)):
            seconds = best_of(3, detect, data)
            cells.append(f"{len(data) / 1e6 / seconds:.0f}")
        print(f"| {label} | " + " | ".join(cells) + " |")


def best_of(runs: int, detect: Callable[[bytes], object], data: bytes) -> float:
    """The shortest of `runs` timings of `detect(data)`, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        detect(data)
        times.append(time.perf_counter() - start)
    return min(times)


def plain_decode(label: str) -> Callable[[bytes], str]:
    """bytes.decode with the codec the input was made with: the floor for any detector."""
    codec = {"UTF-8": "utf-8", "GB18030": "gb18030", "Big5": "big5", "UTF-16LE": "utf-16-le"}[label]
    return lambda data: data.decode(codec, errors="replace")


def sweep(lengths: range = range(2, 121)) -> None:
    """Accuracy on every prefix length in `lengths` (the all-35 combinations)."""
    print(f"\n## Every prefix length {lengths.start}-{lengths.stop - 1} bytes: correct / cases\n")
    print("| encoding | " + " | ".join(DETECTORS) + " | zhclean's first failures |")
    print("|---|" + "---|" * (len(DETECTORS) + 1))
    for label in ENCODINGS:
        ok = dict.fromkeys(DETECTORS, 0)
        total = 0
        failing: list[str] = []
        for path in sorted(SEEDS.glob("*.txt")):
            data, codec = encode(path.read_text(encoding="utf-8"), label, replace=True) or (b"", "")
            for n in lengths:
                total += 1
                expected = truth(data[:n], codec)
                for name, detect in DETECTORS.items():
                    if correct(detect(data[:n]), expected):
                        ok[name] += 1
                    elif name == "zhclean" and len(failing) < 6:
                        failing.append(f"{path.name[:3]}:{n}")
        cells = " | ".join(f"{ok[name]}/{total}" for name in DETECTORS)
        print(f"| {label} | {cells} | {', '.join(failing)} |")


OTHER_LANGUAGES = [
    ("French", "cp1252", "Le café de la gare était fermé. Où est passé le garçon qui vendait "
     "des crêpes à Noël ? Déjà trop tard."),
    ("German", "cp1252", "Grüße aus München! Die Straße ist schön, aber die Bäume sind größer "
     "als früher."),
    ("Spanish", "cp1252", "El niño comió piñata en el año pasado; ¿dónde está la información? "
     "Él habló rápido."),
    ("Japanese", "shift_jis", "日本国民は、正当に選挙された国会における代表者を通じて行動し、"
     "われらとわれらの子孫のために、諸国民との協和による成果と"),
    ("Japanese", "euc_jp", "日本国民は、正当に選挙された国会における代表者を通じて行動し、"
     "われらとわれらの子孫のために、諸国民との協和による成果と"),
    ("Korean", "euc_kr", "대한민국은 민주공화국이다. 대한민국의 주권은 국민에게 있고, 모든 "
     "권력은 국민으로부터 나온다. 대한민국의 국민이 되는 요건은 법률로 정한다."),
    ("Russian", "cp1251", "Все люди рождаются свободными и равными в своем достоинстве и "
     "правах. Они наделены разумом и совестью."),
    ("Russian", "koi8_r", "Все люди рождаются свободными и равными в своем достоинстве и "
     "правах. Они наделены разумом и совестью."),
    ("Greek", "cp1253", "Η ελληνική γλώσσα είναι μία από τις ινδοευρωπαϊκές γλώσσες."),
    ("Thai", "cp874", "ประเทศไทยมีประชากรประมาณหกสิบหกล้านคน และมีกรุงเทพมหานครเป็นเมืองหลวง"),
    ("Arabic", "cp1256", "اللغة العربية هي أكثر اللغات تحدثا ونطقا ضمن مجموعة اللغات السامية"),
    ("Hebrew", "cp1255", "עברית היא שפה שמית ממשפחת השפות האפרו-אסיאתיות"),
]


def other_languages() -> None:
    """Non-Chinese sentences in their usual legacy code pages, whole and from 40 bytes."""
    print("\n## Other languages (one sentence each), whole / 40-byte prefix: correct?\n")
    print("| text | codec | " + " | ".join(DETECTORS) + " |")
    print("|---|---|" + "---|" * len(DETECTORS))
    totals = dict.fromkeys(DETECTORS, 0)
    for language, codec, text in OTHER_LANGUAGES:
        data = text.encode(codec)
        cells = []
        for name, detect in DETECTORS.items():
            marks = ""
            for chunk in (data, data[:40]):
                good = correct(detect(chunk), truth(chunk, codec))
                totals[name] += good
                marks += "✓" if good else "✗"
            cells.append(marks)
        print(f"| {language} | {codec} | " + " | ".join(cells) + " |")
    n = 2 * len(OTHER_LANGUAGES)
    print("| **total** | | " + " | ".join(f"{totals[name]}/{n}" for name in DETECTORS) + " |")


if __name__ == "__main__":
    accuracy_table(replace=False)
    accuracy_table(replace=True)
    failures()
    sweep()
    other_languages()
    speed()
