"""The compiled-policy cache: a hit gives the same policy; an edit, a corrupt entry or a disabled
cache never gives a stale one."""

from __future__ import annotations

import os
import pickle
from dataclasses import FrozenInstanceError, fields, replace

import pytest

import policylang
from policylang import cache
from policylang.compiler import ir
from conftest import EXAMPLES

POLICY = """政策 "缓存测试" {
  舍入 四舍五入 到 分
}
事实 费用: 金额
条款 一 "费用补助" {
  奖励 RATE × 费用
}
"""


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYLANG_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("POLICYLANG_CACHE", raising=False)
    return tmp_path


def amount(policy, fee):
    return policylang.evaluate(policy, {"费用": fee}).total


def test_a_second_load_comes_from_the_cache_and_is_equal(cache_home, tmp_path):
    path = tmp_path / "p.pol"
    path.write_text(POLICY.replace("RATE", "50%"), encoding="utf-8")
    first = policylang.load_policy(path)
    entries = list(cache_home.glob("*.pickle"))
    assert len(entries) == 1
    second = policylang.load_policy(path)
    assert second == first and second is not first
    assert amount(second, 1000) == 500


def test_an_edited_policy_is_recompiled(cache_home, tmp_path):
    path = tmp_path / "p.pol"
    path.write_text(POLICY.replace("RATE", "50%"), encoding="utf-8")
    assert amount(policylang.load_policy(path), 1000) == 500
    path.write_text(POLICY.replace("RATE", "70%"), encoding="utf-8")
    assert amount(policylang.load_policy(path), 1000) == 700


def test_a_corrupt_entry_is_ignored_and_replaced(cache_home, tmp_path):
    path = tmp_path / "p.pol"
    path.write_text(POLICY.replace("RATE", "50%"), encoding="utf-8")
    policylang.load_policy(path)
    (entry,) = cache_home.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert amount(policylang.load_policy(path), 1000) == 500
    assert pickle.loads(entry.read_bytes())[0].title == "缓存测试"


def test_the_cache_can_be_turned_off(cache_home, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYLANG_CACHE", "0")
    path = tmp_path / "p.pol"
    path.write_text(POLICY.replace("RATE", "50%"), encoding="utf-8")
    policylang.load_policy(path)
    assert not list(cache_home.glob("*.pickle"))


def test_an_unwritable_cache_does_not_stop_evaluation(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("POLICYLANG_CACHE_DIR", str(blocker / "sub"))  # a folder under a file
    path = tmp_path / "p.pol"
    path.write_text(POLICY.replace("RATE", "50%"), encoding="utf-8")
    assert amount(policylang.load_policy(path), 1000) == 500


def test_errors_are_never_cached(cache_home, tmp_path):
    path = tmp_path / "p.pol"
    path.write_text(POLICY.replace("RATE × 费用", "50%"), encoding="utf-8")  # a rate with no base
    with pytest.raises(policylang.PolicyError):
        policylang.load_policy(path)
    with pytest.raises(policylang.PolicyError):
        policylang.load_policy(path)
    assert not list(cache_home.glob("*.pickle"))


def test_the_key_depends_on_the_code(monkeypatch):
    before = cache.key_for("x", "n")
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another version")
    assert cache.key_for("x", "n") != before


def test_missing_survives_pickling():
    assert pickle.loads(pickle.dumps(ir.MISSING)) is ir.MISSING


# ---------------------------------------------------------------------------- records
def test_records_are_immutable_dataclasses_whose_equality_ignores_spans():
    policy = policylang.load(POLICY.replace("RATE", "50%"), "a.pol")
    moved = policylang.load("\n\n" + POLICY.replace("RATE", "50%"), "b.pol")
    award, award_moved = policy.clauses[0].award, moved.clauses[0].award
    assert award.span.line != award_moved.span.line
    assert award == award_moved and hash(award) == hash(award_moved)
    with pytest.raises(FrozenInstanceError):
        award.op = "+"
    with pytest.raises(FrozenInstanceError):
        del award.op
    assert {f.name for f in fields(award)} == {"type", "op", "left", "right", "span"}
    assert replace(award, op="+") != award
    assert "Arith(" in repr(award) and "span" not in repr(award)


def test_records_of_different_classes_are_never_equal():
    from policylang.frontend.units import Money, Quantity

    assert Money("元") != Quantity("元")
    assert Money("元") == Money("元") and len({Money("元"), Money("元")}) == 1
