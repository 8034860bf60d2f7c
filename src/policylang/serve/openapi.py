"""The OpenAPI 3.1 document of the API, built as data (GET /openapi.json; tests validate it against
the OpenAPI 3.1 schema). Bodies are described by their fields; the answers of eval, check and the
errors document are the CLI's JSON documents (schemas policylang.result/2, policylang.check/…,
policylang.errors/1, described in the README), given here as objects with their `schema` field."""

from __future__ import annotations

from typing import Any

STRING, OBJECT, ARRAY = {"type": "string"}, {"type": "object"}, {"type": "array"}
LANG = {"type": "string", "enum": ["zh", "en"], "description": "language of the answer (default zh or Accept-Language)"}
POLICY = {"type": "string", "description": "the .pol text"}
NAME = {"type": "string", "description": "a policy of the --policies folder (NAME.pol), a plain name"}

DIAGNOSTIC = {
    "type": "object",
    "required": ["code", "severity", "message"],
    "properties": {
        "code": STRING,
        "severity": {"type": "string", "enum": ["error", "warning", "info"]},
        "message": STRING,
        "suggestion": STRING,
        "notes": {"type": "array", "items": STRING},
        "citation": STRING,
        "file": STRING,
        "line": {"type": "integer"},
        "column": {"type": "integer"},
        "end_line": {"type": "integer"},
        "end_column": {"type": "integer"},
    },
}
POSITION = {"type": "object", "properties": {"line": {"type": "integer"}, "character": {"type": "integer"}}}
ERRORS = {
    "type": "object",
    "required": ["schema", "errors"],
    "properties": {
        "schema": {"const": "policylang.errors/1"},
        "language": STRING,
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/Diagnostic"}},
        "result": {"$ref": "#/components/schemas/EvalResult"},
    },
}


def body(
    properties: dict[str, Any], required: list[str] | None = None, one_of: list[list[str]] | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": {**properties, "lang": LANG}, "additionalProperties": False}
    if required:
        out["required"] = required
    if one_of:
        out["oneOf"] = [{"required": r} for r in one_of]
    return out


def answer(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERROR_ANSWERS = {
    "400": answer({"$ref": "#/components/schemas/Errors"}, "malformed JSON or a wrong field (H001–H016)"),
    "404": answer({"$ref": "#/components/schemas/Errors"}, "no policy of that name (H007, H009)"),
    "413": answer({"$ref": "#/components/schemas/Errors"}, "body or case list too large (H010, H011)"),
    "422": answer({"$ref": "#/components/schemas/Errors"}, "the policy or case has problems (their own codes)"),
    "500": answer({"$ref": "#/components/schemas/Errors"}, "a defect (H013); no traceback"),
}


def post(summary: str, request: dict[str, Any], ok: dict[str, Any], **extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "post": {
            "summary": summary,
            "requestBody": {"required": True, "content": {"application/json": {"schema": request}}},
            "responses": {"200": answer(ok, "the answer"), **ERROR_ANSWERS, **extra},
        }
    }


def openapi_document() -> dict[str, Any]:
    from policylang import __version__

    named = {"policy": POLICY, "name": NAME}
    either = [["policy"], ["name"]]
    ref = {"$ref": "#/components/schemas/EvalResult"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "policylang serve", "version": str(__version__), "description": "policylang's HTTP API (v1)"},
        "paths": {
            "/v1/eval": post(
                "eval a case (or cases) as `policylang eval --format json`",
                body(
                    {
                        **named,
                        "case": {"type": "object", "description": "fact → value as a case file writes it"},
                        "cases": {"type": "array", "items": OBJECT},
                        "set": {"type": "object", "description": "name → value, as --set"},
                        "clause": {"type": "string", "description": "a citation, as --clause"},
                    }
                ),
                {"oneOf": [ref, {"type": "object", "properties": {"results": {"type": "array"}}}]},
            ),
            "/v1/diagnostics": post(
                "the language server's diagnostics of a text (LSP ranges, UTF-16)",
                body(named, one_of=either),
                {
                    "type": "object",
                    "properties": {
                        "diagnostics": {
                            "type": "array",
                            "items": {
                                "allOf": [
                                    {"$ref": "#/components/schemas/Diagnostic"},
                                    {"properties": {"range": {"properties": {"start": POSITION, "end": POSITION}}}},
                                ]
                            },
                        }
                    },
                },
            ),
            "/v1/describe": post(
                "facts, parameters and clauses: what a case form needs", body(named, one_of=either), OBJECT
            ),
            "/v1/check": post(
                "`policylang check --format json`, counterexamples also as case objects",
                body(named, one_of=either),
                OBJECT,
                **{"503": answer({"$ref": "#/components/schemas/Errors"}, "check over --check-timeout (H012)")},
            ),
            "/v1/fmt": post(
                "the text as `policylang fmt` prints it",
                body({"policy": POLICY}, required=["policy"]),
                {"type": "object", "properties": {"text": STRING}},
            ),
            "/v1/diff": post(
                "`policylang diff --format json` of two versions, cases compared",
                {
                    "type": "object",
                    "required": ["old", "new"],
                    "properties": {
                        "old": {"oneOf": [POLICY, {"type": "object", "properties": {"name": NAME}}]},
                        "new": {"oneOf": [POLICY, {"type": "object", "properties": {"name": NAME}}]},
                        "cases": {"type": "array", "items": OBJECT},
                        "lang": LANG,
                    },
                },
                OBJECT,
            ),
            "/v1/plot": post(
                "the Vega-Lite spec `policylang plot -o x.json` writes",
                body(
                    {
                        **named,
                        "clause": STRING,
                        "vary": {"type": "array", "items": STRING, "minItems": 1, "maxItems": 2},
                        "from": {"type": "array", "items": STRING},
                        "to": {"type": "array", "items": STRING},
                        "case": OBJECT,
                        "set": OBJECT,
                    }
                ),
                OBJECT,
            ),
            "/v1/policies": {
                "get": {
                    "summary": "the policies of the --policies folder",
                    "responses": {
                        "200": answer({"type": "object", "properties": {"policies": ARRAY}}, "names and titles")
                    },
                }
            },
            "/v1/policies/{name}": {
                "get": {
                    "summary": "as /v1/describe for a named policy",
                    "parameters": [{"name": "name", "in": "path", "required": True, "schema": STRING}],
                    "responses": {"200": answer(OBJECT, "the description"), **ERROR_ANSWERS},
                }
            },
            "/openapi.json": {"get": {"summary": "this document", "responses": {"200": answer(OBJECT, "OpenAPI 3.1")}}},
        },
        "components": {
            "schemas": {
                "Diagnostic": DIAGNOSTIC,
                "Errors": ERRORS,
                "EvalResult": {"type": "object", "properties": {"schema": {"const": "policylang.result/2"}}},
            }
        },
    }


__all__ = ["openapi_document"]
