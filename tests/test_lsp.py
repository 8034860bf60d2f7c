"""`policylang lsp` end to end: a real LSP client (pytest-lsp) starts the server as a drafter's
editor would (`python -m policylang lsp`) and opens real policy files.

Positions are LSP's UTF-16 ones; the broken document has a non-BMP character (𠀀, two UTF-16
units) before the error on its line, so a column copied from policylang's code points would be off.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from conftest import FIXTURES, POLICIES
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

EXHIBITION = FIXTURES / "lsp" / "exhibition.pol"
LIANYUNGANG = POLICIES / "lianyungang.pol"
# The seed before its migration to 语言版本 2: its 三(一)3 boundary is still TIER005, with a counterexample.
LIANYUNGANG_V1 = FIXTURES / "bounds" / "lianyungang_v1.pol"


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "policylang", "lsp", "--lang", "zh"]),
)
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=POLICIES.parent.as_uri(),
            locale="en",  # --lang zh wins over the client's locale
        )
    )
    yield
    await lsp_client.shutdown_session()


def uri_of(path: Path) -> str:
    return path.resolve().as_uri()


async def published(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """Wait for this document's next diagnostics (another document's may be published first)."""
    client.diagnostics.pop(uri, None)
    while uri not in client.diagnostics:
        await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), timeout=30)
    return list(client.diagnostics[uri])


async def open_text(client: LanguageClient, uri: str, text: str) -> list[types.Diagnostic]:
    waiting = asyncio.ensure_future(published(client, uri))
    await asyncio.sleep(0)  # the entry is cleared before the server can answer
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="policylang", version=1, text=text)
        )
    )
    return await waiting


async def open_file(client: LanguageClient, path: Path) -> str:
    uri = uri_of(path)
    await open_text(client, uri, path.read_text(encoding="utf-8"))
    return uri


BROKEN = """政策 "t" { 舍入 四舍五入 到 分 }
事实 展位费: 金额 "该展位实际发生的展位费"
条款 一 "境内展会" {
  解读 "𠀀" 奖励 50% × 展会费
}
"""


async def saved(client: LanguageClient, uri: str, watch: str | None = None) -> list[types.Diagnostic]:
    """Save the document and wait until check's findings are published for it (or for `watch`):
    check runs in the background, and other documents' diagnostics may come first."""
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    target = watch or uri
    for _ in range(50):
        await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), timeout=30)
        if any(d.source == "policylang check" for d in client.diagnostics.get(target, [])):
            break
    return list(client.diagnostics.get(target, []))


async def test_a_broken_document_gets_located_diagnostics_in_utf16(client: LanguageClient, tmp_path: Path):
    # 𠀀 (U+20000) is two UTF-16 units: the unknown name 展会费 stands one unit further right than its code point.
    shown = await open_text(client, uri_of(tmp_path / "broken.pol"), BROKEN)
    assert [d.code for d in shown] == ["T105"], [(d.code, d.message) for d in shown]
    d = shown[0]
    line = BROKEN.split("\n")[3]
    start = line.index("展会费")
    assert (d.range.start.line, d.range.start.character, d.range.end.character) == (3, start + 1, start + 1 + 3)
    assert d.severity == types.DiagnosticSeverity.Error
    assert "展会费" in d.message and "是否想写“展位费”" in d.message  # the catalogue's words and its suggestion
    assert d.code_description is not None and d.code_description.href.endswith("#a-tour-of-the-language")


async def test_a_syntax_error_after_a_non_bmp_comment_is_located(client: LanguageClient, tmp_path: Path):
    text = '政策 "t" {}\n# 𠀀𠀀\n条款 一 "𠀀" { 奖励 }\n'
    shown = await open_text(client, uri_of(tmp_path / "syntax.pol"), text)
    assert [d.code for d in shown] == ["P001"]
    d = shown[0]
    line = text.split("\n")[2]
    assert d.range.start.line == 2
    assert d.range.start.character == line.index("}") + 1  # the 𠀀 in the title takes two units


