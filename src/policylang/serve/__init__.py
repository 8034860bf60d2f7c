"""`policylang serve`: the versioned HTTP API (/v1/…) over the same library functions the commands use.

    limits.py    Limits: body size, cases per request, check's time limit (plain data, no web framework)
    requests.py  a request body read as data: JSON, its fields and their types, the language (H001–H016)
    service.py   the policies served: the --policies folder (names only, never paths) and the compiled
                 policies cached immutably per text
    handlers.py  one function per endpoint: validated request → the CLI's own function → JSON data
    checking.py  check in a worker process with a time limit (killed, never a hang)
    openapi.py   the OpenAPI 3.1 document, built as data (GET /openapi.json)
    app.py       create_app: the Starlette app (starlette imported here only)
    command.py   the click command; starlette and uvicorn are imported only when the server starts

Nothing here is imported by `policylang --help` or `eval` (tests/test_serve_cli.py proves it).
"""
