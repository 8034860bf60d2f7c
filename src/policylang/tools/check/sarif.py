"""Findings as SARIF 2.1.0, the format code-scanning tools and CI annotate pull requests from.

Columns are 1-based Unicode code points (`columnKind: unicodeCodePoints`), as policylang counts
them. Each result carries the clause citation as a logical location and its counterexample
case files in the result's property bag. A finding the policy acknowledges (已知) carries a
suppression of kind `inSource` whose justification is the reviewer's reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from policylang import __version__
from policylang.report.i18n import t
from policylang.tools.check.findings import RULES, Finding

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(name: str) -> str:
    """A relative path stays relative (POSIX slashes); an absolute one becomes a file: URI."""
    path = Path(name)
    if path.is_absolute():
        return path.as_uri()
    return name.replace(os.sep, "/")


def rule_json(code: str) -> dict[str, Any]:
    rule = RULES[code]
    out: dict[str, Any] = {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.description(code)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }
    if rule.family is not None:
        out["properties"] = {"family": rule.family.value}
    return out


def result_json(finding: Finding, rule_index: int) -> dict[str, Any]:
    text = "\n".join(
        [finding.message, *finding.notes]
        + ([t("check.sarif.suggestion", suggestion=finding.suggestion)] if finding.suggestion else [])
    )
    out: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": text},
    }
    location: dict[str, Any] = {}
    span = finding.span
    if span is not None:
        region = {
            "startLine": span.line,
            "startColumn": span.column,
            "endLine": span.end_line,
            "endColumn": span.end_column,
            "snippet": {"text": span.source.line(span.line)},
        }
        location["physicalLocation"] = {"artifactLocation": {"uri": artifact_uri(span.source.name)}, "region": region}
    if finding.citation:
        location["logicalLocations"] = [{"name": finding.citation, "kind": "member"}]
    if location:
        out["locations"] = [location]
    if finding.related:
        out["relatedLocations"] = [
            {
                "id": i,
                "message": {"text": r.label},
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(r.span.source.name)},
                    "region": {
                        "startLine": r.span.line,
                        "startColumn": r.span.column,
                        "endLine": r.span.end_line,
                        "endColumn": r.span.end_column,
                        "snippet": {"text": r.span.source.line(r.span.line)},
                    },
                },
            }
            for i, r in enumerate(finding.related)
        ]
    properties: dict[str, Any] = {"severity": finding.severity}
    if finding.family is not None:
        properties["family"] = finding.family.value
    if finding.reason is not None:
        properties["reason"] = finding.reason
    if finding.citation:
        properties["citation"] = finding.citation
    if finding.examples:
        properties["counterexamples"] = [ex.as_json() for ex in finding.examples]
    out["properties"] = properties
    if finding.acknowledged is not None:  # 已知 in the policy: suppressed in source, with the reviewer's reason
        ack = finding.acknowledged.span
        region = {
            "startLine": ack.line,
            "startColumn": ack.column,
            "endLine": ack.end_line,
            "endColumn": ack.end_column,
        }
        where = {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(ack.source.name)}, "region": region}}
        out["suppressions"] = [
            {"kind": "inSource", "justification": finding.acknowledged.reason, "location": where},
        ]
    return out


def sarif_log(findings: Iterable[Finding], files: Iterable[str]) -> dict[str, Any]:
    """One run of policylang over the given policy files."""
    findings = list(findings)
    codes = sorted({f.code for f in findings}, key=list(RULES).index)
    index = {code: i for i, code in enumerate(codes)}
    driver = {
        "name": "policylang",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [rule_json(code) for code in codes],
    }
    artifacts = [{"location": {"uri": artifact_uri(f)}, "mimeType": "text/plain", "encoding": "utf-8"} for f in files]
    run = {
        "tool": {"driver": driver},
        "artifacts": artifacts,
        "columnKind": "unicodeCodePoints",
        "results": [result_json(f, index[f.code]) for f in findings],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
