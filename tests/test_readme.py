"""README promises checked: its two set-up commands, CI running its test command, its example.

A newcomer copies README's two commands on a fresh machine; `.ci/run` must run exactly the test
command README shows (kept identical by hand, checked here), and the before/after example on the
first screen must be what the code really does.
"""

from __future__ import annotations

import doctest
import re
import sys
from pathlib import Path

import pytest

import zhclean

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CI_RUN = ROOT / ".ci" / "run"

VENV_PREFIX = "python3 -m venv .venv && "
NBSP_MARK = "␣"  # how README shows a no-break space (U+00A0)
ELISION = "⋮"  # a line of its own: "lines left out here"


def code_blocks(text: str, lang: str) -> list[str]:
    """The bodies of the fenced code blocks of `text` tagged `lang`."""
    return re.findall(rf"^```{re.escape(lang)}\n(.*?)^```$", text, flags=re.M | re.S)


def readme_commands() -> list[str]:
    """Every shell line in README's `sh` blocks that starts by making the virtual environment."""
    blocks = code_blocks(README.read_text(encoding="utf-8"), "sh")
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith(VENV_PREFIX)]


def the_command(word: str) -> str:
    found = [c for c in readme_commands() if word in c]
    assert len(found) == 1, f"README should show exactly one set-up command containing {word!r}, found {found}"
    return found[0]


def test_readme_has_the_two_setup_commands() -> None:
    commands = readme_commands()
    assert len(commands) == 2, commands
    install = the_command("zhclean seeds/")
    tests = the_command("pytest")
    assert install != tests
    assert install.startswith(VENV_PREFIX + ".venv/bin/pip install -e . && .venv/bin/zhclean seeds/")
    assert tests == VENV_PREFIX + ".venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"


def pyproject() -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: pytest depends on tomli there
        tomllib = pytest.importorskip("tomli")
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_install_command_names_a_real_seed_and_the_console_script() -> None:
    install = the_command("zhclean seeds/")
    seed = install.rsplit(" ", 1)[1]
    assert (ROOT / seed).is_file(), seed
    assert pyproject()["project"]["scripts"]["zhclean"] == "zhclean.cli:main"


def test_test_command_extra_exists() -> None:
    project = pyproject()["project"]
    assert project["requires-python"] == ">=3.10"
    extras = project["optional-dependencies"]
    assert "pytest" in " ".join(extras["test"])
    assert "hypothesis" in " ".join(extras["test"])
    assert "ruff" in " ".join(extras["test"])
    assert "mkdocs" in " ".join(extras["docs"])


def test_ci_runs_readme_test_command_verbatim() -> None:
    script = CI_RUN.read_text(encoding="utf-8")
    tests = the_command("pytest")
    ci_lines = [line.strip() for line in script.splitlines()]
    assert any(line == tests or line.startswith(tests + " || status=$?") for line in ci_lines), (
        f".ci/run must run README's test command verbatim:\n  {tests}"
    )


def test_ci_script_is_strict_and_complete() -> None:
    script = CI_RUN.read_text(encoding="utf-8")
    assert script.startswith("#!/usr/bin/env bash\n")
    assert "\nset -euo pipefail\n" in script
    assert "python3 -m venv .venv\n" in script
    assert "pip install -e '.[test,docs]'" in script
    assert "\n.venv/bin/ruff check\n" in script
    assert ".venv/bin/mkdocs build --strict" in script
    # pytest's "no tests collected" (exit 5) is a failure like any other.
    assert "status -eq 5" in script and 'exit "$status"' in script


def _example_pieces(block: str) -> list[str]:
    """Split an example block at elision lines; drop a leading "…" (text cut before it)."""
    pieces = re.split(rf"^{ELISION}\n", block, flags=re.M)
    return [p.removeprefix("…").replace(NBSP_MARK, "\u00a0") for p in pieces]


def test_before_after_example_is_real() -> None:
    readme = README.read_text(encoding="utf-8")
    example = readme.split("<!-- example: begin", 1)[1].split("<!-- example: end -->", 1)[0]
    seed = re.search(r"`(seeds/[0-9a-f_]+\.txt)", example)
    assert seed, "the example names its seed"
    raw = (ROOT / seed.group(1)).read_bytes()
    before, after = code_blocks(example, "text")[:2]
    clean = zhclean.clean(raw).text
    for piece in _example_pieces(before):
        assert piece.strip() and piece in raw.decode("utf-8"), f"README's 'before' is not in the seed:\n{piece}"
    for piece in _example_pieces(after):
        assert piece.strip() and piece in clean + "\n", (
            f"README's 'after' is not what zhclean prints now (update the example):\n{piece}"
        )


def test_readme_python_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    text = README.read_text(encoding="utf-8")
    blocks = code_blocks(text, "pycon")
    assert blocks
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for i, block in enumerate(blocks):
        test = parser.get_doctest(block, {}, f"README.md pycon block {i + 1}", str(README), 0)
        runner.run(test, out=sys.stdout.write)
    assert runner.failures == 0, "README's Python examples do not give the output shown (see the output above)"
