"""`policylang lsp`: the language server, on pygls 2 (lsprotocol types). One handler per LSP method,
each a thin adapter from the plain results of document / hover / symbols / completion / checking
to LSP types, in the language of `--lang` or else the client's locale.

- As the drafter types, diagnostics (syntax, names, types, units: the loader eval uses) are
  published after a pause of DEBOUNCE seconds; on open at once.
- On save, `check`'s findings join them (checking.py; in one background thread, so other
  requests keep answering); a finding with a counterexample offers the
  code action "write the counterexample case", which creates the case file beside the policy.
- Every handler catches its own failure (L001, logged to the client) and answers with nothing,
  so a half-typed document never stops the server.

Positions: the negotiated encoding (UTF-16 unless the client prefers another), converted from
policylang's code point columns by positions.py.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar, cast

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from policylang.errors import ERROR, INFO, WARNING, Diagnostic, Msg, Span
from policylang.lsp.checking import case_files, check_saved, code_href
from policylang.lsp.completion import Item, complete
from policylang.lsp.document import Analysis, Occurrence, analyse
from policylang.lsp.hover import hover_text
from policylang.lsp.positions import UTF16, Lines, Pos
from policylang.lsp.symbols import Shape, Symbol, Workspace, definitions, matches, outline, policy_files, references
from policylang.report.i18n import LANGUAGES, language, language_from_environment, t
from policylang.tools.check.findings import Finding

DEBOUNCE = 0.3  # seconds without a keystroke before a document is analysed again
EVALUATE = "policylang.evaluate"  # the code lens's command: [uri, citation, case file]
log = logging.getLogger("policylang.lsp")
F = TypeVar("F", bound=Callable[..., Any])

SEVERITIES = {
    ERROR: types.DiagnosticSeverity.Error,
    WARNING: types.DiagnosticSeverity.Warning,
    INFO: types.DiagnosticSeverity.Information,
}
SYMBOL_KINDS = {
    Shape.HEADER: types.SymbolKind.Module,
    Shape.FACT: types.SymbolKind.Field,
    Shape.PARAM: types.SymbolKind.Constant,
    Shape.DEFINITION: types.SymbolKind.Function,
    Shape.TABLE: types.SymbolKind.Struct,
    Shape.CLAUSE: types.SymbolKind.Class,
    Shape.GROUP: types.SymbolKind.Namespace,
}
COMPLETION_KINDS = {
    Item.KEYWORD: types.CompletionItemKind.Keyword,
    Item.FACT: types.CompletionItemKind.Field,
    Item.PARAM: types.CompletionItemKind.Constant,
    Item.DEFINITION: types.CompletionItemKind.Function,
    Item.TABLE: types.CompletionItemKind.Struct,
    Item.CLAUSE: types.CompletionItemKind.Reference,
    Item.UNIT: types.CompletionItemKind.Unit,
}


def locale_language(locale: str | None) -> str:
    """The client's locale (zh-cn, en-US, …) as one of policylang's languages."""
    if locale:
        head = locale.lower().replace("_", "-").split("-")[0]
        if head in LANGUAGES:
            return head
    return language_from_environment()


class PolicyServer(LanguageServer):
    def __init__(self, lang: str | None = None) -> None:
        from policylang import __version__

        super().__init__("policylang", str(__version__))
        self.forced = lang
        self.lang = lang or language_from_environment()
        self.analyses: dict[str, tuple[int | None, Analysis]] = {}
        self.good: dict[str, Analysis] = {}  # the last version of each document that parsed
        self.findings: dict[str, list[Finding]] = {}  # check's findings at the last save
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.elsewhere: dict[str, set[str]] = {}  # the other files a document's findings were published for
        self.checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="policylang-check")
        self.files = Workspace()

    # ------------------------------------------------------------------ documents
    @property
    def encoding(self) -> str:
        try:
            return str(self.workspace.position_encoding or UTF16)
        except RuntimeError:  # pragma: no cover - before initialize
            return UTF16

    def analysis(self, uri: str) -> Analysis:
        """The document's analysis for its current version (made once per version)."""
        doc = self.workspace.get_text_document(uri)
        text = doc.source
        cached = self.analyses.get(uri)
        if cached is not None and cached[0] == doc.version and cached[1].text == text:
            return cached[1]
        found = analyse(text, path_of(uri), self.encoding)
        self.analyses[uri] = (doc.version, found)
        if found.policy is not None:
            self.good[uri] = found
        return found

    def publish(self, uri: str) -> None:
        """The document's diagnostics; a check finding located in another file (SRC001: a sentence
        of the official text no clause quotes) is published for that file, where it stands."""
        self.pending.pop(uri, None)
        elsewhere: dict[str, list[types.Diagnostic]] = {}
        with language(self.lang):
            doc = self.analysis(uri)
            shown = [lsp_diagnostic(d, doc.lines) for d in doc.diagnostics]
            for f in self.findings.get(uri, []):
                if f.span is None or f.span.source.name == doc.name:
                    shown.append(finding_diagnostic(f, doc.lines))
                    continue
                other = from_fs_path(f.span.source.name) or f.span.source.name
                lines = Lines(f.span.source.text, self.encoding)
                elsewhere.setdefault(other, []).append(finding_diagnostic(f, lines))
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=shown))
        for gone in self.elsewhere.get(uri, set()) - set(elsewhere):  # fixed since: cleared
            elsewhere[gone] = []
        for other, found in elsewhere.items():
            if other != uri:
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=other, diagnostics=found))
        self.elsewhere[uri] = {other for other, found in elsewhere.items() if found}

    def later(self, uri: str) -> None:
        """Publish after DEBOUNCE seconds without another change to this document."""
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()
        loop = asyncio.get_running_loop()  # handlers run on the server's event loop
        self.pending[uri] = loop.call_later(DEBOUNCE, self.safely_publish, uri)

    def safely_publish(self, uri: str) -> None:
        try:
            self.publish(uri)
        except Exception as err:  # never let one analysis stop the server
            self.report("publishDiagnostics", err)

    def check_in_background(self, uri: str) -> None:
        """Run check on the saved document in the one checking thread (z3 is not to be shared
        between threads), so hovers and completions keep answering meanwhile; its findings are
        shown only if the document has not changed since (else they would stand on moved text)."""
        doc = self.analysis(uri)
        version = self.analyses[uri][0]
        loop = asyncio.get_running_loop()
        context = contextvars.copy_context()  # the language in force goes with the work

        def done(found: list[Finding]) -> None:
            current = self.analyses.get(uri)
            if current is not None and current[0] == version and current[1] is doc:
                self.findings[uri] = found
                self.safely_publish(uri)

        def work() -> None:
            try:
                found = context.run(check_saved, doc, path_of(uri))
            except Exception as err:
                loop.call_soon_threadsafe(self.report, "didSave", err)
                return
            loop.call_soon_threadsafe(done, found)

        self.checker.submit(work)

    def report(self, method: str, err: BaseException) -> None:
        log.exception("request failed: %s", method)
        with language(self.lang):
            text = Diagnostic("L001", Msg("lsp.internal", method=method, error=f"{type(err).__name__}: {err}")).render()
        try:
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Error, message=text))
        except Exception:  # pragma: no cover - the connection itself is gone
            pass


