"""Reader messages: how a value, a case file, a --set option or a population cell is wrong."""

from policylang.report.i18n import define

# ---------------------------------------------------------------------------- types, in words
define("type.money", zh="金额({currency})", en="an amount ({currency})")
define("type.quantity", zh="数量({unit})", en="a quantity ({unit})")
define("type.per_unit", zh="单价({currency}/{unit})", en="a unit price ({currency}/{unit})")
define("type.choice", zh="之一({words})", en="one of ({words})")
define("type.ratio", zh="比例", en="a percentage")
define("type.number", zh="数", en="a number")
define("type.bool", zh="是否", en="yes or no")
define("type.date", zh="日期", en="a date")
define("type.text", zh="文本", en="text")
define("type.list", zh="列表{{{fields}}}", en="a list of {{{fields}}}")
define("type.list_field", zh="{name}: {type}", en="{name}: {type}")
define("type.list_more", zh="{first}，{rest}", en="{first}, {rest}")

# ---------------------------------------------------------------------------- one value (values.py)
define("values.bool", zh="须为 是 或 否", en="must be 是 (yes) or 否 (no)")
define("values.choice", zh="须为 {words} 之一", en="must be one of {words}")
define(
    "values.text_empty",
    zh='没有写文本（空值）；空文本写作 ""',
    en='no text is written (an empty value); an empty text is written ""',
)
define("values.date", zh="须为日期，如 2023-06-20", en="must be a date written as 2023-06-20")
define("values.date_invalid", zh="不是有效的日期", en="is not a valid date")
define("values.negative_money", zh="金额不能为负数", en="an amount cannot be negative")
define("values.negative_quantity", zh="数量不能为负数", en="a quantity cannot be negative")
define("values.money_unit", zh="金额须写单位", en="an amount needs its unit")
define("values.money_examples", zh="如 {a} 或 {b}", en="e.g. {a} or {b}")
define("values.ratio_percent", zh="比例须写成百分数", en="a ratio is written as a percentage")
define(
    "values.ratio_range",
    zh="比例须在 0% 到 100% 之间",
    en="a share must be between 0% and 100%",
)
define(
    "values.ratio_range.hint",
    zh="请核对原始数据：比例是部分占全体的百分数",
    en="check the source figures: a share is the part as a percentage of the whole",
)
define("values.sub_fen", zh="金额须为整分（最小 0.01{currency}）", en="an amount must be in whole fen (0.01{currency})")
define("values.sub_fen.hint", zh="是否想写“{down}”或“{up}”？", en="did you mean “{down}” or “{up}”?")
define("values.not_money", zh="须为金额，写的是{got}", en="must be an amount, but this is {got}")
define(
    "values.currency", zh="币种不符：须为{type}，写的是{got}", en="wrong currency: must be {type}, but this is {got}"
)
define(
    "values.quantity_unit", zh="单位不符：须为{type}，写的是{got}", en="wrong unit: must be {type}, but this is {got}"
)
define("values.unitless", zh="须为不带单位的数，写的是{got}", en="must be a number without a unit, but this is {got}")
define("values.wrong_kind", zh="须为{type}，写的是{got}", en="must be {type}, but this is {got}")
define("values.exponent", zh="数字不能写成科学计数法", en="a number cannot be written in scientific notation")
define(
    "values.separator",
    zh="逗号只能作千位分隔符（每三位一组，如 1,000元）",
    en="a comma may only separate thousands (groups of three, e.g. 1,000元)",
)
define(
    "values.separator_hint",
    zh="删去逗号，或每三位一组写千位分隔符",
    en="remove the commas, or put one every three digits",
)
define("values.not_a_number", zh="不是数字", en="is not a number")
define("values.did_you_mean", zh="是否想写“{word}”？", en="did you mean “{word}”?")
define("values.for_example", zh="如 {example}", en="e.g. {example}")
define("values.units", zh="可写单位：{units}", en="units it takes: {units}")

