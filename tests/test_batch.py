"""clean_batch, clean_table and BatchCleaner: every batch shape, bad records never stop a batch."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zhclean
from zhclean.batch import BatchCleaner, clean_batch, clean_table, column_names

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


def test_clean_batch_matches_clean_and_reports_bad_records() -> None:
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    docs = clean_batch([*texts, None, 42, b"\x00\x01\x02\x03" * 50, "x" * 20], max_chars=10)
    # The seeds are longer than max_chars=10, so they are refused as gigantic; check the message.
    assert all(d.error and d.error.startswith("gigantic record") for d in docs[:5])
    assert docs[5].error == "missing text (null)"
    assert docs[6].error == "text is not a string but int"
    assert docs[7].error  # binary bytes: a NotTextError turned into an error entry
    assert docs[8].error.startswith("gigantic record: 20 characters")
    good = clean_batch(texts)
    assert [d.text for d in good] == [zhclean.clean(t).text for t in texts]
    assert all(d.error is None for d in good)


def test_a_bug_met_on_one_record_becomes_its_error(monkeypatch) -> None:
    from zhclean.pipeline import Cleaner

    real = Cleaner.clean

    def clean(self, source, *, site=None):
        if source == "boom":
            raise KeyError("lost")
        return real(self, source, site=site)

    monkeypatch.setattr(Cleaner, "clean", clean)
    docs = clean_batch(["甲。", "boom", "乙。"])
    assert [d.error for d in docs] == [None, "internal error: KeyError: 'lost'", None]
    assert docs[2].text == "乙。"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=50), st.binary(max_size=50), st.integers()), max_size=8))
def test_clean_batch_never_raises(values: list[object]) -> None:
    docs = clean_batch(values)
    assert len(docs) == len(values)
    for value, doc in zip(values, docs, strict=True):
        if isinstance(value, str):
            assert doc.error is None and doc.text == zhclean.clean(value).text


def test_arrow_table_and_record_batch_keep_other_columns() -> None:
    import pyarrow as pa
    table = pa.table({"id": [1, 2, 3], "text": ["正文。\r\n", None, "  "], "lang": ["zh", "zh", "zh"]})
    out = clean_table(table)
    assert isinstance(out, pa.Table)
    assert out.column_names == ["id", "text", "lang", *column_names()]
    assert out.column("id").to_pylist() == [1, 2, 3]
    assert out.column("clean_text").to_pylist() == ["正文。", None, ""]
    assert out.column("clean_error").to_pylist() == [None, "missing text (null)", None]
    rb = clean_table(table.to_batches()[0], text_column="text")
    assert isinstance(rb, pa.RecordBatch) and rb.num_rows == 3


def test_pandas_and_numpy_dict_and_iterators() -> None:
    import numpy as np
    import pandas as pd
    df = pd.DataFrame({"body": ["a\u200b", None, float("nan")], "k": [1, 2, 3]})
    out = clean_table(df, text_column="body")
    assert list(out["k"]) == [1, 2, 3]
    assert out["clean_text"].iloc[0] == "a"
    assert list(out["clean_error"])[1:] == ["missing text (null)"] * 2
    numpy_batch = {"text": np.array(["x  ", "y"], dtype=object)}
    got = clean_table(numpy_batch)
    assert isinstance(got["clean_text"], np.ndarray) and list(got["clean_text"]) == ["x", "y"]
    # Spark's mapInPandas hands an iterator of frames and wants one back.
    frames = list(clean_table(iter([df, df]), text_column="body"))
    assert len(frames) == 2 and frames[1]["clean_text"].iloc[0] == "a"


def test_missing_column_and_wrong_type_are_clear_errors() -> None:
    with pytest.raises(zhclean.ZhcleanError, match="no column 'text'"):
        clean_table({"body": ["a"]})
    with pytest.raises(zhclean.ZhcleanError, match="clean_table takes"):
        clean_table(42)


def test_batch_cleaner_pickles_without_its_cleaner() -> None:
    bc = BatchCleaner(text_column="t", max_blank_lines=0)
    assert bc({"t": ["a\n\n\nb"]})["clean_text"] == ["a\nb"]
    clone = pickle.loads(pickle.dumps(bc))
    assert clone._cleaner is None
    assert clone({"t": ["a\n\n\nb"]})["clean_text"] == ["a\nb"]
    with pytest.raises(zhclean.ConfigError):
        BatchCleaner(no_such_option=1)
