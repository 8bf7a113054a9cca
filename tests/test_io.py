"""Tests for zhclean.io: finding inputs, reading them, and atomic writes."""

from __future__ import annotations

import io as pyio
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path, PurePosixPath

import pytest

import zhclean
from zhclean import io as zio

SRC = str(Path(zhclean.__file__).resolve().parent.parent)


def make_tree(root: Path, files: dict[str, bytes | str]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return root


def names(items: list[zio.Input]) -> list[str]:
    return [i.name for i in items]


# --- expand -----------------------------------------------------------------------------------


def test_folder_is_walked_sorted_with_glob_and_hidden_entries_skipped(tmp_path: Path) -> None:
    make_tree(
        tmp_path / "c",
        {
            "b.txt": "b",
            "a.txt": "a",
            "page.html": "x",
            ".hidden.txt": "h",
            ".git/x.txt": "g",
            "sub/z.txt": "z",
            "sub/deeper/y.txt": "y",
            "A/k.txt": "k",
        },
    )
    items = list(zio.expand([str(tmp_path / "c")]))
    rels = [str(i.rel) for i in items]
    assert rels == ["a.txt", "b.txt", "A/k.txt", "sub/z.txt", "sub/deeper/y.txt"]
    assert all(i.error is None and i.path is not None and i.path.is_file() for i in items)
    assert names(items)[2] == f"{tmp_path / 'c'}/A/k.txt"


def test_walk_order_is_files_then_sorted_subfolders(tmp_path: Path) -> None:
    make_tree(tmp_path, {"b/x.txt": "", "a/y.txt": "", "top.txt": ""})
    assert [str(i.rel) for i in zio.expand([str(tmp_path)])] == ["top.txt", "a/y.txt", "b/x.txt"]


def test_hidden_flag_includes_hidden_files_and_folders(tmp_path: Path) -> None:
    make_tree(tmp_path, {".h.txt": "", ".d/x.txt": "", "v.txt": ""})
    rels = {str(i.rel) for i in zio.expand([str(tmp_path)], hidden=True)}
    assert rels == {".h.txt", ".d/x.txt", "v.txt"}


def test_several_globs_and_path_patterns(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.txt": "", "b.htm": "", "c.md": "", "news/d.htm": "", "blog/e.htm": ""})
    rels = {str(i.rel) for i in zio.expand([str(tmp_path)], ("*.txt", "*.htm"))}
    assert rels == {"a.txt", "b.htm", "news/d.htm", "blog/e.htm"}
    rels = {str(i.rel) for i in zio.expand([str(tmp_path)], ("news/*.htm",))}
    assert rels == {"news/d.htm"}


def test_file_named_directly_is_always_an_input(tmp_path: Path) -> None:
    make_tree(tmp_path, {".secret.html": "x"})
    (item,) = zio.expand([str(tmp_path / ".secret.html")])
    assert item.error is None and item.rel == PurePosixPath(".secret.html")
    assert item.name == str(tmp_path / ".secret.html")


def test_missing_file_is_yielded_and_fails_when_read(tmp_path: Path) -> None:
    (item,) = zio.expand([str(tmp_path / "missing.txt")])
    assert item.error is None
    with pytest.raises(FileNotFoundError):
        zio.read_input(item)


def test_folder_without_matches_is_an_error_input(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.html": ""})
    (item,) = zio.expand([str(tmp_path)])
    assert item.error == "no files matching '*.txt' in this folder"
    assert item.name == str(tmp_path)


def test_same_file_is_yielded_once(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.txt": "", "b.txt": ""})
    items = list(zio.expand([str(tmp_path / "a.txt"), str(tmp_path), f"{tmp_path}/./a.txt"]))
    assert [str(i.rel) for i in items] == ["a.txt", "b.txt"]


def test_display_name_follows_the_argument(tmp_path: Path) -> None:
    make_tree(tmp_path, {"d/a.txt": ""})
    assert names(list(zio.expand([f"{tmp_path}/d/"]))) == [f"{tmp_path}/d/a.txt"]
    assert names(list(zio.expand([f"{tmp_path}/d"]))) == [f"{tmp_path}/d/a.txt"]


def test_exclude_skips_the_output_folder(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.txt": "", "out/a.txt": ""})
    rels = [str(i.rel) for i in zio.expand([str(tmp_path)], exclude=[tmp_path / "out"])]
    assert rels == ["a.txt"]


def test_stdin_input(monkeypatch: pytest.MonkeyPatch) -> None:
    (item,) = zio.expand(["-"])
    assert item.is_stdin and item.name == "-"
    monkeypatch.setattr(sys, "stdin", pyio.TextIOWrapper(pyio.BytesIO("中文\n".encode("gb18030"))))
    assert zio.read_input(item) == "中文\n".encode("gb18030")


def test_read_input_reads_bytes_and_refuses_folders(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.txt": b"\xd6\xd0\r\n"})
    (item,) = zio.expand([str(tmp_path / "a.txt")])
    assert zio.read_input(item) == b"\xd6\xd0\r\n"
    with pytest.raises(IsADirectoryError):
        zio.read_input(zio.Input("d", tmp_path, PurePosixPath(".")))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_subfolder_is_an_error_input(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.txt": "", "locked/b.txt": ""})
    (tmp_path / "locked").chmod(0)
    try:
        items = list(zio.expand([str(tmp_path)]))
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert [i.error for i in items] == [None, "Permission denied"]


# --- output paths ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "suffix", "expected"),
    [
        ("a.txt", ".md", "a.md"),
        ("news/2024/a.html", ".txt", "news/2024/a.txt"),
        ("README", ".json", "README.json"),
        ("a.b.txt", ".jsonl", "a.b.jsonl"),
        ("stdin", ".txt", "stdin.txt"),
    ],
)
def test_output_path_replaces_the_suffix(tmp_path: Path, rel: str, suffix: str, expected: str) -> None:
    assert zio.output_path(tmp_path, PurePosixPath(rel), suffix) == tmp_path / expected


def test_matches_from_the_right() -> None:
    assert zio.matches(PurePosixPath("a/b/c.txt"), ["*.txt"])
    assert zio.matches(PurePosixPath("a/b/c.txt"), ["b/*.txt"])
    assert not zio.matches(PurePosixPath("a/b/c.txt"), ["a/*.txt"])
    assert not zio.matches(PurePosixPath("c.txt.bak"), ["*.txt"])


# --- atomic writes ------------------------------------------------------------------------------


def test_atomic_write_creates_parents_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "x" / "y" / "out.txt"
    zio.atomic_write(target, "中文\n".encode())
    assert target.read_bytes() == "中文\n".encode()
    assert os.listdir(target.parent) == ["out.txt"]


def test_new_file_gets_umask_mode_and_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        zio.atomic_write(tmp_path / "new.txt", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644
    kept = tmp_path / "kept.txt"
    kept.write_bytes(b"old")
    kept.chmod(0o600)
    zio.atomic_write(kept, b"new")
    assert kept.read_bytes() == b"new"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_failure_inside_the_block_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old content")
    with pytest.raises(KeyboardInterrupt), zio.AtomicFile(target) as out:
        out.write(b"half of the new")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old content"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_discard_and_double_commit(tmp_path: Path) -> None:
    out = zio.AtomicFile(tmp_path / "a.txt")
    out.write(b"x")
    out.discard()
    out.discard()
    assert os.listdir(tmp_path) == []
    out = zio.AtomicFile(tmp_path / "a.txt")
    out.commit()
    assert (tmp_path / "a.txt").read_bytes() == b""
    with pytest.raises(ValueError, match="already committed"):
        out.write(b"late")
    with pytest.raises(ValueError, match="already committed"):
        out.commit()


def test_a_crash_mid_write_leaves_the_old_file_whole(tmp_path: Path) -> None:
    """A process killed while writing (os._exit: no cleanup runs) leaves the target as it was."""
    target = tmp_path / "out.txt"
    target.write_bytes(b"old content\n")
    script = textwrap.dedent(
        f"""
        import os
        from zhclean.io import AtomicFile
        with AtomicFile({str(target)!r}) as out:
            out.write(b"new content that is never finished" * 1000)
            os._exit(3)
        """
    )
    env = {**os.environ, "PYTHONPATH": SRC}
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, timeout=60)
    assert proc.returncode == 3, proc.stderr
    assert target.read_bytes() == b"old content\n"
    leftovers = [n for n in os.listdir(tmp_path) if n != "out.txt"]
    assert all(n.startswith(".out.txt.") and n.endswith(".tmp") for n in leftovers)


def test_same_file() -> None:
    assert zio.same_file(__file__, Path(__file__).parent / ".." / "tests" / Path(__file__).name)
    assert not zio.same_file(__file__, "/nonexistent/x")


def test_symlinked_target_is_written_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    zio.atomic_write(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_devices_are_written_directly_never_replaced(tmp_path: Path) -> None:
    out = zio.open_output(os.devnull)
    assert isinstance(out, zio.DeviceFile)
    out.write(b"x")
    out.commit()
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    new = zio.open_output(tmp_path / "new.txt")
    assert isinstance(new, zio.AtomicFile)
    new.discard()
    assert os.listdir(tmp_path) == []


def test_fsync_before_rename_unless_asked_not_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)
    zio.atomic_write(tmp_path / "a.txt", b"a")
    assert len(synced) == 1
    zio.atomic_write(tmp_path / "b.txt", b"b", fsync=False)
    assert len(synced) == 1
    assert (tmp_path / "b.txt").read_bytes() == b"b"


def test_folders_yield_regular_files_only(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.txt": "", "real/b.txt": ""})
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "nowhere")
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "loop").symlink_to(tmp_path)
    rels = [str(i.rel) for i in zio.expand([str(tmp_path)])]
    assert rels == ["a.txt", "real/b.txt"]  # link.txt is a.txt, already yielded


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_folder_gives_one_error(tmp_path: Path) -> None:
    (tmp_path / "locked").mkdir(mode=0)
    try:
        items = list(zio.expand([str(tmp_path / "locked")]))
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert [i.error for i in items] == ["Permission denied"]
