import pytest
from conftest import EXAMPLES


def test_example_evaluates_with_table(run):
    code, out, err = run("eval", EXAMPLES / "exhibition.pol", EXAMPLES / "exhibition.case.yaml")
    assert code == 0, err
    assert "合计：97,000.00元" in out


def test_version(run):
    code, out, _ = run("--version")
    assert code == 0 and "policylang" in out


def test_readme_seed_example_totals_as_worked_by_hand(run):
    from conftest import POLICIES

    code, out, err = run("eval", POLICIES / "jixi.pol", EXAMPLES / "jixi" / "processing-firm.yaml")
    assert code == 0, err
    for line in ("400,000.00元", "600,000.00元", "50,000.00元", "220,000.00元", "合计：1,270,000.00元"):
        assert line in out


@pytest.mark.parametrize(
    "args, words",
    [
        (["eval", "examples/exhibition.pol"], "缺少参数 CASE.yaml"),
        (["eval", "--explian", "a", "b"], "没有选项 --explian；是否想写 --explain？"),
        (["evl"], "没有命令“evl”；是否想写“eval”？"),
        (["eval", "examples", "examples/exhibition.case.yaml"], "是一个目录"),
        (
            ["eval", "examples/exhibition.pol", "examples/exhibition.case.yaml", "--format", "xml"],
            "选项 --format 的值“xml”无效",
        ),
    ],
)
def test_usage_mistakes_are_explained_in_a_drafters_words(run, args, words):
    from conftest import ROOT

    code, out, err = run(*[str(ROOT / a) if a.startswith("examples") else a for a in args])
    assert code == 2 and out == ""
    assert err.startswith("错误[E002]: 命令用法有误：") and words in err
    assert "--help" in err and "Traceback" not in err


def test_the_public_api_runs_the_example_as_the_cli_does():
    from fractions import Fraction

    from policylang import evaluate, load_case_file, load_policy

    policy = load_policy(EXAMPLES / "exhibition.pol")
    case = load_case_file(EXAMPLES / "exhibition.case.yaml", policy)
    result = evaluate(policy, case.facts)
    assert result.total == Fraction(97000)
    assert [c.amount for c in result.clauses] == [Fraction(14000), Fraction(83000)]
