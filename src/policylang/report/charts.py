"""Chart descriptions: one Vega-Lite specification per picture, built as plain data (dicts, lists,
numbers, strings), so a picture is golden-tested as JSON and drawn by any Vega-Lite renderer.

Every label comes from the catalogue in the language in force; the numbers are the exact values
the tools computed, shown in a display unit (万元 for large money) and rounded to 6 places for
drawing only — the exact values are in each point's tooltip text.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from policylang.frontend.units import Money, Quantity, Ratio, Type, fraction_text, money_text, value_text
from policylang.report.i18n import t

if TYPE_CHECKING:
    from policylang.tools.plot.curve import Curve
    from policylang.tools.plot.reports import BatchFigures, DiffFigures
    from policylang.tools.plot.tiermap import TierMap

Spec = dict[str, Any]

# The fonts tried for every label, first found first: a CJK family first (tools/plot/render.py
# registers the one the system has), so no label is drawn as empty boxes.
FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, WenQuanYi Micro Hei, sans-serif"
WIDTH, HEIGHT = 640, 360
AWARD_COLOR, GAP_COLOR, UNDETERMINED_COLOR = "#1f6fb4", "#d62728", "#8c8c8c"
TEN_THOUSAND = Fraction(10_000)
OUTCOME_COLORS = {
    "gain": "#2ca02c",
    "loss": "#d62728",
    "same": "#7f7f7f",
    "undetermined": "#c7c7c7",
    "not_applicable": "#e0e0e0",
}


def _num(x: Fraction) -> float:
    return round(float(x), 6)


def compact(value: Fraction, ty: Type | None = None) -> str:
    """A value as a label shows it, short as the texts write it: 5000万元, 10亿元, 0.8万元, 5000吨."""
    if ty is not None and not isinstance(ty, Money):
        return value_text(value, ty)
    currency = ty.currency if isinstance(ty, Money) else "元"
    for scale, word in ((TEN_THOUSAND**2, "亿"), (TEN_THOUSAND, "万")):
        if value and abs(value) >= scale and (value * 100) % scale == 0:
            return f"{fraction_text(value / scale)}{word}{currency}"
    return money_text(value, currency)


def round_fen(value: Fraction) -> Fraction:
    """An amount as a tooltip shows it: to the fen (the exact awards are whole fen already)."""
    return Fraction(round(value * 100), 100)


def config() -> Spec:
    return {
        "font": FONT,
        "view": {"stroke": None},
        "axis": {"labelFontSize": 11, "titleFontSize": 12, "grid": True, "gridOpacity": 0.4},
        "title": {"fontSize": 15, "subtitleFontSize": 11, "anchor": "start", "subtitleColor": "#555"},
    }


def money_scale(top: Fraction) -> tuple[Fraction, str]:
    """亿元 from 100 million yuan, 万元 from 10,000 yuan, else 元."""
    if top >= TEN_THOUSAND**2:
        return TEN_THOUSAND**2, "亿元"
    return (TEN_THOUSAND, "万元") if top >= TEN_THOUSAND else (Fraction(1), "元")


def axis_scale(ty: Type, top: Fraction) -> tuple[Fraction, str]:
    """The display unit of a fact's axis: 万元 / 元, the quantity's unit, or % for a rate."""
    if isinstance(ty, Money):
        scale, unit = money_scale(top)
        return scale, unit.replace("元", ty.currency) if ty.currency != "元" else unit
    if isinstance(ty, Quantity):
        return Fraction(1), ty.unit
    if isinstance(ty, Ratio):
        return Fraction(1, 100), "%"
    return Fraction(1), ""


# ---------------------------------------------------------------------------- the award curve
def curve_spec(curve: Curve, notes: list[str]) -> Spec:
    """The award of one clause along one fact: pieces, cliffs with filled (the breakpoint's own
    value) and hollow (the other side's) ends, thresholds with 含/不含, caps where they bind, tier
    gaps and not-determinable stretches as bands."""
    from policylang.compiler.ir import Status

    ty = curve.fact_type
    xs, xunit = axis_scale(ty, max(abs(curve.lo), abs(curve.hi)))
    top = max([b.at.amount for b in curve.breakpoints] + [p.middle.upper_bound or 0 for p in curve.pieces] + [1])
    ys, yunit = money_scale(Fraction(top))

    def px(v: Fraction) -> float:
        return _num(v / xs)

    def py(v: Fraction) -> float:
        return _num(v / ys)

    def point(x: Fraction, y: Fraction, status: str) -> dict[str, Any]:
        return {
            "x": px(x),
            "y": py(y),
            "fact": value_text(x, ty),
            "award": money_text(round_fen(y)),
            "status": t(f"plot.status.{status}"),
        }

    line: list[dict[str, Any]] = []
    bands: list[dict[str, Any]] = []
    paying = [i for i, p in enumerate(curve.pieces) if p.middle.status == Status.PAID and p.middle.amount > 0]
    for i, p in enumerate(curve.pieces):
        if p.middle.status == Status.UNDETERMINED:
            bound = p.middle.upper_bound
            label = (
                t("plot.band.undetermined_bound", bound=compact(bound))
                if bound is not None
                else t("plot.band.undetermined")
            )
            bands.append(
                {
                    "x": px(p.start),
                    "x2": px(p.end),
                    "y": 0,
                    "y2": py(bound if bound is not None else Fraction(top)),
                    "kind": "undetermined",
                    "label": label,
                }
            )
            continue
        # a larger value gets 0 where a smaller one is paid: the gap check's TIER001 finds, on this line
        if curve.tiered and p.middle.amount == 0 and paying and paying[0] < i:
            bands.append(
                {
                    "x": px(p.start),
                    "x2": px(p.end),
                    "y": 0,
                    "y2": py(Fraction(top)),
                    "kind": "gap",
                    "label": t("plot.band.gap"),
                }
            )
        line.append({"piece": i, **point(p.start, p.y_start, p.middle.status)})
        line.append({"piece": i, **point(p.end, p.y_end, p.middle.status)})
    cliffs, closed, hollow, marks, caps = [], [], [], [], []
    previous_cap: str | None = None
    for k, b in enumerate(curve.breakpoints):
        # the limits from either side, from the pieces' exact lines; a piece not determinable has none
        left = curve.pieces[k - 1] if k > 0 else None
        right = curve.pieces[k] if k < len(curve.pieces) else None
        sides = [
            (y, p.middle.status)
            for p, y in ((left, left.y_end if left else None), (right, right.y_start if right else None))
            if p is not None and y is not None and p.middle.status != Status.UNDETERMINED
        ]
        own = b.at.unrounded
        jumps = [(y, status) for y, status in sides if y != own]
        if b.at.status != Status.UNDETERMINED and (jumps or b.threshold is not None):
            values = [own, *(y for y, _ in jumps)]
            if jumps:
                cliffs.append({"x": px(b.x), "y": py(min(values)), "y2": py(max(values))})
            closed.append(point(b.x, own, b.at.status))
            hollow += [point(b.x, y, status) for y, status in jumps]
        if b.threshold is not None:
            marks.append({"x": px(b.x), "label": t("plot.threshold", value=compact(b.x, ty), words=b.threshold.word)})
        binding = (b.above or b.at).bound_cap if b.x < curve.hi else None
        if binding and binding != previous_cap:
            caps.append({"x": px(b.x), "y": py((b.above or b.at).amount), "label": t("plot.cap.binds", name=binding)})
        previous_cap = binding
    x_title = t("plot.axis.fact", fact=curve.fact, unit=xunit) if xunit else curve.fact
    x_enc = {
        "field": "x",
        "type": "quantitative",
        "title": x_title,
        "scale": {"domain": [px(curve.lo), px(curve.hi)], "nice": False},
    }
    y_enc = {"field": "y", "type": "quantitative", "title": t("plot.axis.award", unit=yunit)}
    tooltip = [
        {"field": "fact", "title": t("plot.tooltip.fact")},
        {"field": "award", "title": t("plot.tooltip.award")},
        {"field": "status", "title": t("plot.tooltip.status")},
    ]
    layers: list[Spec] = []
    if bands:
        layers.append(
            {
                "data": {"name": "bands"},
                "mark": {"type": "rect", "opacity": 0.18},
                "encoding": {
                    "x": x_enc,
                    "x2": {"field": "x2"},
                    "y": {"field": "y", "type": "quantitative"},
                    "y2": {"field": "y2"},
                    "color": {
                        "field": "kind",
                        "type": "nominal",
                        "scale": {"domain": ["gap", "undetermined"], "range": [GAP_COLOR, UNDETERMINED_COLOR]},
                        "legend": None,
                    },
                },
            }
        )
        layers.append(
            {
                "data": {"name": "bands"},
                "mark": {"type": "text", "align": "center", "baseline": "top", "dy": 6, "fontSize": 11},
                "encoding": {
                    "x": {"field": "middle", "type": "quantitative"},
                    "y": {"field": "y2", "type": "quantitative"},
                    "text": {"field": "label"},
                    "color": {"field": "kind", "type": "nominal", "legend": None},
                },
                "transform": [{"calculate": "(datum.x + datum.x2) / 2", "as": "middle"}],
            }
        )
    if marks:
        layers.append(
            {
                "data": {"name": "thresholds"},
                "mark": {"type": "rule", "strokeDash": [4, 3], "color": "#999"},
                "encoding": {"x": {"field": "x", "type": "quantitative"}},
            }
        )
        layers.append(
            {
                "data": {"name": "thresholds"},
                "mark": {
                    "type": "text",
                    "angle": 270,
                    "align": "right",
                    "baseline": "bottom",
                    "dx": -4,
                    "dy": -3,
                    "fontSize": 10,
                    "color": "#555",
                },
                "encoding": {
                    "x": {"field": "x", "type": "quantitative"},
                    "y": {"value": 0},
                    "text": {"field": "label"},
                },
            }
        )
    layers.append(
        {
            "data": {"name": "line"},
            "mark": {"type": "line", "color": AWARD_COLOR, "strokeWidth": 2.5},
            "encoding": {"x": x_enc, "y": y_enc, "detail": {"field": "piece", "type": "nominal"}, "tooltip": tooltip},
        }
    )
    if cliffs:
        layers.append(
            {
                "data": {"name": "cliffs"},
                "mark": {"type": "rule", "color": AWARD_COLOR, "strokeDash": [2, 2], "strokeWidth": 1.5},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative"},
                    "y": {"field": "y", "type": "quantitative"},
                    "y2": {"field": "y2"},
                },
            }
        )
    for name, filled in (("closed", True), ("hollow", False)):
        if closed if filled else hollow:
            layers.append(
                {
                    "data": {"name": name},
                    "mark": {
                        "type": "point",
                        "filled": filled,
                        "size": 70,
                        "color": AWARD_COLOR,
                        "fill": AWARD_COLOR if filled else "white",
                        "opacity": 1,
                        "strokeWidth": 2,
                    },
                    "encoding": {
                        "x": {"field": "x", "type": "quantitative"},
                        "y": {"field": "y", "type": "quantitative"},
                        "tooltip": tooltip,
                    },
                }
            )
    if caps:
        layers.append(
            {
                "data": {"name": "caps"},
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": "bottom",
                    "dx": 4,
                    "dy": -6,
                    "fontSize": 11,
                    "color": "#b35900",
                },
                "encoding": {
                    "x": {"field": "x", "type": "quantitative"},
                    "y": {"field": "y", "type": "quantitative"},
                    "text": {"field": "label"},
                },
            }
        )
    subtitle = [line_ for line_ in notes if line_] + ([t("plot.legend.points")] if hollow else [])
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": t("plot.curve.title", citation=curve.citation, title=curve.title), "subtitle": subtitle},
        "width": WIDTH,
        "height": HEIGHT,
        "config": config(),
        "datasets": {
            "line": line,
            "cliffs": cliffs,
            "closed": closed,
            "hollow": hollow,
            "thresholds": marks,
            "caps": caps,
            "bands": bands,
        },
        "layer": layers,
    }


# ---------------------------------------------------------------------------- the tier map
def tiermap_spec(tier_map: TierMap, notes: list[str]) -> Spec:
    """Rectangles per tier cell from the breakpoints of both axes, colour = award; gaps framed in red,
    overlapping tiers named, check's counterexamples marked ×."""
    xs, xunit = axis_scale(tier_map.x_type, max(abs(tier_map.x_edges[0]), abs(tier_map.x_edges[-1])))
    ys, yunit = axis_scale(tier_map.y_type, max(abs(tier_map.y_edges[0]), abs(tier_map.y_edges[-1])))
    top = max([c.amount for c in tier_map.cells] + [Fraction(1)])
    ms, munit = money_scale(top)
    cells = []
    for c in tier_map.cells:
        if c.rows:
            label = (
                t("plot.map.tier", n=c.rows[0])
                if len(c.rows) == 1
                else t("plot.map.overlap", rows="、".join(map(str, c.rows)))
            )
        else:
            label = t("plot.map.no_tier")
        cells.append(
            {
                "x": _num(c.x0 / xs),
                "x2": _num(c.x1 / xs),
                "y": _num(c.y0 / ys),
                "y2": _num(c.y1 / ys),
                "award": _num(c.amount / ms),
                "award_text": money_text(c.amount) if c.status != "undetermined" else t("plot.status.undetermined"),
                "tier": label,
                "gap": c.gap,
                "gap_label": t("plot.map.gap"),
                "overlap": len(c.rows) > 1,
                "at": f"{value_text(c.x, tier_map.x_type)}, {value_text(c.y, tier_map.y_type)}",
            }
        )
    examples = [
        {"x": _num(e.x / xs), "y": _num(e.y / ys), "label": t("plot.map.counterexample", code=e.code), "title": e.title}
        for e in tier_map.examples
    ]
    x_title = t("plot.axis.fact", fact=tier_map.x_fact, unit=xunit) if xunit else tier_map.x_fact
    y_title = t("plot.axis.fact", fact=tier_map.y_fact, unit=yunit) if yunit else tier_map.y_fact
    x_enc = {
        "field": "x",
        "type": "quantitative",
        "title": x_title,
        "scale": {"domain": [_num(tier_map.x_edges[0] / xs), _num(tier_map.x_edges[-1] / xs)], "nice": False},
    }
    y_enc = {
        "field": "y",
        "type": "quantitative",
        "title": y_title,
        "scale": {"domain": [_num(tier_map.y_edges[0] / ys), _num(tier_map.y_edges[-1] / ys)], "nice": False},
    }
    tooltip = [
        {"field": "at", "title": t("plot.tooltip.fact")},
        {"field": "award_text", "title": t("plot.tooltip.award")},
        {"field": "tier", "title": t("plot.map.row")},
    ]
    layers: list[Spec] = [
        {
            "data": {"name": "cells"},
            "mark": {"type": "rect", "stroke": "white", "strokeWidth": 1},
            "encoding": {
                "x": x_enc,
                "x2": {"field": "x2"},
                "y": y_enc,
                "y2": {"field": "y2"},
                "color": {
                    "field": "award",
                    "type": "quantitative",
                    "title": t("plot.axis.award", unit=munit),
                    "scale": {"scheme": "blues", "domainMin": 0},
                },
                "tooltip": tooltip,
            },
        },
        {
            "data": {"name": "cells"},
            "transform": [{"filter": "datum.gap || datum.overlap"}],
            "mark": {"type": "rect", "fill": None, "stroke": GAP_COLOR, "strokeWidth": 2.5},
            "encoding": {
                "x": {"field": "x", "type": "quantitative"},
                "x2": {"field": "x2"},
                "y": {"field": "y", "type": "quantitative"},
                "y2": {"field": "y2"},
            },
        },
        {
            "data": {"name": "cells"},
            # the label in the cell's top left corner: the centre is where check's counterexamples fall
            "transform": [{"calculate": "datum.gap ? datum.gap_label : datum.tier", "as": "shown"}],
            "mark": {"type": "text", "fontSize": 11, "align": "left", "baseline": "top", "dx": 5, "dy": 5},
            "encoding": {
                "x": {"field": "x", "type": "quantitative"},
                "y": {"field": "y2", "type": "quantitative"},
                "text": {"field": "shown"},
                "color": {
                    "condition": [
                        {"test": "datum.gap", "value": GAP_COLOR},
                        {"test": f"datum.award >= {_num(top / ms / 2)}", "value": "white"},
                    ],
                    "value": "#222",
                },
            },
        },
    ]
    if examples:
        layers += [
            {
                "data": {"name": "examples"},
                "mark": {
                    "type": "point",
                    "shape": "cross",
                    "size": 140,
                    "color": GAP_COLOR,
                    "filled": True,
                    "angle": 45,
                },
                "encoding": {
                    "x": {"field": "x", "type": "quantitative"},
                    "y": {"field": "y", "type": "quantitative"},
                    "tooltip": [{"field": "title"}],
                },
            },
            {
                "data": {"name": "examples"},
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": "top",
                    "dx": 8,
                    "dy": 6,
                    "fontSize": 10,
                    "color": GAP_COLOR,
                },
                "encoding": {
                    "x": {"field": "x", "type": "quantitative"},
                    "y": {"field": "y", "type": "quantitative"},
                    "text": {"field": "label"},
                },
            },
        ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {
            "text": t("plot.curve.title", citation=tier_map.citation, title=tier_map.title),
            "subtitle": [n for n in notes if n],
        },
        "width": WIDTH,
        "height": HEIGHT + 60,
        "config": config(),
        "datasets": {"cells": cells, "examples": examples},
        "layer": layers,
    }


