#!/usr/bin/env bash
# Sets up, builds, and shows agoras at work without touching the real ~/.agoras: a temporary vault,
# the test suite's fixture plugin, the tokens commands. Leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >/dev/null

demo_dir=$(mktemp -d)
trap 'rm -rf "$demo_dir"' EXIT
export AGORAS_STORAGE_DIR="$demo_dir/store"
export AGORAS_PLUGIN_PATH="$PWD/build/tests/fixtures/good-plugin"
agoras=build/bin/agoras

step() { printf '\n\033[1m$ agoras %s\033[0m\n' "$*"; "$agoras" "$@"; }

step --version
step --help
step plugins list
step fixture echo --text "hello from agoras" --count 3
step fixture vault-put --identifier default --field refresh_token --value THAA-demo-token-1234567890
step utils tokens list
step utils tokens show --platform fixture --identifier default
echo
echo "demo finished; the temporary vault in $demo_dir is removed"
