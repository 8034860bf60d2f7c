"""Types, units and literals as policy texts write them (0.8万元, 100万美元, 50元/吨, 18平方米).

Every number is an exact `Fraction`; money is kept in whole currency units (元 or 美元)
and rounded only once per award, by the policy's declared rule.
"""

from __future__ import annotations

import re
from fractions import Fraction

from policylang.record import Record, record
from policylang.report.i18n import Msg, Prose

CNY = "元"
USD = "美元"
# Known currencies, each under its Chinese name as texts write it (the canonical word a type shows) and the
# other words and ISO 4217 codes that name it. A table, not "any declared word": a currency must be known
# without a declaration wherever an amount is written (50欧元 in a literal, a case file, a population cell),
# and a misspelt currency (欧圆) must be an error, not a new currency. A foreign amount meets 元 only
# through a 单价(元/欧元): amounts in different currencies never add or compare.
CURRENCY_TABLE: dict[str, tuple[str, ...]] = {
    CNY: ("人民币", "元人民币", "CNY", "RMB"),
    USD: ("USD",),
    "欧元": ("EUR",),
    "日元": ("JPY",),
    "港元": ("港币", "HKD"),
    "英镑": ("GBP",),
    "韩元": ("KRW",),
    "澳元": ("AUD",),
    "加元": ("CAD",),
    "卢布": ("RUB",),
    "新加坡元": ("SGD",),
    "瑞士法郎": ("CHF",),
    "新台币": ("TWD",),
    "澳门元": ("MOP",),
}
CURRENCIES = {word: name for name, words in CURRENCY_TABLE.items() for word in (name, *words)}
SCALES = {"": 1, "万": 10_000, "亿": 100_000_000}
# Count and measure units known without a declaration (a literal may write them anywhere). Any other unit
# word a policy declares (数量(标箱), 单价(元/间夜)) is a unit of that policy: each unit is its own type.
QUANTITY_UNITS = {
    "个",
    "家",
    "人",
    "吨",
    "包裹",
    "平方米",
    "项",
    "次",
    "件",
    "天",
    "月",
    "年",
    "户",
    "展位",
    "单",
    "笔",
    "票",
}
UNIT_ALIASES = {"㎡": "平方米", "m2": "平方米", "m²": "平方米", "人次": "人", "个月": "月"}
PER_MILLE = ("‰",)
# The whole part of a number as written: digits, or thousands separators in groups of three (1,000元).
# readers/values.py builds its pattern from this, and grammar/policylang.lark's NUMBER spells the same rule.
WHOLE_PATTERN = r"[0-9]{1,3}(?:[,，][0-9]{3})+|[0-9]+"


def unit_word_problem(word: str) -> bool:
    """Whether a declared quantity unit cannot be one: a currency, a scale (万吨), a digit, a % or ‰."""
    if word in CURRENCIES or word in ("%", "％", *PER_MILLE):
        return True
    if word[:1] in ("万", "亿") and len(word) > 1:
        return True
    return any(ch.isdigit() for ch in word)


