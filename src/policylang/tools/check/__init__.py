"""`policylang check`: caps, tiers, thresholds and rates that contradict each other or that the
text leaves open — found with z3 over the compiled policy, each shown on a case that `eval` runs.

Like sqlglot's optimizer rules, every check is a plain function `check(ctx) -> Iterator[Finding]`,
one module per family, all listed in `CHECKS` in the order they run:

    caps.py         CAP001–CAP005   dead caps, cumulative / article caps below one award, fixed
                                    awards above their cap, caps as large as the whole fund
    conditions.py   COND001–COND003 clauses that can never pay, conditions that are always true
    tiers.py        TIER001–TIER005 gaps, overlaps, non-monotonic awards, unreachable rows,
                                    contradictory boundary words (超过 … (含))
    rates.py        RATE001–RATE002 rates above 100%, rates on one cost adding past 100%
    exclusive.py    EXCL001–EXCL002 pointless 取高不重复 groups, one cost paid twice outside a group
    unspecified.py  UNSPEC001       every number the text leaves open, with its citations
                    UNSPEC005       a 名次 whose tie rule the text leaves open (并列 未规定)
    unspecified.py  UNSPEC001–003   every number the text leaves open, with its citations; 语言版本 2
                                    contradictory boundary words without 读作 (both readings); a
                                    读作 its clause's 解读 does not state
    text.py         TEXT001–TEXT005 the 原文's numbers, units, boundaries and cap scopes against
                                    the clause's code (no solver; quoted.py extracts the numbers)

Two passes over the syntax tree follow, per policy: `acknowledged.py` marks the findings a clause
acknowledges (`已知 CODE "reason"`: shown, not failing; ACK001 when nothing matches) and
`coverage.py` checks the official text (`原文件` / `--source`): SRC001 for a sentence with an amount
no clause quotes and no `不编码` sets aside, SRC002 for a `不编码` that matches nothing.

`policylang.backends.symbolic` translates the IR to z3 (the clause pipeline from
`policylang.semantics`); `examples.py` turns models into case files and confirms each with
`policylang.backends.exact` (nothing unconfirmed is reported as a problem); `sarif.py` writes
SARIF 2.1.0. Where a check cannot conclude — an unsupported construct, a z3 error, a time-out, a
counterexample eval does not bear out — it reports CHK001 "could not check" (`unchecked.py`) for
that clause and goes on with the next: never a silent pass.

JSON schema `policylang.check/2` (was /1): each finding also has `family` (caps, conditions,
tiers, rates, exclusive, unspecified, text) and, for CHK001, `reason` (unsupported, timeout,
solver-error, too-deep, unwritable, unconfirmed); the summary has `unchecked`. Messages are in the
language in force; codes, rules, families, severities and statuses are English identifiers.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from policylang.cli import EXIT_FAILED, EXIT_INVALID, EXIT_OK, report_errors
from policylang.compiler import ir
from policylang.errors import ERROR, INFO, WARNING, Diagnostic, Msg, PolicyError, Source, Span
from policylang.frontend import ast
from policylang.report.i18n import t
from policylang.tools.check.findings import RULES, Family, Finding

if TYPE_CHECKING:
    from policylang.tools.check.context import Context

SCHEMA = "policylang.check/2"
FORMATS = ("text", "json", "sarif")
Check = Callable[["Context"], Iterator[Finding]]


# z3 loads with these modules: only when `check` runs, never at CLI start-up (cli.py imports lazily).
from policylang.tools.check import caps, conditions, exclusive, rates, tiers, unspecified  # noqa: E402
from policylang.tools.check import text as text_family  # noqa: E402

CHECKS: tuple[Check, ...] = (
    caps.dead_caps,
    caps.cumulative_below_single,
    caps.group_cap_below_member,
    caps.fixed_above_cap,
    caps.cap_above_fund,
    conditions.never_pays,
    conditions.always_true,
    tiers.gaps_and_monotonicity,
    tiers.overlaps_and_unreachable,
    tiers.contradictory_boundaries,
    rates.rate_above_100,
    rates.stacked_rates,
    exclusive.pointless_groups,
    exclusive.same_cost_outside_groups,
    unspecified.unspecified_values,
    unspecified.unspecified_ties,
    unspecified.unread_boundaries,
    unspecified.unexplained_readings,
    text_family.text_and_code,
)


def check_policy(compiled: ir.CompiledPolicy, tree: ast.Policy | None = None) -> list[Finding]:
    """Run every check on one compiled policy; findings sorted by place, then code."""
    from policylang.tools.check.context import Context

    ctx = Context(compiled, tree)
    found: list[Finding] = []
    for check in CHECKS:
        found.extend(_run(check, ctx))
    unique = list(
        {
            (f.code, f.citation, f.span.line if f.span else 0, f.span.column if f.span else 0, f.message): f
            for f in found
        }.values()
    )
    return sorted(unique, key=Finding.sort_key)


def family_of(check: Check) -> Family:
    """A check's family is its module: tools/check/tiers.py holds the tier checks."""
    return Family(check.__module__.rsplit(".", 1)[-1])


