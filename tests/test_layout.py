"""The layout the README and ARCHITECTURE.md describe: one grammar at the root, shipped in the wheel,
and a package list in pyproject.toml that names every subpackage of src/policylang."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import tomllib
from conftest import ROOT


def declared_packages() -> list[str]:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return list(tomllib.load(f)["tool"]["setuptools"]["packages"])


def test_every_subpackage_is_declared_and_nothing_else():
    found = {
        ".".join(p.relative_to(ROOT / "src").parent.parts) for p in (ROOT / "src" / "policylang").rglob("__init__.py")
    }
    assert set(declared_packages()) == found | {"policylang.grammar"}


def test_there_is_one_grammar_file():
    grammars = [p for p in ROOT.rglob("*.lark") if ".venv" not in p.parts and "build" not in p.parts]
    assert grammars == [ROOT / "grammar" / "policylang.lark"]


def test_the_parser_reads_the_root_grammar():
    from policylang.frontend.grammar import grammar_path

    assert Path(grammar_path()).resolve() == (ROOT / "grammar" / "policylang.lark").resolve()


@pytest.mark.slow
def test_the_wheel_ships_the_grammar_and_runs_without_the_checkout(tmp_path):
    """Build the wheel, install it into a fresh target folder and evaluate a policy from elsewhere."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("policylang-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "policylang/grammar/policylang.lark" in names
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    probe = (
        "import policylang, pathlib; from policylang.frontend.grammar import grammar_path; "
        "assert pathlib.Path(policylang.__file__).is_relative_to(pathlib.Path({!r})); "
        "print(grammar_path()); "
        "p = policylang.load(open({!r}, encoding='utf-8').read(), 'jixi.pol'); print(len(p.clauses))"
    ).format(str(target), str(ROOT / "policies" / "jixi.pol"))
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "POLICYLANG_CACHE": "0"},
        capture_output=True,
        text=True,
        check=True,
    )
    grammar, clauses = out.stdout.split()
    assert Path(grammar).is_relative_to(target)
    assert int(clauses) > 0


def test_no_shipped_file_names_a_path_of_the_machine_it_was_written_on():
    """Policies name their source document; scripts find ../shared relative to the checkout."""
    shipped = [
        p
        for folder in ("policies", "examples", "bench", "src", "grammar")
        for p in (ROOT / folder).rglob("*")
        if p.is_file() and p.suffix in {".pol", ".yaml", ".py", ".lark", ".md"}
    ]
    offenders = [str(p.relative_to(ROOT)) for p in shipped if "/work/" in p.read_text(encoding="utf-8")]
    assert offenders == []
