"""Tests for the ``zhclean`` command line: in-process through `cli.main`, and a few real processes."""

from __future__ import annotations

import argparse
import dataclasses
import io as pyio
import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
import typing
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zhclean
from zhclean import Config, cli

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
SRC = str(Path(zhclean.__file__).resolve().parent.parent)

DIRTY = "第一段。&nbsp;\r\n\r\n\r\n\r\n第二段\u200b。   \r\n".encode()
DIRTY_CLEAN = zhclean.clean(DIRTY).text + "\n"


class _Terminal(pyio.TextIOWrapper):
    def isatty(self) -> bool:
        return True


@dataclasses.dataclass
class Result:
    code: int
    out: bytes
    err: str

    @property
    def text(self) -> str:
        return self.out.decode("utf-8")

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


def run(*argv: str | Path, stdin: bytes | None = b"", tty: bool = False) -> Result:
    """Run `cli.main` in this process with its own stdin/stdout/stderr (no fixtures, so hypothesis works)."""
    out, err = pyio.BytesIO(), pyio.StringIO()
    stdout = pyio.TextIOWrapper(out, encoding="utf-8")
    stdin_stream = (_Terminal if tty else pyio.TextIOWrapper)(pyio.BytesIO(stdin or b""), encoding="utf-8")
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = stdin_stream, stdout, err
    try:
        code = cli.main([str(a) for a in argv])
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
        stdout.flush()
        stdout.detach()
    return Result(code, out.getvalue(), err.getvalue())


