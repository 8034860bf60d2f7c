"""Case files: one enterprise's facts in YAML (or JSON), written as a drafter writes them.

    展位费: 1.2万元
    煤炭落地量: 8000吨
    境外展位:
      - {展会: 汉诺威工业展, 展位费: 5万元}

Every value is checked against the fact's declared type and unit, and every problem points
at its line and column in the case file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from policylang.compiler import ir
from policylang.errors import Collector, Diagnostic, PolicyError, Source, Span
from policylang.frontend.units import (
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
    parse_literal,
    suggest,
)

FACTS_KEY = "事实"


@dataclass
class Case:
    facts: dict[str, Any]  # name → typed value (MISSING where absent and without default)
    source: Source
    spans: dict[str, Span]
    root: Span


def node_span(source: Source, node: Any) -> Span:
    start, end = node.start_mark, node.end_mark
    end_line, end_col = end.line + 1, end.column + 1
    if end_line > start.line + 1:  # block values end on the next line; underline the first
        end_line, end_col = start.line + 1, len(source.line(start.line + 1)) + 1
    return Span(source, start.line + 1, start.column + 1, end_line, max(end_col, start.column + 2))


def compose(text: str, name: str) -> tuple[Any, Source]:
    """The YAML node tree with positions; a syntax error becomes a located diagnostic."""
    import yaml

    source = Source(name, text)
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return yaml.compose(text, Loader=loader), source
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        problem, hint = yaml_problem(err.problem or "")
        notes: tuple[str, ...] = ()
        opened = err.context_mark
        if opened is not None and mark is not None and opened.line != mark.line:
            if any(w in (err.context or "") for w in ("flow", "quoted")):  # an unclosed { [ or ": point at it
                notes = (f"在第{mark.line + 1}行第{mark.column + 1}列发现",)
                mark = opened
            else:
                notes = (
                    f"问题从第{opened.line + 1}行第{opened.column + 1}列开始：{source.line(opened.line + 1).strip()}",
                )
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise PolicyError(
            Diagnostic(
                "K001",
                f"案例文件格式有误：{problem}",
                Span(source, line, col, line, col + 1),
                suggestion=hint,
                notes=notes,
            )
        ) from None
    except yaml.YAMLError as err:
        raise PolicyError(Diagnostic("K001", f"案例文件格式有误：{err}", Span(source, 1, 1, 1, 2))) from None


# PyYAML's problems in a drafter's words, with what usually fixes them.
YAML_PROBLEMS = (
    (
        "did not find expected ',' or '}'",
        "花括号 { } 没有闭合，或两项之间缺少逗号",
        "每一项写成 {字段: 值, 字段: 值}，以 } 结束",
    ),
    ("did not find expected ',' or ']'", "方括号 [ ] 没有闭合，或两项之间缺少逗号", "写成 [甲, 乙]，以 ] 结束"),
    ("mapping values are not allowed", "这里不能出现冒号", "值里有冒号时请给值加引号；或检查上一行的缩进"),
    ("could not find expected ':'", "缺少冒号", "每一行写成 名称: 值（冒号后留一个空格）"),
    (
        "that cannot start any token",
        "有不能出现在这里的字符（如 Tab 或 @）",
        "缩进请用空格，不用 Tab；以 @ ` 开头的值请加引号",
    ),
    ("did not find expected key", "缩进不一致", "同一层的各行须对齐"),
    (
        "did not find expected '-' indicator",
        "列表的各项须以“- ”开头且缩进一致",
        "同一列表的各项“- ”须对齐，同一项的各行须缩进一致",
    ),
    ("expected <block end>", "缩进不一致", "同一层的各行须对齐"),
    ("found unexpected end of stream", "文件在中途结束：引号或括号没有闭合", "补上缺少的引号或括号"),
    ("found undefined alias", "不能使用 YAML 别名（*名称）", "值以 * 开头时请加引号"),
    ("but found another document", "案例文件只能有一份内容（不能用 --- 分隔多份）", "每个案例写一个文件"),
)


def yaml_problem(problem: str) -> tuple[str, str]:
    """(message, suggestion) for a PyYAML problem string."""
    for english, message, hint in YAML_PROBLEMS:
        if english in problem:
            return message, hint
    return f"格式错误（{problem or '无法解析'}）", "检查缩进和冒号；值里有冒号或 # 时请加引号"


def load_case(text: str, name: str, policy: ir.CompiledPolicy) -> Case:
    """Read and check one case file against the policy's facts."""
    root, source = compose(text, name)
    import yaml

    diag = Collector()
    if root is None:
        root_span = Span(source, 1, 1, 1, 2)
        mapping: list[Any] = []
    elif not isinstance(root, yaml.MappingNode):
        raise PolicyError(Diagnostic("K002", "案例文件须为“事实名: 值”的映射", node_span(source, root)))
    else:
        root_span = node_span(source, root)
        mapping = root.value
        for key, value in root.value:  # a case may put its facts under 事实:
            if key.value == FACTS_KEY and isinstance(value, yaml.MappingNode):
                mapping = value.value
    facts, spans = read_facts(mapping, source, policy, diag)
    diag.raise_if_errors()
    return Case(facts, source, spans, root_span)


