"""The playground at `/`: a page for a drafter, served by policylang itself and calling only its own
API (/v1/diagnostics, /v1/describe, /v1/eval, /v1/check, /v1/plot) — every asset is in static/, so it
works on an intranet with no internet.

static/ holds the hand-written page (index.html, app.js, highlight.js, style.css) and the vendored
bundles web/playground/build.sh makes with esbuild from npm packages pinned in its package-lock.json
(editor.bundle.js: CodeMirror 6 + lz-string; charts.bundle.js: vega-embed). The highlighting rules
are not kept in the page: `/static/highlight.json` is made from the grammar's own vocabulary
(frontend/vocabulary.py, the reading the TextMate grammar and the Pygments lexer are made from),
translated to JavaScript regular expressions by `highlight_rules`.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from policylang.frontend.vocabulary import Kind, expression_rules, vocabulary
from policylang.serve.handlers import Answer
from policylang.serve.service import Service

STATIC = Path(__file__).parent / "static"

# Python's \w and \d are Unicode; JavaScript's are ASCII even with the `u` flag. Inside a character
# class the escapes become property escapes; `[^\W\d_]` (a letter: the grammar's unit words) first.
_LETTER = r"[^\W\d_]"
_CLASS_WORD = r"\p{L}\p{N}\p{M}_"


def to_javascript(regex: str) -> str:
    """`regex` (Python `re` syntax as the grammar writes it) as a JavaScript regex source for the `u` flag,
    matching the same strings on policy text: \\w, \\W and \\d made Unicode as Python reads them."""
    regex = regex.replace(_LETTER, r"[\p{L}\p{M}]")
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(regex):
        char = regex[i]
        if char == "\\" and i + 1 < len(regex):
            escape = regex[i : i + 2]
            if escape == r"\w":
                out.append(_CLASS_WORD if in_class else f"[{_CLASS_WORD}]")
            elif escape == r"\W":
                if in_class:  # no such class in the grammar today: refuse rather than translate it wrongly
                    raise ValueError(f"\\W inside a character class is not translated: {regex}")
                out.append(f"[^{_CLASS_WORD}]")
            elif escape == r"\d":
                out.append(r"\p{Nd}")
            elif escape[1] in "-" and not in_class:
                out.append("-")  # `\-` outside a class is an identity escape the `u` flag refuses
            else:
                out.append(escape)
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        i += 1
    return "".join(out)


@functools.lru_cache(maxsize=1)
def highlight_rules() -> dict[str, Any]:
    """The page's highlighter, as data: the rules of every statement in the order the Pygments lexer and
    the TextMate grammar try them, plus the regions after 取高不重复/合计上限/… (`citing` up to `{`,
    `citations` inside the braces) and 条款 before a citation."""
    words = vocabulary()
    js = to_javascript
    return {
        "comment": js(words.tokens[Kind.COMMENT]),
        "string": js(words.tokens[Kind.STRING]),
        "citation": js(words.tokens[Kind.CITATION]),
        "citing": js(words.keyword_list_regex(words.citing)),
        "cited_after": js(words.keyword_list_regex(words.cited_after)),
        "rules": [{"kind": rule.kind.value, "regex": js(rule.regex)} for rule in expression_rules(words)],
    }


def _source(service: Service) -> Callable[[Request], Awaitable[Response]]:
    """GET /playground/source/{name}: the text of a policy of the --policies folder, to open it in the
    editor; the name is resolved by the service exactly as /v1/eval resolves it (a plain name only)."""
    from policylang.report.i18n import language
    from policylang.serve.app import answer, respond
    from policylang.serve.requests import language_of

    def read(name: str) -> Answer:
        text, _ = service.text_of(name)
        return 200, {"name": name, "text": text}

    async def endpoint(request: Request) -> Response:
        lang = language_of({}, request.headers.get("accept-language"))
        name = str(request.path_params["name"])
        with language(lang):
            status, doc = await run_in_threadpool(answer, lang, lambda: read(name))
        return respond(status, doc)

    return endpoint


async def _index(request: Request) -> Response:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


async def _highlight(request: Request) -> Response:
    return JSONResponse(highlight_rules())


def status_words() -> dict[str, dict[str, str]]:
    """The words of each clause status in each language, from the message catalogue (the words eval's
    text output uses), so the page's award table says 给予/不可确定 as the CLI does."""
    from policylang.compiler.ir import Status
    from policylang.report.i18n import t

    return {lang: {s.value: t(f"status.{s.value}", lang) for s in Status} for lang in ("zh", "en")}


async def _statuses(request: Request) -> Response:
    return JSONResponse(status_words())


def routes(service: Service) -> list[BaseRoute]:
    """`/` (the page), `/static/…` (its files, and the highlighting rules made from the grammar) and
    `/playground/source/{name}` (a named policy's text, for the editor)."""
    return [
        Route("/", _index, methods=["GET"]),
        Route("/playground/source/{name:path}", _source(service), methods=["GET"]),
        Route("/static/highlight.json", _highlight, methods=["GET"]),
        Route("/static/statuses.json", _statuses, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=STATIC), name="playground-static"),
    ]


__all__ = ["highlight_rules", "routes", "status_words", "to_javascript"]