def spawn(
    *argv: str | Path, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m zhclean`` as a real process."""
    environ = {**os.environ, "PYTHONPATH": SRC, **(env or {})}
    environ.pop("ZHCLEAN_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "zhclean", *map(str, argv)],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=environ,
        timeout=120,
    )


def clean_text(data: bytes, **options: Any) -> str:
    text = zhclean.clean(data, **options).text
    return text + "\n" if text and not text.endswith("\n") else text


@pytest.fixture
def dirty(tmp_path: Path) -> Path:
    path = tmp_path / "dirty.txt"
    path.write_bytes(DIRTY)
    return path


# --- real processes: the "done when" checks ------------------------------------------------------


def test_seeds_print_clean_text_for_all_five_utf8_whatever_the_locale() -> None:
    assert len(SEEDS) == 5
    proc = spawn(*SEEDS, env={"PYTHONIOENCODING": "ascii", "LC_ALL": "C"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    expected = "".join(clean_text(p.read_bytes()) for p in SEEDS)
    assert proc.stdout.decode("utf-8") == expected
    assert "京津冀协同发展" in expected


def test_missing_file_one_error_line_other_file_cleaned_exit_1() -> None:
    seed = next(p for p in SEEDS if p.name.startswith("000"))
    proc = spawn("missing.txt", seed)
    assert proc.returncode == 1
    assert proc.stderr.decode().splitlines() == ["zhclean: missing.txt: No such file or directory"]
    assert proc.stdout.decode() == clean_text(seed.read_bytes())


def test_json_from_stdin_is_a_document_with_changes() -> None:
    proc = spawn("--format", "json", stdin=DIRTY)
    assert proc.returncode == 0, proc.stderr
    obj = json.loads(proc.stdout)
    assert obj["path"] == "-"
    assert obj["text"] == zhclean.clean(DIRTY).text
    assert obj["encoding"]["name"] == "utf-8"
    assert obj["changes"] and {"step", "kind", "before", "after", "start", "end", "reason"} <= set(obj["changes"][0])
    assert obj["changes"] == zhclean.clean(DIRTY).to_dict()["changes"]


def test_binary_file_gets_one_clear_line(tmp_path: Path) -> None:
    png = tmp_path / "logo.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00")
    proc = spawn(png)
    assert proc.returncode == 1
    (line,) = proc.stderr.decode().splitlines()
    assert line.startswith(f"zhclean: {png}: ") and len(line) > len(f"zhclean: {png}: ") + 5
    assert "internal error" not in line and "Traceback" not in line
    assert proc.stdout == b""


def test_usage_error_exits_2_and_version_exits_0() -> None:
    proc = spawn("--format", "xml", "a.txt")
    assert proc.returncode == 2
    assert b"invalid choice: 'xml'" in proc.stderr and b"Traceback" not in proc.stderr
    proc = spawn("--version")
    assert (proc.returncode, proc.stdout.decode().strip()) == (0, f"zhclean {zhclean.__version__}")


def test_closed_stdout_pipe_is_quiet(tmp_path: Path) -> None:
    for i in range(20):  # 20 documents of 350 kB: far more than a pipe buffer, written one by one
        (tmp_path / f"{i:02}.txt").write_bytes(SEEDS[1].read_bytes() * 20)
    environ = {**os.environ, "PYTHONPATH": SRC}
    proc = subprocess.Popen(
        [sys.executable, "-m", "zhclean", str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 141
    assert err == b""


# --- inputs ----------------------------------------------------------------------------------------


def test_several_files_concatenate_like_cat(tmp_path: Path, dirty: Path) -> None:
    seed = SEEDS[0]
    both = run(seed, dirty)
    assert both.code == 0
    assert both.out == run(seed).out + run(dirty).out
    assert both.text == clean_text(seed.read_bytes()) + DIRTY_CLEAN


def test_stdin_by_dash_and_by_default_when_piped() -> None:
    gbk = "中华人民共和国成立了。\n".encode("gbk") * 3
    assert run("-", stdin=gbk).text == clean_text(gbk)
    assert run(stdin=gbk).text == clean_text(gbk)


def test_no_input_on_a_terminal_is_a_usage_error() -> None:
    result = run(tty=True)
    assert result.code == 2
    assert "no input" in result.err


def test_stdin_twice_is_a_usage_error() -> None:
    assert run("-", "-").code == 2


def test_folder_recursion_with_glob(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_bytes("甲\n".encode())
    (tmp_path / "sub" / "b.htm").write_bytes("乙\n".encode())
    (tmp_path / "sub" / ".c.txt").write_bytes("丙\n".encode())
    assert run(tmp_path).text == "甲\n"
    assert run(tmp_path, "-g", "*.htm", "--glob", "*.txt").text == "甲\n乙\n"
    assert run(tmp_path, "--hidden").text == "甲\n丙\n"


def test_folder_without_matches_fails_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("x")
    result = run(tmp_path)
    assert result.code == 1
    assert result.err_lines == [f"zhclean: {tmp_path}: no files matching '*.txt' in this folder"]


def test_binary_file_gets_one_clear_line_and_the_rest_is_cleaned(tmp_path: Path, dirty: Path) -> None:
    png = tmp_path / "image.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4 + b"\x00" * 200)
    result = run(png, dirty)
    assert result.code == 1
    (line,) = result.err_lines
    assert line.startswith(f"zhclean: {png}: ")
    assert "internal error" not in line
    assert result.text == DIRTY_CLEAN


def test_empty_file_is_not_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    for fmt in ("text", "markdown"):
        result = run("--format", fmt, empty)
        assert (result.code, result.out, result.err) == (0, b"", "")
    assert json.loads(run("--format", "json", empty).out)["text"] == ""


def test_a_10_mb_line_works(tmp_path: Path) -> None:
    line = ("京津冀协同发展,“通武廊”一体化高质量发展走深走实。" * 400_000).encode()[:10_000_000]
    line = line.decode("utf-8", "ignore").encode()
    big = tmp_path / "big.txt"
    big.write_bytes(line)
    result = run(big)
    assert (result.code, result.err) == (0, "")
    assert result.out == line + b"\n"


def test_unreadable_file_one_line(tmp_path: Path, dirty: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = cli.zio.read_input

    def read(item: Any) -> bytes:
        if item.name.endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", item.name)
        return real(item)

    monkeypatch.setattr(cli.zio, "read_input", read)
    result = run(tmp_path / "locked.txt", dirty)
    assert result.code == 1
    assert result.err_lines == [f"zhclean: {tmp_path / 'locked.txt'}: Permission denied"]
    assert result.text == DIRTY_CLEAN


def test_a_folder_named_directly_without_matches_and_a_missing_file(tmp_path: Path) -> None:
    result = run(tmp_path / "nope.txt", tmp_path)
    assert result.code == 1
    assert len(result.err_lines) == 2
    assert result.err_lines[0] == f"zhclean: {tmp_path / 'nope.txt'}: No such file or directory"


# --- errors that are not the user's --------------------------------------------------------------


def test_internal_error_is_one_line_and_others_go_on(dirty: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = zhclean.Cleaner.clean

    def broken(self: zhclean.Cleaner, source: str | bytes) -> zhclean.Document:
        if b"boom" in source:  # type: ignore[operator]
            raise RuntimeError("something\nunexpected")
        return real(self, source)

    boom = dirty.parent / "boom.txt"
    boom.write_bytes(b"boom")
    monkeypatch.setattr(zhclean.Cleaner, "clean", broken)
    monkeypatch.delenv("ZHCLEAN_DEBUG", raising=False)
    result = run(boom, dirty)
    assert result.code == 1
    assert result.err_lines == [
        f"zhclean: {boom}: internal error: RuntimeError: something unexpected (ZHCLEAN_DEBUG=1 shows the traceback)"
    ]
    assert result.text == DIRTY_CLEAN
    monkeypatch.setenv("ZHCLEAN_DEBUG", "1")
    with pytest.raises(RuntimeError):
        run(boom, dirty)


def test_ctrl_c_exits_130_and_leaves_no_output_file(
    tmp_path: Path, dirty: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(self: zhclean.Cleaner, source: str | bytes) -> zhclean.Document:
        raise KeyboardInterrupt

    monkeypatch.setattr(zhclean.Cleaner, "clean", interrupted)
    out = tmp_path / "out"
    out.mkdir()
    result = run(dirty, "-o", out / "x.txt")
    assert (result.code, result.err) == (130, "")
    assert os.listdir(out) == []
    result = run(dirty, dirty.parent / "other.txt", "--format", "jsonl", "-o", out / "all.jsonl")
    assert result.code == 130
    assert os.listdir(out) == []


# --- formats ----------------------------------------------------------------------------------------


def test_json_is_an_object_for_one_input_and_an_array_for_several(tmp_path: Path, dirty: Path) -> None:
    one = json.loads(run("--format", "json", dirty).out)
    assert isinstance(one, dict) and one["path"] == str(dirty)
    assert list(one) == ["path", "text", "sections", "meta", "changes", "encoding"]
    several = json.loads(run("-f", "json", dirty, SEEDS[0]).out)
    assert [d["path"] for d in several] == [str(dirty), str(SEEDS[0])]
    assert several[0] == one
    folder = json.loads(run("-f", "json", tmp_path).out)  # a folder may hold one file: still an array
    assert isinstance(folder, list) and len(folder) == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    assert json.loads(run("-f", "json", empty).out) == []


def test_jsonl_is_one_object_per_line(dirty: Path) -> None:
    result = run("--format", "jsonl", dirty, *SEEDS)
    lines = result.text.splitlines()
    assert len(lines) == 6
    objs = [json.loads(line) for line in lines]
    assert [o["path"] for o in objs] == [str(dirty), *map(str, SEEDS)]
    assert objs[1]["text"] == zhclean.clean(SEEDS[0].read_bytes()).text


def test_jsonl_escapes_line_separators_in_text() -> None:
    data = "甲\u2028乙\x85丙\u2029丁".encode()
    expected = zhclean.clean(data, normalize=False).text
    assert "\u2028" in expected and "\u2029" in expected and "\x85" in expected
    result = run("--format", "jsonl", "--no-normalize", stdin=data)
    (line,) = result.out.split(b"\n")[:-1]
    assert "\u2028" not in result.text and "\u2029" not in result.text and "\x85" not in result.text
    assert json.loads(line)["text"] == expected


def test_markdown(dirty: Path) -> None:
    assert run("--format", "markdown", dirty).text == zhclean.clean(DIRTY).to_markdown()


# --- -o FILE / -o DIR / --in-place -------------------------------------------------------------------


def test_output_file(tmp_path: Path, dirty: Path) -> None:
    out = tmp_path / "res" / "clean.txt"
    result = run(dirty, "-o", out)
    assert (result.code, result.out, result.err) == (0, b"", "")
    assert out.read_text("utf-8") == DIRTY_CLEAN
    assert sorted(os.listdir(out.parent)) == ["clean.txt"]


def test_output_file_is_not_replaced_when_the_input_fails(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("previous")
    result = run(tmp_path / "missing.txt", "-o", out)
    assert result.code == 1
    assert out.read_text() == "previous"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_output_file_equal_to_an_input_is_refused(dirty: Path) -> None:
    result = run(dirty, "-o", dirty)
    assert result.code == 2
    assert "refusing to overwrite" in result.err
    assert dirty.read_bytes() == DIRTY


def test_output_file_with_several_inputs_needs_jsonl_or_a_folder(tmp_path: Path, dirty: Path) -> None:
    existing = tmp_path / "existing.txt"
    existing.write_text("keep")
    result = run(dirty, SEEDS[0], "-o", existing)
    assert result.code == 2
    assert "--format jsonl" in result.err
    assert existing.read_text() == "keep"
    result = run(dirty, *SEEDS, "--format", "jsonl", "-o", tmp_path / "all.jsonl")
    assert result.code == 0
    lines = (tmp_path / "all.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(x)["path"] for x in lines] == [str(dirty), *map(str, SEEDS)]


def test_output_dir_mirrors_the_tree(tmp_path: Path) -> None:
    src = tmp_path / "corpus"
    for rel in ("a.txt", "news/2024/b.txt", "news/c.txt", ".hidden/d.txt", "skip.html"):
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_bytes(DIRTY)
    out = tmp_path / "clean"
    result = run(src, "-o", out, "--format", "markdown")
    assert (result.code, result.out, result.err) == (0, b"", "")
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == ["a.md", "news/2024/b.md", "news/c.md"]
    assert (out / "news" / "c.md").read_text("utf-8") == zhclean.clean(DIRTY).to_markdown()
    # Into the same folder again, in another format; a lone file named directly goes to the top.
    assert run(src, SEEDS[0], "-o", out, "-f", "json", "--no-fsync").code == 0
    assert json.loads((out / "news/2024/b.json").read_text("utf-8"))["path"] == f"{src}/news/2024/b.txt"
    assert (out / (SEEDS[0].stem + ".json")).exists()
    assert not [p for p in out.rglob(".*")]  # no temp files left


def test_output_dir_inside_the_input_folder_is_not_read_back(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(DIRTY)
    assert run(tmp_path, "-o", tmp_path / "out").code == 0
    assert run(tmp_path, "-o", tmp_path / "out").code == 0
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.txt")) == ["a.txt", "out/a.txt"]


def test_output_dir_for_one_file_when_it_exists_or_ends_with_a_slash(tmp_path: Path, dirty: Path) -> None:
    assert run(dirty, "-o", f"{tmp_path}/new/").code == 0
    assert (tmp_path / "new" / "dirty.txt").read_text("utf-8") == DIRTY_CLEAN
    assert run("-", "-o", tmp_path / "new", stdin=DIRTY).code == 0
    assert (tmp_path / "new" / "stdin.txt").read_text("utf-8") == DIRTY_CLEAN


def test_output_dir_collisions_and_inputs_are_never_overwritten(tmp_path: Path) -> None:
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "x.txt").write_bytes(DIRTY)
    out = tmp_path / "out"
    result = run(tmp_path / "a", tmp_path / "b", "-o", out)
    assert result.code == 1
    assert result.err_lines == [
        f"zhclean: {tmp_path}/b/x.txt: its output {out}/x.txt was already written for {tmp_path}/a/x.txt"
    ]
    (tmp_path / "a" / "y.txt").write_bytes(DIRTY)
    result = run(tmp_path / "a", "-o", tmp_path / "a")
    assert result.code == 2
    assert result.err_lines[-1] == (
        f"zhclean: error: -o {tmp_path}/a: the output would overwrite the input {tmp_path}/a/x.txt and 1 more; "
        "choose another folder, or use --in-place to rewrite the inputs"
    )
    assert (tmp_path / "a" / "x.txt").read_bytes() == DIRTY
    assert run(tmp_path / "a", "-o", tmp_path / "a", "-f", "json").code == 0  # x.json next to x.txt is fine
    assert json.loads((tmp_path / "a" / "x.json").read_text("utf-8"))["text"] == DIRTY_CLEAN.rstrip("\n")


def test_in_place(tmp_path: Path, dirty: Path) -> None:
    dirty.chmod(0o640)
    clean = tmp_path / "clean.txt"
    clean.write_text("干净的文本。\n", "utf-8")
    os.utime(clean, (1_000_000, 1_000_000))
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("中华人民共和国成立了。\n".encode("gbk") * 3)
    result = run("--in-place", tmp_path)
    assert (result.code, result.out, result.err) == (0, b"", "")
    assert dirty.read_text("utf-8") == DIRTY_CLEAN
    assert stat.S_IMODE(dirty.stat().st_mode) == 0o640
    assert clean.stat().st_mtime == 1_000_000  # unchanged: not touched
    assert gbk.read_text("utf-8") == clean_text("中华人民共和国成立了。\n".encode("gbk") * 3)  # now UTF-8
    assert "中华人民共和国" in gbk.read_text("utf-8")
    assert sorted(os.listdir(tmp_path)) == ["clean.txt", "dirty.txt", "gbk.txt"]


@pytest.mark.parametrize("extra", [["-o", "x"], ["-"], ["--format", "json"]])
def test_in_place_usage_errors(dirty: Path, extra: list[str]) -> None:
    result = run("--in-place", dirty, *extra)
    assert result.code == 2
    assert "--in-place" in result.err
    assert dirty.read_bytes() == DIRTY


# --- Config flags --------------------------------------------------------------------------------------


SAMPLE_STRINGS = {"convert_config": "s2t"}
"""Valid values for string options whose values are checked (a codec name suits the others)."""


def _other_value(hint: Any, default: Any, name: str = "") -> tuple[list[str], Any]:
    """Command-line words that set an option to a non-default value, and that value."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) is not Literal and type(None) in args:  # X | None
        if default is not None:
            return (["none"], None)
        (base,) = [a for a in args if a is not type(None)]
        zero = {int: 0, float: 0.0, str: ""}.get(base, typing.get_args(base)[0] if typing.get_args(base) else "")
        return _other_value(base, zero, name)
    if hint is bool:
        return ([], not default)
    if typing.get_origin(hint) is Literal:
        value = next(a for a in args if a != default)
        return ([str(value)], value)
    if hint is int:
        return ([str(default + 1)], default + 1)
    if hint is float:
        return ([str(default + 0.5)], default + 0.5)
    if typing.get_origin(hint) in (tuple, list):
        return (["gb18030"], typing.get_origin(hint)(["gb18030"]))
    value = SAMPLE_STRINGS.get(name, "gb18030")  # a plausible value for any string option (a codec name)
    return ([value], value)


@pytest.mark.parametrize(("name", "hint", "default", "help_text"), Config.options(), ids=lambda v: str(v)[:20])
def test_every_config_option_has_a_working_flag(name: str, hint: Any, default: Any, help_text: str) -> None:
    parser = cli.build_parser()
    flag = "--" + name.replace("_", "-")
    assert flag in parser._option_string_actions, f"Config.{name} has no flag {flag}"
    words, value = _other_value(hint, default, name)
    words = [flag if value else "--no-" + flag[2:]] if hint is bool else [flag, *words]
    config = cli.config_from_args(parser.parse_args([*words, "a.txt"]))
    assert getattr(config, name) == value
    assert cli.config_from_args(parser.parse_args(["a.txt"])) == Config()
    assert help_text and help_text.split("(")[0].strip()[:30] in " ".join(parser.format_help().split())


def test_literal_options_offer_their_choices() -> None:
    actions = cli.build_parser()._option_string_actions
    for name, hint, _, _ in Config.options():
        if typing.get_origin(hint) is Literal:
            assert list(actions["--" + name.replace("_", "-")].choices) == list(typing.get_args(hint))


def test_options_added_to_config_later_get_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    extra = [
        ("target", Literal["hans", "hant", "tw"] | None, "hans", "Script to convert to."),
        ("strip_boilerplate", bool, True, "Remove site furniture (100% safe)."),
        ("min_chars", int, 3, "Shortest paragraph."),
        ("threshold", float, 0.5, "A score."),
        ("site_patterns", tuple[str, ...], (), "Extra patterns."),
        ("lexicon", str | None, None, "A lexicon file."),
    ]
    monkeypatch.setattr(Config, "options", classmethod(lambda cls: extra))
    parser = cli.build_parser()
    ns = parser.parse_args(
        [
            *("--target", "none", "--no-strip-boilerplate", "--min-chars", "7", "--threshold", "0.25"),
            *("--site-patterns", "a", "--site-patterns", "b", "--lexicon", "x.tsv"),
        ]
    )
    got = {k[len("cfg_") :]: v for k, v in vars(ns).items() if k.startswith("cfg_")}
    assert got == {
        "target": None,
        "strip_boilerplate": False,
        "min_chars": 7,
        "threshold": 0.25,
        "site_patterns": ("a", "b"),
        "lexicon": "x.tsv",
    }
    assert parser.parse_args(["--target", "tw"]).cfg_target == "tw"
    assert "100% safe" in parser.format_help()
    with pytest.raises(SystemExit):
        parser.parse_args(["--target", "klingon"])


def test_flags_change_behaviour(tmp_path: Path) -> None:
    data = "甲\r\n\r\n\r\n乙  \r\n丙\u3000\u3000丁&amp;\r\n".encode()
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    # Layout options show only with the structure step off (it joins article lines with one \n).
    flat: tuple[list[str], dict[str, Any]] = (["--no-structure"], {"structure": False})
    variants: list[tuple[list[str], dict[str, Any]]] = [
        ([*flat[0]], {**flat[1]}),
        ([*flat[0], "--max-blank-lines", "0"], {**flat[1], "max_blank_lines": 0}),
        ([*flat[0], "--max-blank-lines", "2"], {**flat[1], "max_blank_lines": 2}),
        ([*flat[0], "--no-normalize"], {**flat[1], "normalize": False}),
        ([*flat[0], "--no-strip-trailing-space"], {**flat[1], "strip_trailing_space": False}),
        ([*flat[0], "--no-html-entities"], {**flat[1], "html_entities": False}),
        ([*flat[0], "--ideographic-space", "remove"], {**flat[1], "ideographic_space": "remove"}),
        ([], {}),
    ]
    outputs = []
    for argv, options in variants:
        result = run(path, *argv)
        assert result.code == 0, result.err
        assert result.text == clean_text(data, **options), argv
        outputs.append(result.out)
    assert len(set(outputs)) >= 4  # the flags really change the output
    assert b"\r\n" not in outputs[0] and b"\r\n" in outputs[3]  # --no-normalize keeps CRLF


def test_encoding_flag_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "big5.txt"
    path.write_bytes("臺灣的中文字。\n".encode("big5"))
    assert run(path, "--encoding", "big5").text == "臺灣的中文字。\n"
    doc = json.loads(run(path, "--encoding", "big5", "-f", "json").out)
    assert doc["encoding"]["name"] == "big5"
    result = run(path, "--encoding", "no-such-codec")
    assert result.code == 1
    assert result.err_lines == [f"zhclean: {path}: unknown encoding 'no-such-codec'"]


@pytest.mark.parametrize(
    "argv",
    [
        ["--max-blank-lines", "-1", "a"],
        ["--max-blank-lines", "two", "a"],
        ["--unicode-form", "NFD", "a"],
        ["--no-such-flag", "a"],
        ["--max-blank", "1", "a"],  # no abbreviations: they would break as options are added
        ["--report-limit", "-3", "a"],
    ],
)
def test_usage_errors_exit_2(argv: list[str]) -> None:
    result = run(*argv)
    assert result.code == 2
    assert result.err_lines[-1].startswith("zhclean: error: ")
    assert result.out == b""


def test_options_may_follow_paths_and_double_dash_ends_options(
    tmp_path: Path, dirty: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(dirty, "--max-blank-lines", "0", "-f", "text").code == 0
    odd = tmp_path / "-odd.txt"
    odd.write_bytes(DIRTY)
    monkeypatch.chdir(tmp_path)
    result = run("--format", "jsonl", "--", "-odd.txt", "dirty.txt")
    assert result.code == 0, result.err
    assert [json.loads(x)["path"] for x in result.text.splitlines()] == ["-odd.txt", "dirty.txt"]
    assert run("-o", "-", "dirty.txt").text == DIRTY_CLEAN  # -o - is stdout


def test_help_has_examples_and_every_flag() -> None:
    result = run("--help")
    assert result.code == 0
    text = result.text
    assert "examples:" in text and "exit status:" in text
    for name, *_ in Config.options():
        assert "--" + name.replace("_", "-") in text


# --- --report ----------------------------------------------------------------------------------


def test_report_counts_and_lists_changes(dirty: Path) -> None:
    doc = zhclean.clean(DIRTY)
    assert doc.changes
    result = run("--report", dirty)
    assert result.text == DIRTY_CLEAN
    lines = result.err_lines
    assert lines[0] == f"{dirty}: {len(doc.changes)} changes, decoded as utf-8 (confidence 1.00)"
    counts = lines[1 : 1 + len(doc.summary())]
    assert {tuple(line.split()) for line in counts} == {(str(n), k) for k, n in doc.summary().items()}
    listed = lines[1 + len(doc.summary()) :]
    assert len(listed) == len(doc.changes)
    c = doc.changes[0]
    assert listed[0] == f"  {c.step} {c.kind} {c.start} {c.before!r} -> {c.after!r} ({c.reason})"


def test_report_limit_and_totals(dirty: Path) -> None:
    n = len(zhclean.clean(DIRTY).changes)
    assert n > 2
    lines = run("--report", "--report-limit", "2", dirty).err_lines
    assert lines[-1] == f"  ... and {n - 2} more (--report-limit 0 lists all)"
    lines = run("--report", "--report-limit", "0", dirty, dirty.parent / "missing.txt").err_lines
    assert len([x for x in lines if re.match(r"  [a-z_]+ \S+ \d+ '", x)]) == n
    assert lines[-1] == f"zhclean: 2 inputs: 1 cleaned, 1 failed; {n} changes"


def test_report_clips_long_spans() -> None:
    assert cli._clip("短") == "'短'"
    clipped = cli._clip("长" * 100)
    assert clipped.endswith("...[100 chars]") and len(clipped) < 50


# --- subcommands ------------------------------------------------------------------------------


def test_subcommands_dispatch_on_the_first_argument(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    monkeypatch.setattr(cli, "COMMANDS", {})
    cli.register("batch", lambda argv: seen.append(argv) or 0, "clean a JSONL corpus")
    assert run("batch", "in.jsonl", "-o", "out.jsonl").code == 0
    assert seen == [["in.jsonl", "-o", "out.jsonl"]]
    help_text = run("--help").text
    assert "zhclean COMMAND [ARGS]..." in help_text
    assert "  batch  clean a JSONL corpus" in help_text
    result = run("--", "batch")  # a file named like a subcommand
    assert result.code == 1
    assert result.err_lines == ["zhclean: batch: No such file or directory"]


def test_parser_pieces_are_reusable_by_subcommands() -> None:
    parser = argparse.ArgumentParser(prog="zhclean batch")
    cli.add_config_options(parser)
    args = parser.parse_args(["--max-blank-lines", "0"])
    assert cli.config_from_args(args) == Config(max_blank_lines=0)


# --- properties ---------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=200).map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_any_bytes_on_stdin_give_output_or_one_clear_line(data: bytes) -> None:
    result = run("-f", "jsonl", stdin=data)
    assert result.code in (0, 1)
    if result.code == 0:
        assert result.err == ""
        obj = json.loads(result.out)
        assert obj["text"] == zhclean.clean(data).text
    else:
        (line,) = result.err_lines
        assert line.startswith("zhclean: <stdin>: ") and "internal error" not in line
        assert result.out == b""
        with pytest.raises(zhclean.ZhcleanError):
            zhclean.clean(data)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="甲乙 \t\r\n\u3000\u00a0&nbsp;。,", max_size=60))
def test_text_output_is_clean_text_plus_final_newline_and_idempotent(text: str) -> None:
    first = run(stdin=text.encode())
    assert first.code == 0
    assert first.text == clean_text(text.encode())
    assert run(stdin=first.out).out == first.out


def test_output_to_dev_null_keeps_the_device(dirty: Path) -> None:
    result = run(dirty, "-o", os.devnull)
    assert (result.code, result.out, result.err) == (0, b"", "")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_disk_full_on_the_output_file_commits_nothing(
    tmp_path: Path, dirty: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "all.jsonl").write_text("previous\n")
    real = cli.zio.AtomicFile.write
    calls = []

    def write(self: Any, data: bytes) -> int:
        calls.append(data)
        if len(calls) == 2:
            real(self, data[:10])
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(cli.zio.AtomicFile, "write", write)
    result = run(dirty, SEEDS[0], SEEDS[1], "-f", "jsonl", "-o", out / "all.jsonl")
    assert result.code == 1
    assert result.err_lines == [f"zhclean: {out / 'all.jsonl'}: cannot write it: No space left on device"]
    assert os.listdir(out) == ["all.jsonl"]
    assert (out / "all.jsonl").read_text() == "previous\n"


def test_empty_path_is_an_error_not_the_current_folder(dirty: Path) -> None:
    result = run("", dirty)
    assert result.code == 1
    assert result.err_lines == ["zhclean: '': empty path"]
    assert result.text == DIRTY_CLEAN


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes in names")
def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    name = os.fsdecode(b"\xff\xfe.txt")
    (tmp_path / name).write_bytes(DIRTY)
    result = run(tmp_path, "-f", "jsonl")
    assert result.code == 0, result.err
    assert json.loads(result.out)["path"] == f"{tmp_path}/\ufffd\ufffd.txt"
    assert run(tmp_path, "-o", tmp_path / "out").code == 0
    assert (tmp_path / "out" / name).read_text("utf-8") == DIRTY_CLEAN


def test_sigterm_removes_the_temporary_file(tmp_path: Path) -> None:
    environ = {**os.environ, "PYTHONPATH": SRC}
    out = tmp_path / "out.txt"
    proc = subprocess.Popen(  # waits on stdin, with the temporary output file open
        [sys.executable, "-m", "zhclean", "-o", str(out)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ,
    )
    try:
        for _ in range(600):
            if os.listdir(tmp_path):
                break
            time.sleep(0.05)
        assert os.listdir(tmp_path), "no temporary file appeared"
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 143
    assert err == b""
    assert os.listdir(tmp_path) == []
