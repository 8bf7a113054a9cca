"""Cleaning corpora: JSONL or Parquet in, the same records with clean columns out.

This is an I/O edge, like the CLI: it streams records from a file in work units of about
``chunk_bytes`` of input, cleans them in worker processes (output in input order), and writes them
to a partial file that becomes the output only when the run completes, so an interrupted run
never leaves a half-written output; ``resume=True`` continues from the partial file. A bad record
(not an object, no text, not a string, gigantic, undecodable) becomes an error entry in its output
row and a count in the summary; the run goes on. Memory stays bounded: at most ``4 * jobs`` units
are in flight.

The reading process does little besides reading and writing, so that with one worker per core it
does not compete with them: a JSONL unit goes to a worker as one block of bytes (whole lines), a
Parquet unit as one Arrow IPC buffer; the worker parses, cleans and serialises, and sends back
one block of JSONL bytes or one Arrow IPC buffer with a small `Summary`.

Output rows keep every input field and add ``clean_text``, the metadata fields, ``clean_changes``
(counts by step and kind) and ``clean_error`` (see `zhclean.batch.column_names`).
"""

from __future__ import annotations

import gzip
import importlib.abc
import json
import os
import shutil
import sys
import tempfile
import time
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from .batch import DEFAULT_MAX_CHARS, added_columns, clean_record
from .config import Config
from .document import Document
from .errors import ZhcleanError
from .pipeline import Cleaner
from .templates import TemplateLearner, Templates, doc_keys

DEFAULT_CHUNK_BYTES = 1 << 20
"""Input bytes per work unit: large enough that sending it to a worker costs little, small
enough that two workers finish together and memory stays small."""

SITE_FIELDS = ("site", "host", "domain")
"""Record fields that name a record's site, tried in order when no site field is given."""


class CorpusError(ZhcleanError):
    """A corpus run cannot start or go on (unreadable input, unwritable output, wrong format)."""


@dataclass
class Summary:
    """What a corpus run did: counts, sizes, errors and changes by kind."""

    documents: int = 0
    input_bytes: int = 0
    errors: int = 0
    changed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    changes: Counter[str] = field(default_factory=Counter)
    error_kinds: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    """Up to `MAX_EXAMPLES` errors, as ``id=...: message`` or ``record N: message`` (N from 1)."""

    MAX_EXAMPLES = 10

    def add(self, other: Summary) -> None:
        """Add a later chunk's summary (its record numbers are shifted to count from the run's start)."""
        for example in other.examples[: self.MAX_EXAMPLES - len(self.examples)]:
            if example.startswith("record "):
                number, rest = example[len("record ") :].split(":", 1)
                example = f"record {int(number) + self.documents + self.skipped}:{rest}"
            self.examples.append(example)
        self.documents += other.documents
        self.input_bytes += other.input_bytes
        self.errors += other.errors
        self.changed += other.changed
        self.changes.update(other.changes)
        self.error_kinds.update(other.error_kinds)

    def render(self) -> str:
        """A short human report for stderr."""
        mb = self.input_bytes / 1e6
        rate = mb / self.seconds if self.seconds > 0 else 0.0
        lines = [
            f"zhclean batch: {self.documents:,} documents, {mb:,.1f} MB in {self.seconds:,.1f} s "
            f"({rate:,.1f} MB/s); {self.changed:,} changed; {self.errors:,} errors"
            + (f"; {self.skipped:,} resumed" if self.skipped else "")
        ]
        for kind, n in self.error_kinds.most_common(10):
            lines.append(f"  error   {n:>9,}  {kind}")
        for example in self.examples:
            lines.append(f"  e.g.    {example}")
        for kind, n in sorted(self.changes.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  change  {n:>9,}  {kind}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "input_bytes": self.input_bytes,
            "errors": self.errors,
            "changed": self.changed,
            "skipped": self.skipped,
            "seconds": round(self.seconds, 3),
            "changes": dict(self.changes),
            "error_kinds": dict(self.error_kinds),
            "error_examples": list(self.examples),
        }


@dataclass(frozen=True)
class Fields:
    """Which record fields hold the text, the id and the site."""

    text: str = "text"
    id: str | None = None
    site: str | None = None
    prefix: str = "clean_"
    max_chars: int = DEFAULT_MAX_CHARS


