"""The command line: every command's and option's help, Click's own words, usage mistakes.

Keys: `cli.<command>.help` (the command's help), `cli.<command>.opt.<parameter name>` (an
option's help); `cli.main.*` is the group. cli.py sets them on each command as it hands it out,
so the tool modules keep no help text of their own that would need translating.
"""

from policylang.report.i18n import define

# ------------------------------------------------------------------------------------- the group
define(
    "cli.main.help",
    zh="policylang：把补贴政策条文写成可运行、可检查、可比较的代码。\n\n"
    "退出码：0 成功；1 条件未通过（测试失败、检查出错误）；2 输入无效（政策或案例文件有误）。",
    en="policylang: subsidy policy clauses as code that can be run, checked and compared.\n\n"
    "Exit codes: 0 success; 1 a condition failed (a test failed, check found an error); "
    "2 invalid input (a bad policy or case file).",
)
define("cli.main.opt.version", zh="显示版本并退出", en="Show the version and exit.")
define(
    "cli.opt.lang",
    zh="输出语言：zh（中文）或 en（英文）；默认取 LC_ALL / LC_MESSAGES / LANG，未设时为 zh",
    en="Output language: zh (Chinese) or en (English); by default from LC_ALL / LC_MESSAGES / LANG, zh when unset",
)

# ------------------------------------------------------------------------------- Click's own words
define("cli.click.usage", zh="用法:", en="Usage:")
define("cli.click.options", zh="选项", en="Options")
define("cli.click.arguments", zh="参数", en="Positional arguments")
define("cli.click.commands", zh="命令", en="Commands")
define("cli.click.default", zh="默认：{default}", en="default: {default}")
define("cli.click.required", zh="必填", en="required")
define("cli.click.help", zh="显示本帮助并退出", en="Show this message and exit.")
define("cli.aborted", zh="已中止", en="Aborted!")

# ------------------------------------------------------------------------------- usage mistakes
define("cli.usage", zh="命令用法有误：{problem}", en="wrong command usage: {problem}")
define("cli.usage.hint", zh="运行 {command} --help 查看用法", en="run {command} --help to see how it is used")
define("cli.command_line", zh="命令行", en="command-line")
define("cli.usage.missing_command", zh="缺少命令（eval、test、check、fmt、diff 或 batch）", en="Missing command.")
define("cli.usage.missing_argument", zh="缺少参数 {a}", en="Missing argument '{a}'.")
define(
    "cli.usage.no_such_option_near", zh="没有选项 {a}；是否想写 {b}？", en="No such option '{a}'. Did you mean '{b}'?"
)
define("cli.usage.no_such_option", zh="没有选项 {a}", en="No such option '{a}'.")
define(
    "cli.usage.no_such_command_near",
    zh="没有命令“{a}”；是否想写“{b}”？",
    en="No such command '{a}'. Did you mean '{b}'?",
)
define("cli.usage.no_such_command", zh="没有命令“{a}”", en="No such command '{a}'.")
define("cli.usage.extra_arguments", zh="多余的参数：{a}", en="Got unexpected extra arguments ({a})")
define("cli.usage.needs_value", zh="选项 {a} 需要一个值", en="Option '{a}' requires an argument.")
define(
    "cli.usage.not_a_choice",
    zh="选项 {a} 的值“{b}”无效，可选：{c}",
    en="Invalid value for '{a}': '{b}' is not one of {c}.",
)
define(
    "cli.usage.is_a_directory", zh="{a} 须为文件，“{b}”是一个目录", en="Invalid value for '{a}': '{b}' is a directory."
)
define("cli.usage.invalid_value", zh="参数 {a} 的值无效：{b}", en="Invalid value for '{a}': {b}")

# -------------------------------------------------------------------------------------------- eval
define(
    "cli.eval.help",
    zh="计算一个企业（案例）按政策可获得的金额，逐条款给出理由与出处。",
    en="Compute what one firm (a case) receives under a policy, clause by clause, with reasons and sources.",
)
define(
    "cli.eval.opt.clauses",
    zh="只计算这些条款（可重复），如 --clause 一(二)1",
    en="Compute only these clauses (repeatable), e.g. --clause 一(二)1",
)
define(
    "cli.eval.opt.settings",
    zh="假定一个值（原文未规定的参数，或覆盖案例中的事实），输出会注明是假定的",
    en="Assume a value (a parameter the text leaves open, or a fact overriding the case's); "
    "the output marks it as assumed",
)
define("cli.eval.opt.fmt", zh="输出格式", en="Output format")
define(
    "cli.eval.opt.explain",
    zh="逐条列出条件、带数值的公式、各上限及原文",
    en="List each clause's conditions, the formula with its values, every cap and the original text",
)
define("cli.eval.no_clause", zh="政策中没有条款“{citation}”", en="the policy has no clause “{citation}”")
define("cli.eval.clauses_are", zh="政策中的条款：{ids}", en="the policy's clauses: {ids}")

