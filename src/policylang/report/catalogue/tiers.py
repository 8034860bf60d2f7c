"""Load-time messages for tier rows: an open range end (含否 P)."""

from policylang.report.i18n import define

define(
    "frontend.open_end_unknown",
    zh="“(含否 {name})”：没有名为“{name}”的参数",
    en="“(含否 {name})”: there is no parameter named “{name}”",
)
define(
    "frontend.open_end_type",
    zh="“(含否 {name})”：参数“{name}”须为 之一(含, 不含)",
    en="“(含否 {name})”: the parameter “{name}” must be of type 之一(含, 不含)",
)
define(
    "frontend.hint.open_end",
    zh='原文未写明这一端是否含时，先声明 参数 {name}: 之一(含, 不含) 未规定 "原文只写…"',
    en='when the text does not say whether this end counts, declare 参数 {name}: 之一(含, 不含) 未规定 "the text only says …"',
)
define(
    "frontend.tier_cap_units",
    zh="本档上限“{name}”须与本档金额同一单位（{amount}），这里是{type}",
    en="the row's cap “{name}” must have the unit of the row's amount ({amount}), but it is {type}",
)
define(
    "frontend.hint.tier_cap_units",
    zh='写成金额，如 上限 "最高30万元" 30万元',
    en='write an amount, e.g. 上限 "最高30万元" 30万元',
)
define(
    "frontend.measure_not_quantity",
    zh="“至多 合计”之后须为每项的一个数量（如面积），这里是{type}",
    en="“至多 合计” must be followed by a quantity of each item (such as an area), but it is {type}",
)
define(
    "frontend.measure_limit_unit",
    zh="限额 {limit} 须与所合计的数量同一单位（{type}）",
    en="the limit {limit} must have the unit of the quantity summed ({type})",
)
define(
    "frontend.hint.measure_limit",
    zh="如 至多 合计 光地面积 18平方米 取 最有利",
    en="e.g. 至多 合计 光地面积 18平方米 取 最有利",
)
define(
    "item.counted_share",
    zh="按 {paid} 计入（本项 {measure}，同组合计限额只余 {paid}）",
    en="counted for {paid} (it measures {measure}; only {paid} of the group's limit was left)",
)
