"""`policylang diff`: the report around the changes, the case and population impact, and the change kinds."""

from policylang.report.i18n import define

define("diff.heading", zh="policylang diff：{old} → {new}", en="policylang diff: {old} → {new}")
define("diff.old_title", zh="旧：{title}", en="old: {title}")
define("diff.new_title", zh="新：{title}", en="new: {title}")
define(
    "diff.identical",
    zh="含义没有变化：两个版本的文本完全相同。",
    en="No change of meaning: the two versions are the same text.",
)
define(
    "diff.format_only", zh="含义没有变化：仅格式/注释变化。", en="No change of meaning: formatting and comments only."
)
define(
    "diff.notation_only",
    zh="含义没有变化：仅写法变化（如 100万元 写作 1000000元、超过 写作 >），各数值与边界相同。",
    en="No change of meaning: notation only (such as 100万元 written 1000000元, 超过 written >); every number and boundary is the same.",
)
define("diff.changes", zh="含义的变化（{count} 项）：", en="Changes of meaning ({count}):")
define("diff.change_line", zh="{subject}：{detail}", en="{subject}: {detail}")
define("diff.old", zh="旧", en="old")
define("diff.new", zh="新", en="new")
define("diff.old_version", zh="旧版", en="the old version")
define("diff.new_version", zh="新版", en="the new version")
define("diff.cases", zh="案例影响（{count} 个案例）：", en="Impact on cases ({count} cases):")
define("diff.case", zh="案例", en="case")
define("diff.delta", zh="变化", en="change")
define("diff.by", zh="（{delta}）", en=" ({delta})")
define("diff.clause_line", zh="{cite} {title}：{old} → {new}{by}", en="{cite} {title}: {old} → {new}{by}")
define("diff.no_longer_eligible", zh="不再符合条件：{cites}", en="no longer eligible: {cites}")
define("diff.note", zh="注：{note}", en="note: {note}")
define(
    "diff.rest_unchanged",
    zh="其余 {count} 个案例各条款的结果不变（--format json 列出全部）",
    en="other cases with the same result in every clause: {count} (--format json lists them all)",
)
define("diff.comma", zh="，", en=", ")
define("diff.semicolon", zh="；", en="; ")
define("diff.count", zh="{outcome} {count} 个", en="{outcome} {count}")
define("diff.summary", zh="小结：{counts}", en="Summary: {counts}")
define(
    "diff.totals",
    zh="合计（可比较的案例）：旧 {old}，新 {new}，变化 {delta}",
    en="Total (comparable cases): old {old}, new {new}, change {delta}",
)
define("diff.named_clauses", zh="{name}（{cites}）", en="{name} ({cites})")
define(
    "diff.no_longer_eligible_count", zh="不再符合条件：{count} 个 — {names}", en="No longer eligible: {count} — {names}"
)
define("diff.lacks_facts", zh="案例缺少事实{names}", en="the case lacks the facts {names}")
define(
    "diff.not_run",
    zh="{version} {cite} 未计算：{why}（不计入变化）",
    en="{version}: {cite} not evaluated: {why} (not counted as a change)",
)
define("diff.does_not_fit", zh="不适用于{version}：{where} {problem}", en="does not fit {version}: {where} {problem}")
define("diff.fact_ignored", zh="{version}没有事实“{name}”，已忽略", en="{version} has no fact “{name}”; ignored")
define("diff.fact_in_neither", zh="两版都没有事实“{name}”，已忽略", en="neither version has a fact “{name}”; ignored")
define(
    "diff.fail_on_loss",
    zh="--fail-on-loss 需要案例才能判断谁的金额减少",
    en="--fail-on-loss needs cases to tell whose amount goes down",
)
define(
    "diff.fail_on_loss.hint",
    zh="加上 --cases 案例文件或案例集，如 --cases policies/jixi.cases.yaml",
    en="add --cases with case files or suites, e.g. --cases policies/jixi.cases.yaml",
)
define("diff.status.absent", zh="无此条款", en="no such clause")
define("diff.status.missing_facts", zh="缺少事实", en="facts missing")

