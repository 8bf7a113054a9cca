"""The ``zhclean`` command line: ``zhclean [OPTIONS] [PATH|-]...``.

Cleans files, folders (walked with glob patterns) and standard input, and writes text, Markdown,
JSON or JSON Lines to stdout, to one file or to a folder that mirrors the input tree. Every
`Config` option is a flag, built from `Config.options()`, so an option added to `Config` is on
the command line at once. Each input that fails gives one line ``zhclean: PATH: reason`` on
stderr and the others go on; the exit status says whether all succeeded (0), some failed (1) or
the command line was wrong (2). No traceback reaches a user unless ``ZHCLEAN_DEBUG=1``.

Subcommands (``zhclean batch ...``) are added with `register`: a first argument that names one
runs it, anything else is the cleaning command above (``zhclean ./batch`` or
``zhclean -- batch`` cleans a file called ``batch``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sys
import textwrap
import threading
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

from . import __version__
from . import io as zio
from .config import Config
from .document import Document
from .errors import ConfigError, ZhcleanError
from .pipeline import Cleaner

PROG = "zhclean"

FORMATS: dict[str, str] = {"text": ".txt", "markdown": ".md", "json": ".json", "jsonl": ".jsonl"}
"""Output formats and the file suffix each gets under ``-o DIR``."""


@dataclass(frozen=True)
class Command:
    """A subcommand: `run` takes the arguments after its name and returns an exit status."""

    run: Callable[[list[str]], int]
    summary: str


COMMANDS: dict[str, Command] = {}
"""Subcommands by name (see `register`)."""


def register(name: str, run: Callable[[list[str]], int], summary: str) -> None:
    """Make ``zhclean NAME ARGS...`` call ``run(ARGS)``; `summary` is its line in ``--help``.

    A subcommand builds its own parser and can reuse `add_config_options`, `config_from_args`,
    `render` and `zhclean.io`, so its flags and outputs match the cleaning command's.
    """
    COMMANDS[name] = Command(run, summary)

CONFIG_GROUP = "cleaning options (zhclean.Config)"

_DEST = "cfg_"
_NONE = "none"
_NEWLINES = re.compile(r"\s*[\r\n\u2028\u2029\x85]+\s*")
_JSON_ESCAPES = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}

EXAMPLES = """\
examples:
  zhclean article.txt                      clean one file, print the text
  zhclean seeds/*.txt > clean.txt          several files, one after another
  curl -s URL | zhclean                    clean standard input
  zhclean --encoding gb18030 old.txt       skip encoding detection
  zhclean --format json --report a.txt     the Document with every change; report on stderr
  zhclean corpus/ -o clean/                mirror corpus/**/*.txt into clean/
  zhclean corpus/ -g '*.htm' -o clean/ --format markdown
  zhclean corpus/ --format jsonl -o corpus.jsonl
  zhclean --in-place notes/*.txt           rewrite files in place (atomically)
  zhclean --no-normalize --max-blank-lines 0 a.txt

output: text and markdown go one document after another; json is one object, or an array when
the command line names several inputs or a folder; jsonl is one object per line. Every JSON
object is Document.to_dict() with a "path" field first ("-" for stdin). Files are written as
UTF-8, atomically.

exit status: 0 all inputs cleaned, 1 some input failed (one line each on stderr, the others are
still cleaned), 2 usage error, 130 interrupted, 143 terminated. ZHCLEAN_DEBUG=1 shows tracebacks
of internal errors.
"""


class UsageError(Exception):
    """The command line is wrong (exit status 2)."""


class _PipeClosed(Exception):
    """Standard output was closed by its reader (``zhclean ... | head``)."""


class _OutputFailed(Exception):
    """The one output stream (stdout or -o FILE) cannot be written (disk full...): stop."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(reason)
        self.name = name


class _Failed(Exception):
    """One input failed for a reason the CLI itself found (a name collision, say)."""


# --------------------------------------------------------------------------------------------
# Entry point


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line `argv` (default: ``sys.argv[1:]``) and return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    previous = _on_sigterm()
    try:
        if args and args[0] in COMMANDS:
            return COMMANDS[args[0]].run(args[1:])
        return clean_command(args)
    except KeyboardInterrupt:
        return 130
    except _Terminated:
        return 143
    except _PipeClosed:
        _silence_stdout()
        return 141
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


class _Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C, so temporary files are removed."""


def _on_sigterm() -> Any:
    """Turn SIGTERM into `_Terminated` while main runs; return the previous handler (or None)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        return None

    def handler(signum: int, frame: object) -> None:
        raise _Terminated

    try:
        return signal.signal(signal.SIGTERM, handler)
    except (ValueError, OSError):
        return None


def clean_command(argv: list[str]) -> int:
    """``zhclean [OPTIONS] [PATH|-]...``: clean the inputs and write them out."""
    parser = build_parser()
    # Options may follow paths (parse_intermixed_args); "--" ends options, which intermixed
    # parsing mishandles, so the paths after it are split off here.
    rest: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, rest = argv[:cut], argv[cut + 1 :]
    try:
        args = parser.parse_intermixed_args(argv)
    except SystemExit as exc:  # argparse: --help/--version (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else 2
    args.paths = [*args.paths, *rest]
    try:
        job = _Job.from_args(args)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    return job.run()


# --------------------------------------------------------------------------------------------
# The parser


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``zhclean [OPTIONS] [PATH|-]...``, with a flag for every Config option."""
    usage = f"{PROG} [OPTIONS] [PATH|-]..."
    epilog = EXAMPLES
    if COMMANDS:
        usage += f"\n       {PROG} COMMAND [ARGS]...  ({', '.join(sorted(COMMANDS))}; see {PROG} COMMAND --help)"
        width = max(map(len, COMMANDS))
        lines = [f"  {name:<{width}}  {cmd.summary}" for name, cmd in sorted(COMMANDS.items())]
        epilog = "commands:\n" + "\n".join(lines) + "\n\n" + EXAMPLES
    parser = argparse.ArgumentParser(
        prog=PROG,
        usage=usage,
        description=(
            "Clean damaged, cluttered Chinese web articles: decode any encoding, repair damage,\n"
            "strip boilerplate, convert scripts, and record every change. Reads files, folders\n"
            "(recursively) and standard input (- or no PATH when input is piped)."
        ),
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,  # flags come from Config: abbreviations would break as options grow
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files and folders to clean; - reads standard input"
    )
    inputs = parser.add_argument_group("input")
    inputs.add_argument(
        "-g",
        "--glob",
        action="append",
        metavar="PATTERN",
        help="which files of a folder to clean, matched against the path from the right "
        "('*.txt', 'news/*.htm'); repeat for several (default: '*.txt'). Files named "
        "directly are always cleaned.",
    )
    inputs.add_argument(
        "--hidden", action="store_true", help="also clean hidden files and folders (.name) found in folders"
    )
    output = parser.add_argument_group("output")
    output.add_argument(
        "-o",
        "--output",
        metavar="FILE|DIR/",
        help="write to FILE (one input, or any number with --format jsonl) or into DIR, mirroring "
        "the input tree with each suffix replaced by the format's (.txt .md .json .jsonl). "
        "-o is a folder if it exists as one, ends with /, or several inputs need one.",
    )
    output.add_argument(
        "-f", "--format", choices=list(FORMATS), default="text", help="what to write (default: text)"
    )
    output.add_argument(
        "--in-place",
        action="store_true",
        help="rewrite each input file with its clean text (UTF-8, atomically; unchanged files are not touched)",
    )
    output.add_argument(
        "--fsync",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="fsync each output file before renaming it into place (default: on). --no-fsync is "
        "several times faster for -o DIR on many small files; a crash of zhclean still never "
        "leaves a half-written file, but a power failure may leave empty ones",
    )
    output.add_argument(
        "--report", action="store_true", help="print what changed to stderr: counts by step:kind, then each change"
    )
    output.add_argument(
        "--report-limit",
        type=_count,
        default=20,
        metavar="N",
        help="changes listed per input by --report; 0 lists all (default: 20)",
    )
    parser.add_argument("-V", "--version", action="version", version=f"{PROG} {__version__}")
    add_config_options(parser)
    return parser


def add_config_options(parser: argparse.ArgumentParser) -> None:
    """Add one flag per `Config` option (``--max-blank-lines``, ``--normalize/--no-normalize``...).

    Options not given stay at Config's defaults; `config_from_args` reads them back.
    """
    group = parser.add_argument_group(
        CONFIG_GROUP, "Every option of zhclean.Config; an option that is not given keeps its default."
    )
    for name, hint, default, help_text in Config.options():
        flag = "--" + name.replace("_", "-")
        kwargs = _flag_spec(hint, default)
        text = (help_text or name.replace("_", " ")).replace("%", "%%")
        group.add_argument(
            flag, dest=_DEST + name, default=argparse.SUPPRESS, help=f"{text} (default: {_show_default(default)})",
            **kwargs,
        )


def config_from_args(args: argparse.Namespace, base: Config | None = None) -> Config:
    """The `Config` that the flags in `args` describe, starting from `base` (default options)."""
    given = {name: getattr(args, _DEST + name) for name, *_ in Config.options() if hasattr(args, _DEST + name)}
    return (base or Config()).replace(**given)


def _flag_spec(hint: Any, default: Any) -> dict[str, Any]:
    """argparse keywords for an option annotated `hint`."""
    args = typing.get_args(hint)
    optional = type(None) in args and typing.get_origin(hint) is not Literal
    if optional:
        rest = [a for a in args if a is not type(None)]
        hint = rest[0] if len(rest) == 1 else Any
    origin = typing.get_origin(hint)
    if hint is bool and not optional:
        return {"action": argparse.BooleanOptionalAction}
    if origin is Literal:
        choices = list(typing.get_args(hint))
        kind = type(choices[0]) if choices else str
        if optional:
            metavar = "{" + ",".join(map(str, [*choices, _NONE])) + "}"
            return {"type": _or_none(kind), "choices": [*choices, None], "metavar": metavar}
        return {"type": kind, "choices": choices}
    if origin in (tuple, list):
        item = typing.get_args(hint)[0] if typing.get_args(hint) else str
        return {"action": _Collect, "type": _converter(item), "metavar": _metavar(item), "sequence": origin}
    conv = _converter(hint)
    return {"type": _or_none(conv) if optional else conv, "metavar": _metavar(hint)}


def _converter(hint: Any) -> Callable[[str], Any]:
    if hint is int:
        return _count
    if hint is float:
        return float
    if hint is bool:
        return _boolean
    return str


def _metavar(hint: Any) -> str:
    return {int: "N", float: "X", bool: "BOOL"}.get(hint, "TEXT")


def _or_none(conv: Callable[[str], Any]) -> Callable[[str], Any]:
    """Like `conv`, but the word "none" gives None (for options that can be unset)."""

    def convert(value: str) -> Any:
        return None if value.lower() == _NONE else conv(value)

    convert.__name__ = getattr(conv, "__name__", "value")
    return convert


def _count(value: str) -> int:
    """A whole number >= 0."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is negative; give a whole number >= 0")
    return n


def _boolean(value: str) -> bool:
    words = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}
    try:
        return words[value.lower()]
    except KeyError:
        raise argparse.ArgumentTypeError(f"{value!r} is not true or false") from None


class _Collect(argparse.Action):
    """Repeatable flag collecting values into a tuple or list (for sequence-typed options)."""

    def __init__(self, *args: Any, sequence: type = tuple, **kwargs: Any) -> None:
        self.sequence = sequence
        super().__init__(*args, **kwargs)

    def __call__(self, parser: Any, namespace: argparse.Namespace, values: Any, option_string: Any = None) -> None:
        current = getattr(namespace, self.dest, None)
        items = list(current) if isinstance(current, (tuple, list)) else []
        items.append(values)
        setattr(namespace, self.dest, self.sequence(items))


def _show_default(default: Any) -> str:
    if isinstance(default, bool):
        return "on" if default else "off"
    if default is None:
        return _NONE
    if isinstance(default, (tuple, list)):
        return ", ".join(map(str, default)) or "nothing"
    return str(default)


# --------------------------------------------------------------------------------------------
# Rendering


def record(doc: Document, name: str) -> dict[str, Any]:
    """The JSON object written for one document: ``{"path": name, **doc.to_dict()}``.

    A file name that is not valid UTF-8 (POSIX allows any bytes) gets U+FFFD for the bad bytes,
    so the JSON stays valid UTF-8.
    """
    if any("\udc80" <= ch <= "\udcff" for ch in name):
        name = os.fsencode(name).decode("utf-8", "replace")
    return {"path": name, **doc.to_dict()}


def render(doc: Document, fmt: str, name: str) -> str:
    """One document in format `fmt`, ending with a newline unless it is empty."""
    if fmt == "text":
        return doc.text if not doc.text or doc.text.endswith("\n") else doc.text + "\n"
    if fmt == "markdown":
        return doc.to_markdown()
    if fmt == "json":
        return dumps(record(doc, name), indent=2) + "\n"
    if fmt == "jsonl":
        return dumps(record(doc, name)) + "\n"
    raise ValueError(f"unknown format {fmt!r}")


def dumps(obj: Any, *, indent: int | None = None) -> str:
    """JSON with Chinese kept as is, one line unless `indent`; U+2028/2029/0085 escaped.

    Those three are legal inside JSON strings but split lines for `str.splitlines` and
    JavaScript, which would break a JSON Lines file.
    """
    separators = (",", ":") if indent is None else (",", ": ")
    text = json.dumps(obj, ensure_ascii=False, indent=indent, separators=separators)
    for char, escape in _JSON_ESCAPES.items():
        if char in text:
            text = text.replace(char, escape)
    return text


def format_report(name: str, doc: Document, limit: int = 20) -> str:
    """What changed in one input, as lines for stderr (see docs/cli.md, ``--report``)."""
    n = len(doc.changes)
    enc = ""
    if doc.encoding:
        bom = ", BOM" if doc.encoding.bom else ""
        enc = f", decoded as {doc.encoding.name} (confidence {doc.encoding.confidence:.2f}{bom})"
    lines = [f"{name}: {n} change{'' if n == 1 else 's'}{enc}"]
    counts = sorted(doc.summary().items(), key=lambda kv: (-kv[1], kv[0]))
    width = len(str(counts[0][1])) if counts else 1
    lines += [f"  {count:>{width}} {key}" for key, count in counts]
    shown = doc.changes if limit == 0 else doc.changes[:limit]
    for c in shown:
        reason = f" ({c.reason})" if c.reason else ""
        lines.append(f"  {c.step} {c.kind} {c.start} {_clip(c.before)} -> {_clip(c.after)}{reason}")
    if len(shown) < n:
        lines.append(f"  ... and {n - len(shown)} more (--report-limit 0 lists all)")
    return "\n".join(lines) + "\n"


def _clip(s: str, width: int = 40) -> str:
    """`s` quoted (escapes make invisible characters visible), cut to about `width` characters."""
    if len(s) <= width:
        return repr(s)
    return f"{s[: width - 10]!r}...[{len(s)} chars]"


# --------------------------------------------------------------------------------------------
# Destinations


class _Sink:
    """Where rendered documents go."""

    def begin(self) -> None:
        """Called once before the first document."""

    def write(self, item: zio.Input, doc: Document, source: bytes) -> None:
        """Write one document (raise `OSError` or `_Failed` to fail this input only)."""
        raise NotImplementedError

    def end(self, interrupted: bool = False) -> None:
        """Called once after the last document (or on interruption, to clean up)."""


class _StreamSink(_Sink):
    """Everything into one stream: stdout, or one file written atomically.

    Text and Markdown go one document after another; JSON is one object, or an array when
    `several`; JSON Lines one line per document.
    """

    def __init__(self, fmt: str, several: bool, path: Path | None = None, fsync: bool = True) -> None:
        self.fmt = fmt
        self.fsync = fsync
        self.array = fmt == "json" and several
        self.path = path
        self.count = 0
        self._file: zio.AtomicFile | zio.DeviceFile | None = None

    def begin(self) -> None:
        if self.path is not None:
            self._file = zio.open_output(self.path, fsync=self.fsync)
        if self.array:
            self._emit("[")

    def write(self, item: zio.Input, doc: Document, source: bytes) -> None:
        out = render(doc, self.fmt, item.name)
        if self.array:
            out = ("," if self.count else "") + "\n" + textwrap.indent(out.rstrip("\n"), "  ")
        self.count += 1
        self._emit(out)

    def end(self, interrupted: bool = False) -> None:
        if self.array and not interrupted:
            self._emit("\n]\n" if self.count else "]\n")
        if self._file is not None:
            if interrupted or not self.count:
                self._file.discard()  # keep an existing file rather than replace it with nothing
            else:
                self._file.commit()

    def _emit(self, text: str) -> None:
        data = text.encode("utf-8")
        if self._file is None:
            _write_stdout(data)
            return
        try:
            self._file.write(data)
        except OSError as exc:  # a half-written document must not be committed: stop here
            raise _OutputFailed(str(self.path), f"cannot write it: {exc.strerror or exc}") from None


class _DirSink(_Sink):
    """One file per input under `root`, mirroring the input tree, each written atomically."""

    def __init__(self, fmt: str, root: Path, inputs: Sequence[zio.Input], fsync: bool = True) -> None:
        self.fmt = fmt
        self.fsync = fsync
        self.root = root
        self.suffix = FORMATS[fmt]
        self.inputs = {os.path.realpath(i.path): i.name for i in inputs if i.path is not None and i.error is None}
        self.written: dict[Path, str] = {}

    def write(self, item: zio.Input, doc: Document, source: bytes) -> None:
        target = zio.output_path(self.root, item.rel, self.suffix)
        if target in self.written:
            raise _Failed(f"its output {target} was already written for {self.written[target]}")
        if os.path.realpath(target) in self.inputs:
            raise _Failed(f"its output {target} would overwrite an input file (use --in-place to rewrite inputs)")
        try:
            zio.atomic_write(target, render(doc, self.fmt, item.name).encode("utf-8"), fsync=self.fsync)
        except OSError as exc:
            raise _Failed(f"cannot write {target}: {exc.strerror or exc}") from exc
        self.written[target] = item.name


class _InPlaceSink(_Sink):
    """Each input file rewritten with its clean text, atomically, keeping its permissions."""

    def __init__(self, fsync: bool = True) -> None:
        self.fsync = fsync

    def write(self, item: zio.Input, doc: Document, source: bytes) -> None:
        assert item.path is not None
        data = render(doc, "text", item.name).encode("utf-8")
        if data == source:
            return
        try:
            zio.atomic_write(os.path.realpath(item.path), data, fsync=self.fsync)
        except OSError as exc:
            raise _Failed(f"cannot rewrite it: {exc.strerror or exc}") from exc


def _write_stdout(data: bytes) -> None:
    if sys.stdout is None:
        raise _OutputFailed("<stdout>", "standard output is closed")
    stream: BinaryIO | None = getattr(sys.stdout, "buffer", None)
    try:
        if stream is None:
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
        else:
            stream.write(data)
            stream.flush()
    except BrokenPipeError:
        raise _PipeClosed from None
    except OSError as exc:
        raise _OutputFailed("<stdout>", exc.strerror or str(exc)) from None


def _silence_stdout() -> None:
    """After the reader of stdout went away, point stdout at /dev/null so exiting stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


# --------------------------------------------------------------------------------------------
# The job


class _Job:
    """A checked command line: the inputs, the Cleaner and the destination."""

    def __init__(self, args: argparse.Namespace, config: Config, items: list[zio.Input], sink: _Sink) -> None:
        self.args = args
        self.cleaner = Cleaner(config)
        self.items = items
        self.sink = sink

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> _Job:
        """Check the command line and plan the work; raise `UsageError` if it is wrong."""
        try:
            config = config_from_args(args)
        except ConfigError as exc:
            raise UsageError(str(exc)) from None
        if args.output == zio.STDIN:  # -o - is standard output
            args.output = None
        paths: list[str] = list(args.paths)
        if not paths:
            if _stdin_is_terminal():
                raise UsageError("no input: name files or folders, or pipe text into zhclean (see --help)")
            paths = [zio.STDIN]
        if paths.count(zio.STDIN) > 1:
            raise UsageError("standard input (-) can be read only once")
        several = len(paths) > 1 or any(p != zio.STDIN and Path(p).is_dir() for p in paths)
        globs = tuple(args.glob) if args.glob else zio.DEFAULT_GLOBS
        fmt: str = args.format

        if args.in_place:
            if args.output:
                raise UsageError("--in-place rewrites the inputs; it cannot be combined with -o")
            if zio.STDIN in paths:
                raise UsageError("--in-place needs files; it cannot rewrite standard input")
            if fmt != "text":
                raise UsageError("--in-place writes clean text; it cannot be combined with --format " + fmt)
            items = list(zio.expand(paths, globs, hidden=args.hidden))
            return cls(args, config, items, _InPlaceSink(args.fsync))

        if not args.output:
            items = list(zio.expand(paths, globs, hidden=args.hidden))
            return cls(args, config, items, _StreamSink(fmt, several))

        out = Path(args.output)
        to_dir = (
            out.is_dir()
            or args.output.endswith(("/", os.sep))
            or (several and fmt != "jsonl" and not out.exists())
        )
        if not to_dir and several and fmt != "jsonl":
            raise UsageError(
                f"-o {args.output} is a file, but several inputs give several documents: "
                "name a folder (-o DIR/) or use --format jsonl"
            )
        items = list(zio.expand(paths, globs, hidden=args.hidden, exclude=[out] if to_dir else []))
        if to_dir:
            clashes = [
                i.name
                for i in items
                if i.path is not None and i.error is None
                and zio.same_file(i.path, zio.output_path(out, i.rel, FORMATS[fmt]))
            ]
            if clashes:
                more = f" and {len(clashes) - 1} more" if len(clashes) > 1 else ""
                raise UsageError(
                    f"-o {args.output}: the output would overwrite the input {clashes[0]}{more}; "
                    "choose another folder, or use --in-place to rewrite the inputs"
                )
            return cls(args, config, items, _DirSink(fmt, out, items, args.fsync))
        for item in items:
            if item.path is not None and item.error is None and zio.same_file(item.path, out):
                raise UsageError(f"-o {args.output} is also an input; refusing to overwrite it (see --in-place)")
        return cls(args, config, items, _StreamSink(fmt, several, out, args.fsync))

    def run(self) -> int:
        """Clean every input; return 0 if all succeeded, 1 if any failed."""
        failed = cleaned = changes = 0
        report = self.args.report
        interrupted = True
        try:
            self.sink.begin()
            for item in self.items:
                if item.error is not None:
                    _fail(item.name, item.error)
                    failed += 1
                    continue
                doc = self._one(item)
                if doc is None:
                    failed += 1
                    continue
                cleaned += 1
                changes += len(doc.changes)
                if report:
                    sys.stderr.write(format_report(_label(item), doc, self.args.report_limit))
                    sys.stderr.flush()
            interrupted = False
        except _OutputFailed as exc:
            _fail(exc.name, str(exc))
            return 1
        except OSError as exc:  # the output file cannot be created
            _fail(str(self.args.output), f"cannot write it: {exc.strerror or exc}")
            return 1
        finally:
            try:
                self.sink.end(interrupted=interrupted)
            except OSError as exc:  # the output file cannot be committed
                _fail(str(self.args.output), f"cannot write it: {exc.strerror or exc}")
                failed += 1
        if report and len(self.items) > 1:
            print(
                f"{PROG}: {len(self.items)} inputs: {cleaned} cleaned, {failed} failed; {changes} changes",
                file=sys.stderr,
            )
        return 1 if failed else 0

    def _one(self, item: zio.Input) -> Document | None:
        """Read, clean and write one input; on failure print its one line and return None."""
        label = _label(item)
        try:
            source = zio.read_input(item)
            doc = self.cleaner.clean(source)
            self.sink.write(item, doc, source)
        except (_PipeClosed, _OutputFailed):
            raise
        except _Failed as exc:
            _fail(label, str(exc))
        except ZhcleanError as exc:
            _fail(label, str(exc) or type(exc).__doc__ or type(exc).__name__)
        except OSError as exc:
            _fail(label, exc.strerror or str(exc))
        except UnicodeError as exc:
            _fail(label, f"cannot write it as UTF-8: {exc}")
        except MemoryError:
            _fail(label, "too large to clean in memory")
        except Exception as exc:
            if os.environ.get("ZHCLEAN_DEBUG", "") not in ("", "0"):
                raise
            _fail(label, f"internal error: {type(exc).__name__}: {exc} (ZHCLEAN_DEBUG=1 shows the traceback)")
        else:
            return doc
        return None


def _label(item: zio.Input) -> str:
    return "<stdin>" if item.is_stdin else item.name


def _fail(name: str, reason: str) -> None:
    """Print the one line that reports a failed input."""
    line = f"{PROG}: {name}: {reason}"
    print(_NEWLINES.sub(" ", line), file=sys.stderr, flush=True)


def _stdin_is_terminal() -> bool:
    stdin = sys.stdin
    if stdin is None:
        return True
    try:
        return stdin.isatty()
    except (AttributeError, ValueError, OSError):
        return True


def _batch(argv: list[str]) -> int:
    from .cli_batch import main as batch_main

    return batch_main(argv)


register("batch", _batch, "clean a JSONL or Parquet corpus in parallel, resumably (zhclean batch --help)")
