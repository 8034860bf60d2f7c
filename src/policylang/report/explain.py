"""Stage 5: show a result — a table of clauses, a full explanation, or stable JSON — in zh or en.

The evaluator (backends/exact.py) returns structured data only; every sentence is made here, from
the message catalogue (catalogue/explain.py), in the language in force. The policy's own words
(citations, titles, 原文, 解读, conditions and formulas as written, names) are shown as written.

JSON schema `policylang.result/2` (changed from /1: vocabularies are English identifiers, the
evaluator's events are included as data, and every sentence is an optional rendered `*_text`
field in the language requested), amounts as exact decimal strings in yuan:
    {"schema": "policylang.result/2", "language": "zh" | "en",
     "policy": {"title", "doc_number", "issuer", "year", "currency",
                "rounding": {"mode": "half_up" | "down" | "up" | "half_even", "unit": "fen" | "jiao" | "yuan"},
                "file"},
     "total": "80000.00", "determinable": true,
     "missing_facts": [{"name", "clauses": [citation, ...], "example": "上年贸易额: 1.2万元"}],
     "assumed": {name: shown value},
     "events": [{"kind": "exclusive_kept" | "rivals_undetermined" | "group_cap_failed" | "group_cap_exceeded",
                 "group", ...}], "notes": [rendered events],
     "warnings": [{"code", "severity", "message", "file", "line", "column", "end_line", "end_column",
                   "citation", "suggestion"}]  (load warnings such as W201, in place of text on stderr),
     "clauses": [{"citation", "title", "status", "amount",
                  "reason": {"kind": "by_formula" | "capped" | "zero_amount" | "failed_condition" | "unspecified"
                             | "needs_facts" | "needs_rank" | "evaluation_failed" | "kept_other" | "bound_too_low" | "rival_undetermined"
                             | "group_cap_shared" | "group_cap_limit_open" | "exclusive_limit_open" | "choice_kept" | "choice_open"
                             | "other_funds_applied" | "other_funds_open"
                             | "group_cap_failed" | "group_cap_used_up", ...its fields;
                             a tier gap's zero_amount adds "nearest_tier": null | {"tier", "quantity",
                             "value", "bound", "inclusive", "side": "below" | "above", "gap",
                             "distance_text"}},
                  "reason_text", "bound_cap", "bound_group_key", "raw", "before_rules",
                  "conditions": [{"text", "holds", "values": {name: shown | null}}],
                  "formula" (rendered), "formula_source" (as written), "formula_values": {name: shown | null},
                  "caps": [{"name", "scope": "per_item" | "per_group" | "clause" | "cumulative", "group_by",
                            "group_key", "limit", "before", "binds", "already_paid"}],
                  "items": [{"index", "label", "group", "amount", "raw", "counted",
                             "outcome": "counted" | "counted_negative" | "failed_condition" | "over_limit",
                             "failed_condition", "negative", "limit", "reason_text", "formula", "caps"}],
                  "unspecified": [{"name", "note"}], "upper_bound",
                  "events": [{"kind": "negative_to_zero" | "excluded_for" | "undetermined_by_rivals" | "undetermined_by_share"
                              | "not_doubled" | "other_funds_reduced"
                              | "group_cap_unavailable" | "group_cap_reduced", ...}], "events_text",
                  "assumed", "readings", "quote",
                  "groups": [{"kind": "no_double" | "exclusive" | "other_funds" | "group_cap", "name", "members"}],
                  "full_evaluation": {"status", "amount", "reason", "text"} | null, "groups_text"}]}
status is one of paid, zero, ineligible, undetermined, excluded. `missing_facts`, `groups`,
`full_evaluation` and `groups_text` were added within /2 (additive), and, only on a clause that reads
another's amount (金额(一2)), `references: [{"citation", "amount", "clauses": [{"citation", "status",
"amount"}]}]` (amounts null where not determinable; reason kind `reference_undetermined`
{"clauses", "facts", "params"} when it is not determinable because of one): the facts the case lacks whose
value can change a result (eval then exits 2, writing a policylang.errors/1 document of the K020s with
this one as its `result`), and for --clause on a clause that a cross-clause rule ties to
others, what the evaluation of every clause gives it (`groups` is [] and the rest null otherwise). An EvaluationError inside an event
is {"key": catalogue key, "message": rendered}.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from policylang.backends import exact as x
from policylang.backends.exact import UNDETERMINED, ClauseResult, Result
from policylang.compiler import ir
from policylang.errors import Diagnostic, display_width
from policylang.frontend.units import Bool, ListOf, Money, money_text, value_text
from policylang.report.i18n import current_language, t
from policylang.semantics import decide

SCHEMA = "policylang.result/2"


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


def status_word(status: str) -> str:
    """paid → 给予 / paid, in the language in force."""
    return t(f"status.{status}")


def listed(names: tuple[str, ...] | list[str]) -> str:
    return t("explain.list_sep").join(names)


def rounding_text(rule: ir.Rounding) -> str:
    return t("rounding.rule", mode=t(f"rounding.{rule.mode.identifier}"), unit=t(f"unit.{rule.unit.identifier}"))


def reading_text(r: x.Reading | None) -> str | None:
    """A value read, as shown to a drafter (None where it cannot be computed)."""
    if r is None:
        return None
    if isinstance(r.value, x.Unknown) and r.value.facts:
        return t("explain.not_given")
    if r.unspecified:
        return t("explain.unspecified")
    if isinstance(r.type, Bool):
        return t("explain.yes" if r.value else "explain.no")
    if isinstance(r.type, ListOf):
        return t("explain.items_count", count=len(r.value))  # type: ignore[arg-type]
    return value_text(r.value, r.type)


# ---------------------------------------------------------------------------- formulas
def _named(name: str, r: x.Reading | None) -> str:
    shown = reading_text(r)
    return name if shown is None else f"{name}({shown})"


def _binary(f: x.FBinary) -> str:
    left, right = formula_text(f.left), formula_text(f.right)
    return f"{f'({left})' if f.wrap_left else left} {f.op} {f'({right})' if f.wrap_right else right}"


_EXTREME_WORDS = {ir.ExtremeOp.MIN: "最小", ir.ExtremeOp.MAX: "最大"}  # the language's own words


def _tier_chosen(f: x.FTierChosen) -> str:
    condition = f.condition if f.condition is not None else t("formula.tier_other")
    return t("formula.tier_chosen", condition=condition, amount=formula_text(f.amount))


FORMULA_TEXT: dict[type, Callable[[Any], str]] = {
    x.FText: lambda f: f.text,
    x.FName: lambda f: _named(f.name, f.reading),
    x.FBinary: _binary,
    x.FExtreme: lambda f: f"{_EXTREME_WORDS[f.op]}(" + ", ".join(formula_text(a) for a in f.args) + ")",
    x.FSteps: lambda f: f"按 {formula_text(f.base)} 每满 {formula_text(f.step)} 给予 {formula_text(f.amount)}",
    x.FChosen: lambda f: t(
        "formula.chosen",
        branch=formula_text(f.branch),
        condition=f.condition,
        truth=t("explain.yes" if f.holds else "explain.no"),
    ),
    x.FLookup: lambda f: _named(f"{f.table}({formula_text(f.key)})", f.value),
    x.FDays: lambda f: _named(f"天数({formula_text(f.start)}, {formula_text(f.end)})", f.value),
    x.FAggregate: lambda f: _named(f.text or "合计", f.value),
    x.FTierPending: lambda f: (
        t("formula.tier_pending_facts", facts=listed(f.facts))
        if f.facts
        else t("formula.tier_pending", params=listed(f.params))
    ),
    x.FTierChosen: _tier_chosen,
    x.FTierNone: lambda f: t("formula.tier_none"),
    x.FItems: lambda f: t("formula.items", items=f.items, award=f.award),
    x.FClause: lambda f: _named(f"金额({f.citation})", f.value),
}


def formula_text(f: x.Formula) -> str:
    """The formula as written, each name followed by its value: 50% × 展位费(12,000.00元)."""
    return FORMULA_TEXT[type(f)](f)


def formula_values(f: x.Formula | None) -> dict[str, str | None]:
    """The names the formula read and their values, in the order written."""
    out: dict[str, str | None] = {}

    def visit(node: object) -> None:
        if isinstance(node, x.FName) and node.reading is not None:
            out.setdefault(node.name, reading_text(node.reading))
        if isinstance(node, x.FClause) and node.value is not None:  # 金额(一2): by the name it is written with
            out.setdefault(node.value.name, reading_text(node.value))
        if dataclasses.is_dataclass(node):
            for fld in dataclasses.fields(node):
                value = getattr(node, fld.name)
                for child in value if isinstance(value, tuple) else (value,):
                    visit(child)

    visit(f)
    return out


# ---------------------------------------------------------------------------- sentences
def cap_name(name: str, group_by: str | None, key: str | None) -> str:
    """A cap as named in the text; a per-group cap with the group it applied to."""
    return name if group_by is None else t("explain.cap_group", cap=name, group_by=group_by, key=key)


def _money_policy(result: Result) -> Callable[[Fraction], str]:
    return lambda v: money_text(v, result.policy.currency)


REASON_TEXT: dict[type, Callable[[Any, Callable[[Fraction], str]], str]] = {
    x.FailedCondition: lambda r, m: t("reason.failed_condition", condition=r.condition),
    x.ZeroAmount: lambda r, m: t("reason.zero_amount"),
    x.ByFormula: lambda r, m: t("reason.by_formula"),
    x.Capped: lambda r, m: t("reason.capped", cap=cap_name(r.cap, r.group_by, r.group_key)),
    x.Unspecified: lambda r, m: t("reason.unspecified", names=listed(r.params), first=r.params[0]),
    x.NeedsFacts: lambda r, m: t("reason.needs_facts", names=listed([f"“{n}”" for n in r.facts])),
    x.NeedsRank: lambda r, m: t(
        "rank.reason.needs_rank", names=listed([f"“{n}”" for n in r.ranks]), example=f"{r.ranks[0]}: 1"
    ),
    x.EvaluationFailed: lambda r, m: str(r.error),
    x.ReferenceUndetermined: lambda r, m: reference_reason_text(r),
    x.KeptOther: lambda r, m: t("reason.kept_other", kept=r.kept),
    x.BoundTooLow: lambda r, m: t("reason.bound_too_low", bound=m(r.bound)),
    x.RivalUndetermined: lambda r, m: t("reason.rival_undetermined", rivals=listed(r.rivals)),
    x.ChoiceKept: lambda r, m: t("reason.choice_kept", group=r.group, kept=r.kept),
    x.ChoiceOpen: lambda r, m: t("reason.choice_open", group=r.group, rivals=listed(r.rivals)),
    x.OtherFundsApplied: lambda r, m: t("reason.other_funds_applied", group=r.group, other=m(r.other)),
    x.OtherFundsOpen: lambda r, m: t("reason.other_funds_open", group=r.group),
    x.GroupCapShared: lambda r, m: t("reason.group_cap_shared", group=r.group, members=listed(r.members)),
    x.GroupCapLimitOpen: lambda r, m: t("reason.group_cap_limit_open", group=r.group, names=listed(r.params)),
    x.ExclusiveLimitOpen: lambda r, m: t(
        "reason.exclusive_limit_open" if r.params else "reason.exclusive_limit_failed",
        group=r.group,
        cap=r.cap,
        names=listed(r.params),
        rivals=listed(r.rivals),
    ),
    x.GroupCapFailed: lambda r, m: t("reason.group_cap_failed", group=r.group, why=str(r.error)),
    x.GroupCapUsedUp: lambda r, m: t("reason.group_cap_used_up", group=r.group),
    decide.ForEveryValue: lambda r, m: t(
        "decide.reason.for_every_value",
        names=listed([n for n, _ in r.values]),
        values=values_text(r.values),
        why=t("decide.reasons_sep").join(
            t("reason.zero_amount") if isinstance(w, x.ZeroAmount) else REASON_TEXT[type(w)](w, m) for w in r.reasons
        ),
    ),
    decide.VariesWith: lambda r, m: t("decide.reason.varies_with", values=values_text(r.values)),
}


def reference_reason_text(r: x.ReferenceUndetermined) -> str:
    """A clause not determinable because a clause its 金额(…) reads is not: what that one waits for."""
    clauses = listed(r.clauses)
    if r.facts:
        return t("clause_ref.reason.needs_facts", clauses=clauses, names=listed([f"“{n}”" for n in r.facts]))
    if r.params:
        return t("clause_ref.reason.unspecified", clauses=clauses, names=listed(r.params), first=r.params[0])
    return t("clause_ref.reason.failed", clauses=clauses)


def reference_line(ref: x.ClauseReference, result: Result) -> str:
    """引用：金额(一2) = 12,000.00元（一2“…”给予 12,000.00元）: what a 金额(…) read, clause by clause."""
    parts = [
        t("clause_ref.explain.part_open", clause=c, title=title)
        if status == UNDETERMINED
        else t(
            "clause_ref.explain.part", clause=c, title=title, status=status_word(status), amount=money(amount, result)
        )
        for c, title, status, amount in ref.clauses
    ]
    amount = t("clause_ref.explain.open") if ref.amount is None else money(ref.amount, result)
    return t(
        "clause_ref.explain.line",
        citation=ref.citation,
        amount=amount,
        parts=t("clause_ref.explain.part_sep").join(parts),
    )


def reference_json(ref: x.ClauseReference) -> dict[str, Any]:
    return {
        "citation": ref.citation,
        "amount": decimal_text(ref.amount),
        "clauses": [
            {"citation": c, "status": status, "amount": None if status == UNDETERMINED else decimal_text(amount)}
            for c, _, status, amount in ref.clauses
        ],
    }


def values_text(values: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    """计息年天数为360天或361天…: each unspecified number with every value tried."""
    return t("decide.params_sep").join(
        t("decide.values_of", name=n, values=t("decide.values_or").join(shown)) for n, shown in values
    )


EVENT_TEXT: dict[type, Callable[[Any, Callable[[Fraction], str]], str]] = {
    x.NegativeToZero: lambda e, m: t("event.negative_to_zero", raw=m(e.raw)),
    x.ExcludedFor: lambda e, m: t("event.excluded_for", group=e.group, kept=e.kept, before=m(e.before)),
    x.UndeterminedByRivals: lambda e, m: t(
        "event.undetermined_by_rivals", group=e.group, rivals=listed(e.rivals), before=m(e.before)
    ),
    x.NotDoubled: lambda e, m: (
        t("event.not_doubled_kept", group=e.group, kept=e.kept, before=m(e.before))
        if e.kept is not None
        else t("event.not_doubled_open", group=e.group, rivals=listed(e.rivals), before=m(e.before))
    ),
    x.OtherFundsReduced: lambda e, m: t(
        "event.other_funds_reduced", group=e.group, other=m(e.other), before=m(e.before), after=m(e.after)
    ),
    x.UndeterminedByShare: lambda e, m: t(
        "event.undetermined_by_share", group=e.group, members=listed(e.members), before=m(e.before)
    ),
    x.GroupCapUnavailable: lambda e, m: t(
        "event.group_cap_unavailable", group=e.group, why=str(e.error), before=m(e.before)
    ),
    x.GroupCapReduced: lambda e, m: t(
        "event.group_cap_reduced", group=e.group, limit=m(e.limit), before=m(e.before), after=m(e.after)
    ),
    x.RivalsUndeterminedNote: lambda e, m: t("note.rivals_undetermined", group=e.group, rivals=listed(e.rivals)),
    x.ExclusiveKeptNote: lambda e, m: t(
        "note.exclusive_kept",
        group=e.group,
        kept=e.kept,
        why=t("note.exclusive_most_favourable") if e.not_highest else "",
    ),
    x.GroupCapFailedNote: lambda e, m: t("note.group_cap_failed", group=e.group, why=str(e.error)),
    x.GroupCapExceededNote: lambda e, m: t(
        "note.group_cap_exceeded", group=e.group, total=m(e.total), limit=m(e.limit)
    ),
    decide.TotalForEveryValue: lambda e, m: t(
        "decide.note.total_for_every_value", values=values_text(e.values), citations=listed(e.citations)
    ),
}


def zero_amount_text(c: ClauseResult) -> str:
    """Why an eligible clause pays 0, from what the evaluator recorded: a tier gap, every item failing,
    no items at all — else the bare fact that the formula gave 0."""
    if isinstance(c.formula, x.FTierNone):
        if c.formula.nearest is not None:
            return t("reason.zero_nearest_tier", tier=c.formula.nearest.tier, distance=tier_distance(c.formula.nearest))
        return t("reason.zero_no_tier", tiers=t("reason.tier_separator").join(c.formula.tiers))
    if isinstance(c.formula, x.FItems):
        if not c.items:
            return t("reason.zero_no_items", items=c.formula.items)
        if all(item.outcome is x.ItemOutcome.FAILED_CONDITION for item in c.items):
            return t("reason.zero_no_item_qualified", items=c.formula.items, count=len(c.items))
    return t("reason.zero_amount")


# (below the row, its edge included) → the message saying how far the firm is from it
_TIER_DISTANCES = {
    (True, True): "tier.short",
    (False, True): "tier.over",
    (True, False): "tier.needs_more_than",
    (False, False): "tier.needs_less_than",
}


def tier_distance(n: x.NearestTier) -> str:
    """How far a firm in a tier gap is from the nearest tier: 差1家; 须超过50家，现为50家."""
    return t(
        _TIER_DISTANCES[(n.below, n.inclusive)],
        gap=value_text(n.gap, n.value.type),
        bound=value_text(n.bound, n.value.type),
        value=reading_text(n.value),
    )


def nearest_tier_json(n: x.NearestTier) -> dict[str, Any]:
    """The nearest tier as data: values as shown in a case file, `side` the firm's side of the row."""
    return {
        "tier": n.tier,
        "quantity": n.quantity,
        "value": reading_text(n.value),
        "bound": value_text(n.bound, n.value.type),
        "inclusive": n.inclusive,
        "side": "below" if n.below else "above",
        "gap": value_text(n.gap, n.value.type),
        "distance_text": tier_distance(n),
    }


