"""Reading inputs and writing outputs: the only file-system edge of zhclean besides the CLI.

Readers find the files a command line names (files, folders walked with glob patterns, stdin)
and read them as bytes: decoding is the pipeline's job. Writers are atomic: the data goes to a
temporary file in the destination's own folder, is flushed and fsync'ed, and then renamed over
the destination with `os.replace`, so a crash or Ctrl-C leaves either the old file or the whole
new one, never half of it. (The folder itself is not fsync'ed: after a power failure the rename
may be lost, which leaves the old file, still whole; that saves about 6 ms per file.)
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

STDIN = "-"
"""The path that names standard input on a command line."""

DEFAULT_GLOBS = ("*.txt",)
"""Which files a folder contributes when no pattern is given."""


@dataclass(frozen=True, slots=True)
class Input:
    """One input found on a command line.

    `name` is how messages and JSON output call it (the path as found, or "-" for stdin);
    `path` is the file to read (None for stdin); `rel` is its path relative to the folder it was
    found in (its own file name when it was named directly), used to mirror trees; `error` is
    set when the input could not even be listed (a folder without matching files, an unreadable
    folder), so the caller reports it in order with the others.
    """

    name: str
    path: Path | None
    rel: PurePosixPath
    error: str | None = None

    @property
    def is_stdin(self) -> bool:
        """True for standard input."""
        return self.path is None and self.error is None


def is_hidden(name: str) -> bool:
    """True for names that Unix tools treat as hidden (``.git``, ``.DS_Store``)."""
    return name.startswith(".") and name not in (".", "..")


def matches(rel: PurePosixPath, globs: Sequence[str]) -> bool:
    """True if `rel` matches any pattern; a pattern matches a path from the right.

    ``*.txt`` matches ``a.txt`` and ``news/a.txt``; ``news/*.txt`` only files directly in a
    ``news`` folder (`PurePath.match` semantics).
    """
    return any(rel.match(g) for g in globs)


def expand(
    paths: Iterable[str],
    globs: Sequence[str] = DEFAULT_GLOBS,
    *,
    hidden: bool = False,
    exclude: Iterable[Path] = (),
) -> Iterator[Input]:
    """Yield the inputs `paths` name, in order; folders are walked in sorted order.

    A file named directly is always an input, whatever its name; a folder contributes the regular
    files (or links to them) below it that match `globs`, skipping hidden files and folders
    unless `hidden`, and skipping any folder in `exclude` (the output folder, when it lies inside
    an input folder); links to folders are not followed. The same
    file is yielded once, however many times it is named. Nothing is read here: a missing file
    is yielded and fails when read, so its error is reported in order.
    """
    seen: set[str] = set()
    excluded = {_key(p) for p in exclude}
    for arg in paths:
        if arg == STDIN:
            yield Input(STDIN, None, PurePosixPath("stdin"))
            continue
        if not arg:  # Path("") would be the current folder
            yield Input("''", None, PurePosixPath("."), "empty path")
            continue
        path = Path(arg)
        if not path.is_dir():
            key = _key(path)
            if key not in seen:
                seen.add(key)
                yield Input(arg, path, PurePosixPath(path.name))
            continue
        found = 0  # files and errors under this folder, including files already yielded
        for item in _walk(path, arg, globs, hidden, excluded):
            found += 1
            if item.error is None and item.path is not None:
                key = _key(item.path)
                if key in seen:
                    continue
                seen.add(key)
            yield item
        if not found:
            what = " or ".join(repr(g) for g in globs)
            yield Input(arg, path, PurePosixPath("."), f"no files matching {what} in this folder")


def _walk(root: Path, arg: str, globs: Sequence[str], hidden: bool, excluded: set[str]) -> Iterator[Input]:
    """Files under `root` that match `globs`, sorted, with unreadable folders as error inputs."""
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        yield from _walk_errors(errors, arg, root)
        here = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames if (hidden or not is_hidden(d)) and _key(here / d) not in excluded
        )
        for fname in sorted(filenames):
            if not hidden and is_hidden(fname):
                continue
            full = here / fname
            rel = PurePosixPath(full.relative_to(root).as_posix())
            if matches(rel, globs) and full.is_file():  # not FIFOs (reading one would block), sockets, broken links
                yield Input(_display(arg, root, full), full, rel)
    yield from _walk_errors(errors, arg, root)


def _walk_errors(errors: list[OSError], arg: str, root: Path) -> Iterator[Input]:
    """Error inputs for the folders `os.walk` could not list."""
    while errors:
        err = errors.pop(0)
        where = Path(err.filename) if err.filename else root
        yield Input(_display(arg, root, where), where, PurePosixPath("."), _reason(err))


def _display(arg: str, root: Path, full: Path) -> str:
    """`full` spelled from the folder argument as the user typed it (``seeds/`` + ``a.txt``)."""
    rel = full.relative_to(root).as_posix()
    if rel == ".":
        return arg
    return arg + rel if arg.endswith(("/", os.sep)) else f"{arg}/{rel}"


def _key(path: Path) -> str:
    """A key that is equal for two spellings of the same file."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return os.path.abspath(path)


def _reason(err: OSError) -> str:
    return err.strerror or str(err)


def read_input(item: Input) -> bytes:
    """The bytes of one input (standard input for "-"); raises `OSError` as the OS reports it."""
    if item.path is None:
        return read_stdin()
    if item.path.is_dir():
        raise IsADirectoryError(21, "Is a directory", str(item.path))
    with open(item.path, "rb") as fh:
        return fh.read()


def read_stdin() -> bytes:
    """All of standard input, as bytes."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is not None:
        return stream.read()
    data = sys.stdin.read()
    return data.encode("utf-8") if isinstance(data, str) else data


def output_path(out_dir: Path, rel: PurePosixPath, suffix: str) -> Path:
    """Where the output for an input at `rel` goes under `out_dir`, with its suffix replaced.

    ``news/a.txt`` with ``.md`` gives ``out_dir/news/a.md``; a name without a suffix gets one.
    """
    target = out_dir.joinpath(*rel.parts)
    return target.with_name(target.stem + suffix) if target.suffix else target.with_name(target.name + suffix)


class AtomicFile:
    """A file written in full or not at all: bytes go to a temporary file, `commit` renames it.

    The temporary file is hidden and lives in the destination's own folder (so the final rename
    never crosses file systems). `commit` flushes, fsyncs (unless `fsync` is false: then a
    crash of the process still cannot leave half a file, but a power failure can leave an empty
    one), gives it `mode` (default: the mode of the file it replaces, or what a new file gets
    under the umask) and renames it over `path` with `os.replace`; `discard` removes it and
    leaves `path` as it was. Used as a context manager it commits when the block ends normally
    and discards on any exception, Ctrl-C included. Missing parent folders are created.

        >>> with AtomicFile(path) as out:   # doctest: +SKIP
        ...     out.write(b"...")
    """

    def __init__(self, path: Path | str, *, mode: int | None = None, fsync: bool = True) -> None:
        self.path = Path(path)
        self.fsync = fsync
        if self.path.is_symlink():  # write through the link, as a plain open() would
            self.path = Path(os.path.realpath(self.path))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._mode = _mode_for(self.path) if mode is None else mode
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self.tmp = Path(tmp)
        self._fh: BinaryIO | None = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> int:
        """Append `data` to the pending file."""
        if self._fh is None:
            raise ValueError(f"{self.path}: already committed or discarded")
        return self._fh.write(data)

    def commit(self) -> None:
        """Make the written bytes appear at `path`, whole."""
        fh, self._fh = self._fh, None
        if fh is None:
            raise ValueError(f"{self.path}: already committed or discarded")
        try:
            with fh:
                fh.flush()
                if self.fsync:
                    os.fsync(fh.fileno())
            os.chmod(self.tmp, self._mode)
            os.replace(self.tmp, self.path)
        except BaseException:
            self._unlink()
            raise

    def discard(self) -> None:
        """Forget the written bytes; `path` stays as it was. Safe to call more than once."""
        fh, self._fh = self._fh, None
        if fh is not None:
            with contextlib.suppress(OSError):
                fh.close()
            self._unlink()

    def _unlink(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()


class DeviceFile:
    """The `AtomicFile` interface over something that is not a regular file (/dev/null, a FIFO).

    Such a destination cannot be replaced by a rename (that would put a regular file where the
    device was) and cannot be left half-written either, so it is written directly.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._fh: BinaryIO | None = open(self.path, "wb")  # noqa: SIM115 - closed by commit/discard

    def write(self, data: bytes) -> int:
        """Write `data` through."""
        if self._fh is None:
            raise ValueError(f"{self.path}: already closed")
        return self._fh.write(data)

    def commit(self) -> None:
        """Flush and close."""
        fh, self._fh = self._fh, None
        if fh is not None:
            fh.close()

    def discard(self) -> None:
        """Close (what was written is gone already)."""
        fh, self._fh = self._fh, None
        if fh is not None:
            with contextlib.suppress(OSError):
                fh.close()


def open_output(path: Path | str, *, fsync: bool = True) -> AtomicFile | DeviceFile:
    """An atomic writer for `path`, or a direct one if `path` is a device, FIFO or socket."""
    try:
        st = os.stat(path)
    except OSError:
        return AtomicFile(path, fsync=fsync)
    if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):
        return AtomicFile(path, fsync=fsync)
    return DeviceFile(path)


def atomic_write(path: Path | str, data: bytes, *, mode: int | None = None, fsync: bool = True) -> None:
    """Write `data` to `path` atomically (see `AtomicFile`)."""
    with AtomicFile(path, mode=mode, fsync=fsync) as out:
        out.write(data)


def _mode_for(target: Path) -> int:
    """The permission bits to give a file written at `target`."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def same_file(a: Path | str, b: Path | str) -> bool:
    """True if `a` and `b` name the same file (existing or not)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)
