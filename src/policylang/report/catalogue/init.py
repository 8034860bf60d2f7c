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
define(
    "init.language_version",
    zh="新起草的文件按语言版本 {version} 书写：边界词互相矛盾（如“超过 50家(含)”）时，恰在边界的值不可确定，"
    "直到用“读作”写明读法",
    en="a new draft is written in language version {version}: where boundary words contradict each other "
    "(超过 50家(含)), the value at the edge is not determinable until 读作 states the reading",
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
define(
    "init.shape.step",
    zh="按增量每满一档给予定额，可有门槛和上限",
    en="a fixed amount per full step of an increase, with thresholds and a cap if any",
)
define(
    "init.shape.tiers",
    zh="分档：每档的条件、给付和本档上限（“每增加”按每满一档起草）",
    en="tiers: each row's conditions, payment and own cap (每增加 drafted as per full step)",
)
define("init.fact.step", zh="草稿：“{phrase}”所增加的数额", en="draft: the increase “{phrase}” counts in steps")
define(
    "init.open_end",
    zh="原文“{row}”未写明 {end} 是否含在内",
    en="the text “{row}” does not say whether {end} itself is included",
)
define("init.rules", zh="条款之间的规则", en="rules between clauses")
define(
    "init.group_cap",
    zh="草稿：原文对“{article}”各条款合计写了上限；成员为 init 在该条下起草的全部条款，请核对",
    en="draft: the text caps the clauses of “{article}” together; the members are every clause init drafted "
    "under it: review them",
)
define(
    "init.rule_unmapped",
    zh="草稿：原文对“{article}”写了合计上限，但 init 未在该条下起草条款，请核对后改写",
    en="draft: the text caps “{article}” as a whole, but init drafted no clause under it: review and write it",
)
define(
    "init.no_double",
    zh="草稿：原文写明所列条款不重复享受，未写明保留哪一项（不可确定，除非 --set 指定）",
    en="draft: the text says the listed clauses are not paid both and does not say which is kept "
    "(not determinable unless --set gives it)",
)
define(
    "init.no_double.unmapped",
    zh="待编码：“{sentence}”所指的条款不是各起草一个条款，init 未写不重复享受，请照原文编码",
    en="to encode: the clauses “{sentence}” names were not drafted as one clause each, so init wrote no "
    "不重复享受: encode it as the text says",
)
define(
    "init.other_funds",
    zh="草稿：原文要求与其他专项资金就高不重复，未写明读法（补差额或高于才给），成员为全部起草的条款，请核对",
    en="draft: the text sets the awards against other funds (就高不重复) without saying how (补差额 or 高于才给); "
    "the members are every drafted clause: review them",
)
define(
    "init.fact.other_funds",
    zh="草稿：同一项目已获得的其他专项资金（“{phrase}”）",
    en="draft: other funds already received for the same project (“{phrase}”)",
)
define(
    "init.ack.tiers",
    zh="草稿：各档按“增加额”等另一事实给付，草稿未把它与各档门槛的事实联系起来，check 因此报分档不单调；"
    "照原文写出二者的关系（如 定义 增加额 = 进出口额 - 上年进出口额）后删去本行",
    en="draft: the rows pay on another fact (the increase) that the draft does not tie to the rows' threshold "
    "fact, so check finds the tiers not monotone; write their relation as the text means it (such as "
    "定义 增加额 = 进出口额 - 上年进出口额), then remove this line",
)
define(
    "init.fact.paid_before",
    zh="草稿：此前已获得、计入“{phrase}”的支持",
    en="draft: the support received before that counts towards “{phrase}”",
)
