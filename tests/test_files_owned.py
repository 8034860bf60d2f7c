"""`policylang fmt` and the user's files: it changes their layout and nothing else about them.

Each of these was a defect: fmt rewrote a read-only file (exit 0), replaced a symlink with a regular
file, broke hard links, and rewrote CRLF files to LF (so `fmt --check` failed on every file a
Windows drafter saves). A write that fails must leave the original as it was.
"""

from __future__ import annotations

import errno
import os
import stat

import pytest
from conftest import EXAMPLES

from policylang.tools import fmt

PRETTY = (EXAMPLES / "exhibition.pol").read_text(encoding="utf-8")  # the shipped example is canonical
UGLY = PRETTY.replace("\n  ", "\n      ")
assert UGLY != PRETTY


def write(path, text: str, newline: str = "\n", bom: bool = False):
    path.write_bytes((("\ufeff" if bom else "") + text.replace("\n", newline)).encode("utf-8"))
    return path


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---------------------------------------------------------------------------- permissions
def test_a_read_only_file_is_refused_located_and_left_alone(run, tmp_path):
    path = write(tmp_path / "a.pol", UGLY)
    os.chmod(path, 0o444)
    code, _, err = run("fmt", path)
    assert code == 2
    assert "F004" in err and "只读" in err and f"1 | {path}" in err and "^^^" in err
    assert path.read_text(encoding="utf-8") == UGLY and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert run("fmt", "--check", path)[0] == 1  # checking needs no write permission
    assert leftovers(tmp_path) == []


def test_the_mode_and_owner_are_kept(run, tmp_path):
    path = write(tmp_path / "a.pol", UGLY)
    os.chmod(path, 0o640)
    owner = None
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # only root can give a file away
        owner = (12345, 54321)
        os.chown(path, *owner)
    assert run("fmt", path)[0] == 0
    st = path.stat()
    assert path.read_text(encoding="utf-8") == PRETTY and stat.S_IMODE(st.st_mode) == 0o640
    if owner:
        assert (st.st_uid, st.st_gid) == owner


# ---------------------------------------------------------------------------- links
def test_a_symlink_is_written_through_and_stays_a_link(run, tmp_path):
    target = write(tmp_path / "real.pol", UGLY)
    (tmp_path / "sub").mkdir()
    link = tmp_path / "sub" / "link.pol"
    link.symlink_to(os.path.relpath(target, link.parent))
    code, _, err = run("fmt", link)
    assert code == 0 and "已格式化" in err
    assert link.is_symlink() and os.readlink(link) == os.path.relpath(target, link.parent)
    assert target.read_text(encoding="utf-8") == PRETTY
    assert leftovers(tmp_path) == leftovers(tmp_path / "sub") == []


def test_a_symlink_to_a_read_only_file_is_refused(run, tmp_path):
    target = write(tmp_path / "real.pol", UGLY)
    os.chmod(target, 0o444)
    link = tmp_path / "link.pol"
    link.symlink_to(target)
    assert run("fmt", link)[0] == 2
    assert link.is_symlink() and target.read_text(encoding="utf-8") == UGLY


def test_hard_links_are_kept(run, tmp_path):
    first = write(tmp_path / "a.pol", UGLY)
    second = tmp_path / "b.pol"
    os.link(first, second)
    inode = first.stat().st_ino
    assert run("fmt", first)[0] == 0
    assert first.stat().st_ino == second.stat().st_ino == inode and first.stat().st_nlink == 2
    assert second.read_text(encoding="utf-8") == PRETTY
    assert leftovers(tmp_path) == []


def test_a_file_in_a_folder_the_user_cannot_add_to_is_rewritten_in_place(run, tmp_path, monkeypatch):
    path = write(tmp_path / "a.pol", UGLY)
    real_access = os.access
    monkeypatch.setattr(fmt.os, "access", lambda p, mode: False if os.path.isdir(p) else real_access(p, mode))
    inode = path.stat().st_ino
    assert run("fmt", path)[0] == 0
    assert path.read_text(encoding="utf-8") == PRETTY and path.stat().st_ino == inode


