"""`policylang check`, the text family (tools/check/text.py): the 原文's numbers against the code.
Policy words (the 原文's phrases, literals, list and field names) are arguments."""

from policylang.report.i18n import define

define("check.family.text", zh="原文与代码", en="原文 against the code")
define(
    "check.rule.TEXT001",
    zh="代码中的数在本条原文中没有，或单位、币种、数量级与原文不同",
    en="a number in the code that the clause's 原文 does not contain, or contains with another unit, currency or scale",
)
define(
    "check.rule.TEXT002",
    zh="原文中的数没有被本条款的代码使用，也没有说明为何不编码",
    en="a number in the 原文 that no code of the clause uses, with no word on why",
)
define(
    "check.rule.TEXT003",
    zh="比较的边界与原文不一致（含不含本数、以上还是以下）",
    en="a comparison whose boundary is not the 原文's (whether the number counts, above or below)",
)
define(
    "check.rule.TEXT004",
    zh="上限的范围与原文所说的对象不一致（每项、同一组、每户企业、每年、累计）",
    en="a cap whose scope is not the one its 原文 words say (per item, per group, per enterprise, per year, cumulative)",
)
define(
    "check.rule.TEXT005",
    zh="参考 所写的短语不在本条原文中，或其中没有数",
    en="a 参考 whose phrase is not in the clause's 原文, or holds no number",
)

define("check.text.code", zh="代码", en="code")

# ---------------------------------------------------------------------------- TEXT001
define(
    "check.TEXT001.missing",
    zh="代码中的 {code} 在本条原文中找不到",
    en="{code} in the code is nowhere in the clause's 原文",
)
define(
    "check.TEXT001.missing.suggestion",
    zh="核对原文：代码中的每个数都应出自本条原文（若出自解读，请在 解读 中写明由来）",
    en="check the 原文: every number in the code should come from the clause's 原文 (if a reading gives it, say so in a 解读)",
)
define(
    "check.TEXT001.unit",
    zh="代码写 {code}，原文写 {text}：单位或币种不同（{code_unit} 与 {text_unit}）",
    en="the code says {code}, the 原文 says {text}: another unit or currency ({code_unit} against {text_unit})",
)
define(
    "check.TEXT001.scale",
    zh="代码写 {code}，原文写 {text}：数量级不同（相差 {factor} 倍）",
    en="the code says {code}, the 原文 says {text}: another scale (a factor of {factor})",
)
define("check.TEXT001.suggestion", zh="照原文写成 {text}", en="write it as the 原文 does: {text}")

# ---------------------------------------------------------------------------- TEXT002
define(
    "check.TEXT002.message",
    zh="原文中的 {text} 没有被本条款的代码使用",
    en="{text} in the 原文 is used by none of the clause's code",
)
define(
    "check.TEXT002.suggestion",
    zh='把它编码；若它只是说明性的、不参与计算，写 参考 "{text}" "不编码的理由"，或在 解读 中说明',
    en='encode it; if it is informative only, write 参考 "{text}" "why it is not encoded", or say why in a 解读',
)

# ---------------------------------------------------------------------------- TEXT003
define(
    "check.TEXT003.message",
    zh="边界与原文不一致：原文“{phrase}”{text_reading}，代码“{code}”却{code_reading}",
    en="the boundary is not the 原文's: “{phrase}” {text_reading}, but the code “{code}” {code_reading}",
)
define("check.TEXT003.suggestion", zh="照原文写成 {code}", en="write what the 原文 says: {code}")
define("check.text.bound.lower.incl", zh="含本数（达到即可）", en="includes the number (reaching it is enough)")
define("check.text.bound.lower.excl", zh="不含本数（须超过）", en="excludes the number (it must be exceeded)")
define("check.text.bound.lower.said", zh="是下限（以上）", en="is a lower bound")
define("check.text.bound.upper.incl", zh="含本数（不超过）", en="includes the number (up to it)")
define("check.text.bound.upper.excl", zh="不含本数（须低于）", en="excludes the number (it must be below)")
define("check.text.bound.upper.said", zh="是上限（以下）", en="is an upper bound")

# ---------------------------------------------------------------------------- TEXT004
define(
    "check.TEXT004.message",
    zh="上限的范围与原文不符：原文写“{word}”（{text_scope}），代码的上限却是{code_scope}",
    en="the cap's scope is not the 原文's: it says “{word}” ({text_scope}), but the code's cap is {code_scope}",
)
define("check.text.scope.item", zh="按每一项计", en="per item")
define("check.text.scope.group", zh="按同一组计", en="per group")
define("check.text.scope.enterprise", zh="按每户企业计", en="per enterprise")
define("check.text.scope.year", zh="按每年计", en="per year")
define("check.text.scope.cumulative", zh="累计", en="cumulative")
define("check.text.level.item", zh="逐项 {where} 的每项上限", en="a per-item cap of 逐项 {where}")
define("check.text.level.group", zh="分组 {where} 的每组上限", en="a per-group cap of 分组 {where}")
define(
    "check.text.level.clause", zh="条款一级（每户企业每年）的上限", en="a clause-level cap (per enterprise, per year)"
)
define("check.text.level.cumulative", zh="累计上限（跨年累计）", en="a cumulative cap (累计上限, across years)")
define("check.TEXT004.suggestion.item", zh="把这个上限写在 逐项 之内", en="write this cap inside 逐项")
define("check.TEXT004.suggestion.group", zh="把这个上限写在 分组 之内", en="write this cap inside 分组")
define(
    "check.TEXT004.suggestion.enterprise",
    zh="把这个上限写在 逐项 之外（条款一级），对整户企业计",
    en="write this cap outside 逐项 (at the clause's level), for the whole enterprise",
)
define(
    "check.TEXT004.suggestion.year",
    zh="写成条款一级的 上限（每年），不用 累计上限",
    en="write it as a clause-level cap (per year), not a 累计上限",
)
define(
    "check.TEXT004.suggestion.cumulative",
    zh="写成 累计上限 … 扣除 此前已获的金额",
    en="write it as 累计上限 … 扣除 what was paid before",
)

# ---------------------------------------------------------------------------- TEXT005
define(
    "check.TEXT005.not_found",
    zh="参考“{phrase}”不在本条原文中",
    en="参考 “{phrase}” is not in the clause's 原文",
)
define(
    "check.TEXT005.no_number",
    zh="参考“{phrase}”中没有数",
    en="参考 “{phrase}” holds no number",
)
define(
    "check.TEXT005.suggestion",
    zh='照原文逐字写出说明性的数所在的短语（如 参考 "1亿元" "理由"）',
    en='copy the phrase holding the informative number word for word from the 原文 (such as 参考 "2%" "reason")',
)
