"""`policylang serve`: the click command. Starlette and uvicorn are imported only once the options
are valid and the server starts, so `policylang --help` and `eval` never load them, and a core
install without the serve extra is told what to install (H022).

The socket is bound here, before uvicorn starts, so a port in use is a located message with a code
(H023, exit 2) rather than uvicorn's log line and exit 1; uvicorn then serves on that socket.
"""

from __future__ import annotations

import socket
from pathlib import Path

import click

from policylang.cli import report_errors
from policylang.errors import Diagnostic, Msg, PolicyError, Source, Span
from policylang.serve.limits import MIB, Limits

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def option_span(option: str, value: str) -> Span:
    return Span(Source(option, value), 1, 1, 1, len(value) + 1)


def port_number(value: str) -> int:
    """--port: a whole number 0–65535 (0: any free port, which the start-up line then names)."""
    if not value.strip().isdigit() or not 0 <= int(value) <= 65535:
        raise PolicyError(
            Diagnostic(
                "H020",
                Msg("serve.bad_port", port=value),
                option_span("--port", value),
                suggestion=Msg("serve.bad_port.hint"),
            )
        )
    return int(value)


def policies_folder(value: str | None) -> Path | None:
    """--policies: a folder that exists and can be listed (H021 naming which it is not)."""
    if value is None:
        return None
    path = Path(value)
    reason = None
    if not path.exists():
        reason = "missing"
    elif not path.is_dir():
        reason = "not_folder"
    else:
        try:
            next(iter(path.iterdir()), None)
        except OSError:
            reason = "unreadable"
    if reason is not None:
        raise PolicyError(
            Diagnostic(
                "H021",
                Msg("serve.bad_folder", path=value, reason=Msg(f"serve.reason.{reason}")),
                option_span("--policies", value),
                suggestion=Msg("serve.bad_folder.hint"),
            )
        )
    return path


def bound_socket(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or H023 with the system's reason (a port in use, a host
    that is not this machine's)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as err:
        raise PolicyError(
            Diagnostic(
                "H023",
                Msg("serve.cannot_bind", host=host, port=port, reason=err.strerror or str(err)),
                suggestion=Msg("serve.cannot_bind.hint"),
            )
        ) from None
    return sock


def missing_extra() -> str | None:
    import importlib.util

    for package in ("starlette", "uvicorn"):
        if importlib.util.find_spec(package) is None:
            return package
    return None


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听的地址")
@click.option("--port", default="8000", show_default=True, metavar="PORT", help="监听的端口")
@click.option("--policies", metavar="DIR", help="按名称提供的政策所在的文件夹")
@click.option("--max-body", type=click.IntRange(min=1), default=MIB, show_default=True, metavar="BYTES")
@click.option("--check-timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True, metavar="SECONDS")
@click.option("--max-cases", type=click.IntRange(min=1), default=1000, show_default=True, metavar="N")
@report_errors
def command(host: str, port: str, policies: str | None, max_body: int, check_timeout: float, max_cases: int) -> None:
    """启动本地 HTTP 服务。"""
    number = port_number(port)
    folder = policies_folder(policies)
    absent = missing_extra()
    if absent is not None:
        raise PolicyError(
            Diagnostic("H022", Msg("serve.no_extra", package=absent), suggestion=Msg("serve.no_extra.hint"))
        )
    sock = bound_socket(host, number)
    limits = Limits(max_body=max_body, max_cases=max_cases, check_timeout=check_timeout)
    run(sock, host, folder, limits)


def run(sock: socket.socket, host: str, folder: Path | None, limits: Limits) -> None:
    import uvicorn

    from policylang.report.i18n import t
    from policylang.serve.app import create_app

    shown_host = f"[{host}]" if ":" in host else host
    if host not in LOOPBACK:
        click.echo(t("serve.open_to_network", host=host), err=True)
    click.echo(t("serve.listening", host=shown_host, port=sock.getsockname()[1]), err=True)
    config = uvicorn.Config(create_app(folder, limits), log_level="warning", lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])


__all__ = ["command", "policies_folder", "port_number"]
