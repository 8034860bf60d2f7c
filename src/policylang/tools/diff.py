"""Revisions: what changed in meaning between two versions of a policy, and what it costs.

`semantic_diff(old, new)` compares the two compiled policies clause by clause, by citation,
and the header, parameters, definitions, facts, tables and cross-clause rules beside them.
Expressions are compared by meaning (values and operators, not spelling), so `100万元` and
`1000000元`, or `超过` and `>`, are the same; where two expressions have the same shape, each
literal or boundary that differs is reported with its text and source line in both versions.
If the syntax trees are equal the change is formatting or comments only.

`compare_cases(old, new, cases)` evaluates each case under both versions: the award per clause,
the difference, who gains, who loses, who is no longer eligible. It takes any iterable of
`CaseInput`, so a whole population can be streamed through it; `cases_from_files` reads `eval`
case files and `*.cases.yaml` suites.

JSON schema (`--format json`), amounts as exact decimal strings in yuan:
    {"schema": "policylang.diff/2", "old": {"file", "title", "doc_number"}, "new": {...},
     "change": "none" | "format" | "notation" | "semantic",
     "changes": [{"kind", "scope", "citation", "subject", "detail",
                  "old": {"text", "file", "line", "source_line"} | null, "new": {...} | null}],
     "cases": [{"name", "origin", "outcome", "old_total", "new_total", "delta", "notes",
                "no_longer_eligible": [...], "newly_eligible": [...],
                "clauses": [{"citation", "title", "old": {"status", "amount"}, "new": {...}, "delta", "change",
                             "note"}]}],
     "summary": {"cases", "gain", "loss", "same", "undetermined", "not_applicable",
                 "old_total", "new_total", "delta", "no_longer_eligible": [...]}}
`outcome` is one of gain, loss, same, undetermined, not_applicable; a clause `status` is one of
evaluate's (paid, zero, ineligible, undetermined, excluded), `absent` (no such clause in that
version) or `missing_facts` (the case lacks a fact the clause's result depends on; a lacking fact
that cannot change the clause is not this); a clause `change` is one of
no_longer_eligible, newly_eligible, undetermined, not_compared, gain, loss, same (tools/outcomes.py,
the same definition `diff --population` uses); a change `kind` is a ChangeKind identifier
(clause_added, clause_removed, clause_renumbered, title, source_text, reading, award, per_item,
condition, condition_added, condition_removed, threshold, boundary, rate, unit_price, amount, number,
cap, cap_added, cap_removed, cap_renamed, limit, highest_only, grouping, group_cap, parameter,
definition, fact, table, note, header, fund).
`scope`, `subject` and `detail` are prose in the language in force (`--lang`; message catalogue
catalogue/diff.py); the policy's own words in them (names, titles, citations, literals) are as written.

Changed in policylang.diff/2 (from /1): `changes[].kind` is an English identifier (it was the
Chinese word: 新增条款 → clause_added, 上限 → cap, …); each case clause has `change`; and under
`population`, `no_longer_eligible` / `newly_eligible` and the outcomes follow tools/outcomes.py, as
for cases (a clause capped to 0元 no longer counts as eligible; an undetermined clause that means
the same in both versions cancels out instead of making the enterprise undetermined).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from fractions import Fraction
from pathlib import Path
from typing import Any, ClassVar

import click

from policylang.compiler import ir
from policylang.errors import Collector, Diagnostic, PolicyError, Source, Span, display_width
from policylang.frontend import ast
from policylang.frontend.units import Money, PerUnit, Ratio, Text, citation_key, fraction_text, money_text, value_prose
from policylang.readers.suites import RawCase
from policylang.report.i18n import Msg, current_language, t
from policylang.tools.outcomes import ABSENT, MISSING_FACTS, ClauseChange, Outcome, Word, classify, outcome, standing

SCHEMA = "policylang.diff/2"


class ChangeKind(Word):
    """What kind of change: an English identifier in JSON, its word in the language in force in text."""

    CLAUSE_ADDED = "clause_added"
    CLAUSE_REMOVED = "clause_removed"
    CLAUSE_RENUMBERED = "clause_renumbered"
    TITLE = "title"
    SOURCE_TEXT = "source_text"
    READING = "reading"
    AWARD = "award"
    PER_ITEM = "per_item"
    CONDITION = "condition"
    CONDITION_ADDED = "condition_added"
    CONDITION_REMOVED = "condition_removed"
    THRESHOLD = "threshold"
    BOUNDARY = "boundary"
    RATE = "rate"
    UNIT_PRICE = "unit_price"
    AMOUNT = "amount"
    NUMBER = "number"
    CAP = "cap"
    CAP_ADDED = "cap_added"
    CAP_REMOVED = "cap_removed"
    CAP_RENAMED = "cap_renamed"
    LIMIT = "limit"
    HIGHEST_ONLY = "highest_only"
    NOT_BOTH = "not_both"
    OTHER_FUNDS = "other_funds"
    GROUPING = "grouping"
    GROUP_CAP = "group_cap"
    PARAMETER = "parameter"
    DEFINITION = "definition"
    FACT = "fact"
    TABLE = "table"
    NOTE = "note"
    HEADER = "header"
    FUND = "fund"
    RANK = "rank"


CHANGE_KINDS = {  # the policy-language word a change is found under → its identifier
    "新增条款": ChangeKind.CLAUSE_ADDED,
    "删除条款": ChangeKind.CLAUSE_REMOVED,
    "条款编号": ChangeKind.CLAUSE_RENUMBERED,
    "标题": ChangeKind.TITLE,
    "原文": ChangeKind.SOURCE_TEXT,
    "解读": ChangeKind.READING,
    "奖励": ChangeKind.AWARD,
    "逐项": ChangeKind.PER_ITEM,
    "条件": ChangeKind.CONDITION,
    "新增条件": ChangeKind.CONDITION_ADDED,
    "删除条件": ChangeKind.CONDITION_REMOVED,
    "门槛": ChangeKind.THRESHOLD,
    "边界": ChangeKind.BOUNDARY,
    "比例": ChangeKind.RATE,
    "单价": ChangeKind.UNIT_PRICE,
    "金额": ChangeKind.AMOUNT,
    "数值": ChangeKind.NUMBER,
    "上限": ChangeKind.CAP,
    "新增上限": ChangeKind.CAP_ADDED,
    "删除上限": ChangeKind.CAP_REMOVED,
    "上限名称": ChangeKind.CAP_RENAMED,
    "数量限制": ChangeKind.LIMIT,
    "取高不重复": ChangeKind.HIGHEST_ONLY,
    "不重复享受": ChangeKind.NOT_BOTH,
    "就高不重复": ChangeKind.OTHER_FUNDS,
    "分组": ChangeKind.GROUPING,
    "合计上限": ChangeKind.GROUP_CAP,
    "参数": ChangeKind.PARAMETER,
    "定义": ChangeKind.DEFINITION,
    "事实": ChangeKind.FACT,
    "表": ChangeKind.TABLE,
    "说明文字": ChangeKind.NOTE,
    "名次": ChangeKind.RANK,
    "标头": ChangeKind.HEADER,
    "资金": ChangeKind.FUND,
}


# ---------------------------------------------------------------------------- the two versions
@dataclass
class Version:
    """One version of a policy: its file, syntax tree and compiled form."""

    file: str
    text: str
    tree: ast.Policy
    policy: ir.CompiledPolicy


def load_version(path: str) -> Version:
    from policylang import read_text
    from policylang.compiler.lower import compile_policy
    from policylang.frontend.syntax import parse

    text = read_text(path, "政策文件")
    tree = parse(text, path)
    return Version(path, text, tree, compile_policy(tree))


# ---------------------------------------------------------------------------- changes
@dataclass(frozen=True)
class Written:
    """A piece of one version as written, and where: `100万元` at jixi.pol:88."""

    text: str
    file: str
    line: int
    source_line: str

    def location(self) -> str:
        return f"{self.file}:{self.line}"

    def as_json(self) -> dict[str, Any]:
        return {"text": self.text, "file": self.file, "line": self.line, "source_line": self.source_line}


def written(span: Span | None, text: str | None = None) -> Written | None:
    if span is None:
        return None
    return Written(
        span.text if text is None else text, span.source.name, span.line, span.source.line(span.line).strip()
    )


@dataclass(frozen=True)
class Change:
    kind: str  # 新增条款 删除条款 比例 金额 单价 上限 门槛 边界 新增条件 删除条件 条件 奖励 … (see KIND_ORDER)
    scope: str  # where: 条款 五(一)2, 参数 X, 标头, 合计上限 …
    subject: str  # what, in words: 上限“最高奖励”
    detail: str  # old → new, and what it means: 100万元 → 150万元，提高 50万元
    old: Written | None = None
    new: Written | None = None
    citation: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": CHANGE_KINDS[self.kind].value if self.kind in CHANGE_KINDS else self.kind,
            "scope": self.scope,
            "citation": self.citation,
            "subject": self.subject,
            "detail": self.detail,
            "old": self.old.as_json() if self.old else None,
            "new": self.new.as_json() if self.new else None,
        }


@dataclass
class PolicyDiff:
    old: Version
    new: Version
    changes: list[Change]
    change: str  # none | format | notation | semantic

    @property
    def semantic(self) -> bool:
        return self.change == "semantic"


# ---------------------------------------------------------------------------- comparing by meaning
SPELLING = frozenset({"span", "text", "word", "contradictory", "unspecified"})


def same(a: Any, b: Any, shape_only: bool = False) -> bool:
    """Equal in meaning: spelling (literal text, comparison words) aside. Parameters and
    definitions compare by name; their own changes are reported once, where they are declared.
    With shape_only, literal values and comparison operators may differ too."""
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same(x, y, shape_only) for x, y in zip(a, b, strict=False))
    if not _is_node(a) or not _is_node(b):
        return bool(a == b)
    if type(a) is not type(b):
        return False
    if isinstance(a, (ir.Param, ir.Derived)):
        return bool(a.name == b.name)
    for f in fields(a):
        if f.name in SPELLING or (shape_only and _is_literal_field(a, f.name)):
            continue
        if not same(getattr(a, f.name), getattr(b, f.name), shape_only):
            return False
    return True


def _is_node(x: Any) -> bool:
    return isinstance(x, (ir.Expr, ir.TierRow))


def _is_literal_field(node: Any, name: str) -> bool:
    return (isinstance(node, ir.Const) and name in ("value", "type")) or (isinstance(node, ir.Cmp) and name == "op")


def paired_nodes(a: Any, b: Any, role: str) -> Iterator[tuple[str, Any, Any, Any]]:
    """Walk two same-shape expressions together: (role, old, new, parent) for each literal or
    comparison that differs. Inside a comparison every literal is a threshold."""
    yield from _pairs(a, b, role, None)


def _pairs(a: Any, b: Any, role: str, parent: Any) -> Iterator[tuple[str, Any, Any, Any]]:
    if isinstance(a, tuple):
        for x, y in zip(a, b, strict=False):
            yield from _pairs(x, y, role, parent)
        return
    if not _is_node(a):
        return
    if isinstance(a, ir.Const):
        if a.type != b.type or a.value != b.value:
            yield role, a, b, parent
        return
    if isinstance(a, (ir.Param, ir.Derived)):
        return
    if isinstance(a, ir.Cmp):
        if a.op != b.op:
            yield "边界", a, b, parent
        role = "门槛"
    for f in fields(a):
        if f.name in SPELLING:
            continue
        inner = "门槛" if isinstance(a, (ir.Choose, ir.TierRow)) and f.name == "condition" else role
        yield from _pairs(getattr(a, f.name), getattr(b, f.name), inner, a)


def bound_words(op: str) -> str:
    """含本数（≥） / inclusive (≥): what a comparison's boundary means."""
    return t(f"diff.bound.{op}")


