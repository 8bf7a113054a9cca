"""Reading the package's data tables (``src/zhclean/data/*.tsv``): one reader for all of them.

Every table is UTF-8 text, one tab-separated row per line; lines starting with ``#`` say where
the data came from and are skipped, as are blank lines.
"""

from __future__ import annotations

from importlib import resources


def rows(name: str) -> list[list[str]]:
    """The tab-separated rows of data file `name`, comments and blank lines skipped."""
    text = resources.files("zhclean").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def float_table(name: str) -> dict[str, float]:
    """A two-column table of data file `name` as key -> float."""
    return {row[0]: float(row[1]) for row in rows(name)}
