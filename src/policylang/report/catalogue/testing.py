"""`policylang test`: the suite's typed entries, the report, coverage and the command's own messages."""

from policylang.report.i18n import define

# ---------------------------------------------------------------------------- a suite's entries
define("suite.facts_mapping", zh="“事实:”须为“事实名: 值”的映射", en="“事实:” must be a mapping of “fact name: value”")
define("suite.settings_mapping", zh="“设定:”须为“名称: 值”的映射", en="“设定:” must be a mapping of “name: value”")
define("suite.settings_mapping.hint", zh="如 设定: {规模门槛一: 500万元}", en="e.g. 设定: {规模门槛一: 500万元}")
define("suite.setting_single", zh="设定“{name}”须为单个值", en="setting “{name}” must be a single value")
define(
    "suite.setting_value",
    zh="设定“{name}”的值“{value}”不对：{problem}",
    en="the value “{value}” of setting “{name}” is wrong: {problem}",
)
define(
    "suite.clauses_list",
    zh="“条款:”须为条款编号的列表（至少一个）",
    en="“条款:” must be a list of clause ids (at least one)",
)
define(
    "suite.clauses_list.hint",
    zh="如 条款: [五(一)2, 五(二)1]；要计算全部条款就删去这一行",
    en="e.g. 条款: [五(一)2, 五(二)1]; to evaluate every clause, remove this line",
)
define("suite.unknown_clause", zh="政策中没有条款“{cite}”", en="the policy has no clause “{cite}”")
define("suite.clauses_available", zh="可用的条款：{cites}", en="clauses available: {cites}")
define("suite.expected_twice", zh="期望中“{target}”写了两次", en="“{target}” is expected twice")
define(
    "suite.expected_not_run",
    zh="期望了条款“{target}”，但本案例的“条款:”只计算 {only}",
    en="clause “{target}” is expected, but this case's “条款:” evaluates only {only}",
)
define(
    "suite.expected_not_run.hint",
    zh="把 {target} 加入“条款:”，或删去这一行期望",
    en="add {target} to “条款:”, or remove this expectation",
)
define(
    "suite.total_status",
    zh="合计只能期望金额或“不可确定”，不能是“{text}”",
    en="the total (合计) can only expect an amount or “不可确定”, not “{text}”",
)
define("suite.total_status.hint", zh="合计不符合条件时写 合计: 0元", en="when nothing is paid, write 合计: 0元")
define(
    "suite.expected_hint",
    zh="写金额，如 25万元、0元；或状态词 {words}",
    en="write an amount, e.g. 25万元 or 0元, or a status word: {words}",
)
define(
    "suite.expected_neither",
    zh="期望值“{text}”既不是金额，也不是状态词",
    en="the expected value “{text}” is neither an amount nor a status word",
)
define("suite.expected_unit", zh="期望值“{text}”须写单位", en="the expected value “{text}” needs its unit")
define(
    "suite.expected_currency",
    zh="期望值须为{currency}金额，写的是{got}",
    en="the expected value must be an amount in {currency}, but this is {got}",
)

# ---------------------------------------------------------------------------- the report
define("test.suite_heading", zh="{suite}（政策 {policy}）：{counts}", en="{suite} (policy {policy}): {counts}")
define(
    "test.counts",
    zh="{cases} 个案例，{passed} 通过，{failed} 失败",
    en="{cases} cases, {passed} passed, {failed} failed",
)
define("test.all_passed", zh="全部通过。共 {counts}", en="All passed. In all: {counts}")
define("test.some_failed", zh="有案例未通过。共 {counts}", en="Some cases failed. In all: {counts}")
define("test.case_heading", zh="{mark} {name}（{where}）", en="{mark} {name} ({where})")
define("test.item", zh="项目", en="item")
define("test.expected", zh="期望", en="expected")
define("test.actual", zh="实际", en="actual")
define("test.status_note", zh="（{status}）", en=" ({status})")
define(
    "test.total_undetermined",
    zh="不可确定（已确定部分合计 {total}）",
    en="not determinable (the determined part totals {total})",
)
define("test.total_made_of", zh="合计由以下各条款构成：", en="The total is made of these clauses:")
define("test.mismatch", zh="与期望不符：{targets}", en="not as expected: {targets}")