TIGHTER = {(">=", ">"), ("<=", "<")}  # the same side, the number itself no longer counts
LOOSER = {(">", ">="), ("<", "<=")}


def literal_kind(role: str, const: ir.Const) -> str:
    t = const.type
    if role == "门槛" and isinstance(t, Text):  # 展会 为 "广交会" → "进博会": a changed condition, not a threshold
        return "条件"
    if role in ("门槛", "上限"):
        return role
    if isinstance(t, Ratio):
        return "比例"
    if isinstance(t, PerUnit):
        return "单价"
    if isinstance(t, Money):
        return "金额"
    return "数值"


def amount_change(old: Any, new: Any, ty: Any) -> str:
    """提高 50万元 / 降低 10个百分点 (up 500,000.00元 / down 10 percentage points), or '' when the two
    are not comparable numbers. In English an amount is shown in full: 万 is not an English word."""
    if not isinstance(old, Fraction) or not isinstance(new, Fraction) or old == new:
        return ""
    by = abs(new - old)
    if isinstance(ty, Ratio):
        points = by * 100
        shown = t("diff.detail.one_point" if points == 1 else "diff.detail.points", points=fraction_text(points))
    else:
        shown = amount_words(by, ty) if current_language() == "zh" else value_prose(by, ty)
    return t("diff.detail.raised" if new > old else "diff.detail.lowered", by=shown)


def then(detail: str, *more: str) -> str:
    """`detail，more，…` / `detail, more, …`: what a change means, after what it is (empty parts left out)."""
    for part in more:
        if part:
            detail = t("diff.detail.then", detail=detail, more=part)
    return detail


def arrow(old: object, new: object) -> str:
    return t("diff.detail.arrow", old=old, new=new)


def used_by(detail: str, cites: list[str]) -> str:
    """The clauses a parameter or definition is used in, after its change."""
    return t("diff.detail.used_by", detail=detail, cites=listed(cites)) if cites else detail


def listed(items: Iterable[str]) -> str:
    return t("label.list_separator").join(items)


def amount_words(value: Fraction, t: Any) -> str:
    """An amount as the texts write it where that is exact: 300万元, 0.2万元; else 1,234.50元."""
    if isinstance(t, Money) and value >= 1000:
        text = fraction_text(value / 10000)
        if not text.startswith("≈") and len(text.partition(".")[2]) <= 4:
            return f"{text}万{t.currency}"
    return value_prose(value, t)


def threshold_effect(old: ir.Const, new: ir.Const, parent: Any) -> str:
    """Whether raising a threshold tightens the condition: it does for 达到/超过, not for 低于/不超过."""
    if not isinstance(parent, ir.Cmp) or parent.right is not old or old.value == new.value:
        return ""
    if not isinstance(old.value, Fraction) or not isinstance(new.value, Fraction):
        return ""
    raised = new.value > old.value
    if parent.op in (">", ">="):
        return t("diff.detail.tighter" if raised else "diff.detail.looser")
    if parent.op in ("<", "<="):
        return t("diff.detail.looser" if raised else "diff.detail.tighter")
    return ""


# ---------------------------------------------------------------------------- the semantic diff
def semantic_diff(old: Version, new: Version) -> PolicyDiff:
    if old.text == new.text:
        return PolicyDiff(old, new, [], "none")
    if old.tree == new.tree:  # syntax trees compare without positions or comments
        return PolicyDiff(old, new, [], "format")
    differ = Differ(old, new)
    changes = differ.run()
    return PolicyDiff(old, new, changes, "semantic" if changes else "notation")


Pairing = Callable[[Any, Any], bool]  # whether an old and a new part are the same one


