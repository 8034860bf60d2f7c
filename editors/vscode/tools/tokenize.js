// Tokenize a .pol file with the extension's TextMate grammar, as VS Code does (vscode-textmate with
// the Oniguruma regex engine): used by test/grammar.test.js and by tools/render-html.js.
"use strict";

const fs = require("fs");
const path = require("path");
const textmate = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const GRAMMAR = path.join(__dirname, "..", "syntaxes", "policylang.tmLanguage.json");

let registry;

function loadRegistry() {
  if (!registry) {
    const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer;
    const engine = oniguruma.loadWASM(wasm).then(() => ({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }));
    registry = new textmate.Registry({
      onigLib: engine,
      loadGrammar: async (scopeName) =>
        scopeName === "source.policylang"
          ? textmate.parseRawGrammar(fs.readFileSync(GRAMMAR, "utf8"), GRAMMAR)
          : null,
    });
  }
  return registry;
}

/** Each line of `text` as a list of { text, scopes } tokens (scopes innermost last). */
async function tokenize(text) {
  const grammar = await loadRegistry().loadGrammar("source.policylang");
  let state = textmate.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((token, i) => ({
      text: line.slice(token.startIndex, i + 1 < result.tokens.length ? result.tokens[i + 1].startIndex : line.length),
      scopes: token.scopes,
    }));
  });
}

module.exports = { tokenize, GRAMMAR };

if (require.main === module) {
  const file = process.argv[2];
  tokenize(fs.readFileSync(file, "utf8")).then((lines) => {
    for (const tokens of lines) {
      console.log(tokens.map((t) => `${JSON.stringify(t.text)}:${t.scopes[t.scopes.length - 1]}`).join(" "));
    }
  });
}