# ---------------------------------------------------------------------------- line endings
def test_a_crlf_file_stays_crlf(run, tmp_path):
    path = write(tmp_path / "a.pol", UGLY, "\r\n")
    assert run("fmt", path)[0] == 0
    data = path.read_bytes()
    assert data == PRETTY.replace("\n", "\r\n").encode("utf-8")
    assert data.count(b"\n") == data.count(b"\r\n")


def test_fmt_check_passes_on_a_formatted_crlf_file(run, tmp_path):
    path = write(tmp_path / "a.pol", PRETTY, "\r\n")
    before = path.read_bytes()
    assert run("fmt", "--check", path) == (0, "", "")
    assert run("fmt", path)[0] == 0 and path.read_bytes() == before
    assert run("fmt", "--diff", path)[1] == ""


def test_a_mixed_file_takes_the_line_break_of_its_first_line(run, tmp_path):
    path = tmp_path / "a.pol"
    path.write_bytes(PRETTY.replace("\n", "\r\n", 3).encode("utf-8"))
    assert run("fmt", "--check", path)[0] == 1
    assert run("fmt", path)[0] == 0
    assert path.read_bytes() == PRETTY.replace("\n", "\r\n").encode("utf-8")


def test_a_byte_order_mark_is_kept(run, tmp_path):
    path = write(tmp_path / "a.pol", UGLY, "\r\n", bom=True)
    assert run("fmt", path)[0] == 0
    assert path.read_bytes() == ("\ufeff" + PRETTY.replace("\n", "\r\n")).encode("utf-8")
    assert run("fmt", "--check", path)[0] == 0


# ---------------------------------------------------------------------------- failures
def no_space(*_args, **_kw):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_leaves_the_original_and_no_temporary(run, tmp_path, monkeypatch):
    path = write(tmp_path / "a.pol", UGLY)
    monkeypatch.setattr(fmt.os, "fsync", no_space)  # the temporary copy cannot be completed
    code, _, err = run("fmt", path)
    assert code == 2 and "F003" in err and "No space left" in err and "Traceback" not in err
    assert path.read_text(encoding="utf-8") == UGLY
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(not hasattr(os, "posix_fallocate"), reason="space reserved with posix_fallocate")
def test_a_full_disk_leaves_a_hard_linked_original_intact(run, tmp_path, monkeypatch):
    path = write(tmp_path / "a.pol", PRETTY.replace("\n  ", "\n"))  # shorter than its formatted text
    os.link(path, tmp_path / "b.pol")
    before = path.read_bytes()
    monkeypatch.setattr(fmt.os, "posix_fallocate", no_space)
    code, _, err = run("fmt", path)
    assert code == 2 and "F003" in err
    assert path.read_bytes() == before


def test_a_write_that_fails_half_way_puts_the_original_back(run, tmp_path, monkeypatch):
    path = write(tmp_path / "a.pol", UGLY)
    os.link(path, tmp_path / "b.pol")
    real = fmt._overwrite
    calls = []

    def half_then_full(f, data):
        calls.append(len(data))
        if len(calls) == 1:
            f.seek(0)
            f.write(data[: len(data) // 2])
            f.flush()
            no_space()
        real(f, data)

    monkeypatch.setattr(fmt, "_overwrite", half_then_full)
    code, _, err = run("fmt", path)
    assert code == 2 and "F003" in err and len(calls) == 2
    assert path.read_text(encoding="utf-8") == UGLY


def test_the_read_only_refusal_speaks_english_too(run, tmp_path, monkeypatch):
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    path = write(tmp_path / "a.pol", UGLY)
    os.chmod(path, 0o444)
    code, _, err = run("fmt", path)
    assert code == 2 and "is read-only; it was not rewritten" in err and "chmod u+w" in err


def test_fmt_of_stdin_that_is_not_utf8_is_a_located_error_not_a_traceback():
    """Found by bench/fuzz_soak.py: `fmt -` decoded standard input strictly and raised UnicodeDecodeError."""
    from click.testing import CliRunner

    from policylang.cli import main

    data = '政策 "x" {\n  文号 "a"\n}\n'.encode() + b"\xed\xac\xa1\n"
    result = CliRunner().invoke(main, ["fmt", "-"], input=data, catch_exceptions=False)
    assert result.exit_code == 2
    assert "[F002]" in result.stderr and "<stdin>:4:1" in result.stderr
