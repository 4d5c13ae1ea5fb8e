#!/usr/bin/env bash
# Peak memory of a TikTok video post (FILE_UPLOAD in chunks, agoras-sandbox's TikTok module) by path and by URL,
# at 50 MB and 1 GB (SIZES="bytes ..." for others): memory must not grow with the video. A URL is served by a
# plain loopback HTTP server and downloaded into a private temporary file as it arrives. Writes
# bench/results/big_video.md. Not part of the test suite (the tests hold 50 MB and 160 MiB).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
root=$PWD
bench_build
bench_workdir
start_sandbox "$root/build/bin/agoras-sandbox" "$work"
eval "$(python3 -c 'import json,shlex,sys; [print("export %s=%s" % (k, shlex.quote(v))) for k, v in json.load(open(sys.argv[1]))["environment"].items()]' "$work/sandbox.json")"
export HOME=$work/home AGORAS_STORAGE_DIR=$work/store TMPDIR=$work/tmp AGORAS_SLEEP_SCALE=0.001
export AGORAS_OAUTH_PORT=$((20000 + RANDOM % 12000)) BROWSER="curl -sk -L -o /dev/null"
mkdir -p "$HOME" "$TMPDIR" "$work/videos"
"$root/build/bin/agoras" tiktok authorize --client-key sandboxtiktokkey --client-secret sandbox-tiktok-secret >/dev/null 2>&1
port=$((20000 + RANDOM % 12000))
python3 -m http.server --bind 127.0.0.1 --directory "$work/videos" "$port" >/dev/null 2>&1 &
bench_pids+=("$!")
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.05; done

rss() {  # rss <video>: peak KiB and seconds of one post, which must succeed
  local measured
  measured=$(/usr/bin/time -f "%x %M %e" "$root/build/bin/agoras" tiktok video --video-url "$1" --title bench 2>&1 >/dev/null | tail -1)
  [ "${measured%% *}" = 0 ] || { echo "big_video.sh: the post of $1 failed: $measured" >&2; exit 1; }
  echo "${measured#* }"
}
out=$root/bench/results/big_video.md
{
  echo "# A TikTok video post, peak memory by size, $(date -u +%Y-%m-%d)"
  echo
  echo "| video | by path: peak RSS, wall | by URL: peak RSS, wall |"
  echo "|---|---:|---:|"
  for size in ${SIZES:-50000000 1000000000}; do
    file=$work/videos/v$size.mp4
    python3 -c 'import sys; f = open(sys.argv[1], "wb"); f.write(b"\0\0\0\x18ftypmp42"); f.truncate(int(sys.argv[2]))' "$file" "$size"
    read -r path_kib path_s < <(rss "$file")
    read -r url_kib url_s < <(rss "http://127.0.0.1:$port/v$size.mp4")
    echo "| $size bytes | $((path_kib / 1024)) MiB, $path_s s | $((url_kib / 1024)) MiB, $url_s s |"
    rm -f "$file"
  done
} >"$out"
cat "$out"
