"""policylang check, source coverage (issue 12 §2): every sentence of the official text that carries
a money amount or a rate is quoted by a clause's 原文 or set aside with 不编码 "phrase" "reason".

The official text is the header's 原文件 (relative to the policy) or --source. Both seeds pass against
../shared/sources/; a seed with a clause deleted reports that clause's sentence, located in the
official text (golden).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, POLICIES, ROOT, SOURCES
from golden import assert_golden

from policylang import load_policy
from policylang.errors import PolicyError

GOLDENS = ROOT / "tests" / "golden" / "check_coverage"
SEEDS = {"jixi": "jixi-2023.txt", "lianyungang": "lianyungang-2023.txt"}


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    """From the repository root, so reported paths are relative (../shared/sources/…) and portable."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("LC_ALL", "C.UTF-8")


def source_arg(seed: str) -> str:
    return str(Path("..") / "shared" / "sources" / SEEDS[seed])


def seed_copy(tmp_path: Path, seed: str, edit) -> Path:  # type: ignore[no-untyped-def]
    """The seed, changed by `edit`, written where its 原文件 no longer reaches (so tests pass --source)."""
    text = (POLICIES / f"{seed}.pol").read_text(encoding="utf-8")
    changed = edit(text)
    assert changed != text, "the edit changed nothing"
    path = tmp_path / f"{seed}.pol"
    path.write_text(changed, encoding="utf-8")
    return path


def delete_clause(citation: str):  # type: ignore[no-untyped-def]
    """Remove one clause (条款 CITATION "…" { … } up to its closing brace at column 0)."""
    pattern = re.compile(rf"^条款 {re.escape(citation)} .*?^}}\n", re.M | re.S)

    def edit(text: str) -> str:
        out, n = pattern.subn("", text, count=1)
        assert n == 1, citation
        return out

    return edit


def codes(run, *args: str) -> tuple[int, list[tuple[str, str | None]], dict]:  # type: ignore[no-untyped-def]
    code, out, err = run("check", *args, "--format", "json")
    assert code in (0, 1), err
    data = json.loads(out)
    return code, [(f["code"], f.get("citation")) for f in data["findings"]], data


# ---------------------------------------------------------------------------- the seeds pass
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_both_seeds_pass_coverage_through_their_header(run, seed):
    code, found, data = codes(run, f"policies/{seed}.pol")
    assert code == 0
    assert not [c for c in found if c[0].startswith("SRC")]
    assert data["summary"]["errors"] == 0


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_the_seeds_name_the_shared_official_text(seed):
    from policylang.frontend.syntax import parse

    tree = parse((POLICIES / f"{seed}.pol").read_text(encoding="utf-8"))
    assert tree.header.source_file == f"sources/{SEEDS[seed]}"
    assert (POLICIES / tree.header.source_file).resolve() == (SOURCES / SEEDS[seed]).resolve()


def test_every_not_encoded_of_the_seeds_is_needed(run, tmp_path):
    """Each 不编码 sets aside a sentence with an amount: without it, that sentence is reported."""
    from policylang.frontend import ast
    from policylang.frontend.syntax import parse

    for seed in SEEDS:
        text = (POLICIES / f"{seed}.pol").read_text(encoding="utf-8")
        for d in parse(text).of(ast.NotEncoded):
            line = text.splitlines()[d.span.line - 1]
            path = seed_copy(tmp_path, seed, lambda t, line=line: t.replace(line + "\n", "", 1))
            code, _, data = codes(run, str(path), "--source", source_arg(seed))
            assert code == 1, (seed, d.phrase)
            uncovered = [f for f in data["findings"] if f["code"] == "SRC001"]
            assert len(uncovered) == 1, (seed, d.phrase)
            assert d.phrase.replace(" ", "") in uncovered[0]["notes"][0].replace(" ", ""), (seed, d.phrase)


# ---------------------------------------------------------------------------- a clause deleted
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_seed_with_a_clause_deleted_reports_its_sentence_and_line(run, tmp_path, lang):
    path = seed_copy(tmp_path, "jixi", delete_clause("三.店铺"))
    code, out, err = run("check", path, "--source", source_arg("jixi"), "--lang", lang)
    assert code == 1 and err == ""
    # the SRC001 finding and the summary (the seed's other findings have goldens of their own elsewhere)
    blocks = out.replace(str(tmp_path), "<tmp>").rstrip("\n").split("\n\n")
    shown = "\n\n".join([b for b in blocks if "[SRC001]" in b.splitlines()[0]] + [blocks[-1]])
    assert_golden(GOLDENS / ("clause_deleted.txt" if lang == "zh" else "clause_deleted.en.txt"), shown)
    assert "../shared/sources/jixi-2023.txt:23:121" in out  # the official text's line 23, on 50%
    _, found, _ = codes(run, str(path), "--source", source_arg("jixi"))
    assert [c for c in found if c[0] == "SRC001"] == [("SRC001", "三")]


