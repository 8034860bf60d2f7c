"""The award curve misses no cliff: on every clause of both seed policies, for every number fact the
clause reads, the value eval gives at random points inside each drawn piece lies on that piece's
line, and the value at each marked breakpoint is the filled point's (issue 15: exact points, not
a sampled grid that could miss a cliff)."""

from __future__ import annotations

import json
import random
from fractions import Fraction

import pytest
from conftest import POLICIES

from policylang import load_policy
from policylang.backends.exact import evaluate
from policylang.compiler import ir
from policylang.frontend.units import Bool, ListOf, Money, Number, Quantity, Ratio

NUMERIC = (Money, Quantity, Ratio, Number)
SEEDS = ("jixi", "lianyungang")


def display_scale(spec: dict, axis: str) -> Fraction:
    """The axis unit the spec shows values in (万元, 亿元, %, or the fact's own unit)."""
    layer = next(layer for layer in spec["layer"] if layer["data"]["name"] == "line")
    title = layer["encoding"][axis]["title"]
    for word, scale in (("亿", Fraction(10**8)), ("万", Fraction(10**4)), ("%", Fraction(1, 100))):
        if f"（{word}" in title:
            return scale
    return Fraction(1)


def combinations() -> list[tuple[str, str, str]]:
    out = []
    for seed in SEEDS:
        policy = load_policy(POLICIES / f"{seed}.pol")
        for plan in policy.clauses:
            for name, fact in policy.facts.items():
                if name in plan.inputs and isinstance(fact.type, NUMERIC) and not isinstance(fact.type, ListOf):
                    out.append((seed, plan.citation, name))
    return out


@pytest.mark.parametrize(("seed", "citation", "fact"), combinations())
def test_eval_lies_on_the_drawn_curve(run, tmp_path, seed, citation, fact):
    path = POLICIES / f"{seed}.pol"
    policy = load_policy(path)
    # every 是否 fact 是, so conditions can hold and the curve has something to show
    base = {n: True for n, f in policy.facts.items() if isinstance(f.type, Bool)}
    case = tmp_path / "base.yaml"
    case.write_text("".join(f"{n}: 是\n" for n in base), encoding="utf-8")
    code, out, err = run("plot", path, "--clause", citation, "--vary", fact, "--case", case)
    assert code == 0, err
    spec = json.loads(out)
    xs, ys = display_scale(spec, "x"), display_scale(spec, "y")
    facts = {n: f.default for n, f in policy.facts.items() if f.default is not ir.MISSING}
    facts |= base
    for name in policy.clause(citation).inputs:
        facts.setdefault(name, Fraction(0))

    def paid(x: Fraction) -> Fraction:
        c = evaluate(policy, {**facts, fact: x}, {}, [citation]).clause(citation)
        assert c is not None
        return c.amount

    pieces: dict[int, list[dict]] = {}
    for p in spec["datasets"]["line"]:
        pieces.setdefault(p["piece"], []).append(p)
    rng = random.Random(f"{seed}{citation}{fact}")
    for a, b in pieces.values():
        x0, x1 = Fraction(a["x"]) * xs, Fraction(b["x"]) * xs
        y0, y1 = Fraction(a["y"]) * ys, Fraction(b["y"]) * ys
        for _ in range(4):
            x = x0 + (x1 - x0) * Fraction(rng.randint(1, 999), 1000)
            on_line = y0 + (y1 - y0) * (x - x0) / (x1 - x0) if x1 != x0 else y0
            # a fen of rounding, and the drawing's 6 decimal places of the display unit
            assert abs(paid(x) - on_line) <= Fraction(2, 100) + ys / 10**6 * 2, (citation, fact, x)
    for p in spec["datasets"]["closed"]:
        x = Fraction(p["x"]) * xs
        if abs(x - round(x)) < Fraction(1, 10**4):  # a breakpoint drawn at its exact value
            assert abs(paid(Fraction(round(x))) - Fraction(p["y"]) * ys) <= ys / 10**6 * 2, (citation, fact, x)


def test_each_cell_of_the_tier_map_pays_one_amount(run):
    """LYG 三(一)3's map: random points inside each rectangle get the award the cell shows (a cut
    missing on either axis would split a cell between two amounts)."""
    path = POLICIES / "lianyungang.pol"
    policy = load_policy(path)
    axes = ("服务跨境电商企业数", "平台跨境电商交易实绩")
    code, out, err = run(
        "plot",
        path,
        "--clause",
        "三(一)3",
        "--vary",
        axes[0],
        "--vary",
        axes[1],
        "--set",
        "为跨境电商综合服务平台企业=是",
    )
    assert code == 0, err
    spec = json.loads(out)
    facts = {n: f.default for n, f in policy.facts.items() if f.default is not ir.MISSING}
    facts["为跨境电商综合服务平台企业"] = True
    rng = random.Random("三(一)3")
    checked = 0
    for cell in spec["datasets"]["cells"]:
        for _ in range(3):
            firms = Fraction(rng.randint(int(cell["x"]) * 100 + 1, int(cell["x2"]) * 100 - 1), 100)
            trade = Fraction(cell["y"]) * 10**8 + (Fraction(cell["y2"]) - Fraction(cell["y"])) * 10**8 * Fraction(
                rng.randint(1, 999), 1000
            )
            firms = Fraction(firms.numerator // firms.denominator) if firms.denominator != 1 else firms
            if not cell["x"] < firms < cell["x2"]:
                continue
            c = evaluate(policy, {**facts, axes[0]: firms, axes[1]: trade}, {}, ["三(一)3"]).clause("三(一)3")
            assert c is not None and c.amount == Fraction(cell["award"]) * 10**4, (firms, trade, cell)
            checked += 1
    assert checked >= 2 * len(spec["datasets"]["cells"])
