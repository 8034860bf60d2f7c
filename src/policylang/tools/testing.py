"""`policylang test`: run case suites that state the expected award per clause and in total.

A suite is `<name>.cases.yaml` beside `<name>.pol` (see the README, "policylang test"):

    政策: jixi.pol                      # optional; default <name>.pol beside the suite
    案例:
      - 名称: "五(一)2 煤炭恰为 5000吨：含本数，给予"
        事实: {煤炭落地量: 5000吨}       # as in an `eval` case file
        设定: {规模门槛一: 500万元}      # optional what-if values, like --set
        条款: [五(一)2]                  # optional: evaluate only these, like --clause
        期望: {五(一)2: 25万元, 合计: 25万元}

An expected value is an amount (`25万元`, `0元`) or a status word: `不可确定`, `不符合条件`,
`取高不重复未取`. An amount passes when the clause is determinable and pays exactly that (so
`0元` also accepts an ineligible or excluded clause); a status word passes only on that status.
`合计` is the total of the evaluated clauses; it takes an amount, or `不可确定` when some evaluated
clause is not determinable.

Coverage (`--coverage`) counts, over the cases that ran, per policy file:
    条款 (clause)     1 point: some case reached its award — every condition held and an amount
                      was computed (给予, 金额为0 or 取高不重复未取; not 不符合条件 nor 不可确定).
    条件 (condition)  2 points: every `条件` (of the clause or of its 逐项 items) and every
                      `如果 … 则 … 否则` was seen true in some case and false in some case.
    分档 (tier row)   1 point per row (其他 included): some case took that row.
    上限 (cap)        1 point: the cap bound (lowered the amount) at least once — clause, item,
                      group, cumulative caps and every 合计上限.
    数量限制 (limit)  1 point: a `至多 N个` left out at least one item.
The percentage is covered points over all points (with several policies, over all of them),
shown to one decimal; --fail-under compares that shown figure.
Unspecified values never count as seen true or false.

JSON (`--format json`), schema `policylang.test/1`, amounts as exact decimal strings in yuan:
    {"schema": "policylang.test/1", "passed": bool,
     "counts": {"cases": n, "passed": n, "failed": n},
     "suites": [{"file", "policy", "counts": {...},
                 "cases": [{"name", "line", "passed",
                            "checks": [{"target": citation or "合计", "passed",
                                        "expected": {"status": s or null, "amount": a or null, "written"},
                                        "actual": {"status": s, "amount": a or null}}]}]}],
     "coverage": null or {"percent", "covered", "total",
                          "policies": [{"file", "percent", "covered", "total",
                                        "kinds": {kind: {"covered", "total"}},
                                        "uncovered": [{"kind", "citation", "name", "line", "missing"}]}]}}
status is one of paid, zero, ineligible, undetermined, excluded (as in policylang.result/1);
kind is one of clause, condition, tier, cap, limit; percent is a string with one decimal.

Exit codes: 0 every case passed (and coverage is not under --fail-under); 1 a case failed, no case
matched -k, or coverage is under the threshold; 2 an invalid suite or policy file.
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

import click

from policylang.backends.exact import EXCLUDED, INELIGIBLE, PAID, UNDETERMINED, ZERO, Result
from policylang.compiler import ir
from policylang.errors import Collector, Diagnostic, PolicyError, Source, Span, display_width
from policylang.readers.suites import SUITE_SUFFIX, RawCase
from policylang.report.i18n import t

SCHEMA = "policylang.test/1"
TOTAL = "合计"
EXPECTED_STATUS = {"不可确定": UNDETERMINED, "不符合条件": INELIGIBLE, "取高不重复未取": EXCLUDED}
REACHED = (PAID, ZERO, EXCLUDED)


# ---------------------------------------------------------------------------- the suite, as read
@dataclass(frozen=True)
class Expectation:
    target: str  # a clause citation, or 合计
    status: str | None  # an expected status (evaluate's constants), or None for an amount
    amount: Fraction | None
    written: str  # as the suite wrote it
    span: Span


@dataclass
class SuiteCase:
    name: str
    span: Span
    facts: dict[str, Any]
    overrides: dict[str, Any]
    only: list[str] | None
    expectations: list[Expectation]


@dataclass
class Suite:
    path: str
    policy_path: str
    policy: ir.CompiledPolicy
    cases: list[SuiteCase]


def load_suite(path: str | Path, policies: dict[str, ir.CompiledPolicy] | None = None) -> Suite:
    """Read and check one suite file and its policy; every problem is a located PolicyError.
    The suite's structure is read by readers/suites.py (as `diff --cases` reads it); this types
    each case for the suite's policy."""
    from policylang.readers.suites import open_suite, read_suite_cases

    path = str(path)
    diag = Collector()
    suite = open_suite(path, diag)
    policy_path = suite_policy_path(path, suite.top.get("政策"), suite.source)
    policy = (policies or {}).get(policy_path)
    if policy is None:
        from policylang import load_policy

        policy = load_policy(policy_path)
        if policies is not None:
            policies[policy_path] = policy
    loaded = policy
    cases = read_suite_cases(suite, diag, lambda raw, d: read_case(raw, loaded, d))
    diag.raise_if_errors()
    return Suite(path, policy_path, policy, cases)


