"""The numbers of a quoted sentence (原文): each amount, rate, unit price, quantity and threshold with
its scale, unit or currency, its boundary words and its offset inside the quoted string.

    达到1亿元（含）以上   → 100000000 (money, 元), lower bound, includes the number
    20(含)—30(不含)家     → 20 家 (lower, includes) and 30 家 (upper, excludes): the unit is shared
    单个企业支持金额最高20万元 → 200000 (money, 元), said of 单个企业 (one enterprise)

A number without a unit (9610、1210 模式, 2023年, 1年期) is not an amount and is not extracted.
Values are exact Fractions in a canonical unit: 元 (or 美元), a ratio (50% = 1/2), 元 per unit, a count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from policylang.frontend.units import CURRENCY_TABLE

# What a number is: ("money", 元|美元), ("ratio",), ("per", 元, 吨), ("qty", 家), ("bare",).
Kind = tuple[str, ...]
COUNT_UNITS = frozenset({"个", "家", "人", "项", "户", "件", "次", "展位", "单", "笔", "票", "包裹"})

_SCALES = {"": 1, "十": 10, "百": 100, "千": 1000, "万": 10_000, "十万": 100_000, "百万": 1_000_000}
_SCALES |= {"千万": 10_000_000, "亿": 100_000_000, "万亿": 10**12}
_PER = r"吨|个|件|平方米|人|家|箱|标箱|千克|公斤|立方米|辆|台|套|包裹"
# the known currencies (units.CURRENCY_TABLE), longest first so 新加坡元 is not read as 元
_CURRENCIES = sorted((c for c in CURRENCY_TABLE if c != "元"), key=len, reverse=True)
_UNIT = rf"元/(?:{_PER})|{'|'.join(_CURRENCIES)}|元|%|％|‰|平方米|㎡|家|人次|人(?!民)|吨|个月|个|项|户|件|天"
_MARK = r"[(（](?:含|不含)[)）]"
_TAIL = re.compile(
    rf"\s*(?P<m1>{_MARK})?\s*(?P<scale>千万|百万|十万|万亿|万|亿|千|百)?(?P<unit>{_UNIT})?"
    rf"\s*(?P<m2>{_MARK})?\s*(?P<side>及以上|及以下|以上|以下|以内)?"
)
_NUMBER = re.compile(r"(?<![\d.,，])(?:\d{1,3}(?:[,，]\d{3})+(?!\d)|\d+)(?:\.\d+)?")  # 1,000元 as one number
_PER_BEFORE = re.compile(rf"每(?P<unit>{_PER})$")  # 每吨1.5元, 每个1元: a unit price written the other way round
_RANGE = re.compile(r"\s*(?:—|–|-|~|～|至|到)\s*")
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_MONEY = re.compile(r"(?<![\d.])(?P<num>[零一二两三四五六七八九十百千]+)(?P<scale>万|亿)?(?P<unit>美元|元)")
_CN_PERCENT = re.compile(r"百分之(?P<num>[零一二两三四五六七八九十百]+)")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")

# Boundary words written just before a number: (direction, counts the number itself).
LOWER = {"超过": False, "超": False, "高于": False, "大于": False, "达到": True, "不低于": True, "不少于": True}
UPPER = {"低于": False, "少于": False, "不足": False, "小于": False, "不超过": True, "不高于": True}
UPPER |= {"不大于": True, "最高": True, "最多": True, "至多": True}
CAP_WORDS = frozenset({"最高", "最多", "至多", "不超过", "不高于", "不大于"})
_VERBS = sorted([*LOWER, *UPPER], key=len, reverse=True)
_FRAGMENT_END = "，,。；;：:！!？?"


class Scope:
    """Who a cap is said of, as the text's words say it (compared with the code's cap level)."""

    ITEM = "item"  # 每人、每个展位、单个标准展位、每个项目
    GROUP = "group"  # 同一展会、每次商务活动
    ENTERPRISE = "enterprise"  # 每家企业、单个企业、同一企业、每户
    YEAR = "year"  # 每年
    CUMULATIVE = "cumulative"  # 累计


_SCOPE_WORDS = re.compile(
    r"(?P<cumulative>累计)"
    r"|(?P<enterprise>(?:每|单个|每个|同一|每家|单家|每户|单户)(?:外贸|该)?企业|每户|单户)"
    r"|(?P<year>每年度?|每一年)"
    r"|(?P<group>同一(?!企业)[\u4e00-\u9fff]{1,2}(?:会|活动|批)?|每次)"
    r"|(?P<item>每人|每个(?!企业)|单个(?!企业)|每项|每店|单店|每个项目)"
)


@dataclass(frozen=True)
class TextNumber:
    """One number of a quoted sentence. Offsets index the quoted text (the string's contents)."""

    start: int  # the phrase: boundary verb (if any) … number, unit and marks
    end: int
    number_start: int  # the number with its unit alone
    number_end: int
    value: Fraction
    kind: Kind
    direction: str | None  # ">" (a lower bound: 超过/达到/以上) or "<" (an upper bound), None if not said
    inclusive: bool | None  # whether the number itself counts, None if not said
    capped: bool  # said with a cap word (最高/不超过/至多 …)
    per_one: bool  # 每新增1家: "per one", the unit of a per-item award, not an amount
    scope: str | None  # Scope.*, from the words before it in its part of the sentence
    scope_word: str | None
    scope_start: int | None

    @property
    def threshold(self) -> bool:
        """Whether the text says a boundary here that a comparison could be checked against."""
        return self.direction is not None and not (self.capped and self.inclusive is None)


def canonical(value: Fraction, scale: str, unit: str) -> tuple[Fraction, Kind]:
    """A number's value and kind from its scale and unit as texts write them."""
    value *= _SCALES[scale]
    if unit in ("%", "％"):
        return value / 100, ("ratio",)
    if unit == "‰":
        return value / 1000, ("ratio",)
    if unit == "元" or unit in CURRENCY_TABLE:
        return value, ("money", unit)
    if unit.startswith("元/"):
        return value, ("per", "元", unit[2:])
    unit = {"㎡": "平方米", "人次": "人", "个月": "月"}.get(unit, unit)
    return value, ("qty", unit)


def kind_text(kind: Kind) -> str:
    """A kind as a drafter reads it: 元, 美元, %, 元/吨, 家."""
    if kind[0] == "money":
        return kind[1]
    if kind[0] == "ratio":
        return "%"
    if kind[0] == "per":
        return f"{kind[1]}/{kind[2]}"
    if kind[0] == "qty":
        return kind[1]
    return ""


def is_count(kind: Kind) -> bool:
    return kind[0] == "bare" or (kind[0] == "qty" and kind[1] in COUNT_UNITS)


def _chinese(text: str) -> Fraction | None:
    """一百二十 → 120, 两 → 2, 十五 → 15; None for anything else."""
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None:
                return None
            digit = _CN_DIGITS[ch]
        elif ch in ("十", "百", "千"):
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (1 if digit is None else digit) * unit
            digit = None
        else:
            return None
    return Fraction(total + (digit or 0))


def _boundary_before(text: str, at: int) -> tuple[str | None, int]:
    """The boundary verb written just before offset `at` (spaces between allowed), and where it starts."""
    head = text[:at].rstrip()
    for verb in _VERBS:
        if head.endswith(verb):
            return verb, len(head) - len(verb)
    return None, at


def _scope(text: str, at: int) -> tuple[str | None, str | None, int | None]:
    """Who the words before `at`, back to the start of its part of the sentence, say a cap is of."""
    begin = max((text.rfind(ch, 0, at) for ch in _FRAGMENT_END), default=-1) + 1
    found = list(_SCOPE_WORDS.finditer(text, begin, at))
    if not found:
        return None, None, None
    chosen = next((m for m in found if m.lastgroup == "cumulative"), found[-1])
    return chosen.lastgroup, chosen.group(), chosen.start()


def _per_one(text: str, at: int, value: Fraction) -> bool:
    """每新增1家 / 每1美元: the 1 counts what an award is per, it is not an amount."""
    before = text[max(0, at - 4) : at]
    return value == 1 and "每" in before and not any(c in _FRAGMENT_END for c in before[before.rfind("每") :])


def extract(text: str) -> list[TextNumber]:
    """Every amount, rate, unit price and quantity of a quoted sentence, in order."""
    norm = text.translate(_FULL_WIDTH_DIGITS)  # same length: offsets stay those of `text`
    raw: list[tuple[int, int, Fraction, str, re.Match[str]]] = []
    for m in _NUMBER.finditer(norm):
        if norm[max(0, m.start() - 1) : m.start()] == "第":
            continue  # 第2条: an ordinal
        tail = _TAIL.match(norm, m.end())
        assert tail is not None
        raw.append((m.start(), m.end(), Fraction(re.sub("[,，]", "", m.group())), m.group(), tail))
    out: list[TextNumber] = []
    for i, (start, _end, value, _digits, tail) in enumerate(raw):
        scale, unit = tail.group("scale") or "", tail.group("unit")
        low_of_range = False
        end = tail.end()
        number_end = tail.end("unit") if tail.group("unit") else tail.end()
        listed = _list_unit(norm, raw, i) if unit is None else None
        if listed is not None:  # 300 万、150 万、50 万元: the unit written on the last of a list applies to all
            scale, unit = scale or listed[0], listed[1]
            end = number_end = tail.end()
        elif unit is None:
            nxt = raw[i + 1] if i + 1 < len(raw) else None
            dash = _RANGE.match(norm, _tail_end_of_marks(tail))
            if nxt is None or dash is None or dash.end() != nxt[0] or nxt[4].group("unit") is None:
                continue
            scale, unit, low_of_range = nxt[4].group("scale") or "", nxt[4].group("unit"), True
            end = number_end = _tail_end_of_marks(tail)
        high_of_range = False
        if i > 0 and raw[i - 1][4].group("unit") is None:
            prev_tail = raw[i - 1][4]
            dash = _RANGE.match(norm, _tail_end_of_marks(prev_tail))
            high_of_range = dash is not None and dash.end() == start
        amount, kind = canonical(value, scale, unit)
        per = _PER_BEFORE.search(norm, 0, start) if kind == ("money", "元") else None
        if per is not None:
            kind = ("per", "元", per.group("unit"))
        out.append(_number(norm, start, end, amount, kind, tail, low_of_range, high_of_range, number_end))
    for m in _CN_MONEY.finditer(norm):
        v = _chinese(m.group("num"))
        if v is not None and (m.group("num")[0] == "十" or any(c in _CN_DIGITS for c in m.group("num"))):
            amount, kind = canonical(v, m.group("scale") or "", m.group("unit"))
            out.append(_number(norm, m.start(), m.end(), amount, kind, None, False, False))
    for m in _CN_PERCENT.finditer(norm):
        v = _chinese(m.group("num"))
        if v is not None:
            out.append(_number(norm, m.start(), m.end(), v / 100, ("ratio",), None, False, False))
    return sorted(out, key=lambda n: n.number_start)


_LIST_SEPARATOR = re.compile(r"\s*、\s*")


def _list_unit(norm: str, raw: list[tuple[int, int, Fraction, str, re.Match[str]]], i: int) -> tuple[str, str] | None:
    """The scale and unit of the item of an amount list (a、b、c, each after the one before) that is the
    first to write a unit, for an item written without one; None when the number is in no such list."""
    for j in range(i, len(raw) - 1):
        sep = _LIST_SEPARATOR.match(norm, raw[j][4].end())
        if sep is None or sep.end() != raw[j + 1][0]:
            return None
        nxt = raw[j + 1][4]
        if nxt.group("unit") is not None:
            return nxt.group("scale") or "", nxt.group("unit")
    return None


def _tail_end_of_marks(tail: re.Match[str]) -> int:
    """Where a number's own marks end when it has no unit (20(含)— …)."""
    return tail.end("m1") if tail.group("m1") else tail.start()


def _number(
    text: str,
    start: int,
    end: int,
    value: Fraction,
    kind: Kind,
    tail: re.Match[str] | None,
    low_of_range: bool,
    high_of_range: bool,
    number_end: int | None = None,
) -> TextNumber:
    end = len(text[:end].rstrip())
    number_end = end if number_end is None else number_end
    verb, phrase_start = _boundary_before(text, start)
    direction: str | None = None
    inclusive: bool | None = None
    if verb in LOWER:
        direction, inclusive = ">", LOWER[verb]
    elif verb in UPPER:
        direction, inclusive = "<", UPPER[verb]
    if low_of_range:
        direction, inclusive = ">", None
    elif high_of_range:
        direction, inclusive = "<", None
    if tail is not None:
        side = tail.group("side")
        if side:
            direction = "<" if side.endswith(("以下", "以内")) else ">"
            inclusive = True
        mark = tail.group("m1") or (tail.group("m2") if not low_of_range else None)
        if mark:
            inclusive = "不含" not in mark
    scope, scope_word, scope_start = _scope(text, start)
    return TextNumber(
        start=phrase_start,
        end=end,
        number_start=start,
        number_end=number_end,
        value=value,
        kind=kind,
        direction=direction,
        inclusive=inclusive,
        capped=verb in CAP_WORDS or "最高" in text[max(0, start - 6) : start],
        per_one=_per_one(text, start, value),
        scope=scope,
        scope_word=scope_word,
        scope_start=scope_start,
    )


__all__ = ["COUNT_UNITS", "Kind", "Scope", "TextNumber", "canonical", "extract", "is_count", "kind_text"]
