"""`policylang fmt`: what it says about each file (its help is in catalogue/cli.py)."""

from policylang.report.i18n import define

define(
    "fmt.would_change",
    zh="格式化{name}会改变其含义或注释，已放弃，文件未改动",
    en="formatting {name} would change its meaning or comments; given up, the file is unchanged",
)
define(
    "fmt.hint.report",
    zh="这是 policylang 的缺陷，请附上该文件报告",
    en="this is a defect of policylang: please report it with the file attached",
)
define("fmt.diff.before", zh="{name}（原）", en="{name} (original)")
define("fmt.diff.after", zh="{name}（格式化后）", en="{name} (formatted)")
define("fmt.needs_formatting", zh="需要格式化：{name}", en="needs formatting: {name}")
define("fmt.formatted", zh="已格式化：{name}", en="formatted: {name}")
define(
    "fmt.cannot_write",
    zh="无法写入“{name}”：{reason}，文件未改动",
    en="cannot write “{name}”: {reason}; the file is unchanged",
)