def suite_policy_path(suite_path: str, entry: tuple[Any, Any] | None, source: Source) -> str:
    """The policy a suite tests: its 政策 (relative to the suite), else <name>.pol beside it."""
    from policylang.readers.cases import node_span

    folder = os.path.dirname(suite_path)
    if entry is not None:
        written = str(entry[1].value).strip()
        where = node_span(source, entry[1])
        policy = os.path.normpath(os.path.join(folder, written))
        if not os.path.isfile(policy):
            raise PolicyError(
                Diagnostic(
                    "U004",
                    t("suite.no_policy", path=policy),
                    where,
                    suggestion=t("suite.no_policy.hint"),
                )
            )
        return policy
    name = os.path.basename(suite_path)
    stem = name[: -len(SUITE_SUFFIX)] if name.endswith(SUITE_SUFFIX) else os.path.splitext(name)[0]
    policy = os.path.join(folder, stem + ".pol")
    if not os.path.isfile(policy):
        raise PolicyError(
            Diagnostic(
                "U004",
                t("suite.no_default_policy", path=policy),
                Span(source, 1, 1, 1, 2),
                suggestion=t("suite.no_default_policy.hint"),
            )
        )
    return policy


def read_case(raw: RawCase, policy: ir.CompiledPolicy, diag: Collector) -> SuiteCase:
    """One case of a suite, its entries typed for the policy."""
    source, span = raw.source, raw.span
    errors_before = len(diag.errors)
    facts, fact_spans = read_case_facts(raw.get("事实"), source, policy, diag)
    overrides = read_settings(raw.get("设定"), source, policy, diag)
    only = read_only(raw.get("条款"), source, policy, diag)
    expectations = read_expectations(raw, source, policy, only, diag)
    if len(diag.errors) == errors_before:  # a case that did not read (an item lacking a field, K015) is not run
        check_missing_facts(policy, facts, fact_spans, overrides, only, raw.get("事实"), span, diag)
    return SuiteCase(raw.name, span, facts, overrides, only, expectations)


def read_case_facts(
    entry: tuple[Any, Any] | None, source: Source, policy: ir.CompiledPolicy, diag: Collector
) -> tuple[dict[str, Any], dict[str, Span]]:
    import yaml

    from policylang.readers.cases import node_span, read_facts

    pairs: list[Any] = []
    if entry is not None:
        if isinstance(entry[1], yaml.MappingNode):
            pairs = entry[1].value
        elif not (isinstance(entry[1], yaml.ScalarNode) and entry[1].value in ("", "~", "null")):
            diag.add("U008", t("suite.facts_mapping"), node_span(source, entry[1]))
    return read_facts(pairs, source, policy, diag)


def read_settings(
    entry: tuple[Any, Any] | None, source: Source, policy: ir.CompiledPolicy, diag: Collector
) -> dict[str, Any]:
    """设定: what-if values, as --set NAME=VALUE gives them, for parameters or single-valued facts."""
    import yaml

    from policylang.frontend.units import suggest
    from policylang.readers.cases import example_for, node_span, scalar, setting_bounds, setting_type

    if entry is None:
        return {}
    if not isinstance(entry[1], yaml.MappingNode):
        diag.add(
            "U009",
            t("suite.settings_mapping"),
            node_span(source, entry[1]),
            suggestion=t("suite.settings_mapping.hint"),
        )
        return {}
    out: dict[str, Any] = {}
    for key, value in entry[1].value:
        name = str(key.value)
        ty = setting_type(policy, name)
        if ty is None:
            near = suggest(name, list(policy.params) + list(policy.facts))
            diag.add(
                "U010",
                t("set.unknown", name=name),
                node_span(source, key),
                suggestion=t("values.did_you_mean", word=near) if near else None,
            )
            continue
        if not isinstance(value, yaml.ScalarNode):
            diag.add("U011", t("suite.setting_single", name=name), node_span(source, value), suggestion=example_for(ty))
            continue
        try:
            out[name] = scalar(str(value.value), ty, setting_bounds(policy, name))
        except ValueError as err:
            diag.add(
                "U011",
                t("suite.setting_value", name=name, value=value.value, problem=err),
                node_span(source, value),
                suggestion=getattr(err, "suggestion", None) or example_for(ty),
            )
    return out


