#!/usr/bin/env bash
# `agoras --help` and `plugins list` with the first-party plugins plus 0, 100, 1,000 and 10,000 extra valid
# plugins (bench/plugin: one build copied under many names, each its own id and platform), with the
# declaration cache warm (what every run but the first after an install sees) and cold (no cache file):
# wall time (hyperfine) and peak RSS. Writes bench/results/plugin_scale.md. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
root=$PWD
bench_build
cmake --build --preset dev --target bench_plugin >/dev/null
agoras=$root/build/bin/agoras
bench_workdir
chmod 700 "$work"
export HOME=$work/home XDG_CACHE_HOME=$work/cache
unset XDG_DATA_HOME

counts=(0 100 1000 10000)
for n in "${counts[@]}"; do
  mkdir -p "$work/plugins-$n"
  for ((i = 1; i <= n; i++)); do cp "$root/build/bench/bench_plugin.so" "$work/plugins-$n/bench_$(printf %05d "$i").so"; done
done
peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; }

out=$root/bench/results/plugin_scale.md
{
  echo "# --help and plugins list against the number of installed plugins, $(date -u +%Y-%m-%d) ($(git rev-parse --short HEAD))"
  echo
  echo "The $(ls "$root/build/lib/agoras/plugins" | wc -l) first-party plugins are always installed; the extra ones are"
  echo "\`bench/plugin\` copies in \`\$AGORAS_PLUGIN_PATH\`. Warm: the declaration cache knows every file. Cold: no cache"
  echo "(every plugin is opened, and the cache is written)."
  echo
  echo "| extra plugins | --help warm ms | plugins list warm ms | --help cold ms | peak RSS warm MiB | peak RSS cold MiB |"
  echo "|---:|---:|---:|---:|---:|---:|"
  for n in "${counts[@]}"; do
    export AGORAS_PLUGIN_PATH=$work/plugins-$n
    runs=$((n >= 10000 ? 5 : 20))
    rm -rf "$XDG_CACHE_HOME"
    "$agoras" --help >/dev/null  # writes the cache
    hyperfine -N --style none --warmup 2 --runs "$runs" --export-json "$work/warm.json" "$agoras --help" \
      "$agoras plugins list" >/dev/null 2>&1
    warm_rss=$(peak "$agoras" --help)
    # Cold at 10,000 plugins takes most of a minute a run (dlopen's cost grows with the libraries already open).
    hyperfine --style none --warmup "$((n >= 10000 ? 0 : 1))" --runs "$((n >= 10000 ? 1 : runs))" \
      --prepare "rm -rf $XDG_CACHE_HOME" --export-json "$work/cold.json" \
      "$agoras --help" >/dev/null 2>&1
    rm -rf "$XDG_CACHE_HOME"
    cold_rss=$(peak "$agoras" --help)
    python3 - "$n" "$work/warm.json" "$work/cold.json" "$warm_rss" "$cold_rss" <<'PY'
import json, sys
n, warm, cold, warm_rss, cold_rss = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3])), sys.argv[4], sys.argv[5]
ms = lambda r: f"{r['median'] * 1000:.1f}"
print(f"| {int(n):,} | {ms(warm['results'][0])} | {ms(warm['results'][1])} | {ms(cold['results'][0])} | "
      f"{int(warm_rss) / 1024:.1f} | {int(cold_rss) / 1024:.1f} |")
PY
  done
} >"$out"
cat "$out"
