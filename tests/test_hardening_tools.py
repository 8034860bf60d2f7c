"""Issue 11 hardening of the tools: test discovery, check --counterexamples onto a bad target, W201 per clause.

Each test runs the CLI with the exact input the issue reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policylang.report.i18n import language

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


# ---------------------------------------------------------------------------- test discovery
def test_bare_test_at_the_repository_root_skips_the_broken_fixture_suites(run, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, err = run("test")
    assert (code, err) == (0, "")
    assert "fixtures" not in out
    assert "policies/jixi.cases.yaml" in out and "policies/lianyungang.cases.yaml" in out


def test_a_fixtures_folder_given_by_name_still_runs(run, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, _, err = run("test", "tests/fixtures/testing/bad")
    assert code == 2 and "bad/yaml_syntax.cases.yaml" in err


def _suite_tree(tmp_path: Path) -> None:
    """A good suite at the top, copies of a broken one where discovery must not look."""
    good = FIXTURES / "testing" / "good"
    (tmp_path / "trade.pol").write_text((good / "trade.pol").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "trade.cases.yaml").write_text(
        (good / "trade.cases.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    broken = (FIXTURES / "testing" / "bad" / "yaml_syntax.cases.yaml").read_text(encoding="utf-8")
    for folder in ("fixtures/deep", "venv", ".venv", "env_with_cfg", "marked/inner", ".hidden"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "broken.cases.yaml").write_text(broken, encoding="utf-8")
    (tmp_path / "env_with_cfg" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (tmp_path / "marked" / ".policylang-skip").write_text("", encoding="utf-8")


def test_discovery_skips_fixtures_venvs_hidden_and_marked_folders(run, tmp_path, monkeypatch):
    _suite_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run("test")
    assert (code, err) == (0, ""), err
    assert "broken" not in out and "trade.cases.yaml" in out


def test_a_marked_folder_given_by_name_still_runs(run, tmp_path, monkeypatch):
    _suite_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, _, err = run("test", "marked")
    assert code == 2 and "broken.cases.yaml" in err