# ---------------------------------------------------------------------------- case files (cases.py)
define("case.found_at", zh="在第{line}行第{column}列发现", en="found at line {line}, column {column}")
define(
    "case.starts_at",
    zh="问题从第{line}行第{column}列开始：{text}",
    en="the problem starts at line {line}, column {column}: {text}",
)
define("case.yaml", zh="案例文件格式有误：{problem}", en="the case file is not well formed: {problem}")
define("case.mapping", zh="案例文件须为“事实名: 值”的映射", en="a case file must be a mapping of “fact name: value”")
define(
    "case.mixed_blocks",
    zh="事实“{name}”写在顶层，而本案例的事实写在“{block}:”下",
    en="fact “{name}” is written at the top level, but this case puts its facts under “{block}:”",
)
define(
    "case.mixed_blocks.hint",
    zh="把“{name}”移到“{block}:”下（缩进两格），或全部写在顶层",
    en="move “{name}” under “{block}:” (indented two spaces), or write every fact at the top level",
)
define("case.twice", zh="事实“{name}”写了两次", en="fact “{name}” is written twice")
define("case.unknown_fact", zh="政策中没有名为“{name}”的事实", en="the policy has no fact named “{name}”")
define("case.facts_available", zh="可用的事实：{names}", en="facts available: {names}")
define(
    "case.list",
    zh="“{name}”是列表，须写成以“- ”开头的各项",
    en="“{name}” is a list: write its items each starting with “- ”",
)
define("case.single", zh="“{name}”须为单个值（{type}）", en="“{name}” must be a single value ({type})")
define(
    "case.bad_value",
    zh="“{name}”的值“{value}”不对：{problem}",
    en="the value “{value}” of “{name}” is wrong: {problem}",
)
define(
    "case.item_mapping",
    zh="“{name}”的每一项须为“字段: 值”的映射",
    en="each item of “{name}” must be a mapping of “field: value”",
)
define("case.unknown_field", zh="“{name}”的项没有字段“{field}”", en="the items of “{name}” have no field “{field}”")
define("case.fields_available", zh="可用的字段：{names}", en="fields available: {names}")
define(
    "case.field_twice",
    zh="“{name}”的这一项把字段“{field}”写了两次",
    en="this item of “{name}” writes field “{field}” twice",
)
define("case.missing_field", zh="“{name}”的这一项缺少字段“{field}”", en="this item of “{name}” lacks field “{field}”")
define("case.add_field", zh="加上 {field}: {example}", en="add {field}: {example}")
define(
    "case.missing_fact",
    zh="案例缺少事实“{name}”（{clauses} 需要它）",
    en="the case lacks fact “{name}” ({clauses} needs it)",
)
define("case.add_fact", zh="加一行 {name}: {example}", en="add a line {name}: {example}")

# ---------------------------------------------------------------------------- --set
define("set.form", zh="--set 须写成 名称=值", en="--set is written NAME=VALUE")
define("set.form_example", zh="如 --set 规模门槛一=500万元", en="e.g. --set 规模门槛一=500万元")
define("set.list", zh="“{name}”是列表，不能用 --set 给出", en="“{name}” is a list and cannot be given with --set")
define("set.list_hint", zh="列表的各项请写在案例文件中", en="write the list's items in a case file")
define("set.unknown", zh="政策中没有名为“{name}”的参数或事实", en="the policy has no parameter or fact named “{name}”")

