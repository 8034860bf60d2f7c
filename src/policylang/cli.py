"""The command line: `policylang eval | test | check | fmt | diff | batch`.

Exit codes (every command): 0 done and nothing failed; 1 a condition failed (a test case, a
check error, a diff gate); 2 invalid input (a bad policy or case file, a bad option) or an output
that could not be written (a full disk, a closed pipe: one line on stderr, O001).
Heavy modules are imported inside the command that needs them, so start-up stays quick.

Errors under `--format json` are JSON too, on stdout (where the answer would have been, so a program
reads one document whatever happened), exit 2, stderr empty of them:
    {"schema": "policylang.errors/1", "language": "zh", "errors": [Diagnostic.as_json(), …]}
each error with code, severity, message and, when known, file, line, column, end_line, end_column,
citation, suggestion, notes. A case lacking a fact its result depends on (K020) is still
evaluated: eval's errors document then also holds that evaluation, `"result": {policylang.result/2}`.
Load warnings (W201, …) are text on stderr, except under `--format json`:
there they are data in the document — `warnings` in `policylang.result/2`, and in `policylang.errors/1`
when a command that had shown some fails — each as an error is (code, severity, message, file, line,
column, …, citation: the clause it stands in).

A console whose encoding cannot carry a mark (✓ ✗ under GBK or ASCII) gets one it can (√ ×, or
[ok] [x]); any other character it cannot carry is written as a \\uXXXX escape, never dropped.
"""

from __future__ import annotations

import codecs
import errno
import sys
from collections.abc import Callable
from typing import Any, NoReturn

import click

from policylang.errors import ERROR, Diagnostic, Msg, PolicyError, Source, Span, did_you_mean, severity_word
from policylang.report.i18n import LANGUAGES, defined, language, language_from_environment, set_language, t

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2
FORMATS = ("text", "json")
LANG_OPTION = "--lang"


def report_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn every PolicyError into its located message on stderr and exit 2; never a traceback."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PolicyError as err:
            fail(err, wants_json())

    return wrapper


JSON_ERRORS_SCHEMA = "policylang.errors/1"


def errors_document(diagnostics: list[Diagnostic], result: dict[str, Any] | None = None) -> str:
    """Errors as one JSON document (schema in the module docstring), in the language in force; with
    `result`, the evaluation that was still made (a case lacking a fact: K020)."""
    import json

    return json.dumps(errors_json(diagnostics, result, held_warnings()), ensure_ascii=False, indent=2)


def errors_json(
    diagnostics: list[Diagnostic], result: dict[str, Any] | None = None, warnings: list[Diagnostic] | None = None
) -> dict[str, Any]:
    """The errors document as data (errors_document; `policylang serve` answers it as its 4xx body)."""
    from policylang.report.i18n import current_language

    doc: dict[str, Any] = {
        "schema": JSON_ERRORS_SCHEMA,
        "language": current_language(),
        "errors": [d.as_json() for d in diagnostics],
    }
    if result is not None:
        doc["result"] = result
    if warnings:  # optional: only when the failing command had load warnings to show
        doc["warnings"] = [w.as_json() for w in warnings]
    return doc


def wants_json() -> bool:
    """Whether the running command was asked for `--format json`."""
    ctx = click.get_current_context(silent=True)
    return ctx is not None and ctx.params.get("fmt") == "json"


def fail(err: PolicyError, as_json: bool) -> NoReturn:
    """Show a PolicyError (JSON on stdout under --format json, else text on stderr) and exit 2."""
    if as_json:
        click.echo(errors_document(err.diagnostics))
    else:
        click.echo(err.render(), err=True)
    sys.exit(EXIT_INVALID)


# ------------------------------------------------------------------------------ output the console can carry
MARK_FALLBACKS = {"✓": ("√", "[ok]"), "✗": ("×", "[x]")}
CARRY_MARKS = "policylang-marks"


def _carries(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeError, LookupError):
        return False
    return True


