#!/usr/bin/env bash
# Runs every agoras benchmark in one go, side by side, and writes bench/results/latest.{json,md}.
# Not part of the test suite: numbers depend on the machine. See bench/README.md for the method.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
root=$PWD
bench_build

bench_workdir
agoras=$root/build/bin/agoras
export HOME=$work/home AGORAS_STORAGE_DIR=$work/store
unset AGORAS_PLUGIN_PATH XDG_DATA_HOME
mkdir -p "$HOME"

# The sandbox, and an authorized account in a throw-away vault.
start_sandbox "$root/build/bin/agoras-sandbox" "$work"
url=$sandbox_url
export AGORAS_THREADS_GRAPH_URL=$url AGORAS_THREADS_AUTHORIZE_URL=$url/oauth/authorize
export AGORAS_OAUTH_PORT=$((20000 + RANDOM % 12000)) BROWSER="curl -sk -L -o /dev/null"
"$agoras" threads authorize --app-id 1234567890 --app-secret sandbox-app-secret >/dev/null 2>&1
show() { "$agoras" utils tokens show --platform threads --identifier default --field "$1"; }
# Unattended, as in CI: the four variables, no vault access on the hot path.
export THREADS_APP_ID=1234567890 THREADS_APP_SECRET=sandbox-app-secret
export THREADS_REFRESH_TOKEN=$(show refresh_token) THREADS_USER_ID=$(show user_id)
post_id=$("$agoras" threads post --text "to share" | sed 's/.*"id":"\([0-9]*\)".*/\1/')

# Plugin-scale directories: 1, 10 and 100 valid extra plugins.
for n in 1 10 100; do
  mkdir -p "$work/plugins-$n"
  for i in $(seq -f '%03g' 1 "$n"); do cp "$root/build/bench/bench_plugin.so" "$work/plugins-$n/bench_$i.so"; done
done
fixture_path=$root/build/tests/fixtures/good-plugin

runs=30
results=$work/results
mkdir -p "$results"
bench() {  # bench <name> <hyperfine args...>
  local name=$1
  shift
  echo "== $name" >&2
  hyperfine --style basic --warmup 3 --runs "$runs" --export-json "$results/$name.json" "$@" >/dev/null
}
rss() {  # rss <name> <command...>: peak resident set size in KiB, the largest of 5 runs
  local name=$1 peak=0 kb
  shift
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f '%M' -o "$work/rss.tmp" "$@" >/dev/null 2>&1
    kb=$(tail -1 "$work/rss.tmp")
    [ "$kb" -gt "$peak" ] && peak=$kb
  done
  echo "$peak" >"$results/$name.rss"
}

bench version -N "$agoras --version";                      rss version "$agoras" --version
bench help -N "$agoras --help";                            rss help "$agoras" --help
bench threads_help -N "$agoras threads --help";            rss threads_help "$agoras" threads --help
bench post -N "$agoras threads post --text benchmark";     rss post "$agoras" threads post --text benchmark
bench floor_post "bash $root/bench/floor_post.sh benchmark"; rss floor_post bash "$root/bench/floor_post.sh" benchmark
bench share -N "$agoras threads share --post-id $post_id"; rss share "$agoras" threads share --post-id "$post_id"
bench video -N "$agoras threads video --video-url https://example.com/v.mp4"
rss video "$agoras" threads video --video-url https://example.com/v.mp4
bench delete --prepare "$agoras threads post --text to-delete | sed 's/.*\"id\":\"\\([0-9]*\\)\".*/\\1/' > $work/id" \
  "$agoras threads delete --post-id \$(cat $work/id)"
for n in 1 10 100; do
  bench "post_plugins_$n" -N "env AGORAS_PLUGIN_PATH=$work/plugins-$n $agoras threads post --text benchmark"
  rss "post_plugins_$n" env AGORAS_PLUGIN_PATH="$work/plugins-$n" "$agoras" threads post --text benchmark
done
bench plugins_list_100 -N "env AGORAS_PLUGIN_PATH=$work/plugins-100 $agoras plugins list"
rss plugins_list_100 env AGORAS_PLUGIN_PATH="$work/plugins-100" "$agoras" plugins list

# Vault: one write and one read per process (the cost a CLI user sees), and 8 processes refreshing one record.
bench vault_write -N "env AGORAS_PLUGIN_PATH=$fixture_path $agoras fixture vault-put --identifier bench --field refresh_token --value v"
bench vault_read -N "env AGORAS_PLUGIN_PATH=$fixture_path $agoras fixture vault-get --identifier bench"
rss vault_write env AGORAS_PLUGIN_PATH="$fixture_path" "$agoras" fixture vault-put --identifier bench --field refresh_token --value v
rss vault_read env AGORAS_PLUGIN_PATH="$fixture_path" "$agoras" fixture vault-get --identifier bench
cat >"$work/parallel_refresh.sh" <<SCRIPT
for _ in 1 2 3 4 5 6 7 8; do
  AGORAS_PLUGIN_PATH=$fixture_path $agoras fixture vault-increment --identifier counter >/dev/null &
done
wait
SCRIPT
runs=10 bench vault_8_parallel_refreshes -N "bash $work/parallel_refresh.sh"
counter=$(AGORAS_PLUGIN_PATH=$fixture_path "$agoras" fixture vault-get --identifier counter)
expected=$(( 8 * (10 + 3) ))  # 8 increments per run, runs plus warmups
echo "$counter" | grep -q "\"count\":$expected" || { echo "lost updates: $counter (expected $expected)" >&2; exit 1; }

mkdir -p "$root/bench/results"
python3 "$root/bench/report.py" "$results" "$root/bench/results/latest.json" >"$root/bench/results/latest.md"
cat "$root/bench/results/latest.md"
