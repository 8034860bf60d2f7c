// Which `policylang` runs the language server, and with which arguments. Kept free of the `vscode`
// module so that `node --test` checks it without an editor (test/server.test.js).
"use strict";

const path = require("path");

/** The parts of the workspace virtual environment's executable, relative to a workspace folder. */
function venvExecutable(platform) {
  return platform === "win32" ? [".venv", "Scripts", "policylang.exe"] : [".venv", "bin", "policylang"];
}

/**
 * The command that starts `policylang lsp` over stdio.
 *
 * executable: the `policylang.executable` setting ("" when unset): `~` and `${workspaceFolder}` are
 *   expanded, a relative path is taken from the first workspace folder.
 * Unset: the first workspace folder holding `.venv/bin/policylang` (the project's own install, as
 *   the README's set-up makes it), else `policylang` on PATH.
 * lang: the `policylang.lang` setting, "" to let policylang choose from the locale.
 */
function serverCommand({ executable, lang, folders, platform, home, exists }) {
  const sep = platform === "win32" ? path.win32 : path.posix;
  let command;
  const chosen = (executable || "").trim();
  if (chosen) {
    command = chosen
      .replace(/^~(?=$|[\\/])/, home || "~")
      .replace(/\$\{workspaceFolder\}/g, folders[0] || ".");
    if (!sep.isAbsolute(command) && /[\\/]/.test(command) && folders.length > 0) {
      command = sep.join(folders[0], command);
    }
  } else {
    const found = folders
      .map((folder) => sep.join(folder, ...venvExecutable(platform)))
      .find((candidate) => exists(candidate));
    command = found || "policylang";
  }
  const args = lang ? ["--lang", lang, "lsp"] : ["lsp"];
  return { command, args };
}

module.exports = { serverCommand, venvExecutable };
