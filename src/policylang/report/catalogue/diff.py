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
    en="the other {count} cases have the same result in every clause (--format json lists them all)",
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
