"""A disk cache of compiled policies, so a repeated `eval` skips parsing and checking.

The key covers the policy text, its file name and the policylang code that compiles it (every
module's size and modification time), so an edited policy or an upgraded policylang never reads
a stale entry. Anything unreadable is simply recompiled; the cache is never required.
Set POLICYLANG_CACHE=0 to turn it off, or POLICYLANG_CACHE_DIR to move it.

An entry is a pickle, and unpickling runs code, so an entry is only ever loaded after its
authentication tag checks out: HMAC-SHA256 under a random per-user key kept in the cache folder
(the file `key`, mode 0600, in a folder of mode 0700). Another user cannot write a valid entry, and a
changed byte (a `__reduce__` payload, an edited cap) fails the check, so the entry is ignored and
recompiled. A cache folder or key that is not the user's own, or that others may write, turns the
cache off for that run rather than trusting it (delete the folder to start afresh). The folder is bounded: at most MAX_BYTES (64 MB) in
at most MAX_ENTRIES (256) entries; beyond that the least recently used entries go first (a hit
renews an entry's time).
"""

from __future__ import annotations

import gc
import os
import pickle
import stat
from typing import Any

try:  # the builtin modules: hashlib (and hmac) would also load OpenSSL, ~30 ms of start-up for nothing
    from _sha2 import sha256  # type: ignore[import-not-found, unused-ignore]  # Python 3.12+
except ImportError:  # pragma: no cover - depends on the Python version
    try:
        from _sha256 import sha256  # type: ignore[import-not-found, no-redef, unused-ignore]  # Python <= 3.11
    except ImportError:  # other Pythons
        from hashlib import sha256  # type: ignore[assignment, unused-ignore]
from _operator import _compare_digest as same_digest  # hmac.compare_digest, without hmac's OpenSSL import

# pathlib is avoided on purpose: this module sits on the start-up path of every `eval`.
PACKAGE = os.path.dirname(os.path.abspath(__file__))

MAX_BYTES = 64 * 1024 * 1024  # the whole folder; an entry alone larger than this is not stored
MAX_ENTRIES = 256
MAGIC = b"policylang-cache-1\n"  # the format: MAGIC, a 32-byte tag, the pickle
ENTRY_SUFFIX = ".pickle"
KEY_NAME = "key"
KEY_BYTES = 32
_BLOCK = 64  # SHA-256's block size, for HMAC


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
    return str(h.hexdigest())


def compiled(text: str, name: str, warnings: list[Any] | None = None) -> Any:
    """The compiled policy for this text, from the cache when possible."""
    if os.environ.get("POLICYLANG_CACHE", "1") == "0":
        return _compile(text, name, warnings)
    folder = cache_dir()
    secret = user_key(folder)
    if secret is None:  # no folder of our own to trust: compile, keep nothing
        return _compile(text, name, warnings)
    entry = f"{key_for(text, name)}{ENTRY_SUFFIX}"
    path = os.path.join(folder, entry)
    hit = _load(path, entry, secret)
    if hit is not None:
        policy, saved_warnings = hit
        if warnings is not None:
            warnings.extend(saved_warnings)
        return policy
    found: list[Any] = []
    policy = _compile(text, name, found)
    if warnings is not None:
        warnings.extend(found)
    _store(path, entry, secret, (policy, found))
    return policy


def _compile(text: str, name: str, warnings: list[Any] | None) -> Any:
    """Compile with the cyclic garbage collector paused: the parser and compiler build many objects that
    all live on and almost no cycles, so each collection re-scanned a growing heap for nothing (a 5 MB
    policy loaded ~1.4× slower than linear, ~30% of its time; memory is the same, ~300 cycles are left)."""
    from policylang.compiler.lower import load

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return load(text, name, warnings)
    finally:
        if was_enabled:
            gc.enable()


# ---------------------------------------------------------------------------- authentication
def hmac_sha256(key: bytes, message: bytes) -> bytes:
    """HMAC-SHA256 (RFC 2104) on the builtin hash: the stdlib hmac module would import OpenSSL."""
    if len(key) > _BLOCK:
        key = sha256(key).digest()
    key = key.ljust(_BLOCK, b"\0")
    inner = sha256(bytes(b ^ 0x36 for b in key))
    inner.update(message)
    outer = sha256(bytes(b ^ 0x5C for b in key))
    outer.update(inner.digest())
    return outer.digest()  # type: ignore[no-any-return]


def _tag(secret: bytes, entry: str, payload: bytes) -> bytes:
    """The tag binds the payload to its entry's name, so one valid entry cannot stand in for another."""
    return hmac_sha256(secret, MAGIC + entry.encode("ascii") + b"\0" + payload)


