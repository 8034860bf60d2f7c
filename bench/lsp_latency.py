"""How quickly `policylang lsp` answers on the seed policies. Targets: diagnostics < 200 ms, check on
save < 1 s (issue 14). Not a timed test: the machine's load decides the figures, so it prints them.

Two ways, each the median of N rounds:
  in-process  what each handler computes, timed in an interpreter that has loaded everything once:
              diagnostics (parse + compile, as eval), hover, completion at the end of a clause,
              document symbols, and check on save (z3 families + text ↔ code + the 原文件's coverage);
  client      the same requests through a real LSP client (pytest-lsp's) to `policylang lsp` over
              stdio: didChange → publishDiagnostics (the 300 ms pause the server waits for typing
              to stop is subtracted), hover, completion, didSave → publishDiagnostics.

    python bench/lsp_latency.py [N]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [ROOT / "policies" / "lianyungang.pol", ROOT / "policies" / "jixi.pol"]


def median_ms(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def in_process(path: Path, rounds: int) -> dict[str, float]:
    from policylang.lsp.checking import check_saved
    from policylang.lsp.completion import complete
    from policylang.lsp.document import analyse
    from policylang.lsp.hover import hover_text, lexed
    from policylang.lsp.symbols import outline

    text = path.read_text(encoding="utf-8")
    doc = analyse(text, str(path))
    assert doc.compiled is not None, doc.diagnostics
    middle = text.count("\n") // 2
    return {
        "diagnostics": median_ms(lambda: analyse(text, str(path)), rounds),
        "hover": median_ms(lambda: (lexed.cache_clear(), hover_text(doc, doc, middle, 3)), rounds),  # uncached
        "completion": median_ms(lambda: complete(doc, doc, len(text) - 2), rounds),
        "symbols": median_ms(lambda: outline(doc), rounds),
        "check on save": median_ms(lambda: check_saved(doc, str(path)), max(rounds // 3, 1)),
    }


async def through_a_client(path: Path, rounds: int) -> dict[str, float]:
    from lsprotocol import types
    from pytest_lsp.client import make_test_lsp_client

    from policylang.lsp.server import DEBOUNCE

    client = make_test_lsp_client()
    await client.start_io(sys.executable, "-m", "policylang", "lsp")
    await client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities()))
    uri = path.resolve().as_uri()
    text = path.read_text(encoding="utf-8")
    doc = types.TextDocumentIdentifier(uri=uri)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="policylang", version=1, text=text)
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    out: dict[str, list[float]] = {"diagnostics": [], "hover": [], "completion": [], "check on save": []}
    end = types.Position(line=text.count("\n"), character=0)
    for version in range(2, rounds + 2):
        start = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(range=types.Range(end, end), text=" " if version % 2 else "")
                ],
            )
        )
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        out["diagnostics"].append(time.perf_counter() - start - DEBOUNCE)
        middle = types.Position(line=text.count("\n") // 2, character=3)
        start = time.perf_counter()
        await client.text_document_hover_async(types.HoverParams(text_document=doc, position=middle))
        out["hover"].append(time.perf_counter() - start)
        start = time.perf_counter()
        await client.text_document_completion_async(types.CompletionParams(text_document=doc, position=middle))
        out["completion"].append(time.perf_counter() - start)
        if version % 3 == 2:
            start = time.perf_counter()
            client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=doc))
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            out["check on save"].append(time.perf_counter() - start)
    await client.shutdown_session()
    return {k: statistics.median(v) * 1000 for k, v in out.items() if v}


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    for path in SEEDS:
        inner = in_process(path, rounds)
        outer = asyncio.run(through_a_client(path, rounds))
        print(f"{path.name}:")
        for what in inner:
            client = f"{outer[what]:7.1f} ms" if what in outer else "        -"
            print(f"  {what:<14} in-process {inner[what]:7.1f} ms   client {client}")


if __name__ == "__main__":
    main()
