"""Hypothesis strategies for whole policies, shared by tests/test_fmt.py and tests/test_differential.py.

Two generators:

* `policies` — syntax trees of every node type with arbitrary (mostly ill-typed) contents: what the
  formatter must print and the parser read back, whatever they mean.
* `compilable_policies` — syntax trees that pass the type checker: facts of every type (money, ratio,
  tonnes, yes/no, one-of, dates with a dated table, lists of items), parameters given and left
  unspecified, a definition, and clauses built from every award form (rate × base, fixed, unit price ×
  quantity, per counted item, 如果, 分档, 每满, 最小/最大, 合计 over items, table look-ups, day counts, plain
  numbers), conditions with every comparison word and boundary mark, caps, cumulative caps, per-item
  awards with 至多, 至多 合计 (a summed measure) and 分组, tier rows with their own cap (上限 "…" X) and
  range ends left open (含否 P), 取高不重复, 不重复享受, 就高不重复 … 对照 (each reading, or none) and
  合计上限. Printed with `format_policy` and loaded with `policylang.load`, they are real policies the
  backends can be compared on.
"""

from __future__ import annotations

from typing import Any, TypeVar

from hypothesis import strategies as st

from policylang.errors import Source, Span
from policylang.frontend import ast

NO_SPAN = Span(Source("<generated>", ""), 1, 1, 1, 1)
NAMES = ["甲额", "乙额", "吨数", "件数", "新引入", "级别", "比率", "开始日", "非凡", "如果值", "列表甲"]
NUMBERS = ["5万元", "0.8万元", "50%", "2", "50元/吨", "20家", "100万美元", "1.5亿元", "0元", "18平方米"]
# amounts as officials write them (issue 13): a thousands separator, a space before the unit, 人民币, ‰, 欧元
NUMBERS += ["1,000元", "50 万元", "1.5万元人民币", "2‰", "3万欧元", "6个月"]
CITATIONS = [
    "一",
    "一(二)",
    "三(四)2",
    "五(一)1",
    "十(三)2.试点",
    "二（一）",
    "第三条",
    "第四条第（二）项",
    "（三）",
    "3.2",
    "八、",
]
WORDS = ["超过", "超", "达到", "不低于", "低于", "不足", "不超过", "为", ">=", "≥", ">", "<", "=="]
BOUNDS = [None, "(含)", "（含）", "(不含)", "以上", "以下", "(含)以上"]
ONE_SIDE_MARKS = ["以下", "以上", "(含)以下", "（含）以上", "(不含)以上", "（不含）以下"]  # 超额累进 rows
texts = st.text(
    st.characters(
        codec="utf-8", categories=["L", "N", "P", "Zs", "S"], exclude_characters="\n\r\x0b\x0c\x85\u2028\u2029"
    ),
    max_size=12,
)
names = st.sampled_from(NAMES)


N = TypeVar("N", bound=ast.Node)


def node(cls: type[N], *args: Any) -> N:
    return cls(*args, span=NO_SPAN)


leaves = st.one_of(
    st.builds(lambda t: node(ast.NumberLit, t), st.sampled_from(NUMBERS)),
    st.builds(lambda t: node(ast.DateLit, t), st.sampled_from(["2023-06-20", "2024-01-01"])),
    st.builds(lambda t: node(ast.TextLit, t), st.sampled_from(["广交会", "", 'a "b" \\c'])),
    st.builds(lambda n: node(ast.Ref, n), names),
    st.builds(lambda a, b: node(ast.FieldRef, a, b), names, names),
    # 金额(一2), in either bracket (tests/test_clause_ref.py)
    st.builds(lambda c, wide: node(ast.ClauseRef, c, "（" if wide else "("), st.sampled_from(CITATIONS), st.booleans()),
)


def brackets(rates: st.SearchStrategy[ast.Expr]) -> st.SearchStrategy[ast.Bracket]:
    """超额累进 rows: one edge with 以下/以上, or two edges each with an optional mark."""
    edges = st.builds(lambda t: node(ast.NumberLit, t), st.sampled_from(NUMBERS))
    one_side = st.builds(
        lambda e, m, r: node(ast.Bracket, e, m, None, None, None, r), edges, st.sampled_from(ONE_SIDE_MARKS), rates
    )
    between = st.builds(
        lambda a, am, d, b, bm, r: node(ast.Bracket, a, am, d, b, bm, r),
        edges,
        st.sampled_from(BOUNDS),
        st.sampled_from(["至", "—", "～", "~"]),
        edges,
        st.sampled_from(BOUNDS),
        rates,
    )
    return one_side | between


