"""Messages for tables keyed by date and term (同期贷款基准利率 by loan term) and for 截至 on a table."""

from policylang.report.i18n import define

# --- the bands of a dated row
define(
    "tables.one_side_mark",
    zh="只写一端的期限档须写明“以下”或“以上”：写的是“{mark}”",
    en="a term band with one edge must say 以下 (up to) or 以上 (from): it says “{mark}”",
)
define(
    "tables.one_side_mark.hint",
    zh="如 {edge}(含)以下，或 {edge}(不含)以上",
    en="e.g. {edge}(含)以下 (up to and including {edge}), or {edge}(不含)以上 (above {edge})",
)
define(
    "tables.between_marks",
    zh="两端都写的期限档须在每一端写明 (含) 或 (不含)，才知道档界属于哪一档",
    en="a term band with two edges must mark each one (含) or (不含), to say which band the edge belongs to",
)
define("tables.suggest_band", zh="写成 {band}", en="write {band}")
define(
    "tables.empty_band",
    zh="这一档的下界须低于上界：{start} 至 {end}",
    en="this band's lower edge must be below its upper edge: {start} to {end}",
)
define(
    "tables.empty_band.hint",
    zh="下界写在前、上界写在后，如 12个月(不含) 至 60个月(含)；不需要的档删去",
    en="write the lower edge first and the upper one second, e.g. 12个月(不含) 至 60个月(含); delete a band not needed",
)
define(
    "tables.edge_unit",
    zh="档界“{edge}”与表的期限单位不一致：期限是{term}，档界是{written}",
    en="the band edge “{edge}” is not in the table's term unit: the term is {term}, the edge is {written}",
)
define(
    "tables.edge_unit.hint",
    zh="以{unit}为单位写",
    en="write it in {unit}",
)
define("tables.suggest_converted", zh="写成 {value}", en="write {value}")
define(
    "tables.coverage_differs",
    zh="这一行各档合起来是 {covers}，与 {first} 一行的 {first_covers} 不同：各行的档须覆盖同样的期限",
    en="this row's bands together cover {covers}, unlike the row {first}, which covers {first_covers}: every row's"
    " bands must cover the same terms",
)
define(
    "tables.coverage_differs.hint",
    zh="让这一行的第一档和最后一档与其他行一样止于 {first_covers} 的两端",
    en="make this row's first and last band stop where {first_covers} does, as in the other rows",
)
define(
    "tables.coverage_differs.all",
    zh="这一行的第一档写“以下”、最后一档写“以上”，与其他行一样覆盖全部期限",
    en="make this row's first band 以下 and its last 以上, so that it covers every term as the other rows do",
)
define("tables.all_terms", zh="全部期限", en="every term")
define(
    "tables.open_inside",
    zh="“以下”只能是一行的第一档、“以上”只能是最后一档：它们不设另一端，会与相邻的档重叠",
    en="a 以下 band can only be a row's first and a 以上 band only its last: with no other edge they overlap the next band",
)
define(
    "tables.open_inside.hint",
    zh="中间的档写两端，如 12个月(不含) 至 60个月(含)",
    en="give a band in the middle both edges, e.g. 12个月(不含) 至 60个月(含)",
)
define(
    "tables.overlap",
    zh="期限档重叠：{low} 至 {high} 的期限同时在这一档和上一档",
    en="term bands overlap: a term from {low} to {high} is in this band and in the one before it",
)
define(
    "tables.gap",
    zh="期限档之间有空档：{low} 至 {high} 之间的期限不在任何一档",
    en="the term bands leave a gap: a term between {low} and {high} is in no band",
)
define(
    "tables.edge_twice",
    zh="档界 {edge} 同时属于这一档和上一档：两边都写了 (含)",
    en="the edge {edge} belongs to this band and to the one before it: both say (含)",
)
define(
    "tables.edge_in_none",
    zh="档界 {edge} 不属于任何一档：两边都写了 (不含)",
    en="the edge {edge} belongs to no band: both sides say (不含)",
)
define(
    "tables.date_twice",
    zh="表中 {date} 这一行写了两次",
    en="the table has two rows dated {date}",
)
define(
    "tables.date_twice.hint",
    zh="删去其中一行，或改正它的日期",
    en="delete one of the two rows, or correct its date",
)
define(
    "tables.term_not_quantity",
    zh="表的第二个键须是期限（数量），写的是{type}",
    en="a table's second key must be a term (a quantity), but it is {type}",
)
define(
    "tables.term_not_quantity.hint",
    zh="如 表 同期贷款基准利率: 日期, 数量(月) -> 比例 { … }",
    en="e.g. 表 同期贷款基准利率: 日期, 数量(月) -> 比例 { … }",
)

# --- 截至
define(
    "tables.until_before_row",
    zh="截至 {until} 早于表中最后一行的日期 {last}",
    en="截至 {until} is before the table's last row, dated {last}",
)
define(
    "tables.until_before_row.hint",
    zh="截至的日期须不早于 {last}",
    en="give a 截至 date on or after {last}",
)

# --- lookups
define(
    "tables.table_without_keys",
    zh="“{name}”是按日期和期限查的表，需写成 {name}(日期, 期限)",
    en="“{name}” is a table keyed by date and term: write {name}(日期, 期限)",
)
define(
    "tables.lookup_args",
    zh="查表 {function}(日期, 期限) 需要一个日期和一个期限",
    en="the table lookup {function}(日期, 期限) needs a date and a term",
)
define(
    "tables.lookup_args.hint",
    zh="如 {function}(贷款发放日, 贷款期限)",
    en="e.g. {function}(贷款发放日, 贷款期限)",
)
define(
    "tables.term_unit",
    zh="查表 {function} 的期限须是{term}，这里是{written}",
    en="the term looked up in {function} must be {term}, but this one is {written}",
)
define(
    "tables.term_unit.declare",
    zh="把期限声明为 数量({unit})（1{written} = {factor}），案例中按{unit}填写",
    en="declare the term as 数量({unit}) (1{written} = {factor}) and give it in {unit} in the cases",
)

define(
    "tables.term_unit.table",
    zh="把表的期限写成 数量({unit})，档界按{unit}写（1{table_unit} = {factor}）",
    en="write the table's term as 数量({unit}), its band edges in {unit} (1{table_unit} = {factor})",
)

# --- evaluation
define(
    "tables.term_outside",
    zh="期限 {term} 不在表“{table}”的任何一档（各档合起来是 {covers}），无法确定金额；请核对期限，或在表中补上这一档",
    en="the term {term} is in no band of table “{table}” (its bands cover {covers}), so the amount cannot be"
    " determined; check the term, or add its band to the table",
)
define(
    "tables.after_until",
    zh="表“{table}”的数据截至 {until}，没有 {key} 的数值，无法确定金额；请核对日期，或在表中补上之后公布的数值并更新截至日期",
    en="table “{table}” has data up to {until} only, not for {key}, so the amount cannot be determined; check the"
    " date, or add the values published since and move its 截至 date",
)

# --- diff
define("tables.diff.until", zh="表“{name}”的截至日期", en="the 截至 date of table “{name}”")
define("tables.diff.band", zh="表“{name}” {row} 一行的 {band}", en="{band} in the row {row} of table “{name}”")
