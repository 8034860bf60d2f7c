"""`policylang init OFFICIAL.txt [-o POLICY.pol]`: a first draft of a policy file from its official text.

What it reads (`readers/official.py` for the sentences, their line and article; `tools/check/quoted.py`
for each sentence's amounts, rates, thresholds and caps):

- the header: the title (the heading lines above the preamble, checked against a 《…》 that names it),
  the 文号 and the 发文机关 when a line of their own states them, the dates as comments (生效 only when
  the text gives both ends), 原文件 pointing back at the text, and a 资金 for a sentence that sets up
  or enlarges a 专项资金 (its note quotes the sentence, so it covers it);
- the article structure (一、 （一） 1. 第N条): each article a comment heading, its citation on every clause;
- every sentence with an amount or a rate: a clause quoting it verbatim in 原文, with what it found
  listed as comments. Where the sentence has a known shape — a rate of a cost, a price per unit or a
  fixed amount, with at most one money cap and any lower thresholds — the clause gets a first draft of
  its code, marked as a draft for review in a comment and a 解读. Any other money sentence is a
  skeleton: its award is an unspecified 参数 (`未规定 "待编码：…"`), so eval says 不可确定 and check
  lists it (UNSPEC001, TEXT002), never a guessed number. A money sentence with no word of paying
  (给予, 奖励, 补助 …) is set aside with `不编码` and a reason to review;
- every sentence without money: listed as a comment under its article, not encoded.

The result is passed through `fmt`, so `fmt` leaves it unchanged; it always parses and loads.
"""

from __future__ import annotations

import itertools
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

import click

from policylang.errors import Diagnostic, PolicyError, Source, Span
from policylang.frontend.bounds import LanguageVersion
from policylang.readers.files import same_file
from policylang.readers.official import AMOUNT, OfficialText, Sentence, read_official
from policylang.report.i18n import t
from policylang.tools.check.quoted import Scope, TextNumber, extract

LATEST_VERSION = int(max(LanguageVersion))  # drafts start in the newest meaning (语言版本)

_NUMERAL = "一二三四五六七八九十"
_HEADING = re.compile(
    rf"^(?:[{_NUMERAL}]+、|[（(][{_NUMERAL}]+[）)]|[0-9０-９]+[.．、](?![0-9０-９])|第[{_NUMERAL}百零〇0-9]+条"
    r"|[0-9０-９]+(?:[.．][0-9０-９]+)+(?![.．]?[0-9０-９])(?!\s*[万亿千百元%％‰]))"
)
_PAY_WORDS = re.compile(r"给予|奖励|补助|补贴|支持|扶持|资助|兑现|贴息")
_DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]+[〔\[［(（]\d{4}[〕\]］)）]\d+号$")
_ISSUER = re.compile(r"^[\u4e00-\u9fff（）()]+(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|局|厅)$")
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_DATE_IN = r"(\d{4})年(\d{1,2})月(\d{1,2})日"
_FROM = re.compile(rf"自{_DATE_IN}起(?:施行|执行|实施|生效)")
_UNTIL = re.compile(rf"(?:有效期至|执行至|实施至|截至|至){_DATE_IN}(?:止|结束)?")
_FUND = re.compile(
    r"(?:设立|增加到|安排|统筹)?(?P<name>[\u4e00-\u9fff]{2,30}?专项资金(?:（[^）]*）)?)"
    r"(?:规模|总额)?(?:增加到|为|达到)?\s*(?P<amount>\d+(?:\.\d+)?\s*[万亿]?元)"
)
# 对新创建的国家级贸易促进平台，…: who the sentence pays, when it says so before its first comma
_WHO = re.compile(r"(?:^|[，,。；;])对(?P<who>[^，,；;。]{2,80})[，,]")
# …unless it states an amount (a threshold, drafted apart; 2023年 is none), a cost (对…费用, 对…投入) or the payment itself
_NOT_WHO = re.compile(r"(?:费|费用|投入|支出)$|给予")
# 按照一定比例给予最高20万元: the amount paid is not stated, only its cap
_UNSTATED = re.compile(r"一定")
_PUNCT = "。，,；;：:！!？?"
_END = "。；;！!？?"
# A number literal as the grammar lexes it: digits (thousands separators in groups of three: 1,000元), then
# %, ‰ or a unit of letters (万元, 元/吨, 万元人民币); a space only before a scale or currency (50 万元).
_LITERAL = re.compile(
    r"^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?( (?=[万亿千百元]|[^\W\d_]*元|人民币))?(%|‰|㎡|[^\W\d_]+(/[^\W\d_]+)?)$"
)
# 100万元人民币(含)以上: 人民币 after 元 is the currency again; extract() reads the number's tail past it
_RMB_AFTER = re.compile(r"(?<=元)人民币")
# 满6个月: a lower bound that counts the number itself (每满 is a step, not a bound)
_FULL_BEFORE = re.compile(r"(?<!每)满$")
# 每标箱补助200元, 按每间夜20元, 用电每千瓦时补助0.1元: an amount per one of a unit word written before it
_PER_WORD = re.compile(r"每(?:个|家|一)?(?P<unit>[\u4e00-\u9fff]{1,3}?)(?:补助|奖励|补贴|给予|支持|资助)?$")
_NOT_UNIT = re.compile(r"企业|单位|项目|年|增加|新增|增长|满|多|次|人次")
# 每增加2000万元奖励1万元, 每满100万元给予2万元, 同比增量部分每增加100万元，给予2万元奖励: a step award
_STEP_BEFORE = re.compile(r"每(?:增加|新增|增长|多)?满?$")
_STEP_BETWEEN = re.compile(r"^[，,]?再?(?:给予|奖励|补助|补贴|支持|资助)(?:资金)?$")
_EXCERPT = 40
# A line cut by a page break is a paragraph's full line; a shorter one without an ending is a heading or a title.
_PAGE_LINE = 30