# ---------------------------------------------------------------------------- outcomes (tools/outcomes.py)
define("outcome.gain", zh="增加", en="gain")
define("outcome.loss", zh="减少", en="loss")
define("outcome.same", zh="不变", en="same")
define("outcome.undetermined", zh="不可确定", en="not determinable")
define("outcome.not_applicable", zh="不适用", en="not applicable")

# ---------------------------------------------------------------------------- change kinds (diff.ChangeKind)
define("diff.kind.clause_added", zh="新增条款", en="clause added")
define("diff.kind.clause_removed", zh="删除条款", en="clause removed")
define("diff.kind.clause_renumbered", zh="条款编号", en="clause renumbered")
define("diff.kind.title", zh="标题", en="title")
define("diff.kind.source_text", zh="原文", en="source text")
define("diff.kind.reading", zh="解读", en="reading")
define("diff.kind.award", zh="奖励", en="award")
define("diff.kind.per_item", zh="逐项", en="per item")
define("diff.kind.condition", zh="条件", en="condition")
define("diff.kind.condition_added", zh="新增条件", en="condition added")
define("diff.kind.condition_removed", zh="删除条件", en="condition removed")
define("diff.kind.threshold", zh="门槛", en="threshold")
define("diff.kind.boundary", zh="边界", en="boundary")
define("diff.kind.rate", zh="比例", en="rate")
define("diff.kind.unit_price", zh="单价", en="unit price")
define("diff.kind.amount", zh="金额", en="amount")
define("diff.kind.number", zh="数值", en="number")
define("diff.kind.cap", zh="上限", en="cap")
define("diff.kind.cap_added", zh="新增上限", en="cap added")
define("diff.kind.cap_removed", zh="删除上限", en="cap removed")
define("diff.kind.cap_renamed", zh="上限名称", en="cap renamed")
define("diff.kind.limit", zh="数量限制", en="limit")
define("diff.kind.highest_only", zh="取高不重复", en="highest only")
define("diff.kind.not_both", zh="不重复享受", en="not both")
define("diff.kind.other_funds", zh="就高不重复", en="higher of the two")
define("diff.kind.grouping", zh="分组", en="grouping")
define("diff.kind.group_cap", zh="合计上限", en="combined cap")
define("diff.kind.parameter", zh="参数", en="parameter")
define("diff.kind.definition", zh="定义", en="definition")
define("diff.kind.fact", zh="事实", en="fact")
define("diff.kind.table", zh="表", en="table")
define("diff.kind.note", zh="说明文字", en="note")
define("diff.kind.header", zh="标头", en="header")
define("diff.kind.fund", zh="资金", en="fund")

# ---------------------------------------------------------------------------- population impact (batch/diffing.py)
define(
    "population.heading",
    zh="人群影响（{source}，{count} 家企业）：",
    en="Impact on the population ({source}, {count} enterprises):",
)
define(
    "population.cost",
    zh="  修订的成本：旧 {old} → 新 {new}，变化 {delta}（可比较的企业；增加合计 {gained}，减少合计 {lost}）",
    en="  Cost of the revision: old {old} → new {new}, change {delta} (comparable enterprises; gains total {gained}, losses total {lost})",
)
define("population.count", zh="{outcome} {count} 家", en="{outcome} {count}")
define("population.clauses", zh="  各条款：", en="  Per clause:")
define("population.newly", zh="新符合条件 {count} 家", en="newly eligible {count}")
define("population.no_longer", zh="不再符合条件 {count} 家", en="no longer eligible {count}")
define("population.clause", zh="{old} → {new}（{delta}）", en="{old} → {new} ({delta})")
define("population.top_gain", zh="增加最多", en="largest gains")
define("population.top_loss", zh="减少最多", en="largest losses")
define("population.top", zh="  {label}：{names}", en="  {label}: {names}")
define("population.row", zh="第 {row} 行", en="row {row}")
define("population.in_memory", zh="<内存>", en="<in memory>")

