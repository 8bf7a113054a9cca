"""The docs tell the truth: their Python examples run and give the output shown, and the API
reference covers every public name and every option.

`pycon` blocks in the pages listed in DOCTESTED are run as doctests (from the repository root,
so examples can open `seeds/...`). Add a page to DOCTESTED when its examples are written as
`pycon` blocks.
"""

from __future__ import annotations

import doctest
import re
import sys
from pathlib import Path

import pytest

import zhclean

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
DOCTESTED = ["index.md", "getting-started.md", "guide.md", "api.md", "design.md"]


def pycon_blocks(text: str) -> list[tuple[int, str]]:
    """(line number, body) of every ```pycon block in `text`."""
    out = []
    for m in re.finditer(r"^```pycon\n(.*?)^```$", text, flags=re.M | re.S):
        out.append((text.count("\n", 0, m.start()) + 2, m.group(1)))
    return out


@pytest.mark.parametrize("page", DOCTESTED)
def test_page_examples_run(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = DOCS / page
    text = path.read_text(encoding="utf-8")
    monkeypatch.chdir(ROOT)
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs: dict[str, object] = {}  # shared by the blocks of one page, as a reader would run them
    for lineno, block in pycon_blocks(text):
        test = parser.get_doctest(block, globs, f"docs/{page}:{lineno}", str(path), lineno)
        runner.run(test, out=sys.stdout.write, clear_globs=False)
        globs.update(test.globs)  # DocTest copies its globals; carry names on to the next block
    assert runner.tries > 0 or "```pycon" not in text
    assert runner.failures == 0, f"docs/{page}: examples do not give the output shown (see the output above)"


def test_api_reference_covers_every_public_name() -> None:
    api = (DOCS / "api.md").read_text(encoding="utf-8")
    missing = [name for name in zhclean.__all__ if f"`{name}`" not in api]
    assert not missing, f"docs/api.md does not document {missing}: add a table row and a section for each"


def test_every_option_is_documented() -> None:
    pages = "\n".join(p.read_text(encoding="utf-8") for p in DOCS.glob("*.md"))
    missing = [name for name, *_ in zhclean.Config.options() if f"`{name}`" not in pages]
    assert not missing, f"options not described in any docs/ page: {missing}"


def test_mkdocs_nav_lists_only_existing_pages() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = config.split("\nnav:\n", 1)[1]
    pages = re.findall(r":\s*([\w/.-]+\.md)\s*$", nav, flags=re.M)
    assert "index.md" in pages
    assert all((DOCS / p).is_file() for p in pages), [p for p in pages if not (DOCS / p).is_file()]
    unlisted = sorted(p.name for p in DOCS.glob("*.md") if p.name not in pages)
    assert not unlisted, f"docs pages missing from mkdocs.yml nav: {unlisted}"