def lead_in(sentence: str, n: TextNumber) -> str:
    """The words of the number's part of the sentence, up to and with the number: 单个标准展位最高扶持0.8万元."""
    start = max((sentence.rfind(p, 0, n.start) for p in "，,；;：:。"), default=-1) + 1
    return sentence[start : n.end].strip()


@dataclass
class Piece:
    """A sentence as a clause quotes it: one official sentence, or two a page break cut apart."""

    text: str
    line: int
    citation: str
    parts: list[Sentence]

    @property
    def has_money(self) -> bool:
        return AMOUNT.search(self.text) is not None


@dataclass
class Article:
    citation: str
    title: str
    line: int
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class Header:
    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    dates: list[str] = field(default_factory=list)
    effective: tuple[str, str] | None = None
    year: int | None = None


# ---------------------------------------------------------------------------- reading the text
def _lines(official: OfficialText) -> list[str]:
    return official.source.text.splitlines()


def read_header(official: OfficialText) -> Header:
    lines = [ln.strip() for ln in _lines(official)]
    header = Header()
    first_heading = next((i for i, ln in enumerate(lines) if _HEADING.match(ln)), len(lines))
    for ln in lines[:first_heading]:
        if header.doc_number is None and _DOC_NUMBER.match(ln):
            header.doc_number = ln
        elif header.issuer is None and _ISSUER.match(ln):
            header.issuer = ln
        elif _DATE.match(ln):
            header.dates.append(ln)
    # the title: the run of lines without punctuation just above the preamble, above the first article
    i = first_heading - 1
    while i >= 0 and (not lines[i] or any(p in lines[i] for p in _PUNCT)):
        i -= 1
    found: list[str] = []
    while i >= 0 and (not lines[i] or not any(p in lines[i] for p in _PUNCT + "（(")):
        if lines[i]:
            if _DATE.match(lines[i]) or _ISSUER.match(lines[i]) or _DOC_NUMBER.match(lines[i]):
                break
            found.insert(0, lines[i])
        i -= 1
    title = "".join(found)
    if title:
        header.title = title
    text = official.source.text
    if m := _FROM.search(text):
        start = _iso(m)
        if n := _UNTIL.search(text, m.end()):
            header.effective = (start, _iso(n))
    if header.title and (m := re.match(r"^(\d{4})年度", header.title)):
        header.year = int(m.group(1))
    return header


def _iso(m: re.Match[str]) -> str:
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"


def read_articles(official: OfficialText) -> tuple[list[Piece], list[Article]]:
    """The sentences before the first article, and each article with its sentences (page-broken ones joined)."""
    lines = _lines(official)
    heading_lines = {n for n, ln in enumerate(lines, start=1) if _HEADING.match(ln.strip())}
    pieces: list[Piece] = []
    for s in official.sentences:
        last = pieces[-1] if pieces else None
        if (
            last is not None
            and last.text[-1] not in _END
            and s.line > last.parts[-1].line
            and s.line not in heading_lines
            and all(not lines[k - 1].strip() for k in range(last.parts[-1].line + 1, s.line))
            and last.parts[-1].end_column > len(lines[last.parts[-1].line - 1].rstrip())
            and len(lines[last.parts[-1].line - 1].strip()) >= _PAGE_LINE
        ):
            last.text += s.text
            last.parts.append(s)
            continue
        pieces.append(Piece(s.text, s.line, s.citation, [s]))
    preamble: list[Piece] = []
    articles: dict[str, Article] = {}
    for p in pieces:
        if not p.citation:
            preamble.append(p)
            continue
        article = articles.get(p.citation)
        if article is None:
            title = ""
            rule = _NO_DOUBLE.search(p.text) or _OTHER_FUNDS.search(p.text)  # 第六条 第2、3条不重复享受。
            if p.line in heading_lines and not p.has_money and not rule:
                title = _HEADING.sub("", p.parts[0].text).strip().rstrip(_END)
            elif rule:
                p.text = _HEADING.sub("", p.text).strip()
            elif p.line in heading_lines and p.text.startswith(p.parts[0].text):
                # 第一条 对参加境内展会的企业，给予…: the article's number, then its first sentence (no title)
                p.text = _HEADING.sub("", p.text).strip()
            article = articles[p.citation] = Article(p.citation, title, p.line)
            if p.line in heading_lines and not p.has_money and not rule:
                continue  # the heading's own title
        article.pieces.append(p)
    return preamble, list(articles.values())


# ---------------------------------------------------------------------------- drafting
def clause_citation(citation: str) -> str | None:
    """The citation in the document's own form, as the grammar's CITATION writes it: 三(一)1 as is; an
    article's parts 第三条, 第三条第（二）项, 第三条第（二）项第1目 (第三条第1项 for an item right under it);
    （三）1 for a section no part stands above; 3.2 as is. None if it cannot be written."""
    m = re.fullmatch(rf"(第[{_NUMERAL}百零〇0-9]+条)(?:\(([{_NUMERAL}]+)\))?(\d*)", citation)
    if m:
        article, section, item = m.groups()
        out = article + (f"第（{section}）项" if section else "")
        return out + (f"第{item}{'目' if section else '项'}" if item else "")
    if m := re.fullmatch(rf"\(([{_NUMERAL}]+)\)(\d*)", citation):
        return f"（{m.group(1)}）{m.group(2)}"
    ok = re.fullmatch(rf"[{_NUMERAL}]+(\([{_NUMERAL}]+\))?\d*|\d+(\.\d+)+", citation)
    return citation if ok else None


