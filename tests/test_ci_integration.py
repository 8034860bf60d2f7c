"""The CI pieces policy teams copy: the GitHub workflow and the pre-commit hooks, run for real."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "policylang.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
VENV_BIN = Path(sys.executable).parent


def tool_env(**extra: str) -> dict[str, str]:
    """The environment a CI step sees: this interpreter's scripts (policylang) first on PATH."""
    env = dict(os.environ)
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
        env=tool_env(
            GIT_AUTHOR_NAME="t",
            GIT_AUTHOR_EMAIL="t@example.org",
            GIT_COMMITTER_NAME="t",
            GIT_COMMITTER_EMAIL="t@example.org",
        ),
    ).stdout


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git 不可用：无法建立临时仓库")


# ---------------------------------------------------------------------------- the workflow file
@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(workflow: dict) -> list[dict]:
    return [s for job in workflow["jobs"].values() for s in job["steps"]]


def step_running(workflow: dict, command: str) -> dict:
    found = [s for s in steps(workflow) if re.search(rf"\bpolicylang {command}\b", s.get("run", ""))]
    assert len(found) == 1, f"the workflow should run `policylang {command}` in exactly one step"
    return found[0]


def test_workflow_runs_on_push_and_pull_request(workflow):
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in triggers and "pull_request" in triggers
    assert workflow["permissions"]["security-events"] == "write"


def test_workflow_uploads_the_check_sarif(workflow):
    check = step_running(workflow, "check")
    sarif_file = re.search(r"--format sarif .*> (\S+)", check["run"]).group(1)  # type: ignore[union-attr]
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == sarif_file
    assert "always()" in upload["if"]
    assert "--format junit" in step_running(workflow, "test")["run"]


def test_workflow_diffs_only_on_pull_requests_into_the_step_summary(workflow):
    diff = step_running(workflow, "diff")
    assert diff["if"] == "github.event_name == 'pull_request'"
    assert "GITHUB_STEP_SUMMARY" in diff["run"] and "BASE_SHA" in diff["env"]


def run_step(step: dict, workflow: dict, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """A run: step as GitHub runs it (bash -e -o pipefail), with the workflow's env."""
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step["run"]],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=tool_env(**{**workflow.get("env", {}), **step.get("env", {}), **env}),
    )


@pytest.fixture
def policy_workspace(tmp_path: Path, workflow: dict) -> Path:
    """A checkout of this repository's policies (with the official texts their 原文件 names, in
    policies/sources/), where the steps may write their reports."""
    folder = workflow["env"]["POLICIES"]
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / folder, checkout / folder)
    return checkout


@pytest.mark.parametrize("command", ["fmt", "check", "test"])
def test_workflow_step_runs_against_this_repositorys_policies(command, workflow, policy_workspace):
    step = step_running(workflow, command)
    done = run_step(step, workflow, policy_workspace)
    assert done.returncode == 0, f"$ {step['run']}\n{done.stdout}\n{done.stderr}"
    if command == "check":
        sarif = json.loads((policy_workspace / "policylang.sarif").read_text(encoding="utf-8"))
        assert sarif["version"] == "2.1.0" and sarif["runs"][0]["tool"]["driver"]["name"] == "policylang"
    if command == "test":
        report = ET.parse(policy_workspace / "policylang-junit.xml").getroot()
        assert report.tag == "testsuites" and int(report.get("tests", "0")) > 0
        assert report.get("failures") == "0"


def test_the_check_step_still_fails_on_invalid_input(workflow, policy_workspace):
    folder = policy_workspace / workflow["env"]["POLICIES"]
    (folder / "broken.pol").write_text('政策 "t" {}\n条款 一(一) {\n', encoding="utf-8")
    done = run_step(step_running(workflow, "check"), workflow, policy_workspace)
    assert done.returncode == 2, done.stderr


