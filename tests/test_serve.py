"""policylang serve: /v1/eval, /v1/diagnostics, /v1/describe and /v1/policies through Starlette's
TestClient against create_app, on the seed policies; each answer compared with what the CLI writes."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
import yaml
from conftest import POLICIES, ROOT

pytest.importorskip("starlette")
pytest.importorskip("httpx")

with warnings.catch_warnings():  # starlette 1.x would rather use httpx2; httpx works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from policylang.serve.app import create_app
from policylang.serve.limits import Limits

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`")
GOLDEN = ROOT / "tests" / "golden" / "serve"
FIXTURES = ROOT / "tests" / "fixtures" / "serve"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(POLICIES, Limits()))


def seed_cases(name: str) -> list[dict[str, object]]:
    """The 事实 of each case in policies/NAME.cases.yaml, as JSON (dates written as text)."""
    doc = yaml.safe_load((POLICIES / f"{name}.cases.yaml").read_text(encoding="utf-8"))
    return [json.loads(json.dumps(c.get("事实") or {}, default=str, ensure_ascii=False)) for c in doc["案例"]]


def cli_eval(run, policy: Path, case: dict[str, object], tmp_path: Path, *extra: str) -> tuple[int, dict]:
    case_file = tmp_path / "case.yaml"
    case_file.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run("eval", str(policy), str(case_file), "--format", "json", *extra)
    return code, json.loads(out)


def without_file(doc: dict) -> dict:
    """The eval document without the policy's file name (the CLI names the path it was given,
    serve the file in its folder or <policy>)."""
    doc = json.loads(json.dumps(doc))
    (doc.get("result") or doc)["policy"].pop("file", None)
    return doc


@pytest.mark.parametrize("name", ["jixi", "lianyungang"])
def test_eval_answers_what_the_cli_writes_for_every_seed_case(client, run, tmp_path, name):
    cases = seed_cases(name)
    assert len(cases) > 10
    for case in cases[::3]:
        code, expected = cli_eval(run, POLICIES / f"{name}.pol", case, tmp_path)
        r = client.post("/v1/eval", json={"name": name, "case": case})
        assert r.status_code == (200 if code == 0 else 422), case
        assert without_file(r.json()) == without_file(expected), case


def test_eval_of_a_text_names_it_policy_and_keeps_the_total(client):
    text = (POLICIES / "jixi.pol").read_text(encoding="utf-8")
    r = client.post(
        "/v1/eval", json={"policy": text, "case": {"年度新增进出口额": "1亿元", "获得的省级外贸主体奖励": "50万元"}}
    )
    assert r.status_code == 200
    doc = r.json()
    assert doc["schema"] == "policylang.result/2"
    assert doc["policy"]["file"] == "<policy>"
    assert doc["total"] == "50000.00"


def test_eval_clause_and_set_are_the_cli_options(client, run, tmp_path):
    case = {"年度新增进出口额": "1亿元", "获得的省级外贸主体奖励": "50万元"}
    code, expected = cli_eval(run, POLICIES / "jixi.pol", case, tmp_path, "--clause", "一")
    r = client.post("/v1/eval", json={"name": "jixi", "case": case, "clause": "一"})
    assert (r.status_code, code) == (200, 0)
    assert without_file(r.json()) == without_file(expected)
    assert [c["citation"] for c in r.json()["clauses"]] == ["一"]


def test_eval_many_cases_answers_each_in_order(client):
    cases = seed_cases("jixi")[:5]
    r = client.post("/v1/eval", json={"name": "jixi", "cases": cases})
    assert r.status_code == 200
    singles = [client.post("/v1/eval", json={"name": "jixi", "case": c}).json() for c in cases]
    assert r.json()["results"] == singles


def test_eval_case_value_problem_is_located_in_the_case(client):
    r = client.post("/v1/eval", json={"name": "jixi", "case": {"年度新增进出口额": "一亿"}})
    assert r.status_code == 422
    (err,) = r.json()["errors"]
    assert err["file"] == "<case>"
    assert err["code"].startswith("K")


def test_policy_that_does_not_compile_is_422_with_located_diagnostics(client):
    r = client.post("/v1/eval", json={"policy": "政策 x\n", "case": {}})
    assert r.status_code == 422
    (err,) = r.json()["errors"]
    assert (err["code"], err["file"], err["line"]) == ("P001", "<policy>", 1)


def test_diagnostics_are_the_language_servers_with_utf16_ranges(client):
    from policylang.lsp.document import analyse

    text = (POLICIES / "jixi.pol").read_text(encoding="utf-8")
    assert client.post("/v1/diagnostics", json={"policy": text}).json() == {"diagnostics": []}
    broken = text.replace("条件 年度新增进出口额 达到", "条件 年度新增进出口 达到", 1)
    r = client.post("/v1/diagnostics", json={"policy": broken})
    assert r.status_code == 200
    shown = r.json()["diagnostics"]
    expected = analyse(broken, "<policy>").diagnostics
    assert [d["code"] for d in shown] == [d.code for d in expected] and shown
    first, d0 = shown[0], expected[0]
    assert first["range"]["start"] == {"line": d0.span.line - 1, "character": d0.span.column - 1}
    assert first["code"] == "T105" and "年度新增进出口额" in first["suggestion"]
    assert set(first) >= {"code", "severity", "message", "range"}


def test_diagnostics_count_utf16_units_after_a_rare_character(client):
    r = client.post("/v1/diagnostics", json={"policy": '政策 "𠀀" x\n'})
    (d,) = r.json()["diagnostics"]
    # 政策 "𠀀" is 7 code points but 8 UTF-16 units: x starts at character 8
    assert d["range"]["start"] == {"line": 0, "character": 8}


def test_describe_gives_what_a_form_needs(client):
    r = client.post("/v1/describe", json={"name": "lianyungang", "lang": "en"})
    assert r.status_code == 200
    doc = r.json()
    assert doc["title"] and doc["name"] == "lianyungang"
    facts = {f["name"]: f for f in doc["facts"]}
    assert all({"type", "unit", "default", "choices", "range", "description"} <= set(f) for f in facts.values())
    lists = [f for f in facts.values() if f["type"] == "list"]
    assert lists and all(f["fields"] for f in lists)
    assert any(p["value"] is None for p in doc["parameters"]) or doc["parameters"] is not None
    assert all(c["citation"] for c in doc["clauses"])
    assert client.get("/v1/policies/lianyungang").json() == doc | {"name": "lianyungang"}


def test_describe_golden_of_jixi(client):
    from golden import assert_golden

    doc = client.post("/v1/describe", json={"name": "jixi"}).json()
    assert_golden(GOLDEN / "describe_jixi.json", json.dumps(doc, ensure_ascii=False, indent=2))


def test_policies_lists_the_folder(client):
    r = client.get("/v1/policies")
    assert r.json() == {
        "policies": [
            {"name": "jixi", "title": "2023年度鸡西市支持对外贸易发展的若干措施"},
            {"name": "lianyungang", "title": "关于推动外贸稳规模优结构的若干措施"},
        ]
    }
