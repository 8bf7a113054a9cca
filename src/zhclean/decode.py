"""Decoding bytes to text: BOMs, strict UTF-8, UTF-16/32, Chinese legacy codecs, then the rest.

The order follows how often each case occurs and how certain each test is:

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) decides at once;
2. strict UTF-8 with several multi-byte characters decides at once (legacy Chinese text is
   practically never valid UTF-8) -- this is the fast path, C-speed on the whole input;
3. otherwise every codec that reads a sample is a candidate -- UTF-8, GB18030 (the superset
   of GBK and GB2312), Big5, cp950, Big5-HKSCS, UTF-16/32 without BOM; UTF-8, GB18030 and
   Big5-HKSCS also with a few invalid sequences (each read as U+FFFD, and costly) -- and the
   readings are ranked by character statistics (`charstats.text_stats`, a log-likelihood):
   the reading whose characters are most ordinary wins, if it is plausible text at all;
4. when the best of those is uncertain (short, few or unusual non-ASCII characters, not
   Chinese), charset-normalizer's proposal and the common non-Chinese codecs (cp1252,
   Shift-JIS, EUC-JP, EUC-KR) join the ranking; binary data is refused; and for scripts the
   statistics do not know, charset-normalizer has the last word.

Inputs may be cut anywhere, even inside a character: an incomplete final sequence is replaced
by one U+FFFD (and counted in `Decoded.replaced`) instead of failing the whole decoding.
Detection looks at a sample of the first `SAMPLE_BYTES` bytes, cut on a character boundary by
the incremental decoder of each codec; the whole input is then decoded with the winner.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .charstats import TextStats, text_stats
from .errors import InputTypeError, NotTextError, UndecodableError

SAMPLE_BYTES = 32 * 1024
"""How many leading bytes detection looks at; the whole input is always decoded."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """The decoded `text`, the codec's `encoding` name, a `confidence` in [0, 1], `bom` seen.

    `replaced` counts the U+FFFD characters decoding put into the text: one for an incomplete
    character at the end of a cut input, one per invalid byte sequence in a nearly-valid text.
    """

    text: str
    encoding: str
    confidence: float
    bom: bool = False
    replaced: int = 0

    def __str__(self) -> str:
        return self.text


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Prior cost (in the log10 units of charstats costs) of each candidate codec: how much less
# common the codec is on the web than UTF-8. It only matters when readings are nearly as good.
_PRIORS = {
    "utf-8": 0.0,
    "gb18030": 1.0,
    "big5": 1.5,
    "cp950": 1.7,
    "big5hkscs": 1.9,
    "utf-16-le": 3.0,
    "utf-16-be": 3.5,
    "utf-32-le": 3.0,
    "utf-32-be": 3.5,
    "cp1252": 1.0,
}
_SELF_BOM_CODECS = {
    "utf-8-sig": (codecs.BOM_UTF8,),
    "utf-16": (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE),
    "utf-32": (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE),
}

_OTHER_PRIOR = 2.5
"""Prior cost of the codecs charset-normalizer proposes (Latin-1, Shift-JIS, EUC-KR ...)."""
_FOREIGN = ("cp1252", "cp932", "euc_jp", "cp949")
"""Non-Chinese codecs read whenever the Chinese readings are uncertain."""
_LEGACY = ("gb18030", "big5", "cp950", "big5hkscs")

_UNCONSUMED_BYTE_COST = 3.0
"""Cost of each byte of an incomplete final character a reading leaves undecoded (a reading
that leaves three bytes pending explains less of the input than one that leaves one)."""

_MAX_BAD_SHARE = 0.02
"""A plausible reading has at most this share of impossible characters (private use ...)."""

_MAX_NON_ASCII_COST = 5.6
"""A plausible reading's non-ASCII characters cost at most this on average (real Chinese text
averages 3.0-3.6; misreadings of other codecs average 6 and more)."""

_UTF8_VALID_BONUS = 1.0
"""Bonus (log10 units) per non-ASCII character of a valid UTF-8 reading: text in another
encoding forms a valid UTF-8 sequence at a given place about one time in ten or less."""

_UTF8_SURE_EXTRA_BYTES = 8
"""Valid UTF-8 with at least this many continuation bytes is taken without ranking."""

_ASCII_SURE_BYTES = 16
"""Pure ASCII of at least this many bytes, without control bytes, is taken without ranking
(a few ASCII bytes may also be a character or two of UTF-16)."""

_MAX_LENIENT_ERROR_SHARE = 0.005
"""A nearly-valid reading has at most this many invalid sequences per character (and at most
one per 10 characters in short texts, see `_allowed_errors`)."""

_LENIENT = ("utf-8", "gb18030", "big5hkscs")
"""Codecs whose nearly-valid readings are considered (big5hkscs covers big5 and most cp950)."""

_ERROR_COST = 10.0
"""Cost of each invalid sequence in a nearly-valid reading (on top of U+FFFD's own cost)."""

_MODELLED_SCRIPTS = ("han", "kana", "hangul", "latin", "ascii")
"""Scripts whose implausible readings charset-normalizer may not overrule."""

_NON_ASCII = re.compile(b"[\x80-\xff]")

_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\x1b") + b"\x7f"


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode `data`, detecting its encoding unless `encoding` names one.

    >>> decode("中文".encode("gb18030")).encoding
    'gb18030'
    >>> decode("中文字".encode("utf-8")[:8])  # cut inside the last character
    Decoded(text='中文\\ufffd', encoding='utf-8', confidence=1.0, bom=False, replaced=1)

    With `encoding`, the bytes are decoded with that codec, strictly: an unknown codec or an
    invalid byte raises `UndecodableError` naming it (only a cut last character is tolerated).
    Without it, raises `NotTextError` for binary data and `UndecodableError` when no supported
    encoding reads the bytes as plausible text.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputTypeError(f"decode() takes bytes, not {type(data).__name__}")
    data = bytes(data)
    if encoding is not None:
        return _decode_as(data, encoding)
    if not data:
        return Decoded("", "utf-8", 1.0)
    for bom, name in _BOMS:
        if data.startswith(bom):
            found = _decode_with_bom(data[len(bom) :], name)
            if found is not None:
                return found
    sample = _sample(data)
    if 0 not in sample:
        sure = _sure_utf8(data, sample)
        if sure is not None:
            return sure
    ranked = _rank(sample)
    foreign: _Foreign | None = None
    if not ranked or _uncertain(ranked[0]):
        foreign = _ask_charset_normalizer(sample, len(sample) < len(data))
        texts = {reading.text for reading in ranked}
        more = [reading for reading in foreign.readings if reading.text not in texts]
        if _valid_utf8_text(ranked):
            # Multi-byte UTF-8 is almost never an accident of a single-byte encoding: those may
            # not outrank it (short UTF-8 Chinese would otherwise read as cp1252 mojibake).
            more = [reading for reading in more if not _single_byte(reading.codec)]
        ranked = sorted([*ranked, *more], key=_order)
    if ranked and ranked[0].plausible:
        return _finish(data, ranked)
    _check_binary(sample)
    try:  # Valid UTF-8 is never refused, however odd its characters: it is what it says.
        return Decoded(data.decode("utf-8"), "utf-8", 0.5)
    except UnicodeDecodeError:
        pass
    if foreign is not None and foreign.codec is not None:
        trusted = _trust_charset_normalizer(data, foreign)
        if trusted is not None:
            return trusted
    tried = f" (implausible readings: {', '.join(r.codec for r in ranked)})" if ranked else ""
    raise UndecodableError(
        "undecodable text: not valid (nor nearly valid) UTF-8, GB18030, Big5 or UTF-16, and no "
        f"other encoding reads it as plausible text{tried}"
    )


# --- the steps ---------------------------------------------------------------------------------


def _decode_as(data: bytes, encoding: str) -> Decoded:
    """Decode with the codec the caller named: strictly, but tolerating a cut last character."""
    try:
        info = codecs.lookup(encoding)
    except LookupError as exc:
        raise UndecodableError(f"unknown encoding {encoding!r}") from exc
    if not getattr(info, "_is_text_encoding", True):
        raise UndecodableError(f"{encoding!r} is not a text encoding")
    name = info.name
    bom = False
    for mark, bom_codec in _BOMS:
        if bom_codec == name and data.startswith(mark):
            data, bom = data[len(mark) :], True
            break
    if any(data.startswith(mark) for mark in _SELF_BOM_CODECS.get(name, ())):
        bom = True  # utf-8-sig, utf-16 and utf-32 read and drop their BOM themselves
    try:
        text, cut = _strict(data, name)
    except UnicodeDecodeError as exc:
        raise UndecodableError(f"not valid {name}: {_describe(exc, data)}") from exc
    return Decoded(text + _tail(cut), name, 1.0, bom, min(cut, 1))


def _decode_with_bom(body: bytes, name: str) -> Decoded | None:
    """Decode what follows a BOM; None when it does not decode (the BOM was a coincidence)."""
    try:
        text, cut = _strict(body, name)
        return Decoded(text + _tail(cut), name, 1.0, True, min(cut, 1))
    except UnicodeDecodeError:
        pass
    text, errors, cut = _lenient(body, name)
    if errors <= max(1, _allowed_errors(len(text))):
        confidence = _lenient_confidence(errors, len(text))
        return Decoded(text + _tail(cut), name, confidence, True, errors + min(cut, 1))
    return None


def _sure_utf8(data: bytes, sample: bytes) -> Decoded | None:
    """The fast path: valid UTF-8 that is pure ASCII or has enough multi-byte characters."""
    try:
        sample_text, _ = _strict(sample, "utf-8")
    except UnicodeDecodeError:
        return None
    extra = len(sample) - len(sample_text)
    few = extra < _UTF8_SURE_EXTRA_BYTES and len(sample) == len(data)
    if few and (extra or len(data) < _ASCII_SURE_BYTES or _has_controls(sample)):
        return None  # few non-ASCII characters, tiny, or odd: let the ranking compare readings
    try:
        text, cut = _strict(data, "utf-8")
    except UnicodeDecodeError:
        return None  # invalid beyond the sample
    return Decoded(text + _tail(cut), "utf-8", 1.0, False, min(cut, 1))


@dataclass(frozen=True, slots=True)
class _Reading:
    """One codec's reading of the sample, with its cost (lower is more plausible) and the
    number of invalid sequences it had to replace (nearly-valid readings)."""

    codec: str
    text: str
    stats: TextStats
    total: float
    plausible: bool
    errors: int = 0


def _rank(sample: bytes) -> list[_Reading]:
    """Every strict reading of `sample`, most plausible first."""
    codecs_to_try = ["utf-8", *_LEGACY]
    if len(sample) >= 2:
        codecs_to_try += ["utf-16-le", "utf-16-be"]
    if len(sample) >= 4:
        if _looks_utf32(sample, little=True):
            codecs_to_try.append("utf-32-le")
        if _looks_utf32(sample, little=False):
            codecs_to_try.append("utf-32-be")
    readings: list[_Reading] = []
    seen: set[str] = set()
    for codec in codecs_to_try:
        reading = _read(sample, codec)
        if reading is None or reading.text in seen:
            continue  # the same text as a more common codec (big5 and cp950 mostly agree)
        seen.add(reading.text)
        readings.append(reading)
    readings.sort(key=_order)
    return readings


def _read(sample: bytes, codec: str, prior: float | None = None) -> _Reading | None:
    """`codec`'s reading of `sample`, scored; None when it does not decode.

    UTF-8 and the Chinese codecs may also read a sample with a few invalid sequences (a
    corrupted byte, a spliced file); each costs `_ERROR_COST` and becomes U+FFFD.
    """
    errors = 0
    try:
        text, cut = _strict(sample, codec)
    except UnicodeDecodeError:
        if codec not in _LENIENT:
            return None
        text, errors, cut = _lenient(sample, codec)
        if errors > _allowed_errors(len(text)):
            return None
    if not text and not cut:
        return None
    stats = text_stats(text)
    if prior is None:
        prior = _PRIORS.get(codec, _OTHER_PRIOR)
    total = stats.cost + prior + _UNCONSUMED_BYTE_COST * cut + _ERROR_COST * errors
    if codec == "utf-8":
        total -= _UTF8_VALID_BONUS * (stats.non_ascii - errors)
    plausible = _plausible(stats, errors)
    if codec == "utf-8" and not errors and stats.non_ascii:
        # Strict multi-byte UTF-8 is text whatever its characters: other readings may outrank
        # it only on cost (`b甲b` must not become cp932's `b逕ｲb` for want of plausibility).
        plausible = True
    return _Reading(codec, text, stats, total, plausible, errors)


def _valid_utf8_text(ranked: list[_Reading]) -> bool:
    """True when a strict UTF-8 reading with non-ASCII characters is among `ranked`."""
    return any(r.codec == "utf-8" and not r.errors and r.stats.non_ascii for r in ranked)


def _single_byte(codec: str) -> bool:
    """True for codecs that map every byte to one character (cp1252, latin-1, koi8-r, ...)."""
    try:
        return len(bytes(range(128, 256)).decode(codec, errors="replace")) == 128
    except LookupError:
        return False


def _order(reading: _Reading) -> tuple[bool, float]:
    """Sort key: plausible readings first, then the most likely."""
    return (not reading.plausible, reading.total)


def _uncertain(best: _Reading) -> bool:
    """True when the best Chinese/Unicode reading may lose to a non-Chinese encoding."""
    stats = best.stats
    if not best.plausible or stats.non_ascii < 8:
        return True
    return stats.script not in ("han", "ascii") or stats.non_ascii_cost > 4.2


@dataclass(frozen=True, slots=True)
class _Foreign:
    """What charset-normalizer proposes: its codec and match, and our readings of the sample."""

    codec: str | None
    chaos: float
    coherence: float
    readings: tuple[_Reading, ...]


def _ask_charset_normalizer(sample: bytes, truncated: bool) -> _Foreign:
    """charset-normalizer's best guess for `sample`, as readings.

    The common non-Chinese codecs of `_FOREIGN` are read too: charset-normalizer often misreads
    short samples, and our statistics tell Japanese and Korean from misread Chinese well.
    """
    from charset_normalizer import from_bytes

    # It reads a sample cut inside a character badly (often as nothing at all), so it is asked
    # about the sample as it is (unless the input goes on beyond it) and cut after a separator;
    # both answers become readings, the first preferred in a tie.
    cut = max(sample.rfind(sep) for sep in b"\n .,;!?")
    samples = [] if truncated else [sample]
    if 0 < cut < len(sample) - 1:
        samples.append(sample[: cut + 1])
    proposals: list[tuple[str, float, float]] = []
    for part in samples:
        match = from_bytes(part).best()
        if match is None or match.encoding is None:
            continue
        try:
            name = codecs.lookup(match.encoding).name
        except LookupError:
            continue
        if _ascii_compatible(name):  # not EBCDIC and the like: never right for a web page
            proposals.append((name, match.chaos, match.coherence))
    readings: list[_Reading] = []
    texts: dict[str, int] = {}
    names = [name for name, _, _ in proposals] + list(_FOREIGN)
    for rank, name in enumerate(dict.fromkeys(names)):
        reading = _read(sample, name, _PRIORS.get(name, _OTHER_PRIOR) + 0.1 * rank)
        if reading is None or _lacks_own_script(name, reading.text):
            continue
        if reading.text in texts:
            if name == "cp1252":  # the same text: say cp1252, the usual name for it
                readings[texts[reading.text]] = reading
            continue
        texts[reading.text] = len(readings)
        readings.append(reading)
    if not proposals:
        return _Foreign(None, 1.0, 0.0, tuple(readings))
    codec, chaos, coherence = proposals[0]
    return _Foreign(codec, chaos, coherence, tuple(readings))


_OWN_SCRIPT = {
    "japanese": re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]"),  # kana
    "korean": re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]"),  # hangul
}


