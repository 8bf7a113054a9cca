"""Cleaning many documents at once: a list of texts, or a table with a text column.

`clean_batch` cleans a list of texts and never stops on a bad record: a record that is not text
gives a `Document` whose `error` says why. `clean_table` takes the batch shapes that data engines
hand to a user function and returns the same shape with columns added, keeping every other
column, so one function serves Ray Data's ``map_batches``, Spark's ``mapInArrow`` and
``mapInPandas`` and Dask's ``map_partitions``:

- a ``pyarrow.Table`` or ``pyarrow.RecordBatch``;
- a ``pandas.DataFrame``;
- a ``dict`` of columns (lists or NumPy arrays: Ray's ``"numpy"`` batch format);
- an iterator of any of these (Spark's ``mapInArrow``/``mapInPandas``), giving an iterator back.

`BatchCleaner` is the same function as a picklable callable object that builds its `Cleaner`
once per worker (Ray's ``map_batches(BatchCleaner, fn_constructor_kwargs=...)``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from .config import DEFAULT, Config
from .document import Document
from .errors import ZhcleanError
from .pipeline import Cleaner

META_FIELDS = ("title", "subtitle", "date", "source", "author", "editor", "url")
"""Metadata fields that become columns of their own."""

DEFAULT_MAX_CHARS = 50_000_000
"""Records longer than this (in characters, or bytes for binary) are refused as gigantic."""


def clean_batch(
    texts: Iterable[Any],
    config: Config | None = None,
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    **options: Any,
) -> list[Document]:
    """Clean every text in `texts`; a bad record gives a Document with `error` set, never an exception."""
    cleaner = Cleaner((config or DEFAULT).replace(**options))
    return [clean_record(cleaner, t, max_chars=max_chars) for t in texts]


def clean_record(
    cleaner: Cleaner, value: Any, *, site: str | None = None, max_chars: int = DEFAULT_MAX_CHARS
) -> Document:
    """Clean one record's text value, turning every failure into `Document.error`."""
    if value is None:
        return Document(text="", error="missing text (null)")
    if isinstance(value, (bytearray, memoryview)):
        value = bytes(value)
    if not isinstance(value, (str, bytes)):
        return Document(text="", error=f"text is not a string but {type(value).__name__}")
    if len(value) > max_chars:
        unit = "characters" if isinstance(value, str) else "bytes"
        return Document(text="", error=f"gigantic record: {len(value):,} {unit} (limit {max_chars:,})")
    try:
        return cleaner.clean(value, site=site)
    except ZhcleanError as exc:
        return Document(text="", error=str(exc))
    except Exception as exc:  # a bug met on one record must not stop a corpus run: report it there
        return Document(text="", error=f"internal error: {type(exc).__name__}: {exc}")


def added_columns(doc: Document, prefix: str = "clean_") -> dict[str, Any]:
    """The columns a cleaned record adds: text, metadata fields, a change summary, error."""
    row: dict[str, Any] = {f"{prefix}text": doc.text if doc.error is None else None}
    for name in META_FIELDS:
        value = doc.meta.get(name)
        row[f"{prefix}{name}"] = None if value is None else str(value)
    row[f"{prefix}changes"] = json.dumps(doc.summary(), ensure_ascii=False, sort_keys=True)
    row[f"{prefix}error"] = doc.error
    return row


def column_names(prefix: str = "clean_") -> list[str]:
    """Names of the columns `clean_table` adds, in order."""
    return [f"{prefix}text", *(f"{prefix}{m}" for m in META_FIELDS), f"{prefix}changes", f"{prefix}error"]


class BatchCleaner:
    """`clean_table` as a picklable callable that builds its Cleaner once per process.

    >>> from zhclean import BatchCleaner
    >>> BatchCleaner(text_column="body")({"body": ["正文。\\r\\n"]})["clean_text"]
    ['正文。']
    """

    def __init__(
        self,
        config: Config | None = None,
        *,
        text_column: str = "text",
        prefix: str = "clean_",
        max_chars: int = DEFAULT_MAX_CHARS,
        **options: Any,
    ) -> None:
        self.config = (config or DEFAULT).replace(**options)
        self.text_column = text_column
        self.prefix = prefix
        self.max_chars = max_chars
        self._cleaner: Cleaner | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_cleaner"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    @property
    def cleaner(self) -> Cleaner:
        """The worker's Cleaner, built on first use."""
        if self._cleaner is None:
            self._cleaner = Cleaner(self.config)
        return self._cleaner

    def __call__(self, batch: Any) -> Any:
        return clean_table(
            batch, cleaner=self.cleaner, text_column=self.text_column, prefix=self.prefix, max_chars=self.max_chars
        )


