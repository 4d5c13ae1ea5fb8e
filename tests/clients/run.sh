#!/usr/bin/env bash
# ctest: clients nobody here wrote (tests/clients/package.json, pinned by its lock file: @atproto/api, masto,
# megalodon, grammY, @discordjs/rest, crosspost) drive agoras-sandbox. Installed once into the build tree from the
# npm registry; without Node.js the test is skipped (exit 77).
#   run.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$1
source "$here/../support/npm_client.sh"
clients=$build/tests/sandbox-clients
npm_client "$here" "$clients"
SANDBOX=$build/bin/agoras-sandbox timeout 120 node "$clients/sandbox_clients.mjs"
