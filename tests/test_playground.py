"""The playground's server side: the page and its files are served (from the installed package's
data), the highlighting rules are made from the grammar and compile as JavaScript, and a named
policy's text is given only for plain names."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from fnmatch import fnmatch
from pathlib import Path

import pytest
import tomllib
from conftest import POLICIES, ROOT

pytest.importorskip("starlette")
from starlette.testclient import TestClient

from policylang.serve.app import create_app
from policylang.serve.playground import STATIC, highlight_rules, to_javascript


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(POLICIES))


def test_the_page_and_every_static_file_is_served(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/static/app.js">' in page.text
    for path in sorted(STATIC.iterdir()):
        got = client.get(f"/static/{path.name}")
        assert got.status_code == 200, path.name
        assert got.content == path.read_bytes()


def test_the_page_names_only_its_own_server():
    """Offline: no asset or request of the page's own files goes to another host (the bundles are
    vendored; vega-embed's links to the Vega editor are switched off with actions: false)."""
    for name in ("index.html", "app.js", "highlight.js", "style.css"):
        text = (STATIC / name).read_text(encoding="utf-8")
        assert not re.search(r"https?://", text), name
    assert "actions: false" in (STATIC / "app.js").read_text(encoding="utf-8")


def test_every_static_file_is_package_data():
    """What is in static/ is installed with the package: each file matches a package-data pattern."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "policylang.serve.playground" in config["packages"]
    patterns = config["package-data"]["policylang.serve.playground"]
    for path in STATIC.iterdir():
        assert any(fnmatch(f"static/{path.name}", p) for p in patterns), path.name


def test_a_named_policys_text_for_the_editor(client):
    got = client.get("/playground/source/jixi")
    assert got.status_code == 200
    assert got.json() == {"name": "jixi", "text": (POLICIES / "jixi.pol").read_text(encoding="utf-8")}
    unknown = client.get("/playground/source/jixl", headers={"accept-language": "en"})
    assert unknown.status_code == 404 and unknown.json()["errors"][0]["code"] == "H007"
    outside = client.get("/playground/source/..%2Fpyproject", headers={"accept-language": "en"})
    assert outside.status_code in (400, 404) and outside.json()["errors"][0]["code"] in ("H007", "H008")
    assert "[tool" not in outside.text


def test_highlight_rules_are_the_grammars_vocabulary(client):
    rules = client.get("/static/highlight.json").json()
    assert rules == highlight_rules()
    kinds = {rule["kind"] for rule in rules["rules"]}
    assert {"number", "declaration", "clause", "operator", "bound", "type", "name"} <= kinds
    declaration = next(r["regex"] for r in rules["rules"] if r["kind"] == "declaration")
    assert "事实" in declaration and "取高不重复" in declaration  # read from the grammar, not kept here


def test_python_word_classes_become_unicode_in_javascript():
    assert to_javascript(r"(?!\w)") == r"(?![\p{L}\p{N}\p{M}_])"
    assert to_javascript(r"[.·．]\w+") == r"[.·．][\p{L}\p{N}\p{M}_]+"
    assert to_javascript(r"[^\W\d_]+") == r"[\p{L}\p{M}]+"
    assert to_javascript(r"[一二\d]+") == r"[一二\p{Nd}]+"
    assert to_javascript(r"\-(?!>)") == r"-(?!>)"
    with pytest.raises(ValueError):
        to_javascript(r"[\W]")


NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is needed to run the page's highlighter")
@pytest.mark.parametrize("name", ["jixi", "lianyungang"])
def test_the_pages_highlighter_gives_the_parsers_token_kinds(name, tmp_path):
    """The page's highlighter (static/highlight.js in node, with the served rules) gives every token the
    parser reads the kind frontend/vocabulary.py gives it — as tests/test_highlight.py checks Pygments."""
    from policylang.frontend.vocabulary import parsed_tokens

    text = (POLICIES / f"{name}.pol").read_text(encoding="utf-8")
    (tmp_path / "rules.json").write_text(json.dumps(highlight_rules()), encoding="utf-8")
    (tmp_path / "text.txt").write_text(text, encoding="utf-8")
    script = (
        f"import {{ compile, tokenize }} from {json.dumps((STATIC / 'highlight.js').as_uri())};\n"
        "import { readFileSync } from 'node:fs';\n"
        f"const rules = JSON.parse(readFileSync({json.dumps(str(tmp_path / 'rules.json'))}, 'utf8'));\n"
        f"const text = readFileSync({json.dumps(str(tmp_path / 'text.txt'))}, 'utf8');\n"
        "console.log(JSON.stringify(tokenize(compile(rules), text)));\n"
    )
    (tmp_path / "run.mjs").write_text(script, encoding="utf-8")
    out = subprocess.run([NODE, str(tmp_path / "run.mjs")], capture_output=True, text=True, check=True).stdout
    # node's offsets are UTF-16 units, the parser's code points
    units = [0]
    for char in text:
        units.append(units[-1] + (2 if ord(char) > 0xFFFF else 1))
    page = {(start, end): kind for start, end, kind in json.loads(out)}
    expected = {(units[t.start], units[t.end]): t.kind.value for t in parsed_tokens(text)}
    assert expected
    wrong = {span: (kind, page.get(span)) for span, kind in expected.items() if page.get(span) != kind}
    assert not wrong, [(text[a:b], k) for (a, b), k in list(wrong.items())[:10]]


def test_an_edited_policy_is_highlighted_without_a_list_to_keep():
    """The served rules come from the running grammar: a word the grammar has is in them, a word it
    does not have is not (the page has no keyword list of its own)."""
    code = re.sub(r"//[^\n]*", "", (STATIC / "highlight.js").read_text(encoding="utf-8"))
    assert not re.search(r"[\u4e00-\u9fff]", code)  # no Chinese word in the highlighter's code
    words = " ".join(r["regex"] for r in highlight_rules()["rules"])
    assert "语言版本" in words and "没有这个词" not in words


def test_build_script_pins_its_packages():
    lock = json.loads((ROOT / "web" / "playground" / "package-lock.json").read_text(encoding="utf-8"))
    package = json.loads((ROOT / "web" / "playground" / "package.json").read_text(encoding="utf-8"))
    for name, version in package["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), (name, version)  # exact, no ranges
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    assert Path(ROOT / "web" / "playground" / "build.sh").stat().st_mode & 0o111


def test_status_words_are_the_catalogues(client):
    words = client.get("/static/statuses.json").json()
    assert words["zh"]["paid"] == "给予" and words["en"]["undetermined"] == "not determinable"
    assert set(words["zh"]) == {"paid", "ineligible", "undetermined", "excluded", "zero"}


def test_the_installed_package_serves_the_page(tmp_path):
    """Build the wheel, unpack it into a fresh folder and serve the page from there (not the checkout)."""
    import sys
    import zipfile

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("policylang-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in STATIC.iterdir():
        assert f"policylang/serve/playground/static/{path.name}" in names, path.name
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    probe = (
        "import pathlib, policylang; from starlette.testclient import TestClient; "
        "from policylang.serve.app import create_app; "
        f"assert pathlib.Path(policylang.__file__).is_relative_to(pathlib.Path({str(target)!r})); "
        "c = TestClient(create_app(None)); "
        "print(*(c.get(p).status_code for p in ('/', '/static/app.js', '/static/editor.bundle.js', "
        "'/static/charts.bundle.js', '/static/highlight.json', '/static/statuses.json'))); "
        "print(len(c.get('/static/editor.bundle.js').content))"
    )
    out = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", probe],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "POLICYLANG_CACHE": "0"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert out[0] == "200 200 200 200 200 200"
    assert int(out[1]) == (STATIC / "editor.bundle.js").stat().st_size
