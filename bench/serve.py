"""Load on `policylang serve`: a real uvicorn on loopback (an ephemeral port) serving policies/, and
N concurrent POST /v1/eval requests (httpx.AsyncClient) cycling through the seed policies' cases
(policies/jixi.cases.yaml, policies/lianyungang.cases.yaml). Prints errors, p50/p99 latency and
throughput. Not a timed test (the machine's load decides the figures); tests/test_serve_load.py runs
the same drive bounded and checks every answer against the CLI's.

    python bench/serve.py [REQUESTS] [CONCURRENCY]      # default 200 200
"""

from __future__ import annotations

import asyncio
import json
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "policies"
SEEDS = ("jixi", "lianyungang")


def seed_requests() -> list[dict[str, Any]]:
    """One /v1/eval body per seed case, the policy by name (the case's 事实 as JSON)."""
    import yaml

    out = []
    for name in SEEDS:
        doc = yaml.safe_load((POLICIES / f"{name}.cases.yaml").read_text(encoding="utf-8"))
        for case in doc["案例"]:
            facts = json.loads(json.dumps(case.get("事实") or {}, default=str, ensure_ascii=False))
            out.append({"name": name, "case": facts})
    return out


class Server:
    """uvicorn serving create_app(policies/) on 127.0.0.1:<free port>, in a thread."""

    def __init__(self, folder: Path = POLICIES) -> None:
        import uvicorn

        from policylang.serve.app import create_app

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        config = uvicorn.Config(create_app(folder), log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


async def drive(
    url: str, bodies: list[dict[str, Any]], concurrency: int
) -> tuple[list[tuple[int, dict[str, Any]]], list[float], float]:
    """Send every body (at most `concurrency` in flight); (status, JSON) per body in order, each
    request's latency in seconds, and the wall time."""
    import httpx

    gate = asyncio.Semaphore(concurrency)
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:

        async def one(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
            async with gate:
                start = time.perf_counter()
                r = await client.post("/v1/eval", json=body)
                latencies.append(time.perf_counter() - start)
                return r.status_code, r.json()

        start = time.perf_counter()
        answers = await asyncio.gather(*(one(b) for b in bodies))
        return list(answers), latencies, time.perf_counter() - start


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(round(p / 100 * (len(ordered) - 1)), len(ordered) - 1)]


def main(n: int = 200, concurrency: int = 200) -> None:
    seeds = seed_requests()
    bodies = [seeds[i % len(seeds)] for i in range(n)]
    with Server() as server:
        warm, _, _ = asyncio.run(
            drive(server.url, [{"name": n, "case": {}} for n in SEEDS], 2)
        )  # each policy compiled once
        assert all(s == 200 for s, _ in warm), warm
        answers, latencies, wall = asyncio.run(drive(server.url, bodies, concurrency))
    errors = [s for s, doc in answers if s >= 500 or "schema" not in doc]
    print(f"{n} requests, {concurrency} concurrent, {len(seeds)} distinct seed cases")
    print(f"errors: {len(errors)}  (statuses: {sorted({s for s, _ in answers})})")
    print(f"latency p50 {percentile(latencies, 50) * 1000:.0f} ms, p99 {percentile(latencies, 99) * 1000:.0f} ms")
    print(f"throughput {n / wall:.0f} requests/s ({wall:.2f} s)")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*args)
