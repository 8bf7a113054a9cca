"""The result model: `Document`, its `Section`s, its `Change` records and `EncodingInfo`.

A Document is plain data: what the pipeline made of one input, and a record of every change, so
a user can see what was removed or rewritten and why. It renders itself as a dict, JSON and
Markdown.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple

SECTION_KINDS = ("title", "subtitle", "metadata", "lead", "heading", "paragraph", "caption", "boilerplate")
"""Kinds a `Section` can have, in the usual reading order of a news page. ``metadata`` and
``boilerplate`` sections appear only when the `keep_boilerplate` option keeps those lines."""


@dataclass(frozen=True, slots=True)
class Section:
    """One block of the article: its `kind` (see `SECTION_KINDS`) and its text."""

    kind: str
    text: str


class Change(NamedTuple):
    """One change a step made.

    `start`/`end` are offsets into the input text (the `str` given to `clean`, or the decoded
    bytes); `before` is the span as the step saw it (earlier steps may already have touched it)
    and `after` what the step put in its place ("" for a removal). `kind` names the fix or the
    reason for a removal; `reason` says why in words.

    An immutable named tuple: a long damaged page gives thousands of changes, and a named tuple
    is built several times faster than a frozen dataclass (`Document.to_dict` gives each as a
    dict).
    """

    step: str
    kind: str
    before: str
    after: str
    start: int
    end: int
    reason: str = ""


@dataclass(frozen=True, slots=True)
class EncodingInfo:
    """How bytes input was decoded: the codec `name`, a `confidence` in [0, 1], and whether a BOM was seen."""

    name: str
    confidence: float
    bom: bool = False


@dataclass(slots=True)
class Document:
    """What zhclean made of one input: clean text, sections, metadata and the changes made."""

    text: str
    sections: list[Section] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    encoding: EncodingInfo | None = None
    error: str | None = None
    """Why this record could not be cleaned (batch processing only; `clean` raises instead)."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the whole document."""
        return {
            "text": self.text,
            "sections": [asdict(s) for s in self.sections],
            "meta": dict(self.meta),
            "changes": [c._asdict() for c in self.changes],
            "encoding": asdict(self.encoding) if self.encoding else None,
            **({"error": self.error} if self.error is not None else {}),
        }

    def to_json(self, *, indent: int | None = None) -> str:
        """The document as JSON (UTF-8 characters kept, not escaped)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_markdown(self) -> str:
        """The article as Markdown: `#` title, `##` headings, bold subtitle, quoted lead, italic captions.

        A lead label and the lead after it (编者按 + its text) make one quote; metadata and
        boilerplate sections (present only with `keep_boilerplate`) are left out.
        """
        blocks: list[str] = []
        prev = ""
        for s in self.sections:
            text = s.text.strip()
            if not text:
                continue
            if s.kind == "title":
                blocks.append(f"# {text}")
            elif s.kind == "heading":
                blocks.append(f"## {text}")
            elif s.kind == "subtitle":
                blocks.append(f"**{text}**")
            elif s.kind == "lead":
                quoted = "\n".join(f"> {line}" for line in text.splitlines())
                if blocks and prev == "lead":
                    blocks[-1] += "\n>\n" + quoted
                else:
                    blocks.append(quoted)
            elif s.kind == "caption":
                blocks.append(f"*{text}*")
            elif s.kind in ("metadata", "boilerplate"):
                continue
            else:
                blocks.append(text)
            prev = s.kind
        return "\n\n".join(blocks) + ("\n" if blocks else "")

    def summary(self) -> dict[str, int]:
        """Count of changes by ``step:kind``, for reports and batch summaries."""
        counts: dict[str, int] = {}
        for c in self.changes:
            key = f"{c.step}:{c.kind}"
            counts[key] = counts.get(key, 0) + 1
        return counts
