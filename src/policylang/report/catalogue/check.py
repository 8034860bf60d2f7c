"""`policylang check`: rule descriptions, finding messages, notes, suggestions, counterexample
titles and the summary line. Policy words (citations, names, conditions, literals) are arguments."""

from policylang.report.i18n import define

# ---------------------------------------------------------------------------- rules (SARIF, JSON)
define(
    "check.rule.CAP001",
    zh="上限永远不起作用：外层（或同层）另有一个总是更低的上限",
    en="a cap that never takes effect: another cap at its level or outside is always at most as low",
)
define(
    "check.rule.CAP002",
    zh="累计上限低于单次（单年）可得的最高金额",
    en="a cumulative cap below the most one application (one year) may pay",
)
define(
    "check.rule.CAP003",
    zh="合计上限低于其中某一条款自身的上限",
    en="a shared ceiling (合计上限) below a member clause's own cap",
)
define(
    "check.rule.CAP004",
    zh="定额奖励高于本条款自己的上限，永远不能足额给予",
    en="a fixed award above the clause's own cap, never paid in full",
)
define("check.rule.CAP005", zh="上限达到或超过整笔资金总额", en="a cap as large as the whole fund or larger")
define(
    "check.rule.COND001",
    zh="条件永远不能同时满足，本条款永远不会给付",
    en="conditions that can never hold together: the clause never pays",
)
define(
    "check.rule.COND002",
    zh="条件满足时金额也总是0，本条款永远不会给付",
    en="an amount that is always 0 when the conditions hold: the clause never pays",
)
define("check.rule.COND003", zh="条件总是成立，写了等于没写", en="a condition that always holds and so says nothing")
define(
    "check.rule.TIER001",
    zh="分档有缺口：规模更大的企业落在各档之间，一分不得",
    en="a gap between tiers: a larger enterprise falls between them and gets nothing",
)
define(
    "check.rule.TIER002",
    zh="分档重叠：企业同时符合两档，却只按较低的一档给予",
    en="overlapping tiers: an enterprise meets two tiers and is paid by the lower one",
)
define(
    "check.rule.TIER003",
    zh="分档不单调：各项都更大的企业反而得到更少",
    en="tiers not monotonic: an enterprise larger on every dimension is paid less",
)
define("check.rule.TIER004", zh="某一档永远不会适用", en="a tier that never applies")
define(
    "check.rule.TIER005",
    zh="边界用语自相矛盾（如“超过…(含)”）",
    en="boundary words that contradict each other (such as “超过…(含)”)",
)
define(
    "check.rule.RATE001",
    zh="比例超过100%：给付高于费用本身",
    en="a rate above 100%: the payment exceeds the cost itself",
)
define(
    "check.rule.RATE002",
    zh="叠加的比例超过100%：同一笔费用合计给付高于费用本身",
    en="rates adding past 100%: one cost is paid more than itself in all",
)
define(
    "check.rule.UNSPEC001",
    zh="原文未规定的数值，须由起草者确定",
    en="a number the text leaves open, for the drafter to settle",
)
define(
    "check.rule.EXCL001",
    zh="取高不重复的各条款永远不会同时适用，该组不起作用",
    en="a 取高不重复 group whose clauses never apply together, so it decides nothing",
)
define(
    "check.rule.EXCL002",
    zh="两个条款为同一笔费用给付，却不在同一取高不重复组内",
    en="two clauses paying for the same cost outside any common 取高不重复 group",
)
define(
    "check.rule.CHK001",
    zh="无法检查：求解器没有得出结论（不等于没有问题）",
    en="could not check: the solver reached no conclusion (which is not the same as no problem)",
)

# ---------------------------------------------------------------------------- check families
define("check.family.caps", zh="上限", en="caps")
define("check.family.conditions", zh="条件", en="conditions")
define("check.family.tiers", zh="分档", en="tiers")
define("check.family.rates", zh="比例", en="rates")
define("check.family.exclusive", zh="取高不重复", en="取高不重复 groups")
define("check.family.unspecified", zh="未规定的数值", en="unspecified numbers")

