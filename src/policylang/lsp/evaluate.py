"""The code lens "evaluate with case…": one clause of the open document (as it stands, saved or
not) evaluated on a case file the drafter chose, answered as the award table `policylang eval`
prints — or the located problems, as eval would show them."""

from __future__ import annotations

from policylang.errors import Diagnostic, Msg, PolicyError
from policylang.lsp.document import Analysis


def evaluate_clause(doc: Analysis, citation: str | None, case_path: str | None) -> str:
    from policylang import load_case_file
    from policylang.backends.exact import evaluate
    from policylang.report.explain import table

    if case_path is None:
        return Diagnostic("L002", Msg("lsp.evaluate.no_case"), suggestion=Msg("lsp.hint.choose_case")).render()
    if doc.compiled is None:
        return PolicyError(doc.diagnostics).render()
    try:
        only = [c.citation for c in doc.compiled.select(citation)] if citation else None
        case = load_case_file(case_path, doc.compiled)
        result = evaluate(doc.compiled, case.facts, None, only or None)
    except PolicyError as err:
        return err.render()
    return table(result)


__all__ = ["evaluate_clause"]