class Differ:
    """Collects the changes, each with what it was and what it is, as written, with its line."""

    def __init__(self, old: Version, new: Version):
        from policylang.tools import diff_bounds

        # an implicit open boundary (语言版本 2, no 读作) is compared as the other version reads it, and its
        # reading reported once by boundary_readings() (tools/diff_bounds.py)
        self.given = (old, new)
        self.old = replace(old, policy=diff_bounds.closed(old.policy, new.policy))
        self.new = replace(new, policy=diff_bounds.closed(new.policy, old.policy))
        self.changes: list[Change] = []

    def add(
        self,
        kind: str,
        scope: str,
        subject: str,
        detail: str,
        old: Written | None = None,
        new: Written | None = None,
        citation: str | None = None,
    ) -> None:
        self.changes.append(Change(kind, scope, subject, detail, old, new, citation))

    def run(self) -> list[Change]:
        self.header()
        self.params()
        self.definitions()
        self.facts()
        self.tables()
        self.clauses()
        self.boundary_readings()
        self.exclusive()
        self.choices()
        self.other_funds()
        self.group_caps()
        self.ranks()
        return self.changes

    # ------------------------------------------------------------------ expressions
    def expression(
        self,
        a: ir.Expr | None,
        b: ir.Expr | None,
        scope: str,
        subject: str,
        role: str,
        citation: str | None,
        a_span: Span | None = None,
        b_span: Span | None = None,
    ) -> None:
        """Report how b differs from a: literal by literal when the shape is kept, else as a whole."""
        if a is None or b is None:
            if a is not b:
                self.add(
                    role,
                    scope,
                    subject,
                    arrow(_text(a), _text(b)),
                    written(a_span or _span(a)),
                    written(b_span or _span(b)),
                    citation,
                )
            return
        if same(a, b):
            return
        if not same(a, b, shape_only=True):
            self.add(
                role,
                scope,
                subject,
                arrow(_text(a), _text(b)),
                written(a_span or a.span),
                written(b_span or b.span),
                citation,
            )
            return
        for kind, x, y, parent in paired_nodes(a, b, role):
            if kind == "边界":
                pair = (x.op, y.op)
                effect = "diff.detail.tighter" if pair in TIGHTER else "diff.detail.looser" if pair in LOOSER else ""
                bounds = t(
                    "diff.detail.boundary",
                    old=_text(x),
                    new=_text(y),
                    old_bound=bound_words(x.op),
                    new_bound=bound_words(y.op),
                )
                self.add(
                    "边界",
                    scope,
                    t("diff.subject.boundary_of", subject=subject),
                    then(bounds, t(effect) if effect else ""),
                    written(x.span),
                    written(y.span),
                    citation,
                )
                continue
            change = amount_change(x.value, y.value, y.type) if x.type == y.type else ""
            effect = threshold_effect(x, y, parent)
            detail = then(arrow(x.text, y.text), change, effect)
            self.add(literal_kind(kind, y), scope, subject, detail, written(x.span), written(y.span), citation)

    # ------------------------------------------------------------------ header
    def header(self) -> None:
        from policylang.report.explain import rounding_text

        a, b = self.old.policy, self.new.policy
        not_written = t("diff.detail.not_written")
        for label, x, y in (
            ("标题", a.title, b.title),
            ("文号", a.doc_number, b.doc_number),
            ("发文机关", a.issuer, b.issuer),
            ("年度", a.year, b.year),
            ("有效期", _period(a.effective), _period(b.effective)),
            ("币种", a.currency, b.currency),
            ("舍入", rounding_text(a.rounding), rounding_text(b.rounding)),
        ):
            if x != y:
                self.add(
                    "标头",
                    t("diff.scope.header"),
                    t(f"diff.subject.header.{self.HEADER_KINDS[label] or 'title'}"),
                    arrow(x or not_written, y or not_written),
                    self.header_line(self.old, label),
                    self.header_line(self.new, label),
                )
        funds_a, funds_b = {f.name: f for f in a.funds}, {f.name: f for f in b.funds}
        for name in _union(funds_a, funds_b):
            fx, fy = funds_a.get(name), funds_b.get(name)
            if fx is None or fy is None or fx.amount != fy.amount:
                shown = [amount_words(f.amount, Money(a.currency)) if f else t("diff.detail.none") for f in (fx, fy)]
                change = amount_change(fx.amount, fy.amount, Money(b.currency)) if fx and fy else ""
                self.add(
                    "资金",
                    t("diff.scope.header"),
                    t("diff.subject.fund", name=name),
                    then(arrow(*shown), change),
                    self.fund_line(self.old, name),
                    self.fund_line(self.new, name),
                )

    HEADER_KINDS: ClassVar[dict[str, str | None]] = {
        "标题": None,
        "文号": "doc_number",
        "发文机关": "issuer",
        "年度": "year",
        "有效期": "effective",
        "币种": "currency",
        "舍入": "rounding",
    }

    def header_line(self, v: Version, label: str) -> Written | None:
        h = v.tree.header
        kind = self.HEADER_KINDS[label]
        if kind is None:
            return written(h.span, h.span.source.line(h.span.line).strip())
        for k, span in zip(h.order, h.item_spans, strict=False):
            if k == kind:
                return written(span)
        return None

    def fund_line(self, v: Version, name: str) -> Written | None:
        return next((written(f.span) for f in v.tree.header.funds if f.name == name), None)

    # ------------------------------------------------------------------ parameters and definitions
    def params(self) -> None:
        a, b = self.old.policy.params, self.new.policy.params
        choices = {g.name for p in (self.old, self.new) for g in p.policy.choices}
        choices |= {g.name for p in (self.old, self.new) for g in p.policy.other_funds}  # shown by their rules
        for name in _union(a, b):
            if name in choices:
                continue
            x, y = a.get(name), b.get(name)
            if (x or y) is not None and (x or y).boundary is not None:  # type: ignore[union-attr]
                continue  # an implicit reading (语言版本 2): its boundary is reported by boundary_readings()
            scope, subject = t("diff.scope.parameter", name=name), t("diff.subject.parameter", name=name)
            old_w, new_w = self.decl_written(self.old, name), self.decl_written(self.new, name)
            used = self.users(lambda e, name=name: isinstance(e, ir.Param) and e.name == name)
            if x is None or y is None:
                self.add("参数", scope, subject, used_by(_added_or_removed(x is None), used), old_w, new_w)
            elif x.type != y.type or x.value != y.value:
                shown = [self.param_text(v, name) for v in (self.old, self.new)]
                change = amount_change(x.value, y.value, y.type) if x.type == y.type else ""
                self.add("参数", scope, subject, used_by(then(arrow(*shown), change), used), old_w, new_w)
            elif x.note != y.note:
                note = t("diff.subject.parameter_note", name=name)
                self.add("说明文字", scope, note, _text_change(x.note, y.note), old_w, new_w)

    def param_text(self, v: Version, name: str) -> str:
        """A parameter's value as written (100万元), or 未规定."""
        decl = next((d for d in v.tree.of(ast.ParamDecl) if d.name == name), None)
        return decl.value.span.text if decl is not None else t("diff.detail.not_given")

    def decl_written(self, v: Version, name: str) -> Written | None:
        for d in v.tree.decls:
            if getattr(d, "name", None) == name and not isinstance(d, (ast.Exclusive, ast.GroupCap)):
                return written(d.span, d.span.source.line(d.span.line).strip())
        return None

    def users(self, hit: Any) -> list[str]:
        """Clauses (of either version) whose expressions contain a node for which hit() holds."""
        out: list[str] = []
        for policy in (self.old.policy, self.new.policy):
            for plan in policy.clauses:
                if plan.citation not in out and any(hit(n) for e in plan.expressions() for n in e.walk()):
                    out.append(plan.citation)
        return out

    def definitions(self) -> None:
        a, b = derived_by_name(self.old.policy), derived_by_name(self.new.policy)
        tree_a = {d.name: d for d in self.old.tree.of(ast.DefineDecl)}
        tree_b = {d.name: d for d in self.new.tree.of(ast.DefineDecl)}
        for name in _union(tree_a, tree_b):
            scope, subject = t("diff.scope.definition", name=name), t("diff.subject.definition", name=name)
            old_w, new_w = self.decl_written(self.old, name), self.decl_written(self.new, name)
            used = self.users(lambda e, name=name: isinstance(e, ir.Derived) and e.name == name)
            if name not in tree_a or name not in tree_b:
                self.add("定义", scope, subject, used_by(_added_or_removed(name not in tree_a), used), old_w, new_w)
            elif name in a and name in b:
                self.expression(a[name].expr, b[name].expr, scope, subject, "定义", None)
            elif tree_a[name] != tree_b[name]:  # used by no clause: compare as written
                self.add(
                    "定义",
                    scope,
                    t("diff.subject.definition_unused", name=name),
                    arrow(tree_a[name].value.span.text, tree_b[name].value.span.text),
                    old_w,
                    new_w,
                )

    # ------------------------------------------------------------------ facts and tables
    def facts(self) -> None:
        a, b = self.old.policy.facts, self.new.policy.facts
        for name in _union(a, b):
            x, y = a.get(name), b.get(name)
            scope = t("diff.scope.fact", name=name)
            old_w, new_w = self.decl_written(self.old, name), self.decl_written(self.new, name)
            if x is None or y is None:
                detail = t("diff.detail.fact_added") if x is None else t("diff.detail.removed")
                self.add("事实", scope, t("diff.subject.fact", name=name), detail, old_w, new_w)
                continue
            if x.type != y.type:
                from policylang.readers.values import type_text

                types = arrow(type_text(x.type), type_text(y.type))
                self.add("事实", scope, t("diff.subject.fact_type", name=name), types, old_w, new_w)
            if x.default != y.default or x.field_defaults != y.field_defaults:
                defaults = arrow(_default_text(x), _default_text(y))
                self.add("事实", scope, t("diff.subject.fact_default", name=name), defaults, old_w, new_w)
            if x.description != y.description:
                self.add(
                    "说明文字",
                    scope,
                    t("diff.subject.fact_note", name=name),
                    _text_change(x.description, y.description),
                    old_w,
                    new_w,
                )

    def tables(self) -> None:
        a, b = self.old.policy.tables, self.new.policy.tables
        for name in _union(a, b):
            x, y = a.get(name), b.get(name)
            if (x or y).derived_from is not None:  # type: ignore[union-attr]  # a piece: its table reports it
                continue
            old_w, new_w = self.decl_written(self.old, name), self.decl_written(self.new, name)
            scope = t("diff.scope.table", name=name)
            if x is None or y is None:
                self.add("表", scope, t("diff.subject.table", name=name), _added_or_removed(x is None), old_w, new_w)
                continue
            if x.until != y.until:
                shown = [t("diff.detail.none") if u is None else str(u) for u in (x.until, y.until)]
                self.add("表", scope, t("tables.diff.until", name=name), arrow(*shown), old_w, new_w)
            if x.term is not None or y.term is not None:
                self.term_table_rows(name, x, y, scope, old_w, new_w)
                continue
            rows_a, rows_b = dict(x.rows), dict(y.rows)
            for day in sorted(set(rows_a) | set(rows_b)):  # type: ignore[type-var]
                va, vb = rows_a.get(day), rows_b.get(day)
                if va != vb:
                    shown = [
                        value_prose(v, tb.type) if v is not None else t("diff.detail.none")
                        for v, tb in ((va, x), (vb, y))
                    ]
                    row = t("diff.subject.table_row", name=name, row=day)
                    self.add("表", scope, row, arrow(*shown), old_w, new_w)

    def term_table_rows(
        self, name: str, x: ir.TableInfo, y: ir.TableInfo, scope: str, old_w: Written | None, new_w: Written | None
    ) -> None:
        """A table keyed by date and term, compared band by band in each dated row (the bands as written
        in canonical words; a band split or merged shows as one removed and others added)."""

        def cells(info: ir.TableInfo) -> dict[tuple[object, str], object]:
            if info.term is None:  # the other version is a one-key table: every row is one change
                return {(day, ""): value for day, value in info.rows}
            return {(day, band): value for day, bands in info.rows for band, value in bands}  # type: ignore[attr-defined]

        cells_a, cells_b = cells(x), cells(y)
        for key in sorted(set(cells_a) | set(cells_b), key=lambda k: (str(k[0]), k[1])):
            va, vb = cells_a.get(key), cells_b.get(key)
            if va != vb:
                shown = [
                    value_prose(v, tb.type) if v is not None else t("diff.detail.none") for v, tb in ((va, x), (vb, y))
                ]
                row = t("tables.diff.band", name=name, row=key[0], band=key[1])
                day = str(key[0])
                old_row, new_row = self.row_written(self.old, name, day), self.row_written(self.new, name, day)
                self.add("表", scope, row, arrow(*shown), old_row or old_w, new_row or new_w)

    @staticmethod
    def row_written(v: Version, name: str, day: str) -> Written | None:
        """The dated row of a table keyed by term, as written (both lines show in the change)."""
        for d in v.tree.of(ast.TermTableDecl):
            for r in d.rows if d.name == name else ():
                if r.date == day:
                    return written(r.span, r.span.source.line(r.span.line).strip())
        return None

    # ------------------------------------------------------------------ clauses
    def clauses(self) -> None:
        # paired by citation_key: 八、 and 八, （三） and (三) are one clause written two ways, not a renumbering
        a = {citation_key(c.citation): c for c in self.old.policy.clauses}
        b = {citation_key(c.citation): c for c in self.new.policy.clauses}
        removed = [c for c in a if c not in b]
        added = [c for c in b if c not in a]
        renumbered: dict[str, str] = {}
        for cite in removed:
            twin = next((n for n in added if n not in renumbered.values() and same_plan(a[cite], b[n])), None)
            if twin is not None:
                renumbered[cite] = twin
        for cite in _union(a, b):
            x, y = a.get(cite), b.get(cite)
            if x is not None and y is not None:
                self.clause(x, y)
            elif cite in renumbered:
                assert x is not None
                y = b[renumbered[cite]]
                self.add(
                    "条款编号",
                    t("diff.scope.clause", cite=x.citation),
                    t("diff.subject.clause", cite=x.citation, title=x.title),
                    t("diff.detail.renumbered", old=x.citation, new=y.citation),
                    written(x.span, _first_line(x.span)),
                    written(y.span, _first_line(y.span)),
                    x.citation,
                )
            elif x is not None:
                self.add(
                    "删除条款",
                    t("diff.scope.clause", cite=x.citation),
                    t("diff.subject.clause", cite=x.citation, title=x.title),
                    describe_plan(x, self.old.policy),
                    written(x.span, _first_line(x.span)),
                    None,
                    x.citation,
                )
            elif cite not in renumbered.values():
                assert y is not None
                self.add(
                    "新增条款",
                    t("diff.scope.clause", cite=y.citation),
                    t("diff.subject.clause", cite=y.citation, title=y.title),
                    describe_plan(y, self.new.policy),
                    None,
                    written(y.span, _first_line(y.span)),
                    y.citation,
                )

    def clause(self, a: ir.ClausePlan, b: ir.ClausePlan) -> None:
        cite, scope = a.citation, t("diff.scope.clause", cite=a.citation)
        if a.title != b.title:
            self.add(
                "标题",
                scope,
                t("diff.subject.clause_title"),
                _text_change(a.title, b.title),
                written(a.span, _first_line(a.span)),
                written(b.span, _first_line(b.span)),
                cite,
            )
        if a.quote != b.quote:
            self.add(
                "原文",
                scope,
                t("diff.subject.source_text"),
                _text_change(a.quote, b.quote),
                self.stmt(self.old, cite, ast.Quote),
                self.stmt(self.new, cite, ast.Quote),
                cite,
            )
        if a.readings != b.readings:
            self.add(
                "解读",
                scope,
                t("diff.subject.reading"),
                _list_change(a.readings, b.readings),
                self.stmt(self.old, cite, ast.Reading),
                self.stmt(self.new, cite, ast.Reading),
                cite,
            )
        self.conditions(a.conditions, b.conditions, scope, cite)
        if a.items is not None and b.items is not None:
            self.items(a.items, b.items, scope, cite)
        elif a.items is not None or b.items is not None:
            self.add(
                "奖励",
                scope,
                t("diff.subject.award_form"),
                arrow(_award_text(a), _award_text(b)),
                self.stmt(self.old, cite, (ast.Award, ast.PerItem)),
                self.stmt(self.new, cite, (ast.Award, ast.PerItem)),
                cite,
            )
        else:
            self.expression(a.award, b.award, scope, t("diff.subject.award"), "奖励", cite)
        self.caps(a.caps, b.caps, scope, cite)

    def boundary_readings(self) -> None:
        """Contradictory boundary words read differently: 含 or 不含 in one version, open in the other."""
        from policylang.tools import diff_bounds

        old, new = self.given
        for a, b in diff_bounds.paired(old.policy, new.policy):
            span = a.node.span or b.node.span
            text = span.text if span is not None else a.said
            self.add(
                "边界",
                t("diff.scope.clause", cite=a.citation),
                t("bounds.diff.subject", text=text.split(" 读作 ")[0]),
                arrow(t(f"bounds.diff.edge.{a.edge.value}"), t(f"bounds.diff.edge.{b.edge.value}")),
                written(a.node.span),
                written(b.node.span),
                a.citation,
            )

    def stmt(self, v: Version, cite: str, kind: Any) -> Written | None:
        """The first statement of a kind in the clause (at any depth), as written."""
        clause = next((d for d in v.tree.of(ast.Clause) if citation_key(d.citation) == citation_key(cite)), None)
        found = [s for s in clause.walk() if isinstance(s, kind)] if clause else []
        return written(found[0].span, _first_line(found[0].span)) if found else None

    def conditions(
        self, a: tuple[ir.ConditionPlan, ...], b: tuple[ir.ConditionPlan, ...], scope: str, cite: str
    ) -> None:
        """Pair the conditions: equal in meaning, then the same shape, then reading the same facts."""
        left, right = list(a), list(b)
        tests: tuple[Pairing, ...] = (
            lambda x, y: same(x.expr, y.expr),
            lambda x, y: same(x.expr, y.expr, shape_only=True),
            lambda x, y: facts_read(x.expr) == facts_read(y.expr),
        )
        for test in tests:
            for x in list(left):
                y = next((y for y in right if test(x, y)), None)
                if y is not None:
                    left.remove(x)
                    right.remove(y)
                    subject = t("diff.subject.condition", text=x.text)
                    self.expression(x.expr, y.expr, scope, subject, "条件", cite, x.span, y.span)
        for x in left:
            subject, detail = t("diff.subject.condition", text=x.text), t("diff.detail.condition_removed")
            self.add("删除条件", scope, subject, detail, written(x.span), None, cite)
        for y in right:
            subject, detail = t("diff.subject.condition", text=y.text), t("diff.detail.condition_added")
            self.add("新增条件", scope, subject, detail, None, written(y.span), cite)

    def caps(self, a: tuple[ir.CapPlan, ...], b: tuple[ir.CapPlan, ...], scope: str, cite: str) -> None:
        """Pair caps by name, then in order within the same scope; report limits and names."""
        left, right = list(a), list(b)
        pairs = []
        tests: tuple[Pairing, ...] = (lambda x, y: bool(x.name == y.name), lambda x, y: bool(x.scope == y.scope))
        for test in tests:
            for x in list(left):
                y = next((y for y in right if test(x, y)), None)
                if y is not None:
                    left.remove(x)
                    right.remove(y)
                    pairs.append((x, y))
        for x, y in pairs:
            named = t("diff.subject.cap", name=x.name)
            subject = named if x.name == y.name else t("diff.subject.cap_renamed", name=x.name, new=y.name)
            if x.name != y.name and same(x.limit, y.limit) and same(x.already_paid, y.already_paid):
                renamed = t("diff.detail.cap_renamed", name=y.name)
                self.add("上限名称", scope, named, renamed, written(x.span), written(y.span), cite)
            self.expression(x.limit, y.limit, scope, subject, "上限", cite, x.span, y.span)
            if x.already_paid is not None or y.already_paid is not None:
                self.expression(
                    x.already_paid,
                    y.already_paid,
                    scope,
                    t("diff.subject.already_paid", subject=subject),
                    "上限",
                    cite,
                    x.span,
                    y.span,
                )
        for x in left:
            removed = t("diff.detail.cap_removed", limit=_text(x.limit))
            self.add("删除上限", scope, t("diff.subject.cap", name=x.name), removed, written(x.span), None, cite)
        for y in right:
            added = t("diff.detail.cap_added", limit=_text(y.limit))
            self.add("新增上限", scope, t("diff.subject.cap", name=y.name), added, None, written(y.span), cite)

    def items(self, a: ir.ItemPlan, b: ir.ItemPlan, scope: str, cite: str) -> None:
        if a.items != b.items:
            self.add(
                "逐项",
                scope,
                t("diff.subject.item_list"),
                arrow(a.items, b.items),
                self.stmt(self.old, cite, ast.PerItem),
                self.stmt(self.new, cite, ast.PerItem),
                cite,
            )
        self.conditions(a.conditions, b.conditions, scope, cite)
        self.expression(a.award, b.award, scope, t("diff.subject.award_per_item"), "奖励", cite)
        self.caps(a.caps, b.caps, scope, cite)
        if a.group_by != b.group_by:
            not_grouped = t("diff.detail.not_grouped")
            self.add(
                "分组",
                scope,
                t("diff.subject.grouping"),
                arrow(a.group_by or not_grouped, b.group_by or not_grouped),
                self.stmt(self.old, cite, ast.GroupBy),
                self.stmt(self.new, cite, ast.GroupBy),
                cite,
            )
        if a.limit != b.limit:
            from policylang.report.explain import limit_text

            shown = [limit_text(lim) if lim else t("diff.detail.no_limit") for lim in (a.limit, b.limit)]
            self.add(
                "数量限制",
                scope,
                t("diff.subject.limit"),
                arrow(*shown),
                self.stmt(self.old, cite, ast.Limit),
                self.stmt(self.new, cite, ast.Limit),
                cite,
            )
        self.caps(a.group_caps, b.group_caps, scope, cite)

    # ------------------------------------------------------------------ cross-clause rules
    def one_sided(self, kind: str, scope: str, subject: str, x: Any, y: Any) -> None:
        """A rule declared in one version only: added (x is None) or removed, where it is written."""
        old_w, new_w = (written(x.span) if x else None), (written(y.span) if y else None)
        self.add(kind, scope, subject, _added_or_removed(x is None), old_w, new_w)

    def exclusive(self) -> None:
        for name, x, y in _by_name(self.old.policy.exclusive, self.new.policy.exclusive):
            subject, scope = t("diff.subject.highest_only", name=name), t("diff.scope.highest_only")
            if x is None or y is None:
                self.one_sided("取高不重复", scope, subject, x, y)
            elif list(map(citation_key, x.citations)) != list(map(citation_key, y.citations)):
                self.add(
                    "取高不重复",
                    scope,
                    subject,
                    arrow(listed(x.citations), listed(y.citations)),
                    written(x.span),
                    written(y.span),
                )

    def choices(self) -> None:
        for name, x, y in _by_name(self.old.policy.choices, self.new.policy.choices):
            subject, scope = t("diff.subject.not_both", name=name), t("diff.scope.not_both")
            if x is None or y is None:
                self.one_sided("不重复享受", scope, subject, x, y)
            elif set(x.citations) != set(y.citations):  # which is kept is open either way: order says nothing
                change = arrow(listed(x.citations), listed(y.citations))
                self.add("不重复享受", scope, subject, change, written(x.span), written(y.span))

    def other_funds(self) -> None:
        for name, x, y in _by_name(self.old.policy.other_funds, self.new.policy.other_funds):
            subject, scope = t("diff.subject.other_funds", name=name), t("diff.scope.other_funds")
            if x is None or y is None:
                self.one_sided("就高不重复", scope, subject, x, y)
                continue
            if x.citations != y.citations:
                change = arrow(listed(x.citations), listed(y.citations))
                self.add("就高不重复", scope, subject, change, written(x.span), written(y.span))
            if x.reading != y.reading:
                shown = [t("diff.other_funds.unspecified") if r is None else r.value for r in (x.reading, y.reading)]
                self.add("就高不重复", scope, subject, arrow(*shown), written(x.span), written(y.span))
            self.expression(x.limit, y.limit, scope, subject, "就高不重复", None)

    def group_caps(self) -> None:
        for name, x, y in _by_name(self.old.policy.group_caps, self.new.policy.group_caps):
            subject, scope = t("diff.subject.group_cap", name=name), t("diff.scope.group_cap")
            if x is None or y is None:
                self.one_sided("合计上限", scope, subject, x, y)
                continue
            self.expression(x.limit, y.limit, scope, subject, "上限", None, x.span, y.span)
            if list(map(citation_key, x.citations)) != list(map(citation_key, y.citations)):
                self.add(
                    "合计上限",
                    scope,
                    t("diff.subject.group_cap_clauses", subject=subject),
                    arrow(listed(x.citations), listed(y.citations)),
                    written(x.span),
                    written(y.span),
                )

    def ranks(self) -> None:
        """名次: a place ranked by another key, order, 范围 or tie rule changes who is placed where."""
        for name, x, y in _by_name(self.old.policy.ranks, self.new.policy.ranks):
            subject, scope = t("rank.diff.subject", name=name), t("rank.diff.scope", name=name)
            if x is None or y is None:
                self.one_sided("名次", scope, subject, x, y)
            elif not same_rank(x, y):
                self.add("名次", scope, subject, arrow(rank_text(x), rank_text(y)), written(x.span), written(y.span))


