"""One function per endpoint: a parsed request body → the same library functions the commands use →
JSON data. No web framework here (app.py adapts these to Starlette), so each is called directly in
tests and from many threads at once: a handler reads the Service (frozen) and the compiled-policy
cache (immutable entries) and builds everything else afresh; the language in force is a context
variable set per request (app.answer), never shared.

Every handler returns (HTTP status, JSON document) or raises RequestError (4xx with serve's own
codes) or PolicyError (the policy's or case's own located problems: 422, the errors document
`policylang eval --format json` writes).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from policylang.errors import Diagnostic, Msg, PolicyError
from policylang.serve.requests import fields, kind_of, one_of, refuse
from policylang.serve.service import TEXT_NAME, Loaded, Service

# What a handler answers: (HTTP status, JSON data).
Answer = tuple[int, dict[str, Any]]
Handler = Callable[[Service, dict[str, Any]], Answer]

POLICY_FIELDS = {"policy": "string", "name": "string"}
POLICY_EXAMPLE = '{"policy": "政策 …"}'
EVAL_EXAMPLE = '{"name": "jixi", "case": {"年度新增进出口额": "1亿元"}}'
CASE_NAME = "<case>"  # what a case sent in the request is called in diagnostics (`file`)


def errors_answer(status: int, diagnostics: list[Diagnostic], result: dict[str, Any] | None = None) -> Answer:
    """The errors document of `--format json` (schema policylang.errors/1) with an HTTP status."""
    from policylang.cli import errors_json

    return status, errors_json(diagnostics, result)


def wrong_type(field: str, expected: str, value: Any) -> Exception:
    kind = Msg(f"serve.kind.{kind_of(value)}")
    return refuse(400, "H003", Msg("serve.wrong_type", field=field, expected=Msg(f"serve.kind.{expected}"), kind=kind))


# ------------------------------------------------------------------------------------ /v1/eval
def read_case(value: dict[str, Any], name: str, loaded: Loaded) -> Any:
    """A case given as a JSON object, read by the case-file reader itself (JSON is YAML): every value
    checked against its fact's type and unit exactly as `eval CASE.yaml` checks it ("1亿元", 3, true,
    lists of item objects). Its located problems point into the case as JSON text (indent 2), which
    the diagnostics' `file` names (<case>, <cases[3]>)."""
    from policylang.readers.cases import load_case

    return load_case(json.dumps(value, ensure_ascii=False, indent=2), name, loaded.policy)


def setting_text(name: str, value: Any) -> str:
    """A "set" entry as `--set NAME=VALUE` writes it (true/false as 是/否)."""
    if isinstance(value, bool):
        return f"{name}={'是' if value else '否'}"
    if not isinstance(value, (str, int, float)):
        raise wrong_type(f"set.{name}", "string", value)
    return f"{name}={value}"


def eval_one(
    loaded: Loaded, case: Any, overrides: dict[str, Any], only: list[str] | None
) -> tuple[bool, dict[str, Any]]:
    """(complete, the eval JSON) of one case: what `eval --format json` writes for it."""
    from policylang.cli import eval_json, evaluation, warnings_for

    result, lacking = evaluation(loaded.policy, case, overrides, only)
    warnings = warnings_for(list(loaded.warnings), loaded.policy, only)
    return not lacking, eval_json(result, lacking, warnings)


def eval_endpoint(service: Service, body: dict[str, Any]) -> Answer:
    """POST /v1/eval: one case → eval's JSON (200; 422 with eval's errors document, holding the
    evaluation as `result`, when the case lacks a fact that can change a result — eval exits 2 there).
    `cases` → 200 {"results": [one document per case, in order]}: a case's own problem (a bad value,
    a lacking fact) is that case's document, in its place, and the others are still evaluated."""
    from policylang.cli import errors_json, parse_settings, selected_clauses

    fields(body, {**POLICY_FIELDS, "case": "object", "cases": "array", "set": "object", "clause": "string"})
    one_of(body, "policy", "name", EVAL_EXAMPLE)
    many = one_of(body, "case", "cases", EVAL_EXAMPLE) == "cases"
    if many and len(body["cases"]) > service.limits.max_cases:
        count, limit = len(body["cases"]), service.limits.max_cases
        hint = Msg("serve.too_many_cases.hint")
        raise refuse(413, "H011", Msg("serve.too_many_cases", count=count, limit=limit), suggestion=hint)
    loaded = service.load(body)
    only = selected_clauses([body["clause"]], loaded.policy) if "clause" in body else None
    overrides = parse_settings(tuple(setting_text(k, v) for k, v in body.get("set", {}).items()), loaded.policy)
    if not many:
        complete, doc = eval_one(loaded, read_case(body["case"], CASE_NAME, loaded), overrides, only)
        return (200 if complete else 422), doc
    results = []
    for i, case in enumerate(body["cases"]):
        if not isinstance(case, dict):
            raise wrong_type(f"cases[{i}]", "object", case)
        try:
            results.append(eval_one(loaded, read_case(case, f"<cases[{i}]>", loaded), overrides, only)[1])
        except PolicyError as err:
            results.append(errors_json(list(err.diagnostics)))
    return 200, {"results": results}


