"""policylang check, acknowledged findings (issue 12 §5): `已知 CODE "reason"` in a clause.

The finding is still shown (marked acknowledged, with the reason), emitted in SARIF with an inSource
suppression carrying the reason, and no longer fails the run; an 已知 matching no finding is ACK001;
an unknown code is a located load-time error with a did-you-mean.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, POLICIES, ROOT, SOURCES
from golden import assert_golden

GOLDENS = ROOT / "tests" / "golden" / "check_ack"
ACK_LINE = '  已知 TIER001 "原文如此：三档之间留有空档'


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("LC_ALL", "C.UTF-8")


def check_json(run, *args: object) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    code, out, err = run("check", *args, "--format", "json")
    assert code in (0, 1), err
    return code, json.loads(out)


def lianyungang_copy(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    """lianyungang.pol changed by `edit`, its 原文件 pointed at the shared text from where it is written."""
    text = (POLICIES / "lianyungang.pol").read_text(encoding="utf-8")
    text = text.replace('"sources/', f'"{SOURCES.resolve().as_posix()}/', 1)
    changed = edit(text)
    path = tmp_path / "lianyungang.pol"
    path.write_text(changed, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------- the seed
def test_lianyungang_acknowledges_its_tier_gap_and_passes(run):
    code, out, err = run("check", "policies/lianyungang.pol")
    assert code == 0 and err == ""
    head = out.split("\n", 1)[0]
    assert head.startswith("错误[TIER001]（已确认）: 分档有缺口")
    assert "  = 已确认: 原文如此：三档之间留有空档" in out and "（policies/lianyungang.pol:" in out
    assert out.rstrip().endswith("；另有 2 项已确认，不计入")
    _, data = check_json(run, "policies/lianyungang.pol")
    gap = next(f for f in data["findings"] if f["code"] == "TIER001")
    assert gap["severity"] == "error" and gap["citation"] == "三(一)3"
    assert (
        gap["acknowledged"]["reason"].startswith("原文如此")
        and gap["acknowledged"]["file"] == "policies/lianyungang.pol"
    )
    assert data["summary"]["errors"] == 0 and data["summary"]["acknowledged"] == 2  # both gaps of 三(一)3


def test_without_its_acknowledgement_lianyungang_fails_again(run, tmp_path):
    def drop(text: str) -> str:
        lines = [line for line in text.splitlines(keepends=True) if not line.startswith(ACK_LINE)]
        assert len(lines) == len(text.splitlines()) - 1
        return "".join(lines)

    code, data = check_json(run, lianyungang_copy(tmp_path, drop))
    assert code == 1 and data["summary"]["errors"] == 2 and data["summary"]["acknowledged"] == 0
    assert not any("acknowledged" in f for f in data["findings"])


def test_an_acknowledged_warning_does_not_fail_strict(run, tmp_path):
    """TIER005 (a warning) fails --strict; acknowledged next to 三(一)3 it no longer does. The seed states
    its reading (语言版本 2, 读作 含), which has no TIER005: the test reads it as version 1 again."""
    assert run("check", FIXTURES / "bounds" / "lianyungang_v1.pol", "--strict")[0] == 1

    def as_version_1_acknowledged(text: str) -> str:
        text = text.replace("  语言版本 2\n", "", 1).replace("50家(含) 读作 含", "50家(含)", 1)
        return text.replace(ACK_LINE, '  已知 TIER005 "按括注“(含)”计，见解读"\n' + ACK_LINE, 1)

    path = lianyungang_copy(tmp_path, as_version_1_acknowledged)
    code, out, _ = run("check", path, "--strict")
    assert code == 0, out
    assert "警告[TIER005]（已确认）" in out


# ---------------------------------------------------------------------------- SARIF
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sarif_suppression_carries_the_reason(run, lang):
    code, out, _ = run("check", "tests/fixtures/check/acknowledged.pol", "--format", "sarif", "--lang", lang)
    assert code == 0
    results = json.loads(out)["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["TIER001"]
    shown = {k: results[0][k] for k in ("ruleId", "level", "message", "locations", "suppressions")}
    assert_golden(
        GOLDENS / f"sarif_suppression{'' if lang == 'zh' else '.en'}.json",
        json.dumps(shown, ensure_ascii=False, indent=2),
    )
    (suppression,) = results[0]["suppressions"]
    assert suppression["kind"] == "inSource"
    assert suppression["justification"] == "原文如此：30家至31家之间没有一档，已函告起草部门（测试用理由）"


def test_sarif_without_acknowledgement_has_no_suppression(run):
    code, out, _ = run("check", "tests/fixtures/check/tier_gap.pol", "--format", "sarif")
    assert code == 1
    assert all("suppressions" not in r for r in json.loads(out)["runs"][0]["results"])


# ---------------------------------------------------------------------------- 已知 matching nothing
def test_an_acknowledgement_matching_no_finding_is_a_warning(run):
    code, data = check_json(run, "tests/fixtures/check/ack_unmatched.pol")
    assert code == 0
    assert [(f["code"], f["severity"], f["citation"], f["line"]) for f in data["findings"]] == [
        ("ACK001", "warning", "三(一)3", 12)
    ]
    assert run("check", "tests/fixtures/check/ack_unmatched.pol", "--strict")[0] == 1


def test_an_acknowledgement_on_another_clause_does_not_match(run, tmp_path):
    """Same code, other clause: the finding stays unacknowledged and the 已知 is ACK001."""
    text = (FIXTURES / "check" / "acknowledged.pol").read_text(encoding="utf-8")
    text = text.replace('  已知 TIER001 "原文如此：30家至31家之间没有一档，已函告起草部门（测试用理由）"\n', "")
    text += '\n条款 三(一)4 "另一条" {\n  已知 TIER001 "写错了条款"\n  奖励 1万元\n}\n'
    path = tmp_path / "elsewhere.pol"
    path.write_text(text, encoding="utf-8")
    code, data = check_json(run, path)
    assert code == 1
    found = sorted((f["code"], f["citation"], "acknowledged" in f) for f in data["findings"])
    assert found == [("ACK001", "三(一)4", False), ("TIER001", "三(一)3", False)]


# ---------------------------------------------------------------------------- 已知 refused at load time
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_unknown_code_is_a_located_error_with_a_suggestion(run, tmp_path, lang):
    text = (FIXTURES / "check" / "acknowledged.pol").read_text(encoding="utf-8")
    path = tmp_path / "unknown_code.pol"
    path.write_text(text.replace("已知 TIER001", "已知 TIER01"), encoding="utf-8")
    code, out, err = run("check", path, "--lang", lang)
    assert code == 2 and out == ""
    assert_golden(GOLDENS / f"unknown_code{'' if lang == 'zh' else '.en'}.txt", err.replace(str(tmp_path), "<tmp>"))
    assert f"{path}:12:3" in err and "TIER001" in err  # did you mean TIER001


def test_an_acknowledgement_without_a_reason_is_a_located_error(run, tmp_path):
    text = (FIXTURES / "check" / "acknowledged.pol").read_text(encoding="utf-8")
    path = tmp_path / "no_reason.pol"
    path.write_text(
        text.replace(' "原文如此：30家至31家之间没有一档，已函告起草部门（测试用理由）"', ""), encoding="utf-8"
    )
    code, _, err = run("check", path)
    assert code == 2 and "错误[C050]" in err and "已知 TIER001 没有写理由" in err and f"{path}:12:3" in err


def test_fmt_keeps_acknowledgements_and_not_encoded_lines(run):
    for name in ("acknowledged", "uncovered", "not_encoded_unmatched", "ack_unmatched"):
        code, _, err = run("fmt", "--check", FIXTURES / "check" / f"{name}.pol")
        assert code == 0, (name, err)
    assert run("fmt", "--check", "policies")[0] == 0