def test_the_check_step_fails_on_an_error_finding(workflow, policy_workspace):
    """Exit 1 (an error finding no 已知 acknowledges) fails the job; the SARIF is still written for upload."""
    folder = policy_workspace / workflow["env"]["POLICIES"]
    shutil.copy(ROOT / "tests" / "fixtures" / "check" / "tier_gap.pol", folder / "tier_gap.pol")
    done = run_step(step_running(workflow, "check"), workflow, policy_workspace)
    assert done.returncode == 1, done.stderr
    sarif = json.loads((policy_workspace / "policylang.sarif").read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    assert any(r["ruleId"] == "TIER001" and "suppressions" not in r for r in results)
    assert any(r["ruleId"] == "TIER001" and r.get("suppressions") for r in results)  # lianyungang's, acknowledged


@needs_git
def test_the_diff_step_reports_each_changed_policy_in_the_summary(workflow, policy_workspace):
    folder = workflow["env"]["POLICIES"]
    repo = policy_workspace
    target = sorted((repo / folder).glob("*.pol"))
    assert target, "policies/ has no .pol file"
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "base", cwd=repo)
    base = git("rev-parse", "HEAD", cwd=repo).strip()
    policy = target[0]
    text = policy.read_text(encoding="utf-8")
    raised, count = re.subn(
        r'(上限 "[^"]*" )(\d+)万元', lambda m: f"{m.group(1)}{int(m.group(2)) + 1}万元", text, count=1
    )
    assert count == 1, f"{policy.name} has no 上限 … N万元 to raise"
    policy.write_text(raised, encoding="utf-8")
    (repo / folder / "new-policy.pol").write_text(
        (EXAMPLES / "exhibition.pol").read_text(encoding="utf-8"), encoding="utf-8"
    )
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "revision", cwd=repo)
    summary = repo / "summary.md"
    done = run_step(step_running(workflow, "diff"), workflow, repo, BASE_SHA=base, GITHUB_STEP_SUMMARY=str(summary))
    assert done.returncode == 0, done.stdout + done.stderr
    report = summary.read_text(encoding="utf-8")
    name = f"{folder}/{policy.name}"
    assert f"## policylang diff：`{name}`" in report
    assert "含义的变化（1 项）" in report and "[上限]" in report
    if (repo / folder / f"{policy.stem}.cases.yaml").exists():
        assert "案例影响" in report
    assert f"## policylang diff：`{folder}/new-policy.pol`" in report and "新文件" in report


# ---------------------------------------------------------------------------- pre-commit
def test_hooks_file_declares_the_three_hooks():
    hooks = {h["id"]: h for h in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}
    assert set(hooks) == {"policylang-fmt", "policylang-check", "policylang-test"}
    for hook_id, hook in hooks.items():
        assert hook["language"] == "python" and hook["entry"] == "policylang " + hook_id.split("-")[1]
        assert re.search(hook["files"], "policies/jixi.pol")
    assert re.search(hooks["policylang-test"]["files"], "policies/jixi.cases.yaml")
    assert hooks["policylang-test"]["pass_filenames"] is False


SUITE = """\
案例:
  - 名称: 示例企业的展会补助
    事实:
      境内展位:
        - {展会: 中国进出口商品交易会, 展位费: 1.2万元}   # 50% = 0.6万元
        - {展会: 中国进出口商品交易会, 展位费: 2万元}     # 50% = 1万元 → 单个展位最高 0.8万元
        - {展会: 中国进出口商品交易会, 展位费: 0.9万元}   # 50% = 0.45万元；同一展会至多2个：不计
      境外展位:
        - {展会: 汉诺威工业博览会, 计划类: 是, 展位费: 6万元, 省级补助: 2万元}   # 80% × 6 − 2 = 2.8万元
        - {展会: 汉诺威工业博览会, 计划类: 是, 展位费: 5万元, 省级补助: 1万元}   # 80% × 5 − 1 = 3万元
        - {展会: 汉诺威工业博览会, 计划类: 是, 展位费: 4万元, 省级补助: 0元}     # 80% × 4 = 3.2万元
        - {展会: 美国拉斯维加斯消费电子展, 展位费: 3万元}                         # 70% × 3 = 2.1万元
    期望:
      一(一): 1.4万元      # 0.8 + 0.6
      一(二)1: 8.3万元     # 汉诺威取最高2个 3.2 + 3 = 6.2万元（未超同一展会 8万元），另加 2.1万元
      合计: 9.7万元
"""