def read_only(
    entry: tuple[Any, Any] | None, source: Source, policy: ir.CompiledPolicy, diag: Collector
) -> list[str] | None:
    """条款: the clauses to evaluate (like --clause); a single id or a list of ids."""
    import yaml

    from policylang.readers.cases import node_span

    if entry is None:
        return None
    node = entry[1]
    items = [node] if isinstance(node, yaml.ScalarNode) else node.value if isinstance(node, yaml.SequenceNode) else None
    if not items or not all(isinstance(i, yaml.ScalarNode) for i in items):
        diag.add(
            "U012",
            t("suite.clauses_list"),
            node_span(source, node),
            suggestion=t("suite.clauses_list.hint"),
        )
        return None
    chosen: set[str] = set()
    for item in items:
        cite = str(item.value).strip()
        if known_clause(cite, policy, node_span(source, item), diag):  # a clause, or those under it
            chosen.update(p.citation for p in policy.select(cite))
    return [p.citation for p in policy.clauses if p.citation in chosen]


def policy_citation(cite: str, policy: ir.CompiledPolicy) -> str:
    """A known citation as the policy declares it (五（三）1 → 五(三)1), so results match by identity."""
    plan = policy.clause(cite)
    return cite if plan is None else plan.citation


def known_clause(cite: str, policy: ir.CompiledPolicy, span: Span, diag: Collector) -> bool:
    from policylang.frontend.units import suggest

    if policy.select(cite):
        return True
    near = suggest(cite, [c.citation for c in policy.clauses])
    diag.add(
        "U013",
        t("suite.unknown_clause", cite=cite),
        span,
        suggestion=t("values.did_you_mean", word=near)
        if near
        else t("suite.clauses_available", cites="、".join(c.citation for c in policy.clauses)),
    )
    return False


def read_expectations(
    raw: RawCase,
    source: Source,
    policy: ir.CompiledPolicy,
    only: list[str] | None,
    diag: Collector,
) -> list[Expectation]:
    from policylang.readers.cases import node_span

    node = raw.expectations(diag)
    if node is None:
        return []
    out: list[Expectation] = []
    seen: set[str] = set()
    for key, value in node.value:
        target, key_span = str(key.value).strip(), node_span(source, key)
        if target != TOTAL and policy.clause(target) is not None:
            target = policy_citation(target, policy)
        if target in seen:
            diag.add("U019", t("suite.expected_twice", target=target), key_span)
            continue
        seen.add(target)
        if target != TOTAL:
            if not known_clause(target, policy, key_span, diag):
                continue
            if only is not None and target not in only:
                diag.add(
                    "U016",
                    t("suite.expected_not_run", target=target, only="、".join(only)),
                    key_span,
                    suggestion=t("suite.expected_not_run.hint", target=target),
                )
                continue
        expectation = read_expected_value(target, value, source, policy, diag)
        if expectation is not None:
            out.append(expectation)
    return out


def read_expected_value(
    target: str, node: Any, source: Source, policy: ir.CompiledPolicy, diag: Collector
) -> Expectation | None:
    """An amount written like a literal, or one of the status words."""
    import yaml

    from policylang.frontend.units import Money, Number, UnitError, parse_literal, suggest
    from policylang.readers.cases import node_span
    from policylang.readers.values import type_text

    span = node_span(source, node)
    text = str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""
    words = "、".join(EXPECTED_STATUS)
    if text in EXPECTED_STATUS:
        if target == TOTAL and text != "不可确定":
            diag.add("U018", t("suite.total_status", text=text), span, suggestion=t("suite.total_status.hint"))
            return None
        return Expectation(target, EXPECTED_STATUS[text], None, text, span)
    problem, hint = None, t("suite.expected_hint", words=words)
    near = None
    try:
        lit = parse_literal(text) if text else None
    except UnitError as err:
        lit = None
        number = re.match(r"\d+(\.\d+)?", text)
        if err.suggestion and number:
            near = number.group(0) + err.suggestion
    if lit is None:
        near = near or (suggest(text, list(EXPECTED_STATUS)) if text else None)
        problem = t("suite.expected_neither", text=text)
        hint = t("values.did_you_mean", word=near) if near else hint
    elif isinstance(lit.type, Number):
        problem, hint = t("suite.expected_unit", text=text), t("values.money_examples", a=f"{text}元", b=f"{text}万元")
    elif not isinstance(lit.type, Money) or lit.type.currency != policy.currency:
        problem = t("suite.expected_currency", currency=policy.currency, got=type_text(lit.type))
    if problem is not None:
        diag.add("U017", problem, span, suggestion=hint)
        return None
    assert lit is not None
    return Expectation(target, None, lit.value, text, span)


def check_missing_facts(
    policy: ir.CompiledPolicy,
    facts: dict[str, Any],
    fact_spans: dict[str, Span],
    overrides: dict[str, Any],
    only: list[str] | None,
    entry: tuple[Any, Any] | None,
    case_span: Span,
    diag: Collector,
) -> None:
    """A fact the case lacks (absent, without a default) whose value can change a result of the clauses
    evaluated is reported at the case's 事实 (K020), as eval reports it; one that changes nothing is not.
    Whether it can is known by evaluating the case, so this runs it once before the suite runs."""
    from policylang.backends.exact import evaluate
    from policylang.readers.cases import Case, missing_facts, node_span

    if all(n in facts for n in policy.facts):
        return
    where = node_span(case_span.source, entry[0]) if entry is not None else case_span
    try:
        needed = evaluate(policy, facts, overrides, only).needed_facts()
    except PolicyError:  # the run reports it, as for any case
        return
    diag.diagnostics.extend(missing_facts(policy, Case(facts, case_span.source, fact_spans, where), needed))


