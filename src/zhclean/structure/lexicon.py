"""The structure step's lexicons: furniture vocabulary, patterns, metadata labels, cue words.

All of it is package data (``zhclean/data/boilerplate.txt``, ``boilerplate_patterns.txt``,
``metadata_fields.txt``, ``sections.txt``, ``surnames.txt``, ``spam.txt``), each file with a
header saying where it came from; this module only reads the files and compiles them once per
process into the regular expressions and sets the labeller uses. Phrase lists are compiled as
tries (``(?:版权所有|版面)`` becomes ``版(?:权所有|面)``) so one search costs one scan of a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from re import Pattern

_STRIP = " \t\u3000:：【】[]()（）〔〕<>《》|｜丨-—_·•>»"
"""Characters ignored around a phrase when a whole line is compared with a `line` phrase."""


@dataclass(frozen=True)
class Lexicon:
    """Compiled lexicons; build with `lexicon()` (cached), never by hand."""

    any_re: Pattern[str]
    label_re: Pattern[str]
    start_re: Pattern[str]
    suffix_re: Pattern[str]
    site_re: Pattern[str]
    suffix_words: frozenset[str]
    suffix_longest: int
    site_words: frozenset[str]
    site_longest: int
    line_kind: dict[str, str]
    phrase_kind: dict[tuple[str, str], str]
    patterns: Pattern[str]
    pattern_kinds: dict[str, str]
    pattern_gate: Pattern[str] | None
    field_re: Pattern[str]
    field_of: dict[str, str]
    single_labels: frozenset[str]
    lead_line: frozenset[str]
    lead_start_re: Pattern[str]
    caption_start_re: Pattern[str]
    caption_end_re: Pattern[str]
    caption_end_words: frozenset[str]
    caption_end_longest: int
    byline_prefix_re: Pattern[str]
    end_line: frozenset[str]
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    spam_re: Pattern[str]
    spam_weight: dict[str, int]

    def ends_with_suffix(self, s: str) -> bool:
        """Whether `s` ends with a column-name suffix (``suffix_re.search(s)``, by set lookups)."""
        return _ends_with(s, self.suffix_words, self.suffix_longest)

    def ends_with_site(self, s: str) -> bool:
        """Whether `s` ends with a site-name phrase (``site_re.search(s)``, by set lookups)."""
        return _ends_with(s, self.site_words, self.site_longest)

    def ends_with_caption_end(self, s: str) -> bool:
        """Whether `s` ends with a caption-end phrase, spaces after it allowed (``caption_end_re.search(s)``)."""
        return _ends_with(s.rstrip(), self.caption_end_words, self.caption_end_longest)

    def line_key(self, s: str) -> str:
        """`s` as compared with `line` phrases: lower case, brackets and separators stripped."""
        return s.strip(_STRIP).lower()


def _ends_with(s: str, words: frozenset[str], longest: int) -> bool:
    # One set lookup per suffix length: a regex search anchored at the end would try every
    # start position against every phrase.
    return any(s[-k:] in words for k in range(1, min(len(s), longest) + 1))


def _rows(name: str, columns: int) -> list[list[str]]:
    """The tab-separated rows of data file `name`, skipping comments and blank lines."""
    text = resources.files("zhclean").joinpath("data", name).read_text(encoding="utf-8")
    rows: list[list[str]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != columns:
            raise ValueError(f"zhclean data file {name}: expected {columns} tab-separated columns in {line!r}")
        rows.append(parts)
    return rows


def trie_pattern(words: list[str]) -> str:
    """A regex alternation of `words` built as a trie: longest match first, one scan per search.

    >>> trie_pattern(["版权所有", "版面", "首页"])
    '(?:版(?:权所有|面)|首页)'
    """
    trie: dict[str, dict] = {}
    for w in set(words):
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        optional = "" in node
        if len(alts) == 1 and not optional:
            return alts[0]
        group = "(?:" + "|".join(alts) + ")"
        return group + "?" if optional else group

    return build(trie) or "(?!)"


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load and compile every structure lexicon (once per process)."""
    by_match: dict[str, list[str]] = {"any": [], "label": [], "start": [], "line": [], "suffix": [], "site": []}
    phrase_kind: dict[tuple[str, str], str] = {}
    line_kind: dict[str, str] = {}
    for kind, match, phrase in _rows("boilerplate.txt", 3):
        if match not in by_match:
            raise ValueError(f"zhclean data file boilerplate.txt: unknown match {match!r}")
        key = phrase.lower()
        if match == "line":
            line_kind.setdefault(key.strip(_STRIP), kind)
        else:
            by_match[match].append(key)
            phrase_kind.setdefault((match, key), kind)
    # Phrases are stored and matched in lower case (callers lower the line once): a case-folding
    # regex would be several times slower on Chinese text.
    any_re = re.compile(trie_pattern(by_match["any"]))
    label_re = re.compile(rf"({trie_pattern(by_match['label'])})\s*[:：]")
    start_re = re.compile(rf"[\s【\[（(<《]*({trie_pattern(by_match['start'])})")
    suffix_re = re.compile(rf"({trie_pattern(by_match['suffix'])})$")
    site_re = re.compile(rf"({trie_pattern(by_match['site'])})$")

    rows = _rows("boilerplate_patterns.txt", 3)
    for _, _, rx in rows:
        re.compile(rx)  # a bad pattern fails here, alone, with its own message
    # One regex for all patterns (group pN is row N), tried only on lines holding a gate character.
    patterns = re.compile("|".join(f"(?P<p{n}>{rx})" for n, (_, _, rx) in enumerate(rows)), re.IGNORECASE)
    pattern_kinds = {f"p{n}": kind for n, (kind, _, _) in enumerate(rows)}
    gates = {ch for _, gate, _ in rows for ch in gate if gate != "-"}
    ungated = any(gate == "-" for _, gate, _ in rows)
    pattern_gate = None if ungated else re.compile("[" + re.escape("".join(sorted(gates))) + "]")

    field_of: dict[str, str] = {}
    for field, label in _rows("metadata_fields.txt", 2):
        field_of.setdefault(label, field)
    multi = [lab for lab in field_of if len(lab) > 1]
    single = [lab for lab in field_of if len(lab) == 1]
    # A label counts when a separator follows it; one-character labels (文/ 图/) only after a
    # non-word character, so 中文/英文 is not a byline.
    field_re = re.compile(rf"(?P<label>{trie_pattern(multi + single)})\s*(?P<sep>[:：/／|｜丨])")

    cues: dict[str, list[tuple[str, str]]] = {}
    for cue, match, phrase in _rows("sections.txt", 3):
        cues.setdefault(cue, []).append((match, phrase))
    lead_line = frozenset(p.replace(" ", "").strip(_STRIP) for m, p in cues.get("lead", []) if m == "line")
    lead_start = [p for m, p in cues.get("lead", []) if m == "start"]
    lead_start_re = re.compile(rf"^[\s【\[（(]*(?:{trie_pattern(lead_start)})\s*[】\])）]?\s*[:：]")
    caption_start_re = re.compile(rf"^\s*(?:{trie_pattern([p for _, p in cues.get('caption-start', [])])})")
    caption_end = [p for _, p in cues.get("caption-end", [])]
    caption_end_re = re.compile(rf"(?:{trie_pattern(caption_end)})\s*$")
    byline_prefix_re = re.compile(rf"^(?:{trie_pattern([p for _, p in cues.get('byline-prefix', [])])})")
    end_line = frozenset(p for _, p in cues.get("end", []))

    surnames: set[str] = set()
    compound: set[str] = set()
    for (name,) in _rows("surnames.txt", 1):
        (compound if len(name) > 1 else surnames).add(name)

    spam_weight = {w.lower(): int(n) for w, n in _rows("spam.txt", 2)}
    spam_re = re.compile(trie_pattern(list(spam_weight)))

    return Lexicon(
        any_re=any_re,
        label_re=label_re,
        start_re=start_re,
        suffix_re=suffix_re,
        site_re=site_re,
        suffix_words=frozenset(w for w in by_match["suffix"] if w),
        suffix_longest=max(map(len, by_match["suffix"]), default=0),
        site_words=frozenset(w for w in by_match["site"] if w),
        site_longest=max(map(len, by_match["site"]), default=0),
        line_kind=line_kind,
        phrase_kind=phrase_kind,
        patterns=patterns,
        pattern_kinds=pattern_kinds,
        pattern_gate=pattern_gate,
        field_re=field_re,
        field_of=field_of,
        single_labels=frozenset(single),
        lead_line=lead_line,
        lead_start_re=lead_start_re,
        caption_start_re=caption_start_re,
        caption_end_re=caption_end_re,
        caption_end_words=frozenset(w for w in caption_end if w),
        caption_end_longest=max(map(len, caption_end), default=0),
        byline_prefix_re=byline_prefix_re,
        end_line=end_line,
        surnames=frozenset(surnames),
        compound_surnames=frozenset(compound),
        spam_re=spam_re,
        spam_weight=spam_weight,
    )
