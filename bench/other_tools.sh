#!/usr/bin/env bash
# One Mastodon status on agoras-sandbox, posted by agoras (credentials from the environment), toot (Debian's
# client, logged in as a person does), crosspost (npm, the package the tests pin) and a curl process making the
# same request: time in one hyperfine run, and peak memory. The Python original is not measured here (PyPI is
# out of reach); its figures in the README are those of issue 30. Writes bench/results/other_tools.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
root=$PWD
bench_build
bench_workdir
start_sandbox "$root/build/bin/agoras-sandbox" "$work"
url=$sandbox_url
port=${url##*:}
curl -sf -X POST --data personal_token=true "$url/_sandbox/mastodon/faults" >/dev/null
export HOME=$work/home XDG_CONFIG_HOME=$work/config AGORAS_STORAGE_DIR=$work/store
export MASTODON_INSTANCE=$url/mastodon MASTODON_ACCESS_TOKEN=sandbox-mastodon-personal-token-0123456789
export SANDBOX_PORT=$port
mkdir -p "$HOME"

commands=(-n agoras "$root/build/bin/agoras mastodon post --text benchmark")
commands+=(-n curl "curl -s -o /dev/null -X POST -H 'Authorization: Bearer $MASTODON_ACCESS_TOKEN' -d status=benchmark $url/mastodon/api/v1/statuses")
if command -v toot >/dev/null; then
  curl -sf -X POST "$url/_sandbox/mastodon/faults?next_code=toot-code-0123456789" >/dev/null
  printf '#!/bin/sh\ncurl -sf -o /dev/null "$1"\n' >"$work/browser" && chmod +x "$work/browser"
  printf 'y\ntoot-code-0123456789\n' | BROWSER=$work/browser toot login -i "localhost:$port" --disable-https >/dev/null 2>&1
  commands+=(-n toot "toot post benchmark")
fi
if command -v node >/dev/null; then
  (. tests/support/npm_client.sh && npm_client tests/clients build/tests/sandbox-clients) >/dev/null
  cp bench/crosspost_mastodon.mjs build/tests/sandbox-clients/
  commands+=(-n crosspost "node $root/build/tests/sandbox-clients/crosspost_mastodon.mjs")
fi
"$root/build/bin/agoras" mastodon post --text warm-up >/dev/null  # the instance's limits, kept a day
out=$root/bench/results/other_tools.md
{
  echo "# One Mastodon status, agoras next to other tools, $(date -u +%Y-%m-%d)"
  echo
  hyperfine -N --style basic --warmup 3 --runs 30 --export-markdown "$work/table.md" "${commands[@]}" >/dev/null 2>&1
  cat "$work/table.md"
  echo
  echo "| tool | peak RSS (KiB) |"
  echo "|---|---:|"
  for ((i = 0; i < ${#commands[@]}; i += 3)); do
    # shellcheck disable=SC2086  # each command line is words
    echo "| ${commands[i + 1]} | $(eval /usr/bin/time -f %M ${commands[i + 2]} 2>&1 >/dev/null | tail -1) |"
  done
} >"$out"
cat "$out"