def same_rank(a: ir.RankPlan, b: ir.RankPlan) -> bool:
    parts = ("key", "descending", "tie", "tie_key", "tie_descending", "note")
    if any(getattr(a, p) != getattr(b, p) for p in parts):
        return False
    return (a.scope is None) == (b.scope is None) and (a.scope is None or same(a.scope, b.scope))


def rank_text(r: ir.RankPlan) -> str:
    """How the place is ranked, as the declaration writes it after `名次 NAME =`."""
    return _first_line(r.span).partition("=")[2].strip() or r.key


def derived_by_name(policy: ir.CompiledPolicy) -> dict[str, ir.Derived]:
    out: dict[str, ir.Derived] = {}
    exprs = [e for plan in policy.clauses for e in plan.expressions()] + [g.limit for g in policy.group_caps]
    for e in exprs:
        for node in e.walk():
            if isinstance(node, ir.Derived):
                out.setdefault(node.name, node)
    return out


def facts_read(e: ir.Expr) -> frozenset[str]:
    return frozenset(n.name for n in e.walk() if isinstance(n, (ir.Input, ir.Field)))


def same_plan(a: ir.ClausePlan, b: ir.ClausePlan) -> bool:
    """Two clauses that mean the same, whatever their citation (a renumbered clause)."""

    def parts(p: ir.ClausePlan) -> tuple[Any, ...]:
        items = p.items
        item_parts: tuple[Any, ...] = ()
        if items is not None:
            item_parts = (
                items.items,
                tuple(c.expr for c in items.conditions),
                items.award,
                tuple(c.limit for c in items.caps),
                items.group_by,
                items.limit,
                tuple(c.limit for c in items.group_caps),
            )
        return (
            p.title,
            p.quote,
            tuple(c.expr for c in p.conditions),
            p.award,
            item_parts,
            tuple((c.limit, c.already_paid) for c in p.caps),
        )

    return same(parts(a), parts(b))