def extend(children: st.SearchStrategy[ast.Expr]) -> st.SearchStrategy[ast.Expr]:
    sums = st.builds(lambda op, a, b: node(ast.BinOp, op, a, b), st.sampled_from("+-×÷"), children, children)
    return st.one_of(
        sums,
        st.builds(
            lambda w, a, b, bd: node(ast.Compare, w, a, b, bd),
            st.sampled_from(WORDS),
            children,
            children,
            st.sampled_from(BOUNDS),
        ),
        st.builds(
            lambda x, lo, lb, d, hi, hb: node(ast.Between, x, lo, lb, d, hi, hb),
            children,
            children,
            st.sampled_from(BOUNDS),
            st.sampled_from(["至", "—", "～", "~"]),
            children,
            st.sampled_from(BOUNDS),
        ),
        st.builds(
            lambda x, lo, d, hi, hb, name, wide, low: (
                node(ast.Between, x, lo, None, d, hi, hb, name, None, "（" if wide else "(")
                if low
                else node(ast.Between, x, lo, hb, d, hi, None, None, name, "（" if wide else "(")
            ),
            children,
            children,
            st.sampled_from(["至", "—", "～", "~"]),
            children,
            st.sampled_from(BOUNDS),
            names,
            st.booleans(),
            st.booleans(),
        ),
        st.builds(lambda a, b: node(ast.And, a, b), children, children),
        st.builds(lambda a, b: node(ast.Or, a, b), children, children),
        st.builds(lambda a: node(ast.Not, a), children),
        st.builds(lambda c, a, b: node(ast.If, c, a, b), children, children, children),
        st.builds(lambda f, args: node(ast.Call, f, tuple(args)), names, st.lists(children, max_size=3)),
        st.builds(lambda a, b, c: node(ast.Steps, a, b, c), children, children, children),
        st.builds(
            lambda base, rows: node(ast.Marginal, base, tuple(rows)),
            children,
            st.lists(brackets(children), min_size=1, max_size=3),
        ),
        st.builds(
            lambda rows: node(ast.Tiers, tuple(rows)),
            st.lists(
                st.builds(lambda c, a: node(ast.Tier, c, a), st.none() | children, children)
                | st.builds(
                    lambda c, a, n, cap: node(ast.Tier, c, a, n, cap), st.none() | children, children, texts, children
                ),
                min_size=1,
                max_size=3,
            ),
        ),
    )


exprs = st.recursive(leaves, extend, max_leaves=8)


def types(depth: int = 0) -> st.SearchStrategy[ast.TypeExpr]:
    simple = st.one_of(
        st.builds(lambda c: node(ast.MoneyType, c), st.sampled_from([None, "美元"])),
        st.builds(lambda u: node(ast.QuantityType, u), st.sampled_from(["吨", "家", "个"])),
        st.builds(lambda k: node(ast.SimpleType, k), st.sampled_from(["比例", "数", "是否", "日期", "文本"])),
        st.builds(lambda vs: node(ast.EnumType, tuple(vs)), st.lists(names, min_size=1, max_size=3)),
        *(
            [
                st.builds(
                    lambda c, u: node(ast.PerUnitType, c, u),
                    st.sampled_from(["元", "美元"]),
                    st.sampled_from(["吨", "美元"]),
                )
            ]
            if hasattr(ast, "PerUnitType")
            else []
        ),
    )
    if depth >= 1:
        return simple
    fields = st.builds(
        lambda n, t, d, df: node(ast.FieldDecl, n, t, d, df),
        names,
        types(depth + 1),
        st.none() | texts,
        st.none() | exprs,
    )
    return simple | st.builds(lambda fs: node(ast.ListType, tuple(fs)), st.lists(fields, min_size=1, max_size=3))