def _lacks_own_script(codec: str, text: str) -> bool:
    """True for a Japanese or Korean reading without a kana or hangul: Han characters alone, in
    a codec whose language writes them beside its own script, are Chinese bytes misread (the
    Chinese codecs read those bytes too). ``1000GDP`` and a UTF-8 character cut after two
    bytes, E5 A5, is cp949's 也; it is a UTF-8 text cut short."""
    family = _CODEC_FAMILY.get(codec)
    return family is not None and not _OWN_SCRIPT[family].search(text)


_CODEC_FAMILY = {
    **dict.fromkeys(("cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213", "euc_jp", "euc_jis_2004",
                     "euc_jisx0213", "iso2022_jp", "iso2022_jp_1", "iso2022_jp_2", "iso2022_jp_2004",
                     "iso2022_jp_3", "iso2022_jp_ext"), "japanese"),
    **dict.fromkeys(("cp949", "euc_kr", "johab", "iso2022_kr"), "korean"),
}


def _ascii_compatible(codec: str) -> bool:
    """True when `codec` reads ASCII bytes as ASCII (not EBCDIC, UTF-16 and the like)."""
    probe = b"Az09 .,:/<>\n"
    try:
        return probe.decode(codec) == probe.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


def _finish(data: bytes, ranked: list[_Reading]) -> Decoded:
    """Decode the whole input with the best plausible reading's codec."""
    best = ranked[0]
    runner_up = ranked[1].total if len(ranked) > 1 else None
    confidence = _confidence(best, runner_up)
    for reading in ranked:
        if not reading.plausible:
            break
        if reading is not best:
            confidence = min(confidence, 0.5)
        try:
            text, cut = _strict(data, reading.codec)
        except UnicodeDecodeError:
            if reading.codec not in _LENIENT:
                continue
            text, errors, cut = _lenient(data, reading.codec)
            if errors > _allowed_errors(len(text)):
                continue  # invalid beyond the sample: try the next reading
            confidence = min(confidence, _lenient_confidence(errors, len(text)))
            return Decoded(text + _tail(cut), reading.codec, confidence, False, errors + min(cut, 1))
        return Decoded(text + _tail(cut), reading.codec, confidence, False, min(cut, 1))
    try:
        data.decode(best.codec)
    except UnicodeDecodeError as exc:
        where = f" ({_describe(exc, data)})"
    else:  # pragma: no cover - the strict decoding above failed, so this one fails too
        where = ""
    raise UndecodableError(
        f"undecodable text: it starts as {best.codec}, but later bytes are not {best.codec}"
        f"{where}"
    )


