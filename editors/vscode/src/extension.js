// The policylang extension: the language, its highlighting and snippets are declared in package.json;
// this starts `policylang lsp` (diagnostics, hover, completion, formatting, …) over stdio.
"use strict";

const fs = require("fs");
const os = require("os");
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");
const { serverCommand } = require("./server");

let client;

function command() {
  const config = vscode.workspace.getConfiguration("policylang");
  return serverCommand({
    executable: config.get("executable", ""),
    lang: config.get("lang", ""),
    folders: (vscode.workspace.workspaceFolders || []).map((folder) => folder.uri.fsPath),
    platform: process.platform,
    home: os.homedir(),
    exists: (file) => fs.existsSync(file),
  });
}

async function start() {
  const server = command();
  client = new LanguageClient(
    "policylang",
    "policylang",
    { command: server.command, args: server.args },
    {
      documentSelector: [
        { scheme: "file", language: "policylang" },
        { scheme: "untitled", language: "policylang" },
      ],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{pol,yaml}") },
    },
  );
  try {
    await client.start();
  } catch (error) {
    client = undefined;
    const setting = "policylang.executable";
    vscode.window
      .showErrorMessage(
        `policylang: could not start \`${server.command} ${server.args.join(" ")}\` (${error.message || error}). ` +
          `Install policylang with its lsp extra (pip install -e '.[lsp]') or set ${setting}.`,
        "Open settings",
      )
      .then((choice) => {
        if (choice) vscode.commands.executeCommand("workbench.action.openSettings", setting);
      });
  }
}

async function stop() {
  if (client) {
    const running = client;
    client = undefined;
    await running.stop();
  }
}

async function restart() {
  await stop();
  await start();
}

function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("policylang.restartServer", restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("policylang")) restart();
    }),
  );
  return start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
