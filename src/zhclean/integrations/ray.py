"""zhclean as a Ray Data step (``pip install 'zhclean[ray]'``).

    import ray
    from zhclean.integrations.ray import clean_dataset

    ds = ray.data.read_json("corpus/*.jsonl")
    ds = clean_dataset(ds, text_column="text", target="hans")
    ds.write_parquet("clean/")

`clean_dataset` runs `zhclean.BatchCleaner` with ``map_batches`` in Arrow format on a pool of
actors, so each worker builds its tables once. The same `BatchCleaner` serves Spark
(``mapInArrow``/``mapInPandas``) and Dask (``map_partitions``): see docs/pipelines.md.
"""

from __future__ import annotations

from typing import Any

from ..batch import DEFAULT_MAX_CHARS, BatchCleaner
from ..config import DEFAULT, Config
from ..errors import ZhcleanError


def clean_dataset(
    ds: Any,
    config: Config | None = None,
    *,
    text_column: str = "text",
    prefix: str = "clean_",
    batch_size: int = 256,
    concurrency: int | tuple[int, int] | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    **options: Any,
) -> Any:
    """Return `ds` (a ``ray.data.Dataset``) with zhclean's columns added to every row.

    `concurrency` is the number of actors (or a (min, max) range); by default Ray decides.
    """
    try:
        import ray.data  # noqa: F401
    except ImportError as exc:  # pragma: no cover - exercised only without ray
        raise ZhcleanError("zhclean.integrations.ray needs Ray Data: pip install 'zhclean[ray]'") from exc
    cfg = (config or DEFAULT).replace(**options)
    kwargs: dict[str, Any] = {
        "fn_constructor_kwargs": {
            "config": cfg,
            "text_column": text_column,
            "prefix": prefix,
            "max_chars": max_chars,
        },
        "batch_size": batch_size,
        "batch_format": "pyarrow",
        "concurrency": concurrency if concurrency is not None else (1, max(1, _cpus() - 1)),
    }
    return ds.map_batches(BatchCleaner, **kwargs)


def _cpus() -> int:
    import ray

    if ray.is_initialized():
        return max(1, int(ray.cluster_resources().get("CPU", 1)))
    import os

    return max(1, os.cpu_count() or 1)
