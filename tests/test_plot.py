"""policylang plot (issue 15 part 1): the award curve at the breakpoints the compiled form implies,
the two-fact tier map, and the batch / diff reports — each one Vega-Lite spec, golden as JSON; drawn
to PNG with their Chinese labels checked (distinct glyphs, not empty, not boxes), and to HTML that
fetches nothing. The seed policies throughout; the one fixture quotes LYG 一(二)2's sentence."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, POLICIES, ROOT
from golden import assert_golden

GOLDEN = Path(__file__).resolve().parent / "golden" / "plot"
JIXI, LYG = POLICIES / "jixi.pol", POLICIES / "lianyungang.pol"
TRAVEL, BASE = FIXTURES / "plot" / "travel.pol", FIXTURES / "plot" / "base.yaml"
REVISION = EXAMPLES / "revision"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    """Relative paths, as a user writes them: the specs name the files they were given."""
    monkeypatch.chdir(ROOT)


def spec_of(run, *args: object) -> dict:
    code, out, err = run("plot", *args)
    assert code == 0, err
    return json.loads(out)


def dumps(spec: dict) -> str:
    return json.dumps(spec, ensure_ascii=False, indent=2)


def rel(p: Path) -> str:
    return str(p.relative_to(ROOT))


def eval_amount(run, policy: Path, clause: str, fact: str, value: str, case: Path | None = None) -> Fraction:
    """What `policylang eval --clause` pays at one value of the fact: the curve must agree."""
    case_file = case or FIXTURES / "plot" / "empty.yaml"
    code, out, err = run("eval", policy, case_file, "--clause", clause, "--set", f"{fact}={value}", "--format", "json")
    assert code == 0, err
    return Fraction(json.loads(out)["clauses"][0]["amount"])


# ---------------------------------------------------------------------------- the award curve
def test_jixi_coal_curve_is_exact_at_its_threshold_and_its_cap(run):
    """五(一)2: 5000吨(含) pays 25万元 at 5000吨 itself (a filled point) and nothing below (hollow);
    50元/吨 reaches the 100万元 cap at exactly 20000吨, where the cap is named."""
    spec = spec_of(run, rel(JIXI), "--clause", "五(一)2", "--vary", "煤炭进口落地量")
    assert_golden(GOLDEN / "jixi-5-1-2.curve.json", dumps(spec))
    data = spec["datasets"]
    assert [(p["x"], p["y"]) for p in data["closed"]] == [(5000.0, 25.0)]
    assert [(p["x"], p["y"]) for p in data["hollow"]] == [(5000.0, 0.0)]
    assert [m["label"] for m in data["thresholds"]] == ["5000吨 达到(含)"]
    assert data["caps"] == [{"x": 20000.0, "y": 100.0, "label": "上限：最高奖励100万元"}]
    ends = sorted({(p["x"], p["y"]) for p in data["line"]})
    assert ends == [(0.0, 0.0), (5000.0, 0.0), (5000.0, 25.0), (20000.0, 100.0), (25000.0, 100.0)]
    # the same amounts as eval gives, on both sides of each breakpoint
    for value, paid in (
        ("4999.99吨", 0),
        ("5000吨", 250000),
        ("19999.99吨", Fraction(99999950, 100)),
        ("20000吨", 10**6),
    ):
        assert eval_amount(run, JIXI, "五(一)2", "煤炭进口落地量", value) == paid


def test_a_cap_binding_between_two_fen_is_solved_exactly(run):
    """70% × 费用, at most 2万元: the cap starts at 20000 ÷ 70% = 28571.428…元, off the fen grid;
    the kink is drawn there (not at a sampled neighbour), and eval agrees on either side of it."""
    spec = spec_of(run, rel(TRAVEL), "--clause", "一(二)2", "--vary", "国际段支出费用", "--case", rel(BASE))
    kink = round(float(Fraction(200000, 7) / 10000), 6)
    assert {(p["x"], p["y"]) for p in spec["datasets"]["line"]} == {(0.0, 0.0), (kink, 2.0), (5.0, 2.0)}
    assert spec["datasets"]["caps"] == [{"x": kink, "y": 2.0, "label": "上限：每人最高2万元"}]
    assert "案例 base.yaml" in spec["title"]["subtitle"][0]
    below = eval_amount(run, TRAVEL, "一(二)2", "国际段支出费用", "28571.42元", BASE)
    above = eval_amount(run, TRAVEL, "一(二)2", "国际段支出费用", "28571.43元", BASE)
    assert (below, above) == (Fraction("19999.99"), Fraction(20000))


def test_each_step_of_a_staircase_is_a_cliff(run):
    """五(三): 每满100万元 2万元 over 贸易额 − 上年贸易额 (a 最大(…, 0元) of a definition): a jump at
    each full step, the value at the step edge itself the higher one (filled), 500万元以上 (含)."""
    spec = spec_of(
        run,
        rel(JIXI),
        "--clause",
        "五(三)",
        "--vary",
        "贸易额",
        "--to",
        "1000万元",
        "--set",
        "生产加工型外贸企业=是",
        "--set",
        "上年贸易额=300万元",
    )
    assert_golden(GOLDEN / "jixi-5-3.steps.json", dumps(spec))
    closed = [(p["x"], p["y"]) for p in spec["datasets"]["closed"]]
    assert closed == [(500.0, 4.0), (600.0, 6.0), (700.0, 8.0), (800.0, 10.0), (900.0, 12.0), (1000.0, 14.0)]
    assert [(p["x"], p["y"]) for p in spec["datasets"]["hollow"]][:2] == [(500.0, 0.0), (600.0, 4.0)]
    assert spec["title"]["subtitle"][1] == "假定：生产加工型外贸企业 = 是，上年贸易额 = 300万元"
    assert eval_amount(run, JIXI, "五(三)", "贸易额", "599.99万元", FIXTURES / "plot" / "producer.yaml") == 40000


def test_a_tier_gap_on_one_axis_is_a_red_band(run):
    """LYG 三(一)3 at 8.5亿元: 20家 pays 50万元, 30家 70万元, and from 50家 on nothing (the third tier
    needs over 10亿元) — a larger platform paid less: the gap check's TIER001, on this line."""
    spec = spec_of(
        run,
        rel(LYG),
        "--clause",
        "三(一)3",
        "--vary",
        "服务跨境电商企业数",
        "--set",
        "为跨境电商综合服务平台企业=是",
        "--set",
        "平台跨境电商交易实绩=8.5亿元",
    )
    bands = spec["datasets"]["bands"]
    assert [(b["kind"], b["x"], b["x2"], b["label"]) for b in bands] == [("gap", 50.0, 100.0, "档间空档：得 0")]
    labels = [m["label"] for m in spec["datasets"]["thresholds"]]
    assert labels == ["20家 在(含)", "30家 至(不含)、在(含)", "50家 至(不含)、超过(含)"]
    assert [(p["x"], p["y"]) for p in spec["datasets"]["closed"]] == [(20.0, 50.0), (30.0, 70.0), (50.0, 0.0)]


