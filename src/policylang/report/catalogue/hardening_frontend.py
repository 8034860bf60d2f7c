"""Front-end hardening (issue 11): literal slips that would otherwise load and pay a wrong number.

The policy's own words (the number and the amount as written) are arguments, shown as written.
"""

from policylang.report.i18n import define

define(
    "hardening_frontend.bare_times_money",
    zh="不带单位的数字“{number}”乘以金额“{other}”：这样会按 {number} 倍支付，比例应写“%”",
    en="the bare number “{number}” multiplies the amount “{other}”: this pays {number} times the amount;"
    " a rate needs its “%”",
)
define(
    "hardening_frontend.hint.bare_times_money",
    zh="比例写作 {number}% × {other}；确为倍数时写作 {number}倍 × {other}",
    en="write a rate as {number}% × {other}; if it really is a multiple, write {number}倍 × {other}",
)
define(
    "hardening_frontend.divide_by_zero",
    zh="除数“{text}”为零：除以零没有结果",
    en="the divisor “{text}” is zero: dividing by zero has no result",
)
define(
    "hardening_frontend.hint.divisor",
    zh="写出原文给出的非零除数（如 18平方米、365天）",
    en="write the non-zero divisor the text gives (e.g. 18平方米, 365天)",
)