def carry_marks(err: UnicodeError) -> tuple[str, int]:
    """Encoding error handler: a mark the console cannot carry becomes one it can; anything else \\uXXXX."""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    out = []
    for char in err.object[err.start : err.end]:
        fallback = next((f for f in MARK_FALLBACKS.get(char, ()) if _carries(f, err.encoding)), None)
        out.append(fallback or char.encode("ascii", "backslashreplace").decode("ascii"))
    return "".join(out), err.end


codecs.register_error(CARRY_MARKS, carry_marks)


def carry_what_the_console_can() -> None:
    """Let stdout and stderr fall back (see carry_marks) rather than fail on a character."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=CARRY_MARKS)


OUTPUT_REASONS = {
    errno.ENOSPC: "output.reason.no_space",
    errno.EPIPE: "output.reason.closed",
    errno.EIO: "output.reason.io",
}
if hasattr(errno, "EDQUOT"):
    OUTPUT_REASONS[errno.EDQUOT] = "output.reason.no_space"


def output_failed(err: OSError) -> NoReturn:
    """Stdout could not take the answer: one line on stderr, exit 2, and no second failure at exit."""
    import os

    reason = t(OUTPUT_REASONS[err.errno or 0])
    try:
        click.echo(Diagnostic("O001", Msg("output.write_failed", reason=reason)).render(), err=True)
    except OSError:
        pass  # stderr is gone too: the exit code still says it
    try:  # what is still buffered would fail again as the interpreter flushes stdout at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    sys.exit(EXIT_INVALID)


# ------------------------------------------------------------------------------ the language in force
def language_in(args: list[str]) -> str | None:
    """The value of `--lang` anywhere on the command line (before `--`), if it names a language.

    Read before Click parses anything, so `eval --help --lang en` is in English although Click
    handles --help first; an unknown value is left for Click to report as a usage mistake.
    """
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = args[i + 1] if arg == LANG_OPTION and i + 1 < len(args) else None
        if arg.startswith(LANG_OPTION + "="):
            value = arg.partition("=")[2]
        if value in LANGUAGES:
            return value
    return None


def format_in(args: list[str]) -> str | None:
    """The value of `--format` on the command line, read as language_in reads --lang (for usage mistakes)."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--format" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--format="):
            return arg.partition("=")[2]
    return None


def _chose_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        set_language(value)


def lang_option() -> click.Option:
    return click.Option(
        [LANG_OPTION],
        type=click.Choice(LANGUAGES),
        expose_value=False,
        is_eager=True,
        callback=_chose_language,
        metavar="zh|en",
        help=t("cli.opt.lang"),
    )


# Click's own words (headings, "[default: …]"), looked up in the catalogue as Click formats help.
CLICK_WORDS = {
    "Usage:": "cli.click.usage",
    "Options": "cli.click.options",
    "Positional arguments": "cli.click.arguments",
    "Commands": "cli.click.commands",
    "default: {default}": "cli.click.default",
    "required": "cli.click.required",
    "Show this message and exit.": "cli.click.help",
    "Aborted!": "cli.aborted",
}


def click_words(message: str) -> str:
    key = CLICK_WORDS.get(message)
    return t(key) if key else message  # a template stays unfilled: Click fills {default}


def _speak_click_words() -> None:
    """Click looks its words up through gettext at the moment it formats them: answer from the catalogue."""
    import click.core
    import click.formatting

    for module in (click.core, click.formatting):
        module._ = click_words  # type: ignore[attr-defined]


_speak_click_words()


def localise(name: str, command: click.Command, ctx: click.Context | None) -> click.Command:
    """Give a command its help, its options' help and a --lang option, in the language in force.

    The texts come from catalogue keys `cli.<name>.help` and `cli.<name>.opt.<parameter>`, so a
    tool module defining a command needs no translation of its own.
    """
    if defined(f"cli.{name}.help"):
        command.help = t(f"cli.{name}.help")
    if not any(p.name == "lang" for p in command.params):
        command.params.append(lang_option())
    for param in command.params:
        if isinstance(param, click.Option):
            key = "cli.opt.lang" if param.name == "lang" else f"cli.{name}.opt.{param.name}"
            if defined(key):
                param.help = t(key)
    help_option = command.get_help_option(ctx) if ctx is not None else None
    if help_option is not None:
        help_option.help = t("cli.click.help")
    return command


