"""`policylang init`: the comments, notes and readings of a drafted policy file, and its summary
(its help is in catalogue/cli.py)."""

from policylang.report.i18n import define

define(
    "init.banner",
    zh="由 policylang init 从 {name} 起草的初稿：每个条款都须对照原文复核后才能使用。",
    en="First draft made by policylang init from {name}: review every clause against the text before use.",
)
define(
    "init.banner.review",
    zh="标“草稿”的条款按已认出的句式写了代码；标“待编码”的条款只有骨架，其金额是未规定的参数（eval 给出不可确定）。",
    en="Clauses marked “draft” have code written from a recognised shape; clauses marked “to encode” are "
    "skeletons whose amount is an unspecified parameter (eval says not determinable).",
)
define(
    "init.dates",
    zh="原文所署日期：{dates}（印发日期，不是生效期）",
    en="dates signed in the text: {dates} (issue dates, not a period of effect)",
)
define(
    "init.no_effective",
    zh="原文未写明起止日期，标头不写“生效”",
    en="the text states no start and end dates, so the header has no 生效",
)
define(
    "init.no_doc_number",
    zh="原文未单独一行写出文号",
    en="the text has no line of its own with a document number (文号)",
)
define(
    "init.no_issuer", zh="原文未单独一行写出发文机关", en="the text has no line of its own naming the issuer (发文机关)"
)
define(
    "init.rounding",
    zh="原文未规定舍入；“舍入 四舍五入 到 分”是草稿的约定，请核对",
    en="the text states no rounding; 舍入 四舍五入 到 分 is the draft's convention: review it",
)
define("init.no_title", zh="（未找到标题）", en="(no title found)")
define(
    "init.no_title.comment",
    zh="未能从原文读出标题：请照原文填写",
    en="no title could be read from the text: write it as the text does",
)
define("init.preamble", zh="（第一个条款标题之前）", en="(before the first article)")
define(
    "init.without_money",
    zh="本条中不含金额或比例、不编码的句子（{count} 句）：",
    en="sentences of this article with no amount or rate, not encoded ({count}):",
)
define("init.line", zh="原文第 {line} 行", en="official text line {line}")
define(
    "init.fund",
    zh="原文第 {line} 行设立（或增加）专项资金：写在标头的“资金”中，其说明引用该句",
    en="official text line {line} sets up (or enlarges) a fund: written as the header's 资金, its note quoting the sentence",
)
define("init.role.threshold", zh="门槛", en="threshold")
define("init.role.cap", zh="上限", en="cap")
define("init.role.upper", zh="上界", en="upper bound")
define("init.role.amount", zh="金额或比例", en="amount or rate")
define("init.role.per_one", zh="每一个（计数单位）", en="per one (a counting unit)")
define("init.bound.inclusive", zh="含本数", en="the number itself included")
define("init.bound.exclusive", zh="不含本数", en="the number itself excluded")
define("init.scope", zh="适用于“{word}”", en="said of “{word}”")
define("init.join", zh="，", en=", ")
define("init.number", zh="{role}：{text} = {value}", en="{role}: {text} = {value}")
define(
    "init.not_paid",
    zh="草稿：句中的金额不像是对企业的给付（未见给予、奖励、补助等词），请核对后保留或改写为条款",
    en="draft: the amounts of this sentence do not read as a payment (no word such as 给予, 奖励, 补助): "
    "review, then keep this or write a clause",
)
define(
    "init.no_citation",
    zh="草稿：句子不在可引用的条款标题之下（“{citation}”），请核对后改写为条款",
    en="draft: the sentence stands under no heading a clause can cite (“{citation}”): review it and write a clause",
)
define(
    "init.skeleton",
    zh="待编码：init 未认出本句的句式；奖励是未规定的参数，编码前 eval 给出不可确定",
    en="to encode: init did not recognise this sentence's shape; the award is an unspecified parameter, "
    "so eval says not determinable until it is encoded",
)
define(
    "init.todo",
    zh="待编码：{citation} 的给付尚未编码（policylang init 未认出句式），请照原文改写",
    en="to encode: the payment of {citation} is not encoded yet (policylang init did not recognise its shape); "
    "write it as the text says",
)
define(
    "init.drafted",
    zh="草稿（{shape}）：代码由 init 按句式起草，须复核事实、门槛的边界和上限的适用范围",
    en="draft ({shape}): code written by init from the shape; review the facts, the thresholds' boundaries "
    "and what each cap applies to",
)
define(
    "init.reading",
    zh="草稿：按句式“{shape}”自动起草，待复核",
    en="draft: written automatically from the shape “{shape}”, to be reviewed",
)
define("init.shape.rate", zh="费用的比例，可有门槛和上限", en="a rate of a cost, with thresholds and a cap if any")
define(
    "init.shape.per_unit", zh="每单位金额，可有门槛和上限", en="an amount per unit, with thresholds and a cap if any"
)
define("init.shape.threshold_amount", zh="达到门槛给予定额", en="a fixed amount above a threshold")
define(
    "init.shape.threshold_up_to",
    zh="达到门槛给予不超过某额的支持（按最高额起草）",
    en="support up to an amount above a threshold (drafted as the most it allows)",
)
define(
    "init.shape.up_to",
    zh="给予不超过某额的支持（按最高额起草）",
    en="support up to an amount (drafted as the most it allows)",
)
define("init.shape.amount", zh="定额", en="a fixed amount")
define("init.fact.threshold", zh="草稿：与“{phrase}”比较的数额", en="draft: the figure compared with “{phrase}”")
define("init.fact.base", zh="草稿：“{phrase}”所指的费用或金额", en="draft: the cost or amount “{phrase}” refers to")
define("init.fact.quantity", zh="草稿：“{phrase}”所计的数量", en="draft: the quantity “{phrase}” counts")
define("init.fact.who", zh="草稿：是否符合“{phrase}”", en="draft: whether “{phrase}” holds")
define("init.untitled", zh="（无标题）", en="(untitled)")
define(
    "init.summary",
    zh="起草了 {clauses} 个条款：{drafted} 个按句式写了草稿代码，{skeletons} 个待编码；"
    "{set_aside} 句含金额但不编码，{without_money} 句不含金额",
    en="drafted {clauses} clauses: {drafted} with draft code from a recognised shape, {skeletons} to encode; "
    "{set_aside} sentences with amounts set aside, {without_money} without amounts",
)