# -------------------------------------------------------------------------------------------- test
define(
    "cli.test.help",
    zh="运行案例集（*.cases.yaml），核对每个案例各条款及合计的期望金额。\n\n"
    "PATH 可为案例集文件、目录（递归查找）或 .pol 文件（运行同名的 .cases.yaml）；"
    "不写则查找当前目录下所有 *.cases.yaml。\n\n"
    "退出码：0 全部通过；1 有案例未通过或覆盖率不足；2 案例集或政策文件有误。",
    en="Run test suites (*.cases.yaml): check each case's expected amounts per clause and in total.\n\n"
    "PATH may be a suite file, a folder (searched recursively) or a .pol file (runs the .cases.yaml of the same "
    "name); without PATH every *.cases.yaml under the current folder is run.\n\n"
    "Exit codes: 0 all passed; 1 a case failed or coverage is too low; 2 a bad suite or policy file.",
)
define(
    "cli.test.opt.show_coverage",
    zh="报告案例覆盖了哪些条款、条件、分档、上限与数量限制",
    en="Report which clauses, conditions, tiers, caps and count limits the cases cover",
)
define(
    "cli.test.opt.fail_under",
    zh="总覆盖率低于此百分数时以 1 退出（隐含 --coverage）",
    en="Exit with 1 when total coverage is below this percentage (implies --coverage)",
)
define("cli.test.opt.fmt", zh="输出格式", en="Output format")
define(
    "cli.test.opt.pattern",
    zh="只运行名称与正则表达式匹配的案例",
    en="Run only the cases whose name matches this regular expression",
)
define(
    "cli.test.opt.verbose",
    zh="也列出通过的案例及其各项期望",
    en="Also list the cases that passed, with their expectations",
)

# ------------------------------------------------------------------------------------------- check
define(
    "cli.check.help",
    zh="检查政策中互相矛盾或原文未定的上限、分档、门槛和比例，每个问题附可运行的反例。\n\n"
    "退出码：0 没有错误；1 发现错误（加 --strict 时警告也算）；2 政策文件有误，无法检查。",
    en="Check a policy for caps, tiers, thresholds and rates that contradict each other or that the text leaves "
    "open; each problem comes with a counterexample that can be run.\n\n"
    "Exit codes: 0 no errors; 1 errors found (with --strict, warnings too); 2 a bad policy file, not checked.",
)
define("cli.check.opt.fmt", zh="输出格式", en="Output format")
define("cli.check.opt.strict", zh="警告也算不通过（退出码 1）", en="Treat warnings as failures too (exit code 1)")
define(
    "cli.check.opt.folder",
    zh="把每个反例写成案例文件（policylang eval 可直接运行）",
    en="Write each counterexample as a case file (policylang eval runs it as is)",
)

# --------------------------------------------------------------------------------------------- fmt
define(
    "cli.fmt.help",
    zh="把 .pol 文件整理为统一格式（保留全部注释与原文，不改变含义）。\n\n"
    "不带选项时就地改写文件（原子替换）；FILE 可为文件夹（其中所有 .pol），省略或为 - 时读标准输入、写标准输出。\n"
    "退出码：0 无需改动或已改写；1 （--check）有文件需要格式化；2 有文件无法解析（该文件不改动）。",
    en="Format .pol files in one layout (every comment and original text kept, the meaning unchanged).\n\n"
    "Without options files are rewritten in place (atomically); FILE may be a folder (all its .pol files); "
    "without FILE, or with -, standard input is formatted to standard output.\n"
    "Exit codes: 0 nothing to change or rewritten; 1 (--check) a file needs formatting; "
    "2 a file cannot be parsed (it is left unchanged).",
)
define(
    "cli.fmt.opt.check",
    zh="只检查：有文件需要格式化时列出并以 1 退出，不改动文件",
    en="Check only: list the files that need formatting and exit with 1; change nothing",
)
define(
    "cli.fmt.opt.show_diff",
    zh="显示格式化前后的差异（unified diff），不改动文件",
    en="Show the difference formatting would make (unified diff); change nothing",
)

