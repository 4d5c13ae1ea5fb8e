# Sourced by the benchmarks, from the repository's root: the build they measure, hyperfine, and a sandbox.

# The build tree, up to date, and hyperfine to measure it with.
bench_build() {
  bash scripts/build.sh >/dev/null
  command -v hyperfine >/dev/null || { sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo; $sudo apt-get install -y -q hyperfine >/dev/null; }
}

# start_sandbox <agoras-sandbox> <directory>: runs it in the background until the script's cleanup kills it; sets
# sandbox_pid and sandbox_url (its sandbox.json stays in the directory).
start_sandbox() {
  "$1" >"$2/sandbox.json" 2>/dev/null &
  sandbox_pid=$!
  for _ in $(seq 100); do [ -s "$2/sandbox.json" ] && break; sleep 0.05; done
  sandbox_url=$(sed 's/.*"url":"\([^"]*\)".*/\1/' "$2/sandbox.json")
}
