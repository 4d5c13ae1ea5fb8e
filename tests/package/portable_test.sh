#!/usr/bin/env bash
# The portable tarball (scripts/portable.sh) run for real in a clean Debian root made with debootstrap (minbase:
# none of the build's libraries, no curl, no libxml2, no SQLite): --version, every plugin loaded, and a post to
# the tarball's own sandbox on loopback. The root is made once and kept in ~/.cache/agoras-tests (about 2 minutes,
# 200 MB). Skipped (exit 77), saying why, without root, debootstrap or Debian's archive.
#   portable_test.sh BUILD_DIR "PLUGINS"
set -euo pipefail
trap 'echo "FAIL: line $LINENO: $BASH_COMMAND exited with $?" >&2' ERR  # a set -e exit says where
here=$(cd "$(dirname "$0")" && pwd)
build=$1
plugins=$2
skip() { echo "$*; skipped" >&2; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || skip "chroot needs root"
command -v debootstrap >/dev/null || skip "debootstrap is not installed (scripts/setup.sh installs it)"
command -v unshare >/dev/null || skip "unshare is not installed"

cache=${AGORAS_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/agoras-tests}
root=$cache/debootstrap-bookworm-minbase
if [ ! -e "$root/.ready" ]; then
  rm -rf "$root" && mkdir -p "$cache"
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$cache/debootstrap.log" 2>&1 ||
    { tail -5 "$cache/debootstrap.log" >&2; rm -rf "$root"; skip "debootstrap could not make a Debian root"; }
  touch "$root/.ready"
fi
# A clean root, really: none of what agoras links against.
for library in libcurl.so.4 libxml2.so.2 libsqlite3.so.0 libpq.so.5 libutf8proc.so.2 libjq.so.1; do
  if find "$root/usr/lib" "$root/lib" -name "$library" 2>/dev/null | grep -q .; then fail "the root already has $library"; fi
done

work=$(mktemp -d)
trap 'rm -rf "$work" "$root/opt/agoras-test"' EXIT
# Traced, so that a failure shows the command it stopped at.
tarball=$(bash -x "$here/../../scripts/portable.sh" "$build" "$work" 2>"$work/portable.log") ||
  { status=$?; tail -40 "$work/portable.log" >&2; fail "scripts/portable.sh exited with $status"; }

# The installer action.yml runs: from a URL, with the SHA-256 checked (a wrong one is refused).
sum=$(sha256sum "$tarball" | cut -d' ' -f1)
bin=$(bash "$here/../../scripts/install-portable.sh" "file://$tarball" "$work/installed" "$sum" 2>"$work/install.log") ||
  { cat "$work/install.log" >&2; fail "scripts/install-portable.sh failed"; }
[ "$bin" = "$work/installed/bin" ] && "$bin/agoras" --version | grep -q '^agoras ' || fail "install-portable.sh did not install it"
if bash "$here/../../scripts/install-portable.sh" "file://$tarball" "$work/refused" "0$sum" 2>/dev/null; then
  fail "install-portable.sh took a tarball whose SHA-256 differs"
fi
[ ! -e "$work/refused/bin" ] || fail "install-portable.sh unpacked a tarball whose SHA-256 differs"
rm -rf "$root/opt/agoras-test" && mkdir -p "$root/opt/agoras-test"
tar -C "$root/opt/agoras-test" -xzf "$tarball"
top=$(ls "$root/opt/agoras-test")
inside=/opt/agoras-test/$top

# In a mount namespace of its own, so that /proc (which agoras reads to find itself) is gone when it ends.
cat > "$work/inside.sh" <<'SCRIPT'
set -eu
export HOME=/tmp/portable-home AGORAS_STORAGE_DIR=/tmp/portable-home/store
mkdir -p "$HOME"
agoras=$AGORAS_TREE/bin/agoras
"$agoras" --version
"$agoras" plugins list > /tmp/portable-plugins.json
"$agoras" --jq .id plugins list > /tmp/portable-jq.txt
"$AGORAS_TREE/libexec/agoras/agoras-sandbox" > /tmp/portable-sandbox.json 2>/dev/null &
sandbox=$!
for _ in $(seq 100); do [ -s /tmp/portable-sandbox.json ] && break; sleep 0.05; done
url=$(sed -n '1s/.*"url":"\([^"]*\)".*/\1/p' /tmp/portable-sandbox.json)
AGORAS_TELEGRAM_API_URL=$url TELEGRAM_BOT_TOKEN=123456789:SANDBOX-telegram-bot-token TELEGRAM_CHAT_ID=4242 \
  "$agoras" telegram post --text "posted from the portable build" > /tmp/portable-post.json
kill "$sandbox"
SCRIPT
cp "$work/inside.sh" "$root/tmp/portable-inside.sh"
unshare --mount --propagation private sh -c \
  "mount -t proc proc '$root/proc' && AGORAS_TREE='$inside' chroot '$root' /bin/sh /tmp/portable-inside.sh" > "$work/out" 2>&1 ||
  { cat "$work/out" >&2; fail "the portable build did not run in the clean root"; }
grep -q "^agoras " "$work/out" || fail "no version: $(cat "$work/out")"
for plugin in $plugins; do
  grep -q "\"id\":\"$plugin\"" "$root/tmp/portable-plugins.json" || fail "plugin $plugin is not listed"
done
if grep -v '"status":"loaded"' "$root/tmp/portable-plugins.json" | grep -q .; then
  fail "a plugin did not load: $(grep -v '"status":"loaded"' "$root/tmp/portable-plugins.json")"
fi
grep -qx bluesky "$root/tmp/portable-jq.txt" || fail "--jq did not work: $(cat "$root/tmp/portable-jq.txt")"
grep -q '"id":"' "$root/tmp/portable-post.json" || fail "no post: $(cat "$root/tmp/portable-post.json" "$work/out")"
rm -rf "$root/tmp/portable-"*
echo "ok - $(basename "$tarball") ($(du -h "$tarball" | cut -f1)) runs in a clean Debian root" >&2
