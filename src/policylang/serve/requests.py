"""A request body read as data: UTF-8 JSON, one object, each field of the type its endpoint says,
and the language of the answer. Every problem is a RequestError carrying located diagnostics with a
code of serve's own (H001–H016) and the HTTP status it is answered with; no web framework here.

    >>> parse_body(b'{"policy": "x"}')
    {'policy': 'x'}
    >>> kind_of([1]), kind_of(True), kind_of(2.5)
    ('array', 'boolean', 'number')
    >>> language_of({}, "en-GB,en;q=0.9"), language_of({}, "fr, zh-CN;q=0.5"), language_of({}, None)
    ('en', 'zh', 'zh')
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from policylang.errors import Diagnostic, Msg, Source, Span, did_you_mean
from policylang.report.i18n import LANGUAGES, t

DEFAULT_LANGUAGE = "zh"
EXAMPLE_BODY = '{"policy": "政策 …", "case": {"年度新增进出口额": "1亿元"}}'


class RequestError(Exception):
    """A request the server answers with a 4xx/5xx status and an errors document."""

    def __init__(self, status: int, diagnostics: list[Diagnostic], extra: Mapping[str, Any] | None = None) -> None:
        super().__init__(status, diagnostics)
        self.status = status
        self.diagnostics = diagnostics
        self.extra = dict(extra or {})


def refuse(status: int, code: str, message: Msg, span: Span | None = None, **more: Any) -> RequestError:
    return RequestError(status, [Diagnostic(code, message, span, **more)])


def parse_body(data: bytes) -> dict[str, Any]:
    """The body as one JSON object (a UTF-8 byte order mark is allowed, as in a case file)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refuse(400, "H015", Msg("serve.not_utf8"), suggestion=Msg("serve.not_utf8.hint")) from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        source = Source(t("serve.request"), text)
        span = Span(source, err.lineno, err.colno, err.lineno, err.colno + 1)
        raise refuse(
            400,
            "H001",
            Msg("serve.bad_json", problem=err.msg),
            span,
            suggestion=Msg("serve.bad_json.hint", example=EXAMPLE_BODY),
        ) from None
    if not isinstance(value, dict):
        raise refuse(400, "H002", Msg("serve.not_object", kind=Msg(f"serve.kind.{kind_of(value)}")))
    return value


def kind_of(value: Any) -> str:
    """A JSON value's kind, as JSON names it (a bool is not a number)."""
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "null"


def fields(body: Mapping[str, Any], allowed: Mapping[str, str]) -> dict[str, Any]:
    """The body's fields checked against `allowed` (name → JSON kind; "lang" is always allowed):
    an unknown field is refused (H006, the nearest name suggested) rather than ignored, since a
    misspelt "clasue" silently ignored would evaluate every clause."""
    from policylang.frontend.units import suggest

    known = {**allowed, "lang": "string"}
    for name, value in body.items():
        if name not in known:
            near = suggest(name, list(known))
            raise refuse(
                400,
                "H006",
                Msg("serve.unknown_field", field=name),
                suggestion=did_you_mean(near),
                notes=(Msg("serve.fields_are", fields="、".join(known)),),
            )
        if kind_of(value) != known[name]:
            expected, found = Msg(f"serve.kind.{known[name]}"), Msg(f"serve.kind.{kind_of(value)}")
            raise refuse(400, "H003", Msg("serve.wrong_type", field=name, expected=expected, kind=found))
    return dict(body)


def one_of(body: Mapping[str, Any], a: str, b: str, example: str, required: bool = True) -> str | None:
    """Which of two fields that exclude each other the body gives (H005 both, H004 neither)."""
    if a in body and b in body:
        raise refuse(400, "H005", Msg("serve.exclusive_fields", a=a, b=b))
    if a not in body and b not in body:
        if not required:
            return None
        raise refuse(
            400,
            "H004",
            Msg("serve.missing_field", fields=f"“{a}” / “{b}”"),
            suggestion=Msg("serve.missing_field.hint", example=example),
        )
    return a if a in body else b


def required(body: Mapping[str, Any], name: str, example: str) -> Any:
    if name not in body:
        raise refuse(
            400,
            "H004",
            Msg("serve.missing_field", fields=f"“{name}”"),
            suggestion=Msg("serve.missing_field.hint", example=example),
        )
    return body[name]


def language_of(body: Mapping[str, Any], accept: str | None) -> str:
    """The answer's language: the body's "lang", else the first zh or en of Accept-Language, else zh."""
    lang = body.get("lang")
    if lang is not None:
        if lang not in LANGUAGES:
            raise refuse(400, "H016", Msg("serve.unknown_language", lang=str(lang)))
        return str(lang)
    for part in (accept or "").split(","):
        tag = part.split(";")[0].strip().lower()
        for known in LANGUAGES:
            if tag == known or tag.startswith(known + "-"):
                return known
    return DEFAULT_LANGUAGE


__all__ = ["RequestError", "fields", "kind_of", "language_of", "one_of", "parse_body", "refuse", "required"]