caps = st.builds(lambda n, e: node(ast.Cap, n, e), texts, exprs)
limits = st.builds(
    lambda c, o: node(ast.Limit, c, o), st.sampled_from(["2个", "1"]), st.sampled_from(["最有利", "申报顺序"])
)
group_by = st.builds(lambda f, b: node(ast.GroupBy, f, tuple(b)), names, st.lists(limits | caps, max_size=2))
conditions = st.builds(lambda e: node(ast.Condition, e), exprs)
awards = st.builds(lambda e: node(ast.Award, e), exprs)
per_item = st.builds(
    lambda n, b: node(ast.PerItem, n, tuple(b)),
    names,
    st.lists(st.one_of(conditions, awards, caps, limits, group_by), max_size=4),
)
clause_stmts = st.one_of(
    st.builds(lambda t: node(ast.Quote, t), texts),
    st.builds(lambda t: node(ast.Reading, t), texts),
    st.builds(lambda p, r: node(ast.Informative, p, r), texts, texts),
    conditions,
    awards,
    caps,
    per_item,
    st.builds(lambda n, a, b: node(ast.CumulativeCap, n, a, b), texts, exprs, exprs),
    st.builds(lambda c, r: node(ast.Acknowledged, c, r), st.sampled_from(["TIER001", "CAP001"]), st.none() | texts),
)
citation_lists = st.lists(st.sampled_from(CITATIONS), min_size=1, max_size=3).map(tuple)
range_ends = st.builds(
    lambda text, negative: ast.RangeEnd(node(ast.NumberLit, text), negative, span=NO_SPAN),
    st.sampled_from(["0%", "100%", "360天", "366", "1.5万元"]),
    st.booleans(),
)
value_ranges = st.none() | st.builds(lambda lo, hi: node(ast.ValueRange, lo, hi), range_ends, range_ends)
# A band of a table keyed by term, marks in the canonical form the parser keeps (tests/test_term_tables.py).
term_edges = st.sampled_from(["12个月", "60个月", "6", "1年"]).map(lambda text: node(ast.NumberLit, text))
term_bands = st.one_of(
    st.builds(
        lambda e, m: node(ast.TermBand, e, m, None, None),
        term_edges,
        st.sampled_from(["(含)以下", "(不含)以下", "(含)以上", "(不含)以上", "(含)", "(不含)"]),
    ),
    st.builds(
        lambda a, am, b, bm: node(ast.TermBand, a, am, b, bm),
        term_edges,
        st.none() | st.sampled_from(["(含)", "(不含)"]),
        term_edges,
        st.none() | st.sampled_from(["(含)", "(不含)"]),
    ),
)
term_cells = st.builds(
    lambda b, v: node(ast.TermCell, b, node(ast.NumberLit, v)), term_bands, st.sampled_from(["4.35%", "5万元", "3"])
)
decls = st.one_of(
    st.builds(
        lambda n, t, d, df, r: ast.FactDecl(n, t, d, df, r, span=NO_SPAN),
        names,
        types(),
        st.none() | texts,
        st.none() | exprs,
        value_ranges,
    ),
    st.builds(lambda n, e, t: node(ast.ParamDecl, n, e, t), names, exprs, st.none() | texts),
    st.builds(
        lambda n, t, note, r: ast.UnspecifiedDecl(n, t, note, r, span=NO_SPAN), names, types(1), texts, value_ranges
    ),
    st.builds(lambda n, e, t: node(ast.DefineDecl, n, e, t), names, exprs, st.none() | texts),
    st.builds(
        lambda n, t, note, rows, until: node(ast.TableDecl, n, t, note, tuple(rows), until),
        names,
        types(1),
        st.none() | texts,
        st.lists(
            st.builds(lambda d, e: node(ast.TableRow, d, e), st.sampled_from(["2023-06-20", "2023-08-21"]), exprs),
            max_size=2,
        ),
        st.none() | st.just("2023-12-31"),
    ),
    st.builds(
        lambda n, t, v, note, rows, until: node(ast.TermTableDecl, n, t, v, note, tuple(rows), until),
        names,
        types(1),
        types(1),
        st.none() | texts,
        st.lists(
            st.builds(
                lambda d, cells: node(ast.TermTableRow, d, tuple(cells)),
                st.sampled_from(["2015-08-26", "2015-10-24"]),
                st.lists(term_cells, min_size=1, max_size=3),
            ),
            max_size=2,
        ),
        st.none() | st.just("2019-08-19"),
    ),
    st.builds(
        lambda c, t, b: node(ast.Clause, c, t, tuple(b)),
        st.sampled_from(CITATIONS),
        texts,
        st.lists(clause_stmts, max_size=5),
    ),
    st.builds(lambda n, cs: node(ast.Exclusive, n, cs), texts, citation_lists),
    st.builds(lambda n, e, cs: node(ast.GroupCap, n, e, cs), texts, exprs, citation_lists),
    st.builds(lambda p, r: node(ast.NotEncoded, p, r), texts, st.none() | texts),
)


@st.composite
def headers(draw: st.DrawFn) -> ast.Header:
    kinds = draw(
        st.lists(
            st.sampled_from(["doc_number", "issuer", "year", "effective", "currency", "rounding", "source_file"]),
            unique=True,
            max_size=7,
        )
    )
    funds = draw(
        st.lists(
            st.builds(
                lambda n, a, note: node(ast.Fund, n, a, note),
                texts,
                st.sampled_from(["700万元", "50万元"]),
                st.none() | texts,
            ),
            max_size=2,
        )
    )
    order = kinds + ["fund"] * len(funds)
    draw(st.randoms()).shuffle(order)
    values: dict[str, Any] = {
        "doc_number": draw(texts),
        "issuer": draw(texts),
        "year": 2023,
        "effective": ("2023-07-17", "2023-12-31"),
        "currency": "人民币",
        "source_file": draw(texts),
        "rounding": (
            draw(st.sampled_from(["四舍五入", "舍去", "进一", "银行家舍入"])),
            draw(st.sampled_from(["分", "角", "元"])),
        ),
    }
    return ast.Header(
        draw(texts), funds=tuple(funds), order=tuple(order), span=NO_SPAN, **{k: values[k] for k in kinds}
    )