def _run(check: Check, ctx: Context) -> list[Finding]:
    """One check's findings. Where it cannot conclude on a subject (a clause, a group), that is a
    CHK001 finding for the subject, and the check goes on with the subjects after it."""
    from policylang.tools.check.unchecked import FAILURES, could_not_check

    out: list[Finding] = []
    ctx.done = set()
    while True:
        ctx.current = None
        try:
            for finding in check(ctx):  # one by one: a failure keeps what came before it
                out.append(finding)
            return out
        except FAILURES as err:
            if os.environ.get("POLICYLANG_DEBUG") and not isinstance(err, _reported()):
                raise
            out.append(could_not_check(family_of(check), ctx.current, err))
            if ctx.current is None:
                return out
            ctx.done.add(ctx.current.key)


def _reported() -> tuple[type[BaseException], ...]:
    """Failures that are expected and reported even under POLICYLANG_DEBUG (which re-raises the rest,
    z3 errors and runaway recursion, so a solver-side bug fails a test instead of hiding)."""
    from policylang.backends.symbolic import CannotCheck

    return (CannotCheck,)


def load(path: str) -> tuple[ir.CompiledPolicy, ast.Policy]:
    """Parse and compile a policy file, keeping its syntax tree; PolicyError with located problems."""
    from policylang import read_text
    from policylang.compiler.lower import compile_policy
    from policylang.frontend.syntax import parse

    text = read_text(path, "政策文件")
    tree = parse(text, str(path))
    return compile_policy(tree, []), tree


# ---------------------------------------------------------------------------- output
def counts(findings: Iterable[Finding]) -> dict[str, int]:
    """By severity, not counting acknowledged findings (they are shown, and counted apart)."""
    out = {ERROR: 0, WARNING: 0, INFO: 0}
    for f in findings:
        if f.acknowledged is None:
            out[f.severity] += 1
    return out


def acknowledged_count(findings: Iterable[Finding]) -> int:
    return sum(f.acknowledged is not None for f in findings)


def summary_line(files: list[str], findings: list[Finding], written: int) -> str:
    """One line; never "no problems" when a check could not run (that is counted and said)."""
    n = counts(findings)
    what = t("check.summary.files", count=len(files))
    if not findings:
        what += t("check.summary.clean")
    else:
        what += t("check.summary.counts", errors=n[ERROR], warnings=n[WARNING], infos=n[INFO])
    unchecked = sum(f.unchecked for f in findings)
    if unchecked:
        what += t("check.summary.unchecked", count=unchecked)
    if acknowledged_count(findings):
        what += t("source.summary.acknowledged", count=acknowledged_count(findings))
    if written:
        what += t("check.summary.written", count=written)
    return what


def text_report(findings: list[Finding]) -> str:
    return "\n\n".join(f.render() for f in findings)