# ------------------------------------------------------------------------------- /v1/diagnostics
def diagnostic_json(d: Diagnostic, lines: Any, name: str) -> dict[str, Any]:
    """A located problem as the page shows it: the fields of eval's JSON diagnostic (code, severity,
    message, suggestion, notes, citation) and an LSP range (0-based line, UTF-16 character); a
    problem with no place in this text (none, or another file's) at 0:0."""
    out = {k: v for k, v in d.as_json().items() if k not in ("file", "line", "column", "end_line", "end_column")}
    if d.span is not None and d.span.source.name == name:
        start, end = lines.span_range(d.span)
        out["range"] = {"start": position(start), "end": position(end)}
    else:
        out["range"] = {"start": position(None), "end": position(None)}
    return out


def position(pos: Any) -> dict[str, int]:
    return {"line": pos.line, "character": pos.character} if pos is not None else {"line": 0, "character": 0}


def diagnostics_endpoint(service: Service, body: dict[str, Any]) -> Answer:
    """POST /v1/diagnostics: the language server's own analysis of the text (lsp/document.py
    `analyse`: parse and compile as eval does, load warnings too) — 200 even for a policy that does
    not compile, since its problems are what this endpoint answers."""
    from policylang.lsp.document import analyse

    fields(body, POLICY_FIELDS)
    one_of(body, "policy", "name", POLICY_EXAMPLE)
    text, name = service.text_of(body["name"]) if "name" in body else (body["policy"], TEXT_NAME)
    doc = analyse(text, name)
    return 200, {"diagnostics": [diagnostic_json(d, doc.lines, name) for d in doc.diagnostics]}


# ------------------------------------------------------------------------------ /v1/check, /v1/fmt
def check_endpoint(service: Service, body: dict[str, Any]) -> Answer:
    """POST /v1/check: `check --format json` of the policy (its 原文 coverage family aside: that reads
    the 原文件 beside a file), each counterexample also as `facts` (fact → value, a case object that
    /v1/eval takes), run in a worker killed after --check-timeout (503 H012)."""
    from policylang.report.i18n import current_language
    from policylang.serve.checking import run_check

    fields(body, POLICY_FIELDS)
    one_of(body, "policy", "name", POLICY_EXAMPLE)
    text, name = service.text_of(body["name"]) if "name" in body else (body["policy"], TEXT_NAME)
    limits = service.limits
    return run_check(text, name, current_language(), limits.check_timeout, limits.check_workers)


def fmt_endpoint(service: Service, body: dict[str, Any]) -> Answer:
    """POST /v1/fmt: {"text": the policy as `policylang fmt` prints it} (422 when it does not parse)."""
    from policylang.tools.fmt import format_text

    fields(body, {"policy": "string"})
    one_of(body, "policy", "name", POLICY_EXAMPLE)
    return 200, {"text": format_text(body["policy"], TEXT_NAME)}


# ------------------------------------------------------------------------------------ /v1/diff
def version_of(service: Service, body: dict[str, Any], side: str) -> Any:
    """ "old"/"new": a policy's text, or {"name": …} of the folder's policy."""
    from policylang.tools.diff import Version

    value = body[side]
    if isinstance(value, dict):
        fields(value, {"name": "string"})
        if "name" not in value:
            raise refuse(400, "H004", Msg("serve.missing_field", fields=f"“{side}.name”"))
        loaded = service.load({"name": value["name"]})
    elif isinstance(value, str):
        loaded = service.load({"policy": value})
    else:
        raise wrong_type(side, "string", value)
    return Version(loaded.name, loaded.text, loaded.tree, loaded.policy)


def diff_endpoint(service: Service, body: dict[str, Any]) -> Answer:
    """POST /v1/diff: `policylang diff --format json` of two versions (semantic_diff), with `cases`
    compared as `diff --cases` compares case files (each case typed for both versions)."""
    from policylang.readers.cases import compose
    from policylang.tools.diff import as_json, compare_cases, semantic_diff, summarize, typed_case

    for side in ("old", "new"):
        if side not in body:
            raise refuse(400, "H004", Msg("serve.missing_field", fields=f"“{side}”"))
        if not isinstance(body[side], (str, dict)):
            raise wrong_type(side, "string", body[side])
    fields({k: v for k, v in body.items() if k not in ("old", "new")}, {"cases": "array"})
    old, new = version_of(service, body, "old"), version_of(service, body, "new")
    diff = semantic_diff(old, new)
    if "cases" not in body:
        return 200, as_json(diff, None, None)
    cases = body["cases"]
    if len(cases) > service.limits.max_cases:
        count, limit = len(cases), service.limits.max_cases
        raise refuse(413, "H011", Msg("serve.too_many_cases", count=count, limit=limit))
    inputs = []
    for i, case in enumerate(cases):
        if not isinstance(case, dict):
            raise wrong_type(f"cases[{i}]", "object", case)
        label = f"<cases[{i}]>"
        root, source = compose(json.dumps(case, ensure_ascii=False, indent=2), label)
        inputs.append(typed_case(f"cases[{i}]", root, None, None, source, old.policy, new.policy, label))
    deltas = list(compare_cases(old.policy, new.policy, inputs))
    return 200, as_json(diff, deltas, summarize(deltas))


