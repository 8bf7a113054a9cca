"""Errors zhclean raises on purpose.

Every error a user can meet is a `ZhcleanError`, so one ``except`` clause catches them all and
the CLI can turn any of them into a one-line message naming the input and the problem.
"""

from __future__ import annotations


class ZhcleanError(Exception):
    """Base class of every error zhclean raises on purpose."""


class NotTextError(ZhcleanError):
    """The input bytes are not text (a binary file: NUL bytes, control-byte noise)."""


class UndecodableError(ZhcleanError):
    """The input bytes are text-like but no supported encoding decodes them acceptably."""


class InputTypeError(ZhcleanError, TypeError):
    """`clean` was given something other than `str` or `bytes`."""


class ConfigError(ZhcleanError, ValueError):
    """An option has an unknown name or a value outside its allowed set."""
