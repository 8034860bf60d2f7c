"""Messages about the user's own files as fmt rewrites them (permissions, links)."""

from policylang.report.i18n import define

define("userfile.read_only", zh="“{name}”是只读文件，未改写", en="“{name}” is read-only; it was not rewritten")
define(
    "userfile.read_only.hint",
    zh="确需格式化时先取消只读（如 chmod u+w），或用 --diff 查看改动",
    en="to format it, make it writable first (e.g. chmod u+w), or see the changes with --diff",
)
