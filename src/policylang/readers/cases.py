"""Case files: one enterprise's facts in YAML (or JSON), written as a drafter writes them.

    展位费: 1.2万元
    煤炭落地量: 8000吨
    境外展位:
      - {展会: 汉诺威工业展, 展位费: 5万元}

Every value is checked against the fact's declared type and unit, and every problem points
at its line and column in the case file.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from policylang.compiler import ir
from policylang.errors import Collector, Diagnostic, PolicyError, Source, Span
from policylang.frontend.units import ListOf, Text, Type, suggest
from policylang.readers.values import Bounds, ValueProblem, example, type_text
from policylang.readers.values import read_value as read_written
from policylang.report.i18n import t as tr

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
                notes = (tr("case.found_at", line=mark.line + 1, column=mark.column + 1),)
                mark = opened
            else:
                notes = (
                    tr(
                        "case.starts_at",
                        line=opened.line + 1,
                        column=opened.column + 1,
                        text=source.line(opened.line + 1).strip(),
                    ),
                )
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise PolicyError(
            Diagnostic(
                "K001",
                tr("case.yaml", problem=problem),
                Span(source, line, col, line, col + 1),
                suggestion=hint,
                notes=notes,
            )
        ) from None
    except yaml.YAMLError as err:
        raise PolicyError(Diagnostic("K001", tr("case.yaml", problem=str(err)), Span(source, 1, 1, 1, 2))) from None


# PyYAML's problems in a drafter's words, with what usually fixes them (catalogue keys yaml.<name>,
# yaml.<name>.hint).
YAML_PROBLEMS = (
    ("did not find expected ',' or '}'", "unclosed_brace"),
    ("did not find expected ',' or ']'", "unclosed_bracket"),
    ("mapping values are not allowed", "colon"),
    ("could not find expected ':'", "no_colon"),
    ("that cannot start any token", "bad_character"),
    ("did not find expected key", "indent"),
    ("did not find expected '-' indicator", "list_indent"),
    ("expected <block end>", "indent"),
    ("found unexpected end of stream", "end_of_stream"),
    ("found undefined alias", "alias"),
    ("but found another document", "documents"),
)

YAML_HINT_ARGS = {"unclosed_brace": {"form": "{字段: 值, 字段: 值}", "close": "}"}}  # braces, not template fields


def yaml_problem(problem: str) -> tuple[str, str]:
    """(message, suggestion) for a PyYAML problem string."""
    for english, key in YAML_PROBLEMS:
        if english in problem:
            return tr(f"yaml.{key}"), tr(f"yaml.{key}.hint", **YAML_HINT_ARGS.get(key, {}))
    return tr("yaml.other", problem=problem or tr("yaml.unreadable")), tr("yaml.other.hint")


def load_case(text: str, name: str, policy: ir.CompiledPolicy) -> Case:
    """Read and check one case file against the policy's facts."""
    root, source = compose(text, name)
    import yaml

    diag = Collector()
    if root is None:
        root_span = Span(source, 1, 1, 1, 2)
        mapping: list[Any] = []
    elif not isinstance(root, yaml.MappingNode):
        raise PolicyError(Diagnostic("K002", tr("case.mapping"), node_span(source, root)))
    else:
        root_span = node_span(source, root)
        mapping = facts_pairs(root.value, source, diag)
    facts, spans = read_facts(mapping, source, policy, diag)
    diag.raise_if_errors()
    return Case(facts, source, spans, root_span)


def facts_pairs(pairs: list[Any], source: Source, diag: Collector) -> list[Any]:
    """The fact pairs of a case: the top level, or the mapping under 事实:. Both at once is refused
    (each top-level fact located): otherwise one of them would be silently ignored."""
    import yaml

    block = next((v for k, v in pairs if k.value == FACTS_KEY and isinstance(v, yaml.MappingNode)), None)
    if block is None:
        return pairs
    for key, _ in pairs:
        if key.value != FACTS_KEY:
            diag.add(
                "K005",
                tr("case.mixed_blocks", name=key.value, block=FACTS_KEY),
                node_span(source, key),
                suggestion=tr("case.mixed_blocks.hint", name=key.value, block=FACTS_KEY),
            )
    return list(block.value)


def read_facts(
    pairs: list[Any], source: Source, policy: ir.CompiledPolicy, diag: Collector
) -> tuple[dict[str, Any], dict[str, Span]]:
    facts: dict[str, Any] = {}
    spans: dict[str, Span] = {}
    for key, node in pairs:
        name = str(key.value)
        span = node_span(source, key)
        if name in spans:
            diag.add("K003", tr("case.twice", name=name), span)
            continue
        info = policy.facts.get(name)
        if info is None:
            near = suggest(name, list(policy.facts))
            diag.add(
                "K004",
                tr("case.unknown_fact", name=name),
                span,
                suggestion=tr("values.did_you_mean", word=near)
                if near
                else tr("case.facts_available", names="、".join(policy.facts)),
            )
            continue
        spans[name] = span
        value = read_value(node, info.type, source, diag, name, dict(info.field_defaults), info.range)
        if value is not ir.MISSING and not_a_place(policy, name, value):
            diag.add(
                "K035",
                tr("rank.case.not_a_place", name=name, value=str(value)),
                span,
                suggestion=tr("rank.case.hint", name=name),
            )
            continue
        if value is not ir.MISSING:
            facts[name] = value
    for name, info in policy.facts.items():
        if name not in facts and name not in spans and info.default is not ir.MISSING:
            facts[name] = info.default
    return facts, spans


