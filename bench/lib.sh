# Sourced by the benchmarks, from the repository's root: the build they measure, hyperfine, a work directory and
# a sandbox.

# bench_need COMMAND [PACKAGE]: installs the Debian package (named as the command unless given) when the command
# is missing.
bench_need() {
  command -v "$1" >/dev/null && return
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y -q "${2:-$1}" >/dev/null
}

# The build tree, up to date, and hyperfine to measure it with.
bench_build() {
  bash scripts/build.sh >/dev/null
  bench_need hyperfine
}

# bench_workdir [mktemp options]: a fresh directory in $work, removed when the script ends, after every process in
# bench_pids (sandboxes, servers) is stopped and bench_extra_cleanup, when the script defines one, has run.
bench_pids=()
bench_workdir() {
  work=$(mktemp -d "$@")
  trap bench_cleanup EXIT
}
bench_cleanup() {
  for pid in "${bench_pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  if declare -F bench_extra_cleanup >/dev/null; then bench_extra_cleanup; fi
  rm -rf "$work"
}

# start_sandbox <agoras-sandbox> <directory>: runs it in the background until the script ends; sets sandbox_pid and
# sandbox_url (its sandbox.json stays in the directory).
start_sandbox() {
  "$1" >"$2/sandbox.json" 2>/dev/null &
  sandbox_pid=$!
  bench_pids+=("$sandbox_pid")
  for _ in $(seq 100); do [ -s "$2/sandbox.json" ] && break; sleep 0.05; done
  sandbox_url=$(sed 's/.*"url":"\([^"]*\)".*/\1/' "$2/sandbox.json")
}