def article_of(citation: str) -> str:
    """The article a citation stands in (五 for 五(三)1, 第三条 for 第三条(二)), which 本条 refers to."""
    m = re.match(rf"第[{_NUMERAL}百零〇0-9]+条|[{_NUMERAL}]+|\d+", citation)
    return m.group() if m else citation


def numbers_of(sentence: str) -> list[TextNumber]:
    """`extract`'s numbers of a sentence, read as init drafts them: 100万元人民币(含)以上 is a bound (extract
    reads a copy where 人民币 after 元 is blank, so the offsets stay the sentence's), 满6个月 a lower bound
    with the number included, and 每标箱补助200元 a price per 标箱 (any unit word the policy may declare)."""
    masked = _RMB_AFTER.sub(lambda m: " " * len(m.group()), sentence)
    out: list[TextNumber] = []
    for n in extract(masked):
        if n.direction is None and n.kind[0] == "qty" and _FULL_BEFORE.search(sentence, 0, n.number_start):
            n = replace(n, start=n.number_start - 1, direction=">", inclusive=True)
        elif unit := _per_word(sentence, n):
            n = replace(n, kind=("per", n.kind[1], unit))
        out.append(n)
    return out


def _per_word(sentence: str, n: TextNumber) -> str | None:
    """The unit word of 每标箱补助200元 written just before the amount, if it reads as one."""
    if n.kind[0] != "money" or n.capped or n.direction is not None:
        return None
    begin = max((sentence.rfind(p, 0, n.start) for p in "，,；;：:。"), default=-1) + 1
    m = _PER_WORD.search(sentence, begin, n.start)
    if m is None or _NOT_UNIT.search(m.group("unit")):
        return None
    from policylang.frontend.units import UNIT_ALIASES

    return UNIT_ALIASES.get(m.group("unit"), m.group("unit"))


def literal_text(raw: str) -> str:
    """A number as written (1,000元, 50 万元, 2‰, 18㎡), folded as the grammar lexes it: full-width digits
    and brackets half-width, its boundary marks and words left out, spaces kept only before a scale or
    currency."""
    raw = unicodedata.normalize("NFKC", raw.replace("㎡", "\0")).replace("\0", "㎡")  # NFKC reads ㎡ as m2
    raw = re.sub(r"[(（][^)）]*[)）]", "", raw).strip()
    raw = re.sub(r"(以上|以下|及以上|及以下|以内)$", "", raw).strip()
    m = re.fullmatch(r"(?P<number>[\d,.]+)(?P<gap>\s*)(?P<unit>.*)", raw)
    if m is None:
        return "".join(raw.split())
    unit = "".join(m.group("unit").split())
    gap = " " if m.group("gap") and re.match(r"[万亿千百]|[^\W\d_]*元|人民币", unit) else ""
    return m.group("number") + gap + unit


def literal(sentence: str, n: TextNumber) -> str | None:
    """The number as the code writes it, from the text's own characters (0.8万元, 50%, 50元/吨, 1,000元)."""
    raw = literal_text(sentence[n.number_start : n.number_end])
    if raw.endswith("元") and sentence.startswith("人民币", n.number_end):
        raw += "人民币"  # 1.5万元人民币, as written
    if n.kind[0] == "per" and "/" not in raw:
        raw += f"/{n.kind[-1]}"  # 每标箱补助200元 → 200元/标箱
    if _LITERAL.match(raw):
        return raw
    # 20(含)—30(不含)家: the first end of a range shares the unit written after the second
    if n.value.denominator == 1 and n.kind[0] in ("money", "qty") and re.fullmatch(r"\d+", raw):
        return f"{n.value.numerator}{n.kind[-1]}"
    return None


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def excerpt(text: str) -> str:
    return text if len(text) <= _EXCERPT else text[:_EXCERPT] + "…"


@dataclass
class Draft:
    """What one money sentence becomes: declarations before its clause, the clause's items, comments."""

    shape: str | None  # catalogue key of the known shape, None for a skeleton
    declarations: list[str]
    items: list[str]


def _role(n: TextNumber) -> str:
    if n.per_one:
        return "per_one"
    if n.capped:
        return "cap"
    if n.direction == ">":
        return "threshold"
    if n.direction == "<":
        return "upper"
    return "amount"


def describe(sentence: str, n: TextNumber) -> str:
    role = t(f"init.role.{_role(n)}")
    words = [sentence[n.start : n.end]]
    if n.direction is not None and n.inclusive is not None:
        words.append(t("init.bound.inclusive" if n.inclusive else "init.bound.exclusive"))
    if n.scope_word:
        words.append(t("init.scope", word=n.scope_word))
    return t("init.number", role=role, text=t("init.join").join(words), value=_value_text(n))


def _value_text(n: TextNumber) -> str:
    v = n.value
    shown = str(v.numerator) if v.denominator == 1 else f"{float(v):g}"
    if n.kind[0] == "ratio":
        percent = v * 100
        return f"{percent.numerator}%" if percent.denominator == 1 else f"{shown}"
    unit = {"money": n.kind[-1], "per": "/".join(n.kind[1:]), "qty": n.kind[-1]}.get(n.kind[0], "")
    return shown + unit


