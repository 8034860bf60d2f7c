// Render lines of a .pol file as VS Code shows them with this extension: tokens from the generated
// TextMate grammar (tools/tokenize.js), coloured by VS Code's default light theme (Light+) for the
// scopes the grammar uses. Used by screenshot.sh for the README's picture.
//   node tools/render-html.js FILE FIRST LAST > page.html
"use strict";

const fs = require("fs");
const path = require("path");
const { tokenize } = require("./tokenize");

// Light+ (VS Code's "Default Light+"), the rules that match this grammar's scopes; the longest
// matching scope prefix wins, as in a TextMate theme.
const THEME = {
  comment: "#008000",
  string: "#a31515",
  "constant.numeric": "#098658",
  "constant.language": "#0000ff",
  keyword: "#0000ff",
  "keyword.control": "#af00db",
  "keyword.operator": "#000000",
  storage: "#0000ff",
  "support.type": "#267f99",
  "support.function": "#795e26",
  variable: "#001080",
  "entity.name.tag": "#800000",
};

function colour(scopes) {
  let best = "";
  for (const scope of scopes) {
    for (const prefix of Object.keys(THEME)) {
      if ((scope === prefix || scope.startsWith(prefix + ".")) && prefix.length > best.length) best = prefix;
    }
  }
  return best ? THEME[best] : "#000000";
}

function escape(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

async function render(file, first, last) {
  const lines = await tokenize(fs.readFileSync(file, "utf8"));
  const rows = [];
  for (let n = first; n <= Math.min(last, lines.length); n++) {
    const code = lines[n - 1]
      .map((t) => `<span style="color:${colour(t.scopes)}" data-scope="${t.scopes[t.scopes.length - 1]}">${escape(t.text)}</span>`)
      .join("");
    rows.push(`<div class="row"><span class="ln">${n}</span><span class="code">${code}</span></div>`);
  }
  const name = path.basename(file);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(name)}</title>
<style>
  body { margin: 0; background: #f3f3f3; font-family: "Noto Sans CJK SC", sans-serif; }
  .title { height: 30px; line-height: 30px; background: #dddddd; color: #333; font-size: 13px; text-align: center; }
  .tabs { height: 35px; background: #ececec; display: flex; }
  .tab { background: #ffffff; color: #333; font-size: 13px; line-height: 35px; padding: 0 18px; border-top: 1px solid #005fb8; }
  .tab .lang { color: #888; margin-left: 10px; font-size: 12px; }
  .editor { background: #ffffff; padding: 6px 0; overflow: hidden; white-space: pre;
            font-family: "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace; font-size: 14px; line-height: 21px; }
  .row { display: flex; }
  .ln { color: #237893; width: 52px; text-align: right; padding-right: 22px; flex: none; }
  .status { height: 22px; line-height: 22px; background: #005fb8; color: #fff; font-size: 12px; padding: 0 12px; }
</style></head><body>
<div class="title">${escape(name)} — policylang</div>
<div class="tabs"><div class="tab">${escape(name)}<span class="lang">policylang</span></div></div>
<div class="editor">${rows.join("")}</div>
<div class="status">policylang · UTF-8 · LF</div>
</body></html>
`;
}

if (require.main === module) {
  const [file, first, last] = process.argv.slice(2);
  render(file, Number(first || 1), Number(last || 60)).then((html) => process.stdout.write(html));
}

module.exports = { render, colour };
