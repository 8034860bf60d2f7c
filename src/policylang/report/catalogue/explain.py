"""The words of `eval`: the table, `--explain`, and the sentences of the JSON's rendered fields.

Names, titles, citations, conditions and formulas as written are the policy's own words: they are
arguments here, never translated.
"""

from policylang.report.i18n import define

# --- separators and small words
define("explain.list_sep", zh="、", en=", ")
define("explain.values_sep", zh="，", en=", ")
define("explain.unspecified", zh="未规定", en="unspecified")
define("explain.not_given", zh="案例未给出", en="not given")
define("explain.yes", zh="是", en="yes")
define("explain.no", zh="否", en="no")
define("explain.items_count", zh="{count}项", en="{count} items")

# --- rounding (policy header)
define("rounding.half_up", zh="四舍五入", en="round half up")
define("rounding.down", zh="舍去", en="round down")
define("rounding.up", zh="进一", en="round up")
define("rounding.half_even", zh="银行家舍入", en="round half to even")
define("unit.fen", zh="分", en="fen")
define("unit.jiao", zh="角", en="jiao")
define("unit.yuan", zh="元", en="yuan")
define("rounding.rule", zh="{mode}到{unit}", en="{mode} to the {unit}")
define(
    "rounding.unknown",
    zh="不认识的舍入规则“{mode} 到 {unit}”",
    en="unknown rounding rule “{mode} 到 {unit}”",
)
define(
    "rounding.hint",
    zh="方式：四舍五入、舍去、进一、银行家舍入；单位：分、角、元",
    en="modes: 四舍五入, 舍去, 进一, 银行家舍入; units: 分, 角, 元",
)

# --- the table
define("explain.header.citation", zh="条款", en="Clause")
define("explain.header.title", zh="事项", en="Item")
define("explain.header.amount", zh="金额", en="Amount")
define("explain.header.note", zh="说明", en="Note")
define("explain.title", zh="{title}  （舍入：{rounding}）", en="{title}  (rounding: {rounding})")
define("explain.total", zh="合计：{amount}", en="Total: {amount}")
define(
    "explain.total_pending",
    zh="（另有 {citations} 不可确定，未计入）",
    en=" ({citations} not determinable, not included)",
)
define("explain.note", zh="注：{note}", en="Note: {note}")
define("explain.assumed_table", zh="假定值（--set）：{values}", en="Assumed values (--set): {values}")
define(
    "explain.assumed_explain",
    zh="假定值（--set，非政策原文）：{values}",
    en="Assumed values (--set, not from the policy text): {values}",
)
define("explain.binding", zh="{name} = {value}", en="{name} = {value}")

# --- one clause
define("explain.clause", zh="【{citation}】{title}：{amount}{status}", en="[{citation}] {title}: {amount}{status}")
define("explain.clause_status", zh="（{status}）", en=" ({status})")
define("explain.quote", zh="  原文：{quote}", en="  Text: {quote}")
define("explain.reading", zh="  解读：{reading}", en="  Reading: {reading}")
define("explain.conditions", zh="  条件：", en="  Conditions:")
define("explain.condition_values", zh="（{values}）", en=" ({values})")
define("explain.formula", zh="  计算：{formula}", en="  Computed: {formula}")
define("explain.item_label", zh="第{index}项", en="item {index}")
define("explain.item_label_named", zh="第{index}项（{label}）", en="item {index} ({label})")
define(
    "explain.item",
    zh="    {mark} {label}：{formula}{amount}{caps}；{reason}",
    en="    {mark} {label}: {formula}{amount}{caps}; {reason}",
)
define("explain.item_cap", zh="，受“{cap}”{limit}限制", en=", limited by “{cap}” {limit}")
define("explain.caps", zh="  上限：", en="  Caps:")
define(
    "explain.cap",
    zh="    {mark} {cap}：{limit}{paid}，计算额 {before}，{state}",
    en="    {mark} {cap}: {limit}{paid}, computed {before}, {state}",
)
define("explain.cap_group", zh="{cap}（{group_by}：{key}）", en="{cap} ({group_by}: {key})")
define("explain.cap_paid", zh="（累计上限扣除已获 {paid}）", en=" (cumulative: less {paid} already received)")
define("explain.cap_binds", zh="起作用", en="binds")
define("explain.cap_not_reached", zh="未触及", en="not reached")
define("explain.unspecified_param", zh="  未规定：{name}", en="  Unspecified: {name}")
define("explain.unspecified_note", zh="  未规定：{name} — {note}", en="  Unspecified: {name} — {note}")
define("explain.upper_bound", zh="  已知上限：最多 {amount}", en="  Known maximum: at most {amount}")
define("explain.adjustment", zh="  调整：{text}", en="  Adjusted: {text}")
define(
    "explain.assumed",
    zh="  假定：{name} = {value}（--set 给出，非原文）",
    en="  Assumed: {name} = {value} (given with --set, not from the text)",
)
define("explain.result", zh="  结果：{reason}", en="  Result: {reason}")

