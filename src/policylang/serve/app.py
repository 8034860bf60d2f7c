"""The Starlette application: routes → handlers.py, each request read within the body limit, parsed,
answered in its language, in a worker thread (the handlers are synchronous library calls).

Whatever goes wrong is answered as JSON with a code: the request's own problems 4xx (H0xx), the
policy's or case's problems 422 with their located diagnostics, an unexpected exception 500 H013
naming only the exception's type — the traceback goes to the server's log, never into the body.
Starlette is imported here and only here (with uvicorn by command.py), when the server starts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from policylang.errors import Diagnostic, Msg, PolicyError
from policylang.report.i18n import language
from policylang.serve import handlers
from policylang.serve.handlers import Answer, errors_answer
from policylang.serve.limits import Limits
from policylang.serve.openapi import openapi_document
from policylang.serve.requests import RequestError, language_of, parse_body, refuse
from policylang.serve.service import Service

LOG = logging.getLogger("policylang.serve")
Handler = Callable[[Service, dict[str, Any]], Answer]


def answer(lang: str, work: Callable[[], Answer]) -> Answer:
    """Run `work` in `lang`; every failure becomes an answer (a located errors document), never a
    traceback in the body."""
    with language(lang):
        try:
            return work()
        except RequestError as err:
            status, doc = errors_answer(err.status, err.diagnostics)
            return status, {**doc, **err.extra}
        except PolicyError as err:
            return errors_answer(422, list(err.diagnostics))
        except Exception as err:  # a defect: logged with its traceback, answered without it
            LOG.exception("policylang serve: unexpected failure")
            return errors_answer(
                500,
                [
                    Diagnostic(
                        "H013", Msg("serve.internal", error=type(err).__name__), suggestion=Msg("serve.internal.hint")
                    )
                ],
            )


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused (413 H010) as soon as it is known to exceed `limit` bytes: by its declared
    Content-Length before anything is read, else while it streams in (no unbounded buffering)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def too_large(limit: int) -> RequestError:
    return refuse(413, "H010", Msg("serve.too_large", limit=f"{limit:,}"), suggestion=Msg("serve.too_large.hint"))


def respond(status: int, doc: dict[str, Any]) -> Response:
    return JSONResponse(doc, status_code=status)


def create_app(policies_dir: Path | None, limits: Limits | None = None) -> Starlette:
    """The app serving the policies of `policies_dir` by name (None: texts only) within `limits`."""
    from policylang.report.i18n import catalogue

    # The catalogue loads its modules lazily, on a first lookup, which is not safe when many request
    # threads make their first lookup at once: load it whole now; afterwards it is only read.
    catalogue()
    service = Service(policies_dir, limits or Limits())

    def posted(handler: Handler) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            accept = request.headers.get("accept-language")
            lang = language_of({}, accept)
            try:
                body = parse_body(await read_body(request, service.limits.max_body))
                lang = language_of(body, accept)
            except RequestError as err:
                early = err
                return respond(*answer(lang, lambda: raise_(early)))
            status, doc = await run_in_threadpool(answer, lang, lambda: handler(service, body))
            return respond(status, doc)

        return endpoint

    def got(handler: Callable[[Service, Request], Answer]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            lang = language_of({}, request.headers.get("accept-language"))
            status, doc = await run_in_threadpool(answer, lang, lambda: handler(service, request))
            return respond(status, doc)

        return endpoint

    routes: list[BaseRoute] = [
        Route("/v1/eval", posted(handlers.eval_endpoint), methods=["POST"]),
        Route("/v1/diagnostics", posted(handlers.diagnostics_endpoint), methods=["POST"]),
        Route("/v1/describe", posted(handlers.describe_endpoint), methods=["POST"]),
        Route("/v1/check", posted(handlers.check_endpoint), methods=["POST"]),
        Route("/v1/fmt", posted(handlers.fmt_endpoint), methods=["POST"]),
        Route("/v1/plot", posted(handlers.plot_endpoint), methods=["POST"]),
        Route("/v1/diff", posted(handlers.diff_endpoint), methods=["POST"]),
        Route("/openapi.json", got(lambda s, r: (200, openapi_document())), methods=["GET"]),
        Route("/v1/policies", got(lambda s, r: handlers.policies_endpoint(s)), methods=["GET"]),
        Route(
            "/v1/policies/{name:path}",
            got(lambda s, r: handlers.policy_endpoint(s, str(r.path_params["name"]))),
            methods=["GET"],
        ),
    ]

    import importlib.util

    if importlib.util.find_spec("policylang.serve.playground") is not None:  # the page (h17play), when present
        from policylang.serve import playground  # type: ignore[attr-defined, unused-ignore]

        routes.extend(playground.routes(service))

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 404
        lang = language_of({}, request.headers.get("accept-language"))
        return respond(*answer(lang, lambda: raise_(no_endpoint(request, status))))

    return Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found})


def no_endpoint(request: Request, status: int) -> RequestError:
    return refuse(
        status,
        "H014",
        Msg("serve.not_found", method=request.method, path=request.url.path),
        suggestion=Msg("serve.endpoints_are"),
    )


def raise_(err: Exception) -> Answer:
    raise err


__all__ = ["create_app"]
