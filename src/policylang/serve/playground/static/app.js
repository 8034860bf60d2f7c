// The playground: the policy in a CodeMirror editor (highlighting from the grammar's vocabulary,
// live diagnostics from POST /v1/diagnostics — the language server's own analysis), a case form made
// from POST /v1/describe, the award table from POST /v1/eval, check findings from POST /v1/check with
// counterexamples loadable into the form, the award curve of a clause from POST /v1/plot, and a share
// link carrying policy + case in the URL fragment. It fetches nothing but its own server.
import {
  EditorView, basicSetup, EditorState, Compartment, StreamLanguage, HighlightStyle, syntaxHighlighting,
  linter, lintGutter, setDiagnostics, tags, compressToEncodedURIComponent, decompressFromEncodedURIComponent,
} from "./editor.bundle.js";
import { compile, startState, step } from "./highlight.js";

const UI = {
  zh: {
    policy: "政策文本", case: "案例", result: "计算结果", check: "检查", curve: "奖励曲线", run_check: "运行检查",
    share: "复制分享链接", shared: "链接已写入地址栏并复制", add_row: "添加一行", remove: "删除", total: "合计",
    clause: "条款", status: "状态", amount: "金额", why: "说明", conditions: "条件", cap: "起作用的上限",
    load_case: "载入此反例", no_findings: "没有发现问题", vary: "变动", vary2: "与", none: "（不选）", draw: "画出", example: "示例政策",
    not_given: "（未填）", yes: "是", no: "否", errors: "错误", formula: "计算", undetermined: "不可确定",
    checking: "检查中…", missing: "缺少的事实", assume: "原文未规定的参数（可假定一个值）", unspecified: "未规定",
  },
  en: {
    policy: "Policy text", case: "Case", result: "Result", check: "Check", curve: "Award curve", run_check: "Run check",
    share: "Copy share link", shared: "Link written to the address bar and copied", add_row: "Add a row", remove: "Remove",
    total: "Total", clause: "Clause", status: "Status", amount: "Amount", why: "Why", conditions: "Conditions",
    cap: "Cap that bound", load_case: "Load this counterexample", no_findings: "No findings", vary: "Vary", vary2: "and", none: "(none)",
    draw: "Draw", example: "Example policy", not_given: "(not given)", yes: "yes", no: "no", errors: "Errors",
    formula: "Formula", undetermined: "not determinable", checking: "checking…", missing: "Missing facts",
    assume: "Parameters the text leaves open (assume a value)", unspecified: "not specified",
  },
};

const state = {
  drawn: 0,           // how many curves were asked for: a stale answer is not drawn
  lang: "zh",
  facts: [],          // /v1/describe facts
  parameters: [],     // /v1/describe parameters the text leaves open (未规定): assumed values go in "set"
  assumed: {},        // parameter -> value, as --set writes it
  values: {},         // fact -> value as a case file writes it (string), or list of row objects
  lastEval: null,
  statuses: { zh: {}, en: {} },  // /static/statuses.json: the catalogue's words for each status
  selectedClause: null,
};

const $ = (id) => document.getElementById(id);
const t = (key) => UI[state.lang][key] || key;

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ...body, lang: state.lang }),
  });
  return { status: response.status, doc: await response.json() };
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function debounce(fn, ms) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

// ---- the editor -------------------------------------------------------------------------------

