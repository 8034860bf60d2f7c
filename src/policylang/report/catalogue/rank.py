"""Messages for places within the population (名次) and awards by place (按名次), and amount lists."""

from policylang.report.i18n import define

# ------------------------------------------------------------------ load time
define(
    "rank.not_a_rank",
    zh="“按名次 {name}”：“{name}”不是名次",
    en="“按名次 {name}”: “{name}” is not a 名次 (a place within the population)",
)
define(
    "rank.hint.declare",
    zh='先声明名次，如 名次 出口额名次 = 出口额 从高到低 排名 并列 未规定 "原文未规定并列时如何排名"',
    en='declare the place first, e.g. 名次 出口额名次 = 出口额 从高到低 排名 并列 未规定 "the text does not say how ties are placed"',
)
define(
    "rank.bad_count",
    zh="奖项“{prize}”的名额“{count}”须为正整数，如 1名",
    en="the number of places of the prize “{prize}” (“{count}”) must be a whole number above 0, e.g. 1名",
)
define("rank.hint.count", zh="写成 一等奖 1名: 30万元", en="write 一等奖 1名: 30万元")
define(
    "rank.not_money",
    zh="奖项“{prize}”的奖励须为金额，这里是{type}",
    en="the award of the prize “{prize}” must be an amount, but it is {type}",
)
define("rank.hint.money", zh="写成金额，如 30万元", en="write an amount, e.g. 30万元")
define(
    "rank.list_length",
    zh="“分别”之后须为每个奖项各一个金额：{prizes} 个奖项，{amounts} 个金额",
    en="“分别” must be followed by one amount per prize: {prizes} prizes, {amounts} amounts",
)
define(
    "rank.hint.list_length",
    zh="如 一等奖1名、二等奖2名、三等奖3名 分别 30万元、20万元、10万元",
    en="e.g. 一等奖1名、二等奖2名、三等奖3名 分别 30万元、20万元、10万元",
)
define(
    "rank.list_mixed",
    zh="金额列表中“{item}”与其余各项不同类：金额与比例不能列在一起",
    en="“{item}” is not of the kind of the other items of the list: amounts and ratios cannot be listed together",
)
define(
    "rank.hint.list_mixed",
    zh="每项写成金额，如 30万元、20万元、10万元；单位只写在最后一项时对各项都适用",
    en="write each item as an amount, e.g. 30万元、20万元、10万元; a unit written on the last item only applies to all",
)
define(
    "rank.key_unknown",
    zh="名次按“{name}”排定，但没有名为“{name}”的事实",
    en="the place is by “{name}”, but there is no fact named “{name}”",
)
define(
    "rank.key_not_number",
    zh="名次须按一个数值事实排定（金额、数量、比例或数），“{name}”是{type}",
    en="a place is by a numeric fact (an amount, a quantity, a ratio or a number); “{name}” is {type}",
)
define(
    "rank.hint.key",
    zh='先声明事实，如 事实 出口额: 金额 "当年出口额"',
    en='declare the fact first, e.g. 事实 出口额: 金额 "the year\'s exports"',
)

define("rank.hint.key_facts", zh="可按以下数值事实排名：{names}", en="a place can be by these numeric facts: {names}")

# ------------------------------------------------------------------ eval: a place the case does not give
define(
    "rank.reason.needs_rank",
    zh="名次须在全体申报企业中排定（{names}）：可在案例中写上，如 {example}，或以 policylang batch 在全体企业中排定",
    en="a place must be ranked among all the applicants ({names}): give it in the case, e.g. {example}, "
    "or rank the whole population with policylang batch",
)
define(
    "rank.case.not_a_place",
    zh="“{name}”是名次，须为正整数（1 为第一名），这里是 {value}",
    en="“{name}” is a place and must be a whole number from 1 (the first), but it is {value}",
)
define("rank.case.hint", zh="如 {name}: 2", en="e.g. {name}: 2")

# ------------------------------------------------------------------ batch: the places computed over the population
define(
    "rank.batch.note",
    zh="名次“{name}”在本人群中排定：{ranked} 家在范围内{ties}",
    en="the place “{name}” is ranked over this population: {ranked} in its 范围{ties}",
)
define(
    "rank.batch.ties",
    zh="，{open} 家并列且名次跨越奖项界限，不可确定（{note}）",
    en=", {open} tied across a prize boundary, not determinable ({note})",
)

define(
    "rank.batch.given",
    zh="名次“{name}”由人群文件给出，未在人群中重新排定",
    en="the place “{name}” is given by the population file and not ranked again",
)
define(
    "rank.batch.equal_keys",
    zh="{key}与{tie}都相同，原文未规定如何排名",
    en="equal in both {key} and {tie}, and the text does not say how they are placed",
)
define(
    "rank.batch.scope_open",
    zh="范围不可确定的企业可能排在前面",
    en="enterprises whose 范围 is not determinable may be ahead",
)
define(
    "rank.batch.unsupported",
    zh="名次“{name}”无法在人群上逐列排定：{why}",
    en="the place “{name}” cannot be ranked column by column over the population: {why}",
)

# ------------------------------------------------------------------ check
define("check.rule.UNSPEC005", zh="并列规则未规定", en="tie rule not specified by the text")
define(
    "check.UNSPEC005.message",
    zh="名次“{name}”：原文未规定{key}相同时如何排名（并列 未规定）；{citations} 的名次跨越奖项界限时不可确定",
    en="the place “{name}”: the text does not say how equal {key} are placed (并列 未规定); where tied places "
    "straddle a prize boundary, {citations} is not determinable",
)
define(
    "check.UNSPEC005.suggestion",
    zh="原文若说明了并列的排法，改写为 并列 同名次 或 并列 按 另一事实 从高到低",
    en="if the text says how ties are placed, write 并列 同名次 or 并列 按 ANOTHER_FACT 从高到低",
)

# ------------------------------------------------------------------ diff
define("diff.kind.rank", zh="名次", en="place")
define("rank.diff.scope", zh="名次 {name}", en="place {name}")
define("rank.diff.subject", zh="名次“{name}”的排法", en="how the place “{name}” is ranked")