def _fact_type(n: TextNumber) -> str | None:
    """The type of a fact compared with (or counted by) the number: 金额, 金额(欧元), 比例, 数量(标箱)."""
    from policylang.frontend.units import CURRENCY_TABLE, UNIT_ALIASES

    if n.kind[0] == "money":
        return "金额" if n.kind[1] in ("元", "人民币") else f"金额({n.kind[1]})"
    if n.kind[0] == "ratio":
        return "比例"
    unit = n.kind[-1]
    unit = UNIT_ALIASES.get(unit, unit)
    # any unit word may be declared (数量(标箱)), but not a currency or a scale (T141)
    if n.kind[0] in ("qty", "per") and unit and unit not in CURRENCY_TABLE and not re.search(r"[万亿\d]", unit):
        return f"数量({unit})"
    return None


def draft(number: int, sentence: str, numbers: list[TextNumber], citation: str) -> Draft:
    """A first draft for a known shape, else a skeleton whose award is an unspecified parameter."""
    prefix = f"草稿{number}"
    if any(mark in sentence.rstrip(_END) for mark in "；;"):  # rows joined by join_rows
        tiers = tier_draft(prefix, sentence)
        if tiers is not None:
            return tiers
    known = _known_shape(prefix, sentence, numbers, citation)
    if known is not None:
        return known
    name = f"{prefix}_金额"
    note = t("init.todo", citation=citation)
    return Draft(None, [f"参数 {name}: 金额 未规定 {quote(note)}"], [f"奖励 {name}"])


def _step(sentence: str, numbers: list[TextNumber]) -> tuple[TextNumber, TextNumber] | None:
    """每增加2000万元奖励1万元: the step and the amount paid per full step, if the sentence says one."""
    for a, b in itertools.pairwise(numbers):
        if (
            _role(a) == "amount"
            and _role(b) == "amount"
            and a.kind[0] in ("money", "qty")
            and b.kind[0] == "money"
            and _STEP_BEFORE.search(sentence, 0, a.start)
            and _STEP_BETWEEN.match(sentence[a.end : b.start])
        ):
            return a, b
    return None


def _known_shape(prefix: str, sentence: str, numbers: list[TextNumber], citation: str) -> Draft | None:
    step = _step(sentence, numbers)
    if step is not None:
        numbers = [n for n in numbers if n not in step]
    roles = [_role(n) for n in numbers]
    if "per_one" in roles:
        return None
    # a lower or upper bound is a condition; 20(含)—30(不含)家 is one fact bounded on both sides
    thresholds = [n for n, r in zip(numbers, roles, strict=True) if r in ("threshold", "upper")]
    caps = [n for n, r in zip(numbers, roles, strict=True) if r == "cap"]
    amounts = [n for n, r in zip(numbers, roles, strict=True) if r == "amount"]
    if len(caps) > 1 or any(c.kind[0] != "money" for c in caps):
        if not (len(caps) == 2 and not amounts and caps[0].kind == ("ratio",)):
            return None
    # 给予不超过50%的补贴，最高50万元: the capped rate is the rate paid (the most the policy allows)
    if not amounts and caps and caps[0].kind == ("ratio",):
        amounts, caps = [caps[0]], caps[1:]
    if len(caps) > 1 or any(c.kind[0] != "money" for c in caps):
        return None
    if len(amounts) > 1:
        return None
    declarations: list[str] = []
    items: list[str] = []
    previous: TextNumber | None = None
    name = ""
    for n in thresholds:
        kind = _fact_type(n)
        value = literal(sentence, n)
        if kind is None or value is None or n.inclusive is None:
            return None
        ranged = n.direction == "<" and previous is not None and previous.direction == ">"
        if not (ranged and previous is not None and previous.kind == n.kind and n.start - previous.end <= 2):
            name = f"{prefix}_门槛{sum(1 for d in declarations if '_门槛' in d) + 1}"
            what = t("init.fact.threshold", phrase=sentence[n.start : n.end])
            declarations.append(f"事实 {name}: {kind} {quote(what)}")
        if n.direction == ">":
            items.append(f"条件 {name} {'达到' if n.inclusive else '超过'} {value}")
        else:
            items.append(f"条件 {name} {'不超过' if n.inclusive else '低于'} {value}")
        previous = n
    cap_items: list[str] = []
    for n in caps:
        value = literal(sentence, n)
        if value is None:
            return None
        if n.scope == Scope.CUMULATIVE:
            # 同一企业累计不超过10万元: what was paid before counts against it (a history fact, 0 when none)
            paid = f"{prefix}_已获"
            what = t("init.fact.paid_before", phrase=lead_in(sentence, n))
            declarations.append(f"事实 {paid}: 金额 {quote(what)} 默认 0元")
            cap_items.append(f"累计上限 {quote(lead_in(sentence, n))} {value} 扣除 {paid}")
        else:
            cap_items.append(f"上限 {quote(lead_in(sentence, n))} {value}")
    if step is not None:
        if amounts:
            return None
        every, per_step = literal(sentence, step[0]), literal(sentence, step[1])
        kind = _fact_type(step[0])
        if every is None or per_step is None or kind is None:
            return None
        shape = "step"
        name = f"{prefix}_增加额"
        what = t("init.fact.step", phrase=lead_in(sentence, step[0]))
        declarations.append(f"事实 {name}: {kind} {quote(what)}")
        items.append(f"奖励 按 {name} 每满 {every} 给予 {per_step}")
    elif amounts:
        n = amounts[0]
        value = literal(sentence, n)
        if value is None:
            return None
        if n.kind[0] == "ratio":
            shape = "rate"
            name = f"{prefix}_基数"
            what = t("init.fact.base", phrase=lead_in(sentence, n))
            declarations.append(f"事实 {name}: 金额 {quote(what)}")
            items.append(f"奖励 {value} × {name}")
        elif n.kind[0] == "per":
            kind = _fact_type(n)
            if kind is None:
                return None
            shape = "per_unit"
            name = f"{prefix}_数量"
            what = t("init.fact.quantity", phrase=lead_in(sentence, n))
            declarations.append(f"事实 {name}: {kind} {quote(what)}")
            items.append(f"奖励 {value} × {name}")
        elif n.kind[0] == "money" and caps == []:
            shape = "threshold_amount" if thresholds else "amount"
            items.append(f"奖励 {value}")
        else:
            return None
    elif len(caps) == 1 and "给予" in lead_in(sentence, caps[0]) and not _UNSTATED.search(sentence):
        # 给予不超过50万元: drafted as the most the text allows (the seeds' reading), said in the 解读;
        # 每户企业最高奖励200万元 (no 给予) is a limit on other awards, not a payment: a skeleton
        shape = "threshold_up_to" if thresholds else "up_to"
        n = caps[0]
        items.append(f"奖励 {literal(sentence, n)}")
        cap_items = []
        declarations = [d for d in declarations if not d.startswith(f"事实 {prefix}_已获")]
    else:
        return None
    items.extend(cap_items)
    who = _WHO.search(sentence)
    if who and not extract(who.group("who")) and not _NOT_WHO.search(who.group("who")):
        name = f"{prefix}_资格"
        declarations.insert(0, f"事实 {name}: 是否 {quote(t('init.fact.who', phrase=who.group('who')))}")
        items.insert(0, f"条件 {name}")
    items.insert(0, f"解读 {quote(t('init.reading', shape=t(f'init.shape.{shape}')))}")
    return Draft(shape, declarations, items)


