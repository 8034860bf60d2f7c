"""Stage 3: the checked syntax tree → a compiled policy (ir.CompiledPolicy).

Declarations become symbol tables, each clause becomes a plan (conditions, award, items,
caps), and cross-clause rules (取高不重复, 合计上限) are resolved to clause ids. Every problem is
collected and reported together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from fractions import Fraction

from policylang.compiler import ir
from policylang.errors import Collector, Diagnostic, PolicyError, Span
from policylang.frontend import ast
from policylang.frontend.typecheck import Scope, Typer, resolve_type
from policylang.frontend.units import BOOL, CNY, CURRENCIES, ListOf, Money, Type, UnitError, parse_literal, suggest
from policylang.report.i18n import t

ROUND_MODES = tuple(ir.RoundingMode)  # the four the grammar accepts; any other is refused below


def compile_policy(policy: ast.Policy, warnings: list[Diagnostic] | None = None) -> ir.CompiledPolicy:
    """Check and compile; raises PolicyError with every error found. Warnings go to `warnings`."""
    return Compiler(policy).run(warnings)


class Compiler:
    def __init__(self, policy: ast.Policy):
        self.policy = policy
        self.diag = Collector()
        self.currency = CNY

    def run(self, warnings: list[Diagnostic] | None) -> ir.CompiledPolicy:
        header = self.policy.header
        self.currency = self.header_currency(header)
        rounding = self.header_rounding(header)
        funds = tuple(self.fund(f) for f in header.funds)
        self.check_unique_names()
        facts = self.facts()
        typer = Typer(self.diag, self.currency)
        params = self.params(typer, facts)
        tables = self.tables(typer, facts)
        defines = {d.name: d for d in self.policy.of(ast.DefineDecl)}
        scope = Scope(facts, params, defines, tables)
        for d in defines.values():  # type every definition, used or not
            typer.define(d, scope, d.span)
        clauses = self.clauses(typer, scope)
        exclusive = self.exclusive(clauses)
        group_caps = self.group_caps(typer, scope, clauses)
        self.diag.raise_if_errors()
        if warnings is not None:
            warnings.extend(d for d in self.diag.diagnostics if d.severity != "error")
        return ir.CompiledPolicy(
            title=header.title,
            doc_number=header.doc_number,
            issuer=header.issuer,
            year=header.year,
            effective=header.effective,
            currency=self.currency,
            rounding=rounding,
            funds=tuple(f for f in funds if f is not None),
            facts=facts,
            params=params,
            tables=tables,
            clauses=clauses,
            exclusive=exclusive,
            group_caps=group_caps,
            source_name=self.policy.span.source.name,
        )

    # ------------------------------------------------------------------ header
    def header_currency(self, h: ast.Header) -> str:
        if h.currency is None:
            return CNY
        if h.currency not in CURRENCIES:
            self.diag.add("C001", f"不认识的币种“{h.currency}”", h.span, suggestion="写 币种 人民币")
            return CNY
        return CURRENCIES[h.currency]

    def header_rounding(self, h: ast.Header) -> ir.Rounding:
        if h.rounding is None:
            self.diag.add(
                "C002", "政策标头须声明舍入规则", h.span, suggestion="在 政策 { … } 中加一行：舍入 四舍五入 到 分"
            )
            return ir.Rounding(ir.RoundingMode.HALF_UP, ir.Unit.FEN)
        return self.rounding(h)

    def rounding(self, h: ast.Header) -> ir.Rounding:
        """A mode or unit outside the IR's vocabulary is a compile error, never a silent default."""
        assert h.rounding is not None
        mode, unit = h.rounding
        if mode not in ir.RoundingMode.__members__.values() or unit not in ir.Unit.__members__.values():
            self.diag.add("C004", t("rounding.unknown", mode=mode, unit=unit), h.span, suggestion=t("rounding.hint"))
            return ir.Rounding(ir.RoundingMode.HALF_UP, ir.Unit.FEN)
        return ir.Rounding(ir.RoundingMode(mode), ir.Unit(unit))

    def fund(self, f: ast.Fund) -> ir.Fund | None:
        lit = self.literal(f.amount, f.span)
        if lit is None:
            return None
        if not isinstance(lit[1], Money):
            self.diag.add("C003", f"资金“{f.name}”须为金额", f.span)
            return None
        return ir.Fund(f.name, lit[0], f.note)

    def literal(self, text: str, span: Span) -> tuple[Fraction, Type] | None:
        try:
            lit = parse_literal(text)
        except UnitError as err:
            self.diag.add("T101", str(err), span)
            return None
        return lit.value, lit.type

    # ------------------------------------------------------------------ names
    def check_unique_names(self) -> None:
        seen: dict[str, ast.Decl] = {}
        clause_ids: dict[str, ast.Clause] = {}
        for d in self.policy.decls:
            if isinstance(d, ast.Clause):
                if d.citation in clause_ids:
                    first = clause_ids[d.citation].span
                    self.diag.add(
                        "C010",
                        f"条款编号“{d.citation}”重复",
                        d.span,
                        notes=(f"第一次出现在 {first.location()}",),
                        suggestion="同一编号下的不同事项可写成 五(一)1、五(一)2",
                    )
                clause_ids[d.citation] = d
                continue
            name = getattr(d, "name", None)
            if name is None or isinstance(d, (ast.Exclusive, ast.GroupCap)):
                continue
            if name in seen:
                self.diag.add(
                    "C011", f"名称“{name}”重复声明", d.span, notes=(f"第一次声明在 {seen[name].span.location()}",)
                )
            seen[name] = d

    # ------------------------------------------------------------------ facts, parameters, tables
    def facts(self) -> dict[str, ir.FactInfo]:
        out: dict[str, ir.FactInfo] = {}
        for f in self.policy.of(ast.FactDecl):
            t = resolve_type(f.type, self.diag, self.currency)
            if t is None:
                continue
            default: object = [] if isinstance(t, ListOf) else ir.MISSING
            if f.default is not None:
                default = self.constant(f.default, t)
            field_defaults: list[tuple[str, object]] = []
            if isinstance(t, ListOf) and isinstance(f.type, ast.ListType):
                for fd in f.type.fields:
                    ft = t.field(fd.name)
                    if fd.default is not None and ft is not None:
                        field_defaults.append((fd.name, self.constant(fd.default, ft)))
            out[f.name] = ir.FactInfo(f.name, t, f.description, default, f.span, tuple(field_defaults))
        return out

    def constant(self, e: ast.Expr, t: Type) -> object:
        """A literal value (default, parameter, table row) of the declared type."""
        typer = Typer(self.diag, self.currency)
        out = typer.expr(e, Scope({}, {}, {}, {}), t)
        if out is None:
            return ir.MISSING
        if not isinstance(out, ir.Const):
            self.diag.add("C020", "这里须写一个确定的值（如 0元、否、50%）", e.span)
            return ir.MISSING
        if out.type != t and not (isinstance(t, Money) and isinstance(out.type, Money) and out.type == t):
            self.diag.add("C021", f"值的单位与声明不符：声明为{t.describe()}，写的是{out.type.describe()}", e.span)
            return ir.MISSING
        return out.value

    def params(self, typer: Typer, facts: dict[str, ir.FactInfo]) -> dict[str, ir.ParamInfo]:
        out: dict[str, ir.ParamInfo] = {}
        for d in self.policy.decls:
            if isinstance(d, ast.ParamDecl):
                value = typer.expr(d.value, Scope({}, out, {}, {}), None)
                if value is None:
                    continue
                if not isinstance(value, ir.Const):
                    self.diag.add("C022", f"参数“{d.name}”须为确定的值；由事实计算的值请用“定义”", d.value.span)
                    continue
                out[d.name] = ir.ParamInfo(d.name, value.type, value.value, d.note, d.span)
            elif isinstance(d, ast.UnspecifiedDecl):
                t = resolve_type(d.type, self.diag, self.currency)
                if t is not None:
                    out[d.name] = ir.ParamInfo(d.name, t, None, d.note, d.span)
        return out

    def tables(self, typer: Typer, facts: dict[str, ir.FactInfo]) -> dict[str, ir.TableInfo]:
        out: dict[str, ir.TableInfo] = {}
        for d in self.policy.of(ast.TableDecl):
            t = resolve_type(d.value_type, self.diag, self.currency)
            if t is None:
                continue
            rows: list[tuple[object, object]] = []
            for row in d.rows:
                try:
                    day = dt.date.fromisoformat(row.date)
                except ValueError:
                    self.diag.add("T102", f"“{row.date}”不是有效日期", row.span)
                    continue
                rows.append((day, self.constant(row.value, t)))
            if not rows:
                self.diag.add("C023", f"表“{d.name}”没有任何行", d.span)
            rows.sort(key=lambda r: r[0])  # type: ignore[arg-type, return-value]
            out[d.name] = ir.TableInfo(d.name, t, tuple(rows), d.note)
        return out

    # ------------------------------------------------------------------ clauses
    def clauses(self, typer: Typer, scope: Scope) -> tuple[ir.ClausePlan, ...]:
        out = []
        for c in self.policy.of(ast.Clause):
            plan = self.clause(c, typer, scope)
            if plan is not None:
                out.append(plan)
        return tuple(out)

    def award_expr(self, e: ast.Expr, typer: Typer, scope: Scope, where: str) -> ir.Expr | None:
        out = typer.expr(e, scope, Money(self.currency))
        if out is None:
            return None
        if not isinstance(out.type, Money):
            hint = None
            if out.type.describe() == "比例":
                hint = "比例须乘以一个金额作基数，如 50% × 展位费"
            self.diag.add("T150", f"{where}须为金额，但写的是{out.type.describe()}", e.span, suggestion=hint)
            return None
        if out.type.currency != self.currency:
            self.diag.add(
                "T151",
                f"{where}须为{self.currency}金额，但写的是{out.type.describe()}",
                e.span,
                suggestion="美元金额须乘以汇率，如 汇率 × 市场采购贸易额",
            )
            return None
        return out

    def cap(self, s: ast.Cap | ast.CumulativeCap, typer: Typer, scope: Scope, where: ir.CapScope) -> ir.CapPlan | None:
        limit = self.award_expr(s.limit, typer, scope, f"上限“{s.name}”")
        if isinstance(s, ast.CumulativeCap):
            paid = self.award_expr(s.already_paid, typer, scope, f"累计上限“{s.name}”扣除的已获金额")
            if limit is None or paid is None:
                return None
            return ir.CapPlan(s.name, limit, ir.CapScope.CUMULATIVE, s.span, paid)
        return None if limit is None else ir.CapPlan(s.name, limit, where, s.span)

    def conditions(self, stmts: list[ast.Condition], typer: Typer, scope: Scope) -> tuple[ir.ConditionPlan, ...]:
        out = []
        for s in stmts:
            e = typer.boolean(s.expr, scope)
            if e is not None:
                out.append(ir.ConditionPlan(e, s.expr.span.text, s.span))
        return tuple(out)

    def clause(self, c: ast.Clause, typer: Typer, scope: Scope) -> ir.ClausePlan | None:
        awards, per_items = c.of(ast.Award), c.of(ast.PerItem)
        if len(awards) + len(per_items) != 1:
            message = "条款须恰好写一个“奖励”或一个“逐项”" if awards or per_items else "条款缺少“奖励”"
            self.diag.add(
                "C030", message, c.span, citation=c.citation, suggestion="如 奖励 50% × 展位费，或 逐项 展位 { 奖励 … }"
            )
            return None
        for s in c.of(ast.Limit) + c.of(ast.GroupBy):
            self.diag.add("C031", "“至多”和“分组”只能写在“逐项”之内", s.span, citation=c.citation)
        quotes = c.of(ast.Quote)
        if len(quotes) > 1:
            self.diag.add("C032", "条款只能有一句“原文”", quotes[1].span, citation=c.citation)
        conditions = self.conditions(c.of(ast.Condition), typer, scope)
        award = items = None
        award_text = ""
        if awards:
            award = self.award_expr(awards[0].expr, typer, scope, "奖励")
            award_text = awards[0].expr.span.text
        else:
            items = self.item_plan(per_items[0], typer, scope, c.citation)
        caps = [
            self.cap(s, typer, scope, ir.CapScope.CLAUSE) for s in c.body if isinstance(s, (ast.Cap, ast.CumulativeCap))
        ]
        if (awards and award is None) or (per_items and items is None) or None in caps:
            return None
        plan = ir.ClausePlan(
            citation=c.citation,
            title=c.title,
            quote=quotes[0].text if quotes else None,
            readings=tuple(r.text for r in c.of(ast.Reading)),
            conditions=conditions,
            award=award,
            award_text=award_text,
            items=items,
            caps=tuple(cp for cp in caps if cp),
            inputs=frozenset(),
            unspecified=frozenset(),
            span=c.span,
        )
        inputs, unspecified = dependencies(plan.expressions())
        if items is not None:
            inputs.add(items.items)
        return replace(plan, inputs=frozenset(inputs), unspecified=frozenset(unspecified))

    def item_plan(self, s: ast.PerItem, typer: Typer, scope: Scope, citation: str) -> ir.ItemPlan | None:
        fact = scope.facts.get(s.items)
        if fact is None or not isinstance(fact.type, ListOf):
            near = suggest(s.items, [n for n, f in scope.facts.items() if isinstance(f.type, ListOf)])
            self.diag.add(
                "T160",
                f"“逐项”须跟一个列表事实，“{s.items}”不是",
                s.span,
                citation=citation,
                suggestion=f"是否想写“{near}”？" if near else None,
            )
            return None
        inner = scope.with_item(s.items, fact.type)
        awards = [x for x in s.body if isinstance(x, ast.Award)]
        if len(awards) != 1:
            self.diag.add("C033", "“逐项”之内须恰好写一个“奖励”（每项的金额）", s.span, citation=citation)
            return None
        award = self.award_expr(awards[0].expr, typer, inner, "每项奖励")
        conditions = self.conditions([x for x in s.body if isinstance(x, ast.Condition)], typer, inner)
        caps = [self.cap(x, typer, inner, ir.CapScope.PER_ITEM) for x in s.body if isinstance(x, ast.Cap)]
        groups = [x for x in s.body if isinstance(x, ast.GroupBy)]
        limits = [x for x in s.body if isinstance(x, ast.Limit)]
        group_by = None
        group_caps: list[ir.CapPlan | None] = []
        if len(groups) > 1:
            self.diag.add("C034", "“逐项”之内只能有一个“分组”", groups[1].span, citation=citation)
        if groups:
            g = groups[0]
            if fact.type.field(g.field) is None:
                near = suggest(g.field, [n for n, _ in fact.type.fields])
                self.diag.add(
                    "T161",
                    f"列表“{s.items}”没有字段“{g.field}”，不能按它分组",
                    g.span,
                    citation=citation,
                    suggestion=f"是否想写“{near}”？" if near else None,
                )
                return None
            group_by = g.field
            limits += [x for x in g.body if isinstance(x, ast.Limit)]
            group_caps = [
                self.group_cap(x, typer, scope, fact.type, citation) for x in g.body if isinstance(x, ast.Cap)
            ]
        if len(limits) > 1:
            self.diag.add("C035", "数量限制（至多）只能写一处", limits[1].span, citation=citation)
        limit = self.limit(limits[0]) if limits else None
        if award is None or None in caps or None in group_caps or (limits and limit is None):
            return None
        return ir.ItemPlan(
            s.items,
            conditions,
            award,
            awards[0].expr.span.text,
            tuple(caps),  # type: ignore[arg-type]
            group_by,
            limit,
            tuple(group_caps),  # type: ignore[arg-type]
        )

    def group_cap(self, s: ast.Cap, typer: Typer, scope: Scope, items: ListOf, citation: str) -> ir.CapPlan | None:
        """A cap per group is one number for the whole group, so it cannot read one item's fields."""
        fields = {n for n, _ in items.fields}
        for node in s.limit.walk():
            if isinstance(node, ast.Ref) and node.name in fields and node.name not in scope.facts:
                self.diag.add(
                    "C037",
                    f"“分组”的上限不能引用单项的字段“{node.name}”：每组的上限对整组是同一个数",
                    node.span,
                    citation=citation,
                    suggestion="写成确定的金额（如 8万元），或把按项计算的上限写在“逐项”之内",
                )
                return None
        return self.cap(s, typer, scope, ir.CapScope.PER_GROUP)

    def limit(self, s: ast.Limit) -> ir.LimitPlan | None:
        lit = self.literal(s.count, s.span)
        if lit is None:
            return None
        value = lit[0]
        if value.denominator != 1 or value < 0:
            self.diag.add("C036", "“至多”后须为整数个数，如 至多 2个", s.span)
            return None
        return ir.LimitPlan(int(value), ir.LimitOrder(s.order), f"至多{s.count}（取{s.order}）")

    # ------------------------------------------------------------------ cross-clause rules
    def known(self, cites: tuple[str, ...], clauses: tuple[ir.ClausePlan, ...], span: Span) -> bool:
        ids = [c.citation for c in clauses]
        ok = True
        for cite in cites:
            if cite not in ids:
                near = suggest(cite, ids)
                self.diag.add(
                    "C040", f"没有编号为“{cite}”的条款", span, suggestion=f"是否想写“{near}”？" if near else None
                )
                ok = False
        if len(set(cites)) != len(cites):
            self.diag.add("C041", "同一条款在列表中出现了两次", span)
            ok = False
        return ok

    def exclusive(self, clauses: tuple[ir.ClausePlan, ...]) -> tuple[ir.ExclusivePlan, ...]:
        out = []
        for d in self.policy.of(ast.Exclusive):
            if len(d.citations) < 2:
                self.diag.add("C042", "取高不重复至少要列出两个条款", d.span)
            if self.known(d.citations, clauses, d.span):
                out.append(ir.ExclusivePlan(d.name, d.citations, d.span))
        return tuple(out)

    def group_caps(self, typer: Typer, scope: Scope, clauses: tuple[ir.ClausePlan, ...]) -> tuple[ir.GroupCapPlan, ...]:
        out = []
        for d in self.policy.of(ast.GroupCap):
            limit = self.award_expr(d.limit, typer, scope, f"合计上限“{d.name}”")
            if limit is not None and self.known(d.citations, clauses, d.span):
                out.append(ir.GroupCapPlan(d.name, limit, d.citations, d.span))
        return tuple(out)


def dependencies(exprs: list[ir.Expr]) -> tuple[set[str], set[str]]:
    """Facts read and unspecified parameters needed by these expressions."""
    inputs: set[str] = set()
    unspecified: set[str] = set()
    for e in exprs:
        for node in e.walk():
            if isinstance(node, ir.Input):
                inputs.add(node.name)
            elif isinstance(node, ir.Param) and node.unspecified:
                unspecified.add(node.name)
            elif isinstance(node, ir.Aggregate):
                inputs.add(node.items)
    return inputs, unspecified


def load(text: str, name: str = "<policy>", warnings: list[Diagnostic] | None = None) -> ir.CompiledPolicy:
    """Parse, check and compile a policy's text."""
    from policylang.frontend.syntax import parse

    return compile_policy(parse(text, name), warnings)


__all__ = ["BOOL", "PolicyError", "compile_policy", "load"]
