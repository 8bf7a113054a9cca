"""zhclean batch: JSONL/Parquet corpora, order kept across jobs, bad records, interruption, resume."""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zhclean
from zhclean import cli
from zhclean.config import Config
from zhclean.corpus import Fields, FileSlice, format_of, read_chunks, run_corpus, site_of

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
# Seed 003's misaligned-GBK search costs ~0.4 s a page; these tests are about the batch
# machinery, so they use the other four seeds (and % 5 below cycles over them with a repeat).
TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS if not p.name.startswith("003")]
TEXTS.append(TEXTS[0])
BAD = ["not json", json.dumps({"id": "n", "text": None}), json.dumps([1, 2]), json.dumps({"id": "i", "text": 7}),
       json.dumps({"id": "m"})]


def write_corpus(path: Path, n: int, bad: bool = True) -> list[str]:
    lines = [json.dumps({"id": i, "text": TEXTS[i % 5], "url": f"http://site{i % 2}.cn/a/{i}.html"}, ensure_ascii=False)
             for i in range(n)]
    if bad:
        lines[3:3] = BAD
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    return lines


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_jsonl_rows_keep_fields_order_and_report_bad_records(tmp_path: Path, capsys) -> None:
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_corpus(inp, 30)
    code = cli.main(["batch", str(inp), "-o", str(out), "--id-field", "id", "--chunk-bytes", "1"])
    assert code == 1  # some records had errors
    got = rows(out)
    assert len(got) == 35  # one row per non-blank input line, in input order
    good = [r for r in got if r["clean_error"] is None]
    assert [r["id"] for r in good] == list(range(30))
    for r in good:
        assert r["clean_text"] == zhclean.clean(TEXTS[r["id"] % 5]).text
        assert r["url"].startswith("http://site")  # other fields kept
        assert json.loads(r["clean_changes"]) == zhclean.clean(TEXTS[r["id"] % 5]).summary()
    errors = [r["clean_error"] for r in got if r["clean_error"]]
    assert errors[0].startswith("invalid JSON")
    assert errors[1:] == ["missing text (null)", "record is a JSON list, not an object",
                          "text is not a string but int", "no field 'text'"]
    err = capsys.readouterr().err
    assert "35 documents" in err and "5 errors" in err and "id='i': text is not a string but int" in err
    assert not (tmp_path / "out.jsonl.partial").exists()


def test_jobs_two_gives_the_same_output_as_one(tmp_path: Path, monkeypatch) -> None:
    inp = tmp_path / "in.jsonl"
    write_corpus(inp, 40)
    for jobs in ("1", "2"):
        cli.main(["batch", str(inp), "-o", str(tmp_path / f"out{jobs}.jsonl"), "-j", jobs, "--chunk-bytes", "10K"])
    assert (tmp_path / "out1.jsonl").read_bytes() == (tmp_path / "out2.jsonl").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out1.jsonl", "out2.jsonl"]  # no spool left

    def unsupported(*args: object) -> int:
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(os, "copy_file_range", unsupported)  # the workers' output is then copied by hand
    run_corpus(str(inp), tmp_path / "out3.jsonl", Config(), jobs=2, chunk_bytes=10_000)
    assert (tmp_path / "out3.jsonl").read_bytes() == (tmp_path / "out1.jsonl").read_bytes()


def test_interrupted_run_leaves_no_output_and_resume_completes_it(tmp_path: Path) -> None:
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_corpus(inp, 40)
    seen = []

    def interrupt_after_three_chunks(size: int) -> None:
        seen.append(size)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_corpus(str(inp), out, Config(), chunk_bytes=1, progress=interrupt_after_three_chunks)
    assert not out.exists()
    partial = tmp_path / "out.jsonl.partial"
    assert len(partial.read_text(encoding="utf-8").splitlines()) == 3  # a 1-byte unit holds one line
    with partial.open("ab") as fh:  # a crash mid-write leaves a torn last line
        fh.write(b'{"id": 99, "te')
    summary = run_corpus(str(inp), out, Config(), chunk_bytes=10_000, resume=True)
    assert summary.skipped == 3 and summary.documents == 42
    run_corpus(str(inp), tmp_path / "full.jsonl", Config(), chunk_bytes=10_000)
    assert out.read_bytes() == (tmp_path / "full.jsonl").read_bytes()