# ---------------------------------------------------------------------------- batch --report
def batch_spec(f: BatchFigures) -> Spec:
    """Budget exposure: the distribution of awards, each clause's cost (paid, and at most what its
    undetermined enterprises could add) against the fund line, and the enterprises not determinable."""
    top = max([f.total, *(a for _, a in f.funds), *(c.paid + c.undetermined_at_most for c in f.clauses), Fraction(1)])
    ms, munit = money_scale(top)
    bs, bunit = money_scale(max([hi for _, hi, _ in f.bins] + [Fraction(1)]))
    bins = [
        {"x": _num(lo / bs), "x2": _num(hi / bs), "n": n, "range": f"{money_text(lo)} – {money_text(hi)}"}
        for lo, hi, n in f.bins
    ]
    cost: list[dict[str, Any]] = []
    for order, c in enumerate(f.clauses):
        name = f"{c.citation} {c.title}"
        cost.append(
            {
                "clause": name,
                "order": order,
                "kind": t("plot.batch.kind.paid"),
                "amount": _num(c.paid / ms),
                "text": money_text(c.paid),
            }
        )
        if c.undetermined_at_most:
            cost.append(
                {
                    "clause": name,
                    "order": order,
                    "kind": t("plot.batch.kind.undetermined"),
                    "amount": _num(c.undetermined_at_most / ms),
                    "text": money_text(c.undetermined_at_most),
                }
            )
    cost.append(
        {
            "clause": t("plot.batch.total"),
            "order": len(f.clauses),
            "kind": t("plot.batch.kind.paid"),
            "amount": _num(f.total / ms),
            "text": money_text(f.total),
        }
    )
    funds = [{"amount": _num(a / ms), "label": t("plot.batch.fund", name=n, amount=compact(a))} for n, a in f.funds]
    undetermined = [{"clause": f"{c.citation} {c.title}", "n": c.undetermined} for c in f.clauses if c.undetermined]
    kinds = [t("plot.batch.kind.paid"), t("plot.batch.kind.undetermined")]
    panels: list[Spec] = []
    if bins:
        panels.append(
            {
                "title": t("plot.batch.distribution", count=f.recipients),
                "width": WIDTH,
                "height": 200,
                "data": {"name": "bins"},
                "mark": {"type": "bar", "color": AWARD_COLOR, "binSpacing": 1},
                "encoding": {
                    "x": {
                        "field": "x",
                        "type": "quantitative",
                        "bin": {"binned": True},
                        "title": t("plot.axis.award", unit=bunit),
                    },
                    "x2": {"field": "x2"},
                    "y": {
                        "field": "n",
                        "type": "quantitative",
                        "title": t("plot.batch.enterprises"),
                        "axis": {"tickMinStep": 1, "format": "d"},
                    },
                    "tooltip": [
                        {"field": "range", "title": t("plot.tooltip.award")},
                        {"field": "n", "title": t("plot.batch.enterprises")},
                    ],
                },
            }
        )
    cost_layers: list[Spec] = [
        {
            "data": {"name": "cost"},
            "mark": {"type": "bar"},
            "encoding": {
                "y": {
                    "field": "clause",
                    "type": "nominal",
                    "sort": {"field": "order", "op": "min"},
                    "title": t("plot.batch.clause"),
                },
                "x": {
                    "field": "amount",
                    "type": "quantitative",
                    "stack": "zero",
                    "title": t("plot.batch.cost_axis").replace("万元", munit),
                },
                "color": {
                    "field": "kind",
                    "type": "nominal",
                    "title": t("plot.batch.kind"),
                    "scale": {"domain": kinds, "range": [AWARD_COLOR, "#c7c7c7"]},
                },
                "tooltip": [
                    {"field": "clause"},
                    {"field": "kind"},
                    {"field": "text", "title": t("plot.tooltip.award")},
                ],
            },
        }
    ]
    if funds:
        cost_layers += [
            {
                "data": {"name": "funds"},
                "mark": {"type": "rule", "color": GAP_COLOR, "strokeWidth": 2},
                "encoding": {"x": {"field": "amount", "type": "quantitative"}},
            },
            {
                "data": {"name": "funds"},
                "mark": {
                    "type": "text",
                    "color": GAP_COLOR,
                    "align": "right",
                    "dx": -4,
                    "baseline": "top",
                    "fontSize": 11,
                },
                "encoding": {
                    "x": {"field": "amount", "type": "quantitative"},
                    "y": {"value": 2},
                    "text": {"field": "label"},
                },
            },
        ]
    panels.append({"title": t("plot.batch.cost"), "width": WIDTH, "layer": cost_layers})
    if undetermined:
        panels.append(
            {
                "title": t("plot.batch.undetermined"),
                "width": WIDTH,
                "data": {"name": "undetermined"},
                "mark": {"type": "bar", "color": UNDETERMINED_COLOR},
                "encoding": {
                    "y": {"field": "clause", "type": "nominal", "sort": None, "title": t("plot.batch.clause")},
                    "x": {
                        "field": "n",
                        "type": "quantitative",
                        "title": t("plot.batch.enterprises"),
                        "axis": {"tickMinStep": 1, "format": "d"},
                    },
                },
            }
        )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {
            "text": t("plot.batch.title", title=f.title),
            "subtitle": [
                t("plot.batch.subtitle", source=f.source, count=f"{f.enterprises:,}", total=money_text(f.total))
            ],
        },
        "config": config(),
        "datasets": {"bins": bins, "cost": cost, "funds": funds, "undetermined": undetermined},
        "vconcat": panels,
        "spacing": 30,
        "resolve": {"scale": {"color": "independent"}},
    }


