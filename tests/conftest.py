"""Shared helpers: run the real CLI in-process and point at the repository's files.

The suite is hermetic: before anything is collected, the compiled-policy cache (POLICYLANG_CACHE_DIR)
and every tool's user cache (XDG_CACHE_HOME: pip, virtualenv under pre-commit) are pointed at one
temporary directory for the session, in os.environ, so in-process calls and CLI subprocesses alike
use it and nothing under ~/.cache is read or written (tests/test_hermetic.py proves it).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
POLICIES = ROOT / "policies"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The official texts: shared/ lies beside the checkout, on a developer's machine and in CI alike.
# The official texts, kept beside the policies that quote them (their 原文件); the shared originals
# beside the checkout are what tests/test_sources.py compares them with.
SOURCES = ROOT / "policies" / "sources"
SHARED_SOURCES = ROOT.parent / "shared" / "sources"

# What the session sets, and what it was before (restored at the end, for pytest run in-process).
HERMETIC_VARIABLES = ("POLICYLANG_CACHE_DIR", "XDG_CACHE_HOME")
_saved: dict[str, str | None] = {}
_session_dir: Path | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Earlier than any fixture: test modules compile policies while they are collected."""
    global _session_dir
    _session_dir = Path(tempfile.mkdtemp(prefix="policylang-tests-"))
    for name, folder in (("POLICYLANG_CACHE_DIR", "policylang-cache"), ("XDG_CACHE_HOME", "xdg-cache")):
        _saved[name] = os.environ.get(name)
        (_session_dir / folder).mkdir()
        os.environ[name] = str(_session_dir / folder)
    _saved["POLICYLANG_CACHE"] = os.environ.pop("POLICYLANG_CACHE", None)  # a developer's "0" would hide the cache
    # Messages follow the locale: the goldens are read in the default language (zh), whatever the
    # developer's LANG; a test that wants English says so (--lang en, or its own LANG).
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        _saved[name] = os.environ.pop(name, None)


def pytest_unconfigure(config: pytest.Config) -> None:
    for name, value in _saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    if _session_dir is not None:
        shutil.rmtree(_session_dir, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def session_cache() -> Iterator[Path]:
    """The session's compiled-policy cache directory (set up in pytest_configure, above)."""
    folder = Path(os.environ["POLICYLANG_CACHE_DIR"])
    assert _session_dir is not None and folder.is_relative_to(_session_dir), (
        "the cache must stay in the session's temp dir"
    )
    yield folder


@pytest.fixture
def run() -> Callable[..., tuple[int, str, str]]:
    """Invoke `policylang ARGS…` and return (exit code, stdout, stderr)."""
    from policylang.cli import main

    def invoke(*args: object, input: str | None = None) -> tuple[int, str, str]:
        result = CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return invoke
