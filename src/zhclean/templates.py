"""Corpus-level template learning: site furniture that no rule knows, found by repetition.

The pages of one site share their menus, footers and slogans. `learn_templates` counts, per
site, in how many documents each normalised line occurs, and keeps the lines that recur in many
of them; `template_edits` then removes those lines from a document (reason ``template``). A line
seen in only a few documents is never a template, and a long sentence-like line needs to recur
in at least half of a site's pages, so quoted or reposted article text is not taken for
furniture.

Counting is bounded in memory: each site's counter uses lossy counting (Manku and Motwani,
2002), which keeps every line whose share of documents exceeds the threshold and forgets rare
lines as it goes, so a million-page site costs thousands of entries, not millions.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .edits import Edit

_SPACE = re.compile(r"[\s\u3000]+")
_DIGITS = re.compile(r"[0-9０-９]+")
_SENTENCE_END = re.compile(r"[。！？!?；;…”」』]$")

MIN_LINE_CHARS = 2
"""Shorter lines (after normalising) are ignored: too short to say anything."""

LONG_LINE_CHARS = 40
"""Lines at least this long that end like a sentence need `long_share` to count as templates."""


def line_key(line: str) -> str:
    """The normalised form lines are compared by: no spaces, every run of digits as ``0``.

    >>> line_key("阅读次数： 1234 ")
    '阅读次数：0'
    """
    return _DIGITS.sub("0", _SPACE.sub("", line))


def line_hash(key: str) -> int:
    """A 64-bit hash of a normalised line (stable across processes and runs)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")


@dataclass
class _LossyCounter:
    """Lossy counting of document frequencies with error bound `epsilon` (as a share of documents)."""

    epsilon: float
    docs: int = 0
    counts: dict[int, list[int]] = field(default_factory=dict)  # hash -> [count, max_error, long]

    def add(self, keys: dict[int, bool]) -> None:
        self.docs += 1
        width = max(1, math.ceil(1 / self.epsilon))
        bucket = math.ceil(self.docs / width)
        for h, is_long in keys.items():
            entry = self.counts.get(h)
            if entry is None:
                self.counts[h] = [1, bucket - 1, int(is_long)]
            else:
                entry[0] += 1
        if self.docs % width == 0:
            self.counts = {h: e for h, e in self.counts.items() if e[0] + e[1] > bucket}


