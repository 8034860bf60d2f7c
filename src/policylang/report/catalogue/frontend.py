"""The front end's diagnostics: syntax (P001), names, types and units (T1xx, W201), lowering (C0xx).

The policy's own words (names, keywords, values as written) are arguments, shown as written.
"""

from policylang.report.i18n import define

# ------------------------------------------------------------------------------ terminals, in words
define("frontend.terminal.STRING", zh='带引号的文字（如 "境外展览会"）', en='quoted text (e.g. "境外展览会")')
define("frontend.terminal.NAME", zh="名称", en="a name")
define("frontend.terminal.NUMBER", zh="数字或金额（如 0.8万元、50%）", en="a number or amount (e.g. 0.8万元, 50%)")
define("frontend.terminal.DATE", zh="日期（如 2023-06-20）", en="a date (e.g. 2023-06-20)")
define("frontend.terminal.CITATION", zh="条款编号（如 一(二)1）", en="a clause number (e.g. 一(二)1)")
define("frontend.terminal.COMPARE", zh="比较词（超过、达到、>= 等）", en="a comparison word (超过, 达到, >= …)")
define("frontend.terminal.BOUND", zh="边界词（(含)、(不含)、以上）", en="a boundary word ((含), (不含), 以上)")
define(
    "frontend.terminal.ROUND_MODE",
    zh="舍入方式（四舍五入、舍去、进一、银行家舍入）",
    en="a rounding mode (四舍五入, 舍去, 进一, 银行家舍入)",
)
define("frontend.terminal.ROUND_UNIT", zh="舍入单位（分、角、元）", en="a rounding unit (分, 角, 元)")
define("frontend.terminal.ORDER", zh="取项规则（最有利、申报顺序）", en="an order for taking items (最有利, 申报顺序)")
define("frontend.terminal.END", zh="文件结尾", en="the end of the file")
define("frontend.quoted", zh="“{text}”", en="“{text}”")

# ------------------------------------------------------------------------- labelled syntax mistakes
define(
    "frontend.syntax.clause_title",
    zh="条款缺少标题：条款编号后须写带引号的简短标题",
    en="the clause has no title: write a short quoted title after the clause number",
)
define(
    "frontend.syntax.clause_number",
    zh="条款缺少编号：“条款”后须写条款编号，如 一(二)1",
    en="the clause has no number: write the clause number after “条款”, e.g. 一(二)1",
)
define(
    "frontend.syntax.citation_form",
    zh="不认识的条款编号形式“{token}”",
    en="“{token}” is not a form of clause number policylang knows",
)
define(
    "frontend.syntax.citation_forms",
    zh="照原文给条款的编号写，可用的形式：{forms}",
    en="write the number the document gives the clause, in one of these forms: {forms}",
)
define(
    "frontend.syntax.header_first",
    zh='文件须以政策标头开始：政策 "标题" { 文号 … }',
    en='the file must begin with the policy header: 政策 "标题" { 文号 … }',
)
define(
    "frontend.syntax.money_currency",
    zh='“金额”后的币种须写在括号里，如 金额(美元)；说明文字须加引号，如 金额 "展位费"',
    en='the currency after “金额” goes in brackets, e.g. 金额(美元); a description must be quoted, e.g. 金额 "展位费"',
)
define(
    "frontend.syntax.quantity_unit",
    zh="“数量”须在括号里写明单位，如 数量(吨)",
    en="“数量” needs its unit in brackets, e.g. 数量(吨)",
)
define(
    "frontend.syntax.cap_name",
    zh='上限须先写带引号的名称，再写金额，如 上限 "单个标准展位" 0.8万元',
    en='a cap needs a quoted name before its amount, e.g. 上限 "单个标准展位" 0.8万元',
)
define(
    "frontend.syntax.cumulative_cap_name",
    zh='累计上限须先写带引号的名称，如 累计上限 "同一企业累计" 10万元 扣除 已获支持',
    en='a cumulative cap needs a quoted name first, e.g. 累计上限 "同一企业累计" 10万元 扣除 已获支持',
)
define(
    "frontend.syntax.group_cap_name",
    zh='合计上限须先写带引号的名称，如 合计上限 "第五条每户企业最高奖励" 200万元 { 五(一)1, 五(一)2 }',
    en='a group cap needs a quoted name first, e.g. 合计上限 "第五条每户企业最高奖励" 200万元 { 五(一)1, 五(一)2 }',
)
define(
    "frontend.syntax.rounding",
    zh="舍入规则须写成：舍入 四舍五入 到 分（方式：四舍五入、舍去、进一、银行家舍入；单位：分、角、元）",
    en="write the rounding rule as 舍入 四舍五入 到 分 (modes: 四舍五入, 舍去, 进一, 银行家舍入; units: 分, 角, 元)",
)
define(
    "frontend.syntax.missing_operator",
    zh="两个值之间缺少运算符，如 50% × 展位费",
    en="an operator is missing between two values, e.g. 50% × 展位费",
)

