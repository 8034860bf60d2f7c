"""`policylang lsp`: the click command. pygls is imported only when the server starts, so the CLI's
start-up and `eval` never load it, and a core install without the lsp extra says what to install."""

from __future__ import annotations

import click

from policylang.cli import report_errors
from policylang.errors import Diagnostic, Msg, PolicyError, Source, Span
from policylang.report.i18n import LANGUAGES, set_language


def _chose(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        set_language(value)
    return value


def address(option: str, value: str | None) -> tuple[str, int] | None:
    """HOST:PORT (the host may be left out: 127.0.0.1), or L003 located on the option's value."""
    if value is None:
        return None
    host, _, port = value.rpartition(":")
    if not port.isdigit() or not 0 < int(port) < 65536:
        span = Span(Source(option, value), 1, 1, 1, len(value) + 1)
        raise PolicyError(
            Diagnostic("L003", Msg("lsp.bad_address", address=value), span, suggestion=Msg("lsp.hint.address"))
        )
    return host or "127.0.0.1", int(port)


@click.command("lsp")
@click.option("--tcp", metavar="HOST:PORT", help="经 TCP 通信（HOST:PORT）")
@click.option("--ws", metavar="HOST:PORT", help="经 WebSocket 通信（HOST:PORT）")
# Its own --lang (cli.localise adds none then): given, it wins over the client's locale; not given,
# the locale the client sends in `initialize` decides.
@click.option("--lang", "lang", type=click.Choice(LANGUAGES), metavar="zh|en", is_eager=True, callback=_chose)
@report_errors
def command(tcp: str | None, ws: str | None, lang: str | None) -> None:
    """启动语言服务器（LSP）。"""
    import importlib.util

    tcp_at, ws_at = address("--tcp", tcp), address("--ws", ws)
    if importlib.util.find_spec("pygls") is None:
        raise PolicyError(Diagnostic("L003", Msg("lsp.no_pygls"), suggestion=Msg("lsp.hint.install")))
    if ws_at is not None and importlib.util.find_spec("websockets") is None:
        raise PolicyError(Diagnostic("L003", Msg("lsp.no_websockets"), suggestion=Msg("lsp.hint.install_ws")))
    from policylang.lsp.server import serve

    serve(lang, tcp_at, ws_at)
    _after_exit()


def _after_exit() -> None:
    """The server closes standard output on `exit`; what the CLI flushes after a command must not
    fail on it (a traceback on the client's stderr)."""
    import os
    import sys

    if sys.stdout is None or sys.stdout.closed:
        sys.stdout = open(os.devnull, "w")


__all__ = ["command"]
