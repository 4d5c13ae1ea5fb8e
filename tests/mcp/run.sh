#!/usr/bin/env bash
# ctest: the official MCP TypeScript SDK client (tests/mcp/package.json, pinned by its lock file) drives
# `agoras mcp` against agoras-sandbox. The client is installed once into the build tree from the npm
# registry; without Node.js the test is skipped (exit 77).
#   run.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$1
command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are needed; skipped" >&2; exit 77; }
client=$build/tests/mcp-client
if ! cmp -s "$here/package-lock.json" "$client/package-lock.json" 2>/dev/null || [ ! -d "$client/node_modules" ]; then
  mkdir -p "$client"
  cp "$here/package.json" "$here/package-lock.json" "$client/"
  (cd "$client" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
cp "$here/sdk_client.mjs" "$client/"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
AGORAS=$build/bin/agoras SANDBOX=$build/bin/agoras-sandbox WORK=$work timeout 120 node "$client/sdk_client.mjs"
