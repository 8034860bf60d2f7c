"""Stage 5: show a result — a table of clauses, a full explanation, or stable JSON.

JSON schema (version 1), amounts as exact decimal strings in yuan:
    {"schema": "policylang.result/1", "policy": {...}, "total": "80000.00", "determinable": true,
     "assumed": {name: shown value}, "notes": [...],
     "clauses": [{"citation", "title", "status", "amount", "reason", "bound_cap", "raw",
                  "conditions": [{"text", "holds", "values": {name: shown}}],
                  "formula", "caps": [{"name", "scope", "limit", "before", "binds", "already_paid"}],
                  "items": [{"index", "label", "group", "amount", "raw", "counted", "reason"}],
                  "unspecified": [{"name", "note"}], "upper_bound", "adjustments", "readings", "quote"}]}
status is one of paid, zero, ineligible, undetermined, excluded.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from policylang.errors import display_width
from policylang.backends.exact import STATUS_WORDS, UNDETERMINED, ClauseResult, Result
from policylang.frontend.units import Money, money_text

SCHEMA = "policylang.result/1"


def decimal_text(value: Fraction | None) -> str | None:
    """Exact decimal string with two places for whole fen, more places only when needed."""
    if value is None:
        return None
    if (value * 100).denominator == 1:
        cents = value * 100
        sign = "-" if cents < 0 else ""
        whole, rest = divmod(abs(cents.numerator), 100)
        return f"{sign}{whole}.{rest:02d}"
    from policylang.frontend.units import fraction_text

    return fraction_text(value, 6).lstrip("≈")


def money(value: Fraction | None, result: Result) -> str:
    return "—" if value is None else money_text(value, result.policy.currency)


# ---------------------------------------------------------------------------- text table
def pad(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


def rpad(text: str, width: int) -> str:
    return " " * max(width - display_width(text), 0) + text


def table(result: Result) -> str:
    """One row per clause: citation, title, award, and the cap that bound or why nothing is paid."""
    header = ("条款", "事项", "金额", "说明")
    rows = [(c.citation, c.title, award_cell(c, result), c.reason) for c in result.clauses]
    widths = [max(display_width(r[i]) for r in [header, *rows]) for i in range(3)]
    lines = [title_line(result), ""]
    lines.append(
        "  ".join([pad(header[0], widths[0]), pad(header[1], widths[1]), rpad(header[2], widths[2]), header[3]])
    )
    lines.append("  ".join("─" * w for w in widths) + "  " + "─" * 8)
    for r in rows:
        lines.append("  ".join([pad(r[0], widths[0]), pad(r[1], widths[1]), rpad(r[2], widths[2]), r[3]]))
    lines.append("")
    lines.append(total_line(result))
    lines.extend(f"注：{n}" for n in result.notes)
    if result.assumed:
        lines.append("假定值（--set）：" + "，".join(f"{n} = {v}" for n, v in result.assumed))
    return "\n".join(lines)


def award_cell(c: ClauseResult, result: Result) -> str:
    if c.status == UNDETERMINED:
        return "不可确定"
    return money(c.amount, result)


def title_line(result: Result) -> str:
    p = result.policy
    parts = [p.title] + [x for x in (p.doc_number,) if x]
    return "  ".join(parts) + f"  （舍入：{p.rounding.describe()}）"


def total_line(result: Result) -> str:
    text = f"合计：{money(result.total, result)}"
    if not result.determinable:
        pending = [c.citation for c in result.clauses if c.status == UNDETERMINED]
        text += f"（另有 {'、'.join(pending)} 不可确定，未计入）"
    return text


# ---------------------------------------------------------------------------- explanation
def explain(result: Result) -> str:
    """Per clause: conditions with the facts that met or failed them, the formula with numbers,
    every cap considered and which bound, the reading, the citation and the quoted sentence."""
    blocks = [title_line(result)]
    for c in result.clauses:
        blocks.append(explain_clause(c, result))
    blocks.append(total_line(result))
    for n in result.notes:
        blocks.append(f"注：{n}")
    if result.assumed:
        blocks.append("假定值（--set，非政策原文）：" + "，".join(f"{n} = {v}" for n, v in result.assumed))
    return "\n\n".join(blocks)


def explain_clause(c: ClauseResult, result: Result) -> str:
    status = "" if c.status == UNDETERMINED else f"（{STATUS_WORDS[c.status]}）"
    lines = [f"【{c.citation}】{c.title}：{award_cell(c, result)}{status}"]
    if c.quote:
        lines.append(f"  原文：{c.quote}")
    for r in c.readings:
        lines.append(f"  解读：{r}")
    if c.conditions:
        lines.append("  条件：")
        for cond in c.conditions:
            mark = {True: "✓", False: "✗", None: "?"}[cond.holds]
            values = "，".join(f"{n} = {v}" for n, v in cond.values)
            lines.append(f"    {mark} {cond.text}" + (f"（{values}）" if values else ""))
    if c.formula:
        lines.append(f"  计算：{c.formula}" + (f" = {money(c.raw, result)}" if c.raw is not None else ""))
    for item in c.items:
        mark = "✓" if item.counted else "✗"
        label = f"第{item.index}项" + (f"（{item.label}）" if item.label else "")
        cap_note = "".join(f"，受“{ct.name}”{money(ct.limit, result)}限制" for ct in item.caps if ct.binds)
        amount = f"{money(item.raw, result)}" + (f" → {money(item.amount, result)}" if item.amount != item.raw else "")
        formula = f"{item.formula} = " if item.formula else ""
        lines.append(f"    {mark} {label}：{formula}{amount}{cap_note}；{item.reason}")
    if c.caps:
        lines.append("  上限：")
        for cap in c.caps:
            state = "起作用" if cap.binds else "未触及"
            paid = f"（累计上限扣除已获 {money(cap.already_paid, result)}）" if cap.already_paid is not None else ""
            lines.append(
                f"    {'▶' if cap.binds else '·'} {cap.name}：{money(cap.limit, result)}{paid}，"
                f"计算额 {money(cap.before, result)}，{state}"
            )
    for u_name, note in c.unspecified:
        lines.append(f"  未规定：{u_name}" + (f" — {note}" if note else ""))
    if c.upper_bound is not None:
        lines.append(f"  已知上限：最多 {money(c.upper_bound, result)}")
    for a in c.adjustments:
        lines.append(f"  调整：{a}")
    for name, shown in c.assumed:
        lines.append(f"  假定：{name} = {shown}（--set 给出，非原文）")
    lines.append(f"  结果：{c.reason}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------- JSON
def as_json(result: Result) -> dict[str, Any]:
    p = result.policy
    return {
        "schema": SCHEMA,
        "policy": {
            "title": p.title,
            "doc_number": p.doc_number,
            "issuer": p.issuer,
            "year": p.year,
            "currency": p.currency,
            "rounding": p.rounding.describe(),
            "file": p.source_name,
        },
        "total": decimal_text(result.total),
        "determinable": result.determinable,
        "assumed": dict(result.assumed),
        "notes": result.notes,
        "clauses": [clause_json(c) for c in result.clauses],
    }


def clause_json(c: ClauseResult) -> dict[str, Any]:
    return {
        "citation": c.citation,
        "title": c.title,
        "status": c.status,
        "amount": None if c.status == UNDETERMINED else decimal_text(c.amount),
        "reason": c.reason,
        "bound_cap": c.bound_cap,
        "raw": decimal_text(c.raw),
        "before_rules": decimal_text(c.before_rules) if c.status != UNDETERMINED else None,
        "conditions": [{"text": x.text, "holds": x.holds, "values": dict(x.values)} for x in c.conditions],
        "formula": c.formula,
        "caps": [
            {
                "name": x.name,
                "scope": x.scope,
                "limit": decimal_text(x.limit),
                "before": decimal_text(x.before),
                "binds": x.binds,
                "already_paid": decimal_text(x.already_paid),
            }
            for x in c.caps
        ],
        "items": [
            {
                "index": x.index,
                "label": x.label,
                "group": x.group,
                "amount": decimal_text(x.amount),
                "raw": decimal_text(x.raw),
                "counted": x.counted,
                "reason": x.reason,
                "formula": x.formula,
                "caps": [{"name": k.name, "limit": decimal_text(k.limit), "binds": k.binds} for k in x.caps],
            }
            for x in c.items
        ],
        "unspecified": [{"name": n, "note": note} for n, note in c.unspecified],
        "upper_bound": decimal_text(c.upper_bound),
        "adjustments": c.adjustments,
        "assumed": dict(c.assumed),
        "readings": list(c.readings),
        "quote": c.quote,
    }


def dumps(result: Result) -> str:
    return json.dumps(as_json(result), ensure_ascii=False, indent=2)


__all__ = ["table", "explain", "as_json", "dumps", "decimal_text", "Money"]