# ---------------------------------------------------------------------------- tier rows
# 进出口额10亿元以上(含)、增幅5%以上：每增加2000万元奖励1万元，最高30万元；1亿元-10亿元(含1亿元)、…: rows
# "conditions：award" joined by ；, each a tier of one table, its 最高 the row's own cap.
_ROW = re.compile(r"^(?P<head>[^：:]+)[：:](?P<body>[^：:]+)$")
_AMOUNT_TEXT = r"\d[\d,，.]*\s*[万亿千]?(?:元|美元|%|％)"
_RANGE_ROW = re.compile(
    rf"^(?P<what>[^\d]*?)(?P<lo>{_AMOUNT_TEXT})\s*[-—–~～至到]\s*(?P<hi>{_AMOUNT_TEXT})"
    r"(?:[(（](?P<marks>[^)）]*)[)）])?$"
)


def is_row(text: str) -> bool:
    """A sentence written as one tier row: conditions, a colon, what the row pays."""
    return _ROW.match(text.rstrip(_END)) is not None and AMOUNT.search(text) is not None


@dataclass
class _Rows:
    """The facts a tier table's rows share: one per kind and place among a row's conditions."""

    prefix: str
    declarations: list[str] = field(default_factory=list)
    facts: dict[tuple[str, int], str] = field(default_factory=dict)
    ends: int = 0

    def fact(self, kind: str, place: int, phrase: str) -> str:
        key = (kind, place)
        if key not in self.facts:
            name = f"{self.prefix}_门槛{len(self.facts) + 1}"
            self.facts[key] = name
            self.declarations.append(f"事实 {name}: {kind} {quote(t('init.fact.threshold', phrase=phrase))}")
        return self.facts[key]

    def base(self, key: str, kind: str, what: str) -> str:
        if (key, -1) not in self.facts:
            name = f"{self.prefix}_{key}"
            self.facts[(key, -1)] = name
            self.declarations.append(f"事实 {name}: {kind} {quote(what)}")
        return self.facts[(key, -1)]

    def open_end(self, row: str, end: str) -> str:
        self.ends += 1
        name = f"{self.prefix}_端{self.ends}"
        note = t("init.open_end", row=row, end=end)
        self.declarations.append(f"参数 {name}: 之一(含, 不含) 未规定 {quote(note)}")
        return name


def _row_condition(rows: _Rows, part: str, place: dict[str, int]) -> str | None:
    """One condition of a row: 进出口额10亿元以上(含), 增幅5%以上, or a range 1亿元-10亿元(含1亿元) whose
    unmarked end is left open (含否 P), never guessed."""
    if m := _RANGE_ROW.match(part):
        lo, hi = literal_text(m.group("lo")), literal_text(m.group("hi"))
        numbers = numbers_of(m.group("lo"))
        if not numbers or _LITERAL.match(lo) is None or _LITERAL.match(hi) is None:
            return None
        kind = _fact_type(numbers[0])
        if kind is None:
            return None
        marks = unicodedata.normalize("NFKC", m.group("marks") or "").replace(" ", "")
        name = rows.fact(kind, place.setdefault(kind, 0), part)
        place[kind] += 1

        def mark(end: str) -> str:
            if f"不含{end}" in marks:
                return "(不含)"
            if f"含{end}" in marks:
                return "(含)"
            return f"(含否 {rows.open_end(part, end)})"

        return f"{name} 在 {lo}{mark(lo)} 至 {hi}{mark(hi)}"
    numbers = numbers_of(part)
    if len(numbers) != 1 or numbers[0].direction is None or numbers[0].inclusive is None:
        return None
    n = numbers[0]
    kind, value = _fact_type(n), literal(part, n)
    if kind is None or value is None:
        return None
    name = rows.fact(kind, place.setdefault(kind, 0), part)
    place[kind] += 1
    if n.direction == ">":
        return f"{name} {'达到' if n.inclusive else '超过'} {value}"
    return f"{name} {'不超过' if n.inclusive else '低于'} {value}"


