"""The public API's own messages: reading a user's file (F001, F002)."""

from policylang.report.i18n import define

define("core.what.file", zh="文件", en="the file")
define("core.what.policy_file", zh="政策文件", en="the policy file")
define("core.what.case_file", zh="案例文件", en="the case file")
define("core.cannot_read", zh="无法读取{what}“{path}”：{reason}", en="cannot read {what} “{path}”: {reason}")
define("core.reason.missing", zh="不存在", en="it does not exist")
define("core.reason.directory", zh="这是一个目录，不是文件", en="it is a folder, not a file")
define("core.not_utf8", zh="{what}不是 UTF-8 编码的文本", en="{what} is not UTF-8 text")
define("core.hint.save_utf8", zh="请以 UTF-8 编码保存该文件", en="save the file as UTF-8")
define(
    "core.hint.gbk",
    zh="该文件似乎是 GBK（GB18030）编码；请另存为 UTF-8",
    en="the file seems to be GBK (GB18030) encoded; save it as UTF-8",
)
