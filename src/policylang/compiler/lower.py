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
from policylang.compiler.clause_refs import resolve_references
from policylang.compiler.term_tables import TermTables, until_date
from policylang.errors import Collector, Diagnostic, Msg, PolicyError, Prose, Span, did_you_mean
from policylang.frontend import ast
from policylang.frontend.bounds import DEFAULT_VERSION, Agreement, LanguageVersion, agreement
from policylang.frontend.ranking import rank_facts, rank_plans
from policylang.frontend.typecheck import CheckedBracket, Scope, Typer, declared_units, edge_text, resolve_type
from policylang.frontend.units import (
    BOOL,
    CNY,
    CURRENCIES,
    USD,
    Enum,
    ListOf,
    Money,
    Number,
    PerUnit,
    Quantity,
    Ratio,
    Type,
    UnitError,
    citation_key,
    parse_literal,
    suggest,
    type_words,
)

ROUND_MODES = tuple(ir.RoundingMode)  # the four the grammar accepts; any other is refused below
RANGED_TYPES = (Money, Quantity, Ratio, Number, PerUnit)  # the types whose values have an order


def end_text(end: ast.RangeEnd) -> str:
    return ("-" if end.negative else "") + end.number.text


def compile_policy(policy: ast.Policy, warnings: list[Diagnostic] | None = None) -> ir.CompiledPolicy:
    """Check and compile; raises PolicyError with every error found. Warnings go to `warnings`."""
    return Compiler(policy).run(warnings)


