"""Stage 2: names, types and units. Turns syntax expressions into typed IR, or says exactly why not.

Mixing 元 with 吨, comparing 美元 with 人民币, or awarding a bare rate with no base is an error
here, at load time, located at the offending expression.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from policylang.frontend import ast
from policylang.compiler import ir
from policylang.errors import Collector, Span
from policylang.frontend.units import (
    BOOL,
    DATE,
    NUMBER,
    RATIO,
    TEXT,
    USD,
    Bool,
    Date,
    Enum,
    ListOf,
    Money,
    Number,
    PerUnit,
    Quantity,
    Ratio,
    Text,
    Type,
    UnitError,
    is_dimensionless,
    parse_literal,
    suggest,
)

# The verb says the direction and, unless a boundary mark overrides it, whether the number counts.
COMPARE_WORDS: dict[str, tuple[str, bool]] = {
    "超过": (">", False),
    "超": (">", False),
    ">": (">", False),
    "达到": (">", True),
    "不低于": (">", True),
    "不少于": (">", True),
    ">=": (">", True),
    "≥": (">", True),
    "低于": ("<", False),
    "少于": ("<", False),
    "不足": ("<", False),
    "<": ("<", False),
    "不超过": ("<", True),
    "不高于": ("<", True),
    "<=": ("<", True),
    "≤": ("<", True),
    "等于": ("==", True),
    "为": ("==", True),
    "==": ("==", True),
}
INCLUSIVE_MARKS = {"(含)": True, "（含）": True, "(不含)": False, "（不含）": False}
FUNCTIONS = ("最小", "最大", "合计", "计数", "天数")


class SymbolError(Exception):
    pass


@dataclass
class Scope:
    facts: dict[str, ir.FactInfo]
    params: dict[str, ir.ParamInfo]
    defines: dict[str, ast.DefineDecl]
    tables: dict[str, ir.TableInfo]
    item: tuple[str, ListOf] | None = None  # the list whose fields are in scope

    def with_item(self, name: str, t: ListOf) -> Scope:
        return Scope(self.facts, self.params, self.defines, self.tables, (name, t))

    def names(self) -> list[str]:
        out = list(self.facts) + list(self.params) + list(self.defines) + list(self.tables)
        if self.item:
            out += [n for n, _ in self.item[1].fields]
        return out


class Typer:
    """Elaborates expressions in a scope; reports problems to the collector and returns None."""

    def __init__(self, diagnostics: Collector, currency: str):
        self.diag = diagnostics
        self.currency = currency
        self.derived: dict[str, ir.Expr | None] = {}
        self._defining: list[str] = []

    def error(self, code: str, message: str, span: Span | None, suggestion: str | None = None) -> None:
        self.diag.add(code, message, span, suggestion=suggestion)

    # ------------------------------------------------------------------ dispatch
    def expr(self, e: ast.Expr, scope: Scope, expected: Type | None = None) -> ir.Expr | None:
        method = getattr(self, "on_" + type(e).__name__)
        return method(e, scope, expected)  # type: ignore[no-any-return]

    # ------------------------------------------------------------------ leaves
    def on_NumberLit(self, e: ast.NumberLit, scope: Scope, expected: Type | None) -> ir.Expr | None:
        try:
            lit = parse_literal(e.text)
        except UnitError as err:
            self.error("T101", str(err), e.span, f"是否想写“{err.suggestion}”？" if err.suggestion else None)
            return None
        t = lit.type
        if isinstance(t, Number) and isinstance(expected, Quantity):
            t = expected  # a bare count takes the unit of what it is compared with: 20 家
        return ir.Const(t, lit.value, e.text, span=e.span)

    def on_DateLit(self, e: ast.DateLit, scope: Scope, expected: Type | None) -> ir.Expr | None:
        try:
            value = dt.date.fromisoformat(e.text)
        except ValueError:
            self.error("T102", f"“{e.text}”不是有效日期", e.span)
            return None
        return ir.Const(DATE, value, e.text, span=e.span)

    def on_Ref(self, e: ast.Ref, scope: Scope, expected: Type | None) -> ir.Expr | None:
        name = e.name
        if scope.item and scope.item[1].field(name) is not None:
            return ir.Field(scope.item[1].field(name), scope.item[0], name, span=e.span)  # type: ignore[arg-type]
        if name in scope.facts:
            info = scope.facts[name]
            if isinstance(info.type, ListOf) and expected is not None and not isinstance(expected, ListOf):
                self.error("T103", f"“{name}”是列表，需用 逐项、合计(…) 或 计数(…) 取其中的值", e.span)
                return None
            return ir.Input(info.type, name, span=e.span)
        if name in scope.params:
            p = scope.params[name]
            return ir.Param(p.type, name, p.unspecified, span=e.span)
        if name in scope.defines:
            return self.define(scope.defines[name], scope, e.span)
        if isinstance(expected, Enum) and name in expected.values:
            return ir.Const(expected, name, name, span=e.span)
        if name in ("是", "否"):
            return ir.Const(BOOL, name == "是", name, span=e.span)
        if name in scope.tables:
            self.error("T104", f"“{name}”是日期表，需写成 {name}(日期)", e.span)
            return None
        near = suggest(name, scope.names())
        hint = f"是否想写“{near}”？" if near else "请先用“事实”“参数”或“定义”声明它"
        kind = "字段或事实" if scope.item else "事实或参数"
        self.error("T105", f"未知的{kind}“{name}”", e.span, hint)
        return None

    def define(self, d: ast.DefineDecl, scope: Scope, span: Span) -> ir.Expr | None:
        if d.name in self._defining:
            self.error("T106", f"“{d.name}”的定义引用了它自己", span)
            return None
        if d.name not in self.derived:
            self._defining.append(d.name)
            inner = self.expr(d.value, Scope(scope.facts, scope.params, scope.defines, scope.tables), None)
            self._defining.pop()
            self.derived[d.name] = None if inner is None else ir.Derived(inner.type, d.name, inner, span=d.span)
        found = self.derived[d.name]
        return found

    def on_FieldRef(self, e: ast.FieldRef, scope: Scope, expected: Type | None) -> ir.Expr | None:
        if scope.item and scope.item[0] == e.owner:
            t = scope.item[1].field(e.name)
            if t is None:
                near = suggest(e.name, [n for n, _ in scope.item[1].fields])
                self.error(
                    "T107", f"列表“{e.owner}”没有字段“{e.name}”", e.span, f"是否想写“{near}”？" if near else None
                )
                return None
            return ir.Field(t, e.owner, e.name, span=e.span)
        self.error("T108", f"“{e.owner}.{e.name}”只能在 逐项 {e.owner} 或 合计({e.owner}, …) 之内使用", e.span)
        return None

    # ------------------------------------------------------------------ arithmetic
    def on_BinOp(self, e: ast.BinOp, scope: Scope, expected: Type | None) -> ir.Expr | None:
        left = self.expr(e.left, scope, expected if e.op in "+-" else None)
        right = self.expr(e.right, scope, left.type if left is not None and e.op in "+-" else None)
        if left is None or right is None:
            return None
        t = self.arith_type(e.op, left.type, right.type, e)
        return None if t is None else ir.Arith(t, ir.ArithOp(e.op), left, right, span=e.span)

    def arith_type(self, op: str, a: Type, b: Type, e: ast.Expr) -> Type | None:
        words = {"+": "相加", "-": "相减", "×": "相乘", "÷": "相除"}
        for t in (a, b):
            if not isinstance(t, (Money, Quantity, Ratio, Number, PerUnit)):
                self.error("T110", f"{t.describe()}不能{words[op]}", e.span)
                return None
        if op in "+-":
            if a == b or (is_dimensionless(a) and is_dimensionless(b)):
                return a
            hint = None
            if isinstance(a, Money) and isinstance(b, Money):
                hint = "美元金额须先乘以汇率（如 汇率 × 金额）再与人民币相加减"
            elif {type(a), type(b)} == {Money, Quantity}:
                hint = "数量须先乘以单价化为金额，如 50元/吨 × 煤炭落地量"
            elif isinstance(a, Money) and isinstance(b, Number) or isinstance(b, Money) and isinstance(a, Number):
                hint = "金额须写单位，如 500万元"
            self.error("T111", f"单位不一致：{a.describe()}与{b.describe()}不能{words[op]}", e.span, hint)
            return None
        if op == "×":
            if is_dimensionless(a):
                return b if not isinstance(b, Ratio) or isinstance(a, Ratio) else b
            if is_dimensionless(b):
                return a
            for rate, other in ((a, b), (b, a)):
                if isinstance(rate, PerUnit):
                    if isinstance(other, Quantity) and other.unit == rate.unit:
                        return Money(rate.currency)
                    if isinstance(other, Money) and other.currency == rate.unit:
                        return Money(rate.currency)
            hint = "单价的单位须与数量一致，如 50元/吨 × 煤炭落地量(吨)"
            if {type(a), type(b)} == {Money, Quantity}:
                hint = "金额只能乘以比例或数；数量须乘以单价（如 50元/吨 × 煤炭落地量），天数可先化为比例（如 天数(起, 止) ÷ 360天）"
            elif isinstance(a, Money) and isinstance(b, Money):
                hint = "金额不能与金额相乘；比例须写成百分数，如 50% × 展位费"
            self.error("T112", f"单位不一致：{a.describe()}与{b.describe()}不能相乘", e.span, hint)
            return None
        # ÷
        if is_dimensionless(b):
            return a
        if a == b:
            return NUMBER
        if isinstance(a, Money) and isinstance(b, Quantity):
            return PerUnit(a.currency, b.unit)
        self.error("T113", f"单位不一致：{a.describe()}不能除以{b.describe()}", e.span)
        return None

    # ------------------------------------------------------------------ comparisons and logic
    def on_Compare(self, e: ast.Compare, scope: Scope, expected: Type | None) -> ir.Expr | None:
        direction, inclusive = COMPARE_WORDS[e.word]
        verb_inclusive = inclusive
        contradictory = False
        bound = e.bound
        if bound and bound[-2:] in ("以上", "以下") and bound[:-2] in INCLUSIVE_MARKS:
            # 达到1亿元(含)以上: the direction word must agree with the verb; the mark decides inclusion
            if direction != (">" if bound.endswith("以上") else "<"):
                self.error("T120", f"“{e.word}”与“{bound[-2:]}”方向相反", e.span)
                return None
            bound = bound[:-2]
        if bound in INCLUSIVE_MARKS:
            marked = INCLUSIVE_MARKS[bound]
            contradictory = marked != inclusive and direction != "=="
            inclusive = marked
        elif e.bound in ("以上", "以下"):
            want = ">" if e.bound == "以上" else "<"
            if direction != want:
                self.error("T120", f"“{e.word}”与“{e.bound}”方向相反", e.span)
                return None
            contradictory = not inclusive
            inclusive = True
        left, right = self.pair(e.left, e.right, scope, e)
        if left is None or right is None:
            return None
        if direction == "==":
            op = "=="
        else:
            op = direction + ("=" if inclusive else "")
            if not self.ordered(left.type, e):
                return None
        if contradictory:
            counts = {True: "含本数", False: "不含本数"}
            self.diag.add(
                "W201",
                f"边界自相矛盾：“{e.word}”{counts[verb_inclusive]}，而“{e.bound}”{counts[inclusive]}；"
                f"按“{e.bound}”计算",
                e.span,
                severity="warning",
                suggestion="删去其一，使边界只有一种说法",
            )
        return ir.Cmp(BOOL, ir.CmpOp(op), left, right, e.word + (e.bound or ""), contradictory, span=e.span)

    def pair(self, a: ast.Expr, b: ast.Expr, scope: Scope, e: ast.Expr) -> tuple[ir.Expr | None, ir.Expr | None]:
        """Type both sides of a comparison so they agree; a bare number takes the other side's unit."""
        left = self.expr(a, scope, None)
        right = self.expr(b, scope, left.type if left is not None else None)
        if left is None or right is None:
            return left, right
        if isinstance(left.type, Number) and isinstance(right.type, Quantity) and isinstance(left, ir.Const):
            left = ir.Const(right.type, left.value, left.text, span=left.span)
        if left.type != right.type and not (is_dimensionless(left.type) and is_dimensionless(right.type)):
            hint = None
            if isinstance(left.type, Money) and isinstance(right.type, Money):
                hint = "美元与人民币不能直接比较：两边须为同一币种"
            elif isinstance(right.type, Number) and isinstance(left.type, Money):
                hint = "金额须写单位，如 500万元"
            self.error("T121", f"比较的两边单位不一致：{left.type.describe()}与{right.type.describe()}", e.span, hint)
            return None, None
        return left, right

    def ordered(self, t: Type, e: ast.Expr) -> bool:
        if isinstance(t, (Money, Quantity, Ratio, Number, PerUnit, Date)):
            return True
        self.error("T122", f"{t.describe()}没有大小之分，只能用“为”比较", e.span)
        return False

    def on_Between(self, e: ast.Between, scope: Scope, expected: Type | None) -> ir.Expr | None:
        bounds = []
        for mark, where in ((e.low_bound, e.low), (e.high_bound, e.high)):
            if mark not in INCLUSIVE_MARKS:
                self.error(
                    "T123",
                    "区间的每一端都须写明边界：(含) 或 (不含)",
                    where.span,
                    "如 服务企业数 在 20家(含) 至 30家(不含)",
                )
                return None
            bounds.append(INCLUSIVE_MARKS[mark])
        subject, low = self.pair(e.subject, e.low, scope, e)
        if subject is None or low is None:
            return None
        _, high = self.pair(e.subject, e.high, scope, e)
        if high is None or not self.ordered(subject.type, e):
            return None
        lo = ir.Cmp(BOOL, ir.CmpOp(">=" if bounds[0] else ">"), subject, low, "在" + (e.low_bound or ""), span=e.span)
        hi = ir.Cmp(BOOL, ir.CmpOp("<=" if bounds[1] else "<"), subject, high, "至" + (e.high_bound or ""), span=e.span)
        return ir.Logic(BOOL, ir.LogicOp.AND, lo, hi, span=e.span)

    def boolean(self, e: ast.Expr, scope: Scope) -> ir.Expr | None:
        out = self.expr(e, scope, BOOL)
        if out is not None and not isinstance(out.type, Bool):
            self.error(
                "T124",
                f"这里需要一个条件（是/否），但写的是{out.type.describe()}",
                e.span,
                "写成比较，如 交易实绩 超过 2亿元",
            )
            return None
        return out

    def on_And(self, e: ast.And, scope: Scope, expected: Type | None) -> ir.Expr | None:
        return self.logic("且", e, scope)

    def on_Or(self, e: ast.Or, scope: Scope, expected: Type | None) -> ir.Expr | None:
        return self.logic("或", e, scope)

    def logic(self, op: str, e: ast.And | ast.Or, scope: Scope) -> ir.Expr | None:
        a, b = self.boolean(e.left, scope), self.boolean(e.right, scope)
        return None if a is None or b is None else ir.Logic(BOOL, ir.LogicOp(op), a, b, span=e.span)

    def on_Not(self, e: ast.Not, scope: Scope, expected: Type | None) -> ir.Expr | None:
        a = self.boolean(e.operand, scope)
        return None if a is None else ir.Negate(BOOL, a, span=e.span)

    def on_If(self, e: ast.If, scope: Scope, expected: Type | None) -> ir.Expr | None:
        c = self.boolean(e.condition, scope)
        a = self.expr(e.then, scope, expected)
        b = self.expr(e.otherwise, scope, a.type if a is not None else expected)
        if c is None or a is None or b is None:
            return None
        if a.type != b.type:
            self.error("T125", f"“则”与“否则”两支的单位不一致：{a.type.describe()}与{b.type.describe()}", e.span)
            return None
        return ir.Choose(a.type, c, a, b, span=e.span)

    # ------------------------------------------------------------------ award forms
    def on_Tiers(self, e: ast.Tiers, scope: Scope, expected: Type | None) -> ir.Expr | None:
        rows: list[ir.TierRow] = []
        amount_type: Type | None = expected
        ok = True
        for tier in e.tiers:
            cond = None if tier.condition is None else self.boolean(tier.condition, scope)
            amount = self.expr(tier.amount, scope, amount_type)
            if amount is None or (tier.condition is not None and cond is None):
                ok = False
                continue
            if amount_type is not None and amount.type != amount_type and not isinstance(amount_type, Bool):
                self.error("T126", f"各档金额的单位须一致：这里是{amount.type.describe()}", tier.amount.span)
                ok = False
                continue
            amount_type = amount.type
            rows.append(ir.TierRow(cond, amount, tier.span))
        if not ok or not rows:
            return None
        return ir.Tiered(rows[0].amount.type, tuple(rows), span=e.span)

    def on_Steps(self, e: ast.Steps, scope: Scope, expected: Type | None) -> ir.Expr | None:
        base = self.expr(e.base, scope, None)
        step = self.expr(e.step, scope, base.type if base is not None else None)
        amount = self.expr(e.amount, scope, Money(self.currency))
        if base is None or step is None or amount is None:
            return None
        if base.type != step.type:
            self.error("T127", f"“每满”的步长须与基数同单位：{base.type.describe()}与{step.type.describe()}", e.span)
            return None
        return ir.StepAward(amount.type, base, step, amount, span=e.span)

    def on_Call(self, e: ast.Call, scope: Scope, expected: Type | None) -> ir.Expr | None:
        name = e.function
        if name in scope.tables:
            return self.lookup(e, scope)
        if name in ("最小", "最大"):
            args = [self.expr(a, scope, expected) for a in e.args]
            if None in args or len(args) < 2:
                if len(args) < 2:
                    self.error("T130", f"{name}(…) 至少需要两个值", e.span)
                return None
            t = args[0].type  # type: ignore[union-attr]
            for a in args[1:]:
                if a.type != t:  # type: ignore[union-attr]
                    self.error("T131", f"{name}(…) 的各值单位须一致", e.span)
                    return None
            return ir.Extreme(t, ir.ExtremeOp.MIN if name == "最小" else ir.ExtremeOp.MAX, tuple(args), span=e.span)  # type: ignore[arg-type]
        if name in ("合计", "计数"):
            return self.aggregate(e, scope)
        if name == "天数":
            if len(e.args) != 2:
                self.error("T132", "天数(起始日期, 截止日期) 需要两个日期", e.span)
                return None
            a, b = (self.expr(x, scope, DATE) for x in e.args)
            if a is None or b is None:
                return None
            if not (isinstance(a.type, Date) and isinstance(b.type, Date)):
                self.error("T133", "天数(…) 的两个值须为日期", e.span)
                return None
            return ir.DaysBetween(Quantity("天"), a, b, span=e.span)
        near = suggest(name, list(FUNCTIONS) + list(scope.tables))
        self.error("T134", f"未知的函数或表“{name}”", e.span, f"是否想写“{near}”？" if near else None)
        return None

    def aggregate(self, e: ast.Call, scope: Scope) -> ir.Expr | None:
        if (
            not e.args
            or not isinstance(e.args[0], ast.Ref)
            or e.args[0].name not in scope.facts
            or not isinstance(scope.facts[e.args[0].name].type, ListOf)
        ):
            self.error("T135", f"{e.function}(…) 的第一个值须为列表事实的名称", e.span)
            return None
        items = e.args[0].name
        inner_scope = scope.with_item(items, scope.facts[items].type)  # type: ignore[arg-type]
        if e.function == "计数":
            cond = None
            if len(e.args) == 2:
                cond = self.boolean(e.args[1], inner_scope)
                if cond is None:
                    return None
            return ir.Aggregate(Quantity("项"), ir.AggregateOp.COUNT, items, cond, span=e.span)
        if len(e.args) != 2:
            self.error("T136", "合计(列表, 每项的值) 需要两个值", e.span)
            return None
        inner = self.expr(e.args[1], inner_scope, None)
        if inner is None:
            return None
        return ir.Aggregate(inner.type, ir.AggregateOp.SUM, items, inner, span=e.span)

    def lookup(self, e: ast.Call, scope: Scope) -> ir.Expr | None:
        table = scope.tables[e.function]
        if len(e.args) != 1:
            self.error("T137", f"查表 {e.function}(日期) 需要一个日期", e.span)
            return None
        key = self.expr(e.args[0], scope, DATE)
        if key is None:
            return None
        if not isinstance(key.type, Date):
            self.error("T138", f"查表 {e.function}(…) 须用日期查询", e.span)
            return None
        return ir.Lookup(table.type, e.function, key, span=e.span)


