"""The playground in a real browser: headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright — no browser download) against a real uvicorn on a loopback ephemeral port. No skip when
the browser is missing: the fixture fails saying what to install (CI installs chromium)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import POLICIES

from policylang.serve.playground.screenshot import CHROMIUM, browser, ready, running

JIXI_CASE = {"年度新增进出口额": "1.2亿元", "获得的省级外贸主体奖励": "60万元", "新创建贸易促进平台级别": "省级"}


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[str, Any]]:
    if not CHROMIUM.exists():
        pytest.fail(f"the playground's browser tests need Chromium at {CHROMIUM}: apt-get install chromium")
    with running(POLICIES) as url, browser() as chromium:
        yield url, chromium


@pytest.fixture
def page(site) -> Iterator[Any]:
    url, chromium = site
    context = chromium.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    opened = context.new_page()
    opened.foreign = []  # every request to another host: the page must work offline
    opened.on("request", lambda r: None if r.url.startswith((url, "data:")) else opened.foreign.append(r.url))
    opened.errors = []
    opened.on("pageerror", lambda e: opened.errors.append(str(e)))
    opened.base = url
    yield opened
    assert not opened.foreign, opened.foreign
    assert not opened.errors, opened.errors
    context.close()


def total_is(page: Any, text: str) -> None:
    page.wait_for_function(f"document.getElementById('total')?.textContent === {json.dumps(text)}", timeout=30_000)


def cli_total(run, tmp_path, case: dict[str, str]) -> str:
    path = tmp_path / "case.yaml"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    _, out, _ = run("eval", POLICIES / "jixi.pol", path, "--format", "json")
    return str(json.loads(out)["total"])


def test_a_policy_with_an_error_shows_its_diagnostic(page):
    ready(page, page.base + "/")
    page.click(".cm-content")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type("# 𠀀𠀀\n政策 x\n")  # characters outside the BMP: two UTF-16 units each
    mark = page.wait_for_selector(".cm-lintRange-error", timeout=30_000)
    assert mark.inner_text() == "x"  # the range lands on the word the parser refused
    mark.hover()
    tip = page.wait_for_selector(".cm-tooltip-lint", timeout=30_000).inner_text()
    assert "P001" in tip and "→" in tip  # the code, the message and the suggestion
    assert page.inner_text("#diagnostic-count") == "1"
    page.select_option("#lang", "en")  # the diagnostics follow the language
    page.wait_for_function(
        "playground.diagnostics.some(d => d.message.includes('is not expected here'))", timeout=30_000
    )


def test_a_filled_case_shows_the_award_the_cli_gives(page, run, tmp_path):
    ready(page, page.base + "/")
    page.fill("input[data-fact='年度新增进出口额']", "1.2亿元")
    page.fill("input[data-fact='获得的省级外贸主体奖励']", "600000")  # a bare number takes the fact's unit
    page.select_option("select[data-fact='新创建贸易促进平台级别']", "省级")
    expected = cli_total(run, tmp_path, JIXI_CASE)
    assert expected == "560000.00"  # 10% of 60万元 + 50万元 for the provincial platform
    total_is(page, expected + "元")
    paid = page.inner_text("tr[data-citation='二.省级']")
    assert "给予" in paid and "500000.00" in paid  # the catalogue's word for paid, as eval's text says


def test_the_cap_that_bound_is_shown_with_the_clis_amount(page, run, tmp_path):
    case = {"在第三方跨境电商平台开设店铺": "是", "入驻平台费": "80万元", "宣传推广费": "50万元"}
    ready(page, page.base + "/")
    page.select_option("select[data-fact='在第三方跨境电商平台开设店铺']", "是")
    page.fill("input[data-fact='入驻平台费']", "80万元")
    page.fill("input[data-fact='宣传推广费']", "50万元")
    expected = cli_total(run, tmp_path, case)
    total_is(page, expected + "元")
    row = page.inner_text("tr[data-citation='三.店铺']")
    assert "最高补贴50万元" in row and "650000.00 → 500000.00" in row  # 50% of 130万元, cut to the cap


def test_list_rows_are_added_and_removed(page):
    ready(page, page.base + "/")
    page.click("button.add-row[data-list='省级海外仓']")
    page.click("button.add-row[data-list='省级海外仓']")
    rows = "table[data-list='省级海外仓'] tr"
    assert page.locator(rows).count() == 3  # the header and two items
    page.locator(f"{rows} input[data-fact='名称']").first.fill("仓一")
    page.wait_for_function("playground.caseObject()['省级海外仓'].length === 2")
    page.locator(f"{rows} button.remove").last.click()
    page.wait_for_function(
        "JSON.stringify(playground.caseObject()['省级海外仓']) === JSON.stringify([{'名称': '仓一'}])"
    )


def test_a_check_counterexample_loads_into_the_form(page):
    ready(page, page.base + "/")
    page.select_option("#example", "lianyungang")
    page.wait_for_function("document.getElementById('policy-title').textContent.includes('外贸稳规模')", timeout=30_000)
    page.click("#run-check")
    button = page.wait_for_selector("button.load-counterexample", timeout=60_000)
    facts = json.loads(button.query_selector("code").inner_text())
    button.click()
    page.wait_for_function(f"Object.keys(playground.caseObject()).length === {len(facts)}")
    assert page.evaluate("playground.caseObject()") == facts
    finding = page.locator(".finding[data-line]:not([data-line=''])").first
    line = int(finding.get_attribute("data-line"))
    finding.locator(".where").click()  # the finding's place in the text
    cursor = "playgroundEditor.state.doc.lineAt(playgroundEditor.state.selection.main.head).number"
    assert page.evaluate(cursor) == line
    scalar = next(k for k, v in facts.items() if not isinstance(v, list))
    field = page.locator(f"#case-form [data-fact='{scalar}']").first
    assert field.input_value() == str(facts[scalar])


def test_a_share_link_restores_policy_and_case(page, site):
    ready(page, page.base + "/")
    page.fill("input[data-fact='年度新增进出口额']", "1.2亿元")
    page.fill("input[data-fact='获得的省级外贸主体奖励']", "60万元")
    page.evaluate("playground.setPolicyText(window.playgroundEditor.state.doc.toString() + '\\n# 改过的\\n')")
    total_is(page, "60000.00元")
    link = page.evaluate("playground.shareLink()")
    assert urlsplit(link).fragment.startswith("s=") and "?" not in link  # nothing goes to the server
    text = page.evaluate("window.playgroundEditor.state.doc.toString()")
    _, chromium = site
    other = chromium.new_context().new_page()
    ready(other, link)
    assert other.evaluate("window.playgroundEditor.state.doc.toString()") == text
    assert other.input_value("input[data-fact='获得的省级外贸主体奖励']") == "60万元"
    total_is(other, "60000.00元")


def test_the_award_curve_and_the_language_switch(page):
    ready(page, page.base + "/")
    page.fill("input[data-fact='获得的省级外贸主体奖励']", "60万元")
    page.click("tr[data-citation='一']")
    page.wait_for_selector("#chart svg", timeout=30_000)
    page.select_option("#lang", "en")
    page.wait_for_function("document.querySelector('[data-ui=result]').textContent === 'Result'")
    page.wait_for_function(
        "document.querySelector('#awards').textContent.includes('condition not met')", timeout=30_000
    )


def test_a_second_fact_draws_the_tier_map(page):
    """Two facts chosen: the page asks /v1/plot for the tier map of both and draws its rectangles."""
    ready(page, page.base + "/")
    page.select_option("#example", "lianyungang")
    page.wait_for_function("document.getElementById('policy-title').textContent.includes('外贸稳规模')", timeout=30_000)
    page.wait_for_selector("#plot-clause option[value='三(一)3']", state="attached", timeout=30_000)
    page.select_option("#plot-clause", "三(一)3")
    page.select_option("#plot-fact", "服务跨境电商企业数")
    with page.expect_request(lambda r: r.url.endswith("/v1/plot")) as asked:
        page.select_option("#plot-fact2", "平台跨境电商交易实绩")
    assert json.loads(asked.value.post_data or "{}")["vary"] == ["服务跨境电商企业数", "平台跨境电商交易实绩"]
    page.wait_for_selector("#chart svg g.mark-rect path", state="attached", timeout=30_000)
    assert page.locator("#chart svg g.mark-rect path").count() >= 4  # a rectangle per pair of cuts
    with page.expect_request(lambda r: r.url.endswith("/v1/plot")) as back:
        page.select_option("#plot-fact2", "")
    assert json.loads(back.value.post_data or "{}")["vary"] == ["服务跨境电商企业数"]


def test_a_parameter_the_text_leaves_open_can_be_assumed(page, site):
    """jixi 五(三): the text does not say what a newly arrived firm's growth is measured from; the
    clause is 不可确定 until a value is assumed (eval's --set), as policies/jixi.cases.yaml expects."""
    ready(page, page.base + "/")
    page.select_option("select[data-fact='生产加工型外贸企业']", "是")
    page.select_option("select[data-fact='当年新引入']", "是")
    page.fill("input[data-fact='贸易额']", "6000万元")
    page.fill("input[data-fact='上年贸易额']", "3000万元")
    row = "tr[data-citation='五(三)']"
    page.wait_for_function(f"document.querySelector(\"{row} td.status\")?.textContent === '不可确定'", timeout=30_000)
    assert "未规定" in page.inner_text("fieldset.parameters")
    page.select_option("fieldset.parameters select[data-fact='新引入企业同比基数']", "本企业上年贸易额")
    page.wait_for_function(f"document.querySelector(\"{row} td.amount\")?.textContent === '600000.00'", timeout=30_000)
    link = page.evaluate("playground.shareLink()")
    _, chromium = site
    other = chromium.new_context().new_page()
    ready(other, link)
    assert other.evaluate("playground.setObject()") == {"新引入企业同比基数": "本企业上年贸易额"}
    other.wait_for_function(f"document.querySelector(\"{row} td.amount\")?.textContent === '600000.00'", timeout=30_000)


def test_an_edit_of_the_text_updates_the_award(page):
    ready(page, page.base + "/")
    page.fill("input[data-fact='年度新增进出口额']", "1.2亿元")
    page.fill("input[data-fact='获得的省级外贸主体奖励']", "60万元")
    total_is(page, "60000.00元")
    page.evaluate(
        "playground.setPolicyText(playgroundEditor.state.doc.toString()"
        ".replace('奖励 10% × 获得的省级外贸主体奖励', '奖励 20% × 获得的省级外贸主体奖励'))"
    )
    total_is(page, "120000.00元")
    assert page.input_value("input[data-fact='获得的省级外贸主体奖励']") == "60万元"  # the case is kept
