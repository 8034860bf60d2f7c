"""Messages of source coverage (原文件, 不编码, check --source) and acknowledged findings (已知)."""

from policylang.report.i18n import define

define("source.what", zh="原文文件", en="the official text")

# ---------------------------------------------------------------------------- 已知 (load time)
define("source.ack.unknown_code", zh="已知 {code}：没有这个检查代码", en="已知 {code}: there is no such check code")
define("source.ack.codes", zh="可以确认的代码：{codes}", en="codes that can be acknowledged: {codes}")
define("source.ack.no_reason", zh="已知 {code} 没有写理由", en="已知 {code} gives no reason")
define(
    "source.ack.hint_reason",
    zh='写明审核人为什么接受这个问题，如 已知 {code} "原文如此，已函告起草部门"',
    en='say why the reviewer accepts the finding, e.g. 已知 {code} "the text says so; the drafters have been told"',
)

# ---------------------------------------------------------------------------- 不编码 (load time)
define("source.not_encoded.no_reason", zh="不编码 “{phrase}” 没有写理由", en="不编码 “{phrase}” gives no reason")
define(
    "source.not_encoded.hint_reason",
    zh='写明这句为什么不编码，如 不编码 "{phrase}" "不是对企业的给付"',
    en='say why the sentence is not encoded, e.g. 不编码 "{phrase}" "not a payment to enterprises"',
)
define(
    "source.not_encoded.no_phrase",
    zh="不编码 引的文字是空的",
    en="不编码 quotes no words",
)

# ---------------------------------------------------------------------------- check: coverage
define(
    "source.uncovered",
    zh="原文第 {line} 行这句有金额或比例，但没有条款的“原文”引用它，政策也没有写明 不编码",
    en="the sentence on line {line} of the official text has an amount or a rate, but no clause's 原文 quotes it "
    "and the policy does not list it as 不编码",
)
define("source.note.sentence", zh="这句：{sentence}", en="the sentence: {sentence}")
define("source.note.policy", zh="政策：{policy}", en="policy: {policy}")
define(
    "source.hint.uncovered",
    zh='在编码它的条款中用 原文 引用这句；有意不编码的，在政策中写 不编码 "{phrase}" "理由"',
    en="quote it with 原文 in the clause that encodes it; if it is deliberately not encoded, write "
    '不编码 "{phrase}" "why" in the policy',
)
define(
    "source.not_encoded.unmatched",
    zh="不编码 “{phrase}” 在原文 {source} 中找不到",
    en="不编码 “{phrase}” matches no sentence of the official text {source}",
)
define(
    "source.not_encoded.hint_unmatched",
    zh="照原文抄写这段文字（空白、全角半角标点不计）；原文已没有这句的，删去这一行",
    en="copy the words from the official text (white space and full- or half-width punctuation do not matter); "
    "if the text no longer has the sentence, delete this line",
)
define(
    "source.several_policies",
    zh="--source 只能与一个政策文件一起使用（多个政策各自用标头的 原文件）",
    en="--source goes with one policy file only (several policies each name theirs with 原文件 in the header)",
)

# ---------------------------------------------------------------------------- check: acknowledged findings
define(
    "source.ack.unmatched",
    zh="已知 {code}：{citation} 没有 {code} 问题",
    en="已知 {code}: {citation} has no {code} finding",
)
define(
    "source.ack.hint_unmatched",
    zh="问题已经不存在的，删去这一行；否则检查代码和条款是否写对",
    en="if the problem is gone, delete this line; otherwise check the code and the clause",
)
define("source.ack.tag", zh="（已确认）", en=" (acknowledged)")
define("source.ack.label", zh="已确认", en="acknowledged")
define("source.ack.shown", zh="{reason}（{location}）", en="{reason} ({location})")
define(
    "source.summary.acknowledged", zh="；另有 {count} 项已确认，不计入", en="; {count} more acknowledged, not counted"
)

# ---------------------------------------------------------------------------- rules, family, option
define(
    "check.rule.SRC001",
    zh="原文中有金额或比例的句子既没有条款引用，也没有写明不编码",
    en="a sentence of the official text with an amount or a rate that no clause quotes and the policy does not set aside",
)
define(
    "check.rule.SRC002",
    zh="“不编码”引的文字在原文中找不到",
    en="a “not encoded” entry whose words are not in the official text",
)
define("check.rule.ACK001", zh="“已知”的问题并不存在", en="an acknowledgement that matches no finding")
define("check.family.source", zh="原文覆盖", en="source coverage")
define(
    "cli.check.opt.source",
    zh="政策的原文文本（默认用标头的 原文件）：原文中每句有金额或比例的话，须有条款引用或写明 不编码",
    en="The policy's official text (by default the one its header names): every sentence of it with an amount "
    "or a rate must be quoted by a clause or set aside as not encoded",
)