def pre_commit_executable() -> str | None:
    local = VENV_BIN / "pre-commit"
    return str(local) if local.exists() else shutil.which("pre-commit")


def committed_hooks_rev() -> str | None:
    """This repository's HEAD, if it is a git checkout whose HEAD has the hooks file."""
    try:
        rev = git("rev-parse", "HEAD", cwd=ROOT).strip()
        git("cat-file", "-e", f"{rev}:.pre-commit-hooks.yaml", cwd=ROOT)
    except (subprocess.CalledProcessError, FileNotFoundError):
        return None
    return rev


@pytest.mark.slow  # ~15–25 s: pre-commit builds a virtualenv with policylang in it
@needs_git
@pytest.mark.skipif(pre_commit_executable() is None, reason="pre-commit 不可用（pip install -e '.[dev]' 会安装它）")
def test_pre_commit_hooks_from_this_repository(tmp_path):
    rev = committed_hooks_rev()
    if rev is None:
        pytest.skip("本仓库不是 git 检出，或 HEAD 中没有 .pre-commit-hooks.yaml：pre-commit 只能从已提交的版本安装钩子")
    repo = tmp_path / "policies-repo"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    pretty = (EXAMPLES / "exhibition.pol").read_text(encoding="utf-8")
    ugly = pretty.replace("\n  年度 2023", "\n        年度 2023")
    (repo / "exhibition.pol").write_text(ugly, encoding="utf-8")
    (repo / "exhibition.cases.yaml").write_text(SUITE, encoding="utf-8")
    config = {
        "repos": [
            {
                "repo": str(ROOT),
                "rev": rev,
                "hooks": [{"id": "policylang-fmt"}, {"id": "policylang-check"}, {"id": "policylang-test"}],
            }
        ]
    }
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    git("add", "-A", cwd=repo)
    env = tool_env(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))

    def pre_commit(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [pre_commit_executable(), "run", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=900
        )  # type: ignore[list-item]

    first = pre_commit("--all-files")
    assert first.returncode == 1, first.stdout + first.stderr
    assert re.search(r"policylang fmt\.+Failed", first.stdout) and "files were modified by this hook" in first.stdout
    assert (repo / "exhibition.pol").read_text(encoding="utf-8") == pretty
    assert re.search(r"policylang check\.+Passed", first.stdout), first.stdout
    assert re.search(r"policylang test\.+Passed", first.stdout), first.stdout
    git("add", "-A", cwd=repo)
    second = pre_commit("--all-files")
    assert second.returncode == 0, second.stdout + second.stderr

    (repo / "exhibition.cases.yaml").write_text(SUITE.replace("合计: 9.7万元", "合计: 9.8万元"), encoding="utf-8")
    failing = pre_commit("policylang-test", "--all-files")
    assert failing.returncode == 1 and re.search(r"policylang test\.+Failed", failing.stdout), failing.stdout
    (repo / "bad.pol").write_text('政策 "t" {}\n条款 一(一) {\n', encoding="utf-8")
    git("add", "-A", cwd=repo)
    broken = pre_commit("policylang-fmt", "--files", "bad.pol")
    assert broken.returncode == 1 and re.search(r"policylang fmt\.+Failed", broken.stdout)
    assert "bad.pol:2:" in broken.stdout + broken.stderr
    assert (repo / "bad.pol").read_text(encoding="utf-8") == '政策 "t" {}\n条款 一(一) {\n'
