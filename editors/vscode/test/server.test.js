// The executable the extension starts: the setting, else the workspace's .venv, else PATH.
"use strict";

const test = require("node:test");
const assert = require("node:assert");
const { serverCommand } = require("../src/server");

const linux = { lang: "", folders: ["/home/d/policies"], platform: "linux", home: "/home/d" };

test("unset: the workspace's .venv/bin/policylang when it exists", () => {
  const seen = [];
  const got = serverCommand({ ...linux, executable: "", exists: (f) => seen.push(f) && f === "/home/d/policies/.venv/bin/policylang" });
  assert.deepStrictEqual(got, { command: "/home/d/policies/.venv/bin/policylang", args: ["lsp"] });
});

test("unset and no .venv: policylang on PATH", () => {
  const got = serverCommand({ ...linux, executable: "", exists: () => false });
  assert.deepStrictEqual(got, { command: "policylang", args: ["lsp"] });
});

test("unset, second folder has the .venv", () => {
  const folders = ["/a", "/b"];
  const got = serverCommand({ ...linux, folders, executable: "", exists: (f) => f === "/b/.venv/bin/policylang" });
  assert.strictEqual(got.command, "/b/.venv/bin/policylang");
});

test("Windows: .venv\\Scripts\\policylang.exe", () => {
  const got = serverCommand({
    executable: "", lang: "", folders: ["C:\\p"], platform: "win32", home: "C:\\Users\\d",
    exists: (f) => f === "C:\\p\\.venv\\Scripts\\policylang.exe",
  });
  assert.strictEqual(got.command, "C:\\p\\.venv\\Scripts\\policylang.exe");
});

test("the setting wins; ~ and ${workspaceFolder} expand; a relative path is from the folder", () => {
  const never = () => assert.fail("a set executable is not searched for");
  assert.strictEqual(serverCommand({ ...linux, executable: "~/bin/policylang", exists: never }).command, "/home/d/bin/policylang");
  assert.strictEqual(
    serverCommand({ ...linux, executable: "${workspaceFolder}/env/bin/policylang", exists: never }).command,
    "/home/d/policies/env/bin/policylang",
  );
  assert.strictEqual(serverCommand({ ...linux, executable: "env/bin/policylang", exists: never }).command, "/home/d/policies/env/bin/policylang");
  assert.strictEqual(serverCommand({ ...linux, executable: "policylang-dev", exists: never }).command, "policylang-dev");
});

test("--lang goes before the command, as every policylang command takes it", () => {
  const got = serverCommand({ ...linux, executable: "", lang: "en", exists: () => false });
  assert.deepStrictEqual(got.args, ["--lang", "en", "lsp"]);
});