def describe_plan(plan: ir.ClausePlan, policy: ir.CompiledPolicy) -> str:
    parts = [t("diff.detail.plan_award", award=_award_text(plan))]
    parts += [t("diff.detail.plan_condition", text=c.text) for c in plan.conditions]
    parts += [t("diff.detail.plan_cap", name=c.name, limit=_text(c.limit)) for c in plan.caps]
    return t("diff.semicolon").join(parts)


def _award_text(plan: ir.ClausePlan) -> str:
    if plan.items is not None:
        return t("diff.detail.per_item", items=plan.items.items, award=plan.items.award_text)
    return plan.award_text


def _added_or_removed(added: bool) -> str:
    return t("diff.detail.added" if added else "diff.detail.removed")


def _text(e: Any) -> str:
    if e is None:
        return t("diff.detail.none")
    span = getattr(e, "span", None)
    return span.text if span is not None else str(e)


def _span(e: Any) -> Span | None:
    return getattr(e, "span", None)


def _first_line(span: Span | None) -> str:
    return span.source.line(span.line).strip() if span is not None else ""


def _period(p: tuple[str, str] | None) -> str | None:
    return None if p is None else t("diff.detail.period", start=p[0], end=p[1])


def _default_text(f: ir.FactInfo) -> str:
    if f.default is ir.MISSING:
        return t("diff.detail.no_default")
    if isinstance(f.default, list):
        return t("diff.detail.field_defaults_changed" if f.field_defaults else "diff.detail.empty_list")
    return value_prose(f.default, f.type)


def _text_change(a: str | None, b: str | None) -> str:
    return t("diff.detail.quoted", old=a or "", new=b or "")


def _list_change(a: tuple[str, ...], b: tuple[str, ...]) -> str:
    dropped = [t("diff.detail.reading_dropped", text=r) for r in a if r not in b]
    added = [t("diff.detail.reading_added", text=r) for r in b if r not in a]
    return t("diff.semicolon").join(dropped + added) or t("diff.detail.reading_order")


def _by_name(old: Iterable[Any], new: Iterable[Any]) -> Iterator[tuple[str, Any, Any]]:
    """Named rules (取高不重复, 合计上限, …) of both versions paired by name: (name, old or None, new or None)."""
    a, b = {g.name: g for g in old}, {g.name: g for g in new}
    for name in _union(a, b):
        yield name, a.get(name), b.get(name)