class Compiler:
    def __init__(self, policy: ast.Policy):
        self.policy = policy
        self.diag = Collector()
        self.currency = CNY
        self.units = declared_units(policy)  # 数量(标箱): the policy's own units, which its literals may write
        self.broken: set[str] = set()  # declarations refused: their later uses report nothing more

    def run(self, warnings: list[Diagnostic] | None) -> ir.CompiledPolicy:
        header = self.policy.header
        self.currency = self.header_currency(header)
        rounding = self.header_rounding(header)
        funds = tuple(self.fund(f) for f in header.funds)
        self.check_unique_names()
        facts = self.facts()
        facts.update(rank_facts(self.policy))  # 名次: a fact to eval, computed by batch
        typer = Typer(self.diag, self.currency, self.units)
        typer.broken = self.broken
        typer.clause_citations = tuple(c.citation for c in self.policy.of(ast.Clause))  # for 金额(一2)
        typer.ranks = {d.name for d in self.policy.of(ast.RankDecl)}
        typer.version = self.language_version(header)
        params = self.params(typer, facts)
        tables = self.tables(typer, facts)
        defines = {d.name: d for d in self.policy.of(ast.DefineDecl)}
        declared = {
            n: x for n, x in tables.items() if x.derived_from is None
        }  # a term table's pieces have no name to call
        scope = Scope(facts, params, defines, declared)
        for d in defines.values():  # type every definition, used or not
            typer.define(d, scope, d.span)
        ranks = rank_plans(self.policy, typer, scope, self.diag)
        clauses = self.clauses(typer, scope)
        self.not_encoded()
        exclusive = self.exclusive(clauses)
        choices = self.choices(clauses, params)
        other_funds = self.other_funds(typer, scope, clauses, params)
        group_caps = self.group_caps(typer, scope, clauses)
        clauses = resolve_references(clauses, rule_members(exclusive, choices, other_funds, group_caps), self.diag)
        self.implicit_choices(typer, params)  # after every expression is typed, 合计上限 and 对照 included
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
            choices=choices,
            other_funds=other_funds,
            ranks=ranks,
            language_version=int(typer.version),
        )

    # ------------------------------------------------------------------ header
    def language_version(self, h: ast.Header) -> LanguageVersion:
        """语言版本 N: a meaning this toolchain knows (absent: 1); another number is a located error."""
        if h.language_version is None:
            return DEFAULT_VERSION
        if h.language_version.isdigit() and int(h.language_version) in LanguageVersion._value2member_map_:
            return LanguageVersion(int(h.language_version))
        at = h.item_spans[h.order.index("language_version")] if "language_version" in h.order else h.span
        self.diag.add(
            "C075",
            Msg("bounds.unknown_version", version=h.language_version, latest=int(max(LanguageVersion))),
            at,
            suggestion=Msg("bounds.hint.version", latest=int(max(LanguageVersion))),
        )
        return DEFAULT_VERSION

    def implicit_choices(self, typer: Typer, params: dict[str, ir.ParamInfo]) -> None:
        """语言版本 2: each contradictory boundary without 读作 is an unspecified 之一(含, 不含) of its own."""
        for name, info in typer.implicit.items():
            if name in params:  # a declared 参数 of that very name: the implicit one cannot take it
                self.diag.add("C076", Msg("bounds.name_taken", name=name), info.span)
                continue
            params[name] = info

    def readings_stated(self, typer: Typer, first: int, c: ast.Clause) -> None:
        """Each 读作 in the clause is a reading of the text: a 解读 must say it, in the same sense."""
        readings = tuple(r.text for r in c.of(ast.Reading))
        for stated in typer.stated[first:]:
            found = agreement(readings, stated.follows, stated.over)
            if found is Agreement.SAYS:
                continue
            key = "bounds.reading_unexplained" if found is Agreement.SILENT else "bounds.reading_contradicted"
            self.diag.add(
                "W202" if found is Agreement.SILENT else "W203",
                Msg(key, text=stated.text, reading=stated.reading, follows=stated.follows, over=stated.over),
                stated.span,
                severity="warning",
                citation=c.citation,
                suggestion=Msg("bounds.hint.reading_explained", follows=stated.follows),
            )

    def header_currency(self, h: ast.Header) -> str:
        if h.currency is None:
            return CNY
        if h.currency not in CURRENCIES:
            self.diag.add(
                "C001",
                Msg("frontend.unknown_currency", currency=h.currency),
                h.span,
                suggestion=Msg("frontend.hint.currency_cny"),
            )
            return CNY
        return CURRENCIES[h.currency]

    def header_rounding(self, h: ast.Header) -> ir.Rounding:
        if h.rounding is None:
            self.diag.add("C002", Msg("frontend.no_rounding"), h.span, suggestion=Msg("frontend.hint.rounding"))
            return ir.Rounding(ir.RoundingMode.HALF_UP, ir.Unit.FEN)
        return self.rounding(h)

    def rounding(self, h: ast.Header) -> ir.Rounding:
        """A mode or unit outside the IR's vocabulary is a compile error, never a silent default."""
        assert h.rounding is not None
        mode, unit = h.rounding
        if mode not in ir.RoundingMode.__members__.values() or unit not in ir.Unit.__members__.values():
            self.diag.add(
                "C004", Msg("rounding.unknown", mode=mode, unit=unit), h.span, suggestion=Msg("rounding.hint")
            )
            return ir.Rounding(ir.RoundingMode.HALF_UP, ir.Unit.FEN)
        return ir.Rounding(ir.RoundingMode(mode), ir.Unit(unit))

    def fund(self, f: ast.Fund) -> ir.Fund | None:
        lit = self.literal(f.amount, f.span)
        if lit is None:
            return None
        if not isinstance(lit[1], Money):
            self.diag.add("C003", Msg("frontend.fund_money", name=f.name), f.span)
            return None
        return ir.Fund(f.name, lit[0], f.note)

    def literal(self, text: str, span: Span) -> tuple[Fraction, Type] | None:
        try:
            lit = parse_literal(text, self.units)
        except UnitError as err:
            self.diag.add("T101", err.message, span)
            return None
        return lit.value, lit.type

    # ------------------------------------------------------------------ names
    def check_unique_names(self) -> None:
        seen: dict[str, ast.Decl] = {}
        clause_ids: dict[str, ast.Clause] = {}
        for d in self.policy.decls:
            if isinstance(d, ast.Clause):
                key = citation_key(d.citation)
                if key in clause_ids:
                    first = clause_ids[key].span
                    self.diag.add(
                        "C010",
                        Msg("frontend.clause_twice", citation=d.citation),
                        d.span,
                        notes=(Msg("frontend.first_at", location=first.location()),),
                        suggestion=Msg("frontend.hint.clause_numbers"),
                    )
                clause_ids[key] = d
                continue
            name = getattr(d, "name", None)
            if name is None or isinstance(d, (ast.Exclusive, ast.GroupCap, ast.NoDouble, ast.OtherFunds)):
                continue
            if name in seen:
                self.diag.add(
                    "C011",
                    Msg("frontend.name_twice", name=name),
                    d.span,
                    notes=(Msg("frontend.first_declared_at", location=seen[name].span.location()),),
                )
            seen[name] = d

    # ------------------------------------------------------------------ facts, parameters, tables
    def facts(self) -> dict[str, ir.FactInfo]:
        out: dict[str, ir.FactInfo] = {}
        for f in self.policy.of(ast.FactDecl):
            t = resolve_type(f.type, self.diag, self.currency)
            if t is None:
                self.broken.add(f.name)
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
            bounds = self.value_range(f.range, t)
            if bounds is not None and default is not ir.MISSING and isinstance(default, Fraction):
                if not bounds[0] <= default <= bounds[1]:
                    self.diag.add("T195", Msg("decide.range.default_outside", name=f.name), f.default.span)
            out[f.name] = ir.FactInfo(f.name, t, f.description, default, f.span, tuple(field_defaults), bounds)
        return out

    def value_range(self, r: ast.ValueRange | None, t: Type) -> tuple[Fraction, Fraction] | None:
        """A declared `取值 lo 至 hi`: each end in the type's unit, lo ≤ hi (None: none, or refused)."""
        if r is None:
            return None
        if not isinstance(t, RANGED_TYPES):
            self.diag.add("T193", Msg("decide.range.unordered_type", type=type_words(t)), r.span)
            return None
        ends: list[Fraction] = []
        for end in (r.low, r.high):
            value = self.constant(end.number, t)
            if not isinstance(value, Fraction):
                return None
            ends.append(-value if end.negative else value)
        if ends[0] > ends[1]:
            self.diag.add(
                "T194",
                Msg("decide.range.reversed", low=end_text(r.low), high=end_text(r.high)),
                r.span,
                suggestion=Msg("decide.range.reversed.hint", low=end_text(r.high), high=end_text(r.low)),
            )
            return None
        return ends[0], ends[1]

    def constant(self, e: ast.Expr, t: Type) -> object:
        """A literal value (default, parameter, table row) of the declared type."""
        typer = Typer(self.diag, self.currency, self.units)
        out = typer.expr(e, Scope({}, {}, {}, {}), t)
        if out is None:
            return ir.MISSING
        if not isinstance(out, ir.Const):
            self.diag.add("C020", Msg("frontend.constant_expected"), e.span)
            return ir.MISSING
        if out.type != t and not (isinstance(t, Money) and isinstance(out.type, Money) and out.type == t):
            self.diag.add(
                "C021", Msg("frontend.declared_unit", declared=type_words(t), written=type_words(out.type)), e.span
            )
            return ir.MISSING
        return out.value

    def params(self, typer: Typer, facts: dict[str, ir.FactInfo]) -> dict[str, ir.ParamInfo]:
        out: dict[str, ir.ParamInfo] = {}
        for d in self.policy.decls:
            if isinstance(d, ast.ParamDecl):
                value = typer.expr(d.value, Scope({}, out, {}, {}), None)
                if value is None:
                    self.broken.add(d.name)
                    continue
                if not isinstance(value, ir.Const):
                    self.diag.add("C022", Msg("frontend.parameter_constant", name=d.name), d.value.span)
                    self.broken.add(d.name)
                    continue
                out[d.name] = ir.ParamInfo(d.name, value.type, value.value, d.note, d.span)
            elif isinstance(d, ast.UnspecifiedDecl):
                t = resolve_type(d.type, self.diag, self.currency)
                if t is None:
                    self.broken.add(d.name)
                else:
                    out[d.name] = ir.ParamInfo(d.name, t, None, d.note, d.span, self.value_range(d.range, t))
        return out

    def tables(self, typer: Typer, facts: dict[str, ir.FactInfo]) -> dict[str, ir.TableInfo]:
        out: dict[str, ir.TableInfo] = {}
        for d in self.policy.of(ast.TableDecl):
            t = resolve_type(d.value_type, self.diag, self.currency)
            if t is None:
                self.broken.add(d.name)
                continue
            rows: list[tuple[object, object]] = []
            for row in d.rows:
                try:
                    day = dt.date.fromisoformat(row.date)
                except ValueError:
                    self.diag.add("T102", Msg("frontend.bad_date", text=row.date), row.span)
                    continue
                rows.append((day, self.constant(row.value, t)))
            if not rows:
                self.diag.add("C023", Msg("frontend.empty_table", name=d.name), d.span)
            rows.sort(key=lambda r: r[0])  # type: ignore[arg-type, return-value]
            last = rows[-1][0] if rows else None
            until = until_date(d.until, last, d.span, self.diag)  # type: ignore[arg-type]
            out[d.name] = ir.TableInfo(d.name, t, tuple(rows), d.note, until)
        keyed_by_term = TermTables(self, typer)
        for td in self.policy.of(ast.TermTableDecl):  # 同期贷款基准利率: its pieces are one-key tables too
            made = keyed_by_term.compile(td)
            if made is None:
                self.broken.add(td.name)
            else:
                out.update(made)
        return out

    # ------------------------------------------------------------------ clauses
    def clauses(self, typer: Typer, scope: Scope) -> tuple[ir.ClausePlan, ...]:
        out = []
        for c in self.policy.of(ast.Clause):
            typer.referring = c.citation  # 金额(…) is allowed here (and only in a clause)
            try:
                plan = self.clause(c, typer, scope)
            finally:
                typer.referring = None
            if plan is not None:
                out.append(plan)
        return tuple(out)

    def award_expr(self, e: ast.Expr, typer: Typer, scope: Scope, where: Prose) -> ir.Expr | None:
        out = typer.expr(e, scope, Money(self.currency))
        if out is None:
            return None
        if not isinstance(out.type, Money):
            hint = Msg("frontend.hint.rate_base") if out.type.describe() == "比例" else None
            self.diag.add(
                "T150", Msg("frontend.money_expected", where=where, type=type_words(out.type)), e.span, suggestion=hint
            )
            return None
        if out.type.currency != self.currency:
            self.diag.add(
                "T151",
                Msg("frontend.currency_expected", where=where, currency=self.currency, type=type_words(out.type)),
                e.span,
                suggestion=Msg("frontend.hint.dollars")
                if out.type.currency == USD
                else Msg("frontend.hint.foreign", currency=out.type.currency),
            )
            return None
        return out

    def cap(self, s: ast.Cap | ast.CumulativeCap, typer: Typer, scope: Scope, where: ir.CapScope) -> ir.CapPlan | None:
        limit = self.award_expr(s.limit, typer, scope, Msg("frontend.where.cap", name=s.name))
        if isinstance(s, ast.CumulativeCap):
            paid = self.award_expr(s.already_paid, typer, scope, Msg("frontend.where.already_paid", name=s.name))
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
            message = Msg("frontend.one_award" if awards or per_items else "frontend.no_award")
            self.diag.add("C030", message, c.span, citation=c.citation, suggestion=Msg("frontend.hint.award"))
            return None
        for s in c.of(ast.Limit) + c.of(ast.GroupBy):
            self.diag.add("C031", Msg("frontend.limit_outside_items"), s.span, citation=c.citation)
        for ack in c.of(ast.Acknowledged):
            self.acknowledged(ack, c.citation)
        quotes = c.of(ast.Quote)
        if len(quotes) > 1:
            self.diag.add("C032", Msg("frontend.one_quote"), quotes[1].span, citation=c.citation)
        first_reading = len(typer.stated)
        conditions = self.conditions(c.of(ast.Condition), typer, scope)
        award = items = None
        award_text = ""
        if awards:
            award = self.award_expr(awards[0].expr, typer, scope, Msg("frontend.where.award"))
            award_text = awards[0].expr.span.text
        else:
            items = self.item_plan(per_items[0], typer, scope, c.citation)
        caps: list[ir.CapPlan | None] = [
            self.cap(s, typer, scope, ir.CapScope.CLAUSE) for s in c.body if isinstance(s, (ast.Cap, ast.CumulativeCap))
        ]
        if isinstance(award, ir.Tiered):
            award, row_caps = lift_row_caps(award, ir.CapScope.CLAUSE)
            caps = [*row_caps, *caps]
        self.readings_stated(typer, first_reading, c)
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

    def acknowledged(self, s: ast.Acknowledged, citation: str) -> None:
        """已知 CODE "reason": the code is one check can report on a clause, and the reason is written.
        (check matches it against its findings; it does not change what the clause computes.)"""
        from policylang.report.codes import ACKNOWLEDGEABLE

        if s.code not in ACKNOWLEDGEABLE:
            near = suggest(s.code.upper(), list(ACKNOWLEDGEABLE))
            self.diag.add(
                "T190",
                Msg("source.ack.unknown_code", code=s.code),
                s.span,
                citation=citation,
                suggestion=did_you_mean(near) or Msg("source.ack.codes", codes=ACKNOWLEDGEABLE),
            )
        if not (s.reason or "").strip():
            self.diag.add(
                "C050",
                Msg("source.ack.no_reason", code=s.code),
                s.span,
                citation=citation,
                suggestion=Msg("source.ack.hint_reason", code=s.code),
            )

    def not_encoded(self) -> None:
        """不编码 "phrase" "reason": both written (check --source matches the phrase to the official text)."""
        for d in self.policy.of(ast.NotEncoded):
            if not d.phrase.strip():
                self.diag.add("C052", Msg("source.not_encoded.no_phrase"), d.span)
            if not (d.reason or "").strip():
                self.diag.add(
                    "C051",
                    Msg("source.not_encoded.no_reason", phrase=d.phrase),
                    d.span,
                    suggestion=Msg("source.not_encoded.hint_reason", phrase=d.phrase),
                )

    def item_plan(self, s: ast.PerItem, typer: Typer, scope: Scope, citation: str) -> ir.ItemPlan | None:
        fact = scope.facts.get(s.items)
        if fact is None and s.items in self.broken:  # the list's declaration was refused: that is the error
            return None
        if fact is None or not isinstance(fact.type, ListOf):
            near = suggest(s.items, [n for n, f in scope.facts.items() if isinstance(f.type, ListOf)])
            self.diag.add(
                "T160",
                Msg("frontend.items_not_list", items=s.items),
                s.span,
                citation=citation,
                suggestion=did_you_mean(near),
            )
            return None
        inner = scope.with_item(s.items, fact.type)
        awards = [x for x in s.body if isinstance(x, ast.Award)]
        if len(awards) != 1:
            self.diag.add("C033", Msg("frontend.one_item_award"), s.span, citation=citation)
            return None
        award = self.award_expr(awards[0].expr, typer, inner, Msg("frontend.where.item_award"))
        conditions = self.conditions([x for x in s.body if isinstance(x, ast.Condition)], typer, inner)
        caps: list[ir.CapPlan | None] = [
            self.cap(x, typer, inner, ir.CapScope.PER_ITEM) for x in s.body if isinstance(x, ast.Cap)
        ]
        if isinstance(award, ir.Tiered):
            award, row_caps = lift_row_caps(award, ir.CapScope.PER_ITEM)
            caps = [*row_caps, *caps]
        groups = [x for x in s.body if isinstance(x, ast.GroupBy)]
        limits = [x for x in s.body if isinstance(x, ast.Limit)]
        measures = [x for x in s.body if isinstance(x, ast.MeasureLimit)]
        group_by = None
        group_caps: list[ir.CapPlan | None] = []
        if len(groups) > 1:
            self.diag.add("C034", Msg("frontend.one_group"), groups[1].span, citation=citation)
        if groups:
            g = groups[0]
            if fact.type.field(g.field) is None:
                near = suggest(g.field, [n for n, _ in fact.type.fields])
                self.diag.add(
                    "T161",
                    Msg("frontend.group_field", items=s.items, field=g.field),
                    g.span,
                    citation=citation,
                    suggestion=did_you_mean(near),
                )
                return None
            group_by = g.field
            limits += [x for x in g.body if isinstance(x, ast.Limit)]
            measures += [x for x in g.body if isinstance(x, ast.MeasureLimit)]
            group_caps = [
                self.group_cap(x, typer, scope, fact.type, citation) for x in g.body if isinstance(x, ast.Cap)
            ]
        if len(limits) > 1:
            self.diag.add("C035", Msg("frontend.one_limit"), limits[1].span, citation=citation)
        limit = self.limit(limits[0]) if limits else None
        if len(measures) > 1:
            self.diag.add("C035", Msg("frontend.one_limit"), measures[1].span, citation=citation)
        measure = self.measure_limit(measures[0], typer, inner, citation) if measures else None
        if award is None or None in caps or None in group_caps or (limits and limit is None):
            return None
        if measures and measure is None:
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
            measure,
        )

    def measure_limit(
        self, s: ast.MeasureLimit, typer: Typer, scope: Scope, citation: str
    ) -> ir.MeasureLimitPlan | None:
        """至多 合计 面积 18平方米: a quantity of the item, and a limit in its unit."""
        measure = typer.expr(s.measure, scope, None)
        if measure is None:
            return None
        if not isinstance(measure.type, Quantity):
            self.diag.add(
                "T262",
                Msg("frontend.measure_not_quantity", type=type_words(measure.type)),
                s.measure.span,
                citation=citation,
                suggestion=Msg("frontend.hint.measure_limit"),
            )
            return None
        limit = typer.expr(ast.NumberLit(s.amount, span=s.span), scope, measure.type)
        if limit is None:
            return None
        if limit.type != measure.type:
            self.diag.add(
                "T263",
                Msg("frontend.measure_limit_unit", limit=s.amount, type=type_words(measure.type)),
                s.span,
                citation=citation,
                suggestion=Msg("frontend.hint.measure_limit"),
            )
            return None
        text = f"至多 合计 {s.measure.span.text} {s.amount} 取 {s.order}"
        return ir.MeasureLimitPlan(measure, limit, ir.LimitOrder(s.order), text)

    def group_cap(self, s: ast.Cap, typer: Typer, scope: Scope, items: ListOf, citation: str) -> ir.CapPlan | None:
        """A cap per group is one number for the whole group, so it cannot read one item's fields."""
        fields = {n for n, _ in items.fields}
        for node in s.limit.walk():
            if isinstance(node, ast.Ref) and node.name in fields and node.name not in scope.facts:
                self.diag.add(
                    "C037",
                    Msg("frontend.group_cap_field", name=node.name),
                    node.span,
                    citation=citation,
                    suggestion=Msg("frontend.hint.group_cap_field"),
                )
                return None
        return self.cap(s, typer, scope, ir.CapScope.PER_GROUP)

    def limit(self, s: ast.Limit) -> ir.LimitPlan | None:
        lit = self.literal(s.count, s.span)
        if lit is None:
            return None
        value = lit[0]
        if value.denominator != 1 or value < 0:
            self.diag.add("C036", Msg("frontend.limit_count"), s.span)
            return None
        return ir.LimitPlan(int(value), ir.LimitOrder(s.order), f"至多{s.count}（取{s.order}）")

    # ------------------------------------------------------------------ cross-clause rules
    def known(self, cites: tuple[str, ...], clauses: tuple[ir.ClausePlan, ...], span: Span) -> tuple[str, ...] | None:
        """The clauses a group names, each as its clause declares it (五（三）1 finds 五(三)1), or None."""
        declared = {citation_key(c.citation): c.citation for c in clauses}
        ids = list(declared.values())
        found = []
        for cite in cites:
            if citation_key(cite) not in declared:
                near = suggest(citation_key(cite), ids)
                self.diag.add("C040", Msg("frontend.no_clause", citation=cite), span, suggestion=did_you_mean(near))
            else:
                found.append(declared[citation_key(cite)])
        if len(found) != len(cites):
            return None
        if len(set(found)) != len(found):
            self.diag.add("C041", Msg("frontend.clause_listed_twice"), span)
            return None
        return tuple(found)

    def exclusive(self, clauses: tuple[ir.ClausePlan, ...]) -> tuple[ir.ExclusivePlan, ...]:
        out = []
        for d in self.policy.of(ast.Exclusive):
            if len(d.citations) < 2:
                self.diag.add("C042", Msg("frontend.exclusive_two"), d.span)
            members = self.known(d.citations, clauses, d.span)
            if members is not None:
                out.append(ir.ExclusivePlan(d.name, members, d.span))
        return tuple(out)

    def choices(self, clauses: tuple[ir.ClausePlan, ...], params: dict[str, ir.ParamInfo]) -> tuple[ir.ChoicePlan, ...]:
        """不重复享受: each declaration is also the unspecified 之一 parameter of its members (its name)."""
        out = []
        for d in self.policy.of(ast.NoDouble):
            if len(d.citations) < 2:
                self.diag.add("C042", Msg("frontend.no_double_two"), d.span)
            members = self.known(d.citations, clauses, d.span)
            if d.name in params or d.name in self.names_declared():
                self.diag.add("C043", Msg("frontend.no_double_name", name=d.name), d.span)
                continue
            if members is not None:
                params[d.name] = ir.ParamInfo(d.name, Enum(members), None, None, d.span)
                out.append(ir.ChoicePlan(d.name, members, d.span))
        return tuple(out)

    def other_funds(
        self, typer: Typer, scope: Scope, clauses: tuple[ir.ClausePlan, ...], params: dict[str, ir.ParamInfo]
    ) -> tuple[ir.OtherFundsPlan, ...]:
        """就高不重复 against other funds: the award received elsewhere is an amount of the case; a reading
        the text does not give is the unspecified 之一 parameter of the two readings (its name)."""
        out = []
        for d in self.policy.of(ast.OtherFunds):
            other = self.award_expr(d.other, typer, scope, Msg("frontend.where.other_funds", name=d.name))
            members = self.known(d.citations, clauses, d.span)
            reading = None if d.reading is None else ir.FundsReading(d.reading)
            if reading is None and (d.name in params or d.name in self.names_declared()):
                self.diag.add("C043", Msg("frontend.other_funds_name", name=d.name), d.span)
                continue
            if other is None or members is None:
                continue
            if reading is None:
                readings = tuple(r.value for r in ir.FundsReading)
                params[d.name] = ir.ParamInfo(d.name, Enum(readings), None, None, d.span)
            out.append(ir.OtherFundsPlan(d.name, other, members, d.span, reading))
        return tuple(out)

    def names_declared(self) -> set[str]:
        kinds = (ast.FactDecl, ast.DefineDecl, ast.TableDecl, ast.TermTableDecl, ast.Exclusive, ast.GroupCap)
        names = {getattr(d, "name", None) for kind in kinds for d in self.policy.of(kind)}
        return {n for n in names if isinstance(n, str)}

    def group_caps(self, typer: Typer, scope: Scope, clauses: tuple[ir.ClausePlan, ...]) -> tuple[ir.GroupCapPlan, ...]:
        out = []
        for d in self.policy.of(ast.GroupCap):
            limit = self.award_expr(d.limit, typer, scope, Msg("frontend.where.group_cap", name=d.name))
            members = None if limit is None else self.known(d.citations, clauses, d.span)
            if limit is not None and members is not None:
                out.append(ir.GroupCapPlan(d.name, limit, members, d.span))
        return tuple(out)