policies = st.builds(lambda h, ds: ast.Policy(h, tuple(ds), span=NO_SPAN), headers(), st.lists(decls, max_size=6))


# ============================================================================ policies that compile
# One vocabulary of declared names; every generated policy declares all of them (defaults vary), so
# any expression below may use any of them. Item fields have names of their own: inside 逐项 a field
# shadows a fact of the same name, and the generator should not depend on that rule.
MONEY_FACTS = ("甲额", "乙额", "丙额")
PAID_BEFORE = "已获"  # what a cumulative cap deducts
RATIO_FACT, TONNES_FACT, FLAG_FACT, LEVEL_FACT, DAY_FACT = "比率", "吨数", "新引入", "级别", "起始日"
TIMES_FACT = "次数"  # a plain number (数)
FAIR_FACT, FAIRS = "展会名", ("广交会", "甲")  # a text (文本), compared with quoted texts
LEVELS = ("国家级", "省级", "无")
ITEMS, ITEM_NAME, ITEM_COST, ITEM_COUNT, ITEM_FLAG = "项目", "名称", "费用", "件数", "计划类"
RATE_TABLE = "利率表"
GIVEN_PARAM, OPEN_PARAM, DEFINED = "标准", "待定额", "增量"
OPEN_END = "某端"  # 之一(含, 不含) 未规定: whether an open range end counts

# ascending (between() orders its edges by position); 1,500元, 60 万元 and 200万元人民币 as officials write them
MONEY_LITERALS = (
    "0元",
    "1元",
    "99.99元",
    "1234.56元",
    "1,500元",
    "0.8万元",
    "5万元",
    "10万元",
    "50万元",
    "60 万元",
    "100万元",
    "200万元人民币",
    "1亿元",
)
CAP_LITERALS = ("0.8万元", "2万元", "5万元", "10万元", "30万元", "100万元")
RATE_LITERALS = ("2%", "2‰", "10%", "15‰", "33.33%", "50%", "70%", "80%", "100%")  # ‰ as the texts write it
TONNE_LITERALS = ("100吨", "5000吨", "1.5吨")
DATE_LITERALS = ("2023-01-20", "2023-06-20", "2023-08-21", "2024-01-01")
CITES = (
    "一",
    "二",
    "三",
    "四(一)",
    "四(二)",
    "五(一)1",
    "五(一)2",
    "六",
    "第七条",
    "第八条第（二）项",
    "（三）",
    "3.2",
    "九、",
)

# The verb and the boundary marks it can take without contradicting its direction (T120).
UP_WORDS = ("超过", "超", "达到", "不低于", "不少于", ">=", "≥", ">")
DOWN_WORDS = ("低于", "少于", "不足", "不超过", "不高于", "<=", "≤", "<")
UP_BOUNDS = (None, "(含)", "（含）", "(不含)", "以上", "(含)以上")
DOWN_BOUNDS = (None, "(含)", "(不含)", "以下", "（含）以下")


def lit(text: str) -> ast.NumberLit:
    return node(ast.NumberLit, text)


def text(value: str) -> ast.TextLit:
    return node(ast.TextLit, value)


def ref(name: str) -> ast.Ref:
    return node(ast.Ref, name)


def call(function: str, *args: ast.Expr) -> ast.Call:
    return node(ast.Call, function, tuple(args))


class Scope:
    """Where an expression is written: at clause level, or inside 逐项 (fields in scope)."""

    def __init__(self, in_items: bool = False, in_group_cap: bool = False):
        self.in_items = in_items and not in_group_cap
        self.in_group_cap = in_group_cap


TOP = Scope()
ITEM = Scope(in_items=True)


@st.composite
def money_leaf(draw: st.DrawFn, scope: Scope) -> ast.Expr:
    """A literal, a fact, a field, a parameter or a definition; now and then the unspecified parameter
    (which makes what reads it undetermined, unless the population run sets it)."""
    roll = draw(st.integers(0, 19))
    if roll == 0:
        return ref(OPEN_PARAM)
    if roll < 10:
        return lit(draw(st.sampled_from(MONEY_LITERALS)))
    return ref(draw(st.sampled_from([*MONEY_FACTS, GIVEN_PARAM, DEFINED] + ([ITEM_COST] if scope.in_items else []))))


def ratio_leaf(scope: Scope) -> st.SearchStrategy[ast.Expr]:
    return st.one_of(
        st.sampled_from(RATE_LITERALS).map(lit),
        st.just(ref(RATIO_FACT)),
        st.just(call(RATE_TABLE, ref(DAY_FACT))),
    )


