"""The pipeline: the order of zhclean's steps, read top to bottom.

    bytes ─ decode ─┐
                    str ─ normalize ─ repair ─ (convert) ─ structure ─ Document

Each step is a pure function in its own module that finds `Edit`s on the text it is given. This
module applies them in order and turns them into `Change` records whose offsets point into the
input text, so the Document says what every step did and where.
"""

from __future__ import annotations

from functools import lru_cache
from operator import itemgetter, le
from typing import Any

from .config import DEFAULT, Config
from .convert import convert_edits
from .decode import decode
from .document import Change, Document, EncodingInfo, Section
from .edits import Edit, OffsetMap, apply_edits
from .errors import InputTypeError
from .normalize import normalize_edits
from .repair import Pass, repaired
from .structure import analyze
from .templates import Templates, template_edits


@lru_cache(maxsize=64)
def _before_repair(config: Config) -> Config:
    """Hygiene options for the pass before repair: the user's punctuation and NFKC apply after it."""
    form = "NFC" if config.unicode_form == "NFKC" else config.unicode_form
    return config.replace(punctuation="keep", unicode_form=form)

_MAX_REPAIR_ROUNDS = 3
"""Repair and hygiene alternate at most this often (one round on text that needs no repair)."""


class Cleaner:
    """A configured pipeline, reusable and cheap to pickle (tables are built once per process)."""

    __slots__ = ("config", "templates")

    def __init__(self, config: Config | None = None, *, templates: Templates | None = None, **options: Any) -> None:
        self.config = (config or DEFAULT).replace(**options)
        self.templates = templates

    def __getstate__(self) -> dict[str, Any]:
        return {"config": self.config, "templates": self.templates}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.config = state["config"]
        self.templates = state.get("templates")

    def __repr__(self) -> str:
        return f"Cleaner({self.config!r})"

    def clean(self, source: str | bytes, *, site: str | None = None) -> Document:
        """Clean one text (`str`) or one file's content (`bytes`) into a `Document`.

        With learned `templates`, `site` picks the site whose template lines are removed.
        """
        lines = self.templates.lines(site) if self.templates is not None else frozenset()
        return run(source, self.config, template_lines=lines)


def clean(source: str | bytes, config: Config | None = None, **options: Any) -> Document:
    """Clean `source` with `config` (default options), changed by any keyword `options`."""
    return run(source, (config or DEFAULT).replace(**options))


def run(source: str | bytes, config: Config, template_lines: frozenset[int] = frozenset()) -> Document:
    """Run every enabled step on `source`, in order."""
    encoding: EncodingInfo | None = None
    if isinstance(source, (bytes, bytearray, memoryview)):
        decoded = decode(bytes(source), encoding=config.encoding)
        text = decoded.text
        encoding = EncodingInfo(decoded.encoding, decoded.confidence, decoded.bom)
    elif isinstance(source, str):
        text = source
    else:
        raise InputTypeError(f"clean() takes str or bytes, not {type(source).__name__}")

    trace = Trace(text)
    if config.normalize:
        # Before repair, hygiene leaves alone what repair needs to see: C1 controls and no-break
        # spaces next to Latin-1 text (mojibake bytes), ASCII brackets (pinyin annotations,
        # `M(jìn)`) and compatibility forms; the chosen punctuation and NFKC come after repair.
        first = _before_repair(config) if config.repair else config
        text = trace.apply("normalize", text, normalize_edits(text, first, keep_mojibake=config.repair))
    if config.repair:
        # Once repair has had them, hygiene takes the rest, and what that uncovers (``ÖÐ\xa0¹ú``
        # becomes ``ÖÐ ¹ú``) gets another repair round, until neither changes anything:
        # clean(clean(x).text) == clean(x).
        found_nothing: dict[Pass, str] = {}  # each pass's last text without findings (see `repaired`)
        tidy: str | None = None  # the last text hygiene found nothing in (a pure step: not again)
        for round_ in range(_MAX_REPAIR_ROUNDS):
            fixed, found = repaired(text, config, found_nothing=found_nothing)
            # Damage kept on request (unrecoverable="keep") is recorded in the first round only.
            if round_:
                found = [e for e in found if e.after != text[e.start : e.end]]
                changed = bool(found)
            else:
                changed = any(e.after != text[e.start : e.end] for e in found)  # stops at the first
            text = trace.apply("repair", text, found, result=fixed)
            tidied = normalize_edits(text, config, keep_mojibake=False) if config.normalize and text != tidy else []
            if not tidied:
                tidy = text
            text = trace.apply("normalize", text, tidied)
            if not changed and not tidied:
                break
    if config.target or config.convert_config or config.quotes != "keep":
        text = trace.apply("convert", text, convert_edits(text, config))

    if template_lines:  # site furniture learned from the corpus (zhclean.learn_templates)
        text = trace.apply("structure", text, template_edits(text, template_lines))

    meta: dict[str, Any] = {}
    if config.structure:
        found = analyze(text, config)
        text = trace.apply("structure", text, found.edits)
        sections, meta = found.sections, found.meta
    else:
        sections = [Section("paragraph", line.strip()) for line in text.split("\n") if line.strip()]
    return Document(text=text, sections=sections, meta=meta, changes=trace.changes, encoding=encoding)