# ---------------------------------------------------------------------------------------------
# Formats


def format_of(path: str | Path) -> str:
    """``jsonl`` or ``parquet``, from the file name (``.jsonl``, ``.json``, ``.ndjson``, ``.gz``)."""
    name = str(path).lower()
    if name.endswith(".gz"):
        name = name[:-3]
    if name.endswith(".parquet") or name.endswith(".pq"):
        return "parquet"
    if name == "-" or name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    raise CorpusError(f"{path}: unknown corpus format (use .jsonl, .jsonl.gz or .parquet)")


def _open_text_input(path: str) -> IO[bytes]:
    if path == "-":
        return sys.stdin.buffer
    try:
        fh: IO[bytes] = open(path, "rb")  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        raise CorpusError(f"{path}: {exc.strerror or exc}") from exc
    if path.endswith(".gz"):
        return gzip.GzipFile(fileobj=fh)  # type: ignore[return-value]
    return fh


def read_chunks(
    path: str, chunk_bytes: int = DEFAULT_CHUNK_BYTES, skip: int = 0, *, jobs: int = 1
) -> Iterator[tuple[Any, int]]:
    """Yield work units and the input bytes each one covers (for the progress bar).

    A JSONL unit is about `chunk_bytes` of whole lines (it ends at the end of the line that
    crosses `chunk_bytes`), so the reading process never splits or parses lines: a `FileSlice`
    of an uncompressed file, which the worker reads itself, or the block's ``bytes`` for stdin and
    ``.gz`` input. A Parquet unit is an Arrow record batch of about `chunk_bytes` (uncompressed). The
    first `skip` records are passed over (``--resume``); the bytes they cover come first, as a
    unit without records. With several `jobs`, the units of an uncompressed file's last few MB
    get smaller, so that the workers finish together instead of one working alone on the last.
    """
    fmt = format_of(path)
    if fmt == "parquet":
        yield from _parquet_chunks(path, chunk_bytes, skip)
        return
    fh = _open_text_input(path)
    try:
        if skip:
            passed = 0
            for raw in fh:
                passed += len(raw)
                if raw.strip():
                    skip -= 1
                    if not skip:
                        break
            yield b"", passed
        if path == "-" or path.endswith(".gz"):
            while True:
                block = fh.read(chunk_bytes)
                if not block:
                    break
                if not block.endswith(b"\n"):
                    block += fh.readline()
                yield block, len(block)
            return
        start = fh.tell()
        size = os.fstat(fh.fileno()).st_size
        while start < size:
            step = chunk_bytes
            if jobs > 1:
                step = max(1, min(chunk_bytes, max(chunk_bytes // 16, (size - start) // (2 * jobs))))
            fh.seek(start + step - 1)
            end = min(size, fh.tell() + len(fh.readline()))
            yield FileSlice(path, start, end), end - start
            start = end
    except (OSError, EOFError, zlib.error) as exc:
        raise CorpusError(f"{path}: {exc}") from exc
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


@dataclass(frozen=True)
class FileSlice:
    """Bytes `start` to `end` of the file at `path`: a unit that the worker reads itself."""

    path: str
    start: int
    end: int

    def read(self) -> bytes:
        with open(self.path, "rb") as fh:
            fh.seek(self.start)
            return fh.read(self.end - self.start)


def _parquet_chunks(path: str, chunk_bytes: int, skip: int) -> Iterator[tuple[Any, int]]:
    pq = _pyarrow_parquet()
    try:
        # A buffered stream: a row group's column chunk is read 1 MB at a time, not whole (a
        # corpus written with one row group would otherwise be read into memory at once).
        pf = pq.ParquetFile(path, buffer_size=1 << 20, pre_buffer=False)
    except (OSError, ValueError) as exc:
        raise CorpusError(f"{path}: {exc}") from exc
    meta = pf.metadata
    rows = max(1, meta.num_rows)
    row_bytes = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups)) / rows
    file_bytes = input_size(path) or 0
    batch_rows = max(1, int(chunk_bytes / max(1.0, row_bytes)))
    # One thread: decoding is a small part of the work, and threads cost the reading process
    # (which competes with the workers for the cores) more CPU than they save.
    for batch in pf.iter_batches(batch_size=batch_rows, use_threads=False):
        n = batch.num_rows
        if skip:
            drop = min(skip, n)
            batch = batch.slice(drop)
            skip -= drop
        yield (batch if batch.num_rows else None), file_bytes * n // rows


@dataclass(frozen=True)
class Spooled:
    """A unit's data in a file of the run's spool folder: a worker's output, or an Arrow input
    unit on its way to a worker (see `run_corpus`).

    Sending a MB through the pool's pipe costs the reading process about as much CPU as writing
    it to a file three times (and pickling Arrow data costs more); taking it from a file costs one
    kernel-side copy (JSONL) or nothing (an Arrow IPC file, memory-mapped).
    """

    path: str

    @classmethod
    def write(cls, folder: Path, name: str, data: Any) -> Spooled:
        """Write JSONL bytes, or an Arrow table as an IPC stream, to ``folder/name``."""
        path = folder / name
        if isinstance(data, bytes):
            with open(path, "wb", buffering=0) as fh:
                _write_all(fh, data)
        else:
            import pyarrow as pa

            with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_stream(sink, data.schema) as writer:
                writer.write(data)
        return cls(str(path))

    def table(self) -> Any:
        """The Arrow table, memory-mapped; the file is gone (the mapping keeps the data)."""
        import pyarrow as pa

        try:
            return pa.ipc.open_stream(pa.memory_map(self.path)).read_all()
        finally:
            os.unlink(self.path)

    def copy_to(self, out: IO[bytes]) -> None:
        """Append the file's bytes to `out` (an unbuffered file) and remove it."""
        try:
            with open(self.path, "rb") as src:
                left = os.fstat(src.fileno()).st_size
                try:
                    while left > 0:
                        done = os.copy_file_range(src.fileno(), out.fileno(), left)
                        if done == 0:
                            break
                        left -= done
                except (AttributeError, OSError):  # no copy_file_range here: copy through memory
                    while block := src.read(1 << 20):
                        _write_all(out, block)
        finally:
            os.unlink(self.path)


def _write_all(out: IO[bytes], data: bytes) -> None:
    """Write all of `data` to an unbuffered file (whose ``write`` may write less than asked)."""
    view = memoryview(data)
    while view:
        view = view[out.write(view) :]


def _pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise CorpusError("Parquet needs pyarrow: pip install 'zhclean[parquet]'") from exc
    return pq


# ---------------------------------------------------------------------------------------------
# Work done in the worker processes
#
# Workers are started once with the Cleaner (`_init_worker`). A unit reaches a worker as a
# `FileSlice` of the input (or a bytes block, for .gz and stdin) or a `Spooled` Arrow batch; the
# worker parses, cleans and serialises, and leaves its output as a `Spooled` file (JSONL bytes or
# an Arrow table), so that only file names and a small Summary cross the pool's pipes, and the
# reading process only reads, writes and counts.

_WORKER: dict[str, Any] = {}


def _init_worker(
    config: Config, templates: Templates | None, fields: Fields, output: str = "jsonl", spool: Path | None = None
) -> None:
    """Build the worker's Cleaner once; `output` (``jsonl`` or ``parquet``) is what units return,
    through files in the `spool` folder when one is given (see `Spooled`)."""
    _WORKER["cleaner"] = Cleaner(config, templates=templates)
    _WORKER["fields"] = fields
    _WORKER["output"] = output
    _WORKER["spool"] = spool


def _init_pool_worker(*initargs: Any) -> None:
    """`_init_worker` in a pool's worker process, which also spares pyarrow its pandas import."""
    _init_worker(*initargs)
    if "pyarrow" in sys.modules and "pandas" not in sys.modules:
        _without_pandas()


class _NoPandas(importlib.abc.MetaPathFinder):
    """An import finder for which pandas does not exist."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("zhclean's worker processes do not use pandas")
        return None


def _without_pandas() -> None:
    """Spare pyarrow its pandas import in a worker process (call before its first conversion).

    pyarrow imports pandas (0.3 s of CPU, 60 MB per process) at its first conversion of Python
    objects, only to recognise pandas objects among them. Workers convert lists of plain values,
    so this first check is made to find no pandas; pyarrow does not look again for that check
    (an explicit pandas conversion would still import it).
    """
    import pyarrow as pa

    finder = _NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        pa.array([], type=pa.string())
    finally:
        sys.meta_path.remove(finder)


def _records(data: Any, *, whole: bool = True) -> tuple[list[Any], int]:
    """A unit's raw records (JSONL lines as bytes, Parquet rows as dicts) and its input bytes.

    With ``whole=False`` Parquet rows hold only the fields cleaning reads (text, id, site).
    """
    if data is None:
        return [], 0
    if isinstance(data, FileSlice):
        data = data.read()
    if isinstance(data, bytes):
        return [raw for raw in data.split(b"\n") if raw.strip()], len(data)
    if isinstance(data, Spooled):
        data = data.table()
    if not whole:
        fields: Fields = _WORKER["fields"]
        wanted = {fields.text, fields.id, fields.site, *SITE_FIELDS, "url"}
        return data.select([n for n in data.schema.names if n in wanted]).to_pylist(), data.nbytes
    return data.to_pylist(), data.nbytes


def _parse(raw: Any) -> tuple[dict[str, Any] | None, str | None]:
    """A record as a dict, or the reason it is not one."""
    if isinstance(raw, dict):
        return raw, None
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        return None, f"invalid JSON: {exc}"
    if not isinstance(value, dict):
        return None, f"record is a JSON {type(value).__name__}, not an object"
    return value, None


def site_of(record: dict[str, Any], site_field: str | None) -> str | None:
    """The record's site: the named field, a site/host/domain field, or the host of its url."""
    if site_field:
        value = record.get(site_field)
        return None if value is None else str(value)
    for name in SITE_FIELDS:
        if record.get(name):
            return str(record[name])
    url = record.get("url")
    if isinstance(url, str) and "//" in url:
        return urlsplit(url).hostname
    return None


def _clean_one(raw: Any) -> tuple[dict[str, Any], Document]:
    cleaner: Cleaner = _WORKER["cleaner"]
    fields: Fields = _WORKER["fields"]
    record, problem = _parse(raw)
    if record is None:
        doc = Document(text="", error=problem)
        return {}, doc
    if fields.text not in record:
        doc = Document(text="", error=f"no field {fields.text!r}")
    else:
        site = site_of(record, fields.site) if cleaner.templates is not None else None
        doc = clean_record(cleaner, record[fields.text], site=site, max_chars=fields.max_chars)
    return record, doc


def _error_kind(message: str) -> str:
    return message.split(":", 1)[0]


def _summarise(results: list[tuple[dict[str, Any], Document]], input_bytes: int) -> Summary:
    """The summary of a unit's cleaned records (record numbers count from 1 in the unit)."""
    fields: Fields = _WORKER["fields"]
    summary = Summary(input_bytes=input_bytes)
    for record, doc in results:
        summary.documents += 1
        if doc.error is not None:
            summary.errors += 1
            summary.error_kinds[_error_kind(doc.error)] += 1
            if len(summary.examples) < Summary.MAX_EXAMPLES:
                where = f"{fields.id}={record.get(fields.id)!r}" if fields.id and fields.id in record else \
                    f"record {summary.documents}"
                summary.examples.append(f"{where}: {doc.error}")
        elif doc.changes:
            summary.changed += 1
            summary.changes.update(doc.summary())
    return summary


_JSON = json.JSONEncoder(ensure_ascii=False, default=str)


def clean_chunk(unit: tuple[int, Any]) -> tuple[Any, int, Summary]:
    """Clean one work unit ``(number, data)`` in a worker: (output, number of rows, summary).

    The output is the unit's rows as JSONL bytes, or, for a Parquet output, an Arrow table of the
    input columns and the added ones (None when the unit has no records); in a pool's worker, it
    goes back as a `Spooled` file instead.
    """
    seq, data = unit
    fields: Fields = _WORKER["fields"]
    spool: Path | None = _WORKER["spool"]
    if isinstance(data, Spooled):
        data = data.table()
    elif isinstance(data, FileSlice):
        data = data.read()
    arrow_in = data is not None and not isinstance(data, bytes)
    to_jsonl = _WORKER["output"] == "jsonl"
    records, size = _records(data, whole=to_jsonl)
    results = [_clean_one(raw) for raw in records]
    summary = _summarise(results, size)
    if to_jsonl:
        encode = _JSON.encode
        lines = []
        for record, doc in results:
            row = dict(record)
            row.update(added_columns(doc, fields.prefix))
            lines.append(encode(row))
        lines.append("")
        out = "\n".join(lines).encode("utf-8") if results else b""
        if spool is not None and out:
            return Spooled.write(spool, f"{seq:08d}.jsonl", out), len(results), summary
        return out, len(results), summary
    if not results:
        return None, 0, summary
    pa = _pyarrow()
    added = [added_columns(doc, fields.prefix) for _, doc in results]
    names = list(added[0])
    base = data if arrow_in else _arrow_rows([record for record, _ in results])
    keep = [n for n in base.schema.names if n not in names]
    arrays = [base.column(n) for n in keep]
    arrays += [pa.array([row[n] for row in added], type=pa.string()) for n in names]
    table = pa.Table.from_arrays(arrays, names=keep + names)
    if spool is not None:
        return Spooled.write(spool, f"{seq:08d}.arrows", table), len(results), summary
    return table, len(results), summary


def _arrow_rows(records: list[dict[str, Any]]) -> Any:
    """JSON records as an Arrow table with a column for every field any record has (Arrow's
    ``from_pylist`` takes the first record's fields only); a field whose values Arrow cannot put
    in one column (a number here, text there) becomes a column of JSON text."""
    pa = _pyarrow()
    names = list(dict.fromkeys(name for record in records for name in record))
    arrays = []
    for name in names:
        values = [record.get(name) for record in records]
        try:
            arrays.append(pa.array(values))
        except (pa.ArrowException, OverflowError, TypeError, ValueError):
            arrays.append(pa.array([None if v is None else v if isinstance(v, str) else _JSON.encode(v)
                                    for v in values], type=pa.string()))
    return pa.Table.from_arrays(arrays, names=names)


def _pyarrow() -> Any:
    _pyarrow_parquet()
    import pyarrow as pa

    return pa


def chunk_keys(unit: tuple[int, Any]) -> list[tuple[str | None, dict[int, bool]]]:
    """Template-learning pass: the site and line hashes of each record of a work unit."""
    cleaner: Cleaner = _WORKER["cleaner"]
    fields: Fields = _WORKER["fields"]
    out: list[tuple[str | None, dict[int, bool]]] = []
    for raw in _records(unit[1])[0]:
        record, _ = _parse(raw)
        if record is None:
            continue
        value = record.get(fields.text)
        if not isinstance(value, (str, bytes)) or len(value) > fields.max_chars:
            continue
        try:
            text = cleaner.clean(value).text
        except ZhcleanError:
            continue
        out.append((site_of(record, fields.site), doc_keys(text)))
    return out


# ---------------------------------------------------------------------------------------------
# Running


def ordered_map(
    fn: Callable[[tuple[int, Any]], Any],
    chunks: Iterator[tuple[Any, int]],
    jobs: int,
    initargs: tuple[Any, ...],
    spool: Path | None = None,
) -> Iterator[tuple[Any, int]]:
    """Apply `fn` to each ``(number, chunk)`` in `jobs` processes; yield (result, chunk bytes) in input order.

    ``jobs <= 1`` runs in this process, without a pool. Otherwise the workers are started once
    (`_init_worker` builds their Cleaner) and at most ``4 * jobs`` chunks are in flight: enough
    that a slow chunk at the head of the line (output is in input order) does not leave the
    other workers idle, few enough that memory stays at a few MB per job. With a `spool`
    folder, Arrow chunks go to the workers as `Spooled` files.
    """
    if jobs <= 1:
        _init_worker(*initargs)
        for seq, (chunk, size) in enumerate(chunks):
            yield fn((seq, chunk)), size
        return
    ctx = get_context("fork") if sys.platform.startswith("linux") else get_context("spawn")
    window = 4 * jobs
    with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_pool_worker, initargs=initargs) as pool:
        pending: deque[tuple[Future[Any], int]] = deque()
        try:
            for seq, (chunk, size) in enumerate(chunks):
                if spool is not None and chunk is not None and not isinstance(chunk, (bytes, FileSlice)):
                    chunk = Spooled.write(spool, f"{seq:08d}-in.arrows", chunk)  # Arrow input
                pending.append((pool.submit(fn, (seq, chunk)), size))
                if len(pending) >= window:
                    fut, sz = pending.popleft()
                    yield fut.result(), sz
            while pending:
                fut, sz = pending.popleft()
                yield fut.result(), sz
        except BaseException:
            for fut, _ in pending:
                fut.cancel()
            raise