def reason_json(c: ClauseResult) -> dict[str, Any]:
    """The reason as data; a tier gap adds `nearest_tier` (null where the rows name no nearest)."""
    out = event_json(c.reason)
    if isinstance(c.reason, x.ZeroAmount) and isinstance(c.formula, x.FTierNone):
        out["nearest_tier"] = None if c.formula.nearest is None else nearest_tier_json(c.formula.nearest)
    return out


def reason_text(c: ClauseResult, result: Result) -> str:
    """Why the clause has its status, in one sentence."""
    if isinstance(c.reason, x.ZeroAmount):
        return zero_amount_text(c)
    return REASON_TEXT[type(c.reason)](c.reason, _money_policy(result))


def event_text(event: x.ClauseEvent | x.ResultEvent, result: Result) -> str:
    return EVENT_TEXT[type(event)](event, _money_policy(result))


def notes(result: Result) -> list[str]:
    return [event_text(e, result) for e in result.events]


def item_reason(item: x.ItemTrace, result: Result) -> str:
    if item.outcome is x.ItemOutcome.COUNTED_NEGATIVE:
        assert item.negative is not None
        return t("item.counted_negative", raw=money(item.negative, result))
    if item.outcome is x.ItemOutcome.FAILED_CONDITION:
        return t("item.failed_condition", condition=item.failed_condition)
    if item.outcome is x.ItemOutcome.OVER_LIMIT:
        where = (
            t("item.over_limit_group", group_by=item.group_by, key=item.group)
            if item.group_by
            else t("item.over_limit_clause")
        )
        return t("item.over_limit", where=where, limit=limit_text(item.limit) if item.limit else "")
    if item.measure_paid is not None and item.measure is not None:
        unit = item.measure_unit
        return t(
            "item.counted_share",
            paid=f"{decimal_text(item.measure_paid)}{unit}",
            measure=f"{decimal_text(item.measure)}{unit}",
        )
    return t("item.counted")


