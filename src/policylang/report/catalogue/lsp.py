"""The language server's words (policylang lsp): hover, completion, code actions and lenses, and the
one-line explanation of each keyword a hover shows. Keyword texts are the grammar's own words: a
keyword without an entry here is still explained, by `lsp.keyword.generic`."""

from policylang.report.i18n import define

# ------------------------------------------------------------------------------------ server problems
define(
    "lsp.internal",
    zh="语言服务器处理 {method} 时出错（已跳过本次请求，服务器继续运行）：{error}",
    en="the language server failed on {method} (this request was skipped; the server keeps running): {error}",
)
define(
    "lsp.no_pygls",
    zh="语言服务器需要 pygls，当前环境没有安装",
    en="the language server needs pygls, which is not installed here",
)
define(
    "lsp.hint.install",
    zh="安装 lsp 附加依赖：pip install 'policylang[lsp]'",
    en="install the lsp extra: pip install 'policylang[lsp]'",
)
define(
    "lsp.bad_address",
    zh="“{address}”不是 HOST:PORT 形式的地址",
    en="“{address}” is not an address of the form HOST:PORT",
)
define("lsp.hint.address", zh="例如 --tcp 127.0.0.1:2087", en="for example --tcp 127.0.0.1:2087")
define(
    "lsp.evaluate.no_case",
    zh="“用案例计算”需要一个案例文件（.yaml）",
    en="“evaluate with case” needs a case file (.yaml)",
)
define(
    "lsp.hint.choose_case",
    zh="选一个案例文件，如 policylang check --counterexamples 写出的反例",
    en="choose a case file, such as a counterexample policylang check --counterexamples wrote",
)

# ------------------------------------------------------------------------------------ diagnostics
define("lsp.acknowledged", zh="已确认（已知）：{reason}", en="acknowledged (已知): {reason}")
define("lsp.counterexample_title", zh="反例：{title}", en="counterexample: {title}")

# ------------------------------------------------------------------------------------ actions, lenses
define("lsp.action.write_case", zh="写出反例案例文件 {file}", en="write the counterexample case {file}")
define("lsp.lens.evaluate", zh="用案例计算…", en="evaluate with case…")

# ------------------------------------------------------------------------------------ hover
define("lsp.hover.fact", zh="事实", en="fact")
define("lsp.hover.field", zh="列表字段", en="list field")
define("lsp.hover.param", zh="参数", en="parameter")
define("lsp.hover.definition", zh="定义", en="definition")
define("lsp.hover.table", zh="按日期的表", en="dated table")
define("lsp.hover.clause", zh="条款", en="clause")
define("lsp.hover.type", zh="类型", en="type")
define("lsp.hover.default", zh="默认", en="default")
define("lsp.hover.range", zh="取值", en="values")
define("lsp.hover.value", zh="值", en="value")
define(
    "lsp.hover.unspecified", zh="未规定（原文没有给出这个数）", en="未规定 (not specified: the text gives no number)"
)
define("lsp.hover.note", zh="说明", en="note")
define("lsp.hover.rows", zh="{count} 行", en="{count} rows")
define("lsp.hover.quote", zh="原文", en="original text")
define("lsp.hover.reading", zh="解读", en="reading")
define("lsp.hover.no_clause", zh="没有编号为“{citation}”的条款", en="there is no clause numbered “{citation}”")
define("lsp.hover.amount", zh="{written} = {value}", en="{written} = {value}")

# ------------------------------------------------------------------------------------ completion
define("lsp.completion.keyword", zh="关键字", en="keyword")
define("lsp.completion.unit", zh="单位", en="unit")
define("lsp.completion.currency", zh="币种", en="currency")

