"""`Config`: every option zhclean has, in one frozen dataclass.

Each field carries its help text in its metadata; the CLI builds one flag per field from it, so
an option added here is documented and reachable from the command line at once. Each step can be
switched off. Options are validated when the Config is made: a wrong name or value fails early
with a `ConfigError` that names it.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import ConfigError


def _opt(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Config:
    """All options of the pipeline; pass to `clean`/`Cleaner`, or give them as keywords."""

    # --- decode: bytes to str -----------------------------------------------------------------
    encoding: str | None = _opt(
        None,
        "Decode bytes input with this codec instead of detecting it (e.g. gb18030, big5).",
    )

    # --- normalize: text hygiene --------------------------------------------------------------
    normalize: bool = _opt(
        True, "Run the text-hygiene step (newlines, invisible characters, spaces, entities, blank lines)."
    )
    unicode_form: Literal["NFC", "NFKC", "none"] = _opt(
        "NFC",
        "Unicode normal form: NFC (canonical, changes no visible character), NFKC (also folds "
        "compatibility forms: full-width punctuation, letters and digits become ASCII, U+3000 and "
        "no-break spaces become spaces; only on request), or none.",
    )
    punctuation: Literal["keep", "fullwidth", "halfwidth"] = _opt(
        "keep",
        "Punctuation convention: keep it as it is (correct typography is never damage); fullwidth "
        "(ASCII , : ; ! ? and paired ( ) next to Chinese become full-width; URLs, numbers and Latin "
        "text untouched); halfwidth (full-width forms U+FF01-U+FF5E become ASCII).",
    )
    html_entities: bool = _opt(
        True, "Decode HTML entities left in text (&nbsp; &amp; &#x4e2d;), also when escaped twice (&amp;nbsp;)."
    )
    nbsp: Literal["space", "keep"] = _opt(
        "space",
        "No-break spaces (U+00A0, U+2007, U+202F) and other Unicode spaces (U+2000-U+200A, U+205F): "
        "make them plain spaces, or keep them.",
    )
    ideographic_space: Literal["keep", "space", "remove"] = _opt(
        "keep",
        "Ideographic spaces (U+3000, often used to indent paragraphs): keep, make ASCII spaces, "
        "or remove them.",
    )
    strip_trailing_space: bool = _opt(True, "Remove spaces, tabs and ideographic spaces at the ends of lines.")
    indent: Literal["keep", "strip"] = _opt(
        "keep",
        "Indentation at the starts of lines (spaces, no-break or ideographic spaces): keep it (later "
        "steps read paragraphs from it), or strip it.",
    )
    max_blank_lines: int = _opt(
        1, "Collapse runs of blank lines to at most this many (0: none); blank lines at the start and end go."
    )

    # --- repair: encoding damage (issue 3) ------------------------------------------------------
    repair: bool = _opt(
        True, "Run the encoding-repair step (mojibake, misaligned GBK, pinyin annotations, damage, HTML leftovers)."
    )
    repair_codecs: bool = _opt(
        True,
        "Repair Chinese codec confusions: GBK/Big5 bytes shown as Latin-1, UTF-8 shown as GBK/Big5, "
        "GBK and Big5 mixed up, and double layers of these.",
    )
    repair_latin: bool = _opt(
        True, "Repair UTF-8 shown as Latin-1/cp1252 (with ftfy, configured never to touch correct Chinese)."
    )
    repair_html: bool = _opt(True, "Remove HTML tags and fragments left in the text (<p>, </p>, <br>).")
    repair_misaligned: bool = _opt(
        True,
        "Realign GBK read one byte out of step after a lost lead byte (三?。ㄊ校用娓 for 三省（市）層面); "
        "where the bytes and the context do not decide, the span is kept and recorded as suspect.",
    )
    repair_garble: bool = _opt(
        True,
        "Repair mirror-page garbling at full-width punctuation next to pinyin annotations (?! for 。”), "
        "doubled punctuation and lost full-width spaces.",
    )
    repair_pinyin: bool = _opt(
        True,
        "Remove toned pinyin readings left after characters by conversion proxies (發(fā)展 -> 發展); "
        "(市), (AI), (2023-2035年) and other real parentheses stay.",
    )
    unrecoverable: Literal["remove", "mark", "keep"] = _opt(
        "remove",
        "What to do with damage no codec can undo (锟斤拷, 烫烫烫, 屯屯屯, runs of U+FFFD): remove it, "
        "mark it with one U+FFFD per run, or keep it; it is recorded as a change in every case.",
    )

    # --- convert: script conversion (issue 4) ---------------------------------------------------
    target: Literal["hans", "hant", "tw", "twp", "hk", "hkp"] | None = _opt(
        None,
        "Script to convert to: hans (Simplified), hant (Traditional), tw/twp (Taiwan characters / "
        "and phrases), hk/hkp (Hong Kong). The OpenCC config is picked from the script each "
        "paragraph is in; Traditional text only gets its Simplified leftovers fixed. None keeps "
        "the script.",
    )
    convert_config: str | None = _opt(
        None,
        "Expert: run this OpenCC config as it is (s2t, t2s, s2tw, tw2s, s2twp, tw2sp, s2hk, hk2s, "
        "s2hkp, hk2sp, t2tw, tw2t, t2hk, hk2t, t2jp, jp2t), whatever script the text is in. "
        "Overrides target.",
    )
    backend: Literal["builtin", "opencc"] = _opt(
        "builtin",
        "Conversion engine: builtin (zhclean's, OpenCC's current data, exact and fast) or opencc "
        "(the installed 'opencc' module: OpenCC's C++ binding or opencc-python-reimplemented).",
    )
    user_dict: str | None = _opt(
        None, "Path of a user phrase dictionary (from<TAB>to lines) whose entries win over OpenCC's."
    )
    quotes: Literal["keep", "corner", "curly"] = _opt(
        "keep",
        "Quotation marks: keep them, make paired “” ‘’ corner brackets 「」 『』 (Taiwan, Hong "
        "Kong), or make corner brackets curly quotes.",
    )
    convert_changes: Literal["summary", "full"] = _opt(
        "summary",
        "Change records of the convert step: summary (one per line) or full (one per converted "
        "phrase or character).",
    )

    # --- structure: boilerplate, sections, metadata (issue 5) -----------------------------------
    structure: bool = _opt(
        True,
        "Run the structure step: remove site furniture (menus, footers, share widgets...) and "
        "metadata lines, label sections and fill Document.meta. Off: the text keeps every line.",
    )
    keep_boilerplate: bool = _opt(
        False,
        "Keep furniture and metadata lines in the output, as 'boilerplate' and 'metadata' "
        "sections recorded with their reason, instead of removing them (for auditing a site).",
    )

    def __post_init__(self) -> None:
        hints = typing.get_type_hints(type(self))
        for f in dataclasses.fields(self):
            _check(f.name, getattr(self, f.name), hints[f.name])
        if self.convert_config is not None:
            from .convert.dictionaries import ConvertError, config_name

            try:
                config_name(self.convert_config)
            except ConvertError as exc:
                raise ConfigError(f"option 'convert_config': {exc}") from None

    def replace(self, **options: Any) -> Config:
        """Return a copy with `options` changed; unknown names raise `ConfigError`."""
        if not options:
            return self
        names = {f.name for f in dataclasses.fields(self)}
        unknown = sorted(set(options) - names)
        if unknown:
            raise ConfigError(
                f"unknown option {', '.join(map(repr, unknown))}; known options: {', '.join(sorted(names))}"
            )
        return dataclasses.replace(self, **options)

    @classmethod
    def options(cls) -> list[tuple[str, Any, Any, str]]:
        """(name, type, default, help) for every option, in declaration order."""
        hints = typing.get_type_hints(cls)
        return [(f.name, hints[f.name], f.default, f.metadata.get("help", "")) for f in dataclasses.fields(cls)]


def _check(name: str, value: Any, hint: Any) -> None:
    """Raise `ConfigError` unless `value` fits the annotation `hint`."""
    if not _fits(value, hint):
        raise ConfigError(f"option {name!r}: {value!r} is not {_describe(hint)}")


def _fits(value: Any, hint: Any) -> bool:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint is Any:
        return True
    if origin is Literal:
        return value in args
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return any(_fits(value, a) for a in args)
    if hint is type(None):
        return value is None
    if origin in (tuple, list):
        if not args:
            return isinstance(value, origin)
        return isinstance(value, origin) and all(_fits(v, args[0]) for v in value)
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True


def _describe(hint: Any) -> str:
    origin = typing.get_origin(hint)
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(hint))
    if hint is int:
        return "a whole number >= 0"
    return f"of type {getattr(hint, '__name__', hint)}"


DEFAULT = Config()
"""The default configuration."""