# ---------------------------------------------------------------------------- could not check (CHK001)
define(
    "check.CHK001.message",
    zh="{subject} 的{family}检查无法完成：{reason}",
    en="could not check the {family} of {subject}: {reason}",
)
define("check.CHK001.policy", zh="本政策", en="this policy")
define(
    "check.CHK001.suggestion",
    zh="这一项没有检查，不代表没有问题：请人工核对，或用 policylang eval 在边界附近的案例上验证",
    en="unchecked is not the same as correct: review it by hand, or try cases near the boundaries with policylang eval",
)
define(
    "check.CHK001.unsupported",
    zh="检查器还不能把“{detail}”写成求解器的公式",
    en="the checker cannot yet turn “{detail}” into a solver formula",
)
define(
    "check.CHK001.timeout", zh="求解器在 {ms} 毫秒内没有得出结论", en="the solver reached no conclusion within {ms} ms"
)
define("check.CHK001.solver-error", zh="求解器出错（{detail}）", en="the solver failed ({detail})")
define(
    "check.CHK001.too-deep", zh="表达式嵌套过深，求解器无法处理", en="an expression is nested too deeply for the solver"
)
define(
    "check.CHK001.unwritable",
    zh="求解器找到的情形无法写成案例文件（如依赖列表的合计或计数）",
    en="the case the solver found cannot be written as a case file (for example, it relies on a sum or count over a list)",
)
define(
    "check.CHK001.unconfirmed",
    zh="求解器找到的反例经 eval 计算并不成立（取高不重复、合计上限只由 eval 计算），无法确认",
    en="the counterexample the solver found does not hold under eval (取高不重复 and 合计上限 are applied by eval only), so it cannot be confirmed",
)
define("check.CHK001.because", zh="原因：{why}", en="why: {why}")
define(
    "check.unsupported.cross_rules",
    zh="取高不重复、合计上限不写成求解器公式，由 eval 在确认反例时计算",
    en="取高不重复 and 合计上限 are not encoded for the solver; eval applies them when it confirms a counterexample",
)

# ---------------------------------------------------------------------------- shared pieces
define("check.list.sep", zh="、", en=", ")
define("check.note.quoted_at", zh="“{name}”写在 {location}", en="“{name}” is written at {location}")
define("check.note.clause_at", zh="{citation} 写在 {location}", en="{citation} is written at {location}")
define(
    "check.note.domain",
    zh="比例在 0%～100% 之间，金额和数量不小于0",
    en="rates lie between 0% and 100%; amounts and quantities are never below 0",
)
define(
    "check.example.heading",
    zh="反例{count}（案例文件，policylang eval 可直接运行）：",
    en="counterexample{count} (a case file that policylang eval runs as it is):",
)
define(
    "check.example.comment",
    zh="反例：{title}\n运行：policylang eval {source} 本文件",
    en="counterexample: {title}\nrun: policylang eval {source} THIS_FILE",
)
define("check.sarif.suggestion", zh="建议：{suggestion}", en="suggestion: {suggestion}")
define("check.base", zh="基数", en="base")

# ---------------------------------------------------------------------------- summary
define("check.summary.files", zh="检查了 {count} 个政策文件：", en="checked {count} policy file(s): ")
define("check.summary.clean", zh="没有发现问题", en="no problems found")
define(
    "check.summary.counts",
    zh="{errors} 个错误，{warnings} 个警告，{infos} 条提示",
    en="{errors} error(s), {warnings} warning(s), {infos} info(s)",
)
define("check.summary.unchecked", zh="，其中 {count} 项无法检查", en=", {count} of them could not be checked")
define("check.summary.written", zh="；已写出 {count} 个反例文件", en="; wrote {count} counterexample file(s)")