# ------------------------------------------------------------------------------------ keywords
define("lsp.keyword.generic", zh="关键字“{word}”", en="keyword “{word}”")
_KEYWORDS = {
    "政策": (
        "文件标头：政策名称，花括号内写文号、发文机关、币种、舍入等",
        "the header: the policy's title, then its document number, issuer, currency, rounding …",
    ),
    "文号": ("政策的发文字号，如“连政办发〔2023〕31号”", "the document number, e.g. “连政办发〔2023〕31号”"),
    "发文机关": ("印发政策的机关", "the authority that issued the policy"),
    "年度": ("政策适用的年度", "the year the policy applies to"),
    "生效": ("生效期间：起始日期 至 终止日期", "the period in force: start date 至 end date"),
    "币种": ("金额默认的币种（如 人民币）", "the currency amounts are in by default (e.g. 人民币)"),
    "舍入": (
        "每项奖励舍入一次的规则，如 舍入 四舍五入 到 分",
        "how each award is rounded, once: e.g. 舍入 四舍五入 到 分",
    ),
    "资金": ("资金来源及其总额", "a fund and its total"),
    "原文件": (
        "官方原文文本文件（相对本文件），check 据此核对原文与代码",
        "the official text file (relative to this file); check compares it with the code",
    ),
    "事实": (
        '企业申报的一项情况（事实 名称: 类型 "说明"）',
        'something the enterprise declares (事实 name: type "description")',
    ),
    "参数": ("政策规定的一个数；原文没有给出时写 未规定", "a number the policy fixes; 未规定 when the text gives none"),
    "未规定": (
        "原文没有给出这个数：工具会报告它，不替原文编造",
        "the text gives no number: tools report it, never invent one",
    ),
    "定义": ("给一个表达式起名，在条款中复用", "a name for an expression, reused in clauses"),
    "表": ("按日期取值的表（日期: 值）", "a table of values by date (date: value)"),
    "条款": ("一个给付条款：编号、标题、原文与代码", "a clause: its number, title, original text and code"),
    "原文": ("条款所依据的原文句子，照原文引用", "the official sentence the clause encodes, quoted as written"),
    "解读": ("对原文的解读：代码为何这样写", "a reading of the text: why the code says what it says"),
    "参考": ("原文中仅供参考、不参与计算的说法及理由", "a phrase of the text that is informative only, and why"),
    "条件": ("享受本条款须满足的条件（全部满足）", "a condition of the clause (all must hold)"),
    "奖励": ("本条款给付的金额", "the amount the clause pays"),
    "上限": ('金额上限：上限 "原文的说法" 金额', 'a cap: 上限 "the text\'s words" amount'),
    "累计上限": ("跨年度累计的上限，扣除已获得的部分", "a cap across years, minus what was already paid"),
    "扣除": ("累计上限中已获得、须扣除的金额", "what was already paid, deducted from a cumulative cap"),
    "逐项": ("对列表中的每一项分别计算", "computed for each item of a list"),
    "分组": ("按字段分组，组内再限项数或上限", "items grouped by a field, with a limit or cap per group"),
    "至多": ("组内至多计入的项数或合计数量", "at most this many items (or this much in all) per group"),
    "取": ("超出至多时取哪些项", "which items count when there are more than allowed"),
    "已知": (
        "审阅者已确认的检查结果：显示，但不算失败",
        "a check finding the reviewer acknowledged: shown, not failing",
    ),
    "取高不重复": ("这些条款只给其中最高的一项", "of these clauses only the highest award is paid"),
    "合计上限": ("几个条款合计的上限", "one cap over several clauses together"),
    "不重复享受": (
        "这些条款只能享受一项，原文没有说哪一项",
        "only one of these clauses is paid, the text not saying which",
    ),
    "就高不重复": ("与其他专项资金就高，不重复享受", "the higher of this award and other funds, not both"),
    "对照": ("就高不重复所对照的其他资金", "the other funds 就高不重复 compares against"),
    "不编码": (
        "原文中含金额但有意不编码的句子及理由",
        "a sentence of the text with an amount deliberately not encoded, and why",
    ),
    "如果": ("条件表达式：如果 … 则 … 否则 …", "a conditional: 如果 … 则 … 否则 …"),
    "则": ("条件成立时的值", "the value when the condition holds"),
    "否则": ("条件不成立时的值", "the value when the condition does not hold"),
    "且": ("两个条件都成立", "both conditions hold"),
    "或": ("至少一个条件成立", "at least one condition holds"),
    "非": ("条件不成立", "the condition does not hold"),
    "在": ("取值范围：x 在 a 至 b", "a range: x 在 a 至 b"),
    "至": ("范围的两端之间", "between the two ends of a range"),
    "分档": ("分档给付：每档一个条件和金额", "tiers: a condition and an amount per row"),
    "档": ("一档：条件: 金额", "one tier: condition: amount"),
    "其他": ("其余情形的一档", "the tier for every other case"),
    "按": ("按 基数 每满 步长 给予 金额", "按 base 每满 step 给予 amount: so much per full step"),
    "每满": ("每满一个步长给一份", "one amount per full step"),
    "给予": ("每个步长给予的金额", "the amount per step"),
    "超额累进": ("超额累进：每一部分按本部分的比例", "marginal brackets: each part of the base at its own rate"),
    "部分": ("超额累进中的一部分", "one part of the base in marginal brackets"),
    "金额": ("金额类型，可注明币种：金额(美元)", "an amount of money, optionally in a currency: 金额(美元)"),
    "数量": ("带单位的数量：数量(平方米)", "a quantity with its unit: 数量(平方米)"),
    "单价": ("单价：单价(元/吨)", "a price per unit: 单价(元/吨)"),
    "比例": ("百分比", "a percentage"),
    "数": ("不带单位的数", "a plain number"),
    "是否": ("是 或 否", "yes or no (是 / 否)"),
    "日期": ("日期，如 2023-06-20", "a date, e.g. 2023-06-20"),
    "文本": ("一段文字（如展会名称）", "a text (such as an exhibition's name)"),
    "之一": ("几个选项之一：之一(甲, 乙)", "one of several choices: 之一(甲, 乙)"),
    "列表": ("若干项，每项有字段", "several items, each with fields"),
    "默认": ("案例未填时的值", "the value when a case does not give one"),
    "取值": ("原文允许的取值范围（两端都含）", "the values the text allows (both ends included)"),
}
for _word, (_zh, _en) in _KEYWORDS.items():
    define(f"lsp.keyword.{_word}", zh=_zh, en=_en)
del _word, _zh, _en

# ------------------------------------------------------------------------------------ --ws
define(
    "lsp.no_websockets",
    zh="--ws 需要 websockets，当前环境没有安装",
    en="--ws needs websockets, which is not installed here",
)
define(
    "lsp.hint.install_ws",
    zh="安装：pip install 'pygls[ws]'，或改用 --tcp",
    en="install it: pip install 'pygls[ws]', or use --tcp",
)