# --- why an item counts or not
define("item.counted", zh="计入", en="counted")
define(
    "item.counted_negative", zh="计入（计算结果为负 {raw}，按0计）", en="counted (computed {raw}, negative, paid as 0)"
)
define("item.failed_condition", zh="不满足条件：{condition}", en="condition not met: {condition}")
define("item.over_limit", zh="超过数量限制：{where}{limit}", en="over the quantity limit: {where}{limit}")
define("item.over_limit_group", zh="同一{group_by}“{key}”", en="same {group_by} “{key}” ")
define("item.limit", zh="至多{count}个（取{order}）", en="at most {count} ({order})")
define("limit.most_favourable", zh="最有利", en="the most favourable")
define("limit.as_listed", zh="申报顺序", en="as listed")
define("item.over_limit_clause", zh="本条款", en="this clause ")

# --- why a clause has its status
define("reason.failed_condition", zh="不满足条件：{condition}", en="condition not met: {condition}")
define("reason.zero_amount", zh="符合条件，但金额为0", en="eligible, but the amount is 0")
define("reason.tier_separator", zh="；", en="; ")
define(
    "reason.zero_no_tier",
    zh="符合条件，但不在任何一档的范围内（{tiers}），金额为0",
    en="eligible, but no tier applies ({tiers}), so the amount is 0",
)
define(
    "reason.zero_nearest_tier",
    zh="符合条件，但不在任何一档的范围内（最近的一档：{tier}，{distance}），金额为0",
    en="eligible, but no tier applies (the nearest: {tier}, {distance}), so the amount is 0",
)
define("tier.short", zh="差{gap}", en="{gap} short of it")
define("tier.over", zh="超出{gap}", en="{gap} over it")
define("tier.needs_more_than", zh="须超过{bound}，现为{value}", en="it needs more than {bound}, the firm has {value}")
define("tier.needs_less_than", zh="须低于{bound}，现为{value}", en="it needs less than {bound}, the firm has {value}")
define(
    "reason.zero_no_item_qualified",
    zh="符合条件，但“{items}”所列{count}项都不满足逐项条件，金额为0",
    en="eligible, but none of the {count} listed in “{items}” met its conditions, so the amount is 0",
)
define(
    "reason.zero_no_items",
    zh="符合条件，但“{items}”没有列出任何一项，金额为0",
    en="eligible, but no items were given in “{items}”, so the amount is 0",
)
define("reason.by_formula", zh="按公式计算", en="as the formula gives")
define("reason.capped", zh="受“{cap}”限制", en="limited by “{cap}”")
define(
    "reason.unspecified",
    zh="原文未规定 {names}，无法确定金额；可用 --set {first}=… 假定一个值",
    en="the text does not give {names}, so the amount cannot be determined; assume a value with --set {first}=…",
)
define(
    "reason.needs_facts",
    zh="案例缺少事实{names}，无法确定金额；请在案例中写上",
    en="the case lacks fact {names}, so the amount cannot be determined; add it to the case",
)
define(
    "reason.kept_other", zh="取高不重复：已按 {kept} 给予", en="highest only (取高不重复): paid under {kept} instead"
)
define(
    "reason.bound_too_low",
    zh="取高不重复：最多 {bound}，不高于同组已确定的金额",
    en="highest only (取高不重复): at most {bound}, not above an amount already determined in the group",
)
define(
    "reason.rival_undetermined",
    zh="取高不重复：同组的 {rivals} 不可确定，无法确定取哪一项",
    en="highest only (取高不重复): {rivals} in the same group not determinable, so which one is paid cannot be determined",
)
define(
    "reason.group_cap_failed",
    zh="“{group}”合计上限无法计算：{why}",
    en="the shared ceiling “{group}” cannot be computed: {why}",
)
define(
    "reason.group_cap_used_up",
    zh="“{group}”的合计上限已由前列条款用完",
    en="the shared ceiling “{group}” is used up by the clauses listed before",
)

