"""A disk cache of compiled policies, so a repeated `eval` skips parsing and checking.

The key covers the policy text, its file name and the policylang code that compiles it (every
module's size and modification time), so an edited policy or an upgraded policylang never reads
a stale entry. Anything unreadable is simply recompiled; the cache is never required.
Set POLICYLANG_CACHE=0 to turn it off, or POLICYLANG_CACHE_DIR to move it.
"""

from __future__ import annotations

import os
import pickle
from typing import Any

try:  # the builtin module: hashlib would also load OpenSSL, a few ms of start-up for nothing
    from _sha256 import sha256  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import sha256

# pathlib is avoided on purpose: this module sits on the start-up path of every `eval`.
PACKAGE = os.path.dirname(os.path.abspath(__file__))


def cache_dir() -> str:
    if os.environ.get("POLICYLANG_CACHE_DIR"):
        return os.environ["POLICYLANG_CACHE_DIR"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "policylang")


def code_fingerprint() -> str:
    parts = []
    for folder, dirs, files in os.walk(PACKAGE):
        dirs.sort()
        for name in sorted(files):
            if name.endswith((".py", ".lark")):
                st = os.stat(os.path.join(folder, name))
                parts.append(f"{os.path.relpath(os.path.join(folder, name), PACKAGE)}:{st.st_size}:{st.st_mtime_ns}")
    from policylang.frontend.grammar import grammar_path

    st = os.stat(grammar_path())
    parts.append(f"grammar:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts)


def key_for(text: str, name: str) -> str:
    h = sha256()
    for part in (code_fingerprint(), name, text):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    digest: str = h.hexdigest()
    return digest


def compiled(text: str, name: str, warnings: list[Any] | None = None) -> Any:
    """The compiled policy for this text, from the cache when possible."""

    if os.environ.get("POLICYLANG_CACHE", "1") == "0":
        return _compile(text, name, warnings)
    path = os.path.join(cache_dir(), f"{key_for(text, name)}.pickle")
    try:
        with open(path, "rb") as f:
            policy, saved_warnings = pickle.load(f)
        if warnings is not None:
            warnings.extend(saved_warnings)
        return policy
    except Exception:  # a missing, partial or foreign entry: compile afresh
        pass
    found: list[Any] = []
    policy = _compile(text, name, found)
    if warnings is not None:
        warnings.extend(found)
    _store(path, (policy, found))
    return policy


def _compile(text: str, name: str, warnings: list[Any] | None) -> Any:
    from policylang.compiler.lower import load

    return load(text, name, warnings)


def _store(path: str, value: Any) -> None:
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:  # a read-only home or a full disk must not stop an evaluation
        pass
