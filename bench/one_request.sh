#!/usr/bin/env bash
# A one-request Mastodon post (credentials from the environment, as in CI) next to a curl process making the same
# request, against the sandbox, in one hyperfine run. Writes bench/results/one_request.md. Not part of the test
# suite; docs/transport.md says what it showed.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
root=$PWD
bench_build
bench_workdir
start_sandbox "$root/build/bin/agoras-sandbox" "$work"
url=$sandbox_url
curl -sf -X POST --data personal_token=true "$url/_sandbox/mastodon/faults" >/dev/null
export HOME=$work/home AGORAS_STORAGE_DIR=$work/store MASTODON_INSTANCE=$url/mastodon
export MASTODON_ACCESS_TOKEN=sandbox-mastodon-personal-token-0123456789
mkdir -p "$HOME"
"$root/build/bin/agoras" mastodon post --text warm-up >/dev/null  # reads and keeps the instance's limits
out=$root/bench/results/one_request.md
{
  echo "# One-request Mastodon post against curl, $(date -u +%Y-%m-%d)"
  echo
  hyperfine -N --style basic --warmup 5 --runs 60 --export-markdown "$work/table.md" \
    -n agoras "$root/build/bin/agoras mastodon post --text benchmark" \
    -n curl "curl -s -o /dev/null -X POST -H 'Authorization: Bearer $MASTODON_ACCESS_TOKEN' -d status=benchmark $url/mastodon/api/v1/statuses" \
    >/dev/null 2>&1
  cat "$work/table.md"
  echo
  echo "Peak RSS (KiB): agoras $( /usr/bin/time -f %M "$root/build/bin/agoras" mastodon post --text rss 2>&1 >/dev/null | tail -1 )," \
    "curl $( /usr/bin/time -f %M curl -s -o /dev/null -X POST -H "Authorization: Bearer $MASTODON_ACCESS_TOKEN" -d status=rss "$url/mastodon/api/v1/statuses" 2>&1 | tail -1 )"
} >"$out"
cat "$out"