# ---------------------------------------------------------------------------- types
@record
class Type(Record):
    def describe(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError


@record
class Money(Type):
    currency: str = CNY

    def describe(self) -> str:
        return f"金额({self.currency})"


@record
class Quantity(Type):
    unit: str

    def describe(self) -> str:
        return f"数量({self.unit})"


@record
class Ratio(Type):
    """A percentage: 50% is kept as the fraction 1/2."""

    def describe(self) -> str:
        return "比例"


@record
class Number(Type):
    """A plain count without unit: the number of full steps, a day count ratio."""

    def describe(self) -> str:
        return "数"


@record
class PerUnit(Type):
    """Money per unit: 50元/吨, 1元/个, or an exchange rate 7元/美元."""

    currency: str
    unit: str

    def describe(self) -> str:
        return f"单价({self.currency}/{self.unit})"


@record
class Bool(Type):
    def describe(self) -> str:
        return "是否"


@record
class Enum(Type):
    values: tuple[str, ...]

    def describe(self) -> str:
        return "之一(" + "、".join(self.values) + ")"


@record
class Date(Type):
    def describe(self) -> str:
        return "日期"


@record
class Text(Type):
    def describe(self) -> str:
        return "文本"


@record
class ListOf(Type):
    fields: tuple[tuple[str, Type], ...]

    def field(self, name: str) -> Type | None:
        return dict(self.fields).get(name)

    def describe(self) -> str:
        return "列表{" + "，".join(f"{n}: {t.describe()}" for n, t in self.fields) + "}"


RATIO = Ratio()
NUMBER = Number()
BOOL = Bool()
DATE = Date()
TEXT = Text()


def is_numeric(t: Type) -> bool:
    return isinstance(t, (Money, Quantity, Ratio, Number, PerUnit))


def is_dimensionless(t: Type) -> bool:
    return isinstance(t, (Ratio, Number))


# ---------------------------------------------------------------------------- literals
@record
class Literal(Record):
    """A number with its unit, as written: value is in base units (元, 美元, 吨, fraction for %)."""

    value: Fraction
    type: Type
    text: str


class UnitError(ValueError):
    """A literal whose unit policylang does not know; `suggestion` names the nearest one."""

    def __init__(self, message: Prose, suggestion: str | None = None):
        super().__init__(message)  # str(err) shows it in the language in force
        self.message = message
        self.suggestion = suggestion


_NUMBER_RE = re.compile(r"^(?P<num>(?:" + WHOLE_PATTERN + r")(?:\.\d+)?)(?P<rest>.*)$")


def _scaled(rest: str) -> tuple[int, str]:
    if rest[:1] in ("万", "亿") and len(rest) > 1:
        return SCALES[rest[0]], rest[1:]
    return 1, rest


def _currency_or_unit(word: str, units: frozenset[str] = frozenset()) -> tuple[str, str]:
    """('money', currency) or ('unit', unit name) for the word after a number; `units` are the units the
    policy declares, known besides QUANTITY_UNITS."""
    if word in CURRENCIES:
        return "money", CURRENCIES[word]
    unit = UNIT_ALIASES.get(word, word)
    if unit in QUANTITY_UNITS or unit in units:
        return "unit", unit
    raise UnitError(
        Msg("frontend.unknown_unit_word", word=word),
        suggest(word, sorted(QUANTITY_UNITS | set(units) | {"元", "万元", "亿元", "美元"})),
    )


def parse_literal(text: str, units: frozenset[str] = frozenset()) -> Literal:
    """Parse a number as texts write it. Raises UnitError for unknown units.

    >>> parse_literal("0.8万元").value
    Fraction(8000, 1)
    >>> parse_literal("50%").value
    Fraction(1, 2)
    >>> parse_literal("2‰").value
    Fraction(1, 500)
    >>> parse_literal("1,000元").value
    Fraction(1000, 1)
    >>> parse_literal("50元/吨").type
    PerUnit(currency='元', unit='吨')
    """
    text = text.strip()
    m = _NUMBER_RE.match(text)
    if not m:
        raise UnitError(Msg("frontend.not_a_number", text=text))
    number = Fraction(m.group("num").replace(",", "").replace("，", ""))
    rest = m.group("rest").strip()
    if rest == "":
        return Literal(number, NUMBER, text)
    if rest == "倍":  # an explicit multiple: 2倍 × 费用
        return Literal(number, NUMBER, text)
    if rest in ("%", "％"):
        return Literal(number / 100, RATIO, text)
    if rest in PER_MILLE:  # 2‰ of 外贸进出口额: a ratio like any percentage
        return Literal(number / 1000, RATIO, text)
    if "/" in rest:
        top, _, bottom = rest.partition("/")
        scale, top_word = _scaled(top)
        kind, currency = _currency_or_unit(top_word, units)
        if kind != "money":
            raise UnitError(Msg("frontend.price_numerator", text=text))
        _, bottom_unit = _currency_or_unit(bottom, units)
        unit = bottom_unit  # a currency below the line (元/美元) is an exchange rate
        return Literal(number * scale, PerUnit(currency, unit), text)
    scale, word = _scaled(rest)
    kind, name = _currency_or_unit(word, units)
    if kind == "money":
        return Literal(number * scale, Money(name), text)
    return Literal(number * scale, Quantity(name), text)


def suggest(word: str, candidates: list[str] | set[str]) -> str | None:
    """The closest candidate to a misspelt name, if one is close enough."""
    import difflib

    found = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.5)
    return found[0] if found else None


# ---------------------------------------------------------------------------- citations
_CITATION_WIDTH = str.maketrans(
    {"（": "(", "）": ")", "．": ".", "　": "", **{chr(0xFF10 + d): str(d) for d in range(10)}}
)
# The forms a clause number may take (the grammar's CITATION token), for messages: one example each.
CITATION_FORMS = ("一(二)1", "八、", "第三条", "第四条第（二）项", "（三）", "3.2")


def citation_key(citation: str) -> str:
    """The one identity of a clause number: 五（三）1 (the official texts' full-width brackets) and 五(三)1 are
    the same citation, so are ３．２ and 3.2; a heading's 、 is punctuation, not part of the number (八、 is 八).
    Every citation comparison goes through this; citations are still shown as written."""
    return citation.strip().translate(_CITATION_WIDTH).replace(" ", "").removesuffix("、")


_NUMERALS = "〇零一二三四五六七八九十百"


def _token_kind(char: str) -> str:
    return "digit" if char.isdigit() else "numeral" if char in _NUMERALS else "other"


def cites_within(asked: str, citation: str) -> bool:
    """Whether a citation asked for (--clause, 条款:) names `citation` or a clause under it: 三(二)1 names
    三(二)1.零售 and 三(二)1.物流, 五 names 五(三); 三(二)1 does not name 三(二)10, nor 十 十一."""
    a, c = citation_key(asked), citation_key(citation)
    if a == c:
        return True
    if not a or not c.startswith(a):
        return False
    last, following = a[-1], c[len(a)]
    if following in ".(" or last in ")." or (a.startswith("第") and last in "条款项" and following == "第"):
        return True  # 八 names 八(一); 3 names 3.2; 第三条 names 第三条第(二)项
    if "." in a and a.rpartition(".")[2]:  # a sub-clause's name (三(二)1.零售) is named whole
        return False
    return _token_kind(last) != "other" and _token_kind(last) != _token_kind(following)


