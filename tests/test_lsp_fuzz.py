"""A bounded fuzz of `policylang lsp`: a seed policy typed into an empty document, character by
character for its first part and then in random chunks, with completion, hover, symbols and
formatting asked for along the way at the cursor. Every request must answer and the server must
never log an internal failure (L001): a half-typed document is the normal case for a server.
Seeded and sampled so it stays a few seconds (POLICYLANG_FUZZ_EXAMPLES=N types N characters one by one)."""

from __future__ import annotations

import os
import random
import sys

import pytest
import pytest_lsp
from conftest import POLICIES
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

ONE_BY_ONE = int(os.environ.get("POLICYLANG_FUZZ_EXAMPLES", "600"))  # characters typed singly


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "policylang", "lsp", "--lang", "en"]),
)
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities()))
    yield
    await lsp_client.shutdown_session()


def end_of(text: str) -> types.Position:
    """LSP's UTF-16 position at the end of `text`."""
    last = text.rsplit("\n", 1)[-1]
    return types.Position(line=text.count("\n"), character=len(last.encode("utf-16-le")) // 2)


async def ask_everything(client: LanguageClient, uri: str, at: types.Position) -> None:
    doc = types.TextDocumentIdentifier(uri=uri)
    await client.text_document_completion_async(types.CompletionParams(text_document=doc, position=at))
    await client.text_document_hover_async(types.HoverParams(text_document=doc, position=at))
    await client.text_document_definition_async(types.DefinitionParams(text_document=doc, position=at))
    await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc))


async def test_typing_a_seed_policy_never_crashes_the_server(client: LanguageClient, tmp_path):
    rng = random.Random(14)
    target = (POLICIES / "lianyungang.pol").read_text(encoding="utf-8")
    target = target.replace("# reading:", "# 𠀀 reading:", 3)  # non-BMP characters on the way
    uri = (tmp_path / "typed.pol").as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="policylang", version=1, text="")
        )
    )
    typed, version = "", 1
    while len(typed) < len(target):
        step = 1 if len(typed) < ONE_BY_ONE else rng.randint(50, 900)
        chunk = target[len(typed) : len(typed) + step]
        at = end_of(typed)
        version += 1
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangePartial(range=types.Range(at, at), text=chunk)],
            )
        )
        typed += chunk
        if step > 1 or rng.random() < 0.08:
            await ask_everything(client, uri, end_of(typed))
            mid = rng.randrange(len(typed) + 1)
            await ask_everything(client, uri, end_of(typed[:mid]))
    formatted = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert formatted is not None  # the whole policy typed: it parses again (fmt may or may not change it)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert symbols and any(getattr(s, "name", "").startswith("三(一)3") for s in symbols)
    failures = [m.message for m in client.log_messages if "[L001]" in m.message]
    assert not failures, failures[:3]
