"""zhclean: turn damaged, cluttered Chinese web articles into clean, structured text.

    >>> import zhclean
    >>> doc = zhclean.clean("发布时间:2024-01-18\\r\\n正文。&nbsp;")
    >>> doc.text
    '正文。'
    >>> doc.meta["date"]
    '2024-01-18'
"""

from __future__ import annotations

from .batch import BatchCleaner, clean_batch, clean_table
from .config import Config
from .convert import ConvertError, convert
from .decode import Decoded, decode
from .document import Change, Document, EncodingInfo, Section
from .errors import ConfigError, InputTypeError, NotTextError, UndecodableError, ZhcleanError
from .normalize import normalize
from .pipeline import Cleaner, clean
from .repair import repair
from .script import ScriptInfo, detect_script
from .structure import segment, strip_boilerplate
from .templates import Templates, learn_templates

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