# ---------------------------------------------------------------------------- display
def fraction_text(value: Fraction, places: int | None = None) -> str:
    """Exact decimal text of a fraction when it terminates, else rounded half up to `places` (default 4)
    with ≈. Integer arithmetic throughout: Decimal's context would round or fail on 56+ digit amounts."""
    if value.denominator == 1:
        return str(value.numerator)
    digits = _terminating_digits(value.denominator)
    if digits is not None and places is None:
        return _decimal_text(value, digits).rstrip("0").rstrip(".")
    shown = 4 if places is None else places
    return ("≈" if digits is None else "") + _decimal_text(value, shown)


def _terminating_digits(denominator: int) -> int | None:
    """How many decimal places a fraction with this (reduced) denominator needs; None if it never ends."""
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    return max(twos, fives) if denominator == 1 else None


def _decimal_text(value: Fraction, places: int) -> str:
    """`value` rounded half away from zero to `places` decimals, as Decimal's ROUND_HALF_UP writes it."""
    scale = 10**places
    units = (2 * abs(value.numerator) * scale + value.denominator) // (2 * value.denominator)
    whole, fraction = divmod(units, scale)
    text = f"{whole}.{fraction:0{places}d}" if places > 0 else str(whole)
    return ("-" if value < 0 else "") + text


def money_text(value: Fraction, currency: str = CNY) -> str:
    """80000 → '80,000.00元'; exact when the value is a whole number of fen (integer arithmetic:
    Decimal would round to its 28-digit context)."""
    if (value * 100).denominator == 1:
        cents = (value * 100).numerator
        whole, fen = divmod(abs(cents), 100)
        text = f"{'-' if cents < 0 else ''}{whole:,}.{fen:02d}"
    else:
        text = fraction_text(value, 4)
    return f"{text}{currency}"


def value_text(value: object, t: Type) -> str:
    """How a value is shown to a drafter, with its unit, in the policy language's words (是/否):
    case files and counterexamples write it so. For prose in the language in force, see value_prose."""
    if value is None:
        return "未规定"
    if isinstance(t, Money):
        return money_text(value, t.currency)  # type: ignore[arg-type]
    if isinstance(t, Quantity):
        return f"{fraction_text(value)}{t.unit}"  # type: ignore[arg-type]
    if isinstance(t, PerUnit):
        return f"{fraction_text(value)}{t.currency}/{t.unit}"  # type: ignore[arg-type]
    if isinstance(t, Ratio):
        return f"{fraction_text(value * 100)}%"  # type: ignore[operator, arg-type]
    if isinstance(t, Number):
        return fraction_text(value)  # type: ignore[arg-type]
    if isinstance(t, Bool):
        return "是" if value else "否"
    if isinstance(t, ListOf):
        return f"{len(value)}项"  # type: ignore[arg-type]
    return str(value)


def value_prose(value: object, t: Type) -> str:
    """A value as a sentence shows it in the language in force: 是/否 → yes/no, 未规定 → unspecified."""
    from policylang.report.i18n import t as tr

    if value is None:
        return tr("explain.unspecified")
    if isinstance(t, Bool):
        return tr("explain.yes" if value else "explain.no")
    if isinstance(t, ListOf):
        return tr("explain.items_count", count=len(value))  # type: ignore[arg-type]
    return value_text(value, t)


def type_words(ty: Type) -> Msg:
    """A type as a message names it, rendered in the language shown: 金额(元) / an amount (元)."""
    if isinstance(ty, Money):
        return Msg("type.money", currency=ty.currency)
    if isinstance(ty, Quantity):
        return Msg("type.quantity", unit=ty.unit)
    if isinstance(ty, PerUnit):
        return Msg("type.per_unit", currency=ty.currency, unit=ty.unit)
    if isinstance(ty, Enum):
        return Msg("type.choice", words=ty.values)  # a tuple: listed with “、” / “, ”
    if isinstance(ty, ListOf):
        return Msg("type.list", fields=_field_words(ty.fields))
    return Msg(_TYPE_KEYS.get(type(ty), "type.text"))


def _field_words(fields: tuple[tuple[str, Type], ...]) -> Msg | str:
    """`名称: 文本，金额: 金额(元)`: a list's fields, each named with its type."""
    if not fields:
        return ""
    (name, ty), rest = fields[0], fields[1:]
    head = Msg("type.list_field", name=name, type=type_words(ty))
    return Msg("type.list_more", first=head, rest=_field_words(rest)) if rest else head


_TYPE_KEYS: dict[type, str] = {Ratio: "type.ratio", Number: "type.number", Bool: "type.bool", Date: "type.date"}