# -------------------------------------------------------------------------------------------- init
define(
    "cli.init.help",
    zh="从官方文本起草政策文件：标头、条款结构、每个含金额或比例的句子一个条款（原文照引）。\n\n"
    "认出句式的条款写了草稿代码，其余是待编码的骨架（金额为未规定的参数）；不含金额的句子列为不编码。"
    "初稿须人工复核。不给 -o 时写到标准输出；-o 的文件已存在时不替换，除非加 --force。",
    en="Draft a policy file from its official text: the header, the article structure, and a clause quoting "
    "each sentence with an amount or a rate.\n\n"
    "Clauses of a recognised shape get draft code, the others are skeletons to encode (their amount an "
    "unspecified parameter); sentences without amounts are listed as not encoded. Review the draft. "
    "Without -o it is written to standard output; an existing -o file is not replaced without --force.",
)
define(
    "cli.init.opt.output",
    zh="写到该 .pol 文件（默认写到标准输出）",
    en="Write to this .pol file (standard output by default)",
)
define("cli.init.opt.force", zh="替换已存在的输出文件", en="Replace the output file if it exists")

# -------------------------------------------------------------------------------------------- diff
define(
    "cli.diff.help",
    zh="比较政策的两个版本：逐条款列出含义的变化，并（--cases）计算每个案例的金额变化。\n\n"
    "比较的是语法树与编译后的含义，不是文本：仅格式/注释变化会如实说明，不算含义变化。\n"
    "退出码：0 完成；1 --fail-on-loss / --fail-on-change 的条件成立；2 输入无效。",
    en="Compare two versions of a policy: list the changes of meaning clause by clause and (--cases) how each "
    "case's amounts change.\n\n"
    "What is compared is the syntax tree and the compiled meaning, not the text: a change of layout or comments "
    "only is reported as such, not as a change of meaning.\n"
    "Exit codes: 0 done; 1 the condition of --fail-on-loss / --fail-on-change holds; 2 invalid input.",
)
define(
    "cli.diff.opt.case_paths",
    zh="案例文件、案例集（*.cases.yaml）或其所在文件夹；可写多个，计算每个案例在新旧两版下的金额",
    en="Case files, suites (*.cases.yaml) or their folders, several allowed: each case is computed under both versions",
)
define("cli.diff.opt.fmt", zh="输出格式", en="Output format")
define(
    "cli.diff.opt.fail_on_loss",
    zh="有案例在新版下金额减少时以 1 退出（用于 CI）",
    en="Exit with 1 when a case receives less under the new version (for CI)",
)
define(
    "cli.diff.opt.fail_on_change",
    zh="含义有任何变化时以 1 退出（仅格式/注释变化不算）",
    en="Exit with 1 on any change of meaning (layout or comments alone do not count)",
)
define(
    "cli.diff.opt.population",
    zh="人群文件（Parquet 或 CSV，每行一家企业，见 policylang batch）：修订的成本与增减的企业",
    en="A population file (Parquet or CSV, one firm a row, see policylang batch): what the revision costs "
    "and which firms gain or lose",
)

# ------------------------------------------------------------------------------------------- batch
define(
    "cli.batch.help",
    zh="按政策计算一个人群（每行一家企业）中每家企业可获得的金额，汇总成本并与资金对比。\n\n"
    "人群文件为 Parquet 或 CSV，列名为政策中的事实名，可带单位，如“展位费[万元]”“商品落地率[%]”。",
    en="Compute what every firm of a population (one firm a row) receives under a policy, total the cost and "
    "compare it with the fund.\n\n"
    "The population file is Parquet or CSV; its columns are named after the policy's facts and may carry a "
    "unit, such as “展位费[万元]” or “商品落地率[%]”.",
)
define(
    "cli.batch.opt.output",
    zh="把每家企业的结果写入 OUT（.parquet 或 .csv）",
    en="Write each firm's result to OUT (.parquet or .csv)",
)
define(
    "cli.batch.opt.force",
    zh="OUT 已存在时替换它（否则拒绝覆盖）；结果先写入 OUT 旁的临时文件，全部成功后才替换",
    en="Replace OUT if it exists (otherwise batch refuses); results go to a temporary file beside OUT and replace "
    "it only when every row succeeded",
)
define(
    "cli.batch.opt.settings",
    zh="假定一个值（原文未规定的参数，或对所有企业统一的事实），输出会注明是假定的",
    en="Assume a value (a parameter the text leaves open, or a fact the same for every firm); "
    "the output marks it as assumed",
)
define("cli.batch.opt.fmt", zh="汇总的输出格式", en="Output format of the summary")
define(
    "cli.batch.opt.chunk_rows",
    zh="每批读入的企业数（默认 1,000,000），内存随之而定",
    en="Firms read per batch (default 1,000,000); memory use follows it",
)
define(
    "cli.batch.opt.item_files",
    zh="列表事实的明细表，每行一项，用企业标识列对应企业，如 --items 境外展位=booths.csv",
    en="An item table of a list fact, one item a row, matched to firms by the id column, "
    "e.g. --items 境外展位=booths.csv",
)
define(
    "cli.batch.opt.id_column",
    zh="企业标识列（默认：名为 企业、企业名称、企业编号 或 id 的列）",
    en="The firm id column (default: the column named 企业, 企业名称, 企业编号 or id)",
)
define("cli.batch.opt.clauses", zh="只计算这些条款（可重复）", en="Compute only these clauses (repeatable)")
define(
    "cli.batch.opt.fail_over_fund",
    zh="所需金额超过资金时以退出码 1 结束",
    en="Exit with code 1 when the amount needed exceeds the fund",
)
define(
    "cli.batch.opt.no_quantiles",
    zh="不计算奖励分布的分位数（否则每家获奖企业占 8 字节内存，以求精确的分位数）",
    en="Do not compute quantiles of the awards (they take 8 bytes of memory per awarded firm, to be exact)",
)

