// extension.js with stand-ins for the `vscode` API and vscode-languageclient (neither loads outside
// the editor): what it starts, for which documents, and what a drafter sees when it cannot start.
"use strict";

const test = require("node:test");
const assert = require("node:assert");
const Module = require("module");
const path = require("path");

function harness({ settings = {}, folders = [], startFails = null } = {}) {
  const seen = { clients: [], errors: [], commands: {}, configListeners: [], stopped: 0, opened: [] };
  const vscode = {
    workspace: {
      getConfiguration: (section) => ({ get: (key, fallback) => settings[`${section}.${key}`] ?? fallback }),
      workspaceFolders: folders.map((fsPath) => ({ uri: { fsPath } })),
      createFileSystemWatcher: (glob) => ({ glob }),
      onDidChangeConfiguration: (listener) => {
        seen.configListeners.push(listener);
        return { dispose() {} };
      },
    },
    window: {
      showErrorMessage: (message, ...actions) => {
        seen.errors.push({ message, actions });
        return Promise.resolve(actions[0]);
      },
    },
    commands: {
      registerCommand: (name, fn) => {
        seen.commands[name] = fn;
        return { dispose() {} };
      },
      executeCommand: (...args) => seen.opened.push(args),
    },
  };
  class LanguageClient {
    constructor(id, name, server, client) {
      Object.assign(this, { id, name, server, client });
      seen.clients.push(this);
    }
    start() {
      return startFails ? Promise.reject(new Error(startFails)) : Promise.resolve();
    }
    stop() {
      seen.stopped += 1;
      return Promise.resolve();
    }
  }
  const original = Module._load;
  Module._load = function (request, parent, isMain) {
    if (request === "vscode") return vscode;
    if (request === "vscode-languageclient/node") return { LanguageClient };
    return original.call(this, request, parent, isMain);
  };
  const file = require.resolve(path.join(__dirname, "..", "src", "extension.js"));
  delete require.cache[file];
  try {
    return { extension: require(file), seen };
  } finally {
    Module._load = original;
  }
}

const context = () => ({ subscriptions: [] });

test("starts `policylang lsp` for policylang documents, files and unsaved ones", async () => {
  const { extension, seen } = harness({ settings: { "policylang.executable": "/opt/pl/bin/policylang" } });
  await extension.activate(context());
  assert.strictEqual(seen.clients.length, 1);
  const [client] = seen.clients;
  assert.deepStrictEqual(client.server, { command: "/opt/pl/bin/policylang", args: ["lsp"] });
  assert.deepStrictEqual(client.client.documentSelector, [
    { scheme: "file", language: "policylang" },
    { scheme: "untitled", language: "policylang" },
  ]);
  assert.strictEqual(client.client.synchronize.fileEvents.glob, "**/*.{pol,yaml}");
});

test("the language setting is passed on; a change of setting restarts the server", async () => {
  const settings = { "policylang.lang": "en" };
  const { extension, seen } = harness({ settings });
  await extension.activate(context());
  assert.deepStrictEqual(seen.clients[0].server.args, ["--lang", "en", "lsp"]);
  settings["policylang.lang"] = "zh";
  await seen.configListeners[0]({ affectsConfiguration: (s) => s === "policylang" });
  await new Promise((resolve) => setImmediate(resolve));
  assert.strictEqual(seen.stopped, 1);
  assert.deepStrictEqual(seen.clients[1].server.args, ["--lang", "zh", "lsp"]);
  await seen.configListeners[0]({ affectsConfiguration: () => false });
  assert.strictEqual(seen.clients.length, 2, "another extension's settings do not restart it");
  await seen.commands["policylang.restartServer"]();
  assert.strictEqual(seen.clients.length, 3);
});

test("a server that cannot start is reported with the command tried and the setting to change", async () => {
  const { extension, seen } = harness({ startFails: "spawn policylang ENOENT" });
  await extension.activate(context());
  assert.strictEqual(seen.errors.length, 1);
  const { message, actions } = seen.errors[0];
  assert.match(message, /`policylang lsp`/);
  assert.match(message, /ENOENT/);
  assert.match(message, /policylang\.executable/);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepStrictEqual(seen.opened, [["workbench.action.openSettings", "policylang.executable"]]);
  assert.deepStrictEqual(actions, ["Open settings"]);
  await extension.deactivate();
  assert.strictEqual(seen.stopped, 0, "nothing to stop");
});