# ---------------------------------------------------------------------------- caps
define("check.scope.每项", zh="每项", en="per item")
define("check.scope.每组", zh="每组", en="per group")
define("check.scope.条款", zh="本条款", en="this clause")
define("check.scope.累计", zh="累计", en="cumulative")
define("check.CAP001.same", zh="同一层级", en="same-level")
define("check.CAP001.outer", zh="外层（{scope}）", en="outer ({scope})")
define(
    "check.CAP001.message",
    zh="上限“{cap}”（{limit}）永远不起作用：{relation}的上限“{other}”（{other_limit}）总是不高于它",
    en="cap “{cap}” ({limit}) never takes effect: the {relation} cap “{other}” ({other_limit}) is never higher",
)
define(
    "check.CAP001.items",
    zh="上限“{cap}”（{limit}）永远不起作用：每组{count}，{per_item}，一组合计总是不高于它",
    en="cap “{cap}” ({limit}) never takes effect: each group takes {count}, {per_item}, so a group's total is never higher",
)
define(
    "check.CAP001.items.suggestion",
    zh="核对原文：同组项数的上限 × 每项的上限不超过同组的上限，同组的上限就不会起作用；是否项数、每项上限或同组上限写错了？若原文如此，可删去不起作用的上限",
    en="check the text: while the items a group may count times each item's cap stays within the group's cap, the group's cap never takes effect; is the count, the item cap or the group cap wrong? If the text says so, the cap that never takes effect can be deleted",
)
define(
    "check.CAP001.item_cap",
    zh="每项不超过上限“{other}”（{other_limit}）",
    en="each item at most its cap “{other}” ({other_limit})",
)
define("check.CAP001.item_award", zh="每项最多得“{award}”", en="each item paid at most “{award}”")
define(
    "check.CAP001.items_title",
    zh="一组 {count} 项、每项得 {each}：{citation} 合计得 {paid}，未超过“{cap}”",
    en="one group of {count} items, {each} each: {citation} pays {paid} in all, not above “{cap}”",
)
define(
    "check.CAP001.suggestion",
    zh="核对原文：较低的上限是否应为较高的一个所含的一部分；若原文如此，可删去不起作用的上限",
    en="check the text: should the lower cap be part of the higher one? If the text says so, the cap that never takes effect can be deleted",
)
define(
    "check.CAP001.title",
    zh="按公式应得 {raw}，高于“{cap}”，但实得 {paid}：起作用的是“{other}”",
    en="the formula gives {raw}, above “{cap}”, yet {paid} is paid: “{other}” is the cap that takes effect",
)
define(
    "check.CAP002.message",
    zh="累计上限“{cap}”（{limit}）低于单次可得的最高金额（{single}）：企业第一次申请就被累计上限截到 {limit}，单次的上限永远达不到",
    en="cumulative cap “{cap}” ({limit}) is below the most one application may pay ({single}): the first application is already cut to {limit}, and the single cap is never reached",
)
define(
    "check.CAP002.per_item",
    zh="累计上限“{cap}”（{limit}）低于“{items}”中一项可得的金额（{single}）：企业第一次申请、只报一项，就被累计上限截到 {limit}，每项的金额永远不能足额给予",
    en="cumulative cap “{cap}” ({limit}) is below what one item of “{items}” may pay ({single}): a first application with a single item is already cut to {limit}, and no item is ever paid in full",
)
define(
    "check.CAP002.title",
    zh="此前未获支持的企业，{citation} 只得 {paid}（受累计上限限制）",
    en="an enterprise never supported before gets only {paid} from {citation} (held by the cumulative cap)",
)
define(
    "check.CAP002.suggestion",
    zh="核对原文：累计上限应不低于单次（单年）的最高金额",
    en="check the text: a cumulative cap should be at least the most one application (one year) may pay",
)
define(
    "check.CAP003.message",
    zh="合计上限“{group}”（{limit}）低于其中 {citation} 自己的上限“{cap}”（{cap_limit}）：这一条款永远拿不到它自己的上限",
    en="shared ceiling “{group}” ({limit}) is below the own cap “{cap}” ({cap_limit}) of its member {citation}: that clause can never reach its own cap",
)
define(
    "check.CAP003.many",
    zh="合计上限“{group}”（{limit}）低于其中 {count} 个条款自己的上限：{members}；这些条款永远拿不到它们自己的上限",
    en="shared ceiling “{group}” ({limit}) is below the own caps of {count} of its members: {members}; those clauses can never reach their own caps",
)
define(
    "check.CAP003.member",
    zh="{citation}（“{cap}”，{cap_limit}）",
    en="{citation} (“{cap}”, {cap_limit})",
)
define(
    "check.CAP003.title",
    zh="{citation} 按本条款应得 {before}，受合计上限只得 {paid}",
    en="{citation} gives {before} by itself, and only {paid} under the shared ceiling",
)
define(
    "check.CAP003.suggestion",
    zh="核对原文：合计上限应不低于其中任一条款自己的上限",
    en="check the text: a shared ceiling should be at least the own cap of each of its clauses",
)
define(
    "check.CAP004.message",
    zh="定额 {amount} 高于本条款的上限“{cap}”（{limit}）：永远只能给到 {paid}，写的金额不能足额给予",
    en="fixed amount {amount} is above the clause's cap “{cap}” ({limit}): at most {paid} is ever paid, never the amount written",
)
define("check.CAP004.who", zh="{facts}的企业：", en="an enterprise with {facts}: ")
define(
    "check.CAP004.title",
    zh="{who}{citation} 写的是 {amount}，实得 {paid}",
    en="{who}{citation} says {amount}, pays {paid}",
)
define(
    "check.CAP004.suggestion",
    zh="核对原文：定额与上限应一致（定额不高于上限）",
    en="check the text: the fixed amount and the cap should agree (the amount not above the cap)",
)
define(
    "check.CAP005.message",
    zh="上限“{name}”（{limit}）达到或超过整笔资金 {funds}（{fund}）",
    en="cap “{name}” ({limit}) reaches or exceeds the whole fund {funds} ({fund})",
)
define(
    "check.CAP005.suggestion",
    zh="核对原文：单项上限通常远低于资金总额；是否把资金总额当成了上限？",
    en="check the text: a single cap is usually far below the fund; was the fund's total taken for a cap?",
)