# ------------------------------------------------------------------------ specific syntax mistakes
define("frontend.syntax.eof", zh="文件在中途结束", en="the file ends in the middle")
define(
    "frontend.syntax.eof_unclosed",
    zh="文件在中途结束：第{line}行第{column}列的“{opener}”没有闭合",
    en="the file ends in the middle: the “{opener}” at line {line}, column {column} is not closed",
)
define("frontend.syntax.close_at_end", zh="在文件末尾补上“{closer}”", en="add “{closer}” at the end of the file")
define("frontend.syntax.bad_character", zh="这里不能出现“{char}”", en="“{char}” cannot appear here")
define("frontend.syntax.expected", zh="此处应为：{words}", en="expected here: {words}")
define(
    "frontend.syntax.unclosed_quote",
    zh='引号没有闭合：文字须在同一行内用 " 结束',
    en='the quote is not closed: text must end with " on the same line',
)
define("frontend.syntax.close_quote", zh='在这一行文字的末尾补上 "', en='add " at the end of the text on this line')
define("frontend.syntax.unexpected", zh="这里不应出现“{token}”", en="“{token}” is not expected here")
define(
    "frontend.syntax.unclosed",
    zh="第{line}行第{column}列的“{opener}”没有闭合",
    en="the “{opener}” at line {line}, column {column} is not closed",
)
define("frontend.syntax.close_before", zh="在“{token}”之前补上“{closer}”", en="add “{closer}” before “{token}”")
define(
    "frontend.syntax.close_before_new",
    zh="在新的“{token}”之前补上“}}”",
    en="add “}}” before the new “{token}”",
)
define(
    "frontend.syntax.statement_outside",
    zh="“{token}”只能写在条款的 {{ }} 之内",
    en="“{token}” can only be written inside a clause's {{ }}",
)
define(
    "frontend.syntax.inclusive_apart",
    zh="“(含){token}”须连写，中间不留空格",
    en="write “(含){token}” together, with no space between",
)
define(
    "frontend.syntax.keyword_run_together",
    zh="“{keyword}”与后面的“{rest}”之间须留空格",
    en="leave a space between “{keyword}” and the “{rest}” after it",
)
define("frontend.syntax.write_as", zh="写成 {text}", en="write {text}")

# ----------------------------------------------------------------------------- literals and units
define("frontend.unknown_unit_word", zh="不认识的单位“{word}”", en="unknown unit “{word}”")
define("frontend.not_a_number", zh="“{text}”不是数字", en="“{text}” is not a number")
define(
    "frontend.price_numerator",
    zh="单价“{text}”的分子须为金额，如 50元/吨",
    en="the numerator of the unit price “{text}” must be money, e.g. 50元/吨",
)

