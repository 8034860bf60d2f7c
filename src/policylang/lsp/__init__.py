"""policylang's language server (`policylang lsp`, pygls 2): the tools beside the pipeline, brought
to where a drafter writes. Each module is plain policylang (no pygls) except server.py:

    positions.py   code point columns ↔ LSP's UTF-16 (or negotiated) positions
    document.py    a document parsed and compiled as eval does; its names and citations indexed
    hover.py       facts, parameters, amounts, citations' 原文 and 解读, keywords
    symbols.py     outline, definition, references, workspace symbols
    completion.py  keywords from the grammar at the cursor, names, citations, units
    checking.py    check on save, the counterexample case files
    evaluate.py    the "evaluate with case…" code lens
    server.py      the LSP handlers (pygls), debounced diagnostics
    command.py     the click command (imports pygls only when it starts)
"""