def not_a_place(policy: ir.CompiledPolicy, name: str, value: Any) -> bool:
    """A 名次 given by the case is a whole number from 1 (the first place)."""
    if not any(r.name == name for r in policy.ranks):
        return False
    return not (isinstance(value, Fraction) and value.denominator == 1 and value >= 1)


def read_value(
    node: Any,
    t: Type,
    source: Source,
    diag: Collector,
    name: str,
    field_defaults: dict[str, Any] | None = None,
    bounds: Bounds = None,
) -> Any:
    """One case value of a declared type; reports and returns MISSING when it does not fit."""
    import yaml

    span = node_span(source, node)
    if isinstance(t, ListOf):
        if not isinstance(node, yaml.SequenceNode):
            diag.add("K010", tr("case.list", name=name), span)
            return ir.MISSING
        return [read_item(item, t, source, diag, name, field_defaults or {}) for item in node.value]
    if not isinstance(node, yaml.ScalarNode):
        diag.add("K011", tr("case.single", name=name, type=type_text(t)), span)
        return ir.MISSING
    try:
        # `展会:` / `展会: ~` is no text (an error, as for a number), not the text "" or "null"
        if isinstance(t, Text) and node.tag == "tag:yaml.org,2002:null" and not node.style:
            raise ValueProblem(tr("values.text_empty"), tr("values.for_example", example='"广交会"'))
        return scalar(str(node.value), t, bounds)
    except ValueError as err:
        diag.add(
            "K012",
            tr("case.bad_value", name=name, value=node.value, problem=err),
            span,
            suggestion=getattr(err, "suggestion", None) or example_for(t),
        )
        return ir.MISSING


def read_item(node: Any, t: ListOf, source: Source, diag: Collector, name: str, field_defaults: dict[str, Any]) -> Any:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        diag.add("K013", tr("case.item_mapping", name=name), node_span(source, node))
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
                tr("case.unknown_field", name=name, field=field),
                node_span(source, key),
                suggestion=tr("values.did_you_mean", word=near)
                if near
                else tr("case.fields_available", names="、".join(n for n, _ in t.fields)),
            )
            reported.add(near or "")
            continue
        if field in item or field in reported:
            diag.add("K016", tr("case.field_twice", name=name, field=field), node_span(source, key))
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
                    tr("case.missing_field", name=name, field=field),
                    node_span(source, node),
                    suggestion=tr("case.add_field", field=field, example=example(ft)),
                )
    return item


def scalar(text: str, t: Type, bounds: Bounds = None) -> Any:
    """One written value (1.2万元, 55%, 是, 2023-06-20) as type t, by the one value grammar
    (readers/values.py); ValueProblem (a ValueError) with a suggestion if it does not fit.
    `bounds`: the fact's or parameter's declared range (a 比例 without one: 0–100%)."""
    return read_written(text, t, None, bounds)


def setting_bounds(policy: ir.CompiledPolicy, name: str) -> Bounds:
    """The declared range of a parameter or fact a what-if value is given for (None: none)."""
    info = policy.params.get(name) or policy.facts.get(name)
    return None if info is None else info.range


def example_for(t: Type) -> str:
    return tr("values.for_example", example=example(t))


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
        raise PolicyError(Diagnostic("S001", tr("set.form"), span, suggestion=tr("set.form_example")))
    found = setting_type(policy, name)
    if found is not None:
        t = found
    elif name in policy.facts:
        raise PolicyError(
            Diagnostic(
                "S004",
                tr("set.list", name=name),
                Span(source, 1, 1, 1, len(name) + 1),
                suggestion=tr("set.list_hint"),
            )
        )
    else:
        near = suggest(name, list(policy.params) + list(policy.facts))
        raise PolicyError(
            Diagnostic(
                "S002",
                tr("set.unknown", name=name),
                Span(source, 1, 1, 1, len(name) + 1),
                suggestion=tr("values.did_you_mean", word=near) if near else None,
            )
        )
    try:
        return name, scalar(value, t, setting_bounds(policy, name))
    except ValueError as err:
        col = len(name) + 2
        raise PolicyError(
            Diagnostic(
                "S003",
                tr("case.bad_value", name=name, value=value, problem=err),
                Span(source, 1, col, 1, len(text) + 1),
                suggestion=getattr(err, "suggestion", None) or example_for(t),
            )
        ) from None


def missing_facts(policy: ir.CompiledPolicy, case: Case, needed: dict[str, list[str]]) -> list[Diagnostic]:
    """K020 for each fact the case lacks whose value can change a result (`needed`: fact → the clauses
    that need it, from the evaluation: `Result.needed_facts()`), located at the case."""
    return [
        Diagnostic(
            "K020",
            tr("case.missing_fact", name=name, clauses="、".join(cites)),
            case.root,
            suggestion=tr("case.add_fact", name=name, example=example(policy.facts[name].type)),
        )
        for name, cites in needed.items()
    ]


__all__ = ["Case", "Fraction", "ValueProblem", "load_case", "missing_facts", "parse_setting", "scalar"]
