#!/usr/bin/env bash
# ctest: clients nobody here wrote (tests/clients/package.json, pinned by its lock file: @atproto/api, masto,
# megalodon, grammY, @discordjs/rest, crosspost) drive agoras-sandbox. Installed once into the build tree from the
# npm registry; without Node.js the test is skipped (exit 77).
#   run.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$1
command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are needed; skipped" >&2; exit 77; }
clients=$build/tests/sandbox-clients
if ! cmp -s "$here/package-lock.json" "$clients/package-lock.json" 2>/dev/null || [ ! -d "$clients/node_modules" ]; then
  mkdir -p "$clients"
  cp "$here/package.json" "$here/package-lock.json" "$clients/"
  (cd "$clients" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
cp "$here/sandbox_clients.mjs" "$clients/"
SANDBOX=$build/bin/agoras-sandbox timeout 120 node "$clients/sandbox_clients.mjs"
