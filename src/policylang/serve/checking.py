"""check in a worker process with a time limit: the z3 checks of a policy can run long, and a thread
cannot be stopped, so each check runs in a process started by a fork server (clean of the server's
threads; it has policylang's check modules imported already) and is killed when its time is up —
503 H012, never a hang. At most Limits.check_workers run at once; the wait for a free worker counts
against the same time limit. Each check gets its own process: nothing is shared between requests.

    >>> work("政策 x", "<policy>", "en")[0]
    422
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from typing import Any

from policylang.errors import Msg, PolicyError
from policylang.serve.requests import RequestError, refuse

_context: Any = None
_gates: dict[int, threading.BoundedSemaphore] = {}
_lock = threading.Lock()


def work(text: str, name: str, lang: str) -> tuple[int, dict[str, Any]]:
    """What `check --format json` writes for one policy (acknowledged findings marked), each
    finding's counterexamples also as case objects (fact → value); 422 with the errors document when
    the policy does not compile. Runs in the worker."""
    import yaml

    from policylang.cli import errors_json
    from policylang.report.i18n import language
    from policylang.serve.service import compiled
    from policylang.tools.check import check_policy, json_report
    from policylang.tools.check.acknowledged import acknowledge

    with language(lang):
        try:
            loaded = compiled(text, name)
        except PolicyError as err:
            return 422, errors_json(list(err.diagnostics))
        import json

        findings = acknowledge(loaded.tree, check_policy(loaded.policy, loaded.tree))
        doc = json.loads(json_report([name], findings))
        for finding in doc["findings"]:
            for example in finding.get("counterexamples") or []:
                if isinstance(example, dict) and isinstance(example.get("case"), str):
                    facts = yaml.safe_load(example["case"]) or {}
                    example["facts"] = facts.get("事实", facts) if isinstance(facts, dict) else {}
        return 200, json.loads(json.dumps(doc, ensure_ascii=False, default=str))


def _child(conn: Any, text: str, name: str, lang: str) -> None:
    try:
        conn.send(work(text, name, lang))
    except Exception as err:  # reported by the parent as H013, its traceback left in the worker's stderr
        conn.send((500, {"error": type(err).__name__}))
    finally:
        conn.close()


def context() -> Any:
    global _context
    with _lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["policylang.serve.checking", "policylang.tools.check"])
            _context = ctx
        return _context


def gate(workers: int) -> threading.BoundedSemaphore:
    with _lock:
        return _gates.setdefault(workers, threading.BoundedSemaphore(workers))


def timed_out(seconds: float, busy: bool) -> RequestError:
    key = "serve.check_busy" if busy else "serve.check_timeout"
    return refuse(503, "H012", Msg(key, seconds=f"{seconds:g}"), suggestion=Msg("serve.check_timeout.hint"))


def run_check(text: str, name: str, lang: str, timeout: float, workers: int) -> tuple[int, dict[str, Any]]:
    """The check of one policy within `timeout` seconds (RequestError 503 H012 beyond it)."""
    start = time.monotonic()
    slots = gate(workers)
    if not slots.acquire(timeout=timeout):
        raise timed_out(timeout, busy=True)
    try:
        ctx = context()
        parent, child = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_child, args=(child, text, name, lang), daemon=True)
        process.start()
        child.close()
        left = max(timeout - (time.monotonic() - start), 0.0)
        try:
            ready = parent.poll(left)
            answer = parent.recv() if ready else None
        except EOFError:  # the worker died without answering (killed, out of memory)
            answer = (500, {"error": "worker exited"})
        finally:
            parent.close()
            if process.is_alive():
                process.kill()
            process.join(1)
    finally:
        slots.release()
    if answer is None:
        raise timed_out(timeout, busy=False)
    status, doc = answer
    if status == 500:
        raise RuntimeError(f"check worker failed: {doc.get('error')}")
    return status, doc


__all__ = ["run_check", "work"]