def json_report(files: list[str], findings: list[Finding]) -> str:
    n = counts(findings)
    data = {
        "schema": SCHEMA,
        "files": files,
        "summary": {
            "errors": n[ERROR],
            "warnings": n[WARNING],
            "infos": n[INFO],
            "unchecked": sum(f.unchecked for f in findings),
            "acknowledged": acknowledged_count(findings),
        },
        "findings": [f.as_json() for f in findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def file_stem(finding: Finding) -> str:
    stem = Path(finding.file).stem if finding.file else "policy"
    cite = (finding.citation or "").replace("/", "_").replace("、", "_").replace(" ", "")
    return f"{stem}.{finding.code}.{cite}" if cite else f"{stem}.{finding.code}"


def write_counterexamples(findings: list[Finding], folder: str) -> int:
    """Each counterexample as a case file: <policy>.<code>.<citation>.<label>.yaml."""
    target = counterexample_folder(folder)
    used: dict[str, int] = {}
    written = 0
    for f in findings:
        for ex in f.examples:
            name = f"{file_stem(f)}.{ex.label}"
            used[name] = used.get(name, 0) + 1
            if used[name] > 1:
                name += f".{used[name]}"
            write_case_file(target / f"{name}.yaml", ex.yaml, folder)
            written += 1
    return written


def counterexample_folder(folder: str) -> Path:
    """The folder, made if missing; one that cannot be (a file stands there) is the user's located error."""
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise folder_error(folder, errno.EEXIST)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise folder_error(folder, err.errno) from None
    return target


def write_case_file(path: Path, text: str, folder: str) -> None:
    """Write through a temporary file moved into place, so a full disk leaves no truncated case file."""
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise folder_error(folder, err.errno) from None


# Why a folder cannot take the counterexamples, in the drafter's words (never the OS's English strerror).
FOLDER_PROBLEMS = {
    errno.EEXIST: "check.folder.is_file",
    errno.ENOTDIR: "check.folder.is_file",
    errno.ENOSPC: "check.folder.full",
    errno.EDQUOT: "check.folder.full",
    errno.EACCES: "check.folder.denied",
    errno.EPERM: "check.folder.denied",
    errno.EROFS: "check.folder.denied",
}


def folder_error(folder: str, code: int | None) -> PolicyError:
    """F003 located on the option's value, as `--clause` mistakes are."""
    reason = Msg(FOLDER_PROBLEMS.get(code or 0, "check.folder.other"), code=code or 0)
    span = Span(Source("--counterexamples", folder), 1, 1, 1, len(folder) + 1)
    message = Msg("check.folder.cannot_write", folder=folder, reason=reason)
    return PolicyError(Diagnostic("F003", message, span, suggestion=Msg("check.folder.hint")))


def exit_code(findings: list[Finding], strict: bool) -> int:
    """1 on an error; with --strict also on a warning or a check that could not run. An acknowledged
    finding (已知) never fails the run."""
    from policylang.tools.check.acknowledged import failing as counted

    failing = {ERROR, WARNING} if strict else {ERROR}
    return EXIT_FAILED if any(f.severity in failing or (strict and f.unchecked) for f in counted(findings)) else EXIT_OK


# ---------------------------------------------------------------------------- command
@click.command("check")
@click.argument("policy_files", nargs=-1, required=True, metavar="POLICY.pol...", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="输出格式")
@click.option("--strict", is_flag=True, help="警告和无法检查的项也算不通过（退出码 1）")
@click.option(
    "--counterexamples",
    "folder",
    metavar="DIR",
    help="把每个反例写成案例文件（policylang eval 可直接运行）",
)
@click.option("--source", metavar="OFFICIAL.txt", help="政策的原文文本；默认用标头的 原文件")
@report_errors
def command(policy_files: tuple[str, ...], fmt: str, strict: bool, folder: str | None, source: str | None) -> None:
    """检查政策中互相矛盾或原文未定的上限、分档、门槛和比例，每个问题附可运行的反例。

    退出码：0 没有错误；1 发现错误（加 --strict 时警告和无法检查的项也算）；2 政策文件有误，无法检查。
    """
    from policylang.tools.check.acknowledged import acknowledge
    from policylang.tools.check.coverage import coverage, official_for

    files = list(policy_files)
    if source is not None and len(files) > 1:
        raise click.UsageError(t("source.several_policies"))
    loaded, problems = [], []
    for path in files:
        try:
            compiled, tree = load(path)
            loaded.append((compiled, tree, official_for(path, tree, source)))
        except PolicyError as err:
            problems.extend(err.diagnostics)
    if problems:
        raise PolicyError(problems)
    if folder:
        counterexample_folder(folder)  # a bad target fails before the solver runs, not after
    findings = [
        f
        for compiled, tree, official in loaded
        for f in acknowledge(tree, check_policy(compiled, tree)) + (coverage(official, tree) if official else [])
    ]
    written = write_counterexamples(findings, folder) if folder else 0
    if fmt == "json":
        click.echo(json_report(files, findings))
    elif fmt == "sarif":
        from policylang.tools.check.sarif import sarif_log

        click.echo(json.dumps(sarif_log(findings, files), ensure_ascii=False, indent=2))
    else:
        if findings:
            click.echo(text_report(findings) + "\n")
        click.echo(summary_line(files, findings, written))
    sys.exit(exit_code(findings, strict))


__all__ = ["CHECKS", "EXIT_INVALID", "RULES", "Finding", "check_policy", "command", "load"]