def _row_award(rows: _Rows, body: str) -> str | None:
    """What a row pays: 每增加2000万元奖励1万元 (a step), 按1%奖励 (a rate), 奖励1万元 (an amount), and its
    最高X, the row's own cap."""
    numbers = numbers_of(body)
    caps = [n for n in numbers if _role(n) == "cap"]
    if len(caps) > 1 or any(c.kind[0] != "money" for c in caps):
        return None
    step = _step(body, numbers)
    rest = [n for n in numbers if n not in caps and (step is None or n not in step)]
    award: str | None = None
    if step is not None and not rest:
        every, paid, kind = literal(body, step[0]), literal(body, step[1]), _fact_type(step[0])
        if every is None or paid is None or kind is None:
            return None
        what = t("init.fact.step", phrase=lead_in(body, step[0]))
        award = f"按 {rows.base('增加额', kind, what)} 每满 {every} 给予 {paid}"
    elif step is None and len(rest) == 1 and _role(rest[0]) == "amount":
        n, value = rest[0], literal(body, rest[0])
        if value is None:
            return None
        if n.kind[0] == "ratio":
            award = f"{value} × {rows.base('基数', '金额', t('init.fact.base', phrase=lead_in(body, n)))}"
        elif n.kind[0] == "money":
            award = value
    if award is None:
        return None
    for c in caps:
        value = literal(body, c)
        if value is None:
            return None
        award += f" 上限 {quote(lead_in(body, c))} {value}"
    return award


def tier_draft(prefix: str, text: str) -> Draft | None:
    """Rows joined by ；, each "conditions：award", as one 分档 table; None where a row does not read."""
    rows = _Rows(prefix)
    lines: list[str] = []
    for row in (r.strip() for r in re.split(r"(?<=[；;])", text)):
        if not row:
            continue
        m = _ROW.match(row.rstrip(_END))
        if m is None:
            return None
        place: dict[str, int] = {}
        conditions = [_row_condition(rows, part, place) for part in re.split(r"[、，,]", m.group("head")) if part]
        award = _row_award(rows, m.group("body"))
        if award is None or not conditions or None in conditions:
            return None
        lines.append(f"  档 {' 且 '.join(c for c in conditions if c)} : {award}")
    if len(lines) < 2:
        return None
    reading = f"解读 {quote(t('init.reading', shape=t('init.shape.tiers')))}"
    items = [reading, "奖励 分档 {", *lines, "}"]
    if any(key[1] == -1 for key in rows.facts):
        # the rows pay on a base (增加额) the draft cannot tie to the thresholds' fact (进出口额): check then
        # finds a larger firm paid less (TIER003) in the draft, not in the text; said so until it is tied
        items.append(f"已知 TIER003 {quote(t('init.ack.tiers'))}")
    return Draft("tiers", rows.declarations, items)


def join_rows(pieces: list[Piece]) -> list[Piece]:
    """Tier rows the text writes as sentences joined by ； on one line, as one piece (one 分档 clause)."""
    out: list[Piece] = []
    for p in pieces:
        last = out[-1] if out else None
        if (
            last is not None
            and last.text[-1] in "；;"
            and p.line == last.parts[-1].line
            and is_row(last.parts[-1].text)
            and is_row(p.text)
        ):
            out[-1] = Piece(last.text + p.text, last.line, last.citation, [*last.parts, *p.parts])
            continue
        out.append(p)
    return out


# ---------------------------------------------------------------------------- rules between clauses
# 本条政策可多项申报，每户企业最高奖励200万元: one cap over every clause of the article (本条)
_THIS_ARTICLE = re.compile(r"本(?:条|章|节|部分)")
_LIST = rf"[0-9０-９{_NUMERAL}]+(?:[、，,和及与][0-9０-９{_NUMERAL}]+)+"
# 第2、3条不重复享受: only one of the articles is paid, the text not saying which
_NO_DOUBLE = re.compile(rf"第(?P<numbers>{_LIST})条(?:政策)?(?:之间)?(?:不得|不可|不)?(?:重复|同时)享受")
# 同一企业同一项目已获得上级或本市其他专项资金支持的，按就高不重复原则执行
_OTHER_FUNDS = re.compile(r"(?:其他|其它)[^。；;]*?(?:资金|政策)[^。；;]*?就高不重复")


