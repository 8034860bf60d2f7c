"""Writing the answer: a stdout that cannot take it (a full disk, a closed pipe, a console encoding)."""

from policylang.report.i18n import define

define("output.write_failed", zh="无法写出输出：{reason}", en="could not write the output: {reason}")
define("output.reason.no_space", zh="磁盘或设备已满", en="no space left on the device")
define("output.reason.closed", zh="接收输出的程序已关闭", en="the program reading the output has closed it")
define("output.reason.io", zh="设备读写错误", en="an input/output error on the device")