# ---------------------------------------------------------------------------- the changes themselves (tools/diff.py)
# Where a change is (its group heading); the policy's names and citations are arguments.
define("diff.scope.header", zh="标头", en="header")
define("diff.scope.parameter", zh="参数 {name}", en="parameter {name}")
define("diff.scope.definition", zh="定义 {name}", en="definition {name}")
define("diff.scope.fact", zh="事实 {name}", en="fact {name}")
define("diff.scope.table", zh="表 {name}", en="table {name}")
define("diff.scope.clause", zh="条款 {cite}", en="clause {cite}")
define("diff.scope.highest_only", zh="取高不重复", en="highest only")
define("diff.scope.not_both", zh="不重复享受", en="not both")
define("diff.scope.other_funds", zh="就高不重复", en="higher of the two")
define("diff.other_funds.unspecified", zh="未规定读法", en="no reading given")
define("diff.scope.group_cap", zh="合计上限", en="combined caps")
define("diff.scope.titled", zh="{scope}“{title}”", en="{scope} “{title}”")
define("diff.title_with_number", zh="{title}（{number}）", en="{title} ({number})")

# What changed, in words.
define("diff.subject.header.title", zh="标题", en="title")
define("diff.subject.header.doc_number", zh="文号", en="document number")
define("diff.subject.header.issuer", zh="发文机关", en="issuer")
define("diff.subject.header.year", zh="年度", en="year")
define("diff.subject.header.effective", zh="有效期", en="period of validity")
define("diff.subject.header.currency", zh="币种", en="currency")
define("diff.subject.header.rounding", zh="舍入", en="rounding")
define("diff.subject.fund", zh="资金“{name}”", en="fund “{name}”")
define("diff.subject.parameter", zh="参数“{name}”", en="parameter “{name}”")
define("diff.subject.parameter_note", zh="参数“{name}”的说明", en="the note of parameter “{name}”")
define("diff.subject.definition", zh="定义“{name}”", en="definition “{name}”")
define(
    "diff.subject.definition_unused",
    zh="定义“{name}”（未被条款使用）",
    en="definition “{name}” (used by no clause)",
)
define("diff.subject.fact", zh="事实“{name}”", en="fact “{name}”")
define("diff.subject.fact_type", zh="事实“{name}”的类型", en="the type of fact “{name}”")
define("diff.subject.fact_default", zh="事实“{name}”的默认值", en="the default of fact “{name}”")
define("diff.subject.fact_note", zh="事实“{name}”的说明", en="the description of fact “{name}”")
define("diff.subject.table", zh="表“{name}”", en="table “{name}”")
define("diff.subject.table_row", zh="表“{name}” {row} 一行", en="the row {row} of table “{name}”")
define("diff.subject.clause", zh="{cite}“{title}”", en="{cite} “{title}”")
define("diff.subject.clause_title", zh="条款标题", en="clause title")
define("diff.subject.source_text", zh="原文", en="source text")
define("diff.subject.reading", zh="解读", en="reading")
define("diff.subject.award_form", zh="奖励方式", en="form of the award")
define("diff.subject.award", zh="奖励", en="award")
define("diff.subject.award_per_item", zh="每项奖励", en="award per item")
define("diff.subject.item_list", zh="逐项的列表", en="list of items")
define("diff.subject.grouping", zh="分组", en="grouping")
define("diff.subject.limit", zh="数量限制", en="limit on the number")
define("diff.subject.condition", zh="条件“{text}”", en="condition “{text}”")
define("diff.subject.boundary_of", zh="{subject}的边界", en="the boundary of {subject}")
define("diff.subject.cap", zh="上限“{name}”", en="cap “{name}”")
define("diff.subject.cap_renamed", zh="上限“{name}”（改名为“{new}”）", en="cap “{name}” (renamed “{new}”)")
define(
    "diff.subject.already_paid", zh="{subject}扣除的已获金额", en="the amount already received that {subject} deducts"
)
define("diff.subject.highest_only", zh="取高不重复“{name}”", en="highest-only group “{name}”")
define("diff.subject.not_both", zh="不重复享受“{name}”", en="not-both group “{name}”")
define("diff.subject.other_funds", zh="就高不重复“{name}”", en="higher-of-the-two rule “{name}”")
define("diff.subject.group_cap", zh="合计上限“{name}”", en="combined cap “{name}”")
define("diff.subject.group_cap_clauses", zh="{subject}所含条款", en="the clauses under {subject}")