def at(text: str, needle: str, after: str = "", delta: int = 1) -> types.Position:
    """The position `delta` characters into the first `needle` after `after` (BMP text: units = code points)."""
    offset = text.index(needle, text.index(after) if after else 0) + delta
    line = text.count("\n", 0, offset)
    return types.Position(line=line, character=offset - (text.rfind("\n", 0, offset) + 1))


async def hover(client: LanguageClient, uri: str, pos: types.Position) -> str:
    found = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos)
    )
    assert found is not None and isinstance(found.contents, types.MarkupContent)
    return found.contents.value


async def test_hover_shows_facts_parameters_amounts_citations_and_keywords(client: LanguageClient):
    uri = await open_file(client, EXHIBITION)
    text = EXHIBITION.read_text(encoding="utf-8")
    fact = await hover(client, uri, at(text, "展位费", after="奖励 50%"))
    assert "事实" in fact and "金额(元)" in fact and "默认: `0元`" in fact and "该展位实际发生的展位费" in fact
    param = await hover(client, uri, at(text, "单个展位上限", after='上限 "'))
    assert "`0.8万元` = `8,000.00元`" in param and "单个标准展位最高扶持0.8万元" in param
    open_value = await hover(client, uri, at(text, "扶持比例"))
    assert "未规定" in open_value and "原文只写" in open_value
    amount = await hover(client, uri, at(text, "0.8万元", after="参数 单个展位上限"))
    assert amount == "`0.8万元` = `8,000.00元`"
    cited = await hover(client, uri, at(text, "一(二)", after="取高不重复"))
    assert "原文: 不在省、市贸易促进计划内的展会" in cited and "境外展览会" in cited
    keyword = await hover(client, uri, at(text, "条款"))
    assert keyword.startswith("**条款** — ") and "给付条款" in keyword
    # a keyword the catalogue has no line for (a comparison word) is still named, from the grammar
    assert await hover(client, uri, at(text, "超过")) == "**超过** — 关键字“超过”"


async def test_definition_and_references_of_a_name_and_a_citation(client: LanguageClient):
    uri = await open_file(client, EXHIBITION)
    text = EXHIBITION.read_text(encoding="utf-8")
    where = types.TextDocumentIdentifier(uri=uri)
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=where, position=at(text, "展位费", after="奖励 70%"))
    )
    assert isinstance(found, list) and [(d.range.start.line, d.range.start.character) for d in found] == [(7, 3)]
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=where,
            position=at(text, "展位费", after="事实"),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    assert refs is not None and sorted(r.range.start.line for r in refs) == [16, 22]
    clause = await client.text_document_definition_async(
        types.DefinitionParams(text_document=where, position=at(text, "一(一)", after="取高不重复"))
    )
    assert isinstance(clause, list) and [d.range.start.line for d in clause] == [12]


async def test_document_and_workspace_symbols(client: LanguageClient):
    uri = await open_file(client, EXHIBITION)
    outline = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert outline is not None
    names = [s.name for s in outline]
    assert names == [
        "境内展会扶持",
        "展位费",
        "展位数",
        "单个展位上限",
        "扶持比例",
        "一(一) 境内重点展会",
        "一(二) 境外展览会",
        "同一展位不重复扶持",
    ]
    everywhere = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="三(一)3"))
    assert everywhere is not None
    assert any(s.location.uri.endswith("policies/lianyungang.pol") for s in everywhere), everywhere


async def completions(client: LanguageClient, uri: str, pos: types.Position) -> list[types.CompletionItem]:
    found = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos)
    )
    assert isinstance(found, list)
    return found


async def test_completion_offers_cjk_keywords_names_citations_and_units(client: LanguageClient, tmp_path: Path):
    base = EXHIBITION.read_text(encoding="utf-8")
    uri = uri_of(tmp_path / "typing.pol")
    text = base + '\n条款 二 "新条款" {\n  原'
    await open_text(client, uri, text)
    end = types.Position(line=text.count("\n"), character=len(text.rsplit("\n", 1)[1]))
    offered = await completions(client, uri, end)
    assert [i.label for i in offered] == ["原文"]
    assert offered[0].kind == types.CompletionItemKind.Keyword
    assert offered[0].text_edit is not None and offered[0].text_edit.range.start.character == 2  # replaces 原

    names = await completions(client, uri, types.Position(line=end.line, character=2))  # before 原: a statement
    assert {"条件", "奖励", "上限", "原文", "解读"} <= {i.label for i in names}


