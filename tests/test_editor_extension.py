"""The VS Code extension in editors/vscode/ (issue 14): its TextMate grammar is what
`python -m policylang.tools.textmate` generates from grammar/policylang.lark (stale → this fails;
regenerate with that command), its manifest declares the language, grammar, snippets and settings the
README describes, and every snippet, expanded with its defaults, is a clause policylang evaluates.

The grammar's scopes on real policies and the client's choice of executable are tested by the
extension's own `node --test` (editors/vscode/test/), which build.sh runs in CI before packaging."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from conftest import FIXTURES, ROOT

from policylang.frontend.vocabulary import Kind, vocabulary
from policylang.tools import textmate

EXTENSION = ROOT / "editors" / "vscode"
GRAMMAR = EXTENSION / "syntaxes" / "policylang.tmLanguage.json"
SNIPPET_FIXTURES = FIXTURES / "editor"


def run_generator(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policylang.tools.textmate", *args], capture_output=True, text=True, timeout=60
    )


def manifest() -> dict:
    return json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------ the generated grammar
def test_the_committed_textmate_grammar_is_what_the_lark_grammar_gives():
    assert GRAMMAR.read_text(encoding="utf-8") == textmate.render(), (
        "editors/vscode/syntaxes/policylang.tmLanguage.json is stale: run python -m policylang.tools.textmate"
    )
    assert run_generator("--check").returncode == 0


def test_check_fails_on_a_stale_grammar_and_writing_repairs_it(tmp_path):
    stale = tmp_path / "policylang.tmLanguage.json"
    stale.write_text(GRAMMAR.read_text(encoding="utf-8").replace("条款", "條款"), encoding="utf-8")
    done = run_generator("--check", "--output", str(stale))
    assert done.returncode == 1
    assert str(stale) in done.stderr and "python -m policylang.tools.textmate" in done.stderr
    assert run_generator("--output", str(stale)).returncode == 0
    assert stale.read_text(encoding="utf-8") == GRAMMAR.read_text(encoding="utf-8")
    assert run_generator("--check", "--output", str(tmp_path / "missing.json")).returncode == 1


def test_every_keyword_of_the_grammar_is_in_the_textmate_grammar_with_its_kinds_scope():
    grammar = json.loads(GRAMMAR.read_text(encoding="utf-8"))
    by_scope: dict[str, list[str]] = {}
    for pattern in grammar["repository"]["expression"]["patterns"]:
        by_scope.setdefault(pattern["name"], []).append(pattern["match"])
    words = vocabulary()
    for kind, literals in words.keywords.items():
        scope = textmate.WORD_OPERATOR_SCOPE if kind is Kind.OPERATOR else textmate.SCOPES[kind]
        for literal in literals:
            assert any(re.match(p, literal + " ") for p in by_scope[scope]), (kind, literal)
    assert {"条款", "事实", "参数", "取高不重复"} <= set(words.keywords[Kind.DECLARATION])
    assert {"原文", "解读", "奖励", "上限", "逐项"} <= set(words.keywords[Kind.CLAUSE])
    assert {"超过", "达到", "不低于", "且", "或"} <= set(words.keywords[Kind.OPERATOR])
    assert {"(含)", "（不含）", "以上", "(含否"} <= set(words.keywords[Kind.BOUND])


def test_expected_scopes_count_columns_in_utf16_units_as_editors_do():
    """𠮷 is one code point (policylang's spans) and two UTF-16 units (VS Code's columns)."""
    text = (SNIPPET_FIXTURES / "non-bmp.pol").read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines()) if row.startswith("事实 𠮷野展位费"))
    tokens = [(column, word) for row, column, word, _ in textmate.expected_scopes(text) if row == line]
    assert tokens == [
        (0, "事实"),
        (3, "𠮷野展位费"),
        (9, ":"),
        (11, "金额"),
        (14, '"展位 🎪 𠮷野家"'),
        (27, "默认"),
        (30, "0元"),
    ]


def test_every_kind_has_a_scope():
    assert set(textmate.SCOPES) == set(Kind)
    assert all(scope.endswith(".policylang") for scope in textmate.SCOPES.values())


# ------------------------------------------------------------------------------ the manifest
def test_the_manifest_declares_the_language_grammar_snippets_and_settings():
    package = manifest()
    (language,) = package["contributes"]["languages"]
    assert language["id"] == "policylang" and language["extensions"] == [".pol"]
    (grammar,) = package["contributes"]["grammars"]
    assert (grammar["language"], grammar["scopeName"]) == ("policylang", textmate.SCOPE_NAME)
    assert (EXTENSION / grammar["path"]).resolve() == GRAMMAR
    for path in (language["configuration"], package["main"], package["contributes"]["snippets"][0]["path"]):
        assert (EXTENSION / path).is_file(), path
    settings = package["contributes"]["configuration"]["properties"]
    assert settings["policylang.executable"]["default"] == ""
    assert ".venv/bin/policylang" in settings["policylang.executable"]["markdownDescription"]
    assert settings["policylang.lang"]["enum"] == ["", "zh", "en"]


def test_the_lock_file_pins_every_dependency_from_the_registry():
    package = manifest()
    lock = json.loads((EXTENSION / "package-lock.json").read_text(encoding="utf-8"))
    root = lock["packages"][""]
    assert root["dependencies"] == package["dependencies"]
    assert root["devDependencies"] == package["devDependencies"]
    for name in [*package["dependencies"], *package["devDependencies"]]:
        assert f"node_modules/{name}" in lock["packages"], name
    # npm ci installs from the registry only: no git, file or link dependencies
    sources = [entry.get("resolved", "") for entry in lock["packages"].values()]
    assert all(not re.match(r"(git|file:|link:)", source) for source in sources)
    assert all(entry.get("integrity") for key, entry in lock["packages"].items() if key)


def test_node_modules_and_the_vsix_are_not_committed():
    tracked = subprocess.run(
        ["git", "ls-files", "editors/vscode"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert tracked, "the extension's files are committed"
    assert not [p for p in tracked if p.startswith("editors/vscode/node_modules/") or p.endswith(".vsix")]


# ------------------------------------------------------------------------------ language configuration
def configuration() -> dict:
    return json.loads((EXTENSION / "language-configuration.json").read_text(encoding="utf-8"))


def test_comments_and_full_width_brackets_and_quotes():
    config = configuration()
    assert config["comments"] == {"lineComment": "#"}
    assert {"（）", "【】", "「」", "{}", "()"} <= {a + b for a, b in config["brackets"]}
    closing = {pair["open"] + pair["close"] for pair in config["autoClosingPairs"]}
    assert {"“”", '""', "（）", "【】", "「」"} <= closing


def test_a_word_is_a_name_or_an_amount_with_its_unit_not_the_punctuation_around_it():
    # VS Code reads wordPattern as a JavaScript regex; this one uses only syntax Python reads alike.
    word = re.compile(configuration()["wordPattern"])
    line = "奖励 50% × 展位费，上限（单个标准展位）0.8万元 «x» 最小(光地面积, 18平方米)"
    assert [m.group() for m in word.finditer(line)] == [
        "奖励",
        "50%",
        "展位费",
        "上限",
        "单个标准展位",
        "0.8万元",
        "«x»",
        "最小",
        "光地面积",
        "18平方米",
    ]


# ------------------------------------------------------------------------------ snippets
def snippets() -> dict[str, dict]:
    return json.loads((EXTENSION / "snippets" / "policylang.json").read_text(encoding="utf-8"))


def expanded(body: list[str]) -> str:
    """A snippet as VS Code inserts it when every placeholder keeps its default (a choice: its first)."""
    text = "\n".join(body).replace("\t", "  ")
    text = re.sub(r"\$\{\d+\|([^,|]*)[^|]*\|\}", r"\1", text)
    while re.search(r"\$\{\d+:([^${}]*)\}", text):
        text = re.sub(r"\$\{\d+:([^${}]*)\}", r"\1", text)
    return re.sub(r"\$\d+", "", text)


def test_the_snippets_cover_the_common_clause_shapes():
    bodies = {name: expanded(s["body"]) for name, s in snippets().items()}
    assert len(bodies) == 5
    shapes = {
        "rate of a cost, with a cap": r"奖励 \d+% × \S+\n\s*上限",
        "per-unit amount, with a cap": r"奖励 \d+元/吨 × \S+\n\s*上限",
        "threshold, fixed amount": r"条件 \S+ 达到 .*\n\s*奖励 \d+万元",
        "tiers": r"分档 \{",
        "per item": r"逐项 \S+ \{",
    }
    for shape, pattern in shapes.items():
        assert [n for n, b in bodies.items() if re.search(pattern, b)], shape
    for name, body in bodies.items():
        assert "$" not in body and "原文" in body, name


def test_every_snippet_expanded_with_its_defaults_is_a_clause_policylang_evaluates(tmp_path, run):
    policy = tmp_path / "snippets.pol"
    header = (SNIPPET_FIXTURES / "snippets-header.pol").read_text(encoding="utf-8")
    policy.write_text(header + "\n" + "\n".join(expanded(s["body"]) for s in snippets().values()), encoding="utf-8")
    code, out, err = run("eval", policy, SNIPPET_FIXTURES / "snippets.case.yaml", "--format", "json")
    assert code == 0, out + err
    amounts = {c["citation"]: c["amount"] for c in json.loads(out)["clauses"]}
    assert amounts == {
        "一(一)": "8000.00",  # 50% × 2万元, capped at 0.8万元
        "五(一)2": "1000000.00",  # 50元/吨 × 3万吨 = 150万元, capped at 100万元
        "三(一)1": "100000.00",  # 3万吨 reaches 5000吨: 10万元
        "二": "100000.00",  # 6000万元 is in the 5000万元(含) tier
        "一(二)1": "80000.00",  # 70% of the two best booths (8万元, 6万元) = 9.8万元, capped at 8万元
    }


def test_the_build_script_installs_from_the_lock_file_checks_the_grammar_and_tests_before_packaging():
    script = (EXTENSION / "build.sh").read_text(encoding="utf-8")
    commands = [line for line in script.splitlines() if line and not line.startswith(("#", " ", "if", "fi"))]
    steps = ["npm ci ", "policylang.tools.textmate --check", "node --test ", "vsce package "]
    found = [next(i for i, c in enumerate(commands) if step in c) for step in steps]
    assert found == sorted(found), commands
    assert "set -euo pipefail" in script
    assert "bash editors/vscode/build.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_readme_shows_the_highlighted_seed_policy_and_tells_how_to_install():
    picture = ROOT / "docs" / "vscode-lianyungang.png"
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert picture.stat().st_size < 300_000
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    version = manifest()["version"]
    assert "](docs/vscode-lianyungang.png)" in readme
    assert f"code --install-extension editors/vscode/policylang-{version}.vsix" in readme
    assert "bash editors/vscode/build.sh" in readme
    for setting in manifest()["contributes"]["configuration"]["properties"]:
        assert f"`{setting}`" in readme, setting
    for snippet in snippets().values():
        assert f"`{snippet['prefix'][0]}`" in readme, snippet["prefix"]