def learn_from_corpus(
    path: str,
    config: Config,
    fields: Fields,
    *,
    jobs: int = 1,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    min_docs: int = 5,
    min_share: float = 0.1,
    progress: Callable[[int], None] | None = None,
) -> Templates:
    """First pass of ``--learn-templates``: learn template lines from a corpus file."""
    learner = TemplateLearner(min_docs=min_docs, min_share=min_share)
    pre = config.replace(**_structure_off(config))
    spool = Path(tempfile.mkdtemp(prefix="zhclean-learn-")) if jobs > 1 else None
    try:
        chunks = read_chunks(path, chunk_bytes, jobs=jobs)
        for keys, size in ordered_map(chunk_keys, chunks, jobs, (pre, None, fields), spool):
            for site, k in keys:
                learner.add_keys(site, k)
            if progress:
                progress(size)
    finally:
        if spool is not None:
            shutil.rmtree(spool, ignore_errors=True)
    return learner.result()


def _structure_off(config: Config) -> dict[str, Any]:
    """Options that stop the pipeline just before the structure step (templates apply there)."""
    return {"structure": False} if hasattr(config, "structure") else {}


class _JsonlOutput:
    """Appends JSONL to ``OUT.partial``; `commit` renames it to OUT."""

    def __init__(self, out: Path, resume: bool) -> None:
        self.out = out
        self.partial = out.with_name(out.name + ".partial")
        self.done = 0
        if out.name.endswith(".gz"):
            raise CorpusError(f"{out}: compressed output is not supported; write .jsonl and compress after")
        if resume and self.partial.exists():
            self.done = _truncate_to_complete_lines(self.partial)
            self.fh = open(self.partial, "ab", buffering=0)  # noqa: SIM115 - units are large writes
        else:
            self.fh = open(self.partial, "wb", buffering=0)  # noqa: SIM115

    def add(self, data: Any, rows: int) -> None:
        """Append a unit's output lines (bytes or a `Spooled` file)."""
        if isinstance(data, Spooled):
            data.copy_to(self.fh)
        else:
            _write_all(self.fh, data)
        self.done += rows

    def close(self) -> None:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()

    def commit(self) -> None:
        self.close()
        os.replace(self.partial, self.out)


