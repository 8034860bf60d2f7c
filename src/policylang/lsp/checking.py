"""What a save shows: `policylang check` on the saved file — the z3 families, the text ↔ code
checks, the official text's coverage when the header names its `原文件`, and 已知 — exactly as
tools/check runs them (`check_policy`, `acknowledge`, `coverage`), and the counterexample case
files a code action can write beside the policy.

Findings are plain tools/check Findings; the server turns them into LSP diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from policylang.errors import PolicyError
from policylang.lsp.document import Analysis
from policylang.tools.check.findings import Example, Finding

# Where each code is documented: the README section of its area (an anchor as GitHub writes it).
README_SECTIONS = {
    "check": "policylang-check",
    "syntax": "a-tour-of-the-language",
    "types": "a-tour-of-the-language",
    "compile": "a-tour-of-the-language",
    "format": "policylang-fmt",
    "lsp": "editor-support-policylang-lsp",
}
DOCS_URL = "https://github.com/ORG/policylang/blob/main/README.md"


def docs_base() -> str:
    """The README this server ships beside (a checkout), else the project's published one."""
    from policylang.frontend.grammar import grammar_path

    readme = Path(grammar_path()).parent.parent / "README.md"
    return readme.resolve().as_uri() if readme.is_file() else DOCS_URL


def code_href(code: str) -> str:
    from policylang.report.codes import lookup

    entry = lookup(code)
    section = README_SECTIONS.get(entry.area.value if entry is not None else "", "policylang")
    return f"{docs_base()}#{section}"


def check_saved(doc: Analysis, path: str) -> list[Finding]:
    """check's findings for a document that compiles (its saved file at `path`); [] otherwise. A
    problem reading the official text is the file's own F001/F002, shown as check shows it."""
    from policylang.tools.check import check_policy
    from policylang.tools.check.acknowledged import acknowledge
    from policylang.tools.check.coverage import coverage, official_for

    if doc.compiled is None or doc.policy is None:
        return []
    findings = acknowledge(doc.policy, check_policy(doc.compiled, doc.policy))
    try:
        official = official_for(path, doc.policy, None)
    except PolicyError:
        return findings  # the 原文件 cannot be read: the drafter sees that in `check`; here, the rest
    return findings + (coverage(official, doc.policy) if official else [])


@dataclass(frozen=True)
class CaseFile:
    """A counterexample as the file `check --counterexamples` would write, beside the policy."""

    path: Path
    example: Example


def case_files(finding: Finding, policy_path: str) -> list[CaseFile]:
    """The finding's counterexamples, named as check names them (<policy>.<code>.<citation>.<label>.yaml)."""
    from policylang.tools.check import file_stem

    folder = Path(policy_path).parent
    out, used = [], set()
    for ex in finding.examples:
        name = f"{file_stem(finding)}.{ex.label}"
        n = 2
        while name in used:
            name = f"{file_stem(finding)}.{ex.label}.{n}"
            n += 1
        used.add(name)
        out.append(CaseFile(folder / f"{name}.yaml", ex))
    return out


__all__ = ["CaseFile", "case_files", "check_saved", "code_href", "docs_base"]
