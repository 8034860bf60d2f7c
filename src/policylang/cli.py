"""The command line: `policylang eval | test | check | fmt | diff | batch`.

Exit codes (every command): 0 done and nothing failed; 1 a condition failed (a test case, a
check error, a diff gate); 2 invalid input (a bad policy or case file, a bad option).
Heavy modules are imported inside the command that needs them, so start-up stays quick.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

import click

from policylang import __version__
from policylang.errors import PolicyError

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2
FORMATS = ("text", "json")


def report_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn every PolicyError into its located message on stderr and exit 2; never a traceback."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PolicyError as err:
            click.echo(err.render(), err=True)
            sys.exit(EXIT_INVALID)

    return wrapper


# Commands that live in their own stage module, imported only when that command runs.
LAZY_COMMANDS = {
    "test": "policylang.tools.testing:command",
    "check": "policylang.tools.check:command",
    "fmt": "policylang.tools.fmt:command",
    "diff": "policylang.tools.diff:command",
    "batch": "policylang.tools.batch:command",
}


class Group(click.Group):
    """`eval` is defined here; the other commands load their module on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | self.available())

    @staticmethod
    def available() -> set[str]:
        import importlib.util

        return {
            name for name, target in LAZY_COMMANDS.items() if importlib.util.find_spec(target.split(":")[0]) is not None
        }

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS and name in self.available():
            import importlib

            module, _, attr = LAZY_COMMANDS[name].partition(":")
            found = getattr(importlib.import_module(module), attr, None)
            return found if isinstance(found, click.Command) else None  # an unfinished module hides its command

        return super().get_command(ctx, name)

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """As click's, but a usage mistake is reported in a drafter's words (exit 2)."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as err:
            click.echo(usage_message(err), err=True)
            sys.exit(EXIT_INVALID)
        except click.ClickException as err:
            err.show()
            sys.exit(err.exit_code)
        except click.Abort:
            click.echo("已中止", err=True)
            sys.exit(EXIT_FAILED)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


# Click's usage messages, in words a drafter reads; anything else is shown as click says it.
USAGE_WORDS = (
    (r"Missing argument '(.+)'\.", r"缺少参数 \1"),
    (r"No such option '(.+)'\. Did you mean '(.+)'\?", r"没有选项 \1；是否想写 \2？"),
    (r"No such option: (\S+)", r"没有选项 \1"),
    (r"No such option '(.+)'\.", r"没有选项 \1"),
    (r"No such command '(.+)'\. Did you mean '(.+)'\?", r"没有命令“\1”；是否想写“\2”？"),
    (r"No such command '(.+)'\.", r"没有命令“\1”"),
    (r"Got unexpected extra arguments? \((.+)\)", r"多余的参数：\1"),
    (r"Option '(.+)' requires an argument\.", r"选项 \1 需要一个值"),
    (r"Invalid value for '(.+)': '(.*)' is not one of (.+)\.", r"选项 \1 的值“\2”无效，可选：\3"),
    (r"Invalid value for '(.+)': (?:File|Path) '(.+)' is a directory\.", r"\1 须为文件，“\2”是一个目录"),
    (r"Invalid value for '(.+)': (.+)", r"参数 \1 的值无效：\2"),
)


def usage_message(err: click.UsageError) -> str:
    import re

    text = err.format_message()
    for pattern, words in USAGE_WORDS:
        if re.fullmatch(pattern, text):
            text = re.sub(pattern, words, text)
            break
    command = err.ctx.command_path if err.ctx is not None else "policylang"
    return f"错误[U001]: 命令用法有误：{text}\n  = 建议: 运行 {command} --help 查看用法"


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policylang")
def main() -> None:
    """policylang：把补贴政策条文写成可运行、可检查、可比较的代码。

    退出码：0 成功；1 条件未通过（测试失败、检查出错误）；2 输入无效（政策或案例文件有误）。
    """


def show_warnings(warnings: list[Any]) -> None:
    """Load warnings (e.g. contradictory boundary words) go to stderr; they never change the exit code."""
    for w in warnings:
        click.echo(w.render(), err=True)


def unknown_clause(citation: str, policy: Any) -> Any:
    """`--clause X` naming no clause: located on the option's value, with the nearest citation."""
    from policylang.errors import Diagnostic, Source, Span
    from policylang.frontend.units import suggest

    ids = [c.citation for c in policy.clauses]
    near = suggest(citation, ids)
    span = Span(Source("--clause", citation), 1, 1, 1, len(citation) + 1)
    hint = f"是否想写“{near}”？" if near else "政策中的条款：" + "、".join(ids)
    return Diagnostic("E001", f"政策中没有条款“{citation}”", span, suggestion=hint)


def parse_settings(settings: tuple[str, ...], policy: Any) -> dict[str, Any]:
    from policylang.readers.cases import parse_setting

    return dict(parse_setting(s, policy) for s in settings)


@main.command("eval")
@click.argument("policy_file", metavar="POLICY.pol", type=click.Path(dir_okay=False))
@click.argument("case_file", metavar="CASE.yaml", type=click.Path(dir_okay=False))
@click.option("--clause", "clauses", multiple=True, metavar="ID", help="只计算这些条款（可重复），如 --clause 一(二)1")
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    help="假定一个值（原文未规定的参数，或覆盖案例中的事实），输出会注明是假定的",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="输出格式")
@click.option("--explain", is_flag=True, help="逐条列出条件、带数值的公式、各上限及原文")
@report_errors
def eval_command(
    policy_file: str, case_file: str, clauses: tuple[str, ...], settings: tuple[str, ...], fmt: str, explain: bool
) -> None:
    """计算一个企业（案例）按政策可获得的金额，逐条款给出理由与出处。"""
    from policylang import load_case_file, load_policy
    from policylang.readers.cases import missing_facts
    from policylang.backends.exact import evaluate
    from policylang.report.explain import dumps
    from policylang.report.explain import explain as explain_text
    from policylang.report.explain import table

    warnings: list[Any] = []
    policy = load_policy(policy_file, warnings)
    show_warnings(warnings)
    only = list(clauses) or None
    if only:
        unknown = [c for c in only if policy.clause(c) is None]
        if unknown:
            raise PolicyError([unknown_clause(c, policy) for c in unknown])
    overrides = parse_settings(settings, policy)
    case = load_case_file(case_file, policy)
    missing_facts(policy, case, only, overrides)
    result = evaluate(policy, case.facts, overrides, only)
    if fmt == "json":
        click.echo(dumps(result))
    elif explain:
        click.echo(explain_text(result))
    else:
        click.echo(table(result))


if __name__ == "__main__":  # pragma: no cover
    main()