def path_of(uri: str) -> str:
    return to_fs_path(uri) or uri


def position(lines: Lines, pos: Pos) -> types.Position:
    return types.Position(line=pos.line, character=pos.character)


def span_range(span: Span, lines: Lines) -> types.Range:
    start, end = lines.span_range(span)
    return types.Range(start=position(lines, start), end=position(lines, end))


def cursor(lines: Lines, at: types.Position) -> tuple[int, int]:
    """An LSP position as policylang's 1-based line and code point column."""
    line, column = lines.from_lsp(Pos(at.line, at.character))
    return line + 1, column + 1


def lsp_diagnostic(d: Diagnostic, lines: Lines) -> types.Diagnostic:
    """A located problem as the CLI shows it: message, notes and suggestion, in the language in force."""
    parts = [d.text()]
    parts += [f"{t('label.note')}: {n}" for n in d.note_texts()]
    hint = d.hint()
    if hint:
        parts.append(f"{t('label.suggestion')}: {hint}")
    where = span_range(d.span, lines) if d.span is not None else types.Range(types.Position(0, 0), types.Position(0, 0))
    return types.Diagnostic(
        range=where,
        message="\n".join(parts),
        severity=SEVERITIES.get(d.severity, types.DiagnosticSeverity.Error),
        code=d.code,
        code_description=types.CodeDescription(href=code_href(d.code)),
        source="policylang",
    )


def finding_diagnostic(f: Finding, lines: Lines) -> types.Diagnostic:
    """A check finding; an acknowledged one (已知) as Information saying so, with its reason."""
    out = lsp_diagnostic(f.diagnostic(), lines)
    out.source = "policylang check"
    if f.acknowledged is not None:
        out.severity = types.DiagnosticSeverity.Information
        out.message = f"{t('lsp.acknowledged', reason=f.acknowledged.reason)}\n{out.message}"
    if f.examples:
        out.data = {"counterexamples": len(f.examples)}
    if f.related:  # the text family: the code a 原文 phrase disagrees with
        out.related_information = [
            types.DiagnosticRelatedInformation(
                location=types.Location(
                    uri=from_fs_path(r.span.source.name) or r.span.source.name,
                    range=span_range(r.span, Lines(r.span.source.text, lines.encoding)),
                ),
                message=r.label,
            )
            for r in f.related
        ]
    return out


