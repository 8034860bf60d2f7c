"""policylang batch: the columnar engine's reasons and refusals, the summary, the command's messages."""

from policylang.report.i18n import define

# ---------------------------------------------------------------------------- why a clause takes the exact row path
define(
    "batch.unsupported.int128_constant",
    zh="常数 {value} 超出 128 位整数范围",
    en="the constant {value} is beyond the range of 128-bit integers",
)
define(
    "batch.unsupported.int128",
    zh="中间结果可能超出 128 位整数范围",
    en="an intermediate result may exceed the range of 128-bit integers",
)
define("batch.unsupported.not_number", zh="“{text}”不是数值", en="“{text}” is not a number")
define("batch.unsupported.not_condition", zh="“{text}”不是条件", en="“{text}” is not a condition")
define("batch.unsupported.node", zh="{node} 不能按列计算", en="{node} cannot be computed column by column")
define(
    "batch.unsupported.field_outside_items",
    zh="字段“{name}”只能在逐项之内使用",
    en="the field “{name}” can only be used inside 逐项",
)
define("batch.unsupported.no_columns", zh="“{text}”未能按列计算", en="“{text}” could not be computed column by column")
define("batch.unsupported.lookup_key", zh="查表须用日期", en="a table is looked up by a date")
define("batch.unsupported.days", zh="天数(…) 须用日期", en="天数(…) takes dates")
define(
    "batch.unsupported.divide_by_column",
    zh="“{text}”除以一个随企业而变的数，其精确结果没有固定的分母",
    en="“{text}” divides by a number that varies by enterprise, so its exact result has no fixed denominator",
)
define(
    "batch.unsupported.fen_range",
    zh="金额超出 64 位整数（分）的范围",
    en="the amount is beyond the range of 64-bit integers (in 分)",
)
define("batch.unsupported.items", zh="逐项未能按列计算", en="逐项 could not be computed column by column")
define(
    "batch.unsupported.list_whole",
    zh="列表“{name}”须逐项使用",
    en="the list “{name}” is used item by item",
)
define(
    "batch.unsupported.aggregate_in_items",
    zh="逐项之内的合计/计数",
    en="合计/计数 inside 逐项",
)
define(
    "batch.unsupported.group_cap_history",
    zh="逐项的每组上限扣除已给予的金额",
    en="a per-group cap of 逐项 less what was already paid",
)

# ---------------------------------------------------------------------------- refusals
define(
    "batch.missing_fact",
    zh="人群数据缺少事实“{name}”，且它没有默认值",
    en="the population has no column for the fact “{name}”, and it has no default",
)
# The amount a 合计上限 holds its members to, or the one a 就高不重复 compares them with: the same
# ledger call (group_limit) reads both, so its refusals name the rule they are about.
define(
    "batch.limit_of.group_cap", zh="合计上限“{name}”的金额", en="the amount of the shared ceiling (合计上限) “{name}”"
)
define(
    "batch.limit_of.other_funds",
    zh="就高不重复“{name}”对照的金额",
    en="the amount the rule against other funds (就高不重复) “{name}” compares with",
)
define(
    "batch.group_limit.per_item",
    zh="{subject}须为常数或只由事实算出，批量计算不支持按明细或查表给出的金额",
    en="{subject} must be a constant or computed from facts only: batch does not support one given by items or by a table",
)
define("batch.group_limit.may_fail", zh="{subject}可能无法计算", en="{subject} may not be computable")
define(
    "batch.group_limit.not_whole_fen",
    zh="{subject}不是整分，批量计算不支持",
    en="{subject} is not a whole number of 分: batch does not support it",
)
define("batch.group_limit.too_large", zh="{subject}过大", en="{subject} is too large")
define(
    "batch.vocabulary.unknown",
    zh="批量计算不认识{what}“{value}”",
    en="batch does not know the {what} “{value}”",
)
define(
    "batch.vocabulary.unknown.hint",
    zh="可用的有：{known}",
    en="the known ones are: {known}",
)
define("batch.vocabulary.rounding", zh="舍入方式", en="rounding mode")
define("batch.vocabulary.limit_order", zh="数量限制的取法", en="order of a quantity limit")