def test_a_clause_quoting_a_sentence_cut_by_a_page_break_covers_both_halves(run, tmp_path):
    """LYG 一(二)1 runs over a page break (lines 27 and 29); without the clause both halves are reported."""
    path = seed_copy(tmp_path, "lianyungang", delete_clause("一(二)1"))
    code, _, data = codes(run, str(path), "--source", source_arg("lianyungang"))
    assert code == 1
    lines = sorted(f["line"] for f in data["findings"] if f["code"] == "SRC001")
    assert lines == [27, 29]


# ---------------------------------------------------------------------------- 不编码
def test_not_encoded_matching_nothing_is_a_warning(run, tmp_path):
    path = seed_copy(
        tmp_path, "jixi", lambda t: t.replace('不编码 "设立', '不编码 "原文没有的句子" "测试"\n不编码 "设立', 1)
    )
    code, found, data = codes(run, str(path), "--source", source_arg("jixi"))
    assert code == 0
    assert ("SRC002", None) in found
    warning = next(f for f in data["findings"] if f["code"] == "SRC002")
    assert warning["severity"] == "warning" and "原文没有的句子" in warning["message"]
    written_at = path.read_text(encoding="utf-8").splitlines().index('不编码 "原文没有的句子" "测试"') + 1
    assert warning["file"] == str(path) and warning["line"] == written_at
    strict, _, _ = run("check", path, "--source", source_arg("jixi"), "--strict")
    assert strict == 1


def test_not_encoded_without_a_reason_is_a_located_error(run, tmp_path):
    text = (FIXTURES / "check" / "uncovered.pol").read_text(encoding="utf-8")
    path = tmp_path / "no_reason.pol"
    path.write_text(text.replace(' "二：工作目标，不是对企业的给付"', ""), encoding="utf-8")
    code, out, err = run("check", path)
    assert code == 2 and out == ""
    assert "错误[C051]" in err and "没有写理由" in err and f"{path}:9:1" in err
    with pytest.raises(PolicyError) as raised:  # a load-time error, for every command (eval, test, …)
        load_policy(path)
    assert [d.code for d in raised.value.diagnostics] == ["C051"]


# ---------------------------------------------------------------------------- the official text's file
def test_a_missing_source_file_is_located_on_the_header_item(run, tmp_path):
    text = (FIXTURES / "check" / "uncovered.pol").read_text(encoding="utf-8")
    path = tmp_path / "moved.pol"
    path.write_text(text, encoding="utf-8")  # coverage.source.txt is not beside it
    code, out, err = run("check", path)
    assert code == 2 and out == ""
    assert "错误[F001]" in err and "原文文件" in err and f"{path}:6:3" in err
    assert '原文件 "coverage.source.txt"' in err


def test_a_missing_source_option_file_is_located_on_the_command_line(run):
    code, _, err = run("check", "tests/fixtures/check/uncovered.pol", "--source", "nowhere.txt", "--lang", "en")
    assert code == 2
    assert "error[F001]" in err and "cannot read the official text “nowhere.txt”" in err


def test_source_option_overrides_the_header(run, tmp_path):
    """--source names another text: the policy is checked against it, not against its 原文件."""
    other = tmp_path / "other.txt"
    other.write_bytes("一、测试\r\n（一）对参加展会的企业，给予展位费50%的补助，最高2万元。\r\n".encode())
    code, found, _ = codes(run, "tests/fixtures/check/uncovered.pol", "--source", str(other))
    assert code == 0 and found == [("SRC002", None)]  # its 不编码 is not in this text; nothing uncovered


def test_source_option_takes_one_policy(run):
    code, _, err = run(
        "check", "tests/fixtures/check/uncovered.pol", "tests/fixtures/check/clean.pol", "--source", "x.txt"
    )
    assert code == 2 and "E002" in err and "--source" in err


def test_a_policy_without_an_official_text_is_not_checked_for_coverage(run):
    code, out, _ = run("check", "tests/fixtures/check/clean.pol")
    assert code == 0 and "SRC" not in out


# ---------------------------------------------------------------------------- the reader
def test_official_text_sentences_lines_and_citations():
    from policylang.readers.official import parse_official

    text = "\ufeff一、总则\r\n（一）补助。对企业给予50%补助；每家最高2万元。\r\n1. 奖励。达到１００万元的奖励1万元\r\n第三条 其他。\r\n"
    official = parse_official(text, "t.txt")
    got = [(s.line, s.column, s.citation, s.text, s.amounts()) for s in official.sentences]
    assert got == [
        (1, 1, "一", "一、总则", []),
        (2, 1, "一(一)", "（一）补助。", []),
        (2, 7, "一(一)", "对企业给予50%补助；", [(12, 15)]),
        (2, 18, "一(一)", "每家最高2万元。", [(22, 25)]),
        (3, 1, "一(一)1", "1. 奖励。", []),
        (3, 7, "一(一)1", "达到１００万元的奖励1万元", [(9, 14), (17, 20)]),
        (4, 1, "第三条", "第三条 其他。", []),
    ]