def location(o: Occurrence, lines_of: Callable[[str], Lines]) -> types.Location:
    name = o.span.source.name
    return types.Location(uri=from_fs_path(name) or name, range=span_range(o.span, lines_of(name)))


def document_symbol(s: Symbol, lines: Lines) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=s.name or "?",
        detail=s.detail,
        kind=SYMBOL_KINDS[s.shape],
        range=span_range(s.span, lines),
        selection_range=span_range(s.selection, lines),
    )


def answering(default: Callable[[], Any]) -> Callable[[F], F]:
    """A handler that answers `default()` when it fails (L001 logged), in the server's language."""

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def handler(ls: PolicyServer, params: Any) -> Any:
            try:
                with language(ls.lang):
                    return fn(ls, params)
            except Exception as err:
                ls.report(fn.__name__, err)
                return default()

        return cast(F, handler)

    return wrap


def none() -> None:
    return None


def make_server(lang: str | None = None) -> PolicyServer:
    server = PolicyServer(lang)

    @server.feature(types.INITIALIZE)
    @answering(none)
    def initialize(ls: PolicyServer, params: types.InitializeParams) -> None:
        if ls.forced is None:
            ls.lang = locale_language(params.locale)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @answering(none)
    def did_open(ls: PolicyServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @answering(none)
    def did_change(ls: PolicyServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.findings.pop(uri, None)  # check's places no longer match the text: shown again on save
        ls.later(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @answering(none)
    def did_save(ls: PolicyServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.check_in_background(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @answering(none)
    def did_close(ls: PolicyServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        for table in (ls.analyses, ls.good, ls.findings):
            table.pop(uri, None)
        pending = ls.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        for shown in {uri, *ls.elsewhere.pop(uri, set())}:  # and the official text's findings it published
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=shown, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @answering(none)
    def hover(ls: PolicyServer, params: types.HoverParams) -> types.Hover | None:
        uri = params.text_document.uri
        doc = ls.analysis(uri)
        line, column = cursor(doc.lines, params.position)
        text = hover_text(doc, ls.good.get(uri), line, column)
        if text is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))

    def lines_of(ls: PolicyServer) -> Callable[[str], Lines]:
        def lines(name: str) -> Lines:
            found = ls.analyses.get(from_fs_path(name) or name)
            return found[1].lines if found is not None else Lines("", ls.encoding)

        return lines

    def navigable(ls: PolicyServer, uri: str) -> Analysis:
        doc = ls.analysis(uri)
        return doc if doc.policy is not None else ls.good.get(uri, doc)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @answering(list)
    def definition(ls: PolicyServer, params: types.DefinitionParams) -> list[types.Location]:
        doc = navigable(ls, params.text_document.uri)
        line, column = cursor(doc.lines, params.position)
        return [location(o, lines_of(ls)) for o in definitions(doc, line, column)]

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    @answering(list)
    def find_references(ls: PolicyServer, params: types.ReferenceParams) -> list[types.Location]:
        doc = navigable(ls, params.text_document.uri)
        line, column = cursor(doc.lines, params.position)
        found = references(doc, line, column, params.context.include_declaration)
        return [location(o, lines_of(ls)) for o in found]

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @answering(list)
    def document_symbols(ls: PolicyServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
        doc = navigable(ls, params.text_document.uri)
        return [document_symbol(s, doc.lines) for s in outline(doc)]

    @server.feature(types.WORKSPACE_SYMBOL)
    @answering(list)
    def workspace_symbols(ls: PolicyServer, params: types.WorkspaceSymbolParams) -> list[types.SymbolInformation]:
        out: list[types.SymbolInformation] = []
        open_paths = set()
        for uri in list(ls.workspace.text_documents):
            open_paths.add(Path(path_of(uri)).resolve())
            doc = navigable(ls, uri)
            out += [symbol_information(s, uri, doc.lines) for s in outline(doc) if matches(s, params.query)]
        for root in workspace_roots(ls):
            for path in policy_files(root):
                if path.resolve() in open_paths:
                    continue
                text = path.read_text(encoding="utf-8-sig", errors="replace")
                lines = Lines(text, ls.encoding)
                uri = from_fs_path(str(path)) or str(path)
                out += [symbol_information(s, uri, lines) for s in ls.files.symbols(path) if matches(s, params.query)]
        return out

    @server.feature(types.TEXT_DOCUMENT_COMPLETION)
    @answering(list)
    def completion(ls: PolicyServer, params: types.CompletionParams) -> list[types.CompletionItem]:
        uri = params.text_document.uri
        doc = ls.analysis(uri)
        offset = doc.lines.offset(Pos(params.position.line, params.position.character))
        end = position(doc.lines, doc.lines.at_offset(offset))
        items = []
        for i, offer in enumerate(complete(doc, ls.good.get(uri), offset)):
            start = position(doc.lines, doc.lines.at_offset(offer.replace_from))
            items.append(
                types.CompletionItem(
                    label=offer.label,
                    kind=COMPLETION_KINDS[offer.kind],
                    detail=offer.detail,
                    sort_text=f"{i:04d}",
                    text_edit=types.TextEdit(range=types.Range(start=start, end=end), new_text=offer.label),
                )
            )
        return items

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    @answering(list)
    def formatting(ls: PolicyServer, params: types.DocumentFormattingParams) -> list[types.TextEdit]:
        from policylang.errors import PolicyError
        from policylang.tools.fmt import format_text

        doc = ls.analysis(params.text_document.uri)
        try:
            out = format_text(doc.text, doc.name)
        except PolicyError:
            return []  # a document that does not parse is left as it is
        if out == doc.text:
            return []
        whole = types.Range(start=types.Position(0, 0), end=position(doc.lines, doc.lines.end()))
        return [types.TextEdit(range=whole, new_text=out)]

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    @answering(list)
    def code_actions(ls: PolicyServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        doc = ls.analysis(uri)
        out = []
        for f in ls.findings.get(uri, []):
            if not f.examples:
                continue
            shown = finding_diagnostic(f, doc.lines)
            if not any(d.code == f.code and d.range == shown.range for d in params.context.diagnostics):
                continue
            for case in case_files(f, path_of(uri)):
                out.append(write_case_action(case.path, case.example.yaml, shown))
        return out

    @server.feature(types.TEXT_DOCUMENT_CODE_LENS)
    @answering(list)
    def code_lenses(ls: PolicyServer, params: types.CodeLensParams) -> list[types.CodeLens]:
        from policylang.frontend import ast

        uri = params.text_document.uri
        doc = navigable(ls, uri)
        if doc.policy is None:
            return []
        title = t("lsp.lens.evaluate")
        return [
            types.CodeLens(
                range=span_range(
                    Span(c.span.source, c.span.line, c.span.column, c.span.line, c.span.column), doc.lines
                ),
                command=types.Command(title=title, command=EVALUATE, arguments=[uri, c.citation]),
            )
            for c in doc.policy.of(ast.Clause)
        ]

    @server.command(EVALUATE)
    def evaluate(ls: PolicyServer, *args: Any) -> str:
        """[uri, citation, case file]: the clause's award table for that case, as `eval` prints it."""
        from policylang.lsp.evaluate import evaluate_clause

        try:
            with language(ls.lang):
                uri = str(args[0])
                citation = str(args[1]) if len(args) > 1 and args[1] else None
                case = str(args[2]) if len(args) > 2 and args[2] else None
                if case and case.startswith("file:"):
                    case = path_of(case)
                return evaluate_clause(ls.analysis(uri), citation, case)
        except Exception as err:
            ls.report(EVALUATE, err)
            return ""

    return server


def symbol_information(s: Symbol, uri: str, lines: Lines) -> types.SymbolInformation:
    return types.SymbolInformation(
        name=s.name or "?",
        kind=SYMBOL_KINDS[s.shape],
        location=types.Location(uri=uri, range=span_range(s.selection, lines)),
        container_name=s.detail,
    )


def workspace_roots(ls: PolicyServer) -> list[Path]:
    roots = []
    for folder in ls.workspace.folders.values():
        path = to_fs_path(folder.uri)
        if path:
            roots.append(Path(path))
    if not roots and ls.workspace.root_path:
        roots.append(Path(ls.workspace.root_path))
    return roots


def write_case_action(path: Path, yaml: str, about: types.Diagnostic) -> types.CodeAction:
    """Create the case file beside the policy and put the counterexample in it."""
    uri = from_fs_path(str(path)) or str(path)
    edit = types.WorkspaceEdit(
        document_changes=[
            types.CreateFile(uri=uri, options=types.CreateFileOptions(overwrite=True)),
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None),
                edits=[types.TextEdit(range=types.Range(types.Position(0, 0), types.Position(0, 0)), new_text=yaml)],
            ),
        ]
    )
    return types.CodeAction(
        title=t("lsp.action.write_case", file=path.name),
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[about],
        edit=edit,
    )


def serve(lang: str | None, tcp: tuple[str, int] | None, ws: tuple[str, int] | None) -> None:
    server = make_server(lang)
    if tcp is not None:
        server.start_tcp(*tcp)
    elif ws is not None:
        server.start_ws(*ws)
    else:
        server.start_io()


__all__ = ["DEBOUNCE", "EVALUATE", "PolicyServer", "locale_language", "make_server", "serve"]
