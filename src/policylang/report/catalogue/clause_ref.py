"""Messages for 金额(一2), another clause's amount: load-time errors, the explanation, the reasons."""

from policylang.report.i18n import define

# ---------------------------------------------------------------------------- load time
define(
    "clause_ref.unknown",
    zh="没有编号为“{citation}”的条款：金额(…) 须写本政策的一个条款编号",
    en="there is no clause numbered “{citation}”: 金额(…) takes the number of one of this policy's clauses",
)
define(
    "clause_ref.unknown.hint",
    zh="最接近的条款：{near}",
    en="the nearest clauses: {near}",
)
define(
    "clause_ref.outside_clause",
    zh="金额({citation}) 只能写在条款之内（条件、奖励、上限、逐项）",
    en="金额({citation}) may be used only inside a clause (its 条件, 奖励, 上限 or 逐项)",
)
define(
    "clause_ref.outside_clause.hint",
    zh="把 金额({citation}) 直接写进引用它的条款，不要写在 定义、参数、默认、合计上限 或 就高不重复 中",
    en="write 金额({citation}) in the clause that uses it, not in a 定义, 参数, 默认, 合计上限 or 就高不重复",
)
define(
    "clause_ref.cycle",
    zh="条款的金额互相引用，哪一条都无法先算出：{cycle}",
    en="clauses refer to each other's amounts, so none of them can be computed first: {cycle}",
)
define(
    "clause_ref.cycle.hint",
    zh="引用只能单向：去掉其中一处 金额(…)，按原文写出所依据的金额",
    en="a reference goes one way only: remove one of the 金额(…) and write the amount the text bases it on",
)
define(
    "clause_ref.in_rule",
    zh="条款 {clause} 属于{kind}“{group}”，它最终得到多少要等条款之间的规则算完才知道；金额({citation}) 暂不能引用这样的条款",
    en=(
        "clause {clause} belongs to the {kind} “{group}”, so what it is finally paid is known only once the rules "
        "between clauses are applied; 金额({citation}) cannot refer to such a clause yet"
    ),
)
define(
    "clause_ref.in_rule.hint",
    zh="若原文所依据的是该条款实际获得的金额，可把它写为案例给出的事实（如 事实 已获{clause}奖励: 金额）",
    en="if the text means what that clause was actually paid, make it a fact the case gives (事实 已获{clause}奖励: 金额)",
)
define("clause_ref.kind.exclusive", zh="取高不重复", en="取高不重复 group")
define("clause_ref.kind.group_cap", zh="合计上限", en="合计上限 shared ceiling")
define("clause_ref.kind.choice", zh="不重复享受", en="不重复享受 group")
define("clause_ref.kind.other_funds", zh="就高不重复", en="就高不重复 rule")

define(
    "clause_ref.syntax.not_citation",
    zh="金额(…) 中须写条款编号，“{token}”不是条款编号",
    en="金额(…) takes a clause number, and “{token}” is not one",
)
define("clause_ref.syntax.empty", zh="金额() 中缺少条款编号", en="金额() lacks the clause number")
define(
    "clause_ref.syntax.title_hint",
    zh="“{title}”是条款 {citation} 的标题：写成 金额({citation})",
    en="“{title}” is the title of clause {citation}: write 金额({citation})",
)

# ---------------------------------------------------------------------------- batch
define(
    "clause_ref.batch.in_items",
    zh="逐项之中的 金额({citation}) 没有按列的形式（列按企业排，逐项按每一项排）",
    en="金额({citation}) inside 逐项 has no column form (columns are per enterprise, 逐项 per item)",
)

# ---------------------------------------------------------------------------- eval
define(
    "clause_ref.explain.line",
    zh="  引用：金额({citation}) = {amount}（{parts}）",
    en="  Refers to: 金额({citation}) = {amount} ({parts})",
)
define("clause_ref.explain.part", zh="{clause}“{title}”{status} {amount}", en="{clause} “{title}” {status} {amount}")
define("clause_ref.explain.part_open", zh="{clause}“{title}”不可确定", en="{clause} “{title}” not determinable")
define("clause_ref.explain.part_sep", zh="；", en="; ")
define("clause_ref.explain.open", zh="不可确定", en="not determinable")
define(
    "clause_ref.reason.unspecified",
    zh="引用的条款 {clauses} 不可确定（原文未规定 {names}），本条款金额随之无法确定；可用 --set {first}=… 假定一个值",
    en=(
        "the clause it refers to, {clauses}, is not determinable (the text does not give {names}), so neither is "
        "this one; assume a value with --set {first}=…"
    ),
)
define(
    "clause_ref.reason.needs_facts",
    zh="引用的条款 {clauses} 需要案例缺少的事实{names}，本条款金额随之无法确定；请在案例中写上",
    en="the clause it refers to, {clauses}, needs fact {names}, which the case lacks, so neither can be determined; add it to the case",
)
define(
    "clause_ref.reason.failed",
    zh="引用的条款 {clauses} 无法计算，本条款金额随之无法确定",
    en="the clause it refers to, {clauses}, cannot be computed, so neither can this one",
)
