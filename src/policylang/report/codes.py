"""Every diagnostic code, registered once: its area, its severity and a short English title.

A code is a stable name for one kind of problem: CI rules, SARIF rule ids and the documentation
use it, so a code never changes meaning and two problems never share one. `register` refuses a
code twice; tests/test_i18n.py fails when a code is used in src but not registered here, or
registered and never used. Titles are English identifiers' prose (SARIF `shortDescription`);
what a drafter reads comes from the message catalogue, in zh or en.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Area(Enum):
    SYNTAX = "syntax"  # P: the parser
    TYPES = "types"  # T, W: names, types and units
    COMPILE = "compile"  # C: lowering to the IR
    FILES = "files"  # F: reading and writing files
    CASES = "cases"  # K: case files
    SETTINGS = "settings"  # S: --set and 设定
    SUITES = "suites"  # U: *.cases.yaml test suites
    DIFF = "diff"  # D
    POPULATION = "population"  # B0xx–B03x: population files for batch
    BATCH = "batch"  # B04x–B05x: the batch engine and its options
    COMMAND_LINE = "command-line"  # E: options and arguments
    FORMAT = "format"  # fmt
    CHECK = "check"  # CAP, COND, TIER, RATE, UNSPEC, EXCL, TEXT: check findings
    SEMANTICS = "semantics"  # X: the rules every backend applies alike (semantics/)
    OUTPUT = "output"  # O: writing the answer to stdout / stderr
    LSP = "lsp"  # L: the language server (policylang lsp)
    PLOT = "plot"  # G: policylang plot and the batch / diff HTML reports
    SERVE = "serve"  # H: policylang serve, the HTTP API (request-level problems and the command)
    SQL = "sql"  # Q: policylang sql and batch --engine duckdb (backends/sql.py)


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Code:
    code: str
    area: Area
    severity: Severity
    title: str


REGISTRY: dict[str, Code] = {}


class DuplicateCode(Exception):
    """A programming error: one code registered twice."""


def register(code: str, area: Area, title: str, severity: Severity = Severity.ERROR) -> Code:
    if code in REGISTRY:
        raise DuplicateCode(f"diagnostic code {code} is registered twice")
    entry = REGISTRY[code] = Code(code, area, severity, title)
    return entry


def lookup(code: str) -> Code | None:
    return REGISTRY.get(code)


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

# ----------------------------------------------------------------------------------- the front end
for _code, _title in {
    "P001": "syntax error",
    "T101": "invalid literal value",
    "T102": "invalid date",
    "T103": "list used as a single value",
    "T104": "dated table used without a date",
    "T105": "unknown name",
    "T106": "definition refers to itself",
    "T107": "list has no such field",
    "T114": "bare number multiplying an amount from the case",
    "T115": "division by a literal zero",
    "T108": "item field used outside its list",
    "T110": "operation not defined for this type",
    "T111": "units differ in addition or subtraction",
    "T112": "units differ in multiplication",
    "T113": "units differ in division",
    "T120": "boundary words point in opposite directions",
    "T121": "compared values have different units",
    "T122": "value has no order",
    "T123": "interval end without (含) or (不含)",
    "T124": "condition expected",
    "T125": "branches have different units",
    "T126": "tier amounts have different units",
    "T127": "step and base have different units",
    "T130": "function needs at least two values",
    "T131": "function values have different units",
    "T132": "天数 needs two dates",
    "T133": "天数 values must be dates",
    "T134": "unknown function or table",
    "T135": "first argument must name a list fact",
    "T136": "合计 needs a list and a value per item",
    "T137": "table lookup needs a date",
    "T138": "table lookup must use a date",
    "T140": "unknown currency",
    "T141": "not a unit of quantity",
    "T142": "repeated choice in 之一(…)",
    "T143": "field declared twice",
    "T144": "list field that is itself a list",
    "T145": "unit price not over a currency",
    "T150": "money expected",
    "T151": "money in the policy's currency expected",
    "T160": "逐项 over a fact that is not a list",
    "T161": "grouping by a field the list lacks",
    "T170": "超额累进 base neither money nor a quantity",
    "T171": "超额累进 rate not a percentage",
    "T172": "超额累进 rate not a price per the base's unit",
    "T173": "超额累进 edge in another unit than the base",
    "T174": "超额累进 row without 以下/以上",
    "T175": "超额累进 range row without its marks",
    "T176": "超额累进 empty range",
    "T177": "超额累进 rows out of order",
    "T178": "超额累进 rows overlap",
    "T179": "超额累进 rows leave a gap",
    "T180": "超额累进 row after an open 以上 row",
    "T190": "已知 names no check finding code",
    "T193": "取值 range on a type without an order",
    "T194": "取值 range ends out of order",
    "T195": "default outside the declared 取值 range",
    "T260": "(含否 P) names no parameter",
    "T261": "(含否 P) names a parameter not of type 之一(含, 不含)",
    "T262": "至多 合计 of something that is not a quantity",
    "T263": "至多 合计 limit in another unit",
    # tables keyed by date and term (compiler/term_tables.py)
    "T280": "term band without its marks",
    "T281": "term band edge in another unit than the table's term",
    "T282": "term bands leave a gap",
    "T283": "term bands overlap",
    "T284": "term bands do not reach every term",
    "T285": "term table looked up without a date and a term",
    "T286": "term looked up in another unit than the table's",
    "T287": "table term that is not a quantity",
    "T288": "table row dated twice",
    "T289": "empty term band",
}.items():
    register(_code, Area.TYPES if _code.startswith("T") else Area.SYNTAX, _title)
register("W201", Area.TYPES, "contradictory boundary words", _W)
# 语言版本 and 读作 (frontend/bounds.py)
register("T300", Area.TYPES, "读作 followed by a word other than 含 or 不含")
register("T301", Area.TYPES, "读作 on boundary words that do not contradict")
register("T302", Area.TYPES, "读作 on an equality")
register("W202", Area.TYPES, "读作 without a 解读 saying the reading", _W)
register("W203", Area.TYPES, "读作 disagrees with the clause's 解读", _W)
register("C075", Area.COMPILE, "unknown 语言版本")
register("C076", Area.COMPILE, "a contradictory boundary's reading named like a declared parameter")

for _code, _title in {
    "C001": "unknown currency in the header",
    "C002": "header without a rounding rule",
    "C003": "fund that is not money",
    "C004": "rounding rule outside the vocabulary",
    "C010": "clause number used twice",
    "C011": "name declared twice",
    "C020": "constant value expected",
    "C021": "value's unit differs from its declaration",
    "C022": "parameter computed from facts",
    "C023": "table without rows",
    "C030": "clause without exactly one award",
    "C031": "至多 or 分组 outside 逐项",
    "C032": "clause with more than one 原文",
    "C033": "逐项 without exactly one award",
    "C034": "逐项 with more than one 分组",
    "C035": "more than one 至多",
    "C036": "至多 without a whole count",
    "C037": "group cap refers to an item field",
    "C040": "no clause with this number",
    "C041": "clause listed twice",
    "C042": "exclusive group with fewer than two clauses",
    "C043": "不重复享受 / 就高不重复 with an unspecified reading named like another declaration",
    "C050": "已知 without a reason",
    "C051": "不编码 without a reason",
    "C052": "不编码 without a phrase",
    "C065": "截至 before the table's last row",
}.items():
    register(_code, Area.COMPILE, _title)

# 金额(一2): another clause's amount (frontend/typecheck.py on_ClauseRef, compiler/clause_refs.py)
for _code, _title in {
    "T270": "金额(…) names no clause",
    "T271": "金额(…) outside a clause",
}.items():
    register(_code, Area.TYPES, _title)
for _code, _title in {
    "C060": "clauses refer to each other's amounts (a cycle)",
    "C061": "金额(…) refers to a clause a cross-clause rule can change",
}.items():
    register(_code, Area.COMPILE, _title)

# ------------------------------------------------------------------------------- files and readers
for _code, _title in {
    "F001": "file cannot be read",
    "F002": "file is not UTF-8 text",
    "F003": "file cannot be written",
    "F004": "file is read-only",
    "F010": "unknown population file format",
    "F011": "invalid Parquet file",
    "F012": "CSV file cannot be read",
    "F013": "empty CSV file",
    "F014": "output is a folder",
    "F015": "folder of the output does not exist",
    "F016": "output is the input",
    "F017": "output exists without --force",
    "F018": "output path is empty",
}.items():
    register(_code, Area.FILES, _title)
register("F100", Area.FORMAT, "formatting would change the meaning")

for _code, _title in {
    "K001": "malformed case file",
    "K002": "case file is not a mapping",
    "K003": "fact given twice",
    "K004": "unknown fact",
    "K005": "facts both at the top level and under 事实:",
    "K010": "list fact not written as a list",
    "K011": "single value expected",
    "K012": "invalid value",
    "K013": "list item is not a mapping",
    "K014": "item has no such field",
    "K015": "item lacks a field",
    "K016": "item gives a field twice",
    "K020": "case lacks a fact",
    "S001": "--set not written as NAME=VALUE",
    "S002": "unknown parameter or fact",
    "S003": "invalid setting value",
    "S004": "list fact given with --set",
}.items():
    register(_code, Area.CASES if _code.startswith("K") else Area.SETTINGS, _title)

for _code, _title in {
    "U001": "suite is not a mapping",
    "U002": "unknown or repeated key in a suite",
    "U003": "suite without 案例:",
    "U004": "policy of the suite not found",
    "U005": "案例: is not a list",
    "U006": "malformed case in a suite",
    "U007": "case name used twice",
    "U008": "事实: is not a mapping",
    "U009": "设定: is not a mapping",
    "U010": "unknown parameter or fact in 设定:",
    "U011": "invalid value in 设定:",
    "U012": "条款: is not a list of clause numbers",
    "U013": "no such clause",
    "U014": "case without 期望:",
    "U016": "expectation for a clause the case does not compute",
    "U017": "invalid expectation",
    "U018": "invalid expectation for the total",
    "U019": "expectation given twice",
    "U020": "no suite beside the policy",
    "U021": "invalid -k pattern",
    "U022": "invalid --fail-under",
    "U023": "no suites found",
}.items():
    register(_code, Area.SUITES, _title)

for _code, _title in {
    "D003": "invalid setting value",
    "D004": "条款: is not a list of clause numbers",
    "D010": "--fail-on-loss without cases",
}.items():
    register(_code, Area.DIFF, _title)

for _code, _title in {
    "B001": "population lacks a column",
    "B002": "no such id column",
    "B003": "population without an id column for its item tables",
    "B004": "column named twice",
    "B010": "fact given by two columns",
    "B011": "column unit does not fit the fact",
    "B012": "too many decimal places",
    "B013": "value has too many digits for batch",
    "B061": "award beyond batch's 64-bit 分",
    "B020": "invalid cell value",
    "B021": "missing cell value",
    "B030": "list fact without an item table",
    "B031": "item table without the id column",
    "B032": "repeated id values",
}.items():
    register(_code, Area.POPULATION, _title)
for _code, _title in {
    "B040": "group cap not computable per row",
    "B041": "group cap may not be computable",
    "B042": "group cap not a whole number of fen",
    "B043": "group cap too large",
    "B045": "population lacks a fact without a default",
    "B046": "a vocabulary word the engine has no table entry for",
    "B050": "--items not written as LIST=FILE",
    "B051": "--items names no list fact",
}.items():
    register(_code, Area.BATCH, _title)

for _code, _title in {
    "Q001": "unknown SQL dialect",
    "Q002": "clause without an exact SQL form",
    "Q003": "item lists not compiled to SQL",
    "Q004": "group cap unknown on some rows in SQL",
    "Q005": "rounding mode without an SQL form",
    "Q006": "--items not written as LIST=TABLE",
    "Q007": "batch --engine duckdb without duckdb installed",
    "Q008": "the sql extra is not installed",
    "Q015": "a POLICYLANG_DUCKDB_ setting DuckDB refuses",
    "Q016": "DuckDB stopped the query",
}.items():
    register(_code, Area.SQL, _title)

register("X001", Area.SEMANTICS, "too many exclusive-group combinations")

register("E001", Area.COMMAND_LINE, "--clause names no clause")
register("E002", Area.COMMAND_LINE, "command usage mistake")

register("O001", Area.OUTPUT, "the output could not be written")

# ------------------------------------------------------------------------------- the language server
register("L001", Area.LSP, "a language server request failed inside the server")
register("L002", Area.LSP, "evaluate with case: no case file given")
register("L003", Area.LSP, "the language server cannot start (pygls missing, bad address)")
# ------------------------------------------------------------------ plot and the HTML reports (G)
for _code, _title in {
    "G001": "no CJK font to draw Chinese labels",
    "G002": "the plot extra is not installed",
    "G003": "--vary names no fact",
    "G004": "--vary names a fact that is not a number",
    "G005": "the clause does not read the varied fact",
    "G006": "--from / --to value does not fit the fact",
    "G007": "--from is not below --to",
    "G008": "unknown picture format",
    "G009": "--vary given more than twice",
    "G010": "--clause names more than one clause",
    "G011": "the picture could not be rendered",
    "G012": "--report must name an .html file",
    "G013": "diff --report needs --cases or --population",
    "G014": "the picture file could not be written",
    "G015": "plot needs --clause",
}.items():
    register(_code, Area.PLOT, _title)

# ------------------------------------------------------------ serve: the HTTP API and its command (H)
for _code, _title in {
    "H001": "request body is not valid JSON",
    "H002": "request body is not a JSON object",
    "H003": "request field has the wrong type",
    "H004": "request lacks a required field",
    "H005": "request gives two fields that exclude each other",
    "H006": "request has an unknown field",
    "H007": "no policy of that name in the policies folder",
    "H008": "policy name is not a plain name (separator, .., hidden)",
    "H009": "named policy asked for but serve has no --policies folder",
    "H010": "request body too large",
    "H011": "too many cases in one request",
    "H012": "check did not finish within its time limit",
    "H013": "unexpected failure inside the server",
    "H014": "no such endpoint or method",
    "H015": "request body is not UTF-8",
    "H016": "unknown language",
    "H020": "serve: bad --port",
    "H021": "serve: --policies is not a readable folder",
    "H022": "serve: the serve extra is not installed",
    "H023": "serve: the address could not be bound",
}.items():
    register(_code, Area.SERVE, _title)

# --------------------------------------------------------------------- check findings (see RULES)
for _code, _title, _severity in (
    ("CAP001", "dead cap", _W),
    ("CAP002", "cumulative cap below a single award", _E),
    ("CAP003", "group cap below a member's cap", _E),
    ("CAP004", "fixed award above its cap", _E),
    ("CAP005", "cap at or above the fund", _W),
    ("COND001", "never eligible", _E),
    ("COND002", "never pays", _E),
    ("COND003", "condition always true", _W),
    ("TIER001", "gap between tiers", _E),
    ("TIER002", "overlapping tiers", _E),
    ("TIER003", "tiers not monotonic", _E),
    ("TIER004", "unreachable tier", _E),
    ("TIER005", "contradictory boundary", _W),
    ("RATE001", "rate above 100%", _E),
    ("RATE002", "combined rate above 100%", _E),
    ("UNSPEC001", "value not specified by the text", _I),
    ("UNSPEC002", "contradictory boundary words without a stated reading", _I),
    ("UNSPEC003", "stated boundary reading its clause's 解读 does not state", _W),
    ("EXCL001", "pointless exclusive group", _W),
    ("EXCL002", "same cost outside an exclusive group", _W),
    ("TEXT001", "number in the code not in the quoted text", _E),
    ("TEXT002", "number in the quoted text not encoded", _W),
    ("TEXT003", "boundary disagrees with the quoted text", _E),
    ("TEXT004", "cap scope disagrees with the quoted text", _W),
    ("TEXT005", "informative marker marks nothing", _W),
    ("CHK001", "could not check", _I),
    ("SRC001", "official sentence with an amount not encoded", _E),
    ("SRC002", "不编码 matches no official sentence", _W),
    ("ACK001", "已知 matches no finding", _W),
):
    register(_code, Area.CHECK, _title, _severity)

# ----------------------------------------------------------------------------------- places (名次, 按名次)
for _code, _area, _title, _severity in (
    ("T290", Area.TYPES, "按名次 names no 名次", _E),
    ("T291", Area.TYPES, "prize count not a whole number above 0", _E),
    ("T292", Area.TYPES, "prize award not an amount", _E),
    ("T293", Area.TYPES, "分别 list length differs from the prizes", _E),
    ("T294", Area.TYPES, "amount list mixes amounts and ratios", _E),
    ("T295", Area.TYPES, "名次 key not a numeric fact", _E),
    ("K035", Area.CASES, "place not a whole number above 0", _E),
    ("B060", Area.BATCH, "名次 not computable over the population", _E),
    ("B090", Area.POPULATION, "名次 column value not a whole number from 1", _E),
    ("UNSPEC005", Area.CHECK, "tie rule not specified by the text", _I),
):
    register(_code, _area, _title, _severity)
del _area

# The check findings a clause can acknowledge with 已知 (about the official text or about 已知 itself: not).
ACKNOWLEDGEABLE = tuple(
    c for c, e in REGISTRY.items() if e.area is Area.CHECK and c not in ("SRC001", "SRC002", "ACK001")
)

del _code, _title, _severity