def clean_table(
    batch: Any,
    config: Config | None = None,
    *,
    text_column: str = "text",
    prefix: str = "clean_",
    cleaner: Cleaner | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    **options: Any,
) -> Any:
    """Clean the `text_column` of a batch and return the batch with the `column_names` added.

    Accepts an Arrow table or record batch, a pandas DataFrame, a dict of columns, or an
    iterator of these (then returns an iterator). Other columns are kept as they are; a column
    that already has an added column's name is replaced.
    """
    cl = cleaner or Cleaner((config or DEFAULT).replace(**options))
    if isinstance(batch, dict):
        return _clean_dict(batch, cl, text_column, prefix, max_chars)
    kind = _kind(batch)
    if kind == "arrow":
        return _clean_arrow(batch, cl, text_column, prefix, max_chars)
    if kind == "pandas":
        return _clean_pandas(batch, cl, text_column, prefix, max_chars)
    if isinstance(batch, Iterator) or (isinstance(batch, Iterable) and not isinstance(batch, (str, bytes, list))):
        return (clean_table(b, cleaner=cl, text_column=text_column, prefix=prefix, max_chars=max_chars) for b in batch)
    raise ZhcleanError(
        f"clean_table takes an Arrow table/record batch, a pandas DataFrame, a dict of columns or an "
        f"iterator of them, not {type(batch).__name__}"
    )


def _kind(batch: Any) -> str:
    module = type(batch).__module__
    if module.startswith("pyarrow"):
        return "arrow"
    if module.startswith("pandas"):
        return "pandas"
    return ""


def _missing(text_column: str, columns: Iterable[str]) -> ZhcleanError:
    return ZhcleanError(f"no column {text_column!r} in the batch (columns: {', '.join(map(str, columns))})")


def _rows(values: Iterable[Any], cl: Cleaner, prefix: str, max_chars: int) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {name: [] for name in column_names(prefix)}
    for value in values:
        for name, v in added_columns(clean_record(cl, value, max_chars=max_chars), prefix).items():
            out[name].append(v)
    return out


def _clean_dict(batch: dict[str, Any], cl: Cleaner, text_column: str, prefix: str, max_chars: int) -> dict[str, Any]:
    if text_column not in batch:
        raise _missing(text_column, batch)
    values = [_scalar(v) for v in batch[text_column]]
    added = _rows(values, cl, prefix, max_chars)
    out = dict(batch)
    for name, col in added.items():
        out[name] = _like(batch[text_column], col)
    return out


def _scalar(v: Any) -> Any:
    """NumPy scalars and pandas missing values to plain Python values."""
    if v is None or isinstance(v, (str, bytes)):
        return v
    item = getattr(v, "item", None)
    if callable(item) and getattr(v, "ndim", 0) == 0:
        return item()
    try:
        if v != v:  # NaN stands for a missing value in pandas/NumPy object columns
            return None
    except (TypeError, ValueError):
        pass
    return v


def _like(template: Any, values: list[Any]) -> Any:
    """A NumPy object array when the batch's columns are NumPy arrays, else a list."""
    if type(template).__module__.startswith("numpy"):
        import numpy as np

        arr = np.empty(len(values), dtype=object)
        arr[:] = values
        return arr
    return values


def _clean_arrow(batch: Any, cl: Cleaner, text_column: str, prefix: str, max_chars: int) -> Any:
    import pyarrow as pa

    if text_column not in batch.schema.names:
        raise _missing(text_column, batch.schema.names)
    values = batch.column(text_column).to_pylist()
    added = _rows(values, cl, prefix, max_chars)
    names = [n for n in batch.schema.names if n not in added]
    arrays = [batch.column(n) for n in names]
    for name, col in added.items():
        names.append(name)
        arrays.append(pa.array(col, type=pa.string()))
    if isinstance(batch, pa.RecordBatch):
        return pa.RecordBatch.from_arrays(arrays, names=names)
    return pa.Table.from_arrays(arrays, names=names)


def _clean_pandas(batch: Any, cl: Cleaner, text_column: str, prefix: str, max_chars: int) -> Any:
    if text_column not in batch.columns:
        raise _missing(text_column, batch.columns)
    values = [_scalar(v) for v in batch[text_column].tolist()]
    added = _rows(values, cl, prefix, max_chars)
    out = batch.copy()
    for name, col in added.items():
        out[name] = col
    return out