def test_parquet_in_and_out(tmp_path: Path) -> None:
    import pyarrow.parquet as pq
    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({"doc": [1, 2, 3], "body": [TEXTS[0], None, TEXTS[2]]}), src)
    out = tmp_path / "out.parquet"
    summary = run_corpus(str(src), out, Config(), Fields(text="body"), chunk_bytes=1)
    table = pq.read_table(out)
    assert table.column("doc").to_pylist() == [1, 2, 3]
    assert table.column("clean_text").to_pylist() == [zhclean.clean(TEXTS[0]).text, None, zhclean.clean(TEXTS[2]).text]
    assert summary.errors == 1
    # JSONL in, Parquet out, with a field whose type varies between records.
    inp = tmp_path / "in.jsonl"
    write_corpus(inp, 6)
    run_corpus(str(inp), tmp_path / "mixed.parquet", Config(), chunk_bytes=1)
    mixed = pq.read_table(tmp_path / "mixed.parquet")
    assert mixed.num_rows == 11 and mixed.schema.field("id").type == pa.string()
    # A unit whose first record is not JSON, and fields that only later records have.
    inp.write_text('not json\n{"text": "甲", "n": 1}\n{"text": "乙", "n": "二", "tag": {"k": [1]}}\n', encoding="utf-8")
    run_corpus(str(inp), tmp_path / "late.parquet", Config())
    late = pq.read_table(tmp_path / "late.parquet").to_pylist()
    assert [r["text"] for r in late] == [None, "甲", "乙"] and late[0]["clean_error"].startswith("invalid JSON")
    assert [r["n"] for r in late] == [None, "1", "二"]  # a number here, text there: a text column
    assert late[2]["tag"] == {"k": [1]}


def test_learn_templates_from_the_command_line(tmp_path: Path, capsys) -> None:
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    footer = "本站由龙泉驿融媒体中心主办 技术维护:某某"
    with inp.open("w", encoding="utf-8") as fh:
        for i in range(12):
            fh.write(json.dumps({"site": "lqy", "text": f"{TEXTS[i % 3]}\n{footer}"}, ensure_ascii=False) + "\n")
    saved = tmp_path / "t.json"
    assert cli.main(["batch", str(inp), "-o", str(out), "--learn-templates", "--save-templates", str(saved),
                     "-j", "2", "--chunk-bytes", "20K"]) == 0
    assert all(footer not in r["clean_text"] for r in rows(out))
    assert "learned" in capsys.readouterr().err
    assert cli.main(["batch", str(inp), "-o", str(tmp_path / "again.jsonl"), "--templates", str(saved)]) == 0
    assert (tmp_path / "again.jsonl").read_bytes() == out.read_bytes()


def test_usage_errors_exit_two(tmp_path: Path, capsys) -> None:
    inp = tmp_path / "in.jsonl"
    write_corpus(inp, 2)
    assert cli.main(["batch", str(inp)]) == 2  # no -o
    assert cli.main(["batch", str(inp), "-o", str(tmp_path / "x.csv")]) == 2
    assert cli.main(["batch", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o.jsonl")]) == 2
    assert cli.main(["batch", str(inp), "-o", str(inp)]) == 2
    err = capsys.readouterr().err
    assert "unknown corpus format" in err and "missing.jsonl" in err and "overwrite the input" in err
    assert "Traceback" not in err


def test_every_config_option_is_a_batch_flag() -> None:
    from zhclean.cli_batch import build_parser

    text = build_parser().format_help()
    for name, *_ in Config.options():
        assert "--" + name.replace("_", "-") in text


def test_site_of_and_format_of() -> None:
    assert site_of({"host": "a.cn"}, None) == "a.cn"
    assert site_of({"url": "https://www.b.cn/x"}, None) == "www.b.cn"
    assert site_of({"s": 3}, "s") == "3"
    assert site_of({}, None) is None
    assert format_of("x.jsonl.gz") == "jsonl" and format_of("x.parquet") == "parquet"


def test_batch_through_a_subprocess_with_stdin(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(zhclean.__file__).resolve().parents[1]))
    out = tmp_path / "o.jsonl"
    data = (json.dumps({"text": TEXTS[2]}, ensure_ascii=False) + "\n").encode()
    proc = subprocess.run([sys.executable, "-m", "zhclean", "batch", "-", "-o", str(out), "--no-progress"],
                          input=data, capture_output=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert rows(out)[0]["clean_text"] == zhclean.clean(TEXTS[2]).text
    assert b"1 documents" in proc.stderr


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([b"", b" ", b"{}", b'{"text": "\xe6\xad\xa3"}', b"x" * 40, b"[1]"]), max_size=12),
       st.integers(1, 90), st.integers(0, 4), st.booleans(), st.integers(1, 3))
