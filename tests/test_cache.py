"""The compiled-policy cache: a hit gives the same policy; an edit, a corrupt entry or a disabled
cache never gives a stale one."""

from __future__ import annotations

import hmac
import os
import pickle
import stat
from dataclasses import FrozenInstanceError, fields, replace

import pytest
from conftest import EXAMPLES

import policylang
from policylang import cache
from policylang.compiler import ir

EXAMPLE, CASE = EXAMPLES / "exhibition.pol", EXAMPLES / "exhibition.case.yaml"
TOTAL = "合计：97,000.00元"

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
    assert entry.read_bytes().startswith(cache.MAGIC)  # rewritten, signed
    assert amount(policylang.load_policy(path), 1000) == 500


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


# ---------------------------------------------------------------------------- integrity
class Payload:
    """Unpickling this runs code: it creates the marker file."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def filled(run, cache_home, tmp_path):
    """The example policy evaluated once through the CLI, so its entry is in the cache."""
    policy = tmp_path / "exhibition.pol"
    policy.write_bytes(EXAMPLE.read_bytes())
    code, out, _ = run("eval", policy, CASE)
    assert code == 0 and TOTAL in out
    (entry,) = cache_home.glob("*.pickle")
    return policy, entry


def signed_parts(entry):
    data = entry.read_bytes()
    head = len(cache.MAGIC) + 32
    return data[:head], data[head:]


@pytest.mark.parametrize("framing", ["a bare pickle", "under the old tag"])
def test_an_entry_that_runs_code_is_never_unpickled(run, cache_home, tmp_path, framing):
    policy, entry = filled(run, cache_home, tmp_path)
    marker = tmp_path / "pwned"
    evil = pickle.dumps(Payload(marker))
    entry.write_bytes(evil if framing == "a bare pickle" else signed_parts(entry)[0] + evil)
    code, out, _ = run("eval", policy, CASE)
    assert not marker.exists()
    assert code == 0 and TOTAL in out
    assert entry.read_bytes().startswith(cache.MAGIC) and b"pwned" not in entry.read_bytes()  # recompiled


def test_an_entry_with_a_changed_cap_is_not_used(run, cache_home, tmp_path):
    """The cap displayed as 0.8万元 must not be applied as 8万元 because someone rewrote the entry."""
    policy, entry = filled(run, cache_home, tmp_path)
    changed = EXAMPLE.read_text(encoding="utf-8").replace('上限 "单个标准展位" 0.8万元', '上限 "单个标准展位" 8万元')
    forged = policylang.load(changed, str(policy))
    assert policylang.evaluate(forged, {"境内展位": [{"展会": "a", "展位费": 20000}], "境外展位": []}).total == 10000
    head, payload = signed_parts(entry)
    assert pickle.loads(payload)[0] != forged
    entry.write_bytes(head + pickle.dumps((forged, []), protocol=pickle.HIGHEST_PROTOCOL))
    code, out, _ = run("eval", policy, CASE)
    assert code == 0 and TOTAL in out  # 99,000.00元 with the forged cap


def test_an_entry_signed_for_another_policy_is_not_used(run, cache_home, tmp_path):
    policy, entry = filled(run, cache_home, tmp_path)
    other = tmp_path / "other.pol"
    other.write_text(POLICY.replace("RATE", "50%"), encoding="utf-8")
    policylang.load_policy(other)
    (other_entry,) = set(cache_home.glob("*.pickle")) - {entry}
    entry.write_bytes(other_entry.read_bytes())  # valid, but for another name
    code, out, _ = run("eval", policy, CASE)
    assert code == 0 and TOTAL in out


def test_the_folder_key_and_entries_are_private(run, cache_home, tmp_path, monkeypatch):
    folder = cache_home / "sub"
    monkeypatch.setenv("POLICYLANG_CACHE_DIR", str(folder))
    filled(run, folder, tmp_path)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / cache.KEY_NAME).stat().st_mode) == 0o600
    assert len((folder / cache.KEY_NAME).read_bytes()) == cache.KEY_BYTES
    for entry in folder.glob("*.pickle"):
        assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_an_old_readable_default_folder_is_made_private(run, tmp_path, monkeypatch):
    monkeypatch.delenv("POLICYLANG_CACHE_DIR", raising=False)
    monkeypatch.delenv("POLICYLANG_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = tmp_path / "xdg" / "policylang"
    folder.mkdir(parents=True, mode=0o755)
    os.chmod(folder, 0o755)
    filled(run, folder, tmp_path)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_eviction_deletes_only_what_the_cache_wrote(cache_home, tmp_path, monkeypatch):
    mine = [cache_home / "notes.pickle", cache_home / "data.tmp", cache_home / ("ab" * 32)]
    for path in mine:
        path.write_text("the user's own")
    monkeypatch.setattr(cache, "MAX_ENTRIES", 1)
    for p in policies(tmp_path, 3):
        policylang.load_policy(p)
    assert len(entry_names(cache_home) - {"notes.pickle"}) == 1
    assert all(path.read_text() == "the user's own" for path in mine)


def untrusted_setups():
    def writable_by_others(home):
        os.chmod(home, 0o777)

    def key_readable_by_others(home):
        os.chmod(home / cache.KEY_NAME, 0o644)

    def key_of_another_user(home):
        os.chown(home / cache.KEY_NAME, 12345, -1)

    def folder_of_another_user(home):
        os.chown(home, 12345, -1)

    def key_is_a_symlink(home):
        os.replace(home / cache.KEY_NAME, home.parent / "elsewhere")
        os.symlink(home.parent / "elsewhere", home / cache.KEY_NAME)

    yield writable_by_others
    yield key_readable_by_others
    yield key_is_a_symlink
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        yield key_of_another_user
        yield folder_of_another_user


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership")
@pytest.mark.parametrize("spoil", list(untrusted_setups()), ids=lambda f: f.__name__)
def test_an_untrusted_folder_or_key_turns_the_cache_off(run, cache_home, tmp_path, spoil):
    policy, entry = filled(run, cache_home, tmp_path)
    spoil(cache_home)
    marker = tmp_path / "pwned"
    entry.write_bytes(pickle.dumps(Payload(marker)))
    code, out, _ = run("eval", policy, CASE)
    assert code == 0 and TOTAL in out and not marker.exists()
    assert not entry.read_bytes().startswith(cache.MAGIC)  # nothing written into a folder it does not trust


def test_the_hmac_is_the_standard_one():
    for key, message in [(b"k" * 32, b""), (b"k" * 32, b"x" * 1000), (b"long" * 40, b"m")]:
        assert cache.hmac_sha256(key, message) == hmac.new(key, message, "sha256").digest()


def test_importing_the_cache_does_not_load_openssl():
    import subprocess
    import sys

    code = "import sys, policylang.cache; print('_hashlib' in sys.modules, 'hmac' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.split() == [
        "False",
        "False",
    ]


# ---------------------------------------------------------------------------- bounded size
def policies(tmp_path, n):
    out = []
    for i in range(n):
        path = tmp_path / f"p{i}.pol"
        path.write_text(POLICY.replace("RATE", f"{i + 1}%"), encoding="utf-8")
        out.append(path)
    return out


def entry_names(cache_home):
    return {p.name for p in cache_home.glob("*.pickle")}


def test_the_least_recently_used_entries_are_evicted_first(cache_home, tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    a, b, c, d = policies(tmp_path, 4)
    seen = {}
    for p in (a, b, c):
        before = entry_names(cache_home)
        policylang.load_policy(p)
        (seen[p],) = entry_names(cache_home) - before
    for p, age in ((a, 3), (b, 2), (c, 1)):  # distinct times, whatever the clock's resolution
        os.utime(cache_home / seen[p], (1_000_000_000 - age, 1_000_000_000 - age))
    assert amount(policylang.load_policy(a), 100) == 1  # a hit: a becomes the most recent
    policylang.load_policy(d)
    names = entry_names(cache_home)
    assert len(names) == 3 and seen[b] not in names and {seen[a], seen[c]} <= names
    assert (cache_home / cache.KEY_NAME).exists()


def test_the_folder_stays_within_its_size(cache_home, tmp_path, monkeypatch):
    (first, *rest) = policies(tmp_path, 6)
    policylang.load_policy(first)
    (entry,) = cache_home.glob("*.pickle")
    monkeypatch.setattr(cache, "MAX_BYTES", entry.stat().st_size * 5 // 2)
    for p in rest:
        policylang.load_policy(p)
    sizes = [p.stat().st_size for p in cache_home.glob("*.pickle")]
    assert len(sizes) == 2 and sum(sizes) <= cache.MAX_BYTES


def test_an_entry_larger_than_the_limit_is_not_kept(cache_home, tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "MAX_BYTES", 100)
    (path,) = policies(tmp_path, 1)
    assert amount(policylang.load_policy(path), 100) == 1
    assert not list(cache_home.glob("*.pickle"))


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