# ---------------------------------------------------------------------------- the summary (text)
define("batch.summary.policy", zh="政策：{title}", en="Policy: {title}")
define("batch.summary.doc_number", zh="（{doc_number}）", en=" ({doc_number})")
define(
    "batch.summary.population", zh="人群：{source}，共 {count} 家企业", en="Population: {source}, {count} enterprises"
)
define("batch.summary.assumed", zh="假定值（--set）：{values}", en="Assumed values (--set): {values}")
define("batch.summary.list_separator", zh="，", en=", ")
define("batch.summary.name_separator", zh="、", en=", ")
define("batch.summary.header.citation", zh="条款", en="clause")
define("batch.summary.header.title", zh="事项", en="item")
define("batch.summary.header.eligible", zh="符合条件", en="eligible")
define("batch.summary.header.paid", zh="给予", en="paid")
define("batch.summary.header.undetermined", zh="不可确定", en="not determinable")
define("batch.summary.header.total", zh="金额合计", en="total")
define(
    "batch.summary.total",
    zh="合计：{total}（获得奖励的企业 {recipients} 家）",
    en="Total: {total} ({recipients} enterprises receive an award)",
)
define(
    "batch.summary.fund",
    zh="资金：“{name}” {amount}，需 {needed}，占 {share}",
    en="Fund: “{name}” {amount}, {needed} needed, {share} of it",
)
define(
    "batch.summary.mean_only",
    zh="每家企业平均奖励 {mean}（未计算分位数：--no-quantiles）",
    en="Mean award per recipient {mean} (quantiles not computed: --no-quantiles)",
)
define(
    "batch.summary.distribution",
    zh="每家企业合计奖励的分布（获奖企业 {recipients} 家，按名次取值）：",
    en="Distribution of each enterprise's total award ({recipients} recipients, nearest rank):",
)
define("batch.summary.min", zh="最小", en="min")
define("batch.summary.median", zh="中位数", en="median")
define("batch.summary.max", zh="最大", en="max")
define("batch.summary.mean", zh="平均", en="mean")
define("batch.summary.about", zh="约 {value}", en="about {value}")
define("batch.summary.undetermined", zh="不可确定：", en="Not determinable:")
define("batch.summary.bound.all", zh="各自上限合计 {bound}", en="their caps add up to {bound}")
define(
    "batch.summary.bound.some",
    zh="其中 {count} 家没有已知上限，其余各自上限合计 {bound}",
    en="{count} of them have no known cap, the others' caps add up to {bound}",
)
define("batch.summary.bound.none", zh="没有已知上限", en="no known cap")
define(
    "batch.summary.undetermined.clause",
    zh="  {citation} {title}：{count} 家企业不可确定，{bound}",
    en="  {citation} {title}: {count} enterprises not determinable, {bound}",
)
define(
    "batch.summary.undetermined.failed",
    zh="    其中 {count} 家无法计算（如日期早于表中最早一行、除数为0），可用 eval 逐家查看原因",
    en="    {count} of them cannot be computed (a date before a table's first row, a division by 0): "
    "eval shows why, one by one",
)
define(
    "batch.summary.undetermined.unspecified",
    zh="    原文未规定 {name}{note}；可用 --set {name}=… 假定一个值",
    en="    the text does not give {name}{note}; assume a value with --set {name}=…",
)
define("batch.summary.undetermined.note", zh="（{note}）", en=" ({note})")
define(
    "batch.summary.exact_path",
    zh="注：{citation} 逐个企业按精确算法计算（{reason}）",
    en="note: {citation} is computed enterprise by enterprise by the exact evaluator ({reason})",
)
define(
    "batch.summary.exact_rows",
    zh="注：{citation} 有 {count} 家企业按列不能确切判定（数值过大，或恰在上限、舍入或排序的分界上），已按精确算法逐个计算",
    en="note: {citation}: {count} enterprises that columns could not decide exactly (numbers too large, or right at "
    "a cap, a rounding or an ordering boundary) were computed one by one by the exact evaluator",
)
define("batch.summary.note", zh="注：{note}", en="note: {note}")
define(
    "batch.warning.fund_exceeded",
    zh="超出资金：全部企业申报时需 {needed}，超过“{name}” {amount} 共 {over}（为资金的 {share}）",
    en="fund exceeded: if every enterprise applies, {needed} is needed, {over} more than “{name}” {amount} "
    "({share} of the fund)",
)
define(
    "batch.warning.undetermined_left_out",
    zh="以上金额不含不可确定的条款（{clauses}），实际所需可能更多",
    en="the amounts above leave out the clauses not determinable ({clauses}): more may be needed",
)
define("batch.summary.warning", zh="⚠ {warning}", en="⚠ {warning}")