def test_an_unspecified_stretch_is_a_band_in_english(run):
    """LYG 三(五): over 100万美元 the rate and the exchange rate are not specified: not determinable,
    at most 20万元 — a band, not a line at 0; the labels in --lang en."""
    spec = spec_of(run, rel(LYG), "--clause", "三(五)", "--vary", "市场采购贸易额", "--lang", "en")
    assert_golden(GOLDEN / "lyg-3-5.curve.en.json", dumps(spec))
    (band,) = spec["datasets"]["bands"]
    assert (band["kind"], band["x"], band["x2"], band["y2"]) == ("undetermined", 100.0, 200.0, 20.0)
    assert band["label"] == "not determinable (at most 20万元)"
    assert all(p["x"] <= 100.0 for p in spec["datasets"]["line"])  # no award line drawn over it
    assert spec["datasets"]["thresholds"][0]["label"] == "100万美元 超过(不含)"


# ---------------------------------------------------------------------------- the tier map
def test_lyg_tier_map_frames_the_gaps_and_marks_checks_counterexamples(run):
    spec = spec_of(
        run,
        rel(LYG),
        "--clause",
        "三(一)3",
        "--vary",
        "服务跨境电商企业数",
        "--vary",
        "平台跨境电商交易实绩",
        "--set",
        "为跨境电商综合服务平台企业=是",
    )
    assert_golden(GOLDEN / "lyg-3-1-3.map.json", dumps(spec))
    cells = spec["datasets"]["cells"]
    gaps = sorted((c["x"], c["x2"], c["y"], c["y2"]) for c in cells if c["gap"])
    # 30–50家 at 5–7亿元 and from 50家 at 5–10亿元: a smaller platform is paid, these get 0
    assert gaps == [(30.0, 50.0, 5.0, 7.0), (50.0, 100.0, 5.0, 7.0), (50.0, 100.0, 7.0, 10.0)]
    tiers = {(c["x"], c["y"]): c["tier"] for c in cells}
    assert (tiers[20.0, 5.0], tiers[30.0, 7.0], tiers[50.0, 10.0]) == ("第1档", "第2档", "第3档")
    examples = {(e["x"], e["y"], e["label"]) for e in spec["datasets"]["examples"]}
    assert (40.0, 6.0, "反例 TIER001") in examples and (60.0, 8.5, "反例 TIER001") in examples


