"""Messages for declared value ranges (取值 lo 至 hi) and for results decided over every value an
unspecified number can take (semantics/decide.py)."""

from policylang.report.i18n import define

# ---------------------------------------------------------------------------- 取值 at load time
define(
    "decide.range.unordered_type",
    zh="{type}的值没有大小之分，不能用“取值 … 至 …”规定范围",
    en="values of {type} have no order, so “取值 … 至 …” cannot give them a range",
)
define(
    "decide.range.reversed",
    zh="取值范围的下限 {low} 大于上限 {high}",
    en="the range's lower end {low} is above its upper end {high}",
)
define(
    "decide.range.reversed.hint",
    zh="先写小的一端：取值 {low} 至 {high}",
    en="write the smaller end first: 取值 {low} 至 {high}",
)
define(
    "decide.range.default_outside",
    zh="“{name}”的默认值不在它声明的取值范围内",
    en="the default of “{name}” is outside its declared range",
)

# ---------------------------------------------------------------------------- reading a value
define(
    "decide.outside_range",
    zh="不在声明的取值范围 {low} 至 {high} 内",
    en="outside the declared range {low} to {high}",
)
define(
    "decide.outside_range.hint",
    zh="写 {low} 至 {high} 之间的值（含两端）",
    en="write a value from {low} to {high} (both included)",
)

# ---------------------------------------------------------------------------- decided for every value
define(
    "decide.reason.for_every_value",
    zh="原文未规定 {names}，但对其每个可能的取值（{values}）结果都相同：{why}",
    en="the text does not give {names}, but the result is the same for every value it can take ({values}): {why}",
)
define("decide.values_of", zh="{name}：{values}", en="{name}: {values}")
define("decide.values_or", zh="、", en=", ")
define("decide.params_sep", zh="；", en="; ")
define("decide.reasons_sep", zh="；或", en="; or ")
define(
    "decide.note.total_for_every_value",
    zh="合计对未规定的数的每个可能取值（{values}）都相同；{citations} 各得多少随取值而不同，仍为不可确定",
    en="the total is the same for every value of what the text does not give ({values}); how much "
    "{citations} each get depends on the value and stays not determinable",
)
define(
    "decide.reason.varies_with",
    zh="金额随未规定的数的取值（{values}）而不同（经条款间的规则，如合计上限），无法确定",
    en="the amount differs with the value of what the text does not give ({values}), through a rule between "
    "clauses such as a shared ceiling, so it cannot be determined",
)