def limit_text(limit: ir.LimitPlan) -> str:
    """至多2个（取申报顺序） as written in Chinese; in English from the count and the order."""
    if current_language() == "zh":
        return limit.text
    return t("item.limit", count=limit.count, order=t(f"limit.{limit.order.identifier}"))


# ---------------------------------------------------------------------------- text table
def pad(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


def rpad(text: str, width: int) -> str:
    return " " * max(width - display_width(text), 0) + text


def table(result: Result) -> str:
    """One row per clause: citation, title, award, and the cap that bound or why nothing is paid."""
    header = tuple(t(f"explain.header.{k}") for k in ("citation", "title", "amount", "note"))
    rows = [(c.citation, c.title, award_cell(c, result), reason_text(c, result)) for c in result.clauses]
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
    lines.extend(t("explain.note", note=n) for n in notes(result))
    lines.extend(t("explain.note", note=alone_text(c, result)) for c in result.clauses if c.memberships)
    if result.assumed:
        lines.append(t("explain.assumed_table", values=assumed_text(result.assumed)))
    return "\n".join(lines)


def membership_text(m: x.Membership) -> str:
    return t(f"alone.{m.kind.identifier}", group=m.group, members=listed(m.members))


def full_text(c: ClauseResult, result: Result) -> str:
    """What the evaluation of every clause gives the clause: an amount, or its status and why."""
    full = c.full
    assert full is not None
    if full.status in (x.PAID, x.ZERO):
        return t("alone.full_paid", amount=money(full.amount, result))
    why = REASON_TEXT[type(full.reason)](full.reason, _money_policy(result))
    return t("alone.full_other", status=status_word(full.status), why=why)


def alone_text(c: ClauseResult, result: Result) -> str:
    """--clause: the clause was evaluated on its own, though a cross-clause rule ties it to others."""
    groups = t("alone.groups_sep").join(membership_text(m) for m in c.memberships)
    return t("alone.note", citation=c.citation, groups=groups, full=full_text(c, result))


def assumed_text(assumed: list[tuple[str, str]]) -> str:
    return t("explain.values_sep").join(t("explain.binding", name=n, value=v) for n, v in assumed)


def award_cell(c: ClauseResult, result: Result) -> str:
    if c.status == UNDETERMINED:
        return status_word(UNDETERMINED)
    return money(c.amount, result)


def title_line(result: Result) -> str:
    p = result.policy
    parts = [p.title] + [d for d in (p.doc_number,) if d]
    return t("explain.title", title="  ".join(parts), rounding=rounding_text(p.rounding))


def total_line(result: Result) -> str:
    text = t("explain.total", amount=money(result.total, result))
    if not result.determinable:
        pending = [c.citation for c in result.clauses if c.status == UNDETERMINED]
        text += t("explain.total_pending", citations=listed(pending))
    return text


# ---------------------------------------------------------------------------- explanation
def explain(result: Result) -> str:
    """Per clause: conditions with the facts that met or failed them, the formula with numbers,
    every cap considered and which bound, the reading, the citation and the quoted sentence."""
    blocks = [title_line(result)]
    for c in result.clauses:
        blocks.append(explain_clause(c, result))
    blocks.append(total_line(result))
    for n in notes(result):
        blocks.append(t("explain.note", note=n))
    if result.assumed:
        blocks.append(t("explain.assumed_explain", values=assumed_text(result.assumed)))
    return "\n\n".join(blocks)


_MARKS = {True: "✓", False: "✗", None: "?"}


def explain_clause(c: ClauseResult, result: Result) -> str:
    status = "" if c.status == UNDETERMINED else t("explain.clause_status", status=status_word(c.status))
    lines = [t("explain.clause", citation=c.citation, title=c.title, amount=award_cell(c, result), status=status)]
    if c.quote:
        lines.append(t("explain.quote", quote=c.quote))
    lines.extend(t("explain.reading", reading=r) for r in c.readings)
    if c.conditions:
        lines.append(t("explain.conditions"))
        lines.extend(condition_line(cond) for cond in c.conditions)
    if c.formula is not None:
        lines.append(
            t("explain.formula", formula=formula_text(c.formula))
            + (f" = {money(c.raw, result)}" if c.raw is not None else "")
        )
    lines.extend(reference_line(ref, result) for ref in c.references)
    lines.extend(item_line(item, result) for item in c.items)
    if c.caps:
        lines.append(t("explain.caps"))
        lines.extend(cap_line(cap, result) for cap in c.caps)
    for u_name, note in c.unspecified:
        lines.append(
            t("explain.unspecified_note", name=u_name, note=note)
            if note
            else t("explain.unspecified_param", name=u_name)
        )
    if c.upper_bound is not None:
        lines.append(t("explain.upper_bound", amount=money(c.upper_bound, result)))
    lines.extend(t("explain.adjustment", text=event_text(e, result)) for e in c.events)
    lines.extend(t("explain.assumed", name=name, value=shown) for name, shown in c.assumed)
    if c.memberships:
        lines.append(t("explain.alone", text=alone_text(c, result)))
    lines.append(t("explain.result", reason=reason_text(c, result)))
    return "\n".join(lines)


def condition_line(cond: x.ConditionTrace) -> str:
    values = t("explain.values_sep").join(t("explain.binding", name=r.name, value=reading_text(r)) for r in cond.values)
    return f"    {_MARKS[cond.holds]} {cond.text}" + (t("explain.condition_values", values=values) if values else "")


def item_line(item: x.ItemTrace, result: Result) -> str:
    label = (
        t("explain.item_label_named", index=item.index, label=item.label)
        if item.label
        else t("explain.item_label", index=item.index)
    )
    caps = "".join(t("explain.item_cap", cap=ct.name, limit=money(ct.limit, result)) for ct in item.caps if ct.binds)
    amount = money(item.raw, result) + (f" → {money(item.amount, result)}" if item.amount != item.raw else "")
    formula = f"{formula_text(item.formula)} = " if item.formula is not None else ""
    return t(
        "explain.item",
        mark=_MARKS[item.counted],
        label=label,
        formula=formula,
        amount=amount,
        caps=caps,
        reason=item_reason(item, result),
    )


def cap_line(cap: x.CapTrace, result: Result) -> str:
    paid = t("explain.cap_paid", paid=money(cap.already_paid, result)) if cap.already_paid is not None else ""
    return t(
        "explain.cap",
        mark="▶" if cap.binds else "·",
        cap=cap_name(cap.name, cap.group_by, cap.group_key),
        limit=money(cap.limit, result),
        paid=paid,
        before=money(cap.before, result),
        state=t("explain.cap_binds" if cap.binds else "explain.cap_not_reached"),
    )


# ---------------------------------------------------------------------------- JSON
def _snake(name: str) -> str:
    name = name.removesuffix("Note")
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _plain(value: object) -> object:
    """An event's field as JSON: amounts as decimal strings, errors as their key and message."""
    if isinstance(value, Fraction):
        return decimal_text(value)
    if isinstance(value, x.EvaluationError):
        return {"key": value.key, "message": str(value)}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return event_json(value)
    return value


def event_json(event: object) -> dict[str, Any]:
    """{"kind": snake_case of the record, its fields}."""
    assert dataclasses.is_dataclass(event)
    out: dict[str, Any] = {"kind": _snake(type(event).__name__)}
    for fld in dataclasses.fields(event):
        out[fld.name] = _plain(getattr(event, fld.name))
    return out


def as_json(result: Result, warnings: Sequence[Diagnostic] = ()) -> dict[str, Any]:
    """The result as `policylang.result/2`; `warnings` are the policy's load warnings that concern it."""
    p = result.policy
    return {
        "schema": SCHEMA,
        "language": current_language(),
        "policy": {
            "title": p.title,
            "doc_number": p.doc_number,
            "issuer": p.issuer,
            "year": p.year,
            "currency": p.currency,
            "rounding": {"mode": p.rounding.mode.identifier, "unit": p.rounding.unit.identifier},
            "file": p.source_name,
        },
        "total": decimal_text(result.total),
        "determinable": result.determinable,
        "missing_facts": [
            {"name": n, "clauses": cites, "example": missing_fact_example(result, n)}
            for n, cites in result.needed_facts().items()
        ],
        "assumed": dict(result.assumed),
        "events": [event_json(e) for e in result.events],
        "notes": notes(result),
        "warnings": [w.as_json() for w in warnings],
        "clauses": [clause_json(c, result) for c in result.clauses],
    }


def missing_fact_example(result: Result, name: str) -> str:
    """The line to add to the case for a fact it lacks (K020's suggestion)."""
    from policylang.readers.values import example

    return f"{name}: {example(result.policy.facts[name].type)}"


def cap_json(cap: x.CapTrace) -> dict[str, Any]:
    return {
        "name": cap.name,
        "scope": cap.scope.identifier,
        "group_by": cap.group_by,
        "group_key": cap.group_key,
        "limit": decimal_text(cap.limit),
        "before": decimal_text(cap.before),
        "binds": cap.binds,
        "already_paid": decimal_text(cap.already_paid),
    }


def item_json(item: x.ItemTrace, result: Result) -> dict[str, Any]:
    return {
        "index": item.index,
        "label": item.label,
        "group": item.group,
        "amount": decimal_text(item.amount),
        "raw": decimal_text(item.raw),
        "counted": item.counted,
        "outcome": item.outcome.value,
        "failed_condition": item.failed_condition,
        "negative": decimal_text(item.negative),
        "limit": None if item.limit is None else {"count": item.limit.count, "order": item.limit.order.identifier},
        "reason_text": item_reason(item, result),
        "formula": formula_text(item.formula) if item.formula is not None else "",
        "caps": [cap_json(k) for k in item.caps],
    }


def clause_json(c: ClauseResult, result: Result) -> dict[str, Any]:
    return {
        "citation": c.citation,
        "title": c.title,
        "status": c.status,
        "amount": None if c.status == UNDETERMINED else decimal_text(c.amount),
        "reason": reason_json(c),
        "reason_text": reason_text(c, result),
        "bound_cap": c.bound_cap,
        "bound_group_key": c.bound_group_key,
        "raw": decimal_text(c.raw),
        "before_rules": decimal_text(c.before_rules) if c.status != UNDETERMINED else None,
        "conditions": [
            {"text": k.text, "holds": k.holds, "values": {r.name: reading_text(r) for r in k.values}}
            for k in c.conditions
        ],
        "formula": formula_text(c.formula) if c.formula is not None else "",
        "formula_source": c.award_text,
        "formula_values": formula_values(c.formula),
        "caps": [cap_json(k) for k in c.caps],
        "items": [item_json(i, result) for i in c.items],
        "unspecified": [{"name": n, "note": note} for n, note in c.unspecified],
        "upper_bound": decimal_text(c.upper_bound),
        "events": [event_json(e) for e in c.events],
        "events_text": [event_text(e, result) for e in c.events],
        "assumed": dict(c.assumed),
        "readings": list(c.readings),
        "quote": c.quote,
        "groups": [{"kind": m.kind.identifier, "name": m.group, "members": list(m.members)} for m in c.memberships],
        "full_evaluation": None if c.full is None else full_json(c, result),
        "groups_text": alone_text(c, result) if c.memberships else None,
    } | ({"references": [reference_json(ref) for ref in c.references]} if c.references else {})


def full_json(c: ClauseResult, result: Result) -> dict[str, Any]:
    full = c.full
    assert full is not None
    return {
        "status": full.status,
        "amount": None if full.status == UNDETERMINED else decimal_text(full.amount),
        "reason": event_json(full.reason),
        "text": full_text(c, result),
    }


def dumps(result: Result, warnings: Sequence[Diagnostic] = ()) -> str:
    return json.dumps(as_json(result, warnings), ensure_ascii=False, indent=2)


__all__ = [
    "Money",
    "as_json",
    "decimal_text",
    "dumps",
    "event_text",
    "explain",
    "explain_clause",
    "formula_text",
    "notes",
    "reason_text",
    "status_word",
    "table",
]
