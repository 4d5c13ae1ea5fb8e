#!/usr/bin/env bash
# ctest: the official MCP TypeScript SDK client (tests/mcp/package.json, pinned by its lock file) drives
# `agoras mcp` against agoras-sandbox. The client is installed once into the build tree from the npm
# registry; without Node.js the test is skipped (exit 77).
#   run.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$1
source "$here/../support/npm_client.sh"
client=$build/tests/mcp-client
npm_client "$here" "$client"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
AGORAS=$build/bin/agoras SANDBOX=$build/bin/agoras-sandbox WORK=$work timeout 120 node "$client/sdk_client.mjs"