def rule_members(
    exclusive: tuple[ir.ExclusivePlan, ...],
    choices: tuple[ir.ChoicePlan, ...],
    other_funds: tuple[ir.OtherFundsPlan, ...],
    group_caps: tuple[ir.GroupCapPlan, ...],
) -> list[tuple[str, str, tuple[str, ...]]]:
    """Every rule between clauses as (the catalogue key of its kind, its name, its members), in the
    order they apply, for compiler/clause_refs.py (a 金额(…) may not read a member)."""
    return (
        [("clause_ref.kind.choice", g.name, g.citations) for g in choices]
        + [("clause_ref.kind.exclusive", g.name, g.citations) for g in exclusive]
        + [("clause_ref.kind.other_funds", g.name, g.citations) for g in other_funds]
        + [("clause_ref.kind.group_cap", g.name, g.citations) for g in group_caps]
    )


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


# ---------------------------------------------------------------------------- derived forms
def lower_marginal(base: ir.Expr, rows: tuple[CheckedBracket, ...], award: Type, span: Span) -> ir.Expr:
    """超额累进 on existing primitives: Σ rateᵢ × max(0, min(base, upperᵢ) − lowerᵢ), so every backend
    (exact, columnar, symbolic) runs it unchanged. Each row's nodes carry the row's span, so an
    explanation or a finding points at the bracket it came from; the sum carries the whole form's."""
    terms = [bracket_term(base, row, award) for row in rows]
    total = terms[0]
    for term in terms[1:]:
        total = ir.Arith(award, ir.ArithOp.ADD, total, term, span=span)
    return total


