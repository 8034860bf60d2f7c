"""policylang sql: the SQL backend's refusals and the command's messages."""

from policylang.report.i18n import define

define(
    "sql.dialect.unknown",
    zh="不认识的 SQL 方言“{dialect}”，可用：{known}",
    en="unknown SQL dialect “{dialect}”; known: {known}",
)
define(
    "sql.clause.refused",
    zh="条款 {citation} 无法精确地写成 SQL：{reason}",
    en="clause {citation} cannot be written exactly in SQL: {reason}",
)
define(
    "sql.group_limit.per_row",
    zh="{subject}在某些企业上未知，SQL 无法精确表达",
    en="{subject} is unknown for some enterprises, which SQL cannot express exactly",
)
define(
    "sql.vocabulary.rounding",
    zh="舍入方式“{value}”没有 SQL 写法（可用：{known}）",
    en="the rounding mode “{value}” has no SQL form (known: {known})",
)
define(
    "sql.rank",
    zh="名次需要先对全体企业排序，尚不能编译为 SQL",
    en="a 名次 needs the whole population ranked first and cannot be compiled to SQL yet",
)
define(
    "sql.engine.refused",
    zh="--engine duckdb 无法计算这份政策（见上），请用默认的 --engine polars",
    en="--engine duckdb cannot compute this policy (see above); use the default --engine polars",
)
define(
    "sql.option.items",
    zh="--items 须写作 列表=表名，如 --items 境外展位=booths",
    en="--items takes LIST=TABLE, e.g. --items 境外展位=booths",
)
define(
    "sql.extra.missing",
    zh="policylang sql 需要 sql 扩展：pip install 'policylang[sql]'",
    en="policylang sql needs the sql extra: pip install 'policylang[sql]'",
)
define(
    "sql.items.no_table",
    zh="列表“{name}”没有明细表：请用 --items {name}=表名 给出",
    en="the list “{name}” has no item table: give one with --items {name}=TABLE",
)
define(
    "sql.items.not_a_list",
    zh="--items：政策中没有列表事实“{name}”（列表事实：{known}）",
    en="--items: the policy has no list fact “{name}” (list facts: {known})",
)
define(
    "sql.items.need_id",
    zh="--items 需要 --id：明细表按企业标识列与事实表对应",
    en="--items needs --id: item tables are matched to the facts table by the id column",
)
define(
    "sql.items.group_cap_reads",
    zh="分组上限读取了企业或明细的事实，SQL 尚不能按组计算",
    en="a group cap reads a firm's or an item's facts, which SQL cannot compute per group yet",
)
define(
    "sql.engine.out_of_range",
    zh="DuckDB 停止了查询：有金额超出批量计算结果列（以分计的 64 位整数，约 9.2×10¹⁶ 元）或查询所用整数能表示的范围",
    en="DuckDB stopped the query: an amount is beyond what batch's result columns (whole 分 in 64-bit integers, about 9.2×10¹⁶ 元) or the query's integers hold",
)
define(
    "sql.engine.failed",
    zh="DuckDB 停止了查询：{reason}",
    en="DuckDB stopped the query: {reason}",
)
define(
    "sql.engine.failed.hint",
    zh="不加 --engine duckdb 再运行一次：按列计算会指出是哪一行",
    en="run again without --engine duckdb: the column-by-column path says which row",
)
define(
    "sql.engine.setting",
    zh="DuckDB 不接受环境变量给出的设置 {names}：{reason}",
    en="DuckDB refuses the settings given by the environment ({names}): {reason}",
)
