"""The server's bounds, given on the command line and fixed for its life (shared by every request,
never changed by one)."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_body: int = MIB  # bytes of one request body (413, H010)
    max_cases: int = 1000  # cases in one /v1/eval or /v1/diff request (413, H011)
    check_timeout: float = 20.0  # seconds one check may run in its worker (503, H012)
    check_workers: int = 2  # checks running at once; another waits, within its own time limit


__all__ = ["MIB", "Limits"]
