#!/usr/bin/env bash
# The README's picture of the extension: policies/lianyungang.pol highlighted by the generated
# TextMate grammar (rendered by tools/render-html.js with vscode-textmate, as VS Code tokenizes it),
# photographed by headless Chromium into docs/vscode-lianyungang.png.
# Needs: npm ci here (build.sh does it), and Debian's chromium, fonts-noto-cjk and pngquant (to keep
# the PNG small): apt-get install -y chromium fonts-noto-cjk pngquant. Not part of CI.
#   bash editors/vscode/screenshot.sh [FIRST_LINE LAST_LINE]
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(cd ../.. && pwd)"
first="${1:-29}"
last="${2:-72}"
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
node tools/render-html.js "$ROOT/policies/lianyungang.pol" "$first" "$last" > "$work/page.html"
height=$(( (last - first + 1) * 21 + 30 + 35 + 22 + 12 ))
mkdir -p "$ROOT/docs"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$work/profile" --hide-scrollbars \
  --window-size="1280,$height" --screenshot="$work/shot.png" "file://$work/page.html"
pngquant --force --quality=80-95 --output "$ROOT/docs/vscode-lianyungang.png" "$work/shot.png"
