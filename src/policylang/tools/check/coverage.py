"""Source coverage: every sentence of the official text that carries a money amount or a rate is
quoted by a clause's 原文 or set aside by the policy with `不编码 "phrase" "reason"`.

The official text is the header's `原文件 "…"` (relative to the policy file) or `check --source`;
a policy with neither is not checked for coverage. What counts as an amount and how the text is
split into sentences is `readers/official.py`.

- a clause's 原文 covers a sentence when one contains the other (normalized: white space, full- and
  half-width punctuation), so a 原文 may quote part of a sentence or several sentences;
- the other places a policy quotes the text where it encodes it — a 合计上限's or 取高不重复's
  name, the note of a 资金 or a 参数 — cover a sentence they contain whole (not the other way
  round: a short name such as “最高100万元” must not cover every sentence that says it);
- `不编码 "phrase" "reason"` sets aside every sentence containing the phrase (normalized).

SRC001 (error): a sentence with an amount that nothing covers or sets aside, located on its first
amount in the official text. SRC002 (warning): a 不编码 whose phrase is in no sentence.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from policylang.errors import Diagnostic, PolicyError, Span
from policylang.frontend import ast
from policylang.readers.official import OfficialText, Sentence, covers, normalize, read_official
from policylang.report.i18n import t
from policylang.tools.check.findings import Finding

PHRASE_LENGTH = 40  # the suggested 不编码 phrase: the sentence's first characters, enough to identify it


@dataclass(frozen=True)
class Official:
    """A policy's official text, as the check reads it."""

    policy: str  # the policy file's path, as given
    text: OfficialText


def official_for(policy_path: str, tree: ast.Policy, option: str | None) -> Official | None:
    """The official text `--source` names, else the header's 原文件 (relative to the policy file);
    None when there is neither. A file that cannot be read is F001/F002, located on the option or
    on the 原文件 item."""
    if option is not None:
        return Official(policy_path, read_official(option, option))
    header = tree.header
    if header.source_file is None:
        return None
    path = os.path.normpath(os.path.join(os.path.dirname(policy_path), header.source_file))
    try:
        return Official(policy_path, read_official(path))
    except PolicyError as err:
        span = header.item_spans[header.order.index("source_file")] if "source_file" in header.order else None
        raise PolicyError([_located(d, span) for d in err.diagnostics]) from None


def _located(d: Diagnostic, span: Span | None) -> Diagnostic:
    """F001 on the 原文件 item that names the file (not on the command line, which did not)."""
    if d.code != "F001" or span is None:
        return d
    return Diagnostic(d.code, d.message, span, d.severity, d.suggestion)


def quotes(tree: ast.Policy) -> tuple[list[str], list[str]]:
    """(each clause's 原文, the other texts the policy quotes where it encodes them)."""
    clause_quotes = [q.text for c in tree.of(ast.Clause) for q in c.of(ast.Quote)]
    other: list[str] = [f.note for f in tree.header.funds if f.note]
    for d in tree.decls:
        if isinstance(d, (ast.GroupCap, ast.Exclusive)):
            other.append(d.name)
        elif isinstance(d, (ast.ParamDecl, ast.UnspecifiedDecl)) and d.note:
            other.append(d.note)
    return clause_quotes, other


def coverage(official: Official, tree: ast.Policy) -> list[Finding]:
    """SRC001 for each uncovered sentence with an amount, SRC002 for each 不编码 that matches nothing."""
    clause_quotes, other = quotes(tree)
    other_keys = [normalize(o) for o in other]
    set_aside = [(d, normalize(d.phrase)) for d in tree.of(ast.NotEncoded) if normalize(d.phrase)]
    used: set[int] = set()
    out: list[Finding] = []
    for sentence in official.text.sentences:
        key = sentence.normalized
        matched = [i for i, (_, phrase) in enumerate(set_aside) if phrase in key]
        used.update(matched)
        amounts = sentence.amounts()
        if not amounts or matched:
            continue
        if any(covers(q, sentence) for q in clause_quotes) or any(key and key in o for o in other_keys):
            continue
        out.append(uncovered(official, sentence, amounts[0]))
    name = official.text.source.name
    for i, (d, _) in enumerate(set_aside):
        if i not in used:
            message = t("source.not_encoded.unmatched", phrase=d.phrase, source=name)
            out.append(Finding("SRC002", message, d.span, None, suggestion=t("source.not_encoded.hint_unmatched")))
    return out


def uncovered(official: Official, sentence: Sentence, amount: tuple[int, int]) -> Finding:
    phrase = sentence.text[:PHRASE_LENGTH].rstrip("。；;！!？?，,")
    return Finding(
        "SRC001",
        t("source.uncovered", line=sentence.line),
        official.text.span(sentence.line, amount[0], amount[1]),
        sentence.citation or None,
        notes=(t("source.note.sentence", sentence=sentence.text), t("source.note.policy", policy=official.policy)),
        suggestion=t("source.hint.uncovered", phrase=phrase),
    )


__all__ = ["Official", "coverage", "official_for", "quotes"]