def _truncate_to_complete_lines(path: Path, block: int = 1 << 20) -> int:
    """Cut a torn last line off a partial JSONL file; return the number of complete lines.

    Reads the file in blocks, so resuming a run with a large output does not load it whole.
    """
    with open(path, "r+b") as fh:
        size = fh.seek(0, os.SEEK_END)
        end = size
        while end > 0:
            start = max(0, end - block)
            fh.seek(start)
            cut = fh.read(end - start).rfind(b"\n")
            if cut >= 0:
                end = start + cut + 1
                break
            end = start
        if end != size:
            fh.truncate(end)
        fh.seek(0)
        lines = 0
        left = end
        while left > 0:
            data = fh.read(min(block, left))
            lines += data.count(b"\n")
            left -= len(data)
        return lines


class _ParquetOutput:
    """Streams the units' Arrow tables into a part file under ``OUT.partial/``; `commit` makes OUT.

    A run writes one part, so committing an uninterrupted run is a rename; a resumed run adds a
    part, and so does a unit whose columns cannot be cast to the open part's schema (a field
    that is a number in one record and text in another); `commit` then joins the parts under
    one schema. Units are buffered into row groups of about `ROW_GROUP_BYTES`. The open part is
    ``part-N.parquet.tmp`` until it is closed, on completion or on interruption; a crash leaves
    it without a footer, so ``--resume`` drops it and cleans its records again.
    """

    ROW_GROUP_BYTES = 32 << 20

    def __init__(self, out: Path, resume: bool, plain: tuple[str, ...] = ()) -> None:
        self.pq = _pyarrow_parquet()
        import pyarrow as pa

        self.pa = pa
        self.out = out
        self.partial = out.with_name(out.name + ".partial")
        self.plain = plain
        """Columns of long unique text, written without dictionary encoding (it would not pay)."""
        self.done = 0
        self.parts: list[Path] = []
        self._writer: Any = None
        self._tmp: Path | None = None
        self._buffer: list[Any] = []
        self._buffered = 0
        if self.partial.exists() and resume:
            for tmp in self.partial.glob("*.tmp"):  # a part a crash left open
                tmp.unlink()
            for part in sorted(self.partial.glob("part-*.parquet")):
                self.parts.append(part)
                self.done += self.pq.ParquetFile(part).metadata.num_rows
        else:
            if self.partial.exists():
                for part in self.partial.glob("*"):
                    part.unlink()
            self.partial.mkdir(parents=True, exist_ok=True)

    def add(self, table: Any, rows: int) -> None:
        """Append the next unit's table (None for a unit without records)."""
        if table is None:
            return
        if isinstance(table, Spooled):
            table = table.table()
        self._buffer.append(table)
        self._buffered += table.nbytes
        self.done += rows
        if self._buffered >= self.ROW_GROUP_BYTES:
            self._flush()

    def _flush(self) -> None:
        """Write the buffered tables as one row group of the open part (opening one if needed)."""
        if not self._buffer:
            return
        tables, self._buffer, self._buffered = self._buffer, [], 0
        if self._writer is not None:
            fitted = [self._fit(t, self._writer.schema) for t in tables]
            if all(t is not None for t in fitted):
                tables = fitted
            else:
                self._close_part()
        if self._writer is None:
            schema = self._schema([t.schema for t in tables])
            tables = [self._convert(t, schema) for t in tables]
            self._tmp = self.partial / f"part-{len(self.parts):08d}.parquet.tmp"
            dictionary = [n for n in schema.names if n not in self.plain]
            self._writer = self.pq.ParquetWriter(self._tmp, schema, use_dictionary=dictionary)
        self._writer.write_table(self.pa.concat_tables(tables))

    def _close_part(self) -> None:
        if self._writer is None or self._tmp is None:
            return
        self._writer.close()
        self._writer = None
        part = self._tmp.with_suffix("")
        os.replace(self._tmp, part)
        self.parts.append(part)

    def close(self) -> None:
        """Write what is buffered and close the open part, so that ``--resume`` can keep it."""
        try:
            self._flush()
        finally:
            self._close_part()

    def _fit(self, table: Any, schema: Any) -> Any:
        """`table` with `schema`'s columns, if its columns are among them and cast losslessly; else None."""
        pa = self.pa
        if table.schema.equals(schema):
            return table
        if not set(table.column_names) <= set(schema.names):
            return None
        columns = []
        for f in schema:
            if f.name not in table.column_names:
                columns.append(pa.nulls(table.num_rows, f.type))
                continue
            try:
                columns.append(table.column(f.name).cast(f.type))
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
                return None
        return pa.Table.from_arrays(columns, schema=schema)

    def _convert(self, table: Any, schema: Any) -> Any:
        """`table` with `schema` (from `_schema`): missing columns null, uncastable ones JSON text."""
        pa = self.pa
        columns = []
        for f in schema:
            if f.name not in table.column_names:
                columns.append(pa.nulls(table.num_rows, f.type))
                continue
            col = table.column(f.name)
            if col.type != f.type:
                try:
                    col = col.cast(f.type)
                except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
                    col = pa.array([None if v is None else json.dumps(v, ensure_ascii=False, default=str)
                                    for v in col.to_pylist()], type=pa.string())
            columns.append(col)
        return pa.Table.from_arrays(columns, schema=schema)

    def _schema(self, schemas: list[Any]) -> Any:
        """One schema for all tables: types promoted where Arrow can, strings where it cannot."""
        pa = self.pa
        names: list[str] = []
        for sch in schemas:
            names.extend(n for n in sch.names if n not in names)
        fields = []
        for name in names:
            found = [pa.schema([sch.field(name)]) for sch in schemas if name in sch.names]
            try:
                fields.append(pa.unify_schemas(found, promote_options="permissive").field(name))
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                fields.append(pa.field(name, pa.string()))
        return pa.schema(fields)

    def commit(self) -> None:
        """Make OUT: rename the one part, or join several under one schema."""
        self.close()
        pq = self.pq
        if len(self.parts) == 1:
            os.replace(self.parts[0], self.out)
        else:
            schema = self._schema([pq.read_schema(p) for p in self.parts])
            tmp = self.out.with_name(self.out.name + ".tmp")
            dictionary = [n for n in schema.names if n not in self.plain]
            with pq.ParquetWriter(tmp, schema, use_dictionary=dictionary) as writer:
                for part in self.parts:
                    for batch in pq.ParquetFile(part).iter_batches():
                        writer.write_table(self._convert(self.pa.Table.from_batches([batch]), schema))
            os.replace(tmp, self.out)
            for part in self.parts:
                part.unlink()
        self.partial.rmdir()


