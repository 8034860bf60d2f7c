"""Load-time messages for 超额累进 (marginal brackets): the base, the rates, the bracket edges."""

from policylang.report.i18n import define

define(
    "frontend.marginal.base_type",
    zh="超额累进的基数须为金额或数量，写的是{type}",
    en="the base of 超额累进 (marginal brackets) must be money or a quantity, but it is {type}",
)
define(
    "frontend.marginal.base_type.hint",
    zh="写一个金额或数量事实，如 超额累进 进出口额 { … }",
    en="name a money or quantity fact, e.g. 超额累进 进出口额 { … }",
)
define(
    "frontend.marginal.rate_not_ratio",
    zh="“{rate}”不是比例：基数是{base}时，每档须写百分数",
    en="“{rate}” is not a rate: with a base of {base} each bracket needs a percentage",
)
define(
    "frontend.marginal.rate_not_ratio.hint",
    zh="如 100万元以下部分 5%",
    en="e.g. 100万元以下部分 5%",
)
define(
    "frontend.marginal.rate_not_per_unit",
    zh="“{rate}”不是每{unit}的单价：基数是{base}时，每档须写单价",
    en="“{rate}” is not an amount per {unit}: with a base of {base} each bracket needs a unit price",
)
define(
    "frontend.marginal.rate_not_per_unit.hint",
    zh="如 1万个以下部分 1元/{unit}",
    en="e.g. 1万个以下部分 1元/{unit}",
)
define(
    "frontend.marginal.edge_unit",
    zh="档界“{edge}”与基数的单位不一致：基数是{base}，档界是{edge_type}",
    en="the bracket edge “{edge}” is not in the base's unit: the base is {base}, the edge is {edge_type}",
)
define(
    "frontend.marginal.edge_unit.hint",
    zh="档界须与基数同单位，如 {example}",
    en="write the edge in the base's unit, e.g. {example}",
)
define(
    "frontend.marginal.one_side_mark",
    zh="只写一端的档须写明“以下”或“以上”：写的是“{mark}”",
    en="a bracket with one edge must say 以下 (up to) or 以上 (from): it says “{mark}”",
)
define(
    "frontend.marginal.one_side_mark.hint",
    zh="如 {edge}以下部分，或 {edge}(不含)以上部分",
    en="e.g. {edge}以下部分 (up to {edge}), or {edge}(不含)以上部分 (above {edge})",
)
define(
    "frontend.marginal.between_marks",
    zh="两端都写的档须在每一端写明 (含) 或 (不含)，才知道档界属于哪一档",
    en="a bracket with two edges must mark each one (含) or (不含), to say which bracket the edge belongs to",
)
define(
    "frontend.marginal.suggest_row",
    zh="写成 {row}",
    en="write {row}",
)
define(
    "frontend.marginal.empty",
    zh="这一档的下界须低于上界：{start} 至 {end}",
    en="this bracket's lower edge must be below its upper edge: {start} to {end}",
)
define(
    "frontend.marginal.not_ascending",
    zh="各档须从低到高排列：这一档从{start}起，低于上一档的起点{previous}",
    en="brackets must be written from low to high: this one starts at {start}, below the previous one's start {previous}",
)
define(
    "frontend.marginal.not_ascending.hint",
    zh="把这一档移到上一档之前",
    en="move this bracket before the previous one",
)
define(
    "frontend.marginal.after_open",
    zh="上一档“{previous}”没有上界，须是最后一档",
    en="the previous bracket “{previous}” has no upper edge, so it must be the last",
)
define(
    "frontend.marginal.after_open.hint",
    zh="把“以上”的一档写在最后，或给它写上界（如 {edge}(不含) 至 …(含)部分）",
    en="write the 以上 bracket last, or give it an upper edge (e.g. {edge}(不含) 至 …(含)部分)",
)
define(
    "frontend.marginal.overlap",
    zh="与上一档重叠：{start} 至 {end} 同属两档",
    en="overlaps the previous bracket: {start} to {end} belongs to both",
)
define(
    "frontend.marginal.overlap.hint",
    zh="这一档从上一档的上界{end}起",
    en="start this bracket at the previous one's upper edge {end}",
)
define(
    "frontend.marginal.overlap_at_edge",
    zh="档界{edge}同时属于上一档和这一档",
    en="the edge {edge} belongs both to the previous bracket and to this one",
)
define(
    "frontend.marginal.gap",
    zh="与上一档之间有空档：{start} 至 {end} 不属于任何一档",
    en="a gap after the previous bracket: {start} to {end} belongs to no bracket",
)
define(
    "frontend.marginal.gap.hint",
    zh="这一档从上一档的上界{start}起；不给付的部分可写成比例 0%",
    en="start this bracket at the previous one's upper edge {start}; a part that is not paid can have the rate 0%",
)
define(
    "frontend.marginal.gap_at_edge",
    zh="档界{edge}不属于任何一档：上一档与这一档都不含它",
    en="the edge {edge} belongs to no bracket: neither the previous bracket nor this one includes it",
)
define(
    "frontend.marginal.rate_kinds",
    zh="各档的单价须同一币种、同一单位：第一档是{first}",
    en="every bracket's unit price must be in one currency and unit: the first is {first}",
)
define(
    "frontend.marginal.rate_kinds.hint",
    zh="每一档都写成{first}；以美元计的单价须先按汇率折算",
    en="write every bracket's price as {first}; a price in 美元 must first be converted at an exchange rate",
)
