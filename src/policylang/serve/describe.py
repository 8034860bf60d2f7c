"""A compiled policy described as data: enough to build a case form (/v1/describe, /v1/policies/{name}).

Every value is written as a case file writes it (units.value_text: 1.2万元, 55%, 是), so what the
form shows can be sent back in a case unchanged. A parameter the text leaves open has value null
(未规定) and its note; a fact without a default is `required` (a case lacking it may be asked for, K020).

    >>> type_kind(Quantity("吨")), unit_of(Quantity("吨")), unit_of(PerUnit("元", "吨")), unit_of(Ratio())
    ('quantity', '吨', '元/吨', '%')
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from policylang.compiler import ir
from policylang.frontend.units import (
    Bool,
    Date,
    Enum,
    ListOf,
    Money,
    Number,
    PerUnit,
    Quantity,
    Ratio,
    Text,
    Type,
    value_text,
)
from policylang.serve.service import Loaded

SCHEMA = "policylang.describe/1"
KINDS: tuple[tuple[type[Type], str], ...] = (
    (Money, "money"),
    (Quantity, "quantity"),
    (PerUnit, "per_unit"),
    (Ratio, "ratio"),
    (Number, "number"),
    (Bool, "bool"),
    (Enum, "choice"),
    (Date, "date"),
    (Text, "text"),
    (ListOf, "list"),
)


def type_kind(t: Type) -> str:
    """The form control a type needs, as one word (a type another form adds: "text", typed as written)."""
    for cls, kind in KINDS:
        if isinstance(t, cls):
            return kind
    return "text"


def unit_of(t: Type) -> str | None:
    """The unit a value is written in, as the text writes it (元, 吨, 元/吨, %); None for none."""
    if isinstance(t, Money):
        return t.currency
    if isinstance(t, Quantity):
        return t.unit
    if isinstance(t, PerUnit):
        return f"{t.currency}/{t.unit}"
    if isinstance(t, Ratio):
        return "%"
    return None


def choices_of(t: Type) -> list[str] | None:
    if isinstance(t, Enum):
        return list(t.values)
    if isinstance(t, Bool):
        return ["是", "否"]
    return None


def range_of(bounds: tuple[Fraction, Fraction] | None, t: Type) -> list[str] | None:
    """取值 lo 至 hi (both included), each end written as a case writes it."""
    return None if bounds is None else [value_text(bounds[0], t), value_text(bounds[1], t)]


def written_default(value: object, t: Type) -> str | None:
    return None if value is ir.MISSING or value is None else value_text(value, t)


def type_json(t: Type) -> dict[str, Any]:
    return {"type": type_kind(t), "type_text": t.describe(), "unit": unit_of(t), "choices": choices_of(t)}


def field_descriptions(loaded: Loaded) -> dict[tuple[str, str], str | None]:
    """(list fact, field) → the field's description, which only the syntax tree keeps."""
    from policylang.frontend import ast

    out: dict[tuple[str, str], str | None] = {}
    for decl in loaded.tree.of(ast.FactDecl):
        if isinstance(decl.type, ast.ListType):
            out.update({(decl.name, f.name): f.description for f in decl.type.fields})
    return out


def fact_json(f: ir.FactInfo, described: dict[tuple[str, str], str | None]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": f.name,
        **type_json(f.type),
        "default": written_default(f.default, f.type),
        "required": f.default is ir.MISSING,
        "range": range_of(f.range, f.type),
        "description": f.description,
    }
    if isinstance(f.type, ListOf):
        defaults = dict(f.field_defaults)
        out["fields"] = [
            {
                "name": n,
                **type_json(ft),
                "default": written_default(defaults.get(n, ir.MISSING), ft),
                "description": described.get((f.name, n)),
            }
            for n, ft in f.type.fields
        ]
    return out


def param_json(p: ir.ParamInfo) -> dict[str, Any]:
    return {
        "name": p.name,
        **type_json(p.type),
        "value": None if p.unspecified else value_text(p.value, p.type),
        "note": p.note,
        "range": range_of(p.range, p.type),
    }


def clause_json(c: ir.ClausePlan) -> dict[str, Any]:
    out: dict[str, Any] = {"citation": c.citation, "title": c.title, "text": c.quote}
    if c.readings:
        out["reading"] = "\n".join(c.readings)
    out["facts"] = sorted(c.inputs)
    return out


def describe(loaded: Loaded, name: str | None) -> dict[str, Any]:
    p, described = loaded.policy, field_descriptions(loaded)
    return {
        "schema": SCHEMA,
        "name": name,
        "title": p.title,
        "doc_number": p.doc_number,
        "issuer": p.issuer,
        "currency": p.currency,
        "facts": [fact_json(f, described) for f in p.facts.values()],
        # an implied boundary reading (语言版本 2) is not a parameter the text declares
        "parameters": [param_json(v) for v in p.params.values() if v.boundary is None],
        "clauses": [clause_json(c) for c in p.clauses],
    }


__all__ = ["SCHEMA", "describe", "type_kind", "unit_of"]
