"""Smoke test: every seed goes through the public API and the command line, end to end.

Not a golden test (each step's own tests hold those); this checks the wiring: bytes in, a
Document out with non-empty UTF-8 text, changes whose offsets point into the input, the same
result from `str` and from `bytes`, and `python -m zhclean SEED` printing that text.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import zhclean

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


def test_there_are_five_seeds() -> None:
    assert len(SEEDS) == 5, [p.name for p in SEEDS]


@pytest.fixture(scope="module", params=SEEDS, ids=lambda p: p.name[:3])
def seed(request: pytest.FixtureRequest) -> tuple[bytes, zhclean.Document]:
    raw = request.param.read_bytes()
    return raw, zhclean.clean(raw)


def test_seed_cleans_to_utf8_text(seed: tuple[bytes, zhclean.Document]) -> None:
    _, doc = seed
    assert isinstance(doc, zhclean.Document)
    assert doc.encoding is not None and doc.encoding.name == "utf-8"
    assert 0.0 <= doc.encoding.confidence <= 1.0
    assert doc.text.strip()
    assert doc.text.encode("utf-8")  # no lone surrogates
    assert sum("\u4e00" <= ch <= "\u9fff" for ch in doc.text) > 500
    assert doc.sections and all(s.text.strip() for s in doc.sections)


def test_seed_changes_point_into_the_input(seed: tuple[bytes, zhclean.Document]) -> None:
    raw, doc = seed
    source = raw.decode("utf-8")
    for c in doc.changes:
        assert 0 <= c.start <= c.end <= len(source), c
        assert c.step and c.kind and c.before != c.after, c


def test_seed_str_and_bytes_agree(seed: tuple[bytes, zhclean.Document]) -> None:
    raw, doc = seed
    from_str = zhclean.clean(raw.decode("utf-8"))
    assert from_str.text == doc.text
    assert from_str.changes == doc.changes
    assert from_str.encoding is None


def test_seed_clean_is_idempotent(seed: tuple[bytes, zhclean.Document]) -> None:
    _, doc = seed
    again = zhclean.clean(doc.text)
    assert again.text == doc.text


def test_seed_document_serialises(seed: tuple[bytes, zhclean.Document]) -> None:
    _, doc = seed
    import json

    data = json.loads(doc.to_json())
    assert data["text"] == doc.text
    assert len(data["changes"]) == len(doc.changes)
    assert doc.to_markdown().strip()


def test_cli_prints_the_clean_text_of_a_seed() -> None:
    seed_path = SEEDS[1]
    package_parent = str(Path(zhclean.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": package_parent, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "zhclean", str(seed_path)], capture_output=True, env=env, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert proc.stdout.decode("utf-8").strip() == zhclean.clean(seed_path.read_bytes()).text.strip()