_start, _end = itemgetter(0), itemgetter(1)
_new_change = tuple.__new__


class Trace:
    """Collects the Changes of every step, with offsets mapped back to the input text."""

    __slots__ = ("_maps", "changes", "input")

    def __init__(self, input_text: str) -> None:
        self.input = input_text
        self.changes: list[Change] = []
        self._maps: list[OffsetMap | list[Edit]] = []  # a step's edits until a map is needed

    def apply(self, step: str, text: str, edits: list[Edit], result: str | None = None) -> str:
        """Apply a step's sorted `edits` to `text`, record them as Changes, return the new text
        (`result`, when the step already has it)."""
        if not edits:
            return text
        self.record(step, text, edits)
        self._maps.append(edits)  # its OffsetMap is built when a later step's Changes need it
        return apply_edits(text, edits) if result is None else result

    def record(self, step: str, text: str, edits: list[Edit]) -> None:
        """Record `edits` on `text` (the current text) as Changes without applying them."""
        if not self._maps:  # the first step that changes anything: offsets are the input's
            self.changes.extend(
                [_new_change(Change, (step, kind, text[s:e], after, s, e, why)) for s, e, after, kind, why in edits]
            )
            return
        starts = list(map(_start, edits))
        ends = list(map(_end, edits))
        maps = self._offset_maps()
        if all(map(le, ends, starts[1:])):  # sorted (as steps give them): one sweep per map
            for m in reversed(maps):
                starts = m.to_input_sorted(starts)
                ends = m.to_input_sorted(ends, end=True)
        else:
            starts = [self.to_input(p) for p in starts]
            ends = [self.to_input(p, end=True) for p in ends]
        ends = list(map(max, starts, ends))  # an insertion inside a replaced span maps to it
        self.changes.extend(
            [
                _new_change(Change, (step, kind, text[s:e], after, start, end, why))  # Change(...), built in C
                for (s, e, after, kind, why), start, end in zip(edits, starts, ends, strict=True)
            ]
        )

    def to_input(self, pos: int, *, end: bool = False) -> int:
        """Map a position in the current text back to the input text."""
        for m in reversed(self._offset_maps()):
            pos = m.to_input(pos, end=end)
        return pos

    def _offset_maps(self) -> list[OffsetMap]:
        """Each applied step's OffsetMap, built now for the steps that have none yet."""
        maps = [OffsetMap(m) if isinstance(m, list) else m for m in self._maps]
        self._maps[:] = maps
        return maps