def quantity(scope: Scope) -> st.SearchStrategy[tuple[ast.Expr, str]]:
    """A quantity and its unit: tonnes, or (inside 逐项) an item's count of 个."""
    tonnes = st.one_of(st.just(ref(TONNES_FACT)), st.sampled_from(TONNE_LITERALS).map(lit)).map(lambda e: (e, "吨"))
    if not scope.in_items:
        return tonnes
    return st.one_of(tonnes, st.just((ref(ITEM_COUNT), "个")))


@st.composite
def money(draw: st.DrawFn, scope: Scope, depth: int = 2) -> ast.Expr:
    """An expression of type 金额(元)."""
    if depth <= 0 or draw(st.integers(0, 3)) == 0:
        return draw(money_leaf(scope))
    smaller = money(scope, depth - 1)
    form = draw(st.integers(0, 14))
    if form == 0:
        return node(ast.BinOp, "×", draw(ratio_leaf(scope)), draw(smaller))
    if form == 1:
        return node(ast.BinOp, draw(st.sampled_from("+-")), draw(smaller), draw(smaller))
    if form == 2:
        return node(ast.BinOp, "÷", draw(smaller), lit(draw(st.sampled_from(["2", "3", "4"]))))
    if form == 3:
        return node(ast.If, draw(condition(scope, depth - 1)), draw(smaller), draw(smaller))
    if form == 4:
        rows = draw(st.lists(st.tuples(condition(scope, depth - 1), smaller), min_size=1, max_size=3))
        caps = draw(st.lists(st.none() | money_leaf(scope), min_size=len(rows), max_size=len(rows)))
        tiers = [
            node(ast.Tier, c, a) if cap is None else node(ast.Tier, c, a, "本档最高", cap)
            for (c, a), cap in zip(rows, caps, strict=True)
        ]
        if draw(st.booleans()):
            tiers.append(node(ast.Tier, None, draw(smaller)))
        return node(ast.Tiers, tuple(tiers))
    if form == 5:  # 按 X 每满 step 给予 amount
        base, step = draw(
            st.one_of(
                st.tuples(
                    st.sampled_from([*MONEY_FACTS, DEFINED]).map(ref),
                    st.sampled_from(["1万元", "33.3元", "100万元"]).map(lit),
                ),
                st.tuples(st.just(ref(TONNES_FACT)), st.sampled_from(["100吨", "0.5吨"]).map(lit)),
            )
        )
        return node(ast.Steps, base, step, lit(draw(st.sampled_from(["0.01元", "2万元", "1元"]))))
    if form == 6:
        return call(draw(st.sampled_from(["最小", "最大"])), *draw(st.lists(smaller, min_size=2, max_size=3)))
    if form == 7:
        q, unit = draw(quantity(scope))
        return node(ast.BinOp, "×", lit(draw(st.sampled_from(["50元", "1.5元", "0.01元"])) + "/" + unit), q)
    if form == 8 and not scope.in_items and not scope.in_group_cap:
        return call("合计", ref(ITEMS), draw(money(ITEM, depth - 1)))
    if form == 9:
        return node(ast.BinOp, "×", draw(smaller), draw(ratio_leaf(scope)))
    if form == 11:  # a plain count times an amount: 次数 × 1万元
        return node(ast.BinOp, "×", ref(TIMES_FACT), draw(smaller))
    if form == 12 and not scope.in_items and not scope.in_group_cap:  # so much per counted item
        count = call("计数", ref(ITEMS), *([draw(condition(ITEM, 0))] if draw(st.booleans()) else []))
        return node(ast.BinOp, "×", lit(draw(st.sampled_from(["1元", "0.5万元"])) + "/项"), count)
    if form == 10:  # a day count as a fraction of a year: 天数(起, 止) ÷ 360天 × base
        days = node(ast.BinOp, "÷", call("天数", ref(DAY_FACT), node(ast.DateLit, "2023-12-31")), lit("360天"))
        return node(ast.BinOp, "×", days, draw(smaller))
    return draw(money_leaf(scope))


def word_and_bound(direction: str) -> st.SearchStrategy[tuple[str, str | None]]:
    words, bounds = (UP_WORDS, UP_BOUNDS) if direction == "up" else (DOWN_WORDS, DOWN_BOUNDS)
    return st.tuples(st.sampled_from(words), st.sampled_from(bounds))