def chinese_number(text: str) -> str:
    """2 → 二, 12 → 十二, 20 → 二十 (as the headings number articles); Chinese numerals as they are."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isdigit():
        return text
    value = int(text)
    tens, ones = divmod(value, 10)
    if value < 10:
        return _NUMERAL[value - 1] if value else "零"
    head = "" if tens == 1 else _NUMERAL[tens - 1]
    return head + "十" + (_NUMERAL[ones - 1] if ones else "")


@dataclass
class Rules:
    """The sentences that state a rule between clauses, and the clauses drafted per article, so that the
    rules are declared after every clause they name."""

    by_article: dict[str, list[str]] = field(default_factory=dict)
    caps: list[tuple[str, str, str, int]] = field(default_factory=list)  # article, sentence, limit, line
    no_double: list[tuple[str, list[str], int]] = field(default_factory=list)  # sentence, article numbers, line
    other_funds: list[tuple[str, int]] = field(default_factory=list)  # sentence, line

    def read(self, p: Piece, citation: str) -> bool:
        """Whether the piece states a rule between clauses (then it is kept here, not drafted as a clause)."""
        text = p.text.rstrip(_END)
        if m := _NO_DOUBLE.search(text):
            self.no_double.append((text, re.split(r"[、，,和及与]", m.group("numbers")), p.line))
            return True
        if _OTHER_FUNDS.search(text) and not p.has_money:
            self.other_funds.append((text, p.line))
            return True
        if p.has_money and _THIS_ARTICLE.search(text) and citation:
            numbers = numbers_of(p.text)
            if len(numbers) == 1 and numbers[0].capped and numbers[0].scope_word and "企业" in numbers[0].scope_word:
                value = literal(p.text, numbers[0])
                if value is not None and numbers[0].kind[0] == "money":
                    self.caps.append((article_of(citation), text, value, p.line))
                    return True
        return False

    def clause(self, article: str, citation: str) -> None:
        self.by_article.setdefault(article_of(article), []).append(citation)

    def render(self, out: list[str]) -> None:
        if not (self.caps or self.no_double or self.other_funds):
            return
        out += ["", "# " + "=" * 60 + " " + t("init.rules")]
        for article, text, value, line in self.caps:
            members = self.by_article.get(article, [])
            out += ["", "# " + t("init.line", line=str(line)), "# " + t("init.group_cap", article=article)]
            if members:
                out.append(f"合计上限 {quote(text)} {value} {{ {', '.join(members)} }}")
            else:
                out.append(f"不编码 {quote(text)} {quote(t('init.rule_unmapped', article=article))}")
        for text, numbers, line in self.no_double:
            out += ["", "# " + t("init.line", line=str(line))]
            found = [self._one_clause(n) for n in numbers]
            if all(found):
                out.append("# " + t("init.no_double"))
                out.append(f"不重复享受 {quote(text)} {{ {', '.join(c for c in found if c)} }}")
            else:
                out.append("# " + t("init.no_double.unmapped", sentence=text))
        for k, (text, line) in enumerate(self.other_funds, start=1):
            members = [c for cs in self.by_article.values() for c in cs]
            out += ["", "# " + t("init.line", line=str(line))]
            if not members:
                continue
            name = f"草稿_已获其他资金{k if len(self.other_funds) > 1 else ''}"
            out.append("# " + t("init.other_funds"))
            out.append(f"事实 {name}: 金额 {quote(t('init.fact.other_funds', phrase=text))} 默认 0元")
            out.append(f"就高不重复 {quote(text)} {{ {', '.join(members)} }} 对照 {name}")

    def _one_clause(self, number: str) -> str | None:
        """The one clause drafted for article N (第N条 or N、), if there is exactly one."""
        cn = chinese_number(number)
        for key in (f"第{cn}条", cn, f"第{number}条"):
            found = self.by_article.get(key)
            if found is not None:
                return found[0] if len(found) == 1 else None
        return None


@dataclass
class Summary:
    clauses: int = 0
    drafted: int = 0
    skeletons: int = 0
    set_aside: int = 0
    without_money: int = 0


def render(official: OfficialText, source_path: str, summary: Summary | None = None) -> str:
    """The draft policy text (before fmt)."""
    summary = summary if summary is not None else Summary()
    header = read_header(official)
    preamble, articles = read_articles(official)
    out: list[str] = []

    def c(key: str, **words: str) -> None:
        out.append("# " + t(key, **words))

    c("init.banner", name=official.source.name)
    c("init.banner.review")
    if header.dates:
        c("init.dates", dates="、".join(header.dates))
    if header.effective is None:
        c("init.no_effective")
    if header.doc_number is None:
        c("init.no_doc_number")
    if header.issuer is None:
        c("init.no_issuer")
    c("init.rounding")
    c("init.language_version", version=str(LATEST_VERSION))
    funds: list[tuple[str, str, str]] = []
    money_pieces = [p for p in preamble if p.has_money] + [p for a in articles for p in a.pieces if p.has_money]
    fund_pieces: set[int] = set()
    for p in money_pieces:
        if m := _FUND.search(p.text):
            amount = "".join(m.group("amount").split())
            funds.append((re.sub(r"^年度?", "", m.group("name")), amount, p.text))
            fund_pieces.add(id(p))
    out.append(f"政策 {quote(header.title or t('init.no_title'))} {{")
    if header.title is None:
        c("init.no_title.comment")
    if header.doc_number:
        out.append(f"  文号 {quote(header.doc_number)}")
    if header.issuer:
        out.append(f"  发文机关 {quote(header.issuer)}")
    if header.year is not None:
        out.append(f"  年度 {header.year}")
    if header.effective:
        out.append(f"  生效 {header.effective[0]} 至 {header.effective[1]}")
    out.append("  舍入 四舍五入 到 分")
    out.append(
        f"  语言版本 {LATEST_VERSION}"
    )  # a new file is written in the newest meaning; version 1 is for old files
    for name, amount, text in funds:
        out.append(f"  资金 {quote(name)} {amount} {quote(text)}")
    out.append(f"  原文件 {quote(source_path)}")
    out.append("}")
    sections = [Article("", t("init.preamble"), 0, preamble), *articles] if preamble else articles
    number = 0
    used: set[str] = set()
    rules = Rules()
    for article in sections:
        out.append("")
        out.append("# " + "=" * 60 + f" {article.citation} {article.title}".rstrip())
        article.pieces = join_rows(article.pieces)
        for p in list(article.pieces):
            if rules.read(p, article.citation):
                article.pieces.remove(p)  # a rule between clauses: declared after the clauses it names
        quiet = [p for p in article.pieces if not p.has_money]
        if quiet:
            c("init.without_money", count=str(len(quiet)))
            for p in quiet:
                out.append(f"#   {t('init.line', line=str(p.line))}「{excerpt(p.text)}」")
            summary.without_money += len(quiet)
        money = [p for p in article.pieces if p.has_money and id(p) not in fund_pieces]
        for p in [p for p in article.pieces if id(p) in fund_pieces]:
            c("init.fund", line=str(p.line))
        cite = clause_citation(article.citation)
        for k, p in enumerate(money, start=1):
            numbers = numbers_of(p.text)
            out.append("")
            c("init.line", line=str(p.line))
            for n in numbers:
                out.append("#   " + describe(p.text, n))
            if not _PAY_WORDS.search(p.text) or cite is None:
                reason = t("init.not_paid" if cite is not None else "init.no_citation", citation=article.citation)
                # 不编码 covers each official sentence holding its phrase: one per sentence a page break cut
                for part in p.parts if len(p.parts) > 1 else [p]:
                    if AMOUNT.search(part.text):
                        out.append(f"不编码 {quote(part.text.rstrip(_END))} {quote(reason)}")
                summary.set_aside += 1
                continue
            number += 1
            citation = cite if len(money) == 1 else f"{cite}.{k}"
            while citation in used:
                citation += "x"
            used.add(citation)
            d = draft(number, p.text, numbers, citation)
            rules.clause(article.citation, citation)
            if d.shape is None:
                c("init.skeleton")
                summary.skeletons += 1
            else:
                c("init.drafted", shape=t(f"init.shape.{d.shape}"))
                summary.drafted += 1
            summary.clauses += 1
            out.extend(d.declarations)
            title = article.title or t("init.untitled")
            out.append(f"条款 {citation} {quote(title)} {{")
            out.append(f"  原文 {quote(p.text)}")
            out.extend("  " + item for item in d.items)
            out.append("}")
    rules.render(out)
    return "\n".join(out) + "\n"


def draft_policy(official_path: str, output: str | None) -> tuple[str, Summary]:
    """The formatted draft for the official text at `official_path`; 原文件 relative to the output's folder."""
    from policylang.tools.fmt import format_text

    official = read_official(official_path)
    base = os.path.dirname(os.path.abspath(output)) if output else os.getcwd()
    source_path = os.path.relpath(os.path.abspath(official_path), base).replace(os.sep, "/")
    summary = Summary()
    text = render(official, source_path, summary)
    return format_text(text, output or "<init>"), summary


