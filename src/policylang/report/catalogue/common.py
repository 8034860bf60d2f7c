"""Words shared by every report: statuses, severities, labels."""

from policylang.report.i18n import define

define("status.paid", zh="给予", en="paid")
define("status.ineligible", zh="不符合条件", en="not eligible")
define("status.undetermined", zh="不可确定", en="not determinable")
define("status.excluded", zh="取高不重复未取", en="not taken (highest only, no double award)")
define("status.zero", zh="金额为0", en="amount is 0")
define("severity.error", zh="错误", en="error")
define("severity.warning", zh="警告", en="warning")
define("severity.info", zh="提示", en="info")
define("label.citation", zh="条款", en="clause")
define("label.note", zh="说明", en="note")
define("label.suggestion", zh="建议", en="suggestion")
define("label.list_separator", zh="、", en=", ")
define("common.did_you_mean", zh="是否想写“{name}”？", en="did you mean “{name}”?")