@st.composite
def comparison(draw: st.DrawFn, scope: Scope, depth: int) -> ast.Expr:
    left: ast.Expr
    right: ast.Expr
    kind = draw(st.integers(0, 8))
    if kind == 0:
        left, right = ref(RATIO_FACT), draw(st.sampled_from(RATE_LITERALS).map(lit))
    elif kind == 1:
        left, right = ref(TONNES_FACT), draw(st.sampled_from(TONNE_LITERALS).map(lit))
    elif kind == 5 and not scope.in_items:
        left, right = call("计数", ref(ITEMS)), lit(draw(st.sampled_from(["1项", "2项"])))
    elif kind == 6:
        left, right = ref(TIMES_FACT), lit(draw(st.sampled_from(["1", "3"])))
    elif kind == 7:  # a text compared with a quoted text: 为 / 不等于 (a text is not ordered)
        subject = ref(ITEM_NAME if scope.in_items and draw(st.booleans()) else FAIR_FACT)
        quoted = node(ast.TextLit, draw(st.sampled_from(FAIRS)))
        pair = (subject, quoted) if draw(st.booleans()) else (quoted, subject)
        return node(ast.Compare, draw(st.sampled_from(["为", "等于", "不等于", "!="])), *pair, None)
    elif kind == 2:
        left, right = ref(DAY_FACT), node(ast.DateLit, draw(st.sampled_from(DATE_LITERALS)))
    elif kind == 3:
        return node(
            ast.Compare,
            draw(st.sampled_from(["为", "等于", "=="])),
            draw(money_leaf(scope)),
            draw(money_leaf(scope)),
            None,
        )
    else:
        left, right = draw(money(scope, depth)), draw(money_leaf(scope))
    if draw(st.booleans()):
        left, right = right, left
    word, bound = draw(word_and_bound(draw(st.sampled_from(["up", "down"]))))
    return node(ast.Compare, word, left, right, bound)


@st.composite
def between(draw: st.DrawFn, scope: Scope) -> ast.Expr:
    marks = st.sampled_from(["(含)", "(不含)", "（含）", "（不含）"])
    low, high = sorted(
        draw(st.lists(st.sampled_from(MONEY_LITERALS[1:]), min_size=2, max_size=2, unique=True)),
        key=MONEY_LITERALS.index,
    )
    subject = draw(st.sampled_from([*MONEY_FACTS] + ([ITEM_COST] if scope.in_items else [])))
    dash = draw(st.sampled_from(["至", "—", "～", "~"]))
    if draw(st.integers(0, 4)) == 0:  # an end the text leaves open: 10亿元(含否 P)
        return node(ast.Between, ref(subject), lit(low), draw(marks), dash, lit(high), None, None, OPEN_END)
    return node(ast.Between, ref(subject), lit(low), draw(marks), dash, lit(high), draw(marks))


@st.composite
def condition(draw: st.DrawFn, scope: Scope, depth: int = 2) -> ast.Expr:
    """An expression of type 是否."""
    flags = [FLAG_FACT] + ([ITEM_FLAG] if scope.in_items else [])
    leaf = st.one_of(
        comparison(scope, max(depth - 1, 0)),
        st.sampled_from(flags).map(ref),
        st.sampled_from(LEVELS).map(lambda v: node(ast.Compare, "为", ref(LEVEL_FACT), ref(v), None)),
        between(scope),
    )
    if depth <= 0 or draw(st.integers(0, 2)) == 0:
        return draw(leaf)
    smaller = condition(scope, depth - 1)
    form = draw(st.integers(0, 2))
    if form == 0:
        return node(ast.And, draw(smaller), draw(smaller))
    if form == 1:
        return node(ast.Or, draw(smaller), draw(smaller))
    return node(ast.Not, draw(smaller))


@st.composite
def cap_limit(draw: st.DrawFn, scope: Scope) -> ast.Expr:
    return draw(
        st.one_of(
            st.sampled_from(CAP_LITERALS).map(lit),
            st.just(ref(GIVEN_PARAM)),
            st.builds(
                lambda c, a, b: node(ast.If, c, a, b),
                condition(TOP, 1),
                st.sampled_from(CAP_LITERALS).map(lit),
                st.sampled_from(CAP_LITERALS).map(lit),
            ),
            money(scope, 1),
        )
    )


def caps_in(scope: Scope, max_size: int) -> st.SearchStrategy[list[ast.Stmt]]:
    return st.lists(
        st.builds(
            lambda n, e: node(ast.Cap, n, e), st.sampled_from(["最高", "单个企业最高", "每项最高"]), cap_limit(scope)
        ),
        max_size=max_size,
    )


@st.composite
def few(draw: st.DrawFn, conditions: st.SearchStrategy[ast.Expr]) -> list[ast.Expr]:
    """None, one or two conditions, mostly none: random facts rarely meet two at once, and a clause
    that never pays compares little."""
    return [draw(conditions) for _ in range(draw(st.sampled_from([0, 0, 0, 1, 1, 2])))]


# 至多 合计 MEASURE LIMIT 取 ORDER: the measure is a quantity of each item (its count of 个, halved for
# a plan item as a standard booth counts half of 18平方米), the limit in its unit, whole or not.
MEASURE_LIMITS = ("1个", "2个", "3个", "0.5个", "2.5个")