# --- what changed a clause's amount after its formula
define("event.negative_to_zero", zh="计算结果为负（{raw}），按0计", en="computed {raw}, negative: paid as 0")
define(
    "event.excluded_for",
    zh="“{group}”取高不重复：取 {kept}，本条款不再给予（原为 {before}）",
    en="“{group}” highest only (取高不重复): {kept} is paid, not this clause (was {before})",
)
define(
    "reason.choice_kept",
    zh="不重复享受“{group}”：按假定保留 {kept}，本条款不重复享受",
    en="not both (不重复享受) “{group}”: {kept} taken as the one kept, so this clause is not paid as well",
)
define(
    "reason.choice_open",
    zh="不重复享受“{group}”：{rivals} 也可享受，原文未规定保留哪一项，无法确定；可用 --set {group}=… 假定保留哪一项",
    en="not both (不重复享受) “{group}”: {rivals} could be paid as well and the text does not say which is kept,"
    " so it cannot be determined; --set {group}=… assumes the one kept",
)
define(
    "event.not_doubled_kept",
    zh="不重复享受“{group}”：保留 {kept}，本条款不予重复享受（本条款单独计算为 {before}）",
    en="not both (不重复享受) “{group}”: {kept} kept, this clause not paid as well (this clause alone: {before})",
)
define(
    "event.not_doubled_open",
    zh="不重复享受“{group}”：{rivals} 也可享受，原文未规定保留哪一项（本条款单独计算为 {before}）",
    en="not both (不重复享受) “{group}”: {rivals} could be paid as well and the text does not say which is kept"
    " (this clause alone: {before})",
)
define(
    "reason.other_funds_applied",
    zh="就高不重复“{group}”：本项目已获其他专项资金 {other}",
    en="higher of the two (就高不重复) “{group}”: the project already received {other} from other funds",
)
define(
    "reason.other_funds_open",
    zh="就高不重复“{group}”：本项目已获其他专项资金，原文未规定按哪种读法（补差额或高于才给），无法确定；可用 --set {group}=… 假定",
    en="higher of the two (就高不重复) “{group}”: the project already received other funds and the text does not"
    " say how to read it (补差额 the difference, or 高于才给 only if higher), so it cannot be determined;"
    " --set {group}=… assumes a reading",
)
define(
    "event.other_funds_reduced",
    zh="就高不重复“{group}”：本项目已获其他专项资金 {other}：{before} → {after}",
    en="higher of the two (就高不重复) “{group}”: the project already received {other} from other funds:"
    " {before} → {after}",
)
define(
    "reason.group_cap_shared",
    zh="合计上限“{group}”：排在前面的 {members} 不可确定，本条款在上限内能得多少无法确定",
    en="shared cap (合计上限) “{group}”: {members} listed before it not determinable, so how much of the cap"
    " is left for this clause cannot be determined",
)
define(
    "reason.group_cap_limit_open",
    zh="合计上限“{group}”的额度原文未规定（{names}），可能压低本条款的金额，无法确定",
    en="the limit of the shared cap (合计上限) “{group}” is not specified by the text ({names}) and could lower"
    " this clause's amount: not determinable",
)
define(
    "reason.exclusive_limit_open",
    zh="取高不重复“{group}”：合计上限“{cap}”的额度原文未规定（{names}），本条款与 {rivals} 取哪一项对企业最有利取决于它，无法确定",
    en="取高不重复 “{group}”: the limit of the shared cap (合计上限) “{cap}” is not specified by the text ({names}),"
    " and whether this clause or {rivals} is the most favourable depends on it: not determinable",
)
define(
    "reason.exclusive_limit_failed",
    zh="取高不重复“{group}”：合计上限“{cap}”的额度对本企业无法计算，本条款与 {rivals} 取哪一项对企业最有利取决于它，无法确定",
    en="取高不重复 “{group}”: the limit of the shared cap (合计上限) “{cap}” cannot be computed for this case,"
    " and whether this clause or {rivals} is the most favourable depends on it: not determinable",
)
define(
    "event.undetermined_by_share",
    zh="合计上限“{group}”：排在前面的 {members} 不可确定，本条款在上限内能得多少无法确定（本条款单独计算为 {before}）",
    en="shared cap (合计上限) “{group}”: {members} listed before it not determinable, so how much of the cap"
    " is left for this clause cannot be determined (this clause alone: {before})",
)
define(
    "event.undetermined_by_rivals",
    zh="“{group}”取高不重复：同组的 {rivals} 不可确定，无法确定取哪一项（本条款单独计算为 {before}）",
    en="“{group}” highest only (取高不重复): {rivals} in the same group not determinable, so which one is paid"
    " cannot be determined (this clause alone: {before})",
)
define(
    "event.group_cap_unavailable",
    zh="“{group}”合计上限无法计算：{why}（本条款单独计算为 {before}）",
    en="the shared ceiling “{group}” cannot be computed: {why} (this clause alone: {before})",
)
define(
    "event.group_cap_reduced",
    zh="“{group}”合计上限 {limit}：{before} → {after}",
    en="shared ceiling “{group}” {limit}: {before} → {after}",
)