def _private(st: os.stat_result, folder: bool) -> bool:
    """Ours, and no one else may write it (a folder) or read it either (the key)."""
    if not hasattr(os, "getuid"):  # Windows: the per-user profile's permissions protect it
        return True
    if st.st_uid != os.getuid():
        return False
    return not st.st_mode & (0o022 if folder else 0o077)


def _own_folder(folder: str) -> bool:
    """The cache folder, created 0700; an existing one is used only if it is ours and others cannot write it."""
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        st = os.stat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode) or not _private(st, folder=True):
        return False
    if st.st_mode & 0o077 and not os.environ.get("POLICYLANG_CACHE_DIR"):
        try:  # the default folder, made readable by an older policylang: the policy texts are private
            os.chmod(folder, 0o700)
        except OSError:
            pass
    return True


def user_key(folder: str) -> bytes | None:
    """This user's secret for the folder, created on first use; None when the folder cannot be trusted."""
    if not _own_folder(folder):
        return None
    path = os.path.join(folder, KEY_NAME)
    for _ in range(2):  # read it, or create it and read it back (another process may create it first)
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            _create_key(folder, path)
            continue
        except OSError:
            return None
        try:
            st = os.fstat(fd)
            secret = os.read(fd, KEY_BYTES + 1)
        except OSError:
            return None
        finally:
            os.close(fd)
        if stat.S_ISREG(st.st_mode) and _private(st, folder=False) and len(secret) == KEY_BYTES:
            return secret
        return None  # someone else's, readable by others, or damaged: do not trust the folder
    return None


def _create_key(folder: str, path: str) -> None:
    """A new random key, written to a temporary file (0600) and linked into place only if none exists."""
    tmp = os.path.join(folder, f".{KEY_NAME}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            os.write(fd, os.urandom(KEY_BYTES))
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)  # never replaces a key another process has just made
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not os.path.exists(path):
                os.replace(tmp, path)
    except OSError:
        pass
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


# ---------------------------------------------------------------------------- entries
def _load(path: str, entry: str, secret: bytes) -> tuple[Any, list[Any]] | None:
    """The entry's value if its tag checks out; None (recompile) for a missing, partial or altered one."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError:
        return None
    head = len(MAGIC) + 32
    if len(data) > MAX_BYTES or len(data) < head or not data.startswith(MAGIC):
        return None
    tag, payload = data[len(MAGIC) : head], data[head:]
    if not same_digest(tag, _tag(secret, entry, payload)):
        return None  # never unpickle what this user's key did not sign
    try:
        policy, saved_warnings = pickle.loads(payload)
    except Exception:  # signed but unreadable (a policylang bug): compile afresh
        return None
    try:
        os.utime(path)  # recently used: evicted last
    except OSError:
        pass
    return policy, list(saved_warnings)


def _store(path: str, entry: str, secret: bytes, value: Any) -> None:
    """Write the signed entry to a temporary file (0600), move it into place, then keep the folder bounded."""
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        data = MAGIC + _tag(secret, entry, payload) + payload
        if len(data) > MAX_BYTES:
            return
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        evict(os.path.dirname(path))
    except Exception:  # a read-only home or a full disk must not stop an evaluation
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _ours(name: str) -> bool:
    """An entry or a temporary file this module writes: nothing else in the folder is ever deleted."""
    digest, _, rest = name.partition(".")
    if name.startswith(f".{KEY_NAME}.") and name.endswith(".tmp"):
        return True
    return len(digest) == 64 and all(c in "0123456789abcdef" for c in digest) and rest.startswith(ENTRY_SUFFIX[1:])


def evict(folder: str, max_bytes: int | None = None, max_entries: int | None = None) -> None:
    """Delete the least recently used entries (and stale temporary files) until the folder is within
    its bounds; the key, and any file this module did not write, stay."""
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    max_entries = MAX_ENTRIES if max_entries is None else max_entries
    found: list[tuple[int, int, str]] = []  # (time, size, path)
    try:
        with os.scandir(folder) as it:
            for item in it:
                if _ours(item.name) and item.is_file(follow_symlinks=False):
                    st = item.stat()
                    found.append((st.st_mtime_ns, st.st_size, item.path))
    except OSError:
        return
    found.sort()
    total = sum(size for _, size, _ in found)
    count = len(found)
    for _, size, path in found:
        if total <= max_bytes and count <= max_entries:
            break
        try:
            os.unlink(path)
        except OSError:
            continue
        total, count = total - size, count - 1
