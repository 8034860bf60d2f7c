"""Shared helpers: run the real CLI in-process and point at the repository's files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
POLICIES = ROOT / "policies"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The official texts: shared/ lies beside the checkout, on a developer's machine and in CI alike.
SOURCES = ROOT.parent / "shared" / "sources"


@pytest.fixture
def run():
    """Invoke `policylang ARGS…` and return (exit code, stdout, stderr)."""
    from policylang.cli import main

    def invoke(*args: str, input: str | None = None):
        result = CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return invoke