# Commands that live in their own stage module, imported only when that command runs.
LAZY_COMMANDS = {
    "test": "policylang.tools.testing:command",
    "check": "policylang.tools.check:command",
    "fmt": "policylang.tools.fmt:command",
    "diff": "policylang.tools.diff:command",
    "batch": "policylang.tools.batch:command",
    "init": "policylang.tools.init:command",
    "lsp": "policylang.lsp.command:command",  # pygls itself only once the server starts
    "plot": "policylang.tools.plot:command",
    "serve": "policylang.serve.command:command",  # starlette and uvicorn only once the server starts
    "sql": "policylang.tools.sql:command",  # sqlglot only when a query is built
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
            # an unfinished module hides its command
            return localise(name, found, ctx) if isinstance(found, click.Command) else None
        command = super().get_command(ctx, name)
        return localise(name, command, ctx) if command is not None else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands, from the catalogue: `policylang --help` imports no command module."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = [(n, short_help(t(f"cli.{n}.help"), limit)) for n in names]
        with formatter.section(t("cli.click.commands")):
            formatter.write_dl(rows)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        localise("main", self, ctx)
        super().format_help(ctx, formatter)

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """As click's, in the language of --lang (else the locale), and a usage mistake is located (exit 2)."""
        argv = list(sys.argv[1:] if args is None else args)
        carry_what_the_console_can()
        with language(language_in(argv) or language_from_environment()):
            if not standalone_mode:
                return super().main(argv, prog_name, complete_var, standalone_mode, **extra)
            try:
                code = super().main(argv, prog_name, complete_var, False, **extra)
                sys.stdout.flush()  # a full disk shows here when the last write was still buffered
            except OSError as err:
                if err.errno not in OUTPUT_REASONS:  # not the output's failure: no place to hide it
                    raise
                output_failed(err)
            except NoArgsIsHelp as err:  # `policylang` alone: the help, as Click shows it (exit 2)
                err.show()
                sys.exit(err.exit_code)
            except click.UsageError as err:
                fail(PolicyError(usage_diagnostic(err, argv)), format_in(argv) == "json")
            except click.ClickException as err:  # Click's own failures (a file it opened): 错误: / error:
                click.echo(f"{severity_word(ERROR)}: {err.format_message()}", err=True)
                sys.exit(err.exit_code)
            except click.Abort:
                click.echo(t("cli.aborted"), err=True)
                sys.exit(EXIT_FAILED)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


def short_help(text: str, limit: int) -> str:
    """A command's help for the list of commands: its first paragraph, cut at `limit` columns if English."""
    first = " ".join(text.split("\n\n", 1)[0].split())
    if first.isascii() and len(first) > limit:
        first = first[: max(limit - 3, 1)].rsplit(" ", 1)[0] + "..."
    return first


# Click ≥ 8.2 reports a bare group (no command) as a usage error whose message is the help.
NoArgsIsHelp: type[click.UsageError] = getattr(
    click.exceptions, "NoArgsIsHelpError", type("Never", (click.UsageError,), {})
)


# Click's usage messages → catalogue keys whose fields a, b, c are the pattern's groups.
USAGE_WORDS = (
    (r"Missing argument '(?P<a>.+)'\.", "cli.usage.missing_argument"),
    (r"Missing command\.", "cli.usage.missing_command"),
    (r"No such option '(?P<a>.+)'\. Did you mean '(?P<b>.+)'\?", "cli.usage.no_such_option_near"),
    (r"No such option: (?P<a>\S+)", "cli.usage.no_such_option"),
    (r"No such option '(?P<a>.+)'\.", "cli.usage.no_such_option"),
    (r"No such command '(?P<a>.+)'\. Did you mean '(?P<b>.+)'\?", "cli.usage.no_such_command_near"),
    (r"No such command '(?P<a>.+)'\.", "cli.usage.no_such_command"),
    (r"Got unexpected extra arguments? \((?P<a>.+)\)", "cli.usage.extra_arguments"),
    (r"Option '(?P<a>.+)' requires an argument\.", "cli.usage.needs_value"),
    (r"Invalid value for '(?P<a>.+)': '(?P<b>.*)' is not one of (?P<c>.+)\.", "cli.usage.not_a_choice"),
    (r"Invalid value for '(?P<a>.+)': (?:File|Path) '(?P<b>.+)' is a directory\.", "cli.usage.is_a_directory"),
    (r"Invalid value for '(?P<a>.+)': (?P<b>.+)", "cli.usage.invalid_value"),
)


def usage_words(text: str) -> tuple[Msg | str, tuple[str, ...]]:
    """Click's message in the catalogue's words (anything unknown as Click says it), and the values it names."""
    import re

    for pattern, key in USAGE_WORDS:
        found = re.fullmatch(pattern, text)
        if found:
            named = found.groupdict()
            return Msg(key, **named), tuple(named[k] for k in sorted(named))
    return text, ()


def usage_diagnostic(err: click.UsageError, argv: list[str]) -> Diagnostic:
    """A usage mistake located on the command line where the offending word stands."""
    problem, named = usage_words(err.format_message())
    if isinstance(err, click.NoSuchOption) and err.possibilities:  # one best guess, not Click's list
        import difflib

        best = max(err.possibilities, key=lambda p: difflib.SequenceMatcher(None, err.option_name, p).ratio())
        problem, named = Msg("cli.usage.no_such_option_near", a=err.option_name, b=best), (err.option_name,)
    command = err.ctx.command_path if err.ctx is not None else "policylang"
    return Diagnostic(
        "E002",
        Msg("cli.usage", problem=problem),
        command_line_span(argv, named),
        suggestion=Msg("cli.usage.hint", command=command),
    )


def command_line_span(argv: list[str], named: tuple[str, ...]) -> Span | None:
    """The span of the argument a usage message names (its value before the option it belongs to)."""
    import shlex

    words = [shlex.quote(a) for a in argv]
    line = " ".join(["policylang", *words])
    starts, column = [], len("policylang") + 2
    for w in words:
        starts.append(column)
        column += len(w) + 1
    for value in reversed(named):  # the value ('xx') before the option naming it ('--lang')
        for i, arg in enumerate(argv):
            if value and (arg == value or arg.endswith("=" + value)):
                return Span(Source(t("cli.command_line"), line), 1, starts[i], 1, starts[i] + len(words[i]))
    return None


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    LANG_OPTION,
    type=click.Choice(LANGUAGES),
    expose_value=False,
    is_eager=True,
    callback=_chose_language,
    metavar="zh|en",
    help="输出语言",
)
@click.version_option(package_name="policylang", prog_name="policylang", message="%(prog)s %(version)s")
def main() -> None:
    """policylang：把补贴政策条文写成可运行、可检查、可比较的代码。

    退出码：0 成功；1 条件未通过（测试失败、检查出错误）；2 输入无效（政策或案例文件有误）。
    """