# ---------------------------------------------------------------------------- conditions
define(
    "check.COND001.one",
    zh="{citation} 永远不会给付：条件{condition}在事实的取值范围内永远不成立",
    en="{citation} never pays: condition {condition} never holds for any value the facts can take",
)
define(
    "check.COND001.many",
    zh="{citation} 永远不会给付：条件 {conditions} 不可能同时成立",
    en="{citation} never pays: conditions {conditions} can never hold together",
)
define(
    "check.COND001.suggestion",
    zh="核对门槛的数字和方向（超过/低于、含/不含）",
    en="check the thresholds' numbers and directions (above/below, inclusive/exclusive)",
)
define(
    "check.COND001.suggestion.facts",
    zh="这些条件读的是是/否（或选项）事实，互相排斥：核对是否多写或漏写了“非”、选错了事实或选项，或原文是“满足其一即可”（应写成一个用“或”连接的条件）",
    en="these conditions read yes/no (or choice) facts and exclude each other: check for a “非” written or left out, a wrong fact or option, or a text meaning “either one” (one condition joined with “或”)",
)
define(
    "check.COND002.message",
    zh="{citation} 永远不会给付：满足全部条件的企业，按公式算出的金额也总是0",
    en="{citation} never pays: for an enterprise meeting every condition, the formula still always gives 0",
)
define("check.COND002.formula", zh="公式：{formula}", en="formula: {formula}")
define(
    "check.COND002.suggestion",
    zh="核对条件与公式（或上限）是否互相抵消，例如上限为0或扣减总是不少于应得金额",
    en="check whether the conditions and the formula (or a cap) cancel out, e.g. a cap of 0, or a deduction never smaller than the award",
)
define(
    "check.COND003.message",
    zh="条件{condition}总是成立，写了等于没写",
    en="condition {condition} always holds, so it says nothing",
)
define(
    "check.COND003.suggestion",
    zh="核对门槛的数字和方向；若确无限制，可删去这一条件",
    en="check the threshold's number and direction; if there really is no limit, the condition can be deleted",
)

