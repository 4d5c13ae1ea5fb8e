#!/usr/bin/env bash
# The main job, end to end, on a fresh machine: install packages, build, start agoras-sandbox (a local
# stand-in for Threads and Bluesky), authorize against it headless, post text, a carousel and a video,
# share and delete, list the stored tokens, stop the sandbox. Uses a temporary vault: nothing is left
# running and the real ~/.agoras is never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "Setting up and building (first run: a few minutes)..." >&2
# Chromium, PostgreSQL's server, clang's fuzzing runtime and toot are for the test suite only; the demo builds the
# program, its plugins and the sandbox, not the tests. On a terminal the build shows its progress.
export AGORAS_SETUP_SKIP="chromium postgresql-15 libclang-rt-14-dev toot debootstrap"
bash scripts/setup.sh
cmake --preset dev >/dev/null
build=(cmake --build --preset dev --target agoras agoras_plugins agoras-sandbox)
if [ -t 2 ]; then "${build[@]}" >&2; else "${build[@]}" >/dev/null; fi

work=$(mktemp -d)
sandbox_pid=
cleanup() { [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export AGORAS_STORAGE_DIR=$work/store
unset AGORAS_PLUGIN_PATH THREADS_APP_ID THREADS_APP_SECRET THREADS_REFRESH_TOKEN THREADS_USER_ID \
  BLUESKY_HANDLE BLUESKY_APP_PASSWORD BLUESKY_SERVICE
PATH=$PWD/build/bin:$PATH

bold= plain=
[ -t 2 ] && bold=$'\033[1m' plain=$'\033[0m'
step() { printf '\n%s$ %s%s\n' "$bold" "$*" "$plain" >&2; "$@"; }
id_of() { sed 's/.*"id":"\([^"]*\)".*/\1/'; }

agoras-sandbox >"$work/sandbox.json" 2>/dev/null &
sandbox_pid=$!
for _ in $(seq 100); do [ -s "$work/sandbox.json" ] && break; sleep 0.05; done
url=$(sed 's/.*"url":"\([^"]*\)".*/\1/' "$work/sandbox.json")
echo "agoras-sandbox is listening on $url" >&2
export AGORAS_THREADS_GRAPH_URL=$url AGORAS_THREADS_AUTHORIZE_URL=$url/oauth/authorize
export AGORAS_OAUTH_PORT=$((20000 + RANDOM % 12000))
# Headless: a scripted "browser" follows the consent page to agoras's HTTPS callback.
export BROWSER="curl -sk -L -o /dev/null"

step agoras --version
step agoras threads authorize --app-id 1234567890 --app-secret sandbox-app-secret 2>/dev/null
step agoras threads whoami
# The result is shown on stderr and kept; writing to /dev/stderr would reopen (and truncate) a log file.
result=$(step agoras threads post --text "Hello from agoras" --link https://example.com)
echo "$result" >&2
post=$(id_of <<<"$result")
step agoras threads post --text "A carousel" --image https://example.com/1.jpg --image https://example.com/2.jpg \
  --image https://example.com/3.jpg
step agoras post --to threads --text "Through agoras post --to" --idempotency-key demo-1
step agoras bluesky authorize --service "$url" --handle alice.sandbox.test --app-password abcd-efgh-ijkl-mnop
step agoras bluesky post --text "Hello from agoras to @bob.sandbox.test #agoras"
step agoras post --to threads,bluesky --text "One command, two networks" --idempotency-key demo-2
step agoras threads video --video-url https://example.com/clip.mp4 --text "A video"
step agoras threads share --post-id "$post"
step agoras threads delete --post-id "$post"
step agoras threads quota
step agoras utils tokens list
step agoras utils tokens show --platform threads --identifier default
echo >&2
echo "Done. The sandbox is stopped and the temporary vault removed." >&2