# ---------------------------------------------------------------------------- discovery
def discover(paths: Iterable[str]) -> list[str]:
    """Suite files for the given paths (none: the current directory), each listed once, sorted per path."""
    out: list[str] = []
    for given in list(paths) or ["."]:
        for found in suites_at(given):
            if not any(os.path.samefile(found, f) for f in out):
                out.append(found)
    return out


def suites_at(given: str) -> list[str]:
    p = Path(given)
    if p.is_dir():
        return sorted(str(f) for f in p.rglob("*" + SUITE_SUFFIX) if not skipped(p, f.relative_to(p)))
    if p.suffix == ".pol":
        suite = p.with_name(p.name[: -len(".pol")] + SUITE_SUFFIX)
        if not suite.is_file():
            raise PolicyError(
                Diagnostic(
                    "U020",
                    t("suite.no_suite", policy=given, suite=suite),
                    suggestion=t("suite.no_suite.hint", suite=suite),
                )
            )
        return [str(suite)]
    return [given]  # a suite file; read_text reports it if it cannot be read


# Folders a directory search does not enter: suites there are not the user's own (test fixtures, some of
# them broken on purpose; installed packages). A folder named on the command line is always searched.
SKIPPED_FOLDERS = frozenset({"fixtures", "__pycache__", "node_modules", "venv", "site-packages"})
SKIP_MARKER = ".policylang-skip"  # an empty file that keeps discovery out of its folder
VENV_MARKER = "pyvenv.cfg"  # a virtual environment, whatever its name


def skipped(root: Path, relative: Path) -> bool:
    """Whether the suite at root/relative lies below a folder discovery should not search."""
    folder = root
    for part in relative.parts[:-1]:
        folder = folder / part
        if part.startswith(".") or part in SKIPPED_FOLDERS:
            return True
        if (folder / SKIP_MARKER).exists() or (folder / VENV_MARKER).exists():
            return True
    return False


# ---------------------------------------------------------------------------- running
@dataclass
class Check:
    expectation: Expectation
    status: str  # the actual status (the clause's, or for 合计 undetermined / paid)
    amount: Fraction | None  # the actual amount; None when not determinable
    passed: bool


@dataclass
class CaseResult:
    case: SuiteCase
    result: Result
    checks: list[Check]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)


@dataclass
class SuiteResult:
    suite: Suite
    cases: list[CaseResult]
    coverage: Coverage

    @property
    def failed(self) -> list[CaseResult]:
        return [c for c in self.cases if not c.passed]


def run_suite(suite: Suite, pattern: re.Pattern[str] | None = None) -> SuiteResult:
    """Evaluate every case (those whose name matches `pattern`), check it, and record coverage."""
    from policylang.backends.exact import evaluate

    coverage = Coverage(suite.policy_path, suite.policy)
    results = []
    for case in suite.cases:
        if pattern is not None and not pattern.search(case.name):
            continue
        result = evaluate(suite.policy, case.facts, case.overrides, case.only, observer=coverage.observe)
        coverage.record_clauses(result)
        results.append(CaseResult(case, result, [check(e, result) for e in case.expectations]))
    return SuiteResult(suite, results, coverage)


def check(e: Expectation, result: Result) -> Check:
    if e.target == TOTAL:
        status = PAID if result.determinable else UNDETERMINED
        amount = result.total if result.determinable else None
    else:
        clause = result.clause(e.target)
        assert clause is not None  # the loader checked the id and the 条款 filter
        status = clause.status
        amount = None if status == UNDETERMINED else clause.amount
    if e.status is not None:
        passed = status == e.status
    else:
        passed = amount is not None and amount == e.amount
    return Check(e, status, amount, passed)


# ---------------------------------------------------------------------------- coverage
KINDS = ("clause", "condition", "tier", "cap", "limit")


@dataclass
class Target:
    kind: str
    key: tuple[Any, ...]
    citation: str
    name: str
    line: int | None
    needed: frozenset[object]  # outcomes that must be seen: {True} or {True, False}
    word: str = ""  # how the report names the kind; default KIND_WORDS[kind]


def span_key(kind: str, span: Span | None, fallback: object) -> tuple[Any, ...]:
    if span is None:
        return (kind, id(fallback))
    return (kind, span.line, span.column, span.end_line, span.end_column)