# ---------------------------------------------------------------------------- tiers
define("check.tier.some", zh="某一", en="some")
define(
    "check.tier.larger",
    zh="较大的企业（{facts}）：{citation} 得 {amount}",
    en="the larger enterprise ({facts}): {citation} pays {amount}",
)
define(
    "check.tier.smaller",
    zh="较小的企业（{facts}）：{citation} 得 {amount}",
    en="the smaller enterprise ({facts}): {citation} pays {amount}",
)
define(
    "check.TIER001.message",
    zh="分档有缺口：{big}的企业不属于任何一档，得 {big_amount}；而各项都不比它大的{small}的企业可得 {small_amount}",
    en="a gap between tiers: an enterprise with {big} falls in no tier and gets {big_amount}, while one no larger on any dimension, with {small}, gets {small_amount}",
)
define(
    "check.TIER001.bigger",
    zh="规模再大些（{facts}）又可得 {amount}：缺口夹在两档之间",
    en="somewhat larger ({facts}) it gets {amount} again: the gap lies between two tiers",
)
define(
    "check.TIER001.note",
    zh="“其他”档或各档之间的空白使较大的企业落空；若原文确实如此，这是原文的问题，请向起草部门确认",
    en="an “其他” tier or a blank between tiers leaves the larger enterprise with nothing; if the text really says so, the problem is in the text: confirm with the drafting department",
)
define(
    "check.TIER001.suggestion",
    zh="补上缺口：让相邻两档的门槛首尾相接（在 20家(含) 至 30家(不含)、在 30家(含) 至 …），或写明缺口内的企业如何处理",
    en="close the gap: let adjacent tiers meet (在 20家(含) 至 30家(不含), 在 30家(含) 至 …), or say how an enterprise in the gap is treated",
)
define(
    "check.TIER003.message",
    zh="分档不单调：{big}的企业得 {big_amount}，反而少于各项都不比它大的{small}的企业（{small_amount}）",
    en="tiers not monotonic: an enterprise with {big} gets {big_amount}, less than one no larger on any dimension, with {small} ({small_amount})",
)
define(
    "check.TIER003.suggestion",
    zh="核对各档的门槛与金额：规模更大的档应给予不少于较小档的金额（或各档按从高到低的顺序写）",
    en="check the tiers' thresholds and amounts: a larger tier should pay no less than a smaller one (or write the tiers from highest to lowest)",
)
define(
    "check.TIER004.impossible",
    zh="这一档（{row}）永远不会适用：它的条件（连同本条款的条件）不可能成立",
    en="this tier ({row}) never applies: its condition (with the clause's conditions) can never hold",
)
define(
    "check.TIER004.impossible.suggestion",
    zh="核对这一档门槛的数字和方向",
    en="check this tier's threshold number and direction",
)
define(
    "check.TIER004.shadowed",
    zh="这一档（{row}）永远不会适用：符合它的企业都先落入前面的档",
    en="this tier ({row}) never applies: every enterprise meeting it falls into an earlier tier first",
)
define(
    "check.TIER004.title",
    zh="{facts}：符合这一档，却按前面的档计，{citation} 得 {amount}",
    en="{facts}: meets this tier, yet is paid by an earlier one; {citation} pays {amount}",
)
define(
    "check.TIER004.shadowed.suggestion",
    zh="调整各档的顺序（从高到低写），或收窄前面各档的条件",
    en="reorder the tiers (highest first), or narrow the earlier tiers' conditions",
)
define(
    "check.tier.first_row",
    zh="分档按书写顺序取第一个成立的档",
    en="tiers are tried in the order written; the first that holds pays",
)
define(
    "check.TIER002.message",
    zh="分档重叠：{facts}的企业同时符合“{a}”（{low}）和“{b}”（{high}），只按前一档得 {low}",
    en="overlapping tiers: an enterprise with {facts} meets both “{a}” ({low}) and “{b}” ({high}), and gets only {low}, by the earlier one",
)
define(
    "check.TIER002.note",
    zh="分档按书写顺序取第一个成立的档；两档的边界是否都写了“含”？",
    en="tiers are tried in the order written, the first that holds pays; do both boundaries say “含”?",
)
define(
    "check.TIER002.suggestion",
    zh="让相邻两档的边界只含一次本数（如 20家(含) 至 30家(不含)、30家(含) 至 …）",
    en="let the boundary number belong to one tier only (such as 20家(含) 至 30家(不含), 30家(含) 至 …)",
)
define("check.TIER002.title", zh="{facts}：{citation} 得 {amount}", en="{facts}: {citation} pays {amount}")
define("check.boundary.inclusive", zh="含本数", en="includes the number")
define("check.boundary.exclusive", zh="不含本数", en="excludes the number")
define("check.boundary.bracket", zh="括注", en="the bracket")
define("check.boundary.word", zh="“{word}”", en="“{word}”")
define("check.boundary.by_bracket", zh="括注“{mark}”", en="the bracket “{mark}”")
define(
    "check.TIER005.message",
    zh="边界自相矛盾：“{text}”的动词{verb}，{marker}{mark}；现按{marker}计算（{mark}）",
    en="contradictory boundary: in “{text}” the verb {verb}, {marker} {mark}; {marker} is followed ({mark})",
)
define(
    "check.TIER005.note",
    zh="两种读法在边界上给出不同结果：见反例",
    en="the two readings pay differently on the boundary: see the counterexample",
)
define(
    "check.TIER005.suggestion",
    zh="删去其一，使边界只有一种说法：含本数写“{inclusive}”，不含本数写“{exclusive}”",
    en="delete one of them so the boundary is said one way only: to include the number write “{inclusive}”, to exclude it “{exclusive}”",
)
define(
    "check.TIER005.title",
    zh="恰在边界上（{facts}）：按{reading} {citation} 得 {by_mark}，按“{verb}”则得 {by_verb}",
    en="exactly on the boundary ({facts}): by {reading} {citation} pays {by_mark}, by “{verb}” it would pay {by_verb}",
)