def test_jsonl_units_are_whole_lines_and_skip_counts_records(
        lines: list[bytes], chunk_bytes: int, skip: int, final_newline: bool, jobs: int) -> None:
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    records = [line for line in data.split(b"\n") if line.strip()]
    for name in ("in.jsonl", "in.jsonl.gz"):  # units are file slices, or blocks of bytes for .gz
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
            units = list(read_chunks(str(path), chunk_bytes, skip=skip, jobs=jobs))
            blocks = [u.read() if isinstance(u, FileSlice) else u for u, _ in units]
        assert sum(size for _, size in units) == len(data)  # the progress bar reaches the file size
        passed = 0
        if skip:  # the records passed over come first, as a unit that only advances the progress bar
            assert blocks[0] == b""
            passed = units[0][1]
            assert len([line for line in data[:passed].split(b"\n") if line.strip()]) == min(skip, len(records))
            blocks = blocks[1:]
        assert b"".join(blocks) == data[passed:]
        for block in blocks[:-1]:
            assert block.endswith(b"\n")  # a record is never split between units
        assert [line for b in blocks for line in b.split(b"\n") if line.strip()] == records[skip:]


def test_chunk_bytes_sizes() -> None:
    from zhclean.cli_batch import byte_size

    assert [byte_size(v) for v in ("4096", "512K", "2M", "1.5m", "1MiB", "1G")] == \
        [4096, 512 << 10, 2 << 20, 3 << 19, 1 << 20, 1 << 30]
    for bad in ("", "M", "two", "0"):
        with pytest.raises(argparse.ArgumentTypeError):
            byte_size(bad)


def test_parquet_output_interrupted_resumed_and_joined_across_types(tmp_path: Path, monkeypatch) -> None:
    import pyarrow.parquet as pq

    from zhclean.corpus import _ParquetOutput

    inp = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": i if i < 6 else f"s{i}", "text": TEXTS[i % 5]}, ensure_ascii=False) for i in range(10)]
    inp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    full = tmp_path / "full.parquet"
    run_corpus(str(inp), full, Config(), chunk_bytes=1)
    expected = pq.read_table(full)
    assert expected.num_rows == 10 and expected.schema.field("id").type == pa.string()
    assert expected.column("id").to_pylist() == [str(i) for i in range(6)] + [f"s{i}" for i in range(6, 10)]
    # One row group per unit: the string ids of later units cannot go into the first part's
    # int64 column, so a second part is opened and the commit joins both under one schema.
    monkeypatch.setattr(_ParquetOutput, "ROW_GROUP_BYTES", 1)
    out = tmp_path / "out.parquet"
    seen = []

    def interrupt_after_four_units(size: int) -> None:
        seen.append(size)
        if len(seen) == 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_corpus(str(inp), out, Config(), chunk_bytes=1, progress=interrupt_after_four_units)
    partial = tmp_path / "out.parquet.partial"
    assert not out.exists() and [p.name for p in partial.iterdir()] == ["part-00000000.parquet"]
    (partial / "part-00000001.parquet.tmp").write_bytes(b"PAR1 torn by a crash")
    summary = run_corpus(str(inp), out, Config(), chunk_bytes=1, resume=True)
    assert summary.skipped == 4 and summary.documents == 6
    assert pq.read_table(out).equals(expected) and not partial.exists()


def test_jobs_two_gives_the_same_parquet_as_one(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    src = tmp_path / "in.parquet"
    texts = [TEXTS[i % 5] for i in range(12)]
    pq.write_table(pa.table({"k": list(range(12)), "body": texts, "site": ["a.cn"] * 12}), src, row_group_size=5)
    outs = []
    for jobs in (1, 2):
        outs.append(tmp_path / f"out{jobs}.parquet")
        run_corpus(str(src), outs[-1], Config(), Fields(text="body"), jobs=jobs, chunk_bytes=20_000)
        outs.append(tmp_path / f"out{jobs}.jsonl")
        run_corpus(str(src), outs[-1], Config(), Fields(text="body"), jobs=jobs, chunk_bytes=20_000)
    one, two = pq.read_table(outs[0]), pq.read_table(outs[2])
    assert one.equals(two) and one.column_names[:3] == ["k", "body", "site"]
    assert one.column("clean_text").to_pylist() == [zhclean.clean(t).text for t in texts]
    assert outs[1].read_bytes() == outs[3].read_bytes()
    assert [r["k"] for r in rows(outs[3])] == list(range(12))