def coverage_targets(policy: ir.CompiledPolicy) -> tuple[list[Target], dict[int, tuple[Any, ...]]]:
    """Everything a suite could exercise, in source order; and the keys of quantity limits by plan id."""
    from policylang.report.explain import limit_text

    targets: dict[tuple[Any, ...], Target] = {}
    limits: dict[int, tuple[Any, ...]] = {}

    def add(t: Target) -> None:
        targets.setdefault(t.key, t)

    for plan in policy.clauses:
        line = plan.span.line if plan.span else None
        add(Target("clause", ("clause", plan.citation), plan.citation, plan.title, line, frozenset([True])))
        conditions = list(plan.conditions) + (list(plan.items.conditions) if plan.items else [])
        for cond in conditions:
            add(
                Target(
                    "condition",
                    span_key("condition", cond.span, cond),
                    plan.citation,
                    cond.text,
                    cond.span.line if cond.span else line,
                    frozenset([True, False]),
                )
            )
        for e in plan.expressions():
            for node in e.walk():
                for target in expr_targets(node, plan.citation, line):
                    add(target)
        caps = list(plan.caps) + (list(plan.items.caps + plan.items.group_caps) if plan.items else [])
        for cap in caps:
            add(
                Target(
                    "cap",
                    span_key("cap", cap.span, cap),
                    plan.citation,
                    cap.name,
                    cap.span.line if cap.span else line,
                    frozenset([True]),
                )
            )
        if plan.items is not None and plan.items.limit is not None:
            key = ("limit", plan.citation)
            limits[id(plan.items)] = key
            label = limit_text(plan.items.limit)
            add(Target("limit", key, plan.citation, label, limit_line(plan), frozenset([True])))
    for group in policy.group_caps:
        add(
            Target(
                "cap",
                span_key("cap", group.span, group),
                "、".join(group.citations),
                group.name,
                group.span.line if group.span else None,
                frozenset([True]),
                "合计上限",
            )
        )
    return list(targets.values()), limits


def expr_targets(node: ir.Expr, citation: str, line: int | None) -> list[Target]:
    """如果 conditions (seen true and false) and tier rows (each taken) inside an expression."""
    if isinstance(node, ir.Choose):
        text = node.condition.span.text if node.condition.span else "…"
        return [
            Target(
                "condition",
                span_key("condition", node.span, node),
                citation,
                f"如果 {text}",
                node.span.line if node.span else line,
                frozenset([True, False]),
            )
        ]
    if isinstance(node, ir.Tiered):
        return [
            Target(
                "tier",
                span_key("tier", row.span, row),
                citation,
                tier_name(row),
                row.span.line if row.span else line,
                frozenset([True]),
            )
            for row in node.rows
        ]
    return []


def tier_name(row: ir.TierRow) -> str:
    if row.condition is None:
        return "其他"
    return row.condition.span.text if row.condition.span else "…"


def limit_line(plan: ir.ClausePlan) -> int | None:
    """The line of a clause's `至多` (the compiled limit keeps no span of its own)."""
    if plan.span is None:
        return None
    for offset, text in enumerate(plan.span.text.splitlines()):
        if text.split("#")[0].lstrip().startswith("至多"):  # the statement, not a 原文 that quotes 至多
            return plan.span.line + offset
    return plan.span.line


class Coverage:
    """What the cases of one suite exercised in its policy; merged per policy file for the report."""

    def __init__(self, policy_path: str, policy: ir.CompiledPolicy):
        self.policy_path = policy_path
        self.targets, self._limit_keys = coverage_targets(policy)
        self.seen: dict[tuple[Any, ...], set[object]] = {t.key: set() for t in self.targets}

    def observe(self, kind: str, node: Any, outcome: object) -> None:
        """The evaluator's hook: a condition, 如果, tier row, cap or quantity limit and what it did."""
        if kind == "limit":
            key = self._limit_keys.get(id(node))
        elif kind in ("condition", "choice"):
            key = span_key("condition", node.span, node)
        else:
            key = span_key(kind, node.span, node)
        if key in self.seen:
            self.seen[key].add(outcome)

    def record_clauses(self, result: Result) -> None:
        for c in result.clauses:
            self.seen[("clause", c.citation)].add(c.status in REACHED)

    def merge(self, other: Coverage) -> None:
        for key, outcomes in other.seen.items():
            self.seen.setdefault(key, set()).update(outcomes)

    def points(self, kinds: Iterable[str] = KINDS) -> tuple[int, int]:
        wanted = set(kinds)
        covered = sum(len(t.needed & self.seen[t.key]) for t in self.targets if t.kind in wanted)
        total = sum(len(t.needed) for t in self.targets if t.kind in wanted)
        return covered, total

    def uncovered(self) -> list[tuple[Target, str]]:
        out = []
        for target in self.targets:
            missing = target.needed - self.seen[target.key]
            if missing:
                out.append((target, missing_text(target, missing, self.seen[target.key])))
        return out


def missing_text(target: Target, missing: AbstractSet[object], seen: AbstractSet[object]) -> str:
    if target.kind == "clause":
        return t("test.why.clause_never_paid" if seen else "test.why.clause_never_run")
    if target.kind == "condition":
        if missing == {True, False}:
            return t("test.why.condition_never")
        return t("test.why.never_true" if True in missing else "test.why.never_false")
    if target.kind == "tier":
        return t("test.why.tier")
    if target.kind == "cap":
        return t("test.why.cap_never_bound" if seen else "test.why.never_reached")
    return t("test.why.limit_never_bound" if seen else "test.why.never_reached")


