"""Issue 11 hardening of the tools: test discovery, check --counterexamples onto a bad target, W201 per clause.

Each test runs the CLI with the exact input the issue reported.
"""

from __future__ import annotations

from pathlib import Path

from policylang.report.i18n import language

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


# ---------------------------------------------------------------------------- test discovery
def test_bare_test_at_the_repository_root_skips_the_broken_fixture_suites(run, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, err = run("test")
    assert (code, err) == (0, "")
    assert "fixtures" not in out
    assert "policies/jixi.cases.yaml" in out and "policies/lianyungang.cases.yaml" in out


def test_a_fixtures_folder_given_by_name_still_runs(run, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, _, err = run("test", "tests/fixtures/testing/bad")
    assert code == 2 and "bad/yaml_syntax.cases.yaml" in err


def _suite_tree(tmp_path: Path) -> None:
    """A good suite at the top, copies of a broken one where discovery must not look."""
    good = FIXTURES / "testing" / "good"
    (tmp_path / "trade.pol").write_text((good / "trade.pol").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "trade.cases.yaml").write_text(
        (good / "trade.cases.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    broken = (FIXTURES / "testing" / "bad" / "yaml_syntax.cases.yaml").read_text(encoding="utf-8")
    for folder in ("fixtures/deep", "venv", ".venv", "env_with_cfg", "marked/inner", ".hidden"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "broken.cases.yaml").write_text(broken, encoding="utf-8")
    (tmp_path / "env_with_cfg" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (tmp_path / "marked" / ".policylang-skip").write_text("", encoding="utf-8")


def test_discovery_skips_fixtures_venvs_hidden_and_marked_folders(run, tmp_path, monkeypatch):
    _suite_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run("test")
    assert (code, err) == (0, ""), err
    assert "broken" not in out and "trade.cases.yaml" in out


def test_a_marked_folder_given_by_name_still_runs(run, tmp_path, monkeypatch):
    _suite_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, _, err = run("test", "marked")
    assert code == 2 and "broken.cases.yaml" in err


# ---------------------------------------------------------------------------- check --counterexamples
LIANYUNGANG = ROOT / "policies" / "lianyungang.pol"


def test_counterexamples_onto_a_file_is_a_located_error_in_the_users_language(run, tmp_path):
    target = tmp_path / "反例.txt"
    target.write_text("keep me\n", encoding="utf-8")
    code, out, err = run("check", LIANYUNGANG, "--counterexamples", target)
    assert code == 2 and out == ""
    assert "错误[F003]" in err and "是一个文件，不是目录" in err and "--> --counterexamples:1:1" in err
    assert "Traceback" not in err and "Directory" not in err and "is a file" not in err
    assert target.read_text(encoding="utf-8") == "keep me\n"
    with language("en"):
        code, _, err = run("--lang", "en", "check", LIANYUNGANG, "--counterexamples", target)
    assert code == 2 and "error[F003]" in err and "is a file, not a folder" in err


def test_counterexamples_below_a_file_is_a_located_error(run, tmp_path):
    (tmp_path / "plain").write_text("", encoding="utf-8")
    code, _, err = run("check", LIANYUNGANG, "--counterexamples", tmp_path / "plain" / "sub")
    assert code == 2 and "错误[F003]" in err and "Traceback" not in err


def test_counterexamples_onto_a_full_disk_is_a_located_error_and_leaves_no_partial_file(run, tmp_path, monkeypatch):
    import errno

    real_write = Path.write_text

    def full_disk(self: Path, data: str, *args: object, **kwargs: object) -> int:
        real_write(self, data[: len(data) // 2], encoding="utf-8")  # half the bytes land, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full_disk)
    code, out, err = run("check", LIANYUNGANG, "--counterexamples", tmp_path / "out")
    assert code == 2 and out == ""
    assert "错误[F003]" in err and "磁盘已满" in err and "No space" not in err
    assert list((tmp_path / "out").iterdir()) == []


# ---------------------------------------------------------------------------- W201 only with its clause
# The seed as it was before 语言版本 2: policies/lianyungang.pol now states its reading (读作 含), no W201.
LIANYUNGANG_V1 = FIXTURES / "bounds" / "lianyungang_v1.pol"


def _case(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


PLATFORM = "为跨境电商综合服务平台企业: 是\n服务跨境电商企业数: 50家\n平台跨境电商交易实绩: 12亿元\n"
FAIR = "境内重点展会展位:\n  - {展会: 中国进出口商品交易会, 展位费: 1.2万元}\n"


def test_eval_of_another_clause_prints_no_w201(run, tmp_path):
    code, out, err = run("eval", LIANYUNGANG_V1, _case(tmp_path, "fair.yaml", FAIR), "--clause", "一(一)")
    assert (code, err) == (0, "")
    assert "6,000.00元" in out


def test_eval_of_the_clause_prints_w201_naming_it(run, tmp_path):
    code, out, err = run("eval", LIANYUNGANG_V1, _case(tmp_path, "platform.yaml", PLATFORM), "--clause", "三(一)3")
    assert code == 0 and "1,000,000.00元" in out
    assert err.count("警告[W201]") == 1
    assert "--> " in err and "lianyungang_v1.pol:167:7" in err and "= 条款: 三(一)3" in err
    with language("en"):
        _, _, err = run("--lang", "en", "eval", LIANYUNGANG_V1, tmp_path / "platform.yaml", "--clause", "三(一)3")
    assert "warning[W201]" in err and "= clause: 三(一)3" in err


def test_eval_of_the_whole_policy_prints_w201_once(run, tmp_path):
    code, _, err = run("eval", LIANYUNGANG_V1, _case(tmp_path, "fair.yaml", FAIR))
    assert code == 0 and err.count("警告[W201]") == 1 and "= 条款: 三(一)3" in err


def test_check_always_reports_the_contradictory_boundary(run):
    _, out, _ = run("check", LIANYUNGANG_V1)
    assert "警告[TIER005]" in out and "lianyungang_v1.pol:167:" in out


def test_a_warning_outside_every_clause_is_always_shown(run, tmp_path):
    policy = LIANYUNGANG_V1.read_text(encoding="utf-8")
    # the same contradictory words in a shared definition, which no one clause owns
    marker = "\n条款 一(一) "
    assert marker in policy
    shared = "\n定义 大平台 = 服务跨境电商企业数 超过 50家(含)\n"
    (tmp_path / "lyg.pol").write_text(policy.replace(marker, shared + marker, 1), encoding="utf-8")
    code, _, err = run("eval", tmp_path / "lyg.pol", _case(tmp_path, "fair.yaml", FAIR), "--clause", "一(一)")
    assert code == 0 and err.count("警告[W201]") == 1 and "条款:" not in err