# ---------------------------------------------------------------------------- rates
define("check.rate.title", zh="{base} {cost}，{citation} 却给 {paid}", en="{base} {cost}, yet {citation} pays {paid}")
define(
    "check.RATE001.message",
    zh="比例 {rate} 超过100%：给付将高于“{base}”本身",
    en="rate {rate} is above 100%: the payment would exceed “{base}” itself",
)
define(
    "check.RATE001.suggestion",
    zh="核对比例：按费用给予的补助通常不超过费用的100%",
    en="check the rate: a subsidy on a cost is usually at most 100% of the cost",
)
define(
    "check.RATE002.message",
    zh="同一基数“{base}”上的比例合计 {total}，超过100%",
    en="the rates on one base “{base}” add up to {total}, above 100%",
)
define(
    "check.RATE002.suggestion",
    zh="核对各项比例：合计不应超过费用的100%",
    en="check the rates: together they should not exceed 100% of the cost",
)
define(
    "check.RATE002.across",
    zh="{a} 与 {b} 都按“{base}”的比例给付，合计 {total}，同一笔费用合计给付高于费用本身",
    en="{a} and {b} both pay a share of “{base}”, {total} in all: one cost is paid more than itself",
)
define(
    "check.RATE002.across.title",
    zh="{base} {cost}：{a} 与 {b} 合计给 {paid}",
    en="{base} {cost}: {a} and {b} pay {paid} together",
)
define(
    "check.RATE002.across.suggestion",
    zh="若两者是同一支持事项，请用 取高不重复 把它们列为一组；否则核对比例",
    en="if both are the same support item, list them as one 取高不重复 group; otherwise check the rates",
)