@st.composite
def measure_limit(draw: st.DrawFn) -> ast.MeasureLimit:
    count = ref(ITEM_COUNT)
    measure = draw(
        st.sampled_from(
            [
                count,
                node(ast.If, ref(ITEM_FLAG), count, node(ast.BinOp, "÷", count, lit("2"))),
                call("最小", count, lit("2个")),
            ]
        )
    )
    order = draw(st.sampled_from(["最有利", "申报顺序"]))
    return node(ast.MeasureLimit, measure, draw(st.sampled_from(MEASURE_LIMITS)), order)


@st.composite
def items_award(draw: st.DrawFn) -> ast.Stmt:
    body: list[ast.Stmt] = [node(ast.Condition, c) for c in draw(few(condition(ITEM, 1)))]
    body.append(node(ast.Award, draw(money(ITEM, 2))))
    body += draw(caps_in(ITEM, 1))
    limit = st.builds(
        lambda n, o: node(ast.Limit, n, o),
        st.sampled_from(["1", "2个", "3个"]),
        st.sampled_from(["最有利", "申报顺序"]),
    )
    where = draw(st.sampled_from(["none", "items", "group"]))  # one 至多 at most (C035)
    if where == "items":
        body.append(draw(limit))
    # and one 至多 合计 (a summed measure: LYG 一(一) 18平方米), beside a count limit or alone
    measure_where = draw(st.sampled_from(["none", "none", "items", "group"]))
    if measure_where == "items":
        body.append(draw(measure_limit()))
    if measure_where == "group" or draw(st.booleans()):
        group_body: list[ast.Stmt] = [draw(limit)] if where == "group" else []
        group_body += [draw(measure_limit())] if measure_where == "group" else []
        group_scope = Scope(in_items=True, in_group_cap=True)  # a group's cap reads no single item's fields
        group_body += draw(caps_in(group_scope, 1))
        body.append(node(ast.GroupBy, ITEM_NAME, tuple(group_body)))
    return node(ast.PerItem, ITEMS, tuple(draw(st.permutations(body))))


@st.composite
def clause(draw: st.DrawFn, citation: str) -> ast.Clause:
    body: list[ast.Stmt] = [node(ast.Quote, f"测试用句：第{citation}条。")]
    body += [node(ast.Condition, c) for c in draw(few(condition(TOP, 2)))]
    body.append(draw(st.one_of(money(TOP, 3).map(lambda e: node(ast.Award, e)), items_award())))
    body += draw(caps_in(TOP, 2))
    if draw(st.integers(0, 3)) == 0:
        body.append(node(ast.CumulativeCap, "累计最高", lit(draw(st.sampled_from(CAP_LITERALS))), ref(PAID_BEFORE)))
    return node(ast.Clause, citation, f"条款{citation}", tuple(body))


def fact(name: str, t: ast.TypeExpr, default: str | None = None) -> ast.FactDecl:
    value = None if default is None else (ref(default) if default in ("是", "否", *LEVELS) else lit(default))
    return node(ast.FactDecl, name, t, None, value)


@st.composite
def declarations(draw: st.DrawFn) -> list[ast.Decl]:
    """Every name the expressions may use; a default on some of them, drawn."""

    def maybe(default: str) -> str | None:
        return default if draw(st.booleans()) else None

    money_type = node(ast.MoneyType, None)
    fields = (
        node(ast.FieldDecl, ITEM_NAME, node(ast.SimpleType, "文本"), None, draw(st.sampled_from([None, text("甲")]))),
        node(ast.FieldDecl, ITEM_COST, money_type, None, None),
        node(ast.FieldDecl, ITEM_COUNT, node(ast.QuantityType, "个"), None, draw(st.sampled_from([None, lit("0个")]))),
        node(ast.FieldDecl, ITEM_FLAG, node(ast.SimpleType, "是否"), None, draw(st.sampled_from([None, ref("否")]))),
    )
    rows = [("2023-01-20", "3.65%"), ("2023-06-20", "3.55%"), ("2023-08-21", "3.45%")]
    return [
        *(fact(n, money_type, maybe("0元")) for n in MONEY_FACTS),
        fact(PAID_BEFORE, money_type, "0元"),
        fact(RATIO_FACT, node(ast.SimpleType, "比例"), maybe("0%")),
        fact(TONNES_FACT, node(ast.QuantityType, "吨"), maybe("0吨")),
        fact(FLAG_FACT, node(ast.SimpleType, "是否"), maybe("否")),
        fact(LEVEL_FACT, node(ast.EnumType, LEVELS), maybe("无")),
        fact(DAY_FACT, node(ast.SimpleType, "日期")),
        fact(TIMES_FACT, node(ast.SimpleType, "数"), maybe("0")),
        node(
            ast.FactDecl, FAIR_FACT, node(ast.SimpleType, "文本"), None, draw(st.sampled_from([None, text("广交会")]))
        ),
        node(ast.FactDecl, ITEMS, node(ast.ListType, fields), None, None),
        node(ast.ParamDecl, GIVEN_PARAM, lit(draw(st.sampled_from(["5万元", "0.8万元", "100万元"]))), None),
        node(ast.UnspecifiedDecl, OPEN_PARAM, money_type, "原文未给出（测试用）"),
        node(ast.UnspecifiedDecl, OPEN_END, node(ast.EnumType, ("含", "不含")), "原文未写明这一端是否含（测试用）"),
        node(
            ast.DefineDecl,
            DEFINED,
            call("最大", node(ast.BinOp, "-", ref(MONEY_FACTS[0]), ref(MONEY_FACTS[1])), lit("0元")),
            None,
        ),
        node(
            ast.TableDecl,
            RATE_TABLE,
            node(ast.SimpleType, "比例"),
            None,
            tuple(node(ast.TableRow, d, lit(v)) for d, v in rows),
        ),
    ]