# ---------------------------------------------------------------------------- batch and diff reports
def test_batch_report_spec_has_the_distribution_the_cost_against_the_fund_and_what_is_open(run, tmp_path):
    out = tmp_path / "report.json"
    code, _, err = run("batch", rel(JIXI), "tests/fixtures/batch/jixi.csv", "--report", out)
    assert code == 0, err
    spec = json.loads(out.read_text(encoding="utf-8"))
    assert_golden(GOLDEN / "jixi.batch-report.json", dumps(spec))
    data = spec["datasets"]
    assert sum(b["n"] for b in data["bins"]) == 5  # the five enterprises paid
    assert data["funds"] == [{"amount": 2000.0, "label": "资金：鸡西市支持对外贸易发展专项资金 2000万元"}]
    total = next(c for c in data["cost"] if c["clause"] == "合计")
    assert total["text"] == "3,475,000.00元"
    assert [u["clause"] for u in data["undetermined"]] == ["五(三) 生产加工型外贸企业贸易增量"]


def test_diff_report_is_a_waterfall_from_the_old_total_to_the_new(run, tmp_path):
    out = tmp_path / "report.json"
    code, _, err = run(
        "diff", rel(JIXI), rel(REVISION / "jixi-2024.pol"), "--cases", rel(REVISION / "cases"), "--report", out
    )
    assert code == 0, err
    spec = json.loads(out.read_text(encoding="utf-8"))
    assert_golden(GOLDEN / "jixi.diff-report.json", dumps(spec))
    steps = spec["datasets"]["steps"]
    assert steps[0]["text"] == "1,228,000.00元" and steps[-1]["text"] == "1,600,000.00元"
    running = steps[0]["end"]
    for s in steps[1:-1]:  # each step starts where the one before ended; the last lands on the new total
        assert s["start"] == pytest.approx(running)
        running = s["end"]
    assert running == pytest.approx(steps[-1]["end"])
    assert {o["outcome"]: o["n"] for o in spec["datasets"]["outcomes"]} == {"得多": 1, "得少": 2, "不变": 1}


# ---------------------------------------------------------------------------- pictures: CJK glyphs, offline HTML
def png(spec: dict, scale: float = 1) -> bytes:
    import vl_convert

    from policylang.tools.plot.render import find_cjk_font, with_font

    font = find_cjk_font()
    vl_convert.register_font_directory(font.folder)
    return bytes(vl_convert.vegalite_to_png(with_font(spec, font), scale=scale))