HELD_WARNINGS = "policylang.warnings"  # click context meta: load warnings kept for the JSON document


def show_warnings(warnings: list[Any]) -> None:
    """Load warnings (e.g. contradictory boundary words) go to stderr as text; under `--format json` they
    are kept for the JSON document instead (held_warnings). They never change the exit code."""
    if wants_json():
        click.get_current_context().meta[HELD_WARNINGS] = list(warnings)
        return
    for w in warnings:
        click.echo(w.render(), err=True)


def held_warnings() -> list[Any]:
    """The load warnings show_warnings kept for the running command's JSON document."""
    ctx = click.get_current_context(silent=True)
    return list(ctx.meta.get(HELD_WARNINGS, ())) if ctx is not None else []


def warnings_for(warnings: list[Any], policy: Any, only: list[str] | None) -> list[Any]:
    """The load warnings that concern what is evaluated, each naming the clause it stands in.

    A warning inside a clause is shown only when that clause is evaluated (all are, without --clause);
    one outside every clause (a shared definition, a parameter) may touch any result, so it always is.
    """
    import dataclasses

    shown = []
    for w in warnings:
        owner = clause_at(w.span, policy)
        if owner is None:
            shown.append(w)
        elif only is None or any(selects(c, owner.citation) for c in only):
            shown.append(w if w.citation else dataclasses.replace(w, citation=owner.citation))
    return shown