# --- what the cross-clause rules did
define(
    "note.rivals_undetermined",
    zh="“{group}”取高不重复：{rivals} 不可确定，本组结果不可确定",
    en="“{group}” highest only (取高不重复): {rivals} not determinable, so the group's result is not determinable",
)
define(
    "note.exclusive_kept",
    zh="“{group}”取高不重复：取 {kept}{why}",
    en="“{group}” highest only (取高不重复): {kept} is paid{why}",
)
define(
    "note.exclusive_most_favourable",
    zh="（计入合计上限后对企业最有利）",
    en=" (the most favourable once the shared ceilings apply)",
)
define(
    "note.group_cap_failed",
    zh="“{group}”合计上限无法计算：{why}",
    en="the shared ceiling “{group}” cannot be computed: {why}",
)
define(
    "note.group_cap_exceeded",
    zh="“{group}”合计 {total} 超过上限，按 {limit} 给予",
    en="“{group}” totals {total}, above its ceiling: {limit} is paid",
)

# --- --clause: a clause evaluated on its own that a cross-clause rule ties to others
define(
    "alone.exclusive",
    zh="取高不重复“{group}”（{members}）",
    en="the highest-only group (取高不重复) “{group}” ({members})",
)
define("alone.group_cap", zh="合计上限“{group}”（{members}）", en="the shared ceiling (合计上限) “{group}” ({members})")
define(
    "alone.no_double", zh="不重复享受“{group}”（{members}）", en="the not-both rule (不重复享受) “{group}” ({members})"
)
define(
    "alone.other_funds",
    zh="就高不重复“{group}”（{members}）",
    en="the rule against other funds (就高不重复) “{group}” ({members})",
)
define("alone.groups_sep", zh="和", en=" and ")
define(
    "alone.note",
    zh="{citation} 属于{groups}，此处单独计算；按本案例完整计算，该条款{full}",
    en="{citation} belongs to {groups} and is evaluated here on its own; the full evaluation of this case {full}",
)
define("alone.full_paid", zh="给予 {amount}", en="pays it {amount}")
define("alone.full_other", zh="{status}（{why}）", en="gives it: {status} ({why})")
define("explain.alone", zh="  单独计算：{text}", en="  On its own: {text}")

# --- formulas
define("formula.chosen", zh="{branch}（因 {condition} 为{truth}）", en="{branch} (as {condition} is {truth})")
define(
    "formula.tier_pending", zh="分档（取决于未规定的 {params}）", en="brackets (depends on the unspecified {params})"
)
define(
    "formula.tier_pending_facts",
    zh="分档（取决于案例未给出的 {facts}）",
    en="brackets (depends on {facts}, which the case does not give)",
)
define("formula.tier_chosen", zh="分档（{condition}）: {amount}", en="brackets ({condition}): {amount}")
define("formula.tier_other", zh="其他", en="otherwise")
define("formula.tier_none", zh="分档（无一档适用）: 0元", en="brackets (none applies): 0元")
define("formula.items", zh="逐项 {items}：{award}", en="per item of {items}: {award}")

# --- cases that cannot be computed
define("exact.division_by_zero", zh="“{text}”的除数为0", en="the divisor of “{text}” is 0")
define("exact.step_not_positive", zh="“每满”的步长须大于0", en="the step of “每满” must be greater than 0")
define(
    "exact.lookup_before_table",
    zh="表“{table}”中没有 {key} 当日或之前的数值（表中最早一行为 {first}），无法确定金额；请核对日期，或在表中补上更早的一行",
    en="table “{table}” has no value on or before {key} (its earliest row is {first}), so the amount cannot be"
    " determined; check the date, or add an earlier row to the table",
)
