"""The damage generator: correct Chinese text, and the ways real pipelines damage it.

Shared by every repair test (and by ``benchmarks/bench_repair.py``). Two halves:

**Text strategies** (hypothesis): `chinese_text` builds lines from common Han characters
(Simplified, Traditional or mixed), words taken from the seeds, full-width punctuation, digits
and Latin words, the material real articles are made of. `seed_lines` gives the seeds' own lines.

**Damage functions**: each takes correct text and returns it damaged one way, or None when that
damage does not apply to that text (a character the codec cannot encode, or a decoding that
would lose bytes when the function promises a lossless one). Lossless damages can be undone
exactly; lossy ones (``*_lossy``) lose bytes to U+FFFD as Python's codecs do with
``errors="replace"`` (one U+FFFD per rejected byte). `LOSSLESS` and `LOSSY` list them by name.

Add a family by adding a function here and a line in `LOSSLESS` or `LOSSY`; the property tests
in tests/test_repair_*.py pick them up.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

from hypothesis import strategies as st

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

# --- correct text ---------------------------------------------------------------------------------


def seed_lines(names: tuple[str, ...] = ("000", "001", "002", "003", "004")) -> list[str]:
    """Non-empty lines of the seeds whose file names start with one of `names`."""
    lines: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        if path.name[:3] in names:
            lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


_ANNOTATION = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)")


def seed_sentences(names: tuple[str, ...] = ("000", "001", "002")) -> list[str]:
    """The seeds' own sentences (4 to 40 characters, pinyin annotations taken out): real text,
    where context means what it says, unlike the random word sequences of `random_text`."""
    out: list[str] = []
    for line in seed_lines(names):
        out += re.findall(r"[^。！？]{4,40}[。！？]?", _ANNOTATION.sub("", line))
    return out


def _chars(names: tuple[str, ...]) -> list[str]:
    seen = dict.fromkeys(ch for line in seed_lines(names) for ch in line if "\u4e00" <= ch <= "\u9fff")
    return sorted(seen)


def _words(names: tuple[str, ...]) -> list[str]:
    """Two- to four-character Han stretches of the seeds (real words and word pairs)."""
    words: set[str] = set()
    for line in seed_lines(names):
        run = ""
        for ch in line + "\n":
            if "\u4e00" <= ch <= "\u9fff":
                run += ch
                continue
            for i in range(0, len(run) - 1, 3):
                words.add(run[i : i + 2 + (i % 3 == 0)])
            run = ""
    return sorted(words)


# Seeds 000-002 are Simplified; 003 and 004 Traditional (their annotations are ASCII, not Han).
SIMPLIFIED_WORDS = _words(("000", "001", "002"))
TRADITIONAL_WORDS = _words(("003", "004"))
SIMPLIFIED_CHARS = _chars(("000", "001", "002"))
TRADITIONAL_CHARS = _chars(("003", "004"))
PUNCTUATION = ["，", "。", "、", "；", "：", "？", "！", "“", "”", "《", "》", "（", "）", "…", "—"]
LATIN_WORDS = ["AI", "HICOOL", "GDP", "5G", "App", "Wang", "ICP", "English", "iPhone"]


def chinese_text(script: str = "hans", min_words: int = 2, max_words: int = 24) -> st.SearchStrategy[str]:
    """One line of Chinese: words of `script` ("hans", "hant" or "mixed"), punctuation, digits,
    Latin words. Starts with a Han word, so every line has Chinese in it."""
    words = {"hans": SIMPLIFIED_WORDS, "hant": TRADITIONAL_WORDS, "mixed": SIMPLIFIED_WORDS + TRADITIONAL_WORDS}[script]
    word = st.sampled_from(words)
    piece = st.one_of(
        word,
        word,
        word,
        st.sampled_from(PUNCTUATION),
        st.integers(0, 2035).map(str),
        st.sampled_from(LATIN_WORDS),
        st.sampled_from(LATIN_WORDS).map(lambda w: f" {w} "),
    )
    return st.tuples(word, st.lists(piece, min_size=min_words - 1, max_size=max_words - 1)).map(
        lambda t: t[0] + "".join(t[1])
    )


def random_text(rng: random.Random, script: str = "hans", words: int = 20) -> str:
    """A `chinese_text`-like line from a plain random generator (for benchmarks and rates)."""
    pool = {"hans": SIMPLIFIED_WORDS, "hant": TRADITIONAL_WORDS, "mixed": SIMPLIFIED_WORDS + TRADITIONAL_WORDS}[script]
    out = [rng.choice(pool)]
    for _ in range(words - 1):
        r = rng.random()
        if r < 0.72:
            out.append(rng.choice(pool))
        elif r < 0.9:
            out.append(rng.choice(PUNCTUATION))
        elif r < 0.95:
            out.append(str(rng.randint(0, 2035)))
        else:
            out.append(rng.choice(LATIN_WORDS))
    return "".join(out)


# --- byte views -----------------------------------------------------------------------------------


def decode_cp1252(raw: bytes) -> str:
    """Decode as a browser does windows-1252: the five unassigned bytes become C1 controls."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in raw)


def _encode(text: str, codec: str) -> bytes | None:
    try:
        return text.encode(codec)
    except UnicodeEncodeError:
        return None


def _strict(raw: bytes | None, codec: str) -> str | None:
    if raw is None:
        return None
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return None


# --- lossless damage ------------------------------------------------------------------------------