# ---------------------------------------------------------------------------- 取高不重复
define(
    "check.EXCL001.message",
    zh="取高不重复“{group}”不起作用：{names} 的条件互斥，永远不会同时给付",
    en="取高不重复 group “{group}” decides nothing: the conditions of {names} exclude each other, so they are never paid together",
)
define(
    "check.EXCL001.suggestion",
    zh="核对各条款的条件；若它们本就互斥，可删去这一组",
    en="check the clauses' conditions; if they exclude each other anyway, the group can be deleted",
)
define(
    "check.EXCL002.message",
    zh="{a} 与 {b} 都按“{base}”给付，同一企业可同时得到两笔，却不在同一取高不重复组内",
    en="{a} and {b} both pay on “{base}”, so one enterprise can get both, yet they are in no common 取高不重复 group",
)
define(
    "check.EXCL002.title",
    zh="同一笔“{base}”：{a} 给 {a_paid}，{b} 又给 {b_paid}",
    en="one and the same “{base}”: {a} pays {a_paid}, and {b} pays {b_paid} as well",
)
define(
    "check.EXCL002.suggestion",
    zh='若是同一支持事项，加一行 取高不重复 "…" {{ {a}, {b} }}；若原文允许同时享受，在解读中写明',
    en='if this is the same support item, add a line 取高不重复 "…" {{ {a}, {b} }}; if the text allows both, say so in a 解读',
)

# ---------------------------------------------------------------------------- unspecified
define("check.UNSPEC001.used", zh="，{citations} 需要它", en="; {citations} need it")
define("check.UNSPEC001.unused", zh="，目前没有条款用到它", en="; no clause uses it yet")
define(
    "check.UNSPEC001.message",
    zh="原文未规定“{name}”（{type}）{where}",
    en="the text does not give “{name}” ({type}){where}",
)
define(
    "check.UNSPEC001.suggestion.reading",
    zh="原文若写明读法，在这条就高不重复末尾写 补差额 或 高于才给；在此之前，eval 对两种读法结果不同的情形给出“不可确定”，可用 --set {name}=… 假定一种读法",
    en="if the text says how to read it, end this 就高不重复 with 补差额 or 高于才给; until then eval reports the cases"
    " where the two readings differ as not determinable, and --set {name}=… assumes a reading",
)
define(
    "check.UNSPEC001.suggestion.choice",
    zh="原文若规定了保留哪一项（如取高），改写为 取高不重复；在此之前，eval 对同时可享受的条款给出“不可确定”，可用 --set {name}=… 假定保留哪一项",
    en="if the text says which one is kept (the highest, say), write 取高不重复 instead; until then eval reports the"
    " clauses that could both be paid as not determinable, and --set {name}=… assumes the one kept",
)
define(
    "check.UNSPEC001.suggestion",
    zh="确定后写成 参数 {name} = …；在此之前，eval 对相关条款给出“不可确定”，可用 --set {name}=… 假定一个值",
    en="once settled, write 参数 {name} = …; until then eval reports the clauses that need it as not determinable, and --set {name}=… assumes a value",
)

# ---------------------------------------------------------------------------- --counterexamples DIR (F003)
define(
    "check.folder.cannot_write",
    zh="无法把反例写入“{folder}”：{reason}",
    en="cannot write the counterexamples into “{folder}”: {reason}",
)
define(
    "check.folder.is_file",
    zh="它（或它的上级）是一个文件，不是目录",
    en="it (or a folder above it) is a file, not a folder",
)
define("check.folder.full", zh="磁盘已满（或超出配额）", en="the disk is full (or the quota is used up)")
define("check.folder.denied", zh="没有写入权限", en="no permission to write there")
define("check.folder.other", zh="系统错误（errno {code}）", en="system error (errno {code})")
define(
    "check.folder.hint",
    zh="--counterexamples 须为一个可写的目录（不存在时会创建），如 --counterexamples 反例",
    en="--counterexamples needs a folder that can be written (made if missing), e.g. --counterexamples counterexamples",
)
