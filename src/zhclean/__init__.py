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
from .decode import Decoded, decode
from .document import Change, Document, EncodingInfo, Section
from .errors import ConfigError, InputTypeError, NotTextError, UndecodableError, ZhcleanError
from .normalize import normalize
from .pipeline import Cleaner, clean
from .repair import repair
from .structure import segment, strip_boilerplate
from .templates import Templates, learn_templates

__version__ = "0.1.0"

__all__ = [
    "BatchCleaner",
    "Change",
    "Cleaner",
    "Config",
    "ConfigError",
    "Decoded",
    "Document",
    "EncodingInfo",
    "InputTypeError",
    "NotTextError",
    "Section",
    "Templates",
    "UndecodableError",
    "ZhcleanError",
    "__version__",
    "clean",
    "clean_batch",
    "clean_table",
    "decode",
    "learn_templates",
    "normalize",
    "repair",
    "segment",
    "strip_boilerplate",
]
