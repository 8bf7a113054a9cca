"""Backends: zhclean's own engine (default) or whatever `opencc` module is installed.

``backend="opencc"`` hands whole conversions to ``opencc.OpenCC(config).convert``. Three PyPI
packages install a top-level module named `opencc` and overwrite each other: `opencc` (OpenCC's
C++ binding), `opencc-py` (OpenCC's pure-Python port) and `opencc-python-reimplemented` (the
``zhclean[opencc]`` extra; older dictionaries, 10 of the 16 configs). Whichever was installed last
is the one this backend uses. The C++ binding takes ``"s2t"`` or ``"s2t.json"``; the
reimplementation only ``"s2t"``; both are tried.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from .dictionaries import ConvertError

_cache: dict[str, Callable[[str], str]] = {}
_lock = threading.Lock()


def opencc_module() -> Any:
    """The installed `opencc` module, or a `ConvertError` saying how to get one."""
    try:
        import opencc
    except ImportError:
        raise ConvertError(
            "backend='opencc' needs a module named 'opencc': pip install 'zhclean[opencc]' "
            "(opencc-python-reimplemented) or pip install opencc (OpenCC's C++ binding); both "
            "install the same module name, so install only one of them"
        ) from None
    if not hasattr(opencc, "OpenCC"):
        raise ConvertError(f"the installed 'opencc' module ({getattr(opencc, '__file__', '?')}) has no OpenCC class")
    return opencc


def opencc_converter(name: str) -> Callable[[str], str]:
    """``OpenCC(name).convert`` of the installed `opencc` module, built once per process."""
    conv = _cache.get(name)
    if conv is not None:
        return conv
    with _lock:
        conv = _cache.get(name)
        if conv is None:
            module = opencc_module()
            errors = []
            for candidate in (name, f"{name}.json"):
                try:
                    conv = module.OpenCC(candidate).convert
                    break
                except Exception as exc:
                    errors.append(f"{candidate!r}: {exc}")
            if conv is None:
                raise ConvertError(
                    f"the installed 'opencc' module ({getattr(module, '__file__', '?')}) cannot load config "
                    f"{name!r} ({'; '.join(errors)})"
                )
            _cache[name] = conv
    return conv