@dataclass(frozen=True)
class Templates:
    """Learned template lines: per site, the hashes of lines that recur across its documents.

    `site(None)` is the whole input when records name no site. Save with `dump`, load with
    `load`; pass to `Cleaner(..., templates=...)` or `zhclean batch --templates FILE`.
    """

    sites: dict[str | None, frozenset[int]]
    documents: dict[str | None, int]

    def lines(self, site: str | None) -> frozenset[int]:
        """Template line hashes for `site` (falls back to the site-less set)."""
        found = self.sites.get(site)
        if found is None:
            found = self.sites.get(None, frozenset())
        return found

    def __len__(self) -> int:
        return sum(len(v) for v in self.sites.values())

    def dump(self, path: str | Path) -> None:
        """Write the templates as JSON (hashes as hex strings)."""
        data = {
            "format": "zhclean-templates/1",
            "sites": [
                {"site": s, "documents": self.documents.get(s, 0), "lines": sorted(f"{h:016x}" for h in hs)}
                for s, hs in self.sites.items()
            ],
        }
        Path(path).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> Templates:
        """Read templates written by `dump`."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != "zhclean-templates/1":
            raise ValueError(f"{path}: not a zhclean templates file")
        sites = {e["site"]: frozenset(int(h, 16) for h in e["lines"]) for e in data["sites"]}
        docs = {e["site"]: int(e["documents"]) for e in data["sites"]}
        return cls(sites, docs)


def doc_keys(text: str) -> dict[int, bool]:
    """Hash -> is-long-sentence for each distinct countable line of a document."""
    keys: dict[int, bool] = {}
    for line in text.splitlines():
        key = line_key(line)
        if len(key) >= MIN_LINE_CHARS:
            keys[line_hash(key)] = len(key) >= LONG_LINE_CHARS and bool(_SENTENCE_END.search(key))
    return keys


class TemplateLearner:
    """Learns templates incrementally: `add` documents (or their `doc_keys`), then `result`."""

    def __init__(self, *, min_docs: int = 5, min_share: float = 0.1, long_share: float = 0.5) -> None:
        if not 0 < min_share <= 1 or not 0 < long_share <= 1:
            raise ValueError("min_share and long_share must be in (0, 1]")
        if min_docs < 2:
            raise ValueError("min_docs must be at least 2: a line of one document is never a template")
        self.min_docs = min_docs
        self.min_share = min_share
        self.long_share = long_share
        self._counters: dict[str | None, _LossyCounter] = {}

    def add(self, site: str | None, text: str) -> None:
        """Count the lines of one document of `site`."""
        self.add_keys(site, doc_keys(text))

    def add_keys(self, site: str | None, keys: dict[int, bool]) -> None:
        """Count one document given as `doc_keys` (lets workers hash lines in parallel)."""
        counter = self._counters.get(site)
        if counter is None:
            counter = self._counters[site] = _LossyCounter(epsilon=self.min_share / 10)
        counter.add(keys)

    def result(self) -> Templates:
        """The templates learned so far."""
        sites: dict[str | None, frozenset[int]] = {}
        for site, counter in self._counters.items():
            need = max(self.min_docs, math.ceil(self.min_share * counter.docs))
            need_long = max(self.min_docs, math.ceil(self.long_share * counter.docs))
            sites[site] = frozenset(
                h for h, (count, _err, long) in counter.counts.items() if count >= (need_long if long else need)
            )
        return Templates(sites, {s: c.docs for s, c in self._counters.items()})


def learn_templates(
    docs: Iterable[Any],
    *,
    min_docs: int = 5,
    min_share: float = 0.1,
    long_share: float = 0.5,
) -> Templates:
    """Learn template lines from `docs`: strings, or ``(site, text)`` pairs.

    A line is a template of its site when it occurs in at least `min_docs` documents and in at
    least `min_share` of the site's documents (`long_share` for long sentence-like lines).
    """
    learner = TemplateLearner(min_docs=min_docs, min_share=min_share, long_share=long_share)
    for item in docs:
        learner.add(*_split(item))
    return learner.result()


def _split(item: Any) -> tuple[str | None, str]:
    if isinstance(item, str):
        return None, item
    if isinstance(item, tuple) and len(item) == 2:
        site, text = item
        return (None if site is None else str(site)), (text if isinstance(text, str) else "")
    raise TypeError(f"learn_templates takes strings or (site, text) pairs, not {type(item).__name__}")


def template_edits(text: str, lines: frozenset[int]) -> list[Edit]:
    """Edits removing every line of `text` whose normalised hash is in `lines`."""
    if not lines:
        return []
    edits: list[Edit] = []
    pos = 0
    for line in _lines_with_ends(text):
        key = line_key(line)
        if len(key) >= MIN_LINE_CHARS and line_hash(key) in lines:
            edits.append(Edit(pos, pos + len(line), "", "template", "line recurs across the site's pages"))
        pos += len(line)
    if edits and edits[-1].end == len(text) and not text.endswith("\n") and edits[-1].start > 0:
        # The last line went: take the newline before it too, so no empty last line remains.
        last = edits.pop()
        if edits and edits[-1].end == last.start:
            prev = edits.pop()
            edits.append(Edit(prev.start, last.end, "", prev.kind, prev.reason))
        else:
            edits.append(Edit(last.start - 1, last.end, "", last.kind, last.reason))
    return edits


def _lines_with_ends(text: str) -> Iterator[str]:
    start = 0
    while True:
        nl = text.find("\n", start)
        if nl < 0:
            if start < len(text):
                yield text[start:]
            return
        yield text[start : nl + 1]
        start = nl + 1