def read_facts(
    pairs: list[Any], source: Source, policy: ir.CompiledPolicy, diag: Collector
) -> tuple[dict[str, Any], dict[str, Span]]:
    facts: dict[str, Any] = {}
    spans: dict[str, Span] = {}
    for key, node in pairs:
        name = str(key.value)
        span = node_span(source, key)
        if name in spans:
            diag.add("K003", f"事实“{name}”写了两次", span)
            continue
        info = policy.facts.get(name)
        if info is None:
            near = suggest(name, list(policy.facts))
            diag.add(
                "K004",
                f"政策中没有名为“{name}”的事实",
                span,
                suggestion=f"是否想写“{near}”？" if near else "可用的事实：" + "、".join(policy.facts),
            )
            continue
        spans[name] = span
        value = read_value(node, info.type, source, diag, name, dict(info.field_defaults))
        if value is not ir.MISSING:
            facts[name] = value
    for name, info in policy.facts.items():
        if name not in facts and name not in spans and info.default is not ir.MISSING:
            facts[name] = info.default
    return facts, spans


def read_value(
    node: Any, t: Type, source: Source, diag: Collector, name: str, field_defaults: dict[str, Any] | None = None
) -> Any:
    """One case value of a declared type; reports and returns MISSING when it does not fit."""
    import yaml

    span = node_span(source, node)
    if isinstance(t, ListOf):
        if not isinstance(node, yaml.SequenceNode):
            diag.add("K010", f"“{name}”是列表，须写成以“- ”开头的各项", span)
            return ir.MISSING
        return [read_item(item, t, source, diag, name, field_defaults or {}) for item in node.value]
    if not isinstance(node, yaml.ScalarNode):
        diag.add("K011", f"“{name}”须为单个值（{t.describe()}）", span)
        return ir.MISSING
    try:
        return scalar(str(node.value), t)
    except ValueError as err:
        diag.add(
            "K012",
            f"“{name}”的值“{node.value}”不对：{err}",
            span,
            suggestion=getattr(err, "suggestion", None) or example_for(t),
        )
        return ir.MISSING


def read_item(node: Any, t: ListOf, source: Source, diag: Collector, name: str, field_defaults: dict[str, Any]) -> Any:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        diag.add("K013", f"“{name}”的每一项须为“字段: 值”的映射", node_span(source, node))
        return {}
    item: dict[str, Any] = {}
    reported: set[str] = set()  # fields already reported (invalid, or a misspelling of them): not "missing" too
    for key, value in node.value:
        field = str(key.value)
        ft = t.field(field)
        if ft is None:
            near = suggest(field, [n for n, _ in t.fields])
            diag.add(
                "K014",
                f"“{name}”的项没有字段“{field}”",
                node_span(source, key),
                suggestion=f"是否想写“{near}”？" if near else "可用的字段：" + "、".join(n for n, _ in t.fields),
            )
            reported.add(near or "")
            continue
        if field in item or field in reported:
            diag.add("K016", f"“{name}”的这一项把字段“{field}”写了两次", node_span(source, key))
            continue
        v = read_value(value, ft, source, diag, f"{name}.{field}")
        if v is not ir.MISSING:
            item[field] = v
        else:
            reported.add(field)
    for field, ft in t.fields:
        if field not in item and field not in reported:
            if field in field_defaults and field_defaults[field] is not ir.MISSING:
                item[field] = field_defaults[field]
            else:
                diag.add(
                    "K015",
                    f"“{name}”的这一项缺少字段“{field}”",
                    node_span(source, node),
                    suggestion=f"加上 {field}: {example_for(ft).removeprefix('如 ')}",
                )
    return item


class ValueProblem(ValueError):
    def __init__(self, message: str, suggestion: str | None = None):
        super().__init__(message)
        self.suggestion = suggestion


