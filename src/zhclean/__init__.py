"""zhclean: turn damaged, cluttered Chinese web articles into clean, structured text.

    >>> import zhclean
    >>> doc = zhclean.clean("发布时间:2024-01-18\\r\\n正文。&nbsp;")
    >>> doc.text
    '发布时间:2024-01-18\\n正文。'
"""

from __future__ import annotations

from .config import Config
from .convert import ConvertError, convert
from .decode import Decoded, decode
from .document import Change, Document, EncodingInfo, Section
from .errors import ConfigError, InputTypeError, NotTextError, UndecodableError, ZhcleanError
from .normalize import normalize
from .pipeline import Cleaner, clean
from .script import ScriptInfo, detect_script

__version__ = "0.1.0"

__all__ = [
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
    "UndecodableError",
    "ZhcleanError",
    "__version__",
    "clean",
    "convert",
    "decode",
    "detect_script",
    "normalize",
]
