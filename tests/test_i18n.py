"""Two languages from one catalogue, and one registry of diagnostic codes.

Every catalogue key has zh and en with the same {fields}; every code used in src is registered
once in policylang.report.codes, and every registered code is used.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "policylang"
# A quoted word that looks like a diagnostic code: T105, B044, CAP001, UNSPEC001 …
CODE = re.compile(r"""["'\[]([A-Z]{1,6}\d{3})["'\]]""")
NOT_CODES = {"I128"}  # backends/columnar.py exports the constant I128 (2**127 - 1), not a code


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_message_has_both_languages_and_the_same_fields():
    from policylang.report.i18n import catalogue

    messages = catalogue()
    assert len(messages) > 50
    for key, msg in messages.items():
        assert msg.zh.strip() and msg.en.strip(), key
        assert fields(msg.zh) == fields(msg.en), key
        if re.search(r"[\u4e00-\u9fff]", msg.zh):  # a copy of the zh text is not a translation
            assert msg.en != msg.zh, f"{key}: the English text is the Chinese one"


def test_a_key_is_defined_once():
    from policylang.report.i18n import CatalogueError, define

    with pytest.raises(CatalogueError):
        define("severity.error", zh="错误", en="error")


def codes_used_in_src() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "codes.py":
            continue
        for found in CODE.findall(path.read_text(encoding="utf-8")):
            if found not in NOT_CODES:
                used.setdefault(found, []).append(path.relative_to(SRC).as_posix())
    return used


def test_every_code_used_in_src_is_registered():
    from policylang.report.codes import REGISTRY

    missing = {c: where for c, where in codes_used_in_src().items() if c not in REGISTRY}
    assert not missing, f"codes used but not registered in report/codes.py: {missing}"


def test_every_registered_code_is_used():
    from policylang.report.codes import REGISTRY

    unused = sorted(set(REGISTRY) - set(codes_used_in_src()))
    assert not unused, f"codes registered but never used: {unused}"


def test_a_code_is_registered_once():
    from policylang.report.codes import Area, DuplicateCode, register

    with pytest.raises(DuplicateCode):
        register("T105", Area.TYPES, "unknown name")


def test_check_rules_agree_with_the_registry():
    from policylang.report.codes import REGISTRY, Area
    from policylang.tools.check.findings import RULES

    assert set(RULES) == {c for c, e in REGISTRY.items() if e.area is Area.CHECK}
    for code, rule in RULES.items():
        assert REGISTRY[code].severity.value == rule.severity, code


def test_a_message_reference_is_rendered_in_the_language_in_force():
    from policylang.errors import Diagnostic, Msg, PolicyError
    from policylang.report.i18n import language

    d = Diagnostic("E001", Msg("severity.warning"), None, suggestion="原样")
    err = PolicyError(d)
    with language("en"):
        assert str(err) == "error[E001]: warning\n  = suggestion: 原样"
        assert d.as_json()["message"] == "warning"
    with language("zh"):
        assert str(err) == "错误[E001]: 警告\n  = 建议: 原样"


def test_a_message_reference_survives_pickling():
    import pickle

    from policylang.errors import Msg

    m = Msg("severity.info", x=1)
    assert pickle.loads(pickle.dumps(m)) == m and hash(pickle.loads(pickle.dumps(m))) == hash(m)


# ------------------------------------------------------------------------------------ the CLI
GOLDEN = Path(__file__).resolve().parent / "golden" / "help"


def invoke(*args: str, env: dict[str, str | None] | None = None):
    """The CLI as a user runs it, named policylang, 80 columns wide, in a given locale."""
    from click.testing import CliRunner

    from policylang.cli import main

    locale = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": None, **(env or {})}
    result = CliRunner().invoke(main, list(args), prog_name="policylang", env=locale, terminal_width=80)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("command", [(), ("eval",)], ids=["main", "eval"])
def test_help_golden(command, lang):
    from golden import assert_golden

    code, out, err = invoke(*command, "--help", "--lang", lang)
    assert code == 0, err
    name = command[0] if command else "main"
    assert_golden(GOLDEN / (f"{name}.txt" if lang == "zh" else f"{name}.en.txt"), out)


def test_help_is_in_english_everywhere_with_lang_en():
    for command in ("eval", "test", "check", "fmt", "diff", "batch"):
        code, out, err = invoke(command, "--help", "--lang", "en")
        assert code == 0, err
        assert out.startswith("Usage: policylang " + command) and "Options:" in out, out
        assert "Show this message and exit." in out and "--lang" in out
        # the policy's own words may stand in examples: quoted, after e.g., or batch's default id columns
        described = re.sub(r"“[^”]*”|e\.g\. .*|企业名称|企业编号|企业", "", out)
        assert not re.search(r"[\u4e00-\u9fff]{2,}", described), f"{command}: {out}"


def test_chinese_help_uses_chinese_words_for_clicks_own():
    code, out, _ = invoke("eval", "--help")
    assert code == 0
    assert out.startswith("用法: policylang eval") and "选项:" in out and "显示本帮助并退出" in out
    assert "[默认：text]" in out and "Options" not in out


@pytest.mark.parametrize(
    "args, env",
    [
        (["--lang", "en", "eval", "x.pol", "y.yaml"], {}),
        (["eval", "x.pol", "y.yaml", "--lang", "en"], {}),
        (["eval", "x.pol", "y.yaml", "--lang=en"], {}),
        (["eval", "x.pol", "y.yaml"], {"LANG": "en_US.UTF-8"}),
        (["eval", "x.pol", "y.yaml"], {"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}),
    ],
    ids=["group", "subcommand", "equals", "LANG", "LC_ALL-first"],
)
def test_lang_and_locale_switch_to_english(args, env):
    code, out, err = invoke(*args, env=env)
    assert code == 2 and out == ""
    assert err.startswith("error[F001]: cannot read the policy file “x.pol”: it does not exist"), err


@pytest.mark.parametrize(
    "args, env",
    [([], {}), ([], {"LANG": "fr_FR.UTF-8"}), (["--lang", "zh"], {"LANG": "en_US.UTF-8"})],
    ids=["unset", "unknown-locale", "lang-beats-locale"],
)
def test_chinese_by_default_and_when_asked(args, env):
    code, _, err = invoke("eval", "x.pol", "y.yaml", *args, env=env)
    assert code == 2 and err.startswith("错误[F001]: 无法读取政策文件“x.pol”：不存在"), err


@pytest.mark.parametrize("args", [["eval", "a.pol", "b.yaml", "--lang", "xx"], ["--lang", "xx", "eval"]])
def test_an_unknown_language_is_a_located_usage_mistake(args):
    code, out, err = invoke(*args)
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.startswith("错误[E002]: 命令用法有误：选项 --lang 的值“xx”无效"), err
    location = re.search(r"^  --> 命令行:1:(\d+)$", err, re.M)
    assert location, err
    line = next(x for x in err.splitlines() if x.startswith("1 | "))
    caret = next(x for x in err.splitlines() if x.lstrip(" |").startswith("^"))
    assert line[caret.index("^") :].startswith("xx") and caret.count("^") == 2


def test_a_usage_mistake_in_english():
    code, _, err = invoke("eval", "--explian", "a", "b", "--lang", "en")
    assert code == 2
    assert err.startswith("error[E002]: wrong command usage: No such option '--explian'. Did you mean '--explain'?")
    assert "= suggestion: run policylang eval --help to see how it is used" in err


def test_version_is_the_installed_one():
    from importlib.metadata import version

    import policylang

    code, out, _ = invoke("--version")
    assert code == 0 and out.strip() == f"policylang {version('policylang')}"
    assert policylang.__version__ == version("policylang")


def test_the_version_is_written_once():
    root = Path(__file__).resolve().parent.parent
    assert "__version__ =" not in (root / "src" / "policylang" / "__init__.py").read_text(encoding="utf-8")
    assert re.search(r'^version = "[^"]+"$', (root / "pyproject.toml").read_text(encoding="utf-8"), re.M)


def test_group_help_imports_no_command_module():
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from policylang.cli import main\n"
        "try:\n    main(['--help', '--lang', 'en'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('z3', 'polars', 'pyarrow')\n"
        "         or m.startswith(('policylang.tools.', 'policylang.backends.columnar', 'policylang.backends.symbolic'))]\n"
        "print(heavy, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert "Commands:" in done.stdout and "batch" in done.stdout, done.stdout + done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr


def test_the_bare_command_shows_its_help_not_an_error():
    code, _, err = invoke()
    assert code == 2 and err.startswith("用法: policylang") and "错误[" not in err
    code, _, err = invoke("--lang", "en")
    assert code == 2 and err.startswith("error[E002]: wrong command usage: Missing command."), err


def test_every_command_and_option_has_its_help_in_the_catalogue():
    import click

    from policylang.cli import main
    from policylang.report.i18n import catalogue, defined

    ctx = click.Context(main)
    wanted = set()
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        assert command is not None, name
        wanted.add(f"cli.{name}.help")
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "lang":
                wanted.add(f"cli.{name}.opt.{param.name}")
    missing = sorted(k for k in wanted if not defined(k))
    assert not missing, f"help without a catalogue entry (so without English): {missing}"
    stale = sorted(
        k for k in catalogue() if re.fullmatch(r"cli\.(?!main\.|click\.)\w+\.(help|opt\.\w+)", k) and k not in wanted
    )
    assert not stale, f"catalogue help for no command or option: {stale}"
