"""zhclean: turn damaged, cluttered Chinese web articles into clean, structured text.

    >>> import zhclean
    >>> doc = zhclean.clean("发布时间:2024-01-18\\r\\n正文。&nbsp;")
    >>> doc.text
    '正文。'
    >>> doc.meta["date"]
    '2024-01-18'
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from .config import Config
from .document import Change, Document, EncodingInfo, Section
from .errors import ConfigError, InputTypeError, NotTextError, UndecodableError, ZhcleanError

if TYPE_CHECKING:
    from .batch import BatchCleaner, clean_batch, clean_table
    from .convert import ConvertError, convert
    from .decode import Decoded, decode
    from .normalize import normalize
    from .pipeline import Cleaner, clean
    from .repair import repair
    from .script import ScriptInfo, detect_script
    from .structure import segment, strip_boilerplate
    from .templates import Templates, learn_templates

# The steps load on first use, so ``import zhclean`` costs a few milliseconds and a script that
# only converts (``zhclean.convert``) never loads repair or structure.
_LAZY = {
    "BatchCleaner": "batch", "clean_batch": "batch", "clean_table": "batch",
    "ConvertError": "convert", "convert": "convert",
    "Decoded": "decode", "decode": "decode",
    "normalize": "normalize",
    "Cleaner": "pipeline", "clean": "pipeline",
    "repair": "repair",
    "ScriptInfo": "script", "detect_script": "script",
    "segment": "structure", "strip_boilerplate": "structure",
    "Templates": "templates", "learn_templates": "templates",
}

_SHADOWED = frozenset({"convert", "decode", "normalize", "repair"})
"""Public functions named like the module that holds them: the name stays the function."""


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'zhclean' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """zhclean's module type: importing a step's module keeps the public function of that name.

    Python binds ``zhclean.repair`` to the subpackage when it is first imported (by the pipeline,
    or by ``import zhclean.repair.pinyin``); the public API promises the function there.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

__version__ = "0.1.0"

__all__ = [
    "BatchCleaner",
    "Change",
    "Cleaner",
    "Config",
    "ConfigError",
    "ConvertError",
    "Decoded",
    "Document",
    "EncodingInfo",
    "InputTypeError",
    "NotTextError",
    "ScriptInfo",
    "Section",
    "Templates",
    "UndecodableError",
    "ZhcleanError",
    "__version__",
    "clean",
    "clean_batch",
    "clean_table",
    "convert",
    "decode",
    "detect_script",
    "learn_templates",
    "normalize",
    "repair",
    "segment",
    "strip_boilerplate",
]
