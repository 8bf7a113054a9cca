"""The package surface: steps load on first use, and public functions keep their names."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import zhclean

ENV = dict(os.environ, PYTHONPATH=str(Path(zhclean.__file__).resolve().parents[1]))


def run(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_import_loads_no_step_and_convert_loads_only_conversion() -> None:
    out = run(
        "import sys, zhclean\n"
        "steps = ['zhclean.pipeline', 'zhclean.repair', 'zhclean.structure', 'zhclean.convert', 'ftfy']\n"
        "print([s for s in steps if s in sys.modules])\n"
        "zhclean.convert('漢字', config='t2s')\n"
        "print([s for s in steps if s in sys.modules])\n"
    )
    assert out.splitlines() == ["[]", "['zhclean.convert']"]


def test_public_functions_are_not_shadowed_by_their_modules() -> None:
    out = run(
        "import zhclean.repair.pinyin, zhclean.pipeline, zhclean.convert.engine, zhclean.normalize, zhclean\n"
        "print(all(callable(getattr(zhclean, n)) for n in ('repair', 'convert', 'normalize', 'decode')))\n"
        "print(zhclean.repair('發(fā)展'), zhclean.clean('正文。').text)\n"
    )
    assert out.splitlines() == ["True", "發展 正文。"]


def test_every_public_name_resolves() -> None:
    for name in zhclean.__all__:
        assert getattr(zhclean, name) is not None
    assert set(zhclean.__all__) <= set(dir(zhclean))