def utf8_as_latin1(text: str) -> str | None:
    """UTF-8 bytes read as Latin-1: 中文 -> ``ä¸\\xadæ\\x96\\x87``."""
    return text.encode("utf-8").decode("latin-1")


def utf8_as_cp1252(text: str) -> str | None:
    """UTF-8 bytes read as windows-1252: 中文 -> ``ä¸­æ–‡``."""
    return decode_cp1252(text.encode("utf-8"))


def gbk_as_latin1(text: str) -> str | None:
    """GBK bytes read as Latin-1: 中国 -> ``ÖÐ¹ú``."""
    raw = _encode(text, "gbk")
    return raw.decode("latin-1") if raw is not None else None


def gbk_as_cp1252(text: str) -> str | None:
    """GBK bytes read as windows-1252."""
    raw = _encode(text, "gbk")
    return decode_cp1252(raw) if raw is not None else None


def big5_as_latin1(text: str) -> str | None:
    """Big5 bytes read as Latin-1: 中國 -> ``¤¤°ê``."""
    raw = _encode(text, "big5")
    return raw.decode("latin-1") if raw is not None else None


def big5_as_cp1252(text: str) -> str | None:
    """Big5 bytes read as windows-1252."""
    raw = _encode(text, "big5")
    return decode_cp1252(raw) if raw is not None else None


def utf8_as_gbk(text: str) -> str | None:
    """UTF-8 bytes read as GB18030, where no byte is lost: 发展 -> ``鍙戝睍``."""
    return _strict(text.encode("utf-8"), "gb18030")


def gbk_as_big5(text: str) -> str | None:
    """GBK bytes read as Big5, where every pair is valid Big5: 中文 -> ``笢恅``."""
    return _strict(_encode(text, "gbk"), "big5")


def big5_as_gbk(text: str) -> str | None:
    """Big5 bytes read as GBK, where every pair is valid GBK."""
    return _strict(_encode(text, "big5"), "gbk")


def _then(first: Callable[[str], str | None], second: Callable[[str], str | None]) -> Callable[[str], str | None]:
    def both(text: str) -> str | None:
        once = first(text)
        return second(once) if once is not None else None

    both.__doc__ = f"{first.__name__}, then {second.__name__} of the result (a double layer)."
    both.__name__ = f"{first.__name__}+{second.__name__}"
    return both


LOSSLESS: dict[str, Callable[[str], str | None]] = {
    "utf8-as-latin1": utf8_as_latin1,
    "utf8-as-cp1252": utf8_as_cp1252,
    "gbk-as-latin1": gbk_as_latin1,
    "gbk-as-cp1252": gbk_as_cp1252,
    "big5-as-latin1": big5_as_latin1,
    "big5-as-cp1252": big5_as_cp1252,
    "utf8-as-gbk": utf8_as_gbk,
    "gbk-as-big5": gbk_as_big5,
    "big5-as-gbk": big5_as_gbk,
    "double:utf8-as-gbk,utf8-as-cp1252": _then(utf8_as_gbk, utf8_as_cp1252),
    "double:gbk-as-latin1,utf8-as-latin1": _then(gbk_as_latin1, utf8_as_latin1),
    "double:utf8-as-cp1252,utf8-as-cp1252": _then(utf8_as_cp1252, utf8_as_cp1252),
}
"""Damage that keeps every byte: repair must give the text back exactly."""


# --- lossy damage ---------------------------------------------------------------------------------


def utf8_as_gbk_lossy(text: str) -> str | None:
    """UTF-8 bytes read as GBK with replacement (Python: one U+FFFD per rejected byte)."""
    return text.encode("utf-8").decode("gbk", errors="replace")


def utf8_as_big5_lossy(text: str) -> str | None:
    """UTF-8 bytes read as Big5 with replacement: about half the bytes are lost."""
    return text.encode("utf-8").decode("big5", errors="replace")


def utf8_as_cp1252_lossy(text: str) -> str | None:
    """UTF-8 bytes read as windows-1252 with replacement: 0x81 0x8D 0x8F 0x90 0x9D become U+FFFD."""
    return text.encode("utf-8").decode("cp1252", errors="replace")


LOSSY: dict[str, Callable[[str], str | None]] = {
    "utf8-as-gbk-lossy": utf8_as_gbk_lossy,
    "utf8-as-big5-lossy": utf8_as_big5_lossy,
    "utf8-as-cp1252-lossy": utf8_as_cp1252_lossy,
}
"""Damage that loses bytes: repair recovers what the rest of the bytes and statistics allow."""


# --- unrecoverable damage and HTML leftovers -------------------------------------------------------

GARBAGE = ["锟斤拷", "锟斤拷锟斤拷", "锟斤拷锟", "烫烫烫", "烫烫烫烫烫烫", "屯屯屯屯", "\ufffd", "\ufffd\ufffd\ufffd",
           "嚙踝蕭"]
"""Unrecoverable damage as it appears in text (inserted into clean text by the garbage tests)."""


def insert(text: str, piece: str, at: float) -> str:
    """`text` with `piece` inserted at the fraction `at` (0..1) of its length."""
    i = round(at * len(text))
    return text[:i] + piece + text[i:]


HTML_LEFTOVERS = ["</p>", "<p>", "<br>", "<br/>", "<br />", '<span style="color:red">', "</span>", "<strong>",
                  "</strong>", "<!-- ad -->", '<a href="http://example.com/x?a=1&b=2">', "</a>", "<P ALIGN=center>"]