def scalar(text: str, t: Type) -> Any:
    """Parse one written value (1.2万元, 55%, 是, 2023-06-20) as type t; ValueError if it does not fit."""
    text = text.strip()
    if isinstance(t, Bool):
        if text in ("是", "true", "True", "yes", "有"):
            return True
        if text in ("否", "false", "False", "no", "无"):
            return False
        raise ValueProblem("须为 是 或 否")
    if isinstance(t, Enum):
        if text in t.values:
            return text
        near = suggest(text, list(t.values))
        raise ValueProblem("须为 " + " / ".join(t.values) + " 之一", f"是否想写“{near}”？" if near else None)
    if isinstance(t, Date):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueProblem("须为日期，如 2023-06-20") from None
    if isinstance(t, Text):
        return text
    if text[:1] in ("-", "－", "−") and isinstance(t, (Money, Quantity)):
        what = "金额" if isinstance(t, Money) else "数量"
        raise ValueProblem(f"{what}不能为负数", f"如 {text[1:].strip()}" if text[1:].strip() else None)
    try:
        lit = parse_literal(text)
    except UnitError as err:
        raise ValueProblem(str(err), f"是否想写“{err.suggestion}”？" if err.suggestion else None) from None
    value, got = lit.value, lit.type
    if isinstance(t, Money):
        if isinstance(got, Number):
            raise ValueProblem("金额须写单位", f"如 {text}元 或 {text}万元")
        if not isinstance(got, Money):
            raise ValueProblem(f"须为金额，写的是{got.describe()}")
        if got.currency != t.currency:
            raise ValueProblem(f"币种不符：须为{t.describe()}，写的是{got.describe()}")
        if value < 0:
            raise ValueProblem("金额不能为负数")
        return value
    if isinstance(t, Quantity):
        if isinstance(got, Number):
            got = t  # a bare count takes the declared unit
        if got != t:
            number = re.match(r"[\d.,]*[万亿]?", text).group() or "100"  # 8000元 → 如 8000吨
            raise ValueProblem(f"单位不符：须为{t.describe()}，写的是{got.describe()}", f"如 {number}{t.unit}")
        if value < 0:
            raise ValueProblem("数量不能为负数")
        return value
    if isinstance(t, Ratio):
        if not isinstance(got, Ratio):
            raise ValueProblem("比例须写成百分数", f"如 {text}%")
        return value
    if isinstance(t, Number):
        if not isinstance(got, Number):
            raise ValueProblem(f"须为不带单位的数，写的是{got.describe()}")
        return value
    if isinstance(t, PerUnit):
        if got != t:
            raise ValueProblem(f"须为{t.describe()}，写的是{got.describe()}")
        return value
    raise ValueProblem(f"无法读取{t.describe()}")  # pragma: no cover


def example_for(t: Type) -> str:
    if isinstance(t, Money):
        return "如 1.2万元" if t.currency == "元" else "如 120万美元"
    if isinstance(t, Quantity):
        return f"如 100{t.unit}"
    if isinstance(t, Ratio):
        return "如 55%"
    if isinstance(t, Bool):
        return "如 是"
    if isinstance(t, Enum):
        return f"如 {t.values[0]}"
    if isinstance(t, Date):
        return "如 2023-06-20"
    return "如 10"


def setting_type(policy: ir.CompiledPolicy, name: str) -> Type | None:
    """The type a what-if value (--set, 设定) for `name` must have: a parameter's, or a single-valued fact's."""
    if name in policy.params:
        return policy.params[name].type
    if name in policy.facts and not isinstance(policy.facts[name].type, ListOf):
        return policy.facts[name].type
    return None


def parse_setting(text: str, policy: ir.CompiledPolicy) -> tuple[str, Any]:
    """`--set NAME=VALUE`: a what-if value for a parameter (usually an unspecified one) or a fact."""
    name, sep, value = text.partition("=")
    name, value = name.strip(), value.strip()
    source = Source("--set", text)
    span = Span(source, 1, 1, 1, len(text) + 1)
    if not sep or not name:
        raise PolicyError(Diagnostic("S001", "--set 须写成 名称=值", span, suggestion="如 --set 规模门槛一=500万元"))
    found = setting_type(policy, name)
    if found is not None:
        t = found
    elif name in policy.facts:
        raise PolicyError(
            Diagnostic(
                "S004",
                f"“{name}”是列表，不能用 --set 给出",
                Span(source, 1, 1, 1, len(name) + 1),
                suggestion="列表的各项请写在案例文件中",
            )
        )
    else:
        near = suggest(name, list(policy.params) + list(policy.facts))
        raise PolicyError(
            Diagnostic(
                "S002",
                f"政策中没有名为“{name}”的参数或事实",
                Span(source, 1, 1, 1, len(name) + 1),
                suggestion=f"是否想写“{near}”？" if near else None,
            )
        )
    try:
        return name, scalar(value, t)
    except ValueError as err:
        col = len(name) + 2
        raise PolicyError(
            Diagnostic(
                "S003",
                f"“{name}”的值“{value}”不对：{err}",
                Span(source, 1, col, 1, len(text) + 1),
                suggestion=getattr(err, "suggestion", None) or example_for(t),
            )
        ) from None


def missing_facts(
    policy: ir.CompiledPolicy, case: Case, citations: list[str] | None, overrides: dict[str, Any]
) -> None:
    """A fact a clause needs, absent from the case and without a default, is an error."""
    needed: dict[str, list[str]] = {}
    for plan in policy.clauses:
        if citations is not None and plan.citation not in citations:
            continue
        for name in sorted(plan.inputs):
            if name not in case.facts and name not in overrides:
                needed.setdefault(name, []).append(plan.citation)
    if needed:
        diags = [
            Diagnostic(
                "K020",
                f"案例缺少事实“{name}”（{('、'.join(cites))} 需要它）",
                case.root,
                suggestion=f"加一行 {name}: {example_for(policy.facts[name].type).removeprefix('如 ')}",
            )
            for name, cites in needed.items()
        ]
        raise PolicyError(diags)


__all__ = ["Case", "load_case", "parse_setting", "missing_facts", "scalar", "Fraction"]
