"""Loading is linear in the size of the policy.

A 5 MB policy used to take 2 min 44 s cold: Span.text and Source.line split the whole file on every
call, once per node. The source is now split once per Source (and the compiler runs with the cyclic
garbage collector paused, which made the rest ~1.4× superlinear). The bound is a ratio of two load times
on this machine (10× the text may take up to 15× the time), not an absolute time, so a slow or busy
machine does not fail it; a quadratic load gives ~100×.
"""

from __future__ import annotations

import gc
import time

import policylang

QUOTE = "对参加符合要求的境内重点展会的外贸企业，给予不高于展位费50%的资金扶持，单个标准展位最高扶持0.8万元。" * 6
HEAD = '政策 "载入速度" {\n  舍入 四舍五入 到 分\n}\n事实 费用: 金额\n事实 合格: 是否 默认 是\n\n'


def generated_policy(size: int) -> str:
    """A policy of about `size` bytes: many small clauses, each with a comment, a 原文, a condition and a cap."""
    parts, total, n = [HEAD], len(HEAD.encode()), 0
    while total < size:
        n += 1
        clause = (
            f'# 第{n}条\n条款 一{n} "补助{n}" {{\n  原文 "{QUOTE}"\n  条件 合格\n'
            f'  奖励 50% × 费用\n  上限 "单项" {n}万元\n}}\n\n'
        )
        parts.append(clause)
        total += len(clause.encode())
    return "".join(parts)


def load_time(path, repeats: int) -> float:
    """The best of `repeats` cold loads (the compiled-policy cache is off), in this process's CPU time:
    the least disturbed by other work on the machine."""
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        start = time.process_time()
        policy = policylang.load_policy(path)
        best = min(best, time.process_time() - start)
    assert policy.clauses
    return best


def test_a_5_mb_policy_loads_in_linear_time(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYLANG_CACHE", "0")
    small, large = tmp_path / "small.pol", tmp_path / "large.pol"
    small.write_text(generated_policy(500_000), encoding="utf-8")
    large.write_text(generated_policy(5_000_000), encoding="utf-8")
    assert 4_900_000 < large.stat().st_size < 5_100_000
    policylang.load_policy(small)  # warm-up: the parser is built and its modules imported
    ratio = load_time(large, 2) / load_time(small, 5)
    assert ratio < 15, f"loading 10× the text took {ratio:.1f}× the time"