def _has_controls(sample: bytes) -> bool:
    """True when `sample` has control bytes other than tab, newlines, form feed and escape."""
    return len(sample.translate(None, _CONTROL_BYTES)) < len(sample)


def _check_binary(sample: bytes) -> None:
    """Raise `NotTextError` when the sample looks like binary data rather than text."""
    nuls = sample.count(0)
    if nuls:
        raise NotTextError(f"binary data, not text ({nuls} NUL bytes in the first {len(sample)})")
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > max(2, len(sample) // 50):
        raise NotTextError(
            f"binary data, not text ({controls} control bytes in the first {len(sample)})"
        )


def _trust_charset_normalizer(data: bytes, foreign: _Foreign) -> Decoded | None:
    """charset-normalizer's codec on the whole input, for scripts our statistics know little
    about: taken when the text has hardly any impossible characters. (Readings in Han, kana,
    Hangul or Latin script got here because the statistics found them implausible: mojibake.)"""
    assert foreign.codec is not None
    name = foreign.codec
    try:
        text, cut = _strict(data, name)
        errors = 0
    except UnicodeDecodeError:
        text, errors, cut = _lenient(data, name)
        if errors > _allowed_errors(len(text)):
            return None
    text += _tail(cut)
    errors += min(cut, 1)
    stats = text_stats(text[:SAMPLE_BYTES])
    if stats.bad - errors > stats.chars * _MAX_BAD_SHARE:
        return None
    if stats.script in _MODELLED_SCRIPTS:
        return None  # the statistics know this script and found the reading implausible
    confidence = (1.0 - foreign.chaos) * max(0.5, foreign.coherence)
    return Decoded(text, name, round(max(0.05, min(0.8, confidence)), 3), False, errors)


# --- helpers -----------------------------------------------------------------------------------


def _sample(data: bytes) -> bytes:
    """The bytes detection looks at: the first `SAMPLE_BYTES`, or, when the input starts with
    a long ASCII stretch (a header, code, a table of numbers), the stretch from a little before
    its first non-ASCII byte -- a 4-byte-aligned character boundary in every encoding."""
    first = _NON_ASCII.search(data)
    if first is None or first.start() < SAMPLE_BYTES // 2:
        return data[:SAMPLE_BYTES]
    start = (first.start() - 1024) & ~3
    return data[start : start + SAMPLE_BYTES]


def _allowed_errors(chars: int) -> float:
    """How many invalid sequences a nearly-valid reading of `chars` characters may have: 0.5 %,
    but one or two in short texts (one corrupt byte often makes two)."""
    return max(min(2, chars // 10), chars * _MAX_LENIENT_ERROR_SHARE)


def _tail(pending: int) -> str:
    """One U+FFFD for a cut last character (of `pending` bytes), else nothing."""
    return "\ufffd" if pending else ""


def _lenient(data: bytes, codec: str) -> tuple[str, int, int]:
    """(text, invalid sequences replaced by U+FFFD, bytes of a cut last character left over)."""
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    text = decoder.decode(data, final=False)
    tail = decoder.getstate()[0]
    if not _cut_character(tail, codec):
        text += decoder.decode(b"", final=True)
        tail = b""
    pending = len(tail)
    body = data[: len(data) - pending]
    errors = len(text) - len(body.decode(codec, errors="ignore"))
    return text, errors, pending


def _strict(data: bytes, codec: str) -> tuple[str, int]:
    """Decode strictly all but an incomplete final character: (text, bytes of it left over).

    The incremental decoder keeps an incomplete final sequence pending instead of failing, so
    this is also how samples are cut on character boundaries.
    """
    complete = data[-1:] < b"\x80" if codec == "utf-8" else True  # ASCII last: nothing is cut
    if complete:
        try:
            return data.decode(codec), 0  # the common case, and the fastest
        except UnicodeDecodeError:
            pass
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    text = decoder.decode(data, final=False)
    pending = decoder.getstate()[0]
    if not _cut_character(pending, codec):
        pending.decode(codec)  # raises UnicodeDecodeError
    return text, len(pending)


def _cut_character(pending: bytes, codec: str) -> bool:
    """True when the bytes an incremental decoder keeps pending at the end can begin one
    character (a cut last character), not invalid bytes it had not looked at yet (UTF-8
    ``\xed\xa0`` would begin a surrogate)."""
    return len(pending.decode(codec, errors="replace")) <= 1


def _looks_utf32(sample: bytes, little: bool) -> bool:
    """True when every 4-byte unit has a zero top byte and a plane byte of at most 0x10."""
    units = len(sample) // 4
    if not units:
        return False
    top, plane = (3, 2) if little else (0, 1)
    tops = sample[top : units * 4 : 4]
    planes = sample[plane : units * 4 : 4]
    return tops.count(0) == units and max(planes) <= 0x10


def _plausible(stats: TextStats, errors: int = 0) -> bool:
    """True when a reading looks like real text (Chinese or otherwise); `errors` U+FFFD the
    reading put in for invalid sequences are not held against it here (they cost elsewhere)."""
    if stats.bad - errors > stats.chars * _MAX_BAD_SHARE:
        return False
    return stats.non_ascii_cost <= _MAX_NON_ASCII_COST


def _confidence(best: _Reading, runner_up: float | None) -> float:
    """Confidence from how much more likely the best reading is than the next one."""
    margin = 30.0 if runner_up is None else runner_up - best.total
    # The costs are a crude model, so a margin of 4 log10 units counts as about 90 % sure.
    confidence = 1.0 - 10 ** (-margin / 4.0)
    stats = best.stats
    if stats.non_ascii_cost > 4.5:  # unusual characters: less sure it is text at all
        confidence *= 0.8
    if best.codec == "utf-8" and stats.non_ascii:
        return round(max(0.5, min(1.0, confidence)), 3)
    return round(max(0.05, min(0.99, confidence)), 3)


def _lenient_confidence(errors: int, chars: int) -> float:
    """Confidence of a reading that needed `errors` replacements in `chars` characters."""
    return round(max(0.3, 0.9 - 0.1 * errors - 20.0 * errors / max(chars, 1)), 3)


def _describe(exc: UnicodeDecodeError, data: bytes) -> str:
    """'invalid byte sequence b'\\xff\\xfe' at byte 123' for a decoding error."""
    bad = data[exc.start : max(exc.end, exc.start + 1)][:4]
    return f"{exc.reason}: byte sequence {bad!r} at byte {exc.start}"