def merged_coverage(results: list[SuiteResult]) -> list[Coverage]:
    """One coverage per policy file, merging every suite that tests it."""
    by_policy: dict[str, Coverage] = {}
    for r in results:
        key = os.path.realpath(r.suite.policy_path)
        if key not in by_policy:
            by_policy[key] = Coverage(r.suite.policy_path, r.suite.policy)
        by_policy[key].merge(r.coverage)
    return list(by_policy.values())


def percent(covered: int, total: int) -> Fraction:
    return Fraction(100) if total == 0 else Fraction(covered * 100, total)


def percent_text(value: Fraction) -> str:
    """One decimal, rounded half up, exactly: 250/3 → '83.3'."""
    tenths = math.floor(value * 10 + Fraction(1, 2))
    return f"{tenths // 10}.{tenths % 10}"


def total_points(coverages: list[Coverage]) -> tuple[int, int]:
    pairs = [c.points() for c in coverages]
    return sum(p[0] for p in pairs), sum(p[1] for p in pairs)


# ---------------------------------------------------------------------------- text output
def money(value: Fraction, policy: ir.CompiledPolicy) -> str:
    from policylang.frontend.units import money_text

    return money_text(value, policy.currency)


def expected_text(e: Expectation, policy: ir.CompiledPolicy) -> str:
    if e.amount is None:
        return e.written
    return money(e.amount, policy)


def actual_text(c: Check, result: Result) -> str:
    policy = result.policy
    if c.expectation.target == TOTAL:
        if c.amount is None:
            return t("test.total_undetermined", total=money(result.total, policy))
        return money(c.amount, policy)
    if c.amount is None:
        return t("status.undetermined")
    word = "" if c.status == PAID else t("test.status_note", status=t(f"status.{c.status}"))
    return money(c.amount, policy) + word


