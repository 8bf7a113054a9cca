"""End to end on a local Ray cluster: read JSONL, clean with map_batches, collect."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import ray

import zhclean

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield ray
    ray.shutdown()


def test_clean_dataset_on_local_cluster(local_ray, tmp_path: Path) -> None:
    from zhclean.integrations.ray import clean_dataset

    path = tmp_path / "corpus.jsonl"
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(texts * 4):
            fh.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
        fh.write(json.dumps({"id": 99, "text": None}) + "\n")
    ds = local_ray.data.read_json(str(path))
    rows = sorted(clean_dataset(ds, batch_size=8, concurrency=1).take_all(), key=lambda r: r["id"])
    assert len(rows) == 21
    for row in rows[:20]:
        assert row["clean_error"] is None
        assert row["clean_text"] == zhclean.clean(texts[row["id"] % 5]).text
    assert rows[20]["clean_error"] == "missing text (null)"
