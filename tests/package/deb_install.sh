#!/usr/bin/env bash
# Builds the Debian packages with cpack, unpacks agoras and agoras-sandbox into a scratch root (no
# dpkg database touched), and runs them from there: --version, the man page, and a Bluesky post
# against the packaged sandbox. $2: the first-party plugins, space-separated (plugins/CMakeLists.txt).
set -euo pipefail
build_dir=$1
plugins=$2
work=$(mktemp -d)
sandbox_pid=
cleanup() { [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$build_dir" && cpack -G DEB -B "$work/debs" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log" >&2; fail "cpack failed"; }
for package in agoras agoras-sandbox agoras-plugin-sdk; do
  ls "$work/debs/${package}_"*.deb >/dev/null 2>&1 || fail "no $package package"
done
# Captured first: `dpkg-deb … | grep -q` would race grep's early exit against dpkg-deb (SIGPIPE, pipefail).
control=$(dpkg-deb -I "$work/debs"/agoras_*.deb)
grep -q 'Depends:.*libssl3' <<<"$control" || fail "agoras's dependencies were not computed"
! grep -q 'Depends:.*libcurl' <<<"$control" || fail "agoras depends on libcurl, which its own transport replaced"
root=$work/root
dpkg-deb -x "$work/debs"/agoras_*.deb "$root"
dpkg-deb -x "$work/debs"/agoras-sandbox_*.deb "$root"

export HOME=$work/home AGORAS_STORAGE_DIR=$work/store XDG_DATA_HOME=$work/data
unset AGORAS_PLUGIN_PATH BLUESKY_HANDLE BLUESKY_APP_PASSWORD BLUESKY_SERVICE
agoras=$root/usr/bin/agoras
version=$("$agoras" --version)
grep -q '^agoras ' <<<"$version" || fail "the packaged agoras does not run"
listing=$("$agoras" plugins list)
for plugin in $plugins; do
  grep -q "\"status\":\"loaded\",\"id\":\"$plugin\"" <<<"$listing" || fail "the packaged $plugin plugin is not loaded: $listing"
done
page=$(MANPAGER=cat man -l "$root/usr/share/man/man1/agoras.1")
grep -q 'EXIT STATUS' <<<"$page" || fail "the packaged man page does not render"

"$root/usr/libexec/agoras/agoras-sandbox" >"$work/sandbox.json" 2>/dev/null &
sandbox_pid=$!
for _ in $(seq 400); do [ -s "$work/sandbox.json" ] && break; sleep 0.05; done
[ -s "$work/sandbox.json" ] || fail "the packaged sandbox did not start"
url=$(sed 's/.*"url":"\([^"]*\)".*/\1/' "$work/sandbox.json")
"$agoras" bluesky authorize --service "$url" --handle alice.sandbox.test --app-password abcd-efgh-ijkl-mnop >/dev/null \
  || fail "authorize with the packaged agoras failed"
out=$("$agoras" bluesky post --text "from the .deb")
grep -q '"id":"at://did:plc:sandboxalice' <<<"$out" || fail "unexpected post result: $out"
echo "deb install: OK"