# ------------------------------------------------------------------------- names, types and units
define("frontend.bad_date", zh="“{text}”不是有效日期", en="“{text}” is not a valid date")
define(
    "frontend.list_as_value",
    zh="“{name}”是列表，需用 逐项、合计(…) 或 计数(…) 取其中的值",
    en="“{name}” is a list: use 逐项, 合计(…) or 计数(…) to take values from it",
)
define(
    "frontend.table_without_date",
    zh="“{name}”是日期表，需写成 {name}(日期)",
    en="“{name}” is a dated table: write {name}(日期)",
)
define(
    "frontend.declare_first",
    zh="请先用“事实”“参数”或“定义”声明它",
    en="declare it first with “事实”, “参数” or “定义”",
)
define("frontend.unknown_field_or_fact", zh="未知的字段或事实“{name}”", en="unknown field or fact “{name}”")
define("frontend.unknown_fact_or_parameter", zh="未知的事实或参数“{name}”", en="unknown fact or parameter “{name}”")
define("frontend.self_reference", zh="“{name}”的定义引用了它自己", en="the definition of “{name}” refers to itself")
define("frontend.no_field", zh="列表“{owner}”没有字段“{name}”", en="the list “{owner}” has no field “{name}”")
define(
    "frontend.field_outside",
    zh="“{owner}.{name}”只能在 逐项 {owner} 或 合计({owner}, …) 之内使用",
    en="“{owner}.{name}” can only be used inside 逐项 {owner} or 合计({owner}, …)",
)
define("frontend.op.add", zh="相加", en="be added")
define("frontend.op.sub", zh="相减", en="be subtracted")
define("frontend.op.mul", zh="相乘", en="be multiplied")
define("frontend.op.div", zh="相除", en="be divided")
define("frontend.cannot_op", zh="{type}不能{op}", en="values of type {type} cannot {op}")
define(
    "frontend.units_differ_op",
    zh="单位不一致：{a}与{b}不能{op}",
    en="the units differ: {a} and {b} cannot {op}",
)
define(
    "frontend.units_differ_mul",
    zh="单位不一致：{a}与{b}不能相乘",
    en="the units differ: {a} and {b} cannot be multiplied",
)
define(
    "frontend.units_differ_div", zh="单位不一致：{a}不能除以{b}", en="the units differ: {a} cannot be divided by {b}"
)
define(
    "frontend.hint.exchange_rate",
    zh="美元金额须先乘以汇率（如 汇率 × 金额）再与人民币相加减",
    en="multiply a dollar amount by an exchange rate first (e.g. 汇率 × 金额) before adding it to or "
    "subtracting it from yuan",
)
define(
    "frontend.hint.quantity_to_money",
    zh="数量须先乘以单价化为金额，如 50元/吨 × 煤炭落地量",
    en="multiply a quantity by a unit price to make it money first, e.g. 50元/吨 × 煤炭落地量",
)
define("frontend.hint.money_unit", zh="金额须写单位，如 500万元", en="write money with its unit, e.g. 500万元")
define(
    "frontend.hint.price_unit",
    zh="单价的单位须与数量一致，如 50元/吨 × 煤炭落地量(吨)",
    en="the unit price's unit must match the quantity's, e.g. 50元/吨 × 煤炭落地量(吨)",
)
define(
    "frontend.hint.money_times",
    zh="金额只能乘以比例或数；数量须乘以单价（如 50元/吨 × 煤炭落地量），天数可先化为比例（如 天数(起, 止) ÷ 360天）",
    en="money can only be multiplied by a rate or a number; a quantity by a unit price (e.g. 50元/吨 × 煤炭落地量); "
    "days can first be made a ratio (e.g. 天数(起, 止) ÷ 360天)",
)
define(
    "frontend.hint.money_times_money",
    zh="金额不能与金额相乘；比例须写成百分数，如 50% × 展位费",
    en="money cannot be multiplied by money; write a rate as a percentage, e.g. 50% × 展位费",
)
define(
    "frontend.opposite_direction",
    zh="“{word}”与“{bound}”方向相反",
    en="“{word}” and “{bound}” point in opposite directions",
)
define("frontend.inclusive", zh="含本数", en="includes the bound")
define("frontend.exclusive", zh="不含本数", en="excludes the bound")
define(
    "frontend.contradictory_boundary",
    zh="边界自相矛盾：“{word}”{verb}，而“{bound}”{mark}；按“{bound}”计算",
    en="the boundary contradicts itself: “{word}” {verb}, but “{bound}” {mark}; computed as “{bound}”",
)
define(
    "frontend.hint.one_boundary",
    zh="删去其一，使边界只有一种说法",
    en="delete one of them, so the boundary is said one way",
)
define(
    "frontend.hint.same_currency",
    zh="美元与人民币不能直接比较：两边须为同一币种",
    en="dollars and yuan cannot be compared directly: both sides must be in one currency",
)
define(
    "frontend.compare_units",
    zh="比较的两边单位不一致：{a}与{b}",
    en="the two sides of the comparison have different units: {a} and {b}",
)
define(
    "frontend.unordered",
    zh="{type}没有大小之分，只能用“为”或“不等于”比较",
    en="values of type {type} have no order: they can only be compared with “为” or “不等于”",
)
define(
    "frontend.interval_bounds",
    zh="区间的每一端都须写明边界：(含) 或 (不含)",
    en="each end of an interval needs its boundary: (含) or (不含)",
)
define(
    "frontend.hint.interval_bounds",
    zh='如 服务企业数 在 20家(含) 至 30家(不含)；原文未写明某一端是否含时，写 30家(含否 P)，并声明 参数 P: 之一(含, 不含) 未规定 "…"',
    en='e.g. 服务企业数 在 20家(含) 至 30家(不含); where the text does not say whether an end counts, write 30家(含否 P) and declare 参数 P: 之一(含, 不含) 未规定 "…"',
)
define(
    "frontend.condition_expected",
    zh="这里需要一个条件（是/否），但写的是{type}",
    en="a condition (yes/no) is needed here, but its type is {type}",
)
define(
    "frontend.hint.write_comparison",
    zh="写成比较，如 交易实绩 超过 2亿元",
    en="write a comparison, e.g. 交易实绩 超过 2亿元",
)
define(
    "frontend.branch_units",
    zh="“则”与“否则”两支的单位不一致：{a}与{b}",
    en="the “则” and “否则” branches have different units: {a} and {b}",
)
define(
    "frontend.tier_units",
    zh="各档金额的单位须一致：这里是{type}",
    en="every tier's amount must have the same unit: this one is of type {type}",
)
define(
    "frontend.step_units",
    zh="“每满”的步长须与基数同单位：{a}与{b}",
    en="the step of “每满” must have the unit of its base: {a} and {b}",
)
define("frontend.two_values", zh="{name}(…) 至少需要两个值", en="{name}(…) needs at least two values")
define("frontend.values_units", zh="{name}(…) 的各值单位须一致", en="the values of {name}(…) must have the same unit")
define(
    "frontend.days_two_dates",
    zh="天数(起始日期, 截止日期) 需要两个日期",
    en="天数(起始日期, 截止日期) needs two dates",
)
define("frontend.days_dates", zh="天数(…) 的两个值须为日期", en="both values of 天数(…) must be dates")
define("frontend.unknown_function", zh="未知的函数或表“{name}”", en="unknown function or table “{name}”")
define(
    "frontend.first_is_list",
    zh="{function}(…) 的第一个值须为列表事实的名称",
    en="the first value of {function}(…) must be the name of a list fact",
)
define("frontend.sum_two_values", zh="合计(列表, 每项的值) 需要两个值", en="合计(列表, 每项的值) needs two values")
define(
    "frontend.lookup_needs_date",
    zh="查表 {function}(日期) 需要一个日期",
    en="the table lookup {function}(日期) needs a date",
)
define(
    "frontend.lookup_by_date",
    zh="查表 {function}(…) 须用日期查询",
    en="the table {function}(…) must be looked up by a date",
)
define("frontend.unknown_currency", zh="不认识的币种“{currency}”", en="unknown currency “{currency}”")
define("frontend.hint.currencies", zh="认识的币种：{currencies}", en="known currencies: {currencies}")
define(
    "frontend.bad_unit",
    zh="“{unit}”不能作数量单位",
    en="“{unit}” cannot be a unit of quantity",
)
define(
    "frontend.hint.unit_is_currency",
    zh="“{word}”是币种：金额写 金额({word})",
    en="“{word}” is a currency: an amount is declared 金额({word})",
)
define(
    "frontend.hint.unit_word",
    zh="单位写一个不带数字、万、亿的词，如 {example}",
    en="a unit is one word without digits, 万 or 亿, e.g. {example}",
)
define(
    "frontend.price_currency",
    zh="单价的分子须为币种（如 元、美元、欧元），写的是“{currency}”",
    en="the numerator of a unit price must be a currency (e.g. 元, 美元, 欧元), not “{currency}”",
)
define(
    "frontend.hint.exchange_rate.any",
    zh="{currency}金额须先乘以汇率（如 单价(元/{currency}) 的参数 × 金额）再与其他币种相加减",
    en="multiply an amount in {currency} by an exchange rate first (a 单价(元/{currency}) parameter × the amount) "
    "before adding it to or subtracting it from another currency",
)
define(
    "frontend.hint.same_currency.any",
    zh="{a}与{b}不能直接比较：两边须为同一币种，外币先乘以汇率",
    en="{a} and {b} cannot be compared directly: both sides must be in one currency; convert with an exchange rate",
)
define(
    "frontend.hint.foreign",
    zh="{currency}金额须乘以汇率，如 单价(元/{currency}) 的参数 × 金额",
    en="multiply an amount in {currency} by an exchange rate, e.g. a 单价(元/{currency}) parameter × the amount",
)
define(
    "frontend.hint.price",
    zh="如 单价(元/吨)，汇率写 单价(元/美元)",
    en="e.g. 单价(元/吨); an exchange rate is 单价(元/美元)",
)
define("frontend.repeated_choice", zh="之一(…) 的选项有重复", en="a choice of 之一(…) is repeated")
define("frontend.field_twice", zh="字段“{name}”重复声明", en="the field “{name}” is declared twice")
define(
    "frontend.list_in_list",
    zh="列表的字段不能再是列表；请用 分组 按字段分组",
    en="a list's field cannot itself be a list; use 分组 to group by a field",
)

