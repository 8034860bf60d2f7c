"""The one value grammar: how a drafter writes a fact's value, in a case file, `--set`, a suite and a
population cell alike. One rule per type, written once here; `cases.py` calls `read_value`, and
`population.py` builds its column expressions from the same patterns and tables (and asks
`read_value` for the words of a rejection), so the same text is accepted everywhere with the same
exact value.

    是否 (Bool)      是 / 否, 有 / 无, true / false, yes / no (any letter case). Not 1 / 0 or Y / N:
                     a drafter who means 是 writes 是 (the suggestion turns 1 into 是).
    金额 (Money)     a number with its unit: 1.2万元, 1,000元, 3亿元, 120万美元, 1.5万元人民币, 8000欧元,
                     50萬元 (traditional
                     萬 / 億 read as 万 / 亿). Thousands separators (`,` or `，`) only in groups of three.
                     Whole fen only: 3.144元 is refused (a sub-fen history would let an award pass its cap).
    数量 (Quantity)  a number, with the declared unit or without one: 8000吨, 8000, 1.5万吨.
    比例 (Ratio)     a percentage from 0% to 100%: 60%, 55.5％, 2‰ (a bare 0.6 is refused, suggesting 60%; a
                     share of 250% is refused).
    数 (Number)      a number without a unit: 3, 12.5.
    单价 (PerUnit)   50元/吨.
    日期 (Date)      ISO: 2023-06-20 (2023年6月20日 and 2023/6/20 are refused, suggesting the ISO form).
    选项 (Enum)      one of the declared words, as written.
    文本 (Text)      as written.

Numbers are decimals (no exponent: 1.2e4 is refused, suggesting 12000); amounts and quantities are
never negative; a bare number may be. Space is allowed around the value and between a
number and its unit, nowhere else. A population may add only what its columns need: a unit in the
header (`营业收入[万元]`) that a bare number takes (without one, the base unit: 元, the declared unit,
a fraction for a ratio), and native typed columns (integers, decimals, exact floats, booleans, dates).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from policylang.frontend.units import (
    CURRENCY_TABLE,
    NUMBER,
    PER_MILLE,
    UNIT_ALIASES,
    WHOLE_PATTERN,
    Bool,
    Date,
    Enum,
    Money,
    Number,
    PerUnit,
    Quantity,
    Ratio,
    Text,
    Type,
    suggest,
    type_words,
    value_text,
)
from policylang.report.i18n import t

# A number as written, shared by the per-value reader and the population's column expressions
# (Rust's regex and Python's agree on this subset: ASCII classes, named groups, no look-around).
NUMBER_PATTERN = (
    r"^\s*(?P<sign>[-－−])?\s*(?P<whole>" + WHOLE_PATTERN + r")(?:\.(?P<frac>[0-9]+))?"
    r"\s*(?P<unit>(?:[^0-9,，.eE+\-－−\s].*?)?)\s*$"
)
NUMBER_RE = re.compile(NUMBER_PATTERN)
SEPARATORS = r"[,，]"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
SCALE_WORDS = {"": 1, "万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
PERCENT = ("%", "％")  # and ‰ (PER_MILLE): 2‰ is 0.2%

TRUE_WORDS = ("是", "有", "true", "yes")
FALSE_WORDS = ("否", "无", "false", "no")
# Written for 是 / 否 elsewhere (spreadsheets, forms): refused, with the word they stand for.
BOOL_LOOKALIKES = {"1": "是", "y": "是", "0": "否", "n": "否", "对": "是", "错": "否", "√": "是", "×": "否"}


class ValueProblem(ValueError):
    """A value that does not fit its type: what is wrong, and a suggestion that keeps its meaning."""

    def __init__(self, message: str, suggestion: str | None = None):
        super().__init__(message)
        self.suggestion = suggestion


@dataclass(frozen=True)
class WrittenNumber:
    """A number split as NUMBER_PATTERN splits it: ±digits, how many of them are decimals, the unit."""

    digits: int
    decimals: int
    unit: str

    @property
    def value(self) -> Fraction:
        return Fraction(self.digits, 10**self.decimals)


# ---------------------------------------------------------------------------- units
def unit_table(ty: Type) -> dict[str, Fraction]:
    """The units a value (or a population header) may write for this type, and what one of each is in
    base units (元, the declared unit, a fraction for a ratio)."""
    if isinstance(ty, Money):
        return _scaled_words(_currency_words(ty.currency))
    if isinstance(ty, Quantity):
        return _scaled_words([ty.unit] + [a for a, u in UNIT_ALIASES.items() if u == ty.unit])
    if isinstance(ty, Ratio):
        return {p: Fraction(1, 100) for p in PERCENT} | {p: Fraction(1, 1000) for p in PER_MILLE}
    if isinstance(ty, PerUnit):
        tops = _scaled_words(_currency_words(ty.currency))
        bottoms = [ty.unit] + [a for a, u in UNIT_ALIASES.items() if u == ty.unit]
        return {f"{top}/{bottom}": v for top, v in tops.items() for bottom in bottoms}
    return {}


def _currency_words(currency: str) -> list[str]:
    """The words that name a currency: 元, 人民币, 元人民币, CNY …; 欧元, EUR (units.CURRENCY_TABLE)."""
    return [currency, *CURRENCY_TABLE.get(currency, ())]


def _scaled_words(words: list[str]) -> dict[str, Fraction]:
    return {scale + w: Fraction(factor) for w in words for scale, factor in SCALE_WORDS.items()}


def bare_unit(ty: Type) -> Fraction | None:
    """What a bare number means where nothing else says (a case, --set): None when it must carry a unit."""
    return Fraction(1) if isinstance(ty, (Quantity, Number)) else None


# ---------------------------------------------------------------------------- reading one value
Bounds = tuple[Fraction, Fraction] | None  # a declared 取值 lo 至 hi (both included)


def read_value(text: str, ty: Type, bare: Fraction | None = None, bounds: Bounds = None) -> Any:
    """The exact value of `text` as type `ty`; ValueProblem when it does not fit. `bare` is what a
    number without a unit is in base units (a population header's unit); default: bare_unit(ty).
    `bounds`: the range the policy declares for it, which replaces a 比例's default 0–100%."""
    text = text.strip()
    reader = READERS.get(type(ty))
    if reader is None:
        return read_number(text, ty, bare, bounds)
    return reader(text, ty)


def read_bool(text: str, ty: Type) -> bool:
    word = text.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    meant = BOOL_LOOKALIKES.get(word)
    raise ValueProblem(t("values.bool"), t("values.did_you_mean", word=meant) if meant else None)


def read_choice(text: str, ty: Type) -> str:
    assert isinstance(ty, Enum)
    if text in ty.values:
        return text
    near = suggest(text, list(ty.values))
    raise ValueProblem(
        t("values.choice", words=" / ".join(ty.values)), t("values.did_you_mean", word=near) if near else None
    )


DATE_FORMS = (
    re.compile(r"^(?P<y>[0-9]{4})\s*年\s*(?P<m>[0-9]{1,2})\s*月\s*(?P<d>[0-9]{1,2})\s*日?$"),
    re.compile(r"^(?P<y>[0-9]{4})[/.\-](?P<m>[0-9]{1,2})[/.\-](?P<d>[0-9]{1,2})$"),
)


def read_date(text: str, ty: Type) -> dt.date:
    if re.match(DATE_PATTERN, text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueProblem(t("values.date_invalid"), t("values.for_example", example="2023-06-20")) from None
    for form in DATE_FORMS:
        m = form.match(text)
        if m:
            iso = f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
            raise ValueProblem(t("values.date"), t("values.did_you_mean", word=iso))
    raise ValueProblem(t("values.date"), t("values.for_example", example="2023-06-20"))


def read_text(text: str, ty: Type) -> str:
    return text


READERS = {Bool: read_bool, Enum: read_choice, Date: read_date, Text: read_text}


def split_number(text: str) -> WrittenNumber | None:
    """±digits, decimals and unit of a written number; None when it is not one (1,5万元 included)."""
    m = NUMBER_RE.match(text)
    if m is None:
        return None
    frac = m["frac"] or ""
    digits = int(re.sub(SEPARATORS, "", m["whole"]) + frac)
    return WrittenNumber(-digits if m["sign"] else digits, len(frac), m["unit"])


def read_number(text: str, ty: Type, bare: Fraction | None = None, bounds: Bounds = None) -> Fraction:
    written = split_number(text)
    if written is None:
        raise not_a_number(text, ty)
    if written.digits < 0 and isinstance(ty, (Money, Quantity)) and (bounds is None or bounds[0] >= 0):
        key = "values.negative_money" if isinstance(ty, Money) else "values.negative_quantity"
        raise ValueProblem(t(key), _positive(text))
    if written.unit == "":
        scale = bare if bare is not None else bare_unit(ty)
        if scale is None:
            raise unit_required(written, ty)
        return within_type(written.value * scale, written, scale, ty, bounds)
    table = unit_table(ty)
    if written.unit not in table:
        raise wrong_unit(written, ty)
    return within_type(written.value * table[written.unit], written, table[written.unit], ty, bounds)


def within_type(value: Fraction, written: WrittenNumber, unit: Fraction, ty: Type, bounds: Bounds = None) -> Fraction:
    """`value` if the type can hold it: an amount in whole fen, a share between 0% and 100% (or in
    the range the policy declares for it)."""
    if isinstance(ty, Money) and not whole_fen(value):
        raise sub_fen(value, written, unit, ty)
    if bounds is not None:
        return within_bounds(value, ty, bounds)
    if isinstance(ty, Ratio) and not 0 <= value <= 1:
        raise ValueProblem(t("values.ratio_range"), t("values.ratio_range.hint"))
    return value


def within_bounds(value: Fraction, ty: Type, bounds: tuple[Fraction, Fraction]) -> Fraction:
    """`value` if it lies in the declared range, both ends included."""
    low, high = bounds
    if not low <= value <= high:
        lo, hi = value_text(low, ty), value_text(high, ty)
        raise ValueProblem(t("decide.outside_range", low=lo, high=hi), t("decide.outside_range.hint", low=lo, high=hi))
    return value


def whole_fen(value: Fraction) -> bool:
    """Whole 分 (cents): what a payment can be, and what a cap's headroom is counted in."""
    return (value * 100).denominator == 1


def sub_fen(value: Fraction, written: WrittenNumber, unit: Fraction, ty: Money) -> ValueProblem:
    """An amount finer than 分: suggest the two whole-fen amounts around it, in the unit written."""
    fen = value * 100
    down, up = (Fraction(math.floor(fen), 100) / unit, Fraction(math.ceil(fen), 100) / unit)
    return ValueProblem(
        t("values.sub_fen", currency=ty.currency),
        t("values.sub_fen.hint", down=f"{decimal_text(down)}{written.unit}", up=f"{decimal_text(up)}{written.unit}"),
    )


def _positive(text: str) -> str | None:
    rest = text.strip().lstrip("-－−").strip()
    return t("values.for_example", example=rest) if rest else None


def _number_text(written: WrittenNumber) -> str:
    return f"{'-' if written.digits < 0 else ''}{decimal_text(abs(written.value))}"


def decimal_text(value: Fraction) -> str:
    """A terminating fraction as plain decimal digits: 12000, 0.055."""
    from policylang.frontend.units import fraction_text

    return fraction_text(value)


def unit_required(written: WrittenNumber, ty: Type) -> ValueProblem:
    """A bare number where the type needs a unit: the suggestion writes the same number with one."""
    number = _number_text(written)
    if isinstance(ty, Money):
        return ValueProblem(
            t("values.money_unit"), t("values.money_examples", a=f"{number}{ty.currency}", b=f"{number}万{ty.currency}")
        )
    if isinstance(ty, Ratio):  # 0.6 means 60%; 60 means 60%
        percent = written.value * 100 if abs(written.value) <= 1 else written.value
        if not 0 <= percent <= 100:  # no share means it: suggesting one would change the value
            return ValueProblem(t("values.ratio_range"), t("values.ratio_range.hint"))
        return ValueProblem(t("values.ratio_percent"), t("values.did_you_mean", word=f"{decimal_text(percent)}%"))
    return ValueProblem(
        t("values.wrong_kind", type=type_text(ty), got=type_text(NUMBER)), t("values.for_example", example=example(ty))
    )


def wrong_unit(written: WrittenNumber, ty: Type) -> ValueProblem:
    """A unit the type does not take: say what the unit is, and suggest the number in a unit it takes."""
    from policylang.frontend.units import UnitError, parse_literal

    number = _number_text(written)
    try:
        declared = frozenset({ty.unit}) if isinstance(ty, (Quantity, PerUnit)) else frozenset()  # 数量(标箱)
        got = parse_literal("1" + written.unit, declared).type
    except UnitError as err:
        return ValueProblem(str(err), t("values.did_you_mean", word=err.suggestion) if err.suggestion else None)
    if isinstance(ty, Money):
        if not isinstance(got, Money):
            return ValueProblem(t("values.not_money", got=type_text(got)), None)
        return ValueProblem(t("values.currency", type=type_text(ty), got=type_text(got)), None)
    if isinstance(ty, Quantity):
        scale = written.unit[0] if written.unit[:1] in SCALE_WORDS and len(written.unit) > 1 else ""
        example = f"{number}{scale}{ty.unit}"
        if isinstance(got, Quantity):  # 3年 where 月 are asked: 36个月, the number converted (a term table's unit)
            from policylang.compiler.term_tables import CONVERSIONS, edge_text

            factor = CONVERSIONS.get((got.unit, ty.unit))
            if factor is not None and not scale:
                example = edge_text(Fraction(number) * factor, ty.unit)
        return ValueProblem(
            t("values.quantity_unit", type=type_text(ty), got=type_text(got)), t("values.for_example", example=example)
        )
    if isinstance(ty, Ratio):
        return ValueProblem(t("values.ratio_percent"), t("values.for_example", example=f"{number}%"))
    if isinstance(ty, Number):
        return ValueProblem(t("values.unitless", got=type_text(got)), t("values.for_example", example=number))
    return ValueProblem(t("values.wrong_kind", type=type_text(ty), got=type_text(got)), None)


def type_text(ty: Type) -> str:
    """A type in the language in force: 金额(元) / an amount (元)."""
    return type_words(ty).text()


EXPONENT_RE = re.compile(r"^\s*(?P<mantissa>[0-9]+(?:\.[0-9]+)?)[eE](?P<exp>[+-]?[0-9]{1,3})\s*(?P<unit>.*?)\s*$")
DECIMAL_COMMA_RE = re.compile(r"^\s*(?P<whole>[0-9]+)[,，](?P<frac>[0-9]+)\s*(?P<unit>[^0-9,，.]*?)\s*$")


def not_a_number(text: str, ty: Type) -> ValueProblem:
    """Why `text` is not a number, with the number it most likely means where that is clear."""
    m = EXPONENT_RE.match(text)
    if m:
        value = Fraction(m["mantissa"]) * Fraction(10) ** int(m["exp"])
        if (value * 10**12).denominator == 1:
            return ValueProblem(t("values.exponent"), t("values.did_you_mean", word=decimal_text(value) + m["unit"]))
        return ValueProblem(t("values.exponent"), None)
    if re.search(SEPARATORS, text) and re.match(r"^\s*[-－−]?\s*[0-9]", text):
        m = DECIMAL_COMMA_RE.match(text)
        if m and len(m["frac"]) != 3:  # 1,5万元: a decimal comma
            hint = t("values.did_you_mean", word=f"{m['whole']}.{m['frac']}{m['unit']}")
        else:
            hint = t("values.separator_hint")
        return ValueProblem(t("values.separator"), hint)
    return ValueProblem(t("values.not_a_number"), t("values.for_example", example=example(ty)))


def example(ty: Type) -> str:
    """One value of the type as a drafter writes it."""
    if isinstance(ty, Money):
        return "1.2万元" if ty.currency == "元" else f"120万{ty.currency}"
    if isinstance(ty, Quantity):
        return f"100{ty.unit}"
    if isinstance(ty, Ratio):
        return "55%"
    if isinstance(ty, Bool):
        return "是"
    if isinstance(ty, Enum):
        return ty.values[0]
    if isinstance(ty, Date):
        return "2023-06-20"
    if isinstance(ty, PerUnit):
        return f"50{ty.currency}/{ty.unit}"
    return "10"


__all__ = [
    "DATE_PATTERN",
    "FALSE_WORDS",
    "NUMBER_PATTERN",
    "TRUE_WORDS",
    "ValueProblem",
    "bare_unit",
    "example",
    "read_value",
    "split_number",
    "unit_table",
    "whole_fen",
]