def pad(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


def diff_text(case: CaseResult) -> str:
    """Per checked item: expected and actual side by side, ✗ on each that differs."""
    policy = case.result.policy
    rows = [(t("test.item"), t("test.expected"), t("test.actual"))] + [
        (c.expectation.target, expected_text(c.expectation, policy), actual_text(c, case.result)) for c in case.checks
    ]
    widths = [max(display_width(r[i]) for r in rows) for i in range(2)]
    marks = [" "] + ["✓" if c.passed else "✗" for c in case.checks]
    return "\n".join(
        f"{mark} {pad(r[0], widths[0])}  {pad(r[1], widths[1])}  {r[2]}".rstrip()
        for mark, r in zip(marks, rows, strict=False)
    )


def failure_detail(case: CaseResult) -> str:
    """The diff, then the explanation of each failing clause (and the table when 合计 differs)."""
    from policylang.report.explain import explain_clause, table

    parts = [diff_text(case)]
    explained = set()
    for c in case.checks:
        if not c.passed and c.expectation.target != TOTAL:
            clause = case.result.clause(c.expectation.target)
            assert clause is not None
            parts.append(explain_clause(clause, case.result))
            explained.add(clause.citation)
    total_wrong = any(not c.passed and c.expectation.target == TOTAL for c in case.checks)
    if total_wrong and any(c.citation not in explained for c in case.result.clauses):
        rows = table(case.result).split("\n")[2:]  # without the title line: the suite names the policy
        parts.append(t("test.total_made_of") + "\n" + "\n".join(rows))
    return "\n\n".join(parts)


def indent(text: str, prefix: str = "    ") -> str:
    return "\n".join((prefix + line).rstrip() for line in text.splitlines())


def case_heading(case: CaseResult) -> str:
    mark = "✓" if case.passed else "✗"
    return t("test.case_heading", mark=mark, name=case.case.name, where=case.case.span.location())


def text_report(results: list[SuiteResult], verbose: bool) -> str:
    blocks = []
    for r in results:
        lines = [t("test.suite_heading", suite=r.suite.path, policy=r.suite.policy_path, counts=counts_text(r.cases))]
        for case in r.cases:
            if case.passed and not verbose:
                continue
            lines.append("")
            lines.append(indent(case_heading(case), "  "))
            lines.append(indent(failure_detail(case) if not case.passed else diff_text(case)))
        blocks.append("\n".join(lines))
    everything = [c for r in results for c in r.cases]
    blocks.append(
        t(
            "test.all_passed" if all(c.passed for c in everything) else "test.some_failed",
            counts=counts_text(everything),
        )
    )
    return "\n\n".join(blocks)


def counts_text(cases: list[CaseResult]) -> str:
    failed = sum(not c.passed for c in cases)
    return t("test.counts", cases=len(cases), passed=len(cases) - failed, failed=failed)


def coverage_text(coverages: list[Coverage]) -> str:
    blocks = []
    for cov in coverages:
        covered, total = cov.points()
        lines = [
            t(
                "test.coverage",
                policy=cov.policy_path,
                percent=percent_text(percent(covered, total)),
                covered=covered,
                total=total,
            )
        ]
        parts = []
        for kind in KINDS:
            k_cov, k_total = cov.points([kind])
            if k_total:
                parts.append(f"{t('test.kind.' + kind)} {k_cov}/{k_total}")
        lines.append("  " + t("test.comma").join(parts) + t("test.coverage_rule"))
        missing = cov.uncovered()
        if missing:
            lines.append("  " + t("test.uncovered"))
            for target, why in missing:
                where = f"{cov.policy_path}:{target.line}" if target.line else cov.policy_path
                what = t("test.what", kind=target.word or t("test.kind." + target.kind), name=target.name)
                lines.append(f"    {where}  {target.citation}  {t('test.uncovered_item', what=what, why=why)}")
        blocks.append("\n".join(lines))
    covered, total = total_points(coverages)
    if len(coverages) > 1:
        blocks.append(
            t("test.total_coverage", percent=percent_text(percent(covered, total)), covered=covered, total=total)
        )
    return "\n\n".join(blocks)


# ---------------------------------------------------------------------------- JSON
def json_report(results: list[SuiteResult], coverages: list[Coverage] | None) -> dict[str, Any]:
    everything = [c for r in results for c in r.cases]
    return {
        "schema": SCHEMA,
        "passed": all(c.passed for c in everything),
        "counts": counts_json(everything),
        "suites": [
            {
                "file": r.suite.path,
                "policy": r.suite.policy_path,
                "counts": counts_json(r.cases),
                "cases": [case_json(c) for c in r.cases],
            }
            for r in results
        ],
        "coverage": None if coverages is None else coverage_json(coverages),
    }


def counts_json(cases: list[CaseResult]) -> dict[str, int]:
    failed = sum(not c.passed for c in cases)
    return {"cases": len(cases), "passed": len(cases) - failed, "failed": failed}


def case_json(case: CaseResult) -> dict[str, Any]:
    from policylang.report.explain import decimal_text

    return {
        "name": case.case.name,
        "line": case.case.span.line,
        "passed": case.passed,
        "checks": [
            {
                "target": c.expectation.target,
                "passed": c.passed,
                "expected": {
                    "status": c.expectation.status,
                    "amount": decimal_text(c.expectation.amount),
                    "written": c.expectation.written,
                },
                "actual": {"status": c.status, "amount": decimal_text(c.amount)},
            }
            for c in case.checks
        ],
    }


def coverage_json(coverages: list[Coverage]) -> dict[str, Any]:
    covered, total = total_points(coverages)
    policies = []
    for cov in coverages:
        got, out_of = cov.points()
        policies.append(
            {
                "file": cov.policy_path,
                "percent": percent_text(percent(got, out_of)),
                "covered": got,
                "total": out_of,
                "kinds": {k: dict(zip(("covered", "total"), cov.points([k]), strict=False)) for k in KINDS},
                "uncovered": [
                    {"kind": tg.kind, "citation": tg.citation, "name": tg.name, "line": tg.line, "missing": why}
                    for tg, why in cov.uncovered()
                ],
            }
        )
    return {"percent": percent_text(percent(covered, total)), "covered": covered, "total": total, "policies": policies}


# ---------------------------------------------------------------------------- JUnit XML
def junit_report(results: list[SuiteResult], coverages: list[Coverage] | None) -> str:
    """JUnit XML: one <testsuite> per suite file, one <testcase> per case, the diff in <failure>."""
    import xml.etree.ElementTree as ET

    everything = [c for r in results for c in r.cases]
    root = ET.Element(
        "testsuites",
        name="policylang test",
        tests=str(len(everything)),
        failures=str(sum(not c.passed for c in everything)),
        errors="0",
    )
    by_policy = {os.path.realpath(c.policy_path): c for c in coverages or []}
    for r in results:
        suite = ET.SubElement(
            root,
            "testsuite",
            name=r.suite.path,
            tests=str(len(r.cases)),
            failures=str(len(r.failed)),
            errors="0",
            skipped="0",
        )
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="policy", value=r.suite.policy_path)
        cov = by_policy.get(os.path.realpath(r.suite.policy_path))
        if cov is not None:
            ET.SubElement(props, "property", name="coverage", value=percent_text(percent(*cov.points())) + "%")
        classname = r.suite.path.removesuffix(SUITE_SUFFIX).replace(os.sep, ".").replace("/", ".").lstrip(".")
        for case in r.cases:
            tc = ET.SubElement(
                suite,
                "testcase",
                name=case.case.name,
                classname=classname,
                file=r.suite.path,
                line=str(case.case.span.line),
            )
            if not case.passed:
                wrong = "、".join(c.expectation.target for c in case.checks if not c.passed)
                failure = ET.SubElement(tc, "failure", message=t("test.mismatch", targets=wrong), type="mismatch")
                failure.text = failure_detail(case)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


