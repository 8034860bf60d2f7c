"""The message catalogue: every user-visible sentence exists in zh-CN and en, defined once.

A message is defined with `define(key, zh=..., en=...)` in one of the catalogue modules
(`policylang.report.catalogue.<area>`), and shown with `t(key, **args)` in the language in force.
Templates use `str.format` fields; values are formatted by the caller (amounts with
`units.money_text`, names as written). The policy's own words (原文, 解读, names, titles) are
never translated: pass them as arguments.

The language in force is a context variable, set once by the CLI (`--lang`, else `LC_ALL` /
`LC_MESSAGES` / `LANG`, else zh) or per request by a server; `with language("en"): ...` scopes it.

Diagnostics take a reference instead of text, so one raised in zh can be shown in en:

    diag.add("T105", Msg("frontend.unknown_fact_or_parameter", name=name), span,
             suggestion=did_you_mean(near))          # policylang.errors.did_you_mean

`Prose` (str | Msg) is what a message, suggestion or note may be; a plain str is shown as
written (legacy text). A Msg argument that is a Msg is rendered in the same language; a tuple
is a list, joined with “、” / “, ”. A command's help lives under `cli.<command>.help` and
`cli.<command>.opt.<parameter>` (see catalogue/cli.py); every diagnostic code is registered
once in policylang.report.codes.
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib
import os
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
    import pkgutil

    from policylang.report import catalogue

    for info in pkgutil.iter_modules(catalogue.__path__):
        importlib.import_module(f"{catalogue.__name__}.{info.name}")


def _load_area(key: str) -> None:
    """Import the module named after the key's area (`cli.eval.help` → catalogue/cli.py), else all."""
    area = key.partition(".")[0]
    try:
        importlib.import_module(f"policylang.report.catalogue.{area}")
    except ModuleNotFoundError as err:
        if err.name != f"policylang.report.catalogue.{area}":
            raise
    if key not in _CATALOGUE:
        _load_all()


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
        _load_area(key)
        msg = _CATALOGUE.get(key)
        if msg is None:
            raise CatalogueError(f"message {key!r} is not defined")
    template = msg.text(lang or current_language())
    return template.format(**args) if args else template


def defined(key: str) -> bool:
    """Whether `key` is in the catalogue (e.g. an optional help text for a command)."""
    if key not in _CATALOGUE:
        _load_area(key)
    return key in _CATALOGUE


class Msg:
    """A reference to a catalogue message and its arguments, rendered only when shown.

    A diagnostic made in one language can so be shown in another (`str()`, `render()`,
    `as_json()` all use the language in force then). Arguments that are themselves `Msg`s
    (a unit hint inside a message, a did-you-mean suggestion) are rendered in the same language.
    """

    __slots__ = ("args", "key")

    def __init__(self, key: str, /, **args: object) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "args", args)

    key: str
    args: dict[str, object]

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Msg is immutable")

    def text(self, lang: str | None = None) -> str:
        lang = lang or current_language()
        return t(self.key, lang, **{k: _shown(v, lang) for k, v in self.args.items()})

    def __str__(self) -> str:
        return self.text()

    def __format__(self, spec: str) -> str:
        return format(self.text(), spec)

    def __repr__(self) -> str:
        shown = "".join(f", {k}={v!r}" for k, v in self.args.items())
        return f"Msg({self.key!r}{shown})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.key, self.args) == (other.key, other.args)

    def __hash__(self) -> int:
        try:
            return hash((self.key, tuple(sorted(self.args.items()))))
        except TypeError:  # an unhashable argument (a list): equal messages still hash alike
            return hash(self.key)

    def __reduce__(self) -> tuple[object, ...]:  # the compiled-policy cache pickles warnings
        return (_rebuild, (self.key, self.args))


def _shown(value: object, lang: str) -> object:
    """An argument as shown: a Msg in `lang`; a tuple of texts joined as a list (“、” / “, ”)."""
    if isinstance(value, Msg):
        return value.text(lang)
    if isinstance(value, tuple):
        return t("label.list_separator", lang).join(str(_shown(v, lang)) for v in value)
    return value


def _rebuild(key: str, args: dict[str, object]) -> Msg:
    return Msg(key, **args)


# What a diagnostic's message, suggestion or note may be: legacy text, or a catalogue reference.
Prose = str | Msg


def text(value: Prose, lang: str | None = None) -> str:
    """A message in `lang` (default: the language in force); plain strings are shown as written."""
    return value.text(lang) if isinstance(value, Msg) else value