const STYLE = HighlightStyle.define([
  { tag: tags.comment, color: "#6a737d", fontStyle: "italic" },
  { tag: tags.string, color: "#032f62" },
  { tag: tags.number, color: "#005cc5" },
  { tag: tags.special(tags.string), color: "#22863a" },
  { tag: tags.keyword, color: "#d73a49", fontWeight: "bold" },
  { tag: tags.definitionKeyword, color: "#6f42c1", fontWeight: "bold" },
  { tag: tags.controlKeyword, color: "#d73a49" },
  { tag: tags.typeName, color: "#e36209" },
  { tag: tags.operator, color: "#b31d28" },
  { tag: tags.atom, color: "#005cc5" },
  { tag: tags.meta, color: "#735c0f" },
  { tag: tags.function(tags.variableName), color: "#6f42c1" },
  { tag: tags.labelName, color: "#22863a", fontWeight: "bold" },
]);
// Each vocabulary kind (frontend/vocabulary.py Kind) → a CodeMirror highlighting tag name.
const TOKEN_OF = {
  comment: "comment", string: "string", date: "number", number: "number", citation: "labelName",
  name: null, function: "function", header: "meta", declaration: "definitionKeyword", clause: "keyword",
  type: "typeName", expression: "controlKeyword", operator: "operator", bound: "atom", constant: "atom",
  punctuation: null,
};

function policyLanguage(rules) {
  const compiled = compile(rules);
  return StreamLanguage.define({
    name: "policylang",
    startState,
    copyState: (s) => ({ ...s }),
    token(stream, s) {
      const token = step(compiled, stream.string, stream.pos, s);
      stream.pos = Math.max(token.end, stream.pos + 1);
      return token.kind ? TOKEN_OF[token.kind] : null;
    },
    tokenTable: { labelName: tags.labelName, function: tags.function(tags.variableName), meta: tags.meta },
  });
}

function offsetOf(doc, position) {
  const line = doc.line(Math.min(position.line + 1, doc.lines));
  return Math.min(line.from + position.character, line.to);
}

async function diagnosticsOf(view) {
  const text = view.state.doc.toString();
  const { status, doc } = await post("/v1/diagnostics", { policy: text });
  if (status !== 200) return [];
  if (view.state.doc.toString() !== text) return [];
  $("diagnostic-count").textContent = doc.diagnostics.length ? `${doc.diagnostics.length}` : "";
  window.playground.diagnostics = doc.diagnostics;
  return doc.diagnostics.map((d) => {
    const from = offsetOf(view.state.doc, d.range.start);
    let to = offsetOf(view.state.doc, d.range.end);
    if (to <= from) to = Math.min(from + 1, view.state.doc.length);
    const message = d.suggestion ? `${d.code} ${d.message}\n→ ${d.suggestion}` : `${d.code} ${d.message}`;
    return { from, to, severity: d.severity === "information" ? "info" : d.severity, message, source: d.code };
  });
}

const policyLinter = linter(diagnosticsOf, { delay: 300 });

async function relint() {
  // The lint extension runs only after an edit: a change of language asks again and sets the marks.
  const list = await diagnosticsOf(editor);
  editor.dispatch(setDiagnostics(editor.state, list));
}

let editor = null;

async function makeEditor(text) {
  const rules = await (await fetch("/static/highlight.json")).json();
  editor = new EditorView({
    parent: $("editor"),
    state: EditorState.create({
      doc: text,
      extensions: [
        basicSetup, policyLanguage(rules), syntaxHighlighting(STYLE), lintGutter(), policyLinter,
        EditorView.updateListener.of((update) => { if (update.docChanged) policyChanged(); }),
      ],
    }),
  });
  window.playgroundEditor = editor;  // for the browser tests and the screenshot script
}

function policyText() { return editor.state.doc.toString(); }

function setPolicyText(text) {
  editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: text } });
}

// ---- the case form -----------------------------------------------------------------------------

const MONEY_HINT = { zh: "例：50万元、1亿元、3000元", en: "e.g. 50万元, 1亿元, 3000元" };

function withUnit(raw, fact) {
  // A bare number takes the fact's unit, as the policy declares it; anything else is sent as written
  // (50万元, 3标箱, 1,000元) and read by the case-file reader itself.
  const text = String(raw).trim();
  if (/^[\d,，.]+$/.test(text) && fact.unit) return text + fact.unit;
  return text;
}