# ---------------------------------------------------------------------------- the command
def compile_pattern(pattern: str | None) -> re.Pattern[str] | None:
    if pattern is None:
        return None
    try:
        return re.compile(pattern)
    except re.error as err:
        source = Source("-k", pattern)
        col = (err.pos or 0) + 1
        raise PolicyError(
            Diagnostic(
                "U021",
                t("test.bad_pattern", problem=err.msg),
                Span(source, 1, col, 1, col + 1),
                suggestion=t("test.bad_pattern.hint"),
            )
        ) from None


def fail_under_value(text: str | None) -> Fraction | None:
    if text is None:
        return None
    try:
        value = Fraction(Decimal(text.strip().removesuffix("%")))
    except (InvalidOperation, ValueError):
        value = Fraction(-1)
    if not 0 <= value <= 100:
        source = Source("--fail-under", text)
        raise PolicyError(
            Diagnostic(
                "U022",
                t("test.bad_fail_under", text=text),
                Span(source, 1, 1, 1, len(text) + 1),
                suggestion=t("test.bad_fail_under.hint"),
            )
        )
    return value


def load_suites(paths: tuple[str, ...]) -> list[Suite]:
    """Every suite, or a PolicyError with the problems of all of them."""
    files = discover(paths)
    if not files:
        where = "、".join(f"“{p}”" for p in paths) if paths else t("test.current_folder")
        raise PolicyError(
            Diagnostic(
                "U023",
                t("test.no_suites", where=where, suffix=SUITE_SUFFIX),
                suggestion=t("test.no_suites.hint"),
            )
        )
    policies: dict[str, ir.CompiledPolicy] = {}
    suites, problems = [], []
    for f in files:
        try:
            suites.append(load_suite(f, policies))
        except PolicyError as err:
            problems.extend(err.diagnostics)
    if problems:
        raise PolicyError(problems)
    return suites


def write(text: str) -> None:
    click.echo(text)


@click.command("test")
@click.argument("paths", nargs=-1, metavar="[PATH]...", type=click.Path())
@click.option("--coverage", "show_coverage", is_flag=True, help="报告案例覆盖了哪些条款、条件、分档、上限与数量限制")
@click.option(
    "--fail-under", "fail_under", metavar="PERCENT", help="总覆盖率低于此百分数时以 1 退出（隐含 --coverage）"
)
@click.option(
    "--format", "fmt", type=click.Choice(("text", "json", "junit")), default="text", show_default=True, help="输出格式"
)
@click.option("-k", "--run", "pattern", metavar="REGEX", help="只运行名称与正则表达式匹配的案例")
@click.option("-v", "--verbose", is_flag=True, help="也列出通过的案例及其各项期望")
def command(
    paths: tuple[str, ...], show_coverage: bool, fail_under: str | None, fmt: str, pattern: str | None, verbose: bool
) -> None:
    """运行案例集（*.cases.yaml），核对每个案例各条款及合计的期望金额。

    PATH 可为案例集文件、目录（递归查找）或 .pol 文件（运行同名的 .cases.yaml）；不写则查找当前目录下所有 *.cases.yaml。

    退出码：0 全部通过；1 有案例未通过或覆盖率不足；2 案例集或政策文件有误。
    """
    from policylang.cli import EXIT_FAILED, EXIT_OK, fail

    try:
        threshold = fail_under_value(fail_under)
        regex = compile_pattern(pattern)
        suites = load_suites(paths)
    except PolicyError as err:
        fail(err, fmt == "json")
    results = [run_suite(s, regex) for s in suites]
    coverages = merged_coverage(results) if show_coverage or threshold is not None else None
    emit(results, coverages, fmt, verbose)
    ran = [c for r in results for c in r.cases]
    code = EXIT_OK
    if not ran:
        click.echo(t("test.no_match", pattern=pattern) if pattern else t("test.no_cases"), err=True)
        code = EXIT_FAILED
    if any(not c.passed for c in ran):
        code = EXIT_FAILED
    shown = percent_text(percent(*total_points(coverages))) if coverages is not None else None
    if threshold is not None and shown is not None and Fraction(Decimal(shown)) < threshold:  # as shown
        click.echo(t("test.under", shown=shown, fail_under=fail_under), err=True)
        code = EXIT_FAILED
    sys.exit(code)


def emit(results: list[SuiteResult], coverages: list[Coverage] | None, fmt: str, verbose: bool) -> None:
    if fmt == "json":
        import json

        write(json.dumps(json_report(results, coverages), ensure_ascii=False, indent=2))
    elif fmt == "junit":
        write(junit_report(results, coverages))
        if coverages is not None:
            click.echo(coverage_text(coverages), err=True)
    else:
        write(text_report(results, verbose))
        if coverages is not None:
            write("")
            write(coverage_text(coverages))


__all__ = [
    "CaseResult",
    "Check",
    "Coverage",
    "Expectation",
    "Suite",
    "SuiteCase",
    "SuiteResult",
    "command",
    "discover",
    "load_suite",
    "merged_coverage",
    "run_suite",
]