# ---------------------------------------------------------------------------- the command
define("batch.command.warning", zh="警告：{warning}", en="warning: {warning}")
define("batch.command.no_clause", zh="政策中没有条款“{citation}”", en="the policy has no clause “{citation}”")
define("batch.command.did_you_mean", zh="是否想写“{near}”？", en="did you mean “{near}”?")
define("batch.command.items_form", zh="--items 须写成 列表名=文件", en="--items is written LIST=FILE")
define("batch.command.items_example", zh="如 --items {name}=booths.csv", en="e.g. --items {name}=booths.csv")
define("batch.command.no_list", zh="政策中没有名为“{name}”的列表事实", en="the policy has no list fact named “{name}”")
define("batch.command.lists", zh="列表事实：{names}", en="list facts: {names}")
define("batch.command.no_lists", zh="本政策没有列表事实", en="this policy has no list facts")
define(
    "batch.command.unmatched_items",
    zh="明细表“{table}”中有 {count} 项（{name}）找不到所属企业，未计入",
    en="{count} items ({name}) in the table “{table}” belong to no enterprise of the population and are not counted",
)
define("batch.command.progress", zh="批量计算", en="batch")

# ---------------------------------------------------------------------------- input and output files
define(
    "batch.files.repeated_column",
    zh="人群文件“{path}”的列名“{column}”出现了两次（第 {first} 列和第 {second} 列）",
    en="the population file “{path}” names the column “{column}” twice (columns {first} and {second})",
)
define(
    "batch.files.repeated_column.hint",
    zh="删去或改名其中一列，使每个列名只出现一次",
    en="remove or rename one of them, so that each column name appears once",
)
define(
    "batch.files.too_large",
    zh="{where}：值“{value}”的位数过多，批量计算无法精确处理（换算单位后超出批量计算所用的 38 位有效数字）",
    en="{where}: the value “{value}” has too many digits for batch to compute exactly (converted to its unit, it exceeds the 38 significant digits batch computes with)",
)
define(
    "batch.award_past_fen_range",
    zh="{where}：条款 {citation} 给予 {amount} 元，超出批量计算结果列（以分计的 64 位整数，约 9.2×10¹⁶ 元）所能表示的范围",
    en="{where}: clause {citation} awards {amount} 元, beyond what batch's result columns hold (whole 分 in 64-bit integers, about 9.2×10¹⁶ 元)",
)
define(
    "batch.files.too_large.hint",
    zh="检查该值是否有误；如确实如此，请用 policylang eval 逐家精确计算",
    en="check whether the value is a mistake; if it is right, compute that enterprise exactly with policylang eval",
)
define(
    "batch.files.output_empty",
    zh="-o 给出的输出文件名是空的，结果无处可写",
    en="the output file name given with -o is empty: there is nowhere to write the results",
)
define(
    "batch.files.output_empty.hint",
    zh="写出结果文件名，如 -o 结果.csv；不要结果文件时，去掉 -o",
    en="name the results file, e.g. -o results.csv; to write no results file, leave -o out",
)
define(
    "batch.files.output_folder",
    zh="输出“{path}”是一个文件夹，不能写成结果文件",
    en="the output “{path}” is a folder, not a file the results can be written to",
)
define(
    "batch.files.output_folder.hint",
    zh="写出文件夹中的一个文件，如 -o {path}/结果.csv",
    en="name a file inside the folder, e.g. -o {path}/results.csv",
)
define(
    "batch.files.output_parent",
    zh="输出“{path}”所在的文件夹“{folder}”不存在",
    en="the folder “{folder}” of the output “{path}” does not exist",
)
define(
    "batch.files.output_parent.hint",
    zh="先创建该文件夹，或写到已有的文件夹中",
    en="create the folder first, or write into a folder that exists",
)
define(
    "batch.files.output_is_input",
    zh="输出“{path}”是输入文件之一（人群、明细表或政策），写入结果会毁掉输入",
    en="the output “{path}” is one of the inputs (the population, an item table or the policy): "
    "writing the results would destroy it",
)
define(
    "batch.files.output_is_input.hint",
    zh="输入与输出须是不同的文件，如 -o 结果.csv",
    en="the input and the output must be different files, e.g. -o results.csv",
)
define(
    "batch.files.output_exists",
    zh="输出“{path}”已存在，未替换",
    en="the output “{path}” already exists and was not replaced",
)
define(
    "batch.files.output_exists.hint",
    zh="加 --force 替换它，或写到另一个文件",
    en="add --force to replace it, or write to another file",
)
define(
    "batch.files.output_failed",
    zh="无法写入输出“{path}”：{problem}；未留下不完整的文件",
    en="cannot write the output “{path}”: {problem}; no partial file was left",
)
define(
    "batch.files.output_failed.hint",
    zh="检查磁盘空间与文件夹的写入权限后重试",
    en="check the free disk space and the folder's write permission, then try again",
)
define("batch.files.problem.disk_full", zh="磁盘已满", en="the disk is full")
define("batch.files.problem.denied", zh="没有写入权限", en="permission denied")
define("batch.files.problem.read_only", zh="文件系统只读", en="the file system is read-only")
