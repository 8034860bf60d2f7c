"""The message catalogue: every user-visible sentence exists in zh-CN and en, defined once.

A message is defined with `define(key, zh=..., en=...)` in one of the catalogue modules
(`policylang.report.catalogue.<area>`), and shown with `t(key, **args)` in the language in force.
Templates use `str.format` fields; values are formatted by the caller (amounts with
`units.money_text`, names as written). The policy's own words (原文, 解读, names, titles) are
never translated: pass them as arguments.

The language in force is a context variable, set once by the CLI (`--lang`, else `LC_ALL` /
`LC_MESSAGES` / `LANG`, else zh) or per request by a server; `with language("en"): ...` scopes it.
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib
import os
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass

LANGUAGES = ("zh", "en")
DEFAULT = "zh"

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("policylang_language", default=None)


@dataclass(frozen=True)
class Message:
    key: str
    zh: str
    en: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


class CatalogueError(Exception):
    """A programming error: a key defined twice, or shown without being defined."""


_CATALOGUE: dict[str, Message] = {}
_loaded = False


def define(key: str, zh: str, en: str) -> Message:
    """Register one message; a key is defined once in the whole catalogue."""
    if key in _CATALOGUE:
        raise CatalogueError(f"message {key!r} is defined twice")
    msg = _CATALOGUE[key] = Message(key, zh, en)
    return msg


def _load_all() -> None:
    """Import every catalogue module once (they register their messages on import)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    from policylang.report import catalogue

    for info in pkgutil.iter_modules(catalogue.__path__):
        importlib.import_module(f"{catalogue.__name__}.{info.name}")


def catalogue() -> dict[str, Message]:
    _load_all()
    return _CATALOGUE


def language_from_environment(environ: dict[str, str] | os._Environ[str] | None = None) -> str:
    """zh unless the locale says English: LC_ALL, then LC_MESSAGES, then LANG (POSIX order)."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            return "en" if value.lower().startswith("en") else DEFAULT
    return DEFAULT


def current_language() -> str:
    lang = _current.get()
    return lang if lang is not None else language_from_environment()


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _current.set(lang)


@contextlib.contextmanager
def language(lang: str) -> Iterator[None]:
    """Show messages in `lang` inside the block (a server request, a test)."""
    if lang not in LANGUAGES:
        raise ValueError(lang)
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


def t(key: str, lang: str | None = None, /, **args: object) -> str:
    """The message `key` in `lang` (default: the language in force), its fields filled from `args`."""
    msg = _CATALOGUE.get(key)
    if msg is None:
        _load_all()
        msg = _CATALOGUE.get(key)
        if msg is None:
            raise CatalogueError(f"message {key!r} is not defined")
    template = msg.text(lang or current_language())
    return template.format(**args) if args else template