async def test_completion_after_a_number_and_inside_a_group(client: LanguageClient, tmp_path: Path):
    base = EXHIBITION.read_text(encoding="utf-8")
    uri = uri_of(tmp_path / "typing2.pol")
    text = base + '\n合计上限 "合计最高" 1万'
    await open_text(client, uri, text)
    end = types.Position(line=text.count("\n"), character=len(text.rsplit("\n", 1)[1]))
    units = {i.label for i in await completions(client, uri, end)}
    assert {"1万元", "1万美元"} <= units
    text2 = base + '\n合计上限 "合计最高" 1万元 { '
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text2)],
        )
    )
    end2 = types.Position(line=text2.count("\n"), character=len(text2.rsplit("\n", 1)[1]))
    cited = await completions(client, uri, end2)
    assert [(i.label, i.kind) for i in cited] == [
        ("一(一)", types.CompletionItemKind.Reference),
        ("一(二)", types.CompletionItemKind.Reference),
    ]
    text3 = base + '\n条款 二 "新" {\n  奖励 50% × 展'
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text3)],
        )
    )
    end3 = types.Position(line=text3.count("\n"), character=len(text3.rsplit("\n", 1)[1]))
    assert {i.label for i in await completions(client, uri, end3)} == {"展位费", "展位数"}  # a typo fixed by completion


async def test_formatting_is_one_whole_document_edit_and_leaves_a_broken_one_alone(
    client: LanguageClient, tmp_path: Path
):
    messy = EXHIBITION.read_text(encoding="utf-8").replace("  奖励 70% × 展位费", "奖励   70%×展位费")
    uri = uri_of(tmp_path / "messy.pol")
    await open_text(client, uri, messy)
    options = types.FormattingOptions(tab_size=2, insert_spaces=True)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(text_document=types.TextDocumentIdentifier(uri=uri), options=options)
    )
    assert edits is not None and len(edits) == 1
    assert edits[0].range.start == types.Position(0, 0)
    assert edits[0].new_text == EXHIBITION.read_text(encoding="utf-8")
    broken = uri_of(tmp_path / "broken-fmt.pol")
    await open_text(client, broken, messy + "\n条款 {")
    none = await client.text_document_formatting_async(
        types.DocumentFormattingParams(text_document=types.TextDocumentIdentifier(uri=broken), options=options)
    )
    assert not none


async def test_on_save_check_findings_acknowledged_and_the_counterexample_action(client: LanguageClient):
    uri = await open_file(client, LIANYUNGANG_V1)
    shown = await saved(client, uri)
    checked = [d for d in shown if d.source == "policylang check"]
    acknowledged = [d for d in checked if d.code == "TIER001"]
    assert acknowledged and all(d.severity == types.DiagnosticSeverity.Information for d in acknowledged)
    assert all(d.message.startswith("已确认") for d in acknowledged)
    text = LIANYUNGANG_V1.read_text(encoding="utf-8")
    assert text.split("\n")[acknowledged[0].range.start.line].lstrip().startswith(("档", "奖励", "条款", "上限"))
    boundary = next(d for d in checked if d.code == "TIER005")
    assert boundary.severity == types.DiagnosticSeverity.Warning
    assert boundary.code_description is not None and boundary.code_description.href.endswith("#policylang-check")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=boundary.range,
            context=types.CodeActionContext(diagnostics=[boundary]),
        )
    )
    assert actions is not None and len(actions) == 1
    action = actions[0]
    assert isinstance(action, types.CodeAction) and action.edit is not None and action.edit.document_changes
    create, insert = action.edit.document_changes
    assert isinstance(create, types.CreateFile) and isinstance(insert, types.TextDocumentEdit)
    assert create.uri == insert.text_document.uri
    assert create.uri.startswith(LIANYUNGANG_V1.parent.resolve().as_uri() + "/lianyungang_v1.TIER005.")
    assert create.uri.endswith(".yaml")
    case = insert.edits[0].new_text
    assert "事实" in case or ":" in case
    unspecified = next(d for d in checked if d.code == "UNSPEC001")  # no counterexample: no action
    none = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=unspecified.range,
            context=types.CodeActionContext(diagnostics=[unspecified]),
        )
    )
    assert not none


