"""`policylang lsp` as a command: pygls stays out of the CLI's start-up and of eval, a bad address or
a missing lsp extra is a located error (L003, exit 2), --tcp and --ws serve, and without --lang the
client's locale decides the language of the diagnostics."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest
import pytest_lsp
from conftest import EXAMPLES, ROOT
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from policylang.cli import main

T = TypeVar("T")


def test_help_and_eval_never_import_pygls():
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from policylang.cli import main\n"
        "r = CliRunner()\n"
        "assert r.invoke(main, ['--help']).exit_code == 0\n"
        f"assert r.invoke(main, ['eval', {str(EXAMPLES / 'exhibition.pol')!r}, {str(EXAMPLES / 'exhibition.case.yaml')!r}]).exit_code == 0\n"
        "assert 'lsp' in r.invoke(main, ['--help']).output\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')))\n"
        "print('policylang.lsp.server' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["[]", "False"]


def test_a_bad_address_is_located(runner_en):
    result = runner_en("lsp", "--tcp", "localhost")
    assert result.exit_code == 2
    assert "error[L003]" in result.stderr and "“localhost” is not an address of the form HOST:PORT" in result.stderr
    assert "--tcp:1:1" in result.stderr and "127.0.0.1:2087" in result.stderr


@pytest.mark.parametrize(
    ("missing", "args", "said", "hint"),
    [
        ("pygls", (), "the language server needs pygls", "pip install 'policylang[lsp]'"),
        ("websockets", ("--ws", "127.0.0.1:2087"), "--ws needs websockets", "pip install 'pygls[ws]', or use --tcp"),
    ],
)
def test_without_what_it_needs_it_says_what_to_install(runner_en, monkeypatch, missing, args, said, hint):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == missing else real(name, *a))
    result = runner_en("lsp", *args)
    assert result.exit_code == 2
    assert f"error[L003]: {said}" in result.stderr and hint in result.stderr


@pytest.fixture
def runner_en():
    from click.testing import CliRunner

    def run(*args: str):
        return CliRunner().invoke(main, ["--lang", "en", *args])

    return run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(transport: str, connect: Callable[[int], T]) -> Iterator[T]:
    """`policylang lsp --tcp|--ws 127.0.0.1:PORT` in a subprocess, and a connection to it once it listens."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "policylang", "lsp", transport, f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                conn = connect(port)
                break
            except OSError:
                assert server.poll() is None, f"the server stopped with {server.returncode}"
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield conn
    finally:
        server.kill()
        server.wait(timeout=10)


INITIALIZE = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})


def test_it_serves_over_tcp():
    with serving("--tcp", lambda port: socket.create_connection(("127.0.0.1", port), timeout=5)) as conn:
        conn.sendall(f"Content-Length: {len(INITIALIZE.encode())}\r\n\r\n{INITIALIZE}".encode())
        reply = b""
        while b'"result"' not in reply or not reply.rstrip().endswith(b"}"):
            chunk = conn.recv(65536)
            if not chunk:
                break
            reply += chunk
        conn.close()
    answer = json.loads(reply.split(b"\r\n\r\n", 1)[1])
    assert answer["id"] == 1 and answer["result"]["serverInfo"]["name"] == "policylang"
    capabilities = answer["result"]["capabilities"]
    assert capabilities["hoverProvider"] and capabilities["documentFormattingProvider"]
    assert capabilities["executeCommandProvider"]["commands"] == ["policylang.evaluate"]


def test_it_serves_over_websocket():
    """The lsp extra brings websockets (pygls[ws]), so --ws serves a browser-hosted editor."""
    from websockets.sync.client import connect

    with serving("--ws", lambda port: connect(f"ws://127.0.0.1:{port}", open_timeout=5)) as ws, ws:
        ws.send(INITIALIZE)
        answer = json.loads(ws.recv(timeout=30))
    assert answer["id"] == 1 and answer["result"]["serverInfo"]["name"] == "policylang"
    assert answer["result"]["capabilities"]["hoverProvider"]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "policylang", "lsp"]))
async def english_client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities(), locale="en-US"))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_without_lang_the_clients_locale_decides(english_client: LanguageClient, tmp_path):
    uri = (tmp_path / "en.pol").as_uri()
    text = '政策 "t" { 舍入 四舍五入 到 分 }\n事实 展位费: 金额\n条款 一 "t" { 奖励 50% × 展会费 }\n'
    english_client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="policylang", version=1, text=text)
        )
    )
    await english_client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    (shown,) = english_client.diagnostics[uri]
    assert shown.code == "T105" and "did you mean “展位费”?" in shown.message and "suggestion:" in shown.message
    found = await english_client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=2, character=1)
        )
    )
    assert found is not None and isinstance(found.contents, types.MarkupContent)
    assert found.contents.value == "**条款** — a clause: its number, title, original text and code"
