// The playground's highlighter: the rules of /static/highlight.json (made by the server from the
// grammar's vocabulary, frontend/vocabulary.py, as the TextMate grammar and the Pygments lexer are)
// applied line by line, with the same regions as the Pygments lexer: after 取高不重复/合计上限/… a
// `citing` region up to its `{`, then `citations` inside the braces; 条款 before a citation.
// Plain ES module with no imports, so node can run it too (tests/test_playground_highlight.py).

export function compile(data) {
  const re = (source) => new RegExp(source, "uy");
  return {
    space: /\s+/uy,
    comment: re(data.comment),
    string: re(data.string),
    citation: re(data.citation),
    citing: re(data.citing),
    citedAfter: re(data.cited_after),
    rules: data.rules.map((rule) => ({ kind: rule.kind, regex: re(rule.regex) })),
  };
}

export function startState() {
  return { region: "root", expectCitation: false };
}

function at(regex, line, pos) {
  regex.lastIndex = pos;
  const found = regex.exec(line);
  return found && found[0].length > 0 ? pos + found[0].length : -1;
}

// One token of `line` at `pos`: {end, kind} (kind null for white space and unknown characters).
export function step(compiled, line, pos, state) {
  let end = at(compiled.space, line, pos);
  if (end > 0) return { end, kind: null };
  if ((end = at(compiled.comment, line, pos)) > 0) return { end, kind: "comment" };
  if (state.region === "citations") {
    if (line[pos] === "}") { state.region = "root"; return { end: pos + 1, kind: "punctuation" }; }
    if ((end = at(compiled.citation, line, pos)) > 0) return { end, kind: "citation" };
    if (line[pos] === "," || line[pos] === "，") return { end: pos + 1, kind: "punctuation" };
    return { end: pos + 1, kind: null };
  }
  if ((end = at(compiled.string, line, pos)) > 0) return { end, kind: "string" };
  if (state.expectCitation) {
    state.expectCitation = false;
    if ((end = at(compiled.citation, line, pos)) > 0) return { end, kind: "citation" };
  }
  if (state.region === "citing" && line[pos] === "{") {
    state.region = "citations";
    return { end: pos + 1, kind: "punctuation" };
  }
  if (state.region === "root") {
    if ((end = at(compiled.citedAfter, line, pos)) > 0) { state.expectCitation = true; return { end, kind: "declaration" }; }
    if ((end = at(compiled.citing, line, pos)) > 0) { state.region = "citing"; return { end, kind: "declaration" }; }
  }
  for (const rule of compiled.rules) {
    if ((end = at(rule.regex, line, pos)) > 0) return { end, kind: rule.kind };
  }
  return { end: pos + 1, kind: null };
}

// Every highlighted token of `text`: [start, end, kind] in UTF-16 offsets from the start of the text.
export function tokenize(compiled, text) {
  const out = [];
  const state = startState();
  let offset = 0;
  for (const line of text.split("\n")) {
    let pos = 0;
    while (pos < line.length) {
      const token = step(compiled, line, pos, state);
      if (token.kind) out.push([offset + pos, offset + token.end, token.kind]);
      pos = token.end;
    }
    offset += line.length + 1;
  }
  return out;
}