# ---------------------------------------------------------------------------- diff --report
def diff_spec(f: DiffFigures) -> Spec:
    """A waterfall from the old total through each clause's change to the new total, and the
    enterprises that gain, lose or stay the same."""
    running = f.old_total
    steps: list[dict[str, Any]] = [_step(0, t("plot.diff.old_total"), Fraction(0), running, "total")]
    for i, (citation, title, change) in enumerate(f.changes, 1):
        steps.append(_step(i, f"{citation} {title}", running, running + change, "up" if change > 0 else "down", change))
        running += change
    steps.append(_step(len(steps), t("plot.diff.new_total"), Fraction(0), f.new_total, "total"))
    top = max([abs(s["_hi"]) for s in steps] + [Fraction(1)])
    ms, munit = money_scale(top)
    for s in steps:
        s["start"], s["end"] = _num(s.pop("_lo") / ms), _num(s.pop("_hi") / ms)
    kinds = [t("plot.diff.total"), t("plot.diff.up"), t("plot.diff.down")]
    outcomes = [{"outcome": t(f"plot.diff.outcome.{k}"), "n": n} for k, n in f.outcomes if n]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {
            "text": t("plot.diff.title", old=f.old_title, new=f.new_title),
            "subtitle": [
                t("plot.diff.subtitle", count=f.cases, old=money_text(f.old_total), new=money_text(f.new_total))
            ],
        },
        "config": config(),
        "datasets": {"steps": steps, "outcomes": outcomes},
        "vconcat": [
            {
                "title": t("plot.diff.waterfall"),
                "width": WIDTH,
                "height": HEIGHT,
                "data": {"name": "steps"},
                "layer": [
                    {
                        "mark": {"type": "bar", "size": 36},
                        "encoding": {
                            "x": {
                                "field": "step",
                                "type": "nominal",
                                "sort": {"field": "order"},
                                "title": t("plot.diff.step"),
                                "axis": {"labelAngle": -30, "labelLimit": 200},
                            },
                            "y": {
                                "field": "start",
                                "type": "quantitative",
                                "title": t("plot.diff.amount").replace("万元", munit),
                            },
                            "y2": {"field": "end"},
                            "color": {
                                "field": "kind",
                                "type": "nominal",
                                "title": t("plot.diff.change"),
                                "scale": {"domain": kinds, "range": ["#7f7f7f", "#2ca02c", GAP_COLOR]},
                            },
                            "tooltip": [{"field": "step"}, {"field": "text", "title": t("plot.diff.change")}],
                        },
                    },
                    {
                        "mark": {"type": "text", "baseline": "bottom", "dy": -4, "fontSize": 11},
                        "encoding": {
                            "x": {"field": "step", "type": "nominal", "sort": {"field": "order"}},
                            "y": {"field": "top", "type": "quantitative"},
                            "text": {"field": "text"},
                        },
                        "transform": [{"calculate": "max(datum.start, datum.end)", "as": "top"}],
                    },
                ],
            },
            {
                "title": t("plot.diff.outcomes"),
                "width": WIDTH,
                "data": {"name": "outcomes"},
                "mark": {"type": "bar"},
                "encoding": {
                    "y": {"field": "outcome", "type": "nominal", "sort": None, "title": t("plot.diff.outcome")},
                    "x": {
                        "field": "n",
                        "type": "quantitative",
                        "title": t("plot.diff.enterprises"),
                        "axis": {"tickMinStep": 1, "format": "d"},
                    },
                    "color": {
                        "field": "outcome",
                        "type": "nominal",
                        "legend": None,
                        "scale": {
                            "domain": [t(f"plot.diff.outcome.{k}") for k in OUTCOME_COLORS],
                            "range": list(OUTCOME_COLORS.values()),
                        },
                    },
                },
            },
        ],
        "spacing": 30,
        "resolve": {"scale": {"color": "independent"}},
    }


def _step(
    order: int, name: str, lo: Fraction, hi: Fraction, kind: str, change: Fraction | None = None
) -> dict[str, Any]:
    shown = money_text(hi) if change is None else ("+" if change > 0 else "") + money_text(change)
    return {"order": order, "step": name, "kind": t(f"plot.diff.{kind}"), "text": shown, "_lo": lo, "_hi": hi}
