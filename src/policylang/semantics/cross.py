"""The rules between clauses, written once for every backend: 不重复享受, 取高不重复, 就高不重复 against
other funds, then 合计上限.

就高不重复 against other funds (同一项目已获得上级或本市其他专项资金支持的，按就高不重复原则执行): the
members' award is set against what the project received elsewhere (a history fact). 补差额: they pay
what the other funds did not, max(0, award − other), taken up in listed order; 高于才给: they pay in
full where the award is higher, else nothing; no reading written: where the two readings agree (no
other award, or one at least as high as theirs) that is the result, else the paid members are not
determinable (--set gives a reading; decide tries both). A member not determinable leaves the
others open where there is another award.

不重复享受 (not both, the text not saying which): of each group only one member is paid; which is the
unspecified choice named by the group (--set gives it; semantics/decide.py tries each member). Given,
the member it names is kept where it is paid (or not determinable: the others then are too); where it
is neither, the others contend as below. Not given, a paid member is not determinable where another
member could be paid as well; a member paid alone is decided.

取高不重复 (an exclusive group): of each group only one clause is paid — the choice that pays the
enterprise most once every 合计上限 is applied (so a clause an article cap would cut is not kept over
one that pays in full); without such caps that is simply the highest award; a tie keeps the first
listed. Before choosing, a member that is not determinable but could be the highest makes the paid
members not determinable too; one whose known maximum cannot beat a determined member is not taken.

合计上限 (a shared ceiling): the listed clauses share one limit, taken up in the order listed.

Every step is written on a `Ledger` (semantics/backend.py), so the same code decides one case
(exact: the truths are plain booleans) and a whole population (columnar: the truths are columns).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from typing import TypeVar

from policylang.compiler import ir
from policylang.errors import Diagnostic, PolicyError
from policylang.report.i18n import define, t
from policylang.semantics.backend import Ledger

V = TypeVar("V")
B = TypeVar("B")

# Combinations of kept members tried by the choice; a policy needing more is refused by every backend
# alike (real policies have a handful of groups of two or three).
MAX_EXCLUSIVE_CHOICES = 4096

define(
    "semantics.too_many_choices",
    zh="取高不重复的组合过多（{count} 种，上限 {limit} 种），无法计算对企业最有利的取法",
    en="too many 取高不重复 combinations ({count}, at most {limit}): the most favourable choice cannot be computed",
)
define(
    "semantics.too_many_choices.hint",
    zh="请把取高不重复分组拆小，或减少同时列入多个组的条款",
    en="split the 取高不重复 groups into smaller ones, or list fewer clauses in several groups",
)


def apply_cross_clause_rules(policy: ir.CompiledPolicy, present: Sequence[str], ledger: Ledger[V, B]) -> None:
    """不重复享受, 取高不重复, 就高不重复 against other funds, then each 合计上限 in the order listed, on the
    clauses evaluated (`present`)."""
    limits = {g.name: never_below_zero(ledger, ledger.group_limit(g)) for g in policy.group_caps}
    apply_choices(policy, present, ledger)
    apply_exclusive(policy, present, ledger, limits)
    for funds in policy.other_funds:
        apply_other_funds(funds, present, ledger)
        ledger.stage()
    for group in policy.group_caps:
        apply_group_cap(group, present, ledger, limits[group.name])
        ledger.stage()


# ---------------------------------------------------------------------------- 不重复享受
def apply_choices(policy: ir.CompiledPolicy, present: Sequence[str], ledger: Ledger[V, B]) -> None:
    wanted = set(present)
    for group in policy.choices:
        members = [c for c in group.citations if c in wanted]
        if len(members) < 2:
            continue
        paid = {c: ledger.is_paid(c) for c in members}  # read before this rule changes any
        open_ = {c: ledger.either(paid[c], ledger.is_undetermined(c)) for c in members}  # could be paid
        kept = ledger.choice(group)
        if kept is None or kept not in members:
            contend(group, members, paid, open_, ledger.truth(True), ledger)
            continue
        unknown = ledger.is_undetermined(kept)
        for c in members:
            if c != kept:
                ledger.exclude(c, ledger.both(paid[kept], open_[c]), group, [(paid[kept], kept)])
                ledger.undetermine(c, ledger.both(unknown, paid[c]), group, [(unknown, kept)])
        absent = ledger.negate(open_[kept])
        contend(group, [c for c in members if c != kept], paid, open_, absent, ledger)
    ledger.stage()


def contend(
    group: ir.ChoicePlan,
    members: Sequence[str],
    paid: dict[str, B],
    open_: dict[str, B],
    where: B,
    ledger: Ledger[V, B],
) -> None:
    """No rule says which member is kept: a paid member another could be paid beside is not determinable."""
    for c in members:
        others = [(open_[o], o) for o in members if o != c]
        rival = any_of(ledger, (w for w, _ in others))
        ledger.undetermine(c, ledger.both(where, ledger.both(paid[c], rival)), group, others)


# ---------------------------------------------------------------------------- 就高不重复 against other funds
def apply_other_funds(group: ir.OtherFundsPlan, present: Sequence[str], ledger: Ledger[V, B]) -> None:
    wanted = set(present)
    members = [c for c in group.citations if c in wanted]
    if not members:
        return
    other = ledger.group_limit(group)
    paid = {c: ledger.is_paid(c) for c in members}  # read before this rule changes any
    zero = ledger.total(())
    if other is None:  # not known for the case: what the members keep is not known either
        for c in members:
            ledger.undetermine(c, paid[c], group, ())
        return
    elsewhere = ledger.greater(other, zero)
    unknown = any_of(ledger, (ledger.is_undetermined(c) for c in members))
    total = ledger.total([ledger.amount(c) for c in members])
    reading = group.reading
    if reading is None:
        given = ledger.choice(group)
        reading = None if given is None else ir.FundsReading(given)
    higher = ledger.greater(total, other)
    if reading is None:  # the readings differ only where theirs is higher than an award elsewhere
        differ = ledger.both(elsewhere, ledger.either(unknown, higher))
        for c in members:
            ledger.undetermine(c, ledger.both(differ, paid[c]), group, ())
        settled = ledger.negate(differ)
        reading = ir.FundsReading.ONLY_IF_HIGHER  # where they agree, either gives it
    else:
        open_ = ledger.both(elsewhere, unknown)
        for c in members:
            ledger.undetermine(c, ledger.both(open_, paid[c]), group, ())
        settled = ledger.negate(open_)
    if reading is ir.FundsReading.DIFFERENCE:
        remaining = ledger.choose(higher, ledger.subtract(total, other), zero)
    else:
        remaining = ledger.choose(higher, total, zero)
    for c in members:
        amount = ledger.amount(c)
        allowed = ledger.minimum(amount, remaining)
        where = ledger.both(ledger.both(settled, elsewhere), ledger.both(paid[c], ledger.greater(amount, allowed)))
        ledger.reduce(c, allowed, where, group, other)
        remaining = ledger.subtract(remaining, allowed)


# ---------------------------------------------------------------------------- 取高不重复
def contested_groups(policy: ir.CompiledPolicy, present: Sequence[str]) -> list[tuple[ir.ExclusivePlan, list[str]]]:
    """The exclusive groups with at least two of their members evaluated."""
    wanted = set(present)
    groups = [(g, [c for c in g.citations if c in wanted]) for g in policy.exclusive]
    return [(g, members) for g, members in groups if len(members) >= 2]


def exclusive_choices(groups: Sequence[tuple[ir.ExclusivePlan, list[str]]]) -> int:
    """How many combinations the choice may try: per group, no contest or one of its members."""
    return math.prod(len(members) + 1 for _, members in groups)


def apply_exclusive(
    policy: ir.CompiledPolicy, present: Sequence[str], ledger: Ledger[V, B], limits: dict[str, V | None]
) -> None:
    groups = contested_groups(policy, present)
    if not groups:
        return
    for group, members in groups:
        settle_unknown_members(group, members, ledger)
    ledger.stage()
    capped = {c for g in policy.group_caps for c in g.citations}  # a limit not known (None) too: it may decide
    members_all = [c for _, members in groups for c in members]
    if not set(members_all) & capped and len(members_all) == len(set(members_all)):
        for group, members in groups:  # independent groups, no shared ceiling: each keeps its highest
            keep_highest(group, members, ledger)
    else:
        best_choice(policy, present, groups, ledger, limits)
    ledger.stage()


def settle_unknown_members(group: ir.ExclusivePlan, members: Sequence[str], ledger: Ledger[V, B]) -> None:
    """A member that is not determinable might be the highest: then which member is paid is not
    determinable either. One whose known maximum cannot beat a determined member is simply not taken."""
    unknown = {c: ledger.is_undetermined(c) for c in members}
    paid = {c: ledger.is_paid(c) for c in members}
    active = ledger.both(any_of(ledger, unknown.values()), any_of(ledger, paid.values()))
    best = ledger.highest_paid(members)
    could_win: list[tuple[B, str]] = []
    for c in members:
        bound = ledger.upper_bound(c)
        could_win.append((unknown[c] if bound is None else ledger.both(unknown[c], ledger.greater(bound, best)), c))
    some_could = any_of(ledger, (w for w, _ in could_win))
    for c in members:
        ledger.undetermine(c, ledger.both(ledger.both(active, some_could), paid[c]), group, could_win)
        ledger.exclude(c, ledger.both(ledger.both(active, ledger.negate(some_could)), unknown[c]), group, ())


def keep_highest(group: ir.ExclusivePlan, members: Sequence[str], ledger: Ledger[V, B]) -> None:
    """The paid member with the highest amount is kept, the first listed on a tie."""
    paid = {c: ledger.is_paid(c) for c in members}
    best = ledger.highest_paid(members)
    taken = ledger.truth(False)
    wins: list[tuple[B, str]] = []
    for c in members:
        win = ledger.both(
            ledger.both(paid[c], ledger.negate(ledger.greater(best, ledger.amount(c)))), ledger.negate(taken)
        )
        taken = ledger.either(taken, win)
        wins.append((win, c))
    for (win, c), other in zip(wins, [[w for w in wins if w[1] != c] for c in members], strict=True):
        ledger.exclude(c, ledger.both(paid[c], ledger.negate(win)), group, other)


# Evaluations of one combination's total that the open-limit analysis may cost (combinations × the limits
# tried); more, and a choice an open 合计上限 touches is taken as not determinable wherever it is contested.
MAX_OPEN_LIMIT_TRIALS = 1024


def best_choice(
    policy: ir.CompiledPolicy,
    present: Sequence[str],
    groups: Sequence[tuple[ir.ExclusivePlan, list[str]]],
    ledger: Ledger[V, B],
    limits: dict[str, V | None],
) -> None:
    """Of the groups with two or more paid members, the combination of kept members that pays most in
    all after every 合计上限; combinations are tried in listed order, so a tie keeps the earlier-listed.

    A 合计上限 whose limit is not known (it needs a number the text leaves open) may decide the choice
    too: the member kept without it could lose to one the limit cuts less. Each combination pays
    R + min(S, L) for that limit L (S: what the group's members it keeps pay; R: the rest), so which
    combination pays most can change only where L is 0 or one of the S: the choice is tried at each of
    those and with no limit, and where the kept member differs, the members that could be kept are not
    determinable (semantics/decide.py then tries the number's values where they are finite). A member
    kept for no value of L is excluded as before. Where that reasoning does not hold (two open limits
    over the members, a member of the open one in a 合计上限 after it or in another open one, or too
    many trials) a contested group an open limit touches is not determinable wherever it is contested."""
    count = exclusive_choices(groups)
    if count > MAX_EXCLUSIVE_CHOICES:
        raise PolicyError(
            Diagnostic(
                "X001",
                t("semantics.too_many_choices", count=count, limit=MAX_EXCLUSIVE_CHOICES),
                groups[0][0].span,
                suggestion=t("semantics.too_many_choices.hint"),
            )
        )
    paid = {c: ledger.is_paid(c) for _, members in groups for c in members}
    contested = [at_least_two(ledger, [paid[c] for c in members]) for _, members in groups]
    combos = list(itertools.product(*([None, *members] for _, members in groups)))
    valid = [
        all_of(
            ledger,
            (
                ledger.both(con, paid[pick]) if pick is not None else ledger.negate(con)
                for con, pick in zip(contested, picks, strict=True)
            ),
        )
        for picks in combos
    ]
    amounts = []
    for picks in combos:
        dropped = {
            c
            for (_, members), pick in zip(groups, picks, strict=True)
            if pick is not None
            for c in members
            if c != pick
        }
        amounts.append({c: (ledger.total(()) if c in dropped else ledger.amount(c)) for c in present})
    kept = [{g.name: pick for (g, _), pick in zip(groups, picks, strict=True) if pick is not None} for picks in combos]
    sums: list[dict[str, V]] = [{} for _ in combos]  # per combination: what each open 合计上限's members pay
    winners = first_maximum(
        valid,
        [total_after_group_caps(policy, a, ledger, limits, s) for a, s in zip(amounts, sums, strict=True)],
        ledger,
    )
    members_all = {c for _, members in groups for c in members}
    open_caps = [
        g for g in policy.group_caps if limits[g.name] is None and set(g.citations) & members_all and g.name in sums[0]
    ]
    scenarios: list[list[B]] = []  # the winners under each value of the open limit tried
    exact_open = len(open_caps) <= 1 and count * (count + 2) <= MAX_OPEN_LIMIT_TRIALS
    if open_caps and exact_open:
        cap = open_caps[0]
        at = policy.group_caps.index(cap)
        # R + min(S, L) holds where no 合计上限 after it, and no other open one, shares a member with it
        exact_open = not any(
            set(g.citations) & set(cap.citations) & set(present)
            for i, g in enumerate(policy.group_caps)
            if g is not cap and (i > at or limits[g.name] is None)
        )
        if exact_open:
            for value in [ledger.total(()), *(s[cap.name] for s in sums)]:
                tried = {**limits, cap.name: value}
                totals = [total_after_group_caps(policy, a, ledger, tried) for a in amounts]
                scenarios.append(first_maximum(valid, totals, ledger))
    for (group, members), con in zip(groups, contested, strict=True):
        touching = [g for g in open_caps if set(g.citations) & set(members)]
        # analysed, every group (one sharing a member with a group the limit touches may follow it);
        # not analysed, the groups with a member under an open limit
        caps = (touching or open_caps) if scenarios else touching
        keeps = {
            c: any_of(ledger, (w for w, k in zip(winners, kept, strict=True) if k.get(group.name) == c))
            for c in members
        }
        could_keep = dict(keeps)
        varies = ledger.truth(False)
        if caps and not exact_open:  # not analysed: wherever contested, any paid member could be kept
            varies = con
            could_keep = {c: ledger.truth(True) for c in members}
        for scenario in scenarios:
            for c in members:
                keeps_here = any_of(ledger, (w for w, k in zip(scenario, kept, strict=True) if k.get(group.name) == c))
                could_keep[c] = ledger.either(could_keep[c], keeps_here)
                varies = ledger.either(varies, ledger.both(keeps_here, ledger.negate(keeps[c])))
        for c in members:
            open_here = ledger.both(paid[c], ledger.both(varies, could_keep[c]))
            if caps:
                rivals = [(ledger.both(paid[o], could_keep[o]), o) for o in members if o != c]
                ledger.undetermine(c, open_here, caps[0], rivals)
            kept_instead = [(w, k[group.name]) for w, k in zip(winners, kept, strict=True) if k.get(group.name, c) != c]
            if kept_instead:
                loses = ledger.both(paid[c], any_of(ledger, (w for w, _ in kept_instead)))
                ledger.exclude(c, ledger.both(loses, ledger.negate(open_here)), group, kept_instead)


def first_maximum(valid: Sequence[B], totals: Sequence[V], ledger: Ledger[V, B]) -> list[B]:
    """Per combination, whether it is the one kept: the first valid one with the highest total."""
    better_flags: list[B] = []
    best_total: V | None = None
    some_valid = ledger.truth(False)
    for ok, total in zip(valid, totals, strict=True):
        # strictly better than every valid combination before it: the last such one is the first maximum
        better = (
            ok
            if best_total is None
            else ledger.both(ok, ledger.either(ledger.negate(some_valid), ledger.greater(total, best_total)))
        )
        best_total = total if best_total is None else ledger.choose(better, total, best_total)
        some_valid = ledger.either(some_valid, ok)
        better_flags.append(better)
    winners: list[B] = [ledger.truth(False)] * len(better_flags)
    later = ledger.truth(False)
    for k in range(len(better_flags) - 1, -1, -1):
        winners[k] = ledger.both(better_flags[k], ledger.negate(later))
        later = ledger.either(later, better_flags[k])
    return winners


def total_after_group_caps(
    policy: ir.CompiledPolicy,
    amounts: dict[str, V],
    ledger: Ledger[V, B],
    limits: dict[str, V | None],
    open_sums: dict[str, V] | None = None,
) -> V:
    """What the clauses pay in all once every 合计上限 is taken up in listed order; one whose limit is not
    known is left out (`open_sums`, if given, gets what its members pay at that point)."""
    paid = dict(amounts)
    for group in policy.group_caps:
        limit = limits[group.name]
        if limit is None:
            if open_sums is not None:
                open_sums[group.name] = ledger.total([paid[c] for c in group.citations if c in paid])
            continue
        remaining = limit
        for c in group.citations:
            if c in paid:
                allowed = ledger.minimum(paid[c], remaining)
                paid[c] = allowed
                remaining = ledger.subtract(remaining, allowed)
    return ledger.total(list(paid.values()))


# ---------------------------------------------------------------------------- 合计上限
def apply_group_cap(group: ir.GroupCapPlan, present: Sequence[str], ledger: Ledger[V, B], limit: V | None) -> None:
    """The members share one ceiling, taken up in the order listed — only where together they pay more
    than it. Amounts are never negative (clause.py floors each award at 0, a cap never lowers below 0,
    and the rules only lower an amount to what is left, itself never below 0), so wherever the total
    is within the ceiling every member's share min(amount, what is left) is its whole amount: the
    ceiling binds a member exactly where its amount exceeds its share, with no test of the total
    (which every backend would otherwise compute for every enterprise).

    A member not determinable takes up between nothing and its known maximum (no maximum known: all
    of it). A paid member after it whose share differs between those two takes is not determinable
    either (its own amount stays its upper bound); one that gets its whole amount, or nothing, either
    way is decided."""
    ledger.limit_failed(group)
    if limit is None:
        leave_open_under_unknown_limit(group, present, ledger)
        return
    wanted = set(present)
    members = [c for c in group.citations if c in wanted]
    unknown = {c: ledger.is_undetermined(c) for c in members}  # read before this rule changes any
    paid = {c: ledger.is_paid(c) for c in members}
    zero = ledger.total(())
    remaining = limit  # what is left if every undetermined member before takes nothing
    worst = limit  # ... and if each takes the most it can (below 0: nothing is left)
    unbounded = ledger.truth(False)  # an undetermined member before has no known maximum
    open_before: list[tuple[B, str]] = []
    for c in members:
        amount = ledger.amount(c)
        allowed = ledger.minimum(amount, remaining)
        # the member gets min(amount, what is left), which lies between the two takes: it varies with
        # the unknown unless even the worst leaves it room (or nothing is left whatever the unknown)
        gets_some = ledger.both(ledger.greater(amount, zero), ledger.greater(remaining, zero))
        cut = ledger.both(ledger.greater(amount, worst), ledger.greater(remaining, worst))
        varies = ledger.both(ledger.both(paid[c], gets_some), ledger.either(unbounded, cut))
        varies = ledger.both(any_of(ledger, (w for w, _ in open_before)), varies)
        ledger.undetermine(c, varies, group, open_before)
        binds = ledger.greater(amount, allowed)
        ledger.reduce(c, allowed, ledger.both(ledger.negate(varies), binds), group, limit)
        remaining = ledger.subtract(remaining, allowed)
        bound = ledger.upper_bound(c)
        if bound is None:
            unbounded = ledger.either(unbounded, unknown[c])
            worst = ledger.subtract(worst, amount)
        else:
            worst = ledger.subtract(ledger.subtract(worst, amount), ledger.choose(unknown[c], bound, zero))
        open_before.append((unknown[c], c))


def leave_open_under_unknown_limit(group: ir.GroupCapPlan, present: Sequence[str], ledger: Ledger[V, B]) -> None:
    """A limit that needs a number the text leaves open could cut any member that pays something: each
    such member is not determinable (its own amount its known maximum), never paid in full as if the
    ceiling were not there. semantics/decide.py then tries the number's values where they are finite,
    so a member the ceiling cannot cut for any of them is decided after all."""
    wanted = set(present)
    zero = ledger.total(())
    for c in group.citations:
        if c in wanted:
            ledger.undetermine(c, ledger.both(ledger.is_paid(c), ledger.greater(ledger.amount(c), zero)), group, ())


def never_below_zero(ledger: Ledger[V, B], limit: V | None) -> V | None:
    """A shared ceiling below 0 counts as 0, as a clause's own cap does: it lowers awards to 0, not below."""
    if limit is None:
        return None
    zero = ledger.total(())
    return ledger.choose(ledger.greater(zero, limit), zero, limit)


# ---------------------------------------------------------------------------- truths
def any_of(ledger: Ledger[V, B], truths: Iterable[B]) -> B:
    out = ledger.truth(False)
    for x in truths:
        out = ledger.either(out, x)
    return out


def all_of(ledger: Ledger[V, B], truths: Iterable[B]) -> B:
    out = ledger.truth(True)
    for x in truths:
        out = ledger.both(out, x)
    return out


def at_least_two(ledger: Ledger[V, B], truths: Sequence[B]) -> B:
    return any_of(ledger, (ledger.both(a, b) for a, b in itertools.combinations(truths, 2)))


__all__ = [
    "MAX_EXCLUSIVE_CHOICES",
    "MAX_OPEN_LIMIT_TRIALS",
    "apply_choices",
    "apply_cross_clause_rules",
    "apply_exclusive",
    "apply_group_cap",
    "apply_other_funds",
    "best_choice",
    "contested_groups",
    "exclusive_choices",
    "first_maximum",
    "keep_highest",
    "settle_unknown_members",
    "total_after_group_caps",
]
