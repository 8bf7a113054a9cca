"""zhclean batch: JSONL/Parquet corpora, order kept across jobs, bad records, interruption, resume."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import zhclean
from zhclean import cli
from zhclean.config import Config
from zhclean.corpus import Fields, format_of, run_corpus, site_of

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


def test_jobs_two_gives_the_same_output_as_one(tmp_path: Path) -> None:
    inp = tmp_path / "in.jsonl"
    write_corpus(inp, 40)
    for jobs in ("1", "2"):
        cli.main(["batch", str(inp), "-o", str(tmp_path / f"out{jobs}.jsonl"), "-j", jobs, "--chunk-bytes", "10K"])
    assert (tmp_path / "out1.jsonl").read_bytes() == (tmp_path / "out2.jsonl").read_bytes()


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
    import pyarrow as pa
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


def test_learn_templates_from_the_command_line(tmp_path: Path, capsys) -> None:
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    footer = "本站由龙泉驿融媒体中心主办 技术维护:某某"
    with inp.open("w", encoding="utf-8") as fh:
        for i in range(12):
            fh.write(json.dumps({"site": "lqy", "text": f"{TEXTS[i % 3]}\n{footer}"}, ensure_ascii=False) + "\n")
    saved = tmp_path / "t.json"
    assert cli.main(["batch", str(inp), "-o", str(out), "--learn-templates", "--save-templates", str(saved)]) == 0
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
