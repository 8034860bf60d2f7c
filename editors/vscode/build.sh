#!/usr/bin/env bash
# Builds the VS Code extension, editors/vscode/policylang-<version>.vsix, from this folder:
#   1. installs the npm packages pinned in package-lock.json (npm ci: the npm registry only),
#   2. refuses a stale TextMate grammar (it is generated from grammar/policylang.lark),
#   3. runs the extension's tests (node --test: the grammar against policylang's own parser on the
#      repository's policies, and the client's choice of executable),
#   4. packages the extension with @vscode/vsce.
# POLICYLANG_PYTHON names the Python that has policylang installed (default: the checkout's .venv).
# Install the result with: code --install-extension editors/vscode/policylang-<version>.vsix
set -euo pipefail
if [ -n "${POLICYLANG_PYTHON:-}" ] && [ "${POLICYLANG_PYTHON#/}" = "$POLICYLANG_PYTHON" ]; then
  POLICYLANG_PYTHON="$PWD/$POLICYLANG_PYTHON"  # relative to where build.sh was run from
fi
cd "$(dirname "$0")"
ROOT="$(cd ../.. && pwd)"
export POLICYLANG_PYTHON="${POLICYLANG_PYTHON:-$ROOT/.venv/bin/python}"
if [ ! -x "$POLICYLANG_PYTHON" ]; then
  echo "build.sh: no Python with policylang at $POLICYLANG_PYTHON (set POLICYLANG_PYTHON, or: python3 -m venv .venv && .venv/bin/pip install -e '.[dev]')" >&2
  exit 2
fi
npm ci --no-audit --no-fund --prefer-offline --loglevel=error
"$POLICYLANG_PYTHON" -m policylang.tools.textmate --check
node --test --test-reporter=spec test/
version="$(node -p 'require("./package.json").version')"
npx --no-install vsce package --skip-license --allow-missing-repository --out "policylang-$version.vsix"
