"""CHK001: a check that could not reach a conclusion says so — which check, on what, and why.

Check never reads "the solver gave up" as "no problem": an unsupported construct, a z3 error, an
expression nested too deep, a time-out (`unknown`), a model that cannot be written as a case, or a
counterexample that eval does not bear out each become this info finding, shown in text, JSON and
SARIF, and failing the run under --strict.
"""

from __future__ import annotations

import z3  # type: ignore[import-untyped]

from policylang.backends import symbolic as solver
from policylang.report.i18n import t
from policylang.tools.check.context import Subject
from policylang.tools.check.findings import UNCHECKED, Family, Finding

# What check turns into CHK001; anything else is a bug and propagates.
FAILURES = (solver.CannotCheck, z3.Z3Exception, RecursionError)


def reason_of(error: BaseException) -> tuple[solver.Reason, str]:
    if isinstance(error, solver.CannotCheck):
        return error.reason, error.detail
    if isinstance(error, RecursionError):
        return solver.Reason.TOO_DEEP, ""
    value = getattr(error, "value", error)
    detail = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return solver.Reason.SOLVER_ERROR, detail


def could_not_check(family: Family, subject: Subject | None, error: BaseException) -> Finding:
    reason, detail = reason_of(error)
    why = getattr(error, "why", None)
    words = t(f"check.CHK001.{reason.value}", detail=detail, ms=solver.RETRY_TIMEOUT_MS)
    where = subject.citation if subject is not None and subject.citation else t("check.CHK001.policy")
    return Finding(
        UNCHECKED,
        t("check.CHK001.message", subject=where, family=family.words(), reason=words),
        getattr(error, "span", None) or (subject.span if subject is not None else None),
        subject.citation if subject is not None else None,
        notes=(t("check.CHK001.because", why=t(why)),) if why else (),
        suggestion=t("check.CHK001.suggestion"),
        family=family,
        reason=reason.value,
    )


__all__ = ["FAILURES", "could_not_check", "reason_of"]
