"""Issue 11, output paths: a full stdout, a GBK console, errors under --format json, huge amounts.

Each test runs the exact input the issue reports, through the public CLI (a subprocess where the
stream itself is what fails: /dev/full, PYTHONIOENCODING=gbk).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT
from golden import assert_golden

GOLDEN = Path(__file__).resolve().parent / "golden" / "output"
EXHIBITION = (str(EXAMPLES / "exhibition.pol"), str(EXAMPLES / "exhibition.case.yaml"))


def policylang(*args: str, stdout: object = subprocess.PIPE, **env: str) -> subprocess.CompletedProcess[bytes]:
    """`policylang ARGS…` in a fresh interpreter, its real streams (stdout as given), extra environment."""
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **env}
    return subprocess.run(
        [sys.executable, "-m", "policylang.cli", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=environment,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


# ------------------------------------------------------------------------------------ a full stdout
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("extra", [[], ["--explain"], ["--format", "json"]])
@pytest.mark.parametrize("lang, words", [("zh", "无法写出输出：磁盘或设备已满"), ("en", "no space left on the device")])
def test_a_full_stdout_is_one_clean_line_on_stderr_and_exit_2(extra: list[str], lang: str, words: str) -> None:
    with open("/dev/full", "wb") as full:
        done = policylang("eval", *EXHIBITION, *extra, "--lang", lang, stdout=full)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2
    assert "Traceback" not in err and "Exception ignored" not in err
    assert err.strip().splitlines() == [err.strip()]
    assert "[O001]" in err and words in err


# ------------------------------------------------------------------------------------ a GBK console
def test_a_gbk_console_gets_marks_it_can_carry() -> None:
    done = policylang("eval", *EXHIBITION, "--explain", PYTHONIOENCODING="gbk")
    assert done.returncode == 0, done.stderr.decode("gbk", "replace")
    out = done.stdout.decode("gbk")  # every byte is GBK: nothing written in another encoding
    assert "√ 第1项（中国进出口商品交易会）" in out
    assert "✓" not in out and "✗" not in out
    assert "合计：97,000.00元" in out


def test_a_gbk_console_running_a_suite_gets_marks_it_can_carry() -> None:
    done = policylang("test", str(ROOT / "policies" / "lianyungang.pol"), "-v", PYTHONIOENCODING="gbk")
    assert done.returncode == 0, done.stderr.decode("gbk", "replace")
    assert "√" in done.stdout.decode("gbk") and "Traceback" not in done.stderr.decode("gbk")


def test_a_console_that_cannot_carry_the_fallback_either_gets_an_ascii_mark() -> None:
    from policylang.cli import carry_marks

    encoding_error = UnicodeEncodeError("ascii", "✓ 第1项 ✗", 0, 9, "cannot")
    assert carry_marks(encoding_error) == ("[ok] \\u7b2c1\\u9879 [x]", 9)


# ------------------------------------------------------------------------------------ --format json errors
def errors_of(out: str) -> list[dict[str, object]]:
    doc = json.loads(out)
    assert doc["schema"] == "policylang.errors/1"
    errors: list[dict[str, object]] = doc["errors"]
    return errors


def test_eval_json_with_an_unknown_clause_answers_json_on_stdout(run) -> None:
    code, out, err = run("eval", *EXHIBITION, "--format", "json", "--clause", "九")
    assert code == 2 and err == ""
    (error,) = errors_of(out)
    assert error["code"] == "E001" and error["file"] == "--clause" and error["severity"] == "error"
    assert_golden(GOLDEN / "eval_unknown_clause.json", out)


def test_eval_json_errors_are_in_english_under_lang_en(run) -> None:
    code, out, err = run("eval", *EXHIBITION, "--format", "json", "--clause", "九", "--lang", "en")
    assert code == 2 and err == ""
    assert json.loads(out)["language"] == "en"
    assert_golden(GOLDEN / "eval_unknown_clause.en.json", out)


def test_eval_json_with_a_usage_mistake_answers_json(run) -> None:
    code, out, err = run("eval", str(EXAMPLES / "exhibition.pol"), "--format", "json")
    assert code == 2 and err == ""
    (error,) = errors_of(out)
    assert error["code"] == "E002"


def test_check_json_with_a_broken_policy_answers_json(run, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pol"
    broken.write_text('政策 "x" {\n  年度 2023\n', encoding="utf-8")
    code, out, err = run("check", broken, "--format", "json")
    assert code == 2 and err == ""
    (error,) = errors_of(out)
    assert error["code"] == "P001" and error["line"] == 1 and error["column"] == 8


def test_test_json_with_no_suite_beside_the_policy_answers_json(run, tmp_path: Path) -> None:
    lonely = tmp_path / "lonely.pol"
    lonely.write_text((EXAMPLES / "exhibition.pol").read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run("test", lonely, "--format", "json")
    assert code == 2 and err == ""
    assert errors_of(out)[0]["code"] == "U020"


def test_text_format_errors_stay_text_on_stderr(run) -> None:
    code, out, err = run("eval", *EXHIBITION, "--clause", "九")
    assert code == 2 and out == "" and err.startswith("错误[E001]")


# ------------------------------------------------------------------------------------ huge amounts
HUGE_POLICY = """政策 "测试" {
  年度 2023
  币种 人民币
  舍入 四舍五入 到 分
}

事实 费用: 金额 "实际发生的费用"

条款 一 "补助" {
  原文 "按费用的三分之一给予补助。"
  奖励 费用 ÷ 3
}
"""
SIXTY_ONES = "1" * 60


@pytest.fixture
def huge(tmp_path: Path) -> tuple[Path, Path]:
    policy, case = tmp_path / "huge.pol", tmp_path / "huge.yaml"
    policy.write_text(HUGE_POLICY, encoding="utf-8")
    case.write_text(f"费用: {SIXTY_ONES}.50元\n", encoding="utf-8")
    return policy, case


def test_a_sixty_digit_amount_is_explained_exactly(run, huge: tuple[Path, Path]) -> None:
    code, out, err = run("eval", *huge, "--explain")
    assert code == 0, err
    third = "37037037037037037037037037037037037037037037037037037037037"
    assert f"÷ 3 = ≈{third}.1667元" in out
    assert "合计：" + f"{int(third):,}" + ".17元" in out


def test_a_sixty_digit_amount_goes_out_exactly_in_json(run, huge: tuple[Path, Path]) -> None:
    code, out, err = run("eval", *huge, "--format", "json")
    assert code == 0, err
    (clause,) = json.loads(out)["clauses"]
    third = "37037037037037037037037037037037037037037037037037037037037"
    assert clause["raw"] == f"{third}.166667"
    assert clause["amount"] == f"{third}.17"


def test_fraction_text_is_exact_at_any_size() -> None:
    from fractions import Fraction

    from policylang.frontend.units import fraction_text, money_text

    assert fraction_text(Fraction(10**60 * 3 + 1, 2)) == "15" + "0" * 59 + ".5"
    assert fraction_text(Fraction(1, 2**70)) == "0." + str(5**70).zfill(70)
    assert fraction_text(Fraction(-(10**70) - 1, 3)) == "≈-" + "3" * 70 + ".6667"
    assert fraction_text(Fraction(1, 8)) == "0.125" and fraction_text(Fraction(2, 3), 2) == "≈0.67"
    assert money_text(Fraction(int(SIXTY_ONES) * 1000 + 125, 1000)) == f"{int(SIXTY_ONES)}.1250元"