function caseObject() {
  const out = {};
  for (const fact of state.facts) {
    const value = state.values[fact.name];
    if (value === undefined || value === null || value === "") continue;
    if (fact.type === "list") {
      out[fact.name] = value.map((row) => {
        const item = {};
        for (const field of fact.fields || []) {
          const v = row[field.name];
          if (v !== undefined && v !== "") item[field.name] = withUnit(v, field);
        }
        return item;
      });
    } else {
      out[fact.name] = withUnit(value, fact);
    }
  }
  return out;
}

function setObject() {
  const out = {};
  for (const parameter of state.parameters) {
    const value = state.assumed[parameter.name];
    if (value !== undefined && value !== "") out[parameter.name] = withUnit(value, parameter);
  }
  return out;
}

function input(fact, value, onChange) {
  const name = fact.name;
  if (fact.type === "bool" || fact.choices) {
    const choices = fact.choices || ["是", "否"];
    const select = el("select", { "data-fact": name, onchange: (e) => onChange(e.target.value) },
      el("option", { value: "" }, t("not_given")),
      choices.map((c) => el("option", { value: c }, c)));
    select.value = value ?? "";
    return select;
  }
  const type = fact.type === "date" ? "date" : "text";
  const placeholder = fact.type === "money" ? MONEY_HINT[state.lang] : fact.unit ? `… ${fact.unit}` : (fact.default || "");
  const box = el("input", { type, "data-fact": name, placeholder, oninput: (e) => onChange(e.target.value) });
  box.value = value ?? "";
  return box;
}

function renderForm() {
  const form = $("case-form");
  form.replaceChildren();
  if (state.parameters.length) {
    // What the text leaves open: eval says 不可确定 where it matters, unless a value is assumed (--set).
    form.append(el("fieldset", { class: "parameters" }, el("legend", {}, t("assume")),
      state.parameters.map((p) => el("div", { class: "fact" },
        el("label", { title: p.note || "" }, p.name, p.unit ? el("span", { class: "unit" }, ` (${p.unit})`) : null,
          el("span", { class: "unspecified" }, ` ${t("unspecified")}`)),
        input(p, state.assumed[p.name], (v) => { state.assumed[p.name] = v; caseChanged(); }),
        p.note ? el("small", { class: "note" }, p.note) : null))));
  }
  for (const fact of state.facts) {
    const label = el("label", { title: fact.description || "" }, fact.name,
      fact.unit ? el("span", { class: "unit" }, ` (${fact.unit})`) : null);
    if (fact.type === "list") {
      const rows = state.values[fact.name] || [];
      const table = el("table", { class: "rows", "data-list": fact.name },
        el("tr", {}, (fact.fields || []).map((f) => el("th", { title: f.description || "" }, f.name, f.unit ? ` (${f.unit})` : "")), el("th")),
        rows.map((row, index) => el("tr", {},
          (fact.fields || []).map((f) => el("td", {}, input(f, row[f.name], (v) => { row[f.name] = v; caseChanged(); }))),
          el("td", {}, el("button", { type: "button", class: "remove", onclick: () => { rows.splice(index, 1); renderForm(); caseChanged(); } }, t("remove"))))));
      const add = el("button", { type: "button", class: "add-row", "data-list": fact.name, onclick: () => {
        state.values[fact.name] = [...rows, {}]; renderForm(); caseChanged();
      } }, t("add_row"));
      form.append(el("fieldset", { class: "list" }, el("legend", {}, label), table, add));
    } else {
      form.append(el("div", { class: "fact" }, label, input(fact, state.values[fact.name], (v) => {
        state.values[fact.name] = v; caseChanged();
      })));
    }
  }
}

function loadCase(facts) {
  state.values = {};
  for (const [name, value] of Object.entries(facts || {})) {
    state.values[name] = Array.isArray(value)
      ? value.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, String(v)])))
      : String(value);
  }
  renderForm();
  caseChanged();
}

// ---- evaluation ---------------------------------------------------------------------------------