# --------------------------------------------------------------------------------------------- lsp
define(
    "cli.lsp.help",
    zh="启动语言服务器（LSP），供编辑器边写边检查 .pol 文件：诊断、悬停、跳转、补全、格式化。\n\n"
    "默认经标准输入输出通信；--tcp HOST:PORT 或 --ws HOST:PORT 改用 TCP 或 WebSocket。"
    "需要 lsp 附加依赖：pip install 'policylang[lsp]'。",
    en="Start the language server (LSP), so an editor checks .pol files as they are written: diagnostics, "
    "hover, go to definition, completion, formatting.\n\n"
    "It speaks over standard input and output; --tcp HOST:PORT or --ws HOST:PORT use TCP or a WebSocket "
    "instead. Needs the lsp extra: pip install 'policylang[lsp]'.",
)
define("cli.lsp.opt.tcp", zh="经 TCP 通信（HOST:PORT）", en="Speak over TCP (HOST:PORT)")
define("cli.lsp.opt.ws", zh="经 WebSocket 通信（HOST:PORT）", en="Speak over a WebSocket (HOST:PORT)")

# --------------------------------------------------------------------------------------------- sql
define(
    "cli.sql.help",
    zh="把政策编译为一条精确的 SQL 查询（或视图），在数据仓库里按事实表逐家企业计算，结果列与 batch 相同。\n\n"
    "事实表每行一家企业，列名为政策中的事实名，数值用基本单位（元、声明的单位、比例写作小数）。"
    "金额一律为整数分：不用浮点除法、不用方言的 ROUND。",
    en="Compile a policy to one exact SQL query (or view) that computes every firm of a facts table in the "
    "warehouse, with the same result columns as batch.\n\n"
    "The facts table has one firm a row, its columns named after the policy's facts, numbers in base units "
    "(元, the declared unit, ratios as decimals). Amounts are whole 分: no float division, no dialect ROUND.",
)
define("cli.sql.opt.dialect", zh="SQL 方言", en="SQL dialect")
define("cli.sql.opt.table", zh="事实表（每行一家企业）", en="The facts table (one firm a row)")
define(
    "cli.sql.opt.id_column",
    zh="企业标识列，原样输出在结果的第一列",
    en="The firm id column, passed through as the result's first column",
)
define(
    "cli.sql.opt.item_tables",
    zh="列表事实的明细表，如 --items 境外展位=booths",
    en="An item table of a list fact, e.g. --items 境外展位=booths",
)
define("cli.sql.opt.clauses", zh="只计算这些条款（可重复）", en="Compute only these clauses (repeatable)")
define(
    "cli.sql.opt.settings",
    zh="假定一个值（原文未规定的参数，或对所有企业统一的事实）",
    en="Assume a value (a parameter the text leaves open, or a fact the same for every firm)",
)
define(
    "cli.sql.opt.view",
    zh="输出 CREATE VIEW NAME AS …，而不是查询",
    en="Print CREATE VIEW NAME AS … instead of the query",
)
define(
    "cli.batch.opt.engine_name",
    zh="计算引擎：polars（默认）或 duckdb（把政策编译为 SQL，在内嵌的 DuckDB 上运行）",
    en="The engine: polars (the default) or duckdb (the policy compiled to SQL, run on embedded DuckDB)",
)
