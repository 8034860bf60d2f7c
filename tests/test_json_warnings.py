"""Issue 11: load warnings (W201 contradictory boundary words) under `--format json` are data in the JSON
document — `warnings` in policylang.result/2, and in policylang.errors/1 when the command then fails —
with code, message, file:line:col and the clause, and nothing on stderr; text output is unchanged."""

import json
from pathlib import Path

import pytest
from conftest import FIXTURES

# The seed as it was before 语言版本 2 (policies/lianyungang.pol now states its reading, 读作 含, and has no W201)
LIANYUNGANG = FIXTURES / "bounds" / "lianyungang_v1.pol"
PLATFORM = "为跨境电商综合服务平台企业: 是\n服务跨境电商企业数: 50家\n平台跨境电商交易实绩: 12亿元\n"
MESSAGES = {
    "zh": "边界自相矛盾：“超过”不含本数，而“(含)”含本数；按“(含)”计算",
    "en": "the boundary contradicts itself: “超过” excludes the bound, but “(含)” includes the bound; computed as “(含)”",
}


# The line of 三(一)3's contradictory boundary word in the seed, found rather than hard-coded
# (the seed's header grows; the warning must follow the line, not a number).
W201_LINE = next(
    n
    for n, line in enumerate(Path(LIANYUNGANG).read_text(encoding="utf-8").splitlines(), start=1)
    if "超过 50家(含)" in line
)


@pytest.fixture
def platform(tmp_path: Path) -> Path:
    case = tmp_path / "platform.yaml"
    case.write_text(PLATFORM, encoding="utf-8")
    return case


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_eval_json_carries_w201_in_the_document_not_on_stderr(run, platform, lang):
    code, out, err = run("--lang", lang, "eval", LIANYUNGANG, platform, "--clause", "三(一)3", "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["schema"] == "policylang.result/2" and doc["total"] == "1000000.00"
    [warning] = doc["warnings"]
    assert warning["code"] == "W201" and warning["severity"] == "warning"
    assert warning["message"] == MESSAGES[lang]
    assert (Path(warning["file"]).name, warning["line"], warning["column"]) == ("lianyungang_v1.pol", W201_LINE, 7)
    assert warning["citation"] == "三(一)3"
    assert warning["suggestion"]


def test_eval_json_of_another_clause_has_an_empty_warnings_array(run, platform):
    code, out, err = run("eval", LIANYUNGANG, platform, "--clause", "一(一)", "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["warnings"] == []


def test_a_failure_after_the_warning_keeps_it_in_the_errors_document(run, platform):
    code, out, err = run("eval", LIANYUNGANG, platform, "--clause", "三(一)3", "--clause", "九", "--format", "json")
    assert (code, err) == (2, "")
    doc = json.loads(out)
    assert doc["schema"] == "policylang.errors/1"
    assert [e["code"] for e in doc["errors"]] == ["E001"]
    assert [(w["code"], w["citation"]) for w in doc["warnings"]] == [("W201", "三(一)3")]


def test_an_errors_document_without_warnings_has_no_warnings_field(run, platform):
    code, out, _ = run("eval", LIANYUNGANG, platform, "--clause", "九", "--format", "json")
    assert code == 2 and "warnings" not in json.loads(out)


def test_text_output_still_prints_the_warning_on_stderr(run, platform):
    code, out, err = run("eval", LIANYUNGANG, platform, "--clause", "三(一)3")
    assert code == 0 and "1,000,000.00元" in out and "warnings" not in out
    assert err.count("警告[W201]") == 1 and f"lianyungang_v1.pol:{W201_LINE}:7" in err