# ---------------------------------------------------------------------------- YAML problems
define(
    "yaml.unclosed_brace",
    zh="花括号 { } 没有闭合，或两项之间缺少逗号",
    en="a brace { } is not closed, or a comma is missing between two entries",
)
define(
    "yaml.unclosed_brace.hint",
    zh="每一项写成 {form}，以 {close} 结束",
    en="write each item as {form}, ending with {close}",
)
define(
    "yaml.unclosed_bracket",
    zh="方括号 [ ] 没有闭合，或两项之间缺少逗号",
    en="a bracket [ ] is not closed, or a comma is missing between two entries",
)
define("yaml.unclosed_bracket.hint", zh="写成 [甲, 乙]，以 ] 结束", en="write [a, b], ending with ]")
define("yaml.colon", zh="这里不能出现冒号", en="a colon cannot appear here")
define(
    "yaml.colon.hint",
    zh="值里有冒号时请给值加引号；或检查上一行的缩进",
    en="quote a value that contains a colon, or check the indentation of the line above",
)
define("yaml.no_colon", zh="缺少冒号", en="a colon is missing")
define(
    "yaml.no_colon.hint",
    zh="每一行写成 名称: 值（冒号后留一个空格）",
    en="write each line as name: value (with a space after the colon)",
)
define(
    "yaml.bad_character",
    zh="有不能出现在这里的字符（如 Tab 或 @）",
    en="a character that cannot appear here (such as a Tab or @)",
)
define(
    "yaml.bad_character.hint",
    zh="缩进请用空格，不用 Tab；以 @ ` 开头的值请加引号",
    en="indent with spaces, not Tabs; quote a value starting with @ or `",
)
define("yaml.indent", zh="缩进不一致", en="the indentation is inconsistent")
define("yaml.indent.hint", zh="同一层的各行须对齐", en="lines at the same level must be aligned")
define(
    "yaml.list_indent",
    zh="列表的各项须以“- ”开头且缩进一致",
    en="list items must start with “- ” and be indented alike",
)
define(
    "yaml.list_indent.hint",
    zh="同一列表的各项“- ”须对齐，同一项的各行须缩进一致",
    en="align the “- ” of one list, and indent the lines of one item alike",
)
define(
    "yaml.end_of_stream",
    zh="文件在中途结束：引号或括号没有闭合",
    en="the file ends too early: a quote or bracket is not closed",
)
define("yaml.end_of_stream.hint", zh="补上缺少的引号或括号", en="add the missing quote or bracket")
define("yaml.alias", zh="不能使用 YAML 别名（*名称）", en="YAML aliases (*name) cannot be used")
define("yaml.alias.hint", zh="值以 * 开头时请加引号", en="quote a value that starts with *")
define(
    "yaml.documents",
    zh="案例文件只能有一份内容（不能用 --- 分隔多份）",
    en="a case file holds one document (no --- separators)",
)
define("yaml.documents.hint", zh="每个案例写一个文件", en="write one case per file")
define("yaml.other", zh="格式错误（{problem}）", en="malformed ({problem})")
define(
    "yaml.other.hint",
    zh="检查缩进和冒号；值里有冒号或 # 时请加引号",
    en="check the indentation and colons; quote a value that contains a colon or #",
)
define("yaml.unreadable", zh="无法解析", en="cannot be parsed")

# ---------------------------------------------------------------------------- population cells (population.py)
define("population.more", zh="（该列共 {count} 处）", en=" ({count} in this column)")
define("population.bad_text", zh="值“{value}”不对：{problem}", en="the value “{value}” is wrong: {problem}")
define("population.bad_cell", zh="值“{value}”{problem}", en="the value “{value}”: {problem}")
define("population.problem.negative", zh="不能为负数", en="cannot be negative")
define("population.problem.too_large", zh="数值过大", en="is too large")
define("population.problem.whole_fen", zh="须为整分", en="whole fen")
define("population.problem.places", zh="最多 {places} 位小数", en="at most {places} decimals")
define(
    "population.problem.float",
    zh="小数位数过多（{what}）或不是有限的数",
    en="has too many decimals ({what}) or is not a finite number",
)
define(
    "population.problem.float_or_negative",
    zh="小数位数过多（{what}）或不是有限的数，或为负数",
    en="has too many decimals ({what}), is not a finite number, or is negative",
)
define(
    "population.problem.dtype",
    zh="列的类型 {dtype} 不能作为数",
    en="a column of type {dtype} cannot be read as numbers",
)
define(
    "population.problem.not_type", zh="不是{type}（可写单位：{units}）", en="is not {type} (units it takes: {units})"
)
define("population.problem.one_of", zh="须为 {values} 之一", en="must be one of {values}")
define(
    "population.problem.datetime",
    zh="须为日期（不带时刻），如 2023-06-20",
    en="must be a date (without a time), e.g. 2023-06-20",
)
define("population.items_of_column", zh="{file}（列“{name}”的各项）", en="{file} (the items of column “{name}”)")
define("population.item_table", zh="明细表“{name}”", en="the item table “{name}”")