# ---------------------------------------------------------------------------- declared types
def resolve_type(t: ast.TypeExpr, diag: Collector, currency: str) -> Type | None:
    """The unit-checked type a fact or parameter declares."""
    if isinstance(t, ast.MoneyType):
        if t.currency is None:
            return Money(currency)
        from policylang.frontend.units import CURRENCIES

        if t.currency not in CURRENCIES:
            diag.add("T140", f"不认识的币种“{t.currency}”", t.span, suggestion="写 人民币 或 美元")
            return None
        return Money(CURRENCIES[t.currency])
    if isinstance(t, ast.QuantityType):
        from policylang.frontend.units import QUANTITY_UNITS, UNIT_ALIASES

        unit = UNIT_ALIASES.get(t.unit, t.unit)
        if unit not in QUANTITY_UNITS:
            near = suggest(t.unit, sorted(QUANTITY_UNITS))
            diag.add(
                "T141",
                f"不认识的数量单位“{t.unit}”",
                t.span,
                suggestion=f"是否想写“{near}”？" if near else "可用：" + "、".join(sorted(QUANTITY_UNITS)),
            )
            return None
        return Quantity(unit)
    if isinstance(t, ast.PerUnitType):
        from policylang.frontend.units import CURRENCIES, QUANTITY_UNITS, UNIT_ALIASES

        unit = UNIT_ALIASES.get(t.unit, t.unit)
        if t.currency not in CURRENCIES:
            diag.add(
                "T145",
                f"单价的分子须为币种（元 或 美元），写的是“{t.currency}”",
                t.span,
                suggestion="如 单价(元/吨)，汇率写 单价(元/美元)",
            )
            return None
        if unit not in QUANTITY_UNITS and unit not in CURRENCIES:
            near = suggest(t.unit, sorted(QUANTITY_UNITS))
            diag.add("T141", f"不认识的数量单位“{t.unit}”", t.span, suggestion=f"是否想写“{near}”？" if near else None)
            return None
        return PerUnit(CURRENCIES[t.currency], CURRENCIES.get(unit, unit))
    if isinstance(t, ast.SimpleType):
        return {"比例": RATIO, "数": NUMBER, "是否": BOOL, "日期": DATE, "文本": TEXT}[t.kind]
    if isinstance(t, ast.EnumType):
        if len(set(t.values)) != len(t.values):
            diag.add("T142", "之一(…) 的选项有重复", t.span)
        return Enum(t.values)
    if isinstance(t, ast.ListType):
        fields: list[tuple[str, Type]] = []
        seen: set[str] = set()
        for f in t.fields:
            if f.name in seen:
                diag.add("T143", f"字段“{f.name}”重复声明", f.span)
                continue
            seen.add(f.name)
            ft = resolve_type(f.type, diag, currency)
            if isinstance(ft, ListOf):
                diag.add("T144", "列表的字段不能再是列表；请用 分组 按字段分组", f.span)
                continue
            if ft is not None:
                fields.append((f.name, ft))
        return ListOf(tuple(fields))
    raise AssertionError(t)  # pragma: no cover


__all__ = ["Typer", "Scope", "resolve_type", "COMPARE_WORDS", "USD", "Fraction", "Text"]
