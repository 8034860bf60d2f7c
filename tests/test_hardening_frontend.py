"""Issue 11, policy text: literal slips that loaded and paid a wrong number, and citations whose bracket
width made one clause two.

- `50 × 参展费用` (a rate written without %) paid 50× the cost: now T114, suggesting `50% × 参展费用`.
  Explicit counts still load: 50倍, a 数 fact, a quantity with its unit, the text's own `2 × 0.8万元`.
- a literal `÷ 0` loaded: now T115, located on the divisor.
- `五（三）1` and `五(三)1` were two clauses: now one citation everywhere (C010, 合计上限, 取高不重复,
  --clause, 条款: and 期望: keys in suites), shown as the policy writes it.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from golden import assert_golden

HERE = FIXTURES / "hardening_frontend"
GOLDEN = Path(__file__).resolve().parent / "golden" / "hardening_frontend"
COST = HERE / "cost.yaml"


@pytest.fixture
def at_root(monkeypatch):
    """Paths in messages are as given on the command line: run from the repository root."""
    monkeypatch.chdir(ROOT)


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def policy_text(award: str, facts: str = "事实 参展费用: 金额") -> str:
    return (
        '政策 "测试" {\n  文号 "测试〔2023〕11号"\n  年度 2023\n  币种 人民币\n  舍入 四舍五入 到 分\n}\n\n'
        f'{facts}\n\n条款 一(一) "展会补贴" {{\n  奖励 {award}\n}}\n'
    )


def load_error_codes(text: str) -> list[str]:
    from policylang import PolicyError
    from policylang.compiler.lower import load

    with pytest.raises(PolicyError) as raised:
        load(text, "t.pol")
    return [d.code for d in raised.value.diagnostics]


@pytest.mark.parametrize(
    "name, code",
    [("bare_times_money", "T114"), ("divide_by_zero", "T115"), ("citation_twice", "C010")],
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_policy_slip_is_a_located_load_error_in_both_languages(run, at_root, name, code, lang):
    code_seen, out, err = run("--lang", lang, "eval", rel(HERE / f"{name}.pol"), rel(COST))
    assert code_seen == 2 and out == "", err
    assert f"[{code}]" in err.splitlines()[0] and "Traceback" not in err
    assert_golden(GOLDEN / (f"{name}.txt" if lang == "zh" else f"{name}.en.txt"), err)


def test_bare_number_times_the_cost_suggests_the_rate_with_percent(run, at_root):
    _, _, err = run("eval", rel(HERE / "bare_times_money.pol"), rel(COST))
    assert "50% × 参展费用" in err and "bare_times_money.pol:12:6" in err


@pytest.mark.parametrize(
    "award",
    ["50 × 参展费用", "参展费用 × 50", "0.5 × 参展费用", "(参展费用 - 100元) × 2", "最小(参展费用, 1万元) × 3"],
)
def test_every_bare_number_times_a_case_amount_is_rejected(award):
    assert load_error_codes(policy_text(award)) == ["T114"]


@pytest.mark.parametrize("divisor", ["0", "0元", "0%", "0.0"])
def test_every_literal_zero_divisor_is_rejected(divisor):
    assert load_error_codes(policy_text(f"参展费用 ÷ {divisor}")) == ["T115"]


def test_explicit_counts_and_the_texts_own_multiples_still_load_and_pay(run, at_root):
    code, out, err = run("--lang", "zh", "eval", rel(HERE / "explicit_counts.pol"), rel(HERE / "explicit_counts.yaml"))
    assert code == 0, err
    for line in ("2,000.00元", "3,000.00元", "500.00元", "16,000.00元", "合计：23,500.00元"):
        assert line in out


def test_full_width_citations_in_group_cap_and_exclusive_find_the_declared_clauses(run, at_root):
    code, out, err = run("--lang", "zh", "eval", rel(HERE / "citations.pol"), rel(COST))
    assert code == 0, err
    assert "五(三)2  乙    40,000.00元  受“五（三）合计最高10万元”限制" in out
    assert "五(五)   丁         0.00元  取高不重复：已按 五(四) 给予" in out
    assert "合计：130,000.00元" in out


@pytest.mark.parametrize("written", ["五（三）1", "五(三)1", "五（三)1"])
def test_clause_option_finds_the_clause_whatever_the_bracket_width(run, at_root, written):
    code, out, err = run("--lang", "zh", "eval", rel(HERE / "citations.pol"), rel(COST), "--clause", written)
    assert code == 0, err
    assert "五(三)1  甲    60,000.00元" in out and "合计：60,000.00元" in out


def test_suite_keys_written_full_width_check_the_half_width_clauses(run, at_root):
    code, out, err = run("--lang", "zh", "test", rel(HERE / "citations.cases.yaml"))
    assert code == 0, out + err
    assert "1 通过，0 失败" in out


def test_one_expectation_written_in_both_widths_is_given_twice(run, at_root, tmp_path):
    suite = tmp_path / "citations.cases.yaml"
    suite.write_text(
        "案例:\n  - 名称: 两种括号\n    事实:\n      参展费用: 1000元\n"
        "    期望:\n      五(三)1: 6万元\n      五（三）1: 6万元\n",
        encoding="utf-8",
    )
    (tmp_path / "citations.pol").write_text((HERE / "citations.pol").read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run("--lang", "zh", "test", suite)
    assert code == 2 and "U019" in err, out + err


def test_the_api_finds_a_clause_by_either_width():
    from policylang import evaluate, load_policy

    policy = load_policy(HERE / "citations.pol")
    found = policy.clause("五（三）1")
    assert found is not None and found.citation == "五(三)1"
    assert [g.citations for g in policy.group_caps] == [("五(三)1", "五(三)2")]
    assert policy.clause("五（三）1") is policy.clause("五(三)1")
    assert [e.citations for e in policy.exclusive] == [("五(四)", "五(五)")]
    result = evaluate(policy, {"参展费用": Fraction(1000)}, {}, ["五（三）1"])
    assert [(c.citation, c.amount) for c in result.clauses] == [("五(三)1", Fraction(60000))]


@pytest.mark.parametrize("written", ["五（三）1", "五(三)1"])
def test_batch_clause_option_finds_the_clause_whatever_the_bracket_width(run, at_root, written):
    population = rel(HERE / "population.csv")
    code, out, err = run("--lang", "zh", "batch", rel(HERE / "citations.pol"), population, "--clause", written)
    assert code == 0, err
    assert "合计：60,000.00元（获得奖励的企业 1 家）" in out
