#!/usr/bin/env bash
# `agoras post --to` three targets against a slow network (300 ms per request) next to one
# single-target post, in one hyperfine run: publishing at once should cost about the slowest target,
# not the sum. The targets: Threads in agoras-sandbox (three requests a post: 0.9 s) and the two test
# fixture platforms, each made to take as long. Writes bench/results/post_fanout.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
root=$PWD
bench_build
bench_workdir
agoras=$root/build/bin/agoras
export HOME=$work/home AGORAS_STORAGE_DIR=$work/store AGORAS_PLUGIN_PATH=$root/build/tests/fixtures/two-plugins
mkdir -p "$HOME"
start_sandbox "$root/build/bin/agoras-sandbox" "$work"
url=$sandbox_url
export AGORAS_THREADS_GRAPH_URL=$url AGORAS_THREADS_AUTHORIZE_URL=$url/oauth/authorize
export AGORAS_OAUTH_PORT=$((20000 + RANDOM % 12000)) BROWSER="curl -sk -L -o /dev/null"
"$agoras" threads authorize --app-id 1234567890 --app-secret sandbox-app-secret >/dev/null 2>&1
curl -sf -X POST --data 'latency_ms=300' "$url/_sandbox/faults" >/dev/null
export FIXTURE_PUBLISH_DELAY_MS=900  # about what the Threads post takes (three requests)
hyperfine --style basic --warmup 1 --runs 10 --export-markdown "$work/table.md" \
  -n "threads post (one target)" "$agoras threads post --text benchmark" \
  -n "post --to threads,fixture,second" "$agoras post --to threads,fixture,second --text benchmark" >/dev/null
mkdir -p "$root/bench/results"
{ echo "# post --to three targets, 300 ms per request, $(date -u +%Y-%m-%d)"; echo; cat "$work/table.md"; } \
  >"$root/bench/results/post_fanout.md"
cat "$root/bench/results/post_fanout.md"
