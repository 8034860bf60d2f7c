"""`policylang plot POLICY.pol --clause ID --vary FACT [--vary FACT2]`: a clause's award curve (one
fact) or tier map (two facts), as a Vega-Lite chart description drawn to PNG, SVG, offline HTML or
JSON. The other facts come from a base case (--case), else the facts' defaults.

    curve.py     the breakpoints the compiled form implies, evaluated exactly (backends/exact.py)
    tiermap.py   cells between the breakpoints of two axes; gaps, overlaps, check's counterexamples
    render.py    vl-convert (imported only here), the CJK font, the output file
    reports.py   batch --report and diff --report (budget exposure, the revision's waterfall)
    report/charts.py builds every chart description (plain data, golden-tested)
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import click

from policylang.cli import parse_settings, report_errors, show_warnings, unknown_clause, warnings_for
from policylang.compiler import ir
from policylang.errors import Diagnostic, Msg, PolicyError, did_you_mean
from policylang.frontend.units import ListOf, Money, Number, Quantity, Ratio, suggest, value_text
from policylang.report.i18n import t

NUMERIC = (Money, Quantity, Ratio, Number)


@click.command("plot")
@click.argument("policy_file", metavar="POLICY.pol", type=click.Path(dir_okay=False))
@click.option("--clause", metavar="ID", help="要画的条款")
@click.option("--vary", multiple=True, metavar="FACT", help="变化的事实")
@click.option("--from", "start", multiple=True, metavar="A", help="范围起点")
@click.option("--to", "end", multiple=True, metavar="B", help="范围终点")
@click.option("--case", "case_file", metavar="BASE.yaml", type=click.Path(dir_okay=False), help="基准案例")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE", help="假定一个值")
@click.option("-o", "--output", metavar="FILE", help="输出文件")
@report_errors
def command(
    policy_file: str,
    clause: str | None,
    vary: tuple[str, ...],
    start: tuple[str, ...],
    end: tuple[str, ...],
    case_file: str | None,
    settings: tuple[str, ...],
    output: str | None,
) -> None:
    """画出一个条款的奖励随一个事实变化的曲线。"""
    from policylang import load_case_file, load_policy
    from policylang.report import charts
    from policylang.tools.plot import render

    if output is not None:
        render.check_suffix(output)  # before any work: a wrong suffix is the likeliest slip
    warnings: list[Any] = []
    policy = load_policy(policy_file, warnings)
    plan = chosen_clause(policy, clause)
    show_warnings(warnings_for(warnings, policy, [plan.citation]))
    axes = chosen_facts(policy, plan, vary)
    overrides = parse_settings(settings, policy)
    facts = dict(load_case_file(case_file, policy).facts) if case_file else defaults(policy)
    zero_filled = [
        n
        for n in sorted(plan.inputs, key=list(policy.facts).index)
        if n not in facts and n not in axes and n not in overrides
    ]
    for name in zero_filled:
        if isinstance(policy.facts[name].type, NUMERIC):
            facts[name] = Fraction(0)
    ranges = [axis_range(policy, fact, i, start, end) for i, fact in enumerate(axes)]
    base = t("plot.base.case", name=Path(case_file).name) if case_file else t("plot.base.defaults")
    notes = []
    if overrides:
        comma = t("batch.summary.list_separator")
        shown = comma.join(f"{n} = {charts.compact(v, setting_type(policy, n))}" for n, v in overrides.items())
        notes.append(t("plot.assumed", values=shown))
    filled = [n for n in zero_filled if isinstance(policy.facts[n].type, NUMERIC)]
    if filled:
        notes.append(t("plot.zero_filled", names="、".join(filled)))
    if len(axes) == 1:
        from policylang.tools.plot.curve import build_curve

        curve = build_curve(policy, plan, facts, overrides, axes[0], *ranges[0])
        notes.insert(0, t("plot.curve.subtitle", fact=axes[0], base=base))
        drawn = sum(1 for b in curve.breakpoints if b.step)
        if curve.step_count > drawn:
            notes.append(t("plot.steps_sampled", count=curve.step_count, drawn=drawn))
        spec = charts.curve_spec(curve, notes)
    else:
        from policylang.tools.plot.tiermap import build_map, counterexamples

        examples = counterexamples(policy_file, plan.citation, (axes[0], axes[1]))
        tier_map = build_map(policy, plan, facts, overrides, (axes[0], axes[1]), (ranges[0], ranges[1]), examples)
        notes[:0] = [t("plot.map.subtitle", x=axes[0], y=axes[1], base=base), t("plot.map.legend")]
        spec = charts.tiermap_spec(tier_map, notes)
    if output is None:
        click.echo(render.draw(spec, ".json").decode("utf-8"), nl=False)
    else:
        render.save(spec, output)


def setting_type(policy: ir.CompiledPolicy, name: str) -> Any:
    info = policy.params.get(name) or policy.facts.get(name)
    return info.type if info is not None else None


def defaults(policy: ir.CompiledPolicy) -> dict[str, Any]:
    """The base case when none is given: each fact's default (a list's is no items)."""
    return {n: f.default for n, f in policy.facts.items() if f.default is not ir.MISSING}


def chosen_clause(policy: ir.CompiledPolicy, citation: str | None) -> ir.ClausePlan:
    if not citation:
        first = policy.clauses[0].citation if policy.clauses else "一"
        raise PolicyError(
            Diagnostic("G015", Msg("plot.needs_clause"), suggestion=Msg("plot.needs_clause.hint", first=first))
        )
    found = policy.select(citation)
    if not found:
        raise PolicyError(unknown_clause(citation, policy))
    if len(found) > 1:
        from policylang.tools.plot.render import option_span

        cites = "、".join(p.citation for p in found)
        raise PolicyError(
            Diagnostic(
                "G010",
                Msg("plot.several_clauses", citation=citation, count=len(found), citations=cites),
                option_span("--clause", citation),
                suggestion=Msg("plot.several_clauses.hint", first=found[0].citation),
            )
        )
    return found[0]


def numeric_inputs(policy: ir.CompiledPolicy, plan: ir.ClausePlan) -> list[str]:
    """The single number facts the clause reads, in declared order: what --vary can name."""
    return [
        n
        for n, f in policy.facts.items()
        if n in plan.inputs and isinstance(f.type, NUMERIC) and not isinstance(f.type, ListOf)
    ]


def chosen_facts(policy: ir.CompiledPolicy, plan: ir.ClausePlan, vary: tuple[str, ...]) -> list[str]:
    from policylang.tools.plot.render import option_span

    readable = numeric_inputs(policy, plan)
    if not vary:
        raise PolicyError(
            Diagnostic(
                "G015",
                Msg("plot.needs_vary"),
                suggestion=Msg("plot.needs_vary.hint", name=readable[0] if readable else "…"),
                notes=(Msg("plot.facts_read", citation=plan.citation, names="、".join(readable)),),
            )
        )
    if len(vary) > 2:
        raise PolicyError(
            Diagnostic("G009", Msg("plot.too_many_axes", count=len(vary)), option_span("--vary", vary[2]))
        )
    listed = Msg("plot.facts_read", citation=plan.citation, names="、".join(readable))
    out = []
    for name in vary:
        span = option_span("--vary", name)
        info = policy.facts.get(name)
        if info is None:
            near = suggest(name, readable) or suggest(name, list(policy.facts))
            raise PolicyError(
                Diagnostic(
                    "G003", Msg("plot.unknown_fact", name=name), span, suggestion=did_you_mean(near), notes=(listed,)
                )
            )
        if isinstance(info.type, ListOf):
            raise PolicyError(Diagnostic("G004", Msg("plot.list_fact", name=name), span, notes=(listed,)))
        if not isinstance(info.type, NUMERIC):
            raise PolicyError(
                Diagnostic(
                    "G004", Msg("plot.not_a_number", name=name, type=info.type.describe()), span, notes=(listed,)
                )
            )
        if name not in plan.inputs:
            raise PolicyError(
                Diagnostic(
                    "G005",
                    Msg("plot.not_read", citation=plan.citation, name=name),
                    span,
                    suggestion=did_you_mean(suggest(name, readable)),
                    notes=(listed,),
                )
            )
        out.append(name)
    return out


def axis_range(
    policy: ir.CompiledPolicy, fact: str, i: int, start: tuple[str, ...], end: tuple[str, ...]
) -> tuple[Fraction, Fraction | None]:
    """--from / --to for the i-th --vary (the i-th of each), read as the fact's values are."""
    info = policy.facts[fact]
    lo = bound(info, "--from", start[i]) if i < len(start) else (info.range[0] if info.range else Fraction(0))
    # without --to: the fact's 取值 upper end where it has one, else past the last breakpoint (curve.py)
    hi = bound(info, "--to", end[i]) if i < len(end) else (info.range[1] if info.range else None)
    if hi is not None and lo >= hi:
        from policylang.tools.plot.render import option_span

        written = f"{start[i] if i < len(start) else value_text(lo, info.type)}"
        raise PolicyError(
            Diagnostic(
                "G007",
                Msg("plot.empty_range", start=written, end=end[i]),
                option_span("--to", end[i]),
                suggestion=Msg("plot.empty_range.hint"),
            )
        )
    return lo, hi


def bound(info: ir.FactInfo, option: str, text: str) -> Fraction:
    from policylang.readers.cases import example_for, scalar
    from policylang.tools.plot.render import option_span

    try:
        value = scalar(text, info.type, info.range)
    except ValueError as err:
        raise PolicyError(
            Diagnostic(
                "G006",
                Msg("plot.bad_bound", option=option, value=text, name=info.name, problem=str(err)),
                option_span(option, text),
                suggestion=getattr(err, "suggestion", None) or example_for(info.type),
            )
        ) from None
    return Fraction(value)
