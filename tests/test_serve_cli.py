"""`policylang serve` as a command: starlette and uvicorn stay out of the CLI's start-up and of eval,
bad options are located errors with a code (exit 2), a port in use is H023, and a real server
started with --port 0 answers on the port it names (then is stopped)."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import urllib.request

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, POLICIES, ROOT

from policylang.cli import main

GOLDEN = ROOT / "tests" / "golden" / "serve"


def run_en(*args: str):
    return CliRunner().invoke(main, ["--lang", "en", "serve", *args])


def test_help_and_eval_never_import_starlette_or_uvicorn():
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from policylang.cli import main\n"
        "r = CliRunner()\n"
        "assert 'serve' in r.invoke(main, ['--help']).output\n"
        f"assert r.invoke(main, ['eval', {str(EXAMPLES / 'exhibition.pol')!r}, {str(EXAMPLES / 'exhibition.case.yaml')!r}]).exit_code == 0\n"
        "assert r.invoke(main, ['serve', '--help']).exit_code == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn', 'httpx', 'anyio')))\n"
        "print('policylang.serve.app' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["[]", "False"]


def test_serve_help_golden():
    from golden import assert_golden

    for lang in ("zh", "en"):
        result = CliRunner().invoke(main, ["--lang", lang, "serve", "--help"], terminal_width=100)
        assert result.exit_code == 0
        # the help option's own line depends on whether click built it under the main group (-h too)
        # or first elsewhere in the session: it is not serve's, so it is left out
        shown = "\n".join(line for line in result.output.splitlines() if "--help" not in line)
        assert_golden(GOLDEN / f"help.{lang}.txt", shown)


@pytest.mark.parametrize("port", ["99999", "http", "-1"])
def test_a_bad_port_is_h020(port):
    result = run_en("--port", port)
    assert result.exit_code == 2
    assert "error[H020]" in result.stderr and "--port:1:1" in result.stderr and "--port 8000" in result.stderr


@pytest.mark.parametrize(
    ("path", "reason"), [("no/such/folder", "it does not exist"), (str(POLICIES / "jixi.pol"), "it is a file")]
)
def test_a_bad_policies_folder_is_h021(path, reason):
    result = run_en("--policies", path)
    assert result.exit_code == 2
    assert "error[H021]" in result.stderr and reason in result.stderr and "--policies policies" in result.stderr


def test_a_port_in_use_is_h023():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        result = run_en("--port", str(taken.getsockname()[1]))
    assert result.exit_code == 2
    assert "error[H023]" in result.stderr and "--port" in result.stderr


def test_without_the_serve_extra_it_says_what_to_install(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a))
    result = run_en()
    assert result.exit_code == 2
    assert "error[H022]" in result.stderr and "pip install 'policylang[serve]'" in result.stderr


def test_a_real_server_answers_on_loopback():
    pytest.importorskip("uvicorn")
    proc = subprocess.Popen(
        [sys.executable, "-m", "policylang", "--lang", "en", "serve", "--port", "0", "--policies", str(POLICIES)],
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert found, line
        with urllib.request.urlopen(f"http://127.0.0.1:{found[1]}/v1/policies", timeout=30) as r:
            names = [p["name"] for p in json.load(r)["policies"]]
        assert names == ["jixi", "lianyungang"]
    finally:
        proc.terminate()
        proc.wait(10)