# ---------------------------------------------------------------------------- suites (suites.py)
define("suite.what.suite", zh="案例集", en="the suite")
define("suite.what.case", zh="案例", en="a case")
define(
    "suite.mapping",
    zh="案例集须为映射，含“案例:”（以及可选的“政策:”）",
    en="a suite must be a mapping with “案例:” (and optionally “政策:”)",
)
define("suite.mapping.hint", zh="如\n政策: jixi.pol\n案例:\n  - 名称: …", en="e.g.\n政策: jixi.pol\n案例:\n  - 名称: …")
define("suite.key_twice", zh="{what}中“{name}”写了两次", en="{what} writes “{name}” twice")
define("suite.unknown_key", zh="{what}中不认识“{name}”", en="unknown key “{name}” in {what}")
define("suite.keys", zh="可写的项：{keys}", en="keys it takes: {keys}")
define("suite.no_cases", zh="案例集缺少“案例:”", en="the suite lacks “案例:”")
define(
    "suite.no_cases.hint",
    zh="加上 案例: 并在其下以“- 名称: …”列出各案例",
    en="add 案例: and list the cases under it, each as “- 名称: …”",
)
define("suite.cases_list", zh="“案例:”须为以“- ”开头的列表", en="“案例:” must be a list of items starting with “- ”")
define(
    "suite.case_mapping",
    zh="每个案例须为映射（名称、事实、期望…）",
    en="each case must be a mapping (名称, 事实, 期望 …)",
)
define("suite.no_name", zh="案例缺少“名称”", en="the case lacks “名称” (its name)")
define(
    "suite.no_name.hint",
    zh='加一行 名称: "…"，说明这个案例测什么',
    en='add a line 名称: "…" saying what the case tests',
)
define("suite.duplicate", zh="案例名称“{name}”重复", en="the case name “{name}” is used twice")
define("suite.first_seen", zh="第一次出现在 {where}", en="first used at {where}")
define(
    "suite.duplicate.hint",
    zh="每个案例的名称须不同，报告和 -k 靠名称区分它们",
    en="give each case its own name: the report and -k tell cases apart by name",
)
define(
    "suite.no_expectations",
    zh="案例须有“期望:”，写明各条款（或合计）应得的金额",
    en="a case needs “期望:”, the amount each clause (or the total) should pay",
)
define(
    "suite.no_expectations.hint",
    zh="如 期望: {五(一)2: 25万元, 合计: 25万元}",
    en="e.g. 期望: {五(一)2: 25万元, 合计: 25万元}",
)
define("population.where_problem", zh="{where}：{problem}", en="{where}: {problem}")
define("population.at_line", zh="{file} 第 {line} 行，列“{column}”", en="{file} line {line}, column “{column}”")
define(
    "population.at_row",
    zh="{file} 第 {row} 行（数据行，从 1 数起），列“{column}”",
    en="{file} row {row} (data rows, counted from 1), column “{column}”",
)
define("population.at_header", zh="{file} 表头，列“{column}”", en="{file} header, column “{column}”")
define("population.at_column", zh="{file}，列“{column}”", en="{file}, column “{column}”")
define(
    "population.ignored_column",
    zh="列“{column}”不是政策中的事实，已忽略；是否想写“{near}”？",
    en="column “{column}” is not a fact of the policy and is ignored; did you mean “{near}”?",
)
define(
    "population.two_columns",
    zh="{where}：事实“{name}”由两列给出（还有“{other}”）",
    en="{where}: fact “{name}” is given by two columns (also “{other}”)",
)
define("population.two_columns.hint", zh="删去其中一列", en="remove one of them")
define("population.no_unit", zh="不写单位", en="no unit")
define("population.what.fact", zh="事实", en="fact")
define("population.what.field", zh="字段", en="field")
define(
    "population.header_unit",
    zh="{where}：{what}“{name}”是{type}，不能以“{unit}”为单位",
    en="{where}: {what} “{name}” is {type} and cannot be in “{unit}”",
)
define("population.allowed", zh="可用：{units}", en="units it takes: {units}")
define(
    "population.missing_column",
    zh="{file} 缺少列“{name}”（{clauses} 需要它，且它没有默认值）",
    en="{file} lacks column “{name}” ({clauses} needs it, and it has no default)",
)
define(
    "population.add_column",
    zh="加一列“{name}”，值如 {example}",
    en="add a column “{name}” with values such as {example}",
)
define(
    "population.too_many_places", zh="{where}：小数位数过多（{places} 位）", en="{where}: too many decimals ({places})"
)
define(
    "population.too_many_places.hint",
    zh="金额写到分即可；比例最多写 8 位小数",
    en="write amounts to the fen; ratios take at most 8 decimals",
)
define(
    "population.missing_value",
    zh="{where}：缺少值（{clauses} 需要它，且它没有默认值）",
    en="{where}: no value ({clauses} needs it, and it has no default)",
)
define("population.fill_in", zh="填上一个值，如 {example}", en="fill in a value, e.g. {example}")
define("population.no_id_column", zh="{file} 没有企业标识列“{column}”", en="{file} has no id column “{column}”")
define("population.columns", zh="可用的列：{columns}", en="columns available: {columns}")
define(
    "population.no_id",
    zh="{file} 没有企业标识列，无法与明细表对应",
    en="{file} has no id column, so the item tables cannot be matched to it",
)
define(
    "population.no_id.hint",
    zh="加一列“企业”，或用 --id 指明哪一列是企业标识",
    en="add a column “企业”, or name the id column with --id",
)
define(
    "population.list_column",
    zh="{where}：列表事实“{name}”须为“结构体列表”列（Parquet），或用 --items {name}=明细表.csv 另给一张表",
    en="{where}: list fact “{name}” must be a list-of-struct column (Parquet), or a table of its own: --items {name}=items.csv",
)
define(
    "population.items_no_id",
    zh="{file} 没有企业标识列“{column}”，无法把各项对应到企业",
    en="{file} has no id column “{column}”, so its items cannot be matched to enterprises",
)
define(
    "population.items_no_id.hint",
    zh="加一列“{column}”，写该项所属企业",
    en="add a column “{column}” naming each item's enterprise",
)
define(
    "population.duplicate_ids",
    zh="企业标识列“{column}”有重复的值，无法把明细对应到企业",
    en="the id column “{column}” repeats values, so items cannot be matched to enterprises",
)