let evalSerial = 0;

async function evaluate() {
  const serial = ++evalSerial;
  const { status, doc } = await post("/v1/eval", { policy: policyText(), case: caseObject(), set: setObject() });
  if (serial !== evalSerial) return;  // a newer evaluation is on its way
  const out = $("result");
  out.replaceChildren();
  const result = doc.result || (doc.clauses ? doc : null);
  if (status !== 200 && doc.errors) {
    out.append(el("div", { class: "errors" }, el("h3", {}, t("errors")),
      doc.errors.map((e) => el("p", { class: "error" }, el("code", {}, e.code), " ", e.message,
        e.suggestion ? el("span", { class: "suggestion" }, ` → ${e.suggestion}`) : null))));
  }
  if (!result) return;
  state.lastEval = result;
  out.append(el("p", { class: "total" }, `${t("total")}：`,
    el("strong", { id: "total" }, result.determinable ? `${result.total}元` : `${t("undetermined")}`)));
  if (result.missing_facts && result.missing_facts.length) {
    out.append(el("p", { class: "missing" }, `${t("missing")}：${result.missing_facts.join("、")}`));
  }
  const table = el("table", { id: "awards" },
    el("tr", {}, el("th", {}, t("clause")), el("th", {}, t("status")), el("th", {}, t("amount")), el("th", {}, t("why"))));
  for (const clause of result.clauses) {
    const detail = el("div", { class: "detail" },
      clause.quote ? el("blockquote", {}, clause.quote) : null,
      clause.conditions && clause.conditions.length ? el("ul", { class: "conditions" },
        clause.conditions.map((c) => el("li", { class: c.holds === true ? "holds" : c.holds === false ? "fails" : "open" },
          c.holds === true ? "✓ " : c.holds === false ? "✗ " : "? ", c.text))) : null,
      clause.formula ? el("p", {}, `${t("formula")}：${clause.formula}`) : null,
      clause.bound_cap ? el("p", { class: "cap" }, `${t("cap")}：${clause.bound_cap}`) : null,
      capList(clause.caps),
      clause.items && clause.items.length ? el("table", { class: "items" },
        clause.items.map((item) => el("tr", { class: item.counted ? "counted" : "not-counted" },
          el("td", {}, `${item.index}. ${item.label ?? ""}`),
          el("td", { class: "amount" }, item.amount ?? "—"),
          el("td", {}, item.formula || item.reason_text || "", capList(item.caps))))) : null);
    const row = el("tr", { class: `status-${clause.status}`, "data-citation": clause.citation, onclick: () => selectClause(clause.citation) },
      el("td", {}, clause.citation, el("br"), el("small", {}, clause.title || "")),
      el("td", { class: "status" }, (state.statuses[state.lang] || {})[clause.status] || clause.status),
      el("td", { class: "amount" }, clause.amount ?? "—"),
      el("td", {}, clause.reason_text || "", detail));
    table.append(row);
  }
  out.append(table);
  refreshClauseChoices(result);
}

function capList(caps) {
  // Each cap with what it was asked to limit and its limit; the one that bound is marked.
  if (!caps || !caps.length) return null;
  return el("ul", { class: "caps" }, caps.map((cap) => el("li", { class: cap.binds ? "binds" : "" },
    cap.binds ? "▼ " : "  ", `${cap.name}：${cap.before ?? "—"} → ${cap.limit ?? "—"}`)));
}

// ---- check --------------------------------------------------------------------------------------