def clause_at(span: Span | None, policy: Any) -> Any:
    """The clause whose text holds `span`, if any."""
    if span is None:
        return None
    for c in policy.clauses:
        if (
            c.span is not None
            and c.span.source.name == span.source.name
            and c.span.line <= span.line <= c.span.end_line
        ):
            return c
    return None


def selects(asked: str, citation: str) -> bool:
    """`--clause 三(二)1` selects 三(二)1 and its sub-clauses 三(二)1.零售, 三(二)1.物流."""
    from policylang.frontend.units import cites_within

    return cites_within(asked, citation)


def selected_clauses(asked: list[str], policy: Any) -> list[str]:
    """The citations `--clause` names, as the policy declares them (五（三）1 → 五(三)1), in policy
    order: a citation names its clause, else every sub-clause under it; one naming none is E001."""
    unknown = [c for c in asked if not policy.select(c)]
    if unknown:
        raise PolicyError([unknown_clause(c, policy) for c in unknown])
    chosen = {p.citation for c in asked for p in policy.select(c)}
    return [p.citation for p in policy.clauses if p.citation in chosen]


def unknown_clause(citation: str, policy: Any) -> Any:
    """`--clause X` naming no clause: located on the option's value, with the nearest citation."""
    from policylang.frontend.units import suggest

    ids = [c.citation for c in policy.clauses]
    near = suggest(citation, ids)
    span = Span(Source("--clause", citation), 1, 1, 1, len(citation) + 1)
    hint = did_you_mean(near) or Msg("cli.eval.clauses_are", ids="、".join(ids))
    from policylang.frontend.syntax import is_citation

    if not is_citation(citation):  # not a clause number at all: say which forms exist
        from policylang.frontend.units import CITATION_FORMS

        forms = tuple(f"“{f}”" for f in CITATION_FORMS)
        message = Msg("frontend.syntax.citation_form", token=citation)
        return Diagnostic(
            "E001", message, span, suggestion=hint, notes=(Msg("frontend.syntax.citation_forms", forms=forms),)
        )
    return Diagnostic("E001", Msg("cli.eval.no_clause", citation=citation), span, suggestion=hint)


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
    import json

    from policylang import load_case_file, load_policy
    from policylang.report.explain import explain as explain_text
    from policylang.report.explain import table

    warnings: list[Any] = []
    policy = load_policy(policy_file, warnings)
    only = list(clauses) or None
    show_warnings(warnings_for(warnings, policy, only))
    if only:
        only = selected_clauses(only, policy)
    overrides = parse_settings(settings, policy)
    case = load_case_file(case_file, policy)
    result, lacking = evaluation(policy, case, overrides, only)
    if fmt == "json":
        click.echo(json.dumps(eval_json(result, lacking, held_warnings()), ensure_ascii=False, indent=2))
    elif explain:
        click.echo(explain_text(result))
    else:
        click.echo(table(result))
    if lacking:
        if fmt != "json":
            click.echo(PolicyError(lacking).render(), err=True)
        sys.exit(EXIT_INVALID)


def evaluation(
    policy: Any, case: Any, overrides: dict[str, Any], only: list[str] | None
) -> tuple[Any, list[Diagnostic]]:
    """One case evaluated, and the facts it lacks where their value can change a result (K020: the
    case must be completed; the rest is still evaluated and shown). eval and `serve` /v1/eval."""
    from policylang.backends.exact import evaluate
    from policylang.readers.cases import missing_facts

    result = evaluate(policy, case.facts, overrides, only)
    return result, missing_facts(policy, case, result.needed_facts())


def eval_json(result: Any, lacking: list[Diagnostic], warnings: list[Diagnostic]) -> dict[str, Any]:
    """What `eval --format json` writes: `policylang.result/2`, or with facts lacking the errors
    document holding the evaluation as `result` (as for any exit 2). `serve` answers the same."""
    from policylang.report.explain import as_json

    return errors_json(lacking, as_json(result), warnings) if lacking else as_json(result, warnings)


if __name__ == "__main__":  # pragma: no cover
    main()