def bracket_term(base: ir.Expr, row: CheckedBracket, award: Type) -> ir.Expr:
    """rate × max(0, min(base, upper) − lower): the part of the base inside the row, times its rate.
    Which row an edge itself belongs to does not change the amount (the part at the edge is 0
    wide), so the marks are checked at load time and not lowered."""
    where = row.written.span
    below_upper = base if row.upper is None else ir.Extreme(base.type, ir.ExtremeOp.MIN, (base, row.upper), span=where)
    inside = (
        below_upper
        if row.lower is None
        else ir.Arith(base.type, ir.ArithOp.SUBTRACT, below_upper, row.lower, span=where)
    )
    zero = ir.Const(base.type, Fraction(0), edge_text(None, base.type), span=where)
    part = ir.Extreme(base.type, ir.ExtremeOp.MAX, (zero, inside), span=where)
    return ir.Arith(award, ir.ArithOp.MULTIPLY, row.rate, part, span=where)


def load(text: str, name: str = "<policy>", warnings: list[Diagnostic] | None = None) -> ir.CompiledPolicy:
    """Parse, check and compile a policy's text."""
    from policylang.frontend.syntax import parse

    return compile_policy(parse(text, name), warnings)


__all__ = ["BOOL", "PolicyError", "compile_policy", "load"]


