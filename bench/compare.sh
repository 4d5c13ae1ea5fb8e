#!/usr/bin/env bash
# Measures start-up (--version, --help, plugins list) and a Threads post of this build next to another
# revision's build, in one hyperfine run each, so that both see the same machine load: bench/compare.sh [REVISION]
# (default: the parent commit). Writes bench/results/compare.md. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
root=$PWD
revision=${1:-HEAD~1}
bench_build

bench_workdir
bench_extra_cleanup() { git worktree remove --force "$work/src" 2>/dev/null || true; }

# The other revision, built the same way. ccache sees paths relative to its worktree (and not the directory
# of its debug information), so a second comparison with the same revision compiles nothing again.
git worktree add --detach "$work/src" "$revision" >/dev/null 2>&1
(cd "$work/src" && export CCACHE_BASEDIR="$work/src" CCACHE_NOHASHDIR=1 &&
  cmake --preset dev -DAGORAS_BUILD_TESTS=OFF >/dev/null && cmake --build --preset dev >/dev/null)

# One sandbox and one authorized vault per build, so each posts as it would in CI; and a home of its own, since
# the plugin declaration cache belongs to one executable.
setup() {  # setup <name> <build dir>
  local name=$1 build=$2
  mkdir -p "$work/$name/home"
  start_sandbox "$build/bin/agoras-sandbox" "$work/$name"
  local url=$sandbox_url
  echo "HOME=$work/$name/home AGORAS_STORAGE_DIR=$work/$name/store AGORAS_THREADS_GRAPH_URL=$url" \
    "AGORAS_THREADS_AUTHORIZE_URL=$url/oauth/authorize AGORAS_OAUTH_PORT=$((20000 + RANDOM % 12000))" >"$work/$name/env"
  # shellcheck disable=SC2046  # the words of the env file are the assignments
  env -u AGORAS_PLUGIN_PATH -u XDG_DATA_HOME $(cat "$work/$name/env") BROWSER="curl -sk -L -o /dev/null" \
    "$build/bin/agoras" threads authorize --app-id 1234567890 --app-secret sandbox-app-secret >/dev/null 2>&1
}
setup this "$root/build"
setup other "$work/src/build"
run() {  # run <name> <build dir> <args...>: a command line for hyperfine, which runs it without a shell
  local name=$1 build=$2
  shift 2
  echo "env -u AGORAS_PLUGIN_PATH -u XDG_DATA_HOME $(cat "$work/$name/env") $build/bin/agoras $*"
}
out=$root/bench/results/compare.md
mkdir -p "$(dirname "$out")"
{
  echo "# This build against $revision ($(git rev-parse --short "$revision")), $(date -u +%Y-%m-%d)"
  echo
  for args in "--version" "--help" "plugins list" "threads post --text benchmark"; do
    echo "## agoras $args"
    echo
    hyperfine -N --style none --warmup 10 --runs 100 --export-markdown "$work/table.md" \
      -n "this build" "$(run this "$root/build" "$args")" -n "$revision" "$(run other "$work/src/build" "$args")" >/dev/null
    cat "$work/table.md"
    echo
  done
} >"$out"
cat "$out"