# How it changed: old → new, and what that means.
define("diff.detail.arrow", zh="{old} → {new}", en="{old} → {new}")
define("diff.detail.then", zh="{detail}，{more}", en="{detail}, {more}")
define(
    "diff.detail.boundary", zh="{old} → {new}：{old_bound} → {new_bound}", en="{old} → {new}: {old_bound} → {new_bound}"
)
define("diff.detail.raised", zh="提高 {by}", en="up {by}")
define("diff.detail.lowered", zh="降低 {by}", en="down {by}")
define("diff.detail.points", zh="{points}个百分点", en="{points} percentage points")
define("diff.detail.one_point", zh="{points}个百分点", en="{points} percentage point")
define("diff.detail.tighter", zh="条件收紧", en="the condition is stricter")
define("diff.detail.looser", zh="条件放宽", en="the condition is looser")
define("diff.detail.used_by", zh="{detail}（用于 {cites}）", en="{detail} (used by {cites})")
define("diff.detail.added", zh="新增", en="added")
define("diff.detail.removed", zh="删除", en="removed")
define(
    "diff.detail.fact_added",
    zh="新增（案例须提供或有默认值）",
    en="added (a case must give it, unless it has a default)",
)
define("diff.detail.renumbered", zh="{old} → {new}（内容不变）", en="{old} → {new} (the content is the same)")
define("diff.detail.condition_removed", zh="不再要求（条件放宽）", en="no longer required (the condition is looser)")
define("diff.detail.condition_added", zh="新增要求（条件收紧）", en="newly required (the condition is stricter)")
define("diff.detail.cap_renamed", zh="名称改为“{name}”", en="renamed “{name}”")
define("diff.detail.cap_removed", zh="不再限制（原为 {limit}）", en="no longer limits (it was {limit})")
define("diff.detail.cap_added", zh="新增限制 {limit}", en="newly limits to {limit}")
define("diff.detail.reading_dropped", zh="删去“{text}”", en="dropped “{text}”")
define("diff.detail.reading_added", zh="新增“{text}”", en="added “{text}”")
define("diff.detail.reading_order", zh="顺序改变", en="the order changed")
define("diff.detail.quoted", zh="“{old}” → “{new}”", en="“{old}” → “{new}”")
define("diff.detail.plan_award", zh="奖励 {award}", en="award {award}")
define("diff.detail.plan_condition", zh="条件 {text}", en="condition {text}")
define("diff.detail.plan_cap", zh="上限“{name}” {limit}", en="cap “{name}” {limit}")
define("diff.detail.per_item", zh="逐项 {items}：{award}", en="per item of {items}: {award}")
define("diff.detail.period", zh="{start} 至 {end}", en="{start} to {end}")
define("diff.detail.none", zh="（无）", en="(none)")
define("diff.detail.not_written", zh="（未写）", en="(not written)")
define("diff.detail.not_given", zh="未规定", en="not given")
define("diff.detail.not_grouped", zh="（不分组）", en="(not grouped)")
define("diff.detail.no_limit", zh="（无数量限制）", en="(no limit on the number)")
define("diff.detail.no_default", zh="（无默认值）", en="(no default)")
define("diff.detail.empty_list", zh="空列表", en="an empty list")
define(
    "diff.detail.field_defaults_changed", zh="空列表（字段默认值有变）", en="an empty list (the field defaults changed)"
)
define("diff.bound.>=", zh="含本数（≥）", en="inclusive (≥)")
define("diff.bound.>", zh="不含本数（>）", en="exclusive (>)")
define("diff.bound.<=", zh="含本数（≤）", en="inclusive (≤)")
define("diff.bound.<", zh="不含本数（<）", en="exclusive (<)")
define("diff.bound.==", zh="等于（=）", en="equal (=)")
define("diff.clause_list", zh="“条款:”须为条款编号的列表", en="“条款:” must be a list of clause citations")