@st.composite
def cross_clause_rules(draw: st.DrawFn, citations: list[str]) -> list[ast.Decl]:
    out: list[ast.Decl] = []
    if len(citations) >= 2 and draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(citations), min_size=2, max_size=3, unique=True))
        out.append(node(ast.Exclusive, "取高（测试）", tuple(chosen)))
    # 不重复享受: only one is paid, the text not saying which (an unspecified choice that --set may give)
    if len(citations) >= 2 and draw(st.integers(0, 2)) == 0:
        chosen = draw(st.lists(st.sampled_from(citations), min_size=2, max_size=3, unique=True))
        out.append(node(ast.NoDouble, "第2、3条不重复享受", tuple(chosen)))
    # 就高不重复 against other funds: a money fact (the award received elsewhere), each reading or none,
    # or a literal
    if draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(citations), min_size=1, max_size=3, unique=True))
        other = draw(st.sampled_from([ref(PAID_BEFORE), ref(MONEY_FACTS[2]), lit("5万元"), lit("1,500元")]))
        reading = draw(st.sampled_from(["补差额", None, "高于才给", "补差额"]))
        out.append(node(ast.OtherFunds, "同一项目已获其他专项资金", tuple(chosen), other, reading))
    if draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(citations), min_size=1, max_size=3, unique=True))
        # now and then a limit the text leaves open (it may decide a 取高不重复 over the same clauses)
        limit = draw(st.sampled_from(CAP_LITERALS).map(lit) | st.just(ref(OPEN_PARAM)))
        out.append(node(ast.GroupCap, "合计（测试）", limit, tuple(chosen)))
    return out


@st.composite
def compilable_policies(draw: st.DrawFn, max_clauses: int = 4) -> ast.Policy:
    """A policy that type-checks and compiles (tests/test_differential.py asserts that it does)."""
    citations = draw(st.lists(st.sampled_from(CITES), min_size=1, max_size=max_clauses, unique=True))
    rounding = (
        draw(st.sampled_from(["四舍五入", "舍去", "进一", "银行家舍入"])),
        draw(st.sampled_from(["分", "角", "元"])),
    )
    header = ast.Header(
        "生成的政策（测试）",
        year=2023,
        currency="人民币",
        rounding=rounding,
        order=("year", "currency", "rounding"),
        span=NO_SPAN,
    )
    rules = draw(cross_clause_rules(citations))
    decls = [*draw(declarations()), *(draw(clause(c)) for c in citations), *rules]
    decls += draw(referring_clause(citations, rules))
    return ast.Policy(header, tuple(decls), span=NO_SPAN)


@st.composite
def referring_clause(draw: st.DrawFn, citations: list[str], rules: list[ast.Decl]) -> list[ast.Decl]:
    """Now and then a clause more, reading what an earlier one pays (金额(…)): never a member of a rule
    between clauses (C061), listed after it, so no cycle."""
    members = {c for r in rules for c in getattr(r, "citations", ())}
    free = [c for c in citations if c not in members]
    spare = [c for c in CITES if c not in citations]
    if not free or not spare or draw(st.integers(0, 2)) != 0:
        return []
    cited = node(ast.ClauseRef, draw(st.sampled_from(free)))
    award = draw(
        st.one_of(
            st.builds(lambda r: node(ast.BinOp, "×", r, cited), ratio_leaf(TOP)),
            st.builds(lambda m: call("最小", cited, m), money(TOP, 1)),
            st.builds(lambda m: node(ast.BinOp, "+", cited, m), money(TOP, 1)),
        )
    )
    body: list[ast.Stmt] = [node(ast.Quote, "测试用句：按其获得的奖励金额追加。")]
    if draw(st.booleans()):
        body.append(node(ast.Condition, node(ast.Compare, "超过", cited, lit("0元"), None)))
    body.append(node(ast.Award, award))
    body += draw(caps_in(TOP, 1))
    return [node(ast.Clause, spare[0], "追加（测试）", tuple(body))]


__all__ = ["NO_SPAN", "compilable_policies", "node", "policies"]