async function runCheck() {
  const out = $("findings");
  out.replaceChildren(el("p", {}, t("checking")));
  const { status, doc } = await post("/v1/check", { policy: policyText() });
  out.replaceChildren();
  if (status !== 200) {
    (doc.errors || []).forEach((e) => out.append(el("p", { class: "error" }, `${e.code} ${e.message}`)));
    return;
  }
  if (!doc.findings.length) out.append(el("p", {}, t("no_findings")));
  for (const finding of doc.findings) {
    const item = el("div", { class: `finding ${finding.severity}`, "data-line": finding.line ?? "" },
      el("p", { class: "where", onclick: () => goToLine(finding.line, finding.column) },
        el("code", {}, finding.code), ` ${finding.citation || ""} `, finding.line ? el("small", {}, `:${finding.line} `) : null, finding.message),
      finding.suggestion ? el("p", { class: "suggestion" }, `→ ${finding.suggestion}`) : null);
    (finding.counterexamples || []).forEach((example) => {
      if (example.facts) {
        item.append(el("button", { type: "button", class: "load-counterexample", onclick: () => loadCase(example.facts) },
          t("load_case"), " ", el("code", {}, JSON.stringify(example.facts))));
      }
    });
    out.append(item);
  }
}

function goToLine(line, column) {
  // A finding's place in the text (check's 1-based line and column), selected and scrolled to.
  if (!line) return;
  const target = editor.state.doc.line(Math.min(line, editor.state.doc.lines));
  const anchor = Math.min(target.from + Math.max((column || 1) - 1, 0), target.to);
  editor.dispatch({ selection: { anchor }, scrollIntoView: true });
  editor.focus();
}

// ---- the award curve -----------------------------------------------------------------------------

function numericFacts() {
  return state.facts.filter((f) => f.type === "money" || f.type === "quantity" || f.type === "number");
}

function refreshClauseChoices(result) {
  const clauses = $("plot-clause");
  const current = state.selectedClause || clauses.value;
  clauses.replaceChildren(...result.clauses.map((c) => el("option", { value: c.citation }, `${c.citation} ${c.title || ""}`)));
  if (current && result.clauses.some((c) => c.citation === current)) clauses.value = current;
  const facts = $("plot-fact");
  const was = facts.value;
  facts.replaceChildren(...numericFacts().map((f) => el("option", { value: f.name }, f.name)));
  if (was) facts.value = was;
  // A second fact makes the curve a tier map (POST /v1/plot with two facts); none by default.
  const second = $("plot-fact2");
  const had = second.value;
  second.replaceChildren(el("option", { value: "" }, t("none")), ...numericFacts().map((f) => el("option", { value: f.name }, f.name)));
  if (had && numericFacts().some((f) => f.name === had)) second.value = had;
  suggestFact();
}

function suggestFact() {
  // The fact the selected clause reads first, among the facts a curve can vary.
  const clause = (state.lastEval?.clauses || []).find((c) => c.citation === $("plot-clause").value);
  if (!clause) return;
  const used = [...(clause.conditions || []).flatMap((c) => Object.keys(c.values || {})), ...Object.keys(clause.formula_values || {})];
  const first = used.find((name) => numericFacts().some((f) => f.name === name));
  if (first && !$("plot-fact").dataset.chosen) $("plot-fact").value = first;
}

function selectClause(citation) {
  state.selectedClause = citation;
  $("plot-clause").value = citation;
  $("plot-fact").dataset.chosen = "";
  suggestFact();
  drawCurve();
}

async function drawCurve() {
  const clause = $("plot-clause").value;
  const fact = $("plot-fact").value;
  const second = $("plot-fact2").value;
  const out = $("chart");
  if (!clause || !fact) return;
  const vary = second && second !== fact ? [fact, second] : [fact];
  const asked = ++state.drawn;  // only the latest request draws: answers may come back out of order
  const { status, doc } = await post("/v1/plot", { policy: policyText(), clause, vary, case: caseObject(), set: setObject() });
  if (asked !== state.drawn) return;
  if (status !== 200) {
    out.replaceChildren(...(doc.errors || []).map((e) => el("p", { class: "error" }, `${e.code} ${e.message}`)));
    return;
  }
  const { vegaEmbed } = await import("./charts.bundle.js");
  if (asked !== state.drawn) return;
  out.replaceChildren();
  await vegaEmbed(out, doc, { actions: false, renderer: "svg" });
}