def _union(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Keys of both, in the old order, then the new keys in their order."""
    return list(a) + [k for k in b if k not in a]


# ---------------------------------------------------------------------------- cases: what it costs
GAIN, LOSS, SAME, UNDETERMINED, NOT_APPLICABLE = (
    Outcome.GAIN,
    Outcome.LOSS,
    Outcome.SAME,
    Outcome.UNDETERMINED,
    Outcome.NOT_APPLICABLE,
)


@dataclass
class CaseInput:
    """One enterprise to compare: its facts typed for each version (None: it does not fit that
    version), what-if settings, and optionally the only clauses to evaluate."""

    name: str
    old_facts: dict[str, Any] | None
    new_facts: dict[str, Any] | None
    old_overrides: dict[str, Any] = field(default_factory=dict)
    new_overrides: dict[str, Any] = field(default_factory=dict)
    clauses: tuple[str, ...] | None = None
    origin: str = ""
    notes: list[str] = field(default_factory=list)

    @classmethod
    def same_facts(
        cls,
        name: str,
        facts: dict[str, Any],
        overrides: dict[str, Any] | None = None,
        clauses: tuple[str, ...] | None = None,
        origin: str = "",
    ) -> CaseInput:
        """A case whose typed facts serve both versions (a row of a population)."""
        return cls(name, facts, facts, dict(overrides or {}), dict(overrides or {}), clauses, origin)


@dataclass
class ClauseOutcome:
    status: str
    amount: Fraction
    note: str = ""


@dataclass
class ClauseDelta:
    citation: str
    title: str
    old: ClauseOutcome
    new: ClauseOutcome
    same_unknown: bool = False  # not determinable in either version, but the clause means the same in both

    @property
    def delta(self) -> Fraction:
        return self.new.amount - self.old.amount

    @property
    def missing_facts(self) -> bool:
        return MISSING_FACTS in (self.old.status, self.new.status)

    @property
    def change(self) -> ClauseChange:
        """What the revision does to this clause for this case (tools/outcomes.py, as for a population)."""
        return classify(
            standing(self.old.status, self.old.amount),
            standing(self.new.status, self.new.amount),
            self.delta,
            self.same_unknown,
        )

    @property
    def determinable(self) -> bool:
        """Whether the difference is known: both amounts are, or the same unknown amount cancels out."""
        return self.change not in (ClauseChange.UNDETERMINED, ClauseChange.NOT_COMPARED)

    @property
    def changed(self) -> bool:
        """The amount differs, or it became (or stopped being) not determinable."""
        unknown = [o.status == "undetermined" for o in (self.old, self.new)]
        return self.old.amount != self.new.amount or unknown[0] != unknown[1]


@dataclass
class CaseDelta:
    case: CaseInput
    clauses: list[ClauseDelta]
    old_total: Fraction | None
    new_total: Fraction | None
    notes: list[str]

    @property
    def fits(self) -> bool:
        return self.old_total is not None and self.new_total is not None

    @property
    def determinable(self) -> bool:
        """A clause the case cannot feed (a fact it lacks) is left out and noted, not guessed."""
        return self.fits and self.outcome is not Outcome.UNDETERMINED

    @property
    def delta(self) -> Fraction | None:
        if self.old_total is None or self.new_total is None:
            return None
        return self.new_total - self.old_total

    @property
    def outcome(self) -> Outcome:
        return outcome(self.fits, (c.change for c in self.clauses), self.delta)

    @property
    def no_longer_eligible(self) -> list[str]:
        """Clauses that paid under the old version and pay nothing under the new one."""
        return [c.citation for c in self.clauses if c.change is ClauseChange.NO_LONGER_ELIGIBLE]

    @property
    def newly_eligible(self) -> list[str]:
        return [c.citation for c in self.clauses if c.change is ClauseChange.NEWLY_ELIGIBLE]

    @property
    def worth_showing(self) -> bool:
        """Listed in the text report: anything changed for this case, or it could not be compared."""
        return self.outcome in (GAIN, LOSS, NOT_APPLICABLE) or bool(self.notes) or any(c.changed for c in self.clauses)


def run_version(
    policy: ir.CompiledPolicy, facts: dict[str, Any], overrides: dict[str, Any], only: tuple[str, ...] | None
) -> tuple[dict[str, ClauseOutcome], Fraction]:
    """Each clause's outcome under one version; a clause whose result hinges on a fact the case lacks
    is `missing_facts` (one that the lacking fact cannot change is compared as usual)."""
    from policylang.backends.exact import NeedsFacts, ReferenceUndetermined, evaluate
    from policylang.frontend.units import cites_within
    from policylang.report.explain import reason_text

    wanted = [p.citation for p in policy.clauses if only is None or any(cites_within(c, p.citation) for c in only)]
    out: dict[str, ClauseOutcome] = {}
    result = evaluate(policy, facts, overrides, None if only is None else wanted)
    for r in result.clauses:
        # a clause that lacks a fact itself, or through the clause its 金额(…) reads
        if isinstance(r.reason, NeedsFacts) or (isinstance(r.reason, ReferenceUndetermined) and r.reason.facts):
            names = listed(f"“{n}”" for n in r.reason.facts)
            out[r.citation] = ClauseOutcome(MISSING_FACTS, Fraction(0), t("diff.lacks_facts", names=names))
            continue
        why = reason_text(r, result) if r.status == "undetermined" else ""
        out[r.citation] = ClauseOutcome(r.status, r.amount, why)
    return out, result.total


def compare_case(
    old: ir.CompiledPolicy, new: ir.CompiledPolicy, case: CaseInput, unchanged: frozenset[str] | None = None
) -> CaseDelta:
    if unchanged is None:
        unchanged = unchanged_clauses(old, new)
    runs: list[tuple[dict[str, ClauseOutcome], Fraction] | None] = []
    for policy, facts, overrides in (
        (old, case.old_facts, case.old_overrides),
        (new, case.new_facts, case.new_overrides),
    ):
        runs.append(None if facts is None else run_version(policy, facts, overrides, case.clauses))
    titles = {p.citation: p.title for p in new.clauses} | {p.citation: p.title for p in old.clauses}
    order = [p.citation for p in old.clauses] + [p.citation for p in new.clauses if old.clause(p.citation) is None]
    if case.clauses is not None:
        from policylang.frontend.units import cites_within

        order = [c for c in order if any(cites_within(asked, c) for asked in case.clauses)]
    absent = ClauseOutcome(ABSENT, Fraction(0))
    deltas = []
    notes = list(case.notes)
    if runs[0] is not None and runs[1] is not None:
        for cite in order:
            a, b = runs[0][0].get(cite, absent), runs[1][0].get(cite, absent)
            unknown_in_both = a.status == b.status == "undetermined"
            same_unknown = unknown_in_both and cite in unchanged
            deltas.append(ClauseDelta(cite, titles[cite], a, b, same_unknown))
            for label, o in ((t("diff.old_version"), a), (t("diff.new_version"), b)):
                if o.status == MISSING_FACTS:
                    notes.append(t("diff.not_run", version=label, cite=cite, why=o.note))
    return CaseDelta(case, deltas, runs[0][1] if runs[0] else None, runs[1][1] if runs[1] else None, notes)


def unchanged_clauses(old: ir.CompiledPolicy, new: ir.CompiledPolicy) -> frozenset[str]:
    """Clauses that, with every parameter and definition they read, mean the same in both versions."""
    derived_old, derived_new = derived_by_name(old), derived_by_name(new)

    def unchanged(a: ir.ClausePlan) -> bool:
        b = new.clause(a.citation)
        if b is None or not same_plan(a, b):
            return False
        ranks_old, ranks_new = {r.name: r for r in old.ranks}, {r.name: r for r in new.ranks}
        for name in a.inputs & set(ranks_old):  # a clause reading a place ranked otherwise changes too
            if name not in ranks_new or not same_rank(ranks_old[name], ranks_new[name]):
                return False
        for node in (n for e in a.expressions() for n in e.walk()):
            if isinstance(node, ir.Param):
                x, y = old.params.get(node.name), new.params.get(node.name)
                if x is None or y is None or (x.type, x.value) != (y.type, y.value):
                    return False
            elif isinstance(node, ir.Derived):
                dx, dy = derived_old.get(node.name), derived_new.get(node.name)
                if dx is None or dy is None or not same(dx.expr, dy.expr):
                    return False
        return True

    return frozenset(a.citation for a in old.clauses if unchanged(a))


def compare_cases(old: ir.CompiledPolicy, new: ir.CompiledPolicy, cases: Iterable[CaseInput]) -> Iterator[CaseDelta]:
    """The seam for whole populations: any iterable of cases in, one CaseDelta per case out."""
    unchanged = unchanged_clauses(old, new)
    for case in cases:
        yield compare_case(old, new, case, unchanged)


@dataclass
class Impact:
    """Totals over many cases, gathered as they stream past (names kept for the first few)."""

    cases: int = 0
    counts: dict[Outcome, int] = field(default_factory=lambda: {k: 0 for k in Outcome})
    old_total: Fraction = Fraction(0)
    new_total: Fraction = Fraction(0)
    no_longer_eligible: list[tuple[str, list[str]]] = field(default_factory=list)
    no_longer_eligible_count: int = 0
    losers: list[str] = field(default_factory=list)
    keep: int = 50

    def add(self, d: CaseDelta) -> None:
        self.cases += 1
        self.counts[d.outcome] += 1
        if d.outcome in (GAIN, LOSS, SAME):
            assert d.old_total is not None and d.new_total is not None
            self.old_total += d.old_total
            self.new_total += d.new_total
        if d.outcome == LOSS and len(self.losers) < self.keep:
            self.losers.append(d.case.name)
        if d.fits and d.no_longer_eligible:
            self.no_longer_eligible_count += 1
            if len(self.no_longer_eligible) < self.keep:
                self.no_longer_eligible.append((d.case.name, d.no_longer_eligible))

    @property
    def delta(self) -> Fraction:
        return self.new_total - self.old_total


def summarize(deltas: Iterable[CaseDelta]) -> Impact:
    impact = Impact()
    for d in deltas:
        impact.add(d)
    return impact


# ---------------------------------------------------------------------------- reading case files
CASE_SUFFIXES = (".yaml", ".yml", ".json")


def case_files(paths: Iterable[str]) -> list[str]:
    out: list[str] = []
    for p in paths:
        if Path(p).is_dir():
            out.extend(str(f) for f in sorted(Path(p).rglob("*")) if f.suffix in CASE_SUFFIXES and f.is_file())
        else:
            out.append(p)
    return out


def cases_from_files(paths: Iterable[str], old: ir.CompiledPolicy, new: ir.CompiledPolicy) -> list[CaseInput]:
    """`eval` case files (one case each) and `*.cases.yaml` suites (their 案例 list, read by
    readers/suites.py as `policylang test` reads them), typed for both versions. A file that is not
    valid YAML, or a suite `policylang test` would refuse for its keys or names, is invalid input."""
    from policylang import read_text
    from policylang.readers.cases import compose
    from policylang.readers.suites import is_suite, read_suite

    out: list[CaseInput] = []
    for path in case_files(paths):
        text = read_text(path, "案例文件")
        root, source = compose(text, path)
        if is_suite(path, root):
            out.extend(read_suite(path, lambda raw, diag: suite_case(raw, old, new, diag), text))
        else:
            out.append(typed_case(case_name(path), root, None, None, source, old, new, path))
    names = [c.name for c in out]
    for c in out:  # a case file is named by its stem, unless two files share one
        if c.name == case_name(c.origin) and names.count(c.name) > 1:
            c.name = c.origin
    return out


def case_name(path: str) -> str:
    name = Path(path).name
    for suffix in (".case.yaml", ".yaml", ".yml", ".json"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def suite_case(raw: RawCase, old: ir.CompiledPolicy, new: ir.CompiledPolicy, diag: Collector) -> CaseInput | None:
    """One case of a suite, typed for both versions (its 期望 are `test`'s business, not a revision's)."""
    from policylang.readers.cases import node_span

    def node(key: str) -> Any:
        entry = raw.get(key)
        return entry[1] if entry is not None else None

    try:
        clauses = _clause_list(node("条款"), raw.source)
    except PolicyError as err:
        diag.diagnostics.extend(err.diagnostics)
        return None
    origin = node_span(raw.source, raw.node).location()
    return typed_case(raw.name, node("事实"), node("设定"), clauses, raw.source, old, new, origin)


def _mapping(node: Any) -> dict[str, Any] | None:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    return {str(k.value): v for k, v in node.value}


def typed_case(
    name: str,
    facts_node: Any,
    settings_node: Any,
    clauses: tuple[str, ...] | None,
    source: Source,
    old: ir.CompiledPolicy,
    new: ir.CompiledPolicy,
    origin: str,
) -> CaseInput:
    """The case's facts typed for each version; facts a version does not declare are left out
    (and said so), a value that no longer fits makes the case not applicable to that version."""
    import yaml

    pairs = _fact_pairs(facts_node)
    case = CaseInput(name, None, None, origin=origin, clauses=clauses)
    for is_old, policy, other in ((True, old, new), (False, new, old)):
        label = t("diff.old_version" if is_old else "diff.new_version")
        diag = Collector()
        from policylang.readers.cases import read_facts

        kept = [(k, v) for k, v in pairs if str(k.value) in policy.facts]
        facts, _ = read_facts(kept, source, policy, diag)
        overrides = (
            _settings(settings_node, source, policy, diag) if isinstance(settings_node, yaml.MappingNode) else {}
        )
        if diag.errors:
            case.notes += [
                t("diff.does_not_fit", version=label, where=d.span.location() if d.span else "", problem=d.message)
                for d in diag.errors
            ]
            continue
        for k, _ in pairs:
            if str(k.value) not in policy.facts and str(k.value) in other.facts:
                case.notes.append(t("diff.fact_ignored", version=label, name=k.value))
        if is_old:
            case.old_facts, case.old_overrides = facts, overrides
        else:
            case.new_facts, case.new_overrides = facts, overrides
    unknown = [str(k.value) for k, _ in pairs if str(k.value) not in old.facts and str(k.value) not in new.facts]
    case.notes += [t("diff.fact_in_neither", name=n) for n in unknown]
    return case


def _fact_pairs(node: Any) -> list[Any]:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return []
    entries = _mapping(node) or {}
    inner = entries.get("事实")
    pairs: list[Any] = inner.value if isinstance(inner, yaml.MappingNode) else node.value
    return pairs


def _settings(node: Any, source: Source, policy: ir.CompiledPolicy, diag: Collector) -> dict[str, Any]:
    """设定: what-if values for this version; a name it does not have is skipped."""
    from policylang.readers.cases import node_span, scalar, setting_type

    out: dict[str, Any] = {}
    for key, value in node.value:
        name = str(key.value)
        ty = setting_type(policy, name)
        if ty is None:
            continue
        try:
            out[name] = scalar(str(getattr(value, "value", "")), ty)
        except ValueError as err:
            diag.add(
                "D003",
                t("suite.setting_value", name=name, value=getattr(value, "value", ""), problem=err),
                node_span(source, value),
            )
    return out


def _clause_list(node: Any, source: Source) -> tuple[str, ...] | None:
    import yaml

    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode):
        return (str(node.value).strip(),)
    if isinstance(node, yaml.SequenceNode):
        return tuple(str(i.value).strip() for i in node.value if isinstance(i, yaml.ScalarNode))
    from policylang.readers.cases import node_span

    raise PolicyError(Diagnostic("D004", Msg("diff.clause_list"), node_span(source, node)))


# ---------------------------------------------------------------------------- text output
def money(value: Fraction | None, currency: str = "元") -> str:
    return "—" if value is None else money_text(value, currency)


def signed(value: Fraction | None, currency: str = "元") -> str:
    if value is None:
        return "—"
    if value == 0:
        return "0"
    return ("+" if value > 0 else "-") + money_text(abs(value), currency)


def pad(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


def rpad(text: str, width: int) -> str:
    return " " * max(width - display_width(text), 0) + text


def render_text(diff: PolicyDiff, deltas: list[CaseDelta] | None, impact: Impact | None) -> str:
    lines = [
        t("diff.heading", old=diff.old.file, new=diff.new.file),
        t("diff.old_title", title=_title(diff.old.policy)),
        t("diff.new_title", title=_title(diff.new.policy)),
        "",
    ]
    lines += change_lines(diff)
    if deltas is not None and impact is not None:
        lines += ["", *case_lines(deltas, impact, diff.new.policy.currency)]
    return "\n".join(lines)


def _title(p: ir.CompiledPolicy) -> str:
    return t("diff.title_with_number", title=p.title, number=p.doc_number) if p.doc_number else p.title


def change_lines(diff: PolicyDiff) -> list[str]:
    if diff.change == "none":
        return [t("diff.identical")]
    if diff.change == "format":
        return [t("diff.format_only")]
    if diff.change == "notation":
        return [t("diff.notation_only")]
    lines = [t("diff.changes", count=len(diff.changes))]
    scope = None
    for c in diff.changes:
        if c.scope != scope:
            scope = c.scope
            titled = t("diff.scope.titled", scope=scope, title=_clause_title(diff, c.citation)) if c.citation else scope
            lines.append(f"  {titled}")
        lines.append(f"    [{kind_text(c.kind)}] {t('diff.change_line', subject=c.subject, detail=c.detail)}")
        for label, w in ((t("diff.old"), c.old), (t("diff.new"), c.new)):
            if w is not None:
                lines.append(f"        {label} {w.location()}  {w.source_line}")
    return lines


def _clause_title(diff: PolicyDiff, cite: str) -> str:
    plan = diff.new.policy.clause(cite) or diff.old.policy.clause(cite)
    return plan.title if plan else ""


def case_lines(deltas: list[CaseDelta], impact: Impact, currency: str) -> list[str]:
    lines = [t("diff.cases", count=impact.cases)]
    shown = [d for d in deltas if d.worth_showing]
    header = (t("diff.case"), t("diff.old"), t("diff.new"), t("diff.delta"), "")
    rows = [
        (
            d.case.name,
            money(d.old_total, currency),
            money(d.new_total, currency),
            signed(d.delta, currency),
            outcome_text(d.outcome),
        )
        for d in shown
    ]
    widths = [max([display_width(r[i]) for r in [header, *rows]]) for i in range(4)]
    lines.append("  " + "  ".join([pad(header[0], widths[0])] + [rpad(header[i], widths[i]) for i in (1, 2, 3)]))
    for d, r in zip(shown, rows, strict=False):
        lines.append("  " + "  ".join([pad(r[0], widths[0])] + [rpad(r[i], widths[i]) for i in (1, 2, 3)] + [r[4]]))
        for c in d.clauses:
            if c.changed and not c.missing_facts:
                by = t("diff.by", delta=signed(c.delta, currency)) if c.determinable and c.delta else ""
                lines.append(
                    "      "
                    + t(
                        "diff.clause_line",
                        cite=c.citation,
                        title=c.title,
                        old=_outcome_text(c.old, currency),
                        new=_outcome_text(c.new, currency),
                        by=by,
                    )
                )
        if d.no_longer_eligible:
            lines.append("      " + t("diff.no_longer_eligible", cites=listed(d.no_longer_eligible)))
        for note in d.notes:
            lines.append("      " + t("diff.note", note=note))
    if len(shown) < len(deltas):
        lines.append("  " + t("diff.rest_unchanged", count=len(deltas) - len(shown)))
    lines.append("")
    counts = t("diff.comma").join(
        t("diff.count", outcome=outcome_text(k), count=n)
        for k, n in impact.counts.items()
        if n or k in (GAIN, LOSS, SAME)
    )
    lines.append(t("diff.summary", counts=counts))
    lines.append(
        t(
            "diff.totals",
            old=money(impact.old_total, currency),
            new=money(impact.new_total, currency),
            delta=signed(impact.delta, currency),
        )
    )
    if impact.no_longer_eligible:
        names = t("diff.semicolon").join(
            t("diff.named_clauses", name=n, cites=listed(c)) for n, c in impact.no_longer_eligible
        )
        lines.append(t("diff.no_longer_eligible_count", count=impact.no_longer_eligible_count, names=names))
    return lines


def outcome_text(outcome: Outcome) -> str:
    return t(f"outcome.{outcome.value}")


def kind_text(kind: str) -> str:
    """A change's kind in the language in force (its word in the policy language for zh)."""
    return t(f"diff.kind.{CHANGE_KINDS[kind].value}") if kind in CHANGE_KINDS else kind


def _outcome_text(o: ClauseOutcome, currency: str) -> str:
    if o.status == "paid":
        return money(o.amount, currency)
    if o.status in ("zero",):
        return money(o.amount, currency)
    return t(f"diff.status.{o.status}" if o.status in (ABSENT, MISSING_FACTS) else f"status.{o.status}")


# ---------------------------------------------------------------------------- JSON output
def decimal(value: Fraction | None) -> str | None:
    from policylang.report.explain import decimal_text

    return decimal_text(value)


def as_json(diff: PolicyDiff, deltas: list[CaseDelta] | None, impact: Impact | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "schema": SCHEMA,
        "old": {"file": diff.old.file, "title": diff.old.policy.title, "doc_number": diff.old.policy.doc_number},
        "new": {"file": diff.new.file, "title": diff.new.policy.title, "doc_number": diff.new.policy.doc_number},
        "change": diff.change,
        "changes": [c.as_json() for c in diff.changes],
    }
    if deltas is not None and impact is not None:
        out["cases"] = [case_json(d) for d in deltas]
        out["summary"] = {
            "cases": impact.cases,
            **{k: n for k, n in impact.counts.items()},
            "old_total": decimal(impact.old_total),
            "new_total": decimal(impact.new_total),
            "delta": decimal(impact.delta),
            "no_longer_eligible": [{"name": n, "clauses": c} for n, c in impact.no_longer_eligible],
        }
    return out


def case_json(d: CaseDelta) -> dict[str, Any]:
    return {
        "name": d.case.name,
        "origin": d.case.origin,
        "outcome": d.outcome,
        "old_total": decimal(d.old_total),
        "new_total": decimal(d.new_total),
        "delta": decimal(d.delta),
        "notes": d.notes,
        "no_longer_eligible": d.no_longer_eligible,
        "newly_eligible": d.newly_eligible,
        "clauses": [
            {
                "citation": c.citation,
                "title": c.title,
                "old": {"status": c.old.status, "amount": decimal(c.old.amount)},
                "new": {"status": c.new.status, "amount": decimal(c.new.amount)},
                "delta": decimal(c.delta) if c.determinable else None,
                "change": c.change.value,
                "note": "；".join(dict.fromkeys(n for n in (c.old.note, c.new.note) if n)),
            }
            for c in d.clauses
        ],
    }


# ---------------------------------------------------------------------------- command
@click.command("diff")
@click.argument("old_file", metavar="OLD.pol", type=click.Path(dir_okay=False))
@click.argument("new_file", metavar="NEW.pol", type=click.Path(dir_okay=False))
@click.argument("more_cases", nargs=-1, metavar="", type=click.Path())
@click.option(
    "--cases",
    "case_paths",
    multiple=True,
    metavar="PATH...",
    help="案例文件、案例集（*.cases.yaml）或其所在文件夹；可写多个，计算每个案例在新旧两版下的金额",
)
@click.option(
    "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True, help="输出格式"
)
@click.option("--fail-on-loss", is_flag=True, help="有案例在新版下金额减少时以 1 退出（用于 CI）")
@click.option("--fail-on-change", is_flag=True, help="含义有任何变化时以 1 退出（仅格式/注释变化不算）")
@click.option(
    "--population",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="人群文件（Parquet 或 CSV，每行一家企业，见 policylang batch）：修订的成本与增减的企业",
)
@click.option("--report", metavar="FILE.html", help="把修订影响图写入 FILE.html（离线可用）")
def command(
    old_file: str,
    new_file: str,
    more_cases: tuple[str, ...],
    case_paths: tuple[str, ...],
    fmt: str,
    fail_on_loss: bool,
    fail_on_change: bool,
    population: str | None = None,
    report: str | None = None,
) -> None:
    """比较政策的两个版本：逐条款列出含义的变化，并（--cases）计算每个案例的金额变化。

    比较的是语法树与编译后的含义，不是文本：仅格式/注释变化会如实说明，不算含义变化。
    退出码：0 完成；1 --fail-on-loss / --fail-on-change 的条件成立；2 输入无效。
    """
    from policylang.cli import report_errors

    report_errors(run)(
        old_file, new_file, case_paths + more_cases, fmt, fail_on_loss, fail_on_change, population, report
    )


def run(
    old_file: str,
    new_file: str,
    case_paths: tuple[str, ...],
    fmt: str,
    fail_on_loss: bool,
    fail_on_change: bool,
    population: str | None = None,
    report: str | None = None,
) -> None:
    if report is not None:  # before any work: an .html page (G012), of amounts that change (G013)
        from policylang.tools.plot.reports import check_report_path, needs_cases

        check_report_path(report)
        if not case_paths and not population:
            raise needs_cases()
    if fail_on_loss and not case_paths and not population:
        raise PolicyError(
            Diagnostic(
                "D010",
                t("diff.fail_on_loss"),
                suggestion=t("diff.fail_on_loss.hint"),
            )
        )
    old, new = load_version(old_file), load_version(new_file)
    diff = semantic_diff(old, new)
    deltas: list[CaseDelta] | None = None
    impact: Impact | None = None
    if case_paths:
        cases = cases_from_files(case_paths, old.policy, new.policy)
        deltas = list(compare_cases(old.policy, new.policy, cases))
        impact = summarize(deltas)
    crowd = None
    if population:  # the whole population, column by column (policylang.tools.batch)
        from policylang.tools.batch.diffing import population_impact

        crowd = population_impact(old.policy, new.policy, population)
    if fmt == "json":
        out = as_json(diff, deltas, impact)
        if crowd is not None:
            out["population"] = crowd.as_json()
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(diff, deltas, impact) + ("\n\n" + "\n".join(crowd.text_lines()) if crowd else ""))
    if report is not None:  # the amounts just compared, drawn (tools/plot/reports.py)
        from policylang.tools.plot import reports

        figures = (
            reports.diff_figures_of_population(old.policy, new.policy, crowd)
            if crowd is not None
            else reports.diff_figures_of_cases(old.policy, new.policy, deltas or [], impact)
        )
        reports.write_diff_report(figures, report)
    failed = (fail_on_change and diff.semantic) or (fail_on_loss and impact is not None and impact.counts[LOSS] > 0)
    failed = failed or (fail_on_loss and crowd is not None and crowd.counts["loss"] > 0)
    if failed:
        sys.exit(1)


__all__ = [
    "CaseDelta",
    "CaseInput",
    "Change",
    "Impact",
    "PolicyDiff",
    "cases_from_files",
    "command",
    "compare_cases",
    "load_version",
    "semantic_diff",
    "summarize",
]
