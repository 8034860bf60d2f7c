"""The suite is hermetic: the compiled-policy cache lives in the session's temporary directory, for
in-process calls and CLI subprocesses alike, and nothing is written under the user's home.

The proof runs two small tests below in a pytest subprocess whose HOME is an empty directory: with
tests/conftest.py in force that home stays empty; with conftest switched off (--noconftest, the
control) the same tests fill HOME/.cache/policylang — so the check can fail, and does when the
session set-up is missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

from policylang import cache, load_policy

ROOT = Path(__file__).resolve().parent.parent
EXHIBITION = ROOT / "examples" / "exhibition.pol"
CASE = ROOT / "examples" / "exhibition.case.yaml"
POLICYLANG = Path(sys.executable).parent / "policylang"


def fresh_policy(tmp_path: Path) -> Path:
    """The exhibition policy under a comment no other run has written: its cache key is new."""
    path = tmp_path / "exhibition.pol"
    path.write_text(f"# {uuid.uuid4()}\n" + EXHIBITION.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def entries() -> set[Path]:
    folder = Path(cache.cache_dir())
    return set(folder.glob("*.pickle")) if folder.is_dir() else set()


def test_an_in_process_load_is_cached_in_the_cache_dir(tmp_path: Path) -> None:
    before = entries()
    load_policy(fresh_policy(tmp_path))
    assert len(entries() - before) == 1


def test_a_cli_subprocess_is_cached_in_the_same_cache_dir(tmp_path: Path) -> None:
    before = entries()
    done = subprocess.run(
        [str(POLICYLANG), "eval", str(fresh_policy(tmp_path)), str(CASE)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert len(entries() - before) == 1


def run_inner_tests(tmp_path: Path, *extra: str) -> Path:
    """The two tests above in a pytest subprocess with an empty HOME; returns that HOME."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("POLICYLANG_CACHE_DIR", "XDG_CACHE_HOME")}
    env["HOME"] = str(home)
    args = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--basetemp", str(tmp_path / "inner")]
    args += [*extra, f"{Path(__file__)}::test_an_in_process_load_is_cached_in_the_cache_dir"]
    args += [f"{Path(__file__)}::test_a_cli_subprocess_is_cached_in_the_same_cache_dir"]
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "2 passed" in done.stdout, done.stdout + done.stderr
    return home


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_the_suite_writes_nothing_under_home(tmp_path: Path) -> None:
    home = run_inner_tests(tmp_path)
    assert files_under(home) == []


def test_without_the_session_set_up_the_cache_would_go_under_home(tmp_path: Path) -> None:
    """The control: the same run without tests/conftest.py writes HOME/.cache/policylang."""
    home = run_inner_tests(tmp_path, "--noconftest", "-n", "0")  # serially: the control needs no workers
    assert any(name.startswith(os.path.join(".cache", "policylang", "")) for name in files_under(home))
