// The editor bundle of the playground: CodeMirror 6 and lz-string, re-exported for app.js (which is
// plain, unbundled JavaScript served as it is written). build.sh bundles this file with esbuild into
// src/policylang/serve/playground/static/editor.bundle.js.
export { EditorView, basicSetup } from "codemirror";
export { EditorState, StateEffect, StateField, Compartment } from "@codemirror/state";
export { keymap, Decoration, ViewPlugin } from "@codemirror/view";
export { StreamLanguage, HighlightStyle, syntaxHighlighting } from "@codemirror/language";
export { linter, lintGutter, forceLinting, setDiagnostics } from "@codemirror/lint";
export { tags } from "@lezer/highlight";
export { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from "lz-string";