# ---------------------------------------------------------------------------- population files (files.py)
define("files.format", zh="不认识的人群文件格式“{path}”", en="unknown population file format “{path}”")
define("files.format.hint", zh="请用 .parquet 或 .csv 文件", en="use a .parquet or .csv file")
define(
    "files.missing",
    zh="无法读取人群文件“{path}”：不存在",
    en="cannot read the population file “{path}”: it does not exist",
)
define(
    "files.parquet",
    zh="“{path}”不是有效的 Parquet 文件：{problem}",
    en="“{path}” is not a valid Parquet file: {problem}",
)
define("files.utf8", zh="人群文件“{path}”不是 UTF-8 编码的文本", en="the population file “{path}” is not UTF-8 text")
define(
    "files.utf8.hint",
    zh="请以 UTF-8 编码另存为 CSV（Excel：另存为“CSV UTF-8”）",
    en="save it as UTF-8 CSV (Excel: Save As “CSV UTF-8”)",
)
define("files.csv", zh="无法读取 CSV 文件“{path}”：{problem}", en="cannot read the CSV file “{path}”: {problem}")
define("files.csv.hint", zh="检查每行的列数是否与表头一致", en="check that every row has as many columns as the header")
define(
    "files.empty", zh="CSV 文件“{path}”是空的，须有表头一行", en="the CSV file “{path}” is empty; it needs a header row"
)
define(
    "population.problem.not_a_place",
    zh="名次须为从 1 起的整数（1 为第一名）",
    en="a place must be a whole number from 1 (the first)",
)
define(
    "population.problem.not_a_place.hint",
    zh="列“{name}”写名次，如 2；未排定名次的留空",
    en="write the place in column “{name}”, e.g. 2; leave it empty where there is none",
)