def lift_row_caps(award: ir.Tiered, scope: ir.CapScope) -> tuple[ir.Tiered, list[ir.CapPlan | None]]:
    """A tier row's own cap (档 … : 表达式 上限 "最高30万元" 30万元) on an award that is the tiers
    itself becomes a cap of the clause (or item), applied before the others, so the explanation
    shows it by name as a bound cap. Its limit is tiers again, with the same conditions: the capped
    row's cap in that row, and in every other row that row's own amount, which a cap never lowers.
    A tier nested in a larger expression keeps the cap inside the row (min(amount, cap)): the same
    amount, shown in the formula rather than as a named cap."""
    capped = [i for i, r in enumerate(award.rows) if r.cap_limit is not None]
    if not capped:
        return award, []
    raw_rows = tuple(r if r.raw is None else ir.TierRow(r.condition, r.raw, r.span) for r in award.rows)
    plans: list[ir.CapPlan | None] = []
    for j in capped:
        row = award.rows[j]
        assert row.cap_limit is not None
        limits = tuple(
            ir.TierRow(r.condition, row.cap_limit if i == j else r.amount, r.span) for i, r in enumerate(raw_rows)
        )
        limit = ir.Tiered(award.type, limits, span=row.cap_limit.span)
        plans.append(ir.CapPlan(row.cap_name or "", limit, scope, row.span, applies=row_selected(award.rows, j)))
    return ir.Tiered(award.type, raw_rows, span=award.span), plans


def row_selected(rows: tuple[ir.TierRow, ...], j: int) -> ir.Expr:
    """Row j pays: its condition holds (其他: always) and no earlier row's does."""
    out: ir.Expr | None = rows[j].condition
    for r in rows[:j]:
        if r.condition is None:
            continue
        earlier = ir.Negate(BOOL, r.condition, span=r.span)
        out = earlier if out is None else ir.Logic(BOOL, ir.LogicOp.AND, earlier, out, span=rows[j].span)
    return out if out is not None else ir.Const(BOOL, True, "是", span=rows[j].span)