def run_corpus(
    inp: str,
    out: str | Path,
    config: Config,
    fields: Fields = Fields(),
    *,
    jobs: int = 1,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    resume: bool = False,
    templates: Templates | None = None,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Clean corpus file `inp` into `out` (formats from the names); return the run's Summary.

    Work goes to `jobs` worker processes in units of about `chunk_bytes` of input (see
    `read_chunks`), which leave their output in ``OUT.spool/`` (removed at the end);
    ``jobs=1`` cleans in this process.
    """
    started = time.perf_counter()
    out = Path(out)
    if inp != "-" and Path(inp).resolve() == out.resolve():
        raise CorpusError(f"{out}: output would overwrite the input")
    if not out.parent.exists():
        raise CorpusError(f"{out}: folder {out.parent} does not exist")
    out_fmt = format_of(out)
    writer: _JsonlOutput | _ParquetOutput
    if out_fmt == "jsonl":
        writer = _JsonlOutput(out, resume)
    else:
        writer = _ParquetOutput(out, resume, plain=(fields.text, fields.prefix + "text"))
    summary = Summary(skipped=writer.done)
    spool = _spool_folder(out) if jobs > 1 else None
    try:
        chunks = read_chunks(inp, chunk_bytes, skip=writer.done, jobs=jobs)
        initargs = (config, templates, fields, out_fmt, spool)
        for (data, rows, part), size in ordered_map(clean_chunk, chunks, jobs, initargs, spool):
            writer.add(data, rows)
            summary.add(part)
            if progress:
                progress(size)
    except BaseException:
        writer.close()
        raise
    finally:
        if spool is not None:
            shutil.rmtree(spool, ignore_errors=True)
    writer.commit()
    summary.seconds = time.perf_counter() - started
    return summary


def _spool_folder(out: Path) -> Path:
    """``OUT.spool/``, empty: where the workers leave their output for the reading process."""
    spool = out.with_name(out.name + ".spool")
    shutil.rmtree(spool, ignore_errors=True)  # left by a crashed run
    spool.mkdir()
    return spool


def input_size(path: str) -> int | None:
    """Bytes to read, for the progress bar (None for stdin)."""
    if path == "-":
        return None
    try:
        return os.path.getsize(path)
    except OSError:
        return None


class Progress:
    """A tqdm bar on stderr when it is a terminal; nothing otherwise."""

    def __init__(self, total: int | None, desc: str, enabled: bool | None = None) -> None:
        show = sys.stderr.isatty() if enabled is None else enabled
        self.bar: Any = None
        if show:
            try:
                from tqdm import tqdm
            except ImportError:  # pragma: no cover - tqdm is a dependency
                return
            self.bar = tqdm(total=total, desc=desc, unit="B", unit_scale=True, file=sys.stderr, leave=False)

    def __call__(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


__all__ = [
    "CorpusError",
    "Fields",
    "Progress",
    "Summary",
    "format_of",
    "learn_from_corpus",
    "read_chunks",
    "run_corpus",
    "site_of",
]
