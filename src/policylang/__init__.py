"""policylang: government subsidy clauses as code that can be run, checked and diffed.

The pipeline, one module per stage:
    syntax (text → ast) → typecheck (names, types, units) → compile (→ ir.CompiledPolicy)
    → evaluate (one case, exact, traced) → explain (table, explanation, JSON)

A small public API that the CLI also uses (tests/test_cli_eval.py runs the same steps):

    policy = load_policy("examples/exhibition.pol")
    case = load_case_file("examples/exhibition.case.yaml", policy)
    result = evaluate(policy, case.facts)        # result.total == Fraction(97000)
"""

from __future__ import annotations

import os
from typing import Any

from policylang.backends.exact import evaluate as _evaluate
from policylang.errors import Diagnostic, Msg, PolicyError, Prose, did_you_mean


def __getattr__(name: str) -> Any:
    """`__version__` is read from the installed metadata, so pyproject.toml's version is the only one.

    Looked up on first use only: importlib.metadata costs start-up time `eval` does not need.
    """
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("policylang")
        except PackageNotFoundError:  # pragma: no cover - run from a checkout that was never installed
            return "0+unknown"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# What a file is called in messages; callers may still pass the Chinese word.
_WHAT = {"文件": "core.what.file", "政策文件": "core.what.policy_file", "案例文件": "core.what.case_file"}


def read_text(path: str | os.PathLike[str], what: Prose = "文件") -> str:
    """A user's file as text, or a PolicyError saying why it cannot be read."""
    from policylang.errors import Source, Span
    from policylang.report.i18n import t

    if isinstance(what, str) and what in _WHAT:
        what = Msg(_WHAT[what])

    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as err:
        reason: Prose = Msg("core.reason.missing") if isinstance(err, FileNotFoundError) else (err.strerror or str(err))
        if isinstance(err, IsADirectoryError):
            reason = Msg("core.reason.directory")
        given = str(path)  # located on the command-line argument that named it
        span = Span(Source(t("cli.command_line"), given), 1, 1, 1, len(given) + 1)
        message = Msg("core.cannot_read", what=what, path=str(path), reason=reason)
        raise PolicyError(Diagnostic("F001", message, span, suggestion=_similar_file(path))) from None
    return decode_text(data, str(path), what)


def decode_text(data: bytes, name: str, what: Prose = "文件") -> str:
    """A user's bytes (a file, standard input) as UTF-8 text, or a PolicyError located where they stop being UTF-8."""
    from policylang.errors import Source, Span

    if isinstance(what, str) and what in _WHAT:
        what = Msg(_WHAT[what])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        text, before = data.decode("utf-8", "replace"), data[: err.start].decode("utf-8", "replace")
        hint = Msg("core.hint.save_utf8")
        try:  # a GBK file: show its line as the drafter wrote it
            text, before = data.decode("gb18030"), data[: err.start].decode("gb18030")
            hint = Msg("core.hint.gbk")
        except UnicodeDecodeError:
            pass
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        source = Source(name, text)
        raise PolicyError(
            Diagnostic("F002", Msg("core.not_utf8", what=what), Span(source, line, col, line, col + 1), suggestion=hint)
        ) from None


def _similar_file(path: str | os.PathLike[str]) -> Msg | None:
    """A file beside the one asked for whose name is close: examples/exhibtion.pol → exhibition.pol."""
    from pathlib import Path

    from policylang.frontend.units import suggest

    wanted = Path(path)
    try:
        names = [p.name for p in (wanted.parent if str(wanted.parent) else Path(".")).iterdir() if p.is_file()]
    except OSError:
        return None
    near = suggest(wanted.name, names)
    return did_you_mean(str(wanted.with_name(near))) if near else None


def load(text: str, name: str = "<policy>", warnings: list[Diagnostic] | None = None) -> Any:
    """Parse, check and compile a policy's text into an ir.CompiledPolicy."""
    from policylang.compiler.lower import load as _load

    return _load(text, name, warnings)


def load_policy(path: str | os.PathLike[str], warnings: list[Diagnostic] | None = None) -> Any:
    """Read and compile a policy file; a repeated load comes from the compiled-policy cache."""
    from policylang.cache import compiled

    return compiled(read_text(path, "政策文件"), str(path), warnings)


def load_case_file(path: str | os.PathLike[str], policy: Any) -> Any:
    from policylang.readers.cases import load_case

    return load_case(read_text(path, "案例文件"), str(path), policy)


def evaluate(
    policy: Any, facts: dict[str, Any], overrides: dict[str, Any] | None = None, only: list[str] | None = None
) -> Any:
    """Evaluate every clause (or those in `only`) of a compiled policy on one case's facts."""
    return _evaluate(policy, facts, overrides, only)


__all__ = ["Diagnostic", "PolicyError", "__version__", "evaluate", "load", "load_case_file", "load_policy"]