# ------------------------------------------------------------------------------- lowering (C0xx)
define("frontend.hint.currency_cny", zh="写 币种 人民币", en="write 币种 人民币")
define("frontend.no_rounding", zh="政策标头须声明舍入规则", en="the policy header must declare a rounding rule")
define(
    "frontend.hint.rounding",
    zh="在 政策 { … } 中加一行：舍入 四舍五入 到 分",
    en="add a line to 政策 { … }: 舍入 四舍五入 到 分",
)
define("frontend.fund_money", zh="资金“{name}”须为金额", en="the fund “{name}” must be money")
define("frontend.clause_twice", zh="条款编号“{citation}”重复", en="the clause number “{citation}” is used twice")
define("frontend.first_at", zh="第一次出现在 {location}", en="first used at {location}")
define(
    "frontend.hint.clause_numbers",
    zh="同一编号下的不同事项可写成 五(一)1、五(一)2",
    en="different matters under one number can be written 五(一)1, 五(一)2",
)
define(
    "frontend.hint.quote_text",
    zh="文本值须加引号：{text}",
    en="a text value is written in quotes: {text}",
)
define("frontend.name_twice", zh="名称“{name}”重复声明", en="the name “{name}” is declared twice")
define("frontend.first_declared_at", zh="第一次声明在 {location}", en="first declared at {location}")
define(
    "frontend.constant_expected",
    zh="这里须写一个确定的值（如 0元、否、50%）",
    en="a fixed value is needed here (e.g. 0元, 否, 50%)",
)
define(
    "frontend.declared_unit",
    zh="值的单位与声明不符：声明为{declared}，写的是{written}",
    en="the value's unit does not match the declaration: declared {declared}, written {written}",
)
define(
    "frontend.parameter_constant",
    zh="参数“{name}”须为确定的值；由事实计算的值请用“定义”",
    en="the parameter “{name}” must be a fixed value; for a value computed from facts use “定义”",
)
define("frontend.empty_table", zh="表“{name}”没有任何行", en="the table “{name}” has no rows")
define(
    "frontend.hint.rate_base",
    zh="比例须乘以一个金额作基数，如 50% × 展位费",
    en="multiply a rate by an amount as its base, e.g. 50% × 展位费",
)
define(
    "frontend.money_expected", zh="{where}须为金额，但写的是{type}", en="{where} must be money, but its type is {type}"
)
define(
    "frontend.currency_expected",
    zh="{where}须为{currency}金额，但写的是{type}",
    en="{where} must be money in {currency}, but its type is {type}",
)
define(
    "frontend.hint.dollars",
    zh="美元金额须乘以汇率，如 汇率 × 市场采购贸易额",
    en="multiply a dollar amount by an exchange rate, e.g. 汇率 × 市场采购贸易额",
)
define("frontend.where.cap", zh="上限“{name}”", en="the cap “{name}”")
define(
    "frontend.where.already_paid",
    zh="累计上限“{name}”扣除的已获金额",
    en="the amount already received that the cumulative cap “{name}” deducts",
)
define("frontend.where.award", zh="奖励", en="the award")
define("frontend.where.item_award", zh="每项奖励", en="the award per item")
define("frontend.where.group_cap", zh="合计上限“{name}”", en="the group cap “{name}”")
define(
    "frontend.one_award",
    zh="条款须恰好写一个“奖励”或一个“逐项”",
    en="a clause must have exactly one “奖励” or one “逐项”",
)
define("frontend.no_award", zh="条款缺少“奖励”", en="the clause has no “奖励”")
define(
    "frontend.hint.award",
    zh="如 奖励 50% × 展位费，或 逐项 展位 { 奖励 … }",
    en="e.g. 奖励 50% × 展位费, or 逐项 展位 { 奖励 … }",
)
define(
    "frontend.limit_outside_items",
    zh="“至多”和“分组”只能写在“逐项”之内",
    en="“至多” and “分组” can only be written inside “逐项”",
)
define("frontend.one_quote", zh="条款只能有一句“原文”", en="a clause can have only one “原文”")
define(
    "frontend.items_not_list",
    zh="“逐项”须跟一个列表事实，“{items}”不是",
    en="“逐项” must be followed by a list fact, and “{items}” is not one",
)
define(
    "frontend.one_item_award",
    zh="“逐项”之内须恰好写一个“奖励”（每项的金额）",
    en="“逐项” must contain exactly one “奖励” (the amount per item)",
)
define("frontend.one_group", zh="“逐项”之内只能有一个“分组”", en="“逐项” can contain only one “分组”")
define(
    "frontend.group_field",
    zh="列表“{items}”没有字段“{field}”，不能按它分组",
    en="the list “{items}” has no field “{field}” to group by",
)
define("frontend.one_limit", zh="数量限制（至多）只能写一处", en="a count limit (至多) can be written only once")
define(
    "frontend.group_cap_field",
    zh="“分组”的上限不能引用单项的字段“{name}”：每组的上限对整组是同一个数",
    en="the cap of a “分组” cannot refer to the item field “{name}”: a group's cap is one number for the whole group",
)
define(
    "frontend.hint.group_cap_field",
    zh="写成确定的金额（如 8万元），或把按项计算的上限写在“逐项”之内",
    en="write a fixed amount (e.g. 8万元), or put a cap computed per item inside “逐项”",
)
define(
    "frontend.limit_count",
    zh="“至多”后须为整数个数，如 至多 2个",
    en="“至多” must be followed by a whole count, e.g. 至多 2个",
)
define("frontend.no_clause", zh="没有编号为“{citation}”的条款", en="there is no clause numbered “{citation}”")
define("frontend.clause_listed_twice", zh="同一条款在列表中出现了两次", en="the same clause is listed twice")
define("frontend.exclusive_two", zh="取高不重复至少要列出两个条款", en="取高不重复 must list at least two clauses")