# ---------------------------------------------------------------------------- the command
def _refused(code: str, key: str, path: str, **words: str) -> PolicyError:
    span = Span(Source("-o", path), 1, 1, 1, len(path) + 1)
    return PolicyError(Diagnostic(code, t(key, path=path, **words), span, suggestion=t(f"{key}.hint", path=path)))


def write_new(path: str, text: str, force: bool) -> None:
    """Write the draft; an existing file is replaced only with --force, in one step (never half-written)."""
    target = Path(path)
    if target.is_dir():
        raise _refused("F014", "batch.files.output_folder", path)
    if not target.parent.is_dir():
        raise _refused("F015", "batch.files.output_parent", path, folder=str(target.parent))
    if target.exists() and not force:
        raise _refused("F017", "batch.files.output_exists", path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(text.encode("utf-8"))
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(tmp, 0o666 & ~mask)
            if force:
                os.replace(tmp, target)
            else:
                os.link(tmp, target)  # fails if the file appeared meanwhile: never replaced without --force
                os.unlink(tmp)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except FileExistsError:
        raise _refused("F017", "batch.files.output_exists", path) from None
    except OSError as err:
        problem = err.strerror or str(err)
        raise _refused("F003", "batch.files.output_failed", path, problem=problem) from None


@click.command("init")
@click.argument("official_file", metavar="OFFICIAL.txt", type=click.Path(dir_okay=False))
@click.option("-o", "--output", default=None, metavar="POLICY.pol")
@click.option("--force", is_flag=True, default=False)
def command(official_file: str, output: str | None, force: bool) -> None:
    """从官方文本起草政策文件（初稿，须人工复核）。"""
    try:
        if output is not None and Path(output).exists() and same_file(Path(output), Path(official_file)):
            raise _refused("F016", "batch.files.output_is_input", output)
        if output is not None and Path(output).exists() and not force and not Path(output).is_dir():
            raise _refused("F017", "batch.files.output_exists", output)
        text, summary = draft_policy(official_file, output)
        if output is None:
            click.echo(text, nl=False)
        else:
            write_new(output, text, force)
    except PolicyError as err:
        click.echo(err.render(), err=True)
        raise SystemExit(2) from None
    words = {k: str(v) for k, v in vars(summary).items()}
    click.echo(t("init.summary", **words), err=True)


__all__ = ["Summary", "command", "draft_policy", "read_articles", "read_header", "render"]