# ---------------------------------------------------------------------------- coverage
define(
    "test.coverage",
    zh="覆盖率 {policy}：{percent}%（{covered}/{total}）",
    en="Coverage of {policy}: {percent}% ({covered}/{total})",
)
define(
    "test.total_coverage",
    zh="总覆盖率：{percent}%（{covered}/{total}）",
    en="Total coverage: {percent}% ({covered}/{total})",
)
define("test.comma", zh="，", en=", ")
define(
    "test.coverage_rule",
    zh="（条件须见到成立与不成立，各计 1）",
    en=" (a condition must be seen true and false, 1 point each)",
)
define("test.uncovered", zh="未覆盖：", en="Not covered:")
define("test.what", zh="{kind}“{name}”", en="{kind} “{name}”")
define("test.uncovered_item", zh="{what}：{why}", en="{what}: {why}")
define("test.kind.clause", zh="条款", en="clause")
define("test.kind.condition", zh="条件", en="condition")
define("test.kind.tier", zh="分档", en="tier")
define("test.kind.cap", zh="上限", en="cap")
define("test.kind.limit", zh="数量限制", en="limit")
define(
    "test.why.clause_never_paid",
    zh="有案例计算过，但从未算到奖励（均不符合条件或不可确定）",
    en="evaluated, but never reached an award (always not eligible or not determinable)",
)
define("test.why.clause_never_run", zh="没有案例计算它", en="no case evaluates it")
define("test.why.condition_never", zh="从未算出成立或不成立", en="never found true or false")
define("test.why.never_true", zh="从未见到成立", en="never seen true")
define("test.why.never_false", zh="从未见到不成立", en="never seen false")
define("test.why.tier", zh="从未取到这一档", en="this row was never taken")
define("test.why.cap_never_bound", zh="算到过，但从未起作用", en="reached, but never bound")
define("test.why.limit_never_bound", zh="算到过，但从未排除任何一项", en="reached, but never left an item out")
define("test.why.never_reached", zh="从未算到", en="never reached")

# ---------------------------------------------------------------------------- the command
define("test.bad_pattern", zh="-k 的正则表达式有误：{problem}", en="the regular expression of -k is wrong: {problem}")
define(
    "test.bad_pattern.hint", zh="按名称的一部分匹配即可，如 -k 煤炭", en="a part of the name is enough, e.g. -k 煤炭"
)
define(
    "test.bad_fail_under",
    zh="--fail-under 须为 0 到 100 之间的百分数，写的是“{text}”",
    en="--fail-under must be a percentage from 0 to 100, not “{text}”",
)
define("test.bad_fail_under.hint", zh="如 --fail-under 80", en="e.g. --fail-under 80")
define("test.current_folder", zh="当前目录", en="the current folder")
define("test.no_suites", zh="{where}下没有找到案例集（*{suffix}）", en="no suites (*{suffix}) found in {where}")
define(
    "test.no_suites.hint",
    zh="在每个 policies/<名称>.pol 旁放一个 <名称>.cases.yaml",
    en="put a <name>.cases.yaml beside each policies/<name>.pol",
)
define("test.no_match", zh="没有名称与 -k “{pattern}” 匹配的案例", en="no case name matches -k “{pattern}”")
define("test.no_cases", zh="案例集中没有案例", en="the suites hold no cases")
define(
    "test.under",
    zh="覆盖率 {shown}% 低于 --fail-under {fail_under}",
    en="coverage {shown}% is below --fail-under {fail_under}",
)

# ---------------------------------------------------------------------------- finding a suite's policy, a policy's suite
define("suite.no_policy", zh="找不到政策文件“{path}”", en="cannot find the policy file “{path}”")
define(
    "suite.no_policy.hint",
    zh="“政策:”的路径相对于本案例文件所在的目录",
    en="the path in “政策:” is relative to the folder of this case file",
)
define(
    "suite.no_default_policy",
    zh="找不到政策文件“{path}”（案例集默认测试同名的 .pol）",
    en="cannot find the policy file “{path}” (a suite tests the .pol of the same name unless it says otherwise)",
)
define(
    "suite.no_default_policy.hint",
    zh="在案例文件开头写一行 政策: 文件名.pol",
    en="add a line 政策: name.pol at the top of the case file",
)
define(
    "suite.no_suite",
    zh="政策“{policy}”旁没有案例集“{suite}”",
    en="there is no suite “{suite}” beside the policy “{policy}”",
)
define(
    "suite.no_suite.hint",
    zh="新建 {suite}，格式见 README 的“policylang test”一节",
    en="create {suite}; its format is in README's “policylang test” section",
)