# ------------------------------------------------------------------------------- amounts as written (issue 13)
define(
    "frontend.syntax.thousands",
    zh="“{text}”的千位分隔符须每三位一组（如 1,000元、1,000,000元）",
    en="the thousands separators of “{text}” must stand every three digits (e.g. 1,000元, 1,000,000元)",
)
define(
    "frontend.syntax.unit_apart",
    zh="数字与单位“{unit}”之间不能有空格（只有 万元、元 等金额单位前可以有空格）",
    en="no space may stand between a number and its unit “{unit}” (only before an amount's unit such as 万元 or 元)",
)
define(
    "frontend.where.other_funds", zh="就高不重复“{name}”对照的金额", en="the amount 就高不重复 “{name}” compares with"
)
define(
    "frontend.other_funds_name",
    zh="就高不重复“{name}”与另一个声明同名；未写明读法时，它的名称也是“按哪种读法”这个未规定的数的名称，请换一个名称",
    en="就高不重复 “{name}” has the name of another declaration; with no reading written, its name is also the"
    " name of the unspecified choice of reading, so give it another name",
)
define("frontend.no_double_two", zh="不重复享受至少要列出两个条款", en="不重复享受 must list at least two clauses")
define(
    "frontend.no_double_name",
    zh="不重复享受“{name}”与另一个声明同名；它的名称也是“保留哪一项”这个未规定的数的名称，请换一个名称",
    en="不重复享受 “{name}” has the name of another declaration; its name is also the name of the unspecified"
    " choice of the member kept, so give it another name",
)