# ------------------------------------------------------------------------------------ /v1/plot
def plot_endpoint(service: Service, body: dict[str, Any]) -> Answer:
    """POST /v1/plot: the Vega-Lite spec `policylang plot -o x.json` writes, built by plot's own
    functions (chosen clause and facts, --from/--to ranges, the exact curve or tier map). Deviation
    from the CLI: a two-fact tier map carries no check counterexamples (they need the z3 checks; use
    /v1/check, which is time-limited, for them)."""
    from fractions import Fraction

    from policylang.cli import parse_settings
    from policylang.report import charts
    from policylang.report.i18n import t
    from policylang.tools import plot

    allowed = {**POLICY_FIELDS, "clause": "string", "vary": "array", "case": "object", "set": "object"}
    fields(body, {**allowed, "from": "array", "to": "array"})
    one_of(body, "policy", "name", POLICY_EXAMPLE)
    texts = {k: tuple(str(v) for v in body.get(k, [])) for k in ("vary", "from", "to")}
    loaded = service.load(body)
    policy = loaded.policy
    plan = plot.chosen_clause(policy, body.get("clause"))
    axes = plot.chosen_facts(policy, plan, texts["vary"])
    overrides = parse_settings(tuple(setting_text(k, v) for k, v in body.get("set", {}).items()), policy)
    facts = dict(read_case(body["case"], CASE_NAME, loaded).facts) if "case" in body else plot.defaults(policy)
    for name in plan.inputs:
        if name not in facts and name not in axes and name not in overrides:
            if isinstance(policy.facts[name].type, plot.NUMERIC):
                facts[name] = Fraction(0)
    ranges = [plot.axis_range(policy, fact, i, texts["from"], texts["to"]) for i, fact in enumerate(axes)]
    base = t("plot.base.case", name=CASE_NAME) if "case" in body else t("plot.base.defaults")
    if len(axes) == 1:
        from policylang.tools.plot.curve import build_curve

        curve = build_curve(policy, plan, facts, overrides, axes[0], *ranges[0])
        return 200, charts.curve_spec(curve, [t("plot.curve.subtitle", fact=axes[0], base=base)])
    from policylang.tools.plot.tiermap import build_map

    tier_map = build_map(policy, plan, facts, overrides, (axes[0], axes[1]), (ranges[0], ranges[1]), [])
    notes = [t("plot.map.subtitle", x=axes[0], y=axes[1], base=base), t("plot.map.legend")]
    return 200, charts.tiermap_spec(tier_map, notes)


# ------------------------------------------------------------------------ /v1/describe, /v1/policies
def describe_endpoint(service: Service, body: dict[str, Any]) -> Answer:
    """POST /v1/describe: what a form needs to ask for a case (describe.py)."""
    from policylang.serve.describe import describe

    fields(body, POLICY_FIELDS)
    one_of(body, "policy", "name", POLICY_EXAMPLE)
    return 200, describe(service.load(body), body.get("name"))


def policy_endpoint(service: Service, name: str) -> Answer:
    """GET /v1/policies/{name}: as /v1/describe for the folder's policy called `name`."""
    from policylang.serve.describe import describe

    return 200, describe(service.load({"name": name}), name)


def policies_endpoint(service: Service) -> Answer:
    """GET /v1/policies: the folder's policies by name, each with its title; one that does not
    compile has title null and its errors, so a broken file is visible instead of missing."""
    out: list[dict[str, Any]] = []
    for name in service.names():
        try:
            out.append({"name": name, "title": service.load({"name": name}).policy.title})
        except PolicyError as err:
            out.append({"name": name, "title": None, "errors": [d.as_json() for d in err.diagnostics]})
    return 200, {"policies": out}


__all__ = [
    "Answer",
    "Handler",
    "check_endpoint",
    "describe_endpoint",
    "diagnostics_endpoint",
    "diff_endpoint",
    "errors_answer",
    "eval_endpoint",
    "fmt_endpoint",
    "plot_endpoint",
    "policies_endpoint",
    "policy_endpoint",
]
