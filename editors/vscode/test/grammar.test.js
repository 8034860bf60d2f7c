// The generated TextMate grammar gives every token of the repository's policies the scope its kind
// has in policylang's own parser (python -m policylang.tools.textmate --expect FILE): keywords as
// the rule they belong to, numbers with their units, citations, strings, comments.
"use strict";

const test = require("node:test");
const assert = require("node:assert");
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");
const { tokenize } = require("../tools/tokenize");

const ROOT = path.join(__dirname, "..", "..", "..");
// The project's interpreter: build.sh passes the one it was given, else the checkout's .venv.
const PYTHON = process.env.POLICYLANG_PYTHON || path.join(ROOT, ".venv", "bin", "python");
const POLICIES = [
  "policies/lianyungang.pol",
  "policies/jixi.pol",
  "examples/exhibition.pol",
  "examples/revision/jixi-2024.pol",
  "tests/fixtures/marginal/trade.pol",
  "tests/fixtures/units_growth/growth.pol",
  "tests/fixtures/citations/articles.pol",
  "tests/fixtures/patterns/unspecified.pol",
  "tests/fixtures/editor/non-bmp.pol", // 𠮷 and 🎪 before tokens: columns in UTF-16 units
];

function expected(file) {
  const out = execFileSync(PYTHON, ["-m", "policylang.tools.textmate", "--expect", file], { encoding: "utf8" });
  return JSON.parse(out);
}

function innermost(token) {
  return token.scopes[token.scopes.length - 1];
}

for (const policy of POLICIES) {
  test(`every token of ${policy} has its parser kind's scope`, async () => {
    const file = path.join(ROOT, policy);
    const lines = await tokenize(fs.readFileSync(file, "utf8"));
    const at = new Map();
    lines.forEach((tokens, line) => {
      let column = 0;
      for (const token of tokens) {
        at.set(`${line}:${column}`, token);
        column += token.text.length;
      }
    });
    const wrong = [];
    const want = expected(file);
    assert.ok(want.length > 30, `${policy}: too few tokens to mean anything`);
    for (const [line, column, text, scope] of want) {
      const got = at.get(`${line}:${column}`);
      if (!got || got.text !== text || innermost(got) !== scope) {
        wrong.push(`${line + 1}:${column + 1} ${JSON.stringify(text)} want ${scope}, got ${got ? `${JSON.stringify(got.text)} ${innermost(got)}` : "no token"}`);
      }
    }
    assert.deepStrictEqual(wrong, []);
  });
}

test("a keyword inside a name is part of the name (事实数 is one name, as the parser reads it)", async () => {
  const [tokens] = await tokenize("事实 事实数: 数");
  assert.deepStrictEqual(
    tokens.map((t) => [t.text, innermost(t)]),
    [
      ["事实", "storage.type.declaration.policylang"],
      [" ", "source.policylang"],
      ["事实数", "variable.other.policylang"],
      [":", "punctuation.policylang"],
      [" ", "source.policylang"],
      ["数", "support.type.policylang"],
    ],
  );
});

test("marks glued to a number, as the texts write them: 500万元(不含)以上部分", async () => {
  const [tokens] = await tokenize("  500万元(不含)以上部分 1%");
  assert.deepStrictEqual(
    tokens.filter((t) => t.text.trim()).map((t) => [t.text, innermost(t)]),
    [
      ["500万元", "constant.numeric.policylang"],
      ["(不含)以上", "storage.modifier.bound.policylang"],
      ["部分", "keyword.control.expression.policylang"],
      ["1%", "constant.numeric.policylang"],
    ],
  );
});
