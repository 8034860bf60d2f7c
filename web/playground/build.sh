#!/usr/bin/env bash
# Builds the playground's vendored bundles from this folder into src/policylang/serve/playground/static/:
#   editor.bundle.js (CodeMirror 6 + lz-string, from src/editor.js) and charts.bundle.js (vega-embed,
#   vega, vega-lite, from src/charts.js), with the npm packages pinned in package-lock.json (npm ci:
#   the npm registry only). The bundles are committed, so serving the page needs no Node.js; CI runs
#   this script with --check, which fails when the committed bundles are not what it builds.
set -euo pipefail
cd "$(dirname "$0")"
OUT="../../src/policylang/serve/playground/static"
npm ci --no-audit --no-fund --prefer-offline --loglevel=error
if [ "${1:-}" = "--check" ]; then
  TARGET="$(mktemp -d)"
  trap 'rm -rf "$TARGET"' EXIT
else
  TARGET="$OUT"
fi
for name in editor charts; do
  npx --no-install esbuild "src/$name.js" --bundle --format=esm --minify --legal-comments=none \
    --target=es2020 --log-level=warning --outfile="$TARGET/$name.bundle.js"
done
if [ "${1:-}" = "--check" ]; then
  for name in editor charts; do
    if ! cmp -s "$TARGET/$name.bundle.js" "$OUT/$name.bundle.js"; then
      echo "build.sh --check: $OUT/$name.bundle.js is not what build.sh builds (run web/playground/build.sh and commit)" >&2
      exit 1
    fi
  done
  echo "build.sh --check: the committed bundles are up to date"
fi