// ---- share links -------------------------------------------------------------------------------

function shareLink() {
  const packed = compressToEncodedURIComponent(JSON.stringify({ policy: policyText(), case: caseObject(), set: setObject(), lang: state.lang }));
  const url = `${location.origin}${location.pathname}#s=${packed}`;
  history.replaceState(null, "", url);
  navigator.clipboard?.writeText(url).catch(() => {});
  $("share-status").textContent = t("shared");
  return url;
}

function sharedState() {
  const match = location.hash.match(/^#s=(.+)$/);
  if (!match) return null;
  try { return JSON.parse(decompressFromEncodedURIComponent(match[1])); } catch { return null; }
}

// ---- wiring ------------------------------------------------------------------------------------

let describedText = null;

async function describe() {
  const text = policyText();
  if (text === describedText) return;
  const { status, doc } = await post("/v1/describe", { policy: text });
  if (status !== 200) return;  // the diagnostics show why; the form keeps the last good facts
  describedText = text;
  state.facts = doc.facts;
  state.parameters = (doc.parameters || []).filter((p) => p.value === null);
  $("policy-title").textContent = doc.title || "";
  renderForm();
}

const policyChanged = debounce(async () => { await describe(); await evaluate(); }, 400);
const caseChanged = debounce(() => evaluate(), 250);

function applyLanguage() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  document.querySelectorAll("[data-ui]").forEach((node) => { node.textContent = t(node.dataset.ui); });
}

async function loadExamples() {
  const response = await fetch("/v1/policies");
  if (!response.ok) return [];
  const doc = await response.json();
  const select = $("example");
  select.replaceChildren(el("option", { value: "" }, "—"), ...doc.policies.map((p) => el("option", { value: p.name }, `${p.name} ${p.title || ""}`)));
  return doc.policies;
}

async function openExample(name) {
  const response = await fetch(`/playground/source/${encodeURIComponent(name)}`);
  if (!response.ok) return;
  setPolicyText((await response.json()).text);
}

async function main() {
  const shared = sharedState();
  state.lang = shared?.lang || ((navigator.language || "zh").startsWith("en") ? "en" : "zh");
  $("lang").value = state.lang;
  applyLanguage();
  const statuses = await fetch("/static/statuses.json");
  if (statuses.ok) state.statuses = await statuses.json();
  const examples = await loadExamples();
  let text = shared?.policy ?? "";
  if (!shared && examples.length) {
    const first = examples.find((p) => p.name === "jixi") || examples[0];
    const response = await fetch(`/playground/source/${encodeURIComponent(first.name)}`);
    if (response.ok) text = (await response.json()).text;
    $("example").value = first.name;
  }
  await makeEditor(text);
  await describe();
  if (shared?.set) state.assumed = { ...shared.set };
  if (shared?.case || shared?.set) loadCase(shared.case || {}); else await evaluate();
  $("lang").addEventListener("change", (e) => {
    state.lang = e.target.value; applyLanguage(); renderForm(); relint(); evaluate();
  });
  $("example").addEventListener("change", (e) => { if (e.target.value) openExample(e.target.value); });
  $("run-check").addEventListener("click", runCheck);
  $("share").addEventListener("click", shareLink);
  $("plot-clause").addEventListener("change", () => { state.selectedClause = $("plot-clause").value; $("plot-fact").dataset.chosen = ""; suggestFact(); drawCurve(); });
  $("plot-fact").addEventListener("change", () => { $("plot-fact").dataset.chosen = "1"; drawCurve(); });
  $("plot-fact2").addEventListener("change", drawCurve);
  $("draw").addEventListener("click", drawCurve);
  document.body.dataset.ready = "1";
}

window.playground = { diagnostics: [], state, caseObject, setObject, loadCase, shareLink, evaluate, runCheck, drawCurve, setPolicyText };
main();
