"""Screenshot of the playground on a seed policy, for the README (docs/playground.png):

    python -m policylang.serve.playground.screenshot [OUT.png]

starts the app on a loopback ephemeral port (a real uvicorn, in a thread), opens the page in headless
Chromium (Debian's /usr/bin/chromium driven by Playwright: no browser download), fills a case of
policies/jixi.pol and waits for its award. The browser tests use `running` and `browser` too.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[4]
CHROMIUM = Path("/usr/bin/chromium")
# Chromium as the machine runs it headless: no sandbox (root in CI), and none of its background
# connections to Google's hosts (the page must fetch nothing but its own server).
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


@contextmanager
def running(policies: Path) -> Iterator[str]:
    """The serve app on 127.0.0.1:<a free port> in a thread, serving `policies` by name; yields its URL."""
    import uvicorn

    from policylang.serve.app import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(create_app(policies), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the playground server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextmanager
def browser() -> Iterator[Any]:
    """Headless Chromium (the system's), driven by Playwright."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise RuntimeError(f"no Chromium at {CHROMIUM}: install Debian's chromium package (apt-get install chromium)")
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        try:
            yield launched
        finally:
            launched.close()


def ready(page: Any, url: str) -> None:
    """Open the playground at `url` and wait until it has evaluated its first case."""
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)
    page.wait_for_selector("#awards", timeout=30_000)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "playground.png"
    with running(ROOT / "policies") as url, browser() as chromium:
        page = chromium.new_page(viewport={"width": 1500, "height": 980}, locale="zh-CN")
        ready(page, url + "/")
        page.fill("input[data-fact='年度新增进出口额']", "1.2亿元")
        page.fill("input[data-fact='获得的省级外贸主体奖励']", "60万元")
        page.wait_for_function("document.getElementById('total')?.textContent === '60000.00元'", timeout=30_000)
        page.click("tr[data-citation='一']")
        page.wait_for_selector("#chart svg", timeout=30_000)
        page.screenshot(path=str(out))
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