async def test_the_evaluate_lens_runs_a_clause_on_a_case_file(client: LanguageClient, tmp_path: Path):
    uri = await open_file(client, EXHIBITION)
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert lenses is not None and [lens.range.start.line for lens in lenses] == [12, 20]
    command = lenses[0].command
    assert command is not None and command.title == "用案例计算…" and list(command.arguments or ()) == [uri, "一(一)"]
    case = tmp_path / "case.yaml"
    case.write_text("展位费: 20000元\n展位数: 1\n", encoding="utf-8")
    table = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=command.command, arguments=[*(command.arguments or ()), str(case)])
    )
    assert isinstance(table, str) and "合计：8,000.00元" in table  # the award table eval prints for that clause
    rows = [line.split()[0] for line in table.splitlines() if line.startswith("一(")]
    assert rows == ["一(一)"]
    missing = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=command.command, arguments=list(command.arguments or ()))
    )
    assert isinstance(missing, str) and "[L002]" in missing and "案例文件" in missing


async def test_diagnostics_follow_the_typing_after_a_pause(client: LanguageClient, tmp_path: Path):
    uri = uri_of(tmp_path / "typed.pol")
    text = EXHIBITION.read_text(encoding="utf-8")
    assert not await open_text(client, uri, text)  # UNSPEC001 is check's, on save: none as typed
    waiting = asyncio.ensure_future(published(client, uri))
    await asyncio.sleep(0)
    typed = asyncio.get_running_loop().time()
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        at(text, "展位费", after="奖励 70%", delta=0), at(text, "展位费", after="奖励 70%", delta=3)
                    ),
                    text="展位",
                )
            ],
        )
    )
    shown = await waiting
    assert asyncio.get_running_loop().time() - typed >= 0.3  # after the pause, not at each keystroke
    assert shown[0].code == "T105" and shown[0].range.start == at(text, "展位费", after="奖励 70%", delta=0)
    assert "展位" in shown[0].message


async def test_a_finding_in_the_official_text_is_published_for_that_file(client: LanguageClient):
    policy = FIXTURES / "lsp" / "covered.pol"
    official = FIXTURES / "lsp" / "official.txt"
    uri = await open_file(client, policy)
    await saved(client, uri, watch=uri_of(official))
    (src,) = client.diagnostics[uri_of(official)]
    assert src.code == "SRC001" and src.severity == types.DiagnosticSeverity.Error
    line = official.read_text(encoding="utf-8").split("\n")[3]
    assert (src.range.start.line, src.range.start.character) == (3, line.index("8万元"))
    assert not [d for d in client.diagnostics[uri] if d.code == "SRC001"]


async def test_a_dated_table_is_found_where_it_is_read(client: LanguageClient):
    jixi = POLICIES / "jixi.pol"
    uri = await open_file(client, jixi)
    text = jixi.read_text(encoding="utf-8")
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=at(text, "一年期LPR", after="定义 认定贷款利息"),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert refs is not None
    assert sorted(r.range.start.line for r in refs) == [text[: text.index("表 一年期LPR")].count("\n"), 82]
    shown = await hover(client, uri, at(text, "一年期LPR", after="定义 认定贷款利息"))
    assert "按日期的表" in shown and "比例" in shown


async def test_hovering_a_citation_of_lianyungang_reads_its_original_text(client: LanguageClient):
    uri = await open_file(client, LIANYUNGANG)
    text = LIANYUNGANG.read_text(encoding="utf-8")
    shown = await hover(client, uri, at(text, "三(四)2.租赁", after='取高不重复 "同一支持事项：海外仓的使用"'))
    quote = next(
        line for line in text.split("\n")[text[: text.index("条款 三(四)2.租赁")].count("\n") :] if "原文" in line
    )
    assert shown.startswith("**条款 三(四)2.租赁**")
    assert "原文: " + quote.strip().removeprefix('原文 "').removesuffix('"') in shown