def pixels(data: bytes) -> list[list[int]]:
    """A PNG (8-bit RGBA, as vl-convert writes it) as rows of darkness (255 − grey, 0 = white)."""
    import struct
    import zlib

    pos, chunks = 8, []
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            chunks.append(body)
    assert (depth, colour) == (8, 6)
    raw, stride = zlib.decompress(b"".join(chunks)), width * 4
    rows, prev = [], [0] * stride
    for y in range(height):
        kind, line = raw[y * (stride + 1)], raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]
        cur = [0] * stride
        for i in range(stride):
            a, b, c = (cur[i - 4] if i >= 4 else 0), prev[i], (prev[i - 4] if i >= 4 else 0)
            if kind == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            else:
                p = (0, a, b, (a + b) // 2)[kind]
            cur[i] = (line[i] + p) & 255
        rows.append([(255 - (cur[i] + cur[i + 1] + cur[i + 2]) // 3) * cur[i + 3] // 255 for i in range(0, stride, 4)])
        prev = cur
    return rows


def cjk(text: str) -> str:
    return "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")


def labels_of(spec: dict) -> list[str]:
    """The Chinese words a picture shows: its title, subtitle and axis titles."""
    found = [spec["title"]["text"], *spec["title"].get("subtitle", [])]
    found += re.findall(r'"title": "([^"]+)"', json.dumps(spec, ensure_ascii=False))
    return [w for w in (cjk(x) for x in found) if len(set(w)) > 2]


def test_a_png_per_kind_with_chinese_glyphs_drawn(run, tmp_path):
    """Each kind drawn to PNG (curve and map by the CLI, the reports' specs as batch and diff write
    them: their goldens, which the tests above hold to the commands). Then their Chinese labels, each
    beside itself reversed, in one small picture: a label drawn empty would leave its row white, and
    boxes (tofu: the same box for every character) would make a label and its reverse the same pixels."""
    lyg_map = ("三(一)3", "--vary", "服务跨境电商企业数", "--vary", "平台跨境电商交易实绩")
    drawn = {
        "curve": (rel(JIXI), "--clause", "五(一)2", "--vary", "煤炭进口落地量"),
        "map": (rel(LYG), "--clause", *lyg_map, "--set", "为跨境电商综合服务平台企业=是"),
    }
    for name, args in drawn.items():
        target = tmp_path / f"{name}.png"
        code, _, err = run("plot", *args, "-o", target)
        assert code == 0, err
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    goldens = {
        "curve": "jixi-5-1-2.curve.json",
        "map": "lyg-3-1-3.map.json",
        "batch": "jixi.batch-report.json",
        "diff": "jixi.diff-report.json",
    }
    specs = {name: json.loads((GOLDEN / file).read_text(encoding="utf-8")) for name, file in goldens.items()}
    for name in ("batch", "diff"):
        assert png(specs[name])[:8] == b"\x89PNG\r\n\x1a\n"
    words = [w[:12] for spec in specs.values() for w in labels_of(spec)[:2]]
    assert len(words) == 8, words
    lines = [x for w in words for x in (w, w[::-1])]
    rows = [{"row": i, "text": x} for i, x in enumerate(lines)]
    line_px = 24
    probe = {
        "width": 300,
        "height": line_px * len(lines),
        "config": {"font": specs["curve"]["config"]["font"], "view": {"stroke": None}, "background": "white"},
        "data": {"values": rows},
        "mark": {"type": "text", "align": "left", "baseline": "middle", "fontSize": 18, "color": "black"},
        "encoding": {
            "y": {"field": "row", "type": "ordinal", "axis": None},
            "x": {"value": 0},
            "text": {"field": "text"},
        },
    }
    image = pixels(png(probe))
    top = len(image) - line_px * len(lines)  # vl-convert pads the view; rows are laid from the top
    band = [image[top // 2 + i * line_px : top // 2 + (i + 1) * line_px] for i in range(len(lines))]
    for i, word in enumerate(words):
        forward, backward = band[2 * i], band[2 * i + 1]
        assert sum(map(sum, forward)) > 255 * 40, f"“{word}” drawn empty"
        assert forward != backward, f"“{word}” and its reverse drawn alike: boxes, not glyphs"


FETCHES = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//)|(?:@import\s)|(?:url\(\s*["']?https?:)|(?:fetch\(\s*["']https?:)|(?:import\(\s*["']https?:)""",
    re.I,
)


def test_the_html_report_works_offline(run, tmp_path):
    """Everything inline (vega, vega-lite, vega-embed): no script, style, image or import is fetched."""
    out = tmp_path / "report.html"
    code, _, err = run("batch", rel(JIXI), "tests/fixtures/batch/jixi.csv", "--report", out)
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    assert "vegaEmbed(" in html and "鸡西市支持对外贸易发展专项资金" in html
    assert len(html) > 300_000  # the libraries themselves, inlined
    assert not FETCHES.findall(html), FETCHES.findall(html)[:5]
    # and a real browser, every host name unresolvable, draws it and asks the network for nothing
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        return
    net_log = tmp_path / "net.json"
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND",
         f"--user-data-dir={tmp_path / 'profile'}", f"--log-net-log={net_log}", "--virtual-time-budget=5000",
         "--dump-dom", out.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "role-axis" in done.stdout, "the page drew no chart offline"
    events = json.loads(net_log.read_text(encoding="utf-8"))["events"]
    asked = {e["params"][k] for e in events for k in ("url", "original_url") if k in e.get("params", {})}
    # Chromium's own background calls (update, clock and account checks) are not the page's
    own = re.compile(r"^https?://([\w.-]+\.)?(google\.com|googleapis\.com|gvt1\.com)(/|$)")
    assert [u for u in asked if u.startswith("http") and not own.match(u)] == []


# ---------------------------------------------------------------------------- mistakes, located and worded
def err_of(run, *args: object) -> tuple[int, str]:
    code, _, err = run(*args, "--lang", "en")
    return code, err


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("--vary", "煤炭进口量"), "G003", ["no fact named “煤炭进口量”", "did you mean “煤炭进口落地量”"]),
        (("--vary", "贸易额"), "G005", ["does not read the fact “贸易额”", "煤炭进口落地量"]),
        (("--vary", "煤炭进口落地量", "--from", "5000元"), "G006", ["--from", "5000元"]),
        (("--vary", "煤炭进口落地量", "--from", "5000吨", "--to", "100吨"), "G007", ["not below --to 100吨"]),
        (("--vary", "煤炭进口落地量", "-o", "curve.pdf"), "G008", ["cannot draw a “.pdf” file", ".png, .svg"]),
        (("--vary", "a", "--vary", "b", "--vary", "c"), "G009", ["given 3 times"]),
        ((), "G015", ["no fact to vary", "--vary 煤炭进口落地量"]),
    ],
)
def test_plot_mistakes_on_jixi_coal(run, args, code, words):
    exit_code, err = err_of(run, "plot", rel(JIXI), "--clause", "五(一)2", *args)
    assert exit_code == 2 and f"[{code}]" in err, err
    for w in words:
        assert w in err, err
    assert "Traceback" not in err


def test_a_fact_that_is_not_a_number_or_is_a_list(run):
    code, err = err_of(run, "plot", rel(JIXI), "--clause", "五(三)", "--vary", "当年新引入")
    assert code == 2 and "[G004]" in err and "not a number that can vary" in err
    code, err = err_of(run, "plot", rel(JIXI), "--clause", "五(二)2", "--vary", "出口融资贷款")
    assert code == 2 and "[G004]" in err and "is a list" in err


def test_the_clause_must_name_one_clause(run):
    code, err = err_of(run, "plot", rel(LYG), "--clause", "三(二)1", "--vary", "跨境电商零售放行包裹数")
    assert code == 2 and "[G010]" in err and "三(二)1.零售、三(二)1.物流" in err and "--clause 三(二)1.零售" in err
    code, err = err_of(run, "plot", rel(LYG), "--vary", "跨境电商零售放行包裹数")
    assert code == 2 and "[G015]" in err and "add --clause" in err
    code, err = err_of(run, "plot", rel(LYG), "--clause", "九", "--vary", "x")
    assert code == 2 and "[E001]" in err


def test_no_cjk_font_is_an_error_naming_the_package(run, tmp_path, monkeypatch):
    empty = tmp_path / "fonts"
    empty.mkdir()
    monkeypatch.setenv("POLICYLANG_CJK_FONT_DIR", str(empty))
    code, err = err_of(
        run, "plot", rel(JIXI), "--clause", "五(一)2", "--vary", "煤炭进口落地量", "-o", tmp_path / "c.png"
    )
    assert code == 2 and "[G001]" in err and "fonts-noto-cjk" in err
    assert not (tmp_path / "c.png").exists()
    # the spec itself needs no font
    code, _, err = run("plot", rel(JIXI), "--clause", "五(一)2", "--vary", "煤炭进口落地量", "-o", tmp_path / "c.json")
    assert code == 0, err


def test_without_the_plot_extra_the_error_says_how_to_install_it(tmp_path):
    probe = (
        "import sys\nsys.modules['vl_convert'] = None\n"
        "from policylang.cli import main\n"
        f"main(['plot', {str(JIXI)!r}, '--clause', '五(一)2', '--vary', '煤炭进口落地量', '-o', {str(tmp_path / 'c.png')!r}, '--lang', 'en'])\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "[G002]" in done.stderr and "pip install 'policylang[plot]'" in done.stderr


def test_a_picture_that_cannot_be_written(run, tmp_path):
    code, err = err_of(
        run, "plot", rel(JIXI), "--clause", "五(一)2", "--vary", "煤炭进口落地量", "-o", tmp_path / "no" / "c.json"
    )
    assert code == 2 and "[G014]" in err


def test_report_mistakes(run, tmp_path):
    code, err = err_of(run, "batch", rel(JIXI), "tests/fixtures/batch/jixi.csv", "--report", tmp_path / "r.pdf")
    assert code == 2 and "[G012]" in err and ".html" in err
    code, err = err_of(run, "diff", rel(JIXI), rel(REVISION / "jixi-2024.pol"), "--report", tmp_path / "r.html")
    assert code == 2 and "[G013]" in err and "--cases or --population" in err
    assert not (tmp_path / "r.html").exists()


# ---------------------------------------------------------------------------- start-up stays light
def test_eval_and_help_import_no_plotting():
    probe = (
        "import sys\n"
        "from policylang.cli import main\n"
        "for args in (['--help'], ['eval', sys.argv[1], sys.argv[2]]):\n"
        "    try:\n        main(args)\n    except SystemExit:\n        pass\n"
        "print([m for m in sys.modules if m.startswith(('vl_convert', 'policylang.tools.plot', 'policylang.report.charts'))], file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items()}
    done = subprocess.run(
        [sys.executable, "-c", probe, str(EXAMPLES / "exhibition.pol"), str(EXAMPLES / "exhibition.case.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr
