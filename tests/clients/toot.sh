#!/usr/bin/env bash
# ctest: toot (Debian's Mastodon client, a program nobody here wrote) logs in to agoras-sandbox's Mastodon
# instance the way a person does (app registration, the authorize page at /oauth/authorize/ without PKCE, the code
# pasted back), then posts a status and a picture with a description. Skipped (exit 77) without toot.
#   toot.sh BUILD_DIR
set -euo pipefail
build=$1
command -v toot >/dev/null || { echo "toot is not installed (scripts/setup.sh installs it); skipped" >&2; exit 77; }
work=$(mktemp -d)
sandbox_pid=
trap '[ -n "$sandbox_pid" ] && kill "$sandbox_pid"; rm -rf "$work"' EXIT
"$build/bin/agoras-sandbox" > "$work/banner" 2>/dev/null &
sandbox_pid=$!
for _ in $(seq 50); do [ -s "$work/banner" ] && break; sleep 0.1; done
url=$(head -1 "$work/banner" | python3 -c 'import json, sys; print(json.load(sys.stdin)["url"])')
port=${url##*:}
fail() { echo "not ok - $*" >&2; exit 1; }

# The "browser" toot opens: it loads the authorize page, which the sandbox approves at once with the code set here.
curl -sf -X POST "$url/_sandbox/mastodon/faults?next_code=toot-code-0123456789" >/dev/null
printf '#!/bin/sh\ncurl -sf -o /dev/null "$1"\n' > "$work/browser" && chmod +x "$work/browser"
export HOME=$work XDG_CONFIG_HOME=$work/config BROWSER=$work/browser
printf 'y\ntoot-code-0123456789\n' | timeout 60 toot login -i "localhost:$port" --disable-https > "$work/login" 2>&1 ||
  { cat "$work/login" >&2; fail "toot login"; }
echo "ok - toot login (app, authorize page, pasted code)" >&2

[[ $(timeout 30 toot whoami) == *"@alice"* ]] || fail "toot whoami"
timeout 30 toot post "hello from toot" | grep -q "Toot posted" || fail "toot post"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\10\2\0\0\0\x90wS\xde\0\0\0\x0cIDAT\x08\xd7c\xf8\xcf\xc0\0\0\3\1\1\0\x18\xdd\x8d\xb4\0\0\0\0IEND\xaeB`\x82' > "$work/dot.png"
timeout 30 toot post "a picture" --media "$work/dot.png" --description "a dot" | grep -q "Toot posted" || fail "toot post --media"
state=$(curl -sf "$url/_sandbox/mastodon/state")
python3 - "$state" <<'PY' || fail "the statuses toot posted"
import json, sys
statuses = json.loads(sys.argv[1])["statuses"]
assert [s["text"] for s in statuses] == ["hello from toot", "a picture"], statuses
assert statuses[1]["media"] == [{"type": "image", "description": "a dot", "size": 69}], statuses[1]
PY
echo "ok - toot whoami, post, post --media --description" >&2
