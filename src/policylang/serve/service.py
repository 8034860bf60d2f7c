"""The policies a server answers about: a text sent in the request, or a name from the folder given
at start (`--policies DIR`). Request data never reaches the file system except as such a name, and a
name is checked before it is joined to the folder: no separator, no `..`, nothing hidden, and the
resolved file must still lie inside the folder (a symbolic link out of it is refused too).

Compiled policies are cached per text (and file name) in an LRU of immutable entries: two requests
with the same text share one compiled policy, which nothing mutates; nothing else is shared between
requests. The folder is read on each request, so a policy edited or added while the server runs is
served as it now stands.

    >>> plain_name("jixi"), plain_name("../etc/passwd"), plain_name(".hidden"), plain_name("a/b")
    (True, False, False, False)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policylang.compiler import ir
from policylang.errors import Diagnostic, Msg
from policylang.frontend import ast
from policylang.serve.limits import Limits
from policylang.serve.requests import RequestError, refuse

SUFFIX = ".pol"
TEXT_NAME = "<policy>"  # what a policy sent as text is called in diagnostics (`file`)
CACHE_SIZE = 64


@dataclass(frozen=True)
class Loaded:
    """A policy's text compiled: its syntax tree (check and describe read it), the compiled policy
    and its load warnings."""

    text: str
    name: str
    tree: ast.Policy
    policy: ir.CompiledPolicy
    warnings: tuple[Diagnostic, ...]


@functools.lru_cache(maxsize=CACHE_SIZE)
def compiled(text: str, name: str) -> Loaded:
    """Parse and compile as eval does (PolicyError with the located problems); cached per text."""
    from policylang.compiler.lower import compile_policy
    from policylang.frontend.syntax import parse

    warnings: list[Diagnostic] = []
    tree = parse(text, name)
    return Loaded(text, name, tree, compile_policy(tree, warnings), tuple(warnings))


def plain_name(name: str) -> bool:
    """A name of a file directly in the folder: no path separator, not `.`/`..`, not hidden, no NUL."""
    bad = ("/", "\\", "\x00", ":")
    return bool(name) and len(name) <= 200 and not name.startswith(".") and not any(b in name for b in bad)


@dataclass(frozen=True)
class Service:
    """What the server was started with; shared read-only by every request."""

    folder: Path | None
    limits: Limits

    def names(self) -> list[str]:
        """The policies served by name, sorted: NAME for each NAME.pol directly in the folder."""
        if self.folder is None:
            return []
        try:
            return sorted(
                p.name[: -len(SUFFIX)]
                for p in self.folder.iterdir()
                if p.name.endswith(SUFFIX) and p.is_file() and plain_name(p.name[: -len(SUFFIX)])
            )
        except OSError:
            return []

    def path_of(self, name: str) -> Path:
        """The file of a named policy, or H009 (no folder), H008 (not a plain name), H007 (none such)."""
        from policylang.frontend.units import suggest

        if self.folder is None:
            raise refuse(404, "H009", Msg("serve.no_folder"), suggestion=Msg("serve.no_folder.hint"))
        if not plain_name(name):
            raise refuse(400, "H008", Msg("serve.bad_name", name=name), suggestion=Msg("serve.bad_name.hint"))
        folder = self.folder.resolve()
        path = (folder / (name + SUFFIX)).resolve()
        if path.parent != folder or not path.is_file():
            names = self.names()
            near = suggest(name, names)
            listed = Msg("serve.names_are", names="、".join(names)) if names else Msg("serve.no_names")
            hint = Msg("common.did_you_mean", name=near) if near else None
            raise RequestError(
                404, [Diagnostic("H007", Msg("serve.unknown_name", name=name), suggestion=hint, notes=(listed,))]
            )
        return path

    def text_of(self, name: str) -> tuple[str, str]:
        """A named policy's text and the file name its diagnostics carry (NAME.pol)."""
        from policylang import decode_text

        path = self.path_of(name)
        try:
            data = path.read_bytes()
        except OSError:
            raise self.unknown(name) from None
        return decode_text(data, path.name, "政策文件"), path.name

    def unknown(self, name: str) -> RequestError:
        return RequestError(404, [Diagnostic("H007", Msg("serve.unknown_name", name=name))])

    def load(self, body: dict[str, Any], field: str = "policy", named: str = "name") -> Loaded:
        """The policy a request means: its text in `field`, or the folder's policy called `named`."""
        if named in body:
            text, file_name = self.text_of(body[named])
        else:
            text, file_name = body[field], TEXT_NAME
        return compiled(text, file_name)


__all__ = ["SUFFIX", "TEXT_NAME", "Loaded", "Service", "compiled", "plain_name"]
