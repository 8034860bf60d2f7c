"""policylang serve under load, on a real uvicorn on loopback (bench/serve.py's Server and drive):
200 concurrent /v1/eval on the seed policies, 0 errors, each answer equal to the CLI's; and different
policies in different languages at once, each answer its own (requests share no mutable state)."""

from __future__ import annotations

import asyncio
import importlib.util
import json

import pytest
from conftest import EXAMPLES, POLICIES, ROOT

pytest.importorskip("uvicorn")
pytest.importorskip("httpx")

FIXTURES = ROOT / "tests" / "fixtures" / "serve"


def bench():
    spec = importlib.util.spec_from_file_location("bench_serve", ROOT / "bench" / "serve.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cli_answer(run, tmp_path, name: str, case: dict) -> dict:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    _, out, _ = run("eval", POLICIES / f"{name}.pol", path, "--format", "json")
    doc = json.loads(out)
    (doc.get("result") or doc)["policy"].pop("file")
    return doc


def test_200_concurrent_evals_no_errors_each_the_clis_answer(run, tmp_path):
    b = bench()
    seeds = b.seed_requests()
    distinct = seeds[:12] + [s for s in seeds if s["name"] == "lianyungang"][:12]
    bodies = [distinct[i % len(distinct)] for i in range(200)]
    expected = [cli_answer(run, tmp_path, d["name"], d["case"]) for d in distinct]
    with b.Server() as server:
        answers, latencies, _ = asyncio.run(b.drive(server.url, bodies, 200))
    assert len(answers) == len(latencies) == 200
    for i, (status, doc) in enumerate(answers):
        assert status in (200, 422), doc
        (doc.get("result") or doc)["policy"].pop("file")
        assert doc == expected[i % len(distinct)], bodies[i]


def test_different_policies_and_languages_at_once_each_get_their_own_answer():
    b = bench()
    texts = {
        "jixi": (POLICIES / "jixi.pol").read_text(encoding="utf-8"),
        "exhibition": (EXAMPLES / "exhibition.pol").read_text(encoding="utf-8"),
        "lacking": (FIXTURES / "lacking.pol").read_text(encoding="utf-8"),
    }
    cases = {
        "jixi": {"年度新增进出口额": "1亿元", "获得的省级外贸主体奖励": "50万元"},
        "exhibition": {"境内展位": [{"展会": "广交会", "展位费": "2万元"}]},
        "lacking": {"展位费": "1万元"},
    }
    totals = {"jixi": None, "exhibition": None, "lacking": "5000.00"}
    bodies = [
        {"policy": texts[k], "case": cases[k], "lang": lang} for _ in range(20) for k in texts for lang in ("zh", "en")
    ]
    with b.Server() as server:
        answers, _, _ = asyncio.run(b.drive(server.url, bodies, 60))
    seen: dict[tuple[str, str], dict] = {}
    for body, (status, doc) in zip(bodies, answers, strict=True):
        assert status == 200, doc
        assert doc["language"] == body["lang"]
        assert doc["policy"]["title"] in body["policy"]
        key = (next(k for k in texts if texts[k] == body["policy"]), body["lang"])
        assert seen.setdefault(key, doc) == doc  # the same request always gets the same answer
    for (name, _), doc in seen.items():
        if totals[name]:
            assert doc["total"] == totals[name]
